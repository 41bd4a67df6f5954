//! Reading transcripts from files and standard input, with errors that name the file and line.

use std::fmt;
use std::path::Path;
use std::time::SystemTime;

use crate::echo::{echo, echo_message};
use crate::transcript::{parse, Format, ParseError, Transcript};

/// A transcript source could not be read. Names the source and, where it helps, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (or `<stdin>`).
    pub source: String,
    /// 1-based line of the fault; 0 when the whole input is at fault.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Shows the source and the message as [`echo`] and [`echo_message`] do: control
/// characters escaped, long names and messages cut.
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (source, message) = (echo(&self.source), echo_message(&self.message));
        if self.line > 0 {
            write!(f, "{source}:{}: {message}", self.line)
        } else {
            write!(f, "{source}: {message}")
        }
    }
}

impl std::error::Error for InputError {}

/// Sessions read from one source, with how they were read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file path as given, or `<stdin>`.
    pub name: String,
    /// The format the source was read as.
    pub format: Format,
    /// Its sessions, in order.
    pub sessions: Vec<Transcript>,
}

/// A path as text, losslessly: the name turnscope gives a file in `session.source`,
/// `--errors` and `--resume`.
///
/// On Unix a file name is any bytes. Bytes that are UTF-8 are kept as they are, except a
/// backslash, which is doubled (`\\`); each byte that is not part of valid UTF-8 is
/// written `\xNN` (two lowercase hex digits). So `caf\xe9.txt` names the Latin-1 file
/// `café.txt`, two names that differ only in such bytes stay apart, and
/// [`path_from_name`] gives the path back. A name that is valid UTF-8 and has no
/// backslash (nearly all) is written exactly as it is. On other systems the path is shown
/// as the system shows it ([`Path::display`]).
pub fn path_name(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let mut out = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    out.push_str("\\\\");
                } else {
                    out.push(c);
                }
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// The path that [`path_name`] wrote as `name`; `None` where `name` is not something
/// it writes (a lone backslash, `\x` without two hex digits).
pub fn path_from_name(name: &str) -> Option<std::path::PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let mut out = Vec::with_capacity(name.len());
        let mut rest = name.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            rest = tail;
            if b != b'\\' {
                out.push(b);
                continue;
            }
            match rest {
                [b'\\', tail @ ..] => {
                    out.push(b'\\');
                    rest = tail;
                }
                [b'x', h, l, tail @ ..] if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                    let digit = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
                    out.push(digit(*h) << 4 | digit(*l));
                    rest = tail;
                }
                _ => return None,
            }
        }
        Some(std::ffi::OsString::from_vec(out).into())
    }
    #[cfg(not(unix))]
    {
        Some(std::path::PathBuf::from(name))
    }
}

/// Which file an existing regular file is, however it is reached: through a symbolic
/// link, a hard link or standard input redirected from it. Writing output over an input
/// is refused by comparing these.
///
/// On Unix it is the device and inode number; elsewhere the canonical path (which tells
/// symbolic links apart but not hard links, and knows nothing of standard input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileId(FileIdInner);

#[cfg(unix)]
type FileIdInner = (u64, u64);
#[cfg(not(unix))]
type FileIdInner = std::path::PathBuf;

impl FileId {
    /// The identity of the regular file at `path` (symbolic links followed); `None`
    /// where there is none, or it is not a regular file (a terminal, a pipe,
    /// `/dev/null`: writing there destroys nothing).
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        FileId::from_metadata(&meta, path)
    }

    /// The identity of the regular file standard input is redirected from, if it is.
    pub fn of_stdin() -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
            let meta = std::fs::File::from(fd).metadata().ok()?;
            FileId::from_metadata(&meta, Path::new("-"))
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    #[allow(unused_variables)]
    fn from_metadata(meta: &std::fs::Metadata, path: &Path) -> Option<FileId> {
        if !meta.is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId((meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        {
            path.canonicalize().ok().map(FileId)
        }
    }
}

/// Checks raw bytes are text: not empty, valid UTF-8, no NUL bytes.
pub fn decode<'a>(source: &str, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty_error(source));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            return Err(utf8_error(source, line, at as u64));
        }
    };
    if let Some(at) = memchr::memchr(0, bytes) {
        let line = text[..at].matches('\n').count() + 1;
        return Err(nul_error(source, line));
    }
    Ok(text)
}

/// The error of an input with nothing but white space.
pub(crate) fn empty_error(source: &str) -> InputError {
    InputError {
        source: source.to_string(),
        line: 0,
        message: "the file is empty (no transcript text)".into(),
    }
}

/// The error of an input that is not UTF-8 from byte `at` (of the whole input) on `line`.
pub(crate) fn utf8_error(source: &str, line: usize, at: u64) -> InputError {
    InputError {
        source: source.to_string(),
        line,
        message: format!(
            "invalid UTF-8 at byte {at}; turnscope reads UTF-8 text (convert with iconv)"
        ),
    }
}

/// The error of an input with a NUL byte on `line`.
pub(crate) fn nul_error(source: &str, line: usize) -> InputError {
    InputError {
        source: source.to_string(),
        line,
        message: "binary data (NUL byte); is this a transcript?".into(),
    }
}

/// A reader's error as the input's error, saying what it was read as.
pub(crate) fn parse_failure(source: &str, error: ParseError, format: Format) -> InputError {
    let ParseError { line, message } = error;
    InputError {
        source: source.to_string(),
        line,
        message: echo_message(&format!("{message} (read as {format})")).into_owned(),
    }
}

/// Reads sessions from text already in memory. `name` names the source in errors;
/// its file name becomes the session id of single-session formats.
pub fn read_text(name: &str, bytes: &[u8], format: Option<Format>) -> Result<Source, InputError> {
    let text = decode(name, bytes)?;
    let file_name = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    let format = format.unwrap_or_else(|| Format::detect(Some(&file_name), text));
    let sessions = parse(format, &file_name, text).map_err(|e| parse_failure(name, e, format))?;
    Ok(Source {
        name: name.to_string(),
        format,
        sessions,
    })
}

/// What a file was when it was read: enough to tell later, without analysing it again,
/// whether it is still the same (what `turnscope batch --resume` records with each
/// input's results).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Its size in bytes, from the open file before reading.
    pub size: u64,
    /// Its last modification, from the open file before reading, where the system says.
    pub modified: Option<SystemTime>,
    /// [`Stamp::hash_of`] the bytes read.
    pub hash: u128,
}

impl Stamp {
    /// The hash of a file's content: XXH3, 128 bits (`xxhash-rust`), a fast hash made
    /// to tell contents apart, not to resist someone forging a collision.
    pub fn hash_of(bytes: &[u8]) -> u128 {
        xxhash_rust::xxh3::xxh3_128(bytes)
    }

    /// The stamp of the regular file at `path` as it is now (read through the hash a
    /// block at a time); `None` where it is not a regular file.
    pub fn of_file(path: &Path) -> std::io::Result<Option<Stamp>> {
        use std::io::Read;
        let mut file = std::fs::File::open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Ok(None);
        }
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => hasher.update(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(Some(Stamp {
            size: meta.len(),
            modified: meta.modified().ok(),
            hash: hasher.digest128(),
        }))
    }
}

/// The most bytes one input may hold by default: 512 MiB. Reading a transcript and
/// analysing it takes many times its size in memory (11 times for a ConvoKit file, 32 for
/// one long plain-text session: BENCHMARKS.md), so a larger file fails, named with the
/// reason, instead of the whole run running out of memory. `turnscope batch` streams a
/// big file of session lines instead, and holds each line to this limit.
pub const DEFAULT_MAX_INPUT: u64 = 512 << 20;

/// The environment variable that sets the limit on what one input may hold, as a size
/// such as `2G` ([`parse_size`]); `turnscope batch` and `pack` also take `--max-input`.
pub const MAX_INPUT_ENV: &str = "TURNSCOPE_MAX_INPUT";

/// The limit on what one input may hold: [`MAX_INPUT_ENV`] where it is set, else
/// [`DEFAULT_MAX_INPUT`]. An unreadable setting is an error naming the variable.
pub fn max_input() -> Result<u64, String> {
    match std::env::var(MAX_INPUT_ENV) {
        Ok(text) => parse_size(&text).map_err(|e| format!("{MAX_INPUT_ENV}: {e}")),
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_MAX_INPUT),
        Err(e) => Err(format!("{MAX_INPUT_ENV}: {e}")),
    }
}

/// Reads a size: a number of bytes, or a number (decimals allowed) with `K`, `M`, `G` or
/// `T` (binary: 1024, 1024², ...), optionally followed by `B` or `iB`, in any case:
/// `300000`, `512M`, `1.5GiB`. `none` or `unlimited` is no limit.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("unlimited") {
        return Ok(u64::MAX);
    }
    let lower = t.to_ascii_lowercase();
    let unit_start = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(unit_start);
    let unit = unit.trim();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(unit);
    let scale: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => {
            return Err(format!(
                "`{}` is not a size (such as 512M or 2G)",
                echo(text)
            ))
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{}` is not a size (such as 512M or 2G)", echo(text)))?;
    let bytes = value * scale as f64;
    if !(1.0..1.8e19).contains(&bytes) {
        return Err(format!("`{}` is not a size of 1 byte or more", echo(text)));
    }
    Ok(bytes as u64)
}

/// A size for people: `512 MiB`, `1.5 GiB`, `900 bytes`.
pub fn show_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let shown = format!("{value:.1}");
    let shown = shown.strip_suffix(".0").unwrap_or(&shown);
    format!("{shown} {}", UNITS[unit])
}

/// The message of an input larger than `limit`.
pub(crate) fn too_large(what: &str, limit: u64) -> String {
    format!(
        "{what} is more than one input may hold ({}); a larger limit: --max-input SIZE \
         (batch, pack) or {MAX_INPUT_ENV}=SIZE, such as 2G",
        show_size(limit)
    )
}

/// Reads a file's bytes, with its [`Stamp`] where it is a regular file (a named pipe is
/// read to its end, as standard input is, and has none). A file of more than `limit`
/// bytes fails without being read (a named pipe, once it has given that many).
pub fn read_file(path: &Path, limit: u64) -> Result<(Vec<u8>, Option<Stamp>), InputError> {
    use std::io::Read;
    let error = |message: String| InputError {
        source: path_name(path),
        line: 0,
        message,
    };
    let fail = |e: std::io::Error| error(e.to_string());
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    if meta.is_file() && meta.len() > limit {
        return Err(error(too_large(&show_size(meta.len()), limit)));
    }
    let mut bytes = Vec::new();
    if meta.is_file() {
        let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
        bytes.try_reserve_exact(size).map_err(|_| {
            error(format!(
                "cannot find {} of memory to read it",
                show_size(meta.len())
            ))
        })?;
    }
    (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(error(too_large("it", limit)));
    }
    let stamp = meta.is_file().then(|| Stamp {
        size: meta.len(),
        modified: meta.modified().ok(),
        hash: Stamp::hash_of(&bytes),
    });
    Ok((bytes, stamp))
}

/// Reads a file (or standard input for `-`) as [`read_path`] does, holding at most
/// `limit` bytes, with the file's [`Stamp`] where it is a regular file.
pub fn read_path_stamped(
    path: &Path,
    format: Option<Format>,
    limit: u64,
) -> Result<(Source, Option<Stamp>), InputError> {
    if path.as_os_str() == "-" {
        return read_path_limited(path, format, limit).map(|s| (s, None));
    }
    let (bytes, stamp) = read_file(path, limit)?;
    read_text(&path_name(path), &bytes, format).map(|s| (s, stamp))
}

/// Reads a file (or standard input for `-`), holding at most [`max_input`] bytes.
pub fn read_path(path: &Path, format: Option<Format>) -> Result<Source, InputError> {
    let limit = max_input().map_err(|message| InputError {
        source: path_name(path),
        line: 0,
        message,
    })?;
    read_path_limited(path, format, limit)
}

/// [`read_path`] with the limit given.
fn read_path_limited(
    path: &Path,
    format: Option<Format>,
    limit: u64,
) -> Result<Source, InputError> {
    let name = path_name(path);
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        let stdin_error = |message: String| InputError {
            source: "<stdin>".into(),
            line: 0,
            message,
        };
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin().lock(), limit.saturating_add(1)),
            &mut buf,
        )
        .map_err(|e| stdin_error(e.to_string()))?;
        if buf.len() as u64 > limit {
            return Err(stdin_error(too_large("it", limit)));
        }
        return read_text("<stdin>", &buf, format).map(|mut s| {
            for t in &mut s.sessions {
                if t.id == "<stdin>" {
                    t.id = "stdin".into();
                }
            }
            s
        });
    } else {
        read_file(path, limit)?.0
    };
    read_text(&name, &bytes, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_binary_and_invalid_utf8() {
        let e = read_text("a.txt", b"  \n\n", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.txt: the file is empty (no transcript text)"
        );
        let e = read_text("b.txt", b"A: hi\nB: \xff\xfe there\n", None).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("invalid UTF-8"), "{e}");
        let e = read_text("c.txt", b"A: hi\n\0\0\0", None).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("binary"), "{e}");
    }

    #[test]
    fn path_names_are_lossless_and_read_back() {
        let cases: &[(&[u8], &str)] = &[
            (b"archive/s1.vtt", "archive/s1.vtt"),
            (
                b"caf\xc3\xa9 \xf0\x9f\x98\x80.txt",
                "caf\u{e9} \u{1f600}.txt",
            ),
            (b"caf\xe9.txt", "caf\\xe9.txt"),
            (b"a\\xe9.txt", "a\\\\xe9.txt"),
            (b"\xff\xfe", "\\xff\\xfe"),
            (b"cut\xc3", "cut\\xc3"),
        ];
        #[cfg(unix)]
        for (bytes, name) in cases {
            use std::os::unix::ffi::OsStrExt;
            let path = Path::new(std::ffi::OsStr::from_bytes(bytes));
            assert_eq!(path_name(path), *name);
            assert_eq!(path_from_name(name).as_deref(), Some(path));
        }
        let _ = cases;
        for bad in ["a\\", "a\\x4", "a\\xzz", "a\\n"] {
            #[cfg(unix)]
            assert_eq!(path_from_name(bad), None, "{bad}");
            let _ = bad;
        }
    }

    #[test]
    fn reads_sizes_and_refuses_more_than_the_limit() {
        for (text, bytes) in [
            ("300000", 300_000),
            ("512M", 512 << 20),
            ("1.5GiB", 3 << 29),
            ("2 gb", 2 << 30),
            ("4k", 4096),
            ("unlimited", u64::MAX),
        ] {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
        for bad in ["", "G", "12X", "-1M", "0", "1e3"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(show_size(512 << 20), "512 MiB");
        assert_eq!(show_size(3 << 29), "1.5 GiB");
        assert_eq!(show_size(900), "900 bytes");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.txt");
        std::fs::write(&path, "A: You never listen.\n").unwrap();
        assert!(read_file(&path, 21).is_ok());
        let e = read_file(&path, 20).unwrap_err();
        assert!(
            e.message
                .starts_with("21 bytes is more than one input may hold (20 bytes)"),
            "{e}"
        );
        let (source, stamp) = read_path_stamped(&path, None, 1 << 20).unwrap();
        assert_eq!(source.sessions[0].turns.len(), 1);
        assert_eq!(stamp.unwrap().size, 21);
    }

    #[test]
    fn names_the_file_in_parse_errors() {
        let e = read_text("d.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n", None).unwrap_err();
        assert!(e.to_string().starts_with("d.vtt:3:"), "{e}");
    }
}
