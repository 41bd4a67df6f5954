//! Writers: the wire types of the JSON output, and the JSON, CSV and HTML writers.
//!
//! Writers read finished documents ([`SessionDoc`], built by [`session_document`] from an
//! [`Analysis`](crate::Analysis)); they never reach back into matching.
//!
//! - [`json`]: the wire types and the schema (JSON and JSON Lines are written from them);
//! - [`csv`]: a table with one row per turn ([`TurnTable`]) and one with one row per
//!   session and speaker ([`SummaryTable`]);
//! - [`html`]: the self-contained report page ([`html_report`], [`write_html_report`]);
//! - [`course_json`], [`course_csv`], [`course_html`]: a course of sessions (`turnscope
//!   course`): its document, its table (one row per session and speaker), its page.

pub mod course_csv;
pub mod course_html;
pub mod course_json;
pub mod csv;
pub mod html;
pub mod json;
mod json_line;

pub use self::csv::{SummaryTable, TurnTable};
pub use html::{report as html_report, write_report as write_html_report, HtmlOptions};
pub use json::{
    session_document, session_document_with_roles, OutputOptions, SessionDoc, SourceInfo,
    SCHEMA_VERSION,
};
