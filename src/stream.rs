//! `turnscope stream`: a filter for pipelines. One session a line in (see
//! [`crate::transcript::parse_session_line`]), one compact result document a line out, in
//! input order, with bounded memory however long the input is.
//!
//! A bad line (not UTF-8, not JSON, not a session) is answered in its place by
//! `{"error": "...", "line": N}` (N counts from 1) and the stream goes on. Blank lines are
//! passed over without an answer. This is what Spark's `RDD.pipe`, Hadoop Streaming and
//! `xargs` / GNU parallel expect of a filter.
//!
//! A line that names its `source` and `format` (as `turnscope pack` writes them) has them
//! in its document's `session.source` and `session.format`, so the document is the one
//! `turnscope batch` writes for that file; other lines get [`StreamOptions::source`] and
//! the format `sessions`.
//!
//! A reader thread reads lines into a bounded queue; the calling thread takes what has
//! arrived (at least one line, at most a chunk), analyses it in parallel on rayon's pool,
//! writes the answers in order and flushes, so a slow trickle of input is answered line
//! by line and a fast one in large parallel chunks.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::{sync_channel, Receiver, TryRecvError};

use rayon::prelude::*;

use crate::echo::echo_message;
use crate::engine::Engine;
use crate::pipeline::{document, DocumentOptions};
use crate::report::json::SourceInfo;
use crate::transcript::{name_by_line, parse_session_line_with_origin, Format};

/// Most lines taken at once.
const CHUNK_LINES: usize = 512;
/// Most bytes of input taken at once (a longer line is a chunk of its own).
const CHUNK_BYTES: usize = 8 << 20;
/// Lines the reader may hold ahead of the analysis.
const QUEUE_LINES: usize = 1024;

/// How to stream.
#[derive(Debug, Clone, Default)]
pub struct StreamOptions {
    /// What the documents include, and the speakers' renames and roles.
    pub documents: DocumentOptions,
    /// The `session.source` of every document whose line names none (e.g. the file the
    /// lines came from).
    pub source: Option<String>,
}

/// What a stream did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// Lines read (blank ones included).
    pub lines: usize,
    /// Sessions answered with a document.
    pub sessions: usize,
    /// Lines answered with an error.
    pub errors: usize,
}

/// A bad line: its number and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Streams `input` to `output`. `on_error` hears each bad line (in order) as it is
/// answered. Fails only when reading or writing fails.
pub fn run<R, W>(
    engine: &Engine,
    input: R,
    output: &mut W,
    options: &StreamOptions,
    on_error: &mut dyn FnMut(&LineError),
) -> io::Result<StreamSummary>
where
    R: BufRead + Send,
    W: Write,
{
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<io::Result<(usize, Vec<u8>)>>(QUEUE_LINES);
        scope.spawn(move || {
            let mut input = input;
            let mut line_no = 0;
            loop {
                let mut line = Vec::new();
                match input.read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) => {
                        line_no += 1;
                        if tx.send(Ok((line_no, line))).is_err() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        break;
                    }
                }
            }
        });
        let result = answer(engine, &rx, output, options, on_error);
        // Unblocks the reader if the writer failed first.
        drop(rx);
        result
    })
}

fn answer<W: Write>(
    engine: &Engine,
    rx: &Receiver<io::Result<(usize, Vec<u8>)>>,
    output: &mut W,
    options: &StreamOptions,
    on_error: &mut dyn FnMut(&LineError),
) -> io::Result<StreamSummary> {
    let mut summary = StreamSummary::default();
    let mut chunk: Vec<(usize, Vec<u8>)> = Vec::new();
    loop {
        chunk.clear();
        let Ok(first) = rx.recv() else { break };
        let (mut bytes, mut ended) = (0, false);
        let mut next = Some(first);
        while let Some(item) = next.take() {
            let (n, line) = item?;
            bytes += line.len();
            chunk.push((n, line));
            if chunk.len() >= CHUNK_LINES || bytes >= CHUNK_BYTES {
                break;
            }
            match rx.try_recv() {
                Ok(item) => next = Some(item),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => ended = true,
            }
        }
        summary.lines = chunk.last().map_or(summary.lines, |(n, _)| *n);
        let answers: Vec<Option<Result<Vec<u8>, LineError>>> = chunk
            .par_iter()
            .map(|(n, line)| answer_line(engine, *n, line, options))
            .collect();
        for a in answers.into_iter().flatten() {
            match a {
                Ok(doc) => {
                    summary.sessions += 1;
                    output.write_all(&doc)?;
                }
                Err(e) => {
                    summary.errors += 1;
                    on_error(&e);
                    let line = serde_json::json!({"error": e.message, "line": e.line});
                    writeln!(output, "{line}")?;
                }
            }
        }
        output.flush()?;
        if ended {
            break;
        }
    }
    Ok(summary)
}

/// One line's answer: a document line, an error, or nothing for a blank line.
fn answer_line(
    engine: &Engine,
    n: usize,
    line: &[u8],
    options: &StreamOptions,
) -> Option<Result<Vec<u8>, LineError>> {
    let err = |message: String| LineError {
        line: n,
        message: echo_message(&message).into_owned(),
    };
    let text = match std::str::from_utf8(line) {
        Ok(t) => t,
        Err(e) => {
            return Some(Err(err(format!(
                "invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ))))
        }
    };
    if text.trim().is_empty() {
        return None;
    }
    let (transcript, origin) = match parse_session_line_with_origin(text) {
        Ok((mut t, origin)) => {
            name_by_line(&mut t, n);
            (t, origin)
        }
        Err(e) => return Some(Err(err(e.message))),
    };
    let info = SourceInfo {
        source: origin.source.as_deref().or(options.source.as_deref()),
        format: Some(origin.format.unwrap_or(Format::Sessions).name()),
    };
    let doc = document(engine, &transcript, info, &options.documents);
    let mut out = Vec::new();
    doc.write_compact(&mut out);
    out.push(b'\n');
    Some(Ok(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_order_with_errors_in_place() {
        let input: Vec<u8> = [
            br#"{"id": "a", "turns": [{"speaker": "A", "text": "It's your fault."}]}"#.as_slice(),
            b"\n\n{broken\n",
            br#"{"id": "b", "turns": [{"speaker": "B", "text": "I hear you."}]}"#,
            b"\n\xff\n",
            br#"{"id": "c", "turns": []}"#,
        ]
        .concat();
        let engine = Engine::new();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let summary = run(
            &engine,
            input.as_slice(),
            &mut out,
            &StreamOptions::default(),
            &mut |e| errors.push(e.line),
        )
        .unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0]["session"]["id"], "a");
        assert_eq!(lines[1]["line"], 3);
        assert!(lines[1]["error"].as_str().unwrap().contains("invalid JSON"));
        assert_eq!(lines[2]["session"]["id"], "b");
        assert_eq!(lines[3]["line"], 5);
        assert_eq!(lines[4]["session"]["id"], "c");
        assert_eq!(errors, [3, 5]);
        assert_eq!(
            summary,
            StreamSummary {
                lines: 6,
                sessions: 3,
                errors: 2
            }
        );
    }

    #[test]
    fn a_line_that_names_its_source_and_format_keeps_them() {
        let input = concat!(
            r#"{"id": "a.vtt", "source": "archive/a.vtt", "format": "vtt", "turns": [{"speaker": "A", "text": "Hi."}]}"#,
            "\n",
            r#"{"id": "b", "turns": [{"speaker": "B", "text": "Hi."}]}"#,
            "\n",
        );
        let options = StreamOptions {
            source: Some("packed.jsonl".into()),
            ..StreamOptions::default()
        };
        let mut out = Vec::new();
        run(
            &Engine::new(),
            input.as_bytes(),
            &mut out,
            &options,
            &mut |_| {},
        )
        .unwrap();
        let docs: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(docs[0]["session"]["source"], "archive/a.vtt");
        assert_eq!(docs[0]["session"]["format"], "vtt");
        assert_eq!(docs[1]["session"]["source"], "packed.jsonl");
        assert_eq!(docs[1]["session"]["format"], "sessions");
    }
}
