//! `turnscope batch`: a whole archive of transcripts, analysed in parallel, written as one
//! JSON Lines file or as a mirrored tree of JSON files. [`pack`] finds and reads archives
//! the same way and writes their sessions, one a line, for `turnscope stream` and Spark.
//!
//! Files are taken in a fixed order (arguments as given, each folder walked in sorted
//! order) and processed a chunk at a time: the files of a chunk are read and analysed in
//! parallel, and the sessions inside each file too, and the results written in order
//! before the next chunk starts. Memory stays bounded by the chunk however large the archive, and the
//! output is byte-identical whatever the number of threads.
//!
//! A file that cannot be read (invalid UTF-8, empty, no turns, unparsable) is reported to
//! the [`Observer`] and the run goes on; the others are all written. The run never writes
//! outside its target, never reads its own output, and refuses to start when it would
//! overwrite an input.

mod lines;
pub mod pack;
mod resume;
pub mod walk;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::engine::Engine;
use crate::input::{path_name, read_path_stamped, FileId, InputError, Stamp};
use crate::pipeline::{document, DocumentOptions};
use crate::report::json::{SessionDoc, SourceInfo};
use crate::transcript::Format;
pub use walk::{Input, SKIPPED_EXTENSIONS, SKIPPED_NAMES};

/// Most files in one chunk.
const CHUNK_FILES: usize = 128;
/// Most bytes of input in one chunk (a larger single file is a chunk of its own).
const CHUNK_BYTES: u64 = 16 << 20;

/// Where a batch writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One JSON Lines file: one compact session document a line, files in input order.
    Jsonl(PathBuf),
    /// A folder mirroring the inputs: `DIR/<path below the inputs' common folder>.json`,
    /// each holding what `turnscope analyze FILE` writes (a pretty document, or an array
    /// for a file with several sessions).
    Tree(PathBuf),
}

impl Target {
    /// A path ending in `/` or naming an existing folder is a tree; anything else a
    /// JSON Lines file.
    pub fn from_arg(out: &Path) -> Target {
        let text = out.as_os_str().to_string_lossy();
        if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || out.is_dir() {
            Target::Tree(out.to_path_buf())
        } else {
            Target::Jsonl(out.to_path_buf())
        }
    }

    /// The file or folder.
    pub fn path(&self) -> &Path {
        match self {
            Target::Jsonl(p) | Target::Tree(p) => p,
        }
    }
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The input format, or `None` to detect it for each file.
    pub format: Option<Format>,
    /// What the documents include.
    /// What the documents include, and the speakers' renames and roles.
    pub documents: DocumentOptions,
    /// Where to write.
    pub target: Target,
    /// Also write each failure as a JSON line `{"source", "line", "error"}` here.
    pub errors: Option<PathBuf>,
    /// Skip inputs whose results are already there, whole, from the same content (see
    /// the manifest in `resume`: size, modification time and hash of each input).
    pub resume: bool,
    /// The most bytes one input may hold ([`crate::input::DEFAULT_MAX_INPUT`] unless
    /// changed): a larger file fails, named, and the run goes on. A file of session
    /// lines larger than a chunk is streamed instead, and this bounds each line.
    pub max_input: u64,
}

/// Why a batch could not run (or go on).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The run would overwrite an input or write outside its target.
    #[error("refusing to run: {0}")]
    Refused(String),
    /// Output could not be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

fn output_error(path: &Path) -> impl FnOnce(io::Error) -> BatchError + '_ {
    move |source| BatchError::Output {
        path: path.to_path_buf(),
        source,
    }
}

/// Hears how a batch goes, for a progress bar and messages. Called from the thread that
/// runs the batch, in input order.
pub trait Observer {
    /// The work ahead: files to analyse (after `--resume` skipped some) and their bytes.
    fn planned(&self, _files: usize, _bytes: u64) {}
    /// One more file done (analysed and written, or failed), of `bytes`.
    fn advanced(&self, _bytes: u64) {}
    /// A file could not be read.
    fn failed(&self, _error: &InputError) {}
    /// Something passed over that is not a failure (a symbolic-link loop, a named pipe).
    fn note(&self, _note: &str) {}
}

/// An observer that hears nothing.
pub struct Quiet;

impl Observer for Quiet {}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Input files found.
    pub files: usize,
    /// Files analysed and written.
    pub analysed: usize,
    /// Files skipped by `--resume` as up to date.
    pub skipped: usize,
    /// Files (or arguments) that could not be read.
    pub failed: usize,
    /// Sessions written.
    pub sessions: usize,
    /// Turns in them.
    pub turns: usize,
    /// Bytes of the files analysed.
    pub bytes: u64,
    /// Counted findings per detector, in the sessions written.
    pub findings: BTreeMap<String, usize>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// Runs a batch over `paths` (files, folders, globs).
pub fn run(
    engine: &Engine,
    paths: &[PathBuf],
    options: &BatchOptions,
    observer: &dyn Observer,
) -> Result<Summary, BatchError> {
    let started = Instant::now();
    let (files, dir) = match &options.target {
        Target::Jsonl(file) => (vec![("--out", file.as_path())], None),
        Target::Tree(dir) => (vec![], Some(dir.as_path())),
    };
    let files: Vec<(&str, &Path)> = files
        .into_iter()
        .chain(options.errors.as_deref().map(|e| ("--errors", e)))
        .collect();
    refuse_inputs_as_outputs(paths, dir, &files)?;
    // Our own earlier output is never read as input; any other file named as output
    // that the walk finds is an input, and the run refuses below.
    let exclude: Vec<PathBuf> = dir
        .into_iter()
        .chain(files.iter().map(|(_, f)| *f).filter(|f| is_our_output(f)))
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let found = walk::walk(paths, &exclude);
    refuse_walked_outputs(&found.inputs, &files)?;
    for note in &found.notes {
        observer.note(note);
    }
    let mut summary = Summary {
        files: found.inputs.len(),
        ..Summary::default()
    };

    let mut errors = match &options.errors {
        Some(path) => Some(io::BufWriter::new(
            create_file(path).map_err(output_error(path))?,
        )),
        None => None,
    };
    let mut fail = |e: &InputError, summary: &mut Summary| -> Result<(), BatchError> {
        observer.failed(e);
        summary.failed += 1;
        if let (Some(w), Some(path)) = (errors.as_mut(), options.errors.as_deref()) {
            let line = ErrorLine {
                source: &e.source,
                line: e.line,
                error: &e.message,
            };
            serde_json::to_writer(&mut *w, &line)
                .map_err(io::Error::from)
                .and_then(|()| writeln!(w))
                .and_then(|()| w.flush())
                .map_err(output_error(path))?;
        }
        Ok(())
    };
    for e in &found.failures {
        fail(e, &mut summary)?;
    }

    let (todo, mut sink, mut manifest) = match &options.target {
        Target::Jsonl(path) => {
            let (todo, file, manifest) = open_jsonl(path, found.inputs, options.resume)?;
            (todo, Sink::Jsonl(file, path.clone()), manifest)
        }
        Target::Tree(dir) => {
            let (todo, manifest) = plan_tree(dir, found.inputs, options.resume)?;
            (todo, Sink::Tree(dir.clone()), manifest)
        }
    };
    summary.skipped = summary.files - todo.len();
    observer.planned(todo.len(), todo.iter().map(|i| i.size).sum());

    let detectors = engine.detectors().to_vec();
    let mut findings = vec![0usize; detectors.len()];
    for chunk in chunks(&todo) {
        // A big file is a chunk of its own; one of session lines is streamed.
        let streamed = match chunk {
            [input] if input.size > lines::STREAM_BYTES => {
                lines::stream_file(engine, input, options, &mut sink)
            }
            _ => None,
        };
        let results = match streamed {
            Some(result) => vec![result],
            None => process_chunk(engine, chunk, options, &sink),
        };
        for (input, result) in chunk.iter().zip(results) {
            match result {
                Err(Failure::Input(e)) => {
                    sink.forget(input)?;
                    fail(&e, &mut summary)?
                }
                Err(Failure::Output(e)) => return Err(e),
                Ok(done) => {
                    sink.write(&done.jsonl)?;
                    // Recorded once the results are written: an input whose results
                    // were cut short has no record, and is redone by --resume.
                    if let (Some(stamp), Some((file, path))) = (&done.stamp, &mut manifest) {
                        let record =
                            resume::Record::new(&path_name(&input.path), stamp, done.sessions);
                        resume::append(file, &record).map_err(output_error(path))?;
                    }
                    summary.analysed += 1;
                    summary.bytes += input.size;
                    summary.sessions += done.sessions;
                    summary.turns += done.turns;
                    for (total, n) in findings.iter_mut().zip(&done.findings) {
                        *total += n;
                    }
                }
            }
            observer.advanced(input.size);
        }
    }
    sink.finish()?;
    summary.findings = detectors.into_iter().zip(findings).collect();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A line of `--errors`.
#[derive(serde::Serialize)]
struct ErrorLine<'a> {
    source: &'a str,
    line: usize,
    error: &'a str,
}

/// Refuses an output folder that is one of the inputs, an output file named as an
/// input, and two outputs in one file.
fn refuse_inputs_as_outputs(
    paths: &[PathBuf],
    dir: Option<&Path>,
    files: &[(&str, &Path)],
) -> Result<(), BatchError> {
    let inputs: Vec<PathBuf> = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let outputs = dir
        .map(|d| ("--out", d))
        .into_iter()
        .chain(files.iter().copied());
    let input_ids: Vec<FileId> = paths.iter().filter_map(|p| FileId::of(p)).collect();
    for (flag, path) in outputs {
        let same_path = path.canonicalize().is_ok_and(|c| inputs.contains(&c));
        // A hard link to an input is the input too.
        let same_file = FileId::of(path).is_some_and(|id| input_ids.contains(&id));
        if same_path || same_file {
            return Err(BatchError::Refused(format!(
                "{flag} {} is one of the inputs",
                path.display()
            )));
        }
    }
    if let [(_, a), (_, b)] = files {
        if walk::absolute(a) == walk::absolute(b) {
            return Err(BatchError::Refused(
                "--errors and --out name the same file".into(),
            ));
        }
    }
    Ok(())
}

/// Refuses output files that the walk found as inputs (existing files that are not the
/// results or errors of an earlier run).
fn refuse_walked_outputs(inputs: &[Input], files: &[(&str, &Path)]) -> Result<(), BatchError> {
    for (flag, path) in files {
        // Device and inode where the system has them: a hard link is the same file.
        let Ok(meta) = std::fs::metadata(path) else {
            continue;
        };
        let Some(id) = FileId::of(path) else {
            continue;
        };
        let walked = inputs
            .iter()
            .find(|i| i.size == meta.len() && FileId::of(&i.path).as_ref() == Some(&id));
        if let Some(input) = walked {
            return Err(BatchError::Refused(format!(
                "{flag} {} would overwrite the input {}",
                path.display(),
                input.path.display()
            )));
        }
    }
    Ok(())
}

/// Whether an existing file is the output of an earlier run (session documents or
/// `--errors` lines), which may be overwritten and is never read as input.
fn is_our_output(path: &Path) -> bool {
    let Some(first) = first_line(path) else {
        return false;
    };
    if first.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    match serde_json::from_slice::<serde_json::Value>(&first) {
        Ok(serde_json::Value::Object(m)) => {
            m.get("tool").and_then(|t| t.get("name")) == Some(&"turnscope".into())
                || (m.len() == 3
                    && ["source", "line", "error"]
                        .iter()
                        .all(|k| m.contains_key(*k)))
        }
        _ => false,
    }
}

/// The first line of an existing file (up to 1 MB of it), or `None` where it cannot be read.
fn first_line(path: &Path) -> Option<Vec<u8>> {
    use std::io::{BufRead, BufReader, Read};
    // Opening a named pipe would wait for a writer: only regular files are looked at.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let file = File::open(path).ok()?;
    let mut first = Vec::new();
    BufReader::new(file.take(1 << 20))
        .read_until(b'\n', &mut first)
        .ok()?;
    Some(first)
}

/// Creates (or truncates) a file, creating its folder first.
fn create_file(path: &Path) -> io::Result<File> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    File::create(path)
}

/// The open manifest of a run's results and where it is; `None` when the results go
/// to something that is not a regular file (`--out /dev/stdout`), which cannot be resumed.
type ManifestFile = Option<(File, PathBuf)>;

/// Opens the JSON Lines target and its manifest; with `resume`, keeps the whole,
/// up-to-date results of an earlier run and returns only the inputs still to do.
fn open_jsonl(
    path: &Path,
    inputs: Vec<Input>,
    resume: bool,
) -> Result<(Vec<Input>, File, ManifestFile), BatchError> {
    let manifest_path = resume::Manifest::beside(path);
    let regular = |file: &File| file.metadata().is_ok_and(|m| m.is_file());
    if !resume {
        let file = create_file(path).map_err(output_error(path))?;
        if !regular(&file) {
            return Ok((inputs, file, None));
        }
        let manifest = create_file(&manifest_path).map_err(output_error(&manifest_path))?;
        return Ok((inputs, file, Some((manifest, manifest_path))));
    }
    let existing = resume::Existing::scan(path).map_err(output_error(path))?;
    let manifest = resume::Manifest::read(&manifest_path).map_err(output_error(&manifest_path))?;
    let todo = still_to_do(inputs, &manifest, |source, documents| {
        existing.holds(source, documents)
    });
    let in_todo: std::collections::HashSet<String> =
        todo.iter().map(|i| path_name(&i.path)).collect();
    let keep = |source: &str| !in_todo.contains(source);
    if path.exists() {
        existing.keep_only(path, keep).map_err(output_error(path))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(output_error(path))?;
    if !regular(&file) {
        return Ok((todo, file, None));
    }
    let manifest = manifest
        .rewrite(&manifest_path, keep)
        .map_err(output_error(&manifest_path))?;
    Ok((todo, file, Some((manifest, manifest_path))))
}

/// The inputs whose results are not all there or not up to date: no record in
/// `manifest` that matches the file as it is now (size, time and content, the files
/// hashed in parallel), or `written(source, documents)` says the results are not all
/// written. A file that is not a regular file (a named pipe) is always to do.
fn still_to_do(
    inputs: Vec<Input>,
    manifest: &resume::Manifest,
    written: impl Fn(&str, usize) -> bool + Sync,
) -> Vec<Input> {
    let done: Vec<bool> = inputs
        .par_iter()
        .map(|i| {
            let source = path_name(&i.path);
            manifest
                .up_to_date(&source, &i.path, i.size, i.modified)
                .is_some_and(|r| written(&source, r.documents))
        })
        .collect();
    inputs
        .into_iter()
        .zip(done)
        .filter_map(|(i, done)| (!done).then_some(i))
        .collect()
}

/// Where a tree target puts an input's results.
fn tree_path(dir: &Path, input: &Input) -> PathBuf {
    let mut name = input.rel.file_name().unwrap_or_default().to_os_string();
    name.push(".json");
    dir.join(input.rel.with_file_name(name))
}

/// Checks that no result would overwrite an input and opens the tree's manifest; with
/// `resume`, drops the inputs whose results are already there and up to date.
fn plan_tree(
    dir: &Path,
    inputs: Vec<Input>,
    resume: bool,
) -> Result<(Vec<Input>, ManifestFile), BatchError> {
    let dir_abs = walk::absolute(dir);
    for input in &inputs {
        let input_abs = walk::absolute(&input.path);
        if !input_abs.starts_with(&dir_abs) {
            continue;
        }
        let target = tree_path(dir, input);
        let same = walk::absolute(&target) == input_abs
            || (target.canonicalize().ok())
                .is_some_and(|t| input.path.canonicalize().ok() == Some(t));
        if same {
            return Err(BatchError::Refused(format!(
                "the results for {} would overwrite it",
                input.path.display()
            )));
        }
    }
    let manifest_path = resume::Manifest::inside(dir);
    if !resume {
        let manifest = create_file(&manifest_path).map_err(output_error(&manifest_path))?;
        return Ok((inputs, Some((manifest, manifest_path))));
    }
    let manifest = resume::Manifest::read(&manifest_path).map_err(output_error(&manifest_path))?;
    let written: std::collections::HashMap<String, PathBuf> = inputs
        .iter()
        .map(|i| (path_name(&i.path), tree_path(dir, i)))
        .collect();
    let todo = still_to_do(inputs, &manifest, |source, _| {
        written.get(source).is_some_and(|p| p.is_file())
    });
    let in_todo: std::collections::HashSet<String> =
        todo.iter().map(|i| path_name(&i.path)).collect();
    let file = manifest
        .rewrite(&manifest_path, |source| !in_todo.contains(source))
        .map_err(output_error(&manifest_path))?;
    Ok((todo, Some((file, manifest_path))))
}

/// Splits the inputs into chunks of at most [`CHUNK_FILES`] files and [`CHUNK_BYTES`].
fn chunks(inputs: &[Input]) -> impl Iterator<Item = &[Input]> {
    let mut rest = inputs;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut bytes = 0;
        let mut n = 0;
        while n < rest.len() && n < CHUNK_FILES && (n == 0 || bytes + rest[n].size <= CHUNK_BYTES) {
            bytes += rest[n].size;
            n += 1;
        }
        let (chunk, tail) = rest.split_at(n);
        rest = tail;
        Some(chunk)
    })
}

enum Sink {
    Jsonl(File, PathBuf),
    Tree(PathBuf),
}

impl Sink {
    /// Appends one file's lines with a single write, so an interrupted run leaves whole
    /// files' results (and at most one cut line, which `--resume` drops).
    fn write(&mut self, bytes: &[u8]) -> Result<(), BatchError> {
        match self {
            Sink::Jsonl(file, path) if !bytes.is_empty() => {
                file.write_all(bytes).map_err(output_error(path))
            }
            _ => Ok(()),
        }
    }

    /// Removes what an earlier run wrote for `input`, which now fails: a tree keeps no
    /// stale results for it. (A JSON Lines target already dropped its lines.)
    fn forget(&self, input: &Input) -> Result<(), BatchError> {
        if let Sink::Tree(dir) = self {
            let target = tree_path(dir, input);
            if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
                std::fs::remove_file(&target).map_err(output_error(&target))?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), BatchError> {
        match self {
            Sink::Jsonl(mut file, path) => file.flush().map_err(output_error(&path)),
            Sink::Tree(_) => Ok(()),
        }
    }
}

enum Failure {
    Input(InputError),
    Output(BatchError),
}

/// One file's results.
struct Done {
    /// What the file was when read, for the manifest (`None` for a named pipe).
    stamp: Option<Stamp>,
    /// Its JSON Lines (empty for a tree target, which has written its file).
    jsonl: Vec<u8>,
    sessions: usize,
    turns: usize,
    /// Counted findings per detector, in the engine's order.
    findings: Vec<usize>,
}

/// One session's results.
struct Rendered {
    /// A compact JSON line (JSON Lines target) or the document (tree target).
    body: Result<Vec<u8>, SessionDoc>,
    turns: usize,
    findings: Vec<usize>,
}

/// Reads, analyses and renders the files of a chunk: files in parallel and, inside each,
/// sessions in parallel (rayon balances the two), with one join at the end of the chunk.
fn process_chunk(
    engine: &Engine,
    chunk: &[Input],
    options: &BatchOptions,
    sink: &Sink,
) -> Vec<Result<Done, Failure>> {
    chunk
        .par_iter()
        .map(|input| {
            let (source, stamp) = read_path_stamped(&input.path, options.format, options.max_input)
                .map_err(Failure::Input)?;
            let sessions: Vec<Rendered> = source
                .sessions
                .par_iter()
                .map(|t| {
                    let as_line = matches!(sink, Sink::Jsonl(..));
                    render(engine, (&source.name, source.format), t, options, as_line)
                })
                .collect();
            let mut done = Done {
                stamp,
                jsonl: Vec::new(),
                sessions: sessions.len(),
                turns: sessions.iter().map(|s| s.turns).sum(),
                findings: vec![0; engine.detectors().len()],
            };
            let mut docs = Vec::new();
            for s in sessions {
                for (total, n) in done.findings.iter_mut().zip(&s.findings) {
                    *total += n;
                }
                match s.body {
                    Ok(line) => done.jsonl.extend_from_slice(&line),
                    Err(doc) => docs.push(doc),
                }
            }
            if let Sink::Tree(dir) = sink {
                write_tree_file(dir, input, &docs).map_err(Failure::Output)?;
            }
            Ok(done)
        })
        .collect()
}

/// Analyses one session and renders it for the sink.
fn render(
    engine: &Engine,
    source: (&str, Format),
    transcript: &crate::transcript::Transcript,
    options: &BatchOptions,
    as_line: bool,
) -> Rendered {
    let info = SourceInfo {
        source: Some(source.0),
        format: Some(source.1.name()),
    };
    let doc = document(engine, transcript, info, &options.documents);
    // Counted findings per detector (the document's detectors are the registry's, sorted).
    let findings: Vec<usize> = doc
        .detectors
        .iter()
        .map(|d| {
            doc.speakers
                .iter()
                .filter_map(|s| s.detectors.get(d))
                .map(|f| f.count)
                .sum()
        })
        .collect();
    let body = if as_line {
        let mut line = Vec::new();
        doc.write_compact(&mut line);
        line.push(b'\n');
        Ok(line)
    } else {
        Err(doc)
    };
    Rendered {
        body,
        turns: transcript.turns.len(),
        findings,
    }
}

/// Writes one input's results below `dir`, through a temporary file renamed into place
/// (which replaces a symbolic link rather than writing through it).
fn write_tree_file(dir: &Path, input: &Input, docs: &[SessionDoc]) -> Result<(), BatchError> {
    let (target, tmp) = tree_file(dir, input)?;
    let mut bytes = if docs.len() == 1 {
        serde_json::to_vec_pretty(&docs[0])
    } else {
        serde_json::to_vec_pretty(docs)
    }
    .unwrap_or_default();
    bytes.push(b'\n');
    std::fs::write(&tmp, &bytes)
        .and_then(|()| std::fs::rename(&tmp, &target))
        .map_err(output_error(&target))
}

/// Where one input's results go below `dir`, and the temporary file they are written to
/// first (its folder made, and checked to lie inside `dir`).
fn tree_file(dir: &Path, input: &Input) -> Result<(PathBuf, PathBuf), BatchError> {
    let target = tree_path(dir, input);
    let parent = target.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).map_err(output_error(parent))?;
    let inside = match (parent.canonicalize(), dir.canonicalize()) {
        (Ok(p), Ok(d)) => p.starts_with(d),
        _ => false,
    };
    if !inside {
        return Err(BatchError::Refused(format!(
            "{} leads outside --out {} (a symbolic link?)",
            parent.display(),
            dir.display()
        )));
    }
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(target.file_name().unwrap_or_default());
    tmp_name.push(".partial");
    let tmp = parent.join(tmp_name);
    Ok((target, tmp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(size: u64) -> Input {
        Input {
            path: PathBuf::from("x"),
            rel: PathBuf::from("a/x.txt"),
            size,
            modified: None,
        }
    }

    #[test]
    fn chunks_by_files_and_bytes() {
        let inputs: Vec<Input> = (0..2 * CHUNK_FILES + 5).map(|_| input(10)).collect();
        let sizes: Vec<usize> = chunks(&inputs).map(<[Input]>::len).collect();
        assert_eq!(sizes, [CHUNK_FILES, CHUNK_FILES, 5]);
        let inputs = vec![input(CHUNK_BYTES + 1), input(1), input(CHUNK_BYTES)];
        let sizes: Vec<usize> = chunks(&inputs).map(<[Input]>::len).collect();
        assert_eq!(sizes, [1, 1, 1]);
    }

    #[test]
    fn names_targets() {
        assert_eq!(
            Target::from_arg(Path::new("r.jsonl")),
            Target::Jsonl("r.jsonl".into())
        );
        assert_eq!(
            Target::from_arg(Path::new("out/")),
            Target::Tree("out/".into())
        );
        assert_eq!(
            tree_path(Path::new("out"), &input(1)),
            PathBuf::from("out/a/x.txt.json")
        );
    }
}
