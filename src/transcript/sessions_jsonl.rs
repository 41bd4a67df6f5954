//! Sessions, one a line: the format of `turnscope stream`, of Spark's `RDD.pipe`, Hadoop
//! Streaming and `xargs`, and of `--input-format sessions`.
//!
//! Each non-blank line is one JSON value holding one whole session, in one of two shapes:
//!
//! - **turnscope's own**: `{"id": "s1", "turns": [{"speaker": "Ana", "text": "...",
//!   "start": 1.5, "end": 4.0, "id": "u1"}, ...]}`. `id` (string or number) is required;
//!   a turn needs `speaker` (string or number) and `text` (string, `null` read as empty);
//!   `start` and `end` (seconds as a number, a numeric string or `hh:mm:ss`, or `null`)
//!   and the turn's own `id` are optional. `source` (a string: the file the session was
//!   read from) and `format` (the name of the format it was read as, such as `vtt`) are
//!   optional too: `turnscope pack` writes them ([`write_session_line`]) and
//!   `turnscope stream` reports them in `session.source` and `session.format`
//!   ([`parse_session_line_with_origin`]). Other members (`meta`, ...) are ignored.
//! - **a ConvoKit conversation**: a JSON array of ConvoKit utterance objects
//!   (`[{"id", "conversation_id", "speaker", "reply_to", "timestamp", "text", ...}, ...]`),
//!   or an object `{"id"?: ..., "utterances": [...]}` holding such an array. The
//!   utterances must all belong to one conversation, whose id is the session id unless
//!   the object names an `id`; turns keep the utterance ids and line order.
//!
//! The session id comes from the line, never from its position, so the same line gives
//! the same document whichever file, pipe or Spark partition it travels in.
//!
//! [`write_session_line`] writes a [`Transcript`] in the first shape, and reading the line
//! back gives the same transcript: every turn's speaker, text, times and id.

use std::borrow::Cow;
use std::fmt;
use std::io;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{numbered_lines, parse_convokit, parse_timestamp, strip_bom, ParseError};
use super::{time_in_range, time_out_of_range};
use super::{Format, Transcript, Turn};
use crate::echo::echo;

/// Where a session line says its session was read from: the `source` and `format`
/// members that `turnscope pack` writes. Both are absent from lines made otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file the session was read from, as named when it was read.
    pub source: Option<String>,
    /// The format it was read as.
    pub format: Option<Format>,
}

/// Reads a whole file of session lines: one transcript per non-blank line, in order.
/// The first bad line fails the file, with its line number.
pub fn parse_sessions(text: &str) -> Result<Vec<Transcript>, ParseError> {
    let mut sessions = Vec::new();
    for (line_no, line) in numbered_lines(strip_bom(text)) {
        if line.trim().is_empty() {
            continue;
        }
        let mut session =
            parse_session_line(line).map_err(|e| ParseError::new(line_no, e.message))?;
        name_by_line(&mut session, line_no);
        sessions.push(session);
    }
    Ok(sessions)
}

/// Names a session that came without an id after its line: `line N`.
pub fn name_by_line(session: &mut Transcript, line_no: usize) {
    if session.id.is_empty() {
        session.id = format!("line {line_no}");
    }
}

/// Reads one session line (either shape, see the module docs). A session without an `id`
/// comes back with an empty one; [`name_by_line`] names it. The error's `line` is 0:
/// the caller knows which line it was.
pub fn parse_session_line(line: &str) -> Result<Transcript, ParseError> {
    parse_session_line_with_origin(line).map(|(session, _)| session)
}

/// Reads one session line as [`parse_session_line`] does, with the `source` and `format`
/// it names (a ConvoKit array names neither).
pub fn parse_session_line_with_origin(line: &str) -> Result<(Transcript, Origin), ParseError> {
    let line = strip_bom(line).trim();
    if line.starts_with('[') {
        return conversation(line, None).map(|s| (s, Origin::default()));
    }
    let parsed: SessionLine<'_> = {
        let mut de = serde_json::Deserializer::from_str(line);
        let v = SessionLine::deserialize(&mut de).and_then(|v| de.end().map(|()| v));
        v.map_err(|e| json_error(&e))?
    };
    let origin = Origin {
        source: parsed.source.map(Cow::into_owned),
        format: parsed.format,
    };
    let session = match (parsed.turns, parsed.utterances) {
        (Some(_), Some(_)) => Err(ParseError::new(
            0,
            "a session line has `turns` or ConvoKit `utterances`, not both",
        )),
        (None, None) => Err(ParseError::new(
            0,
            "a session line needs `turns` (or a ConvoKit conversation's `utterances`)",
        )),
        (None, Some(utterances)) => conversation(utterances.get(), parsed.id),
        (Some(turns), None) => {
            // A missing id is left empty: the caller names the session by its line.
            let id = parsed.id.unwrap_or_default();
            let turns = turns
                .into_iter()
                .map(|t| Turn {
                    speaker: t.speaker.into_owned(),
                    text: t.text.map(Cow::into_owned).unwrap_or_default(),
                    start: t.start,
                    end: t.end,
                    id: t.id.map(Cow::into_owned),
                })
                .collect();
            Ok(Transcript::new(id, turns))
        }
    }?;
    Ok((session, origin))
}

/// Writes `session` as one line of turnscope's own shape, with `origin`'s members where
/// given, and a line end. Times that are not finite numbers are left out (JSON has none).
pub fn write_session_line<W: io::Write>(
    mut out: W,
    session: &Transcript,
    origin: &Origin,
) -> io::Result<()> {
    let line = SessionLineOut {
        id: &session.id,
        source: origin.source.as_deref(),
        format: origin.format.map(Format::name),
        turns: session
            .turns
            .iter()
            .map(|t| TurnOut {
                speaker: &t.speaker,
                text: &t.text,
                start: t.start.filter(|s| s.is_finite()),
                end: t.end.filter(|s| s.is_finite()),
                id: t.id.as_deref(),
            })
            .collect(),
    };
    serde_json::to_writer(&mut out, &line)?;
    out.write_all(b"\n")
}

/// Whether `head` (a file's text) looks like session lines rather than a ConvoKit file:
/// its first line is a whole JSON object with `turns` or `utterances`, or a whole JSON
/// array with more lines after it (a one-line array is an `utterances.json`).
pub(crate) fn looks_like_sessions(head: &str) -> bool {
    let head = strip_bom(head).trim_start();
    let (first, rest) = head.split_once('\n').unwrap_or((head, ""));
    let first = first.trim();
    if first.starts_with('{') {
        let mut de = serde_json::Deserializer::from_str(first);
        matches!(SessionKeys::deserialize(&mut de), Ok(SessionKeys(true))) && de.end().is_ok()
    } else if first.starts_with('[') {
        !rest.trim().is_empty() && serde_json::from_str::<Vec<IgnoredAny>>(first).is_ok()
    } else {
        false
    }
}

/// A ConvoKit conversation (a JSON array of utterances) as one session.
fn conversation(array: &str, id: Option<String>) -> Result<Transcript, ParseError> {
    let mut sessions = parse_convokit(array).map_err(|e| ParseError::new(0, e.message))?;
    match sessions.len() {
        0 => Ok(Transcript::new(id.unwrap_or_default(), Vec::new())),
        1 => {
            let mut session = sessions.remove(0);
            if let Some(id) = id {
                session.id = id;
            }
            Ok(session)
        }
        _ => Err(ParseError::new(
            0,
            format!(
                "a session line holds one conversation; found utterances of {} ({})",
                sessions.len(),
                sessions
                    .iter()
                    .take(3)
                    .map(|s| format!("`{}`", echo(&s.id)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// A serde_json error as a message with the column, without serde_json's own position.
fn json_error(e: &serde_json::Error) -> ParseError {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let what = full.strip_suffix(&position).unwrap_or(&full);
    let message = match e.classify() {
        serde_json::error::Category::Data => format!("{what} (column {})", e.column()),
        _ => format!("invalid JSON: {what} at column {}", e.column()),
    };
    ParseError::new(0, message)
}

/// The line [`write_session_line`] writes: the wire shape, apart from [`Transcript`].
#[derive(Serialize)]
struct SessionLineOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    turns: Vec<TurnOut<'a>>,
}

#[derive(Serialize)]
struct TurnOut<'a> {
    speaker: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
}

#[derive(Deserialize)]
struct SessionLine<'a> {
    #[serde(default, deserialize_with = "de_key")]
    id: Option<String>,
    #[serde(default, borrow, deserialize_with = "de_source")]
    source: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "de_format")]
    format: Option<Format>,
    #[serde(default, borrow)]
    turns: Option<Vec<TurnLine<'a>>>,
    #[serde(default, borrow)]
    utterances: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct TurnLine<'a> {
    #[serde(borrow, deserialize_with = "de_speaker")]
    speaker: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "de_text")]
    text: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "de_time")]
    start: Option<f64>,
    #[serde(default, deserialize_with = "de_time")]
    end: Option<f64>,
    #[serde(default, borrow, deserialize_with = "de_turn_id")]
    id: Option<Cow<'a, str>>,
}

/// A string or number, as a string.
struct KeyVisitor(&'static str);

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` as a string or number", self.0)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

fn de_key<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(d.deserialize_any(KeyVisitor("id"))?.map(Cow::into_owned))
}

fn de_turn_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    d.deserialize_any(KeyVisitor("id"))
}

/// A string, or null; the member's name is for the error message.
struct StrOrNull(&'static str);

impl<'de> Visitor<'de> for StrOrNull {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` as a string or null", self.0)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A string, or null (read as empty); required all the same.
fn de_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    d.deserialize_any(StrOrNull("text"))
}

/// A string, or null.
fn de_source<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    d.deserialize_any(StrOrNull("source"))
}

/// The name of a format turnscope reads, or null.
fn de_format<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Format>, D::Error> {
    let Some(name) = d.deserialize_any(KeyVisitor("format"))? else {
        return Ok(None);
    };
    Format::from_name(&name).map(Some).ok_or_else(|| {
        let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        de::Error::custom(format!(
            "`format` \"{}\" is not a format turnscope reads ({})",
            echo(&name),
            known.join(", ")
        ))
    })
}

fn de_speaker<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    d.deserialize_any(KeyVisitor("speaker"))?
        .ok_or_else(|| de::Error::custom("`speaker` must be a string or number, found null"))
}

/// Seconds: a number, a numeric or `hh:mm:ss` string, or null.
fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    struct TimeVisitor;
    impl Visitor<'_> for TimeVisitor {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("seconds as a number, a numeric or hh:mm:ss string, or null")
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            if time_in_range(v) {
                Ok(Some(v))
            } else {
                Err(E::custom(time_out_of_range(v)))
            }
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            self.visit_f64(v as f64)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.visit_f64(v as f64)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            let seconds = v
                .parse::<f64>()
                .ok()
                .filter(|s| !s.is_nan())
                .or_else(|| parse_timestamp(v))
                .ok_or_else(|| {
                    E::custom(format!(
                        "`{}` is not a time in seconds or hh:mm:ss",
                        echo(v)
                    ))
                })?;
            self.visit_f64(seconds)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(TimeVisitor)
}

/// Whether a JSON object has a `turns` or `utterances` member (values skipped).
struct SessionKeys(bool);

impl<'de> Deserialize<'de> for SessionKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SessionKeys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SessionKeys, A::Error> {
                let mut found = false;
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    found |= key == "turns" || key == "utterances";
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(SessionKeys(found))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<SessionKeys, A::Error> {
                Ok(SessionKeys(false))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_turnscope_session_lines() {
        let text = concat!(
            r#"{"id": "s1", "meta": {"x": 1}, "turns": [{"speaker": "Ana", "text": "It's your fault.", "start": 1.5, "end": "00:00:04"}, {"speaker": 7, "text": null, "id": "u2"}]}"#,
            "\n\n",
            r#"{"id": 2, "turns": []}"#,
            "\r\n",
        );
        let sessions = parse_sessions(text).unwrap();
        assert_eq!(sessions.len(), 2);
        let s = &sessions[0];
        assert_eq!(s.id, "s1");
        assert_eq!(s.turns[0].speaker, "Ana");
        assert_eq!(s.turns[0].start, Some(1.5));
        assert_eq!(s.turns[0].end, Some(4.0));
        assert_eq!(s.turns[1].speaker, "7");
        assert_eq!(s.turns[1].text, "");
        assert_eq!(s.turns[1].id.as_deref(), Some("u2"));
        assert_eq!(sessions[1].id, "2");
        assert!(sessions[1].turns.is_empty());
    }

    #[test]
    fn reads_convokit_conversations() {
        let array = r#"[{"id": "u1", "conversation_id": "c9", "speaker": "a", "reply_to": null, "timestamp": 3, "text": "Hi."}, {"id": "u2", "conversation_id": "c9", "speaker": "b", "reply_to": "u1", "text": "Whatever."}]"#;
        let s = parse_session_line(array).unwrap();
        assert_eq!(s.id, "c9");
        assert_eq!(s.turns.len(), 2);
        assert_eq!(s.turns[1].id.as_deref(), Some("u2"));
        assert_eq!(s.turns[0].start, Some(3.0));

        let object = format!(r#"{{"id": "named", "utterances": {array}}}"#);
        assert_eq!(parse_session_line(&object).unwrap().id, "named");
        let object = format!(r#"{{"utterances": {array}}}"#);
        assert_eq!(parse_session_line(&object).unwrap().id, "c9");
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let cases = [
            (r#"{"id": "x"}"#, "needs `turns`"),
            (r#"{"id": "x", "turns": [], "utterances": []}"#, "not both"),
            (
                r#"{"id": "x", "turns": [{"text": "hi"}]}"#,
                "missing field `speaker`",
            ),
            (
                r#"{"id": "x", "turns": [{"speaker": "a"}]}"#,
                "missing field `text`",
            ),
            (
                r#"{"id": "x", "turns": [{"speaker": "a", "text": 5}]}"#,
                "invalid type",
            ),
            (
                r#"{"id": "x", "turns": [{"speaker": "a", "text": "t", "start": "soon"}]}"#,
                "not a time",
            ),
            (r#"{"id": "x", "turns": [{"speaker": "#, "invalid JSON"),
            (r#"{"id": "x", "turns": []} trailing"#, "invalid JSON"),
            (
                r#"[{"id": "u1", "conversation_id": "a", "text": "x"}, {"id": "u2", "conversation_id": "b", "text": "y"}]"#,
                "one conversation",
            ),
            ("42", "invalid type"),
        ];
        for (line, expected) in cases {
            let e = parse_session_line(line).unwrap_err();
            assert!(e.message.contains(expected), "{line}: {e}");
        }
        let e = parse_sessions("{\"id\": 1, \"turns\": []}\n\n{oops}\n").unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn written_lines_read_back_as_the_same_session() {
        let session = Transcript::new(
            "s.vtt",
            vec![
                Turn {
                    speaker: "Dr. Rivera".into(),
                    text: "Line one\nline \"two\" \u{e9}\u{1f600}\t[sighs]".into(),
                    start: Some(0.1 + 0.2),
                    end: Some(3601.999),
                    id: None,
                },
                Turn {
                    speaker: "7".into(),
                    text: String::new(),
                    start: None,
                    end: Some(-0.0),
                    id: Some("u2".into()),
                },
            ],
        );
        for origin in [
            Origin::default(),
            Origin {
                source: Some("archive/a b/s.vtt".into()),
                format: Some(Format::Vtt),
            },
        ] {
            let mut line = Vec::new();
            write_session_line(&mut line, &session, &origin).unwrap();
            let text = String::from_utf8(line).unwrap();
            assert_eq!(text.matches('\n').count(), 1, "one line: {text}");
            let (read, read_origin) = parse_session_line_with_origin(&text).unwrap();
            assert_eq!(read, session);
            assert_eq!(read_origin, origin);
            let bits = |s: &Transcript| -> Vec<_> {
                s.turns
                    .iter()
                    .map(|t| (t.start.map(f64::to_bits), t.end.map(f64::to_bits)))
                    .collect()
            };
            assert_eq!(bits(&read), bits(&session), "times to the bit");
        }
        let mut line = Vec::new();
        let origin = Origin {
            source: Some("a.srt".into()),
            format: Some(Format::Srt),
        };
        write_session_line(&mut line, &Transcript::new("a.srt", vec![]), &origin).unwrap();
        assert_eq!(
            String::from_utf8(line).unwrap(),
            "{\"id\":\"a.srt\",\"source\":\"a.srt\",\"format\":\"srt\",\"turns\":[]}\n"
        );
    }

    #[test]
    fn reads_source_and_format_and_says_what_is_wrong_with_them() {
        let line = r#"{"id": 1, "source": "x/y.cha", "format": "talkbank", "turns": []}"#;
        let (_, origin) = parse_session_line_with_origin(line).unwrap();
        assert_eq!(origin.source.as_deref(), Some("x/y.cha"));
        assert_eq!(origin.format, Some(Format::Chat));
        let line = r#"{"id": 1, "source": null, "format": null, "utterances": []}"#;
        let (_, origin) = parse_session_line_with_origin(line).unwrap();
        assert_eq!(origin, Origin::default());
        for (line, expected) in [
            (
                r#"{"id": 1, "format": "docx", "turns": []}"#,
                "`format` \"docx\" is not a format turnscope reads (plain, vtt,",
            ),
            (
                r#"{"id": 1, "source": 5, "turns": []}"#,
                "`source` as a string",
            ),
        ] {
            let e = parse_session_line(line).unwrap_err();
            assert!(e.message.contains(expected), "{line}: {e}");
        }
    }

    #[test]
    fn tells_session_lines_from_convokit_files() {
        assert!(looks_like_sessions("{\"id\": 1, \"turns\": []}\n"));
        assert!(looks_like_sessions("{\"utterances\": []}"));
        assert!(looks_like_sessions(
            "[{\"id\": \"u\"}]\n[{\"id\": \"v\"}]\n"
        ));
        assert!(!looks_like_sessions("[{\"id\": \"u\"}, {\"id\": \"v\"}]\n"));
        assert!(!looks_like_sessions(
            "{\"id\": \"u1\", \"conversation_id\": \"c\", \"text\": \"turns\"}\n"
        ));
        assert!(!looks_like_sessions("[\n  {\"id\": \"u\"}\n]\n"));
        assert!(!looks_like_sessions("Ana: hi\n"));
    }
}
