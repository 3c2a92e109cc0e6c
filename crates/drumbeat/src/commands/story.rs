//! `drumbeat story`: one story with its documents and merged events.

use std::io::Write;

use anyhow::Result;
use drumbeat_pipeline::report;
use drumbeat_store::Store;

use super::{open_analysed_store, write_json, Ctx};
use crate::StoryArgs;

pub fn run(ctx: &Ctx, a: StoryArgs, out: &mut dyn Write) -> Result<i32> {
    let store = open_analysed_store(&ctx.store)?;
    let Some(st) = store.story(&a.id)? else {
        anyhow::bail!("no story with id {:?}: see `drumbeat stories`", a.id);
    };
    if a.json {
        write_json(out, &st)?;
    } else {
        report::story(out, &st)?;
    }
    Ok(0)
}
