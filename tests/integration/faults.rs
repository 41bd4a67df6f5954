//! What a hostile archive does: named pipes, output over input, edited and cut results
//! files, file names that are not UTF-8, huge session files, absurd times, and messages
//! that echo what they read (issue 16). Each test failed before its fix.

use std::path::Path;

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

#[test]
fn times_out_of_range_are_named_with_file_and_line_never_null() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let huge_clock = format!("{}:00:00", "9".repeat(400));
    let cases: Vec<(&str, String, usize)> = vec![
        (
            "w.json",
            "{\"segments\": [\n{\"start\": 0, \"end\": 1, \"text\": \"Hi.\", \"speaker\": \"A\"},\n{\"start\": 1, \"end\": 1e308, \"text\": \"You never listen.\", \"speaker\": \"B\"}]}".into(),
            3,
        ),
        (
            "aws.json",
            "{\"results\": {\"items\": [\n{\"type\": \"pronunciation\", \"start_time\": \"1e300\", \"end_time\": \"1e301\", \"speaker_label\": \"spk_0\", \"alternatives\": [{\"confidence\": \"0.9\", \"content\": \"Hi\"}]}]}}".into(),
            2,
        ),
        (
            "rev.json",
            "{\"monologues\": [{\"speaker\": 0, \"elements\": [\n{\"type\": \"text\", \"value\": \"Hi\", \"ts\": 0, \"end_ts\": 1e308}]}]}".into(),
            2,
        ),
        (
            "s.jsonl",
            "{\"id\": 1, \"turns\": [{\"speaker\": \"A\", \"text\": \"Hi.\", \"start\": 0, \"end\": 1}]}\n{\"id\": 2, \"turns\": [{\"speaker\": \"A\", \"text\": \"Hi.\", \"start\": 0, \"end\": 1e308}, {\"speaker\": \"B\", \"text\": \"Yes.\", \"start\": 1e308, \"end\": 1e308}]}\n".into(),
            2,
        ),
        (
            "c.jsonl",
            "{\"id\": \"u1\", \"conversation_id\": \"c\", \"speaker\": \"a\", \"reply_to\": null, \"timestamp\": 1, \"text\": \"Hi.\"}\n{\"id\": \"u2\", \"conversation_id\": \"c\", \"speaker\": \"b\", \"reply_to\": \"u1\", \"timestamp\": -1e308, \"text\": \"Hi.\"}\n".into(),
            2,
        ),
        (
            "a.vtt",
            format!("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: Hi.\n\n00:00:02.000 --> {huge_clock}.000\nB: You never listen.\n"),
            6,
        ),
        (
            "a.srt",
            format!("1\n00:00:01,000 --> 00:00:02,000\nA: Hi.\n\n2\n{huge_clock},000 --> {huge_clock},500\nB: Whatever.\n"),
            6,
        ),
        ("p.txt", format!("A: Hi.\n[{huge_clock}] B: You never listen.\n"), 2),
        (
            "t.cha",
            "@UTF8\n@Begin\n@Participants:\tA Ana Mother, B Ben Father\n*A:\thi . \u{15}0_1000\u{15}\n*B:\tno . \u{15}1000_18446744073709551615\u{15}\n@End\n".into(),
            5,
        ),
    ];
    for (name, text, line) in &cases {
        let path = d.join(name);
        std::fs::write(&path, text).unwrap();
        let out = turnscope(&["analyze", s(&path)]);
        let stderr = stderr_of(&out);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("null"), "{name}: null in {stdout}");
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        let at = format!("{name}:{line}: ");
        assert!(stderr.contains(&at), "{name}: wanted {at} in {stderr}");
        assert!(stderr.contains("10^15"), "{name}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn names_that_differ_only_in_bytes_that_are_not_utf8_stay_apart() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    let text = std::fs::read(crate::example("couple-session.txt")).unwrap();
    for name in [&b"a\xff.txt"[..], b"a\xfe.txt", b"a\\xff.txt"] {
        std::fs::write(archive.join(OsStr::from_bytes(name)), &text).unwrap();
    }
    let results = tmp.path().join("r.jsonl");
    let (code, stderr) = run(&["batch", s(&archive), "--out", s(&results)]);
    assert_eq!(code, Some(0), "{stderr}");
    let docs = lines(&results);
    let sources: Vec<&str> = docs
        .iter()
        .map(|d| d["session"]["source"].as_str().unwrap())
        .collect();
    let names: Vec<&str> = sources
        .iter()
        .map(|s| s.rsplit('/').next().unwrap())
        .collect();
    // Bytes that are not UTF-8 as \xNN, and a backslash doubled, in walk (byte) order.
    assert_eq!(
        names,
        ["a\\\\xff.txt", "a\\xfe.txt", "a\\xff.txt"],
        "{sources:?}"
    );
    let full = std::fs::read(&results).unwrap();
    let (code, stderr) = run(&["batch", "--resume", s(&archive), "--out", s(&results)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("0 analysed, 3 skipped"), "{stderr}");
    assert_eq!(std::fs::read(&results).unwrap(), full);

    // pack names them the same way, and analyze too.
    let out = turnscope(&["pack", s(&archive)]);
    let packed = String::from_utf8(out.stdout).unwrap();
    assert!(packed.contains("a\\\\xfe.txt\""), "{packed}");
    let one = archive.join(OsStr::from_bytes(b"a\xfe.txt"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_turnscope"))
        .arg("analyze")
        .arg(&one)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["session"]["id"], "a\\xfe.txt");
    assert!(doc["session"]["source"]
        .as_str()
        .unwrap()
        .ends_with("/a\\xfe.txt"));
}

/// Runs `turnscope` with standard input read from the file `stdin`.
fn turnscope_with_stdin_from(args: &[&str], stdin: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_turnscope"))
        .args(args)
        .stdin(std::fs::File::open(stdin).unwrap())
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn output_over_an_input_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let x = d.join("session.txt");
    let original = std::fs::read(crate::example("couple-session.txt")).unwrap();
    std::fs::write(&x, &original).unwrap();
    let sym = d.join("sym.txt");
    std::os::unix::fs::symlink(&x, &sym).unwrap();
    let hard = d.join("hard.txt");
    std::fs::hard_link(&x, &hard).unwrap();
    let codes = d.join("codes.csv");
    std::fs::write(&codes, "turn,detector,value\nsession.txt#0,blame,1\n").unwrap();
    let refused = |out: std::process::Output, what: &str| {
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(stderr.contains("refusing"), "{what}: {stderr}");
        assert_eq!(
            std::fs::read(&x).unwrap(),
            original,
            "{what}: input changed"
        );
    };
    for target in [&x, &sym, &hard] {
        for command in ["analyze", "report"] {
            refused(
                turnscope(&[command, s(&x), "-o", s(target)]),
                &format!("{command} -o {}", target.display()),
            );
        }
        refused(
            turnscope(&["agree", s(&x), "--codes", s(&codes), "-o", s(target)]),
            "agree",
        );
        refused(
            turnscope_with_stdin_from(&["analyze", "-o", s(target)], &x),
            "stdin from the output",
        );
        refused(
            turnscope_with_stdin_from(&["report", "-", "-o", s(target)], &x),
            "stdin from the output",
        );
        refused(
            turnscope(&["batch", s(&x), "--out", s(target)]),
            "batch over a link",
        );
        refused(
            turnscope(&["pack", s(&x), "-o", s(target)]),
            "pack over a link",
        );
    }
    // Through a link found by walking a folder, too.
    refused(
        turnscope(&["batch", s(d), "--out", s(&hard)]),
        "batch over a walked link",
    );
    // Writing elsewhere, and standard input from /dev/null to /dev/null, still work.
    let elsewhere = d.join("out.json");
    let out = turnscope(&["analyze", s(&x), "-o", s(&elsewhere)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let out = turnscope_with_stdin_from(&["analyze", "-o", "/dev/null"], Path::new("/dev/null"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
}

/// Runs `turnscope` with `args`, failing the test (and killing the run) if it has not
/// ended within `seconds`: a run that hangs must fail, not stall the tests.
fn turnscope_within(seconds: u64, args: &[&str]) -> std::process::Output {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_turnscope"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(seconds)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
            panic!("turnscope {args:?} still running after {seconds} s: it hangs");
        }
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Writes `bytes` into the named pipe `path` from a thread (opening it blocks until
/// someone reads), then closes it.
#[cfg(unix)]
fn feed_fifo(path: &Path, bytes: Vec<u8>) -> std::thread::JoinHandle<()> {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.write_all(&bytes).unwrap();
    })
}

#[cfg(unix)]
#[test]
fn named_pipes_in_an_archive_are_passed_over_and_one_named_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    crate::batch::archive(&archive, 6);
    // Nobody ever writes to these: opening one would wait for ever.
    mkfifo(&archive.join("clinic-0/pipe.txt"));
    mkfifo(&archive.join("clinic-2/zz.vtt"));
    let results = tmp.path().join("r.jsonl");
    let out = turnscope_within(60, &["batch", s(&archive), "--out", s(&results)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}"); // the archive's two bad files
    assert!(stderr.contains("6 analysed"), "{stderr}");
    assert!(
        stderr.contains("clinic-0/pipe.txt: a named pipe, not a regular file: passed over"),
        "{stderr}"
    );
    assert!(stderr.contains("clinic-2/zz.vtt: a named pipe"), "{stderr}");
    let pattern = format!("{}/**/*.vtt", archive.display());
    let out = turnscope_within(60, &["pack", &pattern]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("zz.vtt: a named pipe"));

    // Named on the command line, a pipe is read as standard input is: to its end.
    let text = std::fs::read(crate::example("fight.vtt")).unwrap();
    let expected = turnscope(&["analyze", s(&crate::example("fight.vtt"))]).stdout;
    let expected: serde_json::Value = serde_json::from_slice(&expected).unwrap();
    let fifo = tmp.path().join("fight.vtt");
    mkfifo(&fifo);
    let writer = feed_fifo(&fifo, text.clone());
    let out = turnscope_within(60, &["analyze", s(&fifo)]);
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["turns"], expected["turns"]);
    let writer = feed_fifo(&fifo, text);
    let out = turnscope_within(60, &["batch", s(&fifo), "--out", s(&results)]);
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(lines(&results)[0]["turns"], expected["turns"]);
}

/// Rewrites `path` with `bytes` and gives it back the modification time it had: an edit
/// inside one tick of the clock, as far as the file system can tell.
fn edit_keeping_mtime(path: &Path, bytes: &[u8]) {
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    std::fs::write(path, bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(path).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn resume_redoes_inputs_edited_within_the_same_tick_and_drops_broken_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    crate::batch::archive(&archive, 12);
    let results = tmp.path().join("r.jsonl");
    let tree = format!("{}/", tmp.path().join("tree").display());
    for out in [s(&results), &tree] {
        run(&["batch", "-q", s(&archive), "--out", out]);
    }
    // The same size, the same modification time, other words.
    let edited = archive.join("clinic-0/couple-session-0000.txt");
    let before = std::fs::read_to_string(&edited).unwrap();
    let after = before.replacen("fault", "FAULT", 1);
    assert_ne!(before, after);
    edit_keeping_mtime(&edited, after.as_bytes());
    // Now not UTF-8, again keeping size and time.
    let broken = archive.join("clinic-1/fight-0001.vtt");
    let mut bytes = std::fs::read(&broken).unwrap();
    bytes[20] = 0xff;
    edit_keeping_mtime(&broken, &bytes);

    let fresh = tmp.path().join("fresh.jsonl");
    let fresh_tree = format!("{}/", tmp.path().join("fresh-tree").display());
    for out in [s(&fresh), &fresh_tree] {
        run(&["batch", "-q", s(&archive), "--out", out]);
    }
    let (code, stderr) = run(&["batch", "--resume", s(&archive), "--out", s(&results)]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("1 analysed, 10 skipped as up to date, 3 failed"),
        "{stderr}"
    );
    assert!(stderr.contains("fight-0001.vtt:"), "{stderr}");
    // Redone inputs are appended at the end: the same lines as a fresh run, in another order.
    let sorted = |p: &Path| {
        let text = std::fs::read_to_string(p).unwrap();
        let mut v: Vec<String> = text.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    assert!(
        sorted(&results) == sorted(&fresh),
        "the resumed results are those of a fresh run"
    );
    let docs = lines(&results);
    assert!(docs.iter().all(|d| !d["session"]["source"]
        .as_str()
        .unwrap()
        .ends_with("fight-0001.vtt")));

    let (_, stderr) = run(&["batch", "--resume", s(&archive), "--out", &tree]);
    assert!(
        stderr.contains("1 analysed, 10 skipped as up to date, 3 failed"),
        "{stderr}"
    );
    let edited_json = |dir: &str| {
        std::fs::read(Path::new(dir).join("clinic-0/couple-session-0000.txt.json")).unwrap()
    };
    assert_eq!(edited_json(&tree), edited_json(&fresh_tree));
    assert!(
        !Path::new(&tree)
            .join("clinic-1/fight-0001.vtt.json")
            .exists(),
        "a now-broken input keeps no old results"
    );

    // Nothing changed since: nothing redone but the broken one.
    let (_, stderr) = run(&["batch", "--resume", s(&archive), "--out", s(&results)]);
    assert!(
        stderr.contains("0 analysed, 11 skipped as up to date, 3 failed"),
        "{stderr}"
    );
}

#[test]
fn resume_redoes_an_input_whose_documents_were_cut_at_a_line_end() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    std::fs::copy(crate::example("fight.vtt"), archive.join("a.vtt")).unwrap();
    // Two sessions in one file: two lines of results.
    std::fs::copy(
        crate::example("support-chats.jsonl"),
        archive.join("b.jsonl"),
    )
    .unwrap();
    let results = tmp.path().join("r.jsonl");
    run(&["batch", "-q", s(&archive), "--out", s(&results)]);
    let full = std::fs::read_to_string(&results).unwrap();
    assert_eq!(full.lines().count(), 3);
    let second_end = full.match_indices('\n').nth(1).unwrap().0 + 1;
    std::fs::write(&results, &full[..second_end]).unwrap();
    let (code, stderr) = run(&["batch", "--resume", s(&archive), "--out", s(&results)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("1 analysed, 1 skipped"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&results).unwrap(), full);
}

/// Session lines from the examples (`turnscope pack`), without their source.
fn session_lines() -> Vec<String> {
    let out = turnscope(&["pack", "-q", s(&crate::root().join("examples"))]);
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("source");
            v.as_object_mut().unwrap().remove("format");
            v.to_string()
        })
        .collect()
}

#[test]
fn a_big_file_of_session_lines_is_streamed_and_one_too_big_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let archive = d.join("archive");
    std::fs::create_dir(&archive).unwrap();
    // 17 MB of session lines: sessions, 17 MB of blank lines (nothing to analyse, so
    // the test stays quick), more sessions.
    let sessions = session_lines();
    let mut big = sessions.join("\n");
    big.push('\n');
    let blank = format!("{}\n", " ".repeat(64 << 10));
    big.push_str(&blank.repeat(17 * 16));
    big.push_str(&sessions.join("\n"));
    big.push('\n');
    let big_path = archive.join("b-big.jsonl");
    std::fs::write(&big_path, &big).unwrap();
    std::fs::copy(crate::example("fight.vtt"), archive.join("a.vtt")).unwrap();
    // Not session lines, and more than the limit below: fails, alone.
    let mut plain = String::new();
    while plain.len() < (2 << 20) {
        plain.push_str("Ana: You never listen to me.\nBen: I hear you.\n");
    }
    std::fs::write(archive.join("c-plain.txt"), &plain).unwrap();
    std::fs::copy(crate::example("calm.srt"), archive.join("d.srt")).unwrap();

    let results = d.join("r.jsonl");
    let errors = d.join("e.jsonl");
    let (code, stderr) = run(&[
        "batch",
        "--max-input",
        "1M",
        s(&archive),
        "--out",
        s(&results),
        "--errors",
        s(&errors),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("3 analysed"), "{stderr}");
    assert!(
        stderr.contains("c-plain.txt: 2 MiB is more than one input may hold (1 MiB)"),
        "{stderr}"
    );
    assert_eq!(lines(&errors).len(), 1);
    // The streamed file's documents are what `stream --source` writes for it.
    let docs = std::fs::read_to_string(&results).unwrap();
    let streamed = crate::turnscope_stdin(&["stream", "--source", s(&big_path)], big.as_bytes());
    let streamed = String::from_utf8(streamed.stdout).unwrap();
    assert_eq!(streamed.lines().count(), 2 * sessions.len());
    assert!(
        docs.contains(&streamed),
        "the big file's documents, in order"
    );
    assert_eq!(docs.lines().count(), 2 * sessions.len() + 2);

    // A tree holds what `analyze` writes for it.
    let tree = format!("{}/", d.join("tree").display());
    let (_, stderr) = run(&["batch", "--max-input", "1M", s(&archive), "--out", &tree]);
    assert!(stderr.contains("3 analysed"), "{stderr}");
    let analyzed = turnscope(&["analyze", s(&big_path)]).stdout;
    assert_eq!(
        std::fs::read(d.join("tree/b-big.jsonl.json")).unwrap(),
        analyzed
    );

    // A bad line at the end fails the file as reading it whole would, and takes back
    // the documents already written.
    std::fs::write(&big_path, format!("{big}{{\"id\": 9, \"turns\": 5}}\n")).unwrap();
    let whole = turnscope(&["analyze", s(&big_path)]);
    let whole_error = stderr_of(&whole);
    let (code, stderr) = run(&[
        "batch",
        "--max-input",
        "1M",
        s(&archive),
        "--out",
        s(&results),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(whole_error.trim_end()),
        "{stderr}\nwanted {whole_error}"
    );
    assert_eq!(lines(&results).len(), 2, "only a.vtt and d.srt");
    let (_, stderr) = run(&["batch", "--max-input", "1M", s(&archive), "--out", &tree]);
    assert!(stderr.contains(whole_error.trim_end()), "{stderr}");
    assert!(!d.join("tree/b-big.jsonl.json").exists());

    // The limit holds for analyze too, set by the environment.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_turnscope"))
        .args(["analyze", s(&archive.join("c-plain.txt"))])
        .env("TURNSCOPE_MAX_INPUT", "1M")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("is more than one input may hold"));
}
