//! Guessing a transcript's format from its file name and its content.
//!
//! Content decides where it is unambiguous (a `WEBVTT` header, a CHAT `@UTF8` or
//! `@Begin`, the keys of a JSON document, an Otter `Name  M:SS` heading, SRT cue
//! numbering); the extension decides otherwise; plain text is the fallback. Only the
//! start of the text is looked at: the first JSON value's keys (and the keys of its
//! object members, so `results.items` is seen), or the first few lines.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::otter::is_heading;
use super::{strip_bom, Format};

/// How many non-blank lines of a text file are looked at for an Otter heading.
const OTTER_LOOKAHEAD: usize = 3;

pub(super) fn detect(file_name: Option<&str>, text: &str) -> Format {
    let head = strip_bom(text).trim_start();
    let ext = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    if head.starts_with("WEBVTT") {
        return Format::Vtt;
    }
    if head.starts_with("@UTF8") || head.starts_with("@Begin") {
        return Format::Chat;
    }
    // A JSON object per line, or one array of them (`[` then `{`, unlike a `[00:01]` time).
    let array_of_objects = head
        .strip_prefix('[')
        .is_some_and(|rest| rest.trim_start().starts_with('{'));
    if head.starts_with('{') || array_of_objects {
        return detect_json(head).unwrap_or(match ext.as_deref() {
            Some("json") => Format::Whisper,
            _ => Format::Convokit,
        });
    }
    match ext.as_deref() {
        Some("vtt") => return Format::Vtt,
        Some("srt") => return Format::Srt,
        Some("cha") => return Format::Chat,
        Some("jsonl") | Some("json") => return Format::Convokit,
        _ => {}
    }
    if looks_like_srt(head) {
        Format::Srt
    } else if looks_like_otter(head) {
        Format::Otter
    } else {
        Format::Plain
    }
}

/// The JSON format named by the keys of the first JSON value of `text`, if any.
fn detect_json(text: &str) -> Option<Format> {
    // Session lines, including a ConvoKit conversation a line (`turnscope stream`'s input).
    if super::sessions_jsonl::looks_like_sessions(text) {
        return Some(Format::Sessions);
    }
    let keys = json_keys(text);
    let has = |k: &str| keys.iter().any(|x| x == k);
    if has("turns") {
        Some(Format::Sessions)
    } else if has("monologues") {
        Some(Format::Rev)
    } else if has("results.items") || has("results.speaker_labels") || has("results.transcripts") {
        Some(Format::Aws)
    } else if has("segments") || has("word_segments") {
        Some(Format::Whisper)
    } else if has("conversation_id") || has("reply_to") || has("root") {
        Some(Format::Convokit)
    } else if has("id") && has("text") {
        // A ConvoKit utterance that names no conversation.
        Some(Format::Convokit)
    } else {
        None
    }
}

/// The keys of the first JSON object in `text` (for an array, of its first element),
/// plus `parent.child` for the keys of object members. Reading stops at the first
/// error, keeping the keys seen so far: a file cut off after its opening still says
/// what it is.
pub(super) fn json_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = KeySeed {
        out: &mut keys,
        prefix: None,
        top: true,
    }
    .deserialize(&mut de);
    keys
}

struct KeySeed<'a> {
    out: &'a mut Vec<String>,
    /// The member this object is the value of; `None` at the top.
    prefix: Option<String>,
    /// At the top level, an array stands for its first element.
    top: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match &self.prefix {
                None => {
                    self.out.push(key.clone());
                    map.next_value_seed(KeySeed {
                        out: &mut *self.out,
                        prefix: Some(key),
                        top: false,
                    })?;
                }
                Some(p) => {
                    self.out.push(format!("{p}.{key}"));
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.top {
            seq.next_element_seed(KeySeed {
                out: self.out,
                prefix: None,
                top: false,
            })?;
            // The first element is all detection needs: stop reading here.
            return Err(de::Error::custom("enough"));
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim);
    let first = lines.next().unwrap_or("");
    let second = lines.next().unwrap_or("");
    !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) && second.contains("-->")
}

/// An Otter heading (`Name  M:SS`) among the first few non-blank lines, followed by a
/// line of text that is not itself a heading.
fn looks_like_otter(head: &str) -> bool {
    let lines: Vec<&str> = head
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(OTTER_LOOKAHEAD + 1)
        .collect();
    lines
        .windows(2)
        .take(OTTER_LOOKAHEAD)
        .any(|w| is_heading(w[0]).is_some() && is_heading(w[1]).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_content() {
        let cases: &[(&str, Format)] = &[
            (
                "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nA: hi",
                Format::Vtt,
            ),
            ("\u{feff}WEBVTT\r\n", Format::Vtt),
            ("@UTF8\n@Begin\n", Format::Chat),
            ("@Begin\n*CHI:\thi .\n", Format::Chat),
            ("1\n00:00:01,000 --> 00:00:02,000\nA: hi", Format::Srt),
            (
                "Speaker 1  0:00\nHello there.\n\nSpeaker 2  0:04\nHi.",
                Format::Otter,
            ),
            ("Weekly check-in\nAna  1:02:03\nHello.", Format::Otter),
            ("Ana: hi\nBen: hello", Format::Plain),
            ("[00:00:01] Ana: hi", Format::Plain),
            ("Ana 0:01\nBen 0:02\n", Format::Plain),
            (
                r#"{"id": "u1", "conversation_id": "c", "text": "hi"}"#,
                Format::Convokit,
            ),
            (
                r#"{"id": "u1", "reply_to": null, "text": "hi"}"#,
                Format::Convokit,
            ),
            (
                r#"[{"id": "u1", "root": "u1", "text": "hi"}]"#,
                Format::Convokit,
            ),
            (
                r#"{"id": "s1", "turns": [{"speaker": "A", "text": "hi"}]}"#,
                Format::Sessions,
            ),
            (
                r#"{"text": " hi", "segments": [{"start": 0, "end": 1, "text": " hi"}], "language": "en"}"#,
                Format::Whisper,
            ),
            (r#"{"word_segments": [], "segments": []}"#, Format::Whisper),
            (
                r#"{"jobName": "j", "results": {"transcripts": [], "items": []}}"#,
                Format::Aws,
            ),
            (
                r#"{"monologues": [{"speaker": 0, "elements": []}]}"#,
                Format::Rev,
            ),
            // Cut off after the telling key: still recognised.
            (r#"{"monologues": [{"speaker": 0, "elem"#, Format::Rev),
            (
                "{\"results\": {\"items\": [{\"start_time\": \"0.1\"",
                Format::Aws,
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(detect(None, text), want, "{text:?}");
        }
    }

    #[test]
    fn by_extension_where_content_is_not_telling() {
        assert_eq!(detect(Some("a.cha"), "*CHI:\thi .\n"), Format::Chat);
        assert_eq!(detect(Some("a.vtt"), "00:00:01.000 --> x"), Format::Vtt);
        assert_eq!(detect(Some("a.srt"), "x"), Format::Srt);
        assert_eq!(detect(Some("a.json"), r#"{"a": 1}"#), Format::Whisper);
        assert_eq!(detect(Some("a.jsonl"), r#"{"a": 1}"#), Format::Convokit);
        assert_eq!(detect(Some("a.jsonl"), "not json"), Format::Convokit);
        // Content wins over a misleading extension.
        assert_eq!(detect(Some("a.txt"), "WEBVTT\n"), Format::Vtt);
        assert_eq!(
            detect(Some("a.jsonl"), r#"{"id": "s", "turns": []}"#),
            Format::Sessions
        );
        assert_eq!(detect(Some("a.json"), r#"{"monologues": []}"#), Format::Rev);
    }

    #[test]
    fn json_keys_of_first_value_and_members() {
        assert_eq!(
            json_keys(r#"{"a": {"b": 1, "c": [1]}, "d": "x"}{"e": 1}"#),
            ["a", "a.b", "a.c", "d"]
        );
        assert_eq!(json_keys(r#"[{"x": 1}, {"y": 2}]"#), ["x"]);
        assert_eq!(json_keys("nonsense"), Vec::<String>::new());
    }
}
