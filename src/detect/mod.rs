//! Per-turn detection: lexicon matches judged by context rules into findings.
//!
//! A raw match becomes a [`Finding`] that counts only when no context rule sets it
//! aside: negation in scope, reported speech, or a requirement its entry names
//! (target, whole reply, question before, ...). Findings set aside keep the reason in
//! [`Finding::suppressed`], so a reader can see why a match did not count.

mod advice;
mod clauses;
mod concession;
mod echo;
mod hardship;
mod hostile;
mod hypothetical;
mod imperative;
mod intensity;
mod negation;
mod politeness;
mod position;
mod praise;
mod question;
mod reflection;
mod reported;
mod requirements;
mod target;

use std::sync::Arc;

use crate::lexicon::{
    Compiled, ContextLists, DetectorId, DetectorRef, Key, RawMatch, Registry, Require, Role,
    SequenceRule,
};
use crate::text::{Span, TurnText};

pub(crate) use clauses::Clauses;
pub(crate) use question::asks_question;

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
    /// The match stands in a conditional or imagined clause, or the consequent of one
    /// ("if my mother died", "what if he leaves", "If he left, I'd be so alone"): not
    /// something of the speaker's own life.
    Hypothetical,
    /// Evasion that its sentence takes back: a concession after it states the speaker's
    /// view ("I won't comment on him, although I think he has done a fine job").
    Conceded,
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
            Suppression::Hypothetical => "hypothetical",
            Suppression::Conceded => "conceded",
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
pub(crate) struct TurnContext<'a> {
    /// The previous turn was by another speaker and asked a question.
    pub after_question: bool,
    /// The previous turn was by another speaker: this turn replies to someone.
    pub replying: bool,
    /// The turn replied to, where there is one (cues masked out), as detection read it: a
    /// reply that gives its words back is a reflection (`src/detect/echo.rs`). Passing the
    /// [`TurnText`] the turn itself was detected with lets the reply reuse its words and
    /// keys instead of normalising it again.
    pub previous: Option<&'a TurnText<'a>>,
}

/// The findings of one turn and the figures the sequence stage needs.
#[derive(Debug, Clone, Default)]
pub(crate) struct TurnFindings {
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
    /// Whether the turn hedges or thanks (`politeness.rs`).
    pub polite: bool,
}

/// Finds everything in one turn's text (`TurnText::new` of the text, cues masked out), in
/// passes: a cheap look at the words says which structural rules may apply; the lexicon's
/// matches are judged by the context rules; validation in a sentence that attacks the
/// listener is set aside (`hostile.rs`); whole-reply entries in an engaged reply are set
/// aside (`position.rs`); then the structural rules (reflection, echo, hardship) run.
pub(crate) fn detect_turn(
    lex: &Compiled,
    turn: &TurnText<'_>,
    ctx: TurnContext<'_>,
) -> TurnFindings {
    let (original, ws) = (turn.original(), turn.words());
    let (caps_ratio, exclamations) = intensity::shape(original);
    let mut out = TurnFindings {
        findings: Vec::new(),
        words: ws.len(),
        caps_ratio,
        exclamations,
        is_question: original.contains('?'),
        polite: false,
    };
    let mut raw: Vec<RawMatch> = Vec::new();
    lex.matcher.find_all(turn.normalized().as_str(), &mut raw);
    // The words' keys with their lists, made once, for the scan and the clauses.
    let keys = if ctx.replying || !raw.is_empty() {
        turn.keyed(&lex.lists)
    } else {
        Vec::new()
    };
    out.polite = if keys.is_empty() {
        politeness::polite(&turn.keys(), &lex.lists)
    } else {
        politeness::polite(&keys, &lex.lists)
    };
    let scan = Scan::new(turn, &keys, &lex.lists, ctx, out.is_question);
    if raw.is_empty() && !scan.any() {
        return out;
    }
    let clauses = Clauses::new(turn, keys, &lex.lists);
    let judged = judge(lex, &clauses, turn, &raw, ctx, caps_ratio);
    out.findings = judged.findings;
    let hostile = hostile::set_aside_validation(
        &lex.registry,
        &mut out.findings,
        &judged.sentence_of,
        &judged.exclaimed,
    );
    position::set_aside_engaged(&mut out.findings, &judged.whole_reply, ws.len());
    structural(lex, &clauses, turn, ctx, scan, &hostile, &mut out.findings);
    out
}

/// What a cheap pass over a turn's words says may apply, before the clause structure is
/// built. Only a reply that says "you" and asks nothing can be a reflection, and only one
/// with a hardship word can name how hard things are (beside a question too, as the
/// lexicon's sympathy does); an echo is a short reply with no first-person word. The
/// words' keys are the turn's, with their lists ([`TurnText::keyed`], made once for this
/// and the clause structure), and the walk stops as soon as all three are found. In a turn with a "?" the third look-up is for "so", which may announce a
/// reflection said with a rising tone ("So you're torn?"); an echo needs a turn without
/// one, so only there is it for a first-person word.
#[derive(Debug, Clone, Copy)]
struct Scan {
    may_reflect: bool,
    may_hardship: bool,
    may_echo: bool,
}

impl Scan {
    fn new(
        turn: &TurnText<'_>,
        keys: &[Key<'_>],
        lists: &ContextLists,
        ctx: TurnContext<'_>,
        asks: bool,
    ) -> Scan {
        let ws = turn.words();
        let (may_reflect, may_hardship, speaker_in_it) = if ctx.replying {
            let third = if asks {
                &lists.reflection_announcers
            } else {
                &lists.first_person
            };
            let (mut you, mut hard, mut found) = (false, false, false);
            for key in keys {
                you = you || lists.second_person.contains(key);
                hard = hard || lists.hardship_words.contains(key);
                found = found || third.contains(key);
                if you && hard && found {
                    break;
                }
            }
            if asks {
                (you && found, hard, true)
            } else {
                (you, hard, found)
            }
        } else {
            (false, false, true)
        };
        // A short reply that is not a question may give the other's words back without "you".
        let may_echo = ctx.replying
            && !asks
            && !speaker_in_it
            && ctx.previous.is_some()
            && ws.len() <= echo::ECHO_MAX_TURN_WORDS;
        Scan {
            may_reflect,
            may_hardship,
            may_echo,
        }
    }

    fn any(self) -> bool {
        self.may_reflect || self.may_hardship || self.may_echo
    }
}

/// The lexicon's matches as findings, each judged by the context rules, with what the
/// later passes need to know of each.
struct Judged {
    findings: Vec<Finding>,
    /// The sentence (its first word) each finding stands in.
    sentence_of: Vec<usize>,
    /// Whether each finding is a word said as an exclamation of its own ("Damn, that's
    /// rough."), which attacks nobody where its category says so.
    exclaimed: Vec<bool>,
    /// Counted `whole_reply` findings: (finding, first word, end word).
    whole_reply: Vec<(usize, usize, usize)>,
}

/// Judges each match: negation, reported speech, then the entry's requirements; an attack
/// aimed at someone absent moves to its detector's `third_party`; intensity weighs it.
fn judge(
    lex: &Compiled,
    clauses: &Clauses<'_>,
    turn: &TurnText<'_>,
    raw: &[RawMatch],
    ctx: TurnContext<'_>,
    caps_ratio: f32,
) -> Judged {
    let registry = &*lex.registry;
    let mut j = Judged {
        findings: Vec::with_capacity(raw.len()),
        sentence_of: Vec::with_capacity(raw.len()),
        exclaimed: Vec::with_capacity(raw.len()),
        whole_reply: Vec::new(),
    };
    for m in raw {
        let entry = &lex.entries[m.entry];
        let (wi, wj) = clauses.word_range(m.span);
        j.sentence_of.push(clauses.sentence_of(wi));
        j.exclaimed.push(
            registry.exclaimable(entry.detector.id(), &entry.category)
                && clauses.is_exclamation(wi, wj),
        );
        let orig = turn.normalized().original_span(m.span);
        let negated = entry.negatable && clauses.negated_before(wi, wj <= wi + 1);
        let suppressed = if negated {
            Some(Suppression::Negation)
        } else if clauses.reported_before(wi) {
            Some(Suppression::ReportedSpeech)
        } else {
            requirements::requirement_failure(entry, clauses, wi, wj, ctx).or_else(|| {
                // "I won't comment, although I think he did fine": the speaker answers.
                (registry.get(entry.detector.id()).role == Role::Avoidance
                    && clauses.conceded_after(wj))
                .then_some(Suppression::Conceded)
            })
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
        let intensity = clauses.intensity(turn.original(), orig, wi, caps_ratio);
        if entry.require.has(Require::WholeReply) && suppressed.is_none() {
            j.whole_reply.push((j.findings.len(), wi, wj));
        }
        j.findings.push(Finding {
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
    j
}

/// The structural rules: a reflection or an echo, and naming hardship. A reflection stands
/// as the turn's act: not beside an attack on the listener, a question (in question
/// order) or advice, which is how MI and ESConv coders read such turns; where one of
/// these blocks it, it is still reported, set aside with the reason (`hostile_context`,
/// `in_question`, `advice`), for `--explain`. Empathy that names how hard the situation
/// is stands beside advice and questions, as the lexicon's empathy phrases do ("That must
/// be so hard. Maybe talk to her."), but not beside an attack in its sentence.
fn structural(
    lex: &Compiled,
    clauses: &Clauses<'_>,
    turn: &TurnText<'_>,
    ctx: TurnContext<'_>,
    scan: Scan,
    hostile: &hostile::Sentences,
    findings: &mut Vec<Finding>,
) {
    let registry = &*lex.registry;
    let ws = turn.words();
    // The original span of the words `[a, b)`.
    let sentence_span = |a: usize, b: usize| {
        turn.normalized()
            .original_span(Span::new(ws[a].span.start, ws[b - 1].span.end))
    };
    if scan.may_reflect || scan.may_echo {
        let blocked = if !hostile.is_empty() {
            Some(Suppression::HostileContext)
        } else if clauses.gives_advice() {
            Some(Suppression::Advice)
        } else if clauses.asks_in_question_order() {
            Some(Suppression::InQuestion)
        } else {
            None
        };
        let found = registry
            .rule(SequenceRule::Reflection)
            .filter(|_| scan.may_reflect)
            .and_then(|d| {
                clauses
                    .reflection()
                    .map(|r| (r, d, SequenceRule::Reflection))
            })
            .or_else(|| {
                let d = registry
                    .rule(SequenceRule::Echo)
                    .filter(|_| scan.may_echo)?;
                clauses
                    .echo(ctx.previous?)
                    .map(|r| (r, d, SequenceRule::Echo))
            });
        if let Some(((a, b), d, rule)) = found {
            let mut f = structural_finding(registry, d, rule, "reflection", sentence_span(a, b));
            match blocked {
                Some(why) => {
                    f.suppressed = Some(why);
                    findings.push(f);
                }
                None => push_structural(findings, registry, f),
            }
        }
    }
    if let Some(d) = registry
        .rule(SequenceRule::Hardship)
        .filter(|_| scan.may_hardship)
    {
        if let Some((a, b)) = clauses.hardship() {
            let mut f = structural_finding(
                registry,
                d,
                SequenceRule::Hardship,
                "empathy",
                sentence_span(a, b),
            );
            if hostile.contains(a) {
                f.suppressed = Some(Suppression::HostileContext);
                findings.push(f);
            } else {
                push_structural(findings, registry, f);
            }
        }
    }
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
