//! `analyze --format csv` and `--summary csv`: one row per turn, one row per session and
//! speaker, read back with a CSV parser and checked against the JSON.

use serde_json::Value;

use crate::{example, turnscope, turnscope_stdin};

fn inputs() -> Vec<String> {
    [
        "couple-session.txt",
        "fight.vtt",
        "calm.srt",
        "support-chats.jsonl",
    ]
    .iter()
    .map(|f| example(f).to_str().unwrap().to_string())
    .collect()
}

fn run(args: &[&str]) -> Vec<u8> {
    let out = turnscope(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn json_docs(files: &[String]) -> Vec<Value> {
    let mut args = vec!["analyze", "--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    String::from_utf8(run(&args))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Header and rows, through a CSV parser that insists every row has the header's width.
fn parse(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|r| r.unwrap()).collect();
    (header, rows)
}

#[test]
fn one_row_per_turn_matching_the_json() {
    let files = inputs();
    let mut args = vec!["analyze", "--format", "csv"];
    args.extend(files.iter().map(String::as_str));
    let bytes = run(&args);
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let (header, rows) = parse(&bytes);
    let docs = json_docs(&files);
    let detectors: Vec<String> = docs[0]["detectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_string())
        .collect();
    let mut want = vec![
        "session", "source", "index", "id", "speaker", "start", "end", "words",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    want.extend(detectors.iter().map(|d| format!("{d}_count")));
    want.extend(["hostility", "escalation", "matched"].map(String::from));
    assert_eq!(header, want);

    let turns: Vec<(&Value, &Value)> = docs
        .iter()
        .flat_map(|d| d["turns"].as_array().unwrap().iter().map(move |t| (d, t)))
        .collect();
    assert_eq!(rows.len(), turns.len(), "one row per turn");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, (doc, turn)) in rows.iter().zip(&turns) {
        assert_eq!(row[col("session")], doc["session"]["id"]);
        assert_eq!(row[col("source")], doc["session"]["source"]);
        assert_eq!(row[col("index")], turn["index"].to_string());
        assert_eq!(&row[col("id")], turn["id"].as_str().unwrap_or(""));
        assert_eq!(row[col("speaker")], turn["speaker"]);
        assert_eq!(row[col("words")], turn["words"].to_string());
        for key in ["start", "end"] {
            match turn[key].as_f64() {
                Some(t) => assert_eq!(row[col(key)].parse::<f64>().unwrap(), t),
                None => assert_eq!(&row[col(key)], ""),
            }
        }
        for key in ["hostility", "escalation"] {
            let v: f64 = row[col(key)].parse().unwrap();
            assert!((v - turn[key].as_f64().unwrap()).abs() < 1e-6, "{key}");
        }
        let counted: Vec<&Value> = turn["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f.get("suppressed").is_none() && !f["negated"].as_bool().unwrap())
            .collect();
        for d in &detectors {
            let n = counted
                .iter()
                .filter(|f| f["detector"] == d.as_str())
                .count();
            assert_eq!(row[col(&format!("{d}_count"))], n.to_string(), "{d}");
        }
        let matched: Vec<String> = counted
            .iter()
            .map(|f| {
                format!(
                    "{}:{}",
                    f["detector"].as_str().unwrap(),
                    f["matched"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(row[col("matched")], matched.join("; "));
    }
}

#[test]
fn one_row_per_session_and_speaker() {
    let files = inputs();
    let mut args = vec!["analyze", "--summary", "csv"];
    args.extend(files.iter().map(String::as_str));
    let (header, rows) = parse(&run(&args));
    let docs = json_docs(&files);
    let speakers: Vec<(&Value, &Value)> = docs
        .iter()
        .flat_map(|d| {
            d["speakers"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |s| (d, s))
        })
        .collect();
    assert_eq!(rows.len(), speakers.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, (doc, s)) in rows.iter().zip(&speakers) {
        assert_eq!(row[col("session")], doc["session"]["id"]);
        assert_eq!(row[col("speaker")], s["speaker"]);
        assert_eq!(row[col("turns")], s["turns"].to_string());
        assert_eq!(row[col("words")], s["words"].to_string());
        let share: f64 = row[col("share")].parse().unwrap();
        assert!((share - s["share"].as_f64().unwrap()).abs() < 1e-6);
        for (d, fig) in s["detectors"].as_object().unwrap() {
            assert_eq!(row[col(&format!("{d}_count"))], fig["count"].to_string());
            let rate: f64 = row[col(&format!("{d}_per_100_words"))].parse().unwrap();
            assert!((rate - fig["per_100_words"].as_f64().unwrap()).abs() < 1e-4);
        }
        let score: f64 = row[col("escalation_score")].parse().unwrap();
        assert!((score - doc["escalation"]["score"].as_f64().unwrap()).abs() < 1e-6);
        assert_eq!(
            row[col("episodes")],
            doc["escalation"]["episodes"]
                .as_array()
                .unwrap()
                .len()
                .to_string()
        );
    }
}

#[test]
fn fields_with_commas_quotes_and_line_ends_round_trip() {
    let conv = "{\"id\": \"u1\", \"conversation_id\": \"c, \\\"one\\\"\", \"speaker\": \"Smith, \\\"Jo\\\"\", \"text\": \"It's your fault, \\\"again\\\".\\nYou always do this!\"}\n\
                {\"id\": \"u2\", \"conversation_id\": \"c, \\\"one\\\"\", \"speaker\": \"Lee\", \"text\": \"Whatever.\"}\n";
    let out = turnscope_stdin(
        &["analyze", "--format", "csv", "-i", "convokit", "-"],
        conv.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (header, rows) = parse(&out.stdout);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][col("session")], "c, \"one\"");
    assert_eq!(&rows[0][col("speaker")], "Smith, \"Jo\"");
    assert_eq!(&rows[0][col("id")], "u1");
    assert!(rows[0][col("matched")].contains("blame:your fault"));
    assert_eq!(&rows[1][col("matched")], "avoidance:Whatever");
    // And the writer quoted what needed quoting, RFC 4180 style.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"c, \"\"one\"\"\""), "{text}");
}

#[test]
fn summary_and_format_do_not_mix() {
    let f = example("calm.srt");
    let out = turnscope(&[
        "analyze",
        "--summary",
        "csv",
        "--format",
        "json",
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = turnscope(&["analyze", "--summary", "xml", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn csv_help_is_there() {
    let out = turnscope(&["analyze", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--summary"));
    assert!(help.contains("csv"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("long.txt");
    let session = std::fs::read_to_string(example("couple-session.txt")).unwrap();
    std::fs::write(&big, session.repeat(400)).unwrap();
    for args in [["--format", "csv"], ["--summary", "csv"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_turnscope"))
            .arg("analyze")
            .args(args)
            .arg(&big)
            .arg(&big)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with("session,"));
        // The reader is gone: the rest of the table meets a closed pipe.
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_problem_areas_show_in_both_tables() {
    let dir = crate::root().join("tests/fixtures/problem-areas");
    let files: Vec<String> = ["grief-3.txt", "dispute-4.txt", "none-2.txt"]
        .iter()
        .map(|f| dir.join(f).to_str().unwrap().to_string())
        .collect();
    let docs = json_docs(&files);
    // The turn table: a count column per area, as for any detector.
    let mut args = vec!["analyze", "--format", "csv"];
    args.extend(files.iter().map(String::as_str));
    let (header, rows) = parse(&run(&args));
    let col = |h: &[String], name: &str| h.iter().position(|x| x == name).unwrap();
    let grief: usize = rows
        .iter()
        .map(|r| r[col(&header, "grief_count")].parse::<usize>().unwrap())
        .sum();
    assert!(grief >= 5, "grief findings in the turn table: {grief}");
    assert!(rows
        .iter()
        .any(|r| r[col(&header, "matched")].contains("grief:")));
    // The summary: shares per area and the dominant areas, last.
    let mut args = vec!["analyze", "--summary", "csv"];
    args.extend(files.iter().map(String::as_str));
    let (header, rows) = parse(&run(&args));
    let n = header.len();
    assert_eq!(&header[n - 2..], ["dominant_area", "session_dominant_area"]);
    for area in ["grief", "role_transition", "dispute", "deficit"] {
        col(&header, &format!("{area}_turn_share"));
        col(&header, &format!("{area}_word_share"));
    }
    let mut row = 0;
    for d in &docs {
        let session = d["problem_areas"]["dominant"].as_str().unwrap_or("");
        for s in d["speakers"].as_array().unwrap() {
            let r = &rows[row];
            row += 1;
            assert_eq!(&r[col(&header, "session_dominant_area")], session);
            let pa = &s["problem_areas"];
            assert_eq!(
                &r[col(&header, "dominant_area")],
                pa["dominant"].as_str().unwrap_or("")
            );
            for a in pa["areas"].as_array().unwrap() {
                let name = a["detector"].as_str().unwrap();
                let got: f64 = r[col(&header, &format!("{name}_turn_share"))]
                    .parse()
                    .unwrap();
                assert!((got - a["turn_share"].as_f64().unwrap()).abs() < 1e-6);
            }
        }
    }
    assert_eq!(row, rows.len());
    let sessions: Vec<&str> = docs
        .iter()
        .map(|d| d["problem_areas"]["dominant"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(sessions, ["grief", "dispute", ""]);
}
