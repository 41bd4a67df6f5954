//! The one compiled matcher: every term of every lexicon in a single automaton.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::Entry;
use crate::text::{is_word_char, Span};

/// An immutable matcher over normalised text, shared by reference across threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: AhoCorasick,
    /// Pattern id -> entry index (patterns are the entries' terms, in order).
    prefix: Vec<bool>,
}

/// A term found at word boundaries: which entry, and where in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    /// Index into the entries the matcher was built from.
    pub entry: usize,
    /// The matched bytes of the normalised text (a prefix term extended to the word's end).
    pub span: Span,
}

impl Matcher {
    /// Compiles the entries' terms. Leftmost-longest: where terms overlap, the one that
    /// starts first wins, then the longest.
    pub fn new(entries: &[Entry]) -> Result<Matcher, aho_corasick::BuildError> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            // A DFA rather than the default NFA: the scan is the engine's hottest loop
            // (about 40% of analysis in the profile) and the DFA's is faster, for some
            // milliseconds more at start-up (BENCHMARKS.md).
            .kind(Some(AhoCorasickKind::DFA))
            .build(entries.iter().map(|e| e.term.as_str()))?;
        Ok(Matcher {
            ac,
            prefix: entries.iter().map(|e| e.prefix).collect(),
        })
    }

    /// Finds every term in `text` (normalised) at word boundaries, in order, into `out`.
    pub fn find_all(&self, text: &str, out: &mut Vec<RawMatch>) {
        out.clear();
        let bytes = text.as_bytes();
        for m in self.ac.find_iter(text) {
            let id = m.pattern().as_usize();
            let (start, mut end) = (m.start(), m.end());
            if start > 0 && prev_is_word(text, start) {
                continue;
            }
            if self.prefix[id] {
                while end < bytes.len() {
                    let c = text[end..].chars().next().unwrap_or(' ');
                    if !is_word_char(c) {
                        break;
                    }
                    end += c.len_utf8();
                }
            } else if end < bytes.len() && next_is_word(text, end) {
                continue;
            }
            out.push(RawMatch {
                entry: id,
                span: Span::new(start, end),
            });
        }
    }
}

fn prev_is_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

fn next_is_word(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}
