//! `--resume`: which inputs already have their results, whole and up to date.
//!
//! Every run keeps a [`Manifest`] beside its results (`.NAME.turnscope-resume` next to a
//! JSON Lines file `NAME`, `.turnscope-resume` inside a tree): after an input's results
//! are written, one line records the input's size, modification time, a hash of the
//! bytes that were analysed ([`Stamp`]) and how many documents it gave. An input is up to
//! date when its record matches what the file is now, size, time and hash alike (so an
//! edit within one tick of the clock is seen), and its results are all there: for a JSON
//! Lines file, exactly that many whole lines name it ([`Existing`]), so a file cut at a
//! line end inside one input's documents has that input redone.
//!
//! A run appends each input's documents before its record, so an interrupted run leaves
//! whole inputs' results and at most one cut line, and an input whose documents were
//! written but not recorded is redone.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::input::Stamp;

/// One line of a [`Manifest`]: an input whose results were written, and what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The input, as named in `session.source` ([`crate::input::path_name`]).
    pub source: String,
    /// Its size in bytes when it was read.
    pub size: u64,
    /// Its modification time when it was read, as `SECONDS.NANOSECONDS` since 1970
    /// (negative before), or null where the system gives none.
    pub modified: Option<String>,
    /// `xxh3-128:` and the hash of the bytes analysed, in hex ([`Stamp::hash_of`]).
    pub hash: String,
    /// How many session documents it gave.
    pub documents: usize,
}

impl Record {
    /// The record of `source`, read as `stamp`, that gave `documents` documents.
    pub fn new(source: &str, stamp: &Stamp, documents: usize) -> Record {
        Record {
            source: source.to_string(),
            size: stamp.size,
            modified: stamp.modified.map(time_text),
            hash: hash_text(stamp.hash),
            documents,
        }
    }

    /// Whether this record describes the file as `stamp` finds it now. A file without a
    /// modification time never matches.
    pub fn matches(&self, stamp: &Stamp) -> bool {
        self.size == stamp.size
            && self.modified.is_some()
            && self.modified == stamp.modified.map(time_text)
            && self.hash == hash_text(stamp.hash)
    }

    /// Whether the size and time match (checked before reading the file for its hash).
    fn may_match(&self, size: u64, modified: Option<SystemTime>) -> bool {
        self.size == size && self.modified.is_some() && self.modified == modified.map(time_text)
    }
}

fn time_text(t: SystemTime) -> String {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => format!("{}.{:09}", d.as_secs(), d.subsec_nanos()),
        Err(e) => {
            let d = e.duration();
            format!("-{}.{:09}", d.as_secs(), d.subsec_nanos())
        }
    }
}

fn hash_text(hash: u128) -> String {
    format!("xxh3-128:{hash:032x}")
}

/// The records of a run's results, one line each, by source (the last line of a
/// source wins; lines that do not parse, such as one cut by an interruption, are
/// passed over).
#[derive(Debug, Default)]
pub struct Manifest {
    records: HashMap<String, Record>,
}

impl Manifest {
    /// Where the manifest of a JSON Lines results file lives: beside it, hidden.
    pub fn beside(results: &Path) -> PathBuf {
        let mut name = std::ffi::OsString::from(".");
        name.push(results.file_name().unwrap_or_default());
        name.push(".turnscope-resume");
        results.with_file_name(name)
    }

    /// Where the manifest of a tree of results lives: inside it, hidden.
    pub fn inside(dir: &Path) -> PathBuf {
        dir.join(".turnscope-resume")
    }

    /// Reads `path`; an absent file records nothing.
    pub fn read(path: &Path) -> io::Result<Manifest> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(e) => return Err(e),
        };
        let mut records = HashMap::new();
        for line in BufReader::new(file).split(b'\n') {
            if let Ok(r) = serde_json::from_slice::<Record>(&line?) {
                records.insert(r.source.clone(), r);
            }
        }
        Ok(Manifest { records })
    }

    /// The record of `source`, where its size and modification time are still `size`
    /// and `modified` and its content hashes as recorded (the file at `path` is read
    /// for that, only when the rest matches).
    pub fn up_to_date(
        &self,
        source: &str,
        path: &Path,
        size: u64,
        modified: Option<SystemTime>,
    ) -> Option<&Record> {
        let record = self.records.get(source)?;
        if !record.may_match(size, modified) {
            return None;
        }
        let stamp = Stamp::of_file(path).ok().flatten()?;
        record.matches(&stamp).then_some(record)
    }

    /// Writes `path` afresh with the records of the sources for which `keep` holds, and
    /// opens it to append more.
    pub fn rewrite(&self, path: &Path, keep: impl Fn(&str) -> bool) -> io::Result<File> {
        let mut kept: Vec<&Record> = self.records.values().filter(|r| keep(&r.source)).collect();
        kept.sort_by(|a, b| a.source.cmp(&b.source));
        let mut bytes = Vec::new();
        for r in kept {
            serde_json::to_writer(&mut bytes, r)?;
            bytes.push(b'\n');
        }
        let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
        tmp_name.push(".tmp");
        let tmp = path.with_file_name(tmp_name);
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, path)?;
        std::fs::OpenOptions::new().append(true).open(path)
    }
}

/// Appends `record` as one line, in one write.
pub fn append(file: &mut File, record: &Record) -> io::Result<()> {
    let mut line = serde_json::to_vec(record)?;
    line.push(b'\n');
    file.write_all(&line)
}

#[derive(Deserialize)]
struct Probe {
    session: ProbeSession,
}

#[derive(Deserialize)]
struct ProbeSession {
    source: Option<String>,
}

/// What an existing results file holds.
#[derive(Debug, Default)]
pub struct Existing {
    /// Byte ranges of each source's lines, in file order.
    ranges: HashMap<String, Vec<(u64, u64)>>,
    /// Sources with a line that does not parse (cut off).
    broken: HashSet<String>,
    /// Bytes in the file.
    len: u64,
}

impl Existing {
    /// Reads `path`; an absent file holds nothing.
    pub fn scan(path: &Path) -> io::Result<Existing> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::default()),
            Err(e) => return Err(e),
        };
        let meta = file.metadata()?;
        let mut out = Existing {
            len: meta.len(),
            ..Existing::default()
        };
        let mut reader = BufReader::new(file);
        let mut line = Vec::new();
        let mut at = 0u64;
        let mut last_source: Option<String> = None;
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line)? as u64;
            if n == 0 {
                break;
            }
            let whole = line.ends_with(b"\n");
            match serde_json::from_slice::<Probe>(&line) {
                Ok(Probe {
                    session:
                        ProbeSession {
                            source: Some(source),
                        },
                }) if whole => {
                    out.ranges
                        .entry(source.clone())
                        .or_default()
                        .push((at, at + n));
                    last_source = Some(source);
                }
                _ => {
                    // A cut line belongs to the file being written when the run stopped.
                    if let Some(s) = &last_source {
                        out.broken.insert(s.clone());
                    }
                }
            }
            at += n;
        }
        Ok(out)
    }

    /// Whether the file holds exactly `documents` whole lines of `source` (and no cut
    /// line that may be one of its own).
    pub fn holds(&self, source: &str, documents: usize) -> bool {
        !self.broken.contains(source)
            && self.ranges.get(source).map_or(0, Vec::len) == documents
            && documents > 0
    }

    /// Leaves in `path` only the lines of sources for which `keep` holds (and no cut
    /// line), so that the others can be appended afresh. Rewrites through a temporary
    /// file only when lines must go from the middle.
    pub fn keep_only(&self, path: &Path, keep: impl Fn(&str) -> bool) -> io::Result<()> {
        let mut kept: Vec<(u64, u64)> = self
            .ranges
            .iter()
            .filter(|(s, _)| keep(s))
            .flat_map(|(_, r)| r.iter().copied())
            .collect();
        kept.sort_unstable();
        let contiguous = kept
            .iter()
            .enumerate()
            .all(|(i, &(start, _))| start == if i == 0 { 0 } else { kept[i - 1].1 });
        let end = kept.last().map_or(0, |r| r.1);
        if contiguous {
            if end < self.len {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)?
                    .set_len(end)?;
            }
            return Ok(());
        }
        let tmp = path.with_extension("resume-tmp");
        {
            let mut src = File::open(path)?;
            let mut dst = io::BufWriter::new(File::create(&tmp)?);
            for (start, stop) in kept {
                src.seek(SeekFrom::Start(start))?;
                io::copy(&mut (&mut src).take(stop - start), &mut dst)?;
            }
            dst.flush()?;
        }
        std::fs::rename(&tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(source: &str, n: usize) -> String {
        format!("{{\"session\":{{\"id\":\"{n}\",\"source\":\"{source}\"}},\"turns\":[]}}\n")
    }

    #[test]
    fn finds_whole_sources_and_drops_cut_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let (a, b, c) = (line("a", 1), line("b", 1), line("c", 1));
        std::fs::write(&path, format!("{a}{b}{b}{}", &c[..10])).unwrap();
        let e = Existing::scan(&path).unwrap();
        assert!(e.holds("a", 1));
        assert!(!e.holds("a", 2), "one of a's two documents is missing");
        // The cut line may be the end of b's write: b is done again, to be sure.
        assert!(!e.holds("b", 2) && !e.holds("c", 1));
        e.keep_only(&path, |s| e.holds(s, 1)).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), a);

        std::fs::write(&path, format!("{a}{b}{c}")).unwrap();
        let e = Existing::scan(&path).unwrap();
        e.keep_only(&path, |s| s != "b").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("{a}{c}"));
    }

    #[test]
    fn records_match_only_the_same_size_time_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("s.txt");
        std::fs::write(&input, "A: hi\n").unwrap();
        let meta = std::fs::metadata(&input).unwrap();
        let stamp = Stamp::of_file(&input).unwrap().unwrap();
        assert_eq!(stamp.hash, Stamp::hash_of(b"A: hi\n"));
        let manifest_path = Manifest::beside(&dir.path().join("r.jsonl"));
        assert_eq!(manifest_path, dir.path().join(".r.jsonl.turnscope-resume"));
        let mut file = Manifest::default()
            .rewrite(&manifest_path, |_| true)
            .unwrap();
        append(&mut file, &Record::new("s.txt", &stamp, 2)).unwrap();
        file.write_all(b"{\"source\": \"cut").unwrap();
        let m = Manifest::read(&manifest_path).unwrap();
        let now = |m: &Manifest| {
            let meta = std::fs::metadata(&input).unwrap();
            m.up_to_date("s.txt", &input, meta.len(), meta.modified().ok())
                .map(|r| r.documents)
        };
        assert_eq!(now(&m), Some(2));
        assert_eq!(
            m.up_to_date("s.txt", &input, meta.len() + 1, meta.modified().ok()),
            None
        );
        // Same size and time, other bytes.
        std::fs::write(&input, "B: hi\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&input)
            .unwrap()
            .set_modified(meta.modified().unwrap())
            .unwrap();
        assert_eq!(now(&m), None);
        let kept = m.rewrite(&manifest_path, |s| s != "s.txt").unwrap();
        drop(kept);
        assert_eq!(std::fs::read(&manifest_path).unwrap(), b"");
    }
}
