//! Criterion benches of how the time grows with the size of what one session holds: one
//! long turn (1, 4 and 16 MB, with findings dense and at a normal density), and one
//! session of 20,000, 40,000 and 80,000 turns each by a speaker of its own. Each is
//! analysed and written as its JSON document, on one thread; linear work takes four times
//! as long for four times the size (BENCHMARKS.md, "Growth").
//!
//!     cargo bench --bench scale
//!
//! Run as a test (`cargo test --bench scale`, as `scripts/test.sh` does) each case runs
//! once, at a 64th of its size.

use std::io::Write;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use turnscope::report::{session_document, OutputOptions, SourceInfo};
use turnscope::{Engine, Transcript, Turn};

/// A paragraph with a finding in nearly every sentence.
const DENSE: &str = "You never listen to me! It's all your fault, you idiot. Whatever. \
    I don't care, leave me alone. ";
/// A paragraph with one attack in six sentences.
const NORMAL: &str = "I went to the store this morning and picked up groceries for the week. \
    The weather was nice, so I walked instead of driving. When I got home I made lunch and \
    called my sister to ask about her plans for the holidays. She said she might visit in \
    December if work allows. Honestly, you never listen when I tell you about my family. \
    Anyway, I think we should plan something together this weekend. ";

fn test_mode() -> bool {
    std::env::args().any(|a| a == "--test")
}

/// `unit` repeated to `bytes` bytes (cut at a space).
fn long_text(unit: &str, bytes: usize) -> String {
    let mut t = unit.repeat(bytes / unit.len() + 1);
    t.truncate(bytes);
    let at = t.rfind(' ').unwrap_or(t.len());
    t.truncate(at);
    t
}

fn turn(speaker: String, text: String, start: Option<f64>) -> Turn {
    Turn {
        speaker,
        text,
        start,
        end: start.map(|s| s + 2.5),
        id: None,
    }
}

/// A question, and a reply of `bytes` bytes of `unit`.
fn long_turn(unit: &str, bytes: usize) -> Transcript {
    Transcript::new(
        "long",
        vec![
            turn("A".into(), "Why did you do that?".into(), None),
            turn("B".into(), long_text(unit, bytes), None),
        ],
    )
}

/// `n` timed turns, each by a speaker of its own, hostile and validating in turn.
fn many_speakers(n: usize) -> Transcript {
    let turns = (0..n)
        .map(|i| {
            let text = if i % 3 == 2 {
                "I hear you, that sounds really hard."
            } else {
                "It's your fault, you idiot! You never listen!"
            };
            turn(format!("speaker {i}"), text.into(), Some(i as f64 * 2.0))
        })
        .collect();
    Transcript::new("crowd", turns)
}

/// Analyses `t` and writes its document, as `turnscope analyze --format jsonl` does.
fn analyze_and_write(engine: &Engine, t: &Transcript) -> usize {
    let a = engine.analyze(t);
    let doc = session_document(t, &a, SourceInfo::default(), OutputOptions::default());
    let mut out = std::io::sink();
    serde_json::to_writer(&mut out, &doc).unwrap();
    out.flush().unwrap();
    a.turns.len()
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let scale = if test_mode() { 64 } else { 1 };

    let mut g = c.benchmark_group("long_turn");
    g.sample_size(10);
    for (density, unit) in [("dense", DENSE), ("normal", NORMAL)] {
        for mb in [1, 4, 16] {
            let t = long_turn(unit, mb * 1_000_000 / scale);
            g.throughput(Throughput::Bytes(t.turns[1].text.len() as u64));
            g.bench_with_input(BenchmarkId::new(density, format!("{mb}MB")), &t, |b, t| {
                b.iter(|| one.install(|| analyze_and_write(&engine, black_box(t))))
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("speakers");
    g.sample_size(10);
    for n in [20_000, 40_000, 80_000] {
        let t = many_speakers(n / scale);
        g.throughput(Throughput::Elements(t.turns.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &t, |b, t| {
            b.iter(|| one.install(|| analyze_and_write(&engine, black_box(t))))
        });
    }
    g.finish();
}

criterion_group!(scale, benches);
criterion_main!(scale);
