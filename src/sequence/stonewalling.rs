//! Stonewalling (Gottman): withdrawal from the exchange. A reply to another speaker's
//! hostile turn that is not hostile itself and comes after a long silence (at least
//! [`LONG_SILENCE_SECONDS`]), opens with a pause cue (`(pause)`, `[silence]`), or is
//! nothing but cues. Reported under the detector whose header claims the rule (the
//! built-in `avoidance`), category `stonewalling`: rule `stonewalling:long_silence` with an
//! empty span at the turn's start (the silence came before it), or
//! `stonewalling:silent_reply` on the pause cue (or the whole turn of cues).

use std::sync::Arc;

use crate::cues::{only_cues, Cue, CueKind};
use crate::detect::Finding;
use crate::lexicon::{DetectorId, Registry};
use crate::sequence::{Escalation, HOSTILE};
use crate::text::Span;
use crate::timing::{TurnTiming, LONG_SILENCE_SECONDS};

/// The stonewalling findings of a session, as `(turn, finding)`.
pub fn stonewalling_findings(
    registry: &Registry,
    (detector, weight): (DetectorId, f32),
    esc: &Escalation,
    texts: &[&str],
    cues: &[Vec<Cue>],
    timing: &[TurnTiming],
) -> Vec<(usize, Finding)> {
    let category: Arc<str> = Arc::from("stonewalling");
    let mut out = Vec::new();
    for k in 1..texts.len() {
        if !timing[k].reply || esc.hostility[k - 1] < HOSTILE || esc.hostility[k] >= HOSTILE {
            continue;
        }
        let (text, cues) = (texts[k], &cues[k]);
        let first_word = text
            .char_indices()
            .find(|&(i, c)| {
                c.is_alphanumeric() && !cues.iter().any(|q| q.span.range().contains(&i))
            })
            .map_or(text.len(), |(i, _)| i);
        let leading_pause = cues
            .iter()
            .find(|c| c.kind == CueKind::Pause && c.span.start < first_word);
        let (rule, span) = if let Some(c) = leading_pause {
            ("stonewalling:silent_reply", c.span)
        } else if only_cues(text, cues) {
            ("stonewalling:silent_reply", Span::new(0, text.len()))
        } else if timing[k].pause.is_some_and(|p| p >= LONG_SILENCE_SECONDS) {
            ("stonewalling:long_silence", Span::new(0, 0))
        } else {
            continue;
        };
        out.push((
            k,
            Finding {
                detector: registry.handle(detector),
                category: category.clone(),
                rule: rule.into(),
                span,
                negated: false,
                suppressed: None,
                intensity: 1.0,
                weight,
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cues::find_cues;

    #[test]
    fn silence_or_a_silent_reply_after_hostility_is_stonewalling() {
        let esc = |h: [f32; 2]| Escalation {
            hostility: h.to_vec(),
            ..Escalation::default()
        };
        let timed = |pause: f64| TurnTiming {
            pause: Some(pause),
            overlap: Some(0.0),
            reply: true,
        };
        let untimed = TurnTiming {
            reply: true,
            ..TurnTiming::default()
        };
        let registry = crate::lexicon::builtin_registry();
        let det = registry
            .rule(crate::lexicon::SequenceRule::Stonewalling)
            .unwrap();
        // (hostility of the two turns, the reply, its timing, the rule and span it gives)
        type Case<'a> = ([f32; 2], &'a str, TurnTiming, Option<(&'a str, &'a str)>);
        let table: [Case; 7] = [
            (
                [0.6, 0.0],
                "Fine.",
                timed(4.0),
                Some(("stonewalling:long_silence", "")),
            ),
            ([0.6, 0.0], "Fine.", timed(1.0), None),
            (
                [0.6, 0.0],
                "(pause) Fine.",
                untimed,
                Some(("stonewalling:silent_reply", "(pause)")),
            ),
            (
                [0.6, 0.0],
                "[sighs]",
                untimed,
                Some(("stonewalling:silent_reply", "[sighs]")),
            ),
            ([0.6, 0.0], "Fine (pause) okay.", untimed, None),
            ([0.1, 0.0], "(pause) Fine.", untimed, None),
            ([0.6, 0.6], "(pause) You idiot.", untimed, None),
        ];
        for (h, reply, timing, want) in table {
            let texts = ["You never listen!", reply];
            let cues = [Vec::new(), find_cues(reply)];
            let got =
                stonewalling_findings(&registry, det, &esc(h), &texts, &cues, &[untimed, timing]);
            let got = got
                .first()
                .map(|(k, f)| (*k, &*f.rule, &reply[f.span.range()]));
            assert_eq!(got, want.map(|(r, s)| (1, r, s)), "{reply:?} {h:?}");
        }
    }
}
