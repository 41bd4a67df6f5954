//! Putting a course's sessions in order: by a date or a session number in each file's
//! name, or as `--order` lists them.
//!
//! In a name (the file name, or for a file of several sessions the session id; a final
//! extension such as `.txt` is left out):
//! - a **date**: `YYYY-MM-DD` (also with `_` or `.`, or written `YYYYMMDD`), a real
//!   calendar date from 1900 to 2099: `2025-03-04-maya-daniel.txt`;
//! - a **session number**: a number after `session`, `sess`, `s`, `week`, `wk`, `w`,
//!   `visit`, `appointment`, `appt`, `meeting`, `mtg` or `#`, with or without a
//!   separator, in any case: `session-07`, `Session 7`, `s07`, `week_3`, `#12`;
//! - failing both, the name's only number: `maya-daniel-03.txt`, or a ConvoKit
//!   conversation id `7`.
//!
//! The course is ordered by dates when every name has one, else by numbers when every
//! name has one. A name with two different dates or two different session numbers is
//! ambiguous; so are two sessions with the same key, and a name with several bare
//! numbers and no label. Each is an error that names the file, as is a name with no key;
//! `--order` settles any of them.

use std::fmt;

use regex::Regex;

/// What a course was ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderBy {
    /// Dates in the names.
    Date,
    /// Session numbers in the names.
    Number,
    /// `--order`.
    Given,
}

impl OrderBy {
    /// `date`, `number` or `given`.
    pub fn name(self) -> &'static str {
        match self {
            OrderBy::Date => "date",
            OrderBy::Number => "number",
            OrderBy::Given => "given",
        }
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day, 1 to 31.
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// The date, if it is one on the calendar (1900 to 2099).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..2100).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }
}

/// The keys found in one name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NameKeys {
    /// The date in it.
    pub date: Option<Date>,
    /// The session number in it (labelled, or the only number).
    pub number: Option<u32>,
}

/// A course could not be put in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderError(pub String);

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OrderError {}

struct Patterns {
    extension: Regex,
    date: Regex,
    compact_date: Regex,
    labelled: Regex,
    digits: Regex,
}

fn patterns() -> &'static Patterns {
    static P: std::sync::OnceLock<Patterns> = std::sync::OnceLock::new();
    P.get_or_init(|| Patterns {
        extension: Regex::new(r"\.[A-Za-z][A-Za-z0-9]{0,4}$").unwrap(),
        date: Regex::new(r"(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})").unwrap(),
        compact_date: Regex::new(r"(\d{4})(\d{2})(\d{2})").unwrap(),
        labelled: Regex::new(
            r"(?i)(session|sess|appointment|appt|meeting|mtg|visit|week|wk|s|w|#)[ ._#-]*(\d{1,4})",
        )
        .unwrap(),
        digits: Regex::new(r"\d+").unwrap(),
    })
}

/// Whether the match `start..end` of `s` stands on its own: no digit right before or after
/// it, and (`word`) no letter or digit right before it.
fn isolated(s: &str, start: usize, end: usize, word: bool) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_digit() || (word && c.is_alphanumeric()))
        && !after.is_some_and(|c| c.is_ascii_digit())
}

/// The date and the session number in a name. `Err` when it holds two different dates,
/// two different session numbers, or several bare numbers and no labelled one.
pub fn keys_in(name: &str) -> Result<NameKeys, String> {
    let p = patterns();
    let stem = match p.extension.find(name) {
        Some(m) => &name[..m.start()],
        None => name,
    };
    let mut dates: Vec<(Date, std::ops::Range<usize>)> = Vec::new();
    for re in [&p.date, &p.compact_date] {
        for c in re.captures_iter(stem) {
            let m = c.get(0).unwrap();
            if !isolated(stem, m.start(), m.end(), false)
                || dates
                    .iter()
                    .any(|(_, r)| r.start < m.end() && m.start() < r.end)
            {
                continue;
            }
            let n = |i: usize| c[i].parse::<u16>().unwrap_or(0);
            if let Some(d) = Date::new(n(1), n(2) as u8, n(3) as u8) {
                dates.push((d, m.range()));
            }
        }
    }
    let mut keys = NameKeys::default();
    for (d, _) in &dates {
        match keys.date {
            Some(prev) if prev != *d => {
                return Err(format!("it holds two dates ({prev} and {d})"));
            }
            _ => keys.date = Some(*d),
        }
    }
    let in_date = |i: usize| dates.iter().any(|(_, r)| r.contains(&i));
    for c in p.labelled.captures_iter(stem) {
        let m = c.get(0).unwrap();
        let label = c.get(1).unwrap();
        if in_date(m.start()) || !isolated(stem, label.start(), m.end(), true) {
            continue;
        }
        let n: u32 = c[2].parse().unwrap_or(0);
        match keys.number {
            Some(prev) if prev != n => {
                return Err(format!("it holds two session numbers ({prev} and {n})"));
            }
            _ => keys.number = Some(n),
        }
    }
    if keys.date.is_none() && keys.number.is_none() {
        let bare: Vec<&str> = p
            .digits
            .find_iter(stem)
            .filter(|m| !in_date(m.start()))
            .map(|m| m.as_str())
            .collect();
        match bare.as_slice() {
            [] => {}
            [one] => keys.number = one.parse().ok(),
            many => {
                return Err(format!(
                    "it holds several numbers ({}) and none is labelled as the session's",
                    many.join(", ")
                ))
            }
        }
    }
    Ok(keys)
}

/// The sessions in course order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ordered {
    /// Indices into the sessions given, in course order.
    pub order: Vec<usize>,
    /// For each session in course order, what it was ordered by: the date, the number,
    /// or its place in `--order` (from 1).
    pub keys: Vec<String>,
    /// What the course was ordered by.
    pub by: OrderBy,
}

/// Orders sessions. `names[i]` lists the names session `i` answers to in `--order`,
/// its label (what its key is read from) first: the file name, then the path as given
/// and the file stem, or the session id. `given` is `--order`'s list, where there is one.
pub fn order(names: &[Vec<String>], given: Option<&[String]>) -> Result<Ordered, OrderError> {
    if let Some(given) = given {
        return order_given(names, given);
    }
    let label = |i: usize| names[i][0].as_str();
    let mut keys = Vec::with_capacity(names.len());
    let mut bad = Vec::new();
    for i in 0..names.len() {
        match keys_in(label(i)) {
            Ok(k) => keys.push(k),
            Err(why) => {
                bad.push(format!("{}: {why}", label(i)));
                keys.push(NameKeys::default());
            }
        }
    }
    if !bad.is_empty() {
        return Err(OrderError(format!(
            "cannot order the sessions: {}; rename them or give --order",
            bad.join("; ")
        )));
    }
    let by = if keys.iter().all(|k| k.date.is_some()) {
        OrderBy::Date
    } else if keys.iter().all(|k| k.number.is_some()) {
        OrderBy::Number
    } else {
        let missing: Vec<&str> = (0..names.len())
            .filter(|&i| keys[i].number.is_none() && keys[i].date.is_none())
            .map(label)
            .collect();
        let message = if missing.is_empty() {
            let dated: Vec<&str> = (0..names.len())
                .filter(|&i| keys[i].number.is_none())
                .map(label)
                .collect();
            let numbered: Vec<&str> = (0..names.len())
                .filter(|&i| keys[i].date.is_none())
                .map(label)
                .collect();
            format!(
                "cannot order the sessions: {} name a date but no session number, {} a session number but no date; name them alike or give --order",
                dated.join(", "),
                numbered.join(", ")
            )
        } else {
            format!(
                "cannot order the sessions: no date (YYYY-MM-DD) or session number (session-07, s07, week 3) in the name of {}; rename them or give --order",
                missing.join(", ")
            )
        };
        return Err(OrderError(message));
    };
    let key = |i: usize| match by {
        OrderBy::Date => (keys[i].date, 0),
        _ => (None, keys[i].number.unwrap_or(0)),
    };
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| key(i));
    for w in order.windows(2) {
        if key(w[0]) == key(w[1]) {
            return Err(OrderError(format!(
                "cannot order the sessions: {} and {} have the same {} ({}); rename one or give --order",
                label(w[0]),
                label(w[1]),
                by.name(),
                show(&keys[w[0]], by)
            )));
        }
    }
    Ok(Ordered {
        keys: order.iter().map(|&i| show(&keys[i], by)).collect(),
        order,
        by,
    })
}

fn show(k: &NameKeys, by: OrderBy) -> String {
    match (by, k.date, k.number) {
        (OrderBy::Date, Some(d), _) => d.to_string(),
        (_, _, Some(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn order_given(names: &[Vec<String>], given: &[String]) -> Result<Ordered, OrderError> {
    let label = |i: usize| names[i][0].as_str();
    let mut order: Vec<usize> = Vec::with_capacity(names.len());
    for item in given.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let hits: Vec<usize> = (0..names.len())
            .filter(|&i| names[i].iter().any(|n| n == item))
            .collect();
        match hits.as_slice() {
            [] => {
                let all: Vec<&str> = (0..names.len()).map(label).collect();
                return Err(OrderError(format!(
                    "--order names {item}, which is none of the sessions ({})",
                    all.join(", ")
                )));
            }
            [i] if order.contains(i) => {
                return Err(OrderError(format!("--order names {} twice", label(*i))));
            }
            [i] => order.push(*i),
            many => {
                let which: Vec<&str> = many.iter().map(|&i| label(i)).collect();
                return Err(OrderError(format!(
                    "--order's {item} could be any of {}: name each by its file name or path",
                    which.join(", ")
                )));
            }
        }
    }
    let left: Vec<&str> = (0..names.len())
        .filter(|i| !order.contains(i))
        .map(label)
        .collect();
    if !left.is_empty() {
        return Err(OrderError(format!(
            "--order leaves out {}: list every session",
            left.join(", ")
        )));
    }
    Ok(Ordered {
        keys: (1..=order.len()).map(|k| k.to_string()).collect(),
        order,
        by: OrderBy::Given,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Option<Date> {
        Date::new(y, m, d)
    }

    #[test]
    fn keys_in_names() {
        let cases: &[(&str, Option<Date>, Option<u32>)] = &[
            ("2025-03-04-maya-daniel.txt", date(2025, 3, 4), None),
            ("maya_2025_03_04.vtt", date(2025, 3, 4), None),
            ("20250304 maya.srt", date(2025, 3, 4), None),
            ("2025-03-04-session-07.txt", date(2025, 3, 4), Some(7)),
            ("session-07.txt", None, Some(7)),
            ("Session 12 - Maya.txt", None, Some(12)),
            ("maya-s07.vtt", None, Some(7)),
            ("week_3.txt", None, Some(3)),
            ("wk3.txt", None, Some(3)),
            ("couple #12.txt", None, Some(12)),
            ("visit2.cha", None, Some(2)),
            ("maya-daniel-03.txt", None, Some(3)),
            ("7", None, Some(7)),
            ("intake.txt", None, None),
            // Not a label: the letter is part of a word.
            ("mrs07.txt", None, Some(7)),
            // Not a date: no such day; its numbers are then bare ones.
            ("2025-02-30.txt", None, None),
            ("notes.mp4", None, None),
        ];
        for &(name, d, n) in cases {
            match keys_in(name) {
                Ok(k) if name == "2025-02-30.txt" => panic!("{name}: {k:?} should be ambiguous"),
                Ok(k) => assert_eq!((k.date, k.number), (d, n), "{name}"),
                Err(e) => assert_eq!(name, "2025-02-30.txt", "{name}: {e}"),
            }
        }
    }

    #[test]
    fn ambiguous_names() {
        for (name, says) in [
            ("2025-03-04-to-2025-03-11.txt", "two dates"),
            ("session-3-week-5.txt", "two session numbers"),
            ("client42-03.txt", "several numbers (42, 03)"),
        ] {
            let e = keys_in(name).unwrap_err();
            assert!(e.contains(says), "{name}: {e}");
        }
        // The same key twice is no ambiguity.
        assert_eq!(keys_in("s03-session-3.txt").unwrap().number, Some(3));
    }

    fn names(labels: &[&str]) -> Vec<Vec<String>> {
        labels.iter().map(|l| vec![l.to_string()]).collect()
    }

    #[test]
    fn orders_by_date_then_by_number() {
        let o = order(
            &names(&["2025-03-11-b.txt", "2025-01-07-a.txt", "2025-02-04.txt"]),
            None,
        )
        .unwrap();
        assert_eq!(o.order, [1, 2, 0]);
        assert_eq!(o.keys, ["2025-01-07", "2025-02-04", "2025-03-11"]);
        assert_eq!(o.by, OrderBy::Date);
        // Numbers compare as numbers: 10 after 9.
        let o = order(&names(&["session-10.txt", "session-9.txt", "s2.txt"]), None).unwrap();
        assert_eq!(o.order, [2, 1, 0]);
        assert_eq!(o.by, OrderBy::Number);
        // Dates in some names only: the numbers every name has decide.
        let o = order(&names(&["2025-01-07-session-2.txt", "session-1.txt"]), None).unwrap();
        assert_eq!(o.order, [1, 0]);
    }

    #[test]
    fn errors_name_the_files() {
        let e = order(&names(&["session-1.txt", "intake.txt"]), None).unwrap_err();
        assert!(
            e.0.contains("in the name of intake.txt") && e.0.contains("--order"),
            "{e}"
        );
        let e = order(&names(&["s1.txt", "session-1-final.txt"]), None).unwrap_err();
        assert!(
            e.0.contains("s1.txt and session-1-final.txt have the same number (1)"),
            "{e}"
        );
        let e = order(&names(&["s1.txt", "client42-03.txt"]), None).unwrap_err();
        assert!(
            e.0.contains("client42-03.txt: it holds several numbers"),
            "{e}"
        );
        let e = order(&names(&["2025-01-07.txt", "session-2.txt"]), None).unwrap_err();
        assert!(
            e.0.contains("2025-01-07.txt name a date but no session number"),
            "{e}"
        );
    }

    #[test]
    fn given_order() {
        let ns = vec![
            vec!["b.txt".to_string(), "dir/b.txt".into(), "b".into()],
            vec!["a.txt".to_string(), "dir/a.txt".into(), "a".into()],
            vec!["c.txt".to_string(), "other/c.txt".into(), "c".into()],
        ];
        let list = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        let o = order(&ns, Some(&list("a, dir/b.txt,c.txt"))).unwrap();
        assert_eq!(
            (o.order.as_slice(), o.by),
            ([1, 0, 2].as_slice(), OrderBy::Given)
        );
        assert_eq!(o.keys, ["1", "2", "3"]);
        let e = order(&ns, Some(&list("a,b"))).unwrap_err();
        assert!(e.0.contains("leaves out c.txt"), "{e}");
        let e = order(&ns, Some(&list("a,b,c,d"))).unwrap_err();
        assert!(e.0.contains("names d, which is none"), "{e}");
        let e = order(&ns, Some(&list("a,a.txt,b,c"))).unwrap_err();
        assert!(e.0.contains("names a.txt twice"), "{e}");
    }
}
