//! The whole job in one call: a session in, its document out; sources in, documents out,
//! in input order. [`document`] is the one way a session becomes its JSON document:
//! `analyze`, `report`, `course`, `batch` and `stream` all go through it, so speakers'
//! renames and roles (`--speaker`, `--role`) work the same in every one of them.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::engine::Engine;
use crate::input::Source;
use crate::report::json::{session_document_with_roles, OutputOptions, SessionDoc, SourceInfo};
use crate::speakers::SpeakerMap;
use crate::transcript::Transcript;

/// How a session becomes its document.
#[derive(Debug, Clone, Default)]
pub struct DocumentOptions {
    /// What the document includes (`--explain`).
    pub output: OutputOptions,
    /// Speakers' new names and roles (`--speaker`, `--role`).
    pub speakers: SpeakerMap,
}

impl From<OutputOptions> for DocumentOptions {
    fn from(output: OutputOptions) -> DocumentOptions {
        DocumentOptions {
            output,
            speakers: SpeakerMap::new(),
        }
    }
}

/// One session's document: its speakers renamed, analysed, and written as the wire
/// document with their roles.
pub fn document(
    engine: &Engine,
    transcript: &Transcript,
    source: SourceInfo<'_>,
    options: &DocumentOptions,
) -> SessionDoc {
    let t: Cow<'_, Transcript> = if options.speakers.has_renames() {
        let mut t = transcript.clone();
        options.speakers.apply(&mut t);
        Cow::Owned(t)
    } else {
        Cow::Borrowed(transcript)
    };
    let analysis = engine.analyze(&t);
    session_document_with_roles(&t, &analysis, source, options.output, &options.speakers)
}

/// Analyses every session of one source, in parallel, in order.
pub fn analyze_source(engine: &Engine, source: &Source, options: OutputOptions) -> Vec<SessionDoc> {
    analyze_sources_with(engine, std::slice::from_ref(source), &options.into())
}

/// Analyses every session of every source, in parallel; the result is in input order
/// (sources in the order given, each source's sessions in its order), whatever the
/// number of threads.
pub fn analyze_sources(
    engine: &Engine,
    sources: &[Source],
    options: OutputOptions,
) -> Vec<SessionDoc> {
    analyze_sources_with(engine, sources, &options.into())
}

/// [`analyze_sources`] with speakers renamed and given roles.
pub fn analyze_sources_with(
    engine: &Engine,
    sources: &[Source],
    options: &DocumentOptions,
) -> Vec<SessionDoc> {
    map_sources_with(engine, sources, options, |doc| doc)
}

/// [`analyze_sources_with`], each document passed through `then` on the worker that made
/// it (to write it as bytes there, say, rather than on one thread afterwards); the results
/// are in input order whatever the number of threads.
pub fn map_sources_with<T: Send>(
    engine: &Engine,
    sources: &[Source],
    options: &DocumentOptions,
    then: impl Fn(SessionDoc) -> T + Sync + Send,
) -> Vec<T> {
    let jobs: Vec<_> = sources
        .iter()
        .flat_map(|s| s.sessions.iter().map(move |t| (s, t)))
        .collect();
    jobs.par_iter()
        .map(|(src, t)| {
            let info = SourceInfo {
                source: Some(&src.name),
                format: Some(src.format.name()),
            };
            then(document(engine, t, info, options))
        })
        .collect()
}
