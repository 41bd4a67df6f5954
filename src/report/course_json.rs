//! The course document: one JSON document for a course of sessions (`turnscope course`).
//! This is the one place its schema is documented; it is versioned by
//! [`COURSE_SCHEMA_VERSION`] and changed only by adding fields.
//!
//! ```text
//! {
//!   "course_schema_version": "1.0",
//!   "tool": {"name": "turnscope", "version": "0.1.0"},
//!   "ordered_by": "date",
//!   "detectors": ["avoidance", "blame", "escalation", ...],
//!   "scorecard_role": "therapist",
//!   "phases": {"assessment": {"first": 1, "last": 3}, "middle": {"first": 4, "last": 10},
//!              "termination": {"first": 11, "last": 12}, "rule": "..."},
//!   "thirds": {"first": {"first": 1, "last": 4}, "last": {"first": 9, "last": 12}},
//!   "bootstrap": {"resamples": 2000, "confidence": 0.95, "seed": 20140901},
//!   "sessions": [{"position": 1, "key": "2025-01-07", "label": "2025-01-07-maya-daniel.txt",
//!                 "id": "2025-01-07-maya-daniel.txt", "source": "course/2025-01-07-maya-daniel.txt",
//!                 "format": "plain", "phase": "assessment", "turns": 41, "words": 1630,
//!                 "escalation_score": 0.62, "report": "course-sessions/01-2025-01-07-maya-daniel.html",
//!                 "speakers": [{"name": "Maya", "role": "client", "turns": 14, "words": 610, "share": 0.374,
//!                               "detectors": {"blame": {"count": 9, "per_100_words": 1.475}, ...}}],
//!                 "roles": [{"name": "client", "speakers": ["Maya", "Daniel"], ...}],
//!                 "scorecard": {"role": "therapist", "speakers": ["Dr. Reyes"], "turns": 13, "words": 420,
//!                               "talk_share": 0.258, "questions": 8, "open_questions": 5,
//!                               "closed_questions": 3, "reflections": 4,
//!                               "reflections_per_question": 0.5, "open_question_share": 0.625,
//!                               "client_hostile_turns": 6, "validated_after_hostility": 2,
//!                               "validation_after_hostility": 0.333,
//!                               "question_turns": [{"turn": 0, "kind": "open", "rule": "open_word",
//!                                                   "matched": "What brings you both in?"}],
//!                               "reflection_turns": [4, 12]}}],
//!   "series": [{"id": "blame_per_100_words/speaker/Maya", "measure": "blame_per_100_words",
//!               "group": "patterns", "label": "blame", "detector": "blame",
//!               "subject": {"kind": "speaker", "name": "Maya"}, "unit": "per 100 words",
//!               "values": [1.475, 1.2, null, ...],
//!               "change": {"first": 1.31, "last": 0.22, "difference": -1.09, "low": -1.4,
//!                          "high": -0.8, "verdict": "fell", "resampled": "turns",
//!                          "text": "fell from 1.31 to 0.22 per 100 words (difference −1.09; 95% interval −1.40 to −0.80)"}}],
//!   "change_note": "...",
//!   "skipped": [{"source": "course/bad.txt", "line": 3, "error": "course/bad.txt:3: ..."}]
//! }
//! ```
//!
//! - `sessions` are in course order: by the date (`YYYY-MM-DD`) or the session number
//!   (`session-07`, `s07`, `week 3`) in each file's name, or by `--order`
//!   ([`crate::course::order`]); `position` counts from 1 and `key` is what they were
//!   ordered by (`ordered_by`: `date`, `number` or `given`). `label` is the name the key
//!   was read from: the file name, or for a file of several sessions the session id.
//! - A session's `speakers` and `roles` hold what the session document of `turnscope
//!   analyze` holds for them (turns, words, share of words, count and rate per 100 words
//!   of every detector); `report` is the session's own report page, relative to the
//!   course page, where one was written (HTML output to a file).
//! - `scorecard` is the therapist's scorecard ([`crate::course::scorecard`]) for the
//!   speakers of `scorecard_role`; absent where none of them spoke or no role was given.
//!   Ratios are `null` where their denominator is zero (no question asked, no hostile
//!   client turn). Turn numbers are the session document's `index` (from 0).
//! - `series` are the figures over the course, one value per session (`null` where the
//!   subject said nothing or there is nothing to measure): for every speaker and every
//!   role, each detector's rate per 100 words (`{detector}_per_100_words`, every detector
//!   in `detectors`, so a detector added to the lexicons gets its series) and the talk
//!   share (`talk_share`, share of the session's words); for the session, the
//!   `escalation_score`; for the scorecard role, `reflections_per_question`,
//!   `open_question_share` and `validation_after_hostility`. `group` says where the page
//!   shows it: `patterns` (blame, validation, avoidance), `escalation`, `talk_share`,
//!   `problem_areas` (the detectors named as problem areas), `scorecard`, `other`.
//! - `change` compares the first third of the sessions (`thirds.first`) with the last
//!   (`thirds.last`), with a 95% bootstrap interval ([`crate::course::change`]);
//!   `verdict` is `rose` or `fell` only where the whole interval is on one side of zero,
//!   `no clear change` otherwise. Where no change is stated (fewer than 3 sessions, nothing
//!   to measure in a third) `change` is absent and the series' `change_note` says why; with
//!   fewer than 3 sessions the course's `change_note` says so once, and `thirds` is absent.
//! - `phases` are the bands of interpersonal therapy's three phases, by position
//!   ([`crate::course::phases`]); absent for courses under 6 sessions.
//! - `skipped` names each input that could not be read, and why; the course is made of
//!   the rest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::json::{DetectorFigures, ToolDoc};

/// The schema version of [`CourseDoc`].
pub const COURSE_SCHEMA_VERSION: &str = "1.0";

/// A course of sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseDoc {
    /// [`COURSE_SCHEMA_VERSION`].
    pub course_schema_version: String,
    /// The program that wrote the document.
    pub tool: ToolDoc,
    /// `date`, `number` or `given` (`--order`).
    pub ordered_by: String,
    /// Every detector the engine ran, sorted.
    pub detectors: Vec<String>,
    /// The role the scorecard is for, where a speaker had it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecard_role: Option<String>,
    /// The three phases' bands, for courses of 6 sessions or more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phases: Option<PhasesDoc>,
    /// The sessions compared, for courses of 3 sessions or more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thirds: Option<ThirdsDoc>,
    /// How the intervals were drawn.
    pub bootstrap: BootstrapDoc,
    /// The sessions, in course order.
    pub sessions: Vec<CourseSessionDoc>,
    /// The figures over the course.
    pub series: Vec<SeriesDoc>,
    /// Why no change is stated for the course, where none is (fewer than 3 sessions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_note: Option<String>,
    /// Inputs that could not be read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedDoc>,
}

/// Sessions `first` to `last`, by position (from 1), both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeDoc {
    /// The first session's position.
    pub first: usize,
    /// The last session's position.
    pub last: usize,
}

/// The bands of the three phases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhasesDoc {
    /// The opening sessions: assessment, the interpersonal inventory, the problem area.
    pub assessment: RangeDoc,
    /// The middle phase: work on the problem area.
    pub middle: RangeDoc,
    /// The closing sessions: termination.
    pub termination: RangeDoc,
    /// How the bands were drawn, in words.
    pub rule: String,
}

/// The sessions a change compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThirdsDoc {
    /// The first third.
    pub first: RangeDoc,
    /// The last third.
    pub last: RangeDoc,
}

/// How the intervals were drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BootstrapDoc {
    /// Resamples per interval.
    pub resamples: usize,
    /// The interval's coverage (0.95).
    pub confidence: f64,
    /// The generator's seed.
    pub seed: u64,
}

/// One session of the course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseSessionDoc {
    /// Position in the course, from 1.
    pub position: usize,
    /// What it was ordered by: the date (`2025-03-04`), the number (`7`), or its place in
    /// `--order` (`3`).
    pub key: String,
    /// The name the key was read from: the file name, or the session id for a file of
    /// several sessions.
    pub label: String,
    /// The session id.
    pub id: String,
    /// The file it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The input format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `assessment`, `middle` or `termination`, where there are phases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Turns.
    pub turns: usize,
    /// Words.
    pub words: usize,
    /// The session's escalation score, 0 to 1.
    pub escalation_score: f32,
    /// The session's own report page, relative to the course page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// Figures per speaker, in order of first appearance.
    pub speakers: Vec<SubjectDoc>,
    /// Figures per role, where `--role` gave any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<SubjectDoc>,
    /// The therapist's scorecard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecard: Option<ScorecardDoc>,
}

/// A speaker's or a role's figures in one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectDoc {
    /// The speaker's or the role's name.
    pub name: String,
    /// A speaker's role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// A role's speakers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<String>,
    /// Turns taken.
    pub turns: usize,
    /// Words spoken.
    pub words: usize,
    /// Share of the session's words, 0 to 1.
    pub share: f32,
    /// Per detector: counted findings and their rate per 100 words.
    pub detectors: BTreeMap<String, DetectorFigures>,
}

/// The therapist's scorecard of one session ([`crate::course::scorecard`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardDoc {
    /// The role.
    pub role: String,
    /// The role's speakers in this session.
    pub speakers: Vec<String>,
    /// Their turns.
    pub turns: usize,
    /// Their words.
    pub words: usize,
    /// Their share of the session's words.
    pub talk_share: Option<f64>,
    /// Their turns that ask a question.
    pub questions: usize,
    /// Of those, the turns whose question is open.
    pub open_questions: usize,
    /// Of those, the turns whose questions are all closed.
    pub closed_questions: usize,
    /// Their turns with a counted reflection.
    pub reflections: usize,
    /// `reflections / questions`.
    pub reflections_per_question: Option<f64>,
    /// `open_questions / questions`.
    pub open_question_share: Option<f64>,
    /// The other speakers' turns at or above the hostile level.
    pub client_hostile_turns: usize,
    /// Of those, the ones the role validated in one of the next two turns.
    pub validated_after_hostility: usize,
    /// `validated_after_hostility / client_hostile_turns`.
    pub validation_after_hostility: Option<f64>,
    /// Each turn that asks: its index, open or closed, the rule, and the question.
    pub question_turns: Vec<QuestionTurnDoc>,
    /// The indices of the turns with a counted reflection.
    pub reflection_turns: Vec<usize>,
}

/// A turn that asks, with the sentence that decided its call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTurnDoc {
    /// The turn's index in the session document (from 0).
    pub turn: usize,
    /// `open` or `closed`.
    pub kind: String,
    /// The rule ([`crate::course::questions::QuestionRule::name`]): `open_word`,
    /// `request`, `wondering`, `if_whether`, `fact`, `alternatives`, `auxiliary`, `tag`,
    /// `rising`.
    pub rule: String,
    /// The sentence that asks, exactly as in the turn's text.
    pub matched: String,
}

/// What a series is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSubjectDoc {
    /// `speaker`, `role` or `session`.
    pub kind: String,
    /// The speaker's or role's name; absent for the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One figure over the course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesDoc {
    /// `{measure}/{kind}/{name}`, or `{measure}/session`: unique in the document.
    pub id: String,
    /// `{detector}_per_100_words`, `talk_share`, `escalation_score`,
    /// `reflections_per_question`, `open_question_share`, `validation_after_hostility`.
    pub measure: String,
    /// Where the page shows it: `patterns`, `escalation`, `talk_share`,
    /// `problem_areas`, `scorecard`, `other`.
    pub group: String,
    /// The measure's name for people.
    pub label: String,
    /// The detector, for a detector's rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detector: Option<String>,
    /// Whose figure it is.
    pub subject: SeriesSubjectDoc,
    /// The values' unit, in words (`per 100 words`, `share of words`, ...).
    pub unit: String,
    /// One value per session, in course order; `null` where there is nothing to measure.
    pub values: Vec<Option<f64>>,
    /// The change from the first third to the last, where one is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeDoc>,
    /// Why no change is stated, where none is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_note: Option<String>,
}

/// The change of a series from the first third to the last ([`crate::course::change`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeDoc {
    /// The first third's figure.
    pub first: f64,
    /// The last third's figure.
    pub last: f64,
    /// `last - first`.
    pub difference: f64,
    /// The 95% interval's lower end.
    pub low: f64,
    /// The 95% interval's upper end.
    pub high: f64,
    /// `rose`, `fell` or `no clear change`.
    pub verdict: String,
    /// What the bootstrap drew again: `turns` (within sessions) or `sessions`.
    pub resampled: String,
    /// The change in words, with its interval.
    pub text: String,
}

/// An input that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkippedDoc {
    /// The file.
    pub source: String,
    /// The line of the fault, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The message, as printed on standard error.
    pub error: String,
}
