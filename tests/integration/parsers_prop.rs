//! Property tests for every reader, run as ordinary tests on generated input (a fixed
//! number of cases each, so the time is bounded): whatever the bytes, reading gives
//! turns or an error naming a line of the input, never a panic; and whatever is read
//! goes through the whole analysis and the JSON writer without a panic, and written as a
//! session line (what `turnscope pack` does) reads back as the same session.
//!
//! Three kinds of input per format: arbitrary text; a valid fixture of the format with
//! random damage (cut short, a piece deleted, junk inserted), which reaches deep into
//! the reader; and lines assembled from the format's own tokens.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;

use turnscope::cues::{find_cues, mask};
use turnscope::input::read_text;
use turnscope::report::{session_document, OutputOptions, SourceInfo};
use turnscope::text::Uncensor;
use turnscope::transcript::{
    parse, parse_session_line_with_origin, write_session_line, Format, Origin, Transcript,
};
use turnscope::Engine;

use crate::root;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// A valid sample of each format (the six-turn fixtures; ConvoKit from the examples).
fn sample(format: Format) -> String {
    let file = match format {
        Format::Plain => "tests/fixtures/six-turn/session.txt",
        Format::Vtt => "tests/fixtures/six-turn/teams.vtt",
        Format::Srt => "tests/fixtures/six-turn/session.srt",
        Format::Convokit => "examples/support-chats.jsonl",
        Format::Otter => "tests/fixtures/six-turn/otter.txt",
        Format::Chat => "tests/fixtures/six-turn/session.cha",
        Format::Whisper => "tests/fixtures/six-turn/whisperx.json",
        Format::Aws => "tests/fixtures/six-turn/aws.json",
        Format::Rev => "tests/fixtures/six-turn/rev.json",
        Format::Sessions => "tests/fixtures/six-turn/sessions.jsonl",
    };
    std::fs::read_to_string(root().join(file)).unwrap()
}

/// Tokens each format is made of, for assembling near-valid lines.
fn tokens(format: Format) -> &'static [&'static str] {
    match format {
        Format::Plain => &[
            "Ana:",
            "Dr. Rivera:",
            "[00:00:01]",
            "(01:02)",
            "you never",
            "\n",
            " ",
            "\t",
        ],
        Format::Vtt => &[
            "WEBVTT",
            "\n",
            "\r\n",
            "-->",
            "00:00:01.000",
            "<v Ana>",
            "</v>",
            "NOTE",
            "ab12/3-0",
            "&amp;",
            "<",
            "Ana:",
        ],
        Format::Srt => &[
            "1",
            "\n",
            "-->",
            "00:00:01,000",
            "<i>",
            "{\\an8}",
            "Ana:",
            "hi",
        ],
        Format::Convokit => &[
            "{",
            "}",
            "\"id\":",
            "\"text\":",
            "\"conversation_id\":",
            "\"reply_to\":",
            "null",
            "1",
            "\"x\"",
            ",",
            "[",
            "]",
            "\n",
        ],
        Format::Otter => &[
            "Ana  0:01",
            "Speaker 1  1:02:03",
            "\n",
            "hello",
            "Transcribed by https://otter.ai",
            "9:99",
        ],
        Format::Chat => &[
            "@Begin",
            "@Participants:\t",
            "A Ann Mother",
            ",",
            "*A:\t",
            "%mor:\t",
            "\n",
            "\t",
            "\u{15}",
            "100_200",
            "_",
            "[/]",
            "&=laughs",
            "(.)",
            "xxx",
            "<",
            ">",
            "[",
            "]",
            "+...",
            "0is",
            "@l",
        ],
        Format::Whisper => &[
            "{",
            "}",
            "\"segments\":",
            "\"start\":",
            "\"end\":",
            "\"text\":",
            "\"speaker\":",
            "\"words\":",
            "[",
            "]",
            "1.5",
            "-1",
            "\"SPEAKER_00\"",
            ",",
            "null",
            "\n",
        ],
        Format::Aws => &[
            "{",
            "}",
            "\"results\":",
            "\"items\":",
            "\"type\":",
            "\"pronunciation\"",
            "\"punctuation\"",
            "\"alternatives\":",
            "\"content\":",
            "\"start_time\":",
            "\"0.5\"",
            "\"speaker_label\":",
            "\"spk_0\"",
            "\"speaker_labels\":",
            "\"segments\":",
            "[",
            "]",
            ",",
        ],
        Format::Rev => &[
            "{",
            "}",
            "\"monologues\":",
            "\"speaker\":",
            "0",
            "\"elements\":",
            "\"type\":",
            "\"text\"",
            "\"unknown\"",
            "\"value\":",
            "\"<inaudible>\"",
            "\"ts\":",
            "1.0",
            "[",
            "]",
            ",",
        ],
        Format::Sessions => &[
            "{",
            "}",
            "\"id\":",
            "\"turns\":",
            "\"speaker\":",
            "\"text\":",
            "\"start\":",
            "\"end\":",
            "\"source\":",
            "\"format\":",
            "\"vtt\"",
            "2",
            "1",
            "\"A\"",
            "[",
            "]",
            ",",
            "\n",
        ],
    }
}

/// Reads `text` as `format`; on success runs the analysis and writes the documents.
/// Checks errors name a line of the input (or the whole input).
fn check(format: Format, text: &str) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count();
    match parse(format, "generated", text) {
        Ok(sessions) => {
            for t in &sessions {
                let analysis = engine().analyze(t);
                let doc = session_document(
                    t,
                    &analysis,
                    SourceInfo::default(),
                    OutputOptions::default(),
                );
                prop_assert_eq!(doc.turns.len(), t.turns.len());
                serde_json::to_string(&doc).unwrap();
                check_session_line(format, t)?;
            }
        }
        Err(e) => {
            prop_assert!(
                e.line <= lines + 1,
                "{format}: line {} of {lines}: {e}",
                e.line
            );
            prop_assert!(!e.message.is_empty());
        }
    }
    // The same through the byte-level entry point, with auto-detection.
    let _ = read_text("generated", text.as_bytes(), None);
    Ok(())
}

/// Writing a session as a line and reading it back gives it again, times to the bit
/// (JSON has no infinite numbers: those are left out).
fn check_session_line(format: Format, session: &Transcript) -> Result<(), TestCaseError> {
    let origin = Origin {
        source: Some("dir/generated".into()),
        format: Some(format),
    };
    let mut line = Vec::new();
    write_session_line(&mut line, session, &origin).unwrap();
    let line = String::from_utf8(line).unwrap();
    prop_assert_eq!(line.matches('\n').count(), 1);
    let (read, read_origin) = parse_session_line_with_origin(&line)
        .map_err(|e| TestCaseError::fail(format!("{e}: {line}")))?;
    prop_assert_eq!(read_origin, origin);
    prop_assert_eq!(&read.id, &session.id);
    prop_assert_eq!(read.turns.len(), session.turns.len());
    let bits = |t: Option<f64>| t.filter(|x| x.is_finite()).map(f64::to_bits);
    for (a, b) in read.turns.iter().zip(&session.turns) {
        prop_assert_eq!(&a.speaker, &b.speaker);
        prop_assert_eq!(&a.text, &b.text);
        prop_assert_eq!(&a.id, &b.id);
        prop_assert_eq!(a.start.map(f64::to_bits), bits(b.start));
        prop_assert_eq!(a.end.map(f64::to_bits), bits(b.end));
    }
    Ok(())
}

/// A damaged copy of `base`: cut at `cut`, then `junk` inserted at `at` and `drop`
/// bytes removed after it (all positions moved to character boundaries).
fn damage(base: &str, cut: usize, at: usize, drop: usize, junk: &str) -> String {
    let floor = |s: &str, mut i: usize| {
        i = i.min(s.len());
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let cut = floor(base, cut);
    let mut s = base[..cut].to_string();
    let at = floor(&s, at);
    let end = floor(&s, at + drop);
    s.replace_range(at..end, junk);
    s
}

/// 256 cases a property by default; `PROPTEST_CASES=N` for a longer hunt.
fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..Config::default()
    }
}

fn formats() -> impl Strategy<Value = Format> {
    proptest::sample::select(Format::ALL.to_vec())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics(format in formats(), text in "\\PC{0,200}|[\\x00-\\x7f]{0,200}") {
        check(format, &text)?;
    }

    #[test]
    fn damaged_samples_never_panic(
        format in formats(),
        cut in 0usize..6000,
        at in 0usize..6000,
        drop in 0usize..40,
        junk in "[\\x00-\\x7f]{0,8}|\\PC{0,4}",
    ) {
        let base = sample(format);
        // Often cut near the end, like a download that stopped.
        let cut = if cut % 2 == 0 { base.len() - cut.min(base.len()) / 8 } else { cut };
        check(format, &damage(&base, cut, at % (base.len() + 1), drop, &junk))?;
    }

    #[test]
    fn assembled_tokens_never_panic(
        format in formats(),
        picks in proptest::collection::vec((0usize..64, "[a-zA-Z0-9 .,?!:'\\-]{0,6}"), 0..60),
    ) {
        let toks = tokens(format);
        let text: String = picks
            .iter()
            .map(|(i, filler)| format!("{}{}", toks[i % toks.len()], filler))
            .collect();
        check(format, &text)?;
    }

    #[test]
    fn cues_are_char_aligned_and_masking_keeps_offsets(text in "\\PC{0,80}|[\\[\\]().<> a-z…\n]{0,80}") {
        let cues = find_cues(&text);
        let mut last = 0;
        for c in &cues {
            prop_assert!(c.span.start < c.span.end && c.span.end <= text.len());
            prop_assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            prop_assert!(c.span.start >= last, "cues overlap in {:?}", text);
            last = c.span.end;
        }
        let masked = mask(&text, &cues);
        prop_assert_eq!(masked.len(), text.len());
        for (i, (a, b)) in text.bytes().zip(masked.bytes()).enumerate() {
            let in_cue = cues.iter().any(|c| c.span.range().contains(&i));
            let want = if in_cue { b' ' } else { a };
            prop_assert_eq!(b, want);
        }
    }

    #[test]
    fn spelling_out_masked_words_keeps_every_byte_in_place(
        text in "\\PC{0,60}|[a-zA-Z*@#$!% .,\\n]{0,60}|(f\\*ck|sh!t|a\\*\\*hole|\\*[a-z]{1,5}\\*| |é)*",
    ) {
        let words = ["fuck", "shit", "asshole", "ass", "slut", "damn", "bitch"];
        let out = Uncensor::new(words).apply(text.as_str().into());
        prop_assert_eq!(out.len(), text.len());
        // Only mask characters change, each into a lower case letter.
        for (a, b) in text.bytes().zip(out.bytes()) {
            prop_assert!(a == b || (b"*@#$!%".contains(&a) && b.is_ascii_lowercase()) || a.to_ascii_lowercase() == b);
        }
        // And the analysis of the text runs on it.
        let _ = engine().detect(&text, false);
    }
}

#[test]
fn every_sample_reads() {
    for f in Format::ALL {
        let text = sample(f);
        assert!(parse(f, "s", &text).is_ok(), "{f}");
    }
}
