//! The JSON output contract: every document parses back into the wire types, which
//! reject unknown fields, and its spans point at exactly the matched text.

use turnscope::report::json::{ProblemAreasDoc, SessionDoc};

use crate::{example, turnscope};

fn docs(args: &[&str]) -> Vec<SessionDoc> {
    let out = turnscope(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<SessionDoc>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn every_example_parses_back_with_deny_unknown_fields() {
    for (file, sessions) in [
        ("couple-session.txt", 1),
        ("fight.vtt", 1),
        ("calm.srt", 1),
        ("support-chats.jsonl", 2),
        ("sessions.jsonl", 3),
    ] {
        let path = example(file);
        let docs = docs(&["analyze", "--format", "jsonl", path.to_str().unwrap()]);
        assert_eq!(docs.len(), sessions, "{file}");
        for d in &docs {
            assert_eq!(d.schema_version, turnscope::report::SCHEMA_VERSION);
            assert_eq!(d.turns.len(), d.session.turns);
            assert_eq!(d.escalation.curve.len(), d.turns.len());
            for t in &d.turns {
                for f in &t.findings {
                    assert_eq!(
                        &t.text[f.span.start..f.span.end],
                        f.matched,
                        "{file} byte span"
                    );
                    let chars: String = t
                        .text
                        .chars()
                        .skip(f.char_span.start)
                        .take(f.char_span.end - f.char_span.start)
                        .collect();
                    assert_eq!(chars, f.matched, "{file} char span");
                }
            }
            let share: f32 = d.speakers.iter().map(|s| s.share).sum();
            assert!((share - 1.0).abs() < 0.01, "{file}: shares sum to {share}");
        }
    }
}

#[test]
fn pretty_json_is_one_document_or_an_array() {
    let one = turnscope(&["analyze", example("calm.srt").to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert!(v.is_object());
    serde_json::from_value::<SessionDoc>(v).unwrap();
    let two = turnscope(&["analyze", example("support-chats.jsonl").to_str().unwrap()]);
    let v: Vec<SessionDoc> = serde_json::from_slice(&two.stdout).unwrap();
    assert_eq!(v.len(), 2);
}

#[test]
fn char_spans_differ_from_byte_spans_after_multibyte_text() {
    let out = crate::turnscope_stdin(
        &["analyze", "--format", "jsonl", "--input-format", "plain"],
        "Zoë: Café first — then: it’s YOUR fault we’re late.\nLéa: Okay.\n".as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: SessionDoc = serde_json::from_slice(&out.stdout).unwrap();
    let f = d.turns[0]
        .findings
        .iter()
        .find(|f| f.detector == "blame")
        .expect("a blame finding");
    assert_eq!(f.matched, "YOUR fault");
    assert!(
        f.span.start > f.char_span.start,
        "{:?} vs {:?}",
        f.span,
        f.char_span
    );
    assert_eq!(f.char_span.end - f.char_span.start, "YOUR fault".len());
    assert!(
        f.intensity > 1.0,
        "ALL CAPS raises intensity: {}",
        f.intensity
    );
}

/// Checks one set of turns' `problem_areas` against the document's findings: every area's
/// turns are exactly those with a counted finding of it, the shares and words add up, the
/// dominant area has the most turns (then words) and at least `min_turns`, and each piece
/// of evidence is a counted finding of it in the document.
fn check_areas(d: &SessionDoc, pa: &ProblemAreasDoc, turns: &[usize], what: &str) {
    let counted = |f: &turnscope::report::json::FindingDoc| !f.negated && f.suppressed.is_none();
    let words: usize = turns.iter().map(|&k| d.turns[k].words).sum();
    // An area not listed is spoken of in none of the turns; a listed one in some.
    let order = ["grief", "role_transition", "dispute", "deficit"];
    for name in order {
        let spoken = turns.iter().any(|&k| {
            d.turns[k]
                .findings
                .iter()
                .any(|f| counted(f) && f.detector == name)
        });
        assert_eq!(
            pa.areas.iter().any(|a| a.detector == name),
            spoken,
            "{what}: {name}"
        );
    }
    let listed: Vec<usize> = pa
        .areas
        .iter()
        .map(|a| order.iter().position(|o| *o == a.detector).unwrap())
        .collect();
    assert!(listed.windows(2).all(|w| w[0] < w[1]), "{what}: in order");
    for a in &pa.areas {
        assert!(d.detectors.contains(&a.detector), "{what}: {}", a.detector);
        let spoken: Vec<usize> = turns
            .iter()
            .copied()
            .filter(|&k| {
                d.turns[k]
                    .findings
                    .iter()
                    .any(|f| counted(f) && f.detector == a.detector)
            })
            .collect();
        assert_eq!(a.turn_indices, spoken, "{what}: {}", a.detector);
        assert_eq!(a.turns, spoken.len());
        let findings: usize = turns
            .iter()
            .flat_map(|&k| &d.turns[k].findings)
            .filter(|f| counted(f) && f.detector == a.detector)
            .count();
        assert_eq!(a.findings, findings, "{what}: {}", a.detector);
        let area_words: usize = spoken.iter().map(|&k| d.turns[k].words).sum();
        assert_eq!(a.words, area_words);
        let share = |p: usize, w: usize| {
            if w == 0 {
                0.0
            } else {
                ((p as f32 / w as f32) * 1000.0).round() / 1000.0
            }
        };
        assert_eq!(a.turn_share, share(spoken.len(), turns.len()), "{what}");
        assert_eq!(a.word_share, share(area_words, words), "{what}");
    }
    let best = pa
        .areas
        .iter()
        .filter(|a| a.turns >= pa.min_turns)
        .map(|a| (a.turns, a.words))
        .max();
    match &pa.dominant {
        None => assert!(best.is_none() && pa.evidence.is_empty(), "{what}"),
        Some(name) => {
            let dom = pa.areas.iter().find(|a| &a.detector == name).unwrap();
            assert_eq!(
                Some((dom.turns, dom.words)),
                best,
                "{what}: the most turns, then words"
            );
            assert_eq!(pa.evidence.len(), dom.findings, "{what}");
            for e in &pa.evidence {
                let f = &d.turns[e.turn].findings[e.finding];
                assert!(counted(f) && &f.detector == name, "{what}: {e:?}");
                assert_eq!((&f.rule, &f.matched), (&e.rule, &e.matched));
                assert!(dom.turn_indices.contains(&e.turn));
            }
        }
    }
}

#[test]
fn problem_areas_agree_with_the_findings_for_the_session_speakers_and_roles() {
    let dir = crate::root().join("tests/fixtures/problem-areas");
    let files: Vec<String> = ["grief-1.txt", "mixed-3.txt", "dispute-2.txt", "none-1.txt"]
        .iter()
        .map(|f| dir.join(f).to_str().unwrap().to_string())
        .collect();
    for explain in [false, true] {
        let mut args = vec![
            "analyze",
            "--format",
            "jsonl",
            "--role",
            "Therapist=therapist",
        ];
        if explain {
            args.push("--explain");
        }
        args.extend(files.iter().map(String::as_str));
        let docs = docs(&args);
        assert_eq!(docs.len(), files.len());
        let mut dominant = Vec::new();
        for d in &docs {
            let pa = d
                .problem_areas
                .as_ref()
                .expect("the built-in topic detectors");
            let all: Vec<usize> = (0..d.turns.len()).collect();
            check_areas(d, pa, &all, &d.session.id);
            for s in &d.speakers {
                let theirs: Vec<usize> = all
                    .iter()
                    .copied()
                    .filter(|&k| d.turns[k].speaker == s.speaker)
                    .collect();
                let spa = s.problem_areas.as_ref().expect("per speaker");
                check_areas(d, spa, &theirs, &s.speaker);
            }
            let therapist = d.roles.iter().find(|r| r.role == "therapist").unwrap();
            let theirs: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&k| d.turns[k].speaker == "Therapist")
                .collect();
            check_areas(
                d,
                therapist.problem_areas.as_ref().unwrap(),
                &theirs,
                "role",
            );
            dominant.push(pa.dominant.clone());
        }
        assert_eq!(dominant[0].as_deref(), Some("grief"));
        assert_eq!(
            dominant[3], None,
            "a session about sleep has no problem area"
        );
    }
}

#[test]
fn problem_areas_are_absent_without_topic_detectors() {
    use turnscope::lexicon::{LexiconSet, Role};
    use turnscope::report::{session_document, OutputOptions, SourceInfo};
    let mut set = LexiconSet::builtin();
    set.files.retain(|_, f| f.role != Some(Role::Topic));
    let engine = turnscope::Engine::from_lexicons(set).unwrap();
    let t = turnscope::Transcript::new(
        "s",
        vec![turnscope::Turn {
            speaker: "A".into(),
            text: "My mother died and the funeral was last week.".into(),
            ..turnscope::Turn::default()
        }],
    );
    let doc = session_document(
        &t,
        &engine.analyze(&t),
        SourceInfo::default(),
        OutputOptions::default(),
    );
    assert!(doc.problem_areas.is_none() && doc.speakers[0].problem_areas.is_none());
    let json = serde_json::to_string(&doc).unwrap();
    assert!(!json.contains("problem_areas"), "{json}");
    // With them, the same turn speaks of grief (one turn: no dominant area).
    let with = turnscope::Engine::new();
    let doc = session_document(
        &t,
        &with.analyze(&t),
        SourceInfo::default(),
        OutputOptions::default(),
    );
    let pa = doc.problem_areas.unwrap();
    assert_eq!(pa.areas.len(), 1, "only the areas spoken of");
    assert_eq!(
        (pa.areas[0].detector.as_str(), pa.areas[0].turns),
        ("grief", 1)
    );
    assert_eq!(pa.dominant, None);
}
