//! The course page: one self-contained HTML page to read a course of sessions at a
//! glance, built from the [`CourseDoc`] alone, with the same safety as the session
//! report ([`super::html`]): no scripts, no fonts, images or style sheets from anywhere,
//! a `Content-Security-Policy` that forbids every fetch, and every piece of text from the
//! sessions escaped.
//!
//! - **Change**: for the headline series (blame, validation, avoidance, the escalation
//!   score, talk share, the scorecard, problem areas), the first third's figure, the
//!   last third's, the difference and its 95% interval, and the verdict ("rose", "fell",
//!   "no clear change"); with fewer than 3 sessions, why there is none.
//! - **Over the course**: small-multiple line charts in inline SVG, one per series
//!   (`<figure class="chart" data-series="{series id}">`), grouped as the series'
//!   `group` says; the detectors outside the headline groups fold away under "Other
//!   detectors". Each chart shades the phase bands (assessment, middle, termination),
//!   draws the first and last thirds' figures as dashed lines where a change is stated,
//!   and has a point per session that links to the session's own report page (where
//!   one was written: [`CourseSessionDoc::report`], a path relative to the page) with
//!   the value in its tooltip.
//! - **Sessions**: a table in course order, each row linking to the session's page.
//! - **Therapist's scorecard**, where there is one: per session, questions, open and
//!   closed, reflections, reflections per question, share open, validation after client
//!   hostility, talk share.
//!
//! Links to session pages are the only links that leave the page; they are relative
//! paths (`course-sessions/01-....html`) to files written beside it, which a browser
//! opens as a navigation, never as a fetch the policy would have to allow.

use std::fmt::Write as _;
use std::io;

use super::course_json::{CourseDoc, CourseSessionDoc, SeriesDoc};
use super::html::escape;

/// What the page says besides the course.
#[derive(Debug, Clone, Default)]
pub struct CourseHtmlOptions {
    /// The page title; by default "Course of N sessions".
    pub title: Option<String>,
}

/// The groups of series, in page order: (group, heading, note).
const GROUPS: &[(&str, &str, &str)] = &[
    (
        "patterns",
        "Blame, validation and avoidance",
        "counted findings per 100 words each speaker or role spoke",
    ),
    (
        "problem_areas",
        "Problem areas",
        "findings of the problem-area detectors per 100 words",
    ),
    (
        "escalation",
        "Escalation",
        "the session's escalation score, 0 to 1",
    ),
    (
        "talk_share",
        "Talk share",
        "each speaker's and role's share of the session's words",
    ),
    (
        "scorecard",
        "Therapist's scorecard",
        "reflections per question, share of questions that are open, share of the clients' hostile turns validated within two turns",
    ),
    (
        "other",
        "Other detectors",
        "every other detector the lexicons define, per 100 words",
    ),
];

/// The groups whose change the change table lists.
const CHANGE_GROUPS: &[&str] = &[
    "patterns",
    "problem_areas",
    "escalation",
    "talk_share",
    "scorecard",
];

/// Writes the page for `course` to `out`.
pub fn write_course_html(
    out: &mut impl io::Write,
    course: &CourseDoc,
    options: &CourseHtmlOptions,
) -> io::Result<()> {
    out.write_all(course_page(course, options).as_bytes())
}

fn is_share(unit: &str) -> bool {
    unit.starts_with("share")
}

/// A value for people: shares as percentages, other figures with two decimals.
fn show(v: f64, unit: &str) -> String {
    if is_share(unit) {
        format!("{:.0}%", v * 100.0)
    } else {
        format!("{v:.2}")
    }
}

/// A difference for people: shares in percentage points, other figures with two
/// decimals, always signed.
fn show_diff(v: f64, unit: &str) -> String {
    let s = if is_share(unit) {
        format!("{:+.0} pts", v * 100.0)
    } else {
        format!("{v:+.2}")
    };
    match s.as_str() {
        "-0 pts" => "+0 pts".into(),
        "-0.00" => "+0.00".into(),
        _ => s.replacen('-', "−", 1),
    }
}

/// The verdict with an arrow: which way is better depends on the figure, so the arrow
/// says only which way it went.
fn verdict_label(v: &str) -> String {
    match v {
        "rose" => "▲ rose".into(),
        "fell" => "▼ fell".into(),
        v => escape(v),
    }
}

fn subject(s: &SeriesDoc) -> String {
    match (&s.subject.kind[..], &s.subject.name) {
        ("role", Some(n)) => format!("{n} (role)"),
        (_, Some(n)) => n.clone(),
        _ => "session".into(),
    }
}

fn session_ref(s: &CourseSessionDoc) -> String {
    format!("session {} ({})", s.position, s.key)
}

/// The whole page.
pub fn course_page(course: &CourseDoc, options: &CourseHtmlOptions) -> String {
    let n = course.sessions.len();
    let mut h = String::with_capacity(64 * 1024);
    let title = options.title.clone().unwrap_or_else(|| {
        format!(
            "Course of {n} session{} · turnscope",
            if n == 1 { "" } else { "s" }
        )
    });
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched: the page is the whole report.
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    h.push_str("<meta name=\"generator\" content=\"turnscope ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    let _ = write!(
        h,
        "\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<header class=\"page\">\n<h1>{}</h1>\n<p class=\"sub\">",
        escape(&title),
        escape(&title)
    );
    let mut sub = vec![format!(
        "{n} session{}, ordered by {}",
        if n == 1 { "" } else { "s" },
        match course.ordered_by.as_str() {
            "date" => "the dates in their names",
            "number" => "the session numbers in their names",
            _ => "--order",
        }
    )];
    if let (Some(a), Some(b)) = (course.sessions.first(), course.sessions.last()) {
        sub.push(format!("{} to {}", escape(&a.key), escape(&b.key)));
    }
    sub.push(format!(
        "written by turnscope {}",
        env!("CARGO_PKG_VERSION")
    ));
    h.push_str(&sub.join(" · "));
    h.push_str("</p>\n");
    if let Some(p) = &course.phases {
        let _ = writeln!(
            h,
            "<p class=\"phases-key\"><span class=\"key ph-assessment\">assessment: sessions {}–{}</span> <span class=\"key ph-middle\">middle: {}–{}</span> <span class=\"key ph-termination\">termination: {}–{}</span></p>",
            p.assessment.first, p.assessment.last, p.middle.first, p.middle.last,
            p.termination.first, p.termination.last
        );
    }
    h.push_str("<nav class=\"toc\"><a href=\"#change\">Change</a> <a href=\"#charts\">Over the course</a> <a href=\"#sessions\">Sessions</a>");
    if course.scorecard_role.is_some() {
        h.push_str(" <a href=\"#scorecard\">Scorecard</a>");
    }
    h.push_str("</nav>\n</header>\n<main>\n");
    skipped(&mut h, course);
    if n == 0 {
        h.push_str("<p class=\"empty\">No session could be read.</p>\n");
    }
    change_table(&mut h, course);
    charts(&mut h, course);
    sessions_table(&mut h, course);
    scorecard_table(&mut h, course);
    h.push_str("</main>\n<footer>\n");
    footer(&mut h, course);
    h.push_str("</footer>\n</body>\n</html>\n");
    h
}

fn skipped(h: &mut String, course: &CourseDoc) {
    if course.skipped.is_empty() {
        return;
    }
    h.push_str("<section class=\"panel skipped\" id=\"skipped\">\n<h2>Not read</h2>\n<p class=\"note\">These inputs could not be read and are left out of the course:</p>\n<ul>\n");
    for s in &course.skipped {
        let _ = writeln!(h, "<li><code>{}</code></li>", escape(&s.error));
    }
    h.push_str("</ul>\n</section>\n");
}

fn change_table(h: &mut String, course: &CourseDoc) {
    h.push_str("<section class=\"panel\" id=\"change\">\n<h2>Change from the first sessions to the last</h2>\n");
    if let Some(note) = &course.change_note {
        let _ = writeln!(
            h,
            "<p class=\"note no-change\">{}</p>\n</section>",
            escape(note)
        );
        return;
    }
    if let Some(t) = &course.thirds {
        let _ = writeln!(
            h,
            "<p class=\"note\">The first third of the course (sessions {}–{}) against the last third (sessions {}–{}), each figure pooled over its sessions, with a 95% bootstrap interval of the difference. Where the interval holds zero the table says <em>no clear change</em>: the course does not show which way it went.</p>",
            t.first.first, t.first.last, t.last.first, t.last.last
        );
    }
    h.push_str("<table class=\"change\">\n<thead><tr><th>figure</th><th>whose</th><th class=\"num\">first third</th><th class=\"num\">last third</th><th class=\"num\">difference</th><th class=\"num\">95% interval</th><th>verdict</th></tr></thead>\n<tbody>\n");
    for group in CHANGE_GROUPS {
        for s in course.series.iter().filter(|s| s.group == *group) {
            let _ = write!(
                h,
                "<tr data-series=\"{}\"><td><a href=\"#c-{}\">{}</a> <span class=\"n\">{}</span></td><td>{}</td>",
                escape(&s.id),
                escape(&anchor(&s.id)),
                escape(&s.label),
                escape(&s.unit),
                escape(&subject(s))
            );
            match &s.change {
                Some(c) => {
                    let _ = writeln!(
                        h,
                        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td><td class=\"verdict v-{}\" title=\"{}\">{}</td></tr>",
                        show(c.first, &s.unit),
                        show(c.last, &s.unit),
                        show_diff(c.difference, &s.unit),
                        show_diff(c.low, &s.unit),
                        show_diff(c.high, &s.unit),
                        c.verdict.replace(' ', "-"),
                        escape(&c.text),
                        verdict_label(&c.verdict)
                    );
                }
                None => {
                    let _ = writeln!(
                        h,
                        "<td colspan=\"5\" class=\"none\">{}</td></tr>",
                        escape(s.change_note.as_deref().unwrap_or("no change stated"))
                    );
                }
            }
        }
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// An id for a series' chart: its id with anything but letters, digits, `-` and `_` as `-`.
fn anchor(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn charts(h: &mut String, course: &CourseDoc) {
    h.push_str("<section class=\"panel\" id=\"charts\">\n<h2>Over the course</h2>\n<p class=\"note\">One chart per figure and speaker or role, sessions left to right. Bands: the therapy's phases. Dashed lines: the first and last thirds' figures the change compares. Each point links to its session's report.</p>\n");
    for (group, heading, note) in GROUPS {
        let series: Vec<&SeriesDoc> = course.series.iter().filter(|s| s.group == *group).collect();
        let fold = *group == "other";
        if series.is_empty() {
            if *group == "problem_areas" {
                let _ = writeln!(
                    h,
                    "<section class=\"group g-{group}\">\n<h3>{heading}</h3>\n<p class=\"note\">No detector of the lexicons in use is named a problem area.</p>\n</section>"
                );
            }
            continue;
        }
        if fold {
            let _ = writeln!(
                h,
                "<details class=\"group g-{group}\">\n<summary><h3>{heading}</h3> <span class=\"note\">{} charts: {note}</span></summary>",
                series.len()
            );
        } else {
            let _ = writeln!(
                h,
                "<section class=\"group g-{group}\">\n<h3>{heading}</h3>\n<p class=\"note\">{note}</p>"
            );
        }
        h.push_str("<div class=\"multiples\">\n");
        for s in series {
            chart(h, course, s);
        }
        h.push_str("</div>\n");
        h.push_str(if fold { "</details>\n" } else { "</section>\n" });
    }
    h.push_str("</section>\n");
}

/// A round upper end for an axis holding `max`.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * mag >= max {
            return step * mag;
        }
    }
    10.0 * mag
}

fn chart(h: &mut String, course: &CourseDoc, s: &SeriesDoc) {
    const W: f64 = 260.0;
    const H: f64 = 140.0;
    let (left, right, top, bottom) = (36.0, 8.0, 10.0, 24.0);
    let (pw, ph) = (W - left - right, H - top - bottom);
    let n = s.values.len().max(1);
    let band = pw / n as f64;
    let x = |i: usize| left + (i as f64 + 0.5) * band;
    let mut max = s.values.iter().flatten().copied().fold(0.0f64, f64::max);
    if let Some(c) = &s.change {
        max = max.max(c.first).max(c.last);
    }
    let ymax = if is_share(&s.unit) {
        1.0
    } else {
        nice_max(max)
    };
    let y = |v: f64| top + ph - (v / ymax).clamp(0.0, 1.0) * ph;
    let id = anchor(&s.id);
    let verdict = s.change.as_ref().map(|c| c.verdict.as_str());
    let _ = writeln!(
        h,
        "<figure class=\"chart\" id=\"c-{id}\" data-series=\"{}\"{}>",
        escape(&s.id),
        verdict.map_or(String::new(), |v| format!(
            " data-verdict=\"{}\"",
            escape(v)
        ))
    );
    let values: Vec<String> = s
        .values
        .iter()
        .map(|v| v.map_or("none".into(), |v| show(v, &s.unit)))
        .collect();
    let _ = write!(
        h,
        "<svg viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{}, {}, {}: {}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(&s.label),
        escape(&subject(s)),
        escape(&s.unit),
        escape(&values.join(", "))
    );
    // Phase bands.
    if let Some(p) = &course.phases {
        for (class, r) in [
            ("ph-assessment", p.assessment),
            ("ph-middle", p.middle),
            ("ph-termination", p.termination),
        ] {
            let _ = write!(
                h,
                "<rect class=\"band {class}\" x=\"{:.1}\" y=\"{top}\" width=\"{:.1}\" height=\"{ph}\"><title>{} (sessions {}–{})</title></rect>",
                left + (r.first - 1) as f64 * band,
                (r.last + 1 - r.first) as f64 * band,
                class.trim_start_matches("ph-"),
                r.first,
                r.last
            );
        }
    }
    // Axes.
    let _ = write!(
        h,
        "<line class=\"axis\" x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">0</text>",
        top + ph,
        left + pw,
        top + ph,
        left - 4.0,
        top + 8.0,
        show(ymax, &s.unit),
        left - 4.0,
        top + ph
    );
    let every = n.div_ceil(12).max(1);
    for i in (0..n).filter(|i| i % every == 0 || i + 1 == n) {
        let _ = write!(
            h,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(i),
            top + ph + 14.0,
            i + 1
        );
    }
    // The thirds' figures.
    if let (Some(c), Some(t)) = (&s.change, &course.thirds) {
        for (r, v, class) in [
            (t.first, c.first, "third first"),
            (t.last, c.last, "third last"),
        ] {
            let _ = write!(
                h,
                "<line class=\"{class}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
                left + (r.first - 1) as f64 * band,
                y(v),
                left + r.last as f64 * band,
                y(v)
            );
        }
    }
    // The line, broken where a session has no value.
    let mut runs: Vec<Vec<String>> = vec![Vec::new()];
    for (i, v) in s.values.iter().enumerate() {
        match v {
            Some(v) => runs
                .last_mut()
                .unwrap()
                .push(format!("{:.1},{:.1}", x(i), y(*v))),
            None => runs.push(Vec::new()),
        }
    }
    for run in runs.iter().filter(|r| r.len() > 1) {
        let _ = write!(h, "<polyline class=\"line\" points=\"{}\"/>", run.join(" "));
    }
    // A point per session with a value, linking to its page.
    for (i, (v, sess)) in s.values.iter().zip(&course.sessions).enumerate() {
        let Some(v) = v else { continue };
        let tip = format!(
            "{}: {} {}",
            session_ref(sess),
            show(*v, &s.unit),
            if is_share(&s.unit) { "" } else { &s.unit }
        );
        let circle = format!(
            "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.2\"><title>{}</title></circle>",
            x(i),
            y(*v),
            escape(tip.trim_end())
        );
        match &sess.report {
            Some(r) => {
                let _ = write!(h, "<a href=\"{}\">{circle}</a>", escape(r));
            }
            None => h.push_str(&circle),
        }
    }
    h.push_str("</svg>\n");
    let change = match (&s.change, &s.change_note) {
        (Some(c), _) => format!(
            "<span class=\"verdict v-{}\">{}</span>",
            c.verdict.replace(' ', "-"),
            escape(&c.text)
        ),
        (None, Some(note)) => format!("<span class=\"none\">{}</span>", escape(note)),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        h,
        "<figcaption><b>{}</b> · {} <span class=\"n\">{}</span><br>{change}</figcaption>\n</figure>",
        escape(&s.label),
        escape(&subject(s)),
        escape(&s.unit)
    );
}

fn session_link(s: &CourseSessionDoc) -> String {
    match &s.report {
        Some(r) => format!("<a href=\"{}\">{}</a>", escape(r), escape(&s.id)),
        None => escape(&s.id),
    }
}

fn sessions_table(h: &mut String, course: &CourseDoc) {
    h.push_str("<section class=\"panel\" id=\"sessions\">\n<h2>Sessions</h2>\n");
    if course.sessions.iter().all(|s| s.report.is_none()) && !course.sessions.is_empty() {
        h.push_str("<p class=\"note\">Each session's own report is written beside the page when it goes to a file (<code>-o course.html</code>).</p>\n");
    }
    // The detectors of the headline charts, in their order.
    let mut headline: Vec<&str> = Vec::new();
    for d in course
        .series
        .iter()
        .filter(|s| s.group == "patterns")
        .filter_map(|s| s.detector.as_deref())
    {
        if !headline.contains(&d) {
            headline.push(d);
        }
    }
    h.push_str("<table class=\"sessions\">\n<thead><tr><th class=\"num\">#</th><th>key</th><th>phase</th><th>session</th><th class=\"num\">turns</th><th class=\"num\">words</th><th class=\"num\">escalation</th><th>per speaker, per 100 words</th></tr></thead>\n<tbody>\n");
    for s in &course.sessions {
        let per: Vec<String> = s
            .speakers
            .iter()
            .map(|sp| {
                let rates: Vec<String> = headline
                    .iter()
                    .map(|d| {
                        let r = sp.detectors.get(*d).map_or(0.0, |f| f.per_100_words);
                        format!("{d} {r:.1}")
                    })
                    .collect();
                format!("<b>{}</b> {}", escape(&sp.name), escape(&rates.join(" · ")))
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr id=\"session-{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.2}</td><td class=\"per\">{}</td></tr>",
            s.position,
            s.position,
            escape(&s.key),
            escape(s.phase.as_deref().unwrap_or("")),
            session_link(s),
            s.turns,
            s.words,
            s.escalation_score,
            per.join("<br>")
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn opt(v: Option<f64>, share: bool) -> String {
    match v {
        None => "<span class=\"none\">–</span>".into(),
        Some(v) if share => format!("{:.0}%", v * 100.0),
        Some(v) => format!("{v:.2}"),
    }
}

fn scorecard_table(h: &mut String, course: &CourseDoc) {
    let Some(role) = &course.scorecard_role else {
        return;
    };
    let _ = writeln!(
        h,
        "<section class=\"panel\" id=\"scorecard\">\n<h2>Therapist's scorecard <span class=\"n\">role {}</span></h2>\n<p class=\"note\">Per session: the turns of the role that ask (one a turn), open or closed; the turns with a reflection; reflections per question (MITI's ratio: 1 is the usual competency threshold, 2 proficiency); the share of questions that are open; of the clients' hostile turns, the share validated within the next two turns; the role's share of the words. A dash: nothing to divide by.</p>",
        escape(role)
    );
    h.push_str("<table class=\"scorecard\">\n<thead><tr><th class=\"num\">#</th><th>session</th><th class=\"num\">questions</th><th class=\"num\">open</th><th class=\"num\">closed</th><th class=\"num\">reflections</th><th class=\"num\">reflections per question</th><th class=\"num\">share open</th><th class=\"num\">hostile client turns</th><th class=\"num\">validated after</th><th class=\"num\">talk share</th></tr></thead>\n<tbody>\n");
    for s in &course.sessions {
        let Some(c) = &s.scorecard else {
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td>{}</td><td colspan=\"9\" class=\"none\">no speaker of this role</td></tr>",
                s.position,
                session_link(s)
            );
            continue;
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            s.position,
            session_link(s),
            c.questions,
            c.open_questions,
            c.closed_questions,
            c.reflections,
            opt(c.reflections_per_question, false),
            opt(c.open_question_share, true),
            c.client_hostile_turns,
            opt(c.validation_after_hostility, true),
            opt(c.talk_share, true)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn footer(h: &mut String, course: &CourseDoc) {
    h.push_str("<p>Findings are language patterns matched by lexicons and context rules, not judgements of a person; a course's figures say where to look, not what happened. ");
    let b = &course.bootstrap;
    let _ = write!(
        h,
        "Intervals: {} bootstrap resamples (seed {}), drawing each session's turns again with replacement (the escalation score, a figure of a whole session, draws the third's sessions again); they do not account for sessions that differ from each other as a whole. ",
        b.resamples, b.seed
    );
    if let Some(p) = &course.phases {
        let _ = write!(h, "Phases: {}. ", escape(&p.rule));
    } else {
        h.push_str("Phases are drawn for courses of 6 sessions or more. ");
    }
    h.push_str("</p>\n");
}

const CSS: &str = include_str!("course.css");

/// The file name of a session's own report page, beside the course page in its
/// sessions folder: the position, two digits or more, then the label's stem with
/// anything but letters, digits, `-` and `_` as `-` (`01-2025-01-07-maya-daniel.html`).
pub fn session_page_name(position: usize, label: &str) -> String {
    let stem = std::path::Path::new(label)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug: String = anchor(&stem).chars().take(80).collect();
    format!("{position:02}-{slug}.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_and_axes() {
        assert_eq!(
            session_page_name(3, "2025-01-21 Maya & Daniel.txt"),
            "03-2025-01-21-Maya---Daniel.html"
        );
        assert_eq!(session_page_name(12, "7"), "12-7.html");
        assert_eq!(session_page_name(1, "../x/<a>.vtt"), "01--a-.html");
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(0.7), 1.0);
        assert_eq!(nice_max(3.2), 5.0);
        assert_eq!(nice_max(12.0), 20.0);
        assert_eq!(show(0.416, "share of words"), "42%");
        assert_eq!(show(1.234, "per 100 words"), "1.23");
        assert_eq!(show_diff(-0.123, "share of words"), "−12 pts");
        assert_eq!(show_diff(-0.001, "per 100 words"), "+0.00");
        assert_eq!(show_diff(0.5, "per 100 words"), "+0.50");
    }
}
