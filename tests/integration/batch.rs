//! `turnscope batch`: folders of hundreds of transcripts, bad files among them, order,
//! threads, resume, and refusing to overwrite inputs.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{example, turnscope};

/// The examples and how many sessions each holds.
const EXAMPLES: &[(&str, usize)] = &[
    ("couple-session.txt", 1),
    ("fight.vtt", 1),
    ("calm.srt", 1),
    ("support-chats.jsonl", 2),
];

/// Writes `n` transcripts copied from the examples into nested folders of `dir`, plus an
/// empty and a non-UTF-8 file and a picture (skipped). Returns the good sessions written.
pub(crate) fn archive(dir: &Path, n: usize) -> usize {
    let mut sessions = 0;
    for i in 0..n {
        let (name, count) = EXAMPLES[i % EXAMPLES.len()];
        let (stem, ext) = name.rsplit_once('.').unwrap();
        let path = dir
            .join(format!("clinic-{}", i % 7))
            .join(format!("{stem}-{i:04}.{ext}"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy(example(name), &path).unwrap();
        sessions += count;
    }
    for sub in ["clinic-1", "clinic-3", "clinic-5"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(dir.join("clinic-3/empty.txt"), b"").unwrap();
    std::fs::write(dir.join("clinic-5/latin1.txt"), b"Ana: caf\xe9 au lait\n").unwrap();
    std::fs::write(dir.join("clinic-1/scan.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    sessions
}

pub(crate) fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub(crate) fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = turnscope(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stderr)
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_folder_of_hundreds_with_bad_files_writes_every_good_session() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    let expected = archive(&input, 300);
    let results = tmp.path().join("results.jsonl");
    let errors = tmp.path().join("errors.jsonl");
    let (code, stderr) = run(&[
        "batch",
        s(&input),
        "--out",
        s(&results),
        "--errors",
        s(&errors),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("empty.txt: the file is empty"), "{stderr}");
    assert!(stderr.contains("latin1.txt:1: invalid UTF-8"), "{stderr}");
    assert!(!stderr.contains("scan.png"), "{stderr}");
    assert!(stderr.contains("300 analysed"), "{stderr}");
    assert!(stderr.contains("2 failed"), "{stderr}");

    let docs = lines(&results);
    assert_eq!(docs.len(), expected);
    let sources: Vec<&str> = docs
        .iter()
        .map(|d| d["session"]["source"].as_str().unwrap())
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted, "files in sorted order");
    assert!(sources[0].contains("clinic-0/calm-"), "{}", sources[0]);

    let failed = lines(&errors);
    assert_eq!(failed.len(), 2);
    assert!(failed[0]["source"].as_str().unwrap().ends_with("empty.txt"));
    assert!(failed[1]["source"]
        .as_str()
        .unwrap()
        .ends_with("latin1.txt"));
    assert_eq!(failed[1]["line"], 1);
    assert!(failed[1]["error"]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8"));
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 120);
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(format!("r{threads}.jsonl"));
        let tree = tmp.path().join(format!("tree{threads}"));
        let tree_arg = format!("{}/", tree.display());
        run(&["batch", "-q", "-j", threads, s(&input), "--out", s(&out)]);
        run(&["batch", "-q", "-j", threads, s(&input), "--out", &tree_arg]);
        outputs.push((std::fs::read(&out).unwrap(), tree));
    }
    assert_eq!(outputs[0].0, outputs[1].0);
    let files = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<_> = walk(dir)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (a, b) = (files(&outputs[0].1), files(&outputs[1].1));
    // 120 results and the manifest `--resume` reads (`.turnscope-resume`), all equal.
    assert_eq!(a.len(), 121);
    assert!(a == b, "trees differ");
}

#[test]
fn the_tree_mirrors_the_inputs_with_what_analyze_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 8);
    let tree = format!("{}/", tmp.path().join("tree").display());
    let (code, stderr) = run(&["batch", s(&input), "--out", &tree]);
    assert_eq!(code, Some(1), "{stderr}");
    let one = input.join("clinic-1/fight-0001.vtt");
    let written = std::fs::read(tmp.path().join("tree/clinic-1/fight-0001.vtt.json")).unwrap();
    let analyzed = turnscope(&["analyze", s(&one)]).stdout;
    assert_eq!(written, analyzed);
    let chats: Value = serde_json::from_slice(
        &std::fs::read(
            tmp.path()
                .join("tree/clinic-3/support-chats-0003.jsonl.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        chats.as_array().unwrap().len(),
        2,
        "several sessions: an array"
    );
}

#[test]
fn resume_skips_what_is_done_and_finishes_an_interrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 40);
    let results = tmp.path().join("results.jsonl");
    run(&["batch", "-q", s(&input), "--out", s(&results)]);
    let full = std::fs::read(&results).unwrap();

    // Everything is up to date: nothing analysed, nothing changed.
    let (_, stderr) = run(&["batch", "--resume", s(&input), "--out", s(&results)]);
    assert!(stderr.contains("0 analysed, 40 skipped"), "{stderr}");
    assert_eq!(std::fs::read(&results).unwrap(), full);

    // An interrupted run: a prefix of whole files and a cut line.
    let cut = full.len() / 2;
    std::fs::write(&results, &full[..cut]).unwrap();
    let (code, stderr) = run(&["batch", "--resume", s(&input), "--out", s(&results)]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains(" 0 analysed"), "{stderr}");
    assert!(!stderr.contains(" 0 skipped"), "{stderr}");
    assert_eq!(
        std::fs::read(&results).unwrap(),
        full,
        "same as a run in one go"
    );

    // A tree: only missing or older results are redone.
    let tree = tmp.path().join("tree");
    let tree_arg = format!("{}/", tree.display());
    run(&["batch", "-q", s(&input), "--out", &tree_arg]);
    let gone = tree.join("clinic-2/calm-0002.srt.json");
    std::fs::remove_file(&gone).unwrap();
    let (_, stderr) = run(&["batch", "--resume", s(&input), "--out", &tree_arg]);
    assert!(stderr.contains("1 analysed, 39 skipped"), "{stderr}");
    assert!(gone.exists());
}

#[test]
fn refuses_to_overwrite_inputs_and_never_reads_its_own_output() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 12);
    let jsonl = input.join("clinic-3/support-chats-0003.jsonl");
    let before = std::fs::read(&jsonl).unwrap();
    let (code, stderr) = run(&["batch", s(&jsonl), "--out", s(&jsonl)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("refusing"), "{stderr}");
    assert_eq!(std::fs::read(&jsonl).unwrap(), before);

    let same = format!("{}/", input.display());
    let (code, stderr) = run(&["batch", s(&input), "--out", &same]);
    assert_eq!(code, Some(2), "{stderr}");

    let elsewhere = tmp.path().join("r.jsonl");
    let (code, stderr) = run(&[
        "batch",
        s(&input),
        "--out",
        s(&elsewhere),
        "--errors",
        s(&jsonl),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(std::fs::read(&jsonl).unwrap(), before);
    assert!(!elsewhere.exists(), "nothing written before refusing");

    // Output inside the archive: written there, and not read back on the next run.
    let inside = input.join("results");
    let inside_arg = format!("{}/", inside.display());
    for _ in 0..2 {
        let (code, stderr) = run(&["batch", s(&input), "--out", &inside_arg]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("12 analysed"), "{stderr}");
    }
    let results_file = input.join("results.jsonl");
    for _ in 0..2 {
        let (_, stderr) = run(&["batch", s(&input), "--out", s(&results_file)]);
        assert!(stderr.contains("12 analysed"), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 5);
    std::os::unix::fs::symlink(&input, input.join("clinic-0/back-to-top")).unwrap();
    let out = tmp.path().join("r.jsonl");
    let (code, stderr) = run(&["batch", s(&input), "--out", s(&out)]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("symbolic link loop"), "{stderr}");
    assert!(stderr.contains("5 analysed"), "{stderr}");
}

#[test]
fn globs_pick_files_by_pattern() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 20);
    let out = tmp.path().join("r.jsonl");
    let pattern = format!("{}/**/*.vtt", input.display());
    let (code, stderr) = run(&["batch", &pattern, "--out", s(&out)]);
    assert_eq!(code, Some(0), "{stderr}");
    let docs = lines(&out);
    assert_eq!(docs.len(), 5);
    assert!(docs.iter().all(|d| d["session"]["format"] == "vtt"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
