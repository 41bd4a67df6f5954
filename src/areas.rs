//! Problem areas: what a session's talk is about, read from the `topic` detectors of the
//! lexicons (interpersonal therapy's four problem areas are built in: `grief`,
//! `role_transition`, `dispute`, `deficit`; a user's own `topic` file adds one).
//!
//! For a set of turns (a session's, one speaker's or one role's), per topic detector:
//! - the **turns that speak of it**: those with at least one counted finding of it;
//! - their share of the set's turns, and the share of the set's words those turns hold;
//! - its counted findings.
//!
//! The **dominant area** is the one spoken of in the most turns; a tie goes to the area
//! whose turns hold more words, then to the one the report shows first (the headers'
//! `order`). There is none when no area is spoken of in at least [`DOMINANT_MIN_TURNS`]
//! turns: one passing mention does not make a session's theme. Its **evidence** is its
//! counted findings in the set's turns, in turn order: each names its turn, so a reader
//! can check every one.
//!
//! A turn may speak of several areas; it counts for each. The figures read the findings
//! only, never a detector's name: which detectors are areas is the registry's `role`.
//!
//! ```
//! use turnscope::{areas::ProblemAreas, Engine, Transcript, Turn};
//!
//! let turn = |s: &str, t: &str| Turn { speaker: s.into(), text: t.into(), ..Turn::default() };
//! let t = Transcript::new("s", vec![
//!     turn("Client", "My dad died in March."),
//!     turn("Therapist", "How have you been since he passed away?"),
//!     turn("Client", "Awful. The funeral was the worst day of my life."),
//! ]);
//! let analysis = Engine::new().analyze(&t);
//! let areas = ProblemAreas::of(&analysis, |_| true);
//! let dominant = areas.dominant().unwrap();
//! assert_eq!(dominant.detector.name(), "grief");
//! assert_eq!(dominant.turns, [0, 1, 2]);
//! ```

use crate::detect::Finding;
use crate::engine::Analysis;
use crate::lexicon::DetectorRef;

/// An area is dominant only when it is spoken of in at least this many turns.
pub const DOMINANT_MIN_TURNS: usize = 2;

/// One problem area's figures over a set of turns.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaFigures {
    /// The topic detector.
    pub detector: DetectorRef,
    /// The turns that speak of it (indices into the session's turns), in order.
    pub turns: Vec<usize>,
    /// Words in those turns.
    pub words: usize,
    /// Its counted findings in the set's turns.
    pub findings: usize,
}

/// The problem areas of a set of turns: per topic detector, and the dominant one.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemAreas {
    /// Turns in the set.
    pub turns: usize,
    /// Words in the set.
    pub words: usize,
    /// One per topic detector of the registry, in the report's order (the headers'
    /// `order`, then the name), spoken of or not.
    pub areas: Vec<AreaFigures>,
    /// The dominant area, as an index into `areas`.
    pub dominant: Option<usize>,
}

impl ProblemAreas {
    /// The problem areas of the turns of `analysis` that `include` takes (by index).
    pub fn of(analysis: &Analysis, include: impl Fn(usize) -> bool) -> ProblemAreas {
        let group: Vec<Option<usize>> = (0..analysis.turns.len())
            .map(|k| include(k).then_some(0))
            .collect();
        ProblemAreas::of_groups(analysis, &group, 1)
            .pop()
            .expect("one group")
    }

    /// The problem areas of several sets of turns at once, in one pass over the session:
    /// `group[k]` is the set turn `k` belongs to (`None` for none), sets numbered from 0 to
    /// `groups - 1`; one result per set, in that order. A session's speakers, or roles, in
    /// one go.
    pub fn of_groups(
        analysis: &Analysis,
        group: &[Option<usize>],
        groups: usize,
    ) -> Vec<ProblemAreas> {
        let registry = &analysis.registry;
        let template: Vec<AreaFigures> = registry
            .areas()
            .into_iter()
            .map(|d| AreaFigures {
                detector: registry.handle(registry.id(&d.name).expect("listed by the registry")),
                turns: Vec::new(),
                words: 0,
                findings: 0,
            })
            .collect();
        // The registry's index of each detector -> its place in the areas.
        let mut slot = vec![usize::MAX; registry.len()];
        for (i, a) in template.iter().enumerate() {
            slot[a.detector.id().index()] = i;
        }
        let mut out: Vec<ProblemAreas> = (0..groups)
            .map(|_| ProblemAreas {
                turns: 0,
                words: 0,
                areas: template.clone(),
                dominant: None,
            })
            .collect();
        let mut spoken = vec![false; template.len()];
        for (k, t) in analysis.turns.iter().enumerate() {
            let Some(set) = group.get(k).copied().flatten().and_then(|g| out.get_mut(g)) else {
                continue;
            };
            set.turns += 1;
            set.words += t.words;
            if template.is_empty() {
                continue;
            }
            spoken.iter_mut().for_each(|s| *s = false);
            for f in t.findings.iter().filter(|f| f.counts()) {
                let i = slot[f.detector.id().index()];
                if i != usize::MAX {
                    set.areas[i].findings += 1;
                    spoken[i] = true;
                }
            }
            for (a, _) in set.areas.iter_mut().zip(&spoken).filter(|(_, s)| **s) {
                a.turns.push(k);
                a.words += t.words;
            }
        }
        for set in &mut out {
            set.dominant = set
                .areas
                .iter()
                .enumerate()
                .filter(|(_, a)| a.turns.len() >= DOMINANT_MIN_TURNS)
                // The most turns, then the most words; among equals the first in order.
                .min_by_key(|(i, a)| (std::cmp::Reverse((a.turns.len(), a.words)), *i))
                .map(|(i, _)| i);
        }
        out
    }

    /// The dominant area's figures.
    pub fn dominant(&self) -> Option<&AreaFigures> {
        self.dominant.map(|i| &self.areas[i])
    }

    /// Share of the set's turns that speak of `area`, 0 to 1.
    pub fn turn_share(&self, area: &AreaFigures) -> f32 {
        share(area.turns.len(), self.turns)
    }

    /// Share of the set's words in the turns that speak of `area`, 0 to 1.
    pub fn word_share(&self, area: &AreaFigures) -> f32 {
        share(area.words, self.words)
    }

    /// The evidence for the dominant area: its counted findings in the set's turns, as
    /// (turn index, index into that turn's findings, the finding), in order.
    pub fn evidence<'a>(&self, analysis: &'a Analysis) -> Vec<(usize, usize, &'a Finding)> {
        let Some(area) = self.dominant() else {
            return Vec::new();
        };
        let id = area.detector.id();
        area.turns
            .iter()
            .flat_map(|&k| {
                analysis.turns[k]
                    .findings
                    .iter()
                    .enumerate()
                    .filter(move |(_, f)| f.counts() && f.detector.id() == id)
                    .map(move |(i, f)| (k, i, f))
            })
            .collect()
    }
}

fn share(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        0.0
    } else {
        ((part as f32 / whole as f32) * 1000.0).round() / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Transcript, Turn};

    fn analysis(turns: &[(&str, &str)]) -> Analysis {
        let t = Transcript::new(
            "t",
            turns
                .iter()
                .map(|&(s, text)| Turn {
                    speaker: s.into(),
                    text: text.into(),
                    ..Turn::default()
                })
                .collect(),
        );
        Engine::new().analyze(&t)
    }

    /// A session as `(speaker, text)` turns.
    type Session<'a> = &'a [(&'a str, &'a str)];

    fn dominant(a: &ProblemAreas) -> Option<&str> {
        a.dominant().map(|d| d.detector.name())
    }

    #[test]
    fn the_dominant_area_has_the_most_turns_then_words_and_at_least_two() {
        // (turns, the dominant area over all of them)
        let table: [(Session, Option<&str>); 5] = [
            // One passing mention is no theme.
            (
                &[("A", "My nan died years ago."), ("B", "How is work?")],
                None,
            ),
            // Two turns of grief beat one of dispute.
            (
                &[
                    ("A", "My dad died in March."),
                    ("B", "We keep fighting about the will."),
                    ("A", "The funeral was awful."),
                ],
                Some("grief"),
            ),
            // A tie in turns goes to the area whose turns hold more words.
            (
                &[
                    ("A", "I feel so lonely."),
                    (
                        "B",
                        "We argue about money all the time and it never gets anywhere at all.",
                    ),
                    ("A", "I am lonely most evenings."),
                    (
                        "B",
                        "We had another row with my brother about the farm and the cows.",
                    ),
                ],
                Some("dispute"),
            ),
            // A hypothetical or negated mention does not count.
            (
                &[
                    ("A", "If my mum died I'd fall apart."),
                    ("B", "What if he leaves me?"),
                    ("A", "I'm not lonely at all."),
                ],
                None,
            ),
            // No topic at all.
            (&[("A", "Hello."), ("B", "Hi.")], None),
        ];
        for (turns, want) in table {
            let a = analysis(turns);
            let areas = ProblemAreas::of(&a, |_| true);
            assert_eq!(dominant(&areas), want, "{turns:?}");
        }
    }

    #[test]
    fn shares_evidence_and_subsets() {
        let a = analysis(&[
            ("Client", "My mother died in the spring."),
            ("Therapist", "I'm sorry. What was the funeral like?"),
            (
                "Client",
                "Long. We had a row at the wake, my brother and I.",
            ),
            ("Therapist", "Hm."),
        ]);
        let all = ProblemAreas::of(&a, |_| true);
        let grief = all.dominant().unwrap();
        assert_eq!(
            (grief.detector.name(), grief.turns.as_slice()),
            ("grief", &[0, 1][..])
        );
        assert_eq!(all.turn_share(grief), 0.5);
        let words: usize = a.turns[..2].iter().map(|t| t.words).sum();
        assert_eq!(grief.words, words);
        assert!((all.word_share(grief) - words as f32 / a.words() as f32).abs() < 0.001);
        let evidence = all.evidence(&a);
        assert!(evidence
            .iter()
            .all(|(k, i, f)| { a.turns[*k].findings[*i] == **f && f.detector.name() == "grief" }));
        assert_eq!(evidence.iter().map(|e| e.0).collect::<Vec<_>>(), [0, 1]);
        // The client's turns alone: one of grief, one of dispute; neither is dominant.
        let client = ProblemAreas::of(&a, |k| k % 2 == 0);
        assert_eq!(client.turns, 2);
        assert_eq!(dominant(&client), None);
        assert!(client.evidence(&a).is_empty());
        let dispute = client
            .areas
            .iter()
            .find(|x| x.detector.name() == "dispute")
            .unwrap();
        assert_eq!(dispute.turns, [2]);
        // Both speakers in one pass give the same as one at a time.
        let group: Vec<Option<usize>> = (0..a.turns.len()).map(|k| Some(k % 2)).collect();
        let both = ProblemAreas::of_groups(&a, &group, 2);
        assert_eq!(both[0], client);
        assert_eq!(both[1], ProblemAreas::of(&a, |k| k % 2 == 1));
    }
}
