//! Every example of every built-in lexicon behaves as its entry says, and the files are
//! kept sorted and free of duplicate terms.

use std::collections::BTreeMap;
use std::path::Path;

use turnscope::lexicon::{parse_file, LexiconSet, BUILTIN};
use turnscope::transcript::{Transcript, Turn};
use turnscope::Engine;

/// Splits an example into the turn before (if any) and the turn itself.
fn example_transcript(example: &str) -> Transcript {
    let mut turns = Vec::new();
    let (prev, reply) = match example.split_once(" >> ") {
        Some((p, r)) => (Some(p), r),
        None => (None, example),
    };
    if let Some(p) = prev {
        turns.push(Turn {
            speaker: "Other".into(),
            text: p.into(),
            ..Turn::default()
        });
    }
    turns.push(Turn {
        speaker: "Speaker".into(),
        text: reply.into(),
        ..Turn::default()
    });
    Transcript::new("example", turns)
}

/// The rules that counted in the example's last turn, each under the detector it counted
/// for: an entry's insult aimed at a third person counts under `third_party_blame`, not
/// under its entry's detector.
fn counted_rules(engine: &Engine, example: &str) -> Vec<(String, String)> {
    let t = example_transcript(example);
    let a = engine.analyze(&t);
    a.turns
        .last()
        .unwrap()
        .findings
        .iter()
        .filter(|f| f.counts())
        .map(|f| (f.detector.to_string(), f.rule.to_string()))
        .collect()
}

#[test]
fn every_lexicon_example_behaves_as_stated() {
    let engine = Engine::new();
    let set = LexiconSet::builtin();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, file) in &set.files {
        let stem = Path::new(name)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for e in &file.entries {
            let rule = format!("{stem}:{}", e.term);
            let detector = e.detector.clone().unwrap_or_else(|| file.detector.clone());
            let counted =
                |got: &[(String, String)]| got.iter().any(|(d, r)| *d == detector && *r == rule);
            assert!(!e.must_match.is_empty(), "{rule}: no `match` example");
            assert!(!e.no_match.is_empty(), "{rule}: no `no_match` example");
            for ex in &e.must_match {
                checked += 1;
                let got = counted_rules(&engine, ex);
                if !counted(&got) {
                    failures.push(format!(
                        "{rule}\n    should match: {ex:?}\n    counted: {got:?}"
                    ));
                }
            }
            for ex in &e.no_match {
                checked += 1;
                let got = counted_rules(&engine, ex);
                if counted(&got) {
                    failures.push(format!("{rule}\n    should not match: {ex:?}"));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} examples");
    assert!(
        failures.is_empty(),
        "{} of {checked} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn lexicon_files_are_sorted_and_free_of_duplicates() {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (name, text) in BUILTIN {
        let file = parse_file(Path::new(name), text).unwrap();
        let keys: Vec<(&str, &str)> = file
            .entries
            .iter()
            .map(|e| (e.category.as_str(), e.term.as_str()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(
            keys, sorted,
            "{name}: entries must be sorted by category, then term"
        );
        for e in &file.entries {
            for t in std::iter::once(&e.term).chain(&e.also) {
                if let Some(other) = seen.insert(t.clone(), name.to_string()) {
                    panic!("term {t:?} appears in {other} and {name}");
                }
            }
        }
    }
}

#[test]
fn lexicons_have_real_coverage() {
    let set = LexiconSet::builtin();
    let count = |det: &str| {
        set.files
            .values()
            .filter(|f| f.detector == det)
            .map(|f| f.entries.len())
            .sum::<usize>()
    };
    for (det, min) in [
        ("blame", 80),
        ("avoidance", 60),
        ("validation", 100),
        ("hostility", 60),
        ("grief", 20),
        ("role_transition", 15),
        ("dispute", 12),
        ("deficit", 10),
    ] {
        assert!(count(det) >= min, "{det}: {} entries", count(det));
    }
}

#[test]
fn user_lexicons_add_and_replace_entries() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.toml"),
        r#"
detector = "blame"
[[entry]]
term = "you always"
category = "absolute"
weight = 2.5
match = ["You always leave early."]
no_match = ["I always leave early."]

[[entry]]
term = "couldn't care any less about me"
category = "accusation"
weight = 1.2
match = ["You couldn't care any less about me."]
no_match = ["I could care less."]
"#,
    )
    .unwrap();
    let engine = Engine::with_lexicon_dir(dir.path()).unwrap();
    let findings = engine.detect("Honestly, you couldn't care any less about me.", false);
    let f = findings
        .iter()
        .find(|f| f.rule.ends_with(":couldn't care any less about me"))
        .unwrap();
    assert!(f.counts());
    let always = engine.detect("You always leave early.", false);
    let f = always
        .iter()
        .find(|f| f.rule.ends_with(":you always"))
        .unwrap();
    assert_eq!(f.weight, 2.5, "the user entry replaced the built-in one");
    assert!(f.rule.starts_with("mine:"), "{}", f.rule);
}

#[test]
fn a_broken_user_lexicon_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "detector = \"blame\"\n[[entry]]\nterm = \"x\"\nweight = \"heavy\"\n",
    )
    .unwrap();
    let err = Engine::with_lexicon_dir(dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.toml:4"), "{err}");
}

#[test]
fn a_user_entry_sets_aside_set_phrases_with_except() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("praise.toml"),
        r#"
detector = "praise"
[[entry]]
term = "good job"
category = "praise"
weight = 1.0
except = ["good job market", "a good job"]
match = ["Good job on the report."]
no_match = ["The good job market helps.", "She found a good job."]
"#,
    )
    .unwrap();
    let engine = Engine::with_lexicon_dir(dir.path()).unwrap();
    let rules = |text: &str| -> Vec<String> {
        engine
            .detect(text, false)
            .iter()
            .filter(|f| &*f.detector == "praise")
            .map(|f| f.rule.to_string())
            .collect()
    };
    assert_eq!(rules("Good job on the report."), ["praise:good job"]);
    assert!(rules("The good job market helps.").is_empty());
    assert!(rules("She found a good job. Good job, really.").len() == 1);
}

#[test]
fn an_exception_must_hold_the_entry_term() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("odd.toml"),
        "detector = \"blame\"\n[[entry]]\nterm = \"you never\"\ncategory = \"absolute\"\nweight = 1.0\nexcept = [\"never mind\"]\n",
    )
    .unwrap();
    let err = Engine::with_lexicon_dir(dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("odd.toml"), "{err}");
    assert!(
        err.contains("\"never mind\" holds none of the entry's terms"),
        "{err}"
    );
}
