//! What the sequence stage reads of each turn: how hostile and how repairing its findings
//! make it, with its shape (capitals, `!`) and timing. Which findings count how much is
//! the registry's to say, from the lexicon headers: a counted finding of an `attack`
//! detector adds its weight times the detector's (or category's) `[escalation] share` to
//! hostility, one of a `repair` detector to repair, and a match of an attack set aside as
//! not aimed at the listener, or as reported or quoted speech, still adds its `unaimed`
//! share ("He is such an idiot", "she called me a liar" heat the talk, though nobody
//! present is blamed).

use crate::detect::{Finding, Suppression, TurnFindings};
use crate::lexicon::Registry;
use crate::sequence::TurnSignal;
use crate::timing::TurnTiming;

/// Hostility and repair of one turn's findings.
pub fn weigh(registry: &Registry, findings: &[Finding]) -> (f32, f32) {
    let (mut hostile, mut repair) = (0.0f32, 0.0f32);
    for f in findings {
        if matches!(
            f.suppressed,
            Some(Suppression::NoSecondPerson | Suppression::ReportedSpeech)
        ) {
            hostile += f.weight * registry.get(f.detector.id()).unaimed;
        }
        if !f.counts() {
            continue;
        }
        if let Some(share) = registry.hostile_share(f.detector.id(), &f.category) {
            hostile += f.weight * share;
        } else if let Some(share) = registry.repair_share(f.detector.id(), &f.category) {
            repair += f.weight * share;
        }
    }
    (hostile, repair)
}

/// The signal of one turn: its findings weighed ([`weigh`]), its shape, and whether it
/// cuts in on another speaker (an overlap, or a `[crosstalk]` cue in a reply) or follows
/// with no gap.
pub fn turn_signal(
    registry: &Registry,
    found: &TurnFindings,
    timing: &TurnTiming,
    crosstalk: bool,
) -> TurnSignal {
    let (hostile, repair) = weigh(registry, &found.findings);
    TurnSignal {
        hostile,
        repair,
        caps_ratio: found.caps_ratio,
        exclamations: found.exclamations,
        words: found.words,
        interrupts: timing.interrupts() || (timing.reply && crosstalk),
        rapid: timing.rapid(),
        polite: found.polite,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lexicon::{Compiled, LexiconSet};
    use crate::text::Span;

    fn finding(
        r: &Registry,
        detector: &str,
        category: &str,
        suppressed: Option<Suppression>,
    ) -> Finding {
        Finding {
            detector: r.handle(r.id(detector).unwrap()),
            category: Arc::from(category),
            rule: Arc::from("x:y"),
            span: Span::new(0, 1),
            negated: false,
            suppressed,
            intensity: 1.0,
            weight: 1.0,
        }
    }

    #[test]
    fn the_built_in_headers_weigh_findings_as_escalation_expects() {
        let r = Compiled::new(LexiconSet::builtin()).unwrap().registry;
        // Naming anger is no attack (validation beside it stands) but still heats the
        // talk; blame of someone absent heats it in part; an insult aimed at nobody
        // present still heats it; a repair attempt repairs more than other validation.
        let table = [
            ("blame", "accusation", None, (1.0, 0.0)),
            ("hostility", "profanity", None, (1.0, 0.0)),
            ("hostility", "anger", None, (1.0, 0.0)),
            ("third_party_blame", "character", None, (0.4, 0.0)),
            (
                "blame",
                "character",
                Some(Suppression::NoSecondPerson),
                (0.6, 0.0),
            ),
            (
                "blame",
                "character",
                Some(Suppression::Negation),
                (0.0, 0.0),
            ),
            ("self_blame", "self_blame", None, (0.0, 0.0)),
            ("validation", "empathy", None, (0.0, 1.0)),
            ("validation", "repair", None, (0.0, 1.5)),
            ("avoidance", "refusal", None, (0.0, 0.0)),
        ];
        for (d, c, s, want) in table {
            assert_eq!(weigh(&r, &[finding(&r, d, c, s)]), want, "{d}/{c}/{s:?}");
        }
    }
}
