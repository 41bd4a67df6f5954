//! Naming hardship (`validation:hardship`): "That must be so hard", "What a stressful
//! week", "Breakups are so hard.": empathy that names how hard the listener's situation
//! is.

use super::clauses::Clauses;

/// How many words after its subject a hardship word is looked for ([`Clauses::hardship`]).
const HARDSHIP_REACH: usize = 6;

impl Clauses<'_> {
    /// The first statement that names how hard the listener's situation is: it opens (after
    /// discourse words, and a frame of knowing from `hardship_frames` with an optional
    /// "that": "I know it's hard") with a subject from `hardship_subjects` ("that", "it") and
    /// has a word from `hardship_words` within six (`HARDSHIP_REACH`) words after it, with no
    /// first-person word nor negator between, no first-person word in the two words after
    /// it, and not followed by `hardship_not_before`
    /// ("That must be so hard.", "It's a really tough time."; not "It's hard for me",
    /// "That isn't so hard", "It's hard to say"). Returns its word range.
    pub(crate) fn hardship(&self) -> Option<(usize, usize)> {
        let (keys, lists) = (&self.keys, self.lists);
        for (ss, se) in self.sentences_from(0) {
            // "I know (that) it's hard": a frame of knowing may come before the subject.
            let subject = self
                .opener(ss, se)
                .map(|f| self.after_frame(&lists.hardship_frames, f, se));
            if let Some(f) = subject.filter(|&f| {
                f < se && lists.hardship_subjects.contains(keys[f]) && !self.is_question_sentence(f)
            }) {
                let end = se.min(f + 1 + HARDSHIP_REACH);
                for (k, &key) in keys.iter().enumerate().take(end).skip(f + 1) {
                    if lists.first_person.contains(key) || self.is_negator(k) {
                        // "It's hard for me", "That isn't so hard".
                        break;
                    }
                    if lists.hardship_words.contains(key) {
                        if !self.hardship_of_listener(k, se) {
                            break;
                        }
                        return Some((ss, se));
                    }
                }
            }
            if self.intensified_hardship(ss, se) {
                return Some((ss, se));
            }
        }
        None
    }

    /// Whether the hardship word at word `k` (its sentence ending at `se`) names the
    /// listener's lot, judging by what follows it: no first-person word in the two words
    /// after it ("it's hard for me" is the speaker's), and nothing from
    /// `hardship_not_before` ("it's hard to say" judges a question).
    pub(crate) fn hardship_of_listener(&self, k: usize, se: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        let speakers = keys[k + 1..se.min(k + 3)]
            .iter()
            .any(|a| lists.first_person.contains(a));
        let judgement = k + 1 < se && lists.hardship_not_before.starts_at(&keys[..se], k + 1);
        !(speakers || judgement)
    }

    /// Whether the sentence `[ss, se)`, a statement, says with an intensifier that
    /// something is hard, whatever its subject: a copula (`copulas`), then intensifiers (at
    /// least one) and an optional article, then a hardship word ("Breakups are such a
    /// challenging thing to go through.", "Moving with kids is really hard."), with no
    /// first-person word or negator before it in the sentence and none in the two words
    /// after it ("My job is so stressful" is the speaker's; "Nothing is so hard").
    pub(crate) fn intensified_hardship(&self, ss: usize, se: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        if self.is_question_sentence(ss) {
            return false;
        }
        for k in ss..se {
            if lists.first_person.contains(keys[k]) || self.is_negator(k) {
                return false;
            }
            if !lists.hardship_words.contains(keys[k]) {
                continue;
            }
            let mut j = k;
            let mut intensified = false;
            while j > ss
                && (lists.intensifiers.contains(keys[j - 1]) || matches!(keys[j - 1], "a" | "an"))
            {
                intensified |= lists.intensifiers.contains(keys[j - 1]);
                j -= 1;
            }
            if intensified
                && j > ss
                && lists.copulas.contains(keys[j - 1])
                && self.hardship_of_listener(k, se)
            {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::clauses::testing::with;

    #[test]
    fn naming_how_hard_the_listeners_lot_is() {
        // (turn, names hardship)
        let table = [
            ("That must be so hard.", true),
            ("I know it's tough right now.", true),
            ("Breakups are so hard.", true),
            ("It's hard for me.", false),
            ("That isn't so hard.", false),
            ("It's hard to say.", false),
            ("My job is so stressful.", false),
            ("Is that hard?", false),
        ];
        for (text, names) in table {
            let got = with(text, "", |c, _| c.hardship().is_some());
            assert_eq!(got, names, "{text}");
        }
    }
}
