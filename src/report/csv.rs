//! The CSV tables: one row per turn ([`TurnTable`]) and one row per session and speaker
//! ([`SummaryTable`]). RFC 4180: comma-separated, `\r\n` line ends, a field quoted (with
//! `""` for a quote inside it) when it holds a comma, a quote or a line end; the first
//! record is the header.
//!
//! Both writers stream: the header is written from the detector names given up front
//! (the engine's, [`Engine::detectors`](crate::Engine::detectors)), and each
//! [`SessionDoc`] is written as it comes, so a long batch never has to be held in memory.
//! They read the wire types only.
//!
//! # The turn table
//!
//! | column | value |
//! |---|---|
//! | `session` | the session id |
//! | `source` | the file it was read from (empty where unknown) |
//! | `index` | the turn's position, from 0 (as in the JSON) |
//! | `id` | the source's id for the turn (ConvoKit utterance id), or empty |
//! | `speaker` | who spoke |
//! | `start`, `end` | seconds, or empty where the source gives no times |
//! | `words` | words in the turn |
//! | `<detector>_count` | counted findings of each detector, in the header's order |
//! | `hostility` | the turn's hostility level, 0 to 1 |
//! | `escalation` | the escalation curve at this turn, 0 to 1 |
//! | `matched` | the counted findings as `detector:matched text`, joined by `; `, in the order of the JSON |
//!
//! # The summary table
//!
//! | column | value |
//! |---|---|
//! | `session`, `source` | as above |
//! | `speaker`, `turns`, `words` | the speaker's figures |
//! | `share` | the speaker's share of the session's words, 0 to 1 |
//! | `<detector>_count`, `<detector>_per_100_words` | counted findings of each detector, and their rate |
//! | `escalation_score` | the session's score, 0 to 1 (the same on each of its rows) |
//! | `episodes` | the session's number of escalation episodes (the same on each of its rows) |
//! | `<area>_turn_share`, `<area>_word_share` | per problem area (each `topic` detector, with [`SummaryTable::with_areas`]): the share of the speaker's turns that speak of it, and of their words in those turns, 0 to 1 |
//! | `dominant_area` | the speaker's dominant problem area, or empty when none (see [`crate::areas`]) |
//! | `session_dominant_area` | the session's dominant problem area, or empty (the same on each of its rows) |
//!
//! The problem-area columns are there when the table is made with
//! [`SummaryTable::with_areas`] (as `turnscope analyze --summary csv` does, with the
//! engine's `topic` detectors), after all the others.
//!
//! ```
//! use turnscope::{Engine, report::{session_document, OutputOptions, SourceInfo, csv::TurnTable}};
//! use turnscope::transcript::{parse, Format};
//!
//! let t = &parse(Format::Plain, "s.txt", "A: You never listen, \"ever\".\nB: I hear you.\n").unwrap()[0];
//! let engine = Engine::new();
//! let doc = session_document(t, &engine.analyze(t), SourceInfo::default(), OutputOptions::default());
//! let mut table = TurnTable::new(Vec::new(), engine.detectors()).unwrap();
//! table.write_session(&doc).unwrap();
//! let csv = String::from_utf8(table.finish().unwrap()).unwrap();
//! assert!(csv.starts_with("session,source,index,id,speaker,start,end,words,"));
//! assert_eq!(csv.lines().count(), 3); // header and two turns
//! ```

use std::io::Write;

use super::json::{FindingDoc, ProblemAreasDoc, SessionDoc};

/// Counted findings: not negated and not set aside by a context rule.
fn counts(f: &FindingDoc) -> bool {
    !f.negated && f.suppressed.is_none()
}

/// A table's writer (RFC 4180 line ends) with its header written.
fn start_table<W: Write>(out: W, header: Vec<String>) -> csv::Result<csv::Writer<W>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    out.write_record(header)?;
    Ok(out)
}

/// Flushes a table and hands back the writer.
fn finish_table<W: Write>(out: csv::Writer<W>) -> csv::Result<W> {
    out.into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

fn opt_seconds(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// The header of the turn table for these detectors.
pub fn turn_header(detectors: &[String]) -> Vec<String> {
    let mut h: Vec<String> = [
        "session", "source", "index", "id", "speaker", "start", "end", "words",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(detectors.iter().map(|d| format!("{d}_count")));
    h.extend(["hostility", "escalation", "matched"].map(String::from));
    h
}

/// The header of the summary table for these detectors, and these problem areas (`topic`
/// detectors; none for no problem-area columns).
pub fn summary_header_with_areas(detectors: &[String], areas: &[String]) -> Vec<String> {
    let mut h = summary_header(detectors);
    if !areas.is_empty() {
        for a in areas {
            h.push(format!("{a}_turn_share"));
            h.push(format!("{a}_word_share"));
        }
        h.extend(["dominant_area", "session_dominant_area"].map(String::from));
    }
    h
}

/// The header of the summary table for these detectors.
pub fn summary_header(detectors: &[String]) -> Vec<String> {
    let mut h: Vec<String> = ["session", "source", "speaker", "turns", "words", "share"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for d in detectors {
        h.push(format!("{d}_count"));
        h.push(format!("{d}_per_100_words"));
    }
    h.extend(["escalation_score", "episodes"].map(String::from));
    h
}

/// Writes the turn table: one row per turn of each session written.
///
/// Columns for detectors not in the header are left out; a detector of the header that a
/// document did not run counts 0.
#[derive(Debug)]
pub struct TurnTable<W: Write> {
    out: csv::Writer<W>,
    detectors: Vec<String>,
}

impl<W: Write> TurnTable<W> {
    /// Starts a table with one count column per detector (use the engine's detector list)
    /// and writes its header.
    pub fn new(out: W, detectors: &[String]) -> csv::Result<Self> {
        Ok(TurnTable {
            out: start_table(out, turn_header(detectors))?,
            detectors: detectors.to_vec(),
        })
    }

    /// Writes one row per turn of `doc`.
    pub fn write_session(&mut self, doc: &SessionDoc) -> csv::Result<()> {
        let source = doc.session.source.clone().unwrap_or_default();
        for turn in &doc.turns {
            let mut row = vec![
                doc.session.id.clone(),
                source.clone(),
                turn.index.to_string(),
                turn.id.clone().unwrap_or_default(),
                turn.speaker.clone(),
                opt_seconds(turn.start),
                opt_seconds(turn.end),
                turn.words.to_string(),
            ];
            for d in &self.detectors {
                let n = turn
                    .findings
                    .iter()
                    .filter(|f| counts(f) && &f.detector == d)
                    .count();
                row.push(n.to_string());
            }
            row.push(turn.hostility.to_string());
            row.push(turn.escalation.to_string());
            let matched: Vec<String> = turn
                .findings
                .iter()
                .filter(|f| counts(f))
                .map(|f| format!("{}:{}", f.detector, f.matched))
                .collect();
            row.push(matched.join("; "));
            self.out.write_record(&row)?;
        }
        Ok(())
    }

    /// Flushes the table and hands back the writer.
    pub fn finish(self) -> csv::Result<W> {
        finish_table(self.out)
    }
}

/// Writes the summary table: one row per speaker of each session written.
#[derive(Debug)]
pub struct SummaryTable<W: Write> {
    out: csv::Writer<W>,
    detectors: Vec<String>,
    areas: Vec<String>,
}

impl<W: Write> SummaryTable<W> {
    /// Starts a table with count and rate columns per detector and writes its header.
    pub fn new(out: W, detectors: &[String]) -> csv::Result<Self> {
        SummaryTable::with_areas(out, detectors, &[])
    }

    /// Starts a table with count and rate columns per detector, share columns per problem
    /// area (the `topic` detectors, in the order to show them:
    /// [`Registry::display_order`](crate::lexicon::Registry::display_order)) and the
    /// dominant area's, and writes its header.
    pub fn with_areas(out: W, detectors: &[String], areas: &[String]) -> csv::Result<Self> {
        Ok(SummaryTable {
            out: start_table(out, summary_header_with_areas(detectors, areas))?,
            detectors: detectors.to_vec(),
            areas: areas.to_vec(),
        })
    }

    /// Writes one row per speaker of `doc`, in order of first appearance.
    pub fn write_session(&mut self, doc: &SessionDoc) -> csv::Result<()> {
        let source = doc.session.source.clone().unwrap_or_default();
        for s in &doc.speakers {
            let mut row = vec![
                doc.session.id.clone(),
                source.clone(),
                s.speaker.clone(),
                s.turns.to_string(),
                s.words.to_string(),
                s.share.to_string(),
            ];
            for d in &self.detectors {
                match s.detectors.get(d) {
                    Some(f) => {
                        row.push(f.count.to_string());
                        row.push(f.per_100_words.to_string());
                    }
                    None => row.extend(["0".to_string(), "0".to_string()]),
                }
            }
            row.push(doc.escalation.score.to_string());
            row.push(doc.escalation.episodes.len().to_string());
            if !self.areas.is_empty() {
                let pa = s.problem_areas.as_ref();
                for a in &self.areas {
                    match pa.and_then(|p| p.areas.iter().find(|x| &x.detector == a)) {
                        Some(x) => {
                            row.push(x.turn_share.to_string());
                            row.push(x.word_share.to_string());
                        }
                        None => row.extend(["0".to_string(), "0".to_string()]),
                    }
                }
                let dominant = |p: Option<&ProblemAreasDoc>| {
                    p.and_then(|p| p.dominant.clone()).unwrap_or_default()
                };
                row.push(dominant(pa));
                row.push(dominant(doc.problem_areas.as_ref()));
            }
            self.out.write_record(&row)?;
        }
        Ok(())
    }

    /// Flushes the table and hands back the writer.
    pub fn finish(self) -> csv::Result<W> {
        finish_table(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{session_document, OutputOptions, SourceInfo};
    use crate::{Engine, Transcript, Turn};

    /// A session of `(speaker, text, start)` turns.
    fn doc(turns: &[(&str, &str, Option<f64>)]) -> (SessionDoc, Vec<String>) {
        let t = Transcript::new(
            "t.txt",
            turns
                .iter()
                .map(|&(speaker, text, start)| Turn {
                    speaker: speaker.into(),
                    text: text.into(),
                    start,
                    ..Turn::default()
                })
                .collect(),
        );
        let engine = Engine::new();
        let d = session_document(
            &t,
            &engine.analyze(&t),
            SourceInfo {
                source: Some("dir/t, \"quoted\".txt"),
                format: Some("plain"),
            },
            OutputOptions::default(),
        );
        (d, engine.detectors().to_vec())
    }

    fn read(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut r = csv::Reader::from_reader(bytes);
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        (header, rows)
    }

    #[test]
    fn turn_rows_round_trip_with_commas_quotes_and_line_ends() {
        let (d, detectors) = doc(&[
            ("Ana, Jr.", "You always do this, \"again\".", Some(1.0)),
            ("Ben", "Whatever.", Some(4.0)),
        ]);
        let mut t = TurnTable::new(Vec::new(), &detectors).unwrap();
        t.write_session(&d).unwrap();
        let bytes = t.finish().unwrap();
        assert!(bytes.ends_with(b"\r\n"), "RFC 4180 line ends");
        let (header, rows) = read(&bytes);
        assert_eq!(header, turn_header(&detectors));
        assert_eq!(rows.len(), d.turns.len());
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        assert_eq!(rows[0][col("source")], "dir/t, \"quoted\".txt");
        assert_eq!(rows[0][col("speaker")], "Ana, Jr.");
        assert_eq!(rows[0][col("start")], "1");
        assert_eq!(rows[0][col("end")], "");
        assert_eq!(rows[1][col("index")], "1");
        assert_eq!(rows[0][col("blame_count")], "1");
        assert_eq!(rows[1][col("avoidance_count")], "1");
        assert_eq!(rows[0][col("matched")], "blame:You always");
        assert_eq!(rows[1][col("matched")], "avoidance:Whatever");
        for (row, turn) in rows.iter().zip(&d.turns) {
            assert_eq!(
                row[col("escalation")].parse::<f32>().unwrap(),
                turn.escalation
            );
            assert_eq!(row[col("words")].parse::<usize>().unwrap(), turn.words);
        }
    }

    #[test]
    fn summary_rows_match_the_speaker_figures() {
        let (d, detectors) = doc(&[
            ("A", "You never listen.", None),
            ("B", "I hear you.", None),
            ("A", "Fine.", None),
        ]);
        let mut t = SummaryTable::new(Vec::new(), &detectors).unwrap();
        t.write_session(&d).unwrap();
        let (header, rows) = read(&t.finish().unwrap());
        assert_eq!(header, summary_header(&detectors));
        assert_eq!(rows.len(), 2);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        for (row, s) in rows.iter().zip(&d.speakers) {
            assert_eq!(row[col("speaker")], s.speaker);
            assert_eq!(row[col("turns")], s.turns.to_string());
            for (name, f) in &s.detectors {
                assert_eq!(row[col(&format!("{name}_count"))], f.count.to_string());
                assert_eq!(
                    row[col(&format!("{name}_per_100_words"))]
                        .parse::<f32>()
                        .unwrap(),
                    f.per_100_words
                );
            }
            assert_eq!(
                row[col("escalation_score")].parse::<f32>().unwrap(),
                d.escalation.score
            );
        }
    }

    #[test]
    fn summary_rows_carry_the_problem_areas_when_asked() {
        let (d, detectors) = doc(&[
            ("Client", "My dad died in May.", None),
            ("Therapist", "How was the funeral?", None),
            ("Client", "Hard. I miss him so much.", None),
        ]);
        let areas: Vec<String> = ["grief", "dispute"].map(String::from).to_vec();
        let mut t = SummaryTable::with_areas(Vec::new(), &detectors, &areas).unwrap();
        t.write_session(&d).unwrap();
        let (header, rows) = read(&t.finish().unwrap());
        assert_eq!(header, summary_header_with_areas(&detectors, &areas));
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        // The client speaks of grief in both turns; the therapist in one of one.
        assert_eq!(rows[0][col("grief_turn_share")], "1");
        assert_eq!(rows[0][col("dispute_turn_share")], "0");
        assert_eq!(rows[0][col("dominant_area")], "grief");
        assert_eq!(rows[1][col("grief_turn_share")], "1");
        assert_eq!(rows[1][col("dominant_area")], "", "one turn is no theme");
        assert!(rows
            .iter()
            .all(|r| r[col("session_dominant_area")] == "grief"));
        let ws: f32 = rows[1][col("grief_word_share")].parse().unwrap();
        assert_eq!(ws, 1.0);
        // Without areas the table is as before.
        let plain = SummaryTable::new(Vec::new(), &detectors).unwrap();
        let (header, _) = read(&plain.finish().unwrap());
        assert_eq!(header, summary_header(&detectors));
    }

    #[test]
    fn a_text_with_line_ends_stays_one_field() {
        let (mut d, detectors) = doc(&[("A", "hello", None)]);
        d.turns[0].findings.push(FindingDoc {
            detector: "blame".into(),
            category: "x".into(),
            rule: "blame:x".into(),
            matched: "two\r\nlines, \"q\"".into(),
            span: crate::report::json::SpanDoc { start: 0, end: 1 },
            char_span: crate::report::json::SpanDoc { start: 0, end: 1 },
            negated: false,
            weight: 1.0,
            intensity: 1.0,
            suppressed: None,
        });
        let mut t = TurnTable::new(Vec::new(), &detectors).unwrap();
        t.write_session(&d).unwrap();
        let (header, rows) = read(&t.finish().unwrap());
        let col = header.iter().position(|h| h == "matched").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][col], "blame:two\r\nlines, \"q\"");
    }
}
