//! The lexicon's Aho-Corasick automaton: every pattern in one dense DFA over byte classes,
//! reporting every pattern that ends at each byte (overlapping, standard semantics).
//!
//! It is built here rather than by the `aho-corasick` crate, whose DFA gives the same
//! matches and scans as fast but takes some 220 M instructions to build for the built-in
//! lexicons, on every run: it fills each state's row byte by byte, following failure
//! links through a sparse NFA. Here each row is filled in breadth-first order from the
//! row of its failure state, which is complete by then, so a state costs one copy of a
//! row (BENCHMARKS.md, issue 16). The tests check the matches against the crate's.

use std::fmt;

/// A dense DFA over a set of byte strings (the patterns), built once and then only read.
#[derive(Debug, Clone)]
pub struct Automaton {
    /// The class of each byte: 0 for bytes in no pattern, else 1 + a distinct byte's rank.
    classes: [u8; 256],
    /// Transitions, `stride` per state: `trans[state + class]` is the next state (as the
    /// offset of its row), with [`MATCH`] set when that state ends a pattern.
    trans: Vec<u32>,
    stride: usize,
    /// Per state (by row index): the range of `matches` holding the patterns that end at
    /// it, its own first, then those of its failure state, and so on.
    match_ranges: Vec<(u32, u32)>,
    matches: Vec<u32>,
    /// Each pattern's length in bytes.
    lens: Vec<u32>,
}

/// Set on a transition into a state at which some pattern ends.
const MATCH: u32 = 1 << 31;
/// The start state's row.
const ROOT: u32 = 0;

/// The automaton would be too large (more than 2^31 transitions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge;

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the terms make an automaton of more than 2^31 transitions")
    }
}

impl std::error::Error for TooLarge {}

impl Automaton {
    /// Builds the automaton of `patterns`; a pattern's id is its index.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<Automaton, TooLarge> {
        let mut seen = [false; 256];
        for p in patterns {
            for &b in p.as_ref() {
                seen[b as usize] = true;
            }
        }
        // A class per byte that occurs, and class 0 for all the others, unless every byte
        // value occurs (257 classes would not fit in a byte): then a class per byte.
        let mut classes = [0u8; 256];
        let stride = if seen.iter().all(|&s| s) {
            for (b, c) in classes.iter_mut().enumerate() {
                *c = b as u8;
            }
            256
        } else {
            let mut next = 1;
            for (b, _) in seen.iter().enumerate().filter(|(_, &s)| s) {
                classes[b] = next as u8;
                next += 1;
            }
            next
        };
        let row = |state: u32| state as usize;
        // The trie, rows of `stride` entries; 0 (the root's row) is "no child" here, as no
        // edge leads back to the root.
        let mut trans: Vec<u32> = vec![0; stride];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        let mut lens = Vec::with_capacity(patterns.len());
        for (id, p) in patterns.iter().enumerate() {
            let p = p.as_ref();
            lens.push(u32::try_from(p.len()).map_err(|_| TooLarge)?);
            let mut state = ROOT;
            for &b in p {
                let at = row(state) + classes[b as usize] as usize;
                if trans[at] == 0 {
                    let next = u32::try_from(trans.len()).map_err(|_| TooLarge)?;
                    if next >= MATCH {
                        return Err(TooLarge);
                    }
                    trans[at] = next;
                    trans.resize(trans.len() + stride, 0);
                    own.push(Vec::new());
                }
                state = trans[at];
            }
            own[row(state) / stride].push(id as u32);
        }
        // Breadth first: a state's failure state is shallower, so its row is complete
        // (children and failure transitions, without the MATCH flags) when the state's
        // own row is filled in; the missing transitions are copied from it.
        let states = trans.len() / stride;
        let mut fail = vec![ROOT; states];
        let mut match_ranges = vec![(0u32, 0u32); states];
        let mut matches: Vec<u32> = Vec::new();
        let mut queue: Vec<u32> = Vec::with_capacity(states);
        matches.extend_from_slice(&own[0]);
        match_ranges[0] = (0, matches.len() as u32);
        for &child in &trans[..stride] {
            if child != 0 {
                fail[row(child) / stride] = ROOT;
                queue.push(child);
            }
        }
        let mut next = 0;
        while next < queue.len() {
            let state = queue[next];
            next += 1;
            let index = row(state) / stride;
            let f = fail[index];
            let start = matches.len() as u32;
            matches.extend_from_slice(&own[index]);
            let (fa, fb) = match_ranges[row(f) / stride];
            matches.extend_from_within(fa as usize..fb as usize);
            match_ranges[index] = (start, matches.len() as u32);
            for c in 0..stride {
                let at = row(state) + c;
                let child = trans[at];
                let via_fail = trans[row(f) + c];
                if child == 0 {
                    trans[at] = via_fail;
                } else {
                    fail[row(child) / stride] = via_fail;
                    queue.push(child);
                }
            }
        }
        // Flag the transitions into states that end a pattern, looked up by row offset
        // (a division by the stride for each of the millions of transitions costs more).
        let mut ends = vec![false; trans.len()];
        for (index, (a, b)) in match_ranges.iter().enumerate() {
            ends[index * stride] = a != b;
        }
        for t in trans.iter_mut() {
            if ends[row(*t)] {
                *t |= MATCH;
            }
        }
        Ok(Automaton {
            classes,
            trans,
            stride,
            match_ranges,
            matches,
            lens,
        })
    }

    /// Calls `found(pattern, start, end)` for every occurrence of every pattern in
    /// `haystack`, overlaps included, in order of their ends (then of the patterns of a
    /// state, its own first).
    #[inline]
    pub fn for_each_match(&self, haystack: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        let mut report = |state: usize, end: usize| {
            let (a, b) = self.match_ranges[state / self.stride];
            for &p in &self.matches[a as usize..b as usize] {
                found(p as usize, end - self.lens[p as usize] as usize, end);
            }
        };
        if self.match_ranges[0].0 != self.match_ranges[0].1 {
            report(0, 0);
        }
        let mut state = ROOT as usize;
        for (i, &b) in haystack.iter().enumerate() {
            let t = self.trans[state + self.classes[b as usize] as usize];
            state = (t & !MATCH) as usize;
            if t & MATCH != 0 {
                report(state, i + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};
    use proptest::prelude::*;

    fn ours(patterns: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        let a = Automaton::new(patterns).unwrap();
        let mut out = Vec::new();
        a.for_each_match(text.as_bytes(), |p, s, e| out.push((p, s, e)));
        out
    }

    fn crates(patterns: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns)
            .unwrap();
        ac.find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }

    #[test]
    fn reports_every_overlapping_match_like_the_crate() {
        let cases: &[(&[&str], &str)] = &[
            (&["he", "she", "his", "hers"], "ushers and his sheep"),
            (
                &["you", "you never", "never", "ever"],
                "you never, ever, you",
            ),
            (&["a", "aa", "aaa"], "aaaa"),
            (&["fuck", "fuck you", "you"], "fuck your rules, fuck you"),
            (&["é", "café", "fé"], "un café, s'il vous plaît"),
            (&["abc"], ""),
            (&["x"], "no match here"),
        ];
        for (patterns, text) in cases {
            assert_eq!(
                ours(patterns, text),
                crates(patterns, text),
                "{patterns:?} in {text:?}"
            );
        }
    }

    #[test]
    fn an_empty_pattern_matches_at_every_position() {
        assert_eq!(ours(&["", "b"], "ab"), crates(&["", "b"], "ab"));
    }

    #[test]
    fn every_byte_value_may_occur() {
        let all: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b, b]).collect();
        let a = Automaton::new(&all).unwrap();
        let text: Vec<u8> = (0..=255u8).flat_map(|b| [b, b, b]).collect();
        let mut n = 0;
        a.for_each_match(&text, |p, s, e| {
            assert_eq!(&text[s..e], &all[p][..]);
            n += 1;
        });
        assert_eq!(n, 512);
    }

    #[test]
    fn the_builtin_terms_match_like_the_crate() {
        let set = crate::lexicon::LexiconSet::builtin();
        let registry = set.registry().unwrap();
        let mut terms: Vec<String> = set
            .entries(&registry)
            .into_iter()
            .flat_map(|e| std::iter::once(e.term).chain(e.except))
            .collect();
        terms.sort();
        terms.dedup();
        let text = "i'm sorry you feel that way, but it's not your fault and you never \
                    listen to me. whatever. fine, do what you want; i don't care anymore!";
        let patterns: Vec<&str> = terms.iter().map(String::as_str).collect();
        assert_eq!(ours(&patterns, text), crates(&patterns, text));
    }

    proptest! {
        #[test]
        fn random_patterns_match_like_the_crate(
            patterns in proptest::collection::vec("[abc ]{1,4}", 1..12),
            text in "[abcd ]{0,40}",
        ) {
            let mut patterns = patterns;
            patterns.sort();
            patterns.dedup();
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            prop_assert_eq!(ours(&patterns, &text), crates(&patterns, &text));
        }
    }
}
