//! Sessions, one a line (JSON Lines): the format of `turnscope stream`'s input and of
//! pipelines that already hold their sessions as JSON.
//!
//! ```text
//! {"id": "s1", "turns": [{"speaker": "Therapist", "text": "How was your week?", "start": 2.0, "end": 4.5},
//!                        {"speaker": "Client", "text": "Hard."}]}
//! {"id": "s2", "turns": [...]}
//! ```
//!
//! Every non-blank line is one session: `id` (a string or number; `line N` when
//! missing) and `turns`, each with `speaker` (a string or number; `Unknown` when missing
//! or null), `text`, and optional `start`, `end` (seconds, numbers or numeric strings)
//! and `id`. Other fields are ignored. Turns are kept as given: consecutive turns of one
//! speaker are not merged.

use serde::de::Error as _;
use serde::Deserialize;

use super::asr::{check_span, de_label, de_seconds, from_json_at, UNKNOWN_SPEAKER};
use super::{numbered_lines, strip_bom, ParseError, Transcript, Turn};

/// Reads session-per-line JSON into one transcript per line, in order.
pub fn parse_sessions(text: &str) -> Result<Vec<Transcript>, ParseError> {
    let text = strip_bom(text);
    let mut out = Vec::new();
    for (line_no, line) in numbered_lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        if !line.trim_start().starts_with('{') {
            return Err(ParseError::new(
                line_no,
                "expected a JSON object (one session: `{\"id\", \"turns\": [...]}`) on each line",
            ));
        }
        let s: Session = from_json_at(line, line_no - 1)?;
        let turns = s
            .turns
            .into_iter()
            .map(|t| Turn {
                speaker: t.speaker.unwrap_or_else(|| UNKNOWN_SPEAKER.to_string()),
                text: t.text,
                start: t.start,
                end: t.end,
                id: t.id,
            })
            .collect();
        let id = s.id.unwrap_or_else(|| format!("line {line_no}"));
        out.push(Transcript::new(id, turns));
    }
    Ok(out)
}

#[derive(Debug, Deserialize)]
struct Session {
    #[serde(default, deserialize_with = "de_label")]
    id: Option<String>,
    turns: Vec<SessionTurn>,
}

#[derive(Debug, Deserialize)]
#[serde(try_from = "RawTurn")]
struct SessionTurn {
    speaker: Option<String>,
    text: String,
    start: Option<f64>,
    end: Option<f64>,
    id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawTurn {
    #[serde(default, deserialize_with = "de_label")]
    speaker: Option<String>,
    text: String,
    #[serde(default, deserialize_with = "de_seconds")]
    start: Option<f64>,
    #[serde(default, deserialize_with = "de_seconds")]
    end: Option<f64>,
    #[serde(default, deserialize_with = "de_label")]
    id: Option<String>,
}

impl TryFrom<RawTurn> for SessionTurn {
    type Error = serde_json::Error;

    fn try_from(r: RawTurn) -> Result<Self, Self::Error> {
        check_span::<serde_json::Error>(r.start, r.end)
            .map_err(|e| serde_json::Error::custom(format!("turn {e}")))?;
        Ok(SessionTurn {
            speaker: r.speaker,
            text: r.text,
            start: r.start,
            end: r.end,
            id: r.id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_session_a_line() {
        let text = "\u{feff}{\"id\": \"s1\", \"turns\": [{\"speaker\": \"A\", \"text\": \"Hi.\", \"start\": 2, \"end\": \"4.5\", \"id\": 7}, {\"speaker\": null, \"text\": \"Yo.\"}], \"meta\": {}}\r\n\r\n{\"turns\": [{\"speaker\": 3, \"text\": \"x\"}]}\n";
        let s = parse_sessions(text).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id, "s1");
        assert_eq!(
            s[0].turns,
            vec![
                Turn {
                    speaker: "A".into(),
                    text: "Hi.".into(),
                    start: Some(2.0),
                    end: Some(4.5),
                    id: Some("7".into())
                },
                Turn {
                    speaker: "Unknown".into(),
                    text: "Yo.".into(),
                    ..Turn::default()
                },
            ]
        );
        assert_eq!(s[1].id, "line 3");
        assert_eq!(s[1].turns[0].speaker, "3");
    }

    #[test]
    fn errors_name_the_line() {
        let ok = r#"{"id": "a", "turns": [{"speaker": "A", "text": "x"}]}"#;
        let cases: &[(&str, &str)] = &[
            (r#"{"id": "b"}"#, "line 2: missing field `turns`"),
            (
                r#"{"id": "b", "turns": [{"speaker": "A"}]}"#,
                "line 2: `turns[0]`: missing field `text`",
            ),
            (
                r#"{"id": "b", "turns": [{"speaker": "A", "text": "x", "start": 5, "end": 1}]}"#,
                "line 2: `turns[0]`: turn ends at 1 s, before it starts at 5 s",
            ),
            (
                r#"{"id": "b", "turns": [{"speaker": true, "text": "x"}]}"#,
                "line 2: `turns[0].speaker`: invalid type: boolean `true`, expected a speaker label (a string or a number) or null",
            ),
            (
                r#"{"id": "b", "turns": [{"#,
                "line 2: invalid JSON: EOF while parsing an object at column 23",
            ),
            (
                "Ann: hello",
                "line 2: expected a JSON object (one session: `{\"id\", \"turns\": [...]}`) on each line",
            ),
        ];
        for &(bad, want) in cases {
            let text = format!("{ok}\n{bad}\n{ok}");
            assert_eq!(
                parse_sessions(&text).unwrap_err().to_string(),
                want,
                "{bad}"
            );
        }
    }
}
