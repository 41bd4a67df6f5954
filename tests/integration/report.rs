//! The HTML report: every finding marked exactly once, escaping, no external references,
//! and a real browser (headless Chromium) rendering it, fetching nothing, with a
//! screenshot saved under `target/`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use turnscope::report::json::{FindingDoc, SpanDoc};
use turnscope::report::{html, SessionDoc};

use crate::dom::{self, El};
use crate::{example, root, turnscope};

/// A ConvoKit file whose text, speakers and conversation id are full of markup.
const HOSTILE_MARKUP: &str = r#"{"id": "u1", "conversation_id": "c<1>&\"2\"", "speaker": "<img src=x onerror=alert(1)>", "reply_to": null, "timestamp": 1, "text": "<script>alert(\"hi\")</script> You always do this & it's your fault! <b>bold</b> 'single' \"double\"", "meta": {}}
{"id": "u2", "conversation_id": "c<1>&\"2\"", "speaker": "B&B", "reply_to": "u1", "timestamp": 2, "text": "I hear you <3 & I'm sorry. a < b > c &amp; &lt;", "meta": {}}
"#;

fn docs_of(args: &[&str]) -> Vec<SessionDoc> {
    let mut full = vec!["analyze", "--format", "jsonl"];
    full.extend_from_slice(args);
    let out = turnscope(&full);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn report_of(args: &[&str], dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let mut full = vec!["report", "-o", path.to_str().unwrap()];
    full.extend_from_slice(args);
    let out = turnscope(&full);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&path).unwrap();
    (path, page)
}

fn fixture(dir: &Path) -> PathBuf {
    let p = dir.join("markup.jsonl");
    std::fs::write(&p, HOSTILE_MARKUP).unwrap();
    p
}

/// The text of a finding's mark and its continuations, by mark id.
fn mark_texts(els: &[El]) -> std::collections::BTreeMap<String, String> {
    let mut m = std::collections::BTreeMap::new();
    for e in els {
        if e.name == "mark" {
            let id = e.attr("id").expect("every mark has an id").to_string();
            assert!(
                m.insert(id.clone(), e.text.clone()).is_none(),
                "one mark per id: {id}"
            );
        }
    }
    for e in els {
        if let Some(of) = e.attr("data-of") {
            m.get_mut(of)
                .expect("a continuation follows its mark")
                .push_str(&e.text);
        }
    }
    m
}

/// What every rendering of a report must show for `docs`: one mark per finding around
/// exactly its text, the turns' text verbatim, a chart and moments per session, and
/// internal links that all land.
fn check_page(els: &[El], docs: &[SessionDoc]) {
    let marks: Vec<&El> = els.iter().filter(|e| e.name == "mark").collect();
    let findings: usize = docs
        .iter()
        .flat_map(|d| &d.turns)
        .map(|t| t.findings.len())
        .sum();
    assert_eq!(marks.len(), findings, "exactly one mark per finding");
    let texts = mark_texts(els);
    for (n, d) in docs.iter().enumerate() {
        for t in &d.turns {
            for (k, f) in t.findings.iter().enumerate() {
                let id = format!("s{n}-t{}-f{k}", t.index);
                let m = marks
                    .iter()
                    .find(|m| m.attr("id") == Some(&id))
                    .unwrap_or_else(|| panic!("a mark for {id}"));
                assert_eq!(m.attr("data-detector"), Some(f.detector.as_str()), "{id}");
                assert_eq!(m.attr("data-rule"), Some(f.rule.as_str()), "{id}");
                assert_eq!(texts[&id], f.matched, "{id} covers exactly its span");
                assert_eq!(
                    m.attr("data-span"),
                    Some(format!("{}-{}", f.span.start, f.span.end).as_str())
                );
                let title = m.attr("title").unwrap();
                assert!(
                    title.contains(&f.rule) && title.contains("weight"),
                    "{title}"
                );
            }
        }
    }
    // The turns' text, verbatim, in order.
    let shown: Vec<&str> = els
        .iter()
        .filter(|e| e.name == "p" && e.has_class("text"))
        .map(|e| e.text.as_str())
        .collect();
    let expected: Vec<&str> = docs
        .iter()
        .flat_map(|d| &d.turns)
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(shown, expected);
    // Inside a turn's text there is nothing but marks and their continuations.
    for (i, e) in els.iter().enumerate() {
        if dom::inside(els, i, |p| p.name == "p" && p.has_class("text")) {
            assert!(
                e.name == "mark" || (e.name == "span" && e.attr("data-of").is_some()),
                "unexpected <{}> in a turn",
                e.name
            );
        }
    }
    assert!(!els.iter().any(|e| e.name == "script"), "no script element");

    let ids: std::collections::BTreeSet<&str> = els.iter().filter_map(|e| e.attr("id")).collect();
    for (n, d) in docs.iter().enumerate() {
        assert!(ids.contains(format!("s{n}").as_str()));
        // The chart: one linked column per turn, hostility and validation lines, episodes.
        let svgs: Vec<usize> = (0..els.len())
            .filter(|&i| {
                els[i].name == "svg"
                    && dom::inside(els, i, |p| {
                        p.name == "section" && p.attr("id") == Some(&format!("s{n}"))
                    })
                    && dom::inside(els, i, |p| p.has_class("timeline"))
            })
            .collect();
        assert_eq!(svgs.len(), 1, "one timeline for session {n}");
        let in_svg = |i: usize| {
            dom::inside(els, i, |p| p.name == "svg") && {
                let mut k = i;
                while els[k].name != "svg" {
                    k = els[k].parent.unwrap();
                }
                k == svgs[0]
            }
        };
        let links: Vec<&str> = (0..els.len())
            .filter(|&i| els[i].name == "a" && in_svg(i))
            .filter_map(|i| els[i].attr("href"))
            .collect();
        let want: Vec<String> = (0..d.turns.len()).map(|i| format!("#s{n}-t{i}")).collect();
        assert_eq!(links, want, "each point links to its turn");
        let count = |pred: &dyn Fn(&El) -> bool| {
            (0..els.len())
                .filter(|&i| in_svg(i) && pred(&els[i]))
                .count()
        };
        assert_eq!(
            count(&|e| e.name == "circle" && e.has_class("p-hostility")),
            d.turns.len()
        );
        assert_eq!(
            count(&|e| e.name == "rect" && e.has_class("p-validation")),
            d.turns.len()
        );
        assert_eq!(
            count(&|e| e.name == "polyline" && e.has_class("l-hostility")),
            1
        );
        assert_eq!(
            count(&|e| e.name == "polyline" && e.has_class("l-validation")),
            1
        );
        assert_eq!(
            count(&|e| e.name == "g" && e.has_class("episode")),
            d.escalation.episodes.len()
        );
        // The moments: four groups, and a link for each strong moment.
        let groups = (0..els.len())
            .filter(|&i| {
                els[i].has_class("moment-group")
                    && dom::inside(els, i, |p| p.attr("id") == Some(&format!("s{n}")))
            })
            .count();
        assert_eq!(groups, 4);
        // The problem areas: a row per area, and a link to each turn of the evidence.
        if let Some(pa) = &d.problem_areas {
            let panel = format!("s{n}-areas");
            let in_panel = |i: usize| dom::inside(els, i, |p| p.attr("id") == Some(&panel));
            assert!(
                ids.contains(panel.as_str()),
                "a problem-areas panel for session {n}"
            );
            let rows: Vec<&str> = (0..els.len())
                .filter(|&i| els[i].name == "tr" && in_panel(i))
                .filter_map(|i| els[i].attr("data-area"))
                .collect();
            // Every built-in area, spoken of or not.
            assert_eq!(rows, ["grief", "role_transition", "dispute", "deficit"]);
            for a in &pa.areas {
                assert!(rows.contains(&a.detector.as_str()));
            }
            let links: Vec<&str> = (0..els.len())
                .filter(|&i| {
                    els[i].name == "a"
                        && in_panel(i)
                        && dom::inside(els, i, |p| p.has_class("evidence"))
                })
                .filter_map(|i| els[i].attr("href"))
                .collect();
            let mut want: Vec<String> = pa
                .evidence
                .iter()
                .map(|e| format!("#s{n}-t{}", e.turn))
                .collect();
            want.dedup();
            assert_eq!(links, want, "a link per evidence turn");
            let dominant = (0..els.len())
                .filter(|&i| els[i].name == "tr" && in_panel(i) && els[i].has_class("dominant"))
                .filter_map(|i| els[i].attr("data-area"))
                .collect::<Vec<_>>();
            assert_eq!(
                dominant,
                pa.dominant.as_deref().into_iter().collect::<Vec<_>>()
            );
        }
    }
    // Every internal link lands.
    for e in els {
        if let Some(href) = e.attr("href") {
            let target = href
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("external link {href}"));
            assert!(ids.contains(target), "{href} lands");
        }
    }
}

/// No reference to anything outside the page, read from its elements (the transcript
/// may well say `src=` or `https://` as text): no element that loads something, no `src`,
/// no `href` but to a fragment, no attribute or style naming a URL, no `url()` but to a
/// fragment, no `@import`; and a CSP that forbids fetching.
fn check_self_contained(page: &str) {
    let els = dom::parse(page);
    for e in &els {
        assert!(
            ![
                "script", "link", "img", "iframe", "object", "embed", "video", "audio", "image",
                "use", "base"
            ]
            .contains(&e.name.as_str()),
            "the page has a <{}>",
            e.name
        );
        for (k, v) in &e.attrs {
            assert!(k != "src" && k != "srcset" && k != "background", "{k}={v}");
            if k == "href" || k == "xlink:href" {
                assert!(v.starts_with('#'), "external {k}={v}");
            }
            if k == "xmlns" {
                assert_eq!(v, "http://www.w3.org/2000/svg");
                continue;
            }
            if k == "style" || k == "fill" {
                let v = v.to_ascii_lowercase();
                for (i, _) in v.match_indices("url(") {
                    assert!(v[i + 4..].starts_with('#'), "{k}={v}");
                }
            }
            if !matches!(
                k.as_str(),
                "title" | "data-rule" | "aria-label" | "data-tag"
            ) {
                assert!(!v.contains("://"), "{k}={v}");
            }
        }
        if e.name == "style" {
            let css = e.text.to_ascii_lowercase();
            assert!(
                !css.contains("@import") && !css.contains("://"),
                "CSS fetches"
            );
            for (i, _) in css.match_indices("url(") {
                assert!(css[i + 4..].starts_with('#'), "CSS url()");
            }
        }
    }
    let csp = els
        .iter()
        .find(|e| e.name == "meta" && e.attr("http-equiv") == Some("Content-Security-Policy"))
        .expect("a CSP meta tag");
    assert!(csp
        .attr("content")
        .unwrap()
        .starts_with("default-src 'none'"));
}

#[test]
fn every_finding_is_marked_once_around_its_span() {
    let dir = tempfile::tempdir().unwrap();
    let markup = fixture(dir.path());
    let inputs = [
        example("couple-session.txt"),
        example("fight.vtt"),
        example("calm.srt"),
        example("support-chats.jsonl"),
        markup,
        root().join("tests/fixtures/problem-areas/grief-2.txt"),
    ];
    let mut args: Vec<&str> = vec!["--explain"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    let docs = docs_of(&args);
    assert_eq!(docs.len(), 7);
    assert_eq!(
        docs[6].problem_areas.as_ref().unwrap().dominant.as_deref(),
        Some("grief")
    );
    let (_, page) = report_of(&args, dir.path(), "r.html");
    check_self_contained(&page);
    let els = dom::parse(&page);
    check_page(&els, &docs);
    // Several sessions: an index linking to each.
    let index: Vec<&str> = els
        .iter()
        .enumerate()
        .filter(|(i, e)| e.name == "a" && dom::inside(&els, *i, |p| p.has_class("index")))
        .filter_map(|(_, e)| e.attr("href"))
        .collect();
    assert_eq!(index, ["#s0", "#s1", "#s2", "#s3", "#s4", "#s5", "#s6"]);
}

#[test]
fn transcript_markup_renders_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let markup = fixture(dir.path());
    let docs = docs_of(&[markup.to_str().unwrap()]);
    let (_, page) = report_of(&[markup.to_str().unwrap()], dir.path(), "r.html");
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<img src=x"));
    assert!(page.contains("&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;"));
    assert!(page.contains("a &lt; b &gt; c &amp;amp; &amp;lt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(page.contains("<h2>c&lt;1&gt;&amp;&quot;2&quot;</h2>"));
    let els = dom::parse(&page);
    check_page(&els, &docs);
    let speakers: Vec<&str> = els
        .iter()
        .filter(|e| e.has_class("speaker"))
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(speakers, ["<img src=x onerror=alert(1)>", "B&B"]);
    // The blame in the marked-up turn is still found and marked at its bytes.
    assert!(docs[0].turns[0]
        .findings
        .iter()
        .any(|f| f.detector == "blame"));
}

fn doc_with(text: &str, spans: &[(&str, usize, usize)]) -> SessionDoc {
    let t = turnscope::Transcript::new(
        "x.txt",
        vec![turnscope::Turn {
            speaker: "A".into(),
            text: text.into(),
            ..Default::default()
        }],
    );
    static ENGINE: std::sync::OnceLock<turnscope::Engine> = std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(turnscope::Engine::new);
    let mut doc = turnscope::report::session_document(
        &t,
        &engine.analyze(&t),
        Default::default(),
        Default::default(),
    );
    doc.turns[0].findings = spans
        .iter()
        .map(|&(detector, start, end)| FindingDoc {
            detector: detector.into(),
            category: "c".into(),
            rule: format!("{detector}:rule"),
            matched: text.get(start..end).unwrap_or("").into(),
            span: SpanDoc { start, end },
            char_span: SpanDoc { start, end },
            negated: false,
            weight: 1.0,
            intensity: 1.0,
            suppressed: None,
        })
        .collect();
    doc
}

#[test]
fn nested_and_crossing_spans_each_get_one_exact_mark() {
    //          0         1         2         3
    //          0123456789012345678901234567890123456
    let text = "You always & <never> listen, do you?";
    let spans = [
        ("blame", 0, 10),
        ("escalation", 0, 10),  // the same span: nested
        ("hostility", 4, 10),   // inside, ending together
        ("avoidance", 7, 20),   // crosses the first three
        ("validation", 13, 27), // crosses avoidance
        ("self_blame", 14, 19), // inside both
        ("third_party_blame", 29, 36),
    ];
    let doc = doc_with(text, &spans);
    let page = html::report(std::slice::from_ref(&doc), &html::HtmlOptions::default());
    let els = dom::parse(&page);
    check_page(&els, std::slice::from_ref(&doc));
    // The crossing ones continue in a span right after their mark.
    assert!(els.iter().any(|e| e.attr("data-of") == Some("s0-t0-f3")));
    assert!(els.iter().any(|e| e.attr("data-of") == Some("s0-t0-f4")));
    // The nested ones need none.
    for k in [0, 1, 2, 5, 6] {
        let id = format!("s0-t0-f{k}");
        assert!(!els.iter().any(|e| e.attr("data-of") == Some(&id)), "{id}");
    }
}

#[test]
fn a_span_off_the_text_is_listed_not_marked() {
    let text = "Café au lait, you never listen";
    let mut doc = doc_with(text, &[("blame", 14, 23)]);
    let off = FindingDoc {
        span: SpanDoc { start: 3, end: 4 }, // inside the two bytes of é
        matched: "?".into(),
        ..doc.turns[0].findings[0].clone()
    };
    doc.turns[0].findings.push(off);
    let page = html::report(std::slice::from_ref(&doc), &html::HtmlOptions::default());
    let els = dom::parse(&page);
    assert_eq!(els.iter().filter(|e| e.name == "mark").count(), 1);
    let stray = els.iter().find(|e| e.has_class("stray")).unwrap();
    assert!(stray.text.contains("blame:rule"));
    let shown = els.iter().find(|e| e.has_class("text")).unwrap();
    assert_eq!(shown.text, text);
}

#[test]
fn no_session_still_writes_a_page() {
    let page = html::report(&[], &html::HtmlOptions::default());
    assert!(page.contains("No session could be read."));
    check_self_contained(&page);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("empty.txt");
    std::fs::write(&bad, "").unwrap();
    let out_path = dir.path().join("r.html");
    let out = turnscope(&[
        "report",
        bad.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(std::fs::read_to_string(out_path)
        .unwrap()
        .contains("No session could be read."));
}

#[test]
fn report_help_names_its_options() {
    let out = turnscope(&["report", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--output",
        "--input-format",
        "--lexicons",
        "--title",
        "--explain",
    ] {
        assert!(help.contains(flag), "{flag} in help");
    }
    assert!(help.contains("offline"));
}

// ---- A real browser ------------------------------------------------------------------

/// Headless Chromium, where it is installed (`TURNSCOPE_CHROMIUM` names another binary).
pub(crate) fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TURNSCOPE_CHROMIUM") {
        let p = PathBuf::from(p);
        return p.exists().then_some(p);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Runs Chromium headless on `url` with a fresh profile and every background service off;
/// every host name resolves to nothing, so even a request that slipped through could not
/// leave the machine. `extra` adds flags. Returns standard output.
pub(crate) fn run_chromium(bin: &Path, extra: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = out.join().unwrap();
    let err = err.join().unwrap();
    assert!(status.success(), "chromium failed: {status}\n{err}");
    out
}

/// The URLs of the requests a page made, read from Chromium's NetLog: URL requests whose
/// network isolation key is a `file://` page (Chromium's own background requests carry
/// another key, or none).
pub(crate) fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).unwrap();
    // A log cut short by the browser's exit misses its closing brackets.
    let log: Value = serde_json::from_str(&text)
        .or_else(|_| {
            let t = text.trim_end().trim_end_matches(',');
            serde_json::from_str(&format!("{t}]}}"))
        })
        .expect("the NetLog is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .expect("the NetLog names URL_REQUEST_START_JOB");
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| {
            e["params"]["network_isolation_key"]
                .as_str()
                .is_some_and(|k| k.contains("file://"))
        })
        .filter_map(|e| e["params"]["url"].as_str().map(String::from))
        .collect()
}

pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

#[test]
fn renders_in_chromium_fetches_nothing_and_leaves_a_screenshot() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium: .ci/run installs it"
        );
        println!("skipping the browser test: no chromium (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let markup = fixture(dir.path());
    let inputs = [
        example("couple-session.txt"),
        example("fight.vtt"),
        markup.clone(),
        root().join("tests/fixtures/problem-areas/mixed-3.txt"),
    ];
    let args: Vec<&str> = inputs.iter().map(|p| p.to_str().unwrap()).collect();
    let docs = docs_of(&args);
    let (page, _) = report_of(&args, dir.path(), "report.html");
    let url = format!("file://{}", page.display());

    // 1. The DOM the browser built: every finding marked once, the chart, the moments,
    //    the markup of the transcript as text. The NetLog records every request.
    let netlog = dir.path().join("netlog.json");
    let dumped = run_chromium(
        &bin,
        &[
            format!("--log-net-log={}", netlog.display()),
            "--net-log-capture-mode=Default".into(),
            "--dump-dom".into(),
        ],
        &url,
    );
    assert!(dumped.contains("<mark"), "the browser rendered the report");
    let els = dom::parse(&dumped);
    check_page(&els, &docs);
    check_self_contained(&dumped);

    // 2. It fetched nothing. The check is live: a page with external references, loaded
    //    the same way, shows them in its NetLog.
    let requests = page_requests(&netlog);
    assert!(requests.is_empty(), "the report fetched {requests:?}");
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><link rel=stylesheet href=\"https://fonts.example.invalid/a.css\"><img src=\"http://example.invalid/a.png\">",
    )
    .unwrap();
    let control_log = dir.path().join("control-netlog.json");
    run_chromium(
        &bin,
        &[
            format!("--log-net-log={}", control_log.display()),
            "--dump-dom".into(),
        ],
        &format!("file://{}", control.display()),
    );
    let seen = page_requests(&control_log);
    assert!(
        seen.iter().any(|u| u.contains("example.invalid/a.png"))
            && seen.iter().any(|u| u.contains("fonts.example.invalid")),
        "the NetLog check sees a page's requests: {seen:?}"
    );

    // 3. A screenshot of one session's report, for people to look at.
    let (single, _) = report_of(
        &[example("couple-session.txt").to_str().unwrap()],
        dir.path(),
        "single.html",
    );
    let shot = target_dir().join("report-screenshot.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &bin,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".into(),
        ],
        &format!("file://{}", single.display()),
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000);
    println!("screenshot: {}", shot.display());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
    /// Whatever the spans (nested, crossing, equal, adjacent), each finding gets one mark,
    /// the mark and its continuations hold exactly its text, and the turn reads verbatim.
    #[test]
    fn any_spans_mark_exactly(
        text in "[a-zé<>&\"' ]{1,40}",
        raw in proptest::collection::vec((0usize..41, 0usize..41, 0usize..4), 0..8),
    ) {
        let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let detectors = ["blame", "avoidance", "validation", "escalation"];
        let spans: Vec<(&str, usize, usize)> = raw
            .iter()
            .filter_map(|&(a, b, d)| {
                let (a, b) = (a.min(b), a.max(b));
                (a < b && b < chars.len()).then(|| (detectors[d], chars[a], chars[b]))
            })
            .collect();
        let doc = doc_with(&text, &spans);
        let page = html::report(std::slice::from_ref(&doc), &html::HtmlOptions::default());
        check_page(&dom::parse(&page), std::slice::from_ref(&doc));
    }
}
