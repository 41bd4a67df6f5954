//! The engine: compiled lexicons plus the pipeline that runs a transcript through
//! detection and sequence analysis.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cues::{find_cues, mask, only_cues, Cue, CueKind};
use crate::detect::{
    detect_turn, Finding, Suppression, TurnContext, ATTACK_DETECTORS, THIRD_PARTY_BLAME,
};
use crate::lexicon::{ContextLists, Entry, LexiconError, LexiconSet, Matcher};
use crate::sequence::{escalation, non_answer, Escalation, TurnSignal, HOSTILE};
use crate::text::{word_key, Span, TurnText, Uncensor};
use crate::timing::{speaker_timing, turn_timing, SpeakerTiming, TurnTiming, LONG_SILENCE_SECONDS};
use crate::transcript::Transcript;

/// The detector name of sequence findings.
pub const ESCALATION: &str = "escalation";
/// The detector stonewalling findings (silence after a hostile turn) are reported under.
pub const AVOIDANCE: &str = "avoidance";

/// The share of its weight a counted [`THIRD_PARTY_BLAME`] finding adds to hostility.
const THIRD_PARTY_SHARE: f32 = 0.4;

/// Whether a counted finding makes its turn hostile for escalation, and with what share of
/// its weight: the attacks of [`ATTACK_DETECTORS`] in full, naming anger included (its
/// entries carry a light weight of their own, and detection excepts it only from what
/// sets validation aside), and blame of someone absent at [`THIRD_PARTY_SHARE`].
fn hostile_share(f: &Finding) -> Option<f32> {
    if ATTACK_DETECTORS.contains(&&*f.detector) {
        Some(1.0)
    } else if &*f.detector == THIRD_PARTY_BLAME {
        Some(THIRD_PARTY_SHARE)
    } else {
        None
    }
}

/// The share of its weight a blame match not aimed at the listener adds to hostility.
const UNAIMED_INSULT: f32 = 0.6;

/// Analyses transcripts. Cheap to clone, `Send + Sync`: build one and share it.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    entries: Vec<Entry>,
    matcher: Matcher,
    context: ContextLists,
    /// Spells masked swear words out ("f*ck") for matching, from `censored_words`.
    uncensor: Uncensor,
    detectors: Arc<[String]>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("entries", &self.inner.entries.len())
            .field("detectors", &self.inner.detectors)
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
    /// Detector names, sorted; `SpeakerStats::counts` follows this order.
    pub detectors: Arc<[String]>,
}

impl Analysis {
    /// Words in the session.
    pub fn words(&self) -> usize {
        self.turns.iter().map(|t| t.words).sum()
    }

    /// Counted findings of `detector` in the session.
    pub fn count(&self, detector: &str) -> usize {
        self.turns
            .iter()
            .flat_map(|t| &t.findings)
            .filter(|f| f.counts() && &*f.detector == detector)
            .count()
    }
}

impl Engine {
    /// An engine with the built-in lexicons.
    pub fn new() -> Engine {
        Engine::from_lexicons(LexiconSet::builtin())
            .unwrap_or_else(|e| panic!("built-in lexicons do not compile: {e}"))
    }

    /// An engine with the built-in lexicons plus the `*.toml` files of `dir` layered on top.
    pub fn with_lexicon_dir(dir: &Path) -> Result<Engine, LexiconError> {
        let mut set = LexiconSet::builtin();
        set.add_dir(dir)?;
        Engine::from_lexicons(set)
    }

    /// An engine from a prepared lexicon set.
    pub fn from_lexicons(set: LexiconSet) -> Result<Engine, LexiconError> {
        let entries = set.entries();
        let matcher = Matcher::new(&entries).map_err(|e| LexiconError::Parse {
            path: "lexicons".into(),
            line: None,
            message: format!("cannot compile the matcher: {e}"),
        })?;
        let mut detectors = set.detectors();
        detectors.push(ESCALATION.to_string());
        detectors.sort();
        detectors.dedup();
        let uncensor = Uncensor::new(set.context.censored_words.words());
        Ok(Engine {
            inner: Arc::new(Inner {
                entries,
                matcher,
                uncensor,
                context: set.context,
                detectors: detectors.into(),
            }),
        })
    }

    /// The compiled lexicon entries (one per term spelling).
    pub fn entries(&self) -> &[Entry] {
        &self.inner.entries
    }

    /// The detector names this engine reports, sorted.
    pub fn detectors(&self) -> &[String] {
        &self.inner.detectors
    }

    /// Findings of one turn's text, judged as a reply to a question when `after_question`.
    pub fn detect(&self, text: &str, after_question: bool) -> Vec<Finding> {
        let i = &self.inner;
        detect_turn(
            &i.matcher,
            &i.entries,
            &i.context,
            &TurnText::new(i.uncensor.apply(text.into())),
            TurnContext {
                after_question,
                replying: after_question,
                previous: None,
            },
        )
        .findings
    }

    /// Runs the whole pipeline on one transcript.
    pub fn analyze(&self, transcript: &Transcript) -> Analysis {
        let inner = &self.inner;
        let turns = &transcript.turns;
        // The turn each turn replies to: the other speaker's last turn before the speaker's
        // run of turns began. A chat message that follows the speaker's own message still
        // answers that turn ("Hi! Of course." then "Oh wow, that is really stressful.").
        let mut replied_to: Vec<Option<usize>> = Vec::with_capacity(turns.len());
        for k in 0..turns.len() {
            replied_to.push(match k {
                0 => None,
                _ if turns[k - 1].speaker != turns[k].speaker => Some(k - 1),
                _ => replied_to[k - 1],
            });
        }
        let contexts: Vec<TurnContext> = replied_to
            .iter()
            .enumerate()
            .map(|(k, r)| TurnContext {
                // Only the run's first turn answers a question: the next ones go on.
                after_question: *r == k.checked_sub(1)
                    && r.is_some_and(|p| asks_question(&turns[p].text, &inner.context)),
                replying: r.is_some(),
                previous: None,
            })
            .collect();
        // Cues are masked out and masked swear words spelled out (both keep the length, so
        // spans still index the original), and each turn normalised and split into words,
        // once per turn, before any is detected: a reply reads the turn it replies to too
        // (a reflection may give its words back), and that turn may be in another thread's
        // hands. What turn k finds depends only
        // on turn k and the turn it replies to, and the results are collected in turn
        // order, so the output does not depend on the number of threads.
        let (texts, cues): (Vec<_>, Vec<_>) = turns
            .par_iter()
            .map(|t| {
                let cues = find_cues(&t.text);
                let text = inner.uncensor.apply(mask(&t.text, &cues));
                (TurnText::new(text), cues)
            })
            .unzip();
        let detected: Vec<_> = texts
            .par_iter()
            .enumerate()
            .zip(contexts.par_iter())
            .map(|((k, text), ctx)| {
                let previous = replied_to[k].map(|p| &texts[p]);
                let mut found = detect_turn(
                    &inner.matcher,
                    &inner.entries,
                    &inner.context,
                    text,
                    TurnContext { previous, ..*ctx },
                );
                if ctx.after_question {
                    if let Some(span) = non_answer(&turns[k - 1].text, text, &inner.context) {
                        found.findings.push(non_answer_finding(span));
                    }
                }
                found
            })
            .collect();
        let timing = turn_timing(turns);

        let mut speaker_ids: Vec<&str> = Vec::new();
        let speakers_of: Vec<usize> = turns
            .iter()
            .map(|t| match speaker_ids.iter().position(|s| *s == t.speaker) {
                Some(p) => p,
                None => {
                    speaker_ids.push(&t.speaker);
                    speaker_ids.len() - 1
                }
            })
            .collect();
        let signals: Vec<TurnSignal> = detected
            .iter()
            .enumerate()
            .map(|(k, d)| {
                let crosstalk = cues[k].iter().any(|c| c.kind == CueKind::Crosstalk);
                let mut s = TurnSignal {
                    caps_ratio: d.caps_ratio,
                    exclamations: d.exclamations,
                    words: d.words,
                    interrupts: timing[k].interrupts() || (timing[k].reply && crosstalk),
                    rapid: timing[k].rapid(),
                    ..TurnSignal::default()
                };
                for f in &d.findings {
                    if f.suppressed == Some(Suppression::NoSecondPerson) && &*f.detector == "blame"
                    {
                        // An insult not aimed at the listener is not blame, but it still
                        // heats the conversation.
                        s.hostile += f.weight * UNAIMED_INSULT;
                    }
                    if !f.counts() {
                        continue;
                    }
                    if let Some(share) = hostile_share(f) {
                        s.hostile += f.weight * share;
                    } else if &*f.detector == "validation" {
                        let repair = if &*f.category == "repair" { 1.5 } else { 1.0 };
                        s.repair += f.weight * repair;
                    }
                }
                s
            })
            .collect();
        let esc = escalation(&signals, &speakers_of);

        let mut out_turns: Vec<TurnAnalysis> = detected
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
        add_escalation_findings(&mut out_turns, turns, &esc);
        add_stonewalling_findings(&mut out_turns, turns, &esc);

        let detectors = inner.detectors.clone();
        let total_words: usize = out_turns.iter().map(|t| t.words).sum();
        let mut speakers: Vec<SpeakerStats> = speaker_ids
            .iter()
            .map(|s| SpeakerStats {
                speaker: s.to_string(),
                turns: 0,
                words: 0,
                share: 0.0,
                counts: vec![0; detectors.len()],
                timing: None,
                cues: Vec::new(),
            })
            .collect();
        let per_speaker_timing = speaker_timing(turns, &timing, &speakers_of, speakers.len());
        for (s, t) in speakers.iter_mut().zip(per_speaker_timing) {
            s.timing = t;
        }
        for (k, t) in out_turns.iter().enumerate() {
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
                if let Ok(d) = detectors.binary_search_by(|n| n.as_str().cmp(&f.detector)) {
                    s.counts[d] += 1;
                }
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
        Analysis {
            turns: out_turns,
            speakers,
            escalation: esc,
            detectors,
        }
    }
}

/// Whether a turn asks a question: a `?`, or a last sentence opening with a question word.
fn asks_question(text: &str, lists: &ContextLists) -> bool {
    if text.contains('?') {
        return true;
    }
    let last = text
        .trim_end()
        .rsplit(['.', '!', '\n'])
        .find(|s| !s.trim().is_empty())
        .unwrap_or("");
    let first_word = last
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty())
        .map(|w| w.to_lowercase());
    let mut key = String::new();
    first_word.is_some_and(|w| lists.question_openers.contains(word_key(&w, &mut key)))
}

/// The finding for a reply that does not answer the question before it.
fn non_answer_finding(span: Span) -> Finding {
    Finding {
        detector: Arc::from("avoidance"),
        category: Arc::from("non_answer"),
        rule: Arc::from("avoidance:non_answer"),
        span,
        negated: false,
        suppressed: None,
        intensity: 1.0,
        weight: 1.0,
    }
}

/// Marks the hostile turns inside escalation episodes, at the spans that made them hostile.
fn add_escalation_findings(
    turns: &mut [TurnAnalysis],
    source: &[crate::transcript::Turn],
    esc: &Escalation,
) {
    let detector: Arc<str> = Arc::from(ESCALATION);
    for ep in &esc.episodes {
        for k in ep.first..=ep.last {
            if esc.hostility[k] < HOSTILE {
                continue;
            }
            let (category, rule): (Arc<str>, Arc<str>) = if esc.reciprocal[k] {
                (
                    "negative_reciprocity".into(),
                    "escalation:negative_reciprocity".into(),
                )
            } else {
                ("rising".into(), "escalation:rising".into())
            };
            let weight = esc.curve[k];
            let t = &mut turns[k];
            let spans: Vec<Span> = t
                .findings
                .iter()
                .filter(|f| f.counts() && hostile_share(f).is_some())
                .map(|f| f.span)
                .collect();
            let spans = if spans.is_empty() {
                // Hostile by its shape alone (shouting, "!!!"): the whole turn is the evidence.
                vec![Span::new(0, source[k].text.len())]
            } else {
                spans
            };
            for span in spans {
                t.findings.push(Finding {
                    detector: detector.clone(),
                    category: category.clone(),
                    rule: rule.clone(),
                    span,
                    negated: false,
                    suppressed: None,
                    intensity: 1.0,
                    weight,
                });
            }
        }
    }
}

/// Marks stonewalling: a reply to another speaker's hostile turn that is not hostile
/// itself and comes after a long silence (at least [`LONG_SILENCE_SECONDS`]), opens
/// with a pause cue (`(pause)`, `[silence]`), or is nothing but cues. Reported as
/// `avoidance` findings of category `stonewalling`: rule `stonewalling:long_silence`
/// with an empty span at the turn's start (the silence came before it), or
/// `stonewalling:silent_reply` on the pause cue (or the whole turn of cues).
fn add_stonewalling_findings(
    turns: &mut [TurnAnalysis],
    source: &[crate::transcript::Turn],
    esc: &Escalation,
) {
    let detector: Arc<str> = Arc::from(AVOIDANCE);
    let category: Arc<str> = Arc::from("stonewalling");
    for k in 1..turns.len() {
        let t = &turns[k];
        if !t.timing.reply || esc.hostility[k - 1] < HOSTILE || esc.hostility[k] >= HOSTILE {
            continue;
        }
        let text = &source[k].text;
        let first_word = text
            .char_indices()
            .find(|&(i, c)| {
                c.is_alphanumeric() && !t.cues.iter().any(|q| q.span.range().contains(&i))
            })
            .map_or(text.len(), |(i, _)| i);
        let leading_pause = t
            .cues
            .iter()
            .find(|c| c.kind == CueKind::Pause && c.span.start < first_word);
        let (rule, span) = if let Some(c) = leading_pause {
            ("stonewalling:silent_reply", c.span)
        } else if only_cues(text, &t.cues) {
            ("stonewalling:silent_reply", Span::new(0, text.len()))
        } else if t.timing.pause.is_some_and(|p| p >= LONG_SILENCE_SECONDS) {
            ("stonewalling:long_silence", Span::new(0, 0))
        } else {
            continue;
        };
        turns[k].findings.insert(
            0,
            Finding {
                detector: detector.clone(),
                category: category.clone(),
                rule: rule.into(),
                span,
                negated: false,
                suppressed: None,
                intensity: 1.0,
                weight: 1.0,
            },
        );
    }
}

// The engine is shared by reference across threads: the build fails if that stops holding.
const _: fn() = || {
    fn is<T: Send + Sync>() {}
    is::<Engine>();
};

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(detector: &str, category: &str) -> Finding {
        Finding {
            detector: Arc::from(detector),
            category: Arc::from(category),
            rule: Arc::from(format!("{detector}:x")),
            span: Span::new(0, 1),
            negated: false,
            suppressed: None,
            intensity: 1.0,
            weight: 1.0,
        }
    }

    #[test]
    fn escalation_counts_more_as_hostile_than_detection_counts_as_an_attack() {
        // Naming anger is no attack (validation beside it stands) but still heats the
        // talk; blame of someone absent heats it in part.
        for (detector, category, share) in [
            ("blame", "accusation", Some(1.0)),
            ("hostility", "profanity", Some(1.0)),
            ("hostility", "anger", Some(1.0)),
            (THIRD_PARTY_BLAME, "character", Some(THIRD_PARTY_SHARE)),
            ("self_blame", "fault", None),
            ("validation", "empathy", None),
        ] {
            assert_eq!(
                hostile_share(&finding(detector, category)),
                share,
                "{detector}/{category}"
            );
        }
    }
}
