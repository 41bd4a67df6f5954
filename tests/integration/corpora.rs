//! The labelled corpora beside the project (`../shared/corpora`), where present: every
//! corpus reads without error and gives one session per labelled conversation.

use std::path::PathBuf;

use crate::{root, turnscope};

fn corpora() -> Option<PathBuf> {
    let dir = root().join("../shared/corpora");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/corpora is absent (it is not part of the repository)");
        None
    }
}

#[test]
fn every_corpus_reads_into_its_conversations() {
    let Some(dir) = corpora() else { return };
    for name in ["annomi", "esconv", "qevasion", "toxichat"] {
        let utts = dir.join(name).join("utterances.jsonl");
        if !utts.exists() {
            println!("skipped {name}: not present");
            continue;
        }
        let convs: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            &std::fs::read_to_string(dir.join(name).join("conversations.json")).unwrap(),
        )
        .unwrap();
        let out = turnscope(&[
            "analyze",
            "--input-format",
            "convokit",
            "--format",
            "jsonl",
            utts.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let n = String::from_utf8_lossy(&out.stdout).lines().count();
        assert_eq!(n, convs.len(), "{name}: one session per conversation");
    }
}
