//! Plain-text transcripts: one `Speaker Name: text` line per turn.
//!
//! A line may start with a time (`[00:01:02]`, `(01:02)`, `00:01:02`), and the
//! time may instead follow the name (`Dr. Rivera [00:01:02]: text`). Lines with
//! no speaker label continue the turn above them. The label rules here are
//! shared with the subtitle readers, which accept the same `Name: text` cues.

use super::{numbered_lines, parse_timestamp, strip_bom, ParseError, Transcript, Turn};
use super::{time_in_range, time_out_of_range};

/// Longest speaker name taken as a label, in characters.
const MAX_NAME_CHARS: usize = 40;
/// Most words in a speaker name; longer "names" are sentences with a colon.
const MAX_NAME_WORDS: usize = 5;
/// How far into a line to look for the label's colon: a name, a bracketed
/// time and some spacing fit well within this, and long lines of prose are
/// not scanned to the end for nothing.
const MAX_LABEL_SCAN_CHARS: usize = 72;

/// Lowercase words that may appear inside a capitalised name (`Maria de la Cruz`,
/// `Ludwig van Beethoven`). Any other lowercase word makes the "name" prose.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du", "el",
    "ibn", "la", "le", "of", "ter", "van", "von", "y",
];

/// Reads a plain-text transcript of `Speaker: text` lines into one session
/// named `source_name`.
///
/// Each speaker line starts a new turn, even when the speaker does not change.
/// Turns carry a `start` time only where the line gives one; `end` and `id`
/// are never set, because plain text has neither.
pub fn parse_plain(source_name: &str, text: &str) -> Result<Transcript, ParseError> {
    let text = strip_bom(text);
    // Checked up front: a binary file's first line may well look like stray
    // text, and "text before the first speaker label" would mislead.
    if let Some(line) = find_binary_line(text) {
        return Err(binary_error(line));
    }

    let mut turns: Vec<Turn> = Vec::new();
    // A time alone on its line stamps the speaker line that follows it.
    let mut pending_start: Option<f64> = None;

    for (line_no, raw) in numbered_lines(text) {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let (lead_time, rest) = split_leading_time(line);
        if let Some(t) = lead_time.filter(|t| !time_in_range(*t)) {
            return Err(ParseError::new(line_no, time_out_of_range(t)));
        }
        if rest.is_empty() {
            pending_start = lead_time;
            continue;
        }
        if let Some(label) = split_label(rest) {
            let pending = pending_start.take();
            if let Some(t) = label.time.filter(|t| !time_in_range(*t)) {
                return Err(ParseError::new(line_no, time_out_of_range(t)));
            }
            let start = lead_time.or(label.time).or(pending);
            turns.push(Turn {
                speaker: label.name.to_string(),
                text: label.text.to_string(),
                start,
                ..Turn::default()
            });
            continue;
        }
        // A time line followed by more of the same turn marked a moment
        // inside that turn, not the start of the next one.
        pending_start = None;
        match turns.last_mut() {
            // The whole line, time included: without a speaker the time is
            // part of what was written, not a turn boundary.
            Some(turn) => append_line(&mut turn.text, line),
            None => {
                return Err(ParseError::new(
                    line_no,
                    "text before the first speaker label; expected `Name: text`",
                ))
            }
        }
    }

    // A label whose text never arrived carries nothing to analyse.
    turns.retain(|t| !t.text.is_empty());
    Ok(Transcript::new(source_name, turns))
}

/// A `Name: text` label found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Label<'a> {
    /// The speaker name, trimmed.
    pub name: &'a str,
    /// A time written between the name and the colon (`Name [00:01:02]:`).
    pub time: Option<f64>,
    /// The text after the colon, trimmed (may be empty).
    pub text: &'a str,
}

/// Splits `Name: text` (or `Name [time]: text`) when the part before the colon
/// reads as a speaker name rather than a sentence; `None` otherwise.
pub(super) fn split_label(line: &str) -> Option<Label<'_>> {
    let colon = find_label_colon(line)?;
    let after = &line[colon + 1..];
    // `Note:10:30` or `see http://x` is not a label; `A:hello` still is.
    if after
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '/')
    {
        return None;
    }
    let mut name = line[..colon].trim_end();
    let mut time = None;
    if let Some(close) = name.chars().last().filter(|&c| c == ']' || c == ')') {
        let open_char = if close == ']' { '[' } else { '(' };
        let open = name.rfind(open_char)?;
        // Brackets are not allowed in names, so an annotation that is not a
        // time (`Therapist (T):`) means this is not a label we understand.
        time = Some(parse_timestamp(&name[open + 1..name.len() - 1])?);
        name = name[..open].trim_end();
    }
    is_speaker_name(name).then(|| Label {
        name,
        time,
        text: after.trim(),
    })
}

/// The byte offset of the first colon outside brackets, within the first
/// [`MAX_LABEL_SCAN_CHARS`] characters.
fn find_label_colon(line: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in line.char_indices().take(MAX_LABEL_SCAN_CHARS) {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether `name` reads as a speaker's name: short, starting with a letter,
/// made of name characters, and capitalised like a name when it has several
/// words, so that `And then she said: no` stays prose.
pub(super) fn is_speaker_name(name: &str) -> bool {
    if !name.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return false;
    }
    let name_char = |c: char| {
        c.is_alphanumeric() || c.is_whitespace() || matches!(c, '.' | '-' | '\'' | '’' | '_')
    };
    if !name.chars().all(name_char) {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > MAX_NAME_WORDS {
        return false;
    }
    if words.len() == 1 {
        // Single lowercase handles (`alice:`) are common in chat logs.
        return true;
    }
    let particle = |w: &&str| NAME_PARTICLES.contains(w);
    let capitalised = |w: &&str| !w.chars().next().is_some_and(char::is_lowercase);
    words.iter().all(|w| capitalised(w) || particle(w)) && !words.iter().all(particle)
}

/// Splits a leading `[time]`, `(time)` or bare `time` (plus an optional `-`,
/// `–`, `—` or `|` separator) off `line`. Returns the time, if any, and the
/// rest of the line, trimmed.
fn split_leading_time(line: &str) -> (Option<f64>, &str) {
    let (time, rest) = match leading_time(line) {
        Some(found) => found,
        None => return (None, line),
    };
    let rest = rest.trim_start();
    let rest = ["-", "–", "—", "|"]
        .iter()
        .find_map(|sep| {
            rest.strip_prefix(sep)
                .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        })
        .map_or(rest, str::trim_start);
    (Some(time), rest)
}

fn leading_time(line: &str) -> Option<(f64, &str)> {
    let close = match line.chars().next()? {
        '[' => ']',
        '(' => ')',
        _ => {
            // A bare time is a whole whitespace-separated token, so that
            // `10:30am` or `1:1` inside prose is not mistaken for one.
            let end = line.find(char::is_whitespace).unwrap_or(line.len());
            let token = &line[..end];
            if !token.contains(':') {
                return None;
            }
            return parse_timestamp(token).map(|t| (t, &line[end..]));
        }
    };
    let end = line.find(close)?;
    let time = parse_timestamp(&line[1..end])?;
    Some((time, &line[end + 1..]))
}

/// Appends a continuation line to a turn's text, one line per `\n`.
fn append_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// The first line (1-based) that looks like binary data rather than text, if any.
pub(super) fn find_binary_line(text: &str) -> Option<usize> {
    // Nearly every input is clean: one byte scan settles it without splitting lines.
    if !text.bytes().any(is_control_byte) {
        return None;
    }
    numbered_lines(text)
        .find(|(_, line)| looks_binary(line))
        .map(|(line_no, _)| line_no)
}

/// The error for a binary line, worded for someone who passed the wrong file.
pub(super) fn binary_error(line: usize) -> ParseError {
    ParseError::new(
        line,
        "binary data (control characters); is this a transcript?",
    )
}

/// ASCII control bytes that do not occur in text files. Tab, form feed and CR
/// do: CR alone is how old Mac files end their lines.
fn is_control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f
}

/// A NUL anywhere, or control characters making up a noticeable share of the
/// line. A stray control character or two in real text is tolerated.
fn looks_binary(line: &str) -> bool {
    if line.contains('\0') {
        return true;
    }
    let controls = line.bytes().filter(|&b| is_control_byte(b)).count();
    controls >= 3 && controls * 20 >= line.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(speaker: &str, text: &str, start: Option<f64>) -> Turn {
        Turn {
            speaker: speaker.to_string(),
            text: text.to_string(),
            start,
            end: None,
            id: None,
        }
    }

    fn parse(text: &str) -> Vec<Turn> {
        match parse_plain("session.txt", text) {
            Ok(t) => t.turns,
            Err(e) => panic!("unexpected error for {text:?}: {e}"),
        }
    }

    fn parse_err(text: &str) -> String {
        match parse_plain("session.txt", text) {
            Ok(t) => panic!("expected an error for {text:?}, got {:?}", t.turns),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn transcript_id_is_source_name() {
        let t = parse_plain("a/b.txt", "A: hi").unwrap();
        assert_eq!(t.id, "a/b.txt");
        assert_eq!(t.turns, vec![turn("A", "hi", None)]);
    }

    #[test]
    fn speaker_names() {
        let cases: &[(&str, &str, &str)] = &[
            ("Dr. Rivera: How are you?", "Dr. Rivera", "How are you?"),
            ("Speaker 1: hello", "Speaker 1", "hello"),
            ("MARY-ANN: fine", "MARY-ANN", "fine"),
            ("O'Brien: yes", "O'Brien", "yes"),
            ("O’Brien: curly", "O’Brien", "curly"),
            ("Note: the time is 10:30", "Note", "the time is 10:30"),
            ("alice: lowercase handle", "alice", "lowercase handle"),
            (
                "Maria de la Cruz: particles",
                "Maria de la Cruz",
                "particles",
            ),
            ("Dr.Rivera:no space", "Dr.Rivera", "no space"),
            ("  Client :  padded  ", "Client", "padded"),
            ("Zoë: unicode", "Zoë", "unicode"),
            ("A B C D E: five words", "A B C D E", "five words"),
        ];
        for &(line, speaker, text) in cases {
            assert_eq!(
                parse(line),
                vec![turn(speaker, text, None)],
                "line {line:?}"
            );
        }
    }

    #[test]
    fn colons_that_are_not_labels_continue_the_turn() {
        let cases: &[&str] = &[
            "And then she said to me: you never listen",
            "Then she said: no",
            "A B C D E F: six words is a sentence",
            "Averyveryverylongsinglewordthatisnotanameatall: x",
            "see http://example.com",
            "At 10:30 we met",
            "Room 3:30pm",
            "Therapist (T): annotations are not names",
            "1st speaker: starts with a digit",
            "de la: only particles",
            "- Dash: not a name start",
        ];
        for &line in cases {
            let text = format!("Client: start\n{line}");
            assert_eq!(
                parse(&text),
                vec![turn("Client", &format!("start\n{line}"), None)],
                "line {line:?}"
            );
        }
    }

    #[test]
    fn times() {
        let cases: &[(&str, Option<f64>, &str, &str)] = &[
            ("[00:01:02] Dr. Rivera: hi", Some(62.0), "Dr. Rivera", "hi"),
            ("[01:02] A: hi", Some(62.0), "A", "hi"),
            ("01:00:02 A: hi", Some(3602.0), "A", "hi"),
            ("(00:00:05.5) A: hi", Some(5.5), "A", "hi"),
            (
                "[00:00:07] - A: dash separator",
                Some(7.0),
                "A",
                "dash separator",
            ),
            (
                "00:00:08 | A: bar separator",
                Some(8.0),
                "A",
                "bar separator",
            ),
            (
                "Dr. Rivera [00:01:02]: after name",
                Some(62.0),
                "Dr. Rivera",
                "after name",
            ),
            (
                "Dr. Rivera (1:02): parens",
                Some(62.0),
                "Dr. Rivera",
                "parens",
            ),
            (
                "[00:00:01] B [00:00:09]: leading wins",
                Some(1.0),
                "B",
                "leading wins",
            ),
            (
                "B: [00:00:09] not a time here",
                None,
                "B",
                "[00:00:09] not a time here",
            ),
        ];
        for &(line, start, speaker, text) in cases {
            assert_eq!(
                parse(line),
                vec![turn(speaker, text, start)],
                "line {line:?}"
            );
        }
    }

    #[test]
    fn time_alone_on_a_line_stamps_the_next_turn() {
        let turns = parse(
            "[00:00:03]\nA: hi\nB: there\n00:10\n[00:00:11] C: own time\n[00:00:12]\nmore\nD: none",
        );
        assert_eq!(
            turns,
            vec![
                turn("A", "hi", Some(3.0)),
                turn("B", "there", None),
                turn("C", "own time\nmore", Some(11.0)),
                turn("D", "none", None),
            ]
        );
    }

    #[test]
    fn continuation_lines_and_blank_lines() {
        let text = "Therapist: How was\n  your week?\n\nClient: Hard.\n\nReally hard.\n[00:00:09] (sighs)\n";
        assert_eq!(
            parse(text),
            vec![
                turn("Therapist", "How was\nyour week?", None),
                turn("Client", "Hard.\nReally hard.\n[00:00:09] (sighs)", None),
            ]
        );
    }

    #[test]
    fn same_speaker_lines_stay_separate_turns() {
        assert_eq!(
            parse("A: one\nA: two"),
            vec![turn("A", "one", None), turn("A", "two", None)]
        );
    }

    #[test]
    fn empty_label_text() {
        // Filled by a continuation: kept, with no leading newline.
        assert_eq!(
            parse("A:\n  said later\nB:"),
            vec![turn("A", "said later", None)]
        );
        // Never filled: dropped.
        assert_eq!(parse("A:\nB: hi\nC:   "), vec![turn("B", "hi", None)]);
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}[00:00:01] A: one\r\ncontinued\r\n\r\nB: two\r\n";
        assert_eq!(
            parse(text),
            vec![
                turn("A", "one\ncontinued", Some(1.0)),
                turn("B", "two", None)
            ]
        );
    }

    #[test]
    fn empty_input_has_no_turns() {
        assert_eq!(parse(""), vec![]);
        assert_eq!(parse("\n  \r\n"), vec![]);
    }

    #[test]
    fn text_before_first_speaker() {
        let cases: &[(&str, &str)] = &[
            (
                "Session notes\nA: hi",
                "line 1: text before the first speaker label; expected `Name: text`",
            ),
            (
                "\n\n[00:00:01]\nthe client arrived\nA: hi",
                "line 4: text before the first speaker label; expected `Name: text`",
            ),
            (
                "\u{feff}\r\n  And then she said: hi",
                "line 2: text before the first speaker label; expected `Name: text`",
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_err(text), want, "input {text:?}");
        }
    }

    #[test]
    fn binary_data() {
        let cases: &[(&str, &str)] = &[
            (
                "A: hi\nB: ok\n\u{1}\u{2}\u{3}\u{4}PK\u{5}",
                "line 3: binary data (control characters); is this a transcript?",
            ),
            (
                "A: hi\nx\0y",
                "line 2: binary data (control characters); is this a transcript?",
            ),
            // Checked before anything else, so not reported as stray text.
            (
                "\u{89}PNG\r\n\u{1a}\n\0\0\0\rIHDR",
                "line 3: binary data (control characters); is this a transcript?",
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(parse_err(text), want, "input {text:?}");
        }
    }

    #[test]
    fn stray_control_characters_are_tolerated() {
        assert_eq!(
            parse("A: tab\there\u{c}page\nB: bell\u{7} once"),
            vec![
                turn("A", "tab\there\u{c}page", None),
                turn("B", "bell\u{7} once", None)
            ]
        );
    }

    #[test]
    fn split_label_parts() {
        assert_eq!(
            split_label("Dr. Rivera [00:00:04]: hi "),
            Some(Label {
                name: "Dr. Rivera",
                time: Some(4.0),
                text: "hi"
            })
        );
        assert_eq!(split_label("no colon here"), None);
        assert_eq!(split_label("Name [oops]: x"), None);
        assert_eq!(split_label(": x"), None);
    }
}
