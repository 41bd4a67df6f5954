//! Sequence analysis: what only the order of turns shows.
//!
//! Each rule is a file of its own, with its tests beside it, and reports under the
//! detector whose lexicon header claims it (`[rules]`, see [`crate::lexicon::Registry`]):
//!
//! - [`mod@escalation`]: hostility answered with hostility, a rising tension curve, episodes
//!   and the session's score, from the turns' [`signals`];
//! - [`mod@non_answer`]: a reply that dodges the question before it;
//! - [`stonewalling`]: silence, or a silent reply, after a hostile turn.

pub mod escalation;
pub mod non_answer;
pub mod signals;
pub mod stonewalling;

pub use escalation::{escalation, Episode, Escalation, TurnSignal, HOSTILE};
pub use non_answer::non_answer;
