//! Otter.ai text exports.
//!
//! ```text
//! Speaker 1  0:03
//! Hello, how was your week?
//!
//! Ana Lima  1:02:07
//! Hard.
//! ```
//!
//! Each turn opens with a heading line: the speaker's name, white space, and the start
//! time as `M:SS`, `MM:SS` or `H:MM:SS`. The text follows on the lines below, up to the
//! next heading; blank lines between turns are ignored. Otter gives no end times. Up to
//! two title lines before the first heading are skipped, and the `Transcribed by
//! https://otter.ai` trailer is dropped.

use super::plain::{binary_error, find_binary_line, is_speaker_name};
use super::{numbered_lines, strip_bom, ParseError, Transcript, Turn};

/// Lines before the first heading taken as a title rather than as misplaced text.
const MAX_TITLE_LINES: usize = 2;

/// Reads an Otter.ai text export into one session named `source_name`.
pub fn parse_otter(source_name: &str, text: &str) -> Result<Transcript, ParseError> {
    let text = strip_bom(text);
    if let Some(line) = find_binary_line(text) {
        return Err(binary_error(line));
    }
    let mut turns: Vec<Turn> = Vec::new();
    let mut title_lines: Vec<usize> = Vec::new();
    for (line_no, raw) in numbered_lines(text) {
        let line = raw.trim();
        if line.is_empty() || is_trailer(line) {
            continue;
        }
        if let Some((name, start)) = is_heading(line) {
            turns.push(Turn {
                speaker: name.to_string(),
                start: Some(start),
                ..Turn::default()
            });
            continue;
        }
        match turns.last_mut() {
            Some(turn) => {
                if !turn.text.is_empty() {
                    turn.text.push('\n');
                }
                turn.text.push_str(line);
            }
            None => {
                title_lines.push(line_no);
                if title_lines.len() > MAX_TITLE_LINES {
                    return Err(ParseError::new(
                        title_lines[0],
                        "text before the first speaker heading; expected `Name  M:SS` on a line of its own",
                    ));
                }
            }
        }
    }
    if turns.is_empty() {
        if let Some(&line) = title_lines.first() {
            return Err(ParseError::new(
                line,
                "no speaker heading found; expected `Name  M:SS` on a line of its own",
            ));
        }
    }
    turns.retain(|t| !t.text.is_empty());
    Ok(Transcript::new(source_name, turns))
}

/// `Transcribed by https://otter.ai`, the line Otter appends to exports.
fn is_trailer(line: &str) -> bool {
    line.to_ascii_lowercase().starts_with("transcribed by") && line.contains("otter.ai")
}

/// A heading line: a speaker name, white space, and a `M:SS` / `H:MM:SS` time.
/// Returns the name and the time in seconds.
pub(super) fn is_heading(line: &str) -> Option<(&str, f64)> {
    let line = line.trim();
    let cut = line.rfind(char::is_whitespace)?;
    let (name, time) = (line[..cut].trim_end(), line[cut..].trim_start());
    let seconds = clock_time(time)?;
    is_speaker_name(name).then_some((name, seconds))
}

/// `M:SS`, `MM:SS` or `H:MM:SS` (whole seconds, as Otter writes them) in seconds.
fn clock_time(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut total = 0u64;
    for (i, p) in parts.iter().enumerate() {
        let digits_ok = if i == 0 {
            (1..=2).contains(&p.len())
        } else {
            p.len() == 2
        };
        if !digits_ok || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = p.parse().ok()?;
        if i > 0 && v >= 60 {
            return None;
        }
        total = total * 60 + v;
    }
    Some(total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(speaker: &str, text: &str, start: f64) -> Turn {
        Turn {
            speaker: speaker.into(),
            text: text.into(),
            start: Some(start),
            ..Turn::default()
        }
    }

    #[test]
    fn reads_headings_and_text() {
        let text = "\u{feff}Weekly session\r\n\r\nSpeaker 1  0:03\r\nHello, how was\r\nyour week?\r\n\r\nAna Lima  1:02:07\r\nHard.\r\n\r\nSpeaker 1 1:02:10\r\nI see.\r\n\r\nTranscribed by https://otter.ai\r\n";
        let t = parse_otter("o.txt", text).unwrap();
        assert_eq!(t.id, "o.txt");
        assert_eq!(
            t.turns,
            vec![
                turn("Speaker 1", "Hello, how was\nyour week?", 3.0),
                turn("Ana Lima", "Hard.", 3727.0),
                turn("Speaker 1", "I see.", 3730.0),
            ]
        );
    }

    #[test]
    fn headings() {
        assert_eq!(is_heading("Speaker 1  0:03"), Some(("Speaker 1", 3.0)));
        assert_eq!(is_heading("Dr. Rivera 12:59"), Some(("Dr. Rivera", 779.0)));
        assert_eq!(is_heading("Ana 1:00:00"), Some(("Ana", 3600.0)));
        for not in [
            "0:03",
            "Ana 0:3",
            "Ana 0:60",
            "Ana 0:03.5",
            "Ana: 0:03",
            "We met at 10:30",
            "and then 1:02",
            "Ana 100:00",
        ] {
            assert_eq!(is_heading(not), None, "{not:?}");
        }
    }

    #[test]
    fn empty_turns_are_dropped_and_same_speaker_turns_kept_apart() {
        let t = parse_otter("o", "A  0:01\n\nB  0:02\nhi\nB  0:03\nagain\n").unwrap();
        assert_eq!(t.turns, vec![turn("B", "hi", 2.0), turn("B", "again", 3.0)]);
    }

    #[test]
    fn errors() {
        let cases: &[(&str, &str)] = &[
            (
                "one\ntwo\nthree\nA  0:01\nhi",
                "line 1: text before the first speaker heading; expected `Name  M:SS` on a line of its own",
            ),
            (
                "\njust a line\n",
                "line 2: no speaker heading found; expected `Name  M:SS` on a line of its own",
            ),
            (
                "A  0:01\nhi\n\u{1}\u{2}\u{3}\u{4}",
                "line 3: binary data (control characters); is this a transcript?",
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_otter("o", text).unwrap_err().to_string(), want);
        }
    }
}
