//! What the JSON readers share: reading a document with errors that name the field and
//! the line, lenient field types (a speaker may be a string or a number, a time a number
//! or a numeric string), and merging recognised speech into speaker turns.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::error::Category;

use super::{time_in_range, time_out_of_range, ParseError, Turn};

/// The speaker of speech that names none.
pub(super) const UNKNOWN_SPEAKER: &str = "Unknown";

/// Reads one JSON value of type `T` from all of `text`. Errors name the line, and for
/// a value of the wrong type, the field (`segments[3].start`).
pub(super) fn from_json<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ParseError> {
    from_json_at(text, 0)
}

/// [`from_json`] for a piece of a file that starts at line `first_line + 1`: error lines
/// are counted from there (for JSON Lines, pass the line's number less one).
pub(super) fn from_json_at<'de, T: Deserialize<'de>>(
    text: &'de str,
    first_line: usize,
) -> Result<T, ParseError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(text, e.inner(), &path, first_line)
    })?;
    de.end()
        .map_err(|e| json_error(text, &e, ".", first_line))?;
    Ok(value)
}

/// A serde_json error as a [`ParseError`] on its line, saying which field was wrong.
fn json_error(text: &str, e: &serde_json::Error, path: &str, first_line: usize) -> ParseError {
    let full = e.to_string();
    let mut line = e.line().max(1);
    let position = format!(" at line {} column {}", e.line(), e.column());
    let what = full.strip_suffix(&position).unwrap_or(&full);
    let message = match e.classify() {
        Category::Data if path == "." || path.is_empty() => what.to_string(),
        Category::Data => format!("`{path}`: {what}"),
        Category::Syntax | Category::Eof | Category::Io => {
            format!("invalid JSON: {what} at column {}", e.column())
        }
    };
    if e.classify() == Category::Data {
        line = value_line(text, line, e.column());
    }
    ParseError::new(first_line + line, message)
}

/// The line of the value a data error is about. serde_json places a check that fails
/// once an object is read (a time span, a missing field) after the separator that
/// follows it, which may be on the next line; the value ends at the last character
/// before that white space and comma.
fn value_line(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let at = (line_start + column).min(text.len());
    let before = text.as_bytes()[..at]
        .iter()
        .rposition(|b| !(b.is_ascii_whitespace() || *b == b','))
        .map_or(0, |p| p + 1);
    1 + text.as_bytes()[..before]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// A speaker label: a string, or a number written as one (`0` → `"0"`); `null` is none.
pub(super) fn de_label<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(LabelVisitor)
}

struct LabelVisitor;

impl<'de> Visitor<'de> for LabelVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a speaker label (a string or a number) or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let v = v.trim();
        Ok((!v.is_empty()).then(|| v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A time in seconds: a number, or a numeric string (AWS writes `"0.44"`); `null` or an
/// empty string is none. Negative or non-finite times are errors.
pub(super) fn de_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(SecondsVisitor)
}

struct SecondsVisitor;

impl SecondsVisitor {
    fn check<E: de::Error>(v: f64) -> Result<Option<f64>, E> {
        if v.is_finite() && v >= 0.0 {
            if !time_in_range(v) {
                return Err(E::custom(time_out_of_range(v)));
            }
            Ok(Some(v))
        } else {
            Err(E::custom(format!(
                "a time must be 0 or more seconds, found {v}"
            )))
        }
    }
}

impl<'de> Visitor<'de> for SecondsVisitor {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a time in seconds (a number or a numeric string) or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        match v.parse::<f64>() {
            Ok(x) => Self::check(x),
            Err(_) => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::check(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::check(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::check(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Checks a start and end read from the same object: the end must not come first.
pub(super) fn check_span<E: de::Error>(start: Option<f64>, end: Option<f64>) -> Result<(), E> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => Err(E::custom(format!(
            "ends at {e} s, before it starts at {s} s"
        ))),
        _ => Ok(()),
    }
}

/// A stretch of recognised speech: a segment, a monologue, a run of words.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Piece {
    /// Who spoke; `None` continues the previous speaker.
    pub speaker: Option<String>,
    pub text: String,
    pub start: Option<f64>,
    pub end: Option<f64>,
}

/// Merges consecutive pieces of one speaker into turns, texts joined by `sep`. A piece
/// without a speaker continues the turn before it (or opens an `Unknown` one); empty
/// pieces are skipped.
pub(super) fn merge(pieces: Vec<Piece>, sep: &str) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    for p in pieces {
        let text = p.text.trim();
        if text.is_empty() {
            continue;
        }
        let same = match (&p.speaker, turns.last()) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(s), Some(last)) => *s == last.speaker,
        };
        if same {
            if let Some(last) = turns.last_mut() {
                last.text.push_str(sep);
                last.text.push_str(text);
                if p.end.is_some() {
                    last.end = p.end;
                }
                if last.start.is_none() {
                    last.start = p.start;
                }
            }
            continue;
        }
        turns.push(Turn {
            speaker: p.speaker.unwrap_or_else(|| UNKNOWN_SPEAKER.to_string()),
            text: text.to_string(),
            start: p.start,
            end: p.end,
            id: None,
        });
    }
    turns
}

/// Appends one recognised word or punctuation mark to `text`: words are separated by a
/// space, punctuation sticks to the word before it.
pub(super) fn push_token(text: &mut String, token: &str, punctuation: bool) {
    let token = token.trim();
    if token.is_empty() {
        return;
    }
    if !text.is_empty() && !punctuation {
        text.push(' ');
    }
    text.push_str(token);
}

/// A service's `<tag>` for a non-speech event (`<inaudible>`, `<laugh>`) written as the
/// bracketed annotation transcripts use (`[inaudible]`), so cue detection finds it.
pub(super) fn tag_as_annotation(value: &str) -> String {
    let v = value.trim();
    match v.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        Some(inner) if !inner.trim().is_empty() => format!("[{}]", inner.trim()),
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        #[serde(default, deserialize_with = "de_label")]
        speaker: Option<String>,
        #[serde(default, deserialize_with = "de_seconds")]
        start: Option<f64>,
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        #[serde(deserialize_with = "de_seconds")]
        t: Option<f64>,
    }

    #[test]
    fn errors_name_field_and_line() {
        let cases: &[(&str, &str)] = &[
            (
                "{\"items\": [\n{\"t\": 1},\n{\"t\": \"soon\"}]}",
                "line 3: `items[1].t`: invalid value: string \"soon\", expected a time in seconds (a number or a numeric string) or null",
            ),
            (
                "{\"items\": [], \"start\": -1}",
                "line 1: `start`: a time must be 0 or more seconds, found -1",
            ),
            (
                "{\"items\": [], \"speaker\": [1]}",
                "line 1: `speaker`: invalid type: sequence, expected a speaker label (a string or a number) or null",
            ),
            ("{\"speaker\": 1}", "line 1: missing field `items`"),
            ("{\"items\": [\n", "line 2: invalid JSON: EOF while parsing a list at column 0"),
            ("{\"items\": []} x", "line 1: invalid JSON: trailing characters at column 15"),
        ];
        for &(text, want) in cases {
            let e = from_json::<Doc>(text).unwrap_err();
            assert_eq!(e.to_string(), want, "{text:?}");
        }
        let e = from_json_at::<Doc>("{\"items\": 5}", 9).unwrap_err();
        assert_eq!(e.line, 10);
    }

    #[test]
    fn labels_and_times() {
        let d: Doc =
            from_json(r#"{"speaker": 0, "start": "1.5", "items": [{"t": null}, {"t": ""}]}"#)
                .unwrap();
        assert_eq!(d.speaker.as_deref(), Some("0"));
        assert_eq!(d.start, Some(1.5));
        let d: Doc = from_json(r#"{"speaker": "  ", "items": []}"#).unwrap();
        assert_eq!(d.speaker, None);
    }

    #[test]
    fn merging() {
        let p = |s: Option<&str>, t: &str, a: f64, b: f64| Piece {
            speaker: s.map(str::to_string),
            text: t.into(),
            start: Some(a),
            end: Some(b),
        };
        let turns = merge(
            vec![
                p(None, "first", 0.0, 1.0),
                p(Some("A"), "one", 1.0, 2.0),
                p(None, "more", 2.0, 3.0),
                p(Some("A"), " again ", 3.0, 4.0),
                p(Some("B"), "  ", 4.0, 5.0),
                p(Some("B"), "two", 5.0, 6.0),
            ],
            " ",
        );
        let got: Vec<(&str, &str, Option<f64>, Option<f64>)> = turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.text.as_str(), t.start, t.end))
            .collect();
        assert_eq!(
            got,
            [
                ("Unknown", "first", Some(0.0), Some(1.0)),
                ("A", "one more again", Some(1.0), Some(4.0)),
                ("B", "two", Some(5.0), Some(6.0)),
            ]
        );
    }

    #[test]
    fn tokens_and_tags() {
        let mut s = String::new();
        for (t, p) in [("Hello", false), (",", true), ("you", false), ("?", true)] {
            push_token(&mut s, t, p);
        }
        assert_eq!(s, "Hello, you?");
        assert_eq!(tag_as_annotation("<inaudible>"), "[inaudible]");
        assert_eq!(tag_as_annotation("<>"), "<>");
        assert_eq!(tag_as_annotation("word"), "word");
    }
}
