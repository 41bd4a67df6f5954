//! Writers: the wire types of the JSON output and the JSON, JSON Lines writers.
//!
//! Writers read finished [`Analysis`](crate::Analysis) values; they never reach back into
//! matching.

pub mod json;

pub use json::{
    session_document, session_document_with_roles, OutputOptions, SessionDoc, SourceInfo,
    SCHEMA_VERSION,
};
