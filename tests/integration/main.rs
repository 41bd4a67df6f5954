//! Integration tests: one binary, a module per concern.

mod agree;
mod batch;
mod cli;
mod context_rules;
mod contract;
mod corpora;
mod course;
mod cues_timing;
mod detectors;
mod dom;
mod faults;
mod formats;
mod lexicons;
mod pack;
mod parsers_prop;
mod probes;
mod problem_areas;
mod report;
mod scale;
mod scorecard;
mod stream;
mod tables;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `examples/`.
pub fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

/// Runs the built `turnscope` binary with `args`.
pub fn turnscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_turnscope"))
        .args(args)
        .output()
        .expect("the turnscope binary runs")
}

/// Runs `turnscope` with `input` on standard input.
pub fn turnscope_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_turnscope"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the turnscope binary runs");
    // Feed standard input from a thread of its own: a filter such as `stream` writes
    // output while it still reads, and a full stdout pipe would otherwise block both sides.
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // The child may stop reading early (an error exit); that is for the test to judge.
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// Runs `turnscope` with `args`, reads the first 100 bytes of its output and closes the
/// pipe (`turnscope ... | head -c 100`), and checks that the run then ends quietly: exit
/// code 0 and nothing on standard error. The output must outgrow the pipe's buffer.
pub fn assert_quiet_when_the_reader_stops(args: &[&str]) {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_turnscope"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the turnscope binary runs");
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then dropped: closed
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
