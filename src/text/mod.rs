//! Text for matching: a normalised copy of a turn with a map back to the original bytes.
//!
//! Matching runs on the normalised text: lower case, curly quotes and apostrophes as
//! straight ones, Unicode NFC, runs of white space as one space. Every byte of the
//! normalised text remembers the byte range of the original character it came from,
//! so a span found in the normalised text maps back to an exact span of the original.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::lexicon::{ContextLists, Key};
use unicode_segmentation::UnicodeSegmentation;

mod censored;
pub use censored::Uncensor;

/// A half-open byte range `[start, end)` into a string. The one offset type inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span; panics in debug builds when `start > end`, which is always a bug of ours.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// The range form, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Normalised text plus, for each of its bytes, the original byte range it came from.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    /// `src[i]` = (start, end) in the original of the character that produced byte `i`;
    /// empty when the map is the identity (plain ASCII with single spaces).
    src: Vec<(u32, u32)>,
}

impl Normalized {
    /// Normalises `original` for matching.
    pub fn new(original: &str) -> Normalized {
        // The common case, plain ASCII with single spaces: only the case changes, byte for
        // byte, so the map is the identity and is not stored.
        let bytes = original.as_bytes();
        // (Folds without an early exit: the compiler checks many bytes at a time.)
        let simple = original.is_ascii()
            && !bytes.iter().fold(false, |odd, &b| {
                odd | (b.is_ascii_whitespace() & (b != b' '))
            })
            && !bytes
                .iter()
                .zip(bytes.iter().skip(1))
                .fold(false, |double, (&a, &b)| {
                    double | ((a == b' ') & (b == b' '))
                });
        if simple {
            return Normalized {
                text: original.to_ascii_lowercase(),
                src: Vec::new(),
            };
        }
        let mut out = Normalized {
            text: String::with_capacity(original.len()),
            src: Vec::with_capacity(original.len()),
        };
        if original.is_ascii() {
            out.push_ascii(original);
        } else if is_nfc_quick(original.chars()) == IsNormalized::Yes {
            for (i, c) in original.char_indices() {
                out.push_char(c, i, i + c.len_utf8());
            }
        } else {
            // Composition can merge several characters into one: map per grapheme
            // cluster, so every output byte points at the cluster it came from.
            let mut buf = String::new();
            for (i, g) in original.grapheme_indices(true) {
                buf.clear();
                buf.extend(g.nfc());
                for c in buf.chars() {
                    out.push_char(c, i, i + g.len());
                }
            }
        }
        out
    }

    fn push_ascii(&mut self, original: &str) {
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                self.push_space(start, i);
                continue;
            }
            self.text.push(b.to_ascii_lowercase() as char);
            self.src.push((i as u32, i as u32 + 1));
            i += 1;
        }
    }

    fn push_space(&mut self, start: usize, end: usize) {
        if self.text.ends_with(' ') {
            // Extend the previous space over this run.
            if let Some(last) = self.src.last_mut() {
                last.1 = end as u32;
            }
        } else {
            self.text.push(' ');
            self.src.push((start as u32, end as u32));
        }
    }

    fn push_char(&mut self, c: char, start: usize, end: usize) {
        if c.is_whitespace() {
            self.push_space(start, end);
            return;
        }
        let mapped = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            _ => c,
        };
        if mapped.is_ascii() {
            self.text.push(mapped.to_ascii_lowercase());
            self.src.push((start as u32, end as u32));
        } else {
            for l in mapped.to_lowercase() {
                let before = self.text.len();
                self.text.push(l);
                for _ in before..self.text.len() {
                    self.src.push((start as u32, end as u32));
                }
            }
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a non-empty span of the normalised text to the span of the original it came from.
    pub fn original_span(&self, span: Span) -> Span {
        if self.src.is_empty() {
            // Identity map (see `new`).
            let end = span.end.min(self.text.len());
            return Span::new(span.start.min(end), end);
        }
        if span.is_empty() || span.end > self.src.len() {
            let at = self.src.get(span.start).map_or(0, |s| s.0 as usize);
            return Span::new(at, at);
        }
        let start = self.src[span.start].0 as usize;
        let end = self.src[span.end - 1].1 as usize;
        Span::new(start, end.max(start))
    }
}

/// A word of the normalised text: a run of letters and digits, with inner apostrophes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Where the word is in the normalised text.
    pub span: Span,
}

/// Whether `c` belongs inside a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits normalised text into words (letters and digits, with apostrophes inside a word).
pub fn words(text: &str, out: &mut Vec<Word>) {
    out.clear();
    let bytes = text.as_bytes();
    if text.is_ascii() {
        ascii_words(bytes, out);
        return;
    }
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = char_at(text, i);
        if !is_word_char(c) {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < bytes.len() {
            let (c, len) = char_at(text, i);
            let inner_apostrophe =
                c == '\'' && i + 1 < bytes.len() && is_word_char(char_at(text, i + 1).0);
            if !is_word_char(c) && !inner_apostrophe {
                break;
            }
            i += len;
        }
        out.push(Word {
            span: Span::new(start, i),
        });
    }
}

/// [`words`] for ASCII text: the same rules on bytes.
fn ascii_words(bytes: &[u8], out: &mut Vec<Word>) {
    let alnum = |i: usize| bytes.get(i).is_some_and(|&b| ALNUM[b as usize]);
    let mut i = 0;
    while i < bytes.len() {
        // Past what is no word, then to the word's end, a table look-up a byte.
        while i < bytes.len() && !ALNUM[bytes[i] as usize] {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let start = i;
        loop {
            i += 1;
            while i < bytes.len() && ALNUM[bytes[i] as usize] {
                i += 1;
            }
            // An apostrophe between letters or digits is inside the word.
            if !(i < bytes.len() && bytes[i] == b'\'' && alnum(i + 1)) {
                break;
            }
        }
        out.push(Word {
            span: Span::new(start, i),
        });
    }
}

/// ASCII letters and digits.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

/// Character offset of byte offset `byte` in `text` (which must be a char boundary).
pub fn char_offset(text: &str, byte: usize) -> usize {
    let prefix = &text.as_bytes()[..byte.min(text.len())];
    if prefix.is_ascii() {
        prefix.len()
    } else {
        // Count the bytes that start a character.
        prefix.iter().filter(|&&b| (b as i8) >= -0x40).count()
    }
}

/// Character offsets of byte offsets of one text ([`char_offset`]), asked one after
/// another: each answer counts only the characters between the offset asked and the one
/// asked before, so the offsets of all the findings of a turn, which come in text order
/// but for a few, cost one pass over the text, not one pass each (a long turn with many
/// findings was quadratic). Plain ASCII text costs nothing: a byte is a character.
#[derive(Debug, Clone)]
pub struct CharOffsets<'a> {
    text: &'a [u8],
    ascii: bool,
    /// The last byte offset asked, and its character offset.
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    /// Offsets into `text`, starting from its beginning.
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets {
            text: text.as_bytes(),
            ascii: text.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `byte` (clamped to the text's length).
    pub fn at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.ascii {
            return byte;
        }
        // Count the bytes that start a character between the two offsets.
        let starts = |r: &[u8]| r.iter().filter(|&&b| (b as i8) >= -0x40).count();
        if byte >= self.byte {
            self.chars += starts(&self.text[self.byte..byte]);
        } else {
            self.chars -= starts(&self.text[byte..self.byte]);
        }
        self.byte = byte;
        self.chars
    }
}

/// Contractions that lose their apostrophe as another word ("we'll" is no "well", "we're"
/// no "were"): their key is the pronoun, which is what the context lists look for in them.
const CLASHING_CONTRACTIONS: [(&str, &str); 5] = [
    ("we'll", "we"),
    ("we're", "we"),
    ("we'd", "we"),
    ("he'll", "he"),
    ("she'll", "she"),
];

/// Appends the key of `word` (a word of normalised text) to `out`: the word without
/// apostrophes, as context lists are keyed ("don't" -> "dont"), except for the
/// contractions that would read as another word ("we'll" -> "we", not "well").
pub fn push_key(word: &str, out: &mut String) {
    if !word.contains('\'') {
        out.push_str(word);
    } else if let Some((_, key)) = CLASHING_CONTRACTIONS.iter().find(|(c, _)| *c == word) {
        out.push_str(key);
    } else {
        out.extend(word.chars().filter(|&c| c != '\''));
    }
}

/// A word's key for list look-ups ([`push_key`]), written into `buf`.
pub fn word_key<'a>(word: &str, buf: &'a mut String) -> &'a str {
    buf.clear();
    push_key(word, buf);
    buf.as_str()
}

/// A turn's text as the rules read it: the text, its normalised form with the map back,
/// the words of the normalised form, and each word's key (the word without apostrophes,
/// as context lists are keyed). Made once per turn, so that what reads a turn again (the
/// echo rule reads the turn replied to, the non-answer rule the reply) does not normalise
/// it again. `Send + Sync`: the key text is made on first use by whichever thread needs
/// it first, and is the same whoever makes it.
#[derive(Debug)]
pub struct TurnText<'a> {
    original: Cow<'a, str>,
    normalized: Normalized,
    words: Vec<Word>,
    /// Each word's key: where it is in the normalised text (most words: the word itself)
    /// or, with [`KeyAt::APART`] set, in `apart` (a word with an apostrophe).
    keys: Vec<KeyAt>,
    apart: String,
    key_text: OnceLock<String>,
}

/// Where a word's key is: a byte range of the normalised text, or of the keys kept apart.
#[derive(Debug, Clone, Copy)]
struct KeyAt {
    start: u32,
    end: u32,
}

impl KeyAt {
    /// Set in `start` when the key is in `TurnText::apart`.
    const APART: u32 = 1 << 31;
}

impl<'a> TurnText<'a> {
    /// Normalises `original` and splits it into words, keying each.
    pub fn new(original: impl Into<Cow<'a, str>>) -> TurnText<'a> {
        let original = original.into();
        let normalized = Normalized::new(&original);
        let text = normalized.as_str();
        // A word a few bytes long: room for most turns' words without growing.
        let mut ws = Vec::with_capacity(text.len() / 5 + 1);
        let mut keys = Vec::new();
        let mut apart = String::new();
        if text.is_ascii() {
            ascii_words_keyed(text.as_bytes(), &mut ws, &mut keys);
        } else {
            words(text, &mut ws);
            keys.reserve_exact(ws.len());
            keys.extend(ws.iter().map(|w| KeyAt {
                start: w.span.start as u32,
                end: w.span.end as u32,
            }));
        }
        // The words with an apostrophe (few): their keys apart. Found from the
        // apostrophes, not by looking into every word.
        let mut last = usize::MAX;
        for at in memchr::memchr_iter(b'\'', text.as_bytes()) {
            let i = ws.partition_point(|w| w.span.end <= at);
            if i == last || i >= ws.len() || ws[i].span.start > at {
                continue;
            }
            last = i;
            let start = apart.len();
            push_key(&text[ws[i].span.range()], &mut apart);
            keys[i] = KeyAt {
                start: start as u32 | KeyAt::APART,
                end: apart.len() as u32,
            };
        }
        TurnText {
            original,
            normalized,
            words: ws,
            keys,
            apart,
            key_text: OnceLock::new(),
        }
    }

    /// The text as given.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The normalised text, with the map back to the original.
    pub fn normalized(&self) -> &Normalized {
        &self.normalized
    }

    /// The words of the normalised text.
    pub fn words(&self) -> &[Word] {
        &self.words
    }

    /// The key of word `i` ([`push_key`]).
    #[inline(always)]
    pub fn key(&self, i: usize) -> &str {
        let k = self.keys[i];
        if k.start & KeyAt::APART == 0 {
            &self.normalized.text[k.start as usize..k.end as usize]
        } else {
            &self.apart[(k.start & !KeyAt::APART) as usize..k.end as usize]
        }
    }

    /// The keys of the words ([`push_key`]), separated by single spaces; empty when there
    /// are no words.
    pub fn key_text(&self) -> &str {
        self.key_text.get_or_init(|| {
            let mut out = String::with_capacity(self.normalized.text.len());
            for i in 0..self.words.len() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(self.key(i));
            }
            out
        })
    }

    /// The keys of the words, one per word, in order.
    pub fn keys(&self) -> Vec<&str> {
        (0..self.words.len()).map(|i| self.key(i)).collect()
    }

    /// The keys of the words with the lists of `lists` that hold each ([`Key`]): one
    /// vocabulary look-up per word.
    pub fn keyed(&self, lists: &ContextLists) -> Vec<Key<'_>> {
        (0..self.words.len())
            .map(|i| lists.key(self.key(i)))
            .collect()
    }
}

/// [`words`] for ASCII text, with each word's key where the word is (its apostrophes
/// are dealt with after).
fn ascii_words_keyed(bytes: &[u8], out: &mut Vec<Word>, keys: &mut Vec<KeyAt>) {
    ascii_words(bytes, out);
    keys.reserve_exact(out.len());
    keys.extend(out.iter().map(|w| KeyAt {
        start: w.span.start as u32,
        end: w.span.end as u32,
    }));
}

// Turns are read by several threads at once (a reply reads the turn before it): the build
// fails if that stops holding.
const _: fn() = || {
    fn is<T: Send + Sync>() {}
    is::<TurnText<'static>>();
};

/// Counts words of an original (not normalised) text, the way speaker figures count them.
pub fn count_words(text: &str) -> usize {
    word_starts(text).count()
}

/// Whether `text` has at least `n` words as [`count_words`] counts them: it stops reading
/// at the `n`-th word.
pub fn has_words(text: &str, n: usize) -> bool {
    n == 0 || word_starts(text).nth(n - 1).is_some()
}

/// One item at the start of each word of an original text: a run of word characters, with
/// the apostrophes inside it ("don't" is one word).
fn word_starts(text: &str) -> impl Iterator<Item = ()> + '_ {
    let mut in_word = false;
    text.chars().filter_map(move |c| {
        let w = is_word_char(c) || (in_word && (c == '\'' || c == '\u{2019}'));
        let starts = w && !in_word;
        in_word = w;
        starts.then_some(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_apostrophes_but_keep_contractions_apart_from_other_words() {
        let mut buf = String::new();
        assert_eq!(word_key("don't", &mut buf), "dont");
        assert_eq!(word_key("you're", &mut buf), "youre");
        assert_eq!(word_key("well", &mut buf), "well");
        // "we'll" is no "well" (a discourse word), "we're" no "were" (a question opener).
        assert_eq!(word_key("we'll", &mut buf), "we");
        assert_eq!(word_key("we're", &mut buf), "we");
        assert_eq!(word_key("she'll", &mut buf), "she");
        let turn = TurnText::new("We'll see, well, we're fine.");
        assert_eq!(turn.keys(), ["we", "see", "well", "we", "fine"]);
    }

    fn check(original: &str, normalized: &str) {
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), normalized, "normalising {original:?}");
    }

    #[test]
    fn normalises_case_quotes_space() {
        check("It’s YOUR Fault", "it's your fault");
        check("  a \t\n b  ", " a b ");
        check("“Quoted”", "\"quoted\"");
        check("Cafe\u{301} au lait", "café au lait");
        check("ÉCOLE", "école");
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let original = "Well…  It’s   YOUR fault!";
        let n = Normalized::new(original);
        let at = n.as_str().find("your fault").unwrap();
        let span = n.original_span(Span::new(at, at + "your fault".len()));
        assert_eq!(&original[span.range()], "YOUR fault");
        let at = n.as_str().find("it's").unwrap();
        let span = n.original_span(Span::new(at, at + 4));
        assert_eq!(&original[span.range()], "It’s");
    }

    #[test]
    fn maps_decomposed_characters_to_their_cluster() {
        let original = "re\u{301}sume\u{301} now";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "résumé now");
        let span = n.original_span(Span::new(0, "résumé".len()));
        assert_eq!(&original[span.range()], "re\u{301}sume\u{301}");
    }

    #[test]
    fn splits_words_with_inner_apostrophes() {
        let text = "you're 'right', don't-stop 3rd";
        let mut out = Vec::new();
        words(text, &mut out);
        let got: Vec<&str> = out.iter().map(|w| &text[w.span.range()]).collect();
        assert_eq!(got, ["you're", "right", "don't", "stop", "3rd"]);
    }

    #[test]
    fn a_turn_text_keys_its_words_without_apostrophes() {
        let t = TurnText::new("Don’t  SAY it's 'fine'");
        assert_eq!(t.original(), "Don’t  SAY it's 'fine'");
        assert_eq!(t.normalized().as_str(), "don't say it's 'fine'");
        assert_eq!(t.words().len(), 4);
        assert_eq!(t.key_text(), "dont say its fine");
        assert_eq!(t.keys(), ["dont", "say", "its", "fine"]);
        let empty = TurnText::new("...");
        assert_eq!(empty.key_text(), "");
        assert!(empty.keys().is_empty());
    }

    #[test]
    fn every_word_is_keyed_as_push_key_keys_it() {
        for text in [
            "'Tis rock 'n' roll, we'll see: she'll say it's ''fine'' o'clock'",
            "Don’t   we’re café's naïve 'n' x'y'z",
            "no apostrophes at all",
            "'",
            "",
        ] {
            let t = TurnText::new(text);
            let norm = t.normalized().as_str();
            let want: Vec<String> = t
                .words()
                .iter()
                .map(|w| {
                    let mut k = String::new();
                    push_key(&norm[w.span.range()], &mut k);
                    k
                })
                .collect();
            assert_eq!(t.keys(), want, "{text}");
            assert_eq!(t.key_text(), want.join(" "), "{text}");
        }
    }

    #[test]
    fn counts_characters_and_words() {
        assert_eq!(char_offset("añb", 3), 2);
        assert_eq!(char_offset("abc", 2), 2);
        assert_eq!(count_words("It’s your fault, isn't it?"), 5);
        assert_eq!(count_words(""), 0);
        for text in ["It’s your fault, isn't it?", "", "a b", "  one  "] {
            for n in 0..7 {
                assert_eq!(has_words(text, n), count_words(text) >= n, "{text} {n}");
            }
        }
    }
}
