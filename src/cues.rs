//! Non-verbal cues written into transcripts: `[sighs]`, `(laughs)`, `[crosstalk]`,
//! `[inaudible]`, `(pause)`, a line that trails off with `...`.
//!
//! Transcribers write what is not speech between brackets; speech recognisers write
//! tags the readers turn into the same form. [`find_cues`] finds them with their spans
//! in the turn's original text, and [`mask`] blanks them out (same byte length, so
//! every offset still points into the original) before the lexicons look at the text:
//! "(laughs)" is not a word the speaker said, and `[INAUDIBLE]` is not shouting.
//!
//! What counts as a cue:
//! - `[...]` holding at most [`MAX_CUE_WORDS`] words: always a cue, of a known kind
//!   when its words say so, else `annotation` (`[redacted]`, `[00:01:02]`, `[music]`);
//! - `(...)` and `<...>`: only when the words name a known kind, since parentheses
//!   also hold speech ("(I mean, really)"); `(.)`, `(..)`, `(2.5)` are pauses;
//! - `...` or `…` ending a line of the turn: `trailing_off`.

use std::borrow::Cow;

use crate::text::Span;

/// Most words inside brackets for them to be a cue.
pub const MAX_CUE_WORDS: usize = 5;
/// Longest bracketed cue, in bytes including the brackets.
const MAX_CUE_BYTES: usize = 60;

/// What a cue says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CueKind {
    /// `[laughs]`, `(laughter)`, `[chuckles]`.
    Laughter,
    /// `[sighs]`, `(exhales)`.
    Sigh,
    /// `(crying)`, `[sobbing]`, `[tearful]`.
    Crying,
    /// `[crosstalk]`, `[overlapping]`, `[interrupts]`: speakers talking over each other.
    Crosstalk,
    /// `[inaudible]`, `[unintelligible]`, `[indistinct]`.
    Inaudible,
    /// `(pause)`, `[long pause]`, `[silence]`, `(no response)`, `(.)`, `(2.5)`.
    Pause,
    /// A line that ends in `...` or `…`.
    TrailingOff,
    /// Other non-verbal behaviour: `[coughs]`, `[clears throat]`, `[scoffs]`, `[yelling]`.
    Nonverbal,
    /// Any other square-bracketed note: `[redacted]`, `[music]`, a time.
    Annotation,
}

impl CueKind {
    /// The name used in the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            CueKind::Laughter => "laughter",
            CueKind::Sigh => "sigh",
            CueKind::Crying => "crying",
            CueKind::Crosstalk => "crosstalk",
            CueKind::Inaudible => "inaudible",
            CueKind::Pause => "pause",
            CueKind::TrailingOff => "trailing_off",
            CueKind::Nonverbal => "nonverbal",
            CueKind::Annotation => "annotation",
        }
    }
}

/// One cue in a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// What it says happened.
    pub kind: CueKind,
    /// Where, in bytes of the turn's original text, brackets included.
    pub span: Span,
}

/// Words naming each kind, checked in order on the cue's words (lower case); a
/// two-word entry matches two consecutive words.
const KEYWORDS: &[(CueKind, &[&str])] = &[
    (
        CueKind::Crosstalk,
        &[
            "crosstalk",
            "cross-talk",
            "cross talk",
            "overlapping",
            "overlap",
            "overlaps",
            "talking over",
            "talks over",
            "interrupts",
            "interrupting",
            "interruption",
            "interrupted",
            "simultaneous",
            "both talking",
        ],
    ),
    (
        CueKind::Inaudible,
        &[
            "inaudible",
            "unintelligible",
            "indistinct",
            "indiscernible",
            "incomprehensible",
            "unclear",
        ],
    ),
    (
        CueKind::Crying,
        &[
            "crying",
            "cries",
            "cry",
            "sobbing",
            "sobs",
            "sob",
            "tearful",
            "tears",
            "weeping",
            "weeps",
            "sniffling",
            "sniffles",
        ],
    ),
    (
        CueKind::Laughter,
        &[
            "laughs",
            "laugh",
            "laughing",
            "laughter",
            "laughed",
            "chuckles",
            "chuckle",
            "chuckling",
            "giggles",
            "giggling",
        ],
    ),
    (
        CueKind::Sigh,
        &["sighs", "sigh", "sighing", "sighed", "exhales", "exhale"],
    ),
    (
        CueKind::Pause,
        &[
            "pause",
            "pauses",
            "paused",
            "pausing",
            "silence",
            "silent",
            "no response",
            "no answer",
            "no reply",
            "long beat",
            "beat",
        ],
    ),
    (
        CueKind::Nonverbal,
        &[
            "coughs",
            "cough",
            "coughing",
            "clears throat",
            "throat clearing",
            "sniffs",
            "groans",
            "groan",
            "scoffs",
            "scoff",
            "snorts",
            "gasps",
            "whispers",
            "whispering",
            "mumbles",
            "mumbling",
            "mutters",
            "muttering",
            "yells",
            "yelling",
            "shouts",
            "shouting",
            "raised voice",
            "raises voice",
            "nods",
            "shrugs",
            "shakes head",
            "rolls eyes",
            "eye roll",
            "smiles",
            "frowns",
            "slams",
            "claps",
        ],
    ),
];

/// The cues in `text`, in order, not overlapping.
pub fn find_cues(text: &str) -> Vec<Cue> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // From one opening bracket to the next (memchr: most turns have none).
    while let Some(at) = memchr::memchr3(b'[', b'(', b'<', &bytes[i..]) {
        i += at;
        let close = match bytes[i] {
            b'[' => b']',
            b'(' => b')',
            _ => b'>',
        };
        let window = &bytes[i + 1..bytes.len().min(i + MAX_CUE_BYTES)];
        let Some(len) = window.iter().position(|&b| b == close) else {
            i += 1;
            continue;
        };
        let inner = &text[i + 1..i + 1 + len];
        let square = bytes[i] == b'[';
        if let Some(kind) = classify(inner, square) {
            let end = i + len + 2;
            out.push(Cue {
                kind,
                span: Span::new(i, end),
            });
            i = end;
        } else {
            i += 1;
        }
    }
    // Only a line ending in "..." or "…" trails off.
    if memchr::memmem::find(bytes, b"...").is_some() || text.contains('…') {
        trailing_offs(text, &mut out);
    }
    out
}

/// The kind of a bracketed note, or `None` when it is not a cue.
fn classify(inner: &str, square: bool) -> Option<CueKind> {
    let inner = inner.trim();
    if inner.is_empty() || inner.contains(['[', ']', '(', ')', '<', '>', '\n']) {
        return None;
    }
    // CHAT-style pauses: (.) (..) (...) and timed (2.5), (1:02.5), (3s).
    let timed = inner.trim_end_matches(['s', 'S']).trim_end();
    if !square
        && !timed.is_empty()
        && timed
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b':')
        && (timed.contains('.') || inner.len() > timed.len())
    {
        return Some(CueKind::Pause);
    }
    let lower = inner.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > MAX_CUE_WORDS {
        return None;
    }
    for (k, w) in words.iter().enumerate() {
        for (kind, keys) in KEYWORDS {
            let hit = keys.iter().any(|key| match key.split_once(' ') {
                Some((a, b)) => *w == a && words.get(k + 1) == Some(&b),
                None => w == key,
            });
            if hit {
                return Some(*kind);
            }
        }
    }
    square.then_some(CueKind::Annotation)
}

/// `...` or `…` at the end of a line of the turn (before closing quotes).
fn trailing_offs(text: &str, out: &mut Vec<Cue>) {
    // The bracketed cues, in order and not overlapping: only the last one starting at or
    // before a trailing-off can cover it (a binary search, not a walk of every cue for
    // every line of a long turn).
    let bracketed = out.len();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        let core = body.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}']);
        let dots = if core.ends_with('…') {
            Some(core.len() - '…'.len_utf8())
        } else if core.ends_with("...") {
            Some(core.trim_end_matches('.').len())
        } else {
            None
        };
        if let Some(at) = dots {
            let span = Span::new(line_start + at, line_start + core.len());
            // A bracketed cue already covering it (`[...]`, `(...)`) wins.
            let before = out[..bracketed].partition_point(|c| c.span.start <= span.start);
            let covered = before > 0 && span.end <= out[before - 1].span.end;
            if !covered {
                out.push(Cue {
                    kind: CueKind::TrailingOff,
                    span,
                });
            }
        }
        line_start += line.len();
    }
    out.sort_by_key(|c| c.span.start);
}

/// `text` with every cue's bytes replaced by spaces: the same length, so spans found in
/// it are spans of `text`. Borrowed when there is nothing to mask.
pub fn mask<'a>(text: &'a str, cues: &[Cue]) -> Cow<'a, str> {
    if cues.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for c in cues {
        bytes[c.span.range()].iter_mut().for_each(|b| *b = b' ');
    }
    // Whole characters were replaced by ASCII spaces, so this is still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

/// Whether a turn is silence: it has cues and, once they are masked, no letters or digits.
pub fn only_cues(text: &str, cues: &[Cue]) -> bool {
    !cues.is_empty() && !mask(text, cues).chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&'static str, &str)> {
        find_cues(text)
            .into_iter()
            .map(|c| (c.kind.name(), &text[c.span.range()]))
            .collect()
    }

    #[test]
    fn finds_typed_cues_with_spans() {
        assert_eq!(
            kinds("I just [sighs] don't know (laughs). [CROSSTALK] Wait [inaudible 00:01:02] (long pause) ok..."),
            [
                ("sigh", "[sighs]"),
                ("laughter", "(laughs)"),
                ("crosstalk", "[CROSSTALK]"),
                ("inaudible", "[inaudible 00:01:02]"),
                ("pause", "(long pause)"),
                ("trailing_off", "..."),
            ]
        );
        assert_eq!(
            kinds(
                "(crying) <laughter> [clears throat] [Redacted] (.) (2.5) [silence] (no response)"
            ),
            [
                ("crying", "(crying)"),
                ("laughter", "<laughter>"),
                ("nonverbal", "[clears throat]"),
                ("annotation", "[Redacted]"),
                ("pause", "(.)"),
                ("pause", "(2.5)"),
                ("pause", "[silence]"),
                ("pause", "(no response)"),
            ]
        );
    }

    #[test]
    fn speech_in_brackets_is_not_a_cue() {
        for text in [
            "(I mean, really)",
            "it was fine (mostly)",
            "[this is a long note that goes on well past five words]",
            "a < b and c > d",
            "1 (2) 3",
            "unclosed [sighs",
            "I said... and then",
            "[]",
        ] {
            assert_eq!(kinds(text), [], "{text:?}");
        }
    }

    #[test]
    fn trailing_off_at_line_ends() {
        assert_eq!(
            kinds("I thought…\nmaybe we could...\" \nno"),
            [("trailing_off", "…"), ("trailing_off", "...")]
        );
        assert_eq!(kinds("well (...)"), [("pause", "(...)")]);
        assert_eq!(kinds("[...]"), [("annotation", "[...]")]);
    }

    #[test]
    fn masking_keeps_offsets() {
        let text = "Zoë [soupire] your fault…";
        let cues = find_cues(text);
        let masked = mask(text, &cues);
        assert_eq!(masked.len(), text.len());
        assert_eq!(
            masked,
            format!("Zoë {} your fault   ", " ".repeat("[soupire]".len()))
        );
        assert!(only_cues("[silence] ...", &find_cues("[silence] ...")));
        assert!(!only_cues("[sighs] fine", &find_cues("[sighs] fine")));
        assert!(!only_cues("fine", &[]));
        assert!(matches!(mask("x", &[]), Cow::Borrowed("x")));
    }
}
