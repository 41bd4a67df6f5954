//! The word lists the context rules read (`lexicons/context.toml`).

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Deserialize;

/// Word lists for negation, intensity, target and position rules. Single words are keyed
/// without apostrophes ("don't" -> "dont"); phrases are kept as word sequences. Read
/// straight from `context.toml`: each key is a list of words and phrases, any may be absent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContextLists {
    /// Negators.
    pub negators: WordList,
    /// Verbs of thinking and saying a negation before reaches past ("I don't think you're
    /// lazy").
    pub negation_raisers: WordList,
    /// Set phrases that open with a negator and negate nothing after them ("no problem").
    pub negation_idioms: WordList,
    /// Subordinators: a match right after one is embedded, not a main clause.
    pub subordinators: WordList,
    /// Words that end a negation's reach.
    pub clause_breakers: WordList,
    /// Intensifiers.
    pub intensifiers: WordList,
    /// Hedges and dampeners.
    pub hedges: WordList,
    /// Thanks ("thank you", "appreciate"): with hedges, a turn's politeness markers.
    pub gratitude: WordList,
    /// Praise words.
    pub praise: WordList,
    /// Second-person words.
    pub second_person: WordList,
    /// First-person words.
    pub first_person: WordList,
    /// Reporting verbs.
    pub reporting_verbs: WordList,
    /// Discourse openers allowed before a sentence-start match.
    pub discourse_openers: WordList,
    /// Question openers.
    pub question_openers: WordList,
    /// Questions that invite the listener's own account ("what happened").
    pub open_invitations: WordList,
    /// Openings that answer a question directly.
    pub direct_answers: WordList,
    /// Modal and advice words ("should", "need to").
    pub advice: WordList,
    /// Labels of script-style dialogue ("Him: ... Me: ...").
    pub dialogue_labels: WordList,
    /// Phrases that give advice.
    pub suggestions: WordList,
    /// Words after "you" that make it not about the listener.
    pub reflection_skip_after: WordList,
    /// Words before "you" that make it not about the listener.
    pub reflection_skip_before: WordList,
    /// Openers that make a sentence other than a statement about the listener.
    pub statement_blockers: WordList,
    /// Stated views that, opening a concession after evasion, make its sentence an answer
    /// ("I won't comment, although I think he did fine").
    pub concession_views: WordList,
    /// Verbs of the listener's self-view ("feel", "think"): an attack word after "you
    /// feel" is the listener's own view, given back.
    pub self_view_verbs: WordList,
    /// Determiners: a one-word insult after one and before another word describes that
    /// thing ("this crazy year").
    pub determiners: WordList,
    /// Third-person subjects: the nearest person word before an insult, they make
    /// someone else its target ("he's an idiot").
    pub third_person: WordList,
    /// Copulas: before a determiner they make its noun phrase describe the subject ("you
    /// are such a stupid person").
    pub copulas: WordList,
    /// Set phrases whose "you" names nobody ("if you ask me", "you know").
    pub second_person_idioms: WordList,
    /// The speaker as object ("me"): after "you", an account of what the listener did.
    pub speaker_objects: WordList,
    /// Words too common to say what a text is about.
    pub function_words: WordList,
    /// Frames of perception and conviction a reflection may open with ("I can tell").
    pub stance_frames: WordList,
    /// Discourse words that announce a reflection even under a rising "?" ("so").
    pub reflection_announcers: WordList,
    /// Tags that close a statement to check it was heard right ("is that right").
    pub check_tags: WordList,
    /// Stance and degree adverbs that may stand between a leading "you" and the rest of a
    /// term ("you clearly don't care"): the matcher skips up to two of them there.
    pub subject_adverbs: WordList,
    /// Prepositions: one between "you" and a determiner leaves an insult after the
    /// determiner describing a thing ("your plans for this stupid year").
    pub prepositions: WordList,
    /// People of the listener's life: after "your", an insult is aimed at them ("your ex").
    pub third_party_nouns: WordList,
    /// Imperatives of being that open a sentence and address the listener ("stop being").
    pub listener_imperatives: WordList,
    /// Auxiliaries that ask a question when they come right before "you".
    pub inverting_auxiliaries: WordList,
    /// Auxiliaries that agree with a third-person subject and so never invert with
    /// "you" ("some of it is you just don't like it"): no question order.
    pub uninverted_auxiliaries: WordList,
    /// Words after which an auxiliary before "you" compares rather than asks ("more
    /// than you think", "as do you").
    pub comparison_words: WordList,
    /// Verbs of causing before "you feel" ("make", "help").
    pub causatives: WordList,
    /// Modals (and "to") before a verb of causing that make "you feel" a remedy offered
    /// ("it will make you feel better").
    pub remedy_modals: WordList,
    /// Verbs that ask after a question word, without a "?" ("what made you ...").
    pub question_verbs: WordList,
    /// Verbs whose bare form opening a sentence gives an instruction.
    pub instruction_verbs: WordList,
    /// Sequence words that may stand before an instruction ("first of all", "just").
    pub instruction_openers: WordList,
    /// Subjects that open a statement about the listener's situation ("that", "it").
    pub hardship_subjects: WordList,
    /// Words that name how hard a situation is ("hard", "stressful").
    pub hardship_words: WordList,
    /// Frames of knowing that may stand before a hardship subject ("I know it's hard").
    pub hardship_frames: WordList,
    /// What after a hardship word makes it a judgement of a question ("to say").
    pub hardship_not_before: WordList,
    /// Modals that foretell rather than advise ("you will get through this").
    pub predictions: WordList,
    /// Greetings and closings: repeating one is no reflection ("Bye." after "Bye!").
    pub greetings: WordList,
    /// Swear words spelled out again where a writer masked them ("f*ck", "sh!t").
    pub censored_words: WordList,
    /// Markers of a conditional or imagined clause ("if", "what if", "imagine"): a match
    /// after one in its clause is a hypothetical, not the speaker's own life.
    pub hypotheticals: WordList,
    /// Set phrases that hold a hypothetical marker and suppose nothing ("if I'm honest").
    pub hypothetical_idioms: WordList,
    /// Modals of a condition's consequent ("would", "I'd"): after one, a match in a
    /// sentence with a hypothetical marker is hypothetical too ("If he left, I'd be alone").
    pub conditional_modals: WordList,
    /// Every word of the lists above with the lists that hold it ([`ContextLists::index`]).
    #[serde(skip)]
    vocabulary: Vocabulary,
}

/// A list of single words (keyed without apostrophes) and of multi-word phrases.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct WordList {
    // Looked up for every word near a match: a fast non-cryptographic hash.
    words: FxHashSet<String>,
    phrases: Vec<Vec<String>>,
    /// The phrases by first and by last word (indexes into `phrases`, in order): most
    /// words start or end none, and are ruled out with one look-up, and the others are
    /// compared with the few phrases they start or end, not with every phrase.
    firsts: FxHashMap<String, Vec<u32>>,
    lasts: FxHashMap<String, Vec<u32>>,
    /// This list's bit in the [`Masks`] of its [`ContextLists`]' vocabulary; 0 for a list
    /// not indexed (or changed since), which is looked up by hash.
    bit: u64,
}

impl From<Vec<String>> for WordList {
    fn from(items: Vec<String>) -> WordList {
        let mut list = WordList::default();
        list.add(items);
        list
    }
}

impl WordList {
    /// The list's single words (keyed without apostrophes), in no particular order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    pub(crate) fn extend(&mut self, other: WordList) {
        self.bit = 0;
        self.words.extend(other.words);
        self.phrases.extend(other.phrases);
        self.index_phrases();
    }

    fn index_phrases(&mut self) {
        self.firsts.clear();
        self.lasts.clear();
        for (n, p) in self.phrases.iter().enumerate() {
            let at = |map: &mut FxHashMap<String, Vec<u32>>, w: &String| {
                map.entry(w.clone()).or_default().push(n as u32);
            };
            at(&mut self.firsts, &p[0]);
            at(&mut self.lasts, &p[p.len() - 1]);
        }
    }

    /// The phrases that start (or end) with `key`.
    fn phrases_by<'s>(
        &'s self,
        map: &'s FxHashMap<String, Vec<u32>>,
        key: &str,
    ) -> impl Iterator<Item = &'s Vec<String>> {
        map.get(key)
            .into_iter()
            .flatten()
            .map(|&n| &self.phrases[n as usize])
    }

    fn add(&mut self, items: Vec<String>) {
        for item in items {
            let parts: Vec<String> = item
                .split_whitespace()
                .map(|w| w.to_lowercase().replace(['\'', '\u{2019}'], ""))
                .collect();
            match parts.len() {
                0 => {}
                1 => {
                    self.words.extend(parts);
                }
                _ => {
                    self.phrases.push(parts);
                }
            }
        }
        self.index_phrases();
    }

    /// Whether a single word key is in the list: a bit test for a [`Key`] of the lists'
    /// vocabulary, a hash look-up for a plain `&str`.
    #[inline(always)]
    pub fn contains(&self, key: impl WordKey) -> bool {
        match key.masks().filter(|_| self.bit != 0) {
            Some(m) => m.words & self.bit != 0,
            None => self.words.contains(key.key()),
        }
    }

    #[inline(always)]
    fn may_start(&self, key: &impl WordKey) -> bool {
        match key.masks().filter(|_| self.bit != 0) {
            Some(m) => m.firsts & self.bit != 0,
            None => self.firsts.contains_key(key.key()),
        }
    }

    #[inline(always)]
    fn may_end(&self, key: &impl WordKey) -> bool {
        match key.masks().filter(|_| self.bit != 0) {
            Some(m) => m.lasts & self.bit != 0,
            None => self.lasts.contains_key(key.key()),
        }
    }

    /// Whether a phrase of the list ends at word `i` of `keys` (or the word itself is listed).
    /// Inlined up to the bit tests, which answer for most words; the phrases are compared
    /// out of line.
    #[inline(always)]
    pub fn ends_at<K: WordKey>(&self, keys: &[K], i: usize) -> bool {
        if self.contains(&keys[i]) {
            return true;
        }
        self.may_end(&keys[i]) && self.phrase_ends_at(keys, i)
    }

    #[inline(never)]
    fn phrase_ends_at<K: WordKey>(&self, keys: &[K], i: usize) -> bool {
        self.phrases_by(&self.lasts, keys[i].key()).any(|p| {
            p.len() <= i + 1
                && p.iter()
                    .rev()
                    .zip(keys[..=i].iter().rev())
                    .all(|(a, b)| a == b.key())
        })
    }

    /// The length in words of the longest phrase of the list (or listed word) that starts
    /// at word `i` of `keys`.
    #[inline(always)]
    pub fn longest_at<K: WordKey>(&self, keys: &[K], i: usize) -> Option<usize> {
        let phrase = if self.may_start(&keys[i]) {
            self.longest_phrase_at(keys, i)
        } else {
            None
        };
        phrase.or_else(|| self.contains(&keys[i]).then_some(1))
    }

    #[inline(never)]
    fn longest_phrase_at<K: WordKey>(&self, keys: &[K], i: usize) -> Option<usize> {
        self.phrases_by(&self.firsts, keys[i].key())
            .filter(|p| {
                keys.len() >= i + p.len() && p.iter().zip(&keys[i..]).all(|(a, b)| a == b.key())
            })
            .map(Vec::len)
            .max()
    }

    /// Whether a phrase of the list (or a listed word) starts at word `i` of `keys`.
    /// Inlined up to the bit tests, which answer for most words; the phrases are compared
    /// out of line.
    #[inline(always)]
    pub fn starts_at<K: WordKey>(&self, keys: &[K], i: usize) -> bool {
        if self.contains(&keys[i]) {
            return true;
        }
        self.may_start(&keys[i]) && self.phrase_starts_at(keys, i)
    }

    #[inline(never)]
    fn phrase_starts_at<K: WordKey>(&self, keys: &[K], i: usize) -> bool {
        // The phrases found by the word's key start with it: their other words are compared.
        self.phrases_by(&self.firsts, keys[i].key()).any(|p| {
            keys.len() >= i + p.len()
                && p[1..].iter().zip(&keys[i + 1..]).all(|(a, b)| a == b.key())
        })
    }
}

/// Which lists of a [`ContextLists`] hold a word: a bit per list, for the word as a listed
/// word, as a phrase's first word and as a phrase's last word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Masks {
    words: u64,
    firsts: u64,
    lasts: u64,
}

/// Every word of a [`ContextLists`] with its [`Masks`]: one hash look-up per word of a
/// turn says which lists hold it, where asking each list took one look-up per list asked
/// (a fifth of the engine's instructions went to those look-ups).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    masks: FxHashMap<Box<str>, Masks>,
    /// The keys of up to eight bytes (most), each packed into a number ([`pack`]), in a
    /// table of their own: open addressing with linear probing, at most half full, a
    /// multiplicative hash of the number. A look-up is a multiplication and a compare or
    /// two, with no string compared (a general hash map cost several times that, and this
    /// look-up is made for nearly every word of every turn).
    short: ShortKeys,
}

/// The open-addressed table of [`Vocabulary::short`]: `slots` (a power of two of them,
/// [`EMPTY_SLOT`] where free) each hold a packed key and the masks of that key.
#[derive(Debug, Clone, Default)]
struct ShortKeys {
    slots: Box<[(u64, Masks)]>,
    /// 64 minus the log2 of the number of slots: the hash is the top bits of the product.
    shift: u32,
    /// The masks of the empty key, which packs to the free slot's number.
    empty: Option<Masks>,
}

/// A free slot of [`ShortKeys`]: the packed empty key, which is kept apart.
const EMPTY_SLOT: u64 = 0;

impl ShortKeys {
    fn new(keys: impl Iterator<Item = (u64, Masks)>) -> ShortKeys {
        let keys: Vec<(u64, Masks)> = keys.collect();
        let size = (keys.len() * 2).next_power_of_two().max(16);
        let mut table = ShortKeys {
            slots: vec![(EMPTY_SLOT, Masks::default()); size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
            empty: None,
        };
        for (p, m) in keys {
            if p == EMPTY_SLOT {
                table.empty = Some(m);
                continue;
            }
            let mut i = table.slot(p);
            while table.slots[i].0 != EMPTY_SLOT {
                i = (i + 1) & (size - 1);
            }
            table.slots[i] = (p, m);
        }
        table
    }

    #[inline(always)]
    fn slot(&self, p: u64) -> usize {
        (p.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline(always)]
    fn get(&self, p: u64) -> Option<Masks> {
        if p == EMPTY_SLOT {
            return self.empty;
        }
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = self.slot(p) & mask;
        loop {
            let (k, m) = *self.slots.get(i)?;
            if k == p {
                return Some(m);
            }
            if k == EMPTY_SLOT {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

/// A key of up to eight bytes as a number, its bytes from the lowest: two keys differ in
/// their numbers when they differ. None for a longer key or one with a zero byte. (Read
/// with two loads that may overlap, the same bytes or-ed onto themselves, and the zero
/// byte found with the usual bit trick: no loop over the bytes, no call.)
#[inline(always)]
fn pack(key: &[u8]) -> Option<u64> {
    let len = key.len();
    let v = if len >= 4 {
        if len > 8 {
            return None;
        }
        let lo = u32::from_le_bytes([key[0], key[1], key[2], key[3]]);
        let hi = u32::from_le_bytes([key[len - 4], key[len - 3], key[len - 2], key[len - 1]]);
        u64::from(lo) | (u64::from(hi) << (8 * (len - 4)))
    } else if len > 0 {
        u64::from(key[0])
            | (u64::from(key[len / 2]) << (8 * (len / 2)))
            | (u64::from(key[len - 1]) << (8 * (len - 1)))
    } else {
        return Some(0);
    };
    // The bytes past the key set, so that only a zero byte of the key itself is found.
    let filled = if len == 8 {
        v
    } else {
        v | (u64::MAX << (8 * len))
    };
    let has_zero =
        filled.wrapping_sub(0x0101_0101_0101_0101) & !filled & 0x8080_8080_8080_8080 != 0;
    (!has_zero).then_some(v)
}

impl Vocabulary {
    fn new(masks: FxHashMap<Box<str>, Masks>) -> Vocabulary {
        let short = ShortKeys::new(
            masks
                .iter()
                .filter_map(|(k, m)| pack(k.as_bytes()).map(|p| (p, *m))),
        );
        Vocabulary { masks, short }
    }

    /// Which lists hold `key` (none, for a word no list has).
    #[inline(always)]
    pub fn masks(&self, key: &str) -> Masks {
        let found = match pack(key.as_bytes()) {
            Some(p) => self.short.get(p),
            None => self.masks.get(key).copied(),
        };
        found.unwrap_or_default()
    }
}

/// A word key with the lists of its [`ContextLists`] that hold it, as the context rules
/// read a turn's words ([`Vocabulary::masks`]): asking a list of the same `ContextLists`
/// whether it holds the word is a bit test. It reads as the `&str` of the key.
#[derive(Clone, Copy)]
pub struct Key<'a> {
    text: &'a str,
    masks: Masks,
}

impl<'a> Key<'a> {
    /// The key `text`, held by the lists `masks` says (from the vocabulary of the lists it
    /// will be asked about).
    pub fn new(text: &'a str, masks: Masks) -> Key<'a> {
        Key { text, masks }
    }

    /// The key's text.
    pub fn as_str(&self) -> &'a str {
        self.text
    }
}

impl std::ops::Deref for Key<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

impl AsRef<str> for Key<'_> {
    fn as_ref(&self) -> &str {
        self.text
    }
}

impl std::fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.text, f)
    }
}

impl std::fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text)
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Key<'_> {}

impl PartialEq<str> for Key<'_> {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Key<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<Key<'_>> for &str {
    fn eq(&self, other: &Key<'_>) -> bool {
        *self == other.text
    }
}

/// What a [`WordList`] can be asked about: a word key as `&str` (looked up by hash), or a
/// [`Key`] that knows its lists (a bit test).
pub trait WordKey {
    /// The key's text.
    fn key(&self) -> &str;
    /// The lists that hold it, when known.
    fn masks(&self) -> Option<Masks> {
        None
    }
}

impl WordKey for str {
    fn key(&self) -> &str {
        self
    }
}

impl WordKey for String {
    fn key(&self) -> &str {
        self
    }
}

impl WordKey for Key<'_> {
    #[inline]
    fn key(&self) -> &str {
        self.text
    }
    #[inline]
    fn masks(&self) -> Option<Masks> {
        Some(self.masks)
    }
}

impl<T: WordKey + ?Sized> WordKey for &T {
    #[inline]
    fn key(&self) -> &str {
        (**self).key()
    }
    #[inline]
    fn masks(&self) -> Option<Masks> {
        (**self).masks()
    }
}

/// Content words are compared by this many leading characters ([`ContextLists::content_stems`]).
const STEM: usize = 5;

/// `key` cut to its first [`STEM`] characters, a crude stem ("families" and "family" meet
/// as "famil").
fn stem(key: &str) -> &str {
    if key.is_ascii() {
        return &key[..STEM.min(key.len())];
    }
    match key.char_indices().nth(STEM) {
        Some((i, _)) => &key[..i],
        None => key,
    }
}

impl ContextLists {
    /// The content words of `keys` (words without apostrophes) as crude stems, sorted and
    /// deduplicated: words of four letters or more that are not `function_words`,
    /// `greetings` nor numbers, cut to their first five letters. What a question asks
    /// about, or what a turn talks about, to compare with another turn: the detection
    /// stage's echo rule and the sequence stage's non-answers both read it, so it lives
    /// with the lists. A [`Key`] is asked about both lists with bit tests; a plain key is
    /// looked up in the vocabulary once for both.
    pub fn content_stems<'a, S: WordKey>(&self, keys: &'a [S]) -> Vec<&'a str> {
        let mut out: Vec<&str> = keys
            .iter()
            .filter(|k| {
                let text = k.key();
                let long = if text.is_ascii() {
                    text.len() > 3
                } else {
                    text.chars().count() > 3
                };
                long && {
                    let key = match k.masks() {
                        Some(masks) => Key::new(text, masks),
                        None => self.key(text),
                    };
                    !self.function_words.contains(key) && !self.greetings.contains(key)
                } && !text.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|k| stem(k.key()))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Parses a `context.toml`.
    pub fn parse(text: &str) -> Result<ContextLists, toml::de::Error> {
        let mut lists: ContextLists = toml::from_str(text)?;
        lists.index();
        Ok(lists)
    }

    /// The vocabulary of the lists: which lists hold each word ([`Key`]).
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// `key` with the lists that hold it, for asking these lists about it.
    #[inline(always)]
    pub fn key<'a>(&self, key: &'a str) -> Key<'a> {
        Key::new(key, self.vocabulary.masks(key))
    }

    /// Gives each list its bit and builds the vocabulary (after parsing, and again after
    /// [`ContextLists::extend`]). Lists past the 64th would be looked up by hash.
    fn index(&mut self) {
        let mut masks: FxHashMap<Box<str>, Masks> = FxHashMap::default();
        for (n, list) in self.lists_mut().into_iter().enumerate() {
            list.bit = if n < 64 { 1 << n } else { 0 };
            let bit = list.bit;
            for w in &list.words {
                masks.entry(w.as_str().into()).or_default().words |= bit;
            }
            for p in &list.phrases {
                masks.entry(p[0].as_str().into()).or_default().firsts |= bit;
                masks
                    .entry(p[p.len() - 1].as_str().into())
                    .or_default()
                    .lasts |= bit;
            }
        }
        self.vocabulary = Vocabulary::new(masks);
    }

    /// Every list. Taken apart field by field with no `..`, so a list added to the struct
    /// and left out here does not compile.
    fn lists_mut(&mut self) -> Vec<&mut WordList> {
        let ContextLists {
            negators,
            negation_raisers,
            negation_idioms,
            subordinators,
            clause_breakers,
            intensifiers,
            hedges,
            gratitude,
            praise,
            second_person,
            first_person,
            reporting_verbs,
            discourse_openers,
            question_openers,
            open_invitations,
            direct_answers,
            advice,
            dialogue_labels,
            suggestions,
            reflection_skip_after,
            reflection_skip_before,
            statement_blockers,
            self_view_verbs,
            determiners,
            third_person,
            copulas,
            second_person_idioms,
            speaker_objects,
            function_words,
            stance_frames,
            reflection_announcers,
            check_tags,
            subject_adverbs,
            prepositions,
            third_party_nouns,
            listener_imperatives,
            inverting_auxiliaries,
            uninverted_auxiliaries,
            comparison_words,
            question_verbs,
            causatives,
            remedy_modals,
            instruction_verbs,
            instruction_openers,
            hardship_subjects,
            hardship_words,
            hardship_frames,
            hardship_not_before,
            predictions,
            greetings,
            censored_words,
            concession_views,
            hypotheticals,
            hypothetical_idioms,
            conditional_modals,
            vocabulary: _,
        } = self;
        vec![
            negators,
            negation_raisers,
            negation_idioms,
            subordinators,
            clause_breakers,
            intensifiers,
            hedges,
            gratitude,
            praise,
            second_person,
            first_person,
            reporting_verbs,
            discourse_openers,
            question_openers,
            open_invitations,
            direct_answers,
            advice,
            dialogue_labels,
            suggestions,
            reflection_skip_after,
            reflection_skip_before,
            statement_blockers,
            self_view_verbs,
            determiners,
            third_person,
            copulas,
            second_person_idioms,
            speaker_objects,
            function_words,
            stance_frames,
            reflection_announcers,
            check_tags,
            subject_adverbs,
            prepositions,
            third_party_nouns,
            listener_imperatives,
            inverting_auxiliaries,
            uninverted_auxiliaries,
            comparison_words,
            question_verbs,
            causatives,
            remedy_modals,
            instruction_verbs,
            instruction_openers,
            hardship_subjects,
            hardship_words,
            hardship_frames,
            hardship_not_before,
            predictions,
            greetings,
            censored_words,
            concession_views,
            hypotheticals,
            hypothetical_idioms,
            conditional_modals,
        ]
    }

    /// Adds another file's lists to these. `other` is taken apart field by field with no
    /// `..`, and each part must be used, so a list added to the struct and left out here
    /// does not compile.
    pub fn extend(&mut self, other: ContextLists) {
        let ContextLists {
            negators,
            negation_raisers,
            negation_idioms,
            subordinators,
            clause_breakers,
            intensifiers,
            hedges,
            gratitude,
            praise,
            second_person,
            first_person,
            reporting_verbs,
            discourse_openers,
            question_openers,
            open_invitations,
            direct_answers,
            advice,
            dialogue_labels,
            suggestions,
            reflection_skip_after,
            reflection_skip_before,
            statement_blockers,
            concession_views,
            self_view_verbs,
            determiners,
            third_person,
            copulas,
            second_person_idioms,
            speaker_objects,
            function_words,
            stance_frames,
            reflection_announcers,
            check_tags,
            subject_adverbs,
            prepositions,
            third_party_nouns,
            listener_imperatives,
            inverting_auxiliaries,
            uninverted_auxiliaries,
            comparison_words,
            question_verbs,
            causatives,
            remedy_modals,
            instruction_verbs,
            instruction_openers,
            hardship_subjects,
            hardship_words,
            hardship_frames,
            hardship_not_before,
            predictions,
            greetings,
            censored_words,
            hypotheticals,
            hypothetical_idioms,
            conditional_modals,
            vocabulary: _,
        } = other;
        for (mine, theirs) in [
            (&mut self.negators, negators),
            (&mut self.negation_raisers, negation_raisers),
            (&mut self.negation_idioms, negation_idioms),
            (&mut self.subordinators, subordinators),
            (&mut self.clause_breakers, clause_breakers),
            (&mut self.intensifiers, intensifiers),
            (&mut self.hedges, hedges),
            (&mut self.gratitude, gratitude),
            (&mut self.praise, praise),
            (&mut self.second_person, second_person),
            (&mut self.first_person, first_person),
            (&mut self.reporting_verbs, reporting_verbs),
            (&mut self.discourse_openers, discourse_openers),
            (&mut self.question_openers, question_openers),
            (&mut self.open_invitations, open_invitations),
            (&mut self.direct_answers, direct_answers),
            (&mut self.advice, advice),
            (&mut self.dialogue_labels, dialogue_labels),
            (&mut self.suggestions, suggestions),
            (&mut self.reflection_skip_after, reflection_skip_after),
            (&mut self.reflection_skip_before, reflection_skip_before),
            (&mut self.statement_blockers, statement_blockers),
            (&mut self.concession_views, concession_views),
            (&mut self.self_view_verbs, self_view_verbs),
            (&mut self.determiners, determiners),
            (&mut self.third_person, third_person),
            (&mut self.copulas, copulas),
            (&mut self.second_person_idioms, second_person_idioms),
            (&mut self.speaker_objects, speaker_objects),
            (&mut self.function_words, function_words),
            (&mut self.stance_frames, stance_frames),
            (&mut self.reflection_announcers, reflection_announcers),
            (&mut self.check_tags, check_tags),
            (&mut self.subject_adverbs, subject_adverbs),
            (&mut self.listener_imperatives, listener_imperatives),
            (&mut self.third_party_nouns, third_party_nouns),
            (&mut self.prepositions, prepositions),
            (&mut self.inverting_auxiliaries, inverting_auxiliaries),
            (&mut self.uninverted_auxiliaries, uninverted_auxiliaries),
            (&mut self.comparison_words, comparison_words),
            (&mut self.question_verbs, question_verbs),
            (&mut self.causatives, causatives),
            (&mut self.remedy_modals, remedy_modals),
            (&mut self.instruction_verbs, instruction_verbs),
            (&mut self.instruction_openers, instruction_openers),
            (&mut self.hardship_subjects, hardship_subjects),
            (&mut self.hardship_words, hardship_words),
            (&mut self.hardship_frames, hardship_frames),
            (&mut self.hardship_not_before, hardship_not_before),
            (&mut self.predictions, predictions),
            (&mut self.greetings, greetings),
            (&mut self.censored_words, censored_words),
            (&mut self.hypotheticals, hypotheticals),
            (&mut self.hypothetical_idioms, hypothetical_idioms),
            (&mut self.conditional_modals, conditional_modals),
        ] {
            mine.extend(theirs);
        }
        self.index();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lists_rejects_unknown_keys_and_extends() {
        let mut lists = ContextLists::parse("negators = [\"not\", \"no way\"]\n").unwrap();
        assert!(lists.negators.contains("not"));
        assert!(lists.negators.starts_at(&["no", "way", "out"], 0));
        assert!(
            !lists.praise.contains("kind"),
            "absent keys are empty lists"
        );
        assert!(ContextLists::parse("negatorz = [\"not\"]\n").is_err());
        lists.extend(ContextLists::parse("praise = [\"kind\"]\nnegators = [\"never\"]\n").unwrap());
        assert!(
            lists.praise.contains("kind")
                && lists.negators.contains("never")
                && lists.negators.contains("not")
        );
    }

    #[test]
    fn content_stems_are_sorted_deduplicated_five_letter_stems_of_content_words() {
        let lists = ContextLists::parse("function_words = [\"about\", \"really\"]\n").unwrap();
        // Function words, short words and numbers drop out; "families" and "family" meet.
        let keys = [
            "really",
            "families",
            "cat",
            "relationship",
            "2024",
            "about",
            "family",
        ];
        assert_eq!(lists.content_stems(&keys), ["famil", "relat"]);
    }

    #[test]
    fn packed_keys_differ_when_keys_do() {
        let keys = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdef",
            "abcdefg",
            "abcdefgh",
            "b",
            "ba",
            "aba",
            "abca",
            "a\0",
            "\0",
            "ab\0cdefg",
            "abcdefg\0",
            "abcdefghi",
            "é",
            "éa",
        ];
        let mut seen = std::collections::HashMap::new();
        for k in keys {
            let p = pack(k.as_bytes());
            let want_none = k.len() > 8 || k.as_bytes().contains(&0);
            assert_eq!(p.is_none(), want_none, "{k:?}");
            if let Some(p) = p {
                // Byte i of the number is byte i of the key.
                for (i, &b) in k.as_bytes().iter().enumerate() {
                    assert_eq!((p >> (8 * i)) as u8, b, "{k:?}");
                }
                if k.len() < 8 {
                    assert_eq!(p >> (8 * k.len()), 0, "{k:?}");
                }
                assert!(seen.insert(p, k).is_none(), "{k:?} packs as {:?}", seen[&p]);
            }
        }
    }

    #[test]
    fn a_key_with_its_lists_answers_as_its_text_does() {
        let mut lists = crate::lexicon::LexiconSet::builtin().context;
        let words: Vec<String> = lists
            .vocabulary()
            .masks
            .keys()
            .map(|k| k.to_string())
            .chain(["zebra", "", "dont", "you"].map(String::from))
            .collect();
        let keys: Vec<Key<'_>> = words.iter().map(|w| lists.key(w)).collect();
        let plain: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut checked = 0;
        for list in lists.clone().lists_mut() {
            assert_ne!(list.bit, 0);
            for i in 0..keys.len() {
                assert_eq!(
                    list.contains(keys[i]),
                    list.contains(plain[i]),
                    "{}",
                    plain[i]
                );
                assert_eq!(list.starts_at(&keys, i), list.starts_at(&plain, i));
                assert_eq!(list.ends_at(&keys, i), list.ends_at(&plain, i));
                assert_eq!(list.longest_at(&keys, i), list.longest_at(&plain, i));
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
        // A list changed after indexing is looked up by hash, and the lists indexed again.
        let key = lists.key("zebra");
        lists.extend(ContextLists::parse("praise = [\"zebra\"]\n").unwrap());
        assert!(lists.praise.contains("zebra"));
        assert!(lists.praise.contains(lists.key("zebra")));
        assert!(!lists.negators.contains(key));
    }
}
