//! Users' own dictionaries: LIWC (`.dic`, `.dicx`) and Empath-style word lists (`.tsv`),
//! read from a `--lexicons` directory beside the TOML lexicons and turned into lexicon
//! files, so they run in the one matcher with the same context rules (negation, reported
//! speech) and show everywhere a detector does.
//!
//! - **LIWC `.dic`** (LIWC2001 to LIWC2015): a header between two `%` lines that numbers
//!   the categories (`1<TAB>funct`), then one word a line with its category numbers
//!   (`abandon*<TAB>125<TAB>127`); a final `*` makes the word a prefix. LIWC2007's
//!   conditional entries (`like<TAB>(02 134)125/464`: category 125 after a word of
//!   categories 02 or 134, else 464) are read as their second category, the one that
//!   holds without the context.
//! - **LIWC-22 `.dicx`**: CSV, a header `DicTerm,<category>,<category>...`, then a term a
//!   row with a mark (`X`, `x`, `1`, ...) under each category it belongs to.
//! - **Empath-style `.tsv`**: a category a line, then its words, all separated by tabs
//!   (Empath's `categories.tsv`).
//!
//! Each category becomes a detector of its own (named after the category, in lower
//! case with `_` for anything but letters and digits), neutral and matched apart, so a
//! dictionary never takes words from the built-in detectors. A `dictionaries.toml` in
//! the same directory says otherwise, per file:
//!
//! ```toml
//! [[dictionary]]
//! file = "LIWC2015.dic"           # the dictionary in this directory
//! detector = "liwc"               # all its categories as categories of one detector
//! # prefix = "liwc_"              # or: one detector per category, named prefix + category
//! categories = ["posemo", "negemo"]   # only these (default: all)
//! detectors = { anger = "anger_words" }  # a category to a detector of that name
//! role = "neutral"                # the detectors' role (default neutral)
//! weight = 1.0                    # each match's weight (default 1)
//! ```
//!
//! A malformed dictionary fails to load with its file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{valid_name, EntryFile, LexiconError, LexiconFile, Role};
use crate::text::Normalized;

/// The name of the file that maps dictionaries to detectors.
pub const DICTIONARIES_FILE: &str = "dictionaries.toml";

/// Whether `path` is a dictionary this module reads, by its extension.
pub fn is_dictionary(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "dic" | "dicx" | "tsv"))
}

/// How one dictionary maps to detectors (`dictionaries.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DictionaryMap {
    /// The dictionary's file name in the directory.
    pub file: String,
    /// All categories as categories of this one detector.
    #[serde(default)]
    pub detector: Option<String>,
    /// One detector per category, named this plus the category.
    #[serde(default)]
    pub prefix: String,
    /// Only these categories.
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    /// Categories to detectors of these names.
    #[serde(default)]
    pub detectors: BTreeMap<String, String>,
    /// The detectors' role.
    #[serde(default)]
    pub role: Option<Role>,
    /// Each match's weight.
    #[serde(default)]
    pub weight: Option<f32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    #[serde(default)]
    dictionary: Vec<DictionaryMap>,
}

/// Reads `dictionaries.toml` from its text.
pub fn parse_maps(path: &Path, text: &str) -> Result<Vec<DictionaryMap>, LexiconError> {
    let file: MapFile =
        toml::from_str(text).map_err(|e| super::parse_error(path, text, e.span(), e.message()))?;
    for m in &file.dictionary {
        if m.detector.is_some() && !m.prefix.is_empty() {
            return Err(fail(
                path,
                None,
                format!("{}: `detector` and `prefix` exclude each other", m.file),
            ));
        }
    }
    Ok(file.dictionary)
}

fn fail(path: &Path, line: Option<usize>, message: String) -> LexiconError {
    LexiconError::Parse {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// A dictionary as read: terms (with their line) and the categories each belongs to.
#[derive(Debug, Default)]
struct Words {
    /// (term as written, line, categories)
    terms: Vec<(String, usize, Vec<String>)>,
}

/// Reads a LIWC `.dic`.
fn read_dic(path: &Path, text: &str) -> Result<Words, LexiconError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let err = |line: usize, m: String| fail(path, Some(line), m);
    // Skip blank lines before the header.
    let first = lines.by_ref().find(|(_, l)| !l.trim().is_empty());
    match first {
        Some((_, l)) if l.trim() == "%" => {}
        Some((n, _)) => {
            return Err(err(
                n,
                "a LIWC dictionary starts with a `%` line, then its categories".into(),
            ))
        }
        None => return Err(fail(path, None, "the dictionary is empty".into())),
    }
    let mut categories: BTreeMap<String, String> = BTreeMap::new();
    let mut closed = false;
    for (n, l) in lines.by_ref() {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if l == "%" {
            closed = true;
            break;
        }
        let mut parts = l.split_whitespace();
        let (Some(id), Some(name)) = (parts.next(), parts.next()) else {
            return Err(err(
                n,
                format!("{l:?}: a category line is a number and a name"),
            ));
        };
        if !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(err(
                n,
                format!("category number {id:?} is not a number (is the header's closing `%` line missing?)"),
            ));
        }
        categories.insert(normal_id(id), name.to_string());
    }
    if !closed {
        return Err(fail(
            path,
            None,
            "the category header is not closed by a second `%` line".into(),
        ));
    }
    let mut words = Words::default();
    for (n, l) in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        // The term may hold spaces ("kind of") in some dictionaries: it runs to the first
        // tab, or, without tabs, to the first space.
        let (term, rest) = match l.split_once('\t') {
            Some((t, r)) => (t.trim(), r),
            None => l.split_once(' ').unwrap_or((l, "")),
        };
        let mut cats = Vec::new();
        for token in rest.split_whitespace() {
            // LIWC2007's conditional "(02 134)125/464" splits on the space: keep the part
            // after the last `/` (the category without the context) of a token that has one,
            // and drop the condition's own numbers.
            if token.starts_with('(') && !token.contains(')') {
                continue;
            }
            let id = match token.rsplit_once('/') {
                Some((_, after)) => after,
                None if token.contains(')') => continue,
                None => token,
            };
            let id = id.trim_start_matches(|c: char| !c.is_ascii_digit());
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
                return Err(err(
                    n,
                    format!("{term:?}: category {token:?} is not a number"),
                ));
            }
            match categories.get(&normal_id(id)) {
                Some(name) => cats.push(name.clone()),
                None => {
                    return Err(err(
                        n,
                        format!("{term:?}: category {id} is not in the dictionary's header"),
                    ))
                }
            }
        }
        if cats.is_empty() {
            return Err(err(n, format!("{term:?} names no category")));
        }
        words.terms.push((term.to_string(), n, cats));
    }
    Ok(words)
}

/// "02" and "2" are the same category number.
fn normal_id(id: &str) -> String {
    let t = id.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }.to_string()
}

/// Reads a LIWC-22 `.dicx` (CSV with a `DicTerm` column and a column per category).
fn read_dicx(path: &Path, text: &str) -> Result<Words, LexiconError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut words = Words::default();
    let mut header: Option<Vec<String>> = None;
    for record in rdr.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            fail(path, line, format!("not CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let Some(h) = &header else {
            let cols: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
            if cols.len() < 2 || !cols[0].eq_ignore_ascii_case("DicTerm") {
                return Err(fail(
                    path,
                    Some(line),
                    "a .dicx starts with a header `DicTerm,<category>,...`".into(),
                ));
            }
            header = Some(cols);
            continue;
        };
        let term = record.get(0).unwrap_or("").trim();
        if term.is_empty() {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            return Err(fail(path, Some(line), "a row without a term".into()));
        }
        let cats: Vec<String> = record
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, c)| !c.trim().is_empty())
            .filter_map(|(i, _)| h.get(i).cloned())
            .collect();
        if cats.is_empty() {
            return Err(fail(
                path,
                Some(line),
                format!("{term:?} is marked in no category"),
            ));
        }
        words.terms.push((term.to_string(), line, cats));
    }
    if header.is_none() {
        return Err(fail(path, None, "the dictionary is empty".into()));
    }
    Ok(words)
}

/// Reads an Empath-style list: a category, then its words, tab-separated, a line each.
fn read_tsv(path: &Path, text: &str) -> Result<Words, LexiconError> {
    let mut words = Words::default();
    for (i, l) in text.lines().enumerate() {
        let n = i + 1;
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() {
            continue;
        }
        let mut parts = l.split('\t').map(str::trim).filter(|p| !p.is_empty());
        let category = parts.next().unwrap_or("");
        let list: Vec<&str> = parts.collect();
        if list.is_empty() {
            return Err(fail(
                path,
                Some(n),
                format!("category {category:?} has no words (a line is a category, then its words, separated by tabs)"),
            ));
        }
        for w in list {
            words
                .terms
                .push((w.to_string(), n, vec![category.to_string()]));
        }
    }
    if words.terms.is_empty() {
        return Err(fail(path, None, "the dictionary is empty".into()));
    }
    Ok(words)
}

/// A category's name as a detector name: lower case, `_` for anything but letters and
/// digits, starting with a letter.
pub fn detector_name(category: &str) -> String {
    let mut s: String = category
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
        s.insert_str(0, "d_");
    }
    s.truncate(64);
    s
}

/// Reads one dictionary into lexicon files, one per detector, keyed by a name unique to
/// the dictionary and detector. `map` is its entry in `dictionaries.toml`, if any.
pub fn load(
    path: &Path,
    map: Option<&DictionaryMap>,
) -> Result<Vec<(String, LexiconFile)>, LexiconError> {
    let bytes = std::fs::read(path).map_err(|source| LexiconError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text =
        String::from_utf8(bytes).map_err(|e| fail(path, None, format!("not UTF-8 text: {e}")))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let words = match ext.as_str() {
        "dic" => read_dic(path, &text)?,
        "dicx" => read_dicx(path, &text)?,
        _ => read_tsv(path, &text)?,
    };
    let default_map = DictionaryMap::default();
    let map = map.unwrap_or(&default_map);
    let weight = map.weight.unwrap_or(1.0);
    if !(0.0..=5.0).contains(&weight) {
        return Err(fail(
            path,
            None,
            format!("weight {weight} is outside 0 to 5"),
        ));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let all_categories: std::collections::BTreeSet<&str> = words
        .terms
        .iter()
        .flat_map(|(_, _, c)| c.iter().map(String::as_str))
        .collect();
    if let Some(wanted) = &map.categories {
        if let Some(missing) = wanted.iter().find(|c| !all_categories.contains(c.as_str())) {
            return Err(fail(
                path,
                None,
                format!("category {missing:?} (dictionaries.toml) is not in the dictionary"),
            ));
        }
    }
    let mut files: BTreeMap<String, LexiconFile> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for (term, line, cats) in &words.terms {
        let term = normalise_term(path, *line, term)?;
        for cat in cats {
            if map
                .categories
                .as_ref()
                .is_some_and(|w| !w.iter().any(|c| c == cat))
            {
                continue;
            }
            let detector = match (&map.detector, map.detectors.get(cat)) {
                (_, Some(d)) => d.clone(),
                (Some(d), None) => d.clone(),
                (None, None) => format!("{}{}", map.prefix, detector_name(cat)),
            };
            if !valid_name(&detector) {
                return Err(fail(
                    path,
                    Some(*line),
                    format!("detector {detector:?}: a detector name is lower-case letters, digits and `_`"),
                ));
            }
            let category = detector_name(cat);
            if !seen.insert((detector.clone(), category.clone(), term.clone())) {
                continue; // listed twice in one category
            }
            let file = files
                .entry(detector.clone())
                .or_insert_with(|| LexiconFile {
                    detector: detector.clone(),
                    description: format!(
                        "Category {cat:?} of the dictionary {}.",
                        path.file_name()
                            .map(|f| f.to_string_lossy())
                            .unwrap_or_default()
                    ),
                    role: Some(map.role.unwrap_or(Role::Neutral)),
                    independent: Some(true),
                    source: Some(stem.clone()),
                    ..LexiconFile::default()
                });
            file.entries.push(EntryFile {
                term: term.clone(),
                category,
                weight,
                ..EntryFile::default()
            });
        }
    }
    Ok(files
        .into_iter()
        .map(|(d, f)| (format!("{}#{d}", path.display()), f))
        .collect())
}

/// A dictionary term in the form the matcher reads: normalised (lower case, straight
/// quotes, single spaces), with at most a final `*`.
fn normalise_term(path: &Path, line: usize, term: &str) -> Result<String, LexiconError> {
    let (core, star) = match term.strip_suffix('*') {
        Some(c) => (c, "*"),
        None => (term, ""),
    };
    let core = Normalized::new(core.trim()).as_str().trim().to_string();
    if core.is_empty() || core.contains('*') {
        return Err(fail(
            path,
            Some(line),
            format!("term {term:?}: a term is words, with `*` only at its end"),
        ));
    }
    Ok(format!("{core}{star}"))
}

/// The dictionaries of a directory and their maps: (path, map).
pub fn in_dir<'a>(
    paths: &'a [PathBuf],
    maps: &'a [DictionaryMap],
) -> Result<Vec<(&'a PathBuf, Option<&'a DictionaryMap>)>, LexiconError> {
    let dicts: Vec<&PathBuf> = paths.iter().filter(|p| is_dictionary(p)).collect();
    for m in maps {
        if !dicts
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == m.file))
        {
            return Err(LexiconError::Parse {
                path: PathBuf::from(DICTIONARIES_FILE),
                line: None,
                message: format!(
                    "{:?} is no dictionary (.dic, .dicx, .tsv) of this directory",
                    m.file
                ),
            });
        }
    }
    Ok(dicts
        .into_iter()
        .map(|p| {
            let map = maps
                .iter()
                .find(|m| p.file_name().is_some_and(|n| n.to_string_lossy() == m.file));
            (p, map)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn terms(files: &[(String, LexiconFile)]) -> Vec<String> {
        let mut v: Vec<String> = files
            .iter()
            .flat_map(|(_, f)| {
                f.entries
                    .iter()
                    .map(move |e| format!("{}/{}:{}", f.detector, e.category, e.term))
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn reads_liwc_dic_dicx_and_empath_lists() {
        let dir = tempfile::tempdir().unwrap();
        let dic = write(
            dir.path(),
            "mini.dic",
            "%\n1\tposemo\n02\tnegemo\n%\nhappy\t1\nabandon*\t2\nlike\t(02 134)1/2\nKind of\t2\n",
        );
        assert_eq!(
            terms(&load(&dic, None).unwrap()),
            [
                "negemo/negemo:abandon*",
                "negemo/negemo:kind of",
                "negemo/negemo:like",
                "posemo/posemo:happy"
            ]
        );
        let dicx = write(
            dir.path(),
            "mini.dicx",
            "DicTerm,Grief Words,Social\nfuneral,X,\nfriend*,,X\nwidow,X,X\n",
        );
        assert_eq!(
            terms(&load(&dicx, None).unwrap()),
            [
                "grief_words/grief_words:funeral",
                "grief_words/grief_words:widow",
                "social/social:friend*",
                "social/social:widow"
            ]
        );
        let tsv = write(
            dir.path(),
            "mini.tsv",
            "loneliness\talone\tlonely\tisolated\n",
        );
        let map = DictionaryMap {
            file: "mini.tsv".into(),
            detector: Some("empath".into()),
            weight: Some(0.5),
            ..DictionaryMap::default()
        };
        let files = load(&tsv, Some(&map)).unwrap();
        assert_eq!(
            terms(&files),
            [
                "empath/loneliness:alone",
                "empath/loneliness:isolated",
                "empath/loneliness:lonely"
            ]
        );
        assert_eq!(files[0].1.entries[0].weight, 0.5);
        assert_eq!(files[0].1.independent, Some(true));
    }

    #[test]
    fn malformed_dictionaries_fail_with_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        // (file, text, line, what the message says)
        let table: [(&str, &str, Option<usize>, &str); 9] = [
            ("a.dic", "happy\t1\n", Some(1), "starts with a `%`"),
            (
                "b.dic",
                "%\n1\tposemo\nhappy\t1\n",
                Some(3),
                "closing `%` line missing",
            ),
            ("i.dic", "%\n1\tposemo\n", None, "not closed"),
            ("c.dic", "%\nx\tposemo\n%\n", Some(2), "not a number"),
            (
                "d.dic",
                "%\n1\tposemo\n%\nhappy\t7\n",
                Some(4),
                "not in the dictionary's header",
            ),
            (
                "e.dic",
                "%\n1\tposemo\n%\nha*ppy\t1\n",
                Some(4),
                "`*` only at its end",
            ),
            ("f.dicx", "Term,A\nx,X\n", Some(1), "DicTerm"),
            ("g.dicx", "DicTerm,A\nx,\n", Some(2), "in no category"),
            ("h.tsv", "grief\tfuneral\nlonely\n", Some(2), "has no words"),
        ];
        for (name, text, line, says) in table {
            let p = write(dir.path(), name, text);
            match load(&p, None) {
                Err(LexiconError::Parse {
                    path,
                    line: got,
                    message,
                }) => {
                    assert_eq!(path, p, "{name}");
                    assert_eq!(got, line, "{name}: {message}");
                    assert!(message.contains(says), "{name}: {message}");
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn category_names_become_detector_names() {
        assert_eq!(detector_name("PosEmo"), "posemo");
        assert_eq!(detector_name("Grief Words"), "grief_words");
        assert_eq!(detector_name("2nd person"), "d_2nd_person");
    }
}
