//! `drumbeat quotes`: quotes across the stored documents.

use std::io::Write;

use anyhow::Result;
use drumbeat_pipeline::report;
use drumbeat_store::{QuoteQuery, Store};

use super::{open_existing_store, write_json, Ctx};
use crate::QuotesArgs;

pub fn run(ctx: &Ctx, a: QuotesArgs, out: &mut dyn Write) -> Result<i32> {
    let store = open_existing_store(&ctx.store)?;
    let quotes = store.quotes(&QuoteQuery {
        limit: a.limit,
        speaker: a.speaker,
        fragments: a.fragments,
        doc: a.doc,
        offset: 0,
        text: a.text,
    })?;
    if a.json {
        write_json(out, &quotes)?;
    } else {
        report::quote_list(out, &quotes)?;
    }
    Ok(0)
}
