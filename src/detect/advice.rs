//! Advice: a suggestion, "you" followed by a modal ("you should"), an instruction (a
//! clause that opens with a bare verb: "Just talk to him."), or a remedy offered ("it
//! will make you feel better"). A turn that gives advice is read as advice, not as a
//! reflection; `not_advice` and `main_clause` set matches before advice aside.

use super::clauses::Clauses;
use super::Suppression;

/// `main_clause`: the match is not embedded right after a subordinator (`subordinators`:
/// "tell them how you feel", "if you feel ready"; but a "that" after a frame of knowing
/// or perception vouches for what it brings: "I understand that you feel ..."), which is
/// `embedded`; nor a remedy offered ("It will make you feel better"), which is `advice`.
pub(crate) fn main_clause(c: &Clauses<'_>, wi: usize) -> Option<Suppression> {
    let (keys, lists) = (&c.keys, c.lists);
    let embedded = wi > c.clause_start[wi] && lists.subordinators.contains(keys[wi - 1]);
    let framed = wi >= 2
        && keys[wi - 1] == "that"
        && (lists.stance_frames.ends_at(keys, wi - 2)
            || lists.hardship_frames.ends_at(keys, wi - 2));
    if c.remedy_offered(wi, 0) {
        Some(Suppression::Advice)
    } else {
        (embedded && !framed).then_some(Suppression::Embedded)
    }
}

/// `not_advice`: no modal or advice word right after the match ("so you should call
/// her"); a modal that foretells ("so you will give it a month") is no advice.
pub(crate) fn advice_after(c: &Clauses<'_>, wj: usize) -> Option<Suppression> {
    (wj < c.words.len() && c.advice_at(wj)).then_some(Suppression::Advice)
}

impl Clauses<'_> {
    /// Whether the "you" at word `k` follows a verb of causing (`causatives`) with a modal
    /// or "to" (`remedy_modals`) before it, both at or after word `from`: a remedy offered
    /// ("It will make you feel better", "something to help you feel calmer"), not the
    /// listener's feeling given back ("That makes you feel judged").
    pub(crate) fn remedy_offered(&self, k: usize, from: usize) -> bool {
        k >= from + 2
            && self.lists.causatives.contains(self.keys[k - 1])
            && self.lists.remedy_modals.contains(self.keys[k - 2])
    }

    /// Whether the turn gives advice: a suggestion phrase, "you" followed by a modal, or an
    /// instruction (a sentence or clause that opens with a bare verb such as "call",
    /// "google", "talk").
    pub(crate) fn gives_advice(&self) -> bool {
        let keys = &self.keys;
        (0..keys.len()).any(|k| {
            self.lists.suggestions.starts_at(keys, k)
                || (self.lists.second_person.contains(keys[k])
                    && k + 1 < keys.len()
                    && self.advice_at(k + 1))
        }) || self.instructs()
    }

    /// Whether advice after "you" starts at word `i`: a modal or advice word, except one
    /// that foretells (`predictions`: "you will get through this" reassures).
    pub(crate) fn advice_at(&self, i: usize) -> bool {
        self.lists.advice.starts_at(&self.keys, i) && !self.lists.predictions.contains(self.keys[i])
    }

    /// Whether a sentence or clause of the turn opens with an instruction: after discourse
    /// words and sequence words ("first of all", "just"), a verb in its bare form from
    /// `instruction_verbs` ("First of all, polish your resume.", "Just talk to him.",
    /// "You have options, so just talk to your manager first.").
    pub(crate) fn instructs(&self) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        (0..keys.len())
            .filter(|&k| self.clause_start[k] == k)
            .any(|ss| {
                let se = self.sentence_end[ss];
                let mut k = ss;
                while k < se {
                    if lists.discourse_openers.contains(keys[k]) {
                        k += 1;
                    } else if let Some(len) = lists.instruction_openers.longest_at(&keys[..se], k) {
                        k += len;
                    } else {
                        break;
                    }
                }
                k < se && lists.instruction_verbs.contains(keys[k])
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::with;

    #[test]
    fn advice_instructions_and_remedies() {
        // (turn, gives advice)
        let table = [
            ("You should call her.", true),
            ("Google your symptoms first.", true),
            ("Just talk to him.", true),
            (
                "You have options, so just talk to your manager first.",
                true,
            ),
            ("You will get through this.", false),
            ("You care about her.", false),
        ];
        for (text, advises) in table {
            assert_eq!(with(text, "", |c, _| c.gives_advice()), advises, "{text}");
        }
        // (turn, verdict of `main_clause` on "you")
        let table = [
            ("Tell them how you feel.", Some(Suppression::Embedded)),
            ("If you feel ready, go.", Some(Suppression::Embedded)),
            ("I understand that you feel lost.", None),
            (
                "Exercise will make you feel better.",
                Some(Suppression::Advice),
            ),
            ("That makes you feel judged.", None),
        ];
        for (text, want) in table {
            assert_eq!(with(text, "you", main_clause), want, "{text}");
        }
        let so = with("So you should call her.", "you", |c, at| {
            advice_after(c, at + 1)
        });
        assert_eq!(so, Some(Suppression::Advice));
        let will = with("So you will give it a month.", "you", |c, at| {
            advice_after(c, at + 1)
        });
        assert_eq!(will, None);
    }
}
