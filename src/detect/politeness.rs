//! Politeness markers: whether a turn hedges ("I think", "maybe", "kind of") or thanks
//! ("thank you", "appreciate"), from the `hedges` and `gratitude` lists of `context.toml`.
//!
//! Not a finding: a property of the turn the sequence stage reads. Conversations whose
//! turns carry these markers tend to stay on track, and ones that lack them are likelier to
//! turn to a personal attack (Zhang et al. 2018, "Conversations gone awry"; DOMAIN.md's
//! early warning signs), so the session escalation score ranks a conversation with none a
//! little above an equally calm one with many (`src/sequence/escalation.rs`).

use crate::lexicon::{ContextLists, WordKey};

/// Whether a hedge or a word of thanks starts at any of the turn's words (`keys`, the
/// words' keys in order).
pub(crate) fn polite<K: WordKey>(keys: &[K], lists: &ContextLists) -> bool {
    (0..keys.len()).any(|i| lists.hedges.starts_at(keys, i) || lists.gratitude.starts_at(keys, i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::lists;
    use crate::text::TurnText;

    #[test]
    fn hedges_and_thanks_are_politeness_markers() {
        // (turn, whether it carries a politeness marker)
        let table = [
            ("I think the second season was better.", true),
            ("Maybe try the other charger first?", true),
            ("It's kind of a long story.", true),
            ("Thanks, that fixed it!", true),
            ("Thank you for the link.", true),
            ("I really appreciate the write-up.", true),
            ("The second season was better.", false),
            ("Try the other charger first.", false),
            ("Nobody asked for your opinion.", false),
            // "think" and "kind" alone are no hedge.
            ("What do you think of it? Be kind.", false),
            ("", false),
        ];
        for (text, want) in table {
            let turn = TurnText::new(text);
            let keyed = turn.keyed(lists());
            assert_eq!(polite(&keyed, lists()), want, "{text}");
            // The plain keys say the same as the keys with their lists.
            assert_eq!(polite(&turn.keys(), lists()), want, "{text} (plain keys)");
        }
    }
}
