//! The JSON output: one document per session. This is the one place the schema is
//! documented; it is versioned by [`SCHEMA_VERSION`] and changed only by adding fields.
//!
//! # The session document
//!
//! ```text
//! {
//!   "schema_version": "1.0",
//!   "tool": {"name": "turnscope", "version": "0.1.0"},
//!   "session": {"id": "...", "source": "path/to/file", "format": "plain", "turns": 12, "words": 340},
//!   "detectors": ["avoidance", "blame", "escalation", ...],
//!   "speakers": [{"speaker": "Ana", "turns": 6, "words": 170, "share": 0.5,
//!                 "detectors": {"blame": {"count": 2, "per_100_words": 1.18}, ...}}],
//!   "turns": [{"index": 0, "id": "u1", "speaker": "Ana", "text": "...", "start": 1.5, "end": 4.0,
//!              "words": 9, "hostility": 0.42, "escalation": 0.31,
//!              "findings": [{"detector": "blame", "category": "accusation", "rule": "blame:your fault",
//!                            "matched": "your fault", "span": {"start": 5, "end": 15},
//!                            "char_span": {"start": 5, "end": 15}, "negated": false,
//!                            "weight": 1.5, "intensity": 1.0}]}],
//!   "escalation": {"score": 0.61, "curve": [0.0, 0.42, ...],
//!                  "episodes": [{"first": 2, "peak": 5, "last": 6, "speakers": ["Ana", "Ben"],
//!                                "intensity": 0.83, "reciprocal": true}]}
//! }
//! ```
//!
//! Every field is described on the types below. Offsets: `span` is in **bytes** of the
//! turn's `text` (UTF-8), `char_span` the same span in **Unicode scalar values**
//! (characters); both half-open.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::detect::Finding;
use crate::engine::Analysis;
use crate::text::char_offset;
use crate::transcript::Transcript;

/// The schema version of [`SessionDoc`]. Minor versions only add fields.
pub const SCHEMA_VERSION: &str = "1.0";

/// One session's annotated document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionDoc {
    /// The schema version, [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// The program that wrote the document.
    pub tool: ToolDoc,
    /// Which session this is.
    pub session: SessionInfo,
    /// Every detector the engine ran, sorted: the keys of each speaker's `detectors`.
    pub detectors: Vec<String>,
    /// Figures per speaker, in order of first appearance.
    pub speakers: Vec<SpeakerDoc>,
    /// The turns in order, with their findings.
    pub turns: Vec<TurnDoc>,
    /// The session's escalation.
    pub escalation: EscalationDoc,
}

/// The program that wrote a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolDoc {
    /// Always `turnscope`.
    pub name: String,
    /// The program's version.
    pub version: String,
}

/// Which session a document describes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionInfo {
    /// The session id: the ConvoKit `conversation_id`, or the file name.
    pub id: String,
    /// The file the session was read from (`<stdin>` for standard input), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The input format it was read as: `plain`, `vtt`, `srt`, `convokit` or `sessions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Number of turns.
    pub turns: usize,
    /// Number of words.
    pub words: usize,
}

/// Figures for one speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerDoc {
    /// The speaker's name as in the transcript.
    pub speaker: String,
    /// Turns taken.
    pub turns: usize,
    /// Words spoken.
    pub words: usize,
    /// Share of the session's words, 0 to 1.
    pub share: f32,
    /// Per detector (every name in `detectors`): counted findings and their rate.
    pub detectors: BTreeMap<String, DetectorFigures>,
}

/// How often a detector fired for a speaker. Only counted findings (not negated or set aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorFigures {
    /// Counted findings.
    pub count: usize,
    /// Counted findings per 100 words the speaker spoke (0 when they spoke none).
    pub per_100_words: f32,
}

/// One turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnDoc {
    /// Position in the session, from 0.
    pub index: usize,
    /// The source's id for the turn (ConvoKit utterance id), where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who spoke.
    pub speaker: String,
    /// What was said, exactly as in the source; spans index into this.
    pub text: String,
    /// Start in seconds, where the source gives times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// End in seconds, where the source gives times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// Words in the turn.
    pub words: usize,
    /// The turn's hostility level, 0 to 1 (from its counted hostile findings and shouting).
    pub hostility: f32,
    /// The escalation curve's value at this turn, 0 to 1 (same as `escalation.curve[index]`).
    pub escalation: f32,
    /// Findings in text order, then escalation findings.
    pub findings: Vec<FindingDoc>,
}

/// A byte or character range, half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpanDoc {
    /// First offset.
    pub start: usize,
    /// One past the last offset.
    pub end: usize,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingDoc {
    /// `blame`, `avoidance`, `validation`, `escalation`, or another detector of the
    /// lexicons: `hostility` (markers escalation is computed from), `self_blame`,
    /// `third_party_blame`.
    pub detector: String,
    /// The category inside the detector (e.g. `accusation`, `refusal`, `reflecting_feelings`).
    pub category: String,
    /// The rule: `file:term` of the lexicon entry that matched, or
    /// `escalation:negative_reciprocity` / `escalation:rising` for sequence findings.
    pub rule: String,
    /// The matched text, exactly as in the turn's `text`.
    pub matched: String,
    /// Where: bytes of the turn's `text`.
    pub span: SpanDoc,
    /// Where: characters (Unicode scalar values) of the turn's `text`.
    pub char_span: SpanDoc,
    /// True when a negation scopes over the match; such a finding never counts.
    pub negated: bool,
    /// The finding's weight: the entry's weight times `intensity`.
    pub weight: f32,
    /// The factor intensity rules applied: ALL CAPS, `!`, intensifiers raise it; hedges lower it.
    pub intensity: f32,
    /// Set only on findings that do not count (shown with `--explain`, and negated ones):
    /// the context rule that set it aside (`negation`, `reported_speech`,
    /// `no_second_person`, `engaged_reply`, `no_question_before`, `in_question`,
    /// `not_sentence_start`, `praise`, `self_directed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
}

/// A session's escalation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationDoc {
    /// 0 to 1: how far the session escalated. A fight ranks above an argument that was
    /// repaired, and that above a calm talk.
    pub score: f32,
    /// The tension curve, one value per turn, 0 to 1.
    pub curve: Vec<f32>,
    /// Stretches of rising hostility.
    pub episodes: Vec<EpisodeDoc>,
}

/// A stretch of rising hostility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeDoc {
    /// Index of the first turn.
    pub first: usize,
    /// Index of the turn where the curve peaks.
    pub peak: usize,
    /// Index of the last turn.
    pub last: usize,
    /// The speakers taking part, in order of first turn in the episode.
    pub speakers: Vec<String>,
    /// The curve at the peak, 0 to 1.
    pub intensity: f32,
    /// Whether a hostile turn was answered by a hostile turn of another speaker.
    pub reciprocal: bool,
}

/// What the writer includes.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// Include findings set aside by context rules other than negation (with `suppressed`).
    pub explain: bool,
}

/// Where a session came from, for the document's `session` block.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceInfo<'a> {
    /// The file (or `<stdin>`).
    pub source: Option<&'a str>,
    /// The input format's name.
    pub format: Option<&'a str>,
}

fn round(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// Builds the wire document of one analysed session.
pub fn session_document(
    transcript: &Transcript,
    analysis: &Analysis,
    source: SourceInfo<'_>,
    options: OutputOptions,
) -> SessionDoc {
    let esc = &analysis.escalation;
    let turns = transcript
        .turns
        .iter()
        .zip(&analysis.turns)
        .enumerate()
        .map(|(index, (turn, ta))| TurnDoc {
            index,
            id: turn.id.clone(),
            speaker: turn.speaker.clone(),
            text: turn.text.clone(),
            start: turn.start,
            end: turn.end,
            words: ta.words,
            hostility: esc.hostility.get(index).copied().unwrap_or(0.0),
            escalation: esc.curve.get(index).copied().unwrap_or(0.0),
            findings: ta
                .findings
                .iter()
                .filter(|f| options.explain || f.counts() || f.negated)
                .map(|f| finding_doc(&turn.text, f))
                .collect(),
        })
        .collect();
    let speakers = analysis
        .speakers
        .iter()
        .map(|s| SpeakerDoc {
            speaker: s.speaker.clone(),
            turns: s.turns,
            words: s.words,
            share: s.share,
            detectors: analysis
                .detectors
                .iter()
                .zip(&s.counts)
                .map(|(name, &count)| {
                    let rate = if s.words == 0 {
                        0.0
                    } else {
                        round(count as f32 * 100.0 / s.words as f32)
                    };
                    (
                        name.clone(),
                        DetectorFigures {
                            count,
                            per_100_words: rate,
                        },
                    )
                })
                .collect(),
        })
        .collect();
    let episodes = esc
        .episodes
        .iter()
        .map(|ep| {
            let mut speakers: Vec<String> = Vec::new();
            for t in &transcript.turns[ep.first..=ep.last] {
                if !speakers.contains(&t.speaker) {
                    speakers.push(t.speaker.clone());
                }
            }
            EpisodeDoc {
                first: ep.first,
                peak: ep.peak,
                last: ep.last,
                speakers,
                intensity: ep.intensity,
                reciprocal: ep.reciprocal,
            }
        })
        .collect();
    SessionDoc {
        schema_version: SCHEMA_VERSION.to_string(),
        tool: ToolDoc {
            name: "turnscope".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        session: SessionInfo {
            id: transcript.id.clone(),
            source: source.source.map(str::to_string),
            format: source.format.map(str::to_string),
            turns: transcript.turns.len(),
            words: analysis.words(),
        },
        detectors: analysis.detectors.to_vec(),
        speakers,
        turns,
        escalation: EscalationDoc {
            score: esc.score,
            curve: esc.curve.clone(),
            episodes,
        },
    }
}

fn finding_doc(text: &str, f: &Finding) -> FindingDoc {
    let span = f.span;
    let matched = text.get(span.range()).unwrap_or("").to_string();
    let cs = char_offset(text, span.start);
    let ce = cs + matched.chars().count();
    FindingDoc {
        detector: f.detector.to_string(),
        category: f.category.to_string(),
        rule: f.rule.to_string(),
        matched,
        span: SpanDoc {
            start: span.start,
            end: span.end,
        },
        char_span: SpanDoc { start: cs, end: ce },
        negated: f.negated,
        weight: round(f.weight),
        intensity: round(f.intensity),
        suppressed: f.suppressed.map(|s| s.name().to_string()),
    }
}
