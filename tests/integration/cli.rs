//! The command line: formats, output shapes, escalation ordering, bad input, exit codes.

use serde_json::Value;

use crate::{assert_quiet_when_the_reader_stops, example, turnscope, turnscope_stdin};

fn analyze_json(path: &str) -> Value {
    let out = turnscope(&["analyze", path]);
    assert!(
        out.status.success(),
        "{path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn detectors_in(doc: &Value) -> Vec<String> {
    let mut v: Vec<String> = doc["turns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["findings"].as_array().unwrap().iter())
        .filter(|f| !f["negated"].as_bool().unwrap())
        .map(|f| f["detector"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn reads_each_format_with_auto_detection() {
    let plain = analyze_json(example("couple-session.txt").to_str().unwrap());
    assert_eq!(plain["session"]["format"], "plain");
    assert_eq!(plain["session"]["id"], "couple-session.txt");
    assert_eq!(plain["turns"][0]["speaker"], "Dr. Rivera");
    assert_eq!(plain["turns"][0]["start"], 5.0);
    assert_eq!(plain["turns"].as_array().unwrap().len(), 11);
    for d in ["avoidance", "blame", "validation"] {
        assert!(
            detectors_in(&plain).contains(&d.to_string()),
            "{d} in {:?}",
            detectors_in(&plain)
        );
    }

    let vtt = analyze_json(example("fight.vtt").to_str().unwrap());
    assert_eq!(vtt["session"]["format"], "vtt");
    assert_eq!(vtt["turns"][0]["speaker"], "Sam");
    assert_eq!(vtt["turns"][1]["start"], 4.5);
    assert!(detectors_in(&vtt).contains(&"escalation".to_string()));

    let srt = analyze_json(example("calm.srt").to_str().unwrap());
    assert_eq!(srt["session"]["format"], "srt");
    assert_eq!(srt["turns"][1]["speaker"], "Jordan");
    assert_eq!(srt["turns"][1]["end"], 12.0);

    let out = turnscope(&[
        "analyze",
        "--format",
        "jsonl",
        example("support-chats.jsonl").to_str().unwrap(),
    ]);
    let docs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = docs
        .iter()
        .map(|d| d["session"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["chat-1", "chat-2"],
        "conversations in order of first appearance"
    );
    assert_eq!(docs[0]["turns"][1]["id"], "c1-1");
    assert_eq!(docs[0]["turns"].as_array().unwrap().len(), 4);
}

#[test]
fn a_fight_escalates_more_than_a_repaired_argument_more_than_a_calm_talk() {
    let score = |f: &str| {
        analyze_json(example(f).to_str().unwrap())["escalation"]["score"]
            .as_f64()
            .unwrap()
    };
    let (fight, repaired, calm) = (
        score("fight.vtt"),
        score("couple-session.txt"),
        score("calm.srt"),
    );
    assert!(fight > repaired, "fight {fight} vs repaired {repaired}");
    assert!(repaired > calm, "repaired {repaired} vs calm {calm}");
    let fight_doc = analyze_json(example("fight.vtt").to_str().unwrap());
    let episodes = fight_doc["escalation"]["episodes"].as_array().unwrap();
    assert!(!episodes.is_empty());
    assert_eq!(episodes[0]["speakers"].as_array().unwrap().len(), 2);
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let path = example("support-chats.jsonl");
    let path = path.to_str().unwrap();
    let one = turnscope(&["analyze", "--threads", "1", "--format", "jsonl", path, path]);
    let four = turnscope(&["analyze", "--threads", "4", "--format", "jsonl", path, path]);
    assert!(one.status.success());
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn reads_standard_input_and_writes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.json");
    let out = turnscope_stdin(
        &["analyze", "-o", out_path.to_str().unwrap(), "-"],
        b"\xef\xbb\xbfA: You never listen.\r\nB: I hear you.\r\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(out_path).unwrap()).unwrap();
    assert_eq!(doc["session"]["id"], "stdin");
    assert_eq!(doc["turns"][1]["text"], "I hear you.");
}

#[test]
fn masked_swearing_is_read_as_the_word_and_shown_as_written() {
    let out = turnscope_stdin(
        &["analyze", "-"],
        "A: Shut the f**k up, you a**hole.\nB: Zoë, this is bullsh*t.\nA: I love *this* idea!\n"
            .as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = |turn: usize| -> Vec<(String, String, u64, u64)> {
        doc["turns"][turn]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["matched"].as_str().unwrap().to_string(),
                    f["char_span"]["start"].as_u64().unwrap(),
                    f["char_span"]["end"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let first = found(0);
    assert!(
        first
            .iter()
            .any(|f| f.0 == "blame:shut up" && f.1 == "Shut the f**k up"),
        "{first:?}"
    );
    assert!(
        first
            .iter()
            .any(|f| f.0 == "blame:asshole*" && f.1 == "a**hole" && f.2 == 22),
        "{first:?}"
    );
    assert!(
        !first.iter().any(|f| f.0.starts_with("validation")),
        "an insult is no reflection: {first:?}"
    );
    // Byte and character spans of the original text, past a letter of two bytes.
    let second = found(1);
    assert!(
        second
            .iter()
            .any(|f| f.1 == "bullsh*t" && f.2 == 13 && f.3 == 21),
        "{second:?}"
    );
    // Emphasis is not masking.
    assert!(found(2).iter().all(|f| !f.0.starts_with("hostility")));
}

/// Bad inputs: a clear message naming the file (and line), a non-zero exit, no panic.
#[test]
fn bad_input_is_named_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("latin1.txt", b"A: hello\nB: caf\xe9\n", "latin1.txt:2: invalid UTF-8"),
        ("binary.txt", b"\x7fELF\x02\x01\x01\0\0\0\0", "binary.txt:1: binary data"),
        ("noturns.txt", b"just some prose without any speaker labels\n", "noturns.txt:1:"),
        (
            "truncated.vtt",
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: hi\n\n00:00:03.000 --> 00:00:04.000\n",
            "truncated.vtt:6:",
        ),
        (
            "wrongtype.jsonl",
            b"{\"id\": \"1\", \"conversation_id\": \"c\", \"speaker\": \"a\", \"text\": 5}\n",
            "wrongtype.jsonl:1:",
        ),
        (
            "cutoff.jsonl",
            b"{\"id\": \"1\", \"conversation_id\": \"c\", \"speaker\": \"a\", \"text\": \"hi\"}\n{\"id\": \"2\", \"conv",
            "cutoff.jsonl:2:",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = turnscope(&["analyze", path.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{name}: expected {expected:?} in {stderr:?}"
        );
    }
}

#[test]
fn one_bad_file_does_not_lose_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"").unwrap();
    let good = example("calm.srt");
    let out = turnscope(&[
        "analyze",
        "--format",
        "jsonl",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn usage_errors_exit_2() {
    let out = turnscope(&["analyze", "--format", "yaml", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let out = turnscope(&[
        "analyze",
        "--lexicons",
        dir.path().to_str().unwrap(),
        example("calm.srt").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no lexicon files in this directory"));
}

#[test]
fn help_and_version() {
    let out = turnscope(&["--version"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("turnscope "));
    let out = turnscope(&["analyze", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--input-format",
        "--format",
        "--lexicons",
        "--threads",
        "--output",
    ] {
        assert!(help.contains(flag), "{flag} in help");
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    // `turnscope ... | head -c 100`: the pipe closes while JSON Lines are still written.
    // Enough sessions that the output outgrows the pipe's buffer.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let line = std::fs::read_to_string(example("sessions.jsonl")).unwrap();
    std::fs::write(&path, line.repeat(400)).unwrap();
    assert_quiet_when_the_reader_stops(&["analyze", "--format", "jsonl", path.to_str().unwrap()]);
}
