//! Reported speech: a match the speaker reports ("she said you never listen", a quoted
//! dialogue "Him: ... Me: ...") is not the speaker's own act.

use super::clauses::Clauses;

/// How many words before a match a reporting verb reaches.
const REPORT_WINDOW: usize = 8;

impl Clauses<'_> {
    /// Whether a reporting verb introduces the speech the match stands in, or the turn
    /// quotes a dialogue ("Him: ... Me: ...") from before it.
    pub(crate) fn reported_before(&self, wi: usize) -> bool {
        if wi >= self.words.len() {
            return false;
        }
        if self.dialogue_from.is_some_and(|d| wi >= d) {
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
        ];
        for (text, word, reported) in table {
            let got = with(text, word, |c, at| c.reported_before(at));
            assert_eq!(got, reported, "{text}");
        }
    }
}
