//! `drumbeat stories`: stories, newest first.

use std::io::Write;

use anyhow::Result;
use drumbeat_pipeline::report;
use drumbeat_store::{Store, StoryQuery};

use super::{open_analysed_store, validate_date, write_json, Ctx};
use crate::StoriesArgs;

pub fn run(ctx: &Ctx, a: StoriesArgs, out: &mut dyn Write) -> Result<i32> {
    validate_date(&a.since, "since")?;
    validate_date(&a.until, "until")?;
    let store = open_analysed_store(&ctx.store)?;
    let stories = store.stories(&StoryQuery {
        limit: a.limit,
        offset: 0,
        since: a.since,
        until: a.until,
        actor: a.actor.map(|x| x.to_uppercase()),
        min_documents: a.min_documents,
    })?;
    if a.json {
        write_json(out, &stories)?;
    } else {
        report::story_list(out, &stories)?;
    }
    Ok(0)
}
