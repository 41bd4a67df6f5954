//! Every input format: the same six-turn session written in each (`tests/fixtures/six-turn`,
//! made by its `generate.py`) reads, with `--input-format auto`, into six turns, the same
//! two speakers, the same first start time and the same findings. Naming a format
//! overrides the guess; bad input in each format is named with its file and line.

use std::path::PathBuf;

use serde_json::Value;

use crate::{root, turnscope};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/six-turn").join(name)
}

/// Each fixture, the format auto-detection must find, and the renames a user would give.
const FIXTURES: &[(&str, &str, &[&str])] = &[
    ("session.txt", "plain", &[]),
    ("otter.txt", "otter", &[]),
    ("zoom.vtt", "vtt", &[]),
    ("teams.vtt", "vtt", &[]),
    ("session.srt", "srt", &[]),
    ("session.cha", "chat", &[]),
    (
        "whisperx.json",
        "whisper",
        &["SPEAKER_00=Therapist", "SPEAKER_01=Client"],
    ),
    ("aws.json", "aws", &["spk_0=Therapist", "spk_1=Client"]),
    (
        "rev.json",
        "rev",
        &["Speaker 0=Therapist", "Speaker 1=Client"],
    ),
    ("sessions.jsonl", "sessions", &[]),
];

fn analyze(args: &[&str]) -> Value {
    let out = turnscope(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 1, "{args:?}: one session");
    docs.into_iter().next().unwrap()
}

fn read_fixture(name: &str, renames: &[&str]) -> Value {
    let path = fixture(name);
    let mut args = vec!["analyze", "--format", "jsonl", "--input-format", "auto"];
    for r in renames {
        args.push("--speaker");
        args.push(r);
    }
    args.push(path.to_str().unwrap());
    analyze(&args)
}

/// (turn, detector, category, rule, matched) of every counted finding, sorted.
fn findings(doc: &Value) -> Vec<(u64, String, String, String, String)> {
    let mut out: Vec<_> = doc["turns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| {
            let index = t["index"].as_u64().unwrap();
            t["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f.get("suppressed").is_none())
                .map(move |f| {
                    (
                        index,
                        f["detector"].as_str().unwrap().to_string(),
                        f["category"].as_str().unwrap().to_string(),
                        f["rule"].as_str().unwrap().to_string(),
                        f["matched"].as_str().unwrap().to_string(),
                    )
                })
        })
        .collect();
    out.sort();
    out
}

fn speakers(doc: &Value) -> Vec<String> {
    doc["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["speaker"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_same_session_in_every_format_reads_the_same() {
    let reference = read_fixture("session.txt", &[]);
    let want = findings(&reference);
    for d in ["blame", "avoidance", "validation"] {
        assert!(
            want.iter().any(|f| f.1 == d),
            "the reference session has {d} findings: {want:?}"
        );
    }
    for &(name, format, renames) in FIXTURES {
        let doc = read_fixture(name, renames);
        assert_eq!(doc["session"]["format"], format, "{name}: detected format");
        assert_eq!(doc["turns"].as_array().unwrap().len(), 6, "{name}: turns");
        assert_eq!(speakers(&doc), ["Therapist", "Client"], "{name}: speakers");
        assert_eq!(doc["turns"][0]["start"], 2.0, "{name}: first start time");
        assert_eq!(findings(&doc), want, "{name}: findings");
        assert_eq!(
            doc["escalation"]["score"], reference["escalation"]["score"],
            "{name}: escalation"
        );
    }
}

#[test]
fn timed_formats_give_pauses_and_talk_time() {
    for name in [
        "zoom.vtt",
        "teams.vtt",
        "session.cha",
        "whisperx.json",
        "aws.json",
        "rev.json",
        "sessions.jsonl",
    ] {
        let renames = FIXTURES.iter().find(|f| f.0 == name).unwrap().2;
        let doc = read_fixture(name, renames);
        let t1 = &doc["turns"][1];
        assert_eq!(t1["pause"], 1.5, "{name}: pause before turn 1");
        assert_eq!(t1["overlap"], 0.0, "{name}");
        assert!(doc["turns"][0].get("pause").is_none(), "{name}");
        let timing = &doc["speakers"][0]["timing"];
        assert_eq!(timing["talk_time"], 10.5, "{name}: therapist talk time");
        assert_eq!(timing["timed_turns"], 3, "{name}");
        let shares: f64 = doc["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["timing"]["talk_share"].as_f64().unwrap())
            .sum();
        assert!(
            (shares - 1.0).abs() < 0.002,
            "{name}: shares sum to {shares}"
        );
        assert_eq!(
            doc["speakers"][0]["timing"]["longest_silence"], 2.0,
            "{name}"
        );
        assert_eq!(
            doc["speakers"][1]["timing"]["longest_silence"], 1.5,
            "{name}"
        );
    }
    // Start times only: no pauses, no talk time.
    let doc = read_fixture("otter.txt", &[]);
    assert!(doc["turns"][1].get("pause").is_none());
    assert!(doc["speakers"][0].get("timing").is_none());
}

#[test]
fn roles_give_per_role_figures() {
    let path = fixture("aws.json");
    let doc = analyze(&[
        "analyze",
        "--format",
        "jsonl",
        "--speaker",
        "spk_0=Dr. Rivera",
        "--role",
        "Dr. Rivera=therapist",
        "--role",
        "spk_1=client",
        path.to_str().unwrap(),
    ]);
    assert_eq!(speakers(&doc), ["Dr. Rivera", "spk_1"]);
    assert_eq!(doc["speakers"][0]["role"], "therapist");
    assert_eq!(doc["turns"][1]["role"], "client");
    let roles = doc["roles"].as_array().unwrap();
    let names: Vec<&str> = roles.iter().map(|r| r["role"].as_str().unwrap()).collect();
    assert_eq!(names, ["therapist", "client"]);
    assert_eq!(roles[1]["speakers"], serde_json::json!(["spk_1"]));
    assert_eq!(roles[1]["turns"], 3);
    assert!(roles[1]["detectors"]["blame"]["count"].as_u64().unwrap() >= 1);
    assert_eq!(roles[0]["detectors"]["blame"]["count"], 0);
    assert_eq!(roles[0]["timing"]["talk_time"], 10.5);
    // Without roles, no `roles` block and no `role` fields.
    let plain = read_fixture("aws.json", &[]);
    assert!(plain.get("roles").is_none());
    assert!(plain["speakers"][0].get("role").is_none());
}

#[test]
fn naming_the_format_overrides_the_guess() {
    // A VTT file read as plain text is not plain text: the named format was used.
    let path = fixture("zoom.vtt");
    let out = turnscope(&["analyze", "--input-format", "plain", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("zoom.vtt:1:") && err.contains("(read as plain)"),
        "{err}"
    );

    // A session-per-line file with an unhelpful extension, and content that auto
    // detection cannot tell: naming the format reads it.
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("export.data");
    std::fs::write(
        &odd,
        "{\"turns\": [{\"speaker\": \"A\", \"text\": \"You never listen.\"}]}\n",
    )
    .unwrap();
    let doc = analyze(&[
        "analyze",
        "-f",
        "jsonl",
        "-i",
        "sessions",
        odd.to_str().unwrap(),
    ]);
    assert_eq!(doc["session"]["format"], "sessions");
    // Aliases name the same formats.
    for (alias, format) in [("zoom", "vtt"), ("teams", "vtt"), ("whisperx", "whisper")] {
        let path = fixture(if format == "vtt" {
            "teams.vtt"
        } else {
            "whisperx.json"
        });
        let doc = analyze(&[
            "analyze",
            "-f",
            "jsonl",
            "-i",
            alias,
            path.to_str().unwrap(),
        ]);
        assert_eq!(doc["session"]["format"], format, "{alias}");
    }
}

/// Bad input in every format: the file and line are named, the exit code is 1, no panic.
#[test]
fn bad_input_in_every_format_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "binary.otter.txt",
            "Ana  0:01\nhi\n\u{1}\u{2}\u{3}\u{4}\n",
            "binary.otter.txt:3: binary data",
        ),
        (
            "bad.cha",
            "@Begin\n@Participants:\tA Ann Mother\n*B:\thi .\n",
            "bad.cha:3: speaker `B` is not in `@Participants`",
        ),
        (
            "bullet.cha",
            "@Begin\n*A:\thi . \u{15}9_x\u{15}\n",
            "bullet.cha:2: time bullet `9_x`",
        ),
        (
            "whisper.json",
            "{\"segments\": [\n  {\"start\": 0, \"end\": 1, \"text\": \"ok\"},\n  {\"start\": \"soon\", \"text\": \"x\"}\n]}",
            "whisper.json:3: `segments[1].start`",
        ),
        (
            "aws.json",
            "{\"results\": {\"items\": [\n{\"type\": \"pronunciation\", \"alternatives\": [{\"content\": 5}]}]}}",
            "aws.json:2: `results.items[0].alternatives[0].content`",
        ),
        (
            "rev.json",
            "{\"monologues\": [\n{\"speaker\": 0, \"elements\": [{\"type\": \"text\"}]}]}",
            "rev.json:2: `monologues[0].elements[0]`: missing field `value`",
        ),
        (
            "cut.jsonl",
            "{\"id\": \"a\", \"turns\": [{\"speaker\": \"A\", \"text\": \"hi\"}]}\n{\"id\": \"b\", \"turns\": [{\"spea",
            "cut.jsonl:2: invalid JSON",
        ),
        (
            "teams.vtt",
            "\u{feff}WEBVTT\r\n\r\nab12/1-0\r\n00:00:01.000 --> 00:00:02.000\r\n<v A>hi</v>\r\n\r\nab12/2-0\r\n00:00:03.000 --> 00:00:02.000\r\n<v B>yo</v>\r\n",
            "teams.vtt:8: cue ends at 00:00:02.000, before it starts at 00:00:03.000",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
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
