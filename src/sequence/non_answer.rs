//! Non-answers: a reply to a question that neither answers it directly nor takes up
//! what it asked about (Bull's equivocation; the QEvasion "dodging" and "deflection").
//!
//! The judgement needs the question, so it belongs to the sequence stage: a reply of some
//! length to a specific question (one with several content words), that opens with no
//! direct answer ("yes", "no", "I do", "of course", ...) nor a stated view ("I think ...",
//! "I believe ...", "my view is ...": the speaker takes a position) and shares under a
//! quarter of the question's content words (compared by their first five letters, a
//! crude stem) in its first sixty words, is marked as avoidance, at its opening sentence.

use std::sync::Arc;

use crate::detect::Finding;
use crate::lexicon::{ContextLists, DetectorId, Registry};
use crate::text::{Span, TurnText};

/// A reply shorter than this is judged by the lexicon's whole-reply entries instead.
const MIN_REPLY_WORDS: usize = 20;
/// A question needs this many content words to be specific enough to dodge.
const MIN_QUESTION_CONTENT: usize = 3;
/// How much of the reply is read for the question's topic.
const REPLY_WINDOW: usize = 60;
/// A direct answer opens within this many words.
const OPENING_WORDS: usize = 8;
/// Below this share of the question's content words taken up, the reply changed the subject.
const MIN_OVERLAP: f32 = 0.25;
/// The part of `question` that asks: its sentences ending in `?` (all of it when none do),
/// as the byte ranges of `question` they cover, each from the character after the mark
/// that ended the sentence before (`.`, `!`, `?` or a line end) to its `?`; `None` when no
/// sentence ends in `?`. (The marks are ASCII: looking at bytes finds them.)
fn asking_ranges(question: &str) -> Option<Vec<(usize, usize)>> {
    let mut asked = Vec::new();
    let mut start = 0;
    for (i, &b) in question.as_bytes().iter().enumerate() {
        match b {
            b'?' => {
                asked.push((start, i + 1));
                start = i + 1;
            }
            b'.' | b'!' | b'\n' => start = i + 1,
            _ => {}
        }
    }
    (!asked.is_empty()).then_some(asked)
}

/// The part of `question` that asks, as a text of its own: its asking sentences
/// ([`asking_ranges`]) each followed by a space, or all of it.
fn asking_part(question: &str) -> String {
    match asking_ranges(question) {
        Some(ranges) => ranges
            .iter()
            .flat_map(|&(a, b)| [&question[a..b], " "])
            .collect(),
        None => question.to_string(),
    }
}

/// The word keys of the part of `question` that asks ([`asking_ranges`]). `turn` is the
/// question's turn as detection read it: where its text is `question` itself (no cue
/// masked, no swear word spelled out), its words are those of the asking part, picked by
/// where they start, and nothing is normalised again; otherwise the asking part is
/// normalised and split on its own, into `own`. (Words never cross the marks that end a
/// sentence, so the words of the asking part are the text's words inside it.)
fn asked_keys<'q>(
    question: &str,
    turn: &'q TurnText<'_>,
    own: &'q mut Option<TurnText<'static>>,
) -> Vec<&'q str> {
    if turn.original() != question {
        return own.insert(TurnText::new(asking_part(question))).keys();
    }
    let Some(ranges) = asking_ranges(question) else {
        return turn.keys();
    };
    let (norm, ws) = (turn.normalized(), turn.words());
    let mut keys = Vec::new();
    let mut r = 0;
    for (i, w) in ws.iter().enumerate() {
        let at = norm.original_span(w.span).start;
        while r < ranges.len() && ranges[r].1 <= at {
            r += 1;
        }
        if r == ranges.len() {
            break;
        }
        if ranges[r].0 <= at {
            keys.push(turn.key(i));
        }
    }
    keys
}

/// If `reply` does not answer `question`, the span of `reply`'s original text to mark: its
/// opening sentence. `reply` is the reply as detection read it ([`TurnText`], cues masked
/// out), so its words and keys are not made again; `question_turn` is the question's turn
/// as detection read it, whose words the question's asking part reuses where it can
/// ([`asked_keys`]).
pub(crate) fn non_answer(
    question: &str,
    question_turn: &TurnText<'_>,
    reply: &TurnText<'_>,
    lists: &ContextLists,
) -> Option<Span> {
    // Long enough by both counts: the words of the normalised text (most replies are
    // short, and stop here), and the words of the text, as speaker figures count them,
    // counted only as far as needed.
    let (norm, ws) = (reply.normalized(), reply.words());
    let text = norm.as_str();
    if ws.len() < MIN_REPLY_WORDS || !crate::text::has_words(reply.original(), MIN_REPLY_WORDS) {
        return None;
    }
    let mut own = None;
    let q_keys = asked_keys(question, question_turn, &mut own);
    let q_content = lists.content_stems(&q_keys);
    if q_content.len() < MIN_QUESTION_CONTENT {
        return None;
    }
    // "What happened?", "walk us through ...": an invitation to tell one's own account,
    // which any account answers in its own words.
    if (0..q_keys.len()).any(|i| lists.open_invitations.starts_at(&q_keys, i)) {
        return None;
    }
    let r_keys = reply.keys();
    let opens_with_answer = (0..OPENING_WORDS.min(ws.len())).any(|i| {
        let at_clause_start = i == 0
            || text[ws[i - 1].span.end..ws[i].span.start]
                .contains(['.', ',', '!', '?', ';', ':', '-']);
        // "Yes, thank you" / "No, I appreciate ..." is politeness, not an answer.
        let polite = r_keys[(i + 1).min(r_keys.len())..r_keys.len().min(i + 3)]
            .iter()
            .any(|w| w.starts_with("thank") || w.starts_with("appreciat") || *w == "please");
        at_clause_start && lists.direct_answers.starts_at(&r_keys, i) && !polite
    });
    if opens_with_answer {
        return None;
    }
    let window = &r_keys[..REPLY_WINDOW.min(r_keys.len())];
    let r_content = lists.content_stems(window);
    let shared = q_content
        .iter()
        .filter(|s| r_content.binary_search(s).is_ok())
        .count();
    if shared as f32 / q_content.len() as f32 >= MIN_OVERLAP {
        return None;
    }
    // Mark the opening sentence: where the reply turns away from the question.
    let end_word = (1..ws.len())
        .find(|&i| text[ws[i - 1].span.end..ws[i].span.start].contains(['.', '!', '?']))
        .unwrap_or(ws.len());
    let end_word = end_word.max(MIN_REPLY_WORDS.min(ws.len()) / 2);
    Some(norm.original_span(Span::new(ws[0].span.start, ws[end_word - 1].span.end)))
}

/// The finding for a reply that does not answer the question before it, under the
/// detector (and with the weight) the registry gives the rule: rule `DETECTOR:non_answer`
/// (`avoidance:non_answer`), category `non_answer`.
pub(crate) fn non_answer_finding(
    registry: &Registry,
    (detector, weight): (DetectorId, f32),
    span: Span,
) -> Finding {
    Finding {
        detector: registry.handle(detector),
        category: Arc::from("non_answer"),
        rule: Arc::from(format!("{}:non_answer", registry.name(detector))),
        span,
        negated: false,
        suppressed: None,
        intensity: 1.0,
        weight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconSet;

    fn non_answer(question: &str, reply: &str, lists: &ContextLists) -> Option<Span> {
        // The question both as a turn of its own (its words reused) and as a turn whose
        // text detection changed (its asking part normalised again): the same answer.
        let reused = super::non_answer(
            question,
            &TurnText::new(question),
            &TurnText::new(reply),
            lists,
        );
        let again = super::non_answer(question, &TurnText::new(""), &TurnText::new(reply), lists);
        assert_eq!(reused, again, "{question} / {reply}");
        reused
    }

    #[test]
    fn an_invitation_to_tell_what_happened_is_answered_by_any_account() {
        let lists = LexiconSet::builtin().context;
        let reply = "He forgot my mother's birthday dinner again, and he sat on the couch \
                     the whole afternoon while I called everyone to cancel the table.";
        for question in [
            "Maria, can you walk us through what happened on Saturday afternoon?",
            "So what happened at the dinner with your parents last weekend?",
        ] {
            assert_eq!(non_answer(question, reply, &lists), None, "{question}");
        }
        // A specific question is still judged on its content.
        assert!(non_answer(
            "What is your plan for the budget deficit next year?",
            reply,
            &lists
        )
        .is_some());
    }

    #[test]
    fn marks_replies_that_change_the_subject() {
        let lists = LexiconSet::builtin().context;
        let q = "Will the government raise interest rates before the election in November?";
        let dodge = "Look, what matters to families is that we keep building homes and schools, and our record \
                     on jobs speaks for itself across every region of this country.";
        let span = non_answer(q, dodge, &lists).expect("a non-answer");
        assert_eq!(
            &dodge[span.range()],
            &dodge[..dodge.find("country").unwrap() + "country".len()]
        );
        let answer =
            "No. Rates are for the central bank, and the election has nothing to do with when \
                      they rise; I expect them to hold through November at least.";
        assert_eq!(
            non_answer(q, answer, &lists),
            None,
            "opens with a direct answer"
        );
        let engaged =
            "The central bank sets interest rates, not the government, and I expect they will \
                       stay where they are until well after the election, whatever people say.";
        assert_eq!(
            non_answer(q, engaged, &lists),
            None,
            "takes up the question's topic"
        );
    }

    #[test]
    fn a_stated_view_answers_a_question_about_the_speakers_view() {
        // "I think ..." opening the reply takes a position: an answer (often an implicit
        // one) even when its words are not the question's.
        let lists = LexiconSet::builtin().context;
        let q = "Has your opinion of the new chairman changed since the merger talks collapsed?";
        let view =
            "I think he is the same stubborn man I met ten years ago, and I have told him so \
                    to his face more than once over dinner.";
        assert_eq!(non_answer(q, view, &lists), None);
        let pivot =
            "Look, what families across this country want is lower bills and safer streets, \
                     and that is what we are delivering, week after week.";
        assert!(
            non_answer(q, pivot, &lists).is_some(),
            "no view stated: a pivot"
        );
        let framed = "My view is that he is the same stubborn man I met ten years ago, and I \
                      have told him so to his face more than once over dinner.";
        assert_eq!(
            non_answer(q, framed, &lists),
            None,
            "framed as the speaker's view"
        );
        let hedged = "I guess he is the same stubborn man I met ten years ago, and I have told \
                      him so to his face more than once over dinner.";
        assert_eq!(
            non_answer(q, hedged, &lists),
            None,
            "a hedged view is still a view"
        );
    }

    #[test]
    fn a_reason_answers_a_why_question() {
        let lists = LexiconSet::builtin().context;
        let q = "Why did you say eight out of ten rather than six for your confidence?";
        let reason = "Because I feel determined to see this through after what happened with my \
                      mother last winter, and I do not want to feel like that again.";
        assert_eq!(non_answer(q, reason, &lists), None);
    }

    #[test]
    fn leaves_short_replies_and_vague_questions_alone() {
        let lists = LexiconSet::builtin().context;
        assert_eq!(
            non_answer(
                "Will rates rise before the election?",
                "We will see.",
                &lists
            ),
            None
        );
        let long =
            "I was thinking about my sister and the way she always called on Sundays, and how \
                    quiet the house feels now that nobody does.";
        assert_eq!(
            non_answer("How are you?", long, &lists),
            None,
            "too vague to dodge"
        );
    }
}
