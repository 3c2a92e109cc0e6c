//! `drumbeat analyze`: every per-document stage over the inputs, without a store; each
//! document's report (or JSON line) is rendered on the worker threads and written here in
//! input order.

use std::io::Write;

use anyhow::Result;
use drumbeat_ingest::ReadOptions;
use drumbeat_pipeline::report;

use super::Ctx;
use crate::AnalyzeArgs;

/// One line of `drumbeat analyze --json`.
#[derive(serde::Serialize)]
struct Line<'a> {
    annotations: &'a drumbeat_model::Annotated,
    events: &'a [drumbeat_model::Event],
}

pub fn run(ctx: &Ctx, a: AnalyzeArgs, out: &mut dyn Write) -> Result<i32> {
    let opts = ReadOptions {
        max_bytes: a.max_bytes,
    };
    let (inputs, notices) = drumbeat_ingest::discover(&a.paths);
    let mut skipped = notices.len();
    for n in &notices {
        eprintln!("drumbeat: {n}");
    }
    let json = a.json;
    let counts = drumbeat_pipeline::analyze_inputs_rendered(
        &ctx.k,
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
                Ok(report::analyzed(&c))
            }
        },
        |r| -> Result<()> {
            let text = r.map_err(|e| anyhow::anyhow!("rendering a document: {e}"))?;
            writeln!(out, "{text}")?;
            Ok(())
        },
    )?;
    skipped += counts.skipped as usize;
    Ok(if skipped == 0 {
        0
    } else if counts.documents == 0 {
        2
    } else {
        1
    })
}
