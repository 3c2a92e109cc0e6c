//! The drumbeat command line: the flags of each command (clap), and a dispatch to its
//! handler in `commands`. The work is done by `drumbeat-pipeline` (the product) and
//! `drumbeat-devtools` (eval, bench, bench-serve); what is printed is rendered there.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use drumbeat_ingest::DEFAULT_MAX_BYTES;
use drumbeat_store::DEFAULT_STORE;

mod commands;
mod knowledge;
mod progress;

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
    Ingest(IngestArgs),
    /// Read and recognise articles without storing them: a readable report per document.
    #[command(
        after_help = "Examples:\n  drumbeat analyze examples/\n  drumbeat analyze article.txt --json"
    )]
    Analyze(AnalyzeArgs),
    /// Stored events with their evidence (asserted acts only unless --all).
    #[command(
        after_help = "Examples:\n  drumbeat events --dyad RUS-UKR --undirected --since 2022-02-01\n  drumbeat events --type THREATEN --min-confidence 0.7 --limit 20\n  drumbeat events --text \"ceasefire\" --json"
    )]
    Events(EventsArgs),
    /// Stories: documents about the same happening, with their merged events (newest first).
    #[command(
        after_help = "Examples:\n  drumbeat stories --actor RUS --min-documents 2\n  drumbeat stories --since 2022-02-01 --json"
    )]
    Stories(StoriesArgs),
    /// One story (id or prefix): documents, outlets, inferred dates, merged events.
    #[command(after_help = "Examples:\n  drumbeat story 3f2a")]
    Story(StoryArgs),
    /// The escalation watch: per-dyad daily index against its baseline, and alerts.
    #[command(
        after_help = "Examples:\n  drumbeat watch\n  drumbeat watch --dyad RUS-UKR --since 2022-01-01 --json"
    )]
    Watch(WatchArgs),
    /// Score the pipeline against a gold file (format: ../shared/bench/README.md).
    #[command(
        after_help = "Examples:\n  drumbeat eval ../shared/bench/news/gold.jsonl bench/news/articles --split bench/news-split.tsv --half tuning"
    )]
    Eval(EvalArgs),
    /// Measure the server on the store: latency of the dashboard's queries (p50/p99), or
    /// with --rate a paced load test (requests/s for --seconds, errors, memory).
    #[command(
        after_help = "Examples:\n  drumbeat bench-serve --requests 200\n  drumbeat bench-serve --rate 200 --seconds 30"
    )]
    BenchServe(BenchServeArgs),
    /// Serve the JSON API and the web dashboard over the store (ingesting PATHS first).
    #[command(
        after_help = "Examples:\n  drumbeat serve examples/\n  drumbeat serve --addr 0.0.0.0:8080 --allow-host drumbeat.example.org"
    )]
    Serve(ServeArgs),
    /// Export events (GDELT 2.0 event-table TSV, CSV, JSONL, Parquet), or merged events,
    /// documents, quotes and stories as JSONL.
    #[command(
        after_help = "Examples:\n  drumbeat export --format gdelt > events.tsv\n  drumbeat export --format gdelt --what mentions > mentions.tsv\n  drumbeat export --format parquet --out events.parquet"
    )]
    Export(ExportArgs),
    /// List stored documents.
    #[command(
        after_help = "Examples:\n  drumbeat docs --since 2022-02-01 --outlet Reuters --limit 10"
    )]
    Docs(DocsArgs),
    /// Measure the pipeline on a synthetic corpus (or your own folder) into a fresh store.
    #[command(
        after_help = "Examples:\n  drumbeat bench --docs 10000 --threads 2\n  drumbeat bench --corpus my-articles/ --json"
    )]
    Bench(BenchArgs),
    /// People across the stored documents (merged across spellings), with evidence.
    #[command(
        after_help = "Examples:\n  drumbeat actors --code RUS\n  drumbeat actors --name Ryabkov --json"
    )]
    Actors(ActorsArgs),
    /// Quotes across the stored documents, with speaker, relay and evidence.
    #[command(
        after_help = "Examples:\n  drumbeat quotes --speaker Zakharova\n  drumbeat quotes --text \"red line\" --json"
    )]
    Quotes(QuotesArgs),
    /// Show one document, its boilerplate marked as [[kind: text]].
    #[command(after_help = "Examples:\n  drumbeat show 9c1e")]
    Show(ShowArgs),
    /// Publish articles (every format `ingest` reads) to a NATS JetStream work queue, for
    /// `drumbeat worker`s to code (needs a build with `--features nats`).
    #[command(
        after_help = "Examples:\n  drumbeat publish articles/ --nats nats://127.0.0.1:4222\n  drumbeat publish feed.xml --stream NEWS"
    )]
    Publish(PublishArgs),
    /// Code articles from the NATS JetStream work queue into the store; run as many as
    /// you like on one store (needs a build with `--features nats`). Afterwards `serve`,
    /// `stories`, `watch` or `export` bring the stories and the watch up to date.
    #[command(
        after_help = "Examples:\n  drumbeat worker --nats nats://127.0.0.1:4222 --store news.db\n  drumbeat worker --once --batch 256"
    )]
    Worker(WorkerArgs),
}

// Each command's flags. The structs have no doc comment of their own: the variant's above
// is the command's help.

#[derive(Args)]
pub struct IngestArgs {
    /// Files or folders to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Skip files (and JSONL records) larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Print the run's report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files or folders to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Skip files (and JSONL records) larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct EventsArgs {
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
    /// A dyad SOURCE-TARGET of country or organisation codes, e.g. RUS-UKR (either side may be empty: RUS-).
    #[arg(long)]
    pub dyad: Option<String>,
    /// Match the dyad in both directions.
    #[arg(long)]
    pub undirected: bool,
    /// A PLOVER type, e.g. THREATEN.
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Only events on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only events on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Include negated, denied, conditional, hypothetical, embedded and background acts.
    #[arg(long)]
    pub all: bool,
    /// Only this document (id or a unique prefix of it).
    #[arg(long)]
    pub doc: Option<String>,
    /// Only events whose evidence sentence has every word of this (full-text search).
    #[arg(long)]
    pub text: Option<String>,
    /// Only events at least this confident (0-1: about the share of such events
    /// that are right, as measured on the real-news dev set).
    #[arg(long)]
    pub min_confidence: Option<f64>,
    /// At most this many rows (newest or strongest first).
    #[arg(long)]
    pub limit: Option<u64>,
}

#[derive(Args)]
pub struct StoriesArgs {
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
    /// Only stories on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only stories on or before this date.
    #[arg(long)]
    pub until: Option<String>,
    /// Only stories naming this country or organisation code (RUS, NATO).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only stories told by at least this many documents.
    #[arg(long)]
    pub min_documents: Option<u64>,
    /// At most this many rows (newest or strongest first).
    #[arg(long)]
    pub limit: Option<u64>,
}

#[derive(Args)]
pub struct StoryArgs {
    pub id: String,
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct WatchArgs {
    /// An unordered dyad, e.g. RUS-UKR.
    #[arg(long)]
    pub dyad: Option<String>,
    /// Only days of the watch on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct EvalArgs {
    /// The gold JSONL file.
    pub gold: PathBuf,
    /// The folder holding the articles the gold file names.
    pub articles: PathBuf,
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
    /// How many misses and false alarms to print (text output).
    #[arg(long, default_value_t = 30)]
    pub show: usize,
    /// A split of the gold by story (`story<TAB>half`, e.g. `bench/news-split.tsv`):
    /// the report adds the event scores of each half.
    #[arg(long)]
    pub split: Option<PathBuf>,
    /// With --split: score only this half (misses and false alarms of it alone).
    #[arg(long, requires = "split")]
    pub half: Option<String>,
    /// Leave out predictions below this confidence.
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f32,
}

#[derive(Args)]
pub struct BenchServeArgs {
    /// Sequential requests per query for the latency table.
    #[arg(long, default_value_t = 200)]
    pub requests: usize,
    /// Requests per second for a load test instead.
    #[arg(long)]
    pub rate: Option<f64>,
    /// How long the load test runs.
    #[arg(long, default_value_t = 60.0)]
    pub seconds: f64,
    /// Concurrent connections of the load test.
    #[arg(long, default_value_t = 16)]
    pub connections: usize,
    /// The load test's requests: every dashboard query (`dashboard`) or the API's only (`api`).
    #[arg(long, default_value = "dashboard")]
    pub mix: String,
    /// Turn the server's answers cache off, to measure the queries themselves.
    #[arg(long)]
    pub no_cache: bool,
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    /// Articles to ingest before serving (files, folders, `-`).
    pub paths: Vec<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Also answer requests for this host name (repeatable). By default only
    /// `localhost` and IP addresses are answered, so a web page on another name cannot
    /// read the store through DNS rebinding. Example: `--allow-host drumbeat.example.org`.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
}

#[derive(Args)]
pub struct ExportArgs {
    /// gdelt, csv, jsonl or parquet.
    #[arg(long, default_value = "jsonl")]
    pub format: String,
    /// events, merged, mentions (GDELT's Mentions table, with --format gdelt), documents, quotes or stories.
    #[arg(long, default_value = "events")]
    pub what: String,
    /// Write to this file (default: standard output; Parquet needs a file).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Include negated, denied, conditional, hypothetical, embedded and background acts.
    #[arg(long)]
    pub all: bool,
    /// Only events at least this confident (0-1; event exports: csv, jsonl, parquet).
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f64,
}

#[derive(Args)]
pub struct DocsArgs {
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
    /// At most this many rows (newest or strongest first).
    #[arg(long)]
    pub limit: Option<u64>,
    /// Skip this many documents first (with --limit, for pages).
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Only documents published on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only documents published on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Only documents of this outlet (as `docs` prints it, e.g. Reuters).
    #[arg(long)]
    pub outlet: Option<String>,
}

#[derive(Args)]
pub struct BenchArgs {
    /// How many synthetic articles to generate (ignored with --corpus).
    #[arg(long, default_value_t = 10_000)]
    pub docs: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Read this folder instead of generating a corpus.
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Seed of the synthetic corpus (the same seed writes the same articles).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Only write the synthetic corpus to this folder (as text files) and stop.
    #[arg(long)]
    pub write_corpus: Option<PathBuf>,
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ActorsArgs {
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
    /// Only names containing this.
    #[arg(long)]
    pub name: Option<String>,
    /// Only this code (RUSGOV) or country (RUS).
    #[arg(long)]
    pub code: Option<String>,
    /// At most this many rows (newest or strongest first).
    #[arg(long)]
    pub limit: Option<u64>,
}

#[derive(Args)]
pub struct QuotesArgs {
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
    /// Only speakers whose name contains this.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only quotes whose words contain this (any case).
    #[arg(long)]
    pub text: Option<String>,
    /// Include fragments (scare quotes).
    #[arg(long)]
    pub fragments: bool,
    /// Only this document (id or prefix).
    #[arg(long)]
    pub doc: Option<String>,
    /// At most this many rows (newest or strongest first).
    #[arg(long)]
    pub limit: Option<u64>,
}

#[derive(Args)]
pub struct ShowArgs {
    /// A document id or a unique prefix of it.
    pub id: String,
    /// Print JSON on standard output instead of the readable text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct PublishArgs {
    /// Files or folders to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The NATS server.
    #[arg(long, env = "DRUMBEAT_NATS", default_value = "nats://127.0.0.1:4222")]
    pub nats: String,
    /// The work stream (created if missing; subjects STREAM.articles and STREAM.dead).
    #[arg(long, default_value = "DRUMBEAT")]
    pub stream: String,
    /// Skip files (and JSONL records) larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Print the run's report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct WorkerArgs {
    /// The NATS server.
    #[arg(long, env = "DRUMBEAT_NATS", default_value = "nats://127.0.0.1:4222")]
    pub nats: String,
    /// The work stream.
    #[arg(long, default_value = "DRUMBEAT")]
    pub stream: String,
    /// Articles pulled, coded and stored (one transaction) at a time.
    #[arg(long, default_value_t = 128)]
    pub batch: usize,
    /// Stop when the stream is drained (nothing waiting, nothing unacked).
    #[arg(long, conflicts_with = "idle_exit")]
    pub once: bool,
    /// Stop after this many seconds without an article.
    #[arg(long, value_name = "SECS")]
    pub idle_exit: Option<f64>,
    /// Seconds an article may stay unacked before it is delivered again (set when the
    /// workers' consumer is created).
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    pub ack_wait: f64,
    /// Deliveries of one article at most (set when the consumer is created).
    #[arg(long, default_value_t = 5)]
    pub max_deliver: i64,
    /// Print the run's report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// The user's knowledge loaded (for every command, so a bad `--actors` file is an error
/// whatever the command), then the command's handler.
fn run(cli: Cli, out: &mut dyn Write) -> Result<i32> {
    let (user_gazetteer, user_lexicon) = knowledge::user_knowledge(&cli.actors, &cli.dictionary)?;
    let ctx = commands::Ctx {
        store: cli.store,
        k: drumbeat_pipeline::Knowledge {
            gazetteer: user_gazetteer
                .as_ref()
                .unwrap_or(&drumbeat_nlp::gazetteer::GAZETTEER),
            lexicon: user_lexicon
                .as_ref()
                .unwrap_or(&drumbeat_code::lexicon::LEXICON),
        },
    };
    use commands as c;
    match cli.command {
        Command::Ingest(a) => c::ingest::run(&ctx, a, out),
        Command::Analyze(a) => c::analyze::run(&ctx, a, out),
        Command::Events(a) => c::events::run(&ctx, a, out),
        Command::Stories(a) => c::stories::run(&ctx, a, out),
        Command::Story(a) => c::story::run(&ctx, a, out),
        Command::Watch(a) => c::watch::run(&ctx, a, out),
        Command::Eval(a) => c::eval::run(&ctx, a, out),
        Command::BenchServe(a) => c::bench_serve::run(&ctx, a, out),
        Command::Serve(a) => c::serve::run(&ctx, a, out),
        Command::Export(a) => c::export::run(&ctx, a),
        Command::Docs(a) => c::docs::run(&ctx, a, out),
        Command::Bench(a) => c::bench::run(&ctx, a, out),
        Command::Actors(a) => c::actors::run(&ctx, a, out),
        Command::Quotes(a) => c::quotes::run(&ctx, a, out),
        Command::Show(a) => c::show::run(&ctx, a, out),
        Command::Publish(a) => c::queue::publish(&ctx, a, out),
        Command::Worker(a) => c::queue::worker(&ctx, a, out),
    }
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
