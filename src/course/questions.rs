//! The question rule of the therapist's scorecard: which sentences of a turn ask, and
//! whether each asks an open question (one that invites the client's own account) or a
//! closed one (answered with yes, no or a fact).
//!
//! The words it reads are data (`lexicons/scorecard.toml`, whose header states the rule);
//! this file only applies them. Sentence by sentence, after opening fillers ("so",
//! "okay", "um"):
//!
//! | the sentence | call | rule |
//! |---|---|---|
//! | wonders aloud: "I'm wondering how ..." | open | `wondering` |
//! | wonders or requests "if"/"whether": "I wonder if you'd ..." | closed | `if_whether` |
//! | asks for an account: "Tell me about ...", "Could you say more?" | open | `request` |
//! | asks for a fact: "How many ...?", "When did ...?", "Who ...?" | closed | `fact` |
//! | opens with what/how/why: "What brings you here?" | open | `open_word` |
//! | ... and closes on alternatives: "What was it, anger or fear?" | closed | `alternatives` |
//! | opens with an auxiliary or "any": "Do you ...?", "Anything else?" | closed | `auxiliary` |
//! | a statement closed by a tag: "..., weren't you?", "..., right?" | closed | `tag` |
//! | a statement with a rising "?": "You've been drinking more?" | closed | `rising` |
//!
//! A later clause may ask when the first does not ("It sounds like a lot, should we slow
//! down?"). Without a "?", a question word or an auxiliary asks only in question order
//! (an auxiliary after it, a person after the auxiliary), so "What a week." and "Do it
//! when you're ready." ask nothing; requests and wondering need no "?". A "?" after
//! nothing but fillers ("Yeah?", "Sorry?") asks nothing.
//!
//! Where turnscope counts a reflection in a sentence said with a rising tone ("So you
//! feel stuck?", "You feel stuck, is that right?"), the scorecard reads that sentence as
//! the reflection, not as a question ([`super::scorecard`]).

use crate::lexicon::ScorecardLists;
use crate::text::{Span, TurnText};

/// Open or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuestionKind {
    /// Invites the client's own account.
    Open,
    /// Answered with yes, no, or a fact.
    Closed,
}

impl QuestionKind {
    /// `open` or `closed`.
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Open => "open",
            QuestionKind::Closed => "closed",
        }
    }
}

/// The part of the rule that made a sentence a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuestionRule {
    /// Opens with "what", "how" or "why": open.
    OpenWord,
    /// Asks for the client's account ("tell me", "describe"): open.
    Request,
    /// Wonders aloud ("I'm wondering how"): open.
    Wondering,
    /// Wonders or requests "if" or "whether": closed.
    IfWhether,
    /// Asks for a fact ("how many", "when", "who"): closed.
    Fact,
    /// A question word with alternatives joined by "or": closed.
    Alternatives,
    /// Opens with an auxiliary or "any": closed.
    Auxiliary,
    /// A statement closed by a tag ("isn't it?", "right?"): closed.
    Tag,
    /// A statement with a rising "?": closed.
    Rising,
}

impl QuestionRule {
    /// The rule's name as the JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            QuestionRule::OpenWord => "open_word",
            QuestionRule::Request => "request",
            QuestionRule::Wondering => "wondering",
            QuestionRule::IfWhether => "if_whether",
            QuestionRule::Fact => "fact",
            QuestionRule::Alternatives => "alternatives",
            QuestionRule::Auxiliary => "auxiliary",
            QuestionRule::Tag => "tag",
            QuestionRule::Rising => "rising",
        }
    }

    /// Open or closed.
    pub fn kind(self) -> QuestionKind {
        match self {
            QuestionRule::OpenWord | QuestionRule::Request | QuestionRule::Wondering => {
                QuestionKind::Open
            }
            _ => QuestionKind::Closed,
        }
    }
}

/// A sentence that asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// What made it a question, and so whether it is open or closed.
    pub rule: QuestionRule,
    /// The sentence, in bytes of the turn's text (its "?" included).
    pub span: Span,
}

impl Question {
    /// Open or closed.
    pub fn kind(&self) -> QuestionKind {
        self.rule.kind()
    }
}

/// The call for a whole turn: it asks when any sentence asks, and its question is open
/// when any of them is open (MITI codes one question per turn, however many it strings
/// together). `None` when it asks nothing.
pub fn turn_kind(questions: &[Question]) -> Option<QuestionKind> {
    questions.iter().map(Question::kind).min()
}

/// Every sentence of `text` that asks, in order.
pub fn questions(text: &str, lists: &ScorecardLists) -> Vec<Question> {
    let tt = TurnText::new(text);
    let words = tt.words();
    if words.is_empty() {
        return Vec::new();
    }
    let norm = tt.normalized();
    let ntext = norm.as_str();
    let keys = tt.keys();
    // The text after word i, up to the next word (or the end).
    let gap = |i: usize| {
        let to = words.get(i + 1).map_or(ntext.len(), |w| w.span.start);
        &ntext[words[i].span.end..to]
    };
    let ends_sentence = |i: usize| gap(i).contains(['.', '!', '?', '\n', '…']);
    let breaks_clause = |i: usize| {
        let g = gap(i);
        g.contains([',', ';', ':', '—', '–', '(', ')']) || g.contains("--")
    };
    let mut out = Vec::new();
    let mut ss = 0;
    while ss < words.len() {
        let mut se = ss + 1;
        while se < words.len() && !ends_sentence(se - 1) {
            se += 1;
        }
        let tail = gap(se - 1);
        let asks = tail.contains('?');
        let clause_starts: Vec<usize> = (ss + 1..se).filter(|&k| breaks_clause(k - 1)).collect();
        let sentence = Sentence {
            keys: &keys[..se],
            clauses: &clause_starts,
            lists,
            asks,
        };
        let rule = sentence
            .decide(ss)
            .or_else(|| {
                let last = clause_starts.last().copied()?;
                (asks && sentence.is_tag(last)).then_some(QuestionRule::Tag)
            })
            .or_else(|| clause_starts.iter().find_map(|&cs| sentence.decide(cs)))
            .or_else(|| {
                let all_fillers = (ss..se).all(|k| lists.fillers.contains(keys[k]));
                (asks && !all_fillers).then_some(QuestionRule::Rising)
            });
        if let Some(rule) = rule {
            let end = words[se - 1].span.end + tail.find('?').map_or(0, |q| q + 1);
            out.push(Question {
                rule,
                span: norm.original_span(Span::new(words[ss].span.start, end)),
            });
        }
        ss = se;
    }
    out
}

/// A closing clause of alternatives has at most this many words ("time alone or time
/// together").
const ALTERNATIVES_MAX_WORDS: usize = 6;

/// One sentence's words (keys up to its end), where its later clauses start, and whether
/// it closes with a "?".
struct Sentence<'a> {
    keys: &'a [&'a str],
    clauses: &'a [usize],
    lists: &'a ScorecardLists,
    asks: bool,
}

impl Sentence<'_> {
    fn end(&self) -> usize {
        self.keys.len()
    }

    /// The first word from `k` on that is not a filler.
    fn skip_fillers(&self, mut k: usize) -> usize {
        while k < self.end() && self.lists.fillers.contains(self.keys[k]) {
            k += 1;
        }
        k
    }

    fn is(&self, list: &crate::lexicon::WordList, k: usize) -> bool {
        k < self.end() && list.contains(self.keys[k])
    }

    /// A request for an account at word `k` (after fillers such as "please"): open, or
    /// closed when "if"/"whether" follows it ("tell me if ...").
    fn request(&self, k: usize) -> Option<QuestionRule> {
        let k = self.skip_fillers(k);
        if k >= self.end() {
            return None;
        }
        let n = self.lists.open_requests.longest_at(self.keys, k)?;
        Some(if self.is(&self.lists.closed_after_wondering, k + n) {
            QuestionRule::IfWhether
        } else {
            QuestionRule::Request
        })
    }

    /// Whether the sentence closes with a short clause of alternatives after the question
    /// word at `k`: at most [`ALTERNATIVES_MAX_WORDS`] words with an "or" that is neither
    /// a vague extender ("or something") nor the start of a new question ("..., or how do
    /// you feel?"). An "or" inside the question itself ("What would move you from a six
    /// to a seven or eight?") offers no choice of answers.
    fn alternatives(&self, k: usize) -> bool {
        let l = self.lists;
        let Some(&last) = self.clauses.last().filter(|&&c| c > k) else {
            return false;
        };
        self.end() - last <= ALTERNATIVES_MAX_WORDS
            && (last..self.end().saturating_sub(1)).any(|i| {
                self.keys[i] == "or"
                    && !l.vague_extenders.starts_at(self.keys, i)
                    && !self.is(&l.open_words, i + 1)
                    && !self.is(&l.closed_openers, i + 1)
                    && l.fact_words.longest_at(self.keys, i + 1).is_none()
            })
    }

    /// Whether the clause from `k` to the sentence's end is a tag: one tag word, or an
    /// auxiliary with a tag subject (and "not").
    fn is_tag(&self, k: usize) -> bool {
        let l = self.lists;
        let rest = &self.keys[k..];
        match rest {
            [w] => l.tags.contains(w),
            [aux, subj] | [aux, subj, "not"] => {
                l.closed_openers.contains(aux) && l.tag_subjects.contains(subj)
            }
            _ => false,
        }
    }

    /// The rule a clause opening at word `k` asks by, if it asks.
    fn decide(&self, k: usize) -> Option<QuestionRule> {
        let l = self.lists;
        let k = self.skip_fillers(k);
        if k >= self.end() {
            return None;
        }
        let keys = self.keys;
        if let Some(n) = l.wondering.longest_at(keys, k) {
            let r = k + n;
            return Some(if self.is(&l.closed_after_wondering, r) {
                QuestionRule::IfWhether
            } else if r < self.end() && l.fact_words.longest_at(keys, r).is_some() {
                QuestionRule::Fact
            } else {
                QuestionRule::Wondering
            });
        }
        if let Some(rule) = self.request(k) {
            return Some(rule);
        }
        // Without a "?", a question word asks only with an auxiliary after it.
        let aux_after = |i: usize| self.is(&l.closed_openers, i);
        if let Some(n) = l.fact_words.longest_at(keys, k) {
            return (self.asks || aux_after(k + n)).then_some(QuestionRule::Fact);
        }
        if l.open_words.contains(keys[k]) {
            if !(self.asks || aux_after(k + 1)) {
                return None;
            }
            return Some(if self.alternatives(k) {
                QuestionRule::Alternatives
            } else {
                QuestionRule::OpenWord
            });
        }
        if l.closed_openers.contains(keys[k]) {
            let person = self.is(&l.subjects, k + 1);
            if person {
                if let Some(rule) = self.request(k + 2) {
                    return Some(rule);
                }
            }
            return (self.asks || person).then_some(QuestionRule::Auxiliary);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(text: &str) -> Option<(QuestionKind, &'static str)> {
        let lists = ScorecardLists::builtin();
        let qs = questions(text, &lists);
        let kind = turn_kind(&qs)?;
        // The rule of the first question of the turn's kind.
        let rule = qs.iter().find(|q| q.kind() == kind).unwrap().rule.name();
        Some((kind, rule))
    }

    #[test]
    fn the_rule_table() {
        use QuestionKind::{Closed, Open};
        let cases: &[(&str, Option<(QuestionKind, &str)>)] = &[
            // what / how / why / tell me / describe: open.
            ("What brings you in today?", Some((Open, "open_word"))),
            ("How are things at home?", Some((Open, "open_word"))),
            ("So how did that go?", Some((Open, "open_word"))),
            ("Why do you think she said that?", Some((Open, "open_word"))),
            ("What's that like for you?", Some((Open, "open_word"))),
            ("Tell me more about that.", Some((Open, "request"))),
            (
                "Please describe a typical morning.",
                Some((Open, "request")),
            ),
            ("Walk me through what happened", Some((Open, "request"))),
            ("Could you tell me a bit more?", Some((Open, "request"))),
            (
                "Can you say more about the fights?",
                Some((Open, "request")),
            ),
            ("I'm curious about what changed.", Some((Open, "wondering"))),
            ("I wonder what she meant.", Some((Open, "wondering"))),
            // do / are / is / did / have / can / would ...: closed.
            ("Do you want to keep going?", Some((Closed, "auxiliary"))),
            ("Are you two talking at all?", Some((Closed, "auxiliary"))),
            ("Is that something you'd try?", Some((Closed, "auxiliary"))),
            ("Did he apologise?", Some((Closed, "auxiliary"))),
            (
                "Have you thought about leaving?",
                Some((Closed, "auxiliary")),
            ),
            ("Can you do that this week?", Some((Closed, "auxiliary"))),
            (
                "Would it help to write it down?",
                Some((Closed, "auxiliary")),
            ),
            (
                "Don't you think that's a bit much?",
                Some((Closed, "auxiliary")),
            ),
            ("Any questions before we stop?", Some((Closed, "auxiliary"))),
            ("Do you feel okay", Some((Closed, "auxiliary"))),
            ("Tell me if that's too much.", Some((Closed, "if_whether"))),
            (
                "I wonder whether you noticed.",
                Some((Closed, "if_whether")),
            ),
            // Facts: closed.
            ("How long have you been married?", Some((Closed, "fact"))),
            ("How often does that happen?", Some((Closed, "fact"))),
            ("When did you last talk?", Some((Closed, "fact"))),
            ("Who else was there?", Some((Closed, "fact"))),
            ("Where would you like to start?", Some((Open, "open_word"))),
            ("Which of those matters most?", Some((Closed, "fact"))),
            // "or" alternatives: closed; a vague "or something" offers none.
            (
                "What would help more, time alone or time together?",
                Some((Closed, "alternatives")),
            ),
            (
                "What was it, anger or fear?",
                Some((Closed, "alternatives")),
            ),
            (
                "What did you feel, sad or something?",
                Some((Open, "open_word")),
            ),
            (
                "What do you think, or how do you feel about it?",
                Some((Open, "open_word")),
            ),
            (
                "What would move you from a six to a seven or eight?",
                Some((Open, "open_word")),
            ),
            (
                "What was it, the money, or the way he said it to you in front of everyone?",
                Some((Open, "open_word")),
            ),
            ("Is it him or you who decides?", Some((Closed, "auxiliary"))),
            // Tag questions and rising statements: closed.
            ("You were hurt, weren't you?", Some((Closed, "tag"))),
            ("That was the weekend, right?", Some((Closed, "tag"))),
            ("She left early, didn't she?", Some((Closed, "tag"))),
            ("You've been sleeping badly?", Some((Closed, "rising"))),
            (
                "It sounds like a lot, should we slow down?",
                Some((Closed, "auxiliary")),
            ),
            // Nothing asked.
            ("That must have been hard.", None),
            ("You really want this to work.", None),
            ("What a week.", None),
            ("How hard that must be.", None),
            ("What I'm hearing is that you're tired.", None),
            ("When I got home he was gone.", None),
            ("Do it when you're ready.", None),
            ("Yeah? Okay.", None),
            ("Mm-hmm?", None),
            ("Tell them how you feel.", None),
            ("", None),
        ];
        let mut failed = Vec::new();
        for (text, want) in cases {
            let got = call(text);
            if got != *want {
                failed.push(format!("{text:?}: want {want:?}, got {got:?}"));
            }
        }
        assert!(failed.is_empty(), "\n{}", failed.join("\n"));
    }

    #[test]
    fn a_turn_of_several_sentences_is_open_when_any_question_is_open() {
        let lists = ScorecardLists::builtin();
        let text = "Okay. Did that surprise you? What went through your mind?";
        let qs = questions(text, &lists);
        assert_eq!(qs.len(), 2);
        assert_eq!(&text[qs[0].span.range()], "Did that surprise you?");
        assert_eq!(&text[qs[1].span.range()], "What went through your mind?");
        assert_eq!(turn_kind(&qs), Some(QuestionKind::Open));
        let closed = questions("You said no. Is that still true?", &lists);
        assert_eq!(turn_kind(&closed), Some(QuestionKind::Closed));
    }

    #[test]
    fn spans_index_the_original_text() {
        let lists = ScorecardLists::builtin();
        let text = "Right.  “What’s   changed?”  Okay";
        let qs = questions(text, &lists);
        assert_eq!(qs.len(), 1);
        assert_eq!(&text[qs[0].span.range()], "What’s   changed?");
    }

    #[test]
    fn every_example_of_scorecard_toml_gets_its_call() {
        let lists = ScorecardLists::builtin();
        let ex = &lists.examples;
        assert!(ex.open.len() + ex.closed.len() + ex.none.len() >= 30);
        let mut failed = Vec::new();
        for (want, list) in [
            (Some(QuestionKind::Open), &ex.open),
            (Some(QuestionKind::Closed), &ex.closed),
            (None, &ex.none),
        ] {
            for text in list {
                let got = turn_kind(&questions(text, &lists));
                if got != want {
                    failed.push(format!("{text:?}: want {want:?}, got {got:?}"));
                }
            }
        }
        assert!(failed.is_empty(), "\n{}", failed.join("\n"));
    }
}
