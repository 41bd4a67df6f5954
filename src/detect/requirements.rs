//! The requirements an entry can name (`require = [...]`), each judged by the rule file it
//! belongs to: this is only the list that sends each to its rule.

use super::clauses::Clauses;
use super::{
    advice, hypothetical, imperative, position, praise, question, target, Suppression, TurnContext,
};
use crate::lexicon::{Entry, Require};

/// The first requirement of `entry` that the match at words `[wi, wj)` fails, if any.
pub(crate) fn requirement_failure(
    entry: &Entry,
    c: &Clauses<'_>,
    wi: usize,
    wj: usize,
    ctx: TurnContext,
) -> Option<Suppression> {
    if wi >= c.words.len() {
        return None;
    }
    for r in entry.require.iter() {
        let failed = match r {
            Require::SecondPerson => target::second_person(c, wi, wj),
            Require::NotSelf => target::self_directed(c, wi),
            Require::Vocative => (!c.is_vocative(wi, wj)).then_some(Suppression::NotVocative),
            Require::WholeReply => None, // judged over the whole turn, after all matches
            Require::AfterQuestion => {
                (!ctx.after_question).then_some(Suppression::NoQuestionBefore)
            }
            Require::NotQuestion => {
                let rising_ok = entry.require.has(Require::RisingOk);
                question::in_question(c, wi, rising_ok).then_some(Suppression::InQuestion)
            }
            Require::RisingOk => None, // read with `NotQuestion`
            Require::NoQuestionAfter => c.question_at_or_after(wi).then_some(Suppression::Preface),
            Require::MainClause => advice::main_clause(c, wi),
            Require::NotAdvice => advice::advice_after(c, wj),
            Require::SentenceStart => position::sentence_start(c, wi),
            Require::TurnOpening => position::turn_opening(wi),
            Require::OwnSentence => position::own_sentence(c, wi, wj),
            Require::NotPraise => praise::praise_after(c, wi, wj),
            Require::NotHypothetical => hypothetical::not_hypothetical(c, wi, wj),
            Require::Imperative => imperative::imperative(c, wi),
        };
        if failed.is_some() {
            return failed;
        }
    }
    None
}
