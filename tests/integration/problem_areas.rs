//! The dominant problem area of the sessions in `tests/fixtures/problem-areas/` (written
//! for this test, each with the area it is about in `manifest.tsv`, and whether the
//! lexicons were tuned on it or it was held out): right in at least 17 and in at least
//! 80 per cent, with the confusion printed (`cargo test problem_areas -- --nocapture`).

use std::collections::BTreeMap;

use turnscope::areas::ProblemAreas;
use turnscope::transcript::{parse, Format};
use turnscope::Engine;

use crate::root;

/// Each fixture's name, the area expected, the area found (`none` for none), and its set
/// (`tune` or `held-out`).
fn dominant_areas() -> Vec<(String, String, String, String)> {
    let dir = root().join("tests/fixtures/problem-areas");
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let engine = Engine::new();
    manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [file, expected, set] = cols[..] else {
                panic!("manifest: file<TAB>area<TAB>set: {line}");
            };
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            let t = &parse(Format::Plain, file, &text).unwrap()[0];
            let analysis = engine.analyze(t);
            let areas = ProblemAreas::of(&analysis, |_| true);
            let found = areas
                .dominant()
                .map_or("none".to_string(), |a| a.detector.name().to_string());
            (
                file.to_string(),
                expected.trim().to_string(),
                found,
                set.trim().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_dominant_area_is_right_in_at_least_17_sessions() {
    let results = dominant_areas();
    assert!(results.len() >= 20, "only {} sessions", results.len());
    let mut confusion: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (_, want, got, _) in &results {
        *confusion.entry((want.as_str(), got.as_str())).or_default() += 1;
    }
    let labels: Vec<&str> = {
        let mut l: Vec<&str> = results
            .iter()
            .flat_map(|(_, w, g, _)| [w.as_str(), g.as_str()])
            .collect();
        l.sort();
        l.dedup();
        l
    };
    println!("expected (rows) by found (columns):");
    print!("{:>16}", "");
    for g in &labels {
        print!("{g:>16}");
    }
    println!();
    for w in &labels {
        print!("{w:>16}");
        for g in &labels {
            print!("{:>16}", confusion.get(&(*w, *g)).copied().unwrap_or(0));
        }
        println!();
    }
    for set in ["tune", "held-out"] {
        let of_set: Vec<_> = results.iter().filter(|r| r.3 == set).collect();
        let right = of_set.iter().filter(|r| r.1 == r.2).count();
        println!("{set}: right in {right} of {}", of_set.len());
    }
    let wrong: Vec<String> = results
        .iter()
        .filter(|(_, w, g, _)| w != g)
        .map(|(f, w, g, set)| format!("{f} ({set}): expected {w}, found {g}"))
        .collect();
    let right = results.len() - wrong.len();
    println!("all: right in {right} of {}", results.len());
    for w in &wrong {
        println!("  {w}");
    }
    assert!(
        right >= 17 && right * 5 >= results.len() * 4,
        "right in only {right} of {}:\n{}",
        results.len(),
        wrong.join("\n")
    );
}
