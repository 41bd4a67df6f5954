//! `turnscope pack`: every format packed into session lines that `turnscope stream` turns
//! into exactly what `turnscope batch` writes; bad files named and passed over; order
//! whatever the threads; never overwriting an input; a closed pipe.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::batch::{archive, lines, run, s};
use crate::{assert_quiet_when_the_reader_stops, example, root, turnscope, turnscope_stdin};

/// Every transcript shipped with the project: the examples and the test fixtures.
fn shipped_transcripts() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples", "tests/fixtures/six-turn", "tests/fixtures/cues"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x != "py") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// `turnscope pack ARGS` piped into `turnscope stream`: (pack's exit code, documents).
fn pack_then_stream(args: &[&str]) -> (Option<i32>, Vec<u8>) {
    let mut pack_args = vec!["pack", "-q"];
    pack_args.extend_from_slice(args);
    let packed = turnscope(&pack_args);
    let stderr = String::from_utf8_lossy(&packed.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let streamed = turnscope_stdin(&["stream"], &packed.stdout);
    assert_eq!(
        streamed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&streamed.stderr)
    );
    assert!(
        streamed.stderr.is_empty(),
        "every packed line reads back: {}",
        String::from_utf8_lossy(&streamed.stderr)
    );
    (packed.status.code(), streamed.stdout)
}

#[test]
fn every_format_packed_then_streamed_is_what_batch_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let results = tmp.path().join("r.jsonl");
    let mut formats = BTreeSet::new();
    for file in shipped_transcripts() {
        let (code, stderr) = run(&["batch", "-q", s(&file), "--out", s(&results)]);
        assert_eq!(code, Some(0), "{}: {stderr}", file.display());
        let (code, streamed) = pack_then_stream(&[s(&file)]);
        assert_eq!(code, Some(0), "{}", file.display());
        let expected = std::fs::read(&results).unwrap();
        assert!(
            streamed == expected,
            "{}: pack | stream differs from batch\n  stream: {}\n  batch:  {}",
            file.display(),
            String::from_utf8_lossy(&streamed),
            String::from_utf8_lossy(&expected)
        );
        for doc in lines(&results) {
            formats.insert(doc["session"]["format"].as_str().unwrap().to_string());
        }
    }
    let every: BTreeSet<String> = [
        "aws", "chat", "convokit", "otter", "plain", "rev", "sessions", "srt", "vtt", "whisper",
    ]
    .map(String::from)
    .into();
    assert_eq!(formats, every, "the shipped files cover every format");
}

#[test]
fn the_lines_carry_turns_times_ids_and_the_file() {
    let whisper = root().join("tests/fixtures/six-turn/whisperx.json");
    let out = turnscope(&["pack", s(&example("support-chats.jsonl")), s(&whisper)]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        3,
        "two ConvoKit conversations, one Whisper file"
    );
    let chat = &lines[0];
    assert_eq!(chat["format"], "convokit");
    assert!(chat["source"]
        .as_str()
        .unwrap()
        .ends_with("support-chats.jsonl"));
    assert!(chat["turns"][0]["id"].is_string(), "utterance ids: {chat}");
    let w = &lines[2];
    assert_eq!(w["id"], "whisperx.json");
    assert_eq!(w["format"], "whisper");
    assert!(w["turns"][0]["start"].is_number() && w["turns"][0]["end"].is_number());
    assert!(w["turns"][0]["speaker"].is_string());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 packed, 0 failed"), "{stderr}");
    assert!(stderr.contains("3 sessions"), "{stderr}");
}

#[test]
fn bad_files_are_named_and_passed_over_and_the_rest_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    let sessions = archive(&input, 30);
    std::fs::write(
        input.join("clinic-2/cut.vtt"),
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n",
    )
    .unwrap();
    let packed = tmp.path().join("packed.jsonl");
    let (code, stderr) = run(&["pack", s(&input), "-o", s(&packed)]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("empty.txt: the file is empty"), "{stderr}");
    assert!(stderr.contains("latin1.txt:1: invalid UTF-8"), "{stderr}");
    assert!(stderr.contains("cut.vtt:3: "), "{stderr}");
    assert!(!stderr.contains("scan.png"), "{stderr}");
    assert!(stderr.contains("30 packed, 3 failed"), "{stderr}");
    assert_eq!(lines(&packed).len(), sessions);

    let results = tmp.path().join("r.jsonl");
    let (code, _) = run(&["batch", "-q", s(&input), "--out", s(&results)]);
    assert_eq!(code, Some(1));
    let streamed = turnscope_stdin(&["stream"], &std::fs::read(&packed).unwrap());
    assert!(
        streamed.stdout == std::fs::read(&results).unwrap(),
        "pack | stream differs from batch"
    );
}

#[test]
fn order_is_the_input_order_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    // More files than one chunk holds.
    archive(&input, 200);
    let one = turnscope(&["pack", "-q", "-j", "1", s(&input)]);
    let two = turnscope(&["pack", "-q", "-j", "2", s(&input)]);
    assert_eq!(one.status.code(), Some(1));
    assert!(one.stdout == two.stdout, "output depends on threads");
    let sources: Vec<String> = String::from_utf8(one.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["source"].to_string())
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted, "files in walk order");
}

#[test]
fn refuses_to_overwrite_an_input_and_never_reads_its_own_output() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 12);
    let vtt = input.join("clinic-1/fight-0001.vtt");
    let before = std::fs::read(&vtt).unwrap();
    let (code, stderr) = run(&["pack", s(&vtt), "-o", s(&vtt)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("refusing"), "{stderr}");
    assert_eq!(std::fs::read(&vtt).unwrap(), before);

    // A session-per-line file of the user's inside the archive is an input.
    let mine = input.join("clinic-0/mine.jsonl");
    std::fs::copy(example("sessions.jsonl"), &mine).unwrap();
    let before = std::fs::read(&mine).unwrap();
    let (code, stderr) = run(&["pack", s(&input), "-o", s(&mine)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("would overwrite the input"), "{stderr}");
    assert_eq!(std::fs::read(&mine).unwrap(), before);
    std::fs::remove_file(&mine).unwrap();

    // Its own output inside the archive: written there, and not read back next time.
    let inside = input.join("packed.jsonl");
    let mut runs = Vec::new();
    for _ in 0..2 {
        let (code, stderr) = run(&["pack", s(&input), "--out", s(&inside)]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("12 packed"), "{stderr}");
        runs.push(std::fs::read(&inside).unwrap());
    }
    assert_eq!(runs[0], runs[1]);
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 300);
    for bad in ["clinic-3/empty.txt", "clinic-5/latin1.txt"] {
        std::fs::remove_file(input.join(bad)).unwrap();
    }
    assert_quiet_when_the_reader_stops(&["pack", s(&input)]);
}

#[test]
fn help_shows_examples_and_the_commands_list_it() {
    let help = String::from_utf8(turnscope(&["pack", "--help"]).stdout).unwrap();
    for text in [
        "turnscope pack archive/ -o sessions.jsonl",
        "| turnscope stream",
        "spark-submit",
        "--input-format",
        "--output",
        "Exit codes",
    ] {
        assert!(help.contains(text), "{text:?} in pack --help:\n{help}");
    }
    let top = String::from_utf8(turnscope(&["--help"]).stdout).unwrap();
    assert!(top.contains("  pack "), "{top}");
    assert!(top.contains("turnscope pack archive/"), "{top}");
}

/// The packed lines name their files as given on the command line, so results trace back.
#[test]
fn sources_are_the_paths_as_given() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 4);
    let out = turnscope(&["pack", "-q", &format!("{}/**/*.srt", input.display())]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let line: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let source = Path::new(line["source"].as_str().unwrap());
    assert_eq!(source, input.join("clinic-2/calm-0002.srt"));
    assert_eq!(line["format"], "srt");
}
