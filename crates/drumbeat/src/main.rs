//! The drumbeat command line: a thin layer over `drumbeat-pipeline` (and, for `eval`,
//! `bench` and `bench-serve`, `drumbeat-devtools`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use drumbeat_ingest::{Notice, ReadOptions, DEFAULT_MAX_BYTES};
use drumbeat_pipeline::report::{doc_row, first_words, marked_text};
use drumbeat_pipeline::{IngestReport, Progress};
use drumbeat_store::{DocQuery, SqliteStore, Store, DEFAULT_STORE};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Parser)]
#[command(
    name = "drumbeat",
    version,
    about = "Who did what to whom, when, where, and according to whom: political events from news, with their evidence"
)]
struct Cli {
    /// The store file (SQLite). Default: ./drumbeat.db
    #[arg(long, global = true, env = "DRUMBEAT_STORE", default_value = DEFAULT_STORE)]
    store: PathBuf,
    /// Your own actors: a TSV file (name, forms, code, role, kind) added to the gazetteer;
    /// its entries win over the shipped ones.
    #[arg(long, global = true, env = "DRUMBEAT_ACTORS")]
    actors: Option<PathBuf>,
    /// Dictionaries in the PETRARCH/TABARI formats (CAMEO*.txt verb patterns,
    /// *actors*.txt, *agents*.txt, a CAMEO2PLOVER mapping), in this folder or the folders
    /// in it, merged with drumbeat's own data; drumbeat's entries keep precedence.
    #[arg(long, global = true, env = "DRUMBEAT_DICTIONARY")]
    dictionary: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (text, folders, JSONL, HTML, RSS/Atom, `-` for stdin) into the store.
    #[command(
        after_help = "Examples:\n  drumbeat ingest examples/\n  drumbeat ingest feed.xml pages/ --store news.db\n  curl -s https://example.org/a.html | drumbeat ingest -"
    )]
    Ingest {
        /// Files or folders to read; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Skip files (and JSONL records) larger than this many bytes.
        #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
        max_bytes: u64,
        /// Print the run's report as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Read and recognise articles without storing them: a readable report per document.
    #[command(
        after_help = "Examples:\n  drumbeat analyze examples/\n  drumbeat analyze article.txt --json"
    )]
    Analyze {
        /// Files or folders to read; `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Skip files (and JSONL records) larger than this many bytes.
        #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
        max_bytes: u64,
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
    },
    /// Stored events with their evidence (asserted acts only unless --all).
    #[command(
        after_help = "Examples:\n  drumbeat events --dyad RUS-UKR --undirected --since 2022-02-01\n  drumbeat events --type THREATEN --min-confidence 0.7 --limit 20\n  drumbeat events --text \"ceasefire\" --json"
    )]
    Events {
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
        /// A dyad SOURCE-TARGET of country or organisation codes, e.g. RUS-UKR (either side may be empty: RUS-).
        #[arg(long)]
        dyad: Option<String>,
        /// Match the dyad in both directions.
        #[arg(long)]
        undirected: bool,
        /// A PLOVER type, e.g. THREATEN.
        #[arg(long = "type")]
        event_type: Option<String>,
        /// Only events on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Only events on or before this date (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Include negated, denied, conditional, hypothetical, embedded and background acts.
        #[arg(long)]
        all: bool,
        /// Only this document (id or a unique prefix of it).
        #[arg(long)]
        doc: Option<String>,
        /// Only events whose evidence sentence has every word of this (full-text search).
        #[arg(long)]
        text: Option<String>,
        /// Only events at least this confident (0-1: about the share of such events
        /// that are right, as measured on the real-news dev set).
        #[arg(long)]
        min_confidence: Option<f64>,
        /// At most this many rows (newest or strongest first).
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Stories: documents about the same happening, with their merged events (newest first).
    #[command(
        after_help = "Examples:\n  drumbeat stories --actor RUS --min-documents 2\n  drumbeat stories --since 2022-02-01 --json"
    )]
    Stories {
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
        /// Only stories on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Only stories on or before this date.
        #[arg(long)]
        until: Option<String>,
        /// Only stories naming this country or organisation code (RUS, NATO).
        #[arg(long)]
        actor: Option<String>,
        /// Only stories told by at least this many documents.
        #[arg(long)]
        min_documents: Option<u64>,
        /// At most this many rows (newest or strongest first).
        #[arg(long)]
        limit: Option<u64>,
    },
    /// One story (id or prefix): documents, outlets, inferred dates, merged events.
    #[command(after_help = "Examples:\n  drumbeat story 3f2a")]
    Story {
        id: String,
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
    },
    /// The escalation watch: per-dyad daily index against its baseline, and alerts.
    #[command(
        after_help = "Examples:\n  drumbeat watch\n  drumbeat watch --dyad RUS-UKR --since 2022-01-01 --json"
    )]
    Watch {
        /// An unordered dyad, e.g. RUS-UKR.
        #[arg(long)]
        dyad: Option<String>,
        /// Only days of the watch on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
    },
    /// Score the pipeline against a gold file (format: ../shared/bench/README.md).
    #[command(
        after_help = "Examples:\n  drumbeat eval ../shared/bench/news/gold.jsonl bench/news/articles --split bench/news-split.tsv --half tuning"
    )]
    Eval {
        /// The gold JSONL file.
        gold: PathBuf,
        /// The folder holding the articles the gold file names.
        articles: PathBuf,
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
        /// How many misses and false alarms to print (text output).
        #[arg(long, default_value_t = 30)]
        show: usize,
        /// A split of the gold by story (`story<TAB>half`, e.g. `bench/news-split.tsv`):
        /// the report adds the event scores of each half.
        #[arg(long)]
        split: Option<PathBuf>,
        /// With --split: score only this half (misses and false alarms of it alone).
        #[arg(long, requires = "split")]
        half: Option<String>,
        /// Leave out predictions below this confidence.
        #[arg(long, default_value_t = 0.0)]
        min_confidence: f32,
    },
    /// Measure the server on the store: latency of the dashboard's queries (p50/p99), or
    /// with --rate a paced load test (requests/s for --seconds, errors, memory).
    #[command(
        after_help = "Examples:\n  drumbeat bench-serve --requests 200\n  drumbeat bench-serve --rate 200 --seconds 30"
    )]
    BenchServe {
        /// Sequential requests per query for the latency table.
        #[arg(long, default_value_t = 200)]
        requests: usize,
        /// Requests per second for a load test instead.
        #[arg(long)]
        rate: Option<f64>,
        /// How long the load test runs.
        #[arg(long, default_value_t = 60.0)]
        seconds: f64,
        /// Concurrent connections of the load test.
        #[arg(long, default_value_t = 16)]
        connections: usize,
        /// The load test's requests: every dashboard query (`dashboard`) or the API's only (`api`).
        #[arg(long, default_value = "dashboard")]
        mix: String,
        /// Turn the server's answers cache off, to measure the queries themselves.
        #[arg(long)]
        no_cache: bool,
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
    },
    /// Serve the JSON API and the web dashboard over the store (ingesting PATHS first).
    #[command(
        after_help = "Examples:\n  drumbeat serve examples/\n  drumbeat serve --addr 0.0.0.0:8080 --allow-host drumbeat.example.org"
    )]
    Serve {
        /// Articles to ingest before serving (files, folders, `-`).
        paths: Vec<PathBuf>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Also answer requests for this host name (repeatable). By default only
        /// `localhost` and IP addresses are answered, so a web page on another name cannot
        /// read the store through DNS rebinding. Example: `--allow-host drumbeat.example.org`.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_hosts: Vec<String>,
    },
    /// Export events (GDELT 2.0 event-table TSV, CSV, JSONL, Parquet), or merged events,
    /// documents, quotes and stories as JSONL.
    #[command(
        after_help = "Examples:\n  drumbeat export --format gdelt > events.tsv\n  drumbeat export --format gdelt --what mentions > mentions.tsv\n  drumbeat export --format parquet --out events.parquet"
    )]
    Export {
        /// gdelt, csv, jsonl or parquet.
        #[arg(long, default_value = "jsonl")]
        format: String,
        /// events, merged, mentions (GDELT's Mentions table, with --format gdelt), documents, quotes or stories.
        #[arg(long, default_value = "events")]
        what: String,
        /// Write to this file (default: standard output; Parquet needs a file).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include negated, denied, conditional, hypothetical, embedded and background acts.
        #[arg(long)]
        all: bool,
        /// Only events at least this confident (0-1; event exports: csv, jsonl, parquet).
        #[arg(long, default_value_t = 0.0)]
        min_confidence: f64,
    },
    /// List stored documents.
    #[command(
        after_help = "Examples:\n  drumbeat docs --since 2022-02-01 --outlet Reuters --limit 10"
    )]
    Docs {
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
        /// At most this many rows (newest or strongest first).
        #[arg(long)]
        limit: Option<u64>,
        /// Skip this many documents first (with --limit, for pages).
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// Only documents published on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Only documents published on or before this date (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Only documents of this outlet (as `docs` prints it, e.g. Reuters).
        #[arg(long)]
        outlet: Option<String>,
    },
    /// Measure the pipeline on a synthetic corpus (or your own folder) into a fresh store.
    #[command(
        after_help = "Examples:\n  drumbeat bench --docs 10000 --threads 2\n  drumbeat bench --corpus my-articles/ --json"
    )]
    Bench {
        /// How many synthetic articles to generate (ignored with --corpus).
        #[arg(long, default_value_t = 10_000)]
        docs: usize,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Read this folder instead of generating a corpus.
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Seed of the synthetic corpus (the same seed writes the same articles).
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Only write the synthetic corpus to this folder (as text files) and stop.
        #[arg(long)]
        write_corpus: Option<PathBuf>,
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
    },
    /// People across the stored documents (merged across spellings), with evidence.
    #[command(
        after_help = "Examples:\n  drumbeat actors --code RUS\n  drumbeat actors --name Ryabkov --json"
    )]
    Actors {
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
        /// Only names containing this.
        #[arg(long)]
        name: Option<String>,
        /// Only this code (RUSGOV) or country (RUS).
        #[arg(long)]
        code: Option<String>,
        /// At most this many rows (newest or strongest first).
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Quotes across the stored documents, with speaker, relay and evidence.
    #[command(after_help = "Examples:\n  drumbeat quotes --speaker Zakharova")]
    Quotes {
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
        /// Only speakers whose name contains this.
        #[arg(long)]
        speaker: Option<String>,
        /// Include fragments (scare quotes).
        #[arg(long)]
        fragments: bool,
        /// Only this document (id or prefix).
        #[arg(long)]
        doc: Option<String>,
        /// At most this many rows (newest or strongest first).
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Show one document, its boilerplate marked as [[kind: text]].
    #[command(after_help = "Examples:\n  drumbeat show 9c1e")]
    Show {
        /// A document id or a unique prefix of it.
        id: String,
        /// Print JSON on standard output instead of the readable text.
        #[arg(long)]
        json: bool,
    },
}

struct Bar {
    bar: Option<ProgressBar>,
}

impl Progress for Bar {
    fn start(&self, inputs: u64) {
        if let Some(b) = &self.bar {
            b.set_length(inputs);
        }
    }
    fn advance(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }
    fn notice(&self, n: &Notice) {
        let line = format!("drumbeat: {n}");
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn progress_bar() -> Bar {
    if !std::io::stderr().is_terminal() {
        return Bar { bar: None };
    }
    let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    b.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} inputs [{bar:30}] {elapsed} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Bar { bar: Some(b) }
}

/// Pretty JSON and a final newline: every `--json` listing.
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

fn validate_date(s: &Option<String>, flag: &str) -> Result<()> {
    if let Some(d) = s {
        if drumbeat_ingest::dates::parse_iso_prefix(d).is_none() || d.len() != 10 {
            anyhow::bail!("--{flag} {d:?} is not a date: use YYYY-MM-DD");
        }
    }
    Ok(())
}

fn open_store(path: &std::path::Path) -> Result<SqliteStore> {
    SqliteStore::open(path).with_context(|| format!("cannot open the store at {}", path.display()))
}

/// When no event in the store names `code` on either side: a line saying so, with the
/// codes of the store's dyads that look nearest (same first letters), for a mistyped code.
fn unknown_code_hint(store: &SqliteStore, code: &str) -> Result<Option<String>> {
    use drumbeat_store::{Browse, Store};
    let named = store.events(&drumbeat_store::EventQuery {
        limit: Some(1),
        source: Some(code.to_string()),
        undirected: true,
        all_modalities: true,
        ..Default::default()
    })?;
    if !named.is_empty() {
        return Ok(None);
    }
    let mut codes: Vec<String> = store
        .dyad_summaries(365_000, 10_000)?
        .iter()
        .flat_map(|d| d.dyad.split('-').map(str::to_string).collect::<Vec<_>>())
        .collect();
    codes.sort();
    codes.dedup();
    let near = |n: usize| -> Vec<&str> {
        codes
            .iter()
            .filter(|c| c.get(..n).is_some() && c.get(..n) == code.get(..n))
            .map(String::as_str)
            .take(8)
            .collect()
    };
    let guesses = near(2);
    Ok(Some(if guesses.is_empty() {
        let some: Vec<&str> = codes.iter().map(String::as_str).take(12).collect();
        format!(
            "no event in this store names {code} (codes are ISO alpha-3 countries or \
             organisations; this store's include {})",
            some.join(", ")
        )
    } else {
        format!(
            "no event in this store names {code}; did you mean {}?",
            guesses.join(", ")
        )
    }))
}

/// The store a read command reads: it must exist (a mistyped `--store` must not quietly
/// make an empty one and answer "0 events").
fn open_existing_store(path: &std::path::Path) -> Result<SqliteStore> {
    if !path.exists() {
        anyhow::bail!(
            "no store at {}: ingest articles into it first (drumbeat --store {} ingest FILES), \
             or point --store (or DRUMBEAT_STORE) at an existing store",
            path.display(),
            path.display()
        );
    }
    open_store(path)
}

/// The store, with its cross-document analysis brought up to date if it is behind
/// (a killed ingest, or a store written by an older drumbeat).
fn open_analysed_store(path: &std::path::Path) -> Result<SqliteStore> {
    let mut store = open_existing_store(path)?;
    if !store.analysis_current()? {
        drumbeat_pipeline::analyse_store(&mut store)?;
    }
    Ok(store)
}

/// The gazetteer and lexicon with the user's actors (`--actors`) and dictionaries
/// (`--dictionary`), or None where the shipped ones serve.
fn user_knowledge(
    actors: &Option<PathBuf>,
    dictionary: &Option<PathBuf>,
) -> Result<(
    Option<drumbeat_nlp::gazetteer::Gazetteer>,
    Option<drumbeat_code::lexicon::Lexicon>,
)> {
    let (people, orgs) = match actors {
        Some(p) => {
            let data = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the actor dictionary {}", p.display()))?;
            drumbeat_nlp::gazetteer::parse_user_dictionary(&data)
                .map_err(|e| anyhow::anyhow!("actor dictionary {}: {e}", p.display()))?
        }
        None => (Vec::new(), Vec::new()),
    };
    let dict = match dictionary {
        Some(dir) => {
            let d = drumbeat_pipeline::load_dictionary(dir)?;
            for f in &d.files {
                eprintln!(
                    "drumbeat: dictionary {}: {} ({} entries{})",
                    f.path.display(),
                    f.kind,
                    f.entries,
                    if f.skipped_lines > 0 {
                        format!(
                            "; {} lines left out, e.g. {}",
                            f.skipped_lines,
                            f.first_problems.join("; ")
                        )
                    } else {
                        String::new()
                    }
                );
            }
            if let Some(s) = d.verb_stats() {
                eprintln!(
                    "drumbeat: verbs: {} verbs and {} patterns added, {} no-event phrases; {} patterns need a parse and {} codes have no PLOVER reading (left out)",
                    s.verbs, s.patterns, s.no_event_phrases, s.skipped_patterns, s.unmapped
                );
            }
            Some(d)
        }
        None => None,
    };
    let gazetteer = if actors.is_some()
        || dict
            .as_ref()
            .is_some_and(|d| !d.actors.actors.is_empty() || !d.actors.agents.is_empty())
    {
        let empty = drumbeat_nlp::phoenix::Dictionary::default();
        let phoenix = dict.as_ref().map_or(&empty, |d| &d.actors);
        Some(drumbeat_nlp::gazetteer::Gazetteer::build_with(
            people, orgs, phoenix,
        )?)
    } else {
        None
    };
    let lexicon = dict
        .and_then(|d| d.verbs)
        .map(drumbeat_code::lexicon::with_dictionary);
    Ok((gazetteer, lexicon))
}

fn run(cli: Cli, out: &mut dyn Write) -> Result<i32> {
    let (user_gazetteer, user_lexicon) = user_knowledge(&cli.actors, &cli.dictionary)?;
    let k = drumbeat_pipeline::Knowledge {
        gazetteer: user_gazetteer
            .as_ref()
            .unwrap_or(&drumbeat_nlp::gazetteer::GAZETTEER),
        lexicon: user_lexicon
            .as_ref()
            .unwrap_or(&drumbeat_code::lexicon::LEXICON),
    };
    match cli.command {
        Command::Ingest {
            paths,
            max_bytes,
            json,
        } => {
            let mut store = open_store(&cli.store)?;
            let opts = ReadOptions { max_bytes };
            let started = std::time::Instant::now();
            let report =
                drumbeat_pipeline::ingest_with(&k, &paths, &mut store, &opts, &progress_bar())?;
            let secs = started.elapsed().as_secs_f64();
            if json {
                write_json(out, &report)?;
            } else {
                print_ingest(out, &report, secs, &cli.store)?;
            }
            Ok(report.exit_code())
        }
        Command::Analyze {
            paths,
            max_bytes,
            json,
        } => {
            let opts = ReadOptions { max_bytes };
            let (inputs, notices) = drumbeat_ingest::discover(&paths);
            let mut skipped = notices.len();
            for n in &notices {
                eprintln!("drumbeat: {n}");
            }
            // Each document's output is rendered on the worker threads; this thread only
            // writes it, in input order.
            #[derive(serde::Serialize)]
            struct Line<'a> {
                annotations: &'a drumbeat_model::Annotated,
                events: &'a [drumbeat_model::Event],
            }
            let counts = drumbeat_pipeline::analyze_inputs_rendered(
                &k,
                &inputs,
                &opts,
                |n| eprintln!("drumbeat: {n}"),
                |c| -> std::result::Result<String, String> {
                    if json {
                        serde_json::to_string(&Line {
                            annotations: &c.annotated,
                            events: &c.events,
                        })
                        .map_err(|e| e.to_string())
                    } else {
                        Ok(format!(
                            "{}\nevents:\n{}",
                            drumbeat_pipeline::report::analysis(&c.annotated),
                            drumbeat_pipeline::report::event_lines(&c.events)
                        ))
                    }
                },
                |r| -> Result<()> {
                    let text = r.map_err(|e| anyhow::anyhow!("rendering a document: {e}"))?;
                    writeln!(out, "{text}")?;
                    Ok(())
                },
            )?;
            skipped += counts.skipped as usize;
            let docs = counts.documents;
            Ok(if skipped == 0 {
                0
            } else if docs == 0 {
                2
            } else {
                1
            })
        }
        Command::Eval {
            gold,
            articles,
            json,
            show,
            split,
            half,
            min_confidence,
        } => {
            let run = drumbeat_devtools::eval::EvalRun {
                gold,
                articles,
                split,
                half,
                min_confidence,
            };
            let rep =
                drumbeat_devtools::eval::evaluate(&k, &run, &mut |n| eprintln!("drumbeat: {n}"))?;
            if json {
                write_json(out, &rep)?;
            } else {
                drumbeat_devtools::eval::table(out, &rep, show)?;
            }
            Ok(if rep.missing_files.is_empty() { 0 } else { 1 })
        }
        Command::BenchServe {
            requests,
            rate,
            seconds,
            connections,
            mix,
            no_cache,
            json,
        } => {
            if !matches!(mix.as_str(), "dashboard" | "api") {
                anyhow::bail!("--mix {mix:?}: use dashboard or api");
            }
            open_analysed_store(&cli.store)?;
            let r = match rate {
                Some(rate) => drumbeat_devtools::loadgen::load(
                    &cli.store,
                    rate,
                    seconds,
                    connections,
                    mix == "api",
                    !no_cache,
                )?,
                None => {
                    drumbeat_devtools::loadgen::latency(&cli.store, requests.max(1), !no_cache)?
                }
            };
            if json {
                write_json(out, &r)?;
            } else if rate.is_some() {
                drumbeat_devtools::loadgen::write_load_text(out, &r)?;
            } else {
                drumbeat_devtools::loadgen::write_latency_text(out, &r)?;
            }
            Ok(0)
        }
        Command::Serve {
            paths,
            addr,
            allow_hosts,
        } => {
            if !paths.is_empty() {
                let mut store = open_store(&cli.store)?;
                let started = std::time::Instant::now();
                let report = drumbeat_pipeline::ingest_with(
                    &k,
                    &paths,
                    &mut store,
                    &ReadOptions::default(),
                    &progress_bar(),
                )?;
                let secs = started.elapsed().as_secs_f64();
                print_ingest(&mut std::io::stderr(), &report, secs, &cli.store)?;
            } else {
                open_analysed_store(&cli.store)?;
            }
            out.flush()?;
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let hosts = drumbeat_server::HostAllow::new(allow_hosts);
            rt.block_on(drumbeat_server::serve(addr, &cli.store, hosts))
                .with_context(|| format!("cannot serve on {addr}"))?;
            Ok(0)
        }
        Command::Export {
            format,
            what,
            out: path,
            all,
            min_confidence,
        } => {
            let fmt = drumbeat_export::Format::parse(&format).ok_or_else(|| {
                anyhow::anyhow!("--format {format:?}: use gdelt, csv, jsonl or parquet")
            })?;
            let w = drumbeat_export::What::parse(&what).ok_or_else(|| {
                anyhow::anyhow!("--what {what:?}: use events, merged, mentions (GDELT), documents, quotes or stories")
            })?;
            if fmt == drumbeat_export::Format::Parquet && path.is_none() {
                anyhow::bail!("Parquet is a binary file: give --out PATH");
            }
            let store = open_analysed_store(&cli.store)?;
            let sink: Box<dyn Write + Send> = match &path {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("cannot create {}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout())),
            };
            let n = drumbeat_export::export(&store, fmt, w, all, min_confidence, sink)?;
            eprintln!(
                "drumbeat: exported {n} rows{}",
                path.map(|p| format!(" to {}", p.display()))
                    .unwrap_or_default()
            );
            Ok(0)
        }
        Command::Docs {
            json,
            limit,
            offset,
            since,
            until,
            outlet,
        } => {
            validate_date(&since, "since")?;
            validate_date(&until, "until")?;
            let store = open_existing_store(&cli.store)?;
            let docs = store.documents(&DocQuery {
                limit,
                offset,
                since,
                until,
                outlet,
            })?;
            if json {
                let rows: Vec<_> = docs.iter().map(doc_row).collect();
                write_json(out, &rows)?;
            } else {
                writeln!(
                    out,
                    "{:<12}  {:<10}  {:<18}  {:<24}  first words",
                    "id", "date", "outlet", "boilerplate"
                )?;
                for a in &docs {
                    let d = &a.doc;
                    let mut kinds: Vec<&str> =
                        d.boilerplate.iter().map(|b| b.kind.as_str()).collect();
                    kinds.dedup();
                    writeln!(
                        out,
                        "{:<12}  {:<10}  {:<18}  {:<24}  {}",
                        &d.document.id[..12.min(d.document.id.len())],
                        d.document.published.as_deref().unwrap_or("-"),
                        d.outlet.as_deref().unwrap_or("-"),
                        if kinds.is_empty() {
                            "-".to_string()
                        } else {
                            kinds.join(",")
                        },
                        first_words(d, 10)
                    )?;
                }
                writeln!(out, "{} documents", docs.len())?;
            }
            Ok(0)
        }
        Command::Bench {
            docs,
            threads,
            corpus,
            seed,
            write_corpus,
            json,
        } => {
            if let Some(dir) = write_corpus {
                drumbeat_devtools::bench::write_corpus(out, &dir, docs, seed)?;
                return Ok(0);
            }
            let opts = drumbeat_devtools::bench::BenchOptions {
                docs,
                threads,
                corpus,
                seed,
            };
            let r = drumbeat_devtools::bench::run(&k, &opts)?;
            if json {
                write_json(out, &r)?;
            } else {
                drumbeat_devtools::bench::write_text(out, &r)?;
            }
            Ok(0)
        }
        Command::Events {
            json,
            dyad,
            undirected,
            event_type,
            since,
            until,
            all,
            doc,
            text,
            min_confidence,
            limit,
        } => {
            validate_date(&since, "since")?;
            if let Some(c) = min_confidence {
                anyhow::ensure!(
                    (0.0..=1.0).contains(&c),
                    "--min-confidence must be from 0 to 1, not {c}"
                );
            }
            validate_date(&until, "until")?;
            if let Some(t) = &event_type {
                if !drumbeat_code::PLOVER_TYPES.contains(&t.to_uppercase().as_str()) {
                    anyhow::bail!(
                        "--type {t:?} is not a PLOVER type: one of {}",
                        drumbeat_code::PLOVER_TYPES.join(", ")
                    );
                }
            }
            let (source, target) = match &dyad {
                Some(d) => {
                    let d = drumbeat_model::Dyad::parse_open(d).map_err(|e| {
                        anyhow::anyhow!("--dyad: {e} (either side may be empty: RUS-)")
                    })?;
                    (d.source(), d.target())
                }
                None => (None, None),
            };
            let store = open_existing_store(&cli.store)?;
            let events = store.events(&drumbeat_store::EventQuery {
                limit,
                source: source.clone(),
                target: target.clone(),
                undirected,
                event_type: event_type.map(|t| t.to_uppercase()),
                since,
                until,
                all_modalities: all,
                doc,
                text,
                min_confidence,
                ..Default::default()
            })?;
            if json {
                write_json(out, &events)?;
            } else {
                write!(out, "{}", drumbeat_pipeline::report::event_lines(&events))?;
                writeln!(
                    out,
                    "{} event{}",
                    events.len(),
                    if events.len() == 1 { "" } else { "s" }
                )?;
            }
            if events.is_empty() {
                for code in [&source, &target].into_iter().flatten() {
                    if let Some(hint) = unknown_code_hint(&store, code)? {
                        eprintln!("drumbeat: {hint}");
                    }
                }
            }
            Ok(0)
        }
        Command::Stories {
            json,
            since,
            until,
            actor,
            min_documents,
            limit,
        } => {
            validate_date(&since, "since")?;
            validate_date(&until, "until")?;
            let store = open_analysed_store(&cli.store)?;
            let stories = store.stories(&drumbeat_store::StoryQuery {
                limit,
                offset: 0,
                since,
                until,
                actor: actor.map(|a| a.to_uppercase()),
                min_documents,
            })?;
            if json {
                write_json(out, &stories)?;
            } else {
                for st in &stories {
                    writeln!(
                        out,
                        "{}  {}..{}  {} documents, {} events  {}",
                        &st.id[..12],
                        st.start.as_deref().unwrap_or("undated"),
                        st.end.as_deref().unwrap_or("undated"),
                        st.documents.len(),
                        st.events.len(),
                        st.title.chars().take(80).collect::<String>()
                    )?;
                }
                writeln!(out, "{} stories", stories.len())?;
            }
            Ok(0)
        }
        Command::Story { id, json } => {
            let store = open_analysed_store(&cli.store)?;
            let Some(st) = store.story(&id)? else {
                anyhow::bail!("no story with id {id:?}: see `drumbeat stories`");
            };
            if json {
                write_json(out, &st)?;
            } else {
                writeln!(out, "story {}: {}", st.id, st.title)?;
                writeln!(
                    out,
                    "dates: {} .. {}",
                    st.start.as_deref().unwrap_or("?"),
                    st.end.as_deref().unwrap_or("?")
                )?;
                writeln!(out, "actors: {}", st.actors.join(", "))?;
                writeln!(out, "documents:")?;
                for d in &st.documents {
                    let date = match (&d.published, &d.inferred_date) {
                        (Some(p), _) => p.clone(),
                        (None, Some(i)) => format!(
                            "{i} (inferred: {})",
                            d.inferred_basis.as_deref().unwrap_or("")
                        ),
                        _ => "undated".into(),
                    };
                    let dup = d
                        .duplicate_of
                        .as_ref()
                        .map(|x| format!("  duplicate of {}", &x[..12.min(x.len())]))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "  {}  {}  {}  {}{}",
                        &d.doc[..12.min(d.doc.len())],
                        date,
                        d.outlet.as_deref().unwrap_or("-"),
                        d.path,
                        dup
                    )?;
                }
                writeln!(out, "events:")?;
                for e in &st.events {
                    writeln!(
                        out,
                        "  {:<9} {} -> {}  {}  {} source(s): {}{}",
                        e.event_type,
                        e.source.as_deref().unwrap_or("-"),
                        e.target.as_deref().unwrap_or("-"),
                        e.date.as_deref().unwrap_or("undated"),
                        e.sources,
                        e.outlets.join(", "),
                        if e.counts.is_empty() {
                            String::new()
                        } else {
                            format!("  counts: {}", e.counts.join(" | "))
                        }
                    )?;
                    for m in &e.mentions {
                        writeln!(
                            out,
                            "      {} s{}: {}",
                            &m.doc[..12.min(m.doc.len())],
                            m.sentence,
                            m.evidence.chars().take(120).collect::<String>()
                        )?;
                    }
                }
            }
            Ok(0)
        }
        Command::Watch { dyad, since, json } => {
            validate_date(&since, "since")?;
            let store = open_analysed_store(&cli.store)?;
            let want = match &dyad {
                Some(d) => Some(
                    drumbeat_model::Dyad::parse(d)
                        .map_err(|e| anyhow::anyhow!("--dyad: {e}"))?
                        .key(),
                ),
                None => None,
            };
            let series = store.dyad_days(want.as_deref(), since.as_deref())?;
            let mut alerts = store.alerts(want.as_deref(), since.as_deref(), None)?;
            alerts.reverse();
            if json {
                write_json(
                    out,
                    &serde_json::json!({ "series": series, "alerts": alerts }),
                )?;
            } else {
                let mut dyads: Vec<&str> = series.iter().map(|d| d.dyad.as_str()).collect();
                dyads.dedup();
                for dy in dyads {
                    let days: Vec<&drumbeat_analyse::watch::DyadDay> =
                        series.iter().filter(|d| d.dyad == dy).collect();
                    let values: Vec<f64> = days.iter().map(|d| d.index).collect();
                    let last = days.last().map(|d| d.day.as_str()).unwrap_or("");
                    let n = days.len();
                    writeln!(
                        out,
                        "{:<8} {}  {} day{} with events, last {}, events {}, Goldstein {:+.1}",
                        dy,
                        drumbeat_analyse::watch::sparkline(&values),
                        n,
                        if n == 1 { "" } else { "s" },
                        last,
                        days.iter().map(|d| d.events).sum::<usize>(),
                        days.iter().map(|d| d.goldstein).sum::<f64>()
                    )?;
                    // One dyad asked for: its days, with the index against the baseline.
                    if want.is_some() {
                        writeln!(out, "  day         events  index  baseline      z  types")?;
                        for d in &days {
                            let types: Vec<String> =
                                d.by_type.iter().map(|(t, n)| format!("{t} {n}")).collect();
                            writeln!(
                                out,
                                "  {}  {:>6}  {:>5.2}  {:>8.2}  {:>5.1}  {}",
                                d.day,
                                d.events,
                                d.index,
                                // (No "-0.00" for an empty baseline.)
                                d.baseline + 0.0,
                                d.z + 0.0,
                                types.join(", ")
                            )?;
                        }
                    }
                }
                writeln!(out, "alerts:")?;
                for a in &alerts {
                    writeln!(
                        out,
                        "  {} {}  index {:.2} (baseline {:.2}, z {:.1})",
                        a.day, a.dyad, a.index, a.baseline, a.z
                    )?;
                    for d in &a.drivers {
                        writeln!(
                            out,
                            "      {} {}->{} ({} sources): {}",
                            d.event_type,
                            d.source,
                            d.target,
                            d.sources,
                            d.evidence.chars().take(110).collect::<String>()
                        )?;
                    }
                }
                if alerts.is_empty() {
                    writeln!(out, "  none")?;
                }
            }
            Ok(0)
        }
        Command::Actors {
            json,
            name,
            code,
            limit,
        } => {
            let store = open_existing_store(&cli.store)?;
            let people = store.people(&drumbeat_store::PeopleQuery { limit, name, code })?;
            if json {
                write_json(out, &people)?;
            } else {
                writeln!(
                    out,
                    "{:<26} {:<8} {:>4} {:>8}  variants / first evidence",
                    "person", "code", "docs", "mentions"
                )?;
                for p in &people {
                    writeln!(
                        out,
                        "{:<26} {:<8} {:>4} {:>8}  {}",
                        p.name,
                        p.code,
                        p.documents,
                        p.mentions,
                        p.variants.join(" | ")
                    )?;
                    if let Some(e) = p.evidence.first() {
                        writeln!(
                            out,
                            "{:<50} {}@{}..{} s{}",
                            "",
                            &e.doc[..12.min(e.doc.len())],
                            e.start,
                            e.end,
                            e.sentence
                        )?;
                    }
                }
                writeln!(out, "{} people", people.len())?;
            }
            Ok(0)
        }
        Command::Quotes {
            json,
            speaker,
            fragments,
            doc,
            limit,
        } => {
            let store = open_existing_store(&cli.store)?;
            let quotes = store.quotes(&drumbeat_store::QuoteQuery {
                limit,
                speaker,
                fragments,
                doc,
                offset: 0,
            })?;
            if json {
                write_json(out, &quotes)?;
            } else {
                for q in &quotes {
                    let who = q.speaker.as_deref().unwrap_or("-");
                    let code = q
                        .speaker_code
                        .as_deref()
                        .map(|c| format!(" [{c}]"))
                        .unwrap_or_default();
                    let relay = q
                        .relay
                        .as_deref()
                        .map(|r| format!(" via {r}"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{} {}@{}..{} {}{}{}: \"{}\"",
                        q.published.as_deref().unwrap_or("undated"),
                        &q.doc[..12.min(q.doc.len())],
                        q.start,
                        q.end,
                        who,
                        code,
                        relay,
                        q.text
                    )?;
                }
                writeln!(out, "{} quotes", quotes.len())?;
            }
            Ok(0)
        }
        Command::Show { id, json } => {
            let store = open_existing_store(&cli.store)?;
            let Some(a) = store.document(&id)? else {
                anyhow::bail!("no document with id {id:?} in {}", cli.store.display());
            };
            let d = &a.doc;
            let origins = store.origins(&d.document.id)?;
            if json {
                let v = serde_json::json!({ "document": d, "annotations": &a, "origins": origins });
                write_json(out, &v)?;
            } else {
                writeln!(out, "id:        {}", d.document.id)?;
                for o in &origins {
                    match o.line {
                        Some(l) => {
                            writeln!(out, "from:      {}:{} ({})", o.path, l, o.format.as_str())?
                        }
                        None => writeln!(out, "from:      {} ({})", o.path, o.format.as_str())?,
                    }
                }
                writeln!(
                    out,
                    "published: {}",
                    d.document.published.as_deref().unwrap_or("unknown")
                )?;
                let basis = d
                    .outlet_basis
                    .map(|b| format!(" ({b:?})").to_lowercase())
                    .unwrap_or_default();
                writeln!(
                    out,
                    "outlet:    {}{basis}",
                    d.outlet.as_deref().unwrap_or("unknown")
                )?;
                if let Some(t) = &d.document.title {
                    writeln!(out, "title:     {t}")?;
                }
                if let Some(u) = &d.document.url {
                    writeln!(out, "url:       {u}")?;
                }
                writeln!(out, "sentences: {}", d.sentences.len())?;
                writeln!(out, "boilerplate:")?;
                for b in &d.boilerplate {
                    writeln!(
                        out,
                        "  {:<14} {}..{}  {}",
                        b.kind.as_str(),
                        b.span.start,
                        b.span.end,
                        b.text
                    )?;
                }
                writeln!(out, "---")?;
                writeln!(out, "{}", marked_text(d))?;
                writeln!(out, "---")?;
                writeln!(out, "{}", drumbeat_pipeline::report::analysis(&a))?;
            }
            Ok(0)
        }
    }
}

fn print_ingest(
    out: &mut dyn Write,
    r: &IngestReport,
    secs: f64,
    store: &std::path::Path,
) -> Result<()> {
    writeln!(
        out,
        "read {} inputs ({:.1} MB): {} documents, {} new, {} already stored; {} skipped, {} warnings; found {} events, {} people, {} quotes; {:.2}s; store {}",
        r.inputs,
        r.bytes as f64 / 1e6,
        r.documents,
        r.inserted,
        r.existing,
                r.skipped,
        r.warnings,
        r.events,
        r.people,
        r.quotes,
        secs,
        store.display()
    )?;
    if let Some(a) = &r.analysis {
        writeln!(
            out,
            "stories: {} ({} told by several documents), {} merged events, {} republished copies, {} dates inferred; watch: {} dyad-days, {} alerts; {:.2}s",
            a.stories,
            a.multi_document_stories,
            a.merged_events,
            a.duplicates,
            a.inferred_dates,
            a.dyad_days,
            a.alerts,
            a.load_seconds + a.story_seconds + a.watch_seconds + a.write_seconds
        )?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = drumbeat_pipeline::report::Printable::new(std::io::BufWriter::new(stdout.lock()));
    let result = run(cli, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("drumbeat: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
