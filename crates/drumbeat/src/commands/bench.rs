//! `drumbeat bench`: the pipeline measured on a synthetic corpus or a folder
//! (`drumbeat_devtools::bench`), or only the synthetic corpus written out.

use std::io::Write;

use anyhow::Result;
use drumbeat_devtools::bench;

use super::{write_json, Ctx};
use crate::BenchArgs;

pub fn run(ctx: &Ctx, a: BenchArgs, out: &mut dyn Write) -> Result<i32> {
    if let Some(dir) = &a.write_corpus {
        bench::write_corpus(out, dir, a.docs, a.seed)?;
        return Ok(0);
    }
    let opts = bench::BenchOptions {
        docs: a.docs,
        threads: a.threads,
        corpus: a.corpus,
        seed: a.seed,
    };
    let r = bench::run(&ctx.k, &opts)?;
    if a.json {
        write_json(out, &r)?;
    } else {
        bench::write_text(out, &r)?;
    }
    Ok(0)
}
