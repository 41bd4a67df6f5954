//! Transcripts: the turns of one conversation, read from the formats people have.
//!
//! Every reader produces the same [`Transcript`] of [`Turn`]s. Readers never
//! panic on bad input: they return a [`ParseError`] naming the line (1-based)
//! where reading failed, and the caller adds the file name.

use std::fmt;

mod asr;
mod aws;
mod chat;
mod convokit;
mod detect;
mod otter;
mod plain;
mod rev;
mod sessions_jsonl;
mod subtitles;
mod whisper;

pub use aws::parse_aws;
pub use chat::parse_chat;
pub use convokit::parse_convokit;
pub use otter::parse_otter;
pub use plain::parse_plain;
pub use rev::parse_rev;
pub use sessions_jsonl::{
    name_by_line, parse_session_line, parse_session_line_with_origin, parse_sessions,
    write_session_line, Origin,
};
pub use subtitles::{parse_srt, parse_vtt};
pub use whisper::parse_whisper;

/// One speaker turn: who spoke, what they said, and when, where the input says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Turn {
    /// The speaker's name as written in the source (trimmed).
    pub speaker: String,
    /// What was said, as in the source (cue lines of a merged turn joined by `\n`).
    pub text: String,
    /// Start time in seconds from the beginning of the recording, where known.
    pub start: Option<f64>,
    /// End time in seconds, where known.
    pub end: Option<f64>,
    /// The source's own id for this turn (a ConvoKit utterance id), where there is one.
    pub id: Option<String>,
}

/// One conversation (a session): an id and its turns in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transcript {
    /// The session id: a ConvoKit `conversation_id`, or the file name.
    pub id: String,
    /// The turns in the order they were spoken.
    pub turns: Vec<Turn>,
}

impl Transcript {
    /// A transcript with the given id and turns.
    pub fn new(id: impl Into<String>, turns: Vec<Turn>) -> Self {
        Transcript {
            id: id.into(),
            turns,
        }
    }
}

/// The input formats turnscope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `Speaker: text` lines, optional leading time.
    Plain,
    /// WebVTT with `<v Name>` voice tags or `Name: text` cues.
    Vtt,
    /// SubRip with `Name: text` cues.
    Srt,
    /// ConvoKit `utterances.jsonl`: many conversations in one file.
    Convokit,
    /// Otter.ai text export: `Name  M:SS` lines, the text below, blank lines between turns.
    Otter,
    /// TalkBank CHAT (`.cha`): `@Participants`, `*COD:` tiers, time bullets in milliseconds.
    Chat,
    /// Whisper or WhisperX JSON: `segments[]` with `start`, `end`, `text`, optional `speaker`.
    Whisper,
    /// AWS Transcribe JSON: `results.items[]` with speaker labels.
    Aws,
    /// Rev JSON: `monologues[]` of `elements[]`.
    Rev,
    /// One whole session a line (`{"id", "turns": [...]}` or a ConvoKit conversation):
    /// the format of `turnscope stream`. See [`parse_session_line`].
    Sessions,
}

impl Format {
    /// The name used on the command line and in the output.
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Convokit => "convokit",
            Format::Otter => "otter",
            Format::Chat => "chat",
            Format::Whisper => "whisper",
            Format::Aws => "aws",
            Format::Rev => "rev",
            Format::Sessions => "sessions",
        }
    }

    /// Every format, in the order the documentation lists them.
    pub const ALL: [Format; 10] = [
        Format::Plain,
        Format::Vtt,
        Format::Srt,
        Format::Convokit,
        Format::Otter,
        Format::Chat,
        Format::Whisper,
        Format::Aws,
        Format::Rev,
        Format::Sessions,
    ];

    /// Parses a format name as given on the command line.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "plain" | "txt" | "text" => Some(Format::Plain),
            "vtt" | "webvtt" | "zoom" | "teams" => Some(Format::Vtt),
            "srt" => Some(Format::Srt),
            "convokit" | "jsonl" => Some(Format::Convokit),
            "otter" => Some(Format::Otter),
            "chat" | "cha" | "talkbank" => Some(Format::Chat),
            "whisper" | "whisperx" => Some(Format::Whisper),
            "aws" | "transcribe" => Some(Format::Aws),
            "rev" => Some(Format::Rev),
            "sessions" => Some(Format::Sessions),
            _ => None,
        }
    }

    /// Guesses the format from a file name (its extension) and the text itself.
    ///
    /// The content wins over the extension where it is clear: a `WEBVTT` header, a
    /// CHAT `@Begin`, JSON whose keys name the format (`segments` for Whisper,
    /// `results.items` for AWS Transcribe, `monologues` for Rev, `turns` for sessions,
    /// `conversation_id`/`reply_to` for ConvoKit), an Otter `Name  M:SS` heading or SRT
    /// cue numbering. Otherwise the extension decides, and plain text is the fallback.
    pub fn detect(file_name: Option<&str>, text: &str) -> Format {
        detect::detect(file_name, text)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Reads `text` in the given format. `source_name` becomes the session id for
/// single-session formats.
pub fn parse(format: Format, source_name: &str, text: &str) -> Result<Vec<Transcript>, ParseError> {
    let text = strip_bom(text);
    let sessions = match format {
        Format::Plain => vec![parse_plain(source_name, text)?],
        Format::Vtt => vec![parse_vtt(source_name, text)?],
        Format::Srt => vec![parse_srt(source_name, text)?],
        Format::Convokit => parse_convokit(text)?,
        Format::Otter => vec![parse_otter(source_name, text)?],
        Format::Chat => vec![parse_chat(source_name, text)?],
        Format::Whisper => vec![parse_whisper(source_name, text)?],
        Format::Aws => vec![parse_aws(source_name, text)?],
        Format::Rev => vec![parse_rev(source_name, text)?],
        Format::Sessions => parse_sessions(text)?,
    };
    if sessions.iter().all(|s| s.turns.is_empty()) {
        return Err(ParseError::new(0, "no speaker turns found"));
    }
    Ok(sessions)
}

/// Why a transcript could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number where reading failed; 0 when the whole input is at fault.
    pub line: usize,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

impl ParseError {
    /// An error at `line` (1-based; 0 for the whole input).
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        ParseError {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for ParseError {}

/// Drops a leading UTF-8 byte order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Lines of `text` with CR LF or LF endings, numbered from 1, without the line ends.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // `text.split('\n')`, the line ends found with memchr (core's search for a char reads
    // a word at a time, several times the instructions on a large file).
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        Some(match memchr::memchr(b'\n', t.as_bytes()) {
            Some(at) => {
                rest = Some(&t[at + 1..]);
                &t[..at]
            }
            None => {
                rest = None;
                t
            }
        })
    })
    .map(|l| l.strip_suffix('\r').unwrap_or(l))
    .enumerate()
    .map(|(i, l)| (i + 1, l))
}

/// The largest time, in seconds, a transcript may give: 10^15 s, about 31.7 million
/// years, room for any recording and for Unix times in seconds or milliseconds.
///
/// Every reader that takes times rejects a time beyond it (or not a finite number) with
/// the file and line, so that the figures computed from times (`talk_time`, `pause`,
/// `overlap`, ...) are always finite numbers: a time such as `1e308` would otherwise
/// overflow them to infinity, which JSON can only write as `null`. Times are 0 or more
/// in every format but ConvoKit and session lines, whose times may be negative down to
/// -10^15 (a ConvoKit `timestamp` is a point in time, which may come before 1970).
pub const MAX_SECONDS: f64 = 1e15;

/// Whether `t` is a time turnscope accepts in magnitude (see [`MAX_SECONDS`]).
pub(crate) fn time_in_range(t: f64) -> bool {
    t.is_finite() && t.abs() <= MAX_SECONDS
}

/// What is wrong with a time beyond [`MAX_SECONDS`].
pub(crate) fn time_out_of_range(t: f64) -> String {
    let shown = if t.is_finite() && t.abs() < 1e9 {
        format!("{t}")
    } else {
        format!("{t:e}")
    };
    format!("time {shown} s is out of range: times run up to 10^15 seconds")
}

/// Parses a timestamp such as `01:02:03.500`, `01:02:03,500`, `02:03.5`, `1:02:03` into seconds.
pub(crate) fn parse_timestamp(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let s = s.replace(',', ".");
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let mut total = 0.0;
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit() || (last && b == b'.')) {
            return None;
        }
        let v: f64 = p.parse().ok()?;
        total = total * 60.0 + v;
    }
    Some(total)
}
