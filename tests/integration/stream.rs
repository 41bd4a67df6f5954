//! `turnscope stream`: one session a line in, one answer a line out, in order, bad lines
//! answered in place; and the same documents as `batch` over the same lines.

use serde_json::Value;

use crate::{turnscope, turnscope_stdin};

fn session_line(i: usize) -> String {
    let texts = [
        "You never listen to me. It's your fault we're late!",
        "Whatever.",
        "I hear you, and I'm sorry I got defensive.",
        "That doesn't make sense. You ALWAYS do this!!",
    ];
    let turns: Vec<Value> = (0..4)
        .map(|k| {
            serde_json::json!({
                "speaker": if k % 2 == 0 { "Ana" } else { "Ben" },
                "text": texts[(i + k) % texts.len()],
                "start": (k * 5) as f64,
            })
        })
        .collect();
    serde_json::json!({"id": format!("s{i}"), "turns": turns}).to_string()
}

#[test]
fn answers_a_broken_line_in_place_and_keeps_order() {
    let mut input = String::new();
    for i in 0..1500 {
        match i {
            7 => input.push_str("{\"id\": \"cut\", \"turns\": [{\"speak\n"),
            900 => input.push_str("[1, 2, 3]\n"),
            _ => {
                input.push_str(&session_line(i));
                input.push('\n');
            }
        }
    }
    let out = turnscope_stdin(&["stream", "--threads", "2"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:8:"), "{stderr}");
    let answers: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 1500);
    for (i, a) in answers.iter().enumerate() {
        match i {
            7 | 900 => {
                assert_eq!(a["line"], i + 1, "{a}");
                assert!(a["error"].is_string(), "{a}");
            }
            _ => assert_eq!(a["session"]["id"], format!("s{i}"), "answer {i}"),
        }
    }
}

#[test]
fn same_documents_as_batch_over_the_same_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("sessions.jsonl");
    let text: String = (0..50).map(|i| session_line(i) + "\n").collect();
    std::fs::write(&file, &text).unwrap();
    let results = tmp.path().join("r.jsonl");
    let b = turnscope(&[
        "batch",
        "-q",
        file.to_str().unwrap(),
        "--out",
        results.to_str().unwrap(),
    ]);
    assert_eq!(
        b.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&b.stderr)
    );
    let streamed = turnscope_stdin(
        &["stream", "--source", file.to_str().unwrap()],
        text.as_bytes(),
    );
    assert_eq!(std::fs::read(&results).unwrap(), streamed.stdout);
    let first: Value =
        serde_json::from_slice(streamed.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["session"]["format"], "sessions");
}

#[test]
fn identical_whatever_the_thread_count() {
    let text: String = (0..300).map(|i| session_line(i) + "\n").collect();
    let one = turnscope_stdin(&["stream", "-j", "1"], text.as_bytes());
    let two = turnscope_stdin(&["stream", "-j", "2"], text.as_bytes());
    assert!(one.status.success());
    assert_eq!(one.stdout, two.stdout);
}
