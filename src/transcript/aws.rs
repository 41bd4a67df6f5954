//! AWS Transcribe JSON (batch job output).
//!
//! ```text
//! {"jobName": "...", "results": {
//!    "transcripts": [{"transcript": "How was your week? Hard."}],
//!    "speaker_labels": {"speakers": 2, "segments": [
//!        {"start_time": "2.0", "end_time": "4.5", "speaker_label": "spk_0", "items": [...]}]},
//!    "items": [
//!        {"type": "pronunciation", "start_time": "2.0", "end_time": "2.3", "speaker_label": "spk_0",
//!         "alternatives": [{"confidence": "0.99", "content": "How"}]},
//!        {"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": "?"}]}]},
//!  "status": "COMPLETED"}
//! ```
//!
//! The words are `results.items`, in order; punctuation items have no times and stick
//! to the word before. A word's speaker is its own `speaker_label` (newer output), else
//! that of the `speaker_labels.segments` entry its start time falls in, else the
//! channel of `channel_labels` it belongs to; punctuation keeps the speaker of the word
//! before. Consecutive words of one speaker make one turn, from its first word's start
//! to its last word's end. Output with no items gives one turn of the whole
//! `transcripts` text.

use serde::Deserialize;

use super::asr::{de_label, de_seconds, from_json, push_token, Piece, UNKNOWN_SPEAKER};
use super::{strip_bom, ParseError, Transcript, Turn};

/// Reads AWS Transcribe JSON into one session named `source_name`.
pub fn parse_aws(source_name: &str, text: &str) -> Result<Transcript, ParseError> {
    let doc: Doc = from_json(strip_bom(text))?;
    let results = doc.results;
    let segments: Vec<(f64, f64, String)> = results
        .speaker_labels
        .map(|l| {
            l.segments
                .into_iter()
                .filter_map(|s| Some((s.start_time?, s.end_time?, s.speaker_label?)))
                .collect()
        })
        .unwrap_or_default();
    // Channel identification: (start time, channel) of each word.
    let channels: Vec<(f64, String)> = results
        .channel_labels
        .map(|c| {
            c.channels
                .into_iter()
                .filter_map(|ch| ch.channel_label.map(|l| (l, ch.items)))
                .flat_map(|(label, items)| {
                    items
                        .into_iter()
                        .filter_map(move |i| Some((i.start_time?, label.clone())))
                })
                .collect()
        })
        .unwrap_or_default();

    let mut pieces: Vec<Piece> = Vec::new();
    for item in results.items {
        let content = item
            .alternatives
            .first()
            .map(|a| a.content.as_str())
            .unwrap_or("");
        let punctuation = item.kind == "punctuation";
        let speaker = if punctuation {
            None
        } else {
            item.speaker_label.clone().or_else(|| {
                let t = item.start_time?;
                segments
                    .iter()
                    .find(|(s, e, _)| *s <= t && t <= *e)
                    .map(|(_, _, l)| l.clone())
                    .or_else(|| {
                        channels
                            .iter()
                            .find(|(s, _)| *s == t)
                            .map(|(_, l)| l.clone())
                    })
            })
        };
        let same = match (&speaker, pieces.last()) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(s), Some(last)) => last.speaker.as_ref() == Some(s),
        };
        if !same {
            pieces.push(Piece {
                speaker: Some(speaker.unwrap_or_else(|| UNKNOWN_SPEAKER.to_string())),
                ..Piece::default()
            });
        }
        if let Some(p) = pieces.last_mut() {
            push_token(&mut p.text, content, punctuation);
            if !punctuation {
                if p.start.is_none() {
                    p.start = item.start_time;
                }
                if item.end_time.is_some() {
                    p.end = item.end_time;
                }
            }
        }
    }
    let mut turns: Vec<Turn> = pieces
        .into_iter()
        .filter(|p| !p.text.is_empty())
        .map(|p| Turn {
            speaker: p.speaker.unwrap_or_else(|| UNKNOWN_SPEAKER.to_string()),
            text: p.text,
            start: p.start,
            end: p.end,
            id: None,
        })
        .collect();
    if turns.is_empty() {
        let whole: Vec<&str> = results
            .transcripts
            .iter()
            .map(|t| t.transcript.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if !whole.is_empty() {
            turns.push(Turn {
                speaker: UNKNOWN_SPEAKER.to_string(),
                text: whole.join("\n"),
                ..Turn::default()
            });
        }
    }
    Ok(Transcript::new(source_name, turns))
}

#[derive(Debug, Deserialize)]
struct Doc {
    results: Results,
}

#[derive(Debug, Deserialize)]
struct Results {
    #[serde(default)]
    transcripts: Vec<TranscriptText>,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    speaker_labels: Option<SpeakerLabels>,
    #[serde(default)]
    channel_labels: Option<ChannelLabels>,
}

#[derive(Debug, Deserialize)]
struct TranscriptText {
    transcript: String,
}

#[derive(Debug, Deserialize)]
struct Item {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "de_seconds")]
    start_time: Option<f64>,
    #[serde(default, deserialize_with = "de_seconds")]
    end_time: Option<f64>,
    #[serde(default, deserialize_with = "de_label")]
    speaker_label: Option<String>,
    alternatives: Vec<Alternative>,
}

#[derive(Debug, Deserialize)]
struct Alternative {
    content: String,
}

#[derive(Debug, Deserialize)]
struct SpeakerLabels {
    #[serde(default)]
    segments: Vec<LabelSegment>,
}

#[derive(Debug, Deserialize)]
struct LabelSegment {
    #[serde(default, deserialize_with = "de_seconds")]
    start_time: Option<f64>,
    #[serde(default, deserialize_with = "de_seconds")]
    end_time: Option<f64>,
    #[serde(default, deserialize_with = "de_label")]
    speaker_label: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ChannelLabels {
    #[serde(default)]
    channels: Vec<Channel>,
}

#[derive(Debug, Deserialize)]
struct Channel {
    #[serde(default, deserialize_with = "de_label")]
    channel_label: Option<String>,
    #[serde(default)]
    items: Vec<ChannelItem>,
}

#[derive(Debug, Deserialize)]
struct ChannelItem {
    #[serde(default, deserialize_with = "de_seconds")]
    start_time: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (String, String, Option<f64>, Option<f64>);

    fn turns(text: &str) -> Vec<Row> {
        parse_aws("a.json", text)
            .unwrap()
            .turns
            .into_iter()
            .map(|t| (t.speaker, t.text, t.start, t.end))
            .collect()
    }

    fn row(s: &str, x: &str, a: Option<f64>, b: Option<f64>) -> Row {
        (s.into(), x.into(), a, b)
    }

    fn word(w: &str, a: &str, b: &str, spk: Option<&str>) -> String {
        let spk = spk.map_or(String::new(), |s| format!(r#", "speaker_label": "{s}""#));
        format!(
            r#"{{"type": "pronunciation", "start_time": "{a}", "end_time": "{b}"{spk}, "alternatives": [{{"confidence": "0.9", "content": "{w}"}}]}}"#
        )
    }

    fn punct(p: &str) -> String {
        format!(
            r#"{{"type": "punctuation", "alternatives": [{{"confidence": "0.0", "content": "{p}"}}]}}"#
        )
    }

    #[test]
    fn speaker_labels_on_items() {
        let items = [
            word("How", "2.0", "2.2", Some("spk_0")),
            word("are", "2.2", "2.4", Some("spk_0")),
            word("you", "2.4", "3.0", Some("spk_0")),
            punct("?"),
            word("Fine", "3.5", "4.0", Some("spk_1")),
            punct("."),
            word("Thanks", "4.1", "4.5", Some("spk_1")),
            punct("."),
        ]
        .join(",");
        let text = format!(
            r#"{{"jobName": "j", "accountId": "1", "status": "COMPLETED", "results": {{"transcripts": [{{"transcript": "x"}}], "items": [{items}]}}}}"#
        );
        assert_eq!(
            turns(&text),
            [
                row("spk_0", "How are you?", Some(2.0), Some(3.0)),
                row("spk_1", "Fine. Thanks.", Some(3.5), Some(4.5)),
            ]
        );
    }

    #[test]
    fn speakers_from_label_segments_and_channels() {
        let items = [
            word("Hi", "0.5", "0.9", None),
            punct(","),
            word("you", "1.0", "1.2", None),
            word("Yo", "2.0", "2.5", None),
        ]
        .join(",");
        let text = format!(
            r#"{{"results": {{"items": [{items}], "speaker_labels": {{"speakers": 2, "segments": [
                {{"start_time": "0.5", "end_time": "1.2", "speaker_label": "spk_0", "items": []}},
                {{"start_time": "2.0", "end_time": "2.5", "speaker_label": "spk_1", "items": []}}]}}}}}}"#
        );
        assert_eq!(
            turns(&text),
            [
                row("spk_0", "Hi, you", Some(0.5), Some(1.2)),
                row("spk_1", "Yo", Some(2.0), Some(2.5)),
            ]
        );
        let text = format!(
            r#"{{"results": {{"items": [{items}], "channel_labels": {{"number_of_channels": 2, "channels": [
                {{"channel_label": "ch_0", "items": [{{"start_time": "0.5"}}, {{"start_time": "1.0"}}]}},
                {{"channel_label": "ch_1", "items": [{{"start_time": "2.0"}}]}}]}}}}}}"#
        );
        assert_eq!(
            turns(&text),
            [
                row("ch_0", "Hi, you", Some(0.5), Some(1.2)),
                row("ch_1", "Yo", Some(2.0), Some(2.5)),
            ]
        );
    }

    #[test]
    fn no_items_gives_the_transcript() {
        let text = r#"{"results": {"transcripts": [{"transcript": "Hello there."}], "items": []}}"#;
        assert_eq!(turns(text), [row("Unknown", "Hello there.", None, None)]);
    }

    #[test]
    fn errors() {
        let cases: &[(&str, &str)] = &[
            (r#"{"jobName": "x"}"#, "line 1: missing field `results`"),
            (
                "{\"results\": {\"items\": [\n{\"type\": \"pronunciation\", \"start_time\": \"abc\", \"alternatives\": []}]}}",
                "line 2: `results.items[0].start_time`: invalid value: string \"abc\", expected a time in seconds (a number or a numeric string) or null",
            ),
            (
                "{\"results\": {\"items\": [{\"type\": \"pronunciation\"}]}}",
                "line 1: `results.items[0]`: missing field `alternatives`",
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(
                parse_aws("a", text).unwrap_err().to_string(),
                want,
                "{text}"
            );
        }
    }
}
