//! Timing and non-verbal cues (`tests/fixtures/cues`): pauses, overlaps and
//! interruptions in the JSON, interruptions raising escalation in a hostile stretch,
//! silence after a hostile turn as stonewalling, cues listed with their spans and kept
//! out of lexicon matching.

use std::path::{Path, PathBuf};

use serde_json::Value;
use turnscope::report::json::SessionDoc;

use crate::{root, turnscope, turnscope_stdin};

fn fixture(dir: &str, name: &str) -> PathBuf {
    root().join("tests/fixtures").join(dir).join(name)
}

fn doc(path: &Path) -> Value {
    let out = turnscope(&["analyze", "--format", "jsonl", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rules(turn: &Value) -> Vec<&str> {
    turn["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn interruptions_in_a_fight_are_marked_and_raise_escalation() {
    let spaced = doc(&fixture("cues", "fight-spaced.vtt"));
    let cutting = doc(&fixture("cues", "fight-overlapping.vtt"));
    let t = &cutting["turns"];
    assert_eq!(t[1]["overlap"], 0.8);
    assert_eq!(t[1]["pause"], 0.0);
    assert_eq!(t[1]["interrupts"], true);
    assert!(spaced["turns"][1].get("interrupts").is_none());
    assert_eq!(spaced["turns"][1]["pause"], 1.0);
    assert_eq!(cutting["escalation"]["episodes"][0]["interruptions"], 3);
    assert_eq!(spaced["escalation"]["episodes"][0]["interruptions"], 0);
    let score = |d: &Value| d["escalation"]["score"].as_f64().unwrap();
    assert!(
        score(&cutting) > score(&spaced),
        "{} vs {}",
        score(&cutting),
        score(&spaced)
    );
    for k in 1..4 {
        let c = t[k]["escalation"].as_f64().unwrap();
        let s = spaced["turns"][k]["escalation"].as_f64().unwrap();
        assert!(c > s, "turn {k}: {c} vs {s}");
    }
    let sam = &cutting["speakers"][0]["timing"];
    assert_eq!(sam["interruptions"], 1);
    assert_eq!(sam["interrupted"], 2);
    assert_eq!(cutting["speakers"][0]["cues"]["crosstalk"], 1);
}

#[test]
fn silence_after_hostility_is_stonewalling() {
    let d = doc(&fixture("cues", "stonewall.vtt"));
    let t = &d["turns"];
    // Six seconds before a neutral reply to blame.
    assert_eq!(t[1]["pause"], 6.0);
    assert_eq!(rules(&t[1]), ["stonewalling:long_silence"]);
    let f = &t[1]["findings"][0];
    assert_eq!(
        (f["detector"].as_str(), f["category"].as_str()),
        (Some("avoidance"), Some("stonewalling"))
    );
    assert_eq!(f["span"], serde_json::json!({"start": 0, "end": 0}));
    // A reply opening with a pause cue, and a reply that is only silence.
    assert!(rules(&t[3]).contains(&"stonewalling:silent_reply"));
    assert_eq!(t[3]["findings"][0]["matched"], "(long pause)");
    assert_eq!(rules(&t[5]), ["stonewalling:silent_reply"]);
    assert_eq!(t[5]["words"], 0);
    // Counted in the avoidance figures; the hostile speaker's own turns are not.
    let alex = &d["speakers"][1];
    assert!(alex["detectors"]["avoidance"]["count"].as_u64().unwrap() >= 3);
    assert_eq!(alex["timing"]["longest_silence"], 6.0);
    assert!(!rules(&t[2]).iter().any(|r| r.starts_with("stonewalling")));
}

#[test]
fn cues_are_listed_with_spans_and_kept_out_of_matching() {
    let d = doc(&fixture("cues", "stonewall.vtt"));
    let cues = &d["turns"][3]["cues"];
    let kinds: Vec<&str> = cues
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["pause", "sigh", "trailing_off"]);
    assert_eq!(cues[1]["matched"], "[sighs]");
    assert_eq!(cues[1]["span"], serde_json::json!({"start": 13, "end": 20}));
    assert_eq!(d["speakers"][1]["cues"]["pause"], 2);

    // Annotations are not words, not shouting, and not lexicon matches.
    let out = turnscope_stdin(
        &["analyze", "-f", "jsonl", "-i", "plain"],
        "Ana: [INAUDIBLE] [CROSSTALK] okay (laughs)\nBen: (sighs) fine.\n".as_bytes(),
    );
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["turns"][0]["words"], 1);
    assert_eq!(d["turns"][0]["hostility"], 0.0);
    assert_eq!(d["turns"][1]["words"], 1);
    let text = d["turns"][1]["text"].as_str().unwrap();
    assert_eq!(text, "(sighs) fine.", "the text is kept as written");
    for f in d["turns"][1]["findings"].as_array().unwrap() {
        let (s, e) = (
            f["span"]["start"].as_u64().unwrap(),
            f["span"]["end"].as_u64().unwrap(),
        );
        assert!(s >= 7, "no finding inside the cue: {f}");
        assert_eq!(
            &text[s as usize..e as usize],
            f["matched"].as_str().unwrap()
        );
    }
}

#[test]
fn every_fixture_parses_back_into_the_wire_types() {
    let mut paths = Vec::new();
    for dir in ["cues", "six-turn"] {
        for e in std::fs::read_dir(root().join("tests/fixtures").join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x != "py") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    for p in paths {
        let out = turnscope(&[
            "analyze",
            "-f",
            "jsonl",
            "--role",
            "Client=client",
            p.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", p.display());
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let d: SessionDoc =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            for t in &d.turns {
                for c in &t.cues {
                    assert_eq!(&t.text[c.span.start..c.span.end], c.matched);
                    let chars: String = t
                        .text
                        .chars()
                        .skip(c.char_span.start)
                        .take(c.char_span.end - c.char_span.start)
                        .collect();
                    assert_eq!(chars, c.matched);
                }
                for f in &t.findings {
                    assert_eq!(&t.text[f.span.start..f.span.end], f.matched);
                }
            }
        }
    }
}
