//! Hypotheticals: a match inside a conditional or imagined clause ("if my mother died",
//! "imagine losing him", "what if he leaves") is not something of the speaker's own life;
//! `not_hypothetical` sets it aside. So is the consequent of such a condition, said with a
//! conditional modal ("If he left, I'd be so alone", "I would be lost if she died").
//!
//! The words are data (`context.toml`): `hypotheticals` (the markers), `hypothetical_idioms`
//! (set phrases that hold a marker and suppose nothing: "if I'm honest", "as if", "if only")
//! and `conditional_modals`.

use super::clauses::Clauses;
use super::Suppression;

/// How many words before a match, within its clause, a marker or modal reaches.
const HYPOTHETICAL_REACH: usize = 8;
/// The longest idiom that may hold a marker, in words before the marker's first word.
const IDIOM_REACH: usize = 4;

impl Clauses<'_> {
    /// Whether a hypothetical marker (not inside one of `hypothetical_idioms`) starts at
    /// word `k` and ends before word `end`.
    fn marker_at(&self, k: usize, end: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        if lists.hypotheticals.longest_at(&keys[..end], k).is_none() {
            return false;
        }
        let se = self.sentence_end[k];
        let idiom = (k.saturating_sub(IDIOM_REACH)..=k).any(|j| {
            lists
                .hypothetical_idioms
                .longest_at(&keys[..se], j)
                .is_some_and(|len| j + len > k)
        });
        !idiom
    }

    /// Whether the match at words `[wi, wj)` stands in a hypothetical: a marker in its
    /// clause within [`HYPOTHETICAL_REACH`] words before it, or a conditional modal there
    /// and a marker anywhere in its sentence.
    pub(crate) fn hypothetical(&self, wi: usize, wj: usize) -> bool {
        if wi >= self.words.len() {
            return false;
        }
        let from = self.clause_start[wi].max(wi.saturating_sub(HYPOTHETICAL_REACH));
        if (from..wi).any(|k| self.marker_at(k, wi)) {
            return true;
        }
        let modal = (from..wi).any(|k| self.lists.conditional_modals.contains(self.keys[k]));
        let (ss, se) = (self.sentence_start[wi], self.sentence_end[wi]);
        modal
            && (ss..se)
                .filter(|k| !(wi..wj).contains(k))
                .any(|k| self.marker_at(k, se))
    }
}

/// `not_hypothetical`: the match is inside a conditional or imagined clause, or the
/// consequent of one ([`Clauses::hypothetical`]).
pub(crate) fn not_hypothetical(c: &Clauses<'_>, wi: usize, wj: usize) -> Option<Suppression> {
    c.hypothetical(wi, wj).then_some(Suppression::Hypothetical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::with;

    #[test]
    fn a_match_in_a_condition_or_its_consequent_is_hypothetical() {
        // (turn, the match's first word, its length in words, hypothetical)
        let table = [
            // The speaker's own life.
            ("My mother died in March.", "mother", 2, false),
            ("Since she passed I've been so alone.", "alone", 1, false),
            // A condition, an imagined event, a feared one.
            (
                "If my mother died I don't know what I'd do.",
                "mother",
                2,
                true,
            ),
            ("Imagine losing him after all this.", "losing", 2, true),
            ("What if he leaves me for good?", "leaves", 2, true),
            ("I worry in case she gets fired too.", "fired", 1, true),
            ("Suppose that we split up, then what?", "split", 2, true),
            ("Unless we stop fighting it will end.", "fighting", 1, true),
            // The consequent, with a conditional modal.
            ("If he left, I'd be so alone.", "alone", 1, true),
            ("I would be lost if she died.", "lost", 1, true),
            // A comma closes the condition; no modal after it: the speaker's own life.
            (
                "If I'm home on a Friday, I feel lonely.",
                "lonely",
                1,
                false,
            ),
            // "would" of habit, with no condition in the sentence.
            ("I'd sit alone every lunchtime.", "alone", 1, false),
            // Idioms that hold a marker and suppose nothing.
            ("If I'm honest my dad's death broke me.", "death", 1, false),
            ("It feels as if I lost him yesterday.", "lost", 2, false),
            ("If only I'd visited before she died.", "died", 1, false),
            ("As you can imagine it's been lonely.", "lonely", 1, false),
            // A marker in an earlier sentence does not reach.
            (
                "What if it rains? My dad died on a rainy day.",
                "died",
                1,
                false,
            ),
            // A marker after the match, with no modal before it, does not reach back.
            (
                "We fight all the time, if you must know.",
                "fight",
                1,
                false,
            ),
        ];
        for (text, word, len, want) in table {
            let got = with(text, word, |c, at| c.hypothetical(at, at + len));
            assert_eq!(got, want, "{text}");
            let suppression = with(text, word, |c, at| not_hypothetical(c, at, at + len));
            assert_eq!(suppression.is_some(), want, "{text}");
        }
    }
}
