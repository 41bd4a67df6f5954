//! The words of a turn with their clause and sentence structure: what every context rule
//! reads. A sentence ends at `.`, `!` or `?`; a clause also at `, ; : ( ) " -` and before a
//! clause breaker ("but", "because"); a script-style dialogue label ("Him: ...") starts a
//! quoted dialogue. The rules are `impl Clauses` blocks in files of their own beside this
//! one (negation, reported speech, target, question, advice, reflection, echo, hardship,
//! intensity).

use std::cell::OnceCell;

use crate::lexicon::{ContextLists, Key, WordList};
use crate::text::{Span, TurnText, Word};

/// The words of a turn with their clause and sentence structure.
pub(crate) struct Clauses<'a> {
    pub(super) text: &'a str,
    pub(super) words: &'a [Word],
    /// Each word's key: the word without apostrophes ("don't" -> "dont"), with the lists
    /// that hold it (asking a list is a bit test).
    pub(super) keys: Vec<Key<'a>>,
    /// First word of the clause each word is in.
    pub(super) clause_start: Vec<usize>,
    /// Whether a clause-breaking word ("but", "because") opens a clause at this word.
    pub(super) opens_with_breaker: Vec<bool>,
    /// First word of the sentence each word is in.
    pub(super) sentence_start: Vec<usize>,
    /// The first word after a script-style dialogue label ("Him: ..."): from there on
    /// the turn quotes a conversation.
    pub(super) dialogue_from: Option<usize>,
    /// One past the last word of the sentence each word is in.
    pub(super) sentence_end: Vec<usize>,
    pub(super) lists: &'a ContextLists,
    /// Whether the sentence starting at each sentence's first word, or a later one, is a
    /// question: made on first use (`question_at_or_after`).
    pub(super) question_from: OnceCell<Vec<bool>>,
    /// The byte offsets of the text's double quotes, in order: made on first use
    /// (`in_quotation`), so a long turn is read for them once, not once per match.
    pub(super) quotes: OnceCell<Vec<usize>>,
}

impl<'a> Clauses<'a> {
    /// Splits the words of a turn's normalised text into clauses and sentences; `keys` are
    /// its words' keys with their lists ([`TurnText::keyed`] with `lists`).
    pub(crate) fn new(
        turn: &'a TurnText<'_>,
        keys: Vec<Key<'a>>,
        lists: &'a ContextLists,
    ) -> Clauses<'a> {
        let (text, words) = (turn.normalized().as_str(), turn.words());
        debug_assert_eq!(keys.len(), words.len());
        let n = words.len();
        let (mut clause_start, mut sentence_start) = (vec![0; n], vec![0; n]);
        let mut opens_with_breaker = vec![false; n];
        let (mut cs, mut ss) = (0, 0);
        for i in 0..n {
            if i > 0 {
                // The marks are ASCII: looking at the gap's bytes is the same as at its
                // characters, and cheaper.
                let gap = &text.as_bytes()[words[i - 1].span.end..words[i].span.start];
                if gap.iter().any(|b| matches!(b, b'.' | b'!' | b'?')) {
                    ss = i;
                    cs = i;
                } else if gap
                    .iter()
                    .any(|b| matches!(b, b',' | b';' | b':' | b'(' | b')' | b'"' | b'-'))
                {
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
            // The label first: a bit test, where the gap is a string to trim.
            (lists.dialogue_labels.contains(keys[i]) && {
                let gap = &text[words[i].span.end..words[i + 1].span.start];
                gap.trim_start().starts_with(':')
            })
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
            question_from: OnceCell::new(),
            quotes: OnceCell::new(),
        }
    }

    /// The first word of the sentence holding word `wi` (an id for the sentence).
    pub(crate) fn sentence_of(&self, wi: usize) -> usize {
        self.sentence_start.get(wi).copied().unwrap_or(usize::MAX)
    }

    /// The words a span covers: `[first, end)`.
    pub(crate) fn word_range(&self, span: Span) -> (usize, usize) {
        let first = self.words.partition_point(|w| w.span.end <= span.start);
        let end = self.words.partition_point(|w| w.span.start < span.end);
        (
            first.min(self.words.len()),
            end.max(first).min(self.words.len()),
        )
    }

    /// The punctuation after the last word of the sentence holding word `wi`.
    pub(crate) fn sentence_tail(&self, wi: usize) -> &str {
        let end = self.sentence_end[wi.min(self.words.len() - 1)];
        let from = self.words[end - 1].span.end;
        let to = self
            .words
            .get(end)
            .map_or(self.text.len(), |w| w.span.start);
        &self.text[from..to]
    }

    /// The sentences from the one that starts at word `from` on, as word ranges.
    pub(crate) fn sentences_from(&self, from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let n = self.words.len();
        std::iter::successors(
            (from < n).then(|| (from, self.sentence_end[from])),
            move |&(_, se)| (se < n).then(|| (se, self.sentence_end[se])),
        )
    }

    /// The first word of the sentence `[ss, se)` after discourse words ("well", "so", ...).
    pub(crate) fn opener(&self, ss: usize, se: usize) -> Option<usize> {
        (ss..se).find(|&k| !self.lists.discourse_openers.contains(self.keys[k]))
    }

    /// Whether a sentence opening with word `k` can be a statement about the listener: it
    /// does not open with the speaker, a condition or a suggestion (`statement_blockers`),
    /// nor with a question word.
    pub(crate) fn opens_statement(&self, k: usize) -> bool {
        let key = self.keys[k];
        !self.lists.statement_blockers.contains(key) && !self.lists.question_openers.contains(key)
    }

    /// Where what a frame introduces starts when word `k` (a sentence's first word after
    /// discourse words, the sentence ending at `se`) may open a frame from `frames` ("I can
    /// tell (that) you ...", "I know (that) it's hard"): the word after the frame and an
    /// optional "that"; `k` itself when no frame opens there.
    pub(crate) fn after_frame(&self, frames: &WordList, k: usize, se: usize) -> usize {
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
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds the clauses of a turn, with the built-in word lists, for the rules' tests.
    use super::Clauses;
    use crate::lexicon::{ContextLists, LexiconSet};
    use crate::text::TurnText;

    /// The built-in context lists, parsed once.
    pub(crate) fn lists() -> &'static ContextLists {
        static LISTS: std::sync::OnceLock<ContextLists> = std::sync::OnceLock::new();
        LISTS.get_or_init(|| LexiconSet::builtin().context)
    }

    /// Runs `f` on the clauses of `text`, and the index of the first word that is `word`
    /// (its key, without apostrophes), if any.
    pub(crate) fn with<R>(text: &str, word: &str, f: impl FnOnce(&Clauses<'_>, usize) -> R) -> R {
        let turn = TurnText::new(text);
        let c = Clauses::new(&turn, turn.keyed(lists()), lists());
        let at = c.keys.iter().position(|k| *k == word).unwrap_or(usize::MAX);
        f(&c, at)
    }
}
