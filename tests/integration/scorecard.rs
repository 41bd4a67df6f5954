//! The scorecard's question and reflection calls against AnnoMI's therapist codes.
//!
//! Reads `../shared/corpora/annomi/utterances.jsonl` (skips, saying so, where it is
//! absent) and compares, per therapist turn:
//! - the question call (the turn asks) with `main_therapist_behaviour = question`, and with
//!   `question_exists` (a question anywhere in the turn, whatever its main behaviour);
//! - the reflection call with `main_therapist_behaviour = reflection`;
//! - open against closed with `question_subtype`, on the turns both call a question.
//!
//! Conversations with even ids were read while writing the rule, odd ids were not; both
//! halves are printed, with 95% bootstrap intervals over conversations (seeded), and the
//! held-out half must clear the floors below. EVALUATION.md records the figures:
//!
//! ```sh
//! cargo test --release --test integration scorecard::annomi -- --nocapture
//! ```

use std::collections::HashMap;
use std::path::Path;

use turnscope::agree::figures;
use turnscope::course::questions::QuestionKind;
use turnscope::course::scorecard::turn_call;
use turnscope::input::read_path;
use turnscope::lexicon::ScorecardLists;
use turnscope::report::{session_document, OutputOptions, SourceInfo};
use turnscope::transcript::Format;
use turnscope::Engine;

use crate::root;

/// One therapist turn: the conversation, the calls and the codes.
struct Row {
    conversation: u64,
    asks: bool,
    open: Option<bool>,
    reflects: bool,
    main: String,
    question_exists: bool,
    subtype: Option<String>,
}

fn rows(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut meta: HashMap<String, serde_json::Value> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        meta.insert(v["id"].as_str().unwrap().to_string(), v["meta"].clone());
    }
    let source = read_path(path, Some(Format::Convokit)).unwrap();
    let engine = Engine::new();
    let lists = ScorecardLists::builtin();
    let mut out = Vec::new();
    for t in &source.sessions {
        let doc = session_document(
            t,
            &engine.analyze(t),
            SourceInfo::default(),
            OutputOptions::default(),
        );
        let conversation: u64 = doc.session.id.parse().unwrap();
        for turn in doc.turns.iter().filter(|t| t.speaker == "therapist") {
            let m = &meta[turn.id.as_deref().unwrap()];
            let Some(main) = m["main_therapist_behaviour"].as_str() else {
                continue;
            };
            let call = turn_call(turn, &lists, engine.registry());
            out.push(Row {
                conversation,
                asks: call.question.is_some(),
                open: call.question.map(|k| k == QuestionKind::Open),
                reflects: call.reflection,
                main: main.to_string(),
                question_exists: m["question_exists"].as_str() == Some("True"),
                subtype: m["question_subtype"].as_str().map(str::to_string),
            });
        }
    }
    out
}

type Pairs = fn(&Row) -> Option<(bool, bool)>;

/// The comparisons: (name, (call, code) of a turn where it is coded).
const COMPARISONS: &[(&str, Pairs)] = &[
    ("question vs main=question", |r| {
        Some((r.asks, r.main == "question"))
    }),
    ("question vs question_exists", |r| {
        Some((r.asks, r.question_exists))
    }),
    ("reflection vs main=reflection", |r| {
        Some((r.reflects, r.main == "reflection"))
    }),
    ("open vs subtype=open", |r| match (r.open, &r.subtype) {
        (Some(open), Some(s)) => Some((open, s == "open")),
        _ => None,
    }),
];

/// Kappa's 95% interval, drawing conversations again (seeded).
fn kappa_interval(rows: &[&Row], pairs: Pairs) -> (f64, f64) {
    let mut by_conv: Vec<Vec<(bool, bool)>> = Vec::new();
    let mut index: HashMap<u64, usize> = HashMap::new();
    for r in rows {
        let Some(p) = pairs(r) else { continue };
        let k = *index.entry(r.conversation).or_insert_with(|| {
            by_conv.push(Vec::new());
            by_conv.len() - 1
        });
        by_conv[k].push(p);
    }
    let mut rng = oorandom::Rand64::new(2024);
    let mut ks: Vec<f64> = (0..1000)
        .map(|_| {
            let mut all = Vec::new();
            for _ in 0..by_conv.len() {
                all.extend(&by_conv[rng.rand_range(0..by_conv.len() as u64) as usize]);
            }
            figures("x", &all).kappa
        })
        .collect();
    ks.sort_by(f64::total_cmp);
    (ks[25], ks[974])
}

#[test]
fn annomi_question_and_reflection_calls() {
    let path = root().join("../shared/corpora/annomi/utterances.jsonl");
    if !path.exists() {
        println!(
            "skipping the AnnoMI scorecard check: {} is absent",
            path.display()
        );
        return;
    }
    let rows = rows(&path);
    assert!(rows.len() > 3000, "{} therapist turns", rows.len());
    let mut held_out = HashMap::new();
    for (half, keep) in [
        ("tuned (even ids)", 0u64),
        ("held out (odd ids)", 1),
        ("all", 2),
    ] {
        let part: Vec<&Row> = rows
            .iter()
            .filter(|r| keep == 2 || r.conversation % 2 == keep)
            .collect();
        println!("AnnoMI therapist turns, {half}: {}", part.len());
        println!(
            "  {:<32} {:>5} {:>9} {:>6} {:>6} {:>6}  kappa 95% interval",
            "call vs code", "n", "precision", "recall", "F1", "kappa"
        );
        for (name, pairs) in COMPARISONS {
            let p: Vec<(bool, bool)> = part.iter().filter_map(|r| pairs(r)).collect();
            let f = figures(name, &p);
            let (lo, hi) = kappa_interval(&part, *pairs);
            println!(
                "  {:<32} {:>5} {:>9.3} {:>6.3} {:>6.3} {:>6.3}  [{lo:.3}, {hi:.3}]",
                name, f.n, f.precision, f.recall, f.f1, f.kappa
            );
            if keep == 1 {
                held_out.insert(*name, f.kappa);
            }
        }
    }
    // Floors on the held-out half, well under the figures EVALUATION.md records: a rule
    // that breaks falls through them.
    for (name, floor) in [
        ("question vs main=question", 0.55),
        ("question vs question_exists", 0.75),
        ("reflection vs main=reflection", 0.35),
        ("open vs subtype=open", 0.35),
    ] {
        assert!(
            held_out[name] >= floor,
            "{name}: kappa {} under {floor}",
            held_out[name]
        );
    }
}
