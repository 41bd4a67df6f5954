//! Censored swearing spelled back out for matching: "f*ck", "sh!t", "a$$hole".
//!
//! People who write in chats and forums often mask a swear word with `*`, `@`, `#`, `$`,
//! `!` or `%` in place of some of its letters. The word is still said, and is still
//! hostile; matching should see it. [`Uncensor`] knows a list of words (the
//! `censored_words` list of `context.toml`) and rewrites a masked token to the one word of
//! that list it can only be: same length, the same letters where letters are shown. The
//! rewrite keeps every byte where it was (each mask character is one ASCII byte, and so is
//! the letter put in its place), so spans found in the rewritten text index the original
//! text unchanged, and the matched text a writer shows is the original, masked spelling.

use std::borrow::Cow;

/// Whether `bytes` may hold a masked word: a mask character before a letter ("f*ck"), or
/// one of `* @ $` after a letter ("f***"). Most text has neither ("Great!" has a mask
/// character only as punctuation), and is passed over in one quick scan.
fn may_mask(bytes: &[u8]) -> bool {
    let before_letter = |i: usize| bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
    let after_letter = |i: usize| i > 0 && bytes[i - 1].is_ascii_alphabetic();
    // Two vectorised scans for the rare bytes; only their neighbours are looked at.
    memchr::memchr3_iter(b'*', b'@', b'$', bytes).any(|i| before_letter(i) || after_letter(i))
        || memchr::memchr3_iter(b'#', b'!', b'%', bytes).any(before_letter)
}

fn is_mask(b: u8) -> bool {
    matches!(b, b'*' | b'@' | b'#' | b'$' | b'!' | b'%')
}

/// Rewrites masked swear words to the words they mask. Built once from a word list.
#[derive(Debug, Clone, Default)]
pub struct Uncensor {
    /// The known words, lower case ASCII, by length.
    by_len: Vec<Vec<Vec<u8>>>,
}

impl Uncensor {
    /// An uncensor for `words` (lower case ASCII letters; other words are ignored).
    pub fn new<I, S>(words: I) -> Uncensor
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut by_len: Vec<Vec<Vec<u8>>> = Vec::new();
        for w in words {
            let w = w.as_ref().as_bytes();
            if w.is_empty() || !w.iter().all(u8::is_ascii_lowercase) {
                continue;
            }
            if by_len.len() <= w.len() {
                by_len.resize(w.len() + 1, Vec::new());
            }
            if !by_len[w.len()].iter().any(|k| k == w) {
                by_len[w.len()].push(w.to_vec());
            }
        }
        Uncensor { by_len }
    }

    /// `text` with every masked token that can only be one known word spelled as that word,
    /// byte for byte in place (same length; borrowed when nothing changes). A token is a
    /// run of ASCII letters and mask characters with at least one of each, not counting
    /// mask characters that end it and could be punctuation ("shit!" is no mask), and not
    /// one that opens and closes with a mask character (emphasis: "*this*").
    pub fn apply<'a>(&self, text: Cow<'a, str>) -> Cow<'a, str> {
        let bytes = text.as_bytes();
        if self.by_len.is_empty() || !may_mask(bytes) {
            return text;
        }
        let mut out: Option<Vec<u8>> = None;
        let part = |b: u8| b.is_ascii_alphabetic() || is_mask(b);
        // A run glued to a word of other characters (digits, "_", non-ASCII) is no token
        // of its own.
        let glued = |k: usize| {
            bytes
                .get(k)
                .is_some_and(|&b| b.is_ascii_digit() || b == b'_' || !b.is_ascii())
        };
        let mut i = 0;
        while i < bytes.len() {
            if !part(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && part(bytes[i]) {
                i += 1;
            }
            if glued(i) || (start > 0 && glued(start - 1)) {
                continue;
            }
            let mut end = i;
            while end > start && matches!(bytes[end - 1], b'!' | b'#' | b'%') {
                end -= 1;
            }
            let token = &bytes[start..end];
            // "*this*", "**GAME**": emphasis around a word, not letters masked in it.
            let emphasis = token.len() > 1 && is_mask(token[0]) && is_mask(token[token.len() - 1]);
            if emphasis {
                continue;
            }
            if let Some(word) = self.word_for(token) {
                out.get_or_insert_with(|| bytes.to_vec())[start..end].copy_from_slice(word);
            }
        }
        match out {
            // Only ASCII bytes were replaced by ASCII letters: still UTF-8.
            Some(v) => Cow::Owned(String::from_utf8(v).unwrap_or_else(|_| text.to_string())),
            None => text,
        }
    }

    /// The one known word `token` masks, if it masks exactly one.
    fn word_for(&self, token: &[u8]) -> Option<&[u8]> {
        let masked = token.iter().filter(|&&b| is_mask(b)).count();
        if masked == 0 || masked == token.len() {
            return None;
        }
        let fits = |word: &&Vec<u8>| {
            word.iter()
                .zip(token)
                .all(|(&w, &t)| is_mask(t) || w == t.to_ascii_lowercase())
        };
        let mut found = self.by_len.get(token.len())?.iter().filter(fits);
        let first = found.next()?;
        // "s**t" could be more than one word: leave it as written.
        found.next().is_none().then_some(first.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uncensor(text: &str) -> String {
        let u = Uncensor::new(["fuck", "fucking", "shit", "asshole", "ass", "slut", "damn"]);
        let out = u.apply(Cow::Borrowed(text)).into_owned();
        assert_eq!(
            out.len(),
            text.len(),
            "the rewrite keeps every byte in place"
        );
        out
    }

    #[test]
    fn masked_words_are_spelled_out_in_place() {
        assert_eq!(
            uncensor("What the f*ck, you a**hole?"),
            "What the fuck, you asshole?"
        );
        assert_eq!(
            uncensor("F@#k off, this is sh!t!"),
            "fuck off, this is shit!"
        );
        assert_eq!(uncensor("f***ing hell, d*mn"), "fucking hell, damn");
        assert_eq!(uncensor("kiss my @ss"), "kiss my ass");
    }

    #[test]
    fn what_is_no_mask_is_left_alone() {
        for text in [
            "That's shit!",        // a word then punctuation
            "Email me at a@b.com", // no known word fits
            "s**t happens",        // could be "shit" or "slut"
            "**** this",           // no letter shown
            "*a* real *ass* joke", // emphasis, not masking
            "#1 fan, f*ck3",       // glued to a digit
            "the f*ckö",           // glued to a letter beyond ASCII
        ] {
            assert_eq!(uncensor(text), text, "{text:?}");
        }
        assert_eq!(uncensor("Zoë, f*ck"), "Zoë, fuck");
        assert!(matches!(
            Uncensor::new(["fuck"]).apply(Cow::Borrowed("no masks here")),
            Cow::Borrowed(_)
        ));
    }
}
