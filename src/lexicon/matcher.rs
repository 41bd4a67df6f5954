//! The one compiled matcher: every term of every lexicon in a single automaton.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::Entry;
use crate::text::{is_word_char, Span};

/// An immutable matcher over normalised text, shared by reference across threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: AhoCorasick,
    /// Pattern id -> whether its last word is a prefix. Patterns are the entries' terms, in
    /// order (pattern id = entry index), then the entries' set-phrase exceptions.
    prefix: Vec<bool>,
    /// How many patterns are entries' terms; the rest are exceptions.
    terms: usize,
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
    /// Compiles the entries' terms, and their set-phrase exceptions (`except`), which take
    /// part in resolving overlaps like terms and are then dropped: where an exception wins,
    /// the words it covers give no match.
    pub fn new(entries: &[Entry]) -> Result<Matcher, aho_corasick::BuildError> {
        let mut exceptions: Vec<&str> = entries
            .iter()
            .flat_map(|e| e.except.iter().map(String::as_str))
            .collect();
        exceptions.sort_unstable();
        exceptions.dedup();
        // Standard semantics so that every term is reported, overlaps included: a longer
        // term that fails its word boundary ("fuck you" in "fuck your") must not hide a
        // shorter one that holds ("fuck*"). Leftmost-longest is applied afterwards, over
        // the matches that hold.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            // The DFA: the scan is the engine's hottest loop, and the DFA's is the fastest;
            // it costs some 10 to 20 ms more to build, once per engine (BENCHMARKS.md).
            .kind(Some(AhoCorasickKind::DFA))
            .build(
                entries
                    .iter()
                    .map(|e| e.term.as_str())
                    .chain(exceptions.iter().copied()),
            )?;
        Ok(Matcher {
            ac,
            prefix: entries
                .iter()
                .map(|e| e.prefix)
                .chain(exceptions.iter().map(|_| false))
                .collect(),
            terms: entries.len(),
        })
    }

    /// Finds the terms in `text` (normalised) at word boundaries, in order, into `out`:
    /// where terms overlap, the one that starts first wins, then the longest.
    pub fn find_all(&self, text: &str, out: &mut Vec<RawMatch>) {
        out.clear();
        let bytes = text.as_bytes();
        for m in self.ac.find_overlapping_iter(text) {
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
        if out.len() > 1 {
            // Leftmost, then longest, then the earlier entry; then drop overlaps.
            out.sort_unstable_by(|a, b| {
                (a.span.start, std::cmp::Reverse(a.span.end), a.entry).cmp(&(
                    b.span.start,
                    std::cmp::Reverse(b.span.end),
                    b.entry,
                ))
            });
            let mut last_end = 0;
            out.retain(|m| {
                if m.span.start < last_end {
                    return false;
                }
                last_end = m.span.end;
                true
            });
        }
        if self.terms < self.prefix.len() {
            out.retain(|m| m.entry < self.terms);
        }
    }
}

fn prev_is_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

fn next_is_word(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconSet;

    fn found(text: &str) -> Vec<String> {
        let set = LexiconSet::builtin();
        let entries = set.entries();
        let m = Matcher::new(&entries).unwrap();
        let mut out = Vec::new();
        m.find_all(text, &mut out);
        out.iter()
            .map(|r| format!("{}={}", entries[r.entry].rule, &text[r.span.range()]))
            .collect()
    }

    #[test]
    fn a_longer_term_failing_its_boundary_does_not_hide_a_shorter_one() {
        assert_eq!(found("fuck your rules"), ["hostility:fuck*=fuck"]);
        assert_eq!(found("fuck you"), ["blame:fuck you=fuck you"]);
    }

    #[test]
    fn a_set_phrase_exception_hides_the_term_inside_it() {
        assert_eq!(found("you never know what happens"), Vec::<String>::new());
        assert_eq!(found("you never listen"), ["blame:you never=you never"]);
    }

    #[test]
    fn overlapping_terms_resolve_leftmost_then_longest() {
        let got = found("i'm sorry you feel that way");
        assert_eq!(
            got,
            ["hostility:i'm sorry you feel that way=i'm sorry you feel that way"]
        );
        let got = found("it's not your fault");
        assert_eq!(got, ["validation:it's not your fault=it's not your fault"]);
    }
}
