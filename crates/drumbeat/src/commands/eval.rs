//! `drumbeat eval`: the pipeline scored against a gold file (`drumbeat_devtools::eval`).

use std::io::Write;

use anyhow::Result;
use drumbeat_devtools::eval;

use super::{write_json, Ctx};
use crate::EvalArgs;

pub fn run(ctx: &Ctx, a: EvalArgs, out: &mut dyn Write) -> Result<i32> {
    let run = eval::EvalRun {
        gold: a.gold,
        articles: a.articles,
        split: a.split,
        half: a.half,
        min_confidence: a.min_confidence,
    };
    let rep = eval::evaluate(&ctx.k, &run, &mut |n| eprintln!("drumbeat: {n}"))?;
    if a.json {
        write_json(out, &rep)?;
    } else {
        eval::table(out, &rep, a.show)?;
    }
    Ok(if rep.missing_files.is_empty() { 0 } else { 1 })
}
