//! One handler a command: each takes the command's flags (`crate::*Args`), does its work
//! through the library crates and writes its output to `out`, returning the exit code.
//! What is printed is rendered by `drumbeat_pipeline::report` (the product's commands)
//! or by `drumbeat_devtools` (eval, bench, bench-serve).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use drumbeat_pipeline::Knowledge;
use drumbeat_store::{SqliteStore, Store};

pub mod actors;
pub mod analyze;
pub mod bench;
pub mod bench_serve;
pub mod docs;
pub mod eval;
pub mod events;
pub mod export;
pub mod ingest;
pub mod queue;
pub mod quotes;
pub mod serve;
pub mod show;
pub mod stories;
pub mod story;
pub mod watch;

/// What every command is given besides its own flags: the store's path and the
/// gazetteer and lexicon (the user's dictionaries added).
pub struct Ctx<'a> {
    pub store: PathBuf,
    pub k: Knowledge<'a>,
}

/// Pretty JSON and a final newline: every `--json` listing.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

pub fn validate_date(s: &Option<String>, flag: &str) -> Result<()> {
    if let Some(d) = s {
        if drumbeat_ingest::dates::parse_iso_prefix(d).is_none() || d.len() != 10 {
            anyhow::bail!("--{flag} {d:?} is not a date: use YYYY-MM-DD");
        }
    }
    Ok(())
}

pub fn open_store(path: &Path) -> Result<SqliteStore> {
    SqliteStore::open(path).with_context(|| format!("cannot open the store at {}", path.display()))
}

/// The store a read command reads: it must exist (a mistyped `--store` must not quietly
/// make an empty one and answer "0 events").
pub fn open_existing_store(path: &Path) -> Result<SqliteStore> {
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
pub fn open_analysed_store(path: &Path) -> Result<SqliteStore> {
    let mut store = open_existing_store(path)?;
    if !store.analysis_current()? {
        drumbeat_pipeline::analyse_store(&mut store)?;
    }
    Ok(store)
}
