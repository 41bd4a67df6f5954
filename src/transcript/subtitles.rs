//! Subtitle transcripts: WebVTT and SubRip (SRT).
//!
//! Both formats are read into cues (a timing line and its payload lines) by
//! one loop, then each cue's speaker is found and consecutive cues of the same
//! speaker are merged into one turn: captioners split one person's speech over
//! many short cues, and a turn is what the analysis needs.

use std::borrow::Cow;

use super::plain::{binary_error, find_binary_line, split_label};
use super::{numbered_lines, parse_timestamp, strip_bom, ParseError, Transcript, Turn};
use super::{time_in_range, time_out_of_range};
use crate::echo::echo;

/// The speaker of cues before any cue names one.
const UNKNOWN_SPEAKER: &str = "Unknown";

/// Reads a WebVTT file into one session named `source_name`.
///
/// The speaker of a cue comes from its `<v Name>` voice tag, else a `Name:`
/// prefix, else the previous cue's speaker.
pub fn parse_vtt(source_name: &str, text: &str) -> Result<Transcript, ParseError> {
    let text = strip_bom(text);
    let lines: Vec<(usize, &str)> = numbered_lines(text).collect();
    let first = lines.first().map_or("", |&(_, l)| l);
    if !is_vtt_signature(first) {
        return Err(ParseError::new(
            1,
            "missing `WEBVTT` header on the first line; is this a WebVTT file?",
        ));
    }
    if let Some(line) = find_binary_line(text) {
        return Err(binary_error(line));
    }
    // The header block runs to the first blank line. A timing line inside it
    // is a file that forgot the blank line, not header text.
    let body_start = lines
        .iter()
        .skip(1)
        .position(|&(_, l)| l.trim().is_empty() || l.contains("-->"))
        .map_or(lines.len(), |p| p + 1);
    let cues = read_cues(&lines[body_start..], Flavor::Vtt)?;
    Ok(Transcript::new(
        source_name,
        cues_to_turns(&cues, Flavor::Vtt),
    ))
}

/// Reads a SubRip (SRT) file into one session named `source_name`.
///
/// The speaker of a cue comes from a `Name:` prefix, else the previous cue's
/// speaker. Index lines may be missing and blank lines doubled.
pub fn parse_srt(source_name: &str, text: &str) -> Result<Transcript, ParseError> {
    let text = strip_bom(text);
    if let Some(line) = find_binary_line(text) {
        return Err(binary_error(line));
    }
    let lines: Vec<(usize, &str)> = numbered_lines(text).collect();
    let cues = read_cues(&lines, Flavor::Srt)?;
    Ok(Transcript::new(
        source_name,
        cues_to_turns(&cues, Flavor::Srt),
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Vtt,
    Srt,
}

impl Flavor {
    fn timing_example(self) -> &'static str {
        match self {
            Flavor::Vtt => "00:00:01.000 --> 00:00:04.000",
            Flavor::Srt => "00:00:01,000 --> 00:00:04,000",
        }
    }
}

/// One cue as written: its timing and its raw payload lines (trimmed).
#[derive(Debug)]
struct Cue<'a> {
    /// Line number of the timing line, for errors.
    line: usize,
    start: f64,
    end: f64,
    payload: Vec<&'a str>,
}

/// `WEBVTT` alone or followed by a space or tab and free text.
fn is_vtt_signature(line: &str) -> bool {
    line.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Splits the body of a subtitle file into cues.
///
/// Deliberately forgiving about layout, since hand-edited and converted files
/// are common: a block's first line is an identifier (SRT index) only when a
/// timing line follows it or it is a bare number; text found after a blank
/// line inside a cue belongs to that cue; a timing line inside a payload
/// starts a new cue (the blank line before it was lost).
fn read_cues<'a>(lines: &[(usize, &'a str)], flavor: Flavor) -> Result<Vec<Cue<'a>>, ParseError> {
    let mut cues: Vec<Cue<'a>> = Vec::new();
    // The previous non-blank line belonged to the last cue's payload.
    let mut in_payload = false;
    // Inside a WebVTT NOTE, STYLE or REGION block.
    let mut skipping = false;

    for (i, &(line_no, raw)) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            in_payload = false;
            skipping = false;
            continue;
        }
        if skipping {
            continue;
        }
        if line.contains("-->") {
            if in_payload {
                // Glued blocks: the number before this timing line was the
                // next cue's index, not text of the previous cue.
                if let Some(prev) = cues.last_mut() {
                    if prev.payload.last().is_some_and(|l| is_index(l)) {
                        prev.payload.pop();
                    }
                }
            }
            cues.push(parse_timing(line_no, line, flavor)?);
            in_payload = true;
            continue;
        }
        if in_payload {
            if let Some(cue) = cues.last_mut() {
                cue.payload.push(line);
                continue;
            }
        }
        // The first line of a block.
        if flavor == Flavor::Vtt && is_vtt_metadata(line) {
            skipping = true;
            continue;
        }
        let next = lines.get(i + 1).map_or("", |&(_, l)| l.trim());
        if next.contains("-->") || (looks_like_timing(next) && !looks_like_timing(line)) {
            // An identifier: the timing line (good or bad) comes next.
            continue;
        }
        if looks_like_timing(line) {
            return Err(malformed_timing(line_no, flavor));
        }
        if is_index(line) {
            continue;
        }
        match cues.last_mut() {
            Some(cue) => {
                cue.payload.push(line);
                in_payload = true;
            }
            None => {
                return Err(ParseError::new(
                    line_no,
                    format!(
                        "text before the first cue; expected a timing line such as `{}`",
                        flavor.timing_example()
                    ),
                ))
            }
        }
    }

    // An empty cue mid-file is legal (captioners use them to clear the
    // screen); an empty last cue is what a cut-off download looks like.
    if let Some(last) = cues.last() {
        if last.payload.is_empty() {
            return Err(ParseError::new(
                last.line,
                "cue has a timing line but no text (truncated file?)",
            ));
        }
    }
    Ok(cues)
}

/// `NOTE`, `STYLE` and `REGION` blocks carry no speech.
fn is_vtt_metadata(line: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|kw| {
        line.strip_prefix(kw)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
    })
}

/// A bare cue number (an SRT index or a numeric WebVTT identifier).
fn is_index(line: &str) -> bool {
    !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
}

/// A line that was meant as a timing line but lacks a proper `-->`:
/// `00:00:01.000 -> x`, `00:00:01,000 00:00:02,000`.
fn looks_like_timing(line: &str) -> bool {
    line.contains("->")
        || line
            .split_whitespace()
            .next()
            .is_some_and(|t| parse_timestamp(t).is_some())
}

fn malformed_timing(line_no: usize, flavor: Flavor) -> ParseError {
    ParseError::new(
        line_no,
        format!(
            "malformed cue timing line; expected `{}`",
            flavor.timing_example()
        ),
    )
}

/// Parses `start --> end [settings]`; settings (WebVTT positioning, SRT
/// coordinates) are ignored.
fn parse_timing<'a>(line_no: usize, line: &str, flavor: Flavor) -> Result<Cue<'a>, ParseError> {
    let (left, right) = line
        .split_once("-->")
        .ok_or_else(|| malformed_timing(line_no, flavor))?;
    let start_text = left.trim();
    let end_text = right.split_whitespace().next().unwrap_or("");
    let (Some(start), Some(end)) = (parse_timestamp(start_text), parse_timestamp(end_text)) else {
        return Err(malformed_timing(line_no, flavor));
    };
    if let Some(t) = [start, end].into_iter().find(|t| !time_in_range(*t)) {
        return Err(ParseError::new(line_no, time_out_of_range(t)));
    }
    if end < start {
        return Err(ParseError::new(
            line_no,
            format!(
                "cue ends at {}, before it starts at {}",
                echo(end_text),
                echo(start_text)
            ),
        ));
    }
    Ok(Cue {
        line: line_no,
        start,
        end,
        payload: Vec::new(),
    })
}

/// Part of a cue spoken by one speaker: a cue may hold a short exchange
/// (`<v A>Hi` / `<v B>Hello`), each line naming its speaker.
#[derive(Debug, PartialEq)]
struct Segment {
    speaker: Option<String>,
    text: String,
}

/// Turns cues into speaker turns, merging consecutive same-speaker segments.
fn cues_to_turns(cues: &[Cue<'_>], flavor: Flavor) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    for cue in cues {
        for seg in segments(&cue.payload, flavor) {
            if seg.text.is_empty() {
                continue;
            }
            let same_speaker = match (&seg.speaker, turns.last()) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(name), Some(last)) => *name == last.speaker,
            };
            if same_speaker {
                if let Some(last) = turns.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(&seg.text);
                    last.end = Some(cue.end);
                }
                continue;
            }
            turns.push(Turn {
                speaker: seg.speaker.unwrap_or_else(|| UNKNOWN_SPEAKER.to_string()),
                text: seg.text,
                start: Some(cue.start),
                end: Some(cue.end),
                id: None,
            });
        }
    }
    turns
}

/// Splits a cue's payload into segments at each line that names a speaker.
/// Lines are cleaned of markup; empty lines after cleaning add no text.
fn segments(payload: &[&str], flavor: Flavor) -> Vec<Segment> {
    let mut segs: Vec<Segment> = Vec::new();
    for raw in payload {
        let (voice, cleaned) = match flavor {
            Flavor::Vtt => clean_vtt_line(raw),
            Flavor::Srt => (None, strip_srt_tags(raw)),
        };
        let (speaker, text) = match voice {
            Some(name) => (Some(name), cleaned.as_str()),
            None => match name_prefix(&cleaned) {
                Some((name, text)) => (Some(name.to_string()), text),
                None => (None, cleaned.as_str()),
            },
        };
        if speaker.is_some() || segs.is_empty() {
            segs.push(Segment {
                speaker,
                text: String::new(),
            });
        }
        if let Some(seg) = segs.last_mut() {
            if !text.is_empty() {
                if !seg.text.is_empty() {
                    seg.text.push('\n');
                }
                seg.text.push_str(text);
            }
        }
    }
    segs
}

/// `Name: text` at the start of a cue line, also after a dialogue dash
/// (`- Name: text`), with the same rules for names as plain transcripts.
fn name_prefix(line: &str) -> Option<(&str, &str)> {
    let undashed = line
        .strip_prefix('-')
        .filter(|r| r.starts_with(char::is_whitespace))
        .map_or(line, str::trim_start);
    split_label(undashed).map(|label| (label.name, label.text))
}

/// Strips WebVTT markup from one payload line and decodes its entities.
/// Returns the first voice tag's name, if any, and the cleaned, trimmed text.
fn clean_vtt_line(line: &str) -> (Option<String>, String) {
    let mut voice: Option<String> = None;
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            // Not a tag after all: keep the text rather than lose it.
            out.push_str(&rest[lt..]);
            rest = "";
            break;
        };
        if voice.is_none() {
            voice = voice_name(&after[..gt]);
        }
        rest = &after[gt + 1..];
    }
    out.push_str(rest);
    let text = decode_entities(&out).trim().to_string();
    (voice, text)
}

/// The annotation of a `v` start tag (`v Name`, `v.loud.x Name`), decoded.
fn voice_name(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix('v')?;
    if !rest.starts_with(|c: char| c == '.' || c.is_whitespace()) {
        return None;
    }
    // Classes run up to the first whitespace; the annotation is the rest.
    let annotation = rest.find(char::is_whitespace).map_or("", |i| &rest[i..]);
    let name = decode_entities(annotation.trim()).trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// Removes SRT's HTML-like tags (`<i>`, `</b>`, `<font color="red">`) and
/// ASS override codes (`{\an8}`). A `<` not followed by a tag name is text.
fn strip_srt_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find(['<', '{']) {
        let (close, is_tag) = if rest[open..].starts_with('<') {
            let next = rest[open + 1..].chars().next();
            (
                '>',
                next.is_some_and(|c| c.is_ascii_alphabetic() || c == '/'),
            )
        } else {
            ('}', rest[open + 1..].starts_with('\\'))
        };
        let end = rest[open..].find(close).filter(|_| is_tag);
        match end {
            Some(end) => {
                out.push_str(&rest[..open]);
                rest = &rest[open + end + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Longest entity name looked at after `&` (`&#x10FFFF;` fits).
const MAX_ENTITY_LEN: usize = 10;

/// Decodes the character references WebVTT allows in cue text. Unknown or
/// malformed references are kept as written.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // `;` is ASCII, so its byte position is a char boundary.
        let decoded = after
            .bytes()
            .take(MAX_ENTITY_LEN + 1)
            .position(|b| b == b';')
            .and_then(|semi| entity_char(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity_char(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            // A NUL decoded from text would only cause trouble downstream.
            return char::from_u32(code).filter(|&c| c != '\0');
        }
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(speaker: &str, text: &str, start: f64, end: f64) -> Turn {
        Turn {
            speaker: speaker.to_string(),
            text: text.to_string(),
            start: Some(start),
            end: Some(end),
            id: None,
        }
    }

    fn vtt(text: &str) -> Vec<Turn> {
        match parse_vtt("talk.vtt", text) {
            Ok(t) => t.turns,
            Err(e) => panic!("unexpected error for {text:?}: {e}"),
        }
    }

    fn srt(text: &str) -> Vec<Turn> {
        match parse_srt("talk.srt", text) {
            Ok(t) => t.turns,
            Err(e) => panic!("unexpected error for {text:?}: {e}"),
        }
    }

    #[test]
    fn vtt_voice_tags_and_merging() {
        let text = "WEBVTT - session 4\nKind: captions\n\n\
            NOTE recorded in\nroom 2\n\n\
            STYLE\n::cue { color: red }\n\n\
            1\n00:00:01.000 --> 00:00:04.000 align:start position:10%\n<v Dr. Rivera>How are you</v>\n<v Dr. Rivera>today?</v>\n\n\
            d4f0c2e1-77aa/12-0\n00:00:04.500 --> 00:00:06.000\n<v.loud Client>I'm <i>not</i> <b>great</b>.</v>\n\n\
            00:00:06.000 --> 00:00:08.000\n<c.yellow>Really</c> <00:00:07.000>not.\n\n\
            00:00:09.000 --> 00:00:10.000\n<v Dr. Rivera>I see.\n";
        let t = parse_vtt("talk.vtt", text).unwrap();
        assert_eq!(t.id, "talk.vtt");
        assert_eq!(
            t.turns,
            vec![
                turn("Dr. Rivera", "How are you\ntoday?", 1.0, 4.0),
                turn("Client", "I'm not great.\nReally not.", 4.5, 8.0),
                turn("Dr. Rivera", "I see.", 9.0, 10.0),
            ]
        );
    }

    #[test]
    fn vtt_speaker_sources() {
        // (payload, expected speaker, expected text) for a cue after one by "Prev".
        let cases: &[(&str, &str, &str)] = &[
            ("<v Ann>hi", "Ann", "hi"),
            ("<v.a.b Ann Lee>hi</v>", "Ann Lee", "hi"),
            ("<v\tAnn>tab", "Ann", "tab"),
            ("Ann: prefixed", "Ann", "prefixed"),
            ("- Ann: dashed", "Ann", "dashed"),
            ("<i>Ann: inside italics</i>", "Ann", "inside italics"),
            // No speaker: merged into the previous cue's turn.
            ("no speaker named", "Prev", "before\nno speaker named"),
            ("<v>empty voice", "Prev", "before\nempty voice"),
            ("<vibe>not a voice", "Prev", "before\nnot a voice"),
            ("<v Ann>Bob: voice wins", "Ann", "Bob: voice wins"),
        ];
        for &(payload, speaker, text) in cases {
            let file = format!(
                "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Prev>before\n\n00:00:01.000 --> 00:00:02.000\n{payload}\n"
            );
            let turns = vtt(&file);
            let last = turns.last().unwrap();
            assert_eq!(
                (last.speaker.as_str(), last.text.as_str()),
                (speaker, text),
                "payload {payload:?}"
            );
        }
    }

    #[test]
    fn vtt_unknown_speaker_then_named() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n\n00:00:02.000 --> 00:00:03.000\nAnn: hi\n";
        assert_eq!(
            vtt(text),
            vec![
                turn("Unknown", "hello", 1.0, 2.0),
                turn("Ann", "hi", 2.0, 3.0),
            ]
        );
    }

    #[test]
    fn vtt_two_speakers_in_one_cue() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>Hi.\n<v Bob>Hello.\nHow are you?\n\n00:00:03.000 --> 00:00:04.000\nFine.\n";
        assert_eq!(
            vtt(text),
            vec![
                turn("Ann", "Hi.", 1.0, 3.0),
                turn("Bob", "Hello.\nHow are you?\nFine.", 1.0, 4.0),
            ]
        );
    }

    #[test]
    fn vtt_entities() {
        let cases: &[(&str, &str)] = &[
            ("Tom &amp; Jerry", "Tom & Jerry"),
            ("1 &lt; 2 &gt; 0", "1 < 2 > 0"),
            ("a&nbsp;b", "a\u{a0}b"),
            ("&lrm;x&rlm;", "\u{200e}x\u{200f}"),
            ("&#65;&#x42;&#X43;", "ABC"),
            ("&quot;q&quot; &apos;", "\"q\" '"),
            ("&lt;v Ann&gt; is text", "<v Ann> is text"),
            (
                "AT&T &bogus; &#xZZ; &#0; & &;",
                "AT&T &bogus; &#xZZ; &#0; & &;",
            ),
            ("&#1114112; too big", "&#1114112; too big"),
            ("unclosed < tag", "unclosed < tag"),
        ];
        for &(payload, want) in cases {
            let file = format!("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{payload}\n");
            assert_eq!(vtt(&file)[0].text, want, "payload {payload:?}");
        }
    }

    #[test]
    fn zoom_and_teams_captions() {
        // Zoom: numbered cues, `Name: text`, the name repeated on every cue.
        let zoom = "WEBVTT\n\n1\n00:00:02.340 --> 00:00:05.120\nAna Lima: Hello everyone.\n\n2\n00:00:05.120 --> 00:00:07.000\nAna Lima: Shall we start?\n\n3\n00:00:07.500 --> 00:00:08.000\nBen: Sure.\n";
        assert_eq!(
            vtt(zoom),
            vec![
                turn("Ana Lima", "Hello everyone.\nShall we start?", 2.34, 7.0),
                turn("Ben", "Sure.", 7.5, 8.0),
            ]
        );
        // Teams: BOM, CRLF, GUID/n-m cue ids, voice spans over several lines.
        let teams = "\u{feff}WEBVTT\r\n\r\n0d9e2c1b-5f7a-4a8e-9b6c-3e2f1a0b9c8d/17-0\r\n00:00:01.000 --> 00:00:03.000\r\n<v Ana Lima>Hello, can you\r\nhear me?</v>\r\n\r\n0d9e2c1b-5f7a-4a8e-9b6c-3e2f1a0b9c8d/18-0\r\n00:00:03.500 --> 00:00:04.000\r\n<v Ben O'Neil>Yes.</v>\r\n";
        assert_eq!(
            vtt(teams),
            vec![
                turn("Ana Lima", "Hello, can you\nhear me?", 1.0, 3.0),
                turn("Ben O'Neil", "Yes.", 3.5, 4.0),
            ]
        );
    }

    #[test]
    fn vtt_crlf_bom_and_short_times() {
        let text = "\u{feff}WEBVTT\r\n\r\n01:02.500 --> 01:04.000\r\n<v Ann>one\r\ntwo\r\n";
        assert_eq!(vtt(text), vec![turn("Ann", "one\ntwo", 62.5, 64.0)]);
    }

    #[test]
    fn vtt_header_without_blank_line() {
        let text = "WEBVTT\n00:00:01.000 --> 00:00:02.000\nAnn: hi\n";
        assert_eq!(vtt(text), vec![turn("Ann", "hi", 1.0, 2.0)]);
    }

    #[test]
    fn vtt_empty_file_with_header_has_no_turns() {
        assert_eq!(vtt("WEBVTT\n"), vec![]);
        assert_eq!(vtt("WEBVTT\n\nNOTE nothing yet\n"), vec![]);
    }

    #[test]
    fn srt_basic_merge_and_tolerance() {
        let text = "1\n00:00:01,000 --> 00:00:02,500\nAnn: Hello\nthere.\n\n\n\n\
            2\n00:00:03,000 --> 00:00:04,000\n<i>How are you?</i>\n\n\
            00:00:05,000 --> 00:00:06,000\n{\\an8}Bob: <font color=\"red\">Fine</font>.\n\n\
            4\n00:00:07,000 --> 00:00:08,000 X1:10 X2:20\nBob: Really.\n";
        assert_eq!(
            srt(text),
            vec![
                turn("Ann", "Hello\nthere.\nHow are you?", 1.0, 4.0),
                turn("Bob", "Fine.\nReally.", 5.0, 8.0),
            ]
        );
    }

    #[test]
    fn srt_layout_quirks() {
        let cases: &[(&str, Vec<Turn>)] = &[
            // Blank line between timing and text.
            (
                "1\n00:00:01,000 --> 00:00:02,000\n\nAnn: hi\n",
                vec![turn("Ann", "hi", 1.0, 2.0)],
            ),
            // Blank line inside a payload.
            (
                "1\n00:00:01,000 --> 00:00:02,000\nAnn: one\n\ntwo\n",
                vec![turn("Ann", "one\ntwo", 1.0, 2.0)],
            ),
            // Blocks glued without a blank line; the index is not text.
            (
                "1\n00:00:01,000 --> 00:00:02,000\nAnn: one\n2\n00:00:03,000 --> 00:00:04,000\nBob: two\n",
                vec![turn("Ann", "one", 1.0, 2.0), turn("Bob", "two", 3.0, 4.0)],
            ),
            // Blank lines between index and timing; an empty cue mid-file.
            (
                "\n\n1\n\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\nAnn: x\n\n",
                vec![turn("Ann", "x", 2.0, 3.0)],
            ),
            // Cue whose text is only markup: dropped, speaker carries over.
            (
                "00:00:01,000 --> 00:00:02,000\nAnn: a\n\n00:00:02,000 --> 00:00:03,000\n<i></i>\n\n00:00:03,000 --> 00:00:04,000\nb\n",
                vec![turn("Ann", "a\nb", 1.0, 4.0)],
            ),
            // `<` that opens no tag, and entities, are kept as written.
            (
                "00:00:01,000 --> 00:00:02,000\nAnn: 1 < 2 &amp; {not a code}\n",
                vec![turn("Ann", "1 < 2 &amp; {not a code}", 1.0, 2.0)],
            ),
            // Dot as the decimal separator.
            (
                "00:00:01.250 --> 00:00:02.000\nhi\n",
                vec![turn("Unknown", "hi", 1.25, 2.0)],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&srt(text), want, "input {text:?}");
        }
    }

    #[test]
    fn srt_crlf_and_bom() {
        let text = "\u{feff}1\r\n00:00:01,000 --> 00:00:02,000\r\nAnn: hi\r\nyou\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nBob: yo\r\n";
        assert_eq!(
            srt(text),
            vec![
                turn("Ann", "hi\nyou", 1.0, 2.0),
                turn("Bob", "yo", 2.0, 3.0)
            ]
        );
    }

    #[test]
    fn errors() {
        type Parser = fn(&str, &str) -> Result<Transcript, ParseError>;
        let cases: &[(Parser, &str, &str)] = &[
            (
                parse_vtt,
                "1\n00:00:01.000 --> 00:00:02.000\nhi\n",
                "line 1: missing `WEBVTT` header on the first line; is this a WebVTT file?",
            ),
            (
                parse_vtt,
                "WEBVTTX\n",
                "line 1: missing `WEBVTT` header on the first line; is this a WebVTT file?",
            ),
            (
                parse_vtt,
                "",
                "line 1: missing `WEBVTT` header on the first line; is this a WebVTT file?",
            ),
            (
                parse_vtt,
                "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n\n00:00:03.000 --> 00:00:04.000\n",
                "line 6: cue has a timing line but no text (truncated file?)",
            ),
            (
                parse_vtt,
                "WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\nhi\r\n\r\n2\r\n00:00:03.000 --> 00:00:04.000",
                "line 8: cue has a timing line but no text (truncated file?)",
            ),
            (
                parse_srt,
                "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 --> 00:00:04,000\n\n\n",
                "line 6: cue has a timing line but no text (truncated file?)",
            ),
            (
                parse_vtt,
                "WEBVTT\n\n00:00:01.000 -> x\nhi\n",
                "line 3: malformed cue timing line; expected `00:00:01.000 --> 00:00:04.000`",
            ),
            (
                parse_vtt,
                "WEBVTT\n\nid-7\n00:00:01.000 -> x\nhi\n",
                "line 4: malformed cue timing line; expected `00:00:01.000 --> 00:00:04.000`",
            ),
            (
                parse_vtt,
                "WEBVTT\n\n00:00:01.000 --> soon\nhi\n",
                "line 3: malformed cue timing line; expected `00:00:01.000 --> 00:00:04.000`",
            ),
            (
                parse_srt,
                "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 00:00:04,000\nyo\n",
                "line 6: malformed cue timing line; expected `00:00:01,000 --> 00:00:04,000`",
            ),
            (
                parse_srt,
                "1\n00:00:01,000 -->\nhi\n",
                "line 2: malformed cue timing line; expected `00:00:01,000 --> 00:00:04,000`",
            ),
            (
                parse_srt,
                "1\n00:00:05,000 --> 00:00:04,000\nhi\n",
                "line 2: cue ends at 00:00:04,000, before it starts at 00:00:05,000",
            ),
            (
                parse_vtt,
                "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nhi\n",
                "line 3: cue ends at 00:00:04.000, before it starts at 00:00:05.000",
            ),
            (
                parse_srt,
                "Ann: this is a plain transcript\nBob: not subtitles\n",
                "line 1: text before the first cue; expected a timing line such as `00:00:01,000 --> 00:00:04,000`",
            ),
            (
                parse_srt,
                "1\n00:00:01,000 --> 00:00:02,000\nhi\n\x00\x01\x02\x03\n",
                "line 4: binary data (control characters); is this a transcript?",
            ),
            (
                parse_vtt,
                "WEBVTT\n\n\x00\x00\x00\x00",
                "line 3: binary data (control characters); is this a transcript?",
            ),
        ];
        for &(parse, text, want) in cases {
            match parse("f", text) {
                Ok(t) => panic!("expected an error for {text:?}, got {:?}", t.turns),
                Err(e) => assert_eq!(e.to_string(), want, "input {text:?}"),
            }
        }
    }

    #[test]
    fn decode_entities_borrows_when_nothing_to_do() {
        assert!(matches!(decode_entities("plain"), Cow::Borrowed("plain")));
    }
}
