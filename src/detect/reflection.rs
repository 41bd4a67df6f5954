//! Reflections (`validation:reflection`): in a reply, a statement about the listener
//! ("You care about them.", "So the silence has cost you years with him."), Linehan's
//! level 2 and MI's reflective listening.

use super::clauses::Clauses;

impl Clauses<'_> {
    /// The first sentence that reflects the listener's experience back: a statement (not a
    /// question, though it may be a reflection announced by "so" with a rising tone, and
    /// no other sentence of the turn may ask) that does not open with the speaker, a
    /// condition or a suggestion, with a second-person word, before any first-person word,
    /// not followed by advice ("you should"), not part of a set phrase ("thank you",
    /// "you know"), and with the speaker not the object after it (`speaker_objects`: "you
    /// embarrass me"). Returns its word range.
    pub(crate) fn reflection(&self) -> Option<(usize, usize)> {
        let lists = self.lists;
        let keys = &self.keys;
        // A turn that asks anything is read as its question; a reflection with a rising
        // tone ("So you want him to stay?") does not ask.
        let statement = |ss: usize, se: usize| {
            !self.is_question_sentence(ss) || self.announced_reflection(ss, se)
        };
        if !self.sentences_from(0).all(|(ss, se)| statement(ss, se)) {
            return None;
        }
        for (ss, se) in self.sentences_from(0) {
            let opener = self.opener(ss, se);
            let first = opener.map(|k| self.after_frame(&lists.stance_frames, k, se));
            // The words a set phrase is looked for in: after a stance frame, the
            // statement it introduces ("I can tell you care" is no "tell you").
            let from = if first == opener {
                ss
            } else {
                first.unwrap_or(ss)
            };
            let opens_ok = first.is_some_and(|k| k < se && self.opens_statement(k));
            if opens_ok {
                for k in first.unwrap_or(ss)..se {
                    if lists.first_person.contains(keys[k]) {
                        // "I know you ...", "I'd recommend that you ...": about the speaker.
                        break;
                    }
                    if !lists.second_person.contains(keys[k]) || self.in_idiom(k) {
                        // "mind you", "if you ask me": nobody's experience.
                        continue;
                    }
                    let before = k.checked_sub(1).filter(|&b| b >= from).map(|b| keys[b]);
                    // "talking to you", "meet with you": the verb before the preposition.
                    let verb = match before {
                        Some("to" | "with" | "for") => {
                            k.checked_sub(2).filter(|&b| b >= from).map(|b| keys[b])
                        }
                        _ => before,
                    };
                    let after = (k + 1 < se).then(|| keys[k + 1]);
                    // "It will make you feel better": a remedy offered, not a reflection.
                    if self.remedy_offered(k, from) {
                        continue;
                    }
                    if [before, verb]
                        .iter()
                        .flatten()
                        .any(|b| lists.reflection_skip_before.contains(b))
                        || after.is_some_and(|a| lists.reflection_skip_after.contains(a))
                    {
                        continue;
                    }
                    let advice_at = |i: usize| i < se && self.advice_at(i);
                    if advice_at(k + 1) || (after == Some("just") && advice_at(k + 2)) {
                        break;
                    }
                    // "You embarrass me", "you were never there for me": what the listener
                    // did to the speaker, an account or a charge, not their experience.
                    if keys[k + 1..se]
                        .iter()
                        .any(|w| lists.speaker_objects.contains(w))
                    {
                        break;
                    }
                    return Some((ss, se));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::clauses::testing::with;

    #[test]
    fn a_statement_about_the_listener_is_a_reflection() {
        // (turn, reflects)
        let table = [
            ("You care about them.", true),
            ("So the silence has cost you years with him.", true),
            ("I can tell you care about her.", true),
            ("So you want him to stay?", true),
            ("I know you tried.", false),
            ("You left me standing there.", false),
            ("Thank you.", false),
            ("There are groups that can help you.", false),
            ("If you feel ready, call.", false),
            ("Do you want him to stay?", false),
            ("You should call her.", false),
        ];
        for (text, reflects) in table {
            let got = with(text, "", |c, _| c.reflection().is_some());
            assert_eq!(got, reflects, "{text}");
        }
    }
}
