//! The `turnscope` command line: a thin layer over the library.
//!
//! Exit codes: 0 when every input was analysed; 1 when some input could not be read
//! (the others are still analysed and written); 2 on a usage error, a lexicon error, or
//! when output cannot be written.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use turnscope::input::{read_path, InputError, Source};
use turnscope::pipeline::analyze_sources;
use turnscope::report::{OutputOptions, SessionDoc};
use turnscope::transcript::Format;
use turnscope::Engine;

#[path = "cli/archive.rs"]
mod archive;

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
    #[command(after_help = archive::BATCH_HELP)]
    Batch(archive::BatchArgs),
    /// A filter for pipelines (Spark's RDD.pipe, Hadoop Streaming, xargs): one session a
    /// line on standard input, one result document a line on standard output, in order.
    #[command(after_help = archive::STREAM_HELP)]
    Stream(archive::StreamArgs),
    /// List the detectors and lexicon entries in use (built-ins plus --lexicons).
    Lexicons(LexiconArgs),
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
        Command::Batch(args) => archive::batch(args),
        Command::Stream(args) => archive::stream(args),
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
