//! `drumbeat show`: one document, its boilerplate marked, and its analysis.

use std::io::Write;

use anyhow::Result;
use drumbeat_pipeline::report;
use drumbeat_store::Store;

use super::{open_existing_store, write_json, Ctx};
use crate::ShowArgs;

pub fn run(ctx: &Ctx, a: ShowArgs, out: &mut dyn Write) -> Result<i32> {
    let store = open_existing_store(&ctx.store)?;
    let Some(doc) = store.document(&a.id)? else {
        anyhow::bail!("no document with id {:?} in {}", a.id, ctx.store.display());
    };
    let origins = store.origins(&doc.doc.document.id)?;
    if a.json {
        let v =
            serde_json::json!({ "document": &doc.doc, "annotations": &doc, "origins": origins });
        write_json(out, &v)?;
    } else {
        report::document(out, &doc, &origins)?;
    }
    Ok(0)
}
