//! Whisper and WhisperX JSON.
//!
//! ```text
//! {"text": "...", "language": "en",
//!  "segments": [{"start": 2.0, "end": 4.5, "text": " How was your week?",
//!                "speaker": "SPEAKER_00",
//!                "words": [{"word": "How", "start": 2.0, "end": 2.2, "speaker": "SPEAKER_00"}]}]}
//! ```
//!
//! Each segment's `text` (trimmed) is its speech, from `start` to `end`. The speaker is
//! the segment's `speaker` (WhisperX after diarisation), else the speaker of most of
//! its `words`, else the speaker of the segment before. When some segment has a
//! speaker, consecutive segments of one speaker merge into one turn; plain Whisper
//! output has none, and then every segment is a turn of `Unknown`. A bare array of
//! segments is read too. Other fields (`tokens`, `avg_logprob`, `word_segments`, ...)
//! are ignored.

use serde::de::Error as _;
use serde::Deserialize;

use super::asr::{check_span, de_label, de_seconds, from_json, merge, Piece, UNKNOWN_SPEAKER};
use super::{strip_bom, ParseError, Transcript, Turn};

/// Reads Whisper or WhisperX JSON into one session named `source_name`.
pub fn parse_whisper(source_name: &str, text: &str) -> Result<Transcript, ParseError> {
    let text = strip_bom(text);
    let segments = if text.trim_start().starts_with('[') {
        from_json::<Vec<Segment>>(text)?
    } else {
        from_json::<Doc>(text)?.segments
    };
    let diarised = segments.iter().any(|s| s.speaker().is_some());
    let turns = if diarised {
        let pieces = segments
            .into_iter()
            .map(|s| Piece {
                speaker: s.speaker(),
                text: s.text,
                start: s.start,
                end: s.end,
            })
            .collect();
        merge(pieces, " ")
    } else {
        segments
            .into_iter()
            .filter(|s| !s.text.trim().is_empty())
            .map(|s| Turn {
                speaker: UNKNOWN_SPEAKER.to_string(),
                text: s.text.trim().to_string(),
                start: s.start,
                end: s.end,
                id: None,
            })
            .collect()
    };
    Ok(Transcript::new(source_name, turns))
}

#[derive(Debug, Deserialize)]
struct Doc {
    segments: Vec<Segment>,
}

#[derive(Debug, Deserialize)]
#[serde(try_from = "RawSegment")]
struct Segment {
    start: Option<f64>,
    end: Option<f64>,
    text: String,
    speaker: Option<String>,
    words: Vec<Word>,
}

impl Segment {
    /// The segment's speaker, else the one most of its words have (the first on a tie).
    fn speaker(&self) -> Option<String> {
        if self.speaker.is_some() {
            return self.speaker.clone();
        }
        // In order of first appearance (for the tie), found by hash.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        let mut at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        for w in &self.words {
            if let Some(s) = w.speaker.as_deref() {
                let i = *at.entry(s).or_insert_with(|| {
                    counts.push((s, 0));
                    counts.len() - 1
                });
                counts[i].1 += 1;
            }
        }
        let best = counts.iter().map(|c| c.1).max()?;
        counts.iter().find(|c| c.1 == best).map(|c| c.0.to_string())
    }
}

#[derive(Debug, Deserialize)]
struct RawSegment {
    #[serde(default, deserialize_with = "de_seconds")]
    start: Option<f64>,
    #[serde(default, deserialize_with = "de_seconds")]
    end: Option<f64>,
    text: String,
    #[serde(default, deserialize_with = "de_label")]
    speaker: Option<String>,
    #[serde(default)]
    words: Vec<Word>,
}

impl TryFrom<RawSegment> for Segment {
    type Error = serde_json::Error;

    fn try_from(r: RawSegment) -> Result<Self, Self::Error> {
        check_span::<serde_json::Error>(r.start, r.end)
            .map_err(|e| serde_json::Error::custom(format!("segment {e}")))?;
        Ok(Segment {
            start: r.start,
            end: r.end,
            text: r.text,
            speaker: r.speaker,
            words: r.words,
        })
    }
}

#[derive(Debug, Deserialize)]
struct Word {
    #[serde(default, deserialize_with = "de_label")]
    speaker: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(text: &str) -> Vec<(String, String, Option<f64>, Option<f64>)> {
        parse_whisper("w.json", text)
            .unwrap()
            .turns
            .into_iter()
            .map(|t| (t.speaker, t.text, t.start, t.end))
            .collect()
    }

    fn t(s: &str, x: &str, a: f64, b: f64) -> (String, String, Option<f64>, Option<f64>) {
        (s.into(), x.into(), Some(a), Some(b))
    }

    #[test]
    fn plain_whisper_one_turn_a_segment() {
        let text = r#"{"text": " Hi. Hello.", "language": "en", "segments": [
            {"id": 0, "seek": 0, "start": 0.0, "end": 1.5, "text": " Hi.", "tokens": [1, 2], "avg_logprob": -0.2},
            {"id": 1, "seek": 0, "start": 1.5, "end": 3.0, "text": " Hello.", "words": [{"word": " Hello.", "start": 1.5, "end": 3.0, "probability": 0.9}]},
            {"id": 2, "start": 3.0, "end": 3.0, "text": "  "}]}"#;
        assert_eq!(
            turns(text),
            [
                t("Unknown", "Hi.", 0.0, 1.5),
                t("Unknown", "Hello.", 1.5, 3.0)
            ]
        );
    }

    #[test]
    fn whisperx_speakers_merge_and_words_vote() {
        let text = r#"{"segments": [
            {"start": 2, "end": 3, "text": " How was", "speaker": "SPEAKER_00"},
            {"start": 3, "end": 4.5, "text": "your week?", "speaker": "SPEAKER_00"},
            {"start": 5, "end": 6, "text": "Hard.", "words": [
                {"word": "Hard.", "start": 5, "end": 6, "speaker": "SPEAKER_01"}]},
            {"start": 6, "end": 7, "text": "Really hard.", "words": [{"word": "Really"}]},
            {"start": 8, "end": 9, "text": "I see.", "speaker": "SPEAKER_00"}
        ], "word_segments": []}"#;
        assert_eq!(
            turns(text),
            [
                t("SPEAKER_00", "How was your week?", 2.0, 4.5),
                t("SPEAKER_01", "Hard. Really hard.", 5.0, 7.0),
                t("SPEAKER_00", "I see.", 8.0, 9.0),
            ]
        );
    }

    #[test]
    fn bare_segment_array() {
        assert_eq!(
            turns(r#"[{"start": 1, "end": 2, "text": "Hi", "speaker": "A"}]"#),
            [t("A", "Hi", 1.0, 2.0)]
        );
    }

    #[test]
    fn errors() {
        let cases: &[(&str, &str)] = &[
            (r#"{"text": "x"}"#, "line 1: missing field `segments`"),
            (
                "{\"segments\": [\n{\"start\": 1, \"end\": 2, \"text\": 5}]}",
                "line 2: `segments[0].text`: invalid type: integer `5`, expected a string",
            ),
            (
                "{\"segments\": [\n{\"start\": 3, \"end\": 2, \"text\": \"x\"},\n{\"text\": \"y\"}]}",
                "line 2: `segments[0]`: segment ends at 2 s, before it starts at 3 s",
            ),
            (
                "{\"segments\": [{\"start\": \"x\", \"text\": \"x\"}]}",
                "line 1: `segments[0].start`: invalid value: string \"x\", expected a time in seconds (a number or a numeric string) or null",
            ),
            ("{\"segments\": [", "line 1: invalid JSON: EOF while parsing a list at column 14"),
        ];
        for &(text, want) in cases {
            assert_eq!(
                parse_whisper("w", text).unwrap_err().to_string(),
                want,
                "{text}"
            );
        }
    }
}
