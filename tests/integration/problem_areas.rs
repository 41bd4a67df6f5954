//! The dominant problem area of the sessions in `tests/fixtures/problem-areas/` (written
//! for this test, each with the area it is about in `manifest.tsv`): right in at least 17,
//! with the confusion printed (`cargo test problem_areas -- --nocapture`).

use std::collections::BTreeMap;

use turnscope::areas::ProblemAreas;
use turnscope::transcript::{parse, Format};
use turnscope::Engine;

use crate::root;

/// Each fixture's name, the area expected, and the area found (`none` for none).
fn dominant_areas() -> Vec<(String, String, String)> {
    let dir = root().join("tests/fixtures/problem-areas");
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let engine = Engine::new();
    manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (file, expected) = line.split_once('\t').expect("file<TAB>area");
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            let t = &parse(Format::Plain, file, &text).unwrap()[0];
            let analysis = engine.analyze(t);
            let areas = ProblemAreas::of(&analysis, |_| true);
            let found = areas
                .dominant()
                .map_or("none".to_string(), |a| a.detector.name().to_string());
            (file.to_string(), expected.trim().to_string(), found)
        })
        .collect()
}

#[test]
fn the_dominant_area_is_right_in_at_least_17_sessions() {
    let results = dominant_areas();
    assert!(results.len() >= 20, "only {} sessions", results.len());
    let mut confusion: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (_, want, got) in &results {
        *confusion.entry((want.as_str(), got.as_str())).or_default() += 1;
    }
    let labels: Vec<&str> = {
        let mut l: Vec<&str> = results
            .iter()
            .flat_map(|(_, w, g)| [w.as_str(), g.as_str()])
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
    let wrong: Vec<String> = results
        .iter()
        .filter(|(_, w, g)| w != g)
        .map(|(f, w, g)| format!("{f}: expected {w}, found {g}"))
        .collect();
    let right = results.len() - wrong.len();
    println!("right in {right} of {}", results.len());
    for w in &wrong {
        println!("  {w}");
    }
    assert!(right >= 17, "right in only {right}:\n{}", wrong.join("\n"));
}
