//! turnscope reads recorded conversations (therapy and counselling sessions, mediations,
//! support chats), splits them into speaker turns, and marks, with exact spans and the rule
//! behind each, the language of four communication patterns interpersonal therapy works on:
//! **blame**, **avoidance**, **validation** and **conflict escalation**.
//!
//! The data flows one way, each stage its own module:
//! text → [`transcript`] (turns) → [`text`] (normalised text with a map back to the original
//! bytes) → [`lexicon`] (one compiled matcher) → [`detect`] (findings judged by context
//! rules: negation, target, intensity, position in the turn) → [`sequence`] (escalation) →
//! [`report`] (the JSON wire types and writers). [`batch`] (an archive of files, in
//! parallel, with bounded memory) and [`stream`] (one session a line, for pipelines and
//! Spark) drive that pipeline at scale.
//!
//! Beside the text, [`cues`] finds non-verbal annotations (`[sighs]`, `(pause)`,
//! `[crosstalk]`) and masks them out of what the lexicons read, [`timing`] measures
//! pauses, overlaps and talk time where the transcript has times, and both feed the
//! sequence stage (interruptions in a hostile stretch, stonewalling silences).
//! [`speakers`] renames speakers and gives them roles for per-role figures.
//! [`course`] follows a client's sessions over time: each figure as a series, its change
//! from the first third of the course to the last with a bootstrap interval, and the
//! therapist's scorecard.
//!
//! # Example: analyse a transcript
//!
//! ```
//! use turnscope::{Engine, transcript::{parse, Format}};
//!
//! let text = "Ana: You never listen to me. It's your fault we're late!\n\
//!             Ben: That's not fair. I hear you, though, and I'm sorry.\n";
//! let sessions = parse(Format::Plain, "session.txt", text).unwrap();
//! let engine = Engine::new(); // built-in lexicons, compiled once; share it across threads
//! let analysis = engine.analyze(&sessions[0]);
//!
//! let first = &analysis.turns[0].findings;
//! assert!(first.iter().any(|f| &*f.detector == "blame" && f.counts()));
//! let span = first.iter().find(|f| &*f.detector == "blame").unwrap().span;
//! assert_eq!(&sessions[0].turns[0].text[span.range()], "You never");
//! assert!(analysis.turns[1].findings.iter().any(|f| &*f.detector == "validation"));
//! ```
//!
//! # Example: the JSON document
//!
//! ```
//! use turnscope::{Engine, report::{session_document, OutputOptions, SourceInfo}};
//! use turnscope::transcript::{Transcript, Turn};
//!
//! let t = Transcript::new("s1", vec![
//!     Turn { speaker: "A".into(), text: "Whatever.".into(), ..Turn::default() },
//! ]);
//! let engine = Engine::new();
//! let doc = session_document(&t, &engine.analyze(&t), SourceInfo::default(), OutputOptions::default());
//! let json = serde_json::to_string(&doc).unwrap();
//! assert!(json.contains("\"schema_version\":\"1.2\""));
//! ```
//!
//! # Threads
//!
//! [`Engine`] is `Send + Sync` and cheap to clone; [`Engine::analyze`] runs the turns of a
//! session in parallel on rayon's pool, and the output never depends on thread scheduling.

#![warn(missing_docs)]

pub mod agree;
pub mod areas;
pub mod batch;
pub mod course;
pub mod cues;
pub mod detect;
pub mod echo;
mod engine;
pub mod input;
pub mod lexicon;
pub mod pipeline;
pub mod report;
pub mod sequence;
pub mod speakers;
pub mod stream;
pub mod text;
pub mod timing;
pub mod transcript;

pub use detect::{Finding, Suppression};
pub use engine::{Analysis, Engine, SpeakerStats, TurnAnalysis};
pub use text::Span;
pub use transcript::{Transcript, Turn};
