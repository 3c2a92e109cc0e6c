//! `drumbeat bench`: the pipeline measured on a synthetic corpus (or a folder of the
//! user's) ingested into a fresh store: throughput, peak memory, the cross-document
//! stage's timings, and (on a synthetic corpus) its stories and alerts scored against the
//! generator's keys.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use drumbeat_ingest::ReadOptions;
use drumbeat_pipeline::Knowledge;
use drumbeat_store::{SqliteStore, Store};

use crate::synth;

/// What `drumbeat bench` measures.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// How many synthetic articles to generate (ignored with `corpus`).
    pub docs: usize,
    /// Worker threads (None: all cores).
    pub threads: Option<usize>,
    /// A folder to read instead of a generated corpus.
    pub corpus: Option<PathBuf>,
    /// Seed of the synthetic corpus.
    pub seed: u64,
}

/// Write the synthetic corpus (`docs` articles from `seed`) to `dir` and say so on `out`.
pub fn write_corpus(out: &mut dyn Write, dir: &Path, docs: usize, seed: u64) -> Result<()> {
    let bytes = synth::write_corpus(dir, docs, seed)?;
    writeln!(
        out,
        "wrote {docs} articles ({:.1} MB) to {}",
        bytes as f64 / 1e6,
        dir.display()
    )?;
    Ok(())
}

/// Peak resident memory of this process in MB (Linux), or 0 where unknown.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// Ingest the corpus into a fresh store in a temporary folder (removed afterwards) and
/// report the run as `drumbeat bench --json` prints it.
pub fn run(k: &Knowledge, opts: &BenchOptions) -> Result<serde_json::Value> {
    let work = std::env::temp_dir().join(format!("drumbeat-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let dir = match &opts.corpus {
        Some(c) => c.clone(),
        None => {
            let d = work.join("corpus");
            synth::write_corpus(&d, opts.docs, opts.seed)?;
            d
        }
    };
    let threads = opts.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let store_path = work.join("bench.db");
    let mut store = SqliteStore::open(&store_path)
        .with_context(|| format!("cannot open the store at {}", store_path.display()))?;
    let started = std::time::Instant::now();
    let report = pool.install(|| {
        drumbeat_pipeline::ingest_with(
            k,
            std::slice::from_ref(&dir),
            &mut store,
            &ReadOptions::default(),
            &drumbeat_pipeline::Quiet,
        )
    })?;
    let secs = started.elapsed().as_secs_f64();
    // The cross-document stage ran at the end of the ingest.
    let analysis = report.analysis.clone().unwrap_or_default();
    // Story clustering against the generator's key, when the corpus has one.
    let clustering = match std::fs::read_to_string(dir.join(synth::STORY_KEY)) {
        Ok(key) => {
            let gold: Vec<(String, String)> = key
                .lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(f, s)| (f.to_string(), s.to_string()))
                .collect();
            let predicted: std::collections::HashMap<String, String> = store
                .story_membership()?
                .into_iter()
                .filter_map(|(path, story)| {
                    let name = std::path::Path::new(&path)
                        .file_name()?
                        .to_str()?
                        .to_string();
                    Some((name, story))
                })
                .collect();
            let (p, r, gp, pp) = synth::pairwise(&gold, &predicted);
            serde_json::json!({"pairwise_precision": p, "pairwise_recall": r, "gold_pairs": gp, "predicted_pairs": pp})
        }
        Err(_) => serde_json::Value::Null,
    };
    // The watch's alerts against the generator's injected escalations, when it has some.
    let escalation = match std::fs::read_to_string(dir.join(synth::ESCALATION_KEY)) {
        Ok(key) => {
            let alerts: Vec<(String, String)> = store
                .alerts(None, None, None)?
                .into_iter()
                .map(|a| (a.dyad, a.day))
                .collect();
            serde_json::to_value(synth::score_alerts(&key, &alerts))?
        }
        Err(_) => serde_json::Value::Null,
    };
    drop(store);
    let _ = std::fs::remove_dir_all(&work);
    let mb = report.bytes as f64 / 1e6;
    Ok(serde_json::json!({
        "documents": report.documents,
        "mb": mb,
        "threads": threads,
        "seconds": secs,
        "docs_per_sec": report.documents as f64 / secs,
        "mb_per_sec": mb / secs,
        "peak_rss_mb": peak_rss_mb(),
        "events": report.events,
        "events_per_sec": report.events as f64 / secs,
        "people": report.people,
        "quotes": report.quotes,
        "process_seconds": report.process_seconds,
        "store_seconds": report.store_seconds,
        "index_seconds": report.index_seconds,
        "stages": "read + clean + sentences + recognition + event coding + sketch + store, then stories + merged events + watch + store",
        "analysis": analysis,
        "story_clustering": clustering,
        "escalation_alerts": escalation,
        "stories_docs_per_sec": analysis.documents as f64 / analysis.story_seconds.max(1e-9),
    }))
}

/// The readable lines of `drumbeat bench`, from what [`run`] reported.
pub fn write_text(out: &mut dyn Write, r: &serde_json::Value) -> std::io::Result<()> {
    writeln!(
        out,
        "{} documents, {:.1} MB, {} threads: {:.2}s, {:.0} documents/s, {:.2} MB/s, {} events ({:.0}/s), peak RSS {:.0} MB",
        r["documents"],
        r["mb"].as_f64().unwrap_or(0.0),
        r["threads"],
        r["seconds"].as_f64().unwrap_or(0.0),
        r["docs_per_sec"].as_f64().unwrap_or(0.0),
        r["mb_per_sec"].as_f64().unwrap_or(0.0),
        r["events"],
        r["events_per_sec"].as_f64().unwrap_or(0.0),
        r["peak_rss_mb"].as_f64().unwrap_or(0.0)
    )?;
    let a = &r["analysis"];
    let f = |k: &str| a[k].as_f64().unwrap_or(0.0);
    writeln!(
        out,
        "of which the cross-document stage: load sketches {:.2}s; stories {} ({} multi-document, {} duplicates) in {:.2}s ({:.0} documents/s); watch {} dyad-days, {} alerts in {:.2}s; write {:.2}s",
        f("load_seconds"),
        a["stories"],
        a["multi_document_stories"],
        a["duplicates"],
        f("story_seconds"),
        r["stories_docs_per_sec"].as_f64().unwrap_or(0.0),
        a["dyad_days"],
        a["alerts"],
        f("watch_seconds"),
        f("write_seconds")
    )?;
    let e = &r["escalation_alerts"];
    if !e.is_null() {
        writeln!(
            out,
            "alerts against the injected escalations: precision {:.3} ({} of {} alerts in a burst), recall {:.3} ({} of {} escalations), {:.1} days of warning",
            e["precision"].as_f64().unwrap_or(0.0),
            e["right"],
            e["alerts"],
            e["recall"].as_f64().unwrap_or(0.0),
            e["caught"],
            e["escalations"],
            e["mean_days_of_warning"].as_f64().unwrap_or(0.0)
        )?;
    }
    let c = &r["story_clustering"];
    if !c.is_null() {
        writeln!(
            out,
            "story clustering against the corpus key: pairwise precision {:.3}, recall {:.3} ({} gold pairs, {} predicted)",
            c["pairwise_precision"].as_f64().unwrap_or(0.0),
            c["pairwise_recall"].as_f64().unwrap_or(0.0),
            c["gold_pairs"],
            c["predicted_pairs"]
        )?;
    }
    Ok(())
}
