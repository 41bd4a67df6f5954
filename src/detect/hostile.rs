//! Hostile context: validation said in the same breath as an attack on the listener ("you
//! sound demented", "I understand you're an idiot") is sarcasm or contempt, not
//! validation. Which findings attack the listener is the registry's to say (an `attack`
//! detector, unless its header or category says `listener = false`, or a word said as an
//! exclamation of its own where its category allows: "Damn, that's rough.").

use super::{Finding, Suppression};
use crate::lexicon::{Registry, Role};

/// The sentences (by their first word) that hold a counted attack on the listener.
#[derive(Debug, Default)]
pub(crate) struct Sentences(Vec<usize>);

impl Sentences {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn contains(&self, sentence: usize) -> bool {
        self.0.binary_search(&sentence).is_ok()
    }
}

/// Sets aside counted `repair` findings in a sentence that attacks the listener, as
/// `hostile_context`; returns those sentences. `sentence_of[i]` and `exclaimed[i]` are
/// finding `i`'s sentence and whether it was said as an exclamation of its own.
pub(crate) fn set_aside_validation(
    registry: &Registry,
    findings: &mut [Finding],
    sentence_of: &[usize],
    exclaimed: &[bool],
) -> Sentences {
    let mut hostile: Vec<usize> = findings
        .iter()
        .zip(sentence_of)
        .zip(exclaimed)
        .filter(|((f, _), &exclaimed)| {
            f.counts() && registry.attacks_listener(f.detector.id(), &f.category, exclaimed)
        })
        .map(|((_, s), _)| *s)
        .collect();
    hostile.sort_unstable();
    hostile.dedup();
    let hostile = Sentences(hostile);
    if !hostile.is_empty() {
        for (f, &s) in findings.iter_mut().zip(sentence_of) {
            if f.counts()
                && registry.get(f.detector.id()).role == Role::Repair
                && hostile.contains(s)
            {
                f.suppressed = Some(Suppression::HostileContext);
            }
        }
    }
    hostile
}

#[cfg(test)]
mod tests {
    use crate::Engine;

    /// (turn, whether validation counts in it)
    const TABLE: [(&str, bool); 6] = [
        ("I understand you're an idiot.", false),
        ("You sound demented, I hear you.", false),
        ("I understand. You're an idiot though.", true),
        ("Damn, that's rough. I'm so sorry.", true),
        ("I'm sorry you hate feeling stuck.", true),
        ("I hear you. It's his fault, the jerk.", true),
    ];

    #[test]
    fn validation_beside_an_attack_on_the_listener_does_not_count() {
        let engine = Engine::new();
        for (text, counts) in TABLE {
            let found = engine.detect(text, false);
            let validation = found
                .iter()
                .any(|f| f.counts() && &*f.detector == "validation");
            assert_eq!(validation, counts, "{text}: {found:#?}");
        }
    }
}
