//! Escalation: a property of the conversation, not of one turn.
//!
//! Each turn gets a hostility level from its counted findings of `attack` detectors
//! (blame, contempt, profanity, threats, invalidation; `signals.rs` adds them up by the
//! weights and shares the registry gives) and its shape (shouting, `!!`), and a repair
//! level from its `repair` findings. A running tension carries over from turn to turn,
//! decays, rises faster when a hostile turn answers a hostile turn of another speaker
//! (negative reciprocity), and falls with repair. The curve is that tension squashed
//! into `[0, 1)`. Episodes are stretches of high tension that contain reciprocity or a
//! rise over consecutive turns; the session score weighs most the most hostile turn
//! after the opening one (hostility the conversation brings), then the peak of the
//! tension, how the session ends, how much of it was hostile, and reciprocity, so a
//! fight ranks above a repaired argument, and that above a calm talk. A small last part,
//! weighed by the header's `impoliteness`, is the share of turns with no politeness marker
//! (no hedge, no thanks): civil talk that lacks them turns hostile more often than talk
//! that has them (Zhang et al. 2018), so it ranks a little higher.
//!
//! Timing and non-verbal cues add to it where the transcript has them: a turn that
//! cuts in on another speaker (overlapping their turn, or marked `[crosstalk]`) while
//! either turn is hostile adds tension in proportion to that hostility, and so, less,
//! does a reply latched onto a hostile turn with no gap. Outside a hostile stretch,
//! interruptions and quick replies add nothing.

use std::sync::Arc;

use crate::detect::{Finding, TurnFindings};
use crate::lexicon::{DetectorId, Registry};
use crate::text::Span;

/// Per-turn inputs of the sequence stage.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TurnSignal {
    /// Sum of the weights of counted hostile findings (blame and hostility in full, blame
    /// of someone absent and insults not aimed at the listener in part).
    pub hostile: f32,
    /// Sum of the weights of counted validation findings (repair weighs more).
    pub repair: f32,
    /// Share of capitals among the turn's letters.
    pub caps_ratio: f32,
    /// Exclamation marks in the turn.
    pub exclamations: usize,
    /// Letters in the turn (shouting needs some).
    pub words: usize,
    /// The turn cuts in on another speaker: it overlaps their turn, or carries a
    /// crosstalk annotation.
    pub interrupts: bool,
    /// The turn answers another speaker with (almost) no gap.
    pub rapid: bool,
    /// The turn hedges or thanks (a politeness marker, `src/detect/politeness.rs`).
    pub polite: bool,
}

/// What the session score weighs beyond the turns' hostility, from the lexicon headers
/// (`[escalation]` of the detector that holds the escalation rule, `escalation.toml`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SessionWeights {
    /// Added to the score times the share of turns with no politeness marker: of two
    /// equally calm (or equally heated) conversations, the one whose turns neither hedge
    /// nor thank ranks higher, as such talk turns hostile more often (Zhang et al. 2018).
    pub impoliteness: f32,
}

/// A stretch of rising hostility.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    /// Index of the first turn.
    pub first: usize,
    /// Index of the turn where the curve peaks.
    pub peak: usize,
    /// Index of the last turn.
    pub last: usize,
    /// The curve's value at the peak.
    pub intensity: f32,
    /// Whether a hostile turn answered a hostile turn of another speaker inside it.
    pub reciprocal: bool,
}

/// The escalation of one session.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Escalation {
    /// Session score in `[0, 1]`.
    pub score: f32,
    /// Per-turn hostility level in `[0, 1)`.
    pub hostility: Vec<f32>,
    /// Per-turn tension curve in `[0, 1)`.
    pub curve: Vec<f32>,
    /// Episodes, in order.
    pub episodes: Vec<Episode>,
    /// For each turn, whether it answered a hostile turn of another speaker with hostility.
    pub reciprocal: Vec<bool>,
    /// For each turn, whether it cut in on another speaker during a hostile stretch
    /// (and so raised the tension).
    pub interruptions: Vec<bool>,
}

/// A turn counts as hostile at this hostility level.
pub const HOSTILE: f32 = 0.3;
/// Tension carried from one turn to the next.
const DECAY: f32 = 0.6;
/// Extra tension when hostility answers hostility.
const RECIPROCITY: f32 = 0.6;
/// How much repair lowers tension.
const REPAIR: f32 = 1.0;
/// The curve level that makes a stretch an episode.
const EPISODE_LEVEL: f32 = 0.35;
/// Extra tension, times the stretch's hostility, when a turn cuts in during a hostile stretch.
const INTERRUPTION: f32 = 0.4;
/// Extra tension, times the stretch's hostility, for a latched reply in a hostile stretch.
const RAPID: f32 = 0.15;

fn squash(x: f32) -> f32 {
    1.0 - (-x.max(0.0)).exp()
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// Computes escalation from per-turn signals and speakers (`speakers[i]` is an id of turn i's
/// speaker), with no session weights beyond the turns' hostility ([`escalation_weighted`]
/// with [`SessionWeights::default`]).
pub fn escalation(signals: &[TurnSignal], speakers: &[usize]) -> Escalation {
    escalation_weighted(signals, speakers, SessionWeights::default())
}

/// Computes escalation from per-turn signals and speakers, the session score weighing
/// politeness as `weights` says.
pub fn escalation_weighted(
    signals: &[TurnSignal],
    speakers: &[usize],
    weights: SessionWeights,
) -> Escalation {
    let n = signals.len();
    let mut hostility = Vec::with_capacity(n);
    for s in signals {
        let mut raw = s.hostile;
        if s.words >= 3 && s.caps_ratio >= 0.6 {
            raw += 0.6; // shouting
        }
        if s.exclamations >= 2 && s.hostile > 0.0 {
            // Exclamation marks intensify hostile words; on their own they are as often
            // enthusiasm ("we won!!") as anger.
            raw += 0.15 * (s.exclamations.min(4) as f32);
        }
        hostility.push(round3(squash(raw)));
    }
    let mut tension = 0.0f32;
    let mut curve = Vec::with_capacity(n);
    let mut reciprocal = vec![false; n];
    let mut interruptions = vec![false; n];
    for i in 0..n {
        let h = hostility[i];
        let v = squash(signals[i].repair);
        let mut add = h;
        if i > 0 && h >= HOSTILE && hostility[i - 1] >= HOSTILE && speakers[i] != speakers[i - 1] {
            reciprocal[i] = true;
            add += RECIPROCITY * h;
        }
        if i > 0 && speakers[i] != speakers[i - 1] {
            let stretch = h.max(hostility[i - 1]);
            if stretch >= HOSTILE {
                if signals[i].interrupts {
                    interruptions[i] = true;
                    add += INTERRUPTION * stretch;
                } else if signals[i].rapid {
                    add += RAPID * stretch;
                }
            }
        }
        tension = (DECAY * tension + add - REPAIR * v).max(0.0);
        if v > 0.0 && h < HOSTILE {
            // Repair without new hostility brings tension down further.
            tension *= 1.0 - 0.5 * v;
        }
        curve.push(round3(squash(tension)));
    }
    let episodes = find_episodes(&curve, &hostility, &reciprocal);
    let score = if n == 0 {
        0.0
    } else {
        let peak = curve.iter().copied().fold(0.0, f32::max);
        let tail = n.min(2);
        let end = curve[n - tail..].iter().sum::<f32>() / tail as f32;
        let hostile_share = hostility.iter().filter(|h| **h >= HOSTILE).count() as f32 / n as f32;
        let mean_h = hostility.iter().sum::<f32>() / n as f32;
        let recip = if reciprocal.iter().any(|r| *r) {
            1.0
        } else {
            0.0
        };
        let later = later_peak(&hostility);
        let impolite = signals.iter().filter(|s| !s.polite).count() as f32 / n as f32;
        round3(
            (0.45 * later
                + 0.2 * peak
                + 0.1 * end
                + 0.1 * hostile_share
                + 0.1 * mean_h
                + 0.05 * recip
                + weights.impoliteness * impolite)
                .min(1.0),
        )
    };
    Escalation {
        score,
        hostility,
        curve,
        episodes,
        reciprocal,
        interruptions,
    }
}

/// The highest hostility of a turn after the opening one (the opening turn's own, in a
/// session of one turn). The opening sets the topic and the tone; escalation is the
/// hostility the conversation itself brings, so a session whose replies turn hostile after
/// a calm opening scores as high as one that started hostile.
fn later_peak(hostility: &[f32]) -> f32 {
    let later = if hostility.len() > 1 {
        &hostility[1..]
    } else {
        hostility
    };
    later.iter().copied().fold(0.0, f32::max)
}

fn find_episodes(curve: &[f32], hostility: &[f32], reciprocal: &[bool]) -> Vec<Episode> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < curve.len() {
        if curve[i] < EPISODE_LEVEL || hostility[i] < HOSTILE {
            i += 1;
            continue;
        }
        // The hostile turns that built the tension up belong to the episode too.
        let mut first = i;
        while first > 0
            && hostility[first - 1] >= HOSTILE
            && out.last().is_none_or(|e: &Episode| e.last < first - 1)
        {
            first -= 1;
        }
        let mut last = i;
        while last + 1 < curve.len() && curve[last + 1] >= EPISODE_LEVEL {
            last += 1;
        }
        // Trim trailing turns that are not hostile: the episode ends with its last hostile turn.
        while last > first && hostility[last] < HOSTILE {
            last -= 1;
        }
        let peak = (first..=last)
            .max_by(|a, b| curve[*a].total_cmp(&curve[*b]).then(b.cmp(a)))
            .unwrap_or(first);
        let recip = reciprocal[first..=last].iter().any(|r| *r);
        let rising = (first + 1..=last).any(|k| curve[k] > curve[k - 1] && hostility[k] >= HOSTILE);
        if recip || rising {
            out.push(Episode {
                first,
                peak,
                last,
                intensity: curve[peak],
                reciprocal: recip,
            });
        }
        i = last + 1;
    }
    out
}

/// The findings that mark the hostile turns inside escalation episodes, as `(turn,
/// finding)`: one at each span that made the turn hostile (the counted findings with a
/// hostile share), or at the whole turn where its shape alone did (shouting, "!!!").
/// Category and rule say how it rose: `negative_reciprocity` where the turn answered
/// hostility with hostility, `rising` otherwise. The weight is the curve at the turn,
/// times the rule's weight.
pub(crate) fn episode_findings(
    registry: &Registry,
    (detector, weight): (DetectorId, f32),
    esc: &Escalation,
    found: &[TurnFindings],
    texts: &[&str],
) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    let reciprocity: (Arc<str>, Arc<str>) = (
        "negative_reciprocity".into(),
        "escalation:negative_reciprocity".into(),
    );
    let rising: (Arc<str>, Arc<str>) = ("rising".into(), "escalation:rising".into());
    for ep in &esc.episodes {
        for k in ep.first..=ep.last {
            if esc.hostility[k] < HOSTILE {
                continue;
            }
            let (category, rule) = if esc.reciprocal[k] {
                &reciprocity
            } else {
                &rising
            };
            let mut spans: Vec<Span> = found[k]
                .findings
                .iter()
                .filter(|f| {
                    f.counts()
                        && registry
                            .hostile_share(f.detector.id(), &f.category)
                            .is_some()
                })
                .map(|f| f.span)
                .collect();
            if spans.is_empty() {
                // Hostile by its shape alone (shouting, "!!!"): the whole turn is the evidence.
                spans.push(Span::new(0, texts[k].len()));
            }
            for span in spans {
                out.push((
                    k,
                    Finding {
                        detector: registry.handle(detector),
                        category: category.clone(),
                        rule: rule.clone(),
                        span,
                        negated: false,
                        suppressed: None,
                        intensity: 1.0,
                        weight: esc.curve[k] * weight,
                    },
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(hostile: f32, repair: f32) -> TurnSignal {
        TurnSignal {
            hostile,
            repair,
            caps_ratio: 0.05,
            exclamations: 0,
            words: 10,
            ..TurnSignal::default()
        }
    }

    const AB: [usize; 6] = [0, 1, 0, 1, 0, 1];

    #[test]
    fn fight_above_repaired_above_calm() {
        let fight = escalation(
            &[
                sig(0.5, 0.0),
                sig(1.0, 0.0),
                sig(1.5, 0.0),
                sig(2.0, 0.0),
                sig(2.0, 0.0),
                sig(2.5, 0.0),
            ],
            &AB,
        );
        let repaired = escalation(
            &[
                sig(0.5, 0.0),
                sig(1.0, 0.0),
                sig(1.5, 0.0),
                sig(0.0, 1.5),
                sig(0.0, 1.5),
                sig(0.0, 1.0),
            ],
            &AB,
        );
        let calm = escalation(&[sig(0.0, 0.5); 6], &AB);
        assert!(
            fight.score > repaired.score,
            "{} vs {}",
            fight.score,
            repaired.score
        );
        assert!(
            repaired.score > calm.score,
            "{} vs {}",
            repaired.score,
            calm.score
        );
        assert_eq!(calm.score, 0.0);
        assert!(calm.episodes.is_empty());
        assert_eq!(fight.episodes.len(), 1);
        let ep = &fight.episodes[0];
        assert_eq!((ep.first, ep.last), (0, 5));
        assert!(ep.reciprocal);
        assert!((0.0..=1.0).contains(&fight.score));
    }

    #[test]
    fn a_lone_hostile_turn_is_not_an_episode() {
        let e = escalation(&[sig(0.0, 0.0), sig(0.6, 0.0), sig(0.0, 0.0)], &[0, 1, 0]);
        assert!(e.episodes.is_empty(), "{:?}", e.episodes);
        assert!(!e.reciprocal.iter().any(|r| *r));
    }

    #[test]
    fn shouting_counts_as_hostility() {
        let mut loud = sig(0.0, 0.0);
        loud.caps_ratio = 0.9;
        loud.exclamations = 3;
        let e = escalation(&[loud], &[0]);
        assert!(e.hostility[0] >= HOSTILE);
    }

    #[test]
    fn interruptions_in_a_hostile_stretch_raise_tension_and_elsewhere_do_not() {
        let turns = [sig(0.8, 0.0), sig(0.8, 0.0), sig(0.8, 0.0), sig(0.8, 0.0)];
        let base = escalation(&turns, &[0, 1, 0, 1]);
        let mut cut = turns;
        for s in &mut cut[1..] {
            s.interrupts = true;
        }
        let cutting = escalation(&cut, &[0, 1, 0, 1]);
        assert!(
            cutting.score > base.score,
            "{} vs {}",
            cutting.score,
            base.score
        );
        assert_eq!(cutting.interruptions, [false, true, true, true]);
        let mut latched = turns;
        for s in &mut latched[1..] {
            s.rapid = true;
        }
        let latching = escalation(&latched, &[0, 1, 0, 1]);
        assert!(latching.score > base.score && latching.score < cutting.score);

        let calm = [sig(0.0, 0.3), sig(0.0, 0.3), sig(0.0, 0.3)];
        let mut calm_cut = calm;
        calm_cut[1].interrupts = true;
        calm_cut[2].rapid = true;
        assert_eq!(escalation(&calm, &[0, 1, 0]), {
            let mut e = escalation(&calm_cut, &[0, 1, 0]);
            e.interruptions = vec![false; 3];
            e
        });
    }

    #[test]
    fn exclamations_intensify_hostility_but_are_not_hostile_alone() {
        let mut cheer = sig(0.0, 0.0);
        cheer.exclamations = 3;
        assert_eq!(escalation(&[cheer], &[0]).hostility[0], 0.0);
        let mut angry = sig(0.5, 0.0);
        angry.exclamations = 3;
        let plain = escalation(&[sig(0.5, 0.0)], &[0]).hostility[0];
        assert!(escalation(&[angry], &[0]).hostility[0] > plain);
    }

    #[test]
    fn hostility_after_a_calm_opening_scores_above_a_hostile_opening_answered_calmly() {
        let turned = escalation(&[sig(0.0, 0.0), sig(1.5, 0.0)], &[0, 1]);
        let answered = escalation(&[sig(1.5, 0.0), sig(0.0, 0.0)], &[0, 1]);
        assert!(
            turned.score > answered.score,
            "{} vs {}",
            turned.score,
            answered.score
        );
        // A calm reply to a calm opening stays at zero; a single turn counts for itself.
        assert_eq!(escalation(&[sig(0.0, 0.0); 2], &[0, 1]).score, 0.0);
        assert!(escalation(&[sig(1.5, 0.0)], &[0]).score > 0.3);
    }

    #[test]
    fn later_peak_skips_the_opening_turn() {
        assert_eq!(later_peak(&[0.9, 0.2, 0.4]), 0.4);
        assert_eq!(later_peak(&[0.7]), 0.7);
        assert_eq!(later_peak(&[]), 0.0);
    }

    #[test]
    fn a_session_without_politeness_markers_ranks_a_little_higher() {
        let w = SessionWeights { impoliteness: 0.02 };
        let turns = |polite: [bool; 3], hostile: f32| {
            let s: Vec<TurnSignal> = polite
                .iter()
                .map(|p| TurnSignal {
                    polite: *p,
                    ..sig(hostile, 0.0)
                })
                .collect();
            escalation_weighted(&s, &[0, 1, 0], w).score
        };
        // (politeness of the three turns, hostility of each, score)
        let table = [
            ([true, true, true], 0.0, 0.0),
            ([false, true, true], 0.0, 0.007),
            ([false, false, false], 0.0, 0.02),
        ];
        for (polite, hostile, want) in table {
            assert_eq!(turns(polite, hostile), want, "{polite:?} {hostile}");
        }
        // Hostility weighs far more than politeness: a polite fight outranks a rude calm talk.
        assert!(turns([true; 3], 1.0) > turns([false; 3], 0.0) + 0.3);
        assert!(turns([false; 3], 1.0) > turns([true; 3], 1.0));
        // With no session weights politeness changes nothing.
        let rude: Vec<TurnSignal> = (0..3).map(|_| sig(0.0, 0.0)).collect();
        assert_eq!(escalation(&rude, &[0, 1, 0]).score, 0.0);
    }

    #[test]
    fn empty_session_scores_zero() {
        let e = escalation(&[], &[]);
        assert_eq!(e.score, 0.0);
        assert!(e.curve.is_empty());
    }
}
