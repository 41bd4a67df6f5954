//! Reported speech: a match the speaker reports ("she said you never listen", a quoted
//! dialogue "Him: ... Me: ...", words in double quotes) is not the speaker's own act.

use super::clauses::Clauses;

/// How many words before a match a reporting verb reaches.
const REPORT_WINDOW: usize = 8;

impl Clauses<'_> {
    /// Whether a reporting verb introduces the speech the match stands in, the turn
    /// quotes a dialogue ("Him: ... Me: ...") from before it, or the match stands in a
    /// quotation ([`Clauses::in_quotation`]).
    pub(crate) fn reported_before(&self, wi: usize) -> bool {
        if wi >= self.words.len() {
            return false;
        }
        if self.dialogue_from.is_some_and(|d| wi >= d) {
            return true;
        }
        if self.in_quotation(wi) {
            return true;
        }
        let from = self.sentence_start[wi].max(wi.saturating_sub(REPORT_WINDOW));
        let keys = &self.keys;
        (from..wi).any(|k| {
            if !self.lists.reporting_verbs.ends_at(keys, k) {
                return false;
            }
            // "you said ..." quotes the listener back at them: that is the speaker's own act.
            let before = k.checked_sub(1).map(|b| keys[b]);
            !before.is_some_and(|b| self.lists.second_person.contains(b))
        })
    }
}

impl Clauses<'_> {
    /// Whether word `wi` stands between double quotes that hold at least
    /// [`QUOTE_MIN_WORDS`] words: someone's words quoted ("I just want to yell \"play to
    /// win, you idiots\" at the coach"), not a word in scare quotes ("you're such a
    /// \"genius\"").
    pub(crate) fn in_quotation(&self, wi: usize) -> bool {
        let at = self.words[wi].span.start;
        let quotes = self
            .quotes
            .get_or_init(|| memchr::memchr_iter(b'"', self.text.as_bytes()).collect());
        // An odd number of quotes before the word opens a quotation around it.
        let before = quotes.partition_point(|&q| q < at);
        if before % 2 == 0 {
            return false;
        }
        let open = quotes[before - 1];
        let Some(&close) = quotes.get(before) else {
            return false;
        };
        // The words after the opening quote and up to the closing one (words are in order
        // and do not overlap, so both bounds are binary searches).
        let first = self.words.partition_point(|w| w.span.start <= open);
        let last = self.words.partition_point(|w| w.span.end <= close);
        let inside = last.saturating_sub(first);
        // A turn written wholly in quotes is the speaker's own words.
        inside >= QUOTE_MIN_WORDS && inside < self.words.len()
    }
}

/// The fewest words a quotation holds (fewer are scare quotes or a title).
const QUOTE_MIN_WORDS: usize = 3;

#[cfg(test)]
mod tests {
    use crate::detect::clauses::testing::with;

    #[test]
    fn speech_the_speaker_reports_is_not_their_own_act() {
        // (turn, the match's first word, reported)
        let table = [
            ("She said you never listen.", "never", true),
            ("He told me it was my fault.", "fault", true),
            ("Him: you never listen. Me: whatever.", "whatever", true),
            ("You said you never listen.", "never", false),
            ("You never listen. She said so.", "never", false),
            (
                "I wanted to yell \"play to win, you idiots\" at the coach.",
                "idiots",
                true,
            ),
            ("You're such a \"genius\" today.", "genius", false),
            ("\"Now leave, you idiot.\"", "idiot", false),
        ];
        for (text, word, reported) in table {
            let got = with(text, word, |c, at| c.reported_before(at));
            assert_eq!(got, reported, "{text}");
        }
    }

    #[test]
    fn a_quotation_is_found_among_several() {
        // (turn, the word, whether it stands in a quotation of three words or more)
        let table = [
            (
                "He yelled \"get out, you idiot\" and \"never come back, you moron\" at me.",
                "moron",
                true,
            ),
            (
                "He yelled \"get out, you idiot\" and \"never come back, you moron\" at me.",
                "idiot",
                true,
            ),
            (
                "He yelled \"get out, you idiot\" and then I called him a moron.",
                "moron",
                false,
            ),
            (
                "A \"genius\" and a \"hero\", he said, you fool.",
                "fool",
                false,
            ),
            ("She wrote \"you are so lazy and useless", "useless", false),
        ];
        for (text, word, quoted) in table {
            let got = with(text, word, |c, at| c.in_quotation(at));
            assert_eq!(got, quoted, "{text}");
        }
    }
}
