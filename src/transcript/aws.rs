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
    let segments = Segments::new(
        results
            .speaker_labels
            .map(|l| {
                l.segments
                    .into_iter()
                    .filter_map(|s| Some((s.start_time?, s.end_time?, s.speaker_label?)))
                    .collect()
            })
            .unwrap_or_default(),
    );
    // Channel identification: (start time, channel) of each word.
    let channels = Channels::new(
        results
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
            .unwrap_or_default(),
    );

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
                    .find(t)
                    .or_else(|| channels.find(t))
                    .map(str::to_string)
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

/// The speaker segments of `speaker_labels`, `(start, end, label)` in file order. A word
/// belongs to the first segment (in file order) whose times hold its start. Segments
/// come in time order, each ending before the next starts, in every file seen: then a
/// binary search finds it; otherwise each word walks them all, as before (a long
/// recording has thousands of segments, and a word walking them all made reading it
/// quadratic).
struct Segments {
    list: Vec<(f64, f64, String)>,
    ordered: bool,
}

impl Segments {
    fn new(list: Vec<(f64, f64, String)>) -> Segments {
        let ordered =
            list.iter().all(|(s, e, _)| s <= e) && list.windows(2).all(|w| w[0].1 <= w[1].0);
        Segments { list, ordered }
    }

    fn find(&self, t: f64) -> Option<&str> {
        let holds = |(s, e, _): &&(f64, f64, String)| *s <= t && t <= *e;
        let found = if self.ordered {
            // Ends rise with the segments: every segment before the first one that ends
            // at or after `t` ends before `t`, and when that one starts after `t`, so
            // does every one after it.
            let first = self.list.partition_point(|(_, e, _)| *e < t);
            self.list.get(first).filter(holds)
        } else {
            self.list.iter().find(holds)
        };
        found.map(|(_, _, l)| l.as_str())
    }
}

/// Channel identification: each word's (start time, channel), looked up by the exact
/// start time, the first in file order winning.
struct Channels(rustc_hash::FxHashMap<u64, String>);

impl Channels {
    fn new(list: Vec<(f64, String)>) -> Channels {
        let mut map = rustc_hash::FxHashMap::default();
        for (t, label) in list {
            if !t.is_nan() {
                // `+ 0.0` makes -0 into 0, which `==` takes for the same time.
                map.entry((t + 0.0).to_bits()).or_insert(label);
            }
        }
        Channels(map)
    }

    fn find(&self, t: f64) -> Option<&str> {
        if t.is_nan() {
            return None;
        }
        self.0.get(&(t + 0.0).to_bits()).map(String::as_str)
    }
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

    #[test]
    fn a_word_takes_the_first_segment_holding_its_start() {
        let list = || {
            [(0.0, 1.0), (1.0, 1.0), (1.0, 2.0), (3.0, 4.0)]
                .iter()
                .enumerate()
                .map(|(i, &(s, e))| (s, e, format!("spk_{i}")))
                .collect::<Vec<_>>()
        };
        let ordered = Segments::new(list());
        assert!(ordered.ordered);
        let walked = Segments {
            list: list(),
            ordered: false,
        };
        for t in [-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, f64::NAN] {
            assert_eq!(ordered.find(t), walked.find(t), "{t}");
        }
        assert_eq!(ordered.find(1.0), Some("spk_0"));
        assert_eq!(ordered.find(2.5), None);
        let channels = Channels::new(vec![
            (0.0, "a".into()),
            (-0.0, "b".into()),
            (2.0, "c".into()),
        ]);
        assert_eq!(channels.find(-0.0), Some("a"));
        assert_eq!(channels.find(2.0), Some("c"));
        assert_eq!(channels.find(f64::NAN), None);
    }
}
