//! Change across a course, honestly stated: the first third of the sessions against the
//! last third, with a bootstrap interval, and "no clear change" where the interval holds
//! zero.
//!
//! Every figure of a series is a ratio of sums over turns: each turn gives a [`Part`]
//! (a numerator and a denominator: blame findings and words, a speaker's words and all
//! words, a reflection and a question), and a third's figure is the sum of its sessions'
//! numerators over the sum of their denominators, times the series' scale (100 for a
//! rate per 100 words). The change is the last third's figure minus the first's.
//!
//! The interval is a percentile bootstrap ([`RESAMPLES`] resamples, 95%): each resample
//! draws every session's turns again, with replacement, as many as it has (turns are
//! resampled within their session, so each session keeps its weight), and recomputes
//! both thirds' figures and their difference. It says how far the difference could move
//! if the same sessions had gone a little differently turn by turn; it does not
//! resample sessions, so it does not widen for sessions that differ from each other as a
//! whole. A figure that belongs to a whole session (the escalation score) is resampled
//! by session instead ([`Unit::Sessions`]): the mean of the third's sessions, drawing
//! them again; with few sessions a third that interval is coarse, and says so by its
//! width. The generator is seeded (the seed and the series' name), so the same course
//! gives the same interval on every run and any number of threads.
//!
//! A third whose denominators sum to zero (no question asked in the first sessions) has
//! no figure, and no change is claimed; nor when more than 5% of the resamples have no
//! figure for a third (too few units to resample).

use std::ops::Range;

/// Resamples drawn for each interval.
pub const RESAMPLES: usize = 2000;
/// The interval's coverage.
pub const CONFIDENCE: f64 = 0.95;
/// The seed of the generator unless another is given.
pub const DEFAULT_SEED: u64 = 20_140_901;
/// The largest share of resamples that may have no figure before no change is claimed.
const MAX_UNDEFINED: f64 = 0.05;

/// One turn's (or session's) share of a ratio: its numerator and its denominator.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Part {
    /// Added to the numerator.
    pub num: f64,
    /// Added to the denominator.
    pub den: f64,
}

impl Part {
    /// The sum of `parts`.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a Part>) -> Part {
        parts.into_iter().fold(Part::default(), |a, p| Part {
            num: a.num + p.num,
            den: a.den + p.den,
        })
    }

    /// `num / den * scale`, or `None` when the denominator is zero.
    pub fn ratio(self, scale: f64) -> Option<f64> {
        (self.den > 0.0).then(|| self.num / self.den * scale)
    }
}

/// What is drawn again in a resample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Turns, within their session.
    Turns,
    /// Whole sessions, within their third (each session's parts summed).
    Sessions,
}

impl Unit {
    /// `turns` or `sessions`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Turns => "turns",
            Unit::Sessions => "sessions",
        }
    }
}

/// Which way a series went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The whole interval is above zero.
    Rose,
    /// The whole interval is below zero.
    Fell,
    /// The interval holds zero.
    NoClearChange,
}

impl Verdict {
    /// `rose`, `fell` or `no clear change`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Rose => "rose",
            Verdict::Fell => "fell",
            Verdict::NoClearChange => "no clear change",
        }
    }
}

/// The change of one series between the first and the last third.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// The first third's figure.
    pub first: f64,
    /// The last third's figure.
    pub last: f64,
    /// `last - first`.
    pub difference: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
    /// Which way it went, read from the interval.
    pub verdict: Verdict,
}

/// The sessions of the first and the last third of `n` sessions: `n / 3` each (at least
/// one); `None` for fewer than 3 sessions.
pub fn thirds(n: usize) -> Option<(Range<usize>, Range<usize>)> {
    if n < 3 {
        return None;
    }
    let k = n / 3;
    Some((0..k, n - k..n))
}

/// A stable 64-bit hash (FNV-1a) of a series' name, to give each series its own stream.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The `q` quantile of sorted `xs`, interpolating between neighbours.
fn quantile(xs: &[f64], q: f64) -> f64 {
    let pos = q * (xs.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    xs[lo] + (xs[hi] - xs[lo]) * (pos - lo as f64)
}

/// Compares the first and the last third of `sessions` (each a session's parts, in
/// course order). `name` seeds the series' own stream; `scale` multiplies each ratio.
/// `Err` says why no change is stated.
pub fn change(
    sessions: &[Vec<Part>],
    unit: Unit,
    scale: f64,
    seed: u64,
    name: &str,
    resamples: usize,
) -> Result<Change, String> {
    let Some((first, last)) = thirds(sessions.len()) else {
        return Err("fewer than 3 sessions: no thirds to compare".into());
    };
    let third = |r: &Range<usize>| match unit {
        Unit::Turns => Part::sum(sessions[r.clone()].iter().flatten()),
        Unit::Sessions => {
            let defined: Vec<f64> = sessions[r.clone()]
                .iter()
                .filter_map(|s| Part::sum(s).ratio(1.0))
                .collect();
            Part {
                num: defined.iter().sum(),
                den: defined.len() as f64,
            }
        }
    };
    let (a, b) = (third(&first).ratio(scale), third(&last).ratio(scale));
    let (Some(a), Some(b)) = (a, b) else {
        let which = if a.is_none() { "first" } else { "last" };
        return Err(format!("nothing to measure in the {which} third"));
    };
    let mut rng = oorandom::Rand64::new(u128::from(seed ^ fnv1a(name)));
    // Sessions' sums, for drawing whole sessions.
    let session_ratio: Vec<Option<f64>> =
        sessions.iter().map(|s| Part::sum(s).ratio(1.0)).collect();
    let mut draw = |r: &Range<usize>| -> Option<f64> {
        let mut acc = Part::default();
        match unit {
            Unit::Turns => {
                for s in &sessions[r.clone()] {
                    for _ in 0..s.len() {
                        let p = s[rng.rand_range(0..s.len() as u64) as usize];
                        acc.num += p.num;
                        acc.den += p.den;
                    }
                }
            }
            Unit::Sessions => {
                for _ in r.clone() {
                    let k = r.start + rng.rand_range(0..r.len() as u64) as usize;
                    if let Some(v) = session_ratio[k] {
                        acc.num += v;
                        acc.den += 1.0;
                    }
                }
            }
        }
        acc.ratio(scale)
    };
    let mut diffs = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        let x = draw(&first);
        let y = draw(&last);
        if let (Some(x), Some(y)) = (x, y) {
            diffs.push(y - x);
        }
    }
    let undefined = resamples - diffs.len();
    if diffs.is_empty() || undefined as f64 > MAX_UNDEFINED * resamples as f64 {
        return Err(format!(
            "too few to say: in {undefined} of {resamples} resamples a third had nothing to measure"
        ));
    }
    diffs.sort_by(f64::total_cmp);
    let tail = (1.0 - CONFIDENCE) / 2.0;
    let (low, high) = (quantile(&diffs, tail), quantile(&diffs, 1.0 - tail));
    let verdict = if low > 0.0 {
        Verdict::Rose
    } else if high < 0.0 {
        Verdict::Fell
    } else {
        Verdict::NoClearChange
    };
    Ok(Change {
        first: a,
        last: b,
        difference: b - a,
        low,
        high,
        verdict,
    })
}

/// A number for people: up to `decimals` places, with a sign when `signed`.
fn num(x: f64, decimals: usize, signed: bool) -> String {
    let s = format!("{:.*}", decimals, x);
    let s = if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string() // -0.00 is 0.00
    } else {
        s
    };
    if signed && !s.starts_with('-') {
        format!("+{s}")
    } else {
        s.replacen('-', "−", 1)
    }
}

/// The change in words, with its interval: "fell from 2.31 to 0.52 per 100 words
/// (difference −1.79; 95% interval −2.40 to −1.21)", "no clear change (...)".
pub fn describe(c: &Change, unit: &str) -> String {
    let d = 2;
    let interval = format!(
        "difference {}; {:.0}% interval {} to {}",
        num(c.difference, d, true),
        CONFIDENCE * 100.0,
        num(c.low, d, true),
        num(c.high, d, true)
    );
    match c.verdict {
        Verdict::NoClearChange => format!(
            "no clear change: {} then {} {unit} ({interval})",
            num(c.first, d, false),
            num(c.last, d, false)
        ),
        v => format!(
            "{} from {} to {} {unit} ({interval})",
            v.name(),
            num(c.first, d, false),
            num(c.last, d, false)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A session of `turns` turns of 10 words, `hits` of which hold one finding.
    fn session(turns: usize, hits: usize) -> Vec<Part> {
        (0..turns)
            .map(|k| Part {
                num: if k < hits { 1.0 } else { 0.0 },
                den: 10.0,
            })
            .collect()
    }

    #[test]
    fn thirds_are_a_third_each_and_need_three_sessions() {
        assert_eq!(thirds(2), None);
        assert_eq!(thirds(3), Some((0..1, 2..3)));
        assert_eq!(thirds(5), Some((0..1, 4..5)));
        assert_eq!(thirds(12), Some((0..4, 8..12)));
    }

    #[test]
    fn a_clear_fall_is_stated_with_an_interval_below_zero() {
        let course: Vec<Vec<Part>> = (0..12).map(|s| session(40, 20 - s)).collect();
        let c = change(&course, Unit::Turns, 100.0, 1, "blame", RESAMPLES).unwrap();
        assert_eq!(c.verdict, Verdict::Fell);
        // First third: 20+19+18+17 = 74 findings in 1600 words; last: 12+11+10+9 = 42.
        assert!((c.first - 74.0 / 16.0).abs() < 1e-9 && (c.last - 42.0 / 16.0).abs() < 1e-9);
        assert!(c.low <= c.difference && c.difference <= c.high && c.high < 0.0);
        let text = describe(&c, "per 100 words");
        assert!(
            text.starts_with("fell from 4.6") && text.contains(" to 2.6"),
            "{text}"
        );
        assert!(
            text.contains("per 100 words (difference −2.00; 95% interval −"),
            "{text}"
        );
    }

    #[test]
    fn no_trend_says_no_clear_change() {
        // The same rate throughout, spread differently over the turns.
        let course: Vec<Vec<Part>> = (0..9)
            .map(|s| {
                let mut p = session(30, 6);
                p.rotate_left(s * 3);
                p
            })
            .collect();
        let c = change(&course, Unit::Turns, 100.0, 7, "validation", RESAMPLES).unwrap();
        assert_eq!(c.verdict, Verdict::NoClearChange);
        assert!(c.low < 0.0 && c.high > 0.0);
        assert!(describe(&c, "per 100 words").starts_with("no clear change: 2.00 then 2.00"));
    }

    #[test]
    fn the_interval_is_the_same_on_every_run_and_differs_by_seed() {
        let course: Vec<Vec<Part>> = (0..6).map(|s| session(20, 3 + s % 2)).collect();
        let a = change(&course, Unit::Turns, 100.0, 3, "x", 500).unwrap();
        let b = change(&course, Unit::Turns, 100.0, 3, "x", 500).unwrap();
        let c = change(&course, Unit::Turns, 100.0, 4, "x", 500).unwrap();
        assert_eq!(a, b);
        assert_ne!((a.low, a.high), (c.low, c.high));
    }

    #[test]
    fn nothing_to_measure_states_no_change() {
        let mut course: Vec<Vec<Part>> = (0..6).map(|_| session(10, 2)).collect();
        course[0] = vec![Part { num: 0.0, den: 0.0 }; 10];
        course[1] = vec![Part { num: 0.0, den: 0.0 }; 10];
        let e = change(&course, Unit::Turns, 1.0, 1, "q", 200).unwrap_err();
        assert!(e.contains("first third"), "{e}");
        // One unit in a third: most resamples still find it, some do not.
        let mut sparse: Vec<Vec<Part>> = (0..3).map(|_| session(10, 2)).collect();
        sparse[0] = vec![Part::default(); 40];
        sparse[0][0] = Part { num: 1.0, den: 1.0 };
        let e = change(&sparse, Unit::Turns, 1.0, 1, "q", 200).unwrap_err();
        assert!(e.contains("too few to say"), "{e}");
        assert!(change(&course[..2], Unit::Turns, 1.0, 1, "q", 200).is_err());
    }

    #[test]
    fn session_figures_resample_sessions() {
        let course: Vec<Vec<Part>> = [0.9, 0.8, 0.85, 0.5, 0.4, 0.2, 0.1, 0.15, 0.1]
            .iter()
            .map(|&s| vec![Part { num: s, den: 1.0 }])
            .collect();
        let c = change(&course, Unit::Sessions, 1.0, 1, "escalation", RESAMPLES).unwrap();
        assert!((c.first - 0.85).abs() < 1e-9 && (c.last - 0.35 / 3.0).abs() < 1e-9);
        assert_eq!(c.verdict, Verdict::Fell);
        // Turn resampling of a one-part session would be no interval at all.
        let flat = change(&course, Unit::Turns, 1.0, 1, "escalation", RESAMPLES).unwrap();
        assert_eq!(flat.low, flat.high);
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(num(-0.001, 2, true), "+0.00");
        assert_eq!(num(-1.234, 2, false), "−1.23");
        assert_eq!(num(0.5, 2, true), "+0.50");
    }
}
