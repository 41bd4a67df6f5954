//! The course table: one row per session and speaker, sessions in course order, for a
//! spreadsheet. RFC 4180, as the other tables ([`super::csv`]). Read from the
//! [`CourseDoc`] alone.
//!
//! | column | value |
//! |---|---|
//! | `position` | the session's place in the course, from 1 |
//! | `key` | what it was ordered by: its date, its number, or its place in `--order` |
//! | `session`, `source` | the session id and the file it was read from |
//! | `phase` | `assessment`, `middle` or `termination`; empty for a course under 6 sessions |
//! | `speaker`, `role`, `turns`, `words`, `share` | the speaker's figures in that session |
//! | `<detector>_count`, `<detector>_per_100_words` | counted findings of each detector, and their rate |
//! | `escalation_score` | the session's score (the same on each of its rows) |
//! | `questions`, `open_questions`, `closed_questions`, `reflections`, `reflections_per_question`, `open_question_share`, `client_hostile_turns`, `validated_after_hostility`, `validation_after_hostility` | the scorecard of the session, on the rows of the scorecard role's speakers (empty on others, and where a ratio has nothing to divide by) |
//!
//! ```
//! use turnscope::report::course_csv::course_header;
//! let h = course_header(&["blame".to_string()]);
//! assert_eq!(&h[..6], ["position", "key", "session", "source", "phase", "speaker"]);
//! ```

use std::io::Write;

use super::course_json::CourseDoc;

/// The scorecard's columns, in order.
const SCORECARD_COLUMNS: [&str; 9] = [
    "questions",
    "open_questions",
    "closed_questions",
    "reflections",
    "reflections_per_question",
    "open_question_share",
    "client_hostile_turns",
    "validated_after_hostility",
    "validation_after_hostility",
];

/// The header of the course table for these detectors.
pub fn course_header(detectors: &[String]) -> Vec<String> {
    let mut h: Vec<String> = [
        "position", "key", "session", "source", "phase", "speaker", "role", "turns", "words",
        "share",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for d in detectors {
        h.push(format!("{d}_count"));
        h.push(format!("{d}_per_100_words"));
    }
    h.push("escalation_score".into());
    h.extend(SCORECARD_COLUMNS.iter().map(|s| s.to_string()));
    h
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// Writes the course table.
pub fn write_course_csv(out: impl Write, course: &CourseDoc) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(course_header(&course.detectors))?;
    for s in &course.sessions {
        for sp in &s.speakers {
            let mut row: Vec<String> = vec![
                s.position.to_string(),
                s.key.clone(),
                s.id.clone(),
                s.source.clone().unwrap_or_default(),
                s.phase.clone().unwrap_or_default(),
                sp.name.clone(),
                sp.role.clone().unwrap_or_default(),
                sp.turns.to_string(),
                sp.words.to_string(),
                sp.share.to_string(),
            ];
            for d in &course.detectors {
                match sp.detectors.get(d) {
                    Some(f) => {
                        row.push(f.count.to_string());
                        row.push(f.per_100_words.to_string());
                    }
                    None => row.extend([String::new(), String::new()]),
                }
            }
            row.push(s.escalation_score.to_string());
            match s
                .scorecard
                .as_ref()
                .filter(|c| c.speakers.contains(&sp.name))
            {
                Some(c) => row.extend([
                    c.questions.to_string(),
                    c.open_questions.to_string(),
                    c.closed_questions.to_string(),
                    c.reflections.to_string(),
                    opt(c.reflections_per_question),
                    opt(c.open_question_share),
                    c.client_hostile_turns.to_string(),
                    c.validated_after_hostility.to_string(),
                    opt(c.validation_after_hostility),
                ]),
                None => row.extend(SCORECARD_COLUMNS.iter().map(|_| String::new())),
            }
            w.write_record(&row)?;
        }
    }
    w.flush()?;
    Ok(())
}
