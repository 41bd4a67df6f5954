//! `turnscope batch`, `turnscope pack` and `turnscope stream`: the command-line side
//! (arguments, progress bar, summary) of [`turnscope::batch`], [`turnscope::batch::pack`]
//! and [`turnscope::stream`].

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use turnscope::batch::pack::{PackOptions, PackSummary};
use turnscope::batch::{BatchOptions, Observer, Summary, Target};
use turnscope::echo::echo_message;
use turnscope::input::{parse_size, InputError, DEFAULT_MAX_INPUT};
use turnscope::pipeline::DocumentOptions;
use turnscope::report::OutputOptions;
use turnscope::speakers::{parse_assignment, SpeakerMap};
use turnscope::stream::StreamOptions;

use super::{engine, output, InputFormat};

pub const BATCH_HELP: &str = "\
Examples:
  turnscope batch archive/ --out results.jsonl
  turnscope batch 'archive/**/*.vtt' notes/ --out results/ --errors errors.jsonl
  turnscope batch archive/ --out results.jsonl --resume

Folders are walked in sorted order, following symbolic links but never round a loop;
hidden entries, ConvoKit's side files (conversations.json, speakers.json, corpus.json,
index.json, users.json), files whose extension is clearly not a transcript (pictures,
sound, video, archives, office documents, programs) and anything that is not a regular
file (a named pipe, a socket, a device: named in a note, never opened) are passed over.
Files named on the command line are always read.

--out FILE writes one compact session document a line, each naming its file in
session.source; --out DIR/ (a trailing slash, or an existing folder) writes DIR/<path>.json
for each input, the same document `turnscope analyze` writes. The output is never read as
input, and the run refuses to start when it would overwrite an input.

A file that cannot be read is named on standard error with its reason and the run goes on.
Exit codes: 0 every file analysed; 1 some files failed (all others written); 2 usage error,
refusal, or output that cannot be written.";

pub const PACK_HELP: &str = "\
Examples:
  turnscope pack 'archive/**/*.vtt' notes/ | turnscope stream > results.jsonl
  turnscope pack archive/ -o sessions.jsonl          # then, on Spark (see the README):
  spark-submit --master 'local[*]' scripts/spark_turnscope.py sessions.jsonl results/ \\
      --bin \"$PWD/target/release/turnscope\"

One session a line, the input of `turnscope stream` and Spark, naming the file and the
format it was read from:
  {\"id\": \"s1.vtt\", \"source\": \"archive/s1.vtt\", \"format\": \"vtt\", \"turns\": [{\"speaker\": \"Ana\",
   \"text\": \"...\", \"start\": 1.5, \"end\": 4.0}]}
Turns keep their speaker, text, start and end times and source id. `turnscope stream` puts
the file and format in each document, so `turnscope pack F | turnscope stream` writes what
`turnscope batch F --out R` writes, byte for byte.

Inputs are found and read as by `turnscope batch`: folders walked in sorted order,
following symbolic links but never round a loop; hidden entries, ConvoKit's side files and
files whose extension is clearly not a transcript passed over; files named on the command
line always read; the format detected for each file unless -i names it. Lines come out in
input order whatever --threads. The output file is never read as input, and the run
refuses to start when it would overwrite an input.

A file that cannot be read is named on standard error with its line and passed over; the
rest is written. Exit codes: 0 every file packed; 1 some files failed (all others
written); 2 usage error, refusal, or output that cannot be written. A closed pipe on
standard output ends the run quietly.";

pub const STREAM_HELP: &str = "\
Input, one session a line:
  {\"id\": \"s1\", \"turns\": [{\"speaker\": \"Ana\", \"text\": \"...\", \"start\": 1.5, \"end\": 4.0}]}
  or a ConvoKit conversation: a JSON array of utterances, or {\"id\"?, \"utterances\": [...]}.
A line may name its \"source\" file and \"format\" (as `turnscope pack` writes them): they go
into the document's session.source and session.format, before --source.
Output: one compact session document a line, in input order; a bad line is answered in its
place by {\"error\": \"...\", \"line\": N} and the stream goes on; blank lines get no answer.

Examples:
  turnscope stream < sessions.jsonl > results.jsonl
  turnscope pack archive/ | turnscope stream > results.jsonl
  spark: rdd.pipe(\"./turnscope stream\")   (see the README)

Exit codes: 0 (bad lines included: they are answered in place); 2 when standard input or
output fails.";

/// Options every analysing command shares.
#[derive(Parser)]
pub struct EngineArgs {
    /// A directory of extra lexicon files (*.toml) layered over the built-ins.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Worker threads (default: all cores, or RAYON_NUM_THREADS).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Also show matches set aside by context rules, with the rule in `suppressed`.
    #[arg(long)]
    explain: bool,
    /// Rename a speaker: `--speaker SPEAKER_00=Therapist` (repeatable).
    #[arg(long = "speaker", value_name = "LABEL=NAME", value_parser = parse_assignment)]
    speakers: Vec<(String, String)>,
    /// Give a speaker (by new name or label) a role, for per-role figures:
    /// `--role Therapist=therapist` (repeatable).
    #[arg(long = "role", value_name = "SPEAKER=ROLE", value_parser = parse_assignment)]
    roles: Vec<(String, String)>,
}

impl EngineArgs {
    /// What the documents include, and the speakers' renames and roles.
    fn documents(&self) -> DocumentOptions {
        let mut speakers = SpeakerMap::new();
        for (label, name) in &self.speakers {
            speakers.rename(label, name);
        }
        for (speaker, role) in &self.roles {
            speakers.role(speaker, role);
        }
        DocumentOptions {
            output: OutputOptions {
                explain: self.explain,
            },
            speakers,
        }
    }
}

#[derive(Parser)]
pub struct BatchArgs {
    /// Files, folders (walked) and glob patterns (quoted, e.g. 'archive/**/*.vtt').
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Where to write: FILE for one JSON Lines file, DIR/ for a mirrored tree of JSON files.
    #[arg(short, long, value_name = "OUT")]
    out: PathBuf,
    /// Input format; `auto` picks it for each file from its extension and content.
    #[arg(short = 'i', long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Also write each failed file as a JSON line {"source", "line", "error"} to FILE.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Skip inputs whose results are already in OUT, whole, from the same content: the
    /// size, modification time and a hash of each input are recorded with its results
    /// (in the hidden .NAME.turnscope-resume beside FILE, or DIR/.turnscope-resume).
    #[arg(long)]
    resume: bool,
    /// No progress bar and no summary (failures are still named).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    limit: LimitArgs,
    #[command(flatten)]
    engine: EngineArgs,
}

/// What one input may hold.
#[derive(Parser)]
pub struct LimitArgs {
    /// The most one input may hold in memory (default 512M): a larger file fails, named,
    /// and the run goes on. A big file of session lines is streamed by batch, a line at
    /// a time, each held to this. SIZE: bytes, or with K, M, G, T; `unlimited`.
    #[arg(long, value_name = "SIZE", env = "TURNSCOPE_MAX_INPUT", value_parser = parse_size)]
    max_input: Option<u64>,
}

impl LimitArgs {
    fn bytes(&self) -> u64 {
        self.max_input.unwrap_or(DEFAULT_MAX_INPUT)
    }
}

#[derive(Parser)]
pub struct PackArgs {
    /// Files, folders (walked) and glob patterns (quoted, e.g. 'archive/**/*.vtt').
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write to FILE instead of standard output.
    #[arg(short, long, visible_alias = "out", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Input format; `auto` picks it for each file from its extension and content.
    #[arg(short = 'i', long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Worker threads (default: all cores, or RAYON_NUM_THREADS).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// No progress bar and no summary (failures are still named).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    limit: LimitArgs,
}

#[derive(Parser)]
pub struct StreamArgs {
    /// Put NAME in the session.source of every document whose line names no `source`
    /// (e.g. the file the lines come from).
    #[arg(long, value_name = "NAME")]
    source: Option<String>,
    /// Do not name bad lines on standard error (they are still answered in place).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    engine: EngineArgs,
}

fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    Ok(())
}

/// The progress bar and messages of `batch` and `pack`, all on standard error.
struct BatchProgress {
    bar: ProgressBar,
    files: AtomicUsize,
    total: AtomicUsize,
}

impl BatchProgress {
    fn new(quiet: bool) -> BatchProgress {
        let bar = if quiet || !io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        };
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {msg} files  {binary_bytes_per_sec}  ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        BatchProgress {
            bar,
            files: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
        }
    }

    fn say(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }
}

impl Observer for BatchProgress {
    fn planned(&self, files: usize, bytes: u64) {
        self.total.store(files, Ordering::Relaxed);
        self.bar.set_length(bytes);
        self.bar.set_message(format!("0/{files}"));
    }

    fn advanced(&self, bytes: u64) {
        let done = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        self.bar.inc(bytes);
        self.bar
            .set_message(format!("{done}/{}", self.total.load(Ordering::Relaxed)));
    }

    fn failed(&self, error: &InputError) {
        self.say(&format!("turnscope: {error}"));
    }

    fn note(&self, note: &str) {
        self.say(&format!("turnscope: note: {}", echo_message(note)));
    }
}

pub fn batch(args: BatchArgs) -> Result<ExitCode> {
    set_threads(args.engine.threads)?;
    let engine = engine(args.engine.lexicons.as_ref())?;
    let options = BatchOptions {
        format: args.input_format.format(),
        documents: args.engine.documents(),
        target: Target::from_arg(&args.out),
        errors: args.errors.clone(),
        resume: args.resume,
        max_input: args.limit.bytes(),
    };
    let progress = BatchProgress::new(args.quiet);
    let summary = turnscope::batch::run(&engine, &args.paths, &options, &progress);
    progress.bar.finish_and_clear();
    let summary = summary?;
    if !args.quiet {
        eprintln!("{}", describe(&summary, &options));
    }
    Ok(exit_code(summary.failed))
}

/// 1 when some file failed (the rest was written), else 0.
fn exit_code(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The summary line of what a run read: sessions, turns, volume, time and rate, and where
/// it wrote them.
fn volume(sessions: usize, turns: usize, bytes: u64, elapsed: Duration, to: &str) -> String {
    let secs = elapsed.as_secs_f64();
    let mb = bytes as f64 / 1e6;
    format!(
        "  {sessions} sessions, {turns} turns, {mb:.1} MB in {secs:.2} s ({:.1} MB/s), written to {to}",
        if secs > 0.0 { mb / secs } else { 0.0 },
    )
}

/// The end-of-run summary of `batch`.
fn describe(s: &Summary, options: &BatchOptions) -> String {
    let mut out = format!(
        "turnscope batch: {} files: {} analysed, {} skipped as up to date, {} failed\n",
        s.files, s.analysed, s.skipped, s.failed
    );
    let to = options.target.path().display().to_string();
    out += &volume(s.sessions, s.turns, s.bytes, s.elapsed, &to);
    out += "\n";
    let findings: Vec<String> = s.findings.iter().map(|(d, n)| format!("{d} {n}")).collect();
    out += &format!("  findings: {}", findings.join(", "));
    if s.failed > 0 {
        out += &format!(
            "\n  {} failed: named above{}",
            s.failed,
            options
                .errors
                .as_ref()
                .map(|p| format!(" and in {}", p.display()))
                .unwrap_or_default()
        );
    }
    out
}

pub fn pack(args: PackArgs) -> Result<ExitCode> {
    set_threads(args.threads)?;
    let options = PackOptions {
        format: args.input_format.format(),
        output: args.output.clone(),
        max_input: args.limit.bytes(),
    };
    let plan = turnscope::batch::pack::plan(&args.paths, &options)?;
    // Created only now: a refused run leaves the file as it was.
    let mut out = output(args.output.as_ref())?;
    let progress = BatchProgress::new(args.quiet);
    let summary = turnscope::batch::pack::write(plan, &options, &mut out, &progress);
    progress.bar.finish_and_clear();
    let summary = summary?;
    if !args.quiet {
        eprintln!("{}", describe_pack(&summary, &options));
    }
    Ok(exit_code(summary.failed))
}

/// The end-of-run summary of `pack`.
fn describe_pack(s: &PackSummary, options: &PackOptions) -> String {
    let mut out = format!(
        "turnscope pack: {} files: {} packed, {} failed\n",
        s.files, s.packed, s.failed
    );
    let to = options
        .output
        .as_ref()
        .map_or_else(|| "standard output".into(), |p| p.display().to_string());
    out += &volume(s.sessions, s.turns, s.bytes, s.elapsed, &to);
    if s.failed > 0 {
        out += &format!("\n  {} failed: named above", s.failed);
    }
    out
}

pub fn stream(args: StreamArgs) -> Result<ExitCode> {
    set_threads(args.engine.threads)?;
    let engine = engine(args.engine.lexicons.as_ref())?;
    let options = StreamOptions {
        documents: args.engine.documents(),
        source: args.source.clone(),
    };
    let stdin = io::BufReader::with_capacity(1 << 16, io::stdin());
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let quiet = args.quiet;
    let summary = turnscope::stream::run(&engine, stdin, &mut out, &options, &mut |e| {
        if !quiet {
            eprintln!("turnscope: <stdin>:{}: {}", e.line, e.message);
        }
    })
    .context("streaming")?;
    out.flush().context("writing output")?;
    if summary.errors > 0 && !quiet {
        eprintln!(
            "turnscope stream: {} lines, {} sessions, {} bad lines answered with an error",
            summary.lines, summary.sessions, summary.errors
        );
    }
    Ok(ExitCode::SUCCESS)
}
