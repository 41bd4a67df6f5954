//! `turnscope agree`: figures and disagreements against human codes.

use serde_json::Value;

use crate::{example, turnscope};

#[test]
fn agree_reports_figures_and_disagreements_from_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    let codes = dir.path().join("codes.csv");
    // c1-1 and c1-3 validate; c2-1 refuses; c1-0 is self-blame, not blame; c1-2 is coded
    // as validation to make one disagreement on purpose.
    std::fs::write(
        &codes,
        "turn,detector,value\nc1-1,validation,1\nc1-3,validation,1\nc1-2,validation,1\nc2-1,validation,0\n\
         c2-1,avoidance,1\nc1-0,blame,0\nnot-a-turn,blame,1\n",
    )
    .unwrap();
    let chats = example("support-chats.jsonl");
    let out = turnscope(&[
        "agree",
        chats.to_str().unwrap(),
        "--codes",
        codes.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fig = |d: &str| {
        r["detectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["detector"] == d)
            .unwrap()
            .clone()
    };
    let v = fig("validation");
    assert_eq!(
        (
            v["tp"].as_u64(),
            v["fp"].as_u64(),
            v["fn"].as_u64(),
            v["tn"].as_u64()
        ),
        (Some(2), Some(0), Some(1), Some(1))
    );
    assert_eq!(fig("avoidance")["tp"], 1);
    assert_eq!(fig("blame")["tn"], 1);
    assert_eq!(r["unmatched_codes"], 1);
    let dis = r["disagreements"].as_array().unwrap();
    assert_eq!(dis.len(), 1);
    assert_eq!(dis[0]["turn"], "c1-2");
    assert_eq!(dis[0]["human"], true);

    let table = turnscope(&[
        "agree",
        chats.to_str().unwrap(),
        "--codes",
        codes.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("kappa"), "{text}");
    assert!(text.contains("[validation] c1-2 human only"), "{text}");
}

#[test]
fn agree_reads_convokit_meta_and_names_bad_codes() {
    let dir = tempfile::tempdir().unwrap();
    let utts = dir.path().join("u.jsonl");
    std::fs::write(
        &utts,
        "{\"id\": \"a\", \"conversation_id\": \"c\", \"speaker\": \"t\", \"text\": \"It sounds like you felt alone.\", \"meta\": {\"code\": \"reflection\"}}\n\
         {\"id\": \"b\", \"conversation_id\": \"c\", \"speaker\": \"t\", \"text\": \"How many drinks a week?\", \"meta\": {\"code\": \"question\"}}\n",
    )
    .unwrap();
    let out = turnscope(&[
        "agree",
        utts.to_str().unwrap(),
        "--meta",
        "code=reflection:validation",
        "-f",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["detectors"][0]["kappa"], 1.0);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "turn,detector,value\na,validation,perhaps\n").unwrap();
    let out = turnscope(&[
        "agree",
        utts.to_str().unwrap(),
        "--codes",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv:2: value \"perhaps\""), "{err}");
}
