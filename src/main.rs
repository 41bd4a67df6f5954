//! The `turnscope` command line: a thin layer over the library.
//!
//! Exit codes: 0 when every input was analysed; 1 when some input could not be read
//! (the others are still analysed and written); 2 on a usage error, a lexicon error, or
//! when output cannot be written.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use turnscope::batch::{BatchOptions, Observer, Summary, Target};
use turnscope::input::{read_path, InputError, Source};
use turnscope::pipeline::analyze_sources;
use turnscope::report::{OutputOptions, SessionDoc};
use turnscope::stream::StreamOptions;
use turnscope::transcript::Format;
use turnscope::Engine;

#[derive(Parser)]
#[command(
    name = "turnscope",
    version,
    about = "Marks blame, avoidance, validation and conflict escalation in conversation transcripts, with exact spans and the rule behind each finding.",
    long_about = None,
    after_help = "Examples:\n  turnscope analyze examples/couple.txt\n  turnscope analyze --format jsonl corpus/utterances.jsonl > out.jsonl\n  turnscope analyze --lexicons my-lexicons/ session.vtt -o session.json\n\nExit codes: 0 all inputs analysed; 1 some input could not be read (the rest is written); 2 usage, lexicon or output error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse transcripts and write annotated JSON (one document per session).
    Analyze(AnalyzeArgs),
    /// Analyse a whole archive: folders and globs, in parallel, with progress, into one
    /// JSON Lines file or a mirrored tree of JSON files.
    #[command(after_help = BATCH_HELP)]
    Batch(BatchArgs),
    /// A filter for pipelines (Spark's RDD.pipe, Hadoop Streaming, xargs): one session a
    /// line on standard input, one result document a line on standard output, in order.
    #[command(after_help = STREAM_HELP)]
    Stream(StreamArgs),
    /// List the detectors and lexicon entries in use (built-ins plus --lexicons).
    Lexicons(LexiconArgs),
}

const BATCH_HELP: &str = "\
Examples:
  turnscope batch archive/ --out results.jsonl
  turnscope batch 'archive/**/*.vtt' notes/ --out results/ --errors errors.jsonl
  turnscope batch archive/ --out results.jsonl --resume

Folders are walked in sorted order, following symbolic links but never round a loop;
hidden entries, ConvoKit's side files (conversations.json, speakers.json, corpus.json,
index.json, users.json) and files whose extension is clearly not a transcript (pictures,
sound, video, archives, office documents, programs) are passed over. Files named on the
command line are always read.

--out FILE writes one compact session document a line, each naming its file in
session.source; --out DIR/ (a trailing slash, or an existing folder) writes DIR/<path>.json
for each input, the same document `turnscope analyze` writes. The output is never read as
input, and the run refuses to start when it would overwrite an input.

A file that cannot be read is named on standard error with its reason and the run goes on.
Exit codes: 0 every file analysed; 1 some files failed (all others written); 2 usage error,
refusal, or output that cannot be written.";

const STREAM_HELP: &str = "\
Input, one session a line:
  {\"id\": \"s1\", \"turns\": [{\"speaker\": \"Ana\", \"text\": \"...\", \"start\": 1.5, \"end\": 4.0}]}
  or a ConvoKit conversation: a JSON array of utterances, or {\"id\"?, \"utterances\": [...]}.
Output: one compact session document a line, in input order; a bad line is answered in its
place by {\"error\": \"...\", \"line\": N} and the stream goes on; blank lines get no answer.

Examples:
  turnscope stream < sessions.jsonl > results.jsonl
  spark: rdd.pipe(\"./turnscope stream\")   (see the README)

Exit codes: 0 (bad lines included: they are answered in place); 2 when standard input or
output fails.";

/// Options every analysing command shares.
#[derive(Parser)]
struct EngineArgs {
    /// A directory of extra lexicon files (*.toml) layered over the built-ins.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Worker threads (default: all cores, or RAYON_NUM_THREADS).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Also show matches set aside by context rules, with the rule in `suppressed`.
    #[arg(long)]
    explain: bool,
}

#[derive(Parser)]
struct BatchArgs {
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
    /// Skip inputs whose results are already in OUT and not older than the input.
    #[arg(long)]
    resume: bool,
    /// No progress bar and no summary (failures are still named).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(Parser)]
struct StreamArgs {
    /// Put NAME in every document's session.source (e.g. the file the lines come from).
    #[arg(long, value_name = "NAME")]
    source: Option<String>,
    /// Do not name bad lines on standard error (they are still answered in place).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(Parser)]
struct AnalyzeArgs {
    /// Transcript files; `-` or none reads standard input.
    files: Vec<PathBuf>,
    /// Input format; `auto` picks it from the extension and content.
    #[arg(short = 'i', long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Output format: `json` (one pretty document, or an array for several sessions) or
    /// `jsonl` (one compact document a line).
    #[arg(short = 'f', long, value_enum, default_value_t = OutputFormat::Json)]
    format: OutputFormat,
    /// A directory of extra lexicon files (*.toml) layered over the built-ins.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Worker threads (default: all cores, or RAYON_NUM_THREADS).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also show matches set aside by context rules (praise, self-directed, reported
    /// speech, ...) with the rule that set them aside in `suppressed`.
    #[arg(long)]
    explain: bool,
}

#[derive(Parser)]
struct LexiconArgs {
    /// A directory of extra lexicon files (*.toml) layered over the built-ins.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    Auto,
    Plain,
    Vtt,
    Srt,
    Convokit,
    Sessions,
}

impl InputFormat {
    fn format(self) -> Option<Format> {
        match self {
            InputFormat::Auto => None,
            InputFormat::Plain => Some(Format::Plain),
            InputFormat::Vtt => Some(Format::Vtt),
            InputFormat::Srt => Some(Format::Srt),
            InputFormat::Convokit => Some(Format::Convokit),
            InputFormat::Sessions => Some(Format::Sessions),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Json,
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Batch(args) => batch(args),
        Command::Stream(args) => stream(args),
        Command::Lexicons(args) => lexicons(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("turnscope: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn engine(dir: Option<&PathBuf>) -> Result<Engine> {
    match dir {
        Some(dir) => Engine::with_lexicon_dir(dir)
            .with_context(|| format!("loading lexicons from {}", dir.display())),
        None => Ok(Engine::new()),
    }
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

fn analyze(args: AnalyzeArgs) -> Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let engine = engine(args.lexicons.as_ref())?;
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let format = args.input_format.format();
    let read: Vec<Result<Source, InputError>> =
        files.par_iter().map(|p| read_path(p, format)).collect();
    let mut failed = 0;
    let mut sources = Vec::new();
    for r in read {
        match r {
            Ok(s) => sources.push(s),
            Err(e) => {
                eprintln!("turnscope: {e}");
                failed += 1;
            }
        }
    }
    let options = OutputOptions {
        explain: args.explain,
    };
    let docs = analyze_sources(&engine, &sources, options);

    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    write_docs(&mut out, &docs, args.format)?;
    out.flush().context("writing output")?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_docs(out: &mut impl Write, docs: &[SessionDoc], format: OutputFormat) -> Result<()> {
    match format {
        OutputFormat::Jsonl => {
            for d in docs {
                serde_json::to_writer(&mut *out, d).context("writing output")?;
                out.write_all(b"\n").context("writing output")?;
            }
        }
        OutputFormat::Json if docs.len() == 1 => {
            serde_json::to_writer_pretty(&mut *out, &docs[0]).context("writing output")?;
            out.write_all(b"\n").context("writing output")?;
        }
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, docs).context("writing output")?;
            out.write_all(b"\n").context("writing output")?;
        }
    }
    Ok(())
}

/// The progress bar and messages of `batch`, all on standard error.
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
        self.say(&format!("turnscope: note: {note}"));
    }
}

fn batch(args: BatchArgs) -> Result<ExitCode> {
    set_threads(args.engine.threads)?;
    let engine = engine(args.engine.lexicons.as_ref())?;
    let options = BatchOptions {
        format: args.input_format.format(),
        output: OutputOptions {
            explain: args.engine.explain,
        },
        target: Target::from_arg(&args.out),
        errors: args.errors.clone(),
        resume: args.resume,
    };
    let progress = BatchProgress::new(args.quiet);
    let summary = turnscope::batch::run(&engine, &args.paths, &options, &progress);
    progress.bar.finish_and_clear();
    let summary = summary?;
    if !args.quiet {
        eprintln!("{}", describe(&summary, &options));
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The end-of-run summary of `batch`.
fn describe(s: &Summary, options: &BatchOptions) -> String {
    let secs = s.elapsed.as_secs_f64();
    let mb = s.bytes as f64 / 1e6;
    let mut out = format!(
        "turnscope batch: {} files: {} analysed, {} skipped as up to date, {} failed\n",
        s.files, s.analysed, s.skipped, s.failed
    );
    out += &format!(
        "  {} sessions, {} turns, {:.1} MB in {:.2} s ({:.1} MB/s), written to {}\n",
        s.sessions,
        s.turns,
        mb,
        secs,
        if secs > 0.0 { mb / secs } else { 0.0 },
        options.target.path().display()
    );
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

fn stream(args: StreamArgs) -> Result<ExitCode> {
    set_threads(args.engine.threads)?;
    let engine = engine(args.engine.lexicons.as_ref())?;
    let options = StreamOptions {
        output: OutputOptions {
            explain: args.engine.explain,
        },
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

fn lexicons(args: LexiconArgs) -> Result<ExitCode> {
    let engine = engine(args.lexicons.as_ref())?;
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "detectors: {}", engine.detectors().join(", "))?;
    writeln!(
        out,
        "{:<20} {:<22} {:>6}  rule",
        "detector", "category", "weight"
    )?;
    for e in engine.entries() {
        let star = if e.prefix { "*" } else { "" };
        writeln!(
            out,
            "{:<20} {:<22} {:>6.2}  {}  [{}{}]",
            e.detector, e.category, e.weight, e.rule, e.term, star
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
