//! A detector is one data file: one added with `--lexicons DIR` shows everywhere a
//! built-in one does, with no code change; `--speaker` and `--role` work the same in
//! every command that writes documents.

use serde_json::Value;

use crate::{dom, turnscope, turnscope_stdin};

/// A user's detector: scoffing, an attack on the listener, with its own looks.
const SNEER: &str = r##"detector = "sneer"
label = "sneering"
tag = "sneer"
summary = "scoffing at the listener"
description = "Scoffing noises and mock laughter aimed at the listener."
role = "attack"
order = 4
colour = "#7b1fa2"
background = "#f1dcf7"
pattern = "wavy"
headline = true

[escalation]
share = 1.0

[[entry]]
term = "pfft"
also = ["pffft"]
category = "scoff"
weight = 2.0
match = ["Pfft, as if you'd know."]
no_match = ["We took the pfftt train."]
"##;

/// A couple's exchange where the scoffing answers a hostile turn.
const SESSION: &str = "Ana: Can we talk about the bills tonight?\n\
Ben: Pfft. You never pay them anyway.\n\
Ana: That is not fair, you know it.\n\
Ben: Pffft, as if you would know what fair is.\n";

fn lexicon_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sneer.toml"), SNEER).unwrap();
    dir
}

fn session_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("session.txt");
    std::fs::write(&path, SESSION).unwrap();
    path
}

fn json(args: &[&str]) -> Value {
    let out = turnscope(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn text(args: &[&str]) -> String {
    let out = turnscope(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_detector_added_as_one_file_shows_everywhere_and_raises_escalation() {
    let lex = lexicon_dir();
    let work = tempfile::tempdir().unwrap();
    let session = session_file(work.path());
    let (l, s) = (lex.path().to_str().unwrap(), session.to_str().unwrap());

    // JSON: the detector, its findings with spans and rule, per-speaker figures.
    let doc = json(&["analyze", "--lexicons", l, s]);
    assert!(doc["detectors"]
        .as_array()
        .unwrap()
        .contains(&Value::from("sneer")));
    let sneers: Vec<&Value> = doc["turns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["findings"].as_array().unwrap())
        .filter(|f| f["detector"] == "sneer")
        .collect();
    assert_eq!(sneers.len(), 2, "{sneers:#?}");
    assert_eq!(sneers[0]["rule"], "sneer:pfft");
    assert_eq!(sneers[0]["matched"], "Pfft");
    let ben = doc["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["speaker"] == "Ben")
        .unwrap();
    assert_eq!(ben["detectors"]["sneer"]["count"], 2);

    // Escalation: the same session without the lexicon is calmer.
    let plain = json(&["analyze", s]);
    let hostility = |d: &Value, k: usize| d["turns"][k]["hostility"].as_f64().unwrap();
    assert!(hostility(&doc, 3) > hostility(&plain, 3));
    assert!(doc["escalation"]["score"].as_f64() > plain["escalation"]["score"].as_f64());

    // CSV: a column per table.
    let turns = text(&["analyze", "--lexicons", l, "--format", "csv", s]);
    let header = turns.lines().next().unwrap();
    assert!(header.split(',').any(|c| c == "sneer_count"), "{header}");
    let summary = text(&["analyze", "--lexicons", l, "--summary", "csv", s]);
    let header = summary.lines().next().unwrap();
    assert!(
        header.split(',').any(|c| c == "sneer_per_100_words"),
        "{header}"
    );

    // The report: its own colour rule, a legend entry, a card and marks.
    let page = text(&["report", "--lexicons", l, s]);
    assert!(page.contains(".d-sneer { background-color: #f1dcf7;"));
    let els = dom::parse(&page);
    let legend = els
        .iter()
        .find(|e| e.has_class("swatch") && e.has_class("d-sneer") && e.attr("data-tag").is_some())
        .expect("a legend entry");
    assert_eq!(legend.text, "sneering");
    assert!(page.contains("scoffing at the listener"));
    let marks: Vec<_> = els
        .iter()
        .filter(|e| e.name == "mark" && e.attr("data-detector") == Some("sneer"))
        .collect();
    assert_eq!(marks.len(), 2);
    assert!(marks.iter().all(|m| m.has_class("d-sneer")));
    assert!(els
        .iter()
        .any(|e| e.has_class("card") && e.has_class("g-sneer")));
}

#[test]
fn speakers_and_roles_work_in_every_command_that_writes_documents() {
    let work = tempfile::tempdir().unwrap();
    let session = session_file(work.path());
    let s = session.to_str().unwrap();
    let flags = ["--speaker", "Ben=Benjamin", "--role", "Benjamin=client"];
    let check = |doc: &Value| {
        assert_eq!(doc["roles"][0]["role"], "client", "{doc:#}");
        assert_eq!(doc["roles"][0]["speakers"][0], "Benjamin");
        assert_eq!(doc["turns"][1]["speaker"], "Benjamin");
    };
    let mut args = vec!["analyze", s];
    args.extend(flags);
    check(&json(&args));

    let out = work.path().join("out.jsonl");
    let mut args = vec!["batch", s, "--out", out.to_str().unwrap(), "--quiet"];
    args.extend(flags);
    let run = turnscope(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let line = std::fs::read_to_string(&out).unwrap();
    check(&serde_json::from_str(line.lines().next().unwrap()).unwrap());

    let packed = turnscope(&["pack", s]);
    assert!(packed.status.success());
    let mut args = vec!["stream"];
    args.extend(flags);
    let streamed = turnscope_stdin(&args, &packed.stdout);
    assert!(
        streamed.status.success(),
        "{}",
        String::from_utf8_lossy(&streamed.stderr)
    );
    check(&serde_json::from_slice(&streamed.stdout).unwrap());
}

#[test]
fn liwc_and_empath_dictionaries_load_and_find_without_taking_words_from_the_built_ins() {
    let lex = tempfile::tempdir().unwrap();
    std::fs::write(
        lex.path().join("mini.dic"),
        "%\n1\tpronoun\n2\tnegemo\n%\nyou\t1\nalways\t1\nhate*\t2\nfault\t2\n",
    )
    .unwrap();
    std::fs::write(lex.path().join("empath.tsv"), "money\tbills\tpay\tcash\n").unwrap();
    let work = tempfile::tempdir().unwrap();
    let session = session_file(work.path());
    let s = work.path().join("more.txt");
    std::fs::write(&s, "Ana: You always hate it. It's your fault.\n").unwrap();
    let l = lex.path().to_str().unwrap();
    let doc = json(&["analyze", "--lexicons", l, s.to_str().unwrap()]);
    let found: Vec<(String, String)> = doc["turns"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"].is_null() && f["negated"] == false)
        .map(|f| {
            (
                f["detector"].as_str().unwrap().to_string(),
                f["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [
        ("blame", "You always"),
        ("blame", "your fault"),
        ("pronoun", "You"),
        ("pronoun", "always"),
        ("negemo", "hate"),
        ("negemo", "fault"),
    ] {
        assert!(
            found.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} in {found:?}"
        );
    }
    let bills = json(&["analyze", "--lexicons", l, session.to_str().unwrap()]);
    let money: Vec<&Value> = bills["turns"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["detector"] == "money")
        .collect();
    assert_eq!(money.len(), 1);
    assert_eq!(money[0]["rule"], "empath:bills");

    // A malformed dictionary stops the run with its file and line.
    std::fs::write(lex.path().join("bad.dic"), "%\n1\tposemo\n%\nhappy\t9\n").unwrap();
    let out = turnscope(&["analyze", "--lexicons", l, session.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.dic:4:") && err.contains("category 9"),
        "{err}"
    );
}
