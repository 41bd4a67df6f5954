//! `turnscope._turnscope`: the native half of the Python package, a thin layer over the
//! library's public API (`input::read_text`, `pipeline::analyze_sources_with`, the
//! documents' serde serialisation). Everything Python sees is shaped in
//! `turnscope/__init__.py`; this file only reads, analyses and serialises, with the GIL
//! released, and turns failures into Python exceptions.
//!
//! Each input comes back as its documents serialised with `serde_json::to_string`, exactly
//! the lines `turnscope analyze --format jsonl` writes, so the Python side parses the very
//! bytes the command line prints.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use rayon::prelude::*;

use turnscope::input::{path_name, read_path, read_text, InputError};
use turnscope::pipeline::{analyze_sources_with, DocumentOptions};
use turnscope::report::OutputOptions;
use turnscope::speakers::SpeakerMap;
use turnscope::transcript::Format;
use turnscope::Engine;

/// The engine: lexicons compiled once, shared by every call and thread.
#[pyclass(frozen, module = "turnscope._turnscope")]
struct NativeEngine {
    engine: Engine,
}

/// One input: transcript bytes with the name that stands for their file, or a file.
enum Item {
    Text { name: String, bytes: Vec<u8> },
    File(PathBuf),
}

impl Item {
    fn name(&self) -> String {
        match self {
            Item::Text { name, .. } => name.clone(),
            Item::File(path) => path_name(path),
        }
    }
}

/// How to read and what to write, the same for every input of a call.
struct Settings {
    format: Option<Format>,
    /// `--explain`, `--speaker` and `--role`, as the command line passes them.
    options: DocumentOptions,
}

/// Why an input gave no documents.
enum Failure {
    /// Bad input: the file and line, as the command line reports it.
    Input(InputError),
    /// The file could not be read.
    Io(String, std::io::Error),
    /// A bug: a panic caught before it could cross into Python.
    Panic(String, String),
}

/// The format read, and one compact JSON document a session.
type Outcome = Result<(&'static str, Vec<String>), Failure>;

fn analyze_item(engine: &Engine, item: &Item, settings: &Settings) -> Outcome {
    let run = || {
        let read = match item {
            Item::Text { name, bytes } => read_text(name, bytes, settings.format),
            Item::File(path) => {
                check_file(path).map_err(|e| Failure::Io(path_name(path), e))?;
                read_path(path, settings.format)
            }
        };
        let source = read.map_err(Failure::Input)?;
        let docs = analyze_sources_with(engine, std::slice::from_ref(&source), &settings.options);
        let lines = docs
            .iter()
            .map(|d| serde_json::to_string(d).expect("a document always serialises"))
            .collect();
        Ok((source.format.name(), lines))
    };
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Failure::Panic(item.name(), message))
    })
}

/// What keeps a file from being opened, as the system says it (Python raises the
/// matching `OSError`); reading it is then `read_path`'s, as on the command line (its
/// size limit, its name for the file, a named pipe read to its end).
fn check_file(path: &Path) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        std::fs::read(path)?; // fails with "Is a directory"
    } else if meta.is_file() {
        std::fs::File::open(path)?;
    }
    Ok(())
}

/// The Python object for an outcome: `(format, [json, ...])`, or the exception instance.
fn to_python(py: Python<'_>, outcome: Outcome) -> PyResult<Py<PyAny>> {
    let failure = match outcome {
        Ok((format, lines)) => return Ok((format, lines).into_pyobject(py)?.into_any().unbind()),
        Err(failure) => failure,
    };
    let errors = py.import("turnscope.errors")?;
    let exception = match failure {
        Failure::Input(e) => {
            let line = (e.line > 0).then_some(e.line);
            errors
                .getattr("ParseError")?
                .call1((e.to_string(), e.source, line, e.message))?
        }
        Failure::Io(path, e) => {
            let err = match e.raw_os_error() {
                Some(code) => PyOSError::new_err((code, strip_os_error(&e), path)),
                None => PyOSError::new_err(format!("{path}: {e}")),
            };
            err.into_value(py).into_bound(py).into_any()
        }
        Failure::Panic(name, message) => errors.getattr("InternalError")?.call1((format!(
            "{name}: internal error in turnscope ({message}); please report it with this input"
        ),))?,
    };
    Ok(exception.unbind())
}

/// A path from Python: `os.fsencode` bytes (any file name, on Unix) or a str.
fn file_path(name: &Bound<'_, PyAny>) -> PyResult<PathBuf> {
    #[cfg(unix)]
    if let Ok(bytes) = name.cast::<PyBytes>() {
        use std::os::unix::ffi::OsStrExt;
        return Ok(Path::new(std::ffi::OsStr::from_bytes(bytes.as_bytes())).to_path_buf());
    }
    Ok(PathBuf::from(name.extract::<String>()?))
}

/// "No such file or directory (os error 2)" without the code Python shows itself.
fn strip_os_error(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.rfind(" (os error ") {
        Some(at) => s[..at].to_string(),
        None => s,
    }
}

#[pymethods]
impl NativeEngine {
    /// Compiles the built-in lexicons, and those of `lexicons` (a directory of `*.toml`
    /// files layered over them, as `--lexicons`) where given.
    #[new]
    #[pyo3(signature = (lexicons=None))]
    fn new(py: Python<'_>, lexicons: Option<String>) -> PyResult<Self> {
        let built = py.detach(|| match &lexicons {
            Some(dir) => Engine::with_lexicon_dir(Path::new(dir)).map_err(|e| e.to_string()),
            None => Ok(Engine::new()),
        });
        match built {
            Ok(engine) => Ok(NativeEngine { engine }),
            Err(message) => {
                let class = py.import("turnscope.errors")?.getattr("LexiconError")?;
                Err(PyErr::from_value(class.call1((message,))?))
            }
        }
    }

    /// Every detector the engine runs, sorted.
    fn detectors(&self) -> Vec<String> {
        self.engine.detectors().to_vec()
    }

    /// The problem areas (the `topic` detectors) in the report's order, as the command's
    /// `--summary csv` gives their columns.
    fn areas(&self) -> Vec<String> {
        self.engine
            .registry()
            .areas()
            .into_iter()
            .map(|d| d.name.to_string())
            .collect()
    }

    /// Reads and analyses `items`, each `(name, bytes)` or `(path, None)`, with the GIL
    /// released; in parallel on `threads` workers (a pool of its own) or rayon's pool.
    /// Returns, in input order, `(format, [document json, ...])` or an exception
    /// instance for each item (ParseError, OSError, InternalError); never raises for one.
    #[pyo3(signature = (items, format=None, explain=false, renames=Vec::new(), roles=Vec::new(), threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        py: Python<'_>,
        items: Vec<Bound<'_, PyTuple>>,
        format: Option<&str>,
        explain: bool,
        renames: Vec<(String, String)>,
        roles: Vec<(String, String)>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let format = match format {
            None => None,
            Some(name) => Some(Format::from_name(name).ok_or_else(|| {
                let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
                PyValueError::new_err(format!(
                    "unknown format {name:?}: use \"auto\" or one of {}",
                    names.join(", ")
                ))
            })?),
        };
        let items = items
            .iter()
            .map(|t| {
                let (name, bytes): (Bound<'_, PyAny>, Option<Bound<'_, PyBytes>>) = t.extract()?;
                Ok(match bytes {
                    Some(b) => Item::Text {
                        name: name.extract()?,
                        bytes: b.as_bytes().to_vec(),
                    },
                    None => Item::File(file_path(&name)?),
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let mut speakers = SpeakerMap::new();
        for (label, name) in &renames {
            speakers.rename(label, name);
        }
        for (speaker, role) in &roles {
            speakers.role(speaker, role);
        }
        let settings = Settings {
            format,
            options: DocumentOptions {
                output: OutputOptions { explain },
                speakers,
            },
        };
        let engine = &self.engine;
        let outcomes = py.detach(|| {
            let all = || -> Vec<Outcome> {
                if items.len() == 1 {
                    vec![analyze_item(engine, &items[0], &settings)]
                } else {
                    items
                        .par_iter()
                        .map(|item| analyze_item(engine, item, &settings))
                        .collect()
                }
            };
            match threads {
                Some(n) => rayon::ThreadPoolBuilder::new()
                    .num_threads(n.max(1))
                    .build()
                    .map(|pool| pool.install(all))
                    .map_err(|e| e.to_string()),
                None => Ok(all()),
            }
        });
        let outcomes = outcomes
            .map_err(|e| PyOSError::new_err(format!("cannot start worker threads: {e}")))?;
        outcomes.into_iter().map(|o| to_python(py, o)).collect()
    }
}

/// The native half of turnscope's Python package; use `turnscope` itself.
#[pymodule]
mod _turnscope {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::NativeEngine;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        // The binding's version, kept equal to the library's (`tool.version` in documents).
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
