//! The detector registry: what each detector means, read from its lexicon file's header.
//!
//! A detector is one lexicon file. Its header says everything the rest of the program
//! needs to know about it: its name and label, what it describes, its **role** in the
//! conversation's sequence, its structural rules, and how the report shows it. Code
//! holds a [`DetectorId`] and asks the [`Registry`]; no stage compares detector names.
//!
//! | header key | meaning |
//! |---|---|
//! | `detector` | the name, `[a-z][a-z0-9_]*` (the JSON's `detector`) |
//! | `label`, `tag` | the name for people, and the short label on the report's marks |
//! | `description` | what it marks (`turnscope lexicons`) |
//! | `summary` | the same in a few words (the report's legend) |
//! | `role` | [`Role`]: `attack`, `repair`, `avoidance`, `topic` or `neutral` |
//! | `order` | its place in the report (lower first; then by name) |
//! | `colour`, `background`, `pattern` | the report's marks: `#rrggbb` colours and a [`Pattern`] |
//! | `headline` | a figure card of its own in the report |
//! | `listener` | for `attack`: whether it attacks the listener (default true) |
//! | `third_party` | where a match aimed at someone absent counts instead |
//! | `independent` | matched apart from the other lexicons (default: true for `topic`) |
//! | `[escalation]` | `share` of a counted finding's weight added to hostility (`attack`) or repair (`repair`); `unaimed`, the share a match not aimed at the listener still adds; `impoliteness`, on the detector holding the escalation rule, what a session with no politeness markers adds to its score |
//! | `[rules]` | the structural rules reporting under it, each with its findings' weight |
//! | `[categories.NAME]` | per category: `listener`, `exclamation`, `covers`, `share` |

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::Deserialize;

use super::LexiconFile;

/// A detector, as an index into its [`Registry`] (detectors sorted by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DetectorId(u16);

impl DetectorId {
    /// The position in the registry's sorted list of detectors.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A detector as findings and entries carry it: its id in the registry, for code, and its
/// name, for people (it dereferences to the name, so `&*f.detector == "blame"` reads as
/// it says). Cloning it is cheap.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DetectorRef {
    id: DetectorId,
    name: Arc<str>,
}

impl DetectorRef {
    /// The id in the registry.
    pub fn id(&self) -> DetectorId {
        self.id
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl std::ops::Deref for DetectorRef {
    type Target = str;
    fn deref(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for DetectorRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl PartialEq<str> for DetectorRef {
    fn eq(&self, other: &str) -> bool {
        *self.name == *other
    }
}

impl PartialEq<&str> for DetectorRef {
    fn eq(&self, other: &&str) -> bool {
        *self.name == **other
    }
}

/// What a detector's findings do in the conversation's sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Hostile: a counted finding adds to its turn's hostility and so to escalation; one
    /// that attacks the listener sets validation in its sentence aside and keeps the turn
    /// from counting as a reflection.
    Attack,
    /// Validation and repair: a counted finding lowers the tension, and is set aside in a
    /// sentence that attacks the listener.
    Repair,
    /// Evasion and withdrawal: reported beside the question it avoids.
    Avoidance,
    /// What the talk is about (a problem area such as grief): counted per turn and word
    /// share, with the session's dominant one; it feeds no escalation.
    Topic,
    /// Reported and counted, with no part in the sequence.
    #[default]
    Neutral,
}

impl Role {
    /// The name in lexicon headers.
    pub fn name(self) -> &'static str {
        match self {
            Role::Attack => "attack",
            Role::Repair => "repair",
            Role::Avoidance => "avoidance",
            Role::Topic => "topic",
            Role::Neutral => "neutral",
        }
    }
}

/// How the report underlines a detector's marks (colour is never the only cue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// A solid line.
    #[default]
    Solid,
    /// A thin solid line.
    Thin,
    /// Dots.
    Dotted,
    /// Two lines.
    Double,
    /// Dashes.
    Dashed,
    /// A wavy line.
    Wavy,
    /// A hatched background and a wavy line.
    Hatched,
}

/// A structural rule: a finding made from the structure of a turn or of the sequence, not
/// from a lexicon phrase. The detector it reports under is the one whose header lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SequenceRule {
    /// A statement about the listener, in reply (`src/detect/reflection.rs`).
    Reflection,
    /// The listener's own words given back (`src/detect/echo.rs`).
    Echo,
    /// Naming how hard the listener's situation is (`src/detect/hardship.rs`).
    Hardship,
    /// A reply that dodges the question (`src/sequence/non_answer.rs`).
    NonAnswer,
    /// Silence after a hostile turn (`src/sequence/stonewalling.rs`).
    Stonewalling,
    /// Hostile turns inside a rising exchange (`src/sequence/escalation.rs`).
    Escalation,
}

impl SequenceRule {
    /// Every rule, in a fixed order.
    pub const ALL: [SequenceRule; 6] = [
        SequenceRule::Reflection,
        SequenceRule::Echo,
        SequenceRule::Hardship,
        SequenceRule::NonAnswer,
        SequenceRule::Stonewalling,
        SequenceRule::Escalation,
    ];

    /// The name in lexicon headers.
    pub fn name(self) -> &'static str {
        match self {
            SequenceRule::Reflection => "reflection",
            SequenceRule::Echo => "echo",
            SequenceRule::Hardship => "hardship",
            SequenceRule::NonAnswer => "non_answer",
            SequenceRule::Stonewalling => "stonewalling",
            SequenceRule::Escalation => "escalation",
        }
    }
}

/// A detector's part in escalation (the header's `[escalation]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationSpec {
    /// Share of a counted finding's weight added to its turn's hostility (`attack`) or
    /// repair (`repair`).
    #[serde(default)]
    pub share: Option<f32>,
    /// Share of its weight a match set aside as not aimed at the listener still adds to
    /// hostility.
    #[serde(default)]
    pub unaimed: Option<f32>,
    /// For the detector that holds the escalation rule: how much a session whose turns
    /// carry no politeness marker adds to its escalation score (times the share of such
    /// turns).
    #[serde(default)]
    pub impoliteness: Option<f32>,
}

/// Settings of one category (the header's `[categories.NAME]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategorySpec {
    /// For an attack: whether this category attacks the listener.
    #[serde(default)]
    pub listener: Option<bool>,
    /// Said as an exclamation of its own at a sentence's start, it attacks nobody.
    #[serde(default)]
    pub exclamation: bool,
    /// A structural reflection on the words it marks counts as this act, not beside it.
    #[serde(default)]
    pub covers: bool,
    /// Overrides the detector's `[escalation] share` for this category.
    #[serde(default)]
    pub share: Option<f32>,
}

/// One detector, as the registry knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Detector {
    /// The name (the JSON's `detector`).
    pub name: Arc<str>,
    /// The name for people.
    pub label: String,
    /// The short label on the report's marks.
    pub tag: String,
    /// What it marks.
    pub description: String,
    /// What it marks in a few words.
    pub summary: String,
    /// Its role in the sequence.
    pub role: Role,
    /// Its place in the report.
    pub order: i32,
    /// The marks' colour, `#rrggbb`.
    pub colour: String,
    /// The marks' background, `#rrggbb`.
    pub background: String,
    /// The marks' underline.
    pub pattern: Pattern,
    /// A figure card of its own in the report.
    pub headline: bool,
    /// For an attack: whether it attacks the listener.
    pub listener: bool,
    /// Where a match aimed at someone absent counts instead.
    pub third_party: Option<DetectorId>,
    /// Matched apart from the other lexicons.
    pub independent: bool,
    /// Share of a counted finding's weight added to hostility or repair.
    pub share: f32,
    /// Share a match not aimed at the listener still adds to hostility.
    pub unaimed: f32,
    /// What a session with no politeness markers adds to its escalation score (read from
    /// the detector that holds the escalation rule; 0 unless its header sets it).
    pub impoliteness: f32,
    /// Structural rules reporting under it, with their findings' weight.
    pub rules: BTreeMap<SequenceRule, f32>,
    /// Per category settings.
    pub categories: BTreeMap<String, CategorySpec>,
}

/// The detectors an engine reports, sorted by name: [`DetectorId`]s index it.
#[derive(Debug, Clone, PartialEq)]
pub struct Registry {
    detectors: Vec<Detector>,
    by_rule: BTreeMap<SequenceRule, DetectorId>,
}

/// Why the headers do not make a registry.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryError(pub String);

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Colours given to detectors whose header names none, by their position.
const PALETTE: [(&str, &str); 6] = [
    ("#3d5a80", "#e0e8f4"),
    ("#00696b", "#d2eeee"),
    ("#8c3b6e", "#f4dcea"),
    ("#5b6b00", "#eaf0c8"),
    ("#7a4a1e", "#f1e2d2"),
    ("#4a4a8c", "#e2e2f4"),
];

/// Whether `name` is a valid detector name: `[a-z][a-z0-9_]*`, at most 64 bytes.
pub fn valid_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn valid_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|c| c.is_ascii_hexdigit())
}

impl Registry {
    /// Builds the registry from the files' headers, in load order. A detector may be
    /// named by more than one file (a user file adding entries to a built-in detector):
    /// the header keys a later file gives override the earlier ones. A detector an entry
    /// names (`detector = ...` on the entry) and no header declares is a neutral one.
    pub fn build<'a>(
        files: impl IntoIterator<Item = &'a LexiconFile>,
    ) -> Result<Registry, RegistryError> {
        let mut merged: BTreeMap<String, LexiconFile> = BTreeMap::new();
        let mut named: Vec<String> = Vec::new();
        for f in files {
            let slot = merged
                .entry(f.detector.clone())
                .or_insert_with(|| LexiconFile::header_only(&f.detector));
            merge(slot, f);
            named.extend(f.entries.iter().filter_map(|e| e.detector.clone()));
        }
        for n in named {
            merged
                .entry(n.clone())
                .or_insert_with(|| LexiconFile::header_only(&n));
        }
        if let Some(bad) = merged.keys().find(|n| !valid_name(n)) {
            return Err(RegistryError(format!(
                "detector {bad:?}: a detector name is lower-case letters, digits and `_`, starting with a letter"
            )));
        }
        if merged.len() > usize::from(u16::MAX) {
            return Err(RegistryError("too many detectors".into()));
        }
        let names: Vec<String> = merged.keys().cloned().collect();
        let id_of = |n: &str| {
            names
                .binary_search_by(|x| x.as_str().cmp(n))
                .ok()
                .map(|i| DetectorId(i as u16))
        };
        let mut detectors = Vec::with_capacity(merged.len());
        let mut by_rule = BTreeMap::new();
        for (i, (name, h)) in merged.into_iter().enumerate() {
            let fail = |m: String| RegistryError(format!("detector {name:?}: {m}"));
            let role = h.role.unwrap_or_default();
            let (pc, pb) = PALETTE[i % PALETTE.len()];
            let colour = h.colour.clone().unwrap_or_else(|| pc.to_string());
            let background = h.background.clone().unwrap_or_else(|| pb.to_string());
            for c in [&colour, &background] {
                if !valid_colour(c) {
                    return Err(fail(format!("colour {c:?} is not #rrggbb")));
                }
            }
            let third_party = match &h.third_party {
                Some(t) => Some(id_of(t).ok_or_else(|| {
                    fail(format!("third_party {t:?} is no detector of the lexicons"))
                })?),
                None => None,
            };
            let esc = h.escalation.unwrap_or_default();
            let share = esc.share.unwrap_or(1.0);
            let unaimed = esc.unaimed.unwrap_or(0.0);
            let impoliteness = esc.impoliteness.unwrap_or(0.0);
            let shares = std::iter::once(share)
                .chain([unaimed, impoliteness])
                .chain(h.categories.values().filter_map(|c| c.share))
                .chain(h.rules.values().copied());
            for s in shares {
                if !(0.0..=5.0).contains(&s) || s.is_nan() {
                    return Err(fail(format!("share or weight {s} is outside 0 to 5")));
                }
            }
            let id = DetectorId(i as u16);
            for rule in h.rules.keys() {
                if let Some(other) = by_rule.insert(*rule, id) {
                    return Err(fail(format!(
                        "rule {} is already claimed by detector {:?}",
                        rule.name(),
                        names[other.index()]
                    )));
                }
            }
            let label = h.label.clone().unwrap_or_else(|| name.replace('_', " "));
            detectors.push(Detector {
                tag: h.tag.clone().unwrap_or_else(|| label.clone()),
                label,
                name: Arc::from(name.as_str()),
                summary: h.summary.clone().unwrap_or_else(|| h.description.clone()),
                description: h.description.clone(),
                role,
                order: h.order.unwrap_or(100),
                colour,
                background,
                pattern: h.pattern.unwrap_or_default(),
                headline: h.headline.unwrap_or(false),
                listener: h.listener.unwrap_or(true),
                third_party,
                independent: h.independent.unwrap_or(role == Role::Topic),
                share,
                unaimed,
                impoliteness,
                rules: h.rules.clone(),
                categories: h.categories.clone(),
            });
        }
        Ok(Registry { detectors, by_rule })
    }

    /// The detector named `name`.
    pub fn id(&self, name: &str) -> Option<DetectorId> {
        self.detectors
            .binary_search_by(|d| (*d.name).cmp(name))
            .ok()
            .map(|i| DetectorId(i as u16))
    }

    /// The detector `id` stands for.
    pub fn get(&self, id: DetectorId) -> &Detector {
        &self.detectors[id.index()]
    }

    /// The detector's name.
    pub fn name(&self, id: DetectorId) -> &Arc<str> {
        &self.detectors[id.index()].name
    }

    /// The detector as findings carry it.
    pub fn handle(&self, id: DetectorId) -> DetectorRef {
        DetectorRef {
            id,
            name: self.detectors[id.index()].name.clone(),
        }
    }

    /// How many detectors there are.
    pub fn len(&self) -> usize {
        self.detectors.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.detectors.is_empty()
    }

    /// The detectors, sorted by name, with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (DetectorId, &Detector)> {
        self.detectors
            .iter()
            .enumerate()
            .map(|(i, d)| (DetectorId(i as u16), d))
    }

    /// The names, sorted.
    pub fn names(&self) -> Vec<String> {
        self.detectors.iter().map(|d| d.name.to_string()).collect()
    }

    /// The detectors in the report's order: by `order`, then by name.
    pub fn display_order(&self) -> Vec<&Detector> {
        let mut v: Vec<&Detector> = self.detectors.iter().collect();
        v.sort_by(|a, b| (a.order, &a.name).cmp(&(b.order, &b.name)));
        v
    }

    /// The problem areas (the `topic` detectors), in the report's order.
    pub fn areas(&self) -> Vec<&Detector> {
        let mut v = self.display_order();
        v.retain(|d| d.role == Role::Topic);
        v
    }

    /// The detectors of one role, sorted by name.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = (DetectorId, &Detector)> {
        self.iter().filter(move |(_, d)| d.role == role)
    }

    /// The detector a structural rule reports under, and its findings' weight; `None` when
    /// no header claims the rule (the rule is then not run).
    pub fn rule(&self, rule: SequenceRule) -> Option<(DetectorId, f32)> {
        let id = *self.by_rule.get(&rule)?;
        Some((id, self.get(id).rules[&rule]))
    }

    /// The `impoliteness` weight of the detector that holds the escalation rule: what a
    /// session whose turns carry no politeness marker adds to its escalation score (0 when
    /// no header claims the rule or sets it).
    pub fn impoliteness(&self) -> f32 {
        self.by_rule
            .get(&SequenceRule::Escalation)
            .map_or(0.0, |id| self.get(*id).impoliteness)
    }

    fn category(&self, id: DetectorId, category: &str) -> Option<&CategorySpec> {
        self.get(id).categories.get(category)
    }

    /// The share of a counted finding's weight its turn's hostility gets (attacks only).
    pub fn hostile_share(&self, id: DetectorId, category: &str) -> Option<f32> {
        let d = self.get(id);
        (d.role == Role::Attack).then(|| {
            self.category(id, category)
                .and_then(|c| c.share)
                .unwrap_or(d.share)
        })
    }

    /// The share of a counted finding's weight its turn's repair gets (repair only).
    pub fn repair_share(&self, id: DetectorId, category: &str) -> Option<f32> {
        let d = self.get(id);
        (d.role == Role::Repair).then(|| {
            self.category(id, category)
                .and_then(|c| c.share)
                .unwrap_or(d.share)
        })
    }

    /// Whether a counted finding attacks the listener: an attack whose detector and
    /// category say so, unless it is a word said as an exclamation (`exclaimed`) of a
    /// category that may be.
    pub fn attacks_listener(&self, id: DetectorId, category: &str, exclaimed: bool) -> bool {
        let d = self.get(id);
        let c = self.category(id, category);
        d.role == Role::Attack
            && d.listener
            && c.and_then(|c| c.listener).unwrap_or(true)
            && !(exclaimed && c.is_some_and(|c| c.exclamation))
    }

    /// Whether a category may be said as an exclamation that attacks nobody.
    pub fn exclaimable(&self, id: DetectorId, category: &str) -> bool {
        self.category(id, category).is_some_and(|c| c.exclamation)
    }

    /// Whether a counted finding of this detector and category covers a structural
    /// reflection on the same words: validation of its own, or a category marked `covers`.
    pub fn covers(&self, id: DetectorId, category: &str) -> bool {
        self.get(id).role == Role::Repair || self.category(id, category).is_some_and(|c| c.covers)
    }
}

/// Lays the header keys `b` gives over `a`.
fn merge(a: &mut LexiconFile, b: &LexiconFile) {
    if !b.description.is_empty() {
        a.description = b.description.clone();
    }
    macro_rules! over {
        ($($f:ident),*) => { $( if b.$f.is_some() { a.$f = b.$f.clone(); } )* };
    }
    over!(
        label,
        summary,
        tag,
        role,
        order,
        colour,
        background,
        pattern,
        headline,
        listener,
        third_party,
        independent,
        escalation
    );
    a.rules.extend(b.rules.iter().map(|(k, v)| (*k, *v)));
    a.categories
        .extend(b.categories.iter().map(|(k, v)| (k.clone(), *v)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, toml: &str) -> LexiconFile {
        toml::from_str(&format!("detector = {name:?}\n{toml}")).unwrap()
    }

    #[test]
    fn roles_shares_and_categories_answer_from_the_headers() {
        let attack = header(
            "insult",
            "role = \"attack\"\nthird_party = \"absent\"\n[escalation]\nshare = 1.0\nunaimed = 0.6\n[categories.anger]\nlistener = false\n[categories.swearing]\nexclamation = true\n",
        );
        let absent = header(
            "absent",
            "role = \"attack\"\nlistener = false\n[escalation]\nshare = 0.4\n",
        );
        let repair = header(
            "support",
            "role = \"repair\"\n[rules]\nreflection = 0.6\n[categories.repair]\nshare = 1.5\n",
        );
        let topic = header("grief", "role = \"topic\"\n");
        let r = Registry::build([&attack, &absent, &repair, &topic]).unwrap();
        let id = |n| r.id(n).unwrap();
        assert_eq!(r.names(), ["absent", "grief", "insult", "support"]);
        // (detector, category, hostile share, repair share, attacks the listener)
        let table = [
            ("insult", "character", Some(1.0), None, true),
            ("insult", "anger", Some(1.0), None, false),
            ("absent", "fault", Some(0.4), None, false),
            ("support", "empathy", None, Some(1.0), false),
            ("support", "repair", None, Some(1.5), false),
            ("grief", "death", None, None, false),
        ];
        for (d, c, hostile, repair, attacks) in table {
            assert_eq!(r.hostile_share(id(d), c), hostile, "{d}/{c}");
            assert_eq!(r.repair_share(id(d), c), repair, "{d}/{c}");
            assert_eq!(r.attacks_listener(id(d), c, false), attacks, "{d}/{c}");
        }
        assert!(!r.attacks_listener(id("insult"), "swearing", true));
        assert!(r.attacks_listener(id("insult"), "swearing", false));
        assert_eq!(r.get(id("insult")).third_party, Some(id("absent")));
        assert_eq!(r.get(id("insult")).unaimed, 0.6);
        assert_eq!(r.rule(SequenceRule::Reflection), Some((id("support"), 0.6)));
        assert_eq!(r.rule(SequenceRule::Escalation), None);
        // With no header claiming escalation, politeness weighs nothing in the session score.
        assert_eq!(r.impoliteness(), 0.0);
        let esc = header(
            "rising",
            "role = \"neutral\"\n[rules]\nescalation = 1.0\n[escalation]\nimpoliteness = 0.02\n",
        );
        let r2 = Registry::build([&attack, &absent, &esc]).unwrap();
        assert_eq!(r2.impoliteness(), 0.02);
        assert!(r.get(id("grief")).independent && !r.get(id("insult")).independent);
        assert!(r.covers(id("support"), "x") && !r.covers(id("insult"), "x"));
    }

    #[test]
    fn bad_headers_are_refused_with_the_detector_named() {
        let bad = [
            ("Bad Name", "role = \"neutral\"\n", "lower-case"),
            ("x", "colour = \"red\"\n", "#rrggbb"),
            ("x", "third_party = \"nobody\"\n", "no detector"),
            ("x", "[escalation]\nshare = 9.0\n", "outside 0 to 5"),
            ("x", "[escalation]\nimpoliteness = -1.0\n", "outside 0 to 5"),
        ];
        for (name, toml, says) in bad {
            let h = header(name, toml);
            let e = Registry::build([&h]).unwrap_err();
            assert!(e.0.contains(says), "{name} {toml}: {e}");
        }
        let (a, b) = (
            header("a", "[rules]\necho = 1.0\n"),
            header("b", "[rules]\necho = 1.0\n"),
        );
        let e = Registry::build([&a, &b]).unwrap_err();
        assert!(e.0.contains("already claimed"), "{e}");
        assert!(toml::from_str::<LexiconFile>("detector = \"x\"\nrole = \"friend\"\n").is_err());
        assert!(toml::from_str::<LexiconFile>("detector = \"x\"\nlabl = \"x\"\n").is_err());
    }

    #[test]
    fn a_later_header_overrides_only_the_keys_it_gives() {
        let built_in = header(
            "blame",
            "description = \"Blame.\"\nlabel = \"blame\"\nrole = \"attack\"\norder = 1\n",
        );
        let user = header("blame", "colour = \"#123456\"\n");
        let r = Registry::build([&built_in, &user]).unwrap();
        let d = r.get(r.id("blame").unwrap());
        assert_eq!(
            (d.role, d.order, d.colour.as_str(), d.description.as_str()),
            (Role::Attack, 1, "#123456", "Blame.")
        );
    }
}
