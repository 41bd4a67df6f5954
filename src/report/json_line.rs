//! A session document as one line of compact JSON, written by hand: the same bytes as
//! `serde_json::to_vec(&doc)`, in about half the instructions (BENCHMARKS.md, issue 16).
//!
//! serde_json escapes every string byte by byte, the fixed keys included; here the keys
//! are written as they are (they need no escaping), and a string is copied whole once a
//! scan in blocks finds nothing in it to escape. Strings that do need escaping, and every
//! number, are still written by serde_json, so their bytes cannot differ. The field
//! order and the fields left out follow the serde attributes of the types in
//! [`super::json`]; the tests compare the two writers on documents that hold every field.

use std::collections::BTreeMap;

use serde::Serialize;

use super::json::{
    AreaDoc, CueDoc, DetectorFigures, EpisodeDoc, EscalationDoc, EvidenceDoc, FindingDoc,
    ProblemAreasDoc, RoleDoc, SessionDoc, SpanDoc, SpeakerDoc, TimingDoc, TurnDoc,
};

impl SessionDoc {
    /// Appends the document to `out` as compact JSON (no newline): byte for byte what
    /// `serde_json::to_writer(out, self)` writes.
    pub fn write_compact(&self, out: &mut Vec<u8>) {
        let mut w = Writer { out };
        w.raw("{\"schema_version\":");
        w.str(&self.schema_version);
        w.raw(",\"tool\":{\"name\":");
        w.str(&self.tool.name);
        w.raw(",\"version\":");
        w.str(&self.tool.version);
        w.raw("},\"session\":{\"id\":");
        let s = &self.session;
        w.str(&s.id);
        if let Some(source) = &s.source {
            w.raw(",\"source\":");
            w.str(source);
        }
        if let Some(format) = &s.format {
            w.raw(",\"format\":");
            w.str(format);
        }
        w.raw(",\"turns\":");
        w.num(&s.turns);
        w.raw(",\"words\":");
        w.num(&s.words);
        w.raw("},\"detectors\":");
        w.list(&self.detectors, |w, d| w.str(d));
        w.raw(",\"speakers\":");
        w.list(&self.speakers, speaker);
        if !self.roles.is_empty() {
            w.raw(",\"roles\":");
            w.list(&self.roles, role);
        }
        w.raw(",\"turns\":");
        w.list(&self.turns, turn);
        w.raw(",\"escalation\":");
        escalation(&mut w, &self.escalation);
        if let Some(areas) = &self.problem_areas {
            w.raw(",\"problem_areas\":");
            problem_areas(&mut w, areas);
        }
        w.raw("}");
    }
}

/// The output, with the few ways of writing into it.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    /// JSON text as it is: punctuation and keys.
    fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    /// A string value, quoted and escaped as serde_json does.
    fn str(&mut self, s: &str) {
        if needs_escape(s.as_bytes()) {
            self.num(s);
        } else {
            self.out.reserve(s.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
        }
    }

    /// A number (or anything else) as serde_json writes it.
    fn num<T: Serialize + ?Sized>(&mut self, value: &T) {
        value
            .serialize(&mut serde_json::Serializer::new(&mut *self.out))
            .expect("writing JSON into memory does not fail");
    }

    /// A JSON array of `items`, each written by `item`.
    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.raw("[");
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            item(self, x);
        }
        self.raw("]");
    }

    /// A JSON object of `map`'s entries in key order, each value written by `value`.
    fn map<T>(&mut self, map: &BTreeMap<String, T>, mut value: impl FnMut(&mut Self, &T)) {
        self.raw("{");
        for (i, (k, v)) in map.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.str(k);
            self.raw(":");
            value(self, v);
        }
        self.raw("}");
    }
}

/// Whether serde_json would escape any byte of `bytes`: a control character, `"` or
/// `\`. Looked at eight bytes at a time, with the usual bit tricks for "some byte is
/// zero" and "some byte is below n" (exact as yes-or-no answers).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH != 0;
    let has = |x: u64, b: u8| below(x ^ (ONES * u64::from(b)), 1);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let x = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
        if below(x, 0x20) || has(x, b'"') || has(x, b'\\') {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// The figures a speaker and a role share, in their order, after the fields of their own
/// (`SpeakerDoc` and `RoleDoc` have them under the same names); closes the object.
macro_rules! group_figures {
    ($w:expr, $g:expr) => {{
        let (w, g) = ($w, $g);
        w.raw(",\"turns\":");
        w.num(&g.turns);
        w.raw(",\"words\":");
        w.num(&g.words);
        w.raw(",\"share\":");
        w.num(&g.share);
        w.raw(",\"mean_turn_words\":");
        w.num(&g.mean_turn_words);
        w.raw(",\"detectors\":");
        w.map(&g.detectors, detector_figures);
        if let Some(t) = &g.timing {
            w.raw(",\"timing\":");
            timing(w, t);
        }
        if !g.cues.is_empty() {
            w.raw(",\"cues\":");
            w.map(&g.cues, |w, n| w.num(n));
        }
        if let Some(areas) = &g.problem_areas {
            w.raw(",\"problem_areas\":");
            problem_areas(w, areas);
        }
        w.raw("}");
    }};
}

fn speaker(w: &mut Writer<'_>, s: &SpeakerDoc) {
    w.raw("{\"speaker\":");
    w.str(&s.speaker);
    if let Some(role) = &s.role {
        w.raw(",\"role\":");
        w.str(role);
    }
    group_figures!(w, s);
}

fn role(w: &mut Writer<'_>, r: &RoleDoc) {
    w.raw("{\"role\":");
    w.str(&r.role);
    w.raw(",\"speakers\":");
    w.list(&r.speakers, |w, s| w.str(s));
    group_figures!(w, r);
}

fn detector_figures(w: &mut Writer<'_>, f: &DetectorFigures) {
    w.raw("{\"count\":");
    w.num(&f.count);
    w.raw(",\"per_100_words\":");
    w.num(&f.per_100_words);
    w.raw("}");
}

fn timing(w: &mut Writer<'_>, t: &TimingDoc) {
    w.raw("{\"talk_time\":");
    w.num(&t.talk_time);
    w.raw(",\"talk_share\":");
    w.num(&t.talk_share);
    w.raw(",\"mean_turn_seconds\":");
    w.num(&t.mean_turn_seconds);
    if let Some(s) = &t.longest_silence {
        w.raw(",\"longest_silence\":");
        w.num(s);
    }
    w.raw(",\"interruptions\":");
    w.num(&t.interruptions);
    w.raw(",\"interrupted\":");
    w.num(&t.interrupted);
    w.raw(",\"timed_turns\":");
    w.num(&t.timed_turns);
    w.raw("}");
}

fn problem_areas(w: &mut Writer<'_>, p: &ProblemAreasDoc) {
    w.raw("{\"areas\":");
    w.list(&p.areas, area);
    if let Some(d) = &p.dominant {
        w.raw(",\"dominant\":");
        w.str(d);
    }
    w.raw(",\"min_turns\":");
    w.num(&p.min_turns);
    if !p.evidence.is_empty() {
        w.raw(",\"evidence\":");
        w.list(&p.evidence, evidence);
    }
    w.raw("}");
}

fn area(w: &mut Writer<'_>, a: &AreaDoc) {
    w.raw("{\"detector\":");
    w.str(&a.detector);
    w.raw(",\"turns\":");
    w.num(&a.turns);
    w.raw(",\"turn_share\":");
    w.num(&a.turn_share);
    w.raw(",\"words\":");
    w.num(&a.words);
    w.raw(",\"word_share\":");
    w.num(&a.word_share);
    w.raw(",\"findings\":");
    w.num(&a.findings);
    w.raw(",\"turn_indices\":");
    w.list(&a.turn_indices, |w, i| w.num(i));
    w.raw("}");
}

fn evidence(w: &mut Writer<'_>, e: &EvidenceDoc) {
    w.raw("{\"turn\":");
    w.num(&e.turn);
    w.raw(",\"finding\":");
    w.num(&e.finding);
    w.raw(",\"category\":");
    w.str(&e.category);
    w.raw(",\"rule\":");
    w.str(&e.rule);
    w.raw(",\"matched\":");
    w.str(&e.matched);
    w.raw("}");
}

fn turn(w: &mut Writer<'_>, t: &TurnDoc) {
    w.raw("{\"index\":");
    w.num(&t.index);
    if let Some(id) = &t.id {
        w.raw(",\"id\":");
        w.str(id);
    }
    w.raw(",\"speaker\":");
    w.str(&t.speaker);
    if let Some(role) = &t.role {
        w.raw(",\"role\":");
        w.str(role);
    }
    w.raw(",\"text\":");
    w.str(&t.text);
    for (key, value) in [
        (",\"start\":", t.start),
        (",\"end\":", t.end),
        (",\"pause\":", t.pause),
        (",\"overlap\":", t.overlap),
    ] {
        if let Some(x) = value {
            w.raw(key);
            w.num(&x);
        }
    }
    if t.interrupts {
        w.raw(",\"interrupts\":true");
    }
    if !t.cues.is_empty() {
        w.raw(",\"cues\":");
        w.list(&t.cues, cue);
    }
    w.raw(",\"words\":");
    w.num(&t.words);
    w.raw(",\"hostility\":");
    w.num(&t.hostility);
    w.raw(",\"escalation\":");
    w.num(&t.escalation);
    w.raw(",\"findings\":");
    w.list(&t.findings, finding);
    w.raw("}");
}

fn span(w: &mut Writer<'_>, s: &SpanDoc) {
    w.raw("{\"start\":");
    w.num(&s.start);
    w.raw(",\"end\":");
    w.num(&s.end);
    w.raw("}");
}

fn cue(w: &mut Writer<'_>, c: &CueDoc) {
    w.raw("{\"kind\":");
    w.str(&c.kind);
    w.raw(",\"matched\":");
    w.str(&c.matched);
    w.raw(",\"span\":");
    span(w, &c.span);
    w.raw(",\"char_span\":");
    span(w, &c.char_span);
    w.raw("}");
}

fn finding(w: &mut Writer<'_>, f: &FindingDoc) {
    w.raw("{\"detector\":");
    w.str(&f.detector);
    w.raw(",\"category\":");
    w.str(&f.category);
    w.raw(",\"rule\":");
    w.str(&f.rule);
    w.raw(",\"matched\":");
    w.str(&f.matched);
    w.raw(",\"span\":");
    span(w, &f.span);
    w.raw(",\"char_span\":");
    span(w, &f.char_span);
    w.raw(if f.negated {
        ",\"negated\":true"
    } else {
        ",\"negated\":false"
    });
    w.raw(",\"weight\":");
    w.num(&f.weight);
    w.raw(",\"intensity\":");
    w.num(&f.intensity);
    if let Some(s) = &f.suppressed {
        w.raw(",\"suppressed\":");
        w.str(s);
    }
    w.raw("}");
}

fn escalation(w: &mut Writer<'_>, e: &EscalationDoc) {
    w.raw("{\"score\":");
    w.num(&e.score);
    w.raw(",\"curve\":");
    w.list(&e.curve, |w, x| w.num(x));
    w.raw(",\"episodes\":");
    w.list(&e.episodes, episode);
    w.raw("}");
}

fn episode(w: &mut Writer<'_>, e: &EpisodeDoc) {
    w.raw("{\"first\":");
    w.num(&e.first);
    w.raw(",\"peak\":");
    w.num(&e.peak);
    w.raw(",\"last\":");
    w.num(&e.last);
    w.raw(",\"speakers\":");
    w.list(&e.speakers, |w, s| w.str(s));
    w.raw(",\"intensity\":");
    w.num(&e.intensity);
    w.raw(",\"reciprocal\":");
    w.num(&e.reciprocal);
    w.raw(",\"interruptions\":");
    w.num(&e.interruptions);
    w.raw("}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::json::{session_document_with_roles, OutputOptions, SourceInfo};
    use crate::speakers::SpeakerMap;
    use crate::transcript::{parse, Format};
    use crate::Engine;

    fn same_as_serde(doc: &SessionDoc) {
        let mut ours = Vec::new();
        doc.write_compact(&mut ours);
        let theirs = serde_json::to_vec(doc).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    /// Documents of transcripts with times, cues, problem areas and ids, with and
    /// without roles and `--explain`.
    fn documents() -> Vec<SessionDoc> {
        let inputs = [
            ("fight.vtt", include_str!("../../examples/fight.vtt")),
            ("calm.srt", include_str!("../../examples/calm.srt")),
            (
                "couple-session.txt",
                include_str!("../../examples/couple-session.txt"),
            ),
            (
                "support-chats.jsonl",
                include_str!("../../examples/support-chats.jsonl"),
            ),
            (
                "sessions.jsonl",
                include_str!("../../examples/sessions.jsonl"),
            ),
            (
                "fight-overlapping.vtt",
                include_str!("../../tests/fixtures/cues/fight-overlapping.vtt"),
            ),
            (
                "stonewall.vtt",
                include_str!("../../tests/fixtures/cues/stonewall.vtt"),
            ),
            (
                "mixed-1.txt",
                include_str!("../../tests/fixtures/problem-areas/mixed-1.txt"),
            ),
            (
                "grief-1.txt",
                include_str!("../../tests/fixtures/problem-areas/grief-1.txt"),
            ),
        ];
        let engine = Engine::new();
        let mut docs = Vec::new();
        for (name, text) in inputs {
            for transcript in parse(Format::detect(Some(name), text), name, text).unwrap() {
                let analysis = engine.analyze(&transcript);
                let mut roles = SpeakerMap::new();
                for (i, t) in transcript.turns.iter().enumerate() {
                    roles.role(
                        t.speaker.clone(),
                        if i % 2 == 0 { "client" } else { "therapist" },
                    );
                }
                for (explain, roles) in [(false, SpeakerMap::new()), (true, roles)] {
                    let source = SourceInfo {
                        source: Some(name),
                        format: Some("plain"),
                    };
                    let options = OutputOptions { explain };
                    docs.push(session_document_with_roles(
                        &transcript,
                        &analysis,
                        source,
                        options,
                        &roles,
                    ));
                }
            }
        }
        docs
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let docs = documents();
        assert!(docs.iter().any(|d| !d.roles.is_empty()));
        assert!(docs.iter().any(|d| !d.escalation.episodes.is_empty()));
        assert!(docs.iter().any(|d| d.problem_areas.is_some()));
        assert!(docs
            .iter()
            .any(|d| d.turns.iter().any(|t| !t.cues.is_empty())));
        assert!(docs
            .iter()
            .any(|d| d.speakers.iter().any(|s| s.timing.is_some())));
        assert!(docs.iter().any(|d| d
            .turns
            .iter()
            .any(|t| t.findings.iter().any(|f| f.suppressed.is_some()))));
        for d in &docs {
            same_as_serde(d);
        }
    }

    #[test]
    fn escapes_and_odd_numbers_as_serde_json_does() {
        let mut doc = documents().swap_remove(1);
        doc.session.id = "a \"quoted\" id\twith\u{1} control \\ and é".into();
        doc.session.source = None;
        for (i, t) in doc.turns.iter_mut().enumerate() {
            t.text = format!(
                "{}{}",
                "x".repeat(i % 17),
                "line\nbreak \u{7f} \u{1f} \"end\""
            );
            t.id = Some(format!("u{i}"));
            t.start = Some(f64::NAN);
            t.end = Some(1e21);
            t.pause = Some(-0.0);
            t.overlap = Some(f64::INFINITY);
            t.interrupts = i % 2 == 0;
            t.hostility = f32::NAN;
            t.escalation = 1.0e-7;
        }
        for s in &mut doc.speakers {
            s.cues.insert("sigh\"".into(), 2);
            s.share = f32::NEG_INFINITY;
        }
        same_as_serde(&doc);
        for n in 0..40 {
            for special in ["\"", "\\", "\n", "\u{0}", "\u{1f}"] {
                let s = format!("{}{special}{}", "a".repeat(n), "b".repeat(n % 5));
                assert!(needs_escape(s.as_bytes()), "{s:?}");
                let mut w = Vec::new();
                Writer { out: &mut w }.str(&s);
                assert_eq!(w, serde_json::to_vec(&s).unwrap());
            }
            assert!(!needs_escape("é ~\u{7f}".repeat(n).as_bytes()));
        }
    }

    #[test]
    fn finds_every_byte_that_needs_escaping_wherever_it_is() {
        for b in 0..=255u8 {
            for len in 1..20 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let naive = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(needs_escape(&bytes), naive, "{b} at {at} of {len}");
                }
            }
        }
    }
}
