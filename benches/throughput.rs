//! Engine throughput in one process, the way VADER is timed in `scripts/bench_vs_vader.py`:
//! transcripts are read and parsed first (untimed), then every session is analysed on one
//! thread (timed: `Engine::analyze`, the whole per-turn and sequence pipeline), and then
//! analysed and written as JSON (timed again). Best of `--repeat` runs; prints one JSON line.
//!
//!     cargo bench --bench throughput -- [--repeat N] FILE...
//!
//! Any transcript format turnscope reads; the bench script passes ConvoKit files.

use std::path::PathBuf;
use std::time::Instant;

use turnscope::input::read_path;
use turnscope::report::{session_document, OutputOptions, SourceInfo};
use turnscope::{Engine, Transcript};

/// The allocator the `turnscope` binary uses, so that the engine is timed as the command
/// runs it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut repeat = 3;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(3),
            "--bench" => {}
            _ => files.push(PathBuf::from(a)),
        }
    }
    if files.is_empty() {
        eprintln!("usage: cargo bench --bench throughput -- [--repeat N] FILE...");
        std::process::exit(2);
    }
    let sessions: Vec<Transcript> = files
        .iter()
        .flat_map(|f| match read_path(f, None) {
            Ok(s) => s.sessions,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        })
        .collect();
    let turns: usize = sessions.iter().map(|s| s.turns.len()).sum();
    let bytes: usize = sessions
        .iter()
        .flat_map(|s| &s.turns)
        .map(|t| t.text.len())
        .sum();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    let started = Instant::now();
    let engine = Engine::new();
    let build = started.elapsed().as_secs_f64();

    let best = |f: &(dyn Fn() -> usize + Sync)| {
        (0..repeat.max(1))
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(one.install(f));
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let analyze = best(&|| sessions.iter().map(|s| engine.analyze(s).turns.len()).sum());
    let with_json = best(&|| {
        sessions
            .iter()
            .map(|s| {
                let a = engine.analyze(s);
                let doc = session_document(s, &a, SourceInfo::default(), OutputOptions::default());
                serde_json::to_vec(&doc).map_or(0, |v| v.len())
            })
            .sum()
    });
    println!(
        "{}",
        serde_json::json!({
            "sessions": sessions.len(), "turns": turns, "bytes": bytes,
            "engine_build_seconds": build,
            "analyze_seconds": analyze, "analyze_and_json_seconds": with_json,
        })
    );
}
