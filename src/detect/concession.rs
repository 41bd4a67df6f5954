//! Concessions: evasion that its own sentence takes back. "I'm not going to comment on
//! him, although I think he has done a fine job" refuses and then answers; a concession
//! ("although", "but", ... from `clause_breakers`) that opens on a stated view
//! (`concession_views`: "I think", "I believe", "my view is") after an avoidance match, in
//! its sentence, makes the sentence an answer (Bull's equivocation theory: a reply that
//! gives the speaker's position is not a non-reply, however it begins).

use super::clauses::Clauses;

/// How many words after the concession's breaker the stated view may start ("but frankly
/// I think ...").
const VIEW_REACH: usize = 2;

impl Clauses<'_> {
    /// Whether, after the match ending at word `wj`, its sentence goes on to a clause that
    /// a clause breaker opens with a stated view within [`VIEW_REACH`] words of it.
    pub(crate) fn conceded_after(&self, wj: usize) -> bool {
        if wj == 0 || wj > self.words.len() {
            return false;
        }
        let se = self.sentence_end[wj - 1];
        let (keys, lists) = (&self.keys[..se], self.lists);
        (wj..se).any(|k| {
            lists.clause_breakers.contains(keys[k])
                && (k + 1..(k + 1 + VIEW_REACH).min(se))
                    .any(|v| lists.concession_views.starts_at(keys, v))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::clauses::testing::with;

    #[test]
    fn a_concession_with_a_view_takes_the_evasion_back() {
        // (turn, the word that ends the evasive match, conceded)
        let table = [
            (
                "I won't comment on him, although I think he has done a fine job.",
                "comment",
                true,
            ),
            (
                "I can't say, but frankly I believe it will pass.",
                "say",
                true,
            ),
            (
                "I won't comment on him. But I think you know why.",
                "comment",
                false,
            ),
            (
                "I won't comment, but you can ask his office.",
                "comment",
                false,
            ),
        ];
        for (text, word, conceded) in table {
            let got = with(text, word, |c, at| c.conceded_after(at + 1));
            assert_eq!(got, conceded, "{text}");
        }
    }
}
