//! Echoes (`validation:echo`): a short reply that gives the listener's own words back,
//! MI's simple reflection without "you" ("It's a long time." after "it's been seven
//! years").

use super::clauses::Clauses;
use crate::text::TurnText;

/// An echo (a reflection without "you", see [`Clauses::echo`]) is looked for only in a
/// reply of at most this many words...
pub(crate) const ECHO_MAX_TURN_WORDS: usize = 30;
/// ...in a sentence of at most this many words...
const ECHO_MAX_SENTENCE_WORDS: usize = 20;
/// ...that takes at least this share of its content words from the turn replied to.
const ECHO_MIN_SHARE: f32 = 0.25;
/// A reply of at most this many words that only repeats words of the turn replied to is
/// an echo too.
const REPEAT_MAX_WORDS: usize = 12;

impl Clauses<'_> {
    /// A short statement that gives the listener's own words back: MI's simple
    /// reflection, which need not say "you" ("So the appointments and time.", "Six months.
    /// That's a long time."). The first sentence of at most 20 (`ECHO_MAX_SENTENCE_WORDS`)
    /// words that is not a question, does not open with a blocker or question word, and
    /// takes at least a quarter of its content words from the turn replied to (compared as
    /// in [`ContextLists::content_stems`]); or, in a reply of at most
    /// 12 (`REPEAT_MAX_WORDS`) words, the whole reply when every word of it beyond discourse
    /// words occurs in the turn replied to: a plain repetition ("Not yet." after "Not
    /// yet.", "And it's fun."), unless it is a greeting ("Bye."). Only in a turn of at most
    /// 30 (`ECHO_MAX_TURN_WORDS`) words with no first-person word (a turn about the speaker
    /// is self-disclosure, not a reflection). `previous` is the turn replied to (its word keys
    /// are made once, for its own detection and this reply's). Returns the word range.
    pub(crate) fn echo(&self, previous: &TurnText<'_>) -> Option<(usize, usize)> {
        let (keys, lists, n) = (&self.keys, self.lists, self.keys.len());
        if previous.words().is_empty()
            || n > ECHO_MAX_TURN_WORDS
            || keys.iter().any(|k| lists.first_person.contains(k))
        {
            return None;
        }
        let previous_keys = previous.keys();
        if (1..=REPEAT_MAX_WORDS).contains(&n) && !self.is_question_sentence(0) {
            let mut core = keys
                .iter()
                .filter(|k| !lists.discourse_openers.contains(k))
                .peekable();
            if core.peek().is_some()
                && core.all(|k| previous_keys.contains(&k.as_str()) && !lists.greetings.contains(k))
            {
                return Some((0, n));
            }
        }
        // The turn replied to's stems (sorted), made when a sentence first has content
        // words to compare with them: most candidates have none.
        let previous_stems = std::cell::OnceCell::new();
        self.sentences_from(0).find(|&(ss, se)| {
            let opens_ok = self.opener(ss, se).is_some_and(|k| self.opens_statement(k));
            if !opens_ok || se - ss > ECHO_MAX_SENTENCE_WORDS || self.is_question_sentence(ss) {
                return false;
            }
            let content = lists.content_stems(&keys[ss..se]);
            if content.is_empty() {
                return false;
            }
            let previous_stems = previous_stems.get_or_init(|| lists.content_stems(&previous_keys));
            let shared = content
                .iter()
                .filter(|s| previous_stems.binary_search(s).is_ok())
                .count();
            shared > 0 && shared as f32 >= ECHO_MIN_SHARE * content.len() as f32
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::clauses::testing::with;
    use crate::text::TurnText;

    #[test]
    fn a_short_reply_that_gives_the_words_back_is_an_echo() {
        // (turn replied to, reply, echoes)
        let table = [
            (
                "It's been seven years since we talked.",
                "Seven years.",
                true,
            ),
            ("Not yet.", "Not yet.", true),
            (
                "The appointments and the time, mostly.",
                "So the appointments and time.",
                true,
            ),
            ("Bye!", "Bye.", false),
            ("It's been seven years.", "I went to the shop.", false),
            ("It's been seven years.", "Seven years?", false),
        ];
        for (before, reply, echoes) in table {
            let previous = TurnText::new(before);
            let got = with(reply, "", |c, _| c.echo(&previous).is_some());
            assert_eq!(got, echoes, "{before} >> {reply}");
        }
    }
}
