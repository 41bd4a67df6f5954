//! What a question is: the one definition every rule reads.
//!
//! A sentence is *marked* as a question when it ends in `?`. It is in *question order*
//! when it, or one of its clauses, opens (after discourse words) with a question word or
//! an inverting auxiliary ("do", "are", "what", "how"): a marked sentence in statement
//! order is a statement said with a rising tone ("So you feel stuck?"), and so is one
//! that closes with a tag from `check_tags` ("You feel stuck, is that right?"). A sentence
//! *asks without a mark* when it opens with a question word and an auxiliary or a verb of
//! causing ("What is making you feel this way"). A turn asks a question when it has a `?`
//! or its last sentence opens with a question word ([`asks_question`]); a turn asks in
//! question order when an auxiliary stands right before "you" at a clause's start ("how
//! are you today"). The rules read these levels: validation's `not_question` (marked, or
//! unmarked), `rising_ok` (question order only), `no_question_after`, the reflection rule
//! (no sentence may ask), and the engine's "the turn before asked a question".

use super::clauses::Clauses;
use crate::lexicon::ContextLists;
use crate::text::word_key;

/// Whether a turn asks a question, as the turn replied to: a `?`, or a last sentence
/// opening with a question word ("How are you").
pub(crate) fn asks_question(text: &str, lists: &ContextLists) -> bool {
    if memchr::memchr(b'?', text.as_bytes()).is_some() {
        return true;
    }
    // The last piece between `.`, `!` and line ends that is not blank, found on bytes
    // from the end (the marks are ASCII).
    let text = text.trim_end();
    let mut end = text.len();
    let last = loop {
        let start = memchr::memrchr3(b'.', b'!', b'\n', &text.as_bytes()[..end]);
        let piece = &text[start.map_or(0, |s| s + 1)..end];
        match start {
            _ if !piece.trim().is_empty() => break piece,
            Some(s) => end = s,
            None => break "",
        }
    };
    let first_word = last
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty())
        .map(|w| w.to_lowercase());
    let mut key = String::new();
    first_word.is_some_and(|w| lists.question_openers.contains(word_key(&w, &mut key)))
}

/// `not_question`: whether the sentence holding word `wi` asks: marked with a `?` (in
/// question order only, with `rising_ok`), or asking without a mark.
pub(crate) fn in_question(c: &Clauses<'_>, wi: usize, rising_ok: bool) -> bool {
    let asks = if rising_ok {
        c.is_interrogative(wi)
    } else {
        c.is_question_sentence(wi)
    };
    asks || c.asks_unmarked(wi)
}

impl Clauses<'_> {
    pub(crate) fn is_question_sentence(&self, wi: usize) -> bool {
        self.sentence_tail(wi).contains('?')
    }

    /// Whether the sentence holding word `wi`, or a later one, is a question (ends in `?`).
    /// A table made once per turn, from the last sentence back: walking the sentences after
    /// each match made a long turn quadratic.
    pub(crate) fn question_at_or_after(&self, wi: usize) -> bool {
        let table = self.question_from.get_or_init(|| {
            let mut table = vec![false; self.words.len()];
            let (mut after, mut end) = (false, self.words.len());
            while end > 0 {
                let ss = self.sentence_start[end - 1];
                after = after || self.is_question_sentence(ss);
                table[ss] = after;
                end = ss;
            }
            table
        });
        table[self.sentence_start[wi]]
    }

    /// Whether the sentence holding word `wi` is a question in question order: a `?` at
    /// its end and an interrogative opener ("do", "are", "what", ...) as the first word of
    /// the sentence or of one of its clauses, after discourse words ("It sounds like you're
    /// busy, should I call back?"). "So you feel stuck?" is a statement with a rising tone,
    /// and so is a statement that closes with a tag from `check_tags`, which asks only
    /// whether it was heard right ("You feel stuck, is that right?").
    pub(crate) fn is_interrogative(&self, wi: usize) -> bool {
        if !self.is_question_sentence(wi) {
            return false;
        }
        let (ss, se) = (self.sentence_start[wi], self.sentence_end[wi]);
        let Some(first) = self.opener(ss, se) else {
            return true;
        };
        let keys = &self.keys[..se];
        if self.inverted_you(ss, se) {
            return true;
        }
        (ss..se)
            .filter(|&k| self.clause_start[k] == k)
            .filter_map(|cs| self.opener(cs, se))
            .any(|k| {
                self.lists.question_openers.contains(keys[k])
                    && (k == first || self.lists.check_tags.longest_at(keys, k) != Some(se - k))
            })
    }

    /// Whether the sentence `[ss, se)` is a reflection announced by a discourse word from
    /// `reflection_announcers` ("so") and said in statement order: with a "?" at its end
    /// it is a reflection with a rising tone, not a question ("So the drinking doesn't
    /// fit with your family?"; not "So do you think ...?").
    pub(crate) fn announced_reflection(&self, ss: usize, se: usize) -> bool {
        let lists = self.lists;
        (ss..se)
            .take_while(|&k| lists.discourse_openers.contains(self.keys[k]))
            .any(|k| lists.reflection_announcers.contains(self.keys[k]))
            && !self.is_interrogative(ss)
    }

    /// Whether the sentence holding word `wi` asks without a "?": it opens (after discourse
    /// words) with a question word from `question_openers` that is no auxiliary, followed by
    /// an auxiliary from `inverting_auxiliaries` or a verb of causing from
    /// `question_verbs` ("What is making you feel this way", "How did that make you
    /// feel"; not the exclamations "How hard that must be", "What a week you've had").
    pub(crate) fn asks_unmarked(&self, wi: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        let (ss, se) = (self.sentence_start[wi], self.sentence_end[wi]);
        self.opener(ss, se).is_some_and(|k| {
            k + 1 < se
                && lists.question_openers.contains(keys[k])
                && !lists.inverting_auxiliaries.contains(keys[k])
                && (lists.inverting_auxiliaries.contains(keys[k + 1])
                    || lists.question_verbs.contains(keys[k + 1]))
        })
    }

    /// Whether the words `[ss, se)` hold an auxiliary right before "you" as its subject,
    /// anywhere in them: question order, though no question word opens a clause ("So about
    /// how many drinks would you say you have?", "On a scale of one to ten, what number
    /// would you give"). Not the auxiliaries of a third-person subject
    /// (`uninverted_auxiliaries`: "some of it is you just don't like it"), nor after a word
    /// of `comparison_words` ("more than you think" has none; "as do you" compares).
    pub(crate) fn inverted_you(&self, ss: usize, se: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        (ss..se.saturating_sub(1)).any(|k| {
            lists.inverting_auxiliaries.contains(keys[k])
                && !lists.uninverted_auxiliaries.contains(keys[k])
                && lists.second_person.contains(keys[k + 1])
                && !keys[k + 1].starts_with("your")
                && !(k > ss && lists.comparison_words.contains(keys[k - 1]))
        })
    }

    /// Whether the turn asks a question in question order without a "?": an auxiliary
    /// right before "you" at a clause's start, after discourse words or after a question
    /// word ("Hello, how are you today", "Had you been together long").
    pub(crate) fn asks_in_question_order(&self) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        if self.inverted_you(0, keys.len()) {
            return true;
        }
        (0..keys.len().saturating_sub(1)).any(|k| {
            let at_start = k == self.clause_start[k]
                || lists.discourse_openers.contains(keys[k - 1])
                || lists.question_openers.contains(keys[k - 1]);
            // "you" as the subject: "and do your research" is an instruction, "is your
            // exercise" a statement.
            let subject = keys[k + 1];
            at_start
                && lists.inverting_auxiliaries.contains(keys[k])
                && lists.second_person.contains(subject)
                && !subject.starts_with("your")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::{lists, with};

    #[test]
    fn the_levels_of_asking() {
        // (turn, a word of the sentence judged, marked, in question order, unmarked asking)
        let table = [
            ("Do you feel alone?", "feel", true, true, false),
            ("So you feel alone?", "feel", true, false, false),
            ("You feel stuck, is that right?", "feel", true, false, false),
            (
                "It sounds like you're busy, should I call back?",
                "busy",
                true,
                true,
                false,
            ),
            (
                "What is making you feel this way",
                "making",
                false,
                false,
                true,
            ),
            ("How hard that must be.", "hard", false, false, false),
            ("You feel alone.", "feel", false, false, false),
            (
                "So about how many drinks would you say you have?",
                "drinks",
                true,
                true,
                false,
            ),
            (
                "So some of it is you not liking doctors?",
                "liking",
                true,
                false,
                false,
            ),
        ];
        for (text, word, marked, ordered, unmarked) in table {
            let got = with(text, word, |c, at| {
                (
                    c.is_question_sentence(at),
                    c.is_interrogative(at),
                    c.asks_unmarked(at),
                )
            });
            assert_eq!(got, (marked, ordered, unmarked), "{text}");
            let not_question = with(text, word, |c, at| in_question(c, at, false));
            assert_eq!(not_question, marked || unmarked, "{text}");
            let rising_ok = with(text, word, |c, at| in_question(c, at, true));
            assert_eq!(rising_ok, ordered || unmarked, "{text}");
        }
    }

    #[test]
    fn turns_that_ask() {
        // (turn, asks as the turn replied to, asks in question order)
        let table = [
            ("Are you coming?", true, true),
            ("How are you today", true, true),
            ("I went home. What a day", true, false),
            ("I went home.", false, false),
            ("Had you been together long", false, true),
            (
                "On a scale of one to ten, what number would you give",
                false,
                true,
            ),
            ("You're more tired than you think.", false, false),
        ];
        for (text, asks, ordered) in table {
            assert_eq!(asks_question(text, lists()), asks, "{text}");
            let got = with(text, "", |c, _| c.asks_in_question_order());
            assert_eq!(got, ordered, "{text}");
        }
        let later = with(
            "I understand. Have you told anyone?",
            "understand",
            |c, at| c.question_at_or_after(at),
        );
        assert!(later);
    }
}
