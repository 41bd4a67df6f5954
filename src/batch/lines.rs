//! A big file of session lines, streamed: read, analysed and written a chunk of lines at
//! a time, so that `turnscope batch` holds no more of it than `turnscope stream` would,
//! however large it is (issue 16: one 55 MB file used to take over a gigabyte).
//!
//! What it writes, and how it fails, is exactly what reading the whole file would give:
//! the same documents in the same order; the same error, on the same line, for a file that
//! fails (a line that is not UTF-8 anywhere in the file comes first, then a NUL byte, then
//! the first line that is not a session, then a file of no turns at all). Documents are
//! written as they come, and taken back when the file fails: a JSON Lines target is cut
//! back to where the file's documents began; a tree's temporary file is removed.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, Write};
use std::path::Path;

use rayon::prelude::*;

use super::{output_error, render, tree_file, BatchError, BatchOptions, Done, Failure, Input};
use super::{Rendered, Sink, Target};
use crate::engine::Engine;
use crate::input::{
    empty_error, nul_error, parse_failure, path_name, too_large, utf8_error, InputError, Stamp,
};
use crate::transcript::{name_by_line, parse_session_line, strip_bom, Format, ParseError};

/// Files larger than this are streamed when they are session lines (smaller ones are
/// read whole, with the other files of their chunk).
pub(super) const STREAM_BYTES: u64 = super::CHUNK_BYTES;
/// Most lines analysed at once.
const CHUNK_LINES: usize = 512;
/// Most bytes of lines analysed at once.
const CHUNK_BYTES: usize = 8 << 20;
/// How much beyond its first line is read to tell a file's format.
const HEAD_BYTES: u64 = 64 << 10;

/// Streams `input` into `sink` when it is a file of session lines (by `-i` or by its
/// content, as the whole file would be detected); `None` when it is not, to be read
/// whole. Each line may hold at most `options.max_input` bytes.
pub(super) fn stream_file(
    engine: &Engine,
    input: &Input,
    options: &BatchOptions,
    sink: &mut Sink,
) -> Option<Result<Done, Failure>> {
    let name = path_name(&input.path);
    let format = match options.format {
        Some(f) => f,
        None => detect(&input.path, &name, options.max_input)?,
    };
    if format != Format::Sessions {
        return None;
    }
    let result = match sink {
        Sink::Jsonl(file, path) => {
            let start = match file.metadata() {
                Ok(m) => m.len(),
                Err(e) => return Some(Err(Failure::Output(output_error(path)(e)))),
            };
            let path = path.clone();
            let mut written = |bytes: &[u8]| file.write_all(bytes).map_err(output_error(&path));
            let result = stream(engine, input, &name, options, &mut written);
            if let Err(Failure::Input(_)) = &result {
                // Take back what was written of a file that fails (and write on from
                // there: the results file of a run that does not resume is not opened
                // to append).
                let cut = file
                    .set_len(start)
                    .and_then(|()| file.seek(io::SeekFrom::Start(start)));
                if let Err(e) = cut {
                    return Some(Err(Failure::Output(output_error(&path)(e))));
                }
            }
            result
        }
        Sink::Tree(dir) => {
            let (target, tmp) = match tree_file(dir, input) {
                Ok(t) => t,
                Err(e) => return Some(Err(Failure::Output(e))),
            };
            let out = match File::create(&tmp) {
                Ok(f) => f,
                Err(e) => return Some(Err(Failure::Output(output_error(&tmp)(e)))),
            };
            let mut tree = TreeDocument::new(io::BufWriter::new(out));
            let result = stream(engine, input, &name, options, &mut |doc: &[u8]| {
                tree.push(doc).map_err(output_error(&tmp))
            });
            let finished = match &result {
                Ok(_) => tree
                    .finish()
                    .and_then(|()| std::fs::rename(&tmp, &target))
                    .map_err(output_error(&target)),
                Err(_) => {
                    drop(tree);
                    let _ = std::fs::remove_file(&tmp);
                    Ok(())
                }
            };
            match finished {
                Ok(()) => result,
                Err(e) => Err(Failure::Output(e)),
            }
        }
    };
    Some(result)
}

/// The format of the file at `path` as [`Format::detect`] would find it from the whole
/// text, told from its first line and up to [`HEAD_BYTES`] after it; `None` where that is
/// not enough to say (the head is not UTF-8, or cannot be read: reading the whole file
/// will say what is wrong).
fn detect(path: &Path, name: &str, limit: u64) -> Option<Format> {
    let file = File::open(path).ok()?;
    let mut reader = BufReader::new(file);
    let mut head = Vec::new();
    (&mut reader)
        .take(limit)
        .read_until(b'\n', &mut head)
        .ok()?;
    reader.take(HEAD_BYTES).read_to_end(&mut head).ok()?;
    let text = match std::str::from_utf8(&head) {
        Ok(t) => t,
        // Cut inside a character at the end of the head: what is whole is enough.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let file_name = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    Some(Format::detect(Some(&file_name), text))
}

/// Reads, analyses and hands `write` the documents of `input`'s session lines, a chunk
/// at a time, in order.
fn stream(
    engine: &Engine,
    input: &Input,
    name: &str,
    options: &BatchOptions,
    write: &mut dyn FnMut(&[u8]) -> Result<(), BatchError>,
) -> Result<Done, Failure> {
    let io_failure = |e: io::Error| {
        Failure::Input(InputError {
            source: name.to_string(),
            line: 0,
            message: e.to_string(),
        })
    };
    let file = File::open(&input.path).map_err(io_failure)?;
    let meta = file.metadata().map_err(io_failure)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let limit = options.max_input;
    let mut done = Done {
        stamp: None,
        jsonl: Vec::new(),
        sessions: 0,
        turns: 0,
        findings: vec![0; engine.detectors().len()],
    };
    let mut scan = Scan::default();
    let mut line_no = 0usize;
    let mut offset = 0u64;
    let mut eof = false;
    while !eof {
        // A chunk of lines, checked as the whole file would be.
        let mut chunk: Vec<(usize, String)> = Vec::new();
        let mut bytes = 0usize;
        while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            let mut line = Vec::new();
            let n = (&mut reader)
                .take(limit.saturating_add(1))
                .read_until(b'\n', &mut line)
                .map_err(io_failure)?;
            if n == 0 {
                eof = true;
                break;
            }
            line_no += 1;
            if n as u64 > limit {
                return Err(Failure::Input(InputError {
                    source: name.to_string(),
                    line: line_no,
                    message: too_large("this line", limit),
                }));
            }
            hasher.update(&line);
            let at = offset;
            offset += n as u64;
            if let Some(text) = scan.check(name, line_no, at, line) {
                bytes += text.len();
                chunk.push((line_no, text));
            }
        }
        // Analysed in parallel, handed on in order, up to the first line that fails.
        let as_line = matches!(options.target, Target::Jsonl(_));
        let rendered: Vec<Result<Option<Line>, ParseError>> = chunk
            .par_iter()
            .map(|(n, text)| {
                let mut line = text.strip_suffix('\n').unwrap_or(text);
                if *n == 1 {
                    line = strip_bom(line);
                }
                if line.trim().is_empty() {
                    return Ok(None);
                }
                let mut session =
                    parse_session_line(line).map_err(|e| ParseError::new(*n, e.message))?;
                name_by_line(&mut session, *n);
                let mut r = render(engine, (name, Format::Sessions), &session, options, as_line);
                let body = match std::mem::replace(&mut r.body, Ok(Vec::new())) {
                    Ok(line) => line,
                    Err(doc) => serde_json::to_vec_pretty(&doc).unwrap_or_default(),
                };
                Ok(Some((body, r)))
            })
            .collect();
        let mut out = Vec::new();
        for r in rendered {
            match r {
                Ok(None) => {}
                Ok(Some((body, r))) => {
                    scan.any_turns |= r.turns > 0;
                    done.sessions += 1;
                    done.turns += r.turns;
                    for (total, n) in done.findings.iter_mut().zip(&r.findings) {
                        *total += n;
                    }
                    if as_line {
                        out.extend_from_slice(&body);
                    } else {
                        write(&body).map_err(Failure::Output)?;
                    }
                }
                Err(e) => {
                    scan.failed(parse_failure(name, e, Format::Sessions));
                    break;
                }
            }
        }
        if scan.error.is_none() && !out.is_empty() {
            write(&out).map_err(Failure::Output)?;
        }
        if scan.settled() {
            break;
        }
    }
    scan.finish(name).map_err(Failure::Input)?;
    done.stamp = meta.is_file().then(|| Stamp {
        size: meta.len(),
        modified: meta.modified().ok(),
        hash: hasher.digest128(),
    });
    Ok(done)
}

/// One line's document, serialised, and what it counted (`None` for a blank line).
type Line = (Vec<u8>, Rendered);

/// How bad a file's first error is: a later error of a higher rank replaces it, as
/// checking the whole file first (UTF-8, then NUL bytes) and reading it after would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Parse,
    Nul,
    Utf8,
}

/// What the lines read so far say about the file.
#[derive(Default)]
struct Scan {
    /// Some byte so far is not ASCII white space.
    not_blank: bool,
    /// The error the file fails with, as far as the lines so far tell.
    error: Option<(InputError, Rank)>,
    /// Some session so far has turns.
    any_turns: bool,
}

impl Scan {
    /// Checks line `line_no` (starting at byte `at` of the file): the line as text, to
    /// be read, or `None` when it is not text or the file already fails (the rest of it
    /// is only checked for an error that would come first).
    fn check(&mut self, name: &str, line_no: usize, at: u64, line: Vec<u8>) -> Option<String> {
        if !self.not_blank && !line.iter().all(u8::is_ascii_whitespace) {
            self.not_blank = true;
        }
        if self.settled() {
            return None;
        }
        let text = match String::from_utf8(line) {
            Ok(t) => t,
            Err(e) => {
                let k = e.utf8_error().valid_up_to() as u64;
                self.error = Some((utf8_error(name, line_no, at + k), Rank::Utf8));
                return None;
            }
        };
        let rank = self.error.as_ref().map(|(_, r)| *r);
        if text.contains('\0') && rank.is_none_or(|r| r < Rank::Nul) {
            self.error = Some((nul_error(name, line_no), Rank::Nul));
        }
        self.error.is_none().then_some(text)
    }

    /// The first line that is not a session (after those before it were read).
    fn failed(&mut self, e: InputError) {
        if self.error.is_none() {
            self.error = Some((e, Rank::Parse));
        }
    }

    /// Whether nothing further can change how the file fails.
    fn settled(&self) -> bool {
        matches!(self.error, Some((_, Rank::Utf8)))
    }

    /// How the whole file reads: its error, if any.
    fn finish(self, name: &str) -> Result<(), InputError> {
        if !self.not_blank {
            return Err(empty_error(name));
        }
        if let Some((e, _)) = self.error {
            return Err(e);
        }
        if !self.any_turns {
            let e = ParseError::new(0, "no speaker turns found");
            return Err(parse_failure(name, e, Format::Sessions));
        }
        Ok(())
    }
}

/// Writes what `turnscope analyze` writes for a file's documents as they come: one
/// pretty document, or for several a pretty array of them, byte for byte as
/// `serde_json::to_vec_pretty` would (an array's members are the documents' lines
/// indented by two spaces), and a line end.
struct TreeDocument<W: Write> {
    out: W,
    first: Option<Vec<u8>>,
    count: usize,
}

impl<W: Write> TreeDocument<W> {
    fn new(out: W) -> Self {
        TreeDocument {
            out,
            first: None,
            count: 0,
        }
    }

    /// One document, as `serde_json::to_vec_pretty` writes it alone.
    fn push(&mut self, doc: &[u8]) -> io::Result<()> {
        self.count += 1;
        match self.count {
            1 => self.first = Some(doc.to_vec()),
            2 => {
                let first = self.first.take().unwrap_or_default();
                self.out.write_all(b"[\n")?;
                self.indented(&first)?;
                self.out.write_all(b",\n")?;
                self.indented(doc)?;
            }
            _ => {
                self.out.write_all(b",\n")?;
                self.indented(doc)?;
            }
        }
        Ok(())
    }

    fn indented(&mut self, doc: &[u8]) -> io::Result<()> {
        for (i, line) in doc.split(|b| *b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"  ")?;
            self.out.write_all(line)?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        match self.count {
            0 => self.out.write_all(b"[]\n")?,
            1 => {
                let first = self.first.take().unwrap_or_default();
                self.out.write_all(&first)?;
                self.out.write_all(b"\n")?;
            }
            _ => self.out.write_all(b"\n]\n")?,
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{read_path_stamped, DEFAULT_MAX_INPUT};

    /// What streaming `text` as a file gives: its documents, or its error.
    fn streamed(dir: &Path, text: &[u8]) -> Result<Vec<u8>, InputError> {
        let path = dir.join("s.jsonl");
        std::fs::write(&path, text).unwrap();
        let results = dir.join("r.jsonl");
        let options = BatchOptions {
            format: Some(Format::Sessions),
            documents: Default::default(),
            target: Target::Jsonl(results.clone()),
            errors: None,
            resume: false,
            max_input: DEFAULT_MAX_INPUT,
        };
        let input = Input {
            path: path.clone(),
            rel: "s.jsonl".into(),
            size: text.len() as u64,
            modified: None,
        };
        let mut sink = Sink::Jsonl(File::create(&results).unwrap(), results.clone());
        match stream_file(&Engine::new(), &input, &options, &mut sink) {
            Some(Ok(done)) => {
                assert!(done.stamp.is_some());
                Ok(std::fs::read(&results).unwrap())
            }
            Some(Err(Failure::Input(e))) => {
                assert_eq!(std::fs::read(&results).unwrap(), b"", "taken back");
                Err(e)
            }
            Some(Err(Failure::Output(e))) => panic!("{e}"),
            None => panic!("not streamed"),
        }
    }

    #[test]
    fn fails_as_reading_the_whole_file_would() {
        let dir = tempfile::tempdir().unwrap();
        let ok = r#"{"id": "a", "turns": [{"speaker": "A", "text": "It's your fault."}]}"#;
        let empty = r#"{"id": "e", "turns": []}"#;
        let cases: Vec<Vec<u8>> = vec![
            format!("\u{feff}{ok}\n\n{empty}\r\n{ok}").into_bytes(),
            format!("{ok}\n{{oops}}\n{ok}\n").into_bytes(),
            [
                format!("{ok}\n{{oops}}\n{ok}\n").as_bytes(),
                b"\0\n",
                b"x\xff\n",
            ]
            .concat(),
            [format!("{ok}\n{{oops}}\n").as_bytes(), b"\0\n{ok}\n"].concat(),
            [format!("{ok}\n").as_bytes(), b"{\"id\": \"\0\"}\n{oops}\n"].concat(),
            format!("{empty}\n\n{empty}\n").into_bytes(),
            b"  \n\n \n".to_vec(),
            b"\xef\xbb\xbf\n".to_vec(),
            [format!("{ok}\n").as_bytes(), b"{\"id\": \"\xc3\"}\n"].concat(),
        ];
        for text in cases {
            let path = dir.path().join("s.jsonl");
            let got = streamed(dir.path(), &text);
            let whole =
                read_path_stamped(&path, Some(Format::Sessions), DEFAULT_MAX_INPUT).map(|_| ());
            match (got, whole) {
                (Ok(_), Ok(())) => {}
                (Err(a), Err(b)) => assert_eq!(a, b, "{}", String::from_utf8_lossy(&text)),
                (a, b) => panic!("{}: {a:?} against {b:?}", String::from_utf8_lossy(&text)),
            }
        }
        // Documents as `stream` writes them for the file.
        let text = format!("{ok}\n\n{empty}\n{{\"turns\": []}}\n");
        let docs = streamed(dir.path(), text.as_bytes()).unwrap();
        let mut want = Vec::new();
        let options = crate::stream::StreamOptions {
            source: Some(path_name(&dir.path().join("s.jsonl"))),
            ..Default::default()
        };
        crate::stream::run(
            &Engine::new(),
            text.as_bytes(),
            &mut want,
            &options,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(docs).unwrap(),
            String::from_utf8(want).unwrap()
        );
        // Told from the head as from the whole file.
        let path = dir.path().join("s.jsonl");
        assert_eq!(detect(&path, "s.jsonl", 1 << 20), Some(Format::Sessions));
        std::fs::write(&path, "[{\"id\": \"u1\", \"text\": \"hi\"}]\n").unwrap();
        assert_eq!(detect(&path, "s.jsonl", 1 << 20), Some(Format::Convokit));
    }

    #[test]
    fn a_tree_document_is_what_serde_json_writes_for_the_whole() {
        let docs: Vec<serde_json::Value> = vec![
            serde_json::json!({"a": 1, "b": [1, 2], "c": {}, "d": [], "e": "x\ny"}),
            serde_json::json!({"a": 2, "nested": {"list": [{"k": "v"}]}}),
            serde_json::json!({"a": 3}),
        ];
        for n in 1..=docs.len() {
            let mut out = Vec::new();
            let mut tree = TreeDocument::new(&mut out);
            for d in &docs[..n] {
                tree.push(&serde_json::to_vec_pretty(d).unwrap()).unwrap();
            }
            tree.finish().unwrap();
            let mut want = if n == 1 {
                serde_json::to_vec_pretty(&docs[0])
            } else {
                serde_json::to_vec_pretty(&docs[..n])
            }
            .unwrap();
            want.push(b'\n');
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
