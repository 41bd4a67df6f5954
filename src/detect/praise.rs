//! Praise: an absolute followed by praise is no criticism ("you always make me laugh",
//! "you're the worst, I love you"): `not_praise` sets such a match aside.

use super::clauses::Clauses;
use super::Suppression;

/// How many words after the match praise is looked for, within its sentence.
const PRAISE_REACH: usize = 8;

/// `not_praise`: praise (`praise` in `context.toml`) in the rest of the match's sentence,
/// within [`PRAISE_REACH`] words.
pub(crate) fn praise_after(c: &Clauses<'_>, wi: usize, wj: usize) -> Option<Suppression> {
    let end = c.sentence_end[wi].min(wj + PRAISE_REACH);
    (wj..end)
        .any(|k| c.lists.praise.starts_at(&c.keys, k))
        .then_some(Suppression::Praise)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::with;

    #[test]
    fn praise_after_an_absolute_sets_it_aside() {
        // (turn, whether praise follows "always")
        let table = [
            ("You always make me laugh.", true),
            ("You're always the worst, I love you.", true),
            ("You always leave the dishes for me.", false),
            (
                "You always leave the dishes. I love that movie though.",
                false,
            ),
        ];
        for (text, praised) in table {
            let got = with(text, "always", |c, at| {
                praise_after(c, at - 1, at + 1).is_some()
            });
            assert_eq!(got, praised, "{text}");
        }
    }
}
