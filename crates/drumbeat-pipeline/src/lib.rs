//! The drumbeat pipeline: wires the stages together and feeds a store.
//!
//! `Document` (drumbeat-ingest) → `CleanDoc` → `Annotated` (drumbeat-nlp) → `Coded`
//! (drumbeat-code: events) → store (drumbeat-store).
//! Per-document work is pure and runs in parallel across documents (rayon); the store
//! is written one batch (one transaction) at a time, so memory stays bounded by the
//! batch size whatever the size of the corpus. The `drumbeat` CLI is a thin layer over
//! this; its text renderings are in [`report`]. Development tools (scoring, benchmark
//! corpora, load generation) are in `drumbeat-devtools`, which depends on this crate and
//! never the other way.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use drumbeat_ingest::{
    discover, input_name, jsonl, read_input, Input, Notice, ReadOptions, ReadOutcome,
};
use drumbeat_model::{Annotated, CleanDoc, Coded, Document, Processed};
use drumbeat_nlp::gazetteer::Gazetteer;

pub use dictionary::{load_dictionary, Knowledge};
use drumbeat_store::{Store, StoreError};
use rayon::prelude::*;

pub mod dictionary;
pub mod report;

/// How many files are read in parallel before a batch is written to the store.
pub const FILE_BATCH: usize = 1024;
/// The first batch of files; each next one is twice as large, up to [`FILE_BATCH`].
pub const FIRST_BATCH: usize = 64;

/// A load into an empty store, or one expected to bring at least this many documents and
/// at least a quarter of what the store holds, is a bulk load: the store's read-side
/// indexes are dropped for it and built once at its end.
pub const BULK_MIN: u64 = 2_000;

/// How many JSONL records make one batch.
pub const RECORD_BATCH: usize = 512;

/// What an ingest run did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct IngestReport {
    pub inputs: u64,
    pub documents: u64,
    pub inserted: u64,
    pub existing: u64,
    pub bytes: u64,
    pub skipped: u64,
    pub warnings: u64,
    /// Asserted events, people and attributed quotes found in the documents read.
    pub events: u64,
    pub people: u64,
    pub quotes: u64,
    /// Seconds spent running the per-document stages (wall time of the parallel map)
    /// and writing documents to the store; the two overlap.
    pub process_seconds: f64,
    pub store_seconds: f64,
    /// Seconds spent building the store's read-side indexes after a bulk load.
    pub index_seconds: f64,
    /// The cross-document stage run after the documents went in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<AnalysisReport>,
    #[serde(skip)]
    pub notices: Vec<Notice>,
}

/// The exit code of a run that reads files: 0 when everything went in, 1 when something
/// was skipped, 2 when nothing could be read (`drumbeat ingest`, `drumbeat publish`).
pub fn exit_code(documents: u64, skipped: u64) -> i32 {
    if skipped == 0 {
        0
    } else if documents == 0 {
        2
    } else {
        1
    }
}

impl IngestReport {
    /// 0 when everything went in, 1 when something was skipped, 2 when nothing could be done.
    pub fn exit_code(&self) -> i32 {
        exit_code(self.documents, self.skipped)
    }
}

/// Run every per-document stage on one document.
pub fn process(doc: Document) -> CleanDoc {
    drumbeat_nlp::clean(doc)
}

/// Clean and recognise one document with the shipped gazetteer.
pub fn annotate(doc: Document) -> Annotated {
    annotate_with(&drumbeat_nlp::gazetteer::GAZETTEER, doc)
}

/// Every per-document stage: clean, recognise, code events.
pub fn run_with(k: &Knowledge, doc: Document) -> Coded {
    let annotated = annotate_with(k.gazetteer, doc);
    let events = drumbeat_code::code_with(k.lexicon, &annotated);
    Coded { annotated, events }
}

/// Every per-document stage and the document's sketch for the story stage.
pub fn process_with(k: &Knowledge, doc: Document) -> Processed {
    let coded = run_with(k, doc);
    let sketch = drumbeat_analyse::sketch(&coded);
    Processed { coded, sketch }
}

/// Clean and recognise one document with a given gazetteer (user dictionary added).
pub fn annotate_with(g: &Gazetteer, doc: Document) -> Annotated {
    drumbeat_nlp::recognise(g, drumbeat_nlp::clean(doc))
}

/// How many inputs `analyze_inputs` reads and runs at once: bounds memory while keeping
/// both cores busy.
pub const ANALYZE_BATCH: usize = 256;

/// What [`analyze_inputs`] went through.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct AnalyzeCounts {
    pub documents: u64,
    /// Inputs or records skipped (with a notice).
    pub skipped: u64,
}

/// Every per-document stage over `inputs`, without a store: documents are read and run in
/// parallel a batch at a time and handed to `emit` in input order (so output is the same
/// on any number of threads); notices go to `notice` as each batch is read.
pub fn analyze_inputs<E>(
    k: &Knowledge,
    inputs: &[Input],
    opts: &ReadOptions,
    notice: impl FnMut(&Notice),
    emit: impl FnMut(Coded) -> Result<(), E>,
) -> Result<AnalyzeCounts, E> {
    analyze_inputs_rendered(k, inputs, opts, notice, |c| c, emit)
}

/// [`analyze_inputs`] with a `render` step (a report, a JSON line) that runs in parallel
/// with the stages, so only writing the rendered output is left to the caller's thread.
pub fn analyze_inputs_rendered<T: Send, E>(
    k: &Knowledge,
    inputs: &[Input],
    opts: &ReadOptions,
    mut notice: impl FnMut(&Notice),
    render: impl Fn(Coded) -> T + Sync + Send,
    mut emit: impl FnMut(T) -> Result<(), E>,
) -> Result<AnalyzeCounts, E> {
    let mut counts = AnalyzeCounts::default();
    for chunk in inputs.chunks(ANALYZE_BATCH) {
        let outcomes: Vec<ReadOutcome> = chunk.par_iter().map(|i| read_input(i, opts)).collect();
        for o in &outcomes {
            for n in &o.notices {
                counts.skipped += u64::from(n.skipped);
                notice(n);
            }
        }
        let docs: Vec<Document> = outcomes.into_iter().flat_map(|o| o.documents).collect();
        counts.documents += docs.len() as u64;
        let rendered: Vec<T> = docs
            .into_par_iter()
            .map(|d| render(run_with(k, d)))
            .collect();
        for r in rendered {
            emit(r)?;
        }
    }
    Ok(counts)
}

/// Observer of an ingest's progress: inputs done, and each notice as it happens.
pub trait Progress: Sync {
    fn start(&self, _inputs: u64) {}
    fn advance(&self, _inputs: u64) {}
    fn notice(&self, _n: &Notice) {}
    fn finish(&self) {}
}

/// A progress observer that does nothing.
pub struct Quiet;
impl Progress for Quiet {}

fn is_jsonl(input: &Input) -> bool {
    matches!(input, Input::File(p) if matches!(p.extension().and_then(|e| e.to_str()), Some("jsonl") | Some("ndjson")))
}

/// Read, process and store everything under `paths`.
pub fn ingest(
    paths: &[PathBuf],
    store: &mut (dyn Store + Send),
    opts: &ReadOptions,
    progress: &dyn Progress,
) -> Result<IngestReport, StoreError> {
    ingest_with(&Knowledge::shipped(), paths, store, opts, progress)
}

/// Processes batches in parallel while the previous batch is being written: the store
/// writer (one thread) and the stages (rayon) overlap.
struct Batcher<'a> {
    k: &'a Knowledge<'a>,
    store: &'a mut (dyn Store + Send),
    pending: Vec<Processed>,
}

impl Batcher<'_> {
    fn submit(&mut self, docs: Vec<Document>, report: &mut IngestReport) -> Result<(), StoreError> {
        if docs.is_empty() {
            return Ok(());
        }
        report.documents += docs.len() as u64;
        let pending = std::mem::take(&mut self.pending);
        let k = self.k;
        let store = &mut *self.store;
        let ((written, store_secs), (processed, process_secs)) = rayon::join(
            || {
                let t = std::time::Instant::now();
                let r = if pending.is_empty() {
                    Ok(Default::default())
                } else {
                    store.put_documents(&pending)
                };
                (r, t.elapsed().as_secs_f64())
            },
            || {
                let t = std::time::Instant::now();
                let out = docs
                    .into_par_iter()
                    .map(|d| process_with(k, d))
                    .collect::<Vec<Processed>>();
                (out, t.elapsed().as_secs_f64())
            },
        );
        report.store_seconds += store_secs;
        report.process_seconds += process_secs;
        let stats: drumbeat_store::PutStats = written?;
        report.inserted += stats.inserted;
        report.existing += stats.existing;
        for p in &processed {
            let c = &p.coded;
            report.events += c
                .events
                .iter()
                .filter(|e| e.modality == drumbeat_model::Modality::Asserted)
                .count() as u64;
            report.people += c.annotated.people.len() as u64;
            report.quotes += c.annotated.quotes.iter().filter(|q| !q.fragment).count() as u64;
        }
        self.pending = processed;
        Ok(())
    }

    fn finish(&mut self, report: &mut IngestReport) -> Result<(), StoreError> {
        let pending = std::mem::take(&mut self.pending);
        if !pending.is_empty() {
            let t = std::time::Instant::now();
            let stats = self.store.put_documents(&pending)?;
            report.store_seconds += t.elapsed().as_secs_f64();
            report.inserted += stats.inserted;
            report.existing += stats.existing;
        }
        Ok(())
    }
}

/// [`ingest`] with the given knowledge (the shipped data plus a user's dictionaries).
pub fn ingest_with(
    k: &Knowledge,
    paths: &[PathBuf],
    store: &mut (dyn Store + Send),
    opts: &ReadOptions,
    progress: &dyn Progress,
) -> Result<IngestReport, StoreError> {
    let (inputs, notices) = discover(paths);
    let mut report = IngestReport {
        inputs: inputs.len() as u64,
        ..Default::default()
    };
    for n in notices {
        record_notice(&mut report, n, progress);
    }
    progress.start(inputs.len() as u64);
    let mut batcher = Batcher {
        k,
        store,
        pending: Vec::new(),
    };
    let (streams, files): (Vec<Input>, Vec<Input>) = inputs.into_iter().partition(is_jsonl);
    // JSONL: about one record per 2 KB.
    let expected = files.len() as u64
        + streams
            .iter()
            .map(|i| match i {
                Input::File(p) => std::fs::metadata(p).map(|m| m.len() / 2_000).unwrap_or(0),
                Input::Stdin => 0,
            })
            .sum::<u64>();
    let existing = batcher.store.count_documents()?;
    // Into an empty store every load is a bulk load: the indexes are built once at its
    // end either way, and building them over a handful of rows costs nothing.
    let bulk = expected > 0
        && (existing == 0 || expected >= BULK_MIN)
        && expected.saturating_mul(4) >= existing;
    if bulk {
        batcher.store.begin_bulk()?;
    }
    // Batches start small and double up to FILE_BATCH, so the store writer starts early
    // and a small ingest is pipelined too (a single big batch would run the stages and
    // then the writer one after the other).
    let mut rest: &[Input] = &files;
    let mut size = FIRST_BATCH;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        rest = tail;
        size = (size * 2).min(FILE_BATCH);
        let outcomes: Vec<(ReadOutcome, u64)> = chunk
            .par_iter()
            .map(|input| {
                let size = match input {
                    Input::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
                    Input::Stdin => 0,
                };
                (read_input(input, opts), size)
            })
            .collect();
        let mut docs = Vec::new();
        for (out, size) in outcomes {
            report.bytes += size;
            for n in out.notices {
                record_notice(&mut report, n, progress);
            }
            docs.extend(out.documents);
        }
        batcher.submit(docs, &mut report)?;
        progress.advance(chunk.len() as u64);
    }
    for input in &streams {
        let name = input_name(input);
        let Input::File(path) = input else { continue };
        match File::open(path) {
            Err(e) => record_notice(
                &mut report,
                Notice {
                    path: name,
                    line: None,
                    error: drumbeat_ingest::ReadError::Io(e.to_string()),
                    skipped: true,
                },
                progress,
            ),
            Ok(f) => {
                report.bytes += f.metadata().map(|m| m.len()).unwrap_or(0);
                let mut batch = Vec::with_capacity(RECORD_BATCH);
                let mut failure: Option<StoreError> = None;
                let mut any = false;
                let mut notices = Vec::new();
                jsonl::read_stream(&name, BufReader::new(f), opts, |r| {
                    if failure.is_some() {
                        return;
                    }
                    any = true;
                    match r {
                        Ok(d) => {
                            batch.push(d);
                            if batch.len() >= RECORD_BATCH {
                                if let Err(e) =
                                    batcher.submit(std::mem::take(&mut batch), &mut report)
                                {
                                    failure = Some(e);
                                }
                            }
                        }
                        Err(n) => notices.push(n),
                    }
                });
                for n in notices {
                    record_notice(&mut report, n, progress);
                }
                if let Some(e) = failure {
                    return Err(e);
                }
                batcher.submit(batch, &mut report)?;
                if !any {
                    record_notice(
                        &mut report,
                        Notice {
                            path: name,
                            line: None,
                            error: drumbeat_ingest::ReadError::Empty,
                            skipped: true,
                        },
                        progress,
                    );
                }
            }
        }
        progress.advance(1);
    }
    batcher.finish(&mut report)?;
    if bulk {
        let t = std::time::Instant::now();
        store.end_bulk()?;
        report.index_seconds = t.elapsed().as_secs_f64();
    }
    progress.finish();
    if report.inserted > 0 || !store.analysis_current()? {
        report.analysis = Some(analyse_store(store)?);
    }
    Ok(report)
}

/// What the cross-document stage found.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct AnalysisReport {
    pub documents: u64,
    pub stories: u64,
    /// Stories told by more than one document.
    pub multi_document_stories: u64,
    pub merged_events: u64,
    pub duplicates: u64,
    pub inferred_dates: u64,
    pub dyad_days: u64,
    pub alerts: u64,
    /// Seconds: loading sketches, clustering and merging, the watch, writing.
    pub load_seconds: f64,
    pub story_seconds: f64,
    pub watch_seconds: f64,
    pub write_seconds: f64,
}

/// The cross-document stage over the whole store: stories and merged events from every
/// document's sketch, the escalation watch over them, all written back in one
/// transaction. Documents stored by an older drumbeat get their sketch first.
pub fn analyse_store(store: &mut (dyn Store + Send)) -> Result<AnalysisReport, StoreError> {
    let t = std::time::Instant::now();
    let missing = store.unsketched()?;
    for ids in missing.chunks(FILE_BATCH) {
        let mut sketches = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = store.document(id)? {
                let events = store.events(&drumbeat_store::EventQuery {
                    all_modalities: true,
                    doc: Some(id.clone()),
                    ..Default::default()
                })?;
                sketches.push(drumbeat_analyse::sketch(&Coded {
                    annotated: a,
                    events,
                }));
            }
        }
        store.put_sketches(&sketches)?;
    }
    let sketches = store.sketches()?;
    let load_seconds = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let documents = sketches.len() as u64;
    let stories = drumbeat_analyse::stories(sketches);
    let story_seconds = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let (series, alerts) =
        drumbeat_analyse::watch::watch(&drumbeat_analyse::watch::from_stories(&stories));
    let watch_seconds = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    store.replace_analysis(&stories, &series, &alerts)?;
    let write_seconds = t.elapsed().as_secs_f64();
    Ok(AnalysisReport {
        documents,
        stories: stories.len() as u64,
        multi_document_stories: stories.iter().filter(|s| s.documents.len() > 1).count() as u64,
        merged_events: stories.iter().map(|s| s.events.len() as u64).sum(),
        duplicates: stories
            .iter()
            .flat_map(|s| &s.documents)
            .filter(|d| d.duplicate_of.is_some())
            .count() as u64,
        inferred_dates: stories
            .iter()
            .flat_map(|s| &s.documents)
            .filter(|d| d.inferred_date.is_some())
            .count() as u64,
        dyad_days: series.len() as u64,
        alerts: alerts.len() as u64,
        load_seconds,
        story_seconds,
        watch_seconds,
        write_seconds,
    })
}

fn record_notice(report: &mut IngestReport, n: Notice, progress: &dyn Progress) {
    if n.skipped {
        report.skipped += 1;
    } else {
        report.warnings += 1;
    }
    progress.notice(&n);
    report.notices.push(n);
}
