//! The course of therapy: a client's sessions over time.

pub mod questions;
