//! Position: where in its sentence and turn a match stands. Some markers count only at a
//! sentence's start (`sentence_start`: "Anyway, ..."), only as a sentence of their own
//! (`own_sentence`: "That's it, I'm done."), only in a reply's opening (`turn_opening`: a
//! topic shift buried deep in a long turn organises the speaker's own talk), or only as
//! (nearly) the whole reply (`whole_reply`: "Whatever." is avoidance, "whatever it takes,
//! I want to fix this" is not; judged over the whole turn by detection).

use super::clauses::Clauses;
use super::{Finding, Suppression};

/// A `whole_reply` match counts when at most this many other words stand beside it...
pub(crate) const WHOLE_REPLY_OTHER_WORDS: usize = 3;
/// ...and the turn has at most this many words.
pub(crate) const WHOLE_REPLY_MAX_WORDS: usize = 12;
/// A `turn_opening` match counts when it starts within this many words of the turn's
/// start (the window `avoidance:non_answer` reads a reply's opening in, too).
pub(crate) const TURN_OPENING_WORDS: usize = 60;
/// At most this many words may come before an `own_sentence` match in its sentence
/// ("That's it, I'm done.").
const OWN_SENTENCE_WORDS_BEFORE: usize = 3;
/// ... and after it, at most this many words in a clause of their own (a name, a tag).
const OWN_SENTENCE_TAG_WORDS: usize = 2;

/// `sentence_start`: the match opens its sentence, or follows only discourse words.
pub(crate) fn sentence_start(c: &Clauses<'_>, wi: usize) -> Option<Suppression> {
    let ss = c.sentence_start[wi];
    let opened = (ss..wi).all(|k| c.lists.discourse_openers.contains(c.keys[k]));
    (!opened).then_some(Suppression::NotSentenceStart)
}

/// `turn_opening`: the match starts within the turn's first [`TURN_OPENING_WORDS`] words.
pub(crate) fn turn_opening(wi: usize) -> Option<Suppression> {
    (wi >= TURN_OPENING_WORDS).then_some(Suppression::LateInTurn)
}

/// `own_sentence`: at most three words before the match in its sentence, and after it
/// only discourse words or a short tag of its own ("We're done, Paul.", "I'm done,
/// okay?"; not "I'm done with the dishes").
pub(crate) fn own_sentence(c: &Clauses<'_>, wi: usize, wj: usize) -> Option<Suppression> {
    let (ss, se) = (c.sentence_start[wi], c.sentence_end[wi]);
    let tag = wj < se && c.clause_start[wj] == wj && se - wj <= OWN_SENTENCE_TAG_WORDS;
    let goes_on = !tag && (wj..se).any(|k| !c.lists.discourse_openers.contains(c.keys[k]));
    (goes_on || wi - ss > OWN_SENTENCE_WORDS_BEFORE).then_some(Suppression::PartOfSentence)
}

/// Whether `whole_reply` matches covering `covered` of a turn's `words` words make up
/// (nearly) the whole reply.
pub(crate) fn whole_reply(covered: usize, words: usize) -> bool {
    words - covered <= WHOLE_REPLY_OTHER_WORDS && words <= WHOLE_REPLY_MAX_WORDS
}

/// Sets aside, as `engaged_reply`, the counted `whole_reply` findings `(finding, first
/// word, end word)` of a turn of `words` words where they are not (nearly) the whole reply.
pub(crate) fn set_aside_engaged(
    findings: &mut [Finding],
    whole: &[(usize, usize, usize)],
    words: usize,
) {
    if whole.is_empty() {
        return;
    }
    let mut marks = vec![false; words];
    for &(_, a, b) in whole {
        marks[a..b].iter_mut().for_each(|m| *m = true);
    }
    let covered = marks.iter().filter(|m| **m).count();
    if !whole_reply(covered, words) {
        for &(i, _, _) in whole {
            findings[i].suppressed = Some(Suppression::EngagedReply);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::with;

    #[test]
    fn sentence_start_allows_discourse_words_before() {
        // (turn, the match's first word, whether it stands at a sentence's start)
        let table = [
            ("Anyway, let's eat.", "anyway", true),
            ("Well, anyway, let's eat.", "anyway", true),
            ("We ate. Anyway, fine.", "anyway", true),
            ("I said anyway that we ate.", "anyway", false),
        ];
        for (text, word, starts) in table {
            let got = with(text, word, |c, wi| sentence_start(c, wi).is_none());
            assert_eq!(got, starts, "{text}");
        }
    }

    #[test]
    fn own_sentence_allows_a_short_tag_but_not_a_sentence_that_goes_on() {
        // (turn, the match's words as a range from its first word, counts)
        let table = [
            ("That's it, I'm done.", "done", true),
            ("I'm done, Paul.", "done", true),
            ("I'm done, okay?", "done", true),
            ("I'm done with the dishes.", "done", false),
            (
                "After all these long years of this, I'm done.",
                "done",
                false,
            ),
        ];
        for (text, word, counts) in table {
            // "i'm done": the match is the two words before and at `done`.
            let got = with(text, word, |c, at| {
                own_sentence(c, at - 1, at + 1).is_none()
            });
            assert_eq!(got, counts, "{text}");
        }
    }

    #[test]
    fn whole_reply_and_turn_opening_have_their_bounds() {
        assert!(whole_reply(1, 4) && whole_reply(2, 5));
        assert!(!whole_reply(1, 5), "four other words");
        assert!(!whole_reply(12, 13), "a turn over twelve words");
        assert_eq!(turn_opening(TURN_OPENING_WORDS - 1), None);
        assert_eq!(
            turn_opening(TURN_OPENING_WORDS),
            Some(Suppression::LateInTurn)
        );
    }
}
