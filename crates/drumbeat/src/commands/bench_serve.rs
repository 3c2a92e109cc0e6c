//! `drumbeat bench-serve`: the server's latency or a paced load test on the store
//! (`drumbeat_devtools::loadgen`).

use std::io::Write;

use anyhow::Result;
use drumbeat_devtools::loadgen;

use super::{open_analysed_store, write_json, Ctx};
use crate::BenchServeArgs;

pub fn run(ctx: &Ctx, a: BenchServeArgs, out: &mut dyn Write) -> Result<i32> {
    if !matches!(a.mix.as_str(), "dashboard" | "api") {
        anyhow::bail!("--mix {:?}: use dashboard or api", a.mix);
    }
    open_analysed_store(&ctx.store)?;
    let r = match a.rate {
        Some(rate) => loadgen::load(
            &ctx.store,
            rate,
            a.seconds,
            a.connections,
            a.mix == "api",
            !a.no_cache,
        )?,
        None => loadgen::latency(&ctx.store, a.requests.max(1), !a.no_cache)?,
    };
    if a.json {
        write_json(out, &r)?;
    } else if a.rate.is_some() {
        loadgen::write_load_text(out, &r)?;
    } else {
        loadgen::write_latency_text(out, &r)?;
    }
    Ok(0)
}
