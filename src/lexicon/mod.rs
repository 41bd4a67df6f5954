//! Lexicons: the data the detectors run on, and the one compiled matcher built from them.
//!
//! The file format is documented in `lexicons/README.md`. Built-in lexicons are embedded
//! in the binary; user lexicons from a directory are layered on top: an entry whose term
//! is built in replaces it, others are added.

mod automaton;
mod context;
pub mod dictionary;
mod matcher;
mod registry;
mod scorecard;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

pub use context::{ContextLists, Key, Masks, Vocabulary, WordKey, WordList};
pub use matcher::{Matcher, RawMatch};
pub use registry::{
    valid_name, CategorySpec, Detector, DetectorId, DetectorRef, EscalationSpec, Pattern, Registry,
    RegistryError, Role, SequenceRule,
};
pub use scorecard::{ScorecardExamples, ScorecardLists, BUILTIN_SCORECARD, SCORECARD_FILE};

/// The built-in lexicon files, by file name, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "avoidance.toml",
        include_str!("../../lexicons/avoidance.toml"),
    ),
    ("blame.toml", include_str!("../../lexicons/blame.toml")),
    ("deficit.toml", include_str!("../../lexicons/deficit.toml")),
    ("dispute.toml", include_str!("../../lexicons/dispute.toml")),
    (
        "escalation.toml",
        include_str!("../../lexicons/escalation.toml"),
    ),
    ("grief.toml", include_str!("../../lexicons/grief.toml")),
    (
        "hostility.toml",
        include_str!("../../lexicons/hostility.toml"),
    ),
    (
        "role_transition.toml",
        include_str!("../../lexicons/role_transition.toml"),
    ),
    (
        "self_blame.toml",
        include_str!("../../lexicons/self_blame.toml"),
    ),
    (
        "third_party_blame.toml",
        include_str!("../../lexicons/third_party_blame.toml"),
    ),
    (
        "validation.toml",
        include_str!("../../lexicons/validation.toml"),
    ),
];

/// The built-in context word lists.
pub const BUILTIN_CONTEXT: &str = include_str!("../../lexicons/context.toml");

/// A context requirement an entry can name (`require = [...]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Require {
    /// A second-person word near the match makes the listener the target.
    SecondPerson,
    /// The matches of this kind make up (nearly) the whole turn.
    WholeReply,
    /// The previous turn, by another speaker, asked a question.
    AfterQuestion,
    /// The sentence holding the match is not a question.
    NotQuestion,
    /// The match opens a sentence.
    SentenceStart,
    /// No praise word follows in the clause.
    NotPraise,
    /// The clause is not about the speaker ("I always ...").
    NotSelf,
    /// No advice or modal word follows ("so you should ...").
    NotAdvice,
    /// With `not_question`: a statement said with a rising `?` still counts ("you feel
    /// stuck?", MITI's reflection with an upturn in inflection); only a sentence in
    /// question order (opening with "do", "are", "what", ...) is a question.
    RisingOk,
    /// No question follows in the turn (in the match's sentence or a later one): a bare
    /// acknowledgment that prefaces a question is the question's preamble ("I understand.
    /// Have you told anyone?").
    NoQuestionAfter,
    /// The match stands in the turn's opening words: a discourse marker buried deep in a
    /// long turn organises the speaker's own talk.
    TurnOpening,
    /// The match is a main clause about the listener, not embedded after a subordinator
    /// ("tell them how you feel", "if you feel ready"; `context.toml`'s `subordinators`).
    MainClause,
    /// The match ends its sentence (only discourse words after it) with at most a few
    /// words before it: an ultimatum said as a sentence of its own ("That's it, I'm done.")
    /// and not a report that goes on ("I'm done with the dishes").
    OwnSentence,
    /// The one-word match addresses the listener as a trailing vocative ("Nice going,
    /// genius."), not a word inside a clause ("You're a genius!").
    Vocative,
    /// The match is of the speaker's own life, not inside a conditional or imagined clause
    /// ("if my mother died", "imagine losing him", "what if he leaves") nor the consequent
    /// of one ("If he left, I'd be so alone"); `context.toml`'s `hypotheticals`.
    NotHypothetical,
    /// The match is an imperative to the listener: no subject other than the listener
    /// before it in its clause ("Go to hell", "You can go to hell"; not "My boss can go to
    /// hell", "They can kiss my ass").
    Imperative,
}

impl Require {
    const ALL: [Require; 16] = [
        Require::SecondPerson,
        Require::WholeReply,
        Require::AfterQuestion,
        Require::NotQuestion,
        Require::SentenceStart,
        Require::NotPraise,
        Require::NotSelf,
        Require::NotAdvice,
        Require::RisingOk,
        Require::NoQuestionAfter,
        Require::TurnOpening,
        Require::MainClause,
        Require::OwnSentence,
        Require::Vocative,
        Require::NotHypothetical,
        Require::Imperative,
    ];

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

// Every requirement needs its own bit in `Requires`.
const _: () = assert!(Require::ALL.len() <= u16::BITS as usize);

/// A set of [`Require`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Requires(u16);

impl Requires {
    /// Whether the set holds `r`.
    pub fn has(self, r: Require) -> bool {
        self.0 & r.bit() != 0
    }

    fn insert(&mut self, r: Require) {
        self.0 |= r.bit();
    }

    /// The requirements in the set, in a fixed order.
    pub fn iter(self) -> impl Iterator<Item = Require> {
        Require::ALL.into_iter().filter(move |r| self.has(*r))
    }
}

/// One lexicon file as written: a header that declares its detector (see [`Registry`]
/// for what each key means), then the entries.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    /// The detector every entry reports under unless it names another.
    pub detector: String,
    /// What the lexicon marks.
    #[serde(default)]
    pub description: String,
    /// The name for people.
    #[serde(default)]
    pub label: Option<String>,
    /// What it marks in a few words (the report's legend); the description by default.
    #[serde(default)]
    pub summary: Option<String>,
    /// The short label on the report's marks.
    #[serde(default)]
    pub tag: Option<String>,
    /// The role in the sequence.
    #[serde(default)]
    pub role: Option<Role>,
    /// The place in the report.
    #[serde(default)]
    pub order: Option<i32>,
    /// The marks' colour, `#rrggbb`.
    #[serde(default)]
    pub colour: Option<String>,
    /// The marks' background, `#rrggbb`.
    #[serde(default)]
    pub background: Option<String>,
    /// The marks' underline.
    #[serde(default)]
    pub pattern: Option<Pattern>,
    /// A figure card of its own in the report.
    #[serde(default)]
    pub headline: Option<bool>,
    /// For an attack: whether it attacks the listener.
    #[serde(default)]
    pub listener: Option<bool>,
    /// The detector a match aimed at someone absent counts under instead.
    #[serde(default)]
    pub third_party: Option<String>,
    /// Matched apart from the other lexicons, competing with none of their terms.
    #[serde(default)]
    pub independent: Option<bool>,
    /// The part in escalation.
    #[serde(default)]
    pub escalation: Option<EscalationSpec>,
    /// Structural rules reporting under this detector, with their findings' weight.
    #[serde(default)]
    pub rules: BTreeMap<SequenceRule, f32>,
    /// Per category settings.
    #[serde(default)]
    pub categories: BTreeMap<String, CategorySpec>,
    /// What rule ids are named after (`SOURCE:term`) instead of the file's stem: the
    /// dictionary a file was made from. Not read from TOML.
    #[serde(skip)]
    pub source: Option<String>,
    /// Requirements applied to every entry.
    #[serde(default)]
    pub require: Vec<Require>,
    /// Whether a negator before a match cancels it (default true).
    #[serde(default)]
    pub negation: Option<bool>,
    /// The entries.
    #[serde(default, rename = "entry")]
    pub entries: Vec<EntryFile>,
}

/// One entry as written in a lexicon file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryFile {
    /// The word or phrase; a final `*` makes the last word a prefix.
    pub term: String,
    /// Other spellings of the same rule.
    #[serde(default)]
    pub also: Vec<String>,
    /// The category inside the detector.
    pub category: String,
    /// How strong a marker this is.
    pub weight: f32,
    /// Overrides the file's detector.
    #[serde(default)]
    pub detector: Option<String>,
    /// Context requirements, added to the file's.
    #[serde(default)]
    pub require: Vec<Require>,
    /// Whether a negator before a match cancels it; overrides the file's setting.
    #[serde(default)]
    pub negation: Option<bool>,
    /// Set phrases that hold one of the entry's terms but mean something else ("you never
    /// know" for "you never"): their words are read as the phrase, and no term inside them
    /// counts. Written in normalised form; each must hold one of the entry's terms.
    #[serde(default)]
    pub except: Vec<String>,
    /// Whole turns that must give a counted finding of this entry.
    #[serde(default, rename = "match")]
    pub must_match: Vec<String>,
    /// Whole turns that must not give a counted finding of this entry.
    #[serde(default)]
    pub no_match: Vec<String>,
    /// Why the entry is there, for people reading the file.
    #[serde(default)]
    pub note: Option<String>,
}

impl LexiconFile {
    /// Whether the file's entries are matched apart from the shared matcher, as the
    /// file itself says (`independent`, or a `topic` role).
    pub fn matched_apart(&self) -> bool {
        self.independent.unwrap_or(self.role == Some(Role::Topic))
    }

    /// A file that declares `detector` and holds nothing else.
    pub fn header_only(detector: &str) -> LexiconFile {
        LexiconFile {
            detector: detector.to_string(),
            ..LexiconFile::default()
        }
    }
}

/// A compiled entry: what a match of it means.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The rule id reported with each finding: `file:term`, e.g. `blame:your fault`.
    pub rule: Arc<str>,
    /// The term as written (without `*`).
    pub term: String,
    /// Whether the last word is a prefix.
    pub prefix: bool,
    /// The detector the finding reports under.
    pub detector: DetectorRef,
    /// Whether the entry is matched apart from the other lexicons: its matches compete
    /// only with its own detector's ([`Detector::independent`]).
    pub independent: bool,
    /// The category inside the detector.
    pub category: Arc<str>,
    /// The base weight.
    pub weight: f32,
    /// Context requirements.
    pub require: Requires,
    /// Whether a negator before a match cancels it.
    pub negatable: bool,
    /// Set phrases whose words no term counts in (the entry file's `except`; kept on the
    /// entry's first spelling only).
    pub except: Vec<String>,
    /// Examples that must match.
    pub must_match: Vec<String>,
    /// Examples that must not match.
    pub no_match: Vec<String>,
}

/// Why a lexicon could not be loaded.
#[derive(Debug)]
pub enum LexiconError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not valid lexicon TOML.
    Parse {
        /// The file (or built-in name).
        path: PathBuf,
        /// Line of the fault, where known (1-based).
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LexiconError::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            LexiconError::Parse {
                path,
                line: Some(line),
                message,
            } => write!(f, "{}:{}: {}", path.display(), line, message),
            LexiconError::Parse { path, message, .. } => {
                write!(f, "{}: {}", path.display(), message)
            }
        }
    }
}

impl std::error::Error for LexiconError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LexiconError::Io { source, .. } => Some(source),
            LexiconError::Parse { .. } => None,
        }
    }
}

fn parse_error(
    path: &Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    msg: &str,
) -> LexiconError {
    let line = span.map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    LexiconError::Parse {
        path: path.to_path_buf(),
        line,
        message: msg.trim().to_string(),
    }
}

/// Parses one lexicon file's text; `path` names it in errors.
pub fn parse_file(path: &Path, text: &str) -> Result<LexiconFile, LexiconError> {
    let file: LexiconFile =
        toml::from_str(text).map_err(|e| parse_error(path, text, e.span(), e.message()))?;
    let fail = |msg: String| LexiconError::Parse {
        path: path.to_path_buf(),
        line: None,
        message: msg,
    };
    if file.detector.trim().is_empty() {
        return Err(fail("`detector` is empty".into()));
    }
    for d in std::iter::once(&file.detector)
        .chain(file.entries.iter().filter_map(|e| e.detector.as_ref()))
    {
        if !valid_name(d) {
            return Err(fail(format!(
                "detector {d:?}: a detector name is lower-case letters, digits and `_`, starting with a letter"
            )));
        }
    }
    for e in &file.entries {
        for t in std::iter::once(&e.term).chain(&e.also) {
            let core = t.strip_suffix('*').unwrap_or(t);
            if core.trim().is_empty() || core.contains('*') {
                return Err(fail(format!(
                    "term {t:?}: a term is words, with `*` only at its end"
                )));
            }
            if core != crate::text::Normalized::new(core).as_str() || core.trim() != core {
                return Err(fail(format!(
                    "term {t:?}: write terms in normalised form (lower case, straight quotes, single spaces)"
                )));
            }
        }
        for x in &e.except {
            if x != crate::text::Normalized::new(x).as_str() || x.trim() != x || x.is_empty() {
                return Err(fail(format!(
                    "except {x:?}: write set phrases in normalised form (lower case, straight quotes, single spaces)"
                )));
            }
            let holds = std::iter::once(&e.term).chain(&e.also).any(|t| {
                let core = t.strip_suffix('*').unwrap_or(t);
                x.split(' ')
                    .collect::<Vec<_>>()
                    .windows(core.split(' ').count())
                    .any(|w| {
                        let joined = w.join(" ");
                        if t.ends_with('*') {
                            joined.starts_with(core)
                        } else {
                            joined == core
                        }
                    })
            });
            if !holds {
                return Err(fail(format!(
                    "term {:?}: except {x:?} holds none of the entry's terms",
                    e.term
                )));
            }
        }
        if !(0.0..=5.0).contains(&e.weight) || e.weight.is_nan() {
            return Err(fail(format!(
                "term {:?}: weight {} is outside 0 to 5",
                e.term, e.weight
            )));
        }
    }
    Ok(file)
}

/// The set of lexicons an engine runs: built-ins plus user files, and the context lists.
#[derive(Debug, Clone)]
pub struct LexiconSet {
    /// File name (or path) -> parsed file, in name order.
    pub files: BTreeMap<String, LexiconFile>,
    /// The context word lists.
    pub context: ContextLists,
}

impl LexiconSet {
    /// The built-in lexicons.
    pub fn builtin() -> LexiconSet {
        let mut files = BTreeMap::new();
        for (name, text) in BUILTIN {
            // The built-ins are checked by the test suite; a failure here is a build defect.
            let file = parse_file(Path::new(name), text)
                .unwrap_or_else(|e| panic!("built-in lexicon {name} is invalid: {e}"));
            files.insert((*name).to_string(), file);
        }
        let context = ContextLists::parse(BUILTIN_CONTEXT)
            .unwrap_or_else(|e| panic!("built-in context.toml is invalid: {e}"));
        LexiconSet { files, context }
    }

    /// Adds every `*.toml` file of `dir` on top, and its dictionaries (LIWC `.dic` and
    /// `.dicx`, Empath-style `.tsv`: see [`dictionary`]): entries with a built-in term replace it.
    /// A `context.toml` there extends the context word lists; a `scorecard.toml` is left
    /// to [`ScorecardLists::with_dir`].
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), LexiconError> {
        let io = |source| LexiconError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        all.sort();
        let (paths, rest): (Vec<PathBuf>, Vec<PathBuf>) = all
            .into_iter()
            .partition(|p| p.extension().is_some_and(|e| e == "toml"));
        let maps = match paths.iter().find(|p| {
            p.file_name()
                .is_some_and(|n| n == dictionary::DICTIONARIES_FILE)
        }) {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|source| LexiconError::Io {
                    path: p.clone(),
                    source,
                })?;
                dictionary::parse_maps(p, &text)?
            }
            None => Vec::new(),
        };
        let dictionaries = dictionary::in_dir(&rest, &maps)?;
        if paths.is_empty() && dictionaries.is_empty() {
            return Err(LexiconError::Parse {
                path: dir.to_path_buf(),
                line: None,
                message: "no lexicon files in this directory (*.toml, or dictionaries: *.dic, *.dicx, *.tsv)".into(),
            });
        }
        for (path, map) in dictionaries {
            for (name, file) in dictionary::load(path, map)? {
                self.add_file(name, file);
            }
        }
        for path in paths {
            if path
                .file_name()
                .is_some_and(|n| n == dictionary::DICTIONARIES_FILE)
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|source| LexiconError::Io {
                path: path.clone(),
                source,
            })?;
            if path.file_name().is_some_and(|n| n == SCORECARD_FILE) {
                // The scorecard's lists, read by `ScorecardLists::with_dir`: no detector.
                continue;
            }
            if path.file_name().is_some_and(|n| n == "context.toml") {
                let extra = ContextLists::parse(&text)
                    .map_err(|e| parse_error(&path, &text, e.span(), e.message()))?;
                self.context.extend(extra);
                continue;
            }
            let file = parse_file(&path, &text)?;
            self.add_file(path.display().to_string(), file);
        }
        Ok(())
    }

    /// Adds one parsed file: its entries replace earlier entries with the same term that
    /// they compete with (those of the shared matcher, or of the same detector when the
    /// file is matched apart: [`LexiconFile::independent`]).
    pub fn add_file(&mut self, name: String, file: LexiconFile) {
        let terms: std::collections::HashSet<&str> =
            file.entries.iter().map(|e| e.term.as_str()).collect();
        let apart = file.matched_apart();
        for existing in self.files.values_mut() {
            let competes = if apart {
                existing.detector == file.detector
            } else {
                !existing.matched_apart()
            };
            if competes {
                existing
                    .entries
                    .retain(|e| !terms.contains(e.term.as_str()));
            }
        }
        self.files.insert(name, file);
    }

    /// The detector registry the files' headers make.
    pub fn registry(&self) -> Result<Registry, LexiconError> {
        Registry::build(self.files.values()).map_err(|e| LexiconError::Parse {
            path: "lexicons".into(),
            line: None,
            message: e.0,
        })
    }

    /// Flattens the files into compiled entries, in a stable order, with their detectors
    /// resolved in `registry` (made by [`LexiconSet::registry`] from these files).
    pub fn entries(&self, registry: &Registry) -> Vec<Entry> {
        let mut out = Vec::new();
        for (name, file) in &self.files {
            let stem = file.source.clone().unwrap_or_else(|| {
                Path::new(name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| name.clone())
            });
            for e in &file.entries {
                let mut require = Requires::default();
                for r in file.require.iter().chain(&e.require) {
                    require.insert(*r);
                }
                let id = registry
                    .id(e.detector.as_deref().unwrap_or(&file.detector))
                    .expect("the registry was built from these files");
                let independent = registry.get(id).independent;
                let detector = registry.handle(id);
                let category: Arc<str> = Arc::from(e.category.as_str());
                let rule: Arc<str> = Arc::from(format!("{stem}:{}", e.term));
                for t in std::iter::once(&e.term).chain(&e.also) {
                    let (term, prefix) = match t.strip_suffix('*') {
                        Some(core) => (core.to_string(), true),
                        None => (t.clone(), false),
                    };
                    let first = *t == e.term;
                    let only_first = |v: &Vec<String>| if first { v.clone() } else { Vec::new() };
                    out.push(Entry {
                        rule: rule.clone(),
                        term,
                        prefix,
                        detector: detector.clone(),
                        independent,
                        category: category.clone(),
                        weight: e.weight,
                        require,
                        negatable: e.negation.or(file.negation).unwrap_or(true),
                        except: only_first(&e.except),
                        must_match: only_first(&e.must_match),
                        no_match: only_first(&e.no_match),
                    });
                }
            }
        }
        out
    }
}

/// Everything detection reads, compiled once from a [`LexiconSet`]: the detector registry,
/// the entries, the one matcher over all their terms, and the context word lists.
#[derive(Debug)]
pub struct Compiled {
    /// The detectors, from the files' headers.
    pub registry: Arc<Registry>,
    /// The compiled entries (one per term spelling); [`RawMatch::entry`] indexes them.
    pub entries: Vec<Entry>,
    /// The one matcher over every entry's terms.
    pub matcher: Matcher,
    /// The context word lists.
    pub lists: ContextLists,
}

impl Compiled {
    /// Compiles a lexicon set.
    pub fn new(set: LexiconSet) -> Result<Compiled, LexiconError> {
        let registry = set.registry()?;
        let entries = set.entries(&registry);
        let adverbs: Vec<&str> = set.context.subject_adverbs.words().collect();
        let matcher =
            Matcher::with_adverbs(&entries, &adverbs).map_err(|e| LexiconError::Parse {
                path: "lexicons".into(),
                line: None,
                message: format!("cannot compile the matcher: {e}"),
            })?;
        Ok(Compiled {
            registry: Arc::new(registry),
            entries,
            matcher,
            lists: set.context,
        })
    }
}

/// The registry of the built-in lexicons, built once.
pub fn builtin_registry() -> Arc<Registry> {
    static BUILTIN_REGISTRY: std::sync::OnceLock<Arc<Registry>> = std::sync::OnceLock::new();
    BUILTIN_REGISTRY
        .get_or_init(|| {
            Arc::new(
                LexiconSet::builtin()
                    .registry()
                    .unwrap_or_else(|e| panic!("built-in lexicon headers are invalid: {e}")),
            )
        })
        .clone()
}
