//! TalkBank CHAT transcripts (`.cha`), as used by CHILDES, AphasiaBank and the other
//! TalkBank corpora.
//!
//! ```text
//! @UTF8
//! @Begin
//! @Participants:→THE Ana_Rivera Therapist, CLI Ben Client
//! *THE:→how was your week ? ␕2000_4500␕
//! %mor:→adv|how ...
//! *CLI:→hard &=sighs . ␕5000_7000␕
//! →really hard .
//! @End
//! ```
//!
//! (`→` stands for a tab.) `*COD:` main tiers (a tab after the colon) are the utterances; consecutive
//! utterances of one speaker make one turn. Lines starting with a tab continue the
//! tier above. `%` dependent tiers and `@` headers other than `@Participants` are
//! skipped. A speaker is named by the participant's name in `@Participants` (with `_`
//! read as a space), else its role, else its code. Time bullets (`␕start_end␕`, the
//! byte 0x15 around milliseconds) give the start and end.
//!
//! CHAT's transcription codes are turned back into readable text: `&=laughs` becomes
//! the annotation `[laughs]` (and `[=! sighs]` becomes `[sighs]`), `xxx`/`yyy`/`www`
//! become `[inaudible]`, pauses `(.)`, `(..)`, `(2.5)` become `(pause)`, overlap
//! markers `[<]`/`[>]` become `[crosstalk]`, the trailing-off terminator `+...` becomes
//! `...`; other bracketed codes (`[/]`, `[//]`, `[*]`, `[: x]`, `[+ x]`, ...), scope
//! brackets `<...>`, word suffixes (`@l`), omitted words (`0is`), fillers' `&-` and
//! CHAT's spaces before punctuation are removed.

use super::{numbered_lines, strip_bom, time_in_range, time_out_of_range};
use super::{ParseError, Transcript, Turn};
use crate::echo::echo;

/// The time-bullet delimiter, NAK.
const BULLET: char = '\u{15}';

/// Reads a CHAT transcript into one session named `source_name`.
pub fn parse_chat(source_name: &str, text: &str) -> Result<Transcript, ParseError> {
    let text = strip_bom(text);
    let mut participants: Vec<(String, String)> = Vec::new();
    let mut have_participants = false;
    let mut turns: Vec<Turn> = Vec::new();
    // The tier being read: a main tier (its speaker code, first line, text so far) or
    // something skipped (a header or a dependent tier).
    let mut current: Option<Tier> = None;

    for (line_no, raw) in numbered_lines(text) {
        if looks_binary(raw) {
            return Err(ParseError::new(
                line_no,
                "binary data (control characters); is this a transcript?",
            ));
        }
        if raw.starts_with('\t') {
            match current.as_mut() {
                Some(Tier::Main(m)) | Some(Tier::Participants(m)) => {
                    m.text.push(' ');
                    m.text.push_str(raw.trim());
                }
                Some(Tier::Skipped) => {}
                None => {
                    return Err(ParseError::new(
                        line_no,
                        "a continuation line (starting with a tab) before any tier",
                    ))
                }
            }
            continue;
        }
        if let Some(tier) = current.take() {
            flush(tier, &mut turns, &mut participants, &mut have_participants)?;
        }
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('@') {
            current = Some(match header.strip_prefix("Participants:") {
                Some(value) => Tier::Participants(MainTier {
                    line: line_no,
                    code: String::new(),
                    text: value.trim().to_string(),
                }),
                None => Tier::Skipped,
            });
        } else if line.starts_with('%') {
            current = Some(Tier::Skipped);
        } else if let Some(rest) = line.strip_prefix('*') {
            let Some((code, body)) = rest.split_once(':') else {
                return Err(ParseError::new(
                    line_no,
                    "a main tier needs a colon after the speaker code, as in `*CHI:\\ttext`",
                ));
            };
            let code = code.trim();
            if code.is_empty() || !code.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(ParseError::new(
                    line_no,
                    format!(
                        "`{}` is not a CHAT speaker code (letters and digits, as in `*CHI:`)",
                        echo(code)
                    ),
                ));
            }
            current = Some(Tier::Main(MainTier {
                line: line_no,
                code: code.to_string(),
                text: body.trim().to_string(),
            }));
        } else {
            return Err(ParseError::new(
                line_no,
                "expected a `*SPK:` main tier, a `%` dependent tier, an `@` header or a tab continuation",
            ));
        }
    }
    if let Some(tier) = current.take() {
        flush(tier, &mut turns, &mut participants, &mut have_participants)?;
    }
    Ok(Transcript::new(source_name, turns))
}

/// Handles a tier once its continuation lines are in.
fn flush(
    tier: Tier,
    turns: &mut Vec<Turn>,
    participants: &mut Vec<(String, String)>,
    have_participants: &mut bool,
) -> Result<(), ParseError> {
    match tier {
        Tier::Main(m) => push_utterance(turns, m, participants, *have_participants),
        Tier::Participants(h) => {
            *participants = parse_participants(h.line, &h.text)?;
            *have_participants = true;
            Ok(())
        }
        Tier::Skipped => Ok(()),
    }
}

enum Tier {
    Main(MainTier),
    /// The `@Participants` header (its `text` is the value).
    Participants(MainTier),
    Skipped,
}

struct MainTier {
    line: usize,
    code: String,
    text: String,
}

/// `CODE Name Role` or `CODE Role`, comma-separated: (code, display name).
fn parse_participants(line_no: usize, value: &str) -> Result<Vec<(String, String)>, ParseError> {
    let mut out = Vec::new();
    for entry in value.split(',') {
        let parts: Vec<&str> = entry.split_whitespace().collect();
        let name = match parts.as_slice() {
            [] => continue,
            [code] => code,
            [_, role] => role,
            [_, name, ..] => name,
        };
        out.push((parts[0].to_string(), name.replace('_', " ")));
    }
    if out.is_empty() {
        return Err(ParseError::new(
            line_no,
            "`@Participants` names no one; expected `CODE Name Role, ...`",
        ));
    }
    Ok(out)
}

fn push_utterance(
    turns: &mut Vec<Turn>,
    tier: MainTier,
    participants: &[(String, String)],
    have_participants: bool,
) -> Result<(), ParseError> {
    let speaker = match participants.iter().find(|(c, _)| *c == tier.code) {
        Some((_, name)) => name.clone(),
        None if have_participants => {
            return Err(ParseError::new(
                tier.line,
                format!("speaker `{}` is not in `@Participants`", echo(&tier.code)),
            ))
        }
        None => tier.code.clone(),
    };
    let (text, times) = take_bullets(&tier.text).map_err(|m| ParseError::new(tier.line, m))?;
    let text = clean(&text);
    if text.is_empty() {
        return Ok(());
    }
    let (start, end) = match times {
        Some((s, e)) => (Some(s), Some(e)),
        None => (None, None),
    };
    match turns.last_mut() {
        Some(last) if last.speaker == speaker => {
            last.text.push('\n');
            last.text.push_str(&text);
            if end.is_some() {
                last.end = end;
            }
            if last.start.is_none() {
                last.start = start;
            }
        }
        _ => turns.push(Turn {
            speaker,
            text,
            start,
            end,
            id: None,
        }),
    }
    Ok(())
}

/// Removes the time bullets from a tier, returning the text and the first start and
/// last end, in seconds.
fn take_bullets(tier: &str) -> Result<(String, Option<(f64, f64)>), String> {
    let mut text = String::with_capacity(tier.len());
    let mut times: Option<(f64, f64)> = None;
    let mut rest = tier;
    while let Some(open) = rest.find(BULLET) {
        text.push_str(&rest[..open]);
        let after = &rest[open + BULLET.len_utf8()..];
        let close = after
            .find(BULLET)
            .ok_or("a time bullet is not closed (expected `\\x15start_end\\x15`)")?;
        let inner = &after[..close];
        // `%snd:"file"_start_end` in older files: the times are the last two fields.
        let mut fields = inner.rsplit('_');
        let (Some(end), Some(start)) = (fields.next(), fields.next()) else {
            return Err(format!(
                "time bullet `{}` should be `start_end` in milliseconds",
                echo(inner)
            ));
        };
        let (Ok(start), Ok(end)) = (start.trim().parse::<u64>(), end.trim().parse::<u64>()) else {
            return Err(format!(
                "time bullet `{}` should be `start_end` in milliseconds",
                echo(inner)
            ));
        };
        if end < start {
            return Err(format!(
                "time bullet `{}` ends before it starts",
                echo(inner)
            ));
        }
        let (s, e) = (start as f64 / 1000.0, end as f64 / 1000.0);
        if !time_in_range(e) {
            return Err(time_out_of_range(e));
        }
        times = Some(match times {
            Some((first, _)) => (first, e),
            None => (s, e),
        });
        text.push(' ');
        rest = &after[close + BULLET.len_utf8()..];
    }
    text.push_str(rest);
    Ok((text, times))
}

/// Lines with a NUL, or three or more control characters other than the bullet and tab.
fn looks_binary(line: &str) -> bool {
    line.contains('\0')
        || line
            .chars()
            .filter(|&c| c.is_control() && c != BULLET && c != '\t' && c != '\r')
            .count()
            >= 3
}

/// CHAT transcription codes turned back into readable text (see the module docs).
pub(super) fn clean(tier: &str) -> String {
    // Bracketed codes first: they may contain spaces.
    let mut spaced = String::with_capacity(tier.len());
    let mut rest = tier;
    while let Some(open) = rest.find('[') {
        spaced.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) => {
                spaced.push(' ');
                spaced.push_str(&bracket_code(after[..close].trim()));
                spaced.push(' ');
                rest = &after[close + 1..];
            }
            None => {
                spaced.push('[');
                rest = after;
            }
        }
    }
    spaced.push_str(rest);

    let mut words: Vec<String> = Vec::new();
    for token in spaced.split_whitespace() {
        let token = token.trim_matches(|c| c == '<' || c == '>');
        if let Some(w) = word(token) {
            words.push(w);
        }
    }
    // CHAT writes a space before punctuation; readable text has none.
    let mut out = String::with_capacity(tier.len());
    for w in words {
        let glue = w.starts_with(['.', ',', '?', '!', ';'])
            || (w.starts_with(':') && !w.starts_with(":)"));
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// What a `[...]` code becomes: an annotation for paralinguistic and overlap codes,
/// nothing for the rest.
fn bracket_code(code: &str) -> String {
    if let Some(event) = code.strip_prefix("=!") {
        return format!("[{}]", event.trim().replace('_', " "));
    }
    let overlap = code
        .strip_prefix(['<', '>'])
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
    if overlap {
        return "[crosstalk]".into();
    }
    String::new()
}

/// One whitespace-separated token of a tier, readable, or `None` to drop it.
fn word(token: &str) -> Option<String> {
    if token.is_empty() {
        return None;
    }
    // Pauses: (.) (..) (...) and timed (2.5) (1:02.5).
    if let Some(inner) = token.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        if !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b':')
        {
            return Some("(pause)".into());
        }
    }
    match token {
        "xxx" | "yyy" | "www" | "xx" | "yy" => return Some("[inaudible]".into()),
        "+..." | "+..?" => return Some("...".into()),
        "+/." | "+//." | "+/?" | "+//?" | "+." => return Some("-".into()),
        "+!?" => return Some("?!".into()),
        "+\"/." | "+\"." => return Some(".".into()),
        _ => {}
    }
    // Utterance linkers at the start (`+<`, `+^`, `+,`, `++`, `+"`) and other `+` codes.
    if token.starts_with('+') {
        return None;
    }
    if let Some(event) = token.strip_prefix("&=") {
        return Some(format!("[{}]", event.replace('_', " ")));
    }
    let token = token
        .strip_prefix("&-")
        .or_else(|| token.strip_prefix("&+"))
        .or_else(|| token.strip_prefix("&~"))
        .unwrap_or(token);
    if token.starts_with('&') {
        return None;
    }
    // An omitted word (`0is`) was not said.
    if token.len() > 1 && token.starts_with('0') && token[1..].starts_with(char::is_alphabetic) {
        return None;
    }
    // A word's `@` suffix (`doggie@f`), and its lengthening `:` and pause `^` marks.
    let token = token.split_once('@').map_or(token, |(w, _)| w);
    let mut out = String::with_capacity(token.len());
    let mut prev_alpha = false;
    for c in token.chars() {
        match c {
            // Omitted sounds, `(be)cause`: the word as meant.
            '(' | ')' if token.chars().any(char::is_alphabetic) => continue,
            ':' | '^' | 'ˈ' | 'ˌ' | '↑' | '↓' | '≠' | '‡' | '„' if prev_alpha => {
                continue
            }
            '_' => out.push(' '),
            c => out.push(c),
        }
        prev_alpha = c.is_alphabetic();
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(speaker: &str, text: &str, times: Option<(f64, f64)>) -> Turn {
        Turn {
            speaker: speaker.into(),
            text: text.into(),
            start: times.map(|t| t.0),
            end: times.map(|t| t.1),
            id: None,
        }
    }

    #[test]
    fn reads_tiers_participants_bullets_and_continuations() {
        let text = "\u{feff}@UTF8\r\n@Begin\r\n@Languages:\teng\r\n@Participants:\tTHE Ana_Rivera Therapist,\r\n\tCLI Client\r\n@ID:\teng|x|THE|||||Therapist|||\r\n*THE:\tHow was your week ? \u{15}2000_4500\u{15}\r\n%mor:\tadv|how\r\n\tmore|mor\r\n*CLI:\tHard &=sighs . \u{15}5000_6000\u{15}\r\n*CLI:\tReally\r\n\thard +... \u{15}6100_7000\u{15}\r\n@Comment:\tnothing\r\n*THE:\tI see .\r\n@End\r\n";
        let t = parse_chat("s.cha", text).unwrap();
        assert_eq!(
            t.turns,
            vec![
                turn("Ana Rivera", "How was your week?", Some((2.0, 4.5))),
                turn("Client", "Hard [sighs].\nReally hard...", Some((5.0, 7.0))),
                turn("Ana Rivera", "I see.", None),
            ]
        );
    }

    #[test]
    fn codes_become_readable_text() {
        let cases: &[(&str, &str)] = &[
            (
                "I want [/] I want the cookie .",
                "I want I want the cookie.",
            ),
            (
                "<you never> [//] you always forget !",
                "you never you always forget!",
            ),
            ("he goed [: went] [*] home .", "he goed home."),
            (
                "xxx and then (.) we left (2.5) .",
                "[inaudible] and then (pause) we left (pause).",
            ),
            ("I said no [>] .", "I said no [crosstalk]."),
            ("+< yes [<] .", "yes [crosstalk]."),
            (
                "&-uh I (be)cause doggie@f 0is ye:s .",
                "uh I because doggie yes.",
            ),
            (
                "ice_cream &=laughs [=! sighs] ok +/.",
                "ice cream [laughs] [sighs] ok -",
            ),
            ("well , okay ?", "well, okay?"),
            ("a [ unclosed", "a [ unclosed"),
        ];
        for &(tier, want) in cases {
            assert_eq!(clean(tier), want, "{tier:?}");
        }
    }

    #[test]
    fn without_participants_the_code_is_the_speaker() {
        let t = parse_chat("s", "*MOT:\thi .\n*CHI:\tho .\n").unwrap();
        assert_eq!(
            t.turns,
            vec![turn("MOT", "hi.", None), turn("CHI", "ho.", None)]
        );
    }

    #[test]
    fn errors() {
        let head = "@Begin\n@Participants:\tA Ann Mother, B Bob Father\n";
        let cases: &[(&str, &str)] = &[
            ("*C:\thi .\n", "line 3: speaker `C` is not in `@Participants`"),
            ("*A hi .\n", "line 3: a main tier needs a colon after the speaker code, as in `*CHI:\\ttext`"),
            ("*A B:\thi\n", "line 3: `A B` is not a CHAT speaker code (letters and digits, as in `*CHI:`)"),
            ("*A:\thi . \u{15}100_\u{15}\n", "line 3: time bullet `100_` should be `start_end` in milliseconds"),
            ("*A:\thi . \u{15}100\u{15}\n", "line 3: time bullet `100` should be `start_end` in milliseconds"),
            ("*A:\thi . \u{15}200_100\u{15}\n", "line 3: time bullet `200_100` ends before it starts"),
            ("*A:\thi . \u{15}100_200\n", "line 3: a time bullet is not closed (expected `\\x15start_end\\x15`)"),
            ("*A:\thi .\nstray text\n", "line 4: expected a `*SPK:` main tier, a `%` dependent tier, an `@` header or a tab continuation"),
            ("*A:\thi .\n\u{1}\u{2}\u{3}\n", "line 4: binary data (control characters); is this a transcript?"),
        ];
        for &(body, want) in cases {
            let text = format!("{head}{body}");
            assert_eq!(
                parse_chat("s", &text).unwrap_err().to_string(),
                want,
                "{body:?}"
            );
        }
        assert_eq!(
            parse_chat("s", "\tcontinued\n").unwrap_err().to_string(),
            "line 1: a continuation line (starting with a tab) before any tier"
        );
        assert_eq!(
            parse_chat("s", "@Participants:\t , \n")
                .unwrap_err()
                .to_string(),
            "line 1: `@Participants` names no one; expected `CODE Name Role, ...`"
        );
    }
}
