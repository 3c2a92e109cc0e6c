//! `drumbeat serve`: ingest PATHS (if any), then serve the JSON API and the dashboard.

use std::io::Write;

use anyhow::{Context, Result};
use drumbeat_ingest::ReadOptions;
use drumbeat_pipeline::report;

use super::{open_analysed_store, open_store, Ctx};
use crate::progress::progress_bar;
use crate::ServeArgs;

pub fn run(ctx: &Ctx, a: ServeArgs, out: &mut dyn Write) -> Result<i32> {
    if !a.paths.is_empty() {
        let mut store = open_store(&ctx.store)?;
        let started = std::time::Instant::now();
        let r = drumbeat_pipeline::ingest_with(
            &ctx.k,
            &a.paths,
            &mut store,
            &ReadOptions::default(),
            &progress_bar(),
        )?;
        let secs = started.elapsed().as_secs_f64();
        report::ingest_summary(&mut std::io::stderr(), &r, secs, &ctx.store)?;
    } else {
        open_analysed_store(&ctx.store)?;
    }
    out.flush()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let hosts = drumbeat_server::HostAllow::new(a.allow_hosts);
    rt.block_on(drumbeat_server::serve(a.addr, &ctx.store, hosts))
        .with_context(|| format!("cannot serve on {}", a.addr))?;
    Ok(0)
}
