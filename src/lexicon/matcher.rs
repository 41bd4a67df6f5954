//! The one compiled matcher: every term of every lexicon in a single automaton.

use super::automaton::{Automaton, TooLarge};
use super::Entry;
use crate::text::{is_word_char, Span};

/// An immutable matcher over normalised text, shared by reference across threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Automaton,
    /// Pattern id -> the range of `targets` it stands for. A pattern is one distinct
    /// string: several entries may share it (a word in several categories of a
    /// dictionary, a prefix term and a whole word), and so may set-phrase exceptions.
    patterns: Vec<(u32, u32)>,
    /// What a pattern's match may be, for each pattern in turn.
    targets: Vec<Target>,
    /// Whether any entry is matched apart: without, one group resolves everything.
    grouped: bool,
    /// The adverb slot: patterns from `slot_base` on are "LEAD ADVERB " (a leading
    /// second-person word, a [`ContextLists::subject_adverbs`] word, a space), and
    /// `slots[p - slot_base]` is the lead's index in [`LEADS`].
    ///
    /// [`ContextLists::subject_adverbs`]: super::context::ContextLists::subject_adverbs
    slot_base: usize,
    slots: Vec<u8>,
    /// Per lead of [`LEADS`]: the patterns that open with it and a space, as (the rest of
    /// the pattern after that space, the pattern id).
    tails: Vec<Vec<(Box<str>, u32)>>,
    /// The adverbs, each followed by a space, for a second one after the first.
    adverbs: Vec<Box<str>>,
}

/// The second-person words after which a term may take an adverb ("you clearly never
/// listen", "you're obviously not listening"; "your" as "you're" is often typed).
const LEADS: [&str; 4] = ["you", "you're", "youre", "your"];

/// One thing a pattern's match may be: an entry's term, or a set phrase that no term of
/// `group` counts in.
#[derive(Debug, Clone, Copy)]
struct Target {
    /// The entry index, or [`EXCEPTION`] for a set phrase.
    entry: usize,
    /// Whether the last word is a prefix.
    prefix: bool,
    /// Which matches it competes with: 0 for the shared matcher, 1 + the detector for an
    /// entry matched apart.
    group: u32,
}

const EXCEPTION: usize = usize::MAX;

/// A term found at word boundaries: which entry, and where in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    /// Index into the entries the matcher was built from.
    pub entry: usize,
    /// The matched bytes of the normalised text (a prefix term extended to the word's end).
    pub span: Span,
}

fn group_of(e: &Entry) -> u32 {
    if e.independent {
        1 + e.detector.id().index() as u32
    } else {
        0
    }
}

impl Matcher {
    /// Compiles the entries' terms, and their set-phrase exceptions (`except`), which take
    /// part in resolving overlaps like terms and are then dropped: where an exception wins,
    /// the words it covers give no match.
    pub fn new(entries: &[Entry]) -> Result<Matcher, TooLarge> {
        Matcher::with_adverbs(entries, &[])
    }

    /// As [`Matcher::new`], and a term that opens with a second-person word (`LEADS`) and a
    /// space also matches with up to two of `adverbs` (single words) after that lead: "you never"
    /// in "you just never listen", its set phrase "you never know" in "you just never
    /// know". The match covers the adverbs.
    pub fn with_adverbs(entries: &[Entry], adverbs: &[&str]) -> Result<Matcher, TooLarge> {
        let mut wanted: Vec<(&str, Target)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let group = group_of(e);
            wanted.push((
                &e.term,
                Target {
                    entry: i,
                    prefix: e.prefix,
                    group,
                },
            ));
            for x in &e.except {
                wanted.push((
                    x,
                    Target {
                        entry: EXCEPTION,
                        prefix: false,
                        group,
                    },
                ));
            }
        }
        // One pattern per distinct string; its targets in entry order (exceptions last),
        // each exception once per group.
        wanted.sort_by(|a, b| {
            (a.0, a.1.entry, a.1.group, a.1.prefix).cmp(&(b.0, b.1.entry, b.1.group, b.1.prefix))
        });
        wanted.dedup_by(|a, b| {
            a.0 == b.0 && a.1.entry == EXCEPTION && b.1.entry == EXCEPTION && a.1.group == b.1.group
        });
        let mut strings: Vec<&str> = Vec::new();
        let mut patterns: Vec<(u32, u32)> = Vec::new();
        let mut targets: Vec<Target> = Vec::with_capacity(wanted.len());
        for (s, t) in wanted {
            if strings.last() != Some(&s) {
                strings.push(s);
                patterns.push((targets.len() as u32, targets.len() as u32));
            }
            targets.push(t);
            patterns.last_mut().expect("pushed above").1 += 1;
        }
        // Every occurrence of every pattern is reported, overlaps included: a longer
        // term that fails its word boundary ("fuck you" in "fuck your") must not hide a
        // shorter one that holds ("fuck*"). Leftmost-longest is applied afterwards, over
        // the matches that hold.
        let mut tails: Vec<Vec<(Box<str>, u32)>> = vec![Vec::new(); LEADS.len()];
        for (id, s) in strings.iter().enumerate() {
            let Some((first, rest)) = s.split_once(' ') else {
                continue;
            };
            if let Some(lead) = LEADS.iter().position(|&l| l == first) {
                if !rest.is_empty() {
                    tails[lead].push((rest.into(), id as u32));
                }
            }
        }
        for t in &mut tails {
            t.sort();
        }
        let mut adverbs: Vec<Box<str>> = adverbs
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty() && !a.contains(' '))
            .map(|a| format!("{a} ").into_boxed_str())
            .collect();
        adverbs.sort();
        adverbs.dedup();
        let slot_base = strings.len();
        let mut slot_strings: Vec<String> = Vec::new();
        let mut slots = Vec::new();
        for (lead, l) in LEADS.iter().enumerate() {
            if tails[lead].is_empty() {
                continue;
            }
            for a in &adverbs {
                slot_strings.push(format!("{l} {a}"));
                slots.push(lead as u8);
            }
        }
        let mut all: Vec<&str> = strings;
        all.extend(slot_strings.iter().map(String::as_str));
        let ac = Automaton::new(&all)?;
        Ok(Matcher {
            ac,
            patterns,
            grouped: entries.iter().any(|e| e.independent),
            targets,
            slot_base,
            slots,
            tails,
            adverbs,
        })
    }

    /// Each target of `pattern`, found over `[start, end)` of `text`, with its span: a
    /// prefix term extended to its word's end, a whole-word term only where a word ends.
    #[inline(always)]
    fn each_target(
        &self,
        text: &str,
        pattern: usize,
        start: usize,
        end: usize,
        mut f: impl FnMut(&Target, Span),
    ) {
        let (a, b) = self.patterns[pattern];
        let whole = end >= text.len() || !next_is_word(text, end);
        for t in &self.targets[a as usize..b as usize] {
            let end = if t.prefix {
                word_end(text, end)
            } else if whole {
                end
            } else {
                continue;
            };
            f(t, Span::new(start, end));
        }
    }

    /// Finds the terms in `text` (normalised) at word boundaries, in order, into `out`:
    /// where terms overlap, the one that starts first wins, then the longest, then the
    /// earlier entry. Entries matched apart ([`Entry::independent`]) compete only with
    /// their own detector's.
    pub fn find_all(&self, text: &str, out: &mut Vec<RawMatch>) {
        out.clear();
        // The group of each match, kept only once two groups have matched: most texts
        // match in one group (or none), and resolve as one without sorting by group.
        let mut groups: Vec<u32> = Vec::new();
        let mut first_group: Option<u32> = None;
        let mut push = |out: &mut Vec<RawMatch>, t: &Target, span: Span| {
            out.push(RawMatch {
                entry: t.entry,
                span,
            });
            if self.grouped {
                match first_group {
                    None => first_group = Some(t.group),
                    Some(g) if groups.is_empty() && g != t.group => {
                        groups.resize(out.len() - 1, g);
                        groups.push(t.group);
                    }
                    Some(_) if !groups.is_empty() => groups.push(t.group),
                    Some(_) => {}
                }
            }
        };
        self.ac
            .for_each_match(text.as_bytes(), |pattern, start, end| {
                if start > 0 && prev_is_word(text, start) {
                    return;
                }
                if pattern >= self.slot_base {
                    // "LEAD ADVERB ": the lead's terms from here, or after one more adverb.
                    let lead = self.slots[pattern - self.slot_base] as usize;
                    let second = starting(&self.adverbs, text, end, |a| &**a)
                        .find(|a| text[end..].starts_with(&***a))
                        .map(|a| end + a.len());
                    for from in std::iter::once(end).chain(second) {
                        for (tail, p) in starting(&self.tails[lead], text, from, |t| &*t.0) {
                            if !text[from..].starts_with(&**tail) {
                                continue;
                            }
                            self.each_target(
                                text,
                                *p as usize,
                                start,
                                from + tail.len(),
                                |t, s| push(out, t, s),
                            );
                        }
                    }
                    return;
                }
                self.each_target(text, pattern, start, end, |t, s| push(out, t, s));
            });
        if groups.is_empty() {
            resolve(out);
            return;
        }
        // Each group resolves its own overlaps; then all come together in text order.
        let mut all: Vec<(u32, RawMatch)> = groups.into_iter().zip(out.drain(..)).collect();
        all.sort_unstable_by_key(|(g, _)| *g);
        let mut merged = Vec::with_capacity(all.len());
        let mut group = Vec::new();
        for chunk in all.chunk_by(|a, b| a.0 == b.0) {
            group.clear();
            group.extend(chunk.iter().map(|(_, m)| *m));
            resolve(&mut group);
            merged.extend_from_slice(&group);
        }
        merged.sort_unstable_by(order);
        *out = merged;
    }
}

/// Leftmost, then longest, then the earlier entry.
fn order(a: &RawMatch, b: &RawMatch) -> std::cmp::Ordering {
    (a.span.start, std::cmp::Reverse(a.span.end), a.entry).cmp(&(
        b.span.start,
        std::cmp::Reverse(b.span.end),
        b.entry,
    ))
}

/// Sorts matches that compete, drops those overlapping an earlier winner, then the set
/// phrases that won.
fn resolve(out: &mut Vec<RawMatch>) {
    if out.len() > 1 {
        out.sort_unstable_by(order);
        let mut last_end = 0;
        out.retain(|m| {
            if m.span.start < last_end {
                return false;
            }
            last_end = m.span.end;
            true
        });
    }
    out.retain(|m| m.entry != EXCEPTION);
}

/// The items of `sorted` (sorted by `key`, no key empty) whose key starts with the byte
/// of `text` at `at`: most slots are followed by words no term goes on with, and are
/// ruled out by a binary search rather than by comparing every tail.
fn starting<'a, T>(
    sorted: &'a [T],
    text: &str,
    at: usize,
    key: impl Fn(&T) -> &str,
) -> impl Iterator<Item = &'a T> {
    let b = text.as_bytes().get(at).copied();
    let first = |t: &T| key(t).as_bytes().first().copied();
    let lo = sorted.partition_point(|t| first(t) < b);
    let hi = lo + sorted[lo..].partition_point(|t| first(t) == b);
    sorted[lo..if b.is_some() { hi } else { lo }].iter()
}

/// The end of the word that runs on from `at`.
fn word_end(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        let c = text[at..].chars().next().unwrap_or(' ');
        if !is_word_char(c) {
            break;
        }
        at += c.len_utf8();
    }
    at
}

fn prev_is_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

fn next_is_word(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{LexiconFile, LexiconSet};

    fn found_in(set: &LexiconSet, text: &str) -> Vec<String> {
        let registry = set.registry().unwrap();
        let entries = set.entries(&registry);
        let m = Matcher::new(&entries).unwrap();
        let mut out = Vec::new();
        m.find_all(text, &mut out);
        out.iter()
            .map(|r| format!("{}={}", entries[r.entry].rule, &text[r.span.range()]))
            .collect()
    }

    fn found(text: &str) -> Vec<String> {
        found_in(&LexiconSet::builtin(), text)
    }

    /// As [`found`], with the built-in adverb slot.
    fn found_with_adverbs(text: &str) -> Vec<String> {
        let set = LexiconSet::builtin();
        let registry = set.registry().unwrap();
        let entries = set.entries(&registry);
        let adverbs: Vec<&str> = set.context.subject_adverbs.words().collect();
        let m = Matcher::with_adverbs(&entries, &adverbs).unwrap();
        let mut out = Vec::new();
        m.find_all(text, &mut out);
        out.iter()
            .map(|r| format!("{}={}", entries[r.entry].rule, &text[r.span.range()]))
            .collect()
    }

    #[test]
    fn up_to_two_adverbs_may_follow_a_leading_you() {
        assert_eq!(
            found_with_adverbs("you clearly don't care"),
            ["blame:you don't care=you clearly don't care"]
        );
        assert_eq!(
            found_with_adverbs("well, you really just never listen."),
            ["blame:you never=you really just never"]
        );
        // Three are too many, and the slot takes only whole words of the list.
        assert!(found_with_adverbs("you really really really never listen").is_empty());
        assert!(found_with_adverbs("you clearlyx never listen").is_empty());
        assert!(found_with_adverbs("bayou clearly never listens").is_empty());
        // Without the list, the matcher is as before.
        assert!(found("you clearly don't care").is_empty());
    }

    #[test]
    fn a_set_phrase_exception_takes_the_adverb_slot_too() {
        assert!(found_with_adverbs("you just never know what happens").is_empty());
        assert!(found_with_adverbs("you clearly have a lot on your plate").is_empty());
    }

    #[test]
    fn a_longer_term_failing_its_boundary_does_not_hide_a_shorter_one() {
        assert_eq!(found("fuck your rules"), ["hostility:fuck*=fuck"]);
        assert_eq!(found("fuck you"), ["blame:fuck you=fuck you"]);
    }

    #[test]
    fn a_set_phrase_exception_hides_the_term_inside_it() {
        assert_eq!(found("you never know what happens"), Vec::<String>::new());
        assert_eq!(found("you never listen"), ["blame:you never=you never"]);
    }

    #[test]
    fn overlapping_terms_resolve_leftmost_then_longest() {
        let got = found("i'm sorry you feel that way");
        assert_eq!(
            got,
            ["hostility:i'm sorry you feel that way=i'm sorry you feel that way"]
        );
        let got = found("it's not your fault");
        assert_eq!(got, ["validation:it's not your fault=it's not your fault"]);
    }

    #[test]
    fn entries_matched_apart_compete_only_with_their_own_detector() {
        let mut set = LexiconSet::builtin();
        let file: LexiconFile = toml::from_str(
            "detector = \"loss\"\nrole = \"topic\"\n\
             [[entry]]\nterm = \"your fault\"\ncategory = \"x\"\nweight = 1.0\n\
             [[entry]]\nterm = \"fault*\"\ncategory = \"y\"\nweight = 1.0\n\
             [[entry]]\nterm = \"it's\"\ncategory = \"z\"\nweight = 1.0\nexcept = [\"it's not\"]\n",
        )
        .unwrap();
        set.add_file("loss.toml".into(), file);
        // The built-in "your fault" stays, and the topic's own terms resolve among
        // themselves: its longer "your fault" wins over its "fault*", and its exception
        // hides its "it's".
        assert_eq!(
            found_in(&set, "it's not your fault"),
            [
                "validation:it's not your fault=it's not your fault",
                "loss:your fault=your fault"
            ]
        );
        assert_eq!(
            found_in(&set, "it's your fault"),
            [
                "loss:it's=it's",
                "blame:your fault=your fault",
                "loss:your fault=your fault"
            ]
        );
    }
}
