//! The therapist's scorecard: per session, the figures MI and IPT supervision read.
//!
//! Read from the analysed session documents, for the speakers of one role (`--role
//! NAME=therapist`; the role's name is [`DEFAULT_ROLE`] unless `--scorecard-role`
//! names another); every other speaker is a client:
//!
//! - **questions**: the role's turns that ask ([`questions`](super::questions)), one a
//!   turn however many questions it strings together, as MITI counts them; **open
//!   questions**: those whose question is open (any open sentence makes it open);
//! - **reflections**: the role's turns with a counted `validation` finding of a category
//!   `scorecard.toml` lists in `reflection_categories` (`reflection`, the structural
//!   reflection and echo, and `reflecting_feelings`); a question sentence that holds
//!   such a finding (a reflection said with a rising tone, "So you feel stuck?") is that
//!   reflection, not a question;
//! - **reflections per question** (MITI's reflection-to-question ratio; 1 or more is the
//!   usual competency threshold, 2 proficiency) and the **share of questions that are
//!   open**;
//! - **validation after hostility**: of the clients' hostile turns (hostility at or
//!   above [`HOSTILE`], the level escalation counts as hostile), the share the therapist
//!   answered with counted validation (any category) in one of the next two turns;
//! - **talk share**: the role's share of the session's words.

use crate::lexicon::ScorecardLists;
use crate::lexicon::{Registry, Role};
use crate::report::course_json::{QuestionTurnDoc, ScorecardDoc};
use crate::report::json::{FindingDoc, SessionDoc, TurnDoc};
use crate::sequence::HOSTILE;

use super::change::Part;
use super::questions::{questions, turn_kind, Question, QuestionKind};

/// The role the scorecard is for unless another is named.
pub const DEFAULT_ROLE: &str = "therapist";

/// How many turns after a client's hostile turn the therapist's validation counts.
pub const AFTER_HOSTILITY_TURNS: usize = 2;

fn counts(f: &FindingDoc) -> bool {
    !f.negated && f.suppressed.is_none()
}

/// What the scorecard reads in one turn.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnCall {
    /// The sentences that ask (reflections said with a rising tone left out).
    pub questions: Vec<Question>,
    /// The turn's question, open or closed, where it asks.
    pub question: Option<QuestionKind>,
    /// Whether the turn holds a counted reflection.
    pub reflection: bool,
    /// Whether the turn holds counted validation of any category.
    pub validation: bool,
}

/// Reads one turn: its questions, and whether it reflects and validates.
/// Validation is what the detectors of the `repair` role find (`registry`: the engine's,
/// from the lexicon headers).
pub fn turn_call(turn: &TurnDoc, lists: &ScorecardLists, registry: &Registry) -> TurnCall {
    let repair = |name: &str| {
        registry
            .id(name)
            .is_some_and(|id| registry.get(id).role == Role::Repair)
    };
    let validation: Vec<&FindingDoc> = turn
        .findings
        .iter()
        .filter(|f| counts(f) && repair(&f.detector))
        .collect();
    let reflections: Vec<&FindingDoc> = validation
        .iter()
        .copied()
        .filter(|f| lists.is_reflection(&f.category))
        .collect();
    let qs: Vec<Question> = questions(&turn.text, lists)
        .into_iter()
        .filter(|q| {
            !reflections
                .iter()
                .any(|f| f.span.start < q.span.end && q.span.start < f.span.end)
        })
        .collect();
    TurnCall {
        question: turn_kind(&qs),
        questions: qs,
        reflection: !reflections.is_empty(),
        validation: !validation.is_empty(),
    }
}

/// Per turn of a session, the units of the scorecard's ratios, for the change figures:
/// each a [`Part`] whose sums over turns give the ratio.
#[derive(Debug, Clone, Default)]
pub struct ScorecardParts {
    /// Reflections (numerator) per question (denominator).
    pub reflections_per_question: Vec<Part>,
    /// Open questions per question.
    pub open_question_share: Vec<Part>,
    /// Clients' hostile turns validated in the next two turns, per such turn.
    pub validation_after_hostility: Vec<Part>,
}

/// The scorecard of one session for the speakers `is_role` picks, and its per-turn
/// units. `None` when none of them spoke.
pub fn scorecard(
    doc: &SessionDoc,
    role: &str,
    is_role: impl Fn(&TurnDoc) -> bool,
    lists: &ScorecardLists,
    registry: &Registry,
) -> Option<(ScorecardDoc, ScorecardParts)> {
    let turns = &doc.turns;
    let mine: Vec<bool> = turns.iter().map(&is_role).collect();
    if !mine.iter().any(|m| *m) {
        return None;
    }
    let calls: Vec<Option<TurnCall>> = turns
        .iter()
        .zip(&mine)
        .map(|(t, m)| m.then(|| turn_call(t, lists, registry)))
        .collect();
    let mut card = ScorecardDoc {
        role: role.to_string(),
        speakers: Vec::new(),
        turns: 0,
        words: 0,
        talk_share: None,
        questions: 0,
        open_questions: 0,
        closed_questions: 0,
        reflections: 0,
        reflections_per_question: None,
        open_question_share: None,
        client_hostile_turns: 0,
        validated_after_hostility: 0,
        validation_after_hostility: None,
        question_turns: Vec::new(),
        reflection_turns: Vec::new(),
    };
    let mut parts = ScorecardParts::default();
    let mut session_words = 0;
    for (k, t) in turns.iter().enumerate() {
        session_words += t.words;
        let mut rpq = Part::default();
        let mut open = Part::default();
        let mut after = Part::default();
        if let Some(call) = &calls[k] {
            if !card.speakers.contains(&t.speaker) {
                card.speakers.push(t.speaker.clone());
            }
            card.turns += 1;
            card.words += t.words;
            if let Some(kind) = call.question {
                card.questions += 1;
                rpq.den = 1.0;
                open.den = 1.0;
                match kind {
                    QuestionKind::Open => {
                        card.open_questions += 1;
                        open.num = 1.0;
                    }
                    QuestionKind::Closed => card.closed_questions += 1,
                }
                let q = call
                    .questions
                    .iter()
                    .find(|q| q.kind() == kind)
                    .expect("the turn's kind is one of its questions'");
                card.question_turns.push(QuestionTurnDoc {
                    turn: t.index,
                    kind: kind.name().to_string(),
                    rule: q.rule.name().to_string(),
                    matched: t.text.get(q.span.range()).unwrap_or("").to_string(),
                });
            }
            if call.reflection {
                card.reflections += 1;
                card.reflection_turns.push(t.index);
                rpq.num = 1.0;
            }
        } else if t.hostility >= HOSTILE {
            card.client_hostile_turns += 1;
            after.den = 1.0;
            let validated = (k + 1..=k + AFTER_HOSTILITY_TURNS)
                .filter_map(|j| calls.get(j).and_then(Option::as_ref))
                .any(|c| c.validation);
            if validated {
                card.validated_after_hostility += 1;
                after.num = 1.0;
            }
        }
        parts.reflections_per_question.push(rpq);
        parts.open_question_share.push(open);
        parts.validation_after_hostility.push(after);
    }
    let ratio = |a: usize, b: usize| (b > 0).then(|| round(a as f64 / b as f64));
    card.talk_share = ratio(card.words, session_words);
    card.reflections_per_question = ratio(card.reflections, card.questions);
    card.open_question_share = ratio(card.open_questions, card.questions);
    card.validation_after_hostility =
        ratio(card.validated_after_hostility, card.client_hostile_turns);
    Some((card, parts))
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{session_document, OutputOptions, SourceInfo};
    use crate::transcript::{parse, Format};
    use crate::Engine;

    fn doc(text: &str) -> SessionDoc {
        let t = &parse(Format::Plain, "s.txt", text).unwrap()[0];
        session_document(
            t,
            &Engine::new().analyze(t),
            SourceInfo::default(),
            OutputOptions::default(),
        )
    }

    #[test]
    fn counts_questions_reflections_and_validation_after_hostility() {
        let d = doc("T: What brings you both in today?\n\
             Ana: He never listens to me. You never listen, you selfish idiot!\n\
             T: It sounds like you feel really alone in this.\n\
             Ben: That's not fair.\n\
             T: Did that surprise you? What went through your mind?\n\
             Ben: I don't know.\n\
             T: Do you want to keep going?\n\
             Ana: You're useless, you always do this!\n\
             Ben: Whatever.\n\
             Ana: Fine.\n\
             T: So you feel stuck?\n");
        let (card, parts) = scorecard(
            &d,
            "therapist",
            |t| t.speaker == "T",
            &ScorecardLists::builtin(),
            &crate::lexicon::builtin_registry(),
        )
        .unwrap();
        assert_eq!(card.speakers, ["T"]);
        assert_eq!(card.turns, 5);
        // Turns 0 and 4 open ("Did ...? What ...?" is open: one of its questions is),
        // turn 6 closed; "So you feel stuck?" is a reflection with a rising tone.
        assert_eq!(
            (card.questions, card.open_questions, card.closed_questions),
            (3, 2, 1)
        );
        let kinds: Vec<(usize, &str, &str)> = card
            .question_turns
            .iter()
            .map(|q| (q.turn, q.kind.as_str(), q.rule.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (0, "open", "open_word"),
                (4, "open", "open_word"),
                (6, "closed", "auxiliary")
            ]
        );
        assert_eq!(
            card.question_turns[1].matched,
            "What went through your mind?"
        );
        assert_eq!(card.reflection_turns, [2, 10]);
        assert_eq!(card.reflections_per_question, Some(0.667));
        assert_eq!(card.open_question_share, Some(0.667));
        // Ana's hostile turn 1 is validated at turn 2; her turn 7 is not in turns 8-9.
        assert!(d.turns[1].hostility >= HOSTILE && d.turns[7].hostility >= HOSTILE);
        assert_eq!(
            card.client_hostile_turns,
            2,
            "{:?}",
            d.turns.iter().map(|t| t.hostility).collect::<Vec<_>>()
        );
        assert_eq!(card.validated_after_hostility, 1);
        assert_eq!(card.validation_after_hostility, Some(0.5));
        let share = card.words as f64 / d.session.words as f64;
        assert_eq!(card.talk_share, Some(round(share)));
        // The parts sum to the session's figures.
        let sum = |p: &[Part]| {
            p.iter()
                .fold((0.0, 0.0), |(n, d), x| (n + x.num, d + x.den))
        };
        assert_eq!(sum(&parts.reflections_per_question), (2.0, 3.0));
        assert_eq!(sum(&parts.open_question_share), (2.0, 3.0));
        assert_eq!(sum(&parts.validation_after_hostility), (1.0, 2.0));
        assert_eq!(parts.open_question_share.len(), d.turns.len());
    }

    #[test]
    fn no_speaker_of_the_role_gives_no_scorecard() {
        let d = doc("Ana: Hello.\nBen: Hi.\n");
        assert!(scorecard(
            &d,
            "therapist",
            |t| t.role.as_deref() == Some("therapist"),
            &ScorecardLists::builtin(),
            &crate::lexicon::builtin_registry(),
        )
        .is_none());
    }
}
