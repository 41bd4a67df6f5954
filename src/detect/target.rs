//! Target: who a match is aimed at. Blame needs the listener as its target (the
//! `second_person` requirement): a "you" near it, not the "you" of a set phrase; not a
//! word that describes a thing ("this crazy year") or someone absent ("your ex is an
//! idiot"); a trailing vocative ("Nice going, genius.") or an imperative of being ("Stop
//! being so childish.") addresses the listener; the listener's view of themselves given
//! back ("you feel like you're worthless") is a reflection. Also: a clause about the
//! speaker (`not_self`), and a swear word said as an exclamation of its own, which is
//! aimed at nobody.

use super::clauses::Clauses;
use super::Suppression;

/// How many words before a match a second-person word makes the listener its target
/// ("you're autistic for driving without a license, dumbass").
const SECOND_PERSON_WINDOW: usize = 10;
/// How far before a match a verb of the listener's self-view may be ("you feel like ...").
const SELF_VIEW_WINDOW: usize = 6;
/// The longest set phrase around "you" that names nobody ("you know what i mean").
const IDIOM_REACH: usize = 4;
/// How many words may come between an imperative of being and the insult it addresses
/// ([`Clauses::addressed_by_imperative`]: "stop being so very childish").
const IMPERATIVE_REACH: usize = 3;

/// `second_person`: the listener is the match's target. A second-person word (not the
/// "you" of a set phrase) within [`SECOND_PERSON_WINDOW`] words before it in its sentence
/// or three after, or an imperative of being before it; and not a word describing a thing
/// ([`Clauses::attributive`]) nor someone absent ([`Clauses::third_person_subject`]),
/// which is `no_second_person`; a trailing vocative always addresses the listener; the
/// listener's own view given back is `self_view`.
pub(crate) fn second_person(c: &Clauses<'_>, wi: usize, wj: usize) -> Option<Suppression> {
    let (ss, se) = (c.sentence_start[wi], c.sentence_end[wi]);
    let near = (ss.max(wi.saturating_sub(SECOND_PERSON_WINDOW))..(wj + 3).min(se))
        .any(|k| c.lists.second_person.contains(c.keys[k]) && !c.in_idiom(k))
        || c.addressed_by_imperative(wi);
    if c.is_vocative(wi, wj) {
        None
    } else if !near || c.attributive(wi, wj) || c.third_person_subject(wi) {
        Some(Suppression::NoSecondPerson)
    } else if c.self_view_before(wi) {
        Some(Suppression::SelfView)
    } else {
        None
    }
}

/// `not_self`: the nearest person word before the match in its clause is not the
/// speaker ("I always lose track of time" is about the speaker).
pub(crate) fn self_directed(c: &Clauses<'_>, wi: usize) -> Option<Suppression> {
    let lists = c.lists;
    let subject = (c.clause_start[wi]..wi).rev().find_map(|k| {
        let key = c.keys[k];
        if lists.first_person.contains(key) {
            Some(true)
        } else if lists.second_person.contains(key) {
            Some(false)
        } else {
            None
        }
    });
    (subject == Some(true)).then_some(Suppression::SelfDirected)
}

impl Clauses<'_> {
    /// Whether the match at word `wi` is what the listener feels or thinks about
    /// themselves, given back: within six (`SELF_VIEW_WINDOW`) words before it in its
    /// sentence, a verb from `self_view_verbs` ("feel", "think") with the listener as its
    /// subject, right before it or one word (not the speaker) before ("You feel like
    /// you're worthless.", "It sounds like you feel stupid.", "it makes you feel like a
    /// failure"; not "You make me feel stupid.").
    pub(crate) fn self_view_before(&self, wi: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        let from = self.sentence_start[wi].max(wi.saturating_sub(SELF_VIEW_WINDOW));
        let listener = |k: usize| lists.second_person.contains(keys[k]);
        (from..wi).any(|j| {
            lists.self_view_verbs.contains(keys[j])
                && j > from
                && (listener(j - 1)
                    || (j > from + 1
                        && listener(j - 2)
                        && !lists.first_person.contains(keys[j - 1])))
        })
    }

    /// Whether the one-word match at words `[wi, wj)` describes a thing named after it: a
    /// determiner from `determiners` before it and a word of the same clause after it,
    /// not the listener, and no "you" or copula (`copulas`) in the three words before the
    /// determiner, unless a preposition (`prepositions`) comes between ("this crazy year",
    /// "the stupid virus", "your situation during this crazy year"; not "you stupid
    /// idiot", "you're an idiot who never listens", "you are such a stupid person", "you
    /// act like an idiot sometimes").
    pub(crate) fn attributive(&self, wi: usize, wj: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        let cs = self.clause_start[wi];
        let says_who = || {
            (cs.max(wi.saturating_sub(4))..wi - 1)
                .rev()
                .take_while(|&k| !lists.prepositions.contains(keys[k]))
                .any(|k| lists.second_person.contains(keys[k]) || lists.copulas.contains(keys[k]))
        };
        wj == wi + 1
            && wi > cs
            && lists.determiners.contains(keys[wi - 1])
            && wj < self.sentence_end[wi]
            && self.clause_start[wj] != wj
            && !lists.second_person.contains(keys[wj])
            && !says_who()
    }

    /// Whether the nearest person word before word `wi` in its clause is a third-person
    /// subject from `third_person` ("even if they're a shitty person, you can ...": the
    /// insult is theirs to bear, though "you" is near), or the listener's possessive before
    /// a person of their life from `third_party_nouns`, one or two words on ("Your ex is a
    /// total idiot.", "your new boss sounds like a jerk"; not "your stupid friends").
    pub(crate) fn third_person_subject(&self, wi: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        let possessed = |k: usize| {
            matches!(keys[k], "your" | "ur")
                && (k + 1..wi.min(k + 3)).any(|n| lists.third_party_nouns.contains(keys[n]))
        };
        (self.clause_start[wi]..wi)
            .rev()
            .find(|&k| {
                lists.third_person.contains(keys[k])
                    || lists.second_person.contains(keys[k])
                    || lists.first_person.contains(keys[k])
            })
            .is_some_and(|k| lists.third_person.contains(keys[k]) || possessed(k))
    }

    /// Whether word `k` is part of a set phrase from `second_person_idioms` that names
    /// nobody ("if you ask me", "you know", "mind you").
    pub(crate) fn in_idiom(&self, k: usize) -> bool {
        let idioms = &self.lists.second_person_idioms;
        let se = self.sentence_end[k];
        (self.sentence_start[k].max(k.saturating_sub(IDIOM_REACH))..=k).any(|a| {
            idioms
                .longest_at(&self.keys[..se], a)
                .is_some_and(|len| a + len > k)
        })
    }

    /// Whether the one-word match at words `[wi, wj)` addresses the listener as a trailing
    /// vocative: a clause of its own after a comma, closing its sentence ("Thanks,
    /// idiot.", "Chill, loser"). Not a noun phrase ("his boss, a real idiot") nor a word
    /// inside a clause.
    pub(crate) fn is_vocative(&self, wi: usize, wj: usize) -> bool {
        let quote = |c: char| matches!(c, '"' | '\'' | '\u{201c}' | '\u{201d}');
        let before = |k: usize| &self.text[self.words[k - 1].span.end..self.words[k].span.start];
        let after = match self.words.get(wj) {
            Some(next) => &self.text[self.words[wj - 1].span.end..next.span.start],
            None => &self.text[self.words[wj - 1].span.end..],
        };
        wj == wi + 1
            && wi > self.sentence_start[wi]
            && wj == self.sentence_end[wi]
            && before(wi).contains(',')
            && !before(wi).contains(quote)
            && !after.contains(quote)
    }

    /// Whether the match at word `wi` comes within three (`IMPERATIVE_REACH`) words after
    /// an imperative of being that opens its sentence (`listener_imperatives`: "Stop being
    /// so childish.", "Don't be such a baby."): it is said of the listener, though no
    /// "you" is there.
    pub(crate) fn addressed_by_imperative(&self, wi: usize) -> bool {
        let (ss, se) = (self.sentence_start[wi], self.sentence_end[wi]);
        self.opener(ss, se).is_some_and(|k| {
            self.lists
                .listener_imperatives
                .longest_at(&self.keys[..se], k)
                .is_some_and(|len| k + len <= wi && wi - (k + len) <= IMPERATIVE_REACH)
        })
    }

    /// Whether the match at words `[wi, wj)` is an exclamation of its own: the first word of
    /// its sentence after discourse words, set off from what follows by a comma, a "!" or
    /// the sentence's end ("Damn, that's rough.", "Oh shit! I'm so sorry."; not "Damn you,
    /// Sam.", which has no comma after the match's first word, nor "What the hell, ...").
    pub(crate) fn is_exclamation(&self, wi: usize, wj: usize) -> bool {
        let (ss, se) = (self.sentence_start[wi], self.sentence_end[wi]);
        let opens = (ss..wi).all(|k| self.lists.discourse_openers.contains(self.keys[k]));
        let set_off = wj >= se
            || self.text[self.words[wj - 1].span.end..self.words[wj].span.start]
                .contains([',', '!']);
        opens && set_off
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::with;

    #[test]
    fn second_person_finds_who_a_one_word_insult_is_aimed_at() {
        // (turn, the insult, the requirement's verdict)
        let none = None;
        let away = Some(Suppression::NoSecondPerson);
        let view = Some(Suppression::SelfView);
        let table = [
            ("You're such an idiot.", "idiot", none),
            ("You act like an idiot sometimes.", "idiot", none),
            ("Nice going, genius.", "genius", none),
            ("Stop being so childish.", "childish", none),
            ("He is a selfish jerk.", "jerk", away),
            ("Your ex is a total idiot.", "idiot", away),
            ("They made this stupid rule for you.", "stupid", away),
            ("It's a crazy world out there.", "crazy", away),
            ("You feel like you're worthless.", "worthless", view),
            ("You make me feel stupid.", "stupid", none),
            ("If you ask me, it was stupid.", "stupid", away),
        ];
        for (text, word, want) in table {
            let got = with(text, word, |c, at| second_person(c, at, at + 1));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn not_self_and_exclamations() {
        // (turn, the match's first word, about the speaker)
        let table = [
            ("I always lose track of time.", "always", true),
            ("You always lose track of time.", "always", false),
            ("Sometimes it always rains.", "always", false),
        ];
        for (text, word, own) in table {
            let got = with(text, word, |c, at| self_directed(c, at).is_some());
            assert_eq!(got, own, "{text}");
        }
        // (turn, the swear word, said as an exclamation of its own)
        let table = [
            ("Damn, that's rough.", "damn", true),
            ("Oh shit! I'm so sorry.", "shit", true),
            ("Damn you, Sam.", "damn", false),
            ("That is damn rude.", "damn", false),
        ];
        for (text, word, exclaimed) in table {
            let got = with(text, word, |c, at| c.is_exclamation(at, at + 1));
            assert_eq!(got, exclaimed, "{text}");
        }
    }
}
