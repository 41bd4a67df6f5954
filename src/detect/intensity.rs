//! Intensity: ALL CAPS, exclamation marks and intensifiers raise a finding's weight;
//! hedges lower it. The factor is reported as the finding's `intensity`.

use super::clauses::Clauses;
use crate::text::Span;

/// Share of capital letters among letters, and the number of `!`.
pub(crate) fn shape(text: &str) -> (f32, usize) {
    let (mut letters, mut upper, mut bangs) = (0usize, 0usize, 0usize);
    if text.is_ascii() {
        // The same counts on bytes, without decoding characters: one pass, counting in
        // bytes over blocks of 255 (no count can overflow one), which the compiler makes
        // many bytes at a time; three passes counting in `usize` cost some three times the
        // instructions.
        for block in text.as_bytes().chunks(255) {
            let (mut l, mut u, mut b) = (0u8, 0u8, 0u8);
            for &c in block {
                l += u8::from(c.is_ascii_alphabetic());
                u += u8::from(c.is_ascii_uppercase());
                b += u8::from(c == b'!');
            }
            letters += usize::from(l);
            upper += usize::from(u);
            bangs += usize::from(b);
        }
    } else {
        for c in text.chars() {
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                }
            } else if c == '!' {
                bangs += 1;
            }
        }
    }
    let ratio = if letters == 0 {
        0.0
    } else {
        upper as f32 / letters as f32
    };
    (ratio, bangs)
}

impl Clauses<'_> {
    /// The factor intensity rules give a match at word `wi` (original span `orig`).
    pub(crate) fn intensity(&self, original: &str, orig: Span, wi: usize, turn_caps: f32) -> f32 {
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

    pub(crate) fn sentence_bangs(&self, wi: usize) -> usize {
        self.sentence_tail(wi).matches('!').count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::clauses::testing::with;

    #[test]
    fn caps_bangs_intensifiers_and_hedges_weigh_a_match() {
        // (turn, the match's word, factor)
        let table = [
            ("You are lazy.", "lazy", 1.0),
            ("You are LAZY.", "lazy", 1.5),
            ("You are lazy!", "lazy", 1.2),
            ("You are so lazy.", "lazy", 1.3),
            ("You are kind of lazy.", "lazy", 0.7),
        ];
        for (text, word, factor) in table {
            let got = with(text, word, |c, at| {
                let span = c.words[at].span;
                c.intensity(text, span, at, shape(text).0)
            });
            assert_eq!(got, factor, "{text}");
        }
        assert_eq!(shape("HEY you!!"), (0.5, 2));
    }
}
