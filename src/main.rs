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
use turnscope::pipeline::{
    analyze_sources, analyze_sources_with, map_sources_with, DocumentOptions,
};
use turnscope::report::{
    write_html_report, HtmlOptions, OutputOptions, SessionDoc, SummaryTable, TurnTable,
};
use turnscope::speakers::{parse_assignment, SpeakerMap};
use turnscope::transcript::Format;
use turnscope::Engine;

/// mimalloc rather than the system allocator: a turn's analysis and its document are many
/// small allocations, which glibc's malloc and free spent some 15 per cent of the command's
/// instructions on (BENCHMARKS.md, issue 16).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "cli/archive.rs"]
mod archive;
#[path = "cli/course.rs"]
mod course;
#[path = "cli/guard.rs"]
mod guard;

#[derive(Parser)]
#[command(
    name = "turnscope",
    version,
    about = "Marks blame, avoidance, validation and conflict escalation in conversation transcripts, with exact spans and the rule behind each finding.",
    long_about = None,
    after_help = "Examples:\n  turnscope analyze examples/couple-session.txt\n  turnscope analyze --format jsonl corpus/utterances.jsonl > out.jsonl\n  turnscope analyze --lexicons my-lexicons/ session.vtt -o session.json\n  turnscope analyze --format csv a.txt b.vtt -o turns.csv\n  turnscope analyze --summary csv a.txt b.vtt -o speakers.csv\n  turnscope report a.txt b.vtt -o report.html\n  turnscope course sessions/ --role 'Dr. Reyes=therapist' -o course.html\n  turnscope batch archive/ --out results.jsonl\n  turnscope pack archive/ | turnscope stream > results.jsonl   # or pack for Spark (see the README)\n\nExit codes: 0 all inputs analysed; 1 some input could not be read (the rest is written); 2 usage, lexicon or output error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse transcripts and write annotated JSON (one document per session), or a CSV
    /// table (one row per turn, or with --summary one row per session and speaker).
    Analyze(AnalyzeArgs),
    /// Write a self-contained HTML report to read sessions at a glance: figures, a
    /// timeline, moments worth reviewing, and the transcript with every finding marked.
    #[command(
        after_help = "The page has no scripts and fetches nothing (inline CSS and SVG): open it offline in any browser, or print it.\n\nExamples:\n  turnscope report examples/couple-session.txt -o report.html\n  turnscope report sessions/*.vtt -o week.html   # one page, a section per session, an index"
    )]
    Report(ReportArgs),
    /// Analyse a whole archive: folders and globs, in parallel, with progress, into one
    /// JSON Lines file or a mirrored tree of JSON files.
    #[command(after_help = archive::BATCH_HELP)]
    Batch(archive::BatchArgs),
    /// Write an archive's transcripts, in any format, as one session a line: the input
    /// of `turnscope stream` and Spark. Folders, globs and files, as `batch` reads them.
    #[command(after_help = archive::PACK_HELP)]
    Pack(archive::PackArgs),
    /// A filter for pipelines (Spark's RDD.pipe, Hadoop Streaming, xargs): one session a
    /// line on standard input, one result document a line on standard output, in order.
    #[command(after_help = archive::STREAM_HELP)]
    Stream(archive::StreamArgs),
    /// A course of sessions over time: ordered by the dates or numbers in their names,
    /// each figure as a series with its change from the first third to the last, the
    /// therapist's scorecard; as JSON, CSV, or an HTML page of charts.
    #[command(after_help = course::COURSE_HELP)]
    Course(course::CourseArgs),
    /// List the detectors and lexicon entries in use (built-ins plus --lexicons).
    Lexicons(LexiconArgs),
    /// Compare turnscope's findings with human codes: per detector confusion counts,
    /// precision, recall, F1 and Cohen's kappa, and every disagreement with its spans and rules.
    #[command(
        after_help = "Human codes: a CSV with a header naming `turn`, `detector`, `value` (0/1), or JSON Lines\n\
    {\"turn\": \"u12\", \"detector\": \"blame\", \"value\": 1}; or --meta to read them from a ConvoKit file's `meta`.\n\
    A turn is named by its source id (ConvoKit utterance id) or SESSION#INDEX (e.g. session.txt#3).\n\n\
    Examples:\n  turnscope agree session.txt --codes my-codes.csv\n  \
    turnscope agree utterances.jsonl --meta 'main_therapist_behaviour=reflection:validation' --format json"
    )]
    Agree(AgreeArgs),
}

#[derive(Parser)]
struct AgreeArgs {
    /// Transcript files (the same input turnscope analyses).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Human codes: a CSV or JSON Lines file (by extension; `.csv` is CSV).
    #[arg(long, value_name = "FILE", required_unless_present = "meta")]
    codes: Option<PathBuf>,
    /// Read codes from the ConvoKit input's `meta`: FIELD=VALUE[|VALUE...]:DETECTOR, or
    /// FIELD:DETECTOR for a 0/1 field. Repeatable.
    #[arg(long, value_name = "MAPPING")]
    meta: Vec<turnscope::agree::MetaMapping>,
    /// Input format; `auto` picks it from the extension and content.
    #[arg(short = 'i', long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// A directory of extra lexicon files (*.toml) layered over the built-ins.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// `table` (for people) or `json`.
    #[arg(short = 'f', long, value_enum, default_value_t = AgreeFormat::Table)]
    format: AgreeFormat,
    /// How many disagreements the table lists (all are in the JSON).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AgreeFormat {
    Table,
    Json,
}

/// What every command that reads transcripts takes.
#[derive(Parser)]
struct InputArgs {
    /// Transcript files; `-` or none reads standard input.
    files: Vec<PathBuf>,
    /// Input format; `auto` picks it from the extension and content.
    #[arg(short = 'i', long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
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
    /// speech, ...): in JSON with the rule that set them aside in `suppressed`, in the
    /// report marked dashed and grey. CSV counts never include them.
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

#[derive(Parser)]
struct AnalyzeArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format: `json` (one pretty document, or an array for several sessions),
    /// `jsonl` (one compact document a line), or `csv` (one row per turn: session, index,
    /// speaker, start, end, words, a count per detector, hostility, the escalation curve,
    /// the matched terms).
    #[arg(short = 'f', long, value_enum, default_value_t = OutputFormat::Json)]
    format: OutputFormat,
    /// Write a summary table instead: `csv`, one row per session and speaker (turns,
    /// words, talk share, count and rate per 100 words of each detector, escalation score).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "format")]
    summary: Option<SummaryFormat>,
}

#[derive(Parser)]
struct ReportArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The page title (default: the session id, or "turnscope report" for several).
    #[arg(long)]
    title: Option<String>,
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
    /// WebVTT, including Zoom and Microsoft Teams captions.
    #[value(alias = "zoom", alias = "teams", alias = "webvtt")]
    Vtt,
    Srt,
    Convokit,
    /// Otter.ai text export.
    Otter,
    /// TalkBank CHAT (.cha).
    #[value(alias = "cha", alias = "talkbank")]
    Chat,
    /// Whisper or WhisperX JSON.
    #[value(alias = "whisperx")]
    Whisper,
    /// AWS Transcribe JSON.
    #[value(alias = "transcribe")]
    Aws,
    /// Rev JSON.
    Rev,
    /// One session a line: {"id", "turns": [...]}.
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
            InputFormat::Otter => Some(Format::Otter),
            InputFormat::Chat => Some(Format::Chat),
            InputFormat::Whisper => Some(Format::Whisper),
            InputFormat::Aws => Some(Format::Aws),
            InputFormat::Rev => Some(Format::Rev),
            InputFormat::Sessions => Some(Format::Sessions),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Json,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SummaryFormat {
    Csv,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Report(args) => report(args),
        Command::Batch(args) => archive::batch(args),
        Command::Pack(args) => archive::pack(args),
        Command::Stream(args) => archive::stream(args),
        Command::Course(args) => course::course(args),
        Command::Lexicons(args) => lexicons(args),
        Command::Agree(args) => agree(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // Messages may quote file names and input: escaped and capped.
            eprintln!(
                "turnscope: {}",
                turnscope::echo::echo_message(&format!("{err:#}"))
            );
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(broken)
            || e.downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(e) if broken(e)))
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}

fn engine(dir: Option<&PathBuf>) -> Result<Engine> {
    match dir {
        Some(dir) => Engine::with_lexicon_dir(dir)
            .with_context(|| format!("loading lexicons from {}", dir.display())),
        None => Ok(Engine::new()),
    }
}

/// Reads and analyses every input; inputs that cannot be read are named on standard error
/// and counted.
fn run(args: &InputArgs) -> Result<(Engine, Vec<SessionDoc>, usize)> {
    let (engine, sources, options, failed) = prepare(args)?;
    let docs = analyze_sources_with(&engine, &sources, &options);
    Ok((engine, docs, failed))
}

/// Builds the engine and reads every input (the two at once, given two threads); inputs
/// that cannot be read are named on standard error and counted.
fn prepare(args: &InputArgs) -> Result<(Engine, Vec<Source>, DocumentOptions, usize)> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let format = args.input_format.format();
    let (engine, read) = rayon::join(
        || engine(args.lexicons.as_ref()),
        || {
            files
                .par_iter()
                .map(|p| read_path(p, format))
                .collect::<Vec<Result<Source, InputError>>>()
        },
    );
    let engine = engine?;
    let mut map = SpeakerMap::new();
    for (label, name) in &args.speakers {
        map.rename(label, name);
    }
    for (speaker, role) in &args.roles {
        map.role(speaker, role);
    }
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
    let options = DocumentOptions {
        output: OutputOptions {
            explain: args.explain,
        },
        speakers: map,
    };
    Ok((engine, sources, options, failed))
}

fn output(path: Option<&PathBuf>) -> Result<BufWriter<Box<dyn Write>>> {
    let out: Box<dyn Write> = match path {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    Ok(BufWriter::new(out))
}

fn exit_code(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn analyze(args: AnalyzeArgs) -> Result<ExitCode> {
    guard::refuse_output_over_inputs(&args.input.files, args.input.output.as_ref())?;
    if args.summary.is_none() && args.format == OutputFormat::Jsonl {
        // Each document is written as its line on the worker that made it, and the lines
        // are written out in input order.
        let (engine, sources, options, failed) = prepare(&args.input)?;
        let lines = map_sources_with(&engine, &sources, &options, |doc| {
            // Room for most documents (a few hundred bytes a turn, with its text), so
            // that the line is seldom grown and copied while it is written.
            let room = 4096
                + doc
                    .turns
                    .iter()
                    .map(|t| 320 + 2 * t.text.len())
                    .sum::<usize>();
            let mut line = Vec::with_capacity(room);
            doc.write_compact(&mut line);
            line.push(b'\n');
            line
        });
        let mut out = output(args.input.output.as_ref())?;
        for line in lines {
            out.write_all(&line).context("writing output")?;
        }
        out.flush().context("writing output")?;
        // The process ends here: the sessions read and the engine are left to it rather
        // than freed one allocation at a time (some 1 per cent of the command).
        std::mem::forget(sources);
        std::mem::forget(engine);
        return Ok(exit_code(failed));
    }
    let (engine, docs, failed) = run(&args.input)?;
    let mut out = output(args.input.output.as_ref())?;
    match args.summary {
        Some(SummaryFormat::Csv) => {
            // One pair of share columns per problem area, in the report's order.
            let areas: Vec<String> = engine
                .registry()
                .areas()
                .into_iter()
                .map(|d| d.name.to_string())
                .collect();
            let mut table = SummaryTable::with_areas(&mut out, engine.detectors(), &areas)
                .context("writing output")?;
            for d in &docs {
                table.write_session(d).context("writing output")?;
            }
            table.finish().context("writing output")?;
        }
        None => write_docs(&mut out, &docs, args.format, engine.detectors())?,
    }
    out.flush().context("writing output")?;
    Ok(exit_code(failed))
}

fn report(args: ReportArgs) -> Result<ExitCode> {
    guard::refuse_output_over_inputs(&args.input.files, args.input.output.as_ref())?;
    let (engine, docs, failed) = run(&args.input)?;
    let mut out = output(args.input.output.as_ref())?;
    let options = HtmlOptions {
        title: args.title,
        detectors: Some(engine.registry().clone()),
    };
    write_html_report(&mut out, &docs, &options).context("writing output")?;
    out.flush().context("writing output")?;
    Ok(exit_code(failed))
}

fn write_docs(
    out: &mut impl Write,
    docs: &[SessionDoc],
    format: OutputFormat,
    detectors: &[String],
) -> Result<()> {
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
        OutputFormat::Csv => {
            let mut table = TurnTable::new(&mut *out, detectors).context("writing output")?;
            for d in docs {
                table.write_session(d).context("writing output")?;
            }
            table.finish().context("writing output")?;
        }
    }
    Ok(())
}

fn lexicons(args: LexiconArgs) -> Result<ExitCode> {
    let engine = engine(args.lexicons.as_ref())?;
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "detectors: {}", engine.detectors().join(", "))?;
    let registry = engine.registry();
    writeln!(
        out,
        "{:<20} {:<10} {:<18} description",
        "detector", "role", "label"
    )?;
    for d in registry.display_order() {
        writeln!(
            out,
            "{:<20} {:<10} {:<18} {}",
            d.name,
            d.role.name(),
            d.label,
            d.description
        )?;
    }
    writeln!(out)?;
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

fn agree(args: AgreeArgs) -> Result<ExitCode> {
    use turnscope::agree;
    let mut read = args.files.clone();
    read.extend(args.codes.clone());
    guard::refuse_output_over_inputs(&read, args.output.as_ref())?;
    let engine = engine(args.lexicons.as_ref())?;
    let format = args.input_format.format();
    let mut sources = Vec::new();
    let mut codes = Vec::new();
    for path in &args.files {
        let source = read_path(path, format).map_err(|e| anyhow::anyhow!("{e}"))?;
        if !args.meta.is_empty() {
            if source.format != Format::Convokit {
                anyhow::bail!(
                    "{}: --meta reads a ConvoKit file's `meta`, but this was read as {}",
                    path.display(),
                    source.format
                );
            }
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let c = agree::codes_from_convokit_meta(
                turnscope::transcript::strip_bom(&text),
                &args.meta,
            )
            .map_err(|e| anyhow::anyhow!("{}:{}: {}", path.display(), e.line, e.message))?;
            codes.extend(c);
        }
        sources.push(source);
    }
    if let Some(path) = &args.codes {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let text = turnscope::transcript::strip_bom(&text);
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let c = if is_csv {
            agree::codes_from_csv(text)
        } else {
            agree::codes_from_jsonl(text)
        }
        .map_err(|e| anyhow::anyhow!("{}:{}: {}", path.display(), e.line, e.message))?;
        codes.extend(c);
    }
    if codes.is_empty() {
        anyhow::bail!("no human codes found: check --codes or --meta");
    }
    let docs = analyze_sources(&engine, &sources, OutputOptions { explain: true });
    let report = agree::agreement(&docs, &codes);
    let mut out = output(args.output.as_ref())?;
    match args.format {
        AgreeFormat::Table => {
            agree::write_table(&mut out, &report, args.limit).context("writing output")?
        }
        AgreeFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report).context("writing output")?;
            out.write_all(b"\n").context("writing output")?;
        }
    }
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
