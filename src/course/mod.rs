//! The course of therapy: a client's (or a couple's) sessions over time, as
//! `turnscope course` reads them.
//!
//! A supervisor asks across sessions, not of one: is the couple blaming less and
//! validating more than in the first weeks? Is the therapist reflecting more than
//! questioning? This module takes the analysed sessions of one course, in order, and
//! builds one [`CourseDoc`]: per session the figures of each speaker and role and the
//! therapist's [`scorecard`]; per speaker and role a series of each figure over the
//! sessions; and for each series the [`change`] from the first third of the course to the
//! last, with its bootstrap interval. The writers (`report::course_json`, `course_csv`,
//! `course_html`) read only that document.
//!
//! - [`order`]: the sessions' order, from the dates or session numbers in their names;
//! - [`questions`]: the open/closed question rule the scorecard counts by;
//! - [`scorecard`]: the therapist's figures per session;
//! - [`change`]: first third against last third, with a seeded bootstrap interval.
//!
//! # Series
//!
//! Every detector the engine reports (its `detectors()`, which the session documents
//! list) gets a rate per 100 words for every speaker and every role, with no list to
//! keep: a detector added to the lexicons gets its series, chart and change. Where the
//! page shows each is its `group`, from the detectors' roles in the lexicon headers
//! ([`CourseOptions::detectors`]): the headline attack, repair and avoidance detectors
//! (blame, validation, avoidance) in `patterns`, the `topic` detectors (the problem
//! areas) in `problem_areas`, the rest in `other`; beside them each speaker's and role's talk
//! share, the session's escalation score, and the scorecard's ratios.
//!
//! # Phases
//!
//! Interpersonal therapy runs in three phases: assessment (the first one to three
//! sessions), the middle phase, termination (the last two or three). [`phases`] draws
//! the bands by position: for a course of `n` sessions, assessment is the first `n / 4`
//! sessions (one to three), termination the last `n / 5` (two or three), the middle
//! the rest; a course under 6 sessions has too few for three phases and gets none.
//! `--phases A,T` sets the two ends instead.

pub mod change;
pub mod order;
pub mod questions;
pub mod scorecard;

use rayon::prelude::*;

use std::sync::Arc;

use crate::lexicon::{builtin_registry, Detector, Registry, Role, ScorecardLists};
use crate::report::course_json::{
    BootstrapDoc, ChangeDoc, CourseDoc, CourseSessionDoc, PhasesDoc, RangeDoc, ScorecardDoc,
    SeriesDoc, SeriesSubjectDoc, SkippedDoc, SubjectDoc, ThirdsDoc, COURSE_SCHEMA_VERSION,
};
use crate::report::json::{FindingDoc, SessionDoc, ToolDoc, TurnDoc};

use change::{Part, Unit};
use order::OrderBy;

/// How a course is built.
#[derive(Debug, Clone)]
pub struct CourseOptions {
    /// The role the scorecard is for ([`scorecard::DEFAULT_ROLE`] by default).
    pub scorecard_role: String,
    /// The detectors, from the lexicon headers (the engine's registry): the headline
    /// detectors of the `attack`, `repair` and `avoidance` roles are the patterns the
    /// page shows first, the `topic` detectors its "problem areas", the `repair` ones
    /// what the scorecard counts as validation.
    pub detectors: Arc<Registry>,
    /// The number of assessment and termination sessions, instead of [`phases`]' rule.
    pub phases: Option<(usize, usize)>,
    /// The bootstrap's seed.
    pub seed: u64,
    /// Resamples per interval.
    pub resamples: usize,
    /// What the sessions were ordered by.
    pub ordered_by: OrderBy,
}

impl Default for CourseOptions {
    fn default() -> Self {
        CourseOptions {
            scorecard_role: scorecard::DEFAULT_ROLE.to_string(),
            detectors: builtin_registry(),
            phases: None,
            seed: change::DEFAULT_SEED,
            resamples: change::RESAMPLES,
            ordered_by: OrderBy::Given,
        }
    }
}

/// One analysed session, in course order.
#[derive(Debug, Clone, Copy)]
pub struct CourseSession<'a> {
    /// Its document, as `turnscope analyze` writes it (with `--role`s applied).
    pub doc: &'a SessionDoc,
    /// What it was ordered by ([`order::Ordered::keys`]).
    pub key: &'a str,
    /// The name the key was read from.
    pub label: &'a str,
    /// Its own report page, relative to the course page, where one is written.
    pub report: Option<&'a str>,
}

/// The bands of the three phases for a course of `n` sessions, by the rule of the module
/// docs or, with `given`, that many assessment and termination sessions. `Ok(None)` for
/// a course under 6 sessions; `Err` when the given bands leave no middle phase.
pub fn phases(n: usize, given: Option<(usize, usize)>) -> Result<Option<PhasesDoc>, String> {
    let (a, t, rule) = match given {
        Some((a, t)) => {
            if a == 0 || t == 0 || a + t >= n {
                return Err(format!(
                    "--phases {a},{t} does not fit {n} sessions: both at least 1, with a middle phase between"
                ));
            }
            (
                a,
                t,
                format!("as given: the first {a} sessions assessment, the last {t} termination"),
            )
        }
        None if n < 6 => return Ok(None),
        None => (
            (n / 4).clamp(1, 3),
            (n / 5).clamp(2, 3),
            "the first n/4 sessions (one to three) assessment, the last n/5 (two or three) termination, the rest the middle phase".to_string(),
        ),
    };
    Ok(Some(PhasesDoc {
        assessment: RangeDoc { first: 1, last: a },
        middle: RangeDoc {
            first: a + 1,
            last: n - t,
        },
        termination: RangeDoc {
            first: n - t + 1,
            last: n,
        },
        rule,
    }))
}

fn phase_of(p: &PhasesDoc, position: usize) -> &'static str {
    if position <= p.assessment.last {
        "assessment"
    } else if position < p.termination.first {
        "middle"
    } else {
        "termination"
    }
}

fn counts(f: &FindingDoc) -> bool {
    !f.negated && f.suppressed.is_none()
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Whose figure a series is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Subject {
    Speaker(String),
    Role(String),
    Session,
}

impl Subject {
    fn has(&self, t: &TurnDoc) -> bool {
        match self {
            Subject::Speaker(s) => t.speaker == *s,
            Subject::Role(r) => t.role.as_deref() == Some(r.as_str()),
            Subject::Session => true,
        }
    }

    fn doc(&self) -> SeriesSubjectDoc {
        let (kind, name) = match self {
            Subject::Speaker(s) => ("speaker", Some(s.clone())),
            Subject::Role(r) => ("role", Some(r.clone())),
            Subject::Session => ("session", None),
        };
        SeriesSubjectDoc {
            kind: kind.into(),
            name,
        }
    }

    fn id(&self) -> String {
        match self {
            Subject::Speaker(s) => format!("speaker/{s}"),
            Subject::Role(r) => format!("role/{r}"),
            Subject::Session => "session".into(),
        }
    }
}

/// A series before its change is computed: its description and each session's parts.
struct Spec {
    doc: SeriesDoc,
    parts: Vec<Vec<Part>>,
    unit: Unit,
    scale: f64,
}

/// What a series measures.
struct Measure<'a> {
    measure: String,
    group: &'a str,
    label: String,
    detector: Option<String>,
    unit_label: &'a str,
    unit: Unit,
    scale: f64,
}

fn spec(m: Measure<'_>, subject: &Subject, parts: Vec<Vec<Part>>) -> Spec {
    let values = parts
        .iter()
        .map(|p| Part::sum(p).ratio(m.scale).map(round))
        .collect();
    Spec {
        doc: SeriesDoc {
            id: format!("{}/{}", m.measure, subject.id()),
            measure: m.measure,
            group: m.group.to_string(),
            label: m.label,
            detector: m.detector,
            subject: subject.doc(),
            unit: m.unit_label.to_string(),
            values,
            change: None,
            change_note: None,
        },
        parts,
        unit: m.unit,
        scale: m.scale,
    }
}

/// Builds the course document from sessions in course order. `skipped` names the inputs
/// that could not be read; `lists` are the scorecard's.
pub fn build(
    sessions: &[CourseSession<'_>],
    skipped: Vec<SkippedDoc>,
    lists: &ScorecardLists,
    options: &CourseOptions,
) -> Result<CourseDoc, String> {
    let n = sessions.len();
    let phases = phases(n, options.phases)?;
    let mut detectors: Vec<String> = Vec::new();
    let mut speakers: Vec<String> = Vec::new();
    let mut roles: Vec<String> = Vec::new();
    for s in sessions {
        for d in &s.doc.detectors {
            if !detectors.contains(d) {
                detectors.push(d.clone());
            }
        }
        for sp in &s.doc.speakers {
            if !speakers.contains(&sp.speaker) {
                speakers.push(sp.speaker.clone());
            }
        }
        for r in &s.doc.roles {
            if !roles.contains(&r.role) {
                roles.push(r.role.clone());
            }
        }
    }
    detectors.sort();
    let role = options.scorecard_role.as_str();
    let cards: Vec<Option<(ScorecardDoc, scorecard::ScorecardParts)>> = sessions
        .par_iter()
        .map(|s| {
            scorecard::scorecard(
                s.doc,
                role,
                |t| t.role.as_deref() == Some(role),
                lists,
                &options.detectors,
            )
        })
        .collect();
    let has_card = cards.iter().any(Option::is_some);

    let session_docs: Vec<CourseSessionDoc> = sessions
        .iter()
        .zip(&cards)
        .enumerate()
        .map(|(i, (s, card))| {
            let d = s.doc;
            CourseSessionDoc {
                position: i + 1,
                key: s.key.to_string(),
                label: s.label.to_string(),
                id: d.session.id.clone(),
                source: d.session.source.clone(),
                format: d.session.format.clone(),
                phase: phases.as_ref().map(|p| phase_of(p, i + 1).to_string()),
                turns: d.session.turns,
                words: d.session.words,
                escalation_score: d.escalation.score,
                report: s.report.map(str::to_string),
                speakers: d
                    .speakers
                    .iter()
                    .map(|sp| SubjectDoc {
                        name: sp.speaker.clone(),
                        role: sp.role.clone(),
                        speakers: Vec::new(),
                        turns: sp.turns,
                        words: sp.words,
                        share: sp.share,
                        detectors: sp.detectors.clone(),
                    })
                    .collect(),
                roles: d
                    .roles
                    .iter()
                    .map(|r| SubjectDoc {
                        name: r.role.clone(),
                        role: None,
                        speakers: r.speakers.clone(),
                        turns: r.turns,
                        words: r.words,
                        share: r.share,
                        detectors: r.detectors.clone(),
                    })
                    .collect(),
                scorecard: card.as_ref().map(|(c, _)| c.clone()),
            }
        })
        .collect();

    // The series, in the order the page shows them.
    let subjects: Vec<Subject> = speakers
        .iter()
        .cloned()
        .map(Subject::Speaker)
        .chain(roles.iter().cloned().map(Subject::Role))
        .collect();
    let per_turn = |subject: &Subject, f: &dyn Fn(&TurnDoc) -> Part| -> Vec<Vec<Part>> {
        sessions
            .iter()
            .map(|s| {
                s.doc
                    .turns
                    .iter()
                    .map(|t| {
                        if subject.has(t) {
                            f(t)
                        } else {
                            Part { num: 0.0, den: 0.0 }
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let rate = |d: &str, subject: &Subject, group: &str| {
        let parts = per_turn(subject, &|t: &TurnDoc| Part {
            num: t
                .findings
                .iter()
                .filter(|f| counts(f) && f.detector == d)
                .count() as f64,
            den: t.words as f64,
        });
        let m = Measure {
            measure: format!("{d}_per_100_words"),
            group,
            label: options.detectors.id(d).map_or_else(
                || d.replace('_', " "),
                |id| options.detectors.get(id).label.clone(),
            ),
            detector: Some(d.to_string()),
            unit_label: "per 100 words",
            unit: Unit::Turns,
            scale: 100.0,
        };
        spec(m, subject, parts)
    };
    let in_list = |list: &[String], d: &str| list.iter().any(|x| x == d);
    let registry = &options.detectors;
    let of_kind = |pick: &dyn Fn(&Detector) -> bool| -> Vec<String> {
        registry
            .display_order()
            .into_iter()
            .filter(|d| pick(d) && detectors.iter().any(|x| **x == *d.name))
            .map(|d| d.name.to_string())
            .collect()
    };
    let headline =
        of_kind(&|d| d.headline && matches!(d.role, Role::Attack | Role::Repair | Role::Avoidance));
    let problem = of_kind(&|d| d.role == Role::Topic);
    let mut specs: Vec<Spec> = Vec::new();
    for d in &headline {
        for s in &subjects {
            specs.push(rate(d, s, "patterns"));
        }
    }
    for d in &problem {
        for s in &subjects {
            specs.push(rate(d, s, "problem_areas"));
        }
    }
    let m = Measure {
        measure: "escalation_score".into(),
        group: "escalation",
        label: "escalation score".into(),
        detector: None,
        unit_label: "on a scale of 0 to 1",
        unit: Unit::Sessions,
        scale: 1.0,
    };
    specs.push(spec(
        m,
        &Subject::Session,
        sessions
            .iter()
            .map(|s| {
                vec![Part {
                    num: f64::from(s.doc.escalation.score),
                    den: 1.0,
                }]
            })
            .collect(),
    ));
    for s in &subjects {
        let words = per_turn(&Subject::Session, &|t: &TurnDoc| Part {
            num: 0.0,
            den: t.words as f64,
        });
        let mine = per_turn(s, &|t: &TurnDoc| Part {
            num: t.words as f64,
            den: 0.0,
        });
        let parts = words
            .into_iter()
            .zip(mine)
            .map(|(w, m)| {
                w.into_iter()
                    .zip(m)
                    .map(|(w, m)| Part {
                        num: m.num,
                        den: w.den,
                    })
                    .collect()
            })
            .collect();
        let m = Measure {
            measure: "talk_share".into(),
            group: "talk_share",
            label: "talk share".into(),
            detector: None,
            unit_label: "share of words",
            unit: Unit::Turns,
            scale: 1.0,
        };
        specs.push(spec(m, s, parts));
    }
    if has_card {
        let subject = Subject::Role(role.to_string());
        type Pick = fn(&scorecard::ScorecardParts) -> &Vec<Part>;
        let measures: [(&str, &str, &str, Pick); 3] = [
            (
                "reflections_per_question",
                "reflections per question",
                "reflections per question",
                |p| &p.reflections_per_question,
            ),
            (
                "open_question_share",
                "open questions",
                "share of questions",
                |p| &p.open_question_share,
            ),
            (
                "validation_after_hostility",
                "validation after client hostility",
                "share of hostile client turns",
                |p| &p.validation_after_hostility,
            ),
        ];
        for (measure, label, unit, pick) in measures {
            let parts = cards
                .iter()
                .zip(sessions)
                .map(|(c, s)| match c {
                    Some((_, p)) => pick(p).clone(),
                    None => vec![Part::default(); s.doc.turns.len()],
                })
                .collect();
            let m = Measure {
                measure: measure.into(),
                group: "scorecard",
                label: label.into(),
                detector: None,
                unit_label: unit,
                unit: Unit::Turns,
                scale: 1.0,
            };
            specs.push(spec(m, &subject, parts));
        }
    }
    for d in detectors
        .iter()
        .filter(|d| !headline.contains(d) && !in_list(&problem, d))
    {
        for s in &subjects {
            specs.push(rate(d, s, "other"));
        }
    }

    let thirds = change::thirds(n).map(|(a, b)| ThirdsDoc {
        first: RangeDoc {
            first: a.start + 1,
            last: a.end,
        },
        last: RangeDoc {
            first: b.start + 1,
            last: b.end,
        },
    });
    let series: Vec<SeriesDoc> = specs
        .into_par_iter()
        .map(|mut s| {
            if thirds.is_some() {
                match change::change(
                    &s.parts,
                    s.unit,
                    s.scale,
                    options.seed,
                    &s.doc.id,
                    options.resamples,
                ) {
                    Ok(c) => {
                        s.doc.change = Some(ChangeDoc {
                            first: round(c.first),
                            last: round(c.last),
                            difference: round(c.difference),
                            low: round(c.low),
                            high: round(c.high),
                            verdict: c.verdict.name().to_string(),
                            resampled: s.unit.name().to_string(),
                            text: change::describe(&c, &s.doc.unit),
                        })
                    }
                    Err(why) => s.doc.change_note = Some(why),
                }
            }
            s.doc
        })
        .collect();
    let change_note = thirds.is_none().then(|| {
        format!(
            "{n} session{}: a change needs at least 3 sessions (the first third against the last), so none is stated; the figures of each session are in the table",
            if n == 1 { "" } else { "s" }
        )
    });
    Ok(CourseDoc {
        course_schema_version: COURSE_SCHEMA_VERSION.to_string(),
        tool: ToolDoc {
            name: "turnscope".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        ordered_by: options.ordered_by.name().to_string(),
        detectors,
        scorecard_role: has_card.then(|| role.to_string()),
        phases,
        thirds,
        bootstrap: BootstrapDoc {
            resamples: options.resamples,
            confidence: change::CONFIDENCE,
            seed: options.seed,
        },
        sessions: session_docs,
        series,
        change_note,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_bands() {
        let bands = |n: usize| {
            phases(n, None).unwrap().map(|p| {
                (
                    p.assessment.last,
                    p.middle.first,
                    p.middle.last,
                    p.termination.first,
                )
            })
        };
        assert_eq!(bands(5), None);
        assert_eq!(bands(6), Some((1, 2, 4, 5)));
        assert_eq!(bands(8), Some((2, 3, 6, 7)));
        assert_eq!(bands(12), Some((3, 4, 10, 11)));
        assert_eq!(bands(16), Some((3, 4, 13, 14)));
        assert_eq!(bands(20), Some((3, 4, 17, 18)));
        let p = phases(4, Some((1, 1))).unwrap().unwrap();
        assert_eq!((p.middle.first, p.middle.last), (2, 3));
        assert!(phases(4, Some((2, 2))).is_err());
        assert!(phases(4, Some((0, 2))).is_err());
    }
}
