//! Negation: a negator in scope before a match cancels it ("it's *not* your fault", "I
//! *never* said you were stupid"); the finding is reported with `"negated": true` and
//! does not count.

use super::clauses::Clauses;

/// How many words before a match a negator reaches.
const NEGATION_WINDOW: usize = 4;
/// How many words before a one-word match a negator reaches.
const SINGLE_WORD_NEGATION_WINDOW: usize = 2;
/// How far before a match a negated verb of thinking or saying may stand ("I don't think
/// you're really that lazy").
const RAISED_NEGATION_WINDOW: usize = 6;

impl Clauses<'_> {
    /// Whether a negator stands in the clause within a few words before word `wi`. A
    /// one-word match (an insult, "fine") is negated only by a negator right before it
    /// ("not stupid", "not an idiot"): in "driving without a license, dumbass" the
    /// "without" does not reach the insult.
    pub(crate) fn negated_before(&self, wi: usize, single_word: bool) -> bool {
        if wi >= self.words.len() {
            return false;
        }
        // A term that itself opens with a breaker ("because of you") is still in reach of a
        // negator before it: "it isn't because of you".
        let cs = if self.opens_with_breaker[wi] && wi > 0 {
            self.clause_start[wi - 1]
        } else {
            self.clause_start[wi]
        };
        let window = if single_word {
            SINGLE_WORD_NEGATION_WINDOW
        } else {
            NEGATION_WINDOW
        };
        let negator = |k: usize| {
            self.is_negator(k)
                // "No problem, you can do it", "no matter what, you'll be fine": a set
                // phrase, not a negation of what follows.
                && !self.lists.negation_idioms.starts_at(&self.keys[..wi], k)
        };
        let from = cs.max(wi.saturating_sub(window));
        if (from..wi).any(negator) {
            return true;
        }
        // "I don't think you're lazy", "I never said you were stupid": a negated verb of
        // thinking or saying reaches into what it introduces.
        let raised_from = cs.max(wi.saturating_sub(RAISED_NEGATION_WINDOW));
        (raised_from..wi).any(|j| {
            self.lists.negation_raisers.contains(self.keys[j])
                && (j.saturating_sub(2).max(cs)..j).any(negator)
        })
    }

    /// Whether word `k` is a negator: one of `negators`, or a word ending in "n't".
    pub(crate) fn is_negator(&self, k: usize) -> bool {
        self.text[self.words[k].span.range()].ends_with("n't")
            || self.lists.negators.contains(self.keys[k])
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::clauses::testing::with;

    #[test]
    fn a_negator_in_scope_before_the_match_negates_it() {
        // (turn, the match's first word, one-word match, negated)
        let table = [
            ("It's not your fault.", "your", false, true),
            ("It isn't because of you.", "because", false, true),
            (
                "I'm not accusing you, but you always do this.",
                "always",
                false,
                false,
            ),
            ("You're not stupid.", "stupid", true, true),
            (
                "Driving without a license, dumbass.",
                "dumbass",
                true,
                false,
            ),
            ("I don't think you're lazy.", "lazy", true, true),
            ("I never said you were stupid.", "stupid", true, true),
            ("No problem, you can do it.", "can", false, false),
            ("You're lazy.", "lazy", true, false),
        ];
        for (text, word, single, negated) in table {
            let got = with(text, word, |c, at| c.negated_before(at, single));
            assert_eq!(got, negated, "{text}");
        }
    }
}
