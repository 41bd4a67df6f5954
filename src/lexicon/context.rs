//! The word lists the context rules read (`lexicons/context.toml`).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use serde::Deserialize;

/// Word lists for negation, intensity, target and position rules. Single words are keyed
/// without apostrophes ("don't" -> "dont"); phrases are kept as word sequences.
#[derive(Debug, Clone, Default)]
pub struct ContextLists {
    /// Negators.
    pub negators: WordList,
    /// Words that end a negation's reach.
    pub clause_breakers: WordList,
    /// Intensifiers.
    pub intensifiers: WordList,
    /// Hedges and dampeners.
    pub hedges: WordList,
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
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ContextFile {
    #[serde(default)]
    negators: Vec<String>,
    #[serde(default)]
    clause_breakers: Vec<String>,
    #[serde(default)]
    intensifiers: Vec<String>,
    #[serde(default)]
    hedges: Vec<String>,
    #[serde(default)]
    praise: Vec<String>,
    #[serde(default)]
    second_person: Vec<String>,
    #[serde(default)]
    first_person: Vec<String>,
    #[serde(default)]
    reporting_verbs: Vec<String>,
    #[serde(default)]
    discourse_openers: Vec<String>,
    #[serde(default)]
    question_openers: Vec<String>,
}

/// A list of single words (keyed without apostrophes) and of multi-word phrases.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    words: HashSet<String, BuildHasherDefault<Fnv>>,
    phrases: Vec<Vec<String>>,
}

/// FNV-1a. Context look-ups hash a few short words per word of every turn, and SipHash's
/// per-key set-up showed as about 4% of analysis in the profile (BENCHMARKS.md); these
/// keys come from the lexicons, not from an adversary.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl WordList {
    fn from(items: Vec<String>) -> WordList {
        let mut list = WordList::default();
        list.add(items);
        list
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
                _ => self.phrases.push(parts),
            }
        }
    }

    /// Whether a single word key is in the list.
    pub fn contains(&self, key: &str) -> bool {
        self.words.contains(key)
    }

    /// Whether a phrase of the list ends at word `i` of `keys` (or the word itself is listed).
    pub fn ends_at(&self, keys: &[&str], i: usize) -> bool {
        if self.words.contains(keys[i]) {
            return true;
        }
        self.phrases.iter().any(|p| {
            p.len() <= i + 1
                && p.iter()
                    .rev()
                    .zip(keys[..=i].iter().rev())
                    .all(|(a, b)| a == b)
        })
    }

    /// Whether a phrase of the list (or a listed word) starts at word `i` of `keys`.
    pub fn starts_at(&self, keys: &[&str], i: usize) -> bool {
        if self.words.contains(keys[i]) {
            return true;
        }
        self.phrases
            .iter()
            .any(|p| keys.len() >= i + p.len() && p.iter().zip(&keys[i..]).all(|(a, b)| a == b))
    }
}

impl ContextLists {
    /// Parses a `context.toml`.
    pub fn parse(text: &str) -> Result<ContextLists, toml::de::Error> {
        let f: ContextFile = toml::from_str(text)?;
        Ok(ContextLists {
            negators: WordList::from(f.negators),
            clause_breakers: WordList::from(f.clause_breakers),
            intensifiers: WordList::from(f.intensifiers),
            hedges: WordList::from(f.hedges),
            praise: WordList::from(f.praise),
            second_person: WordList::from(f.second_person),
            first_person: WordList::from(f.first_person),
            reporting_verbs: WordList::from(f.reporting_verbs),
            discourse_openers: WordList::from(f.discourse_openers),
            question_openers: WordList::from(f.question_openers),
        })
    }

    /// Adds another file's lists to these.
    pub fn extend(&mut self, other: ContextLists) {
        for (mine, theirs) in [
            (&mut self.negators, other.negators),
            (&mut self.clause_breakers, other.clause_breakers),
            (&mut self.intensifiers, other.intensifiers),
            (&mut self.hedges, other.hedges),
            (&mut self.praise, other.praise),
            (&mut self.second_person, other.second_person),
            (&mut self.first_person, other.first_person),
            (&mut self.reporting_verbs, other.reporting_verbs),
            (&mut self.discourse_openers, other.discourse_openers),
            (&mut self.question_openers, other.question_openers),
        ] {
            mine.words.extend(theirs.words);
            mine.phrases.extend(theirs.phrases);
        }
    }
}
