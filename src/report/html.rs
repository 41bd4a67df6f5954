//! The HTML report: one self-contained page for a clinical supervisor to read a session
//! at a glance, offline, on screen or printed.
//!
//! The page is built from [`SessionDoc`]s alone (the wire type of the JSON output), so it
//! shows exactly what the JSON says. It has no scripts, fonts, images or style sheets
//! from anywhere: CSS and SVG are inline, and a `Content-Security-Policy` meta tag forbids
//! every fetch, so opening it cannot leak a byte of a confidential session.
//!
//! Per session:
//! - a header with the session's figures: per speaker turns, words, talk share, and the
//!   rate of each detector per 100 words; the escalation score;
//! - an SVG timeline of hostility and validation turn by turn, with the escalation curve,
//!   escalation episodes shaded (hatched), and each turn's points a link to the turn;
//! - "problem areas", where the lexicons declare `topic` detectors (interpersonal therapy's
//!   grief, role transition, dispute and deficit are built in): per area the share of the
//!   turns and of the words that speak of it, as bars in the area's colour, the dominant
//!   area with a link to each turn of its evidence, and each speaker's shares and dominant
//!   area;
//! - "moments worth reviewing": the strongest blame, the escalation peaks, validating
//!   replies that followed a hostile turn, and avoided questions, each linking to its turn;
//! - the transcript, turn by turn, with every finding of the document in a
//!   `<mark data-detector="…" data-rule="…">` around its span. Each detector has a colour,
//!   an underline pattern and a text label; category, rule and weight are in the mark's
//!   `title` (on hover) and printed after it on paper.
//!
//! Several sessions make one page with an index and a section per session. Anchors:
//! `#s{n}` for the n-th session (from 0), `#s{n}-t{i}` for its turn `i` (the JSON
//! `index`, from 0); on the page turns are numbered from 1.
//!
//! # Overlapping findings
//!
//! Every finding gets exactly one `<mark>`. Findings whose spans nest (an `escalation`
//! finding over the same words as a `blame` one, a short match inside a longer one) get
//! nested marks, each around exactly its bytes. Spans that cross cannot nest in HTML: the
//! one that starts later has its `<mark>` up to the end of the one it crosses and the
//! rest in a `<span class="mark-cont" data-of="{mark id}">` right after, so the mark and
//! its continuation together cover exactly its bytes. A finding whose span is not on the
//! turn's character boundaries (only possible in a hand-edited document) is listed under
//! its turn instead.
//!
//! ```
//! use turnscope::{Engine, report::{session_document, OutputOptions, SourceInfo, html}};
//! use turnscope::transcript::{parse, Format};
//!
//! let t = &parse(Format::Plain, "s.txt", "A: It's your fault <again> & \"again\".\n").unwrap()[0];
//! let doc = session_document(t, &Engine::new().analyze(t), SourceInfo::default(), OutputOptions::default());
//! let page = html::report(&[doc], &html::HtmlOptions::default());
//! assert!(page.contains("<mark id=\"s0-t0-f0\" data-detector=\"blame\""));
//! assert!(page.contains("&lt;again&gt; &amp; &quot;again&quot;"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::sync::Arc;

use super::json::{AreaDoc, FindingDoc, ProblemAreasDoc, SessionDoc, TurnDoc};
use crate::lexicon::{builtin_registry, Pattern, Registry, Role, SequenceRule};
use crate::sequence::HOSTILE;

/// What the page says besides the sessions.
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// The page title; by default the session id, or "turnscope report" for several.
    pub title: Option<String>,
    /// What the detectors are called and how they look, from the lexicon headers: the
    /// registry of the engine that wrote the documents ([`crate::Engine::registry`]). The
    /// built-in lexicons' by default; a detector it does not know is shown plainly, under
    /// its name.
    pub detectors: Option<Arc<Registry>>,
}

/// Escapes text for HTML text and (quoted) attribute values: `&`, `<`, `>`, `"`, `'`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Writes the report for `docs` to `out`.
pub fn write_report(
    out: &mut impl io::Write,
    docs: &[SessionDoc],
    options: &HtmlOptions,
) -> io::Result<()> {
    out.write_all(report(docs, options).as_bytes())
}

/// The registry's answers, by detector name, for a page of documents.
struct Look<'a> {
    registry: &'a Registry,
}

impl Look<'_> {
    fn get(&self, name: &str) -> Option<&crate::lexicon::Detector> {
        self.registry.id(name).map(|id| self.registry.get(id))
    }

    /// A detector's name for people.
    fn label(&self, name: &str) -> String {
        self.get(name)
            .map_or_else(|| name.replace('_', " "), |d| d.label.clone())
    }

    /// The short text label each detector's marks carry on the page (colour is never the
    /// only cue).
    fn tag(&self, name: &str) -> String {
        self.get(name)
            .map_or_else(|| name.replace('_', " "), |d| d.tag.clone())
    }

    /// The CSS class of a detector: its own (styled from its header), or `d-other`.
    fn class(&self, name: &str) -> String {
        match self.get(name) {
            Some(d) => format!("d-{}", d.name),
            None => "d-other".into(),
        }
    }

    fn describe(&self, name: &str) -> String {
        self.get(name).map_or_else(
            || "a detector of the lexicons".into(),
            |d| d.summary.clone(),
        )
    }

    /// The detectors in the order the page shows them (the headers' `order`, then the
    /// name); ones the registry does not know follow, sorted.
    fn ordered(&self, names: &[String]) -> Vec<String> {
        let mut out: Vec<String> = self
            .registry
            .display_order()
            .into_iter()
            .filter(|d| names.iter().any(|x| **x == *d.name))
            .map(|d| d.name.to_string())
            .collect();
        let mut rest: Vec<String> = names
            .iter()
            .filter(|n| self.get(n).is_none())
            .cloned()
            .collect();
        rest.sort();
        out.extend(rest);
        out
    }

    fn role(&self, name: &str) -> Option<Role> {
        self.get(name).map(|d| d.role)
    }

    /// Whether a counted finding is a headline attack on the listener (the moments'
    /// strongest attacks).
    fn headline_attack(&self, f: &FindingDoc) -> bool {
        self.registry.id(&f.detector).is_some_and(|id| {
            self.registry.get(id).headline && self.registry.attacks_listener(id, &f.category, false)
        })
    }

    /// The detectors of a role, by label, for headings ("blame", "validation").
    fn labels_of(&self, pick: impl Fn(&crate::lexicon::Detector) -> bool) -> String {
        let labels: Vec<String> = self
            .registry
            .display_order()
            .into_iter()
            .filter(|d| pick(d))
            .map(|d| d.label.clone())
            .collect();
        labels.join(" and ")
    }

    /// The class of a moments group: that of the first detector `pick` takes.
    fn group_class(&self, pick: impl Fn(&crate::lexicon::Detector) -> bool) -> String {
        self.registry
            .display_order()
            .into_iter()
            .find(|d| pick(d))
            .map_or_else(|| "g-other".into(), |d| format!("g-{}", d.name))
    }

    /// The style rules of every detector: background, underline pattern, colour (`--c`,
    /// which the mark's tag is written in), and the colour of its figure card and
    /// moments group. Colours are checked `#rrggbb` when the registry is built.
    fn css(&self) -> String {
        let mut css = String::new();
        for (_, d) in self.registry.iter() {
            let (c, bg, n) = (&d.colour, &d.background, &d.name);
            let line = match d.pattern {
                Pattern::Solid => format!("border-bottom: 2px solid {c};"),
                Pattern::Thin => format!("border-bottom: 1px solid {c};"),
                Pattern::Dotted => format!("border-bottom: 2px dotted {c};"),
                Pattern::Double => format!("border-bottom: 3px double {c};"),
                Pattern::Dashed => format!("border-bottom: 2px dashed {c};"),
                Pattern::Wavy => format!(
                    "text-decoration: underline wavy {c}; text-decoration-thickness: 1px; text-underline-offset: 3px;"
                ),
                Pattern::Hatched => format!(
                    "text-decoration: underline wavy {c}; text-decoration-thickness: 1px; text-underline-offset: 3px;"
                ),
            };
            let fill = if d.pattern == Pattern::Hatched {
                format!("background-image: repeating-linear-gradient(135deg, {bg} 0 3px, transparent 3px 6px);")
            } else {
                format!("background-color: {bg};")
            };
            let _ = writeln!(
                css,
                ".d-{n} {{ {fill} {line} --c: {c}; }}\n.g-{n} {{ --g: {c}; }} .card.g-{n} .card-value {{ color: {c}; }}"
            );
        }
        css
    }
}

fn counts(f: &FindingDoc) -> bool {
    !f.negated && f.suppressed.is_none()
}

/// `m:ss`, or `h:mm:ss` from an hour on.
fn clock(secs: f64) -> String {
    let s = secs.max(0.0).floor() as u64;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn fmt2(x: f32) -> String {
    format!("{x:.2}")
}

/// The validation level of a turn, 0 to 1: its counted weight of `repair` findings, squashed the
/// way hostility is.
fn validation_level(lk: &Look, turn: &TurnDoc) -> f32 {
    let w: f32 = turn
        .findings
        .iter()
        .filter(|f| counts(f) && lk.role(&f.detector) == Some(Role::Repair))
        .map(|f| f.weight)
        .sum();
    1.0 - (-w.max(0.0)).exp()
}

/// The whole page.
pub fn report(docs: &[SessionDoc], options: &HtmlOptions) -> String {
    let builtin;
    let registry = match &options.detectors {
        Some(r) => &**r,
        None => {
            builtin = builtin_registry();
            &*builtin
        }
    };
    let lk = &Look { registry };
    let mut h = String::with_capacity(64 * 1024);
    let title = options.title.clone().unwrap_or_else(|| match docs {
        [one] => format!("{} · turnscope report", one.session.id),
        _ => "turnscope report".to_string(),
    });
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched: the page is the whole report.
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    h.push_str("<meta name=\"generator\" content=\"turnscope ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str("\">\n<title>");
    escape_into(&mut h, &title);
    h.push_str("</title>\n<style>\n");
    h.push_str(CSS);
    h.push_str(&lk.css());
    h.push_str("</style>\n</head>\n<body>\n<header class=\"page\">\n<h1>");
    escape_into(&mut h, &title);
    h.push_str("</h1>\n<p class=\"sub\">");
    let turns: usize = docs.iter().map(|d| d.turns.len()).sum();
    let _ = write!(
        h,
        "{} session{}, {} turns · written by turnscope {} · ",
        docs.len(),
        if docs.len() == 1 { "" } else { "s" },
        turns,
        env!("CARGO_PKG_VERSION")
    );
    h.push_str("findings are marked where they were said; hover over a mark for its rule</p>\n");
    legend(&mut h, lk, docs);
    h.push_str("</header>\n<main>\n");
    if docs.len() > 1 {
        index(&mut h, lk, docs);
    }
    if docs.is_empty() {
        h.push_str("<p class=\"empty\">No session could be read.</p>\n");
    }
    for (n, doc) in docs.iter().enumerate() {
        session(&mut h, lk, n, doc);
    }
    h.push_str("</main>\n<footer>\n<p>Findings are language patterns matched by lexicons and context rules, not judgements of a person: read each in its context. ");
    h.push_str("Rates are per 100 words the speaker spoke; hostility, validation and tension run from 0 to 1. ");
    h.push_str("Turns are numbered from 1 here; the JSON and CSV <code>index</code> counts from 0.</p>\n</footer>\n</body>\n</html>\n");
    h
}

fn legend(h: &mut String, lk: &Look, docs: &[SessionDoc]) {
    let mut seen: Vec<String> = Vec::new();
    for d in docs {
        for det in &d.detectors {
            if !seen.contains(det) {
                seen.push(det.clone());
            }
        }
        for f in d.turns.iter().flat_map(|t| &t.findings) {
            if !seen.contains(&f.detector) {
                seen.push(f.detector.clone());
            }
        }
    }
    h.push_str("<dl class=\"legend\">\n");
    for d in lk.ordered(&seen) {
        let _ = writeln!(
            h,
            "<div><dt><span class=\"swatch {}\" data-tag=\"{}\">{}</span></dt><dd>{}</dd></div>",
            lk.class(&d),
            escape(&lk.tag(&d)),
            escape(&lk.label(&d)),
            escape(&lk.describe(&d))
        );
    }
    h.push_str("<div><dt><span class=\"swatch off\" data-tag=\"not counted\">finding</span></dt><dd>negated, or set aside by a context rule</dd></div>\n");
    h.push_str("</dl>\n");
}

fn index(h: &mut String, lk: &Look, docs: &[SessionDoc]) {
    let mut all: Vec<String> = Vec::new();
    for d in docs {
        for det in &d.detectors {
            if !all.contains(det) {
                all.push(det.clone());
            }
        }
    }
    // The headline detectors but the one escalation's score stands for.
    let heads: Vec<String> = lk
        .ordered(&all)
        .into_iter()
        .filter(|d| {
            lk.get(d).is_some_and(|d| {
                d.headline && d.rules.keys().all(|r| *r != SequenceRule::Escalation)
            })
        })
        .collect();
    h.push_str("<nav class=\"index\" aria-label=\"Sessions\">\n<h2>Sessions</h2>\n<table>\n<thead><tr><th>#</th><th>session</th><th>source</th><th class=\"num\">turns</th><th class=\"num\">words</th>");
    for d in &heads {
        let _ = write!(h, "<th class=\"num\">{}</th>", escape(&lk.label(d)));
    }
    h.push_str("<th class=\"num\">escalation score</th></tr></thead>\n<tbody>\n");
    for (n, doc) in docs.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td>{}</td><td><a href=\"#s{n}\">{}</a></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            n + 1,
            escape(&doc.session.id),
            escape(doc.session.source.as_deref().unwrap_or("")),
            doc.session.turns,
            doc.session.words,
        );
        for d in &heads {
            let count = doc
                .turns
                .iter()
                .flat_map(|t| &t.findings)
                .filter(|f| counts(f) && f.detector == *d)
                .count();
            let _ = write!(h, "<td class=\"num\">{count}</td>");
        }
        let _ = writeln!(
            h,
            "<td class=\"num\">{}</td></tr>",
            score_cell(doc.escalation.score)
        );
    }
    h.push_str("</tbody>\n</table>\n</nav>\n");
}

fn score_cell(score: f32) -> String {
    format!(
        "<span class=\"meter\" role=\"img\" aria-label=\"{s}\"><span style=\"width:{w:.0}%\"></span></span> {s}",
        s = fmt2(score),
        w = score.clamp(0.0, 1.0) * 100.0
    )
}

/// A speaker's position in order of first appearance, for their colour.
fn speaker_classes(doc: &SessionDoc) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for (i, s) in doc.speakers.iter().enumerate() {
        m.insert(s.speaker.clone(), i % 8);
    }
    for t in &doc.turns {
        let next = m.len() % 8;
        m.entry(t.speaker.clone()).or_insert(next);
    }
    m
}

fn session(h: &mut String, lk: &Look, n: usize, doc: &SessionDoc) {
    let sp = speaker_classes(doc);
    let _ = write!(h, "<section class=\"session\" id=\"s{n}\">\n<h2>");
    escape_into(h, &doc.session.id);
    h.push_str("</h2>\n<p class=\"src\">");
    let mut bits = Vec::new();
    if let Some(s) = &doc.session.source {
        bits.push(format!("<code>{}</code>", escape(s)));
    }
    if let Some(f) = &doc.session.format {
        bits.push(escape(f));
    }
    bits.push(format!("{} turns", doc.session.turns));
    bits.push(format!("{} words", doc.session.words));
    match doc.turns.last().map(|t| (t.start, t.end)) {
        Some((_, Some(end))) => bits.push(format!("{} long", clock(end))),
        Some((Some(start), None)) => bits.push(format!("last turn at {}", clock(start))),
        _ => {}
    }
    h.push_str(&bits.join(" · "));
    h.push_str("</p>\n");
    figures(h, lk, doc, &sp);
    problem_areas(h, lk, n, doc, &sp);
    timeline(h, lk, n, doc, &sp);
    moments(h, lk, n, doc);
    transcript(h, lk, n, doc, &sp);
    h.push_str("</section>\n");
}

fn figures(h: &mut String, lk: &Look, doc: &SessionDoc, sp: &BTreeMap<String, usize>) {
    let esc = &doc.escalation;
    h.push_str("<div class=\"figures\">\n<div class=\"cards\">\n<div class=\"card score\">\n<div class=\"card-label\">escalation score</div>\n");
    let _ = write!(
        h,
        "<div class=\"card-value\">{}<span class=\"of\"> / 1</span></div>\n<div class=\"meter big\" role=\"img\" aria-label=\"{} of 1\"><span style=\"width:{:.0}%\"></span></div>\n",
        fmt2(esc.score),
        fmt2(esc.score),
        esc.score.clamp(0.0, 1.0) * 100.0
    );
    let peak = esc.curve.iter().copied().fold(0.0f32, f32::max);
    let _ = write!(
        h,
        "<div class=\"card-note\">{} episode{} · peak tension {}</div>\n</div>\n",
        esc.episodes.len(),
        if esc.episodes.len() == 1 { "" } else { "s" },
        fmt2(peak)
    );
    let words = doc.session.words.max(1) as f32;
    let heads: Vec<String> = lk
        .ordered(&doc.detectors)
        .into_iter()
        .filter(|d| lk.get(d).is_some_and(|d| d.headline))
        .collect();
    for d in &heads {
        let d = d.as_str();
        let n = doc
            .turns
            .iter()
            .flat_map(|t| &t.findings)
            .filter(|f| counts(f) && f.detector == d)
            .count();
        let turns = doc
            .turns
            .iter()
            .filter(|t| t.findings.iter().any(|f| counts(f) && f.detector == d))
            .count();
        let _ = writeln!(
            h,
            "<div class=\"card g-{d}{}\"><div class=\"card-label\">{}</div><div class=\"card-value\">{n}</div><div class=\"card-note\">{:.1} per 100 words · in {turns} turn{}</div></div>",
            if n == 0 { " zero" } else { "" },
            escape(&lk.label(d)),
            n as f32 * 100.0 / words,
            if turns == 1 { "" } else { "s" }
        );
    }
    h.push_str("</div>\n");
    // The problem areas have a panel of their own, per speaker too.
    let dets: Vec<String> = lk
        .ordered(&doc.detectors)
        .into_iter()
        .filter(|d| doc.problem_areas.is_none() || lk.role(d) != Some(Role::Topic))
        .collect();
    h.push_str("<table class=\"speakers\">\n<caption>Per speaker: talk share, and findings per 100 words (count in brackets)</caption>\n<thead><tr><th>speaker</th><th class=\"num\">turns</th><th class=\"num\">words</th><th>talk share</th>");
    for d in &dets {
        let _ = write!(
            h,
            "<th class=\"num\"><span class=\"swatch {}\">{}</span></th>",
            lk.class(d),
            escape(&lk.label(d))
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for s in &doc.speakers {
        let _ = write!(
            h,
            "<tr><th scope=\"row\"><span class=\"chip sp{}\"></span>{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"share\"><span class=\"bar\"><span class=\"sp{}\" style=\"width:{:.1}%\"></span></span> {:.0}%</td>",
            sp.get(&s.speaker).copied().unwrap_or(0),
            escape(&s.speaker),
            s.turns,
            s.words,
            sp.get(&s.speaker).copied().unwrap_or(0),
            s.share.clamp(0.0, 1.0) * 100.0,
            s.share * 100.0
        );
        for d in &dets {
            match s.detectors.get(d) {
                Some(f) if f.count > 0 => {
                    let _ = write!(
                        h,
                        "<td class=\"num\">{:.1} <span class=\"n\">({})</span></td>",
                        f.per_100_words, f.count
                    );
                }
                _ => h.push_str("<td class=\"num zero\">0</td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</div>\n");
}

/// A share as a bar and a percentage.
fn share_bar(h: &mut String, class: &str, share: f32) {
    let _ = write!(
        h,
        "<td class=\"share\"><span class=\"bar {class}\"><span style=\"width:{:.1}%\"></span></span> {:.0}%</td>",
        share.clamp(0.0, 1.0) * 100.0,
        share * 100.0
    );
}

/// The problem-areas panel: per area the share of the session's turns and words that
/// speak of it, the dominant area with links to the turns that make it so, and each
/// speaker's shares and dominant area. Absent when the document has no `problem_areas`.
fn problem_areas(
    h: &mut String,
    lk: &Look,
    n: usize,
    doc: &SessionDoc,
    sp: &BTreeMap<String, usize>,
) {
    let Some(pa) = &doc.problem_areas else {
        return;
    };
    // Every problem area of the session's detectors, spoken of or not (the document lists
    // only those spoken of).
    let names: Vec<String> = lk
        .ordered(&doc.detectors)
        .into_iter()
        .filter(|d| lk.role(d) == Some(Role::Topic) || pa.areas.iter().any(|a| a.detector == *d))
        .collect();
    let none = AreaDoc {
        detector: String::new(),
        turns: 0,
        turn_share: 0.0,
        words: 0,
        word_share: 0.0,
        findings: 0,
        turn_indices: Vec::new(),
    };
    let area = |p: &'_ ProblemAreasDoc, name: &str| -> AreaDoc {
        p.areas
            .iter()
            .find(|a| a.detector == name)
            .cloned()
            .unwrap_or_else(|| AreaDoc {
                detector: name.to_string(),
                ..none.clone()
            })
    };
    let _ = write!(
        h,
        "<section class=\"areas\" id=\"s{n}-areas\">\n<h3>Problem areas</h3>\n<p class=\"note\">What the talk is about: the share of the session's turns that speak of each area (a counted finding of it), and of the words in those turns. The dominant area is spoken of in the most turns (ties: the most words), and in at least {}.</p>\n",
        pa.min_turns
    );
    h.push_str("<table class=\"areas-table\">\n<thead><tr><th>area</th><th class=\"num\">turns</th><th>share of turns</th><th>share of words</th><th class=\"num\">findings</th></tr></thead>\n<tbody>\n");
    for name in &names {
        let a = &area(pa, name);
        let d = a.detector.as_str();
        let dominant = pa.dominant.as_deref() == Some(d);
        let _ = write!(
            h,
            "<tr class=\"g-{}{}\" data-area=\"{}\"><th scope=\"row\"><span class=\"swatch {}\">{}</span>{}</th><td class=\"num\">{}</td>",
            escape(d),
            if dominant { " dominant" } else { "" },
            escape(d),
            lk.class(d),
            escape(&lk.label(d)),
            if dominant { " <span class=\"badge dom\">dominant</span>" } else { "" },
            a.turns
        );
        share_bar(h, "area-turns", a.turn_share);
        share_bar(h, "area-words", a.word_share);
        let _ = writeln!(h, "<td class=\"num\">{}</td></tr>", a.findings);
    }
    h.push_str("</tbody>\n</table>\n");
    match pa.dominant.as_deref() {
        Some(d) => {
            let area = pa.areas.iter().find(|a| a.detector == d);
            let _ = write!(
                h,
                "<div class=\"areas-dominant g-{}\">\n<p><strong>Dominant area: {}</strong> <span class=\"why\">spoken of in {} of {} turns; the evidence, turn by turn:</span></p>\n<ul class=\"evidence\">\n",
                escape(d),
                escape(&lk.label(d)),
                area.map_or(0, |a| a.turns),
                doc.turns.len()
            );
            let mut k = 0;
            while k < pa.evidence.len() {
                let turn = pa.evidence[k].turn;
                let same: Vec<_> = pa.evidence[k..]
                    .iter()
                    .take_while(|e| e.turn == turn)
                    .collect();
                k += same.len();
                let Some(t) = doc.turns.get(turn) else {
                    continue;
                };
                let first = same[0];
                let words: Vec<String> = same
                    .iter()
                    .map(|e| format!("<q>{}</q>", escape(&e.matched)))
                    .collect();
                let snippet_of = t.findings.get(first.finding).map_or_else(
                    || excerpt(&t.text, 160),
                    |f| snippet(&t.text, f.span.start, f.span.end),
                );
                let _ = writeln!(
                    h,
                    "<li>{} <span class=\"why\">{}</span><blockquote>{}</blockquote></li>",
                    turn_link(n, t),
                    words.join(", "),
                    snippet_of
                );
            }
            h.push_str("</ul>\n</div>\n");
        }
        None => {
            let _ = writeln!(
                h,
                "<p class=\"none\">No dominant area: none is spoken of in {} turns or more.</p>",
                pa.min_turns
            );
        }
    }
    // Per speaker: the share of their turns on each area, and their dominant one.
    let speakers: Vec<_> = doc
        .speakers
        .iter()
        .filter_map(|s| s.problem_areas.as_ref().map(|p| (s, p)))
        .collect();
    if !speakers.is_empty() {
        h.push_str("<table class=\"areas-speakers\">\n<caption>Per speaker: share of their turns that speak of each area</caption>\n<thead><tr><th>speaker</th>");
        for name in &names {
            let _ = write!(
                h,
                "<th class=\"num\"><span class=\"swatch {}\">{}</span></th>",
                lk.class(name),
                escape(&lk.label(name))
            );
        }
        h.push_str("<th>dominant</th></tr></thead>\n<tbody>\n");
        for (s, p) in speakers {
            let _ = write!(
                h,
                "<tr><th scope=\"row\"><span class=\"chip sp{}\"></span>{}</th>",
                sp.get(&s.speaker).copied().unwrap_or(0),
                escape(&s.speaker)
            );
            for name in &names {
                match p.areas.iter().find(|x| x.detector == *name) {
                    Some(x) if x.turns > 0 => {
                        let _ = write!(
                            h,
                            "<td class=\"num\">{:.0}% <span class=\"n\">({})</span></td>",
                            x.turn_share * 100.0,
                            x.turns
                        );
                    }
                    _ => h.push_str("<td class=\"num zero\">0</td>"),
                }
            }
            let _ = writeln!(
                h,
                "<td>{}</td></tr>",
                p.dominant
                    .as_deref()
                    .map_or_else(|| "none".to_string(), |d| escape(&lk.label(d)))
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
}

fn timeline(h: &mut String, lk: &Look, n: usize, doc: &SessionDoc, sp: &BTreeMap<String, usize>) {
    let turns = &doc.turns;
    let count = turns.len().max(1);
    let (w, ht) = (960.0f32, 250.0f32);
    let (left, right, top, bottom) = (40.0f32, 12.0f32, 22.0f32, 52.0f32);
    let pw = w - left - right;
    let ph = ht - top - bottom;
    let band = pw / count as f32;
    let x = |i: usize| left + (i as f32 + 0.5) * band;
    let y = |v: f32| top + (1.0 - v.clamp(0.0, 1.0)) * ph;
    let r = (band / 3.0).clamp(1.5, 4.5);

    h.push_str("<figure class=\"timeline\">\n");
    let _ = write!(
        h,
        "<svg viewBox=\"0 0 {w} {ht}\" width=\"100%\" role=\"img\" aria-labelledby=\"s{n}-chart-title\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"s{n}-chart-title\">Hostility and validation turn by turn, with the escalation curve; hatched: escalation episodes</title>\n"
    );
    let _ = writeln!(
        h,
        "<defs><pattern id=\"s{n}-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" class=\"ep-bg\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" class=\"ep-line\"/></pattern></defs>"
    );
    // Episodes first, under everything.
    for ep in &doc.escalation.episodes {
        let x0 = left + ep.first as f32 * band;
        let x1 = left + (ep.last + 1).min(count) as f32 * band;
        let _ = writeln!(
            h,
            "<g class=\"episode\"><rect x=\"{x0:.1}\" y=\"{top}\" width=\"{:.1}\" height=\"{ph}\" fill=\"url(#s{n}-hatch)\"><title>Escalation episode: turns {}–{}, peak at turn {} ({})</title></rect><text x=\"{:.1}\" y=\"{:.1}\" class=\"ep-label\">episode</text></g>",
            (x1 - x0).max(1.0),
            ep.first + 1,
            ep.last + 1,
            ep.peak + 1,
            fmt2(ep.intensity),
            x0 + 3.0,
            top - 6.0
        );
    }
    // Grid and axis.
    for v in [0.0f32, 0.5, 1.0] {
        let _ = writeln!(
            h,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" class=\"grid\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"end\">{}</text>",
            left + pw,
            y(v),
            y(v),
            left - 6.0,
            y(v) + 4.0,
            if v == 0.5 { "0.5".into() } else { format!("{v:.0}") }
        );
    }
    // Lines.
    let line = |vals: &mut dyn Iterator<Item = f32>| -> String {
        vals.enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !turns.is_empty() {
        let _ = write!(
            h,
            "<polyline class=\"l-tension\" points=\"{}\"/>\n<polyline class=\"l-validation\" points=\"{}\"/>\n<polyline class=\"l-hostility\" points=\"{}\"/>\n",
            line(&mut turns.iter().map(|t| t.escalation)),
            line(&mut turns.iter().map(|t| validation_level(lk, t))),
            line(&mut turns.iter().map(|t| t.hostility)),
        );
    }
    // Points: each turn's column links to the turn.
    let label_every = count.div_ceil(24).max(1);
    for (i, t) in turns.iter().enumerate() {
        let v = validation_level(lk, t);
        let _ = write!(
            h,
            "<a href=\"#s{n}-t{i}\" class=\"pt\"><title>Turn {} · {} · hostility {} · validation {} · tension {}</title><rect class=\"hit\" x=\"{:.1}\" y=\"{top}\" width=\"{band:.1}\" height=\"{:.1}\"/><rect class=\"p-validation\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/><circle class=\"p-hostility\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\"/>",
            i + 1,
            escape(&t.speaker),
            fmt2(t.hostility),
            fmt2(v),
            fmt2(t.escalation),
            left + i as f32 * band,
            ph + bottom - 20.0,
            x(i) - r * 0.85,
            y(v) - r * 0.85,
            r * 1.7,
            r * 1.7,
            x(i),
            y(t.hostility),
        );
        let _ = write!(
            h,
            "<rect class=\"strip sp{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"7\"/>",
            sp.get(&t.speaker).copied().unwrap_or(0),
            left + i as f32 * band + 0.5,
            top + ph + 6.0,
            (band - 1.0).max(0.5)
        );
        if i % label_every == 0 || i + 1 == turns.len() {
            let _ = write!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text>",
                x(i),
                top + ph + 28.0,
                i + 1
            );
        }
        h.push_str("</a>\n");
    }
    let _ = writeln!(
        h,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">turn (coloured strip: speaker)</text>",
        left + pw / 2.0,
        ht - 6.0
    );
    h.push_str("</svg>\n<figcaption><span class=\"key k-hostility\">hostility</span> <span class=\"key k-validation\">validation</span> <span class=\"key k-tension\">escalation curve (tension)</span> <span class=\"key k-episode\">escalation episode</span> <span class=\"hint\">Each column links to its turn.</span></figcaption>\n</figure>\n");
}

/// A window of the turn's text around `span`, cut at sentence ends (or after about 90
/// characters on either side, marked `…`), with the span in `<b>`.
fn snippet(text: &str, start: usize, end: usize) -> String {
    if start > end || text.get(start..end).is_none() {
        return excerpt(text, 160);
    }
    let sentence_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let mut a = start;
    let mut cut_before = false;
    let mut steps = 0;
    while a > 0 {
        let prev = text[..a].chars().next_back().unwrap();
        if sentence_end(prev) && a < start {
            break;
        }
        if steps == 90 {
            cut_before = true;
            break;
        }
        a -= prev.len_utf8();
        steps += 1;
    }
    let mut b = end;
    let mut cut_after = false;
    steps = 0;
    while b < text.len() {
        if steps == 90 {
            cut_after = true;
            break;
        }
        let c = text[b..].chars().next().unwrap();
        b += c.len_utf8();
        steps += 1;
        if sentence_end(c) {
            break;
        }
    }
    let mut out = String::new();
    if cut_before {
        out.push('…');
    }
    escape_into(&mut out, text[a..start].trim_start());
    out.push_str("<b>");
    escape_into(&mut out, &text[start..end]);
    out.push_str("</b>");
    escape_into(&mut out, text[end..b].trim_end());
    if cut_after {
        out.push('…');
    }
    out
}

/// The start of `text`, at most about `max` characters, cut at a word boundary with `…`.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        None => escape(text),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = head.rfind(' ').map(|i| &head[..i]).unwrap_or(head);
            format!("{}…", escape(head.trim_end()))
        }
    }
}

/// The last question in `text` (the sentence ending in `?`), if any.
fn last_question(text: &str) -> Option<&str> {
    let q = text.rfind('?')?;
    let head = &text[..q];
    let start = head
        .rfind(['.', '!', '?', '\n'])
        .map(|i| i + 1)
        .unwrap_or(0);
    Some(text[start..=q].trim())
}

fn turn_link(n: usize, t: &TurnDoc) -> String {
    format!(
        "<a href=\"#s{n}-t{}\">turn {} · {}</a>",
        t.index,
        t.index + 1,
        escape(&t.speaker)
    )
}

fn moments(h: &mut String, lk: &Look, n: usize, doc: &SessionDoc) {
    let turns = &doc.turns;
    h.push_str("<section class=\"moments\">\n<h3>Moments worth reviewing</h3>\n<div class=\"moment-groups\">\n");

    // The strongest attacks on the listener, of the headline detectors (blame).
    let attack_labels = lk.labels_of(|d| d.headline && d.role == Role::Attack && d.listener);
    let mut blame: Vec<(&TurnDoc, &FindingDoc)> = turns
        .iter()
        .flat_map(|t| t.findings.iter().map(move |f| (t, f)))
        .filter(|(_, f)| counts(f) && lk.headline_attack(f))
        .collect();
    blame.sort_by(|a, b| {
        b.1.weight
            .partial_cmp(&a.1.weight)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.index.cmp(&b.0.index))
    });
    group_start(
        h,
        &lk.group_class(|d| d.headline && d.role == Role::Attack),
        &format!("Strongest {attack_labels}"),
        "by weight, strongest first",
    );
    for (t, f) in blame.iter().take(3) {
        let _ = writeln!(
            h,
            "<li>{} <span class=\"why\">{}, weight {}</span><blockquote>{}</blockquote></li>",
            turn_link(n, t),
            escape(&f.category.replace('_', " ")),
            fmt2(f.weight),
            snippet(&t.text, f.span.start, f.span.end)
        );
    }
    group_end(h, blame.is_empty(), &format!("No counted {attack_labels}."));

    // Escalation peaks.
    group_start(
        h,
        &lk.group_class(|d| d.rules.contains_key(&SequenceRule::Escalation)),
        "Escalation peaks",
        "the peak of each episode of rising hostility",
    );
    for ep in &doc.escalation.episodes {
        let Some(t) = turns.get(ep.peak) else {
            continue;
        };
        let _ = writeln!(
            h,
            "<li>{} <span class=\"why\">tension {}; episode over turns {}–{} between {}{}</span><blockquote>{}</blockquote></li>",
            turn_link(n, t),
            fmt2(ep.intensity),
            ep.first + 1,
            ep.last + 1,
            escape(&ep.speakers.join(", ")),
            if ep.reciprocal { ", hostility answered with hostility" } else { "" },
            excerpt(&t.text, 160)
        );
    }
    group_end(
        h,
        doc.escalation.episodes.is_empty(),
        "No escalation episode.",
    );

    // Validation after a hostile turn of someone else (the turn before, or the one before that).
    let mut repairs = Vec::new();
    for (i, t) in turns.iter().enumerate() {
        let Some(v) = t
            .findings
            .iter()
            .find(|f| counts(f) && lk.role(&f.detector) == Some(Role::Repair))
        else {
            continue;
        };
        let hostile = (i.saturating_sub(2)..i)
            .rev()
            .map(|j| &turns[j])
            .find(|p| p.hostility >= HOSTILE && p.speaker != t.speaker);
        if let Some(p) = hostile {
            repairs.push((t, v, p));
        }
    }
    group_start(
        h,
        &lk.group_class(|d| d.role == Role::Repair),
        "Validation after hostility",
        "validating replies within two turns of someone else's hostile turn",
    );
    for (t, v, p) in &repairs {
        let _ = writeln!(
            h,
            "<li>{} <span class=\"why\">after hostile {} (hostility {})</span><blockquote>{}</blockquote></li>",
            turn_link(n, t),
            turn_link(n, p),
            fmt2(p.hostility),
            snippet(&t.text, v.span.start, v.span.end)
        );
    }
    group_end(
        h,
        repairs.is_empty(),
        "No validating reply to a hostile turn.",
    );

    // Avoided questions: avoidance in the reply to someone else's question.
    let mut avoided = Vec::new();
    for (i, t) in turns.iter().enumerate().skip(1) {
        let p = &turns[i - 1];
        if p.speaker == t.speaker {
            continue;
        }
        let Some(q) = last_question(&p.text) else {
            continue;
        };
        if let Some(f) = t
            .findings
            .iter()
            .find(|f| counts(f) && lk.role(&f.detector) == Some(Role::Avoidance))
        {
            avoided.push((t, f, p, q));
        }
    }
    group_start(
        h,
        &lk.group_class(|d| d.role == Role::Avoidance),
        "Avoided questions",
        "avoidance in the reply to a question",
    );
    for (t, f, p, q) in &avoided {
        let _ = writeln!(
            h,
            "<li>{} <span class=\"why\">{} to {}</span><blockquote class=\"q\">{}</blockquote><blockquote>{}</blockquote></li>",
            turn_link(n, t),
            escape(&f.category.replace('_', " ")),
            turn_link(n, p),
            escape(q),
            snippet(&t.text, f.span.start, f.span.end)
        );
    }
    group_end(h, avoided.is_empty(), "No avoided question.");
    h.push_str("</div>\n</section>\n");
}

fn group_start(h: &mut String, class: &str, title: &str, note: &str) {
    let _ = write!(
        h,
        "<div class=\"moment-group {class}\">\n<h4>{title}</h4>\n<p class=\"note\">{note}</p>\n<ul class=\"moments-list\">\n"
    );
}

fn group_end(h: &mut String, empty: bool, none: &str) {
    if empty {
        let _ = writeln!(h, "<li class=\"none\">{none}</li>");
    }
    h.push_str("</ul>\n</div>\n");
}

fn transcript(h: &mut String, lk: &Look, n: usize, doc: &SessionDoc, sp: &BTreeMap<String, usize>) {
    let in_episode = |i: usize| {
        doc.escalation
            .episodes
            .iter()
            .any(|e| e.first <= i && i <= e.last)
    };
    h.push_str("<section class=\"transcript\">\n<h3>Transcript</h3>\n<ol class=\"turns\">\n");
    for (i, t) in doc.turns.iter().enumerate() {
        let mut classes = format!("turn sp{}", sp.get(&t.speaker).copied().unwrap_or(0));
        if in_episode(i) {
            classes.push_str(" in-episode");
        }
        let _ = write!(
            h,
            "<li id=\"s{n}-t{i}\" class=\"{classes}\">\n<div class=\"turn-head\"><a class=\"turn-no\" href=\"#s{n}-t{i}\" aria-label=\"turn {}\">{}</a><span class=\"speaker\"><span class=\"chip sp{}\"></span>{}</span>",
            i + 1,
            i + 1,
            sp.get(&t.speaker).copied().unwrap_or(0),
            escape(&t.speaker)
        );
        match (t.start, t.end) {
            (Some(s), Some(e)) => {
                let _ = write!(h, "<span class=\"time\">{}–{}</span>", clock(s), clock(e));
            }
            (Some(s), None) => {
                let _ = write!(h, "<span class=\"time\">{}</span>", clock(s));
            }
            _ => {}
        }
        if in_episode(i) {
            h.push_str("<span class=\"badge ep\">escalation episode</span>");
        }
        if t.hostility > 0.0 || t.escalation > 0.0 {
            let _ = write!(
                h,
                "<span class=\"levels\">hostility {} · tension {}</span>",
                fmt2(t.hostility),
                fmt2(t.escalation)
            );
        }
        h.push_str("</div>\n<p class=\"text\">");
        let stray = marked_text(h, lk, &format!("s{n}-t{i}"), &t.text, &t.findings);
        h.push_str("</p>\n");
        if !stray.is_empty() {
            h.push_str("<p class=\"stray\">Findings whose span is not in the text: ");
            let list: Vec<String> = stray
                .iter()
                .map(|f| {
                    format!(
                        "{} <q>{}</q> ({})",
                        escape(&f.detector),
                        escape(&f.matched),
                        escape(&f.rule)
                    )
                })
                .collect();
            h.push_str(&list.join("; "));
            h.push_str("</p>\n");
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n</section>\n");
}

fn open_mark(h: &mut String, lk: &Look, id: &str, f: &FindingDoc) {
    let counted = counts(f);
    let mut title = format!(
        "{} · {} · rule {} · weight {}",
        lk.label(&f.detector),
        f.category.replace('_', " "),
        f.rule,
        fmt2(f.weight)
    );
    if (f.intensity - 1.0).abs() > 1e-3 {
        let _ = write!(title, " (intensity ×{})", fmt2(f.intensity));
    }
    if f.negated {
        title.push_str(" · negated: does not count");
    } else if let Some(s) = &f.suppressed {
        let _ = write!(title, " · set aside ({s}): does not count");
    }
    let tag = if counted {
        lk.tag(&f.detector)
    } else {
        format!("{} · not counted", lk.tag(&f.detector))
    };
    let _ = write!(
        h,
        "<mark id=\"{id}\" data-detector=\"{}\" data-rule=\"{}\" data-category=\"{}\" data-weight=\"{}\" data-span=\"{}-{}\" data-tag=\"{}\" class=\"{}{}\" title=\"{}\">",
        escape(&f.detector),
        escape(&f.rule),
        escape(&f.category),
        fmt2(f.weight),
        f.span.start,
        f.span.end,
        escape(&tag),
        lk.class(&f.detector),
        if counted { "" } else { " off" },
        escape(&title)
    );
}

/// Writes `text` with a mark around each finding's span. Returns the findings whose span
/// does not fit the text.
fn marked_text<'a>(
    h: &mut String,
    lk: &Look,
    id_prefix: &str,
    text: &str,
    findings: &'a [FindingDoc],
) -> Vec<&'a FindingDoc> {
    let mut stray = Vec::new();
    // (start, end, finding index), outer before inner: by start, then longest first.
    let mut items: Vec<(usize, usize, usize)> = Vec::new();
    for (k, f) in findings.iter().enumerate() {
        let (s, e) = (f.span.start, f.span.end);
        if s < e && text.get(s..e).is_some() {
            items.push((s, e, k));
        } else {
            stray.push(f);
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));

    let mut bounds: Vec<usize> = items.iter().flat_map(|&(s, e, _)| [s, e]).collect();
    bounds.push(text.len());
    bounds.sort_unstable();
    bounds.dedup();

    // Open elements: (end, finding index, whether it is a continuation `span`).
    let mut stack: Vec<(usize, usize, bool)> = Vec::new();
    let mut next = 0;
    let mut pos = 0;
    for b in bounds {
        escape_into(h, &text[pos..b]);
        pos = b;
        // Close what ends here; whatever sits above it and goes on is closed and reopened
        // as a continuation.
        if let Some(lowest) = stack.iter().position(|&(end, _, _)| end == b) {
            let mut reopen = Vec::new();
            while stack.len() > lowest {
                let (end, k, cont) = stack.pop().unwrap();
                h.push_str(if cont { "</span>" } else { "</mark>" });
                if end > b {
                    reopen.push((end, k));
                }
            }
            for (end, k) in reopen.into_iter().rev() {
                let f = &findings[k];
                let _ = write!(
                    h,
                    "<span class=\"mark-cont {}{}\" data-of=\"{id_prefix}-f{k}\">",
                    lk.class(&f.detector),
                    if counts(f) { "" } else { " off" }
                );
                stack.push((end, k, true));
            }
        }
        while next < items.len() && items[next].0 == b {
            let (_, e, k) = items[next];
            open_mark(h, lk, &format!("{id_prefix}-f{k}"), &findings[k]);
            stack.push((e, k, false));
            next += 1;
        }
    }
    debug_assert!(stack.is_empty() && pos == text.len());
    stray
}

const CSS: &str = include_str!("report.css");
