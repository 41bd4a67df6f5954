//! Sequence analysis: what only the order of turns shows.
//!
//! Each rule is a file of its own, with its tests beside it, and reports under the
//! detector whose lexicon header claims it (`[rules]`, see [`crate::lexicon::Registry`]):
//!
//! - [`mod@escalation`]: hostility answered with hostility, a rising tension curve, episodes
//!   and the session's score, from the turns' `signals.rs`;
//! - `non_answer.rs`: a reply that dodges the question before it;
//! - `stonewalling.rs`: silence, or a silent reply, after a hostile turn.

pub mod escalation;
pub(crate) mod non_answer;
pub(crate) mod signals;
pub(crate) mod stonewalling;

pub use escalation::{
    escalation, escalation_weighted, Episode, Escalation, SessionWeights, TurnSignal, HOSTILE,
};
pub(crate) use non_answer::non_answer;
