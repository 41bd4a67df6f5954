//! Finding the transcripts of an archive: files, folders walked in sorted order, and globs.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use globset::{GlobBuilder, GlobMatcher};
use walkdir::WalkDir;

use crate::input::{path_name, InputError};

/// Extensions that are clearly not transcripts: skipped when walking folders and globs
/// (a file named on the command line is always read).
pub const SKIPPED_EXTENSIONS: &[&str] = &[
    // pictures, sound and video
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "svg", "ico", "heic", "mp3", "wav",
    "m4a", "flac", "ogg", "opus", "aac", "wma", "mp4", "m4v", "mkv", "mov", "avi", "webm",
    "wmv", // archives and compressed files
    "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", // office documents
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp",
    // programs and libraries
    "exe", "dll", "so", "dylib", "o", "a", "bin", "class", "jar", "pyc", "wasm",
    // databases
    "db", "sqlite", "sqlite3", "parquet",
];

/// ConvoKit's side files, which sit beside `utterances.jsonl` and hold no turns:
/// skipped when walking folders and globs.
pub const SKIPPED_NAMES: &[&str] = &[
    "conversations.json",
    "speakers.json",
    "users.json",
    "corpus.json",
    "index.json",
];

/// One transcript file to read.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as walked: the argument as given, joined with the path below it.
    pub path: PathBuf,
    /// Where it sits below the common folder of all arguments: its place in a mirrored tree.
    pub rel: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Last modification, where the file system says.
    pub modified: Option<SystemTime>,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to read, arguments in the order given, each folder's files in sorted order.
    pub inputs: Vec<Input>,
    /// Arguments or entries that could not be read (missing, unreadable, a glob matching
    /// nothing): failures of the run.
    pub failures: Vec<InputError>,
    /// Things passed over that are not failures (symbolic-link loops, named pipes and
    /// other files that are not regular files).
    pub notes: Vec<String>,
}

/// Whether an argument is a glob pattern rather than a path.
pub fn is_glob(arg: &Path) -> bool {
    !arg.exists() && arg.to_string_lossy().contains(['*', '?', '[', '{'])
}

/// Walks every argument. Folders are walked depth first in file-name order, following
/// symbolic links but never round a loop; hidden entries (`.name`), [`SKIPPED_EXTENSIONS`]
/// and [`SKIPPED_NAMES`] are passed over there, and so is anything that is not a regular
/// file (a named pipe, a socket, a device), with a note: it is never opened. An argument
/// that names a file is always taken, a named pipe too (read to its end as standard
/// input would be). Folders in `exclude` (canonical paths) are
/// not entered and files in it are not read: the run's own output is never its input.
pub fn walk(args: &[PathBuf], exclude: &[PathBuf]) -> Walk {
    let mut walk = Walk::default();
    let mut bases: Vec<PathBuf> = Vec::new();
    let mut found: Vec<(PathBuf, std::fs::Metadata)> = Vec::new();
    let excluded =
        |p: &Path| !exclude.is_empty() && p.canonicalize().is_ok_and(|c| exclude.contains(&c));
    for arg in args {
        if is_glob(arg) {
            let (base, matcher) = match glob(arg) {
                Ok(g) => g,
                Err(message) => {
                    walk.failures.push(failure(arg, message));
                    continue;
                }
            };
            let before = found.len();
            if base.is_dir() {
                walk_dir(&base, Some(&matcher), &excluded, &mut found, &mut walk);
            }
            if found.len() == before {
                walk.failures
                    .push(failure(arg, "no file matches this pattern".into()));
            }
            bases.push(base);
            continue;
        }
        match std::fs::metadata(arg) {
            Err(e) => walk.failures.push(failure(arg, e.to_string())),
            Ok(m) if m.is_dir() => {
                walk_dir(arg, None, &excluded, &mut found, &mut walk);
                bases.push(arg.clone());
            }
            Ok(m) => {
                found.push((arg.clone(), m));
                bases.push(arg.parent().map(Path::to_path_buf).unwrap_or_default());
            }
        }
    }
    let base = common_ancestor(bases.iter().map(|b| absolute(b)));
    let mut seen = HashSet::new();
    for (path, meta) in found {
        let abs = absolute(&path);
        if !seen.insert(abs.clone()) {
            continue;
        }
        let rel = abs
            .strip_prefix(&base)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| PathBuf::from(path.file_name().unwrap_or_default()));
        walk.inputs.push(Input {
            path,
            rel,
            size: meta.len(),
            modified: meta.modified().ok(),
        });
    }
    walk
}

fn failure(path: &Path, message: String) -> InputError {
    InputError {
        source: path_name(path),
        line: 0,
        message,
    }
}

fn walk_dir(
    dir: &Path,
    matcher: Option<&GlobMatcher>,
    excluded: &dyn Fn(&Path) -> bool,
    found: &mut Vec<(PathBuf, std::fs::Metadata)>,
    walk: &mut Walk,
) {
    let entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_name().to_string_lossy().starts_with('.')
                    || (e.file_type().is_dir() && excluded(e.path())))
        });
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                if let Some(ancestor) = e.loop_ancestor() {
                    walk.notes.push(format!(
                        "{}: symbolic link loop back to {}, not followed",
                        path.display(),
                        ancestor.display()
                    ));
                } else {
                    let message = e
                        .io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string());
                    walk.failures.push(failure(&path, message));
                }
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        if matcher.is_some_and(|m| !m.is_match(path)) || skipped(path) || excluded(path) {
            continue;
        }
        match entry.metadata() {
            // A named pipe would wait for a writer for ever, a device read for ever.
            Ok(m) if !m.is_file() => walk.notes.push(format!(
                "{}: {}, not a regular file: passed over",
                path_name(path),
                kind_of(&m)
            )),
            Ok(m) => found.push((path.to_path_buf(), m)),
            Err(e) => walk.failures.push(failure(path, e.to_string())),
        }
    }
}

/// What a file that is not a regular file is, for the note that passes it over.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a file"
}

/// Whether a walked file is clearly not a transcript.
pub fn skipped(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if SKIPPED_NAMES.contains(&name.as_str()) {
        return true;
    }
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| SKIPPED_EXTENSIONS.contains(&ext))
}

/// A glob's literal base folder (walked) and its matcher (over paths as walked).
fn glob(pattern: &Path) -> Result<(PathBuf, GlobMatcher), String> {
    let text = pattern.to_string_lossy();
    let matcher = GlobBuilder::new(&text)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("not a valid pattern: {e}"))?
        .compile_matcher();
    let mut base = PathBuf::new();
    for c in pattern.components() {
        if c.as_os_str()
            .to_string_lossy()
            .contains(['*', '?', '[', '{'])
        {
            break;
        }
        base.push(c);
    }
    if base.as_os_str().is_empty() {
        base.push(".");
    }
    Ok((base, matcher))
}

/// `path` made absolute against the working folder, with `.` and `..` resolved by name.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn common_ancestor(paths: impl Iterator<Item = PathBuf>) -> PathBuf {
    let mut common: Option<PathBuf> = None;
    for p in paths {
        common = Some(match common {
            None => p,
            Some(c) => c
                .components()
                .zip(p.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_what_is_clearly_not_a_transcript() {
        for p in ["a/b.PNG", "x.mp3", "corpus/conversations.json", "r.tar.gz"] {
            assert!(skipped(Path::new(p)), "{p}");
        }
        for p in [
            "a/b.txt",
            "s.vtt",
            "corpus/utterances.jsonl",
            "notes",
            "x.srt",
        ] {
            assert!(!skipped(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn finds_the_common_folder() {
        let c = common_ancestor([PathBuf::from("/data/a/x"), PathBuf::from("/data/b")].into_iter());
        assert_eq!(c, PathBuf::from("/data"));
        assert_eq!(absolute(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn walks_sorted_skips_hidden_and_excluded_and_matches_globs() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "b/2.txt",
            "b/1.vtt",
            "a.txt",
            ".hidden/x.txt",
            "pic.png",
            "out/r.json",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "A: hi\n").unwrap();
        }
        let out = d.join("out").canonicalize().unwrap();
        let w = walk(&[d.to_path_buf()], &[out]);
        let rels: Vec<_> = w.inputs.iter().map(|i| i.rel.clone()).collect();
        assert_eq!(
            rels,
            ["a.txt", "b/1.vtt", "b/2.txt"].map(PathBuf::from).to_vec()
        );
        let w = walk(&[d.join("b/*.txt")], &[]);
        assert_eq!(w.inputs.len(), 1);
        assert_eq!(w.inputs[0].rel, PathBuf::from("2.txt"));
        let w = walk(&[d.join("nothing/*.txt"), d.join("missing.txt")], &[]);
        assert_eq!(w.failures.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn does_not_follow_symbolic_link_loops() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("a")).unwrap();
        std::fs::write(d.join("a/s.txt"), "A: hi\n").unwrap();
        std::os::unix::fs::symlink(d, d.join("a/loop")).unwrap();
        let w = walk(&[d.to_path_buf()], &[]);
        assert_eq!(w.inputs.len(), 1);
        assert!(w.failures.is_empty(), "{:?}", w.failures);
        assert_eq!(w.notes.len(), 1, "{:?}", w.notes);
    }
}
