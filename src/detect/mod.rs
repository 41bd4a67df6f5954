//! Per-turn detection: lexicon matches judged by context rules into findings.
//!
//! A raw match becomes a [`Finding`] that counts only when no context rule sets it
//! aside: negation in scope, reported speech, or a requirement its entry names
//! (target, whole reply, question before, ...). Findings set aside keep the reason in
//! [`Finding::suppressed`], so a reader can see why a match did not count.

mod context;

use std::sync::Arc;

use crate::lexicon::{Compiled, DetectorId, DetectorRef, RawMatch, Registry, Role, SequenceRule};
use crate::text::{word_key, Span, TurnText};

pub use context::Clauses;

/// Why a match does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Suppression {
    /// A negator scopes over the match.
    Negation,
    /// The match is inside speech the speaker reports ("she said ...").
    ReportedSpeech,
    /// The entry needs the listener as target, and the listener is not: no second-person
    /// word is near (but the "you" of a set phrase such as "if you ask me"), or the word
    /// describes a thing ("this crazy year") or someone else ("they're a shitty person").
    NoSecondPerson,
    /// The entry counts only as (nearly) the whole reply, and the turn says more.
    EngagedReply,
    /// The entry counts only after a question, and the previous turn asked none.
    NoQuestionBefore,
    /// The entry does not count inside a question.
    InQuestion,
    /// The entry counts only at the start of a sentence.
    NotSentenceStart,
    /// Praise follows the match ("you always make me laugh").
    Praise,
    /// The clause is about the speaker ("I always ...").
    SelfDirected,
    /// Advice follows the match ("so you should ..."), or the match is a remedy offered
    /// ("it will make you feel better").
    Advice,
    /// Validation in the same sentence as blame or hostility: sarcasm or contempt.
    HostileContext,
    /// A bare acknowledgment that prefaces a question in the same turn.
    Preface,
    /// The match is embedded after a subordinator ("tell them how you feel").
    Embedded,
    /// The entry counts only in the turn's opening, and the match comes later.
    LateInTurn,
    /// A structural validation rule found what a lexicon entry already marks in the same
    /// words (validation, or an avoidance refusal or dismissal): the sentence counts once,
    /// as that entry's act.
    Covered,
    /// The entry counts only as a sentence of its own, and its sentence goes on.
    PartOfSentence,
    /// An attack word that says how the listener feels or thinks about themselves, given
    /// back ("you feel like you're worthless"): a reflection, not an attack.
    SelfView,
    /// The entry counts only as a trailing vocative ("Nice going, genius."), and the word
    /// stands inside a clause ("You're a genius!").
    NotVocative,
}

impl Suppression {
    /// The name used in the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Suppression::Negation => "negation",
            Suppression::ReportedSpeech => "reported_speech",
            Suppression::NoSecondPerson => "no_second_person",
            Suppression::EngagedReply => "engaged_reply",
            Suppression::NoQuestionBefore => "no_question_before",
            Suppression::InQuestion => "in_question",
            Suppression::NotSentenceStart => "not_sentence_start",
            Suppression::Praise => "praise",
            Suppression::SelfDirected => "self_directed",
            Suppression::Advice => "advice",
            Suppression::HostileContext => "hostile_context",
            Suppression::Preface => "preface",
            Suppression::Embedded => "embedded",
            Suppression::LateInTurn => "late_in_turn",
            Suppression::Covered => "covered",
            Suppression::PartOfSentence => "part_of_sentence",
            Suppression::SelfView => "self_view",
            Suppression::NotVocative => "not_vocative",
        }
    }
}

/// One finding in one turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The detector, e.g. `blame`: its id in the engine's [`Registry`], and its name.
    pub detector: DetectorRef,
    /// The category inside the detector, e.g. `accusation`.
    pub category: Arc<str>,
    /// The rule: the lexicon entry that matched (`blame:your fault`), or a sequence rule.
    pub rule: Arc<str>,
    /// The matched bytes of the turn's original text.
    pub span: Span,
    /// Whether a negator scopes over the match.
    pub negated: bool,
    /// Why the finding does not count; `None` when it counts.
    pub suppressed: Option<Suppression>,
    /// The factor intensity rules applied (1 = none): caps, `!`, intensifiers, hedges.
    pub intensity: f32,
    /// The finding's weight: the entry's weight times `intensity`.
    pub weight: f32,
}

impl Finding {
    /// Whether the finding counts towards figures and escalation.
    pub fn counts(&self) -> bool {
        self.suppressed.is_none()
    }
}

/// What detection needs to know about a turn's place in the conversation.
#[derive(Debug, Clone, Copy, Default)]
pub struct TurnContext<'a> {
    /// The previous turn was by another speaker and asked a question.
    pub after_question: bool,
    /// The previous turn was by another speaker: this turn replies to someone.
    pub replying: bool,
    /// The turn replied to, where there is one (cues masked out), as detection read it: a
    /// reply that gives its words back is a reflection ([`Clauses::echo`]). Passing the
    /// [`TurnText`] the turn itself was detected with lets the reply reuse its words and
    /// keys instead of normalising it again.
    pub previous: Option<&'a TurnText<'a>>,
}

/// The findings of one turn and the figures the sequence stage needs.
#[derive(Debug, Clone, Default)]
pub struct TurnFindings {
    /// Every finding, in text order (set-aside ones included).
    pub findings: Vec<Finding>,
    /// Words in the turn.
    pub words: usize,
    /// Share of the turn's letters that are capitals (shouting when high).
    pub caps_ratio: f32,
    /// Exclamation marks in the turn.
    pub exclamations: usize,
    /// Whether the turn asks a question.
    pub is_question: bool,
}

/// Finds everything in one turn's text (`TurnText::new` of the text, cues masked out).
pub fn detect_turn(lex: &Compiled, turn: &TurnText<'_>, ctx: TurnContext<'_>) -> TurnFindings {
    let (matcher, entries, lists, registry) =
        (&lex.matcher, &lex.entries, &lex.lists, &*lex.registry);
    let (original, norm, ws) = (turn.original(), turn.normalized(), turn.words());
    let text = norm.as_str();
    let (caps_ratio, exclamations) = shape(original);
    let mut out = TurnFindings {
        findings: Vec::new(),
        words: ws.len(),
        caps_ratio,
        exclamations,
        is_question: original.contains('?'),
    };
    let mut raw: Vec<RawMatch> = Vec::new();
    matcher.find_all(text, &mut raw);
    // Only a reply that says "you" and asks nothing can be a reflection, and only one
    // with a hardship word can name how hard things are (beside a question too, as the
    // lexicon's sympathy does): check both in one cheap pass over the words before
    // building the clause structure.
    // An echo is a short reply with no first-person word: that too is known from the pass.
    // The keys are made one at a time here, stopping early: reading the turn's key text
    // ([`TurnText::key_text`]) instead, which makes it for every such reply, saved nothing
    // (callgrind).
    // In a turn with a "?" the third look-up is for "so", which may announce a reflection
    // said with a rising tone ("So you're torn?"); an echo needs a turn without one, so
    // only there is it for a first-person word.
    let (may_reflect, may_hardship, speaker_in_it) = if ctx.replying {
        let mut buf = String::new();
        let third = if out.is_question {
            &lists.reflection_announcers
        } else {
            &lists.first_person
        };
        let (mut you, mut hard, mut found) = (false, false, false);
        for w in ws {
            let key = word_key(&text[w.span.range()], &mut buf);
            you = you || lists.second_person.contains(key);
            hard = hard || lists.hardship_words.contains(key);
            found = found || third.contains(key);
            if you && hard && found {
                break;
            }
        }
        if out.is_question {
            (you && found, hard, true)
        } else {
            (you, hard, found)
        }
    } else {
        (false, false, true)
    };
    // A short reply that is not a question may give the other's words back without "you".
    let may_echo = ctx.replying
        && !out.is_question
        && !speaker_in_it
        && ctx.previous.is_some()
        && ws.len() <= context::ECHO_MAX_TURN_WORDS;
    if raw.is_empty() && !may_reflect && !may_echo && !may_hardship {
        return out;
    }
    let clauses = Clauses::new(turn, lists);
    let mut whole_reply: Vec<(usize, usize, usize)> = Vec::new(); // (finding, first word, end word)
    let mut sentence_of: Vec<usize> = Vec::with_capacity(raw.len());
    // Whether each finding is a swear word said as an exclamation ("Damn, that's rough."),
    // which attacks nobody ([`attacks`]).
    let mut exclaimed: Vec<bool> = Vec::with_capacity(raw.len());
    for m in &raw {
        let entry = &entries[m.entry];
        let (wi, wj) = clauses.word_range(m.span);
        sentence_of.push(clauses.sentence_of(wi));
        exclaimed.push(
            registry.exclaimable(entry.detector.id(), &entry.category)
                && clauses.is_exclamation(wi, wj),
        );
        let orig = norm.original_span(m.span);
        let negated = entry.negatable && clauses.negated_before(wi, wj <= wi + 1);
        let suppressed = if negated {
            Some(Suppression::Negation)
        } else if clauses.reported_before(wi) {
            Some(Suppression::ReportedSpeech)
        } else {
            context::requirement_failure(entry, &clauses, wi, wj, ctx)
        };
        // An insult aimed at a third person ("they're such idiots") is blame of someone
        // absent: it counts under the detector its header names as `third_party`, not as
        // blame of the listener. One that describes a thing ("they made this stupid
        // rule") blames nobody.
        let third_party = registry.get(entry.detector.id()).third_party.filter(|_| {
            suppressed == Some(Suppression::NoSecondPerson)
                && clauses.third_person_subject(wi)
                && !clauses.attributive(wi, wj)
        });
        let (detector, suppressed) = match third_party {
            Some(d) => (registry.handle(d), None),
            None => (entry.detector.clone(), suppressed),
        };
        let intensity = clauses.intensity(original, orig, wi, caps_ratio);
        if entry.require.has(crate::lexicon::Require::WholeReply) && suppressed.is_none() {
            whole_reply.push((out.findings.len(), wi, wj));
        }
        out.findings.push(Finding {
            detector,
            category: entry.category.clone(),
            rule: entry.rule.clone(),
            span: orig,
            negated,
            suppressed,
            intensity,
            weight: entry.weight * intensity,
        });
    }
    // Validation said in the same breath as an attack ("you sound demented", "I understand
    // you're an idiot") is sarcasm or contempt, not validation.
    let hostile_sentences: Vec<usize> = out
        .findings
        .iter()
        .zip(&sentence_of)
        .zip(&exclaimed)
        .filter(|((f, _), &exclaimed)| {
            f.counts() && registry.attacks_listener(f.detector.id(), &f.category, exclaimed)
        })
        .map(|((_, s), _)| *s)
        .collect();
    if !hostile_sentences.is_empty() {
        for (f, s) in out.findings.iter_mut().zip(&sentence_of) {
            if f.counts()
                && registry.get(f.detector.id()).role == Role::Repair
                && hostile_sentences.contains(s)
            {
                f.suppressed = Some(Suppression::HostileContext);
            }
        }
    }
    // Set aside what counts only as the whole reply before the structural rules read
    // which findings count.
    if !whole_reply.is_empty() {
        let covered: usize = {
            let mut marks = vec![false; ws.len()];
            for &(_, a, b) in &whole_reply {
                marks[a..b].iter_mut().for_each(|m| *m = true);
            }
            marks.iter().filter(|m| **m).count()
        };
        let others = ws.len() - covered;
        if others > context::WHOLE_REPLY_OTHER_WORDS || ws.len() > context::WHOLE_REPLY_MAX_WORDS {
            for (i, _, _) in whole_reply {
                out.findings[i].suppressed = Some(Suppression::EngagedReply);
            }
        }
    }
    // The original span of the words `[a, b)`, for the structural rules' findings.
    let sentence_span =
        |a: usize, b: usize| norm.original_span(Span::new(ws[a].span.start, ws[b - 1].span.end));
    // A reflection stands as the turn's act: not beside hostility, a question (with a "?"
    // or in question order) or advice, which is how MI and ESConv coders read such turns.
    let reflects = (may_reflect || may_echo)
        && hostile_sentences.is_empty()
        && !clauses.gives_advice()
        && !clauses.asks_in_question_order();
    if reflects {
        let reflection = registry.rule(SequenceRule::Reflection);
        let echo = registry.rule(SequenceRule::Echo);
        let found = reflection
            .filter(|_| may_reflect)
            .and_then(|d| {
                clauses
                    .reflection()
                    .map(|r| (r, d, SequenceRule::Reflection))
            })
            .or_else(|| {
                let d = echo.filter(|_| may_echo)?;
                let previous = ctx.previous?;
                clauses.echo(previous).map(|r| (r, d, SequenceRule::Echo))
            });
        if let Some(((a, b), d, rule)) = found {
            push_structural(
                &mut out.findings,
                registry,
                structural_finding(registry, d, rule, "reflection", sentence_span(a, b)),
            );
        }
    }
    // Empathy that names how hard the situation is stands beside advice and questions, as
    // the lexicon's empathy phrases do ("That must be so hard. Maybe talk to her."), but not
    // beside an attack in the same sentence.
    if let Some(d) = registry
        .rule(SequenceRule::Hardship)
        .filter(|_| may_hardship)
    {
        if let Some((a, b)) = clauses.hardship() {
            if !hostile_sentences.contains(&a) {
                let f = structural_finding(
                    registry,
                    d,
                    SequenceRule::Hardship,
                    "empathy",
                    sentence_span(a, b),
                );
                push_structural(&mut out.findings, registry, f);
            }
        }
    }
    out
}

/// Adds a structural rule's finding, set aside as `covered` where a counted finding that
/// covers it ([`Registry::covers`]: validation, or an avoidance refusal or dismissal)
/// already marks part of its words, so that one sentence is not counted twice ("That
/// took courage from both of you" is the lexicon's affirmation, not also a reflection;
/// "That's none of your business." refuses).
fn push_structural(findings: &mut Vec<Finding>, registry: &Registry, mut found: Finding) {
    let covered = findings.iter().any(|f| {
        f.counts()
            && registry.covers(f.detector.id(), &f.category)
            && f.span.start < found.span.end
            && found.span.start < f.span.end
    });
    found.suppressed = covered.then_some(Suppression::Covered);
    findings.push(found);
}

/// The finding of a structural rule, under the detector (and with the weight) the
/// registry gives it, its rule named `DETECTOR:RULE`: `validation:reflection` (a statement about the listener),
/// `validation:echo` (the listener's own words given back), `validation:hardship`.
fn structural_finding(
    registry: &Registry,
    (detector, weight): (DetectorId, f32),
    rule: SequenceRule,
    category: &str,
    span: Span,
) -> Finding {
    Finding {
        detector: registry.handle(detector),
        category: Arc::from(category),
        rule: Arc::from(format!("{}:{}", registry.name(detector), rule.name())),
        span,
        negated: false,
        suppressed: None,
        intensity: 1.0,
        weight,
    }
}

/// Share of capital letters among letters, and the number of `!`.
fn shape(text: &str) -> (f32, usize) {
    let (mut letters, mut upper, mut bangs) = (0usize, 0usize, 0usize);
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
    let ratio = if letters == 0 {
        0.0
    } else {
        upper as f32 / letters as f32
    };
    (ratio, bangs)
}
