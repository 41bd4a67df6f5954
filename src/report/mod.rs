//! Writers: the wire types of the JSON output and the JSON, JSON Lines writers.
//!
//! Writers read finished [`Analysis`](crate::Analysis) values; they never reach back into
//! matching.

pub mod json;

pub use json::{session_document, OutputOptions, SessionDoc, SourceInfo, SCHEMA_VERSION};
