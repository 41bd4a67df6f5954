//! The engine: compiled lexicons plus the pipeline that runs a transcript through
//! detection and sequence analysis.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::cues::{find_cues, mask, Cue, CueKind};
use crate::detect::{asks_question, detect_turn, Finding, TurnContext, TurnFindings};
use crate::lexicon::{Compiled, LexiconError, LexiconSet, Registry, SequenceRule};
use crate::sequence::escalation::{episode_findings, escalation_weighted, SessionWeights};
use crate::sequence::non_answer::non_answer_finding;
use crate::sequence::signals::turn_signal;
use crate::sequence::stonewalling::stonewalling_findings;
use crate::sequence::{non_answer, Escalation};
use crate::text::{TurnText, Uncensor};
use crate::timing::{speaker_timing, turn_timing, SpeakerTiming, TurnTiming};
use crate::transcript::{Transcript, Turn};

/// Analyses transcripts. Cheap to clone, `Send + Sync`: build one and share it.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    lexicons: Compiled,
    /// Spells masked swear words out ("f*ck") for matching, from `censored_words`.
    uncensor: Uncensor,
    /// The detectors' names, sorted (the registry's order).
    names: Vec<String>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("entries", &self.inner.lexicons.entries.len())
            .field("detectors", &self.inner.names)
            .finish()
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

/// What the engine found in one turn.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnAnalysis {
    /// Findings in text order: lexicon findings, then escalation findings.
    pub findings: Vec<Finding>,
    /// Words in the turn.
    pub words: usize,
    /// Whether the turn asks a question.
    pub is_question: bool,
    /// Non-verbal cues written in the turn (`[sighs]`, `(pause)`, ...), in text order.
    pub cues: Vec<Cue>,
    /// The pause before the turn and its overlap with the previous one, where times are known.
    pub timing: TurnTiming,
}

/// Figures for one speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerStats {
    /// The speaker's name.
    pub speaker: String,
    /// Turns taken.
    pub turns: usize,
    /// Words spoken.
    pub words: usize,
    /// Share of the session's words, in `[0, 1]`.
    pub share: f32,
    /// Counted findings per detector, in the engine's detector order.
    pub counts: Vec<usize>,
    /// Talk time, its share, turn length, silences and interruptions, where the
    /// transcript has start and end times.
    pub timing: Option<SpeakerTiming>,
    /// Non-verbal cues in the speaker's turns, counted per kind (kinds with none left out).
    pub cues: Vec<(CueKind, usize)>,
}

/// What the engine found in one session.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// One per turn of the transcript, in order.
    pub turns: Vec<TurnAnalysis>,
    /// Speakers in order of first appearance.
    pub speakers: Vec<SpeakerStats>,
    /// The session's escalation.
    pub escalation: Escalation,
    /// The detectors: findings' ids index it, and `SpeakerStats::counts` follows its
    /// (sorted) order.
    pub registry: Arc<Registry>,
}

impl Analysis {
    /// Words in the session.
    pub fn words(&self) -> usize {
        self.turns.iter().map(|t| t.words).sum()
    }

    /// Counted findings of the detector named `detector` in the session.
    pub fn count(&self, detector: &str) -> usize {
        let Some(id) = self.registry.id(detector) else {
            return 0;
        };
        self.turns
            .iter()
            .flat_map(|t| &t.findings)
            .filter(|f| f.counts() && f.detector.id() == id)
            .count()
    }
}

impl Engine {
    /// An engine with the built-in lexicons.
    pub fn new() -> Engine {
        Engine::from_lexicons(LexiconSet::builtin())
            .unwrap_or_else(|e| panic!("built-in lexicons do not compile: {e}"))
    }

    /// An engine with the built-in lexicons plus the lexicon files of `dir` layered on
    /// top (see [`LexiconSet::add_dir`]).
    pub fn with_lexicon_dir(dir: &Path) -> Result<Engine, LexiconError> {
        let mut set = LexiconSet::builtin();
        set.add_dir(dir)?;
        Engine::from_lexicons(set)
    }

    /// An engine from a prepared lexicon set.
    pub fn from_lexicons(set: LexiconSet) -> Result<Engine, LexiconError> {
        let uncensor = Uncensor::new(set.context.censored_words.words());
        let lexicons = Compiled::new(set)?;
        let names = lexicons.registry.names();
        Ok(Engine {
            inner: Arc::new(Inner {
                lexicons,
                uncensor,
                names,
            }),
        })
    }

    /// The compiled lexicon entries (one per term spelling).
    pub fn entries(&self) -> &[crate::lexicon::Entry] {
        &self.inner.lexicons.entries
    }

    /// The detectors: what each means and does, from the lexicon headers.
    pub fn registry(&self) -> &Arc<Registry> {
        &self.inner.lexicons.registry
    }

    /// The detector names this engine reports, sorted.
    pub fn detectors(&self) -> &[String] {
        &self.inner.names
    }

    /// Findings of one turn's text, judged as a reply to a question when `after_question`.
    pub fn detect(&self, text: &str, after_question: bool) -> Vec<Finding> {
        let i = &self.inner;
        detect_turn(
            &i.lexicons,
            &TurnText::new(i.uncensor.apply(text.into())),
            TurnContext {
                after_question,
                replying: after_question,
                previous: None,
            },
        )
        .findings
    }

    /// Runs the whole pipeline on one transcript: each step below is a pass over the
    /// session, and what turn k finds depends only on turn k and the turn it replies to,
    /// so the turns are detected in parallel and the output does not depend on the
    /// number of threads.
    pub fn analyze(&self, transcript: &Transcript) -> Analysis {
        let lex = &self.inner.lexicons;
        let registry = &lex.registry;
        let turns = &transcript.turns;
        let replied_to = replies(turns);
        let (texts, cues) = self.prepare(turns);
        let mut found = self.detect_all(turns, &texts, &replied_to);
        let timing = turn_timing(turns);
        let speakers_of = speaker_ids(turns);
        let signals: Vec<_> = found
            .iter()
            .zip(&timing)
            .zip(&cues)
            .map(|((d, t), c)| {
                let crosstalk = c.iter().any(|c| c.kind == CueKind::Crosstalk);
                turn_signal(registry, d, t, crosstalk)
            })
            .collect();
        let weights = SessionWeights {
            impoliteness: registry.impoliteness(),
        };
        let esc = escalation_weighted(&signals, &speakers_of.0, weights);
        let sources: Vec<&str> = turns.iter().map(|t| t.text.as_str()).collect();
        if let Some(rule) = registry.rule(SequenceRule::Escalation) {
            for (k, f) in episode_findings(registry, rule, &esc, &found, &sources) {
                found[k].findings.push(f);
            }
        }
        if let Some(rule) = registry.rule(SequenceRule::Stonewalling) {
            for (k, f) in stonewalling_findings(registry, rule, &esc, &sources, &cues, &timing) {
                found[k].findings.insert(0, f);
            }
        }
        let out_turns: Vec<TurnAnalysis> = found
            .into_iter()
            .zip(cues)
            .zip(&timing)
            .map(|((d, cues), timing)| TurnAnalysis {
                findings: d.findings,
                words: d.words,
                is_question: d.is_question,
                cues,
                timing: *timing,
            })
            .collect();
        let speakers = speaker_stats(registry.len(), turns, &out_turns, &timing, speakers_of);
        Analysis {
            turns: out_turns,
            speakers,
            escalation: esc,
            registry: registry.clone(),
        }
    }

    /// Each turn as detection reads it: cues masked out and masked swear words spelled out
    /// (both keep the length, so spans still index the original), normalised and split
    /// into words, once per turn, before any is detected (a reply reads the turn it
    /// replies to too, which may be in another thread's hands); and the cues.
    fn prepare<'t>(&self, turns: &'t [Turn]) -> (Vec<TurnText<'t>>, Vec<Vec<Cue>>) {
        let uncensor = &self.inner.uncensor;
        turns
            .par_iter()
            .map(|t| {
                let cues = find_cues(&t.text);
                let text = uncensor.apply(mask(&t.text, &cues));
                (TurnText::new(text), cues)
            })
            .unzip()
    }

    /// Detects every turn, in parallel, each as a reply to the turn it replies to, and
    /// marks a reply that dodges a question ([`non_answer`]).
    fn detect_all(
        &self,
        turns: &[Turn],
        texts: &[TurnText<'_>],
        replied_to: &[Option<usize>],
    ) -> Vec<TurnFindings> {
        let lex = &self.inner.lexicons;
        let non_answers = lex.registry.rule(SequenceRule::NonAnswer);
        (0..turns.len())
            .into_par_iter()
            .map(|k| {
                let previous = replied_to[k].map(|p| &texts[p]);
                // Only the run's first turn answers a question: the next ones go on.
                let after_question = replied_to[k] == k.checked_sub(1)
                    && replied_to[k].is_some_and(|p| asks_question(&turns[p].text, &lex.lists));
                let ctx = TurnContext {
                    after_question,
                    replying: previous.is_some(),
                    previous,
                };
                let mut found = detect_turn(lex, &texts[k], ctx);
                if let Some(rule) = non_answers.filter(|_| after_question) {
                    if let Some(span) =
                        non_answer(&turns[k - 1].text, &texts[k - 1], &texts[k], &lex.lists)
                    {
                        found
                            .findings
                            .push(non_answer_finding(&lex.registry, rule, span));
                    }
                }
                found
            })
            .collect()
    }
}

/// The turn each turn replies to: the other speaker's last turn before the speaker's run
/// of turns began. A chat message that follows the speaker's own message still answers
/// that turn ("Hi! Of course." then "Oh wow, that is really stressful.").
fn replies(turns: &[Turn]) -> Vec<Option<usize>> {
    let mut replied_to: Vec<Option<usize>> = Vec::with_capacity(turns.len());
    for k in 0..turns.len() {
        replied_to.push(match k {
            0 => None,
            _ if turns[k - 1].speaker != turns[k].speaker => Some(k - 1),
            _ => replied_to[k - 1],
        });
    }
    replied_to
}

/// Each turn's speaker as a number, in order of first appearance, and the speakers'
/// names in that order: one hash look-up a turn, however many speakers there are.
fn speaker_ids(turns: &[Turn]) -> (Vec<usize>, Vec<&str>) {
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut names: Vec<&str> = Vec::new();
    let of = turns
        .iter()
        .map(|t| {
            *ids.entry(t.speaker.as_str()).or_insert_with(|| {
                names.push(&t.speaker);
                names.len() - 1
            })
        })
        .collect();
    (of, names)
}

/// Figures per speaker, in order of first appearance: turns, words, share of the words,
/// counted findings per detector (in the registry's order), timing and cues.
fn speaker_stats(
    detectors: usize,
    turns: &[Turn],
    analysed: &[TurnAnalysis],
    timing: &[TurnTiming],
    (speakers_of, names): (Vec<usize>, Vec<&str>),
) -> Vec<SpeakerStats> {
    let total_words: usize = analysed.iter().map(|t| t.words).sum();
    let mut speakers: Vec<SpeakerStats> = names
        .iter()
        .map(|s| SpeakerStats {
            speaker: s.to_string(),
            turns: 0,
            words: 0,
            share: 0.0,
            counts: vec![0; detectors],
            timing: None,
            cues: Vec::new(),
        })
        .collect();
    let per_speaker_timing = speaker_timing(turns, timing, &speakers_of, speakers.len());
    for (s, t) in speakers.iter_mut().zip(per_speaker_timing) {
        s.timing = t;
    }
    for (k, t) in analysed.iter().enumerate() {
        let s = &mut speakers[speakers_of[k]];
        s.turns += 1;
        s.words += t.words;
        for c in &t.cues {
            match s.cues.iter_mut().find(|(k, _)| *k == c.kind) {
                Some(entry) => entry.1 += 1,
                None => s.cues.push((c.kind, 1)),
            }
        }
        for f in t.findings.iter().filter(|f| f.counts()) {
            s.counts[f.detector.id().index()] += 1;
        }
    }
    for s in &mut speakers {
        s.cues.sort();
        s.share = if total_words == 0 {
            0.0
        } else {
            ((s.words as f32 / total_words as f32) * 1000.0).round() / 1000.0
        };
    }
    speakers
}

// The engine is shared by reference across threads: the build fails if that stops holding.
const _: fn() = || {
    fn is<T: Send + Sync>() {}
    is::<Engine>();
};
