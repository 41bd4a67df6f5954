//! `turnscope course`: the example course, change on synthetic courses with and without a
//! trend, fewer than 3 sessions, bad input, ordering, the CSV table, and the page in a
//! real browser (one chart per series, no request made).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use turnscope::report::course_json::{CourseDoc, SeriesDoc};

use crate::dom::{self, El};
use crate::report::{chromium, page_requests, run_chromium, target_dir};
use crate::{root, turnscope};

const ROLES: [&str; 6] = [
    "--role",
    "Dr. Reyes=therapist",
    "--role",
    "Maya=client",
    "--role",
    "Daniel=client",
];

fn example_course() -> PathBuf {
    root().join("examples/course")
}

/// Runs `turnscope course` with `args` and reads the JSON it writes.
fn course_json(args: &[&str]) -> CourseDoc {
    let mut full = vec!["course", "--format", "json"];
    full.extend_from_slice(args);
    let out = turnscope(&full);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // deny_unknown_fields: the document holds what the schema says, and nothing else.
    serde_json::from_slice(&out.stdout).unwrap()
}

fn series<'a>(c: &'a CourseDoc, id: &str) -> &'a SeriesDoc {
    c.series
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no series {id}"))
}

fn verdict(c: &CourseDoc, id: &str) -> String {
    let s = series(c, id);
    s.change
        .as_ref()
        .unwrap_or_else(|| panic!("{id}: no change: {:?}", s.change_note))
        .verdict
        .clone()
}

#[test]
fn the_example_course_shows_blame_falling_and_validation_rising() {
    let dir = example_course();
    let mut args = vec![dir.to_str().unwrap()];
    args.extend(ROLES);
    let c = course_json(&args);
    assert_eq!(c.course_schema_version, "1.0");
    assert_eq!(c.sessions.len(), 12);
    assert_eq!(c.ordered_by, "date");
    let keys: Vec<&str> = c.sessions.iter().map(|s| s.key.as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sessions in date order");
    assert_eq!(keys[0], "2025-01-07");
    let phases: Vec<&str> = c
        .sessions
        .iter()
        .map(|s| s.phase.as_deref().unwrap())
        .collect();
    assert_eq!(phases[..3], ["assessment"; 3]);
    assert_eq!(phases[3..10], ["middle"; 7]);
    assert_eq!(phases[10..], ["termination"; 2]);
    let t = c.thirds.unwrap();
    assert_eq!(
        (t.first.first, t.first.last, t.last.first, t.last.last),
        (1, 4, 9, 12)
    );
    // What the course is about: the couple blames less and validates more.
    assert_eq!(verdict(&c, "blame_per_100_words/role/client"), "fell");
    assert_eq!(verdict(&c, "blame_per_100_words/speaker/Maya"), "fell");
    assert_eq!(verdict(&c, "validation_per_100_words/role/client"), "rose");
    assert_eq!(verdict(&c, "escalation_score/session"), "fell");
    // No claim without its interval, and the claim agrees with it.
    for s in &c.series {
        if let Some(ch) = &s.change {
            assert!(ch.low <= ch.high, "{}", s.id);
            let holds_zero = ch.low <= 0.0 && ch.high >= 0.0;
            assert_eq!(holds_zero, ch.verdict == "no clear change", "{}", s.id);
            assert!(ch.text.contains("95% interval"), "{}", ch.text);
        }
        assert_eq!(s.values.len(), 12, "{}", s.id);
    }
    // Every detector of the engine has a series for every speaker and role: a detector
    // added to the lexicons gets one without a code change.
    let subjects = [
        "speaker/Dr. Reyes",
        "speaker/Maya",
        "speaker/Daniel",
        "role/therapist",
        "role/client",
    ];
    for d in &c.detectors {
        for s in subjects {
            series(&c, &format!("{d}_per_100_words/{s}"));
        }
    }
    let ids: BTreeSet<&str> = c.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), c.series.len(), "series ids are unique");
    // The scorecard, every session.
    assert_eq!(c.scorecard_role.as_deref(), Some("therapist"));
    for s in &c.sessions {
        let card = s.scorecard.as_ref().unwrap();
        assert_eq!(card.speakers, ["Dr. Reyes"]);
        assert_eq!(card.questions, card.open_questions + card.closed_questions);
        assert_eq!(card.question_turns.len(), card.questions);
        assert_eq!(card.reflection_turns.len(), card.reflections);
        assert!(card.questions > 0, "{}", s.label);
    }
    assert!(
        c.sessions
            .iter()
            .map(|s| s.scorecard.as_ref().unwrap().reflections)
            .sum::<usize>()
            > 20
    );
    for id in [
        "reflections_per_question/role/therapist",
        "open_question_share/role/therapist",
        "validation_after_hostility/role/therapist",
    ] {
        assert_eq!(series(&c, id).group, "scorecard");
    }
    // The same course gives the same document, whatever the threads.
    let mut again = vec!["-j", "1", dir.to_str().unwrap()];
    again.extend(ROLES);
    assert_eq!(course_json(&again), c);
}

/// Writes a synthetic course: `sessions` sessions of a couple and a therapist, where
/// session `k` has `blame(k)` blaming turns and `valid(k)` validating ones among
/// neutral ones, the turns' order shuffled by the session number.
fn synthetic(
    dir: &Path,
    sessions: usize,
    blame: impl Fn(usize) -> usize,
    valid: impl Fn(usize) -> usize,
) {
    const BLAME: [&str; 6] = [
        "You never listen to me.",
        "You always leave the dishes for me.",
        "It's your fault we were late again.",
        "You never help with anything at home.",
        "You always forget what I tell you.",
        "It's your fault the weekend was ruined.",
    ];
    const VALID: [&str; 6] = [
        "I hear you.",
        "That makes sense to me.",
        "I understand why that upset you.",
        "You're right about that.",
        "I appreciate you telling me.",
        "I get it, that was hard.",
    ];
    const NEUTRAL: [&str; 8] = [
        "We went to the market on Saturday morning.",
        "The car needs new tyres before winter.",
        "My sister called about the holidays.",
        "Work was busy this week but manageable.",
        "We watched a film on Friday night.",
        "The kids have a school trip next month.",
        "I started cooking on Sundays again.",
        "The heating broke and the landlord fixed it.",
    ];
    std::fs::create_dir_all(dir).unwrap();
    for k in 0..sessions {
        let mut lines: Vec<String> = Vec::new();
        for i in 0..blame(k) {
            lines.push(BLAME[(i + k) % BLAME.len()].to_string());
        }
        for i in 0..valid(k) {
            lines.push(VALID[(i + 2 * k) % VALID.len()].to_string());
        }
        while lines.len() < 14 {
            lines.push(NEUTRAL[(lines.len() + k) % NEUTRAL.len()].to_string());
        }
        let n = lines.len();
        lines.rotate_left((3 * k) % n);
        let mut text = String::from("Therapist: How has the week been for you both?\n");
        for (i, l) in lines.iter().enumerate() {
            let who = if i % 2 == 0 { "Ana" } else { "Ben" };
            text.push_str(&format!("{who}: {l}\n"));
            if i % 4 == 3 {
                text.push_str("Therapist: What was that like for you?\n");
            }
        }
        std::fs::write(dir.join(format!("session-{:02}.txt", k + 1)), text).unwrap();
    }
}

#[test]
fn change_on_a_course_with_a_known_trend() {
    let dir = tempfile::tempdir().unwrap();
    // Blame from 8 turns down to 0, validation from 0 up to 8, over 9 sessions.
    synthetic(dir.path(), 9, |k| 8 - k, |k| k);
    let c = course_json(&[
        dir.path().to_str().unwrap(),
        "--role",
        "Therapist=therapist",
    ]);
    assert_eq!(c.ordered_by, "number");
    for who in ["speaker/Ana", "speaker/Ben"] {
        assert_eq!(
            verdict(&c, &format!("blame_per_100_words/{who}")),
            "fell",
            "{who}"
        );
        assert_eq!(
            verdict(&c, &format!("validation_per_100_words/{who}")),
            "rose",
            "{who}"
        );
        let b = series(&c, &format!("blame_per_100_words/{who}"));
        assert!(b.values[0].unwrap() > b.values[8].unwrap());
        let ch = b.change.as_ref().unwrap();
        assert!(ch.text.starts_with("fell from "), "{}", ch.text);
        assert!(ch.high < 0.0);
    }
}

#[test]
fn change_on_a_course_with_no_trend_says_no_clear_change() {
    let dir = tempfile::tempdir().unwrap();
    synthetic(dir.path(), 9, |_| 3, |_| 3);
    let c = course_json(&[dir.path().to_str().unwrap()]);
    for id in [
        "blame_per_100_words/speaker/Ana",
        "blame_per_100_words/speaker/Ben",
        "validation_per_100_words/speaker/Ana",
        "validation_per_100_words/speaker/Ben",
    ] {
        let ch = series(&c, id).change.as_ref().unwrap();
        assert_eq!(ch.verdict, "no clear change", "{id}: {}", ch.text);
        assert!(ch.text.starts_with("no clear change"), "{}", ch.text);
        assert!(ch.low < 0.0 && ch.high > 0.0, "{id}: {}", ch.text);
    }
    // The page says so in words too.
    let out_dir = tempfile::tempdir().unwrap();
    let page = out_dir.path().join("c.html");
    let out = turnscope(&[
        "course",
        dir.path().to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("no clear change"));
}

#[test]
fn fewer_than_three_sessions_give_the_table_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    synthetic(dir.path(), 2, |k| 4 - 2 * k, |k| k);
    let c = course_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(c.sessions.len(), 2);
    assert!(c.thirds.is_none() && c.phases.is_none());
    assert!(c.series.iter().all(|s| s.change.is_none()));
    let note = c.change_note.as_deref().unwrap();
    assert!(note.contains("at least 3 sessions"), "{note}");
    let out_dir = tempfile::tempdir().unwrap();
    let page = out_dir.path().join("c.html");
    let out = turnscope(&[
        "course",
        dir.path().to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("a change needs at least 3 sessions"));
    let els = dom::parse(&html);
    assert_eq!(
        els.iter()
            .filter(|e| e.has_class("sessions") && e.name == "table")
            .count(),
        1
    );
    assert!(!els
        .iter()
        .any(|e| e.name == "table" && e.has_class("change")));
}

#[test]
fn a_session_that_cannot_be_read_is_named_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    synthetic(dir.path(), 4, |_| 1, |_| 1);
    std::fs::write(
        dir.path().join("session-05.txt"),
        b"Ana: fine\nBen: fine\nAna: \xff\xfe broken\n",
    )
    .unwrap();
    let out = turnscope(&["course", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("session-05.txt:3:"), "{err}");
    let c: CourseDoc = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c.sessions.len(), 4);
    assert_eq!(c.skipped.len(), 1);
    assert!(c.skipped[0].source.ends_with("session-05.txt"));
    assert_eq!(c.skipped[0].line, Some(3));
    // A missing file is named too, and the page still written.
    let page = dir.path().join("out.html");
    let missing = dir.path().join("session-09.txt");
    let out = turnscope(&[
        "course",
        dir.path().join("session-01.txt").to_str().unwrap(),
        dir.path().join("session-02.txt").to_str().unwrap(),
        missing.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("session-09.txt"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Not read") && html.contains("session-09.txt"));
}

#[test]
fn an_order_that_cannot_be_settled_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    synthetic(dir.path(), 3, |_| 1, |_| 1);
    std::fs::copy(
        dir.path().join("session-01.txt"),
        dir.path().join("intake.txt"),
    )
    .unwrap();
    let out = turnscope(&["course", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("intake.txt") && err.contains("--order"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // --order settles it, naming files by stem or file name.
    let c = course_json(&[
        dir.path().to_str().unwrap(),
        "--order",
        "intake,session-01.txt,session-03,session-02",
    ]);
    let labels: Vec<&str> = c.sessions.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "intake.txt",
            "session-01.txt",
            "session-03.txt",
            "session-02.txt"
        ]
    );
    assert_eq!(c.ordered_by, "given");
    // Two sessions with the same number.
    std::fs::remove_file(dir.path().join("intake.txt")).unwrap();
    std::fs::copy(dir.path().join("session-01.txt"), dir.path().join("s1.txt")).unwrap();
    let out = turnscope(&["course", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("have the same number (1)"), "{err}");
}

#[test]
fn the_table_has_a_row_per_session_and_speaker() {
    let dir = example_course();
    let out_dir = tempfile::tempdir().unwrap();
    let path = out_dir.path().join("course.csv");
    let mut args = vec![
        "course",
        dir.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ];
    args.extend(ROLES);
    let out = turnscope(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\r\n"));
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 12 * 3);
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    for n in [
        "blame_per_100_words",
        "validation_count",
        "questions",
        "reflections_per_question",
    ] {
        assert!(header.iter().any(|h| h.ends_with(n)), "{n}");
    }
    for row in &rows {
        let therapist = row[col("speaker")] == "Dr. Reyes";
        assert_eq!(!row[col("questions")].is_empty(), therapist, "{row:?}");
        assert_eq!(
            row[col("role")],
            if therapist { "therapist" } else { "client" }
        );
    }
    assert_eq!(rows[0][col("position")], "1");
    assert_eq!(rows[35][col("key")], "2025-03-25");
    assert_eq!(rows[35][col("phase")], "termination");
}

/// Markup in names and text is text on the page.
#[test]
fn the_page_escapes_what_the_sessions_say() {
    let dir = tempfile::tempdir().unwrap();
    // A ConvoKit file of three conversations: each session's label is its id.
    let mut lines = String::new();
    for k in 1..=3 {
        lines.push_str(&format!(
            "{{\"id\": \"u{k}a\", \"conversation_id\": \"{k}\", \"speaker\": \"<img src=x onerror=alert(1)>\", \"reply_to\": null, \"text\": \"You never listen & it's your fault! <script>alert(1)</script>\", \"meta\": {{}}}}\n\
             {{\"id\": \"u{k}b\", \"conversation_id\": \"{k}\", \"speaker\": \"B&B\", \"reply_to\": \"u{k}a\", \"text\": \"I hear you <3\", \"meta\": {{}}}}\n"
        ));
    }
    std::fs::write(dir.path().join("utterances.jsonl"), lines).unwrap();
    let page = dir.path().join("out").join("c.html");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    let out = turnscope(&[
        "course",
        dir.path().to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
        "--title",
        "<b>course</b>",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("<h1>&lt;b&gt;course&lt;/b&gt;</h1>"));
    assert!(html.contains("B&amp;B"));
    assert!(!html.contains("<script>alert"));
    check_course_page(&dom::parse(&html), &html, page.parent().unwrap(), None);
}

/// What every rendering of a course page must show: no script, a CSP that forbids
/// fetches, no element that loads anything, links only to anchors of the page or to
/// session pages that exist beside it, and (given the document) one chart per series, in
/// order, each with its SVG.
fn check_course_page(els: &[El], page: &str, dir: &Path, course: Option<&CourseDoc>) {
    for e in els {
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
            assert!(
                k != "src" && k != "srcset" && !k.starts_with("on"),
                "{k}={v}"
            );
            if k == "href" {
                assert!(!v.contains(':'), "no scheme: {v}");
                match v.strip_prefix('#') {
                    Some(id) => assert!(els.iter().any(|x| x.attr("id") == Some(id)), "{v} lands"),
                    None => assert!(
                        dir.join(v).is_file(),
                        "{v} is a session page beside the course page"
                    ),
                }
            }
        }
        if e.name == "style" {
            let css = e.text.to_ascii_lowercase();
            assert!(
                !css.contains("@import") && !css.contains("url("),
                "CSS fetches"
            );
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
    assert!(!page.contains("javascript:"));
    let Some(course) = course else { return };
    let charts: Vec<&str> = els
        .iter()
        .filter(|e| e.name == "figure" && e.has_class("chart"))
        .filter_map(|e| e.attr("data-series"))
        .collect();
    let want: Vec<&str> = course.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(charts, want, "one chart per series, in order");
    for (i, e) in els.iter().enumerate() {
        if e.name == "svg" {
            assert!(dom::inside(els, i, |p| p.name == "figure" && p.has_class("chart")));
        }
    }
    assert_eq!(els.iter().filter(|e| e.name == "svg").count(), want.len());
    // Each point of each chart links to its session's page.
    let points = els
        .iter()
        .enumerate()
        .filter(|(i, e)| e.name == "circle" && dom::inside(els, *i, |p| p.name == "a"))
        .count();
    let values: usize = course
        .series
        .iter()
        .map(|s| s.values.iter().flatten().count())
        .sum();
    assert_eq!(points, values);
}

#[test]
fn the_course_page_renders_in_chromium_and_fetches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("course.html");
    let example = example_course();
    let mut args = vec![
        "course",
        example.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ];
    args.extend(ROLES);
    let out = turnscope(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut json_args = vec![example.to_str().unwrap()];
    json_args.extend(ROLES);
    let course = course_json(&json_args);
    // The page as written, and the session pages beside it.
    let html = std::fs::read_to_string(&page).unwrap();
    check_course_page(&dom::parse(&html), &html, dir.path(), Some(&course));
    let pages: Vec<PathBuf> = std::fs::read_dir(dir.path().join("course-sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(pages.len(), 12);

    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium: .ci/run installs it"
        );
        println!(
            "skipping the browser test of the course page: no chromium (apt-get install chromium)"
        );
        return;
    };
    let url = format!("file://{}", page.display());
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
    assert!(dumped.contains("<figure"), "the browser rendered the page");
    let els = dom::parse(&dumped);
    check_course_page(&els, &dumped, dir.path(), Some(&course));
    let requests = page_requests(&netlog);
    assert!(requests.is_empty(), "the course page fetched {requests:?}");
    // A session page opens too, and fetches nothing.
    let first = dir
        .path()
        .join("course-sessions/01-2025-01-07-maya-daniel.html");
    let netlog = dir.path().join("netlog-session.json");
    let dumped = run_chromium(
        &bin,
        &[
            format!("--log-net-log={}", netlog.display()),
            "--dump-dom".into(),
        ],
        &format!("file://{}", first.display()),
    );
    assert!(dumped.contains("<mark"));
    assert!(page_requests(&netlog).is_empty());
    // A screenshot for people to look at.
    let shot = target_dir().join("course-screenshot.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &bin,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400".into(),
        ],
        &url,
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000);
    println!("screenshot: {}", shot.display());
}

#[test]
fn course_help_names_its_options() {
    let out = turnscope(&["course", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--order",
        "--role",
        "--speaker",
        "--format",
        "--scorecard-role",
        "--phases",
        "--seed",
        "--output",
    ] {
        assert!(help.contains(flag), "{flag} in help");
    }
    assert!(help.contains("no clear change"));
}

/// A detector added with `--lexicons` gets its series with no code change, under
/// "other"; declared with the `topic` role, its charts are a problem area's.
#[test]
fn a_new_detector_gets_its_series_and_can_be_a_problem_area() {
    use turnscope::course::{build, CourseOptions, CourseSession};
    use turnscope::lexicon::ScorecardLists;
    use turnscope::report::{session_document, OutputOptions, SourceInfo};
    use turnscope::transcript::{parse, Format};

    let sessions = grief_sessions(4);
    let course_with = |role: &str| {
        let lex = tempfile::tempdir().unwrap();
        std::fs::write(
            lex.path().join("mourning.toml"),
            format!("detector = \"mourning\"\ndescription = \"Loss of someone.\"\nrole = \"{role}\"\n\n[[entry]]\nterm = \"since she passed\"\ncategory = \"bereavement\"\nweight = 1.0\n\n[[entry]]\nterm = \"funeral\"\ncategory = \"bereavement\"\nweight = 1.0\n"),
        )
        .unwrap();
        let engine = turnscope::Engine::with_lexicon_dir(lex.path()).unwrap();
        let docs: Vec<_> = sessions
            .iter()
            .map(|text| {
                let t = &parse(Format::Plain, "s.txt", text).unwrap()[0];
                session_document(
                    t,
                    &engine.analyze(t),
                    SourceInfo::default(),
                    OutputOptions::default(),
                )
            })
            .collect();
        let keys: Vec<String> = (1..=docs.len()).map(|k| k.to_string()).collect();
        let sessions: Vec<CourseSession> = docs
            .iter()
            .zip(&keys)
            .map(|(doc, key)| CourseSession {
                doc,
                key,
                label: key,
                report: None,
            })
            .collect();
        let options = CourseOptions {
            detectors: engine.registry().clone(),
            ..CourseOptions::default()
        };
        let course = build(&sessions, Vec::new(), &ScorecardLists::builtin(), &options).unwrap();
        (course, lex)
    };
    let (plain, _) = course_with("neutral");
    assert!(plain.detectors.contains(&"mourning".to_string()));
    let g = series(&plain, "mourning_per_100_words/speaker/Ana");
    assert_eq!(g.group, "other");
    assert!(g.values[0].unwrap() > 0.0);
    let (named, lex) = course_with("topic");
    assert_eq!(
        series(&named, "mourning_per_100_words/speaker/Ana").group,
        "problem_areas"
    );
    let page = turnscope::report::course_html::course_page(&named, &Default::default());
    let els = dom::parse(&page);
    let in_group = els
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.has_class("chart")
                && e.text.contains("mourning")
                && dom::inside(&els, *i, |p| p.has_class("g-problem_areas"))
        })
        .count();
    assert_eq!(in_group, 2, "a chart for each speaker");
    // And through the command line, with the same lexicon.
    let dir = tempfile::tempdir().unwrap();
    for (k, text) in sessions.iter().enumerate() {
        std::fs::write(dir.path().join(format!("week-{}.txt", k + 1)), text).unwrap();
    }
    let c = course_json(&[
        dir.path().to_str().unwrap(),
        "--lexicons",
        lex.path().to_str().unwrap(),
    ]);
    assert_eq!(
        series(&c, "mourning_per_100_words/speaker/Ben").group,
        "problem_areas"
    );
}

fn grief_sessions(n: usize) -> Vec<String> {
    (0..n)
        .map(|k| {
            format!(
                "Ana: It has been hard since she passed, week {k}.\nBen: I know. The funeral was a blur.\nAna: I keep thinking about her.\n"
            )
        })
        .collect()
}

/// `-o` over a session refuses (exit 2) and leaves it whole, whether the session is named
/// or found in a folder; a course written before is written over on a rerun.
#[test]
fn course_refuses_to_write_over_a_session() {
    let dir = tempfile::tempdir().unwrap();
    for (k, text) in grief_sessions(3).iter().enumerate() {
        std::fs::write(dir.path().join(format!("week-{}.txt", k + 1)), text).unwrap();
    }
    let first = dir.path().join("week-1.txt");
    let before = std::fs::read(&first).unwrap();
    let d = dir.path().to_str().unwrap();
    let f = first.to_str().unwrap();
    for args in [vec!["course", d, "-o", f], vec!["course", f, d, "-o", f]] {
        let out = turnscope(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"));
        assert_eq!(std::fs::read(&first).unwrap(), before, "{args:?}");
    }
    let report = dir.path().join("course.json");
    let r = report.to_str().unwrap();
    for _ in 0..2 {
        assert!(turnscope(&["course", d, "-o", r]).status.success());
    }
}
