//! The JSON output contract: every document parses back into the wire types, which
//! reject unknown fields, and its spans point at exactly the matched text.

use turnscope::report::json::SessionDoc;

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
