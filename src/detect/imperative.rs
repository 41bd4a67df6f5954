//! Imperatives of contempt ("go to hell", "shut up", "kiss my ass") are said to the
//! listener with no subject: "Go to hell." and "You can go to hell." attack the listener,
//! while "My boss can go to hell", "They can all kiss my ass" and "the stock ate shit" say
//! it of someone or something else. `imperative` sets a match aside as `no_second_person`
//! (so it still heats the talk, and one said of "he", "she" or "they" counts as blame of
//! someone absent) when a subject other than the listener stands before it in its clause.

use super::clauses::Clauses;
use super::Suppression;

/// `imperative`: in the match's clause before it, the nearest person word is the speaker
/// or a third person ("My boss can go to hell", "They can kiss my ass"), or, with no
/// person word, a person of someone's life from `third_party_nouns` ("the landlord can
/// shut up"). "You can go to hell", "Oh, shut up" and "Eat shit, Mark." count, and so does
/// the speaker repeating a command ("I said shut up": a reporting verb after "I").
pub(crate) fn imperative(c: &Clauses<'_>, wi: usize) -> Option<Suppression> {
    let (keys, lists) = (&c.keys, c.lists);
    let cs = c.clause_start[wi];
    let nearest = (cs..wi).rev().find(|&k| {
        lists.first_person.contains(keys[k])
            || lists.second_person.contains(keys[k])
            || lists.third_person.contains(keys[k])
    });
    let other_subject = match nearest {
        Some(k) if lists.second_person.contains(keys[k]) => false,
        Some(k) if lists.first_person.contains(keys[k]) => {
            // "I said shut up" repeats the command to the listener.
            !(k + 1..wi).any(|r| lists.reporting_verbs.starts_at(keys, r))
        }
        Some(_) => true,
        None => (cs..wi).any(|k| lists.third_party_nouns.contains(keys[k])),
    };
    other_subject.then_some(Suppression::NoSecondPerson)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::with;

    #[test]
    fn contempt_is_aimed_at_the_listener_only_with_no_other_subject() {
        // (turn, the match's first word, whether it is said to the listener)
        let table = [
            ("Go to hell.", "go", true),
            ("You can go to hell.", "go", true),
            ("Oh, shut up.", "shut", true),
            ("Just shut the hell up already.", "shut", true),
            ("Eat shit, Mark.", "eat", true),
            ("If you don't like it, go to hell.", "go", true),
            ("I said shut up!", "shut", true),
            ("Why don't you just shut up?", "shut", true),
            ("My boss can go to hell for all I care.", "go", false),
            ("They can all kiss my ass.", "kiss", false),
            (
                "Honestly, he should just shut up in meetings.",
                "shut",
                false,
            ),
            ("The landlord can go to hell.", "go", false),
            ("She can eat shit for all I care.", "eat", false),
            ("I won't shut up about it.", "shut", false),
        ];
        for (text, word, addressed) in table {
            let got = with(text, word, imperative);
            assert_eq!(got.is_none(), addressed, "{text}");
        }
    }
}
