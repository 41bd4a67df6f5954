//! What a hostile archive does: named pipes, output over input, edited and cut results
//! files, file names that are not UTF-8, huge session files, absurd times, and messages
//! that echo what they read (issue 16). Each test failed before its fix.

use crate::batch::{lines, run, s};
use crate::turnscope;

/// Standard error of a run, checked for panics.
fn stderr_of(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Every line of `stderr` is short and free of control characters.
fn assert_tame(stderr: &str) {
    for line in stderr.lines() {
        assert!(
            !line.chars().any(|c| c.is_control()),
            "control character in {line:?}"
        );
        assert!(
            line.chars().count() < 1000,
            "{} chars",
            line.chars().count()
        );
    }
}

#[test]
fn messages_escape_control_characters_and_cap_what_they_echo() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let huge = format!("X\u{1b}[2J{}", "Y".repeat(10_000));
    // A speaker code of 10 kB with a terminal escape in it.
    let chat = d.join("unknown.cha");
    std::fs::write(
        &chat,
        format!("@UTF8\n@Begin\n@Participants:\tCHI Target_Child\n*{huge}:\thi .\n@End\n"),
    )
    .unwrap();
    // A time of 10 kB, and a string where a list belongs: serde quotes both.
    let lines_file = d.join("times.jsonl");
    std::fs::write(
        &lines_file,
        format!("{{\"id\": 1, \"turns\": [{{\"speaker\": \"A\", \"text\": \"hi\", \"start\": \"{huge}\"}}]}}\n"),
    )
    .unwrap();
    let whisper = d.join("w.json");
    std::fs::write(
        &whisper,
        format!("{{\"segments\": \"{}\"}}", "Z".repeat(10_000)),
    )
    .unwrap();
    // A file name with a newline and an escape sequence.
    let named = d.join("evil\n\u{1b}[31mname.txt");
    std::fs::write(&named, b"").unwrap();
    for path in [&chat, &lines_file, &whisper, &named] {
        let out = turnscope(&["analyze", s(path)]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = stderr_of(&out);
        assert_tame(&stderr);
        assert!(stderr.contains("turnscope: "), "{stderr}");
    }
    let out = turnscope(&["analyze", s(&named)]);
    assert!(
        stderr_of(&out).contains("evil\\n\\x1b[31mname.txt: the file is empty"),
        "{}",
        stderr_of(&out)
    );
    let out = turnscope(&["analyze", s(&chat)]);
    let stderr = stderr_of(&out);
    assert!(stderr.contains(":4: `X\\x1b[2JYYY"), "{stderr}");
    assert!(stderr.contains("…"), "{stderr}");

    // batch names them on standard error and in --errors the same way.
    let results = d.join("out/r.jsonl");
    let errors = d.join("out/e.jsonl");
    let (code, stderr) = run(&["batch", s(d), "--out", s(&results), "--errors", s(&errors)]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_tame(&stderr);
    for e in lines(&errors) {
        assert!(e["error"].as_str().unwrap().chars().count() < 1000, "{e}");
    }
    // stream answers in place, capped too.
    let line = std::fs::read(&lines_file).unwrap();
    let out = crate::turnscope_stdin(&["stream"], &line);
    assert_tame(&stderr_of(&out));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(answer["error"].as_str().unwrap().chars().count() < 1000);
}
