//! `drumbeat export`: events (GDELT, CSV, JSONL, Parquet) or other tables as JSONL, to a
//! file or standard output.

use std::io::Write;

use anyhow::{Context, Result};
use drumbeat_export::{Format, What};

use super::{open_analysed_store, Ctx};
use crate::ExportArgs;

pub fn run(ctx: &Ctx, a: ExportArgs) -> Result<i32> {
    let format = &a.format;
    let fmt = Format::parse(format)
        .ok_or_else(|| anyhow::anyhow!("--format {format:?}: use gdelt, csv, jsonl or parquet"))?;
    let what = &a.what;
    let w = What::parse(what).ok_or_else(|| {
        anyhow::anyhow!(
            "--what {what:?}: use events, merged, mentions (GDELT), documents, quotes or stories"
        )
    })?;
    if fmt == Format::Parquet && a.out.is_none() {
        anyhow::bail!("Parquet is a binary file: give --out PATH");
    }
    let store = open_analysed_store(&ctx.store)?;
    let sink: Box<dyn Write + Send> = match &a.out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let n = drumbeat_export::export(&store, fmt, w, a.all, a.min_confidence, sink)?;
    eprintln!(
        "drumbeat: exported {n} rows{}",
        a.out
            .map(|p| format!(" to {}", p.display()))
            .unwrap_or_default()
    );
    Ok(0)
}
