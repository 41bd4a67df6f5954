//! The lists the therapist's scorecard reads (`lexicons/scorecard.toml`): which validation
//! categories count as reflections, and the words of the open/closed question rule
//! ([`crate::course::questions`]). The file's header says what each list means.

use std::path::Path;

use serde::Deserialize;

use super::{parse_error, LexiconError, WordList};

/// The built-in scorecard lists.
pub const BUILTIN_SCORECARD: &str = include_str!("../../lexicons/scorecard.toml");

/// The file name a `--lexicons DIR` may hold to extend the built-in lists.
pub const SCORECARD_FILE: &str = "scorecard.toml";

/// The scorecard's lists, read straight from `scorecard.toml`; any key may be absent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScorecardLists {
    /// Validation categories that count as a reflection.
    pub reflection_categories: Vec<String>,
    /// Words that may open a sentence before the words that decide it.
    pub fillers: WordList,
    /// Question words that open an open question ("what", "how", "why").
    pub open_words: WordList,
    /// Question words and phrases that ask for a fact: a closed question ("how many").
    pub fact_words: WordList,
    /// Auxiliaries and "any": they open a closed question.
    pub closed_openers: WordList,
    /// Requests for the client's account ("tell me", "describe"): an open question.
    pub open_requests: WordList,
    /// Wondering aloud ("I'm wondering"): a question without a "?".
    pub wondering: WordList,
    /// After wondering, words that make it closed ("if", "whether").
    pub closed_after_wondering: WordList,
    /// Persons after an auxiliary that make it ask without a "?".
    pub subjects: WordList,
    /// Subjects of a tag ("isn't it").
    pub tag_subjects: WordList,
    /// One-word tags ("right").
    pub tags: WordList,
    /// "or" phrases that add no alternative ("or something").
    pub vague_extenders: WordList,
    /// Examples the tests run: sentences with the call each must get.
    pub examples: ScorecardExamples,
}

/// Examples of the question rule, each a turn with the call it must get.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScorecardExamples {
    /// Turns that ask an open question.
    pub open: Vec<String>,
    /// Turns that ask a closed question and no open one.
    pub closed: Vec<String>,
    /// Turns that ask nothing.
    pub none: Vec<String>,
}

impl ScorecardLists {
    /// The built-in lists.
    pub fn builtin() -> ScorecardLists {
        // Checked by the test suite; a failure here is a build defect.
        ScorecardLists::parse(BUILTIN_SCORECARD)
            .unwrap_or_else(|e| panic!("built-in scorecard.toml is invalid: {e}"))
    }

    /// The built-in lists extended by `dir/scorecard.toml`, where there is one.
    pub fn with_dir(dir: &Path) -> Result<ScorecardLists, LexiconError> {
        let mut lists = ScorecardLists::builtin();
        let path = dir.join(SCORECARD_FILE);
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|source| LexiconError::Io {
                path: path.clone(),
                source,
            })?;
            let extra = ScorecardLists::parse(&text)
                .map_err(|e| parse_error(&path, &text, e.span(), e.message()))?;
            lists.extend(extra);
        }
        Ok(lists)
    }

    /// Parses a `scorecard.toml`.
    pub fn parse(text: &str) -> Result<ScorecardLists, toml::de::Error> {
        toml::from_str(text)
    }

    /// Adds another file's lists to these (its examples are not added). Taken apart with
    /// no `..`, so a list added to the struct and left out here does not compile.
    pub fn extend(&mut self, other: ScorecardLists) {
        let ScorecardLists {
            reflection_categories,
            fillers,
            open_words,
            fact_words,
            closed_openers,
            open_requests,
            wondering,
            closed_after_wondering,
            subjects,
            tag_subjects,
            tags,
            vague_extenders,
            examples: _,
        } = other;
        for c in reflection_categories {
            if !self.reflection_categories.contains(&c) {
                self.reflection_categories.push(c);
            }
        }
        for (mine, theirs) in [
            (&mut self.fillers, fillers),
            (&mut self.open_words, open_words),
            (&mut self.fact_words, fact_words),
            (&mut self.closed_openers, closed_openers),
            (&mut self.open_requests, open_requests),
            (&mut self.wondering, wondering),
            (&mut self.closed_after_wondering, closed_after_wondering),
            (&mut self.subjects, subjects),
            (&mut self.tag_subjects, tag_subjects),
            (&mut self.tags, tags),
            (&mut self.vague_extenders, vague_extenders),
        ] {
            mine.extend(theirs);
        }
    }

    /// Whether a validation finding of `category` counts as a reflection.
    pub fn is_reflection(&self, category: &str) -> bool {
        self.reflection_categories.iter().any(|c| c == category)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lists_load_and_unknown_keys_are_refused() {
        let lists = ScorecardLists::builtin();
        assert!(lists.is_reflection("reflection") && !lists.is_reflection("affirmation"));
        assert!(lists.open_words.contains("what") && lists.closed_openers.contains("do"));
        assert!(ScorecardLists::parse("open_wordz = [\"what\"]\n").is_err());
    }

    #[test]
    fn a_users_file_extends_the_lists() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SCORECARD_FILE),
            "open_requests = [\"paint me a picture\"]\nreflection_categories = [\"empathy\"]\n",
        )
        .unwrap();
        let lists = ScorecardLists::with_dir(dir.path()).unwrap();
        assert!(lists
            .open_requests
            .starts_at(&["paint", "me", "a", "picture"], 0));
        assert!(lists.open_requests.starts_at(&["tell", "me"], 0));
        assert!(lists.is_reflection("empathy") && lists.is_reflection("reflection"));
        std::fs::write(dir.path().join(SCORECARD_FILE), "fillers = 3\n").unwrap();
        let err = ScorecardLists::with_dir(dir.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("scorecard.toml"), "{err}");
    }
}
