//! The whole job in one call: sources in, session documents out, in input order.

use rayon::prelude::*;

use crate::engine::Engine;
use crate::input::Source;
use crate::report::json::{session_document_with_roles, OutputOptions, SessionDoc, SourceInfo};
use crate::speakers::SpeakerMap;

/// Analyses every session of one source, in parallel, in order.
pub fn analyze_source(engine: &Engine, source: &Source, options: OutputOptions) -> Vec<SessionDoc> {
    analyze_sources(engine, std::slice::from_ref(source), options)
}

/// Analyses every session of every source, in parallel; the result is in input order
/// (sources in the order given, each source's sessions in its order), whatever the
/// number of threads.
pub fn analyze_sources(
    engine: &Engine,
    sources: &[Source],
    options: OutputOptions,
) -> Vec<SessionDoc> {
    analyze_sources_with_roles(engine, sources, options, &SpeakerMap::new())
}

/// [`analyze_sources`] with speakers' roles (`--role`) in the documents. Renames
/// (`--speaker`) are applied to the sources before: see [`SpeakerMap::apply`].
pub fn analyze_sources_with_roles(
    engine: &Engine,
    sources: &[Source],
    options: OutputOptions,
    roles: &SpeakerMap,
) -> Vec<SessionDoc> {
    let jobs: Vec<_> = sources
        .iter()
        .flat_map(|s| s.sessions.iter().map(move |t| (s, t)))
        .collect();
    jobs.par_iter()
        .map(|(src, t)| {
            let analysis = engine.analyze(t);
            let info = SourceInfo {
                source: Some(&src.name),
                format: Some(src.format.name()),
            };
            session_document_with_roles(t, &analysis, info, options, roles)
        })
        .collect()
}
