//! Sessions at scale, checked for what they give (never for how long they take: the
//! growth is measured in `benches/scale.rs`): a session of thousands of speakers, in
//! the formats that name speakers in a list of their own, and one long turn dense with
//! findings, whose character spans are counted from the turn's start.

use turnscope::report::json::session_document_with_roles;
use turnscope::report::{session_document, OutputOptions, SourceInfo};
use turnscope::speakers::SpeakerMap;
use turnscope::transcript::{parse, Format};
use turnscope::{Engine, Transcript, Turn};

const SPEAKERS: usize = 20_000;

fn crowd() -> Transcript {
    let turns = (0..SPEAKERS)
        .map(|i| Turn {
            speaker: format!("speaker {i}"),
            text: "It's your fault, you idiot! You never listen!".into(),
            start: Some(i as f64 * 2.0),
            end: Some(i as f64 * 2.0 + 2.5),
            id: None,
        })
        .collect();
    Transcript::new("crowd", turns)
}

#[test]
fn a_session_of_twenty_thousand_speakers_counts_each_once() {
    let t = crowd();
    let engine = Engine::new();
    let a = engine.analyze(&t);
    let mut roles = SpeakerMap::new();
    roles.rename("speaker 1", "Therapist");
    roles.role("Therapist", "therapist");
    roles.role("speaker 2", "client");
    let doc = session_document_with_roles(
        &t,
        &a,
        SourceInfo::default(),
        OutputOptions::default(),
        &roles,
    );
    assert_eq!(doc.speakers.len(), SPEAKERS);
    for (i, s) in doc.speakers.iter().enumerate() {
        assert_eq!(s.speaker, format!("speaker {i}"));
        assert_eq!((s.turns, s.words), (1, 8), "{}", s.speaker);
        let timing = s.timing.as_ref().unwrap();
        assert_eq!(timing.timed_turns, 1);
        // Every turn but the first cuts in on the one before (0.5 s of overlap).
        assert_eq!(timing.interruptions, usize::from(i > 0), "{}", s.speaker);
        assert_eq!(
            timing.interrupted,
            usize::from(i + 1 < SPEAKERS),
            "{}",
            s.speaker
        );
    }
    // A hostile turn answering a hostile turn, twenty thousand times: one long episode,
    // every speaker in it once, in order.
    let episode = doc
        .escalation
        .episodes
        .iter()
        .max_by_key(|e| e.last - e.first)
        .unwrap();
    let want: Vec<String> = (episode.first..=episode.last)
        .map(|i| format!("speaker {i}"))
        .collect();
    assert!(episode.last - episode.first > SPEAKERS / 2, "{episode:?}");
    assert_eq!(episode.speakers, want);
    // Roles: by a speaker's name, and by the label renamed to it.
    let role_of = |i: usize| doc.turns[i].role.as_deref();
    assert_eq!(role_of(2), Some("client"));
    assert_eq!(role_of(3), None);
    let mut renamed = t.clone();
    roles.apply(&mut renamed);
    assert_eq!(renamed.turns[1].speaker, "Therapist");
    assert_eq!(roles.role_of("Therapist"), Some("therapist"));
    assert_eq!(doc.roles.len(), 1, "speaker 1 keeps its label in `t`");
}

#[test]
fn chat_files_with_thousands_of_participants_name_every_speaker() {
    let n = 5_000;
    let mut text = String::from("@Begin\n@Participants:\t");
    let codes: Vec<String> = (0..n).map(|i| format!("P{i}")).collect();
    let list: Vec<String> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} Person_{i} Participant"))
        .collect();
    text.push_str(&list.join(", "));
    text.push('\n');
    for c in codes.iter().rev() {
        text.push_str(&format!("*{c}:\thello there .\n"));
    }
    text.push_str("@End\n");
    let sessions = parse(Format::Chat, "many.cha", &text).unwrap();
    let names: Vec<&str> = sessions[0]
        .turns
        .iter()
        .map(|t| t.speaker.as_str())
        .collect();
    let want: Vec<String> = (0..n).rev().map(|i| format!("Person {i}")).collect();
    assert_eq!(names, want);
}

#[test]
fn aws_words_find_their_speaker_segment_among_thousands() {
    let n = 3_000;
    let mut items = Vec::new();
    let mut segments = Vec::new();
    for i in 0..n {
        let (s, e) = (i as f64, i as f64 + 0.9);
        items.push(format!(
            r#"{{"type": "pronunciation", "start_time": "{s}", "end_time": "{e}", "alternatives": [{{"content": "word{i}"}}]}}"#
        ));
        segments.push(format!(
            r#"{{"start_time": "{s}", "end_time": "{e}", "speaker_label": "spk_{}", "items": []}}"#,
            i % 7
        ));
    }
    let json = format!(
        r#"{{"results": {{"items": [{}], "speaker_labels": {{"speakers": 7, "segments": [{}]}}}}}}"#,
        items.join(","),
        segments.join(",")
    );
    let t = &parse(Format::Aws, "many.json", &json).unwrap()[0];
    assert_eq!(t.turns.len(), n);
    for (i, turn) in t.turns.iter().enumerate() {
        assert_eq!(turn.speaker, format!("spk_{}", i % 7));
        assert_eq!(turn.text, format!("word{i}"));
    }
}

#[test]
fn a_long_turn_dense_with_findings_gives_every_character_span() {
    let unit = "Tú never listen… [sighs] It’s all your fault, you idiot!\n(pause) Whatever...\n";
    let t = Transcript::new(
        "long",
        vec![
            Turn {
                speaker: "A".into(),
                text: "Why did you do that?".into(),
                ..Turn::default()
            },
            Turn {
                speaker: "B".into(),
                text: unit.repeat(2_000),
                ..Turn::default()
            },
        ],
    );
    let engine = Engine::new();
    let a = engine.analyze(&t);
    let doc = session_document(
        &t,
        &a,
        SourceInfo::default(),
        OutputOptions { explain: true },
    );
    let turn = &doc.turns[1];
    assert!(turn.findings.len() >= 4_000, "{}", turn.findings.len());
    assert!(turn.cues.len() >= 6_000, "{}", turn.cues.len());
    // Each byte offset's character offset, counted once.
    let mut table = vec![0; turn.text.len() + 1];
    for (n, (i, c)) in turn.text.char_indices().enumerate() {
        table[i..i + c.len_utf8()].fill(n);
        table[i + c.len_utf8()] = n + 1;
    }
    let chars = |byte: usize| table[byte];
    for f in &turn.findings {
        assert_eq!(f.char_span.start, chars(f.span.start), "{f:?}");
        assert_eq!(f.char_span.end, chars(f.span.end), "{f:?}");
        assert_eq!(f.matched, turn.text[f.span.start..f.span.end]);
    }
    for c in &turn.cues {
        assert_eq!(c.char_span.start, chars(c.span.start), "{c:?}");
        assert_eq!(c.char_span.end, chars(c.span.end), "{c:?}");
    }
}
