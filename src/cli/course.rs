//! `turnscope course`: the command-line side of [`turnscope::course`] (finding and
//! reading the sessions, ordering them, writing the course and the session pages).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use clap::{Parser, ValueEnum};
use rayon::prelude::*;

use turnscope::batch::walk::walk;
use turnscope::course::order::order;
use turnscope::course::{build, phases, CourseOptions, CourseSession};
use turnscope::input::read_path;
use turnscope::lexicon::ScorecardLists;
use turnscope::pipeline::{analyze_sources_with, DocumentOptions};
use turnscope::report::course_csv::write_course_csv;
use turnscope::report::course_html::{session_page_name, write_course_html, CourseHtmlOptions};
use turnscope::report::course_json::SkippedDoc;
use turnscope::report::{html_report, HtmlOptions, OutputOptions};
use turnscope::speakers::{parse_assignment, SpeakerMap};

use super::{engine, exit_code, output, InputFormat};

pub const COURSE_HELP: &str = "\
Examples:
  turnscope course examples/course/ --role 'Dr. Reyes=therapist' -o course.html
  turnscope course 'sessions/*.vtt' --format csv -o course.csv
  turnscope course intake.txt follow-up.txt last.txt --order intake,follow-up,last

Sessions are ordered by the date (YYYY-MM-DD, YYYYMMDD) or the session number
(session-07, s07, week 3, #12) in each file's name (for a file of several sessions, such
as a ConvoKit corpus, in each session's id), or as --order lists them (by file name, path,
file stem or session id). A name with no key or an ambiguous one (two dates, two numbers,
two sessions with the same key) is an error naming the file: rename it or give --order.

Output: --format json (one document: per session its figures and scorecard, per speaker
and role a series of each figure, and each series' change from the first third of the
sessions to the last, with a 95% bootstrap interval and \"no clear change\" where it holds
zero), csv (one row per session and speaker), or html (a page of small-multiple charts
with the therapy's phases, the change table and the scorecard; with -o FILE each
session's own report is written in FILE's folder under <name>-sessions/ and linked).
The format is taken from -o's extension (.html, .csv, .json) unless --format names it.

The therapist's scorecard is computed for the speakers given the role `therapist` (or
--scorecard-role) with --role: reflections per question, share of open questions,
validation within two turns of a client's hostile turn, talk share.

A session that cannot be read is named on standard error with its line and left out; the
course is written from the rest and the exit code is 1. Exit code 2: a usage error, an
order that cannot be settled, or output that cannot be written.";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CourseFormat {
    Json,
    Csv,
    Html,
}

#[derive(Parser)]
pub struct CourseArgs {
    /// The sessions: files, folders (walked) and glob patterns (quoted).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Input format; `auto` picks it for each file from its extension and content.
    #[arg(short = 'i', long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// `json`, `csv` or `html`; by default from -o's extension, else json.
    #[arg(short = 'f', long, value_enum)]
    format: Option<CourseFormat>,
    /// Write to FILE instead of standard output (with html, session pages go beside it).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The sessions' order, by file name, path, file stem or session id, comma-separated.
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    order: Option<Vec<String>>,
    /// Rename a speaker: `--speaker SPEAKER_00=Therapist` (repeatable).
    #[arg(long = "speaker", value_name = "LABEL=NAME", value_parser = parse_assignment)]
    speakers: Vec<(String, String)>,
    /// Give a speaker (by new name or label) a role: `--role 'Dr. Reyes=therapist'`
    /// (repeatable). The scorecard is for the role `therapist` (--scorecard-role).
    #[arg(long = "role", value_name = "SPEAKER=ROLE", value_parser = parse_assignment)]
    roles: Vec<(String, String)>,
    /// The role the therapist's scorecard is computed for.
    #[arg(long, value_name = "ROLE", default_value = turnscope::course::scorecard::DEFAULT_ROLE)]
    scorecard_role: String,
    /// Sessions of assessment and of termination, instead of the rule (n/4 and n/5).
    #[arg(long, value_name = "A,T", value_parser = parse_phases)]
    phases: Option<(usize, usize)>,
    /// The bootstrap's seed (the same seed gives the same intervals).
    #[arg(long, default_value_t = turnscope::course::change::DEFAULT_SEED)]
    seed: u64,
    /// The page title (html).
    #[arg(long)]
    title: Option<String>,
    /// A directory of extra lexicon files (*.toml) layered over the built-ins; a
    /// `scorecard.toml` there extends the scorecard's lists.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Worker threads (default: all cores, or RAYON_NUM_THREADS).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
}

fn parse_phases(s: &str) -> Result<(usize, usize), String> {
    let err = || format!("expected A,T (two numbers, e.g. 3,2), got `{s}`");
    let (a, t) = s.split_once(',').ok_or_else(err)?;
    Ok((
        a.trim().parse().map_err(|_| err())?,
        t.trim().parse().map_err(|_| err())?,
    ))
}

fn format_of(args: &CourseArgs) -> CourseFormat {
    if let Some(f) = args.format {
        return f;
    }
    let ext = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => CourseFormat::Html,
        Some("csv") => CourseFormat::Csv,
        _ => CourseFormat::Json,
    }
}

/// The folder the session pages of the course page `out` go to: `<stem>-sessions`.
fn pages_dir(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "course".into());
    out.with_file_name(format!("{stem}-sessions"))
}

pub fn course(args: CourseArgs) -> Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let engine = engine(args.lexicons.as_ref())?;
    let lists = match &args.lexicons {
        Some(dir) => ScorecardLists::with_dir(dir)
            .with_context(|| format!("loading lexicons from {}", dir.display()))?,
        None => ScorecardLists::builtin(),
    };
    let format = format_of(&args);
    let pages = match (&args.output, format) {
        (Some(out), CourseFormat::Html) => Some(pages_dir(out)),
        _ => None,
    };
    // Never read what this run writes.
    let exclude: Vec<PathBuf> = args
        .output
        .iter()
        .chain(pages.iter())
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let found = walk(&args.paths, &exclude);
    // A file named on the command line is an input: refuse to write over it. One found in
    // a folder is left out of the walk; refuse too unless it is a course this command
    // wrote before (a rerun writes over its own output).
    crate::guard::refuse_output_over_inputs(&args.paths, args.output.as_ref())?;
    if let Some(out) = args.output.as_ref().filter(|o| !was_written_by_course(o)) {
        let all = walk(&args.paths, &[]);
        let inputs: Vec<PathBuf> = all.inputs.iter().map(|i| i.path.clone()).collect();
        crate::guard::refuse_output_over_inputs(&inputs, Some(out))?;
    }
    for note in &found.notes {
        eprintln!("turnscope: {note}");
    }
    let mut skipped: Vec<SkippedDoc> = Vec::new();
    let mut skip = |e: turnscope::input::InputError| {
        eprintln!("turnscope: {e}");
        skipped.push(SkippedDoc {
            source: e.source.clone(),
            line: (e.line > 0).then_some(e.line),
            error: e.to_string(),
        });
    };
    for e in found.failures {
        skip(e);
    }
    let input_format = args.input_format.format();
    let read: Vec<_> = found
        .inputs
        .par_iter()
        .map(|i| read_path(&i.path, input_format))
        .collect();
    let mut map = SpeakerMap::new();
    for (label, name) in &args.speakers {
        map.rename(label, name);
    }
    for (speaker, role) in &args.roles {
        map.role(speaker, role);
    }
    let mut sources = Vec::new();
    for r in read {
        match r {
            Ok(s) => sources.push(s),
            Err(e) => skip(e),
        }
    }
    // The names each session answers to: its label (the key is read from it) first.
    let mut names: Vec<Vec<String>> = Vec::new();
    for s in &sources {
        let path = Path::new(&s.name);
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| s.name.clone());
        let stem = path
            .file_stem()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.clone());
        for t in &s.sessions {
            names.push(if s.sessions.len() == 1 {
                vec![file.clone(), s.name.clone(), stem.clone(), t.id.clone()]
            } else {
                vec![t.id.clone(), format!("{}#{}", s.name, t.id)]
            });
        }
    }
    let ordered = order(&names, args.order.as_deref()).map_err(|e| anyhow!(e))?;
    phases(names.len(), args.phases).map_err(|e| anyhow!(e))?;
    let options = DocumentOptions {
        output: OutputOptions::default(),
        speakers: map,
    };
    let docs = analyze_sources_with(&engine, &sources, &options);

    let mut reports: Vec<Option<String>> = vec![None; docs.len()];
    if let Some(dir) = &pages {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot write {}", dir.display()))?;
        let folder = dir
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (pos, &i) in ordered.order.iter().enumerate() {
            let name = session_page_name(pos + 1, &names[i][0]);
            let title = format!(
                "Session {} ({}) · {} · turnscope report",
                pos + 1,
                ordered.keys[pos],
                docs[i].session.id
            );
            let page = html_report(
                std::slice::from_ref(&docs[i]),
                &HtmlOptions {
                    title: Some(title),
                    detectors: Some(engine.registry().clone()),
                },
            );
            let path = dir.join(&name);
            std::fs::write(&path, page)
                .with_context(|| format!("cannot write {}", path.display()))?;
            reports[i] = Some(format!("{folder}/{name}"));
        }
    }
    let sessions: Vec<CourseSession> = ordered
        .order
        .iter()
        .enumerate()
        .map(|(pos, &i)| CourseSession {
            doc: &docs[i],
            key: &ordered.keys[pos],
            label: &names[i][0],
            report: reports[i].as_deref(),
        })
        .collect();
    let options = CourseOptions {
        scorecard_role: args.scorecard_role.clone(),
        phases: args.phases,
        seed: args.seed,
        ordered_by: ordered.by,
        detectors: engine.registry().clone(),
        ..CourseOptions::default()
    };
    let failed = skipped.len();
    let course = build(&sessions, skipped, &lists, &options).map_err(|e| anyhow!(e))?;
    let mut out = output(args.output.as_ref())?;
    match format {
        CourseFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &course).context("writing output")?;
            out.write_all(b"\n").context("writing output")?;
        }
        CourseFormat::Csv => write_course_csv(&mut out, &course).context("writing output")?,
        CourseFormat::Html => {
            let options = CourseHtmlOptions {
                title: args.title.clone(),
            };
            write_course_html(&mut out, &course, &options).context("writing output")?;
        }
    }
    out.flush().context("writing output")?;
    Ok(exit_code(failed))
}

/// Whether `path` holds a course this command wrote (JSON, CSV or HTML), by its opening
/// bytes: a missing or empty file counts as one, since writing loses nothing.
fn was_written_by_course(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let n = match std::fs::File::open(path) {
        Ok(mut f) => f.read(&mut head).unwrap_or(0),
        Err(_) => return true,
    };
    let head = String::from_utf8_lossy(&head[..n]);
    n == 0
        || head.contains("\"course_schema_version\"")
        || head.starts_with("position,key,session,")
        || head.contains("<meta name=\"generator\" content=\"turnscope")
}
