//! `--resume` for a JSON Lines results file: which sources it already holds, complete.
//!
//! A run appends each file's documents with one write, after the file is analysed, so
//! an interrupted run leaves whole files' results and at most one cut line at the end.
//! A source counts as done when all its lines parse and the results file was written
//! after the source was last modified.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::SystemTime;

use serde::Deserialize;

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
    /// When it was last written.
    pub modified: Option<SystemTime>,
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
            modified: meta.modified().ok(),
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

    /// Whether `source`, last modified at `modified`, is in the file, whole and up to date.
    pub fn done(&self, source: &str, modified: Option<SystemTime>) -> bool {
        self.ranges.contains_key(source)
            && !self.broken.contains(source)
            && match (modified, self.modified) {
                (Some(input), Some(output)) => input <= output,
                _ => false,
            }
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
        let now = Some(SystemTime::UNIX_EPOCH);
        assert!(e.done("a", now));
        // The cut line may be the end of b's write: b is done again, to be sure.
        assert!(!e.done("b", now) && !e.done("c", now));
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        assert!(!e.done("a", Some(later)), "a source newer than the results");
        e.keep_only(&path, |s| e.done(s, now)).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), a);

        std::fs::write(&path, format!("{a}{b}{c}")).unwrap();
        let e = Existing::scan(&path).unwrap();
        e.keep_only(&path, |s| s != "b").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("{a}{c}"));
    }
}
