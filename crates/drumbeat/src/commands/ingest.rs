//! `drumbeat ingest`: read articles into the store, then bring its analysis up to date.

use std::io::Write;

use anyhow::Result;
use drumbeat_ingest::ReadOptions;
use drumbeat_pipeline::report;

use super::{open_store, write_json, Ctx};
use crate::progress::progress_bar;
use crate::IngestArgs;

pub fn run(ctx: &Ctx, a: IngestArgs, out: &mut dyn Write) -> Result<i32> {
    let mut store = open_store(&ctx.store)?;
    let opts = ReadOptions {
        max_bytes: a.max_bytes,
    };
    let started = std::time::Instant::now();
    let r = drumbeat_pipeline::ingest_with(&ctx.k, &a.paths, &mut store, &opts, &progress_bar())?;
    let secs = started.elapsed().as_secs_f64();
    if a.json {
        write_json(out, &r)?;
    } else {
        report::ingest_summary(out, &r, secs, &ctx.store)?;
    }
    Ok(r.exit_code())
}
