//! `drumbeat actors`: people across the stored documents.

use std::io::Write;

use anyhow::Result;
use drumbeat_pipeline::report;
use drumbeat_store::{PeopleQuery, Store};

use super::{open_existing_store, write_json, Ctx};
use crate::ActorsArgs;

pub fn run(ctx: &Ctx, a: ActorsArgs, out: &mut dyn Write) -> Result<i32> {
    let store = open_existing_store(&ctx.store)?;
    let people = store.people(&PeopleQuery {
        limit: a.limit,
        name: a.name,
        code: a.code,
    })?;
    if a.json {
        write_json(out, &people)?;
    } else {
        report::people_table(out, &people)?;
    }
    Ok(0)
}
