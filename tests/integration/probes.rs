//! Invented probe turns (issue 15), scored as `scripts/split_eval.py --probes` scores them: a
//! labelled turn is right when "has a counted finding of the detector" matches its label.
//! - `tests/fixtures/support-replies/`: replies to support-seeking posts, half validating
//!   (shared experience, offers and wishes included), labelled `meta.validating`;
//! - `tests/fixtures/blame-turns/`: turns in short conversations, half blaming the listener,
//!   labelled `meta.expect.blame`;
//! - `tests/fixtures/avoidance-replies/`: replies to questions, half avoiding them, labelled
//!   `meta.expect.avoidance`.
//!
//! In each folder one file is the one rules may be shaped on (`replies.jsonl`, `tune.jsonl`)
//! and `held-out.jsonl` is only scored. The floors guard against regressions.

use std::collections::{HashMap, HashSet};

use crate::{root, turnscope};

/// (right, total, the misses' ids) for one fixture file (`folder/file` under
/// `tests/fixtures`), scoring `detector`'s labels.
fn score(file: &str, detector: &str) -> (usize, usize, Vec<String>) {
    let path = root().join("tests/fixtures").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut labels: HashMap<String, bool> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let u: serde_json::Value = serde_json::from_str(line).unwrap();
        let label = u["meta"]["expect"][detector].as_bool().or_else(|| {
            (detector == "validation")
                .then(|| u["meta"]["validating"].as_bool())
                .flatten()
        });
        if let Some(v) = label {
            labels.insert(u["id"].as_str().unwrap().to_string(), v);
        }
    }
    let out = turnscope(&[
        "analyze",
        "--input-format",
        "convokit",
        "--format",
        "jsonl",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut flagged: HashSet<String> = HashSet::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        for t in doc["turns"].as_array().unwrap() {
            let counted = t["findings"].as_array().into_iter().flatten().any(|f| {
                f["detector"] == detector
                    && f["negated"] != true
                    && f.get("suppressed").is_none_or(|s| s.is_null())
            });
            if counted {
                flagged.insert(t["id"].as_str().unwrap().to_string());
            }
        }
    }
    let mut misses: Vec<String> = labels
        .iter()
        .filter(|(id, &v)| flagged.contains(*id) != v)
        .map(|(id, _)| id.clone())
        .collect();
    misses.sort();
    (labels.len() - misses.len(), labels.len(), misses)
}

#[test]
fn support_replies_are_scored_as_labelled() {
    let (right, total, misses) = score("support-replies/replies.jsonl", "validation");
    println!("replies.jsonl: {right} of {total} right; misses {misses:?}");
    assert_eq!(total, 40);
    assert!(
        right >= 34,
        "replies.jsonl: {right} of {total} (misses {misses:?})"
    );
    // Held out: the score is printed, not the misses (rules are not shaped on this file).
    let (right, total, _) = score("support-replies/held-out.jsonl", "validation");
    println!("held-out.jsonl: {right} of {total} right");
    assert_eq!(total, 40);
    assert!(right >= 30, "held-out.jsonl: {right} of {total}");
}

/// Scores a tune file and its held-out file against floors: the tune file's misses are
/// printed, the held-out file's are not (rules are not shaped on it). The floors are one
/// under the scores of 6 December 2026 (EVALUATION.md, "Probes for blame and avoidance").
fn check_floors(folder: &str, detector: &str, tune_floor: usize, held_out_floor: usize) {
    let (right, total, misses) = score(&format!("{folder}/tune.jsonl"), detector);
    println!("{folder}/tune.jsonl: {right} of {total} right; misses {misses:?}");
    assert_eq!(total, 40);
    assert!(
        right >= tune_floor,
        "{folder}/tune.jsonl: {right} of {total} (misses {misses:?})"
    );
    let (right, total, _) = score(&format!("{folder}/held-out.jsonl"), detector);
    println!("{folder}/held-out.jsonl: {right} of {total} right");
    assert_eq!(total, 40);
    assert!(
        right >= held_out_floor,
        "{folder}/held-out.jsonl: {right} of {total}"
    );
}

#[test]
fn blame_turns_are_scored_as_labelled() {
    check_floors("blame-turns", "blame", 36, 31);
}

#[test]
fn avoidance_replies_are_scored_as_labelled() {
    check_floors("avoidance-replies", "avoidance", 36, 27);
}
