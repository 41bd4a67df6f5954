//! The JSON output: one document per session. This is the one place the schema is
//! documented; it is versioned by [`SCHEMA_VERSION`] and changed only by adding fields.
//!
//! # The session document
//!
//! ```text
//! {
//!   "schema_version": "1.2",
//!   "tool": {"name": "turnscope", "version": "0.1.0"},
//!   "session": {"id": "...", "source": "path/to/file", "format": "plain", "turns": 12, "words": 340},
//!   "detectors": ["avoidance", "blame", "escalation", ...],
//!   "speakers": [{"speaker": "Ana", "role": "client", "turns": 6, "words": 170, "share": 0.5,
//!                 "mean_turn_words": 28.3,
//!                 "detectors": {"blame": {"count": 2, "per_100_words": 1.18}, ...},
//!                 "timing": {"talk_time": 61.2, "talk_share": 0.55, "mean_turn_seconds": 10.2,
//!                            "longest_silence": 4.1, "interruptions": 2, "interrupted": 0,
//!                            "timed_turns": 6},
//!                 "cues": {"sigh": 1, "crosstalk": 2},
//!                 "problem_areas": {...}}],
//!   "roles": [{"role": "client", "speakers": ["Ana"], "turns": 6, "words": 170, "share": 0.5,
//!              "mean_turn_words": 28.3, "detectors": {...}, "timing": {...}, "cues": {...},
//!              "problem_areas": {...}}],
//!   "turns": [{"index": 0, "id": "u1", "speaker": "Ana", "role": "client", "text": "...",
//!              "start": 1.5, "end": 4.0, "pause": 0.8, "overlap": 0.0, "interrupts": false,
//!              "words": 9, "hostility": 0.42, "escalation": 0.31,
//!              "cues": [{"kind": "sigh", "matched": "[sighs]", "span": {"start": 0, "end": 7},
//!                        "char_span": {"start": 0, "end": 7}}],
//!              "findings": [{"detector": "blame", "category": "accusation", "rule": "blame:your fault",
//!                            "matched": "your fault", "span": {"start": 5, "end": 15},
//!                            "char_span": {"start": 5, "end": 15}, "negated": false,
//!                            "weight": 1.5, "intensity": 1.0}]}],
//!   "escalation": {"score": 0.61, "curve": [0.0, 0.42, ...],
//!                  "episodes": [{"first": 2, "peak": 5, "last": 6, "speakers": ["Ana", "Ben"],
//!                                "intensity": 0.83, "reciprocal": true, "interruptions": 1}]},
//!   "problem_areas": {"areas": [{"detector": "grief", "turns": 5, "turn_share": 0.25,
//!                                "words": 310, "word_share": 0.41, "findings": 7,
//!                                "turn_indices": [1, 3, 5, 9, 14]}, ...],
//!                     "dominant": "grief", "min_turns": 2,
//!                     "evidence": [{"turn": 1, "finding": 0, "category": "death",
//!                                   "rule": "grief:died", "matched": "died"}, ...]}
//! }
//! ```
//!
//! Every field is described on the types below. Offsets: `span` is in **bytes** of the
//! turn's `text` (UTF-8), `char_span` the same span in **Unicode scalar values**
//! (characters); both half-open.
//!
//! # Timing and non-verbal cues (since 1.1)
//!
//! Where the transcript gives times, each turn has `pause` (seconds of silence since
//! the previous turn ended) and `overlap` (seconds it started before the previous turn
//! ended); one of the two is 0. A turn that overlaps another speaker's turn by 0.2 s or
//! more has `"interrupts": true`. Where turns have a start and an end, each speaker (and
//! role) has a `timing` block: talk time, its share, mean turn length in seconds, the
//! longest silence before one of their replies, and interruptions made and suffered.
//! Formats with start times only (plain text, Otter, ConvoKit) have none of these.
//!
//! Non-verbal annotations in the text (`[sighs]`, `(laughs)`, `(crying)`,
//! `[crosstalk]`, `[inaudible]`, `(pause)`, a line ending in `...`) are listed in the
//! turn's `cues` with their kind and span, and counted per speaker and role. They are
//! blanked out of the text the lexicons read, so they never match a lexicon entry nor
//! count as words or shouting. Kinds: `laughter`, `sigh`, `crying`, `crosstalk`,
//! `inaudible`, `pause`, `trailing_off`, `nonverbal` (coughs, scoffs, yelling, ...),
//! `annotation` (any other square-bracketed note).
//!
//! They feed the analysis: a turn that cuts in on another speaker (overlap, or a
//! `[crosstalk]` cue) while it or the turn before is hostile raises the escalation
//! curve, and so, less, does a reply latched on with under 0.25 s of silence;
//! `escalation.episodes[].interruptions` counts such turns. A reply to another
//! speaker's hostile turn that is not hostile itself and comes after 3 s or more of
//! silence, opens with a pause cue, or is nothing but cues, is **stonewalling**: an
//! `avoidance` finding of category `stonewalling`, rule `stonewalling:long_silence`
//! (an empty span at the turn's start: the silence came before it) or
//! `stonewalling:silent_reply` (the span of the pause cue, or of the whole turn), and
//! it counts in the avoidance figures like any other avoidance finding.
//!
//! # Problem areas (since 1.2)
//!
//! What the talk is about, from the lexicons' `topic` detectors (interpersonal therapy's
//! four problem areas are built in: `grief`, `role_transition`, `dispute`, `deficit`; a
//! user's `topic` lexicon adds its own). `problem_areas` is given for the session, for each
//! speaker (over their turns) and for each role (over its speakers' turns); it is absent
//! when the lexicons declare no `topic` detector. It holds:
//!
//! - `areas`: one entry per topic detector spoken of (an area absent from the list is
//!   spoken of in no turn of the set), in the report's order (the headers' `order`):
//!   `turns`, the turns that speak of it (with at least one counted
//!   finding of it), and `turn_indices`, which they are; `turn_share`, their share of the
//!   turns (0 to 1); `words`, the words of those turns, and `word_share`, their share of the
//!   words; `findings`, its counted findings. A turn may speak of several areas.
//! - `dominant`: the area spoken of in the most turns; a tie goes to the one whose turns
//!   hold more words, then to the one listed first. Absent when no area is spoken of in
//!   at least `min_turns` turns (2): one passing mention is no theme.
//! - `evidence`: the dominant area's counted findings, in turn order, each with its `turn`
//!   (the turn's `index`) and `finding` (its index in that turn's `findings` in this
//!   document), `category`, `rule` and `matched` text. Empty (absent) with no dominant area.
//!
//! Topic findings take part in nothing else: they are matched apart from the other
//! lexicons, and feed no hostility, repair or escalation. Each obeys the context rules; a
//! match in a conditional or imagined clause ("if my mother died", "what if he leaves") is
//! set aside as `hypothetical`.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::areas::{ProblemAreas, DOMINANT_MIN_TURNS};
use crate::cues::Cue;
use crate::detect::Finding;
use crate::engine::Analysis;
use crate::lexicon::{Registry, Role};
use crate::speakers::SpeakerMap;
use crate::text::CharOffsets;
use crate::timing::SpeakerTiming;
use crate::transcript::Transcript;

/// The schema version of [`SessionDoc`]. Minor versions only add fields: 1.1 added
/// roles, timing (`pause`, `overlap`, `interrupts`, speakers' `timing`) and cues; 1.2
/// added `problem_areas` (on the session, speakers and roles) and the suppression
/// `hypothetical`.
pub const SCHEMA_VERSION: &str = "1.2";

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
    /// Figures per role (`--role`), in order of first appearance; absent when no
    /// speaker of the session has a role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleDoc>,
    /// The turns in order, with their findings.
    pub turns: Vec<TurnDoc>,
    /// The session's escalation.
    pub escalation: EscalationDoc,
    /// The session's problem areas (since 1.2; see the module docs); absent when the
    /// lexicons declare no `topic` detector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_areas: Option<ProblemAreasDoc>,
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
    /// The input format it was read as: `plain`, `vtt`, `srt`, `convokit`, `otter`,
    /// `chat`, `whisper`, `aws`, `rev` or `sessions`.
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
    /// The speaker's name as in the transcript (after `--speaker` renames).
    pub speaker: String,
    /// The speaker's role, where `--role` gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Turns taken.
    pub turns: usize,
    /// Words spoken.
    pub words: usize,
    /// Share of the session's words, 0 to 1.
    pub share: f32,
    /// Mean words a turn.
    #[serde(default)]
    pub mean_turn_words: f32,
    /// Per detector (every name in `detectors`): counted findings and their rate.
    pub detectors: BTreeMap<String, DetectorFigures>,
    /// Talk time and silences, where the transcript's turns have start and end times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<TimingDoc>,
    /// Non-verbal cues in the speaker's turns, per kind (kinds with none left out).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cues: BTreeMap<String, usize>,
    /// The problem areas of the speaker's turns (since 1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_areas: Option<ProblemAreasDoc>,
}

/// Figures for the speakers of one role, summed over them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDoc {
    /// The role, as given with `--role` (e.g. `therapist`, `client`).
    pub role: String,
    /// The speakers with this role, in order of first appearance.
    pub speakers: Vec<String>,
    /// Turns taken.
    pub turns: usize,
    /// Words spoken.
    pub words: usize,
    /// Share of the session's words, 0 to 1.
    pub share: f32,
    /// Mean words a turn.
    pub mean_turn_words: f32,
    /// Per detector: counted findings and their rate per 100 of the role's words.
    pub detectors: BTreeMap<String, DetectorFigures>,
    /// Talk time and silences, summed over the role's speakers (`longest_silence` is the
    /// longest of theirs), where the transcript has start and end times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<TimingDoc>,
    /// Non-verbal cues in the role's turns, per kind.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cues: BTreeMap<String, usize>,
    /// The problem areas of the turns of the role's speakers (since 1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_areas: Option<ProblemAreasDoc>,
}

/// What a set of turns (the session's, a speaker's, a role's) is about: its problem areas
/// (since 1.2; see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemAreasDoc {
    /// One per `topic` detector spoken of in the set's turns, in the report's order; an
    /// area not listed has no turns.
    pub areas: Vec<AreaDoc>,
    /// The dominant area's detector: the most turns, then the most words; absent when no
    /// area is spoken of in at least `min_turns` turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dominant: Option<String>,
    /// The fewest turns that make an area dominant.
    pub min_turns: usize,
    /// The dominant area's counted findings, in turn order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceDoc>,
}

/// One problem area over a set of turns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDoc {
    /// The `topic` detector (e.g. `grief`).
    pub detector: String,
    /// Turns that speak of it: with at least one counted finding of it.
    pub turns: usize,
    /// Their share of the set's turns, 0 to 1.
    pub turn_share: f32,
    /// Words in those turns.
    pub words: usize,
    /// Their share of the set's words, 0 to 1.
    pub word_share: f32,
    /// Its counted findings in the set's turns.
    pub findings: usize,
    /// The turns that speak of it: their `index`, in order.
    pub turn_indices: Vec<usize>,
}

/// A finding that makes an area dominant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceDoc {
    /// The turn's `index`.
    pub turn: usize,
    /// The finding's index in that turn's `findings`, in this document.
    pub finding: usize,
    /// The finding's category (e.g. `death`).
    pub category: String,
    /// The finding's rule (e.g. `grief:died`).
    pub rule: String,
    /// The matched text.
    pub matched: String,
}

/// What the clock says about a speaker (or role). Only turns with a start and an end count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimingDoc {
    /// Seconds of talk: the sum of the turns' durations.
    pub talk_time: f64,
    /// Share of the session's talk time, 0 to 1.
    pub talk_share: f64,
    /// Mean turn duration in seconds.
    pub mean_turn_seconds: f64,
    /// The longest silence before one of their replies to another speaker, in seconds;
    /// absent when they never replied after a timed turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longest_silence: Option<f64>,
    /// Turns in which they cut in on another speaker (overlap of 0.2 s or more).
    pub interruptions: usize,
    /// Their turns that another speaker cut in on.
    pub interrupted: usize,
    /// Turns with both times, over which the figures are taken.
    pub timed_turns: usize,
}

/// A non-verbal cue written in a turn's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueDoc {
    /// `laughter`, `sigh`, `crying`, `crosstalk`, `inaudible`, `pause`, `trailing_off`,
    /// `nonverbal` or `annotation`.
    pub kind: String,
    /// The cue as written, brackets included.
    pub matched: String,
    /// Where: bytes of the turn's `text`.
    pub span: SpanDoc,
    /// Where: characters of the turn's `text`.
    pub char_span: SpanDoc,
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
    /// The speaker's role, where `--role` gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// What was said, exactly as in the source; spans index into this.
    pub text: String,
    /// Start in seconds, where the source gives times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// End in seconds, where the source gives times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// Seconds of silence between the previous turn's end and this turn's start (0 when
    /// they overlap); present where both times are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause: Option<f64>,
    /// Seconds this turn started before the previous turn ended (0 when it did not);
    /// present where both times are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlap: Option<f64>,
    /// True when the turn cuts in on another speaker's turn (overlap of 0.2 s or more).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupts: bool,
    /// Non-verbal cues in the text, in order (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<CueDoc>,
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
    /// `third_party_blame`, the problem areas `grief`, `role_transition`, `dispute`,
    /// `deficit`.
    pub detector: String,
    /// The category inside the detector (e.g. `accusation`, `refusal`, `reflecting_feelings`,
    /// `stonewalling`).
    pub category: String,
    /// The rule: `file:term` of the lexicon entry that matched,
    /// `escalation:negative_reciprocity` / `escalation:rising` for sequence findings, or
    /// `stonewalling:long_silence` / `stonewalling:silent_reply` for silence after a
    /// hostile turn (see the module docs).
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
    /// `not_sentence_start`, `praise`, `self_directed`, `advice`, `hostile_context`,
    /// `preface`, `late_in_turn`, `embedded`, `covered`, `part_of_sentence`, `self_view`,
    /// `not_vocative`, `hypothetical`, `conceded`).
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
    /// Turns in the episode that cut in on another speaker (overlap or `[crosstalk]`)
    /// and so raised the tension.
    #[serde(default)]
    pub interruptions: usize,
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
    session_document_with_roles(transcript, analysis, source, options, &SpeakerMap::new())
}

/// [`session_document`] with the speakers' roles from `roles`: `role` on speakers and
/// turns, and the `roles` block. (Renames are applied to the transcript before it is
/// analysed: see [`SpeakerMap::apply`].)
pub fn session_document_with_roles(
    transcript: &Transcript,
    analysis: &Analysis,
    source: SourceInfo<'_>,
    options: OutputOptions,
    roles: &SpeakerMap,
) -> SessionDoc {
    let role_of = |speaker: &str| roles.role_of(speaker).map(str::to_string);
    let esc = &analysis.escalation;
    let turns = transcript
        .turns
        .iter()
        .zip(&analysis.turns)
        .enumerate()
        .map(|(index, (turn, ta))| {
            let mut chars = CharOffsets::new(&turn.text);
            TurnDoc {
                index,
                id: turn.id.clone(),
                speaker: turn.speaker.clone(),
                role: role_of(&turn.speaker),
                text: turn.text.clone(),
                start: turn.start,
                end: turn.end,
                pause: ta.timing.pause,
                overlap: ta.timing.overlap,
                interrupts: ta.timing.interrupts(),
                cues: ta
                    .cues
                    .iter()
                    .map(|c| cue_doc(&turn.text, &mut chars, c))
                    .collect(),
                words: ta.words,
                hostility: esc.hostility.get(index).copied().unwrap_or(0.0),
                escalation: esc.curve.get(index).copied().unwrap_or(0.0),
                findings: ta
                    .findings
                    .iter()
                    .filter(|f| shown(f, options))
                    .map(|f| finding_doc(&turn.text, &mut chars, f))
                    .collect(),
            }
        })
        .collect();
    let mut speakers: Vec<SpeakerDoc> = analysis
        .speakers
        .iter()
        .map(|s| SpeakerDoc {
            speaker: s.speaker.clone(),
            role: role_of(&s.speaker),
            turns: s.turns,
            words: s.words,
            share: s.share,
            mean_turn_words: mean(s.words, s.turns),
            detectors: detector_figures(&analysis.registry, &s.counts, s.words),
            timing: s.timing.as_ref().map(timing_doc),
            cues: s
                .cues
                .iter()
                .map(|(k, n)| (k.name().to_string(), *n))
                .collect(),
            problem_areas: None,
        })
        .collect();
    let mut roles_out = role_docs(analysis, roles);
    // Problem areas per speaker and per role, each in one pass over the turns.
    let index: std::collections::HashMap<&str, usize> = speakers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.speaker.as_str(), i))
        .collect();
    let speaker_of: Vec<Option<usize>> = transcript
        .turns
        .iter()
        .map(|t| index.get(t.speaker.as_str()).copied())
        .collect();
    let speaker_areas = areas_docs(transcript, analysis, &speaker_of, speakers.len(), options);
    for (s, pa) in speakers.iter_mut().zip(speaker_areas) {
        s.problem_areas = pa;
    }
    let role_of: Vec<Option<usize>> = transcript
        .turns
        .iter()
        .map(|t| {
            let role = roles.role_of(&t.speaker)?;
            roles_out.iter().position(|r| r.role == role)
        })
        .collect();
    let role_areas = areas_docs(transcript, analysis, &role_of, roles_out.len(), options);
    for (r, pa) in roles_out.iter_mut().zip(role_areas) {
        r.problem_areas = pa;
    }
    let roles = roles_out;
    let episodes = esc
        .episodes
        .iter()
        .map(|ep| {
            // A hash set, not a walk of the list: an episode may take in thousands of
            // speakers (a chat room).
            let mut seen: FxHashSet<&str> = FxHashSet::default();
            let speakers: Vec<String> = transcript.turns[ep.first..=ep.last]
                .iter()
                .filter(|t| seen.insert(&t.speaker))
                .map(|t| t.speaker.clone())
                .collect();
            EpisodeDoc {
                first: ep.first,
                peak: ep.peak,
                last: ep.last,
                speakers,
                intensity: ep.intensity,
                reciprocal: ep.reciprocal,
                interruptions: esc
                    .interruptions
                    .get(ep.first..=ep.last)
                    .map_or(0, |r| r.iter().filter(|i| **i).count()),
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
        detectors: analysis.registry.names(),
        speakers,
        roles,
        turns,
        escalation: EscalationDoc {
            score: esc.score,
            curve: esc.curve.clone(),
            episodes,
        },
        problem_areas: areas_docs(
            transcript,
            analysis,
            &vec![Some(0); transcript.turns.len()],
            1,
            options,
        )
        .pop()
        .flatten(),
    }
}

/// Whether a finding is written in the document: counted and negated ones always, the
/// others with `--explain`.
fn shown(f: &Finding, options: OutputOptions) -> bool {
    options.explain || f.counts() || f.negated
}

/// The problem areas of each set of turns ([`ProblemAreas::of_groups`]: `group[k]` is
/// the set of turn `k`); `None` for each when the registry has no `topic` detector.
fn areas_docs(
    transcript: &Transcript,
    analysis: &Analysis,
    group: &[Option<usize>],
    groups: usize,
    options: OutputOptions,
) -> Vec<Option<ProblemAreasDoc>> {
    if analysis.registry.with_role(Role::Topic).next().is_none() {
        return vec![None; groups];
    }
    ProblemAreas::of_groups(analysis, group, groups)
        .iter()
        .map(|pa| Some(area_doc(transcript, analysis, pa, options)))
        .collect()
}

/// One set of turns' problem areas as the wire type.
fn area_doc(
    transcript: &Transcript,
    analysis: &Analysis,
    pa: &ProblemAreas,
    options: OutputOptions,
) -> ProblemAreasDoc {
    let areas = pa
        .areas
        .iter()
        // Most speakers speak of no area: an area absent from the list has no turns,
        // which keeps a batch's output small.
        .filter(|a| !a.turns.is_empty())
        .map(|a| AreaDoc {
            detector: a.detector.to_string(),
            turns: a.turns.len(),
            turn_share: pa.turn_share(a),
            words: a.words,
            word_share: pa.word_share(a),
            findings: a.findings,
            turn_indices: a.turns.clone(),
        })
        .collect();
    let evidence = pa
        .evidence(analysis)
        .into_iter()
        .map(|(k, i, f)| {
            let found = &analysis.turns[k].findings;
            EvidenceDoc {
                turn: k,
                // Its place among the findings this document writes for the turn.
                finding: found[..i].iter().filter(|f| shown(f, options)).count(),
                category: f.category.to_string(),
                rule: f.rule.to_string(),
                matched: transcript.turns[k]
                    .text
                    .get(f.span.range())
                    .unwrap_or("")
                    .to_string(),
            }
        })
        .collect();
    ProblemAreasDoc {
        areas,
        dominant: pa.dominant().map(|a| a.detector.to_string()),
        min_turns: DOMINANT_MIN_TURNS,
        evidence,
    }
}

fn mean(total: usize, n: usize) -> f32 {
    if n == 0 {
        0.0
    } else {
        round(total as f32 / n as f32)
    }
}

fn detector_figures(
    registry: &Registry,
    counts: &[usize],
    words: usize,
) -> BTreeMap<String, DetectorFigures> {
    registry
        .iter()
        .zip(counts)
        .map(|((_, d), &count)| {
            let rate = if words == 0 {
                0.0
            } else {
                round(count as f32 * 100.0 / words as f32)
            };
            (
                d.name.to_string(),
                DetectorFigures {
                    count,
                    per_100_words: rate,
                },
            )
        })
        .collect()
}

fn timing_doc(t: &SpeakerTiming) -> TimingDoc {
    TimingDoc {
        talk_time: t.talk_time,
        talk_share: t.talk_share,
        mean_turn_seconds: t.mean_turn_seconds,
        longest_silence: t.longest_silence,
        interruptions: t.interruptions,
        interrupted: t.interrupted,
        timed_turns: t.timed_turns,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Speakers' figures summed per role, roles in order of their first speaker.
fn role_docs(analysis: &Analysis, roles: &SpeakerMap) -> Vec<RoleDoc> {
    if !roles.has_roles() {
        return Vec::new();
    }
    let total_words: usize = analysis.speakers.iter().map(|s| s.words).sum();
    let mut out: Vec<(RoleDoc, Vec<usize>, Option<SpeakerTiming>)> = Vec::new();
    for s in &analysis.speakers {
        let Some(role) = roles.role_of(&s.speaker) else {
            continue;
        };
        let at = match out.iter().position(|(r, _, _)| r.role == role) {
            Some(p) => p,
            None => {
                out.push((
                    RoleDoc {
                        role: role.to_string(),
                        speakers: Vec::new(),
                        turns: 0,
                        words: 0,
                        share: 0.0,
                        mean_turn_words: 0.0,
                        detectors: BTreeMap::new(),
                        timing: None,
                        cues: BTreeMap::new(),
                        problem_areas: None,
                    },
                    vec![0; analysis.registry.len()],
                    None,
                ));
                out.len() - 1
            }
        };
        let (doc, counts, timing) = &mut out[at];
        doc.speakers.push(s.speaker.clone());
        doc.turns += s.turns;
        doc.words += s.words;
        for (c, n) in counts.iter_mut().zip(&s.counts) {
            *c += n;
        }
        for (k, n) in &s.cues {
            *doc.cues.entry(k.name().to_string()).or_insert(0) += n;
        }
        if let Some(st) = &s.timing {
            let t = timing.get_or_insert_with(SpeakerTiming::default);
            t.talk_time += st.talk_time;
            t.talk_share += st.talk_share;
            t.interruptions += st.interruptions;
            t.interrupted += st.interrupted;
            t.timed_turns += st.timed_turns;
            t.longest_silence = match (t.longest_silence, st.longest_silence) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
    }
    out.into_iter()
        .map(|(mut doc, counts, timing)| {
            doc.share = if total_words == 0 {
                0.0
            } else {
                round(doc.words as f32 / total_words as f32)
            };
            doc.mean_turn_words = mean(doc.words, doc.turns);
            doc.detectors = detector_figures(&analysis.registry, &counts, doc.words);
            doc.timing = timing.map(|mut t| {
                t.talk_time = round3(t.talk_time);
                t.talk_share = round3(t.talk_share);
                t.mean_turn_seconds = if t.timed_turns == 0 {
                    0.0
                } else {
                    round3(t.talk_time / t.timed_turns as f64)
                };
                timing_doc(&t)
            });
            doc
        })
        .collect()
}

fn cue_doc(text: &str, chars: &mut CharOffsets<'_>, c: &Cue) -> CueDoc {
    let matched = text.get(c.span.range()).unwrap_or("").to_string();
    let cs = chars.at(c.span.start);
    CueDoc {
        kind: c.kind.name().to_string(),
        char_span: SpanDoc {
            start: cs,
            end: cs + matched.chars().count(),
        },
        matched,
        span: SpanDoc {
            start: c.span.start,
            end: c.span.end,
        },
    }
}

fn finding_doc(text: &str, chars: &mut CharOffsets<'_>, f: &Finding) -> FindingDoc {
    let span = f.span;
    let matched = text.get(span.range()).unwrap_or("").to_string();
    let cs = chars.at(span.start);
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
