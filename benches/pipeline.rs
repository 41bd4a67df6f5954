//! Criterion benches: the parsers, the matcher, and the whole pipeline, on a fixed corpus.
//!
//! The corpus is `../shared/corpora/*/utterances.jsonl` where present (real conversations),
//! otherwise the project's `examples/` repeated into a ConvoKit file of similar size, so
//! the benches run on a fresh clone too.

use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;

use turnscope::transcript::{parse, Format, Transcript};
use turnscope::Engine;

/// The benchmark corpus as ConvoKit JSON Lines.
fn corpus() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpora");
    let mut out = String::new();
    for name in ["annomi", "esconv", "qevasion", "toxichat"] {
        if let Ok(text) = std::fs::read_to_string(shared.join(name).join("utterances.jsonl")) {
            out.push_str(&text);
        }
    }
    if out.is_empty() {
        eprintln!("bench corpus: ../shared/corpora absent; generating from examples/");
        let engine_text =
            std::fs::read_to_string(root.join("examples/couple-session.txt")).unwrap();
        let session = &parse(Format::Plain, "x", &engine_text).unwrap()[0];
        for c in 0..2000 {
            for (i, t) in session.turns.iter().enumerate() {
                let line = serde_json::json!({
                    "id": format!("{c}-{i}"), "conversation_id": format!("c{c}"),
                    "speaker": t.speaker, "reply_to": null, "timestamp": null,
                    "text": t.text, "meta": {}
                });
                out.push_str(&line.to_string());
                out.push('\n');
            }
        }
    }
    out
}

fn text_bytes(sessions: &[Transcript]) -> u64 {
    sessions
        .iter()
        .flat_map(|s| &s.turns)
        .map(|t| t.text.len() as u64)
        .sum()
}

fn benches(c: &mut Criterion) {
    let raw = corpus();
    let sessions = parse(Format::Convokit, "bench", &raw).unwrap();
    let bytes = text_bytes(&sessions);
    let engine = Engine::new();

    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(raw.len() as u64));
    g.sample_size(10);
    g.bench_function("convokit", |b| {
        b.iter(|| parse(Format::Convokit, "bench", black_box(&raw)).unwrap())
    });
    g.finish();

    // The same sessions one a line, as `turnscope stream` and `--input-format sessions` read.
    let lines: String = sessions
        .iter()
        .map(|s| {
            let turns: Vec<_> = s
                .turns
                .iter()
                .map(
                    |t| serde_json::json!({"speaker": t.speaker, "text": t.text, "start": t.start}),
                )
                .collect();
            serde_json::json!({"id": s.id, "turns": turns}).to_string() + "\n"
        })
        .collect();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(lines.len() as u64));
    g.sample_size(10);
    g.bench_function("sessions", |b| {
        b.iter(|| parse(Format::Sessions, "bench", black_box(&lines)).unwrap())
    });
    g.finish();

    // The matcher alone, on the normalised text of every turn.
    let normalised: Vec<String> = sessions
        .iter()
        .flat_map(|s| &s.turns)
        .map(|t| {
            turnscope::text::Normalized::new(&t.text)
                .as_str()
                .to_string()
        })
        .collect();
    let matcher = turnscope::lexicon::Matcher::new(engine.entries()).unwrap();
    let mut g = c.benchmark_group("matcher");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("find_all", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            normalised
                .iter()
                .map(|t| {
                    matcher.find_all(black_box(t), &mut out);
                    out.len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    let texts: Vec<&str> = sessions
        .iter()
        .flat_map(|s| &s.turns)
        .map(|t| t.text.as_str())
        .collect();
    let mut g = c.benchmark_group("detect");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("turns_single_thread", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| engine.detect(black_box(t), false).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    g.bench_function("analyze_1_thread", |b| {
        b.iter(|| {
            one.install(|| {
                sessions
                    .par_iter()
                    .map(|s| engine.analyze(s).turns.len())
                    .sum::<usize>()
            })
        })
    });
    g.bench_function("analyze_all_threads", |b| {
        b.iter(|| {
            sessions
                .par_iter()
                .map(|s| engine.analyze(s).turns.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
