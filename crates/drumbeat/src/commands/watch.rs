//! `drumbeat watch`: the escalation watch's dyads (one dyad's days with `--dyad`) and
//! alerts.

use std::io::Write;

use anyhow::Result;
use drumbeat_model::Dyad;
use drumbeat_pipeline::report;
use drumbeat_store::Store;

use super::{open_analysed_store, validate_date, write_json, Ctx};
use crate::WatchArgs;

pub fn run(ctx: &Ctx, a: WatchArgs, out: &mut dyn Write) -> Result<i32> {
    validate_date(&a.since, "since")?;
    let store = open_analysed_store(&ctx.store)?;
    let want = match &a.dyad {
        Some(d) => Some(
            Dyad::parse(d)
                .map_err(|e| anyhow::anyhow!("--dyad: {e}"))?
                .key(),
        ),
        None => None,
    };
    let series = store.dyad_days(want.as_deref(), a.since.as_deref())?;
    let mut alerts = store.alerts(want.as_deref(), a.since.as_deref(), None)?;
    alerts.reverse();
    if a.json {
        write_json(
            out,
            &serde_json::json!({ "series": series, "alerts": alerts }),
        )?;
    } else {
        // One dyad asked for: its days, with the index against the baseline.
        report::watch(out, &series, &alerts, want.is_some())?;
    }
    Ok(0)
}
