//! Rev JSON (the transcript format of Rev's API and exports).
//!
//! ```text
//! {"monologues": [
//!    {"speaker": 0, "speaker_name": "Therapist", "elements": [
//!        {"type": "text", "value": "How", "ts": 2.0, "end_ts": 2.3, "confidence": 1.0},
//!        {"type": "punct", "value": " "},
//!        {"type": "text", "value": "are", "ts": 2.3, "end_ts": 2.5},
//!        {"type": "punct", "value": "?"},
//!        {"type": "unknown", "value": "<inaudible>"}]}]}
//! ```
//!
//! A monologue is a run of speech by one speaker; consecutive monologues of one speaker
//! make one turn. Its text is its elements' values joined as written (Rev spells out
//! the spaces as `punct` elements); `unknown` elements such as `<inaudible>` or
//! `<laugh>` become the annotations `[inaudible]`, `[laugh]`. The speaker is
//! `speaker_name`, else `Speaker N` from the `speaker` number. The turn runs from its
//! first timed element's `ts` to its last `end_ts`.

use serde::Deserialize;

use super::asr::{de_label, de_seconds, from_json, merge, tag_as_annotation, Piece};
use super::{strip_bom, ParseError, Transcript};

/// Reads Rev JSON into one session named `source_name`.
pub fn parse_rev(source_name: &str, text: &str) -> Result<Transcript, ParseError> {
    let doc: Doc = from_json(strip_bom(text))?;
    let pieces = doc
        .monologues
        .into_iter()
        .map(|m| {
            let speaker = m
                .speaker_name
                .or_else(|| m.speaker.map(|n| format!("Speaker {n}")));
            let mut text = String::new();
            let (mut start, mut end) = (None, None);
            for e in m.elements {
                match e.kind.as_str() {
                    "unknown" | "tag" => {
                        let tag = tag_as_annotation(&e.value);
                        if !text.is_empty() && !text.ends_with(char::is_whitespace) {
                            text.push(' ');
                        }
                        text.push_str(&tag);
                    }
                    _ => text.push_str(&e.value),
                }
                if start.is_none() {
                    start = e.ts;
                }
                if e.end_ts.is_some() {
                    end = e.end_ts;
                }
            }
            Piece {
                speaker,
                text,
                start,
                end,
            }
        })
        .collect();
    Ok(Transcript::new(source_name, merge(pieces, " ")))
}

#[derive(Debug, Deserialize)]
struct Doc {
    monologues: Vec<Monologue>,
}

#[derive(Debug, Deserialize)]
struct Monologue {
    #[serde(default, deserialize_with = "de_label")]
    speaker: Option<String>,
    #[serde(default, deserialize_with = "de_label")]
    speaker_name: Option<String>,
    elements: Vec<Element>,
}

#[derive(Debug, Deserialize)]
struct Element {
    #[serde(rename = "type")]
    kind: String,
    value: String,
    #[serde(default, deserialize_with = "de_seconds")]
    ts: Option<f64>,
    #[serde(default, deserialize_with = "de_seconds")]
    end_ts: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (String, String, Option<f64>, Option<f64>);

    fn turns(text: &str) -> Vec<Row> {
        parse_rev("r.json", text)
            .unwrap()
            .turns
            .into_iter()
            .map(|t| (t.speaker, t.text, t.start, t.end))
            .collect()
    }

    #[test]
    fn monologues_become_turns() {
        let text = r#"{"monologues": [
            {"speaker": 0, "speaker_name": "Therapist", "elements": [
                {"type": "text", "value": "How", "ts": 2.0, "end_ts": 2.3, "confidence": 1.0},
                {"type": "punct", "value": " "},
                {"type": "text", "value": "are", "ts": 2.3, "end_ts": 2.5},
                {"type": "punct", "value": " "},
                {"type": "text", "value": "you", "ts": 2.5, "end_ts": 3.0},
                {"type": "punct", "value": "?"}]},
            {"speaker": 1, "elements": [
                {"type": "text", "value": "Fine", "ts": 3.5, "end_ts": 4.0},
                {"type": "punct", "value": "."},
                {"type": "unknown", "value": "<inaudible>"}]},
            {"speaker": 1, "elements": [
                {"type": "text", "value": "Really", "ts": 4.2, "end_ts": 4.6}]},
            {"speaker": 0, "elements": []}
        ]}"#;
        assert_eq!(
            turns(text),
            [
                (
                    "Therapist".into(),
                    "How are you?".into(),
                    Some(2.0),
                    Some(3.0)
                ),
                (
                    "Speaker 1".into(),
                    "Fine. [inaudible] Really".into(),
                    Some(3.5),
                    Some(4.6)
                ),
            ]
        );
    }

    #[test]
    fn errors() {
        let cases: &[(&str, &str)] = &[
            (r#"{"speakers": []}"#, "line 1: missing field `monologues`"),
            (
                "{\"monologues\": [{\"speaker\": 0, \"elements\": [\n{\"type\": \"text\", \"value\": 7}]}]}",
                "line 2: `monologues[0].elements[0].value`: invalid type: integer `7`, expected a string",
            ),
            (
                "{\"monologues\": [{\"speaker\": 0, \"elements\": [{\"type\": \"text\", \"value\": \"x\", \"ts\": -3}]}]}",
                "line 1: `monologues[0].elements[0].ts`: a time must be 0 or more seconds, found -3",
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(
                parse_rev("r", text).unwrap_err().to_string(),
                want,
                "{text}"
            );
        }
    }
}
