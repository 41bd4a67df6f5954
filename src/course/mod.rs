//! The course of therapy: a client's sessions over time.

pub mod change;
pub mod questions;
pub mod scorecard;
