//! Context rules: where a match stands in its clause, sentence and turn.

use super::{Suppression, TurnContext};
use crate::lexicon::{ContextLists, Entry, Require, WordList};
use crate::text::{Span, TurnText, Word};

/// A `whole_reply` match counts when at most this many other words stand beside it...
pub(crate) const WHOLE_REPLY_OTHER_WORDS: usize = 3;
/// ...and the turn has at most this many words.
pub(crate) const WHOLE_REPLY_MAX_WORDS: usize = 12;
/// How many words before a match a negator reaches.
const NEGATION_WINDOW: usize = 4;
/// How many words before a match a second-person word makes the listener its target
/// ("you're autistic for driving without a license, dumbass").
const SECOND_PERSON_WINDOW: usize = 10;
/// How far before a match a verb of the listener's self-view may be ("you feel like ...").
const SELF_VIEW_WINDOW: usize = 6;
/// The longest set phrase around "you" that names nobody ("you know what i mean").
const IDIOM_REACH: usize = 4;
/// How many words before a one-word match a negator reaches.
const SINGLE_WORD_NEGATION_WINDOW: usize = 2;
/// How far before a match a negated verb of thinking or saying may stand ("I don't think
/// you're really that lazy").
const RAISED_NEGATION_WINDOW: usize = 6;
/// A `turn_opening` match counts when it starts within this many words of the turn's
/// start (the window `avoidance:non_answer` reads a reply's opening in, too).
pub(crate) const TURN_OPENING_WORDS: usize = 60;
/// An echo (a reflection without "you", see [`Clauses::echo`]) is looked for only in a
/// reply of at most this many words...
pub(crate) const ECHO_MAX_TURN_WORDS: usize = 30;
/// ...in a sentence of at most this many words...
const ECHO_MAX_SENTENCE_WORDS: usize = 20;
/// ...that takes at least this share of its content words from the turn replied to.
const ECHO_MIN_SHARE: f32 = 0.25;
/// A reply of at most this many words that only repeats words of the turn replied to is
/// an echo too.
const REPEAT_MAX_WORDS: usize = 12;
/// How many words may come between an imperative of being and the insult it addresses
/// ([`Clauses::addressed_by_imperative`]: "stop being so very childish").
const IMPERATIVE_REACH: usize = 3;

/// How many words after its subject a hardship word is looked for ([`Clauses::hardship`]).
const HARDSHIP_REACH: usize = 6;
/// At most this many words may come before an `own_sentence` match in its sentence
/// ("That's it, I'm done.").
const OWN_SENTENCE_WORDS_BEFORE: usize = 3;
/// ... and after it, at most this many words in a clause of their own (a name, a tag).
const OWN_SENTENCE_TAG_WORDS: usize = 2;
/// How many words before a match a reporting verb reaches.
const REPORT_WINDOW: usize = 8;

/// The words of a turn with their clause and sentence structure.
pub struct Clauses<'a> {
    text: &'a str,
    words: &'a [Word],
    /// Each word's key: the word without apostrophes ("don't" -> "dont").
    keys: Vec<&'a str>,
    /// First word of the clause each word is in.
    clause_start: Vec<usize>,
    /// Whether a clause-breaking word ("but", "because") opens a clause at this word.
    opens_with_breaker: Vec<bool>,
    /// First word of the sentence each word is in.
    sentence_start: Vec<usize>,
    /// The first word after a script-style dialogue label ("Him: ..."): from there on
    /// the turn quotes a conversation.
    dialogue_from: Option<usize>,
    /// One past the last word of the sentence each word is in.
    sentence_end: Vec<usize>,
    lists: &'a ContextLists,
}

impl<'a> Clauses<'a> {
    /// Splits the words of a turn's normalised text into clauses and sentences.
    pub fn new(turn: &'a TurnText<'_>, lists: &'a ContextLists) -> Clauses<'a> {
        let (text, words) = (turn.normalized().as_str(), turn.words());
        let keys = turn.keys();
        debug_assert_eq!(keys.len(), words.len());
        let n = words.len();
        let (mut clause_start, mut sentence_start) = (vec![0; n], vec![0; n]);
        let mut opens_with_breaker = vec![false; n];
        let (mut cs, mut ss) = (0, 0);
        for i in 0..n {
            if i > 0 {
                let gap = &text[words[i - 1].span.end..words[i].span.start];
                if gap.contains(['.', '!', '?']) {
                    ss = i;
                    cs = i;
                } else if gap.contains([',', ';', ':', '(', ')', '"', '-']) {
                    cs = i;
                } else if lists.clause_breakers.contains(keys[i]) {
                    cs = i;
                    opens_with_breaker[i] = true;
                }
            }
            clause_start[i] = cs;
            sentence_start[i] = ss;
        }
        let mut sentence_end = vec![n; n];
        for i in (0..n.saturating_sub(1)).rev() {
            sentence_end[i] = if sentence_start[i + 1] == i + 1 {
                i + 1
            } else {
                sentence_end[i + 1]
            };
        }
        let dialogue_from = (0..n.saturating_sub(1)).find_map(|i| {
            let gap = &text[words[i].span.end..words[i + 1].span.start];
            (gap.trim_start().starts_with(':') && lists.dialogue_labels.contains(keys[i]))
                .then_some(i + 1)
        });
        Clauses {
            dialogue_from,
            text,
            words,
            keys,
            clause_start,
            opens_with_breaker,
            sentence_start,
            sentence_end,
            lists,
        }
    }

    /// The first word of the sentence holding word `wi` (an id for the sentence).
    pub fn sentence_of(&self, wi: usize) -> usize {
        self.sentence_start.get(wi).copied().unwrap_or(usize::MAX)
    }

    /// The words a span covers: `[first, end)`.
    pub fn word_range(&self, span: Span) -> (usize, usize) {
        let first = self.words.partition_point(|w| w.span.end <= span.start);
        let end = self.words.partition_point(|w| w.span.start < span.end);
        (
            first.min(self.words.len()),
            end.max(first).min(self.words.len()),
        )
    }

    /// Whether a negator stands in the clause within a few words before word `wi`. A
    /// one-word match (an insult, "fine") is negated only by a negator right before it
    /// ("not stupid", "not an idiot"): in "driving without a license, dumbass" the
    /// "without" does not reach the insult.
    pub fn negated_before(&self, wi: usize, single_word: bool) -> bool {
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

    /// Whether a reporting verb introduces the speech the match stands in, or the turn
    /// quotes a dialogue ("Him: ... Me: ...") from before it.
    pub fn reported_before(&self, wi: usize) -> bool {
        if wi >= self.words.len() {
            return false;
        }
        if self.dialogue_from.is_some_and(|d| wi >= d) {
            return true;
        }
        let from = self.sentence_start[wi].max(wi.saturating_sub(REPORT_WINDOW));
        let keys = &self.keys;
        (from..wi).any(|k| {
            if !self.lists.reporting_verbs.ends_at(keys, k) {
                return false;
            }
            // "you said ..." quotes the listener back at them: that is the speaker's own act.
            let before = k.checked_sub(1).map(|b| keys[b]);
            !before.is_some_and(|b| self.lists.second_person.contains(b))
        })
    }

    /// The punctuation after the last word of the sentence holding word `wi`.
    fn sentence_tail(&self, wi: usize) -> &str {
        let end = self.sentence_end[wi.min(self.words.len() - 1)];
        let from = self.words[end - 1].span.end;
        let to = self
            .words
            .get(end)
            .map_or(self.text.len(), |w| w.span.start);
        &self.text[from..to]
    }

    fn is_question_sentence(&self, wi: usize) -> bool {
        self.sentence_tail(wi).contains('?')
    }

    /// The sentences from the one that starts at word `from` on, as word ranges.
    fn sentences_from(&self, from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let n = self.words.len();
        std::iter::successors(
            (from < n).then(|| (from, self.sentence_end[from])),
            move |&(_, se)| (se < n).then(|| (se, self.sentence_end[se])),
        )
    }

    /// The first word of the sentence `[ss, se)` after discourse words ("well", "so", ...).
    fn opener(&self, ss: usize, se: usize) -> Option<usize> {
        (ss..se).find(|&k| !self.lists.discourse_openers.contains(self.keys[k]))
    }

    /// Whether a sentence opening with word `k` can be a statement about the listener: it
    /// does not open with the speaker, a condition or a suggestion (`statement_blockers`),
    /// nor with a question word.
    fn opens_statement(&self, k: usize) -> bool {
        let key = self.keys[k];
        !self.lists.statement_blockers.contains(key) && !self.lists.question_openers.contains(key)
    }

    /// Whether the sentence holding word `wi`, or a later one, is a question (ends in `?`).
    fn question_at_or_after(&self, wi: usize) -> bool {
        self.sentences_from(self.sentence_start[wi])
            .any(|(ss, _)| self.is_question_sentence(ss))
    }

    /// Whether the sentence holding word `wi` is a question in question order: a `?` at
    /// its end and an interrogative opener ("do", "are", "what", ...) as the first word of
    /// the sentence or of one of its clauses, after discourse words ("It sounds like you're
    /// busy, should I call back?"). "So you feel stuck?" is a statement with a rising tone,
    /// and so is a statement that closes with a tag from `check_tags`, which asks only
    /// whether it was heard right ("You feel stuck, is that right?").
    fn is_interrogative(&self, wi: usize) -> bool {
        if !self.is_question_sentence(wi) {
            return false;
        }
        let (ss, se) = (self.sentence_start[wi], self.sentence_end[wi]);
        let Some(first) = self.opener(ss, se) else {
            return true;
        };
        let keys = &self.keys[..se];
        (ss..se)
            .filter(|&k| self.clause_start[k] == k)
            .filter_map(|cs| self.opener(cs, se))
            .any(|k| {
                self.lists.question_openers.contains(keys[k])
                    && (k == first || self.lists.check_tags.longest_at(keys, k) != Some(se - k))
            })
    }

    fn sentence_bangs(&self, wi: usize) -> usize {
        self.sentence_tail(wi).matches('!').count()
    }

    /// The first sentence that reflects the listener's experience back: a statement (not a
    /// question, though it may be a reflection announced by "so" with a rising tone, and
    /// no other sentence of the turn may ask) that does not open with the speaker, a
    /// condition or a suggestion, with a second-person word, before any first-person word,
    /// not followed by advice ("you should"), not part of a set phrase ("thank you",
    /// "you know"), and with the speaker not the object after it (`speaker_objects`: "you
    /// embarrass me"). Returns its word range.
    pub fn reflection(&self) -> Option<(usize, usize)> {
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

    /// Whether the match at word `wi` is what the listener feels or thinks about
    /// themselves, given back: within six (`SELF_VIEW_WINDOW`) words before it in its
    /// sentence, a verb from `self_view_verbs` ("feel", "think") with the listener as its
    /// subject, right before it or one word (not the speaker) before ("You feel like
    /// you're worthless.", "It sounds like you feel stupid.", "it makes you feel like a
    /// failure"; not "You make me feel stupid.").
    fn self_view_before(&self, wi: usize) -> bool {
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

    /// Whether the "you" at word `k` follows a verb of causing (`causatives`) with a modal
    /// or "to" (`remedy_modals`) before it, both at or after word `from`: a remedy offered
    /// ("It will make you feel better", "something to help you feel calmer"), not the
    /// listener's feeling given back ("That makes you feel judged").
    fn remedy_offered(&self, k: usize, from: usize) -> bool {
        k >= from + 2
            && self.lists.causatives.contains(self.keys[k - 1])
            && self.lists.remedy_modals.contains(self.keys[k - 2])
    }

    /// Whether the one-word match at words `[wi, wj)` describes a thing named after it: a
    /// determiner from `determiners` before it and a word of the same clause after it,
    /// not the listener, and no "you" or copula (`copulas`) in the three words before the
    /// determiner, unless a preposition (`prepositions`) comes between ("this crazy year",
    /// "the stupid virus", "your situation during this crazy year"; not "you stupid
    /// idiot", "you're an idiot who never listens", "you are such a stupid person", "you
    /// act like an idiot sometimes").
    pub fn attributive(&self, wi: usize, wj: usize) -> bool {
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
    pub fn third_person_subject(&self, wi: usize) -> bool {
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
    fn in_idiom(&self, k: usize) -> bool {
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
    pub fn is_vocative(&self, wi: usize, wj: usize) -> bool {
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
    fn addressed_by_imperative(&self, wi: usize) -> bool {
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
    pub fn is_exclamation(&self, wi: usize, wj: usize) -> bool {
        let (ss, se) = (self.sentence_start[wi], self.sentence_end[wi]);
        let opens = (ss..wi).all(|k| self.lists.discourse_openers.contains(self.keys[k]));
        let set_off = wj >= se
            || self.text[self.words[wj - 1].span.end..self.words[wj].span.start]
                .contains([',', '!']);
        opens && set_off
    }

    /// Whether the sentence `[ss, se)` is a reflection announced by a discourse word from
    /// `reflection_announcers` ("so") and said in statement order: with a "?" at its end
    /// it is a reflection with a rising tone, not a question ("So the drinking doesn't
    /// fit with your family?"; not "So do you think ...?").
    fn announced_reflection(&self, ss: usize, se: usize) -> bool {
        let lists = self.lists;
        (ss..se)
            .take_while(|&k| lists.discourse_openers.contains(self.keys[k]))
            .any(|k| lists.reflection_announcers.contains(self.keys[k]))
            && !self.is_interrogative(ss)
    }

    /// Where what a frame introduces starts when word `k` (a sentence's first word after
    /// discourse words, the sentence ending at `se`) may open a frame from `frames` ("I can
    /// tell (that) you ...", "I know (that) it's hard"): the word after the frame and an
    /// optional "that"; `k` itself when no frame opens there.
    fn after_frame(&self, frames: &WordList, k: usize, se: usize) -> usize {
        let keys = &self.keys[..se];
        match frames.longest_at(keys, k) {
            Some(len) => {
                let next = k + len;
                if next < se && keys[next] == "that" {
                    next + 1
                } else {
                    next
                }
            }
            None => k,
        }
    }

    /// The first statement that names how hard the listener's situation is: it opens (after
    /// discourse words, and a frame of knowing from `hardship_frames` with an optional
    /// "that": "I know it's hard") with a subject from `hardship_subjects` ("that", "it") and
    /// has a word from `hardship_words` within six (`HARDSHIP_REACH`) words after it, with no
    /// first-person word nor negator between, no first-person word in the two words after
    /// it, and not followed by `hardship_not_before`
    /// ("That must be so hard.", "It's a really tough time."; not "It's hard for me",
    /// "That isn't so hard", "It's hard to say"). Returns its word range.
    pub fn hardship(&self) -> Option<(usize, usize)> {
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

    /// Whether word `k` is a negator: one of `negators`, or a word ending in "n't".
    fn is_negator(&self, k: usize) -> bool {
        self.text[self.words[k].span.range()].ends_with("n't")
            || self.lists.negators.contains(self.keys[k])
    }

    /// Whether the hardship word at word `k` (its sentence ending at `se`) names the
    /// listener's lot, judging by what follows it: no first-person word in the two words
    /// after it ("it's hard for me" is the speaker's), and nothing from
    /// `hardship_not_before` ("it's hard to say" judges a question).
    fn hardship_of_listener(&self, k: usize, se: usize) -> bool {
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
    fn intensified_hardship(&self, ss: usize, se: usize) -> bool {
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

    /// Whether the turn gives advice: a suggestion phrase, "you" followed by a modal, or an
    /// instruction (a sentence or clause that opens with a bare verb such as "call",
    /// "google", "talk").
    pub fn gives_advice(&self) -> bool {
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
    fn advice_at(&self, i: usize) -> bool {
        self.lists.advice.starts_at(&self.keys, i) && !self.lists.predictions.contains(self.keys[i])
    }

    /// Whether a sentence or clause of the turn opens with an instruction: after discourse
    /// words and sequence words ("first of all", "just"), a verb in its bare form from
    /// `instruction_verbs` ("First of all, polish your resume.", "Just talk to him.",
    /// "You have options, so just talk to your manager first.").
    fn instructs(&self) -> bool {
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

    /// Whether the sentence holding word `wi` asks without a "?": it opens (after discourse
    /// words) with a question word from `question_openers` that is no auxiliary, followed by
    /// an auxiliary from `inverting_auxiliaries` or a verb of causing from
    /// `question_verbs` ("What is making you feel this way", "How did that make you
    /// feel"; not the exclamations "How hard that must be", "What a week you've had").
    pub fn asks_unmarked(&self, wi: usize) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        let (ss, se) = (self.sentence_start[wi], self.sentence_end[wi]);
        self.opener(ss, se).is_some_and(|k| {
            k + 1 < se
                && lists.question_openers.contains(keys[k])
                && !lists.inverting_auxiliaries.contains(keys[k])
                && (lists.inverting_auxiliaries.contains(keys[k + 1])
                    || lists.question_verbs.contains(keys[k + 1]))
        })
    }

    /// Whether the turn asks a question in question order without a "?": an auxiliary
    /// right before "you" at a clause's start, after discourse words or after a question
    /// word ("Hello, how are you today", "Had you been together long").
    pub fn asks_in_question_order(&self) -> bool {
        let (keys, lists) = (&self.keys, self.lists);
        (0..keys.len().saturating_sub(1)).any(|k| {
            let at_start = k == self.clause_start[k]
                || lists.discourse_openers.contains(keys[k - 1])
                || lists.question_openers.contains(keys[k - 1]);
            // "you" as the subject: "and do your research" is an instruction, "is your
            // exercise" a statement.
            let subject = keys[k + 1];
            at_start
                && lists.inverting_auxiliaries.contains(keys[k])
                && lists.second_person.contains(subject)
                && !subject.starts_with("your")
        })
    }

    /// A short statement that gives the listener's own words back: MI's simple
    /// reflection, which need not say "you" ("So the appointments and time.", "Six months.
    /// That's a long time."). The first sentence of at most 20 (`ECHO_MAX_SENTENCE_WORDS`)
    /// words that is not a question, does not open with a blocker or question word, and
    /// takes at least a quarter of its content words from the turn replied to (compared as
    /// in [`ContextLists::content_stems`]); or, in a reply of at most
    /// 12 (`REPEAT_MAX_WORDS`) words, the whole reply when every word of it beyond discourse
    /// words occurs in the turn replied to: a plain repetition ("Not yet." after "Not
    /// yet.", "And it's fun."), unless it is a greeting ("Bye."). Only in a turn of at most
    /// 30 (`ECHO_MAX_TURN_WORDS`) words with no first-person word (a turn about the speaker
    /// is self-disclosure, not a reflection). `previous` is the turn replied to (its word keys
    /// are made once, for its own detection and this reply's). Returns the word range.
    pub fn echo(&self, previous: &TurnText<'_>) -> Option<(usize, usize)> {
        let (keys, lists, n) = (&self.keys, self.lists, self.keys.len());
        if previous.words().is_empty()
            || n > ECHO_MAX_TURN_WORDS
            || keys.iter().any(|k| lists.first_person.contains(k))
        {
            return None;
        }
        let previous_keys = previous.keys();
        if (1..=REPEAT_MAX_WORDS).contains(&n) && !self.is_question_sentence(0) {
            let mut core = keys
                .iter()
                .filter(|k| !lists.discourse_openers.contains(k))
                .peekable();
            if core.peek().is_some()
                && core.all(|k| previous_keys.contains(k) && !lists.greetings.contains(k))
            {
                return Some((0, n));
            }
        }
        let previous_stems = lists.content_stems(&previous_keys); // sorted
        self.sentences_from(0).find(|&(ss, se)| {
            let opens_ok = self.opener(ss, se).is_some_and(|k| self.opens_statement(k));
            if !opens_ok || se - ss > ECHO_MAX_SENTENCE_WORDS || self.is_question_sentence(ss) {
                return false;
            }
            let content = lists.content_stems(&keys[ss..se]);
            let shared = content
                .iter()
                .filter(|s| previous_stems.binary_search(s).is_ok())
                .count();
            shared > 0 && shared as f32 >= ECHO_MIN_SHARE * content.len() as f32
        })
    }

    /// The factor intensity rules give a match at word `wi` (original span `orig`).
    pub fn intensity(&self, original: &str, orig: Span, wi: usize, turn_caps: f32) -> f32 {
        if wi >= self.words.len() {
            return 1.0;
        }
        let mut f = 1.0f32;
        // A word of the match in ALL CAPS, when the turn is not all capitals (VADER's rule).
        let matched = &original[orig.range()];
        let shouted = matched
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w.chars().count() >= 2 && w.chars().all(char::is_uppercase));
        if shouted && turn_caps < 0.6 {
            f *= 1.5;
        }
        f *= 1.0 + 0.2 * self.sentence_bangs(wi).min(3) as f32;
        let cs = self.clause_start[wi];
        if (cs.max(wi.saturating_sub(2))..wi)
            .any(|k| self.lists.intensifiers.contains(self.keys[k]))
        {
            f *= 1.3;
        }
        let keys = &self.keys;
        if (cs.max(wi.saturating_sub(4))..wi).any(|k| self.lists.hedges.ends_at(keys, k)) {
            f *= 0.7;
        }
        (f * 100.0).round() / 100.0
    }
}

/// The first requirement of `entry` that the match at words `[wi, wj)` fails, if any.
pub(crate) fn requirement_failure(
    entry: &Entry,
    c: &Clauses<'_>,
    wi: usize,
    wj: usize,
    ctx: TurnContext,
) -> Option<Suppression> {
    let n = c.words.len();
    if wi >= n {
        return None;
    }
    let lists = c.lists;
    for r in entry.require.iter() {
        let failed = match r {
            Require::SecondPerson => {
                let ss = c.sentence_start[wi];
                let se = c.sentence_end[wi];
                let near = (ss.max(wi.saturating_sub(SECOND_PERSON_WINDOW))..(wj + 3).min(se))
                    .any(|k| lists.second_person.contains(c.keys[k]) && !c.in_idiom(k))
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
            Require::WholeReply => None, // judged over the whole turn, after all matches
            Require::AfterQuestion => {
                (!ctx.after_question).then_some(Suppression::NoQuestionBefore)
            }
            Require::NotQuestion => {
                let asks = if entry.require.has(Require::RisingOk) {
                    c.is_interrogative(wi)
                } else {
                    c.is_question_sentence(wi)
                };
                (asks || c.asks_unmarked(wi)).then_some(Suppression::InQuestion)
            }
            Require::RisingOk => None, // read with `NotQuestion`
            Require::MainClause => {
                let keys = &c.keys;
                let embedded =
                    wi > c.clause_start[wi] && lists.subordinators.contains(keys[wi - 1]);
                // "I understand that you feel ...": a frame of knowing or perception
                // vouches for what its "that" brings; it does not embed it.
                let framed = wi >= 2
                    && keys[wi - 1] == "that"
                    && (lists.stance_frames.ends_at(keys, wi - 2)
                        || lists.hardship_frames.ends_at(keys, wi - 2));
                // "It will make you feel better", "something to help you feel calmer": a
                // remedy offered, advice or a forecast, not the listener's feeling given back.
                if c.remedy_offered(wi, 0) {
                    Some(Suppression::Advice)
                } else {
                    (embedded && !framed).then_some(Suppression::Embedded)
                }
            }
            Require::NoQuestionAfter => c.question_at_or_after(wi).then_some(Suppression::Preface),
            Require::SentenceStart => {
                let ss = c.sentence_start[wi];
                let opened = (ss..wi).all(|k| lists.discourse_openers.contains(c.keys[k]));
                (!opened).then_some(Suppression::NotSentenceStart)
            }
            Require::NotPraise => {
                // Praise anywhere in the rest of the sentence: "you're the worst, I love you".
                let keys = &c.keys;
                let end = c.sentence_end[wi].min(wj + 8);
                (wj..end)
                    .any(|k| lists.praise.starts_at(keys, k))
                    .then_some(Suppression::Praise)
            }
            Require::TurnOpening => (wi >= TURN_OPENING_WORDS).then_some(Suppression::LateInTurn),
            Require::OwnSentence => {
                let (ss, se) = (c.sentence_start[wi], c.sentence_end[wi]);
                // A short tag of its own may follow: "We're done, Paul.", "I'm done, okay?"
                let tag = wj < se && c.clause_start[wj] == wj && se - wj <= OWN_SENTENCE_TAG_WORDS;
                let goes_on =
                    !tag && (wj..se).any(|k| !lists.discourse_openers.contains(c.keys[k]));
                (goes_on || wi - ss > OWN_SENTENCE_WORDS_BEFORE)
                    .then_some(Suppression::PartOfSentence)
            }
            Require::Vocative => (!c.is_vocative(wi, wj)).then_some(Suppression::NotVocative),
            Require::NotAdvice => (wj < n && c.advice_at(wj)).then_some(Suppression::Advice),
            Require::NotSelf => {
                let cs = c.clause_start[wi];
                let subject = (cs..wi).rev().find_map(|k| {
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
        };
        if failed.is_some() {
            return failed;
        }
    }
    None
}
