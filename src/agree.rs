//! Agreement with human codes: how far turnscope's findings agree with what people marked.
//!
//! Human codes say, per turn and detector, whether the turn shows the pattern (1) or not
//! (0). They come from a CSV or JSON Lines file (`turn`, `detector`, `value`), or from a
//! ConvoKit `meta` field mapped on the command line. A turn is named by its source id (a
//! ConvoKit utterance id) or, for formats without ids, by `SESSION#INDEX`.
//!
//! The figures are those of `../shared/eval`: confusion counts, precision, recall, F1 and
//! Cohen's kappa; the disagreements list the turn's text with the spans and rules behind
//! turnscope's decision, so a supervisor can see why it differs.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::echo::{echo, echo_message};
use crate::report::json::{FindingDoc, SessionDoc};

/// One human code: does turn `turn` show `detector`?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The turn: its source id, or `SESSION#INDEX`.
    pub turn: String,
    /// The detector the code is about.
    pub detector: String,
    /// Whether the person coded the turn as showing it.
    pub value: bool,
}

/// A human-codes file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodesError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CodesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for CodesError {}

fn parse_value(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" => Some(true),
        "0" | "false" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// Reads codes from CSV with a header naming `turn`, `detector` and `value` columns
/// (any order; `turn_id` and `id` are accepted for `turn`, `label` for `value`).
pub fn codes_from_csv(text: &str) -> Result<Vec<Code>, CodesError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| CodesError {
        line: 1,
        message: format!("cannot read the CSV header: {e}"),
    })?;
    let find = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let (Some(ti), Some(di), Some(vi)) = (
        find(&["turn", "turn_id", "id"]),
        find(&["detector"]),
        find(&["value", "label", "code"]),
    ) else {
        return Err(CodesError {
            line: 1,
            message: "the header must name the columns `turn`, `detector` and `value`".into(),
        });
    };
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| CodesError {
            line: e.position().map_or(0, |p| p.line() as usize),
            message: echo_message(&e.to_string()).into_owned(),
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let get = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        let value = parse_value(&get(vi)).ok_or_else(|| CodesError {
            line,
            message: format!(
                "value \"{}\" is not 0/1, true/false or yes/no",
                echo(&get(vi))
            ),
        })?;
        out.push(Code {
            turn: get(ti),
            detector: get(di),
            value,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct CodeLine {
    #[serde(alias = "turn_id", alias = "id")]
    turn: serde_json::Value,
    detector: String,
    #[serde(alias = "label")]
    value: serde_json::Value,
}

/// Reads codes from JSON Lines: `{"turn": "u12", "detector": "blame", "value": 1}` a line.
pub fn codes_from_jsonl(text: &str) -> Result<Vec<Code>, CodesError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| CodesError {
            line: i + 1,
            message: echo_message(&message).into_owned(),
        };
        let c: CodeLine =
            serde_json::from_str(line).map_err(|e| err(format!("invalid code line: {e}")))?;
        let turn = match c.turn {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                return Err(err(format!(
                    "`turn` must be a string or number, found {other}"
                )))
            }
        };
        let value = match &c.value {
            serde_json::Value::Bool(b) => Some(*b),
            serde_json::Value::Number(n) => n.as_i64().and_then(|v| parse_value(&v.to_string())),
            serde_json::Value::String(s) => parse_value(s),
            _ => None,
        }
        .ok_or_else(|| err(format!("`value` {} is not 0/1 or true/false", c.value)))?;
        out.push(Code {
            turn,
            detector: c.detector,
            value,
        });
    }
    Ok(out)
}

/// A mapping from a ConvoKit `meta` field to a detector's codes, written
/// `FIELD=VALUE[|VALUE...]:DETECTOR` (turns whose field has one of the values are
/// positive, turns with another value negative, turns without the field uncoded), or
/// `FIELD:DETECTOR` for a field holding 0/1 or true/false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaMapping {
    /// The `meta` field.
    pub field: String,
    /// The values that mean "shows the pattern"; empty for a boolean field.
    pub positive: Vec<String>,
    /// The detector.
    pub detector: String,
}

impl std::str::FromStr for MetaMapping {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (lhs, detector) = s
            .rsplit_once(':')
            .ok_or_else(|| format!("{s:?}: expected FIELD=VALUE:DETECTOR or FIELD:DETECTOR"))?;
        let (field, positive) = match lhs.split_once('=') {
            Some((f, v)) => (f, v.split('|').map(str::to_string).collect()),
            None => (lhs, Vec::new()),
        };
        if field.is_empty() || detector.is_empty() {
            return Err(format!(
                "{s:?}: the field and the detector must not be empty"
            ));
        }
        Ok(MetaMapping {
            field: field.to_string(),
            positive,
            detector: detector.to_string(),
        })
    }
}

/// Reads codes from the `meta` of a ConvoKit utterances file.
pub fn codes_from_convokit_meta(
    text: &str,
    mappings: &[MetaMapping],
) -> Result<Vec<Code>, CodesError> {
    #[derive(Deserialize)]
    struct Utt {
        id: serde_json::Value,
        #[serde(default)]
        meta: serde_json::Map<String, serde_json::Value>,
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let u: Utt = serde_json::from_str(line).map_err(|e| CodesError {
            line: i + 1,
            message: echo_message(&format!("invalid ConvoKit line: {e}")).into_owned(),
        })?;
        let id = match u.id {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        for m in mappings {
            let Some(v) = u.meta.get(&m.field) else {
                continue;
            };
            let v = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => continue,
                other => other.to_string(),
            };
            let value = if m.positive.is_empty() {
                match parse_value(&v) {
                    Some(b) => b,
                    None => continue,
                }
            } else {
                m.positive.contains(&v)
            };
            out.push(Code {
                turn: id.clone(),
                detector: m.detector.clone(),
                value,
            });
        }
    }
    Ok(out)
}

/// Agreement figures for one detector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    /// The detector.
    pub detector: String,
    /// Coded turns found in the analysed input.
    pub n: usize,
    /// Both say yes.
    pub tp: usize,
    /// turnscope says yes, the person no.
    pub fp: usize,
    /// turnscope says no, the person yes.
    pub r#fn: usize,
    /// Both say no.
    pub tn: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Cohen's kappa: agreement beyond chance.
    pub kappa: f64,
}

/// A turn where turnscope and the person disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disagreement {
    /// The detector.
    pub detector: String,
    /// The session.
    pub session: String,
    /// The turn (source id or `SESSION#INDEX`).
    pub turn: String,
    /// The speaker.
    pub speaker: String,
    /// The turn's text.
    pub text: String,
    /// What the person coded.
    pub human: bool,
    /// What turnscope found.
    pub turnscope: bool,
    /// turnscope's findings of this detector in the turn, counted or set aside, with spans and rules.
    pub findings: Vec<FindingDoc>,
}

/// The whole agreement report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementReport {
    /// Per detector, sorted by name.
    pub detectors: Vec<Figures>,
    /// Codes whose turn was not found in the input.
    pub unmatched_codes: usize,
    /// Every disagreement, in input order.
    pub disagreements: Vec<Disagreement>,
}

/// Computes the binary agreement figures from (predicted, human) pairs.
pub fn figures(detector: &str, pairs: &[(bool, bool)]) -> Figures {
    let tp = pairs.iter().filter(|(p, g)| *p && *g).count();
    let fp = pairs.iter().filter(|(p, g)| *p && !*g).count();
    let fne = pairs.iter().filter(|(p, g)| !*p && *g).count();
    let n = pairs.len();
    let tn = n - tp - fp - fne;
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fne);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let nf = n.max(1) as f64;
    let po = (tp + tn) as f64 / nf;
    let pe =
        ((tp + fp) as f64 * (tp + fne) as f64 + (fne + tn) as f64 * (fp + tn) as f64) / (nf * nf);
    let kappa = if pe < 1.0 {
        (po - pe) / (1.0 - pe)
    } else {
        0.0
    };
    Figures {
        detector: detector.to_string(),
        n,
        tp,
        fp,
        r#fn: fne,
        tn,
        precision,
        recall,
        f1,
        kappa,
    }
}

/// Compares analysed sessions (documents written with set-aside findings included, so
/// disagreements can show them) against human codes.
pub fn agreement(docs: &[SessionDoc], codes: &[Code]) -> AgreementReport {
    // turn key -> (session index, turn index)
    let mut index: HashMap<String, (usize, usize)> = HashMap::new();
    for (si, d) in docs.iter().enumerate() {
        for t in &d.turns {
            index.insert(format!("{}#{}", d.session.id, t.index), (si, t.index));
            if let Some(id) = &t.id {
                index.insert(id.clone(), (si, t.index));
            }
        }
    }
    let mut by_detector: BTreeMap<&str, Vec<(bool, bool, usize, usize)>> = BTreeMap::new();
    let mut unmatched = 0;
    for c in codes {
        let Some(&(si, ti)) = index.get(&c.turn) else {
            unmatched += 1;
            continue;
        };
        let predicted = docs[si].turns[ti]
            .findings
            .iter()
            .any(|f| f.detector == c.detector && f.suppressed.is_none());
        by_detector
            .entry(c.detector.as_str())
            .or_default()
            .push((predicted, c.value, si, ti));
    }
    let mut detectors = Vec::new();
    let mut disagreements = Vec::new();
    for (det, rows) in &by_detector {
        let pairs: Vec<(bool, bool)> = rows.iter().map(|r| (r.0, r.1)).collect();
        detectors.push(figures(det, &pairs));
        for &(p, g, si, ti) in rows {
            if p == g {
                continue;
            }
            let d = &docs[si];
            let t = &d.turns[ti];
            disagreements.push(Disagreement {
                detector: det.to_string(),
                session: d.session.id.clone(),
                turn: t
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("{}#{}", d.session.id, t.index)),
                speaker: t.speaker.clone(),
                text: t.text.clone(),
                human: g,
                turnscope: p,
                findings: t
                    .findings
                    .iter()
                    .filter(|f| f.detector == *det)
                    .cloned()
                    .collect(),
            });
        }
    }
    disagreements.sort_by_key(|d| {
        let (si, ti) = index[&d.turn];
        (si, ti, d.detector.clone())
    });
    AgreementReport {
        detectors,
        unmatched_codes: unmatched,
        disagreements,
    }
}

/// Writes the report as a plain-text table followed by the disagreements.
pub fn write_table(
    out: &mut impl std::io::Write,
    r: &AgreementReport,
    limit: usize,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<20} {:>6} {:>5} {:>5} {:>5} {:>6} {:>9} {:>7} {:>6} {:>7}",
        "detector", "n", "tp", "fp", "fn", "tn", "precision", "recall", "f1", "kappa"
    )?;
    for f in &r.detectors {
        writeln!(
            out,
            "{:<20} {:>6} {:>5} {:>5} {:>5} {:>6} {:>9.3} {:>7.3} {:>6.3} {:>7.3}",
            f.detector, f.n, f.tp, f.fp, f.r#fn, f.tn, f.precision, f.recall, f.f1, f.kappa
        )?;
    }
    if r.unmatched_codes > 0 {
        writeln!(
            out,
            "\n{} codes name turns not in the input",
            r.unmatched_codes
        )?;
    }
    let shown = r.disagreements.len().min(limit);
    writeln!(
        out,
        "\ndisagreements: {} (showing {shown})",
        r.disagreements.len()
    )?;
    for d in r.disagreements.iter().take(limit) {
        let who = if d.turnscope {
            "turnscope only"
        } else {
            "human only"
        };
        writeln!(
            out,
            "\n[{}] {} {} ({}): {}",
            d.detector,
            d.turn,
            who,
            d.speaker,
            one_line(&d.text, 300)
        )?;
        for f in &d.findings {
            let state = match &f.suppressed {
                None => "counted".to_string(),
                Some(s) => format!("set aside: {s}"),
            };
            writeln!(
                out,
                "    {:?} at bytes {}..{}  rule {}  ({}, weight {:.2}, {state})",
                f.matched, f.span.start, f.span.end, f.rule, f.category, f.weight
            )?;
        }
        if d.findings.is_empty() {
            writeln!(out, "    no {} match in this turn", d.detector)?;
        }
    }
    Ok(())
}

fn one_line(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_matches_the_textbook_example() {
        // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = .7, pe = .5, kappa = .4
        let mut pairs = vec![(true, true); 20];
        pairs.extend(vec![(true, false); 5]);
        pairs.extend(vec![(false, true); 10]);
        pairs.extend(vec![(false, false); 15]);
        let f = figures("x", &pairs);
        assert_eq!((f.tp, f.fp, f.r#fn, f.tn), (20, 5, 10, 15));
        assert!((f.kappa - 0.4).abs() < 1e-9, "{}", f.kappa);
        assert!((f.precision - 0.8).abs() < 1e-9);
        assert!((f.recall - 20.0 / 30.0).abs() < 1e-9);
    }

    #[test]
    fn reads_codes_in_each_form() {
        let csv = "turn,detector,value\nu1,blame,1\n\"u,2\",validation,no\n";
        let c = codes_from_csv(csv).unwrap();
        assert_eq!(
            c[1],
            Code {
                turn: "u,2".into(),
                detector: "validation".into(),
                value: false
            }
        );
        let e = codes_from_csv("turn,detector,value\nu1,blame,maybe\n").unwrap_err();
        assert_eq!(e.line, 2);
        let j =
            codes_from_jsonl("{\"turn\": 7, \"detector\": \"blame\", \"value\": true}\n").unwrap();
        assert_eq!(j[0].turn, "7");
        assert!(codes_from_jsonl("{\"turn\": 7}\n").is_err());
        let m: MetaMapping = "behaviour=reflection|affirm:validation".parse().unwrap();
        let k = codes_from_convokit_meta(
            "{\"id\": \"a\", \"meta\": {\"behaviour\": \"reflection\"}}\n{\"id\": \"b\", \"meta\": {\"behaviour\": \"question\"}}\n{\"id\": \"c\", \"meta\": {}}\n",
            &[m],
        )
        .unwrap();
        assert_eq!(
            k.iter()
                .map(|c| (c.turn.as_str(), c.value))
                .collect::<Vec<_>>(),
            [("a", true), ("b", false)]
        );
        assert!("nofield".parse::<MetaMapping>().is_err());
    }
}
