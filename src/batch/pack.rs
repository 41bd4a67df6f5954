//! `turnscope pack`: an archive of transcripts in any format, written as one session a
//! line: the input of `turnscope stream`, of Spark's `RDD.pipe` and of
//! `--input-format sessions`.
//!
//! Files are found, read and chunked exactly as by [`super::run`] (the same walk, format
//! detection and errors), but each session is written as a line
//! ([`write_session_line`]) instead of analysed. The line names the file and the format
//! it was read as, which `turnscope stream` puts in the document, so
//! `turnscope pack F | turnscope stream` writes what `turnscope batch F` writes, byte for
//! byte. Lines come out in input order whatever the number of threads.
//!
//! Finding the files and checking the output ([`plan`]) comes before anything is written
//! ([`write()`]), so that a refused run leaves the output file as it was.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::walk::{self, Input, Walk};
use super::{
    chunks, first_line, output_error, refuse_inputs_as_outputs, refuse_walked_outputs, BatchError,
    Observer,
};
use crate::input::{read_path_stamped, InputError};
use crate::transcript::{parse_session_line_with_origin, write_session_line, Format, Origin};

/// How to pack.
#[derive(Debug, Clone)]
pub struct PackOptions {
    /// The input format, or `None` to detect it for each file.
    pub format: Option<Format>,
    /// The file written, or `None` for standard output. It is never read as an input
    /// (an earlier run's output inside the archive is passed over), and the run refuses
    /// to start when it would overwrite an input.
    pub output: Option<PathBuf>,
    /// The most bytes one input may hold: a larger file fails, named, and the run goes on.
    pub max_input: u64,
}

impl Default for PackOptions {
    fn default() -> Self {
        PackOptions {
            format: None,
            output: None,
            max_input: crate::input::DEFAULT_MAX_INPUT,
        }
    }
}

impl PackOptions {
    /// The output's name in messages.
    fn output_name(&self) -> &Path {
        self.output.as_deref().unwrap_or(Path::new("<stdout>"))
    }
}

/// What a pack did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackSummary {
    /// Input files found.
    pub files: usize,
    /// Files read and written.
    pub packed: usize,
    /// Files (or arguments) that could not be read.
    pub failed: usize,
    /// Sessions written, one a line.
    pub sessions: usize,
    /// Turns in them.
    pub turns: usize,
    /// Bytes of the files packed.
    pub bytes: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// The files a pack will read, found before anything is written.
#[derive(Debug)]
pub struct Plan {
    found: Walk,
    started: Instant,
}

impl Plan {
    /// The files to read, in order.
    pub fn inputs(&self) -> &[Input] {
        &self.found.inputs
    }
}

/// Walks `paths` (files, folders, globs) as [`super::run`] does, and checks that the
/// output would overwrite no input.
pub fn plan(paths: &[PathBuf], options: &PackOptions) -> Result<Plan, BatchError> {
    let started = Instant::now();
    let outputs: Vec<(&str, &Path)> = options
        .output
        .iter()
        .map(|p| ("--output", p.as_path()))
        .collect();
    refuse_inputs_as_outputs(paths, None, &outputs)?;
    let exclude: Vec<PathBuf> = outputs
        .iter()
        .map(|(_, p)| *p)
        .filter(|p| is_packed(p))
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let found = walk::walk(paths, &exclude);
    refuse_walked_outputs(&found.inputs, &outputs)?;
    Ok(Plan { found, started })
}

/// Reads the planned files a chunk at a time (files, and sessions inside each, in
/// parallel) and writes their session lines to `out` in input order, flushing after
/// each chunk. A file that cannot be read goes to `observer` and is passed over; only a
/// failure to write ends the run.
pub fn write(
    plan: Plan,
    options: &PackOptions,
    out: &mut dyn Write,
    observer: &dyn Observer,
) -> Result<PackSummary, BatchError> {
    let Plan { found, started } = plan;
    for note in &found.notes {
        observer.note(note);
    }
    let mut summary = PackSummary {
        files: found.inputs.len(),
        failed: found.failures.len(),
        ..PackSummary::default()
    };
    for e in &found.failures {
        observer.failed(e);
    }
    observer.planned(
        found.inputs.len(),
        found.inputs.iter().map(|i| i.size).sum(),
    );
    let written = output_error(options.output_name());
    let mut result = Ok(());
    for chunk in chunks(&found.inputs) {
        let packed: Vec<Result<Packed, InputError>> = chunk
            .par_iter()
            .map(|input| pack_file(input, options.format, options.max_input))
            .collect();
        for (input, p) in chunk.iter().zip(packed) {
            match p {
                Ok(p) => {
                    if let Err(e) = out.write_all(&p.lines) {
                        result = Err(e);
                        break;
                    }
                    summary.packed += 1;
                    summary.sessions += p.sessions;
                    summary.turns += p.turns;
                    summary.bytes += input.size;
                }
                Err(e) => {
                    observer.failed(&e);
                    summary.failed += 1;
                }
            }
            observer.advanced(input.size);
        }
        result = result.and_then(|()| out.flush());
        if result.is_err() {
            break;
        }
    }
    result.map_err(written)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// One file's session lines.
struct Packed {
    lines: Vec<u8>,
    sessions: usize,
    turns: usize,
}

fn pack_file(input: &Input, format: Option<Format>, limit: u64) -> Result<Packed, InputError> {
    let (source, _) = read_path_stamped(&input.path, format, limit)?;
    let origin = Origin {
        source: Some(source.name.clone()),
        format: Some(source.format),
    };
    let lines: Vec<io::Result<Vec<u8>>> = source
        .sessions
        .par_iter()
        .map(|session| {
            let mut line = Vec::new();
            write_session_line(&mut line, session, &origin).map(|()| line)
        })
        .collect();
    let mut packed = Packed {
        lines: Vec::new(),
        sessions: source.sessions.len(),
        turns: source.sessions.iter().map(|s| s.turns.len()).sum(),
    };
    for line in lines {
        // Writing to memory fails only if serialising does, which these types never do;
        // should it happen, the file is reported rather than half written.
        let line = line.map_err(|e| InputError {
            source: source.name.clone(),
            line: 0,
            message: format!("cannot write its sessions as lines: {e}"),
        })?;
        packed.lines.extend_from_slice(&line);
    }
    Ok(packed)
}

/// Whether an existing file is the output of an earlier pack (empty, or session lines
/// that name their source), which may be overwritten and is never read as input.
fn is_packed(path: &Path) -> bool {
    let Some(first) = first_line(path) else {
        return false;
    };
    if first.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    std::str::from_utf8(&first)
        .ok()
        .and_then(|line| parse_session_line_with_origin(line).ok())
        .is_some_and(|(_, origin)| origin.source.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::parse_sessions;

    #[test]
    fn packs_in_input_order_and_reads_back_as_the_same_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("b.txt"), "Ana: It's your fault.\nBen: I hear you.\n").unwrap();
        std::fs::write(
            d.join("a.srt"),
            "1\n00:00:01,000 --> 00:00:02,500\nAna: Hi.\n",
        )
        .unwrap();
        std::fs::write(d.join("c.txt"), "").unwrap();
        let options = PackOptions::default();
        let plan = plan(&[d.to_path_buf()], &options).unwrap();
        let mut out = Vec::new();
        let summary = write(plan, &options, &mut out, &super::super::Quiet).unwrap();
        assert_eq!((summary.files, summary.packed, summary.failed), (3, 2, 1));
        assert_eq!((summary.sessions, summary.turns), (2, 3));
        let text = String::from_utf8(out).unwrap();
        let sessions = parse_sessions(&text).unwrap();
        assert_eq!(sessions[0].id, "a.srt");
        assert_eq!(sessions[0].turns[0].end, Some(2.5));
        assert_eq!(sessions[1].id, "b.txt");
        let (_, origin) = parse_session_line_with_origin(text.lines().next().unwrap()).unwrap();
        assert_eq!(origin.format, Some(Format::Srt));
        assert!(origin.source.unwrap().ends_with("a.srt"));
    }

    #[test]
    fn tells_its_own_output_from_other_session_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        let cases = [
            ("", true),
            ("{\"id\": 1, \"source\": \"a.txt\", \"turns\": []}\n", true),
            ("{\"id\": 1, \"turns\": []}\n", false),
            ("Ana: hi\n", false),
        ];
        for (text, packed) in cases {
            std::fs::write(&path, text).unwrap();
            assert_eq!(is_packed(&path), packed, "{text:?}");
        }
        assert!(!is_packed(&dir.path().join("missing")));
    }
}
