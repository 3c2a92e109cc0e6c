//! `drumbeat docs`: stored documents, newest first.

use std::io::Write;

use anyhow::Result;
use drumbeat_pipeline::report;
use drumbeat_store::{DocQuery, Store};

use super::{open_existing_store, validate_date, write_json, Ctx};
use crate::DocsArgs;

pub fn run(ctx: &Ctx, a: DocsArgs, out: &mut dyn Write) -> Result<i32> {
    validate_date(&a.since, "since")?;
    validate_date(&a.until, "until")?;
    let store = open_existing_store(&ctx.store)?;
    let docs = store.documents(&DocQuery {
        limit: a.limit,
        offset: a.offset,
        since: a.since,
        until: a.until,
        outlet: a.outlet,
    })?;
    if a.json {
        let rows: Vec<_> = docs.iter().map(report::doc_row).collect();
        write_json(out, &rows)?;
    } else {
        report::doc_table(out, &docs)?;
    }
    Ok(0)
}
