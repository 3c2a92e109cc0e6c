//! `drumbeat events`: stored events with their evidence, filtered; when nothing matches a
//! code, a hint at the codes the store has.

use std::io::Write;

use anyhow::Result;
use drumbeat_model::Dyad;
use drumbeat_pipeline::report;
use drumbeat_store::{Browse, EventQuery, SqliteStore, Store};

use super::{open_existing_store, validate_date, write_json, Ctx};
use crate::EventsArgs;

pub fn run(ctx: &Ctx, a: EventsArgs, out: &mut dyn Write) -> Result<i32> {
    validate_date(&a.since, "since")?;
    if let Some(c) = a.min_confidence {
        anyhow::ensure!(
            (0.0..=1.0).contains(&c),
            "--min-confidence must be from 0 to 1, not {c}"
        );
    }
    validate_date(&a.until, "until")?;
    if let Some(t) = &a.event_type {
        if !drumbeat_code::PLOVER_TYPES.contains(&t.to_uppercase().as_str()) {
            anyhow::bail!(
                "--type {t:?} is not a PLOVER type: one of {}",
                drumbeat_code::PLOVER_TYPES.join(", ")
            );
        }
    }
    let (source, target) = match &a.dyad {
        Some(d) => {
            let d = Dyad::parse_open(d)
                .map_err(|e| anyhow::anyhow!("--dyad: {e} (either side may be empty: RUS-)"))?;
            (d.source(), d.target())
        }
        None => (None, None),
    };
    let store = open_existing_store(&ctx.store)?;
    let events = store.events(&EventQuery {
        limit: a.limit,
        source: source.clone(),
        target: target.clone(),
        undirected: a.undirected,
        event_type: a.event_type.map(|t| t.to_uppercase()),
        since: a.since,
        until: a.until,
        all_modalities: a.all,
        doc: a.doc,
        text: a.text,
        min_confidence: a.min_confidence,
        ..Default::default()
    })?;
    if a.json {
        write_json(out, &events)?;
    } else {
        report::event_list(out, &events)?;
    }
    if events.is_empty() {
        for code in [&source, &target].into_iter().flatten() {
            if let Some(hint) = unknown_code_hint(&store, code)? {
                eprintln!("drumbeat: {hint}");
            }
        }
    }
    Ok(0)
}

/// When no event in the store names `code` on either side: a line saying so, with the
/// codes of the store's dyads that look nearest (same first letters), for a mistyped code.
fn unknown_code_hint(store: &SqliteStore, code: &str) -> Result<Option<String>> {
    let named = store.events(&EventQuery {
        limit: Some(1),
        source: Some(code.to_string()),
        undirected: true,
        all_modalities: true,
        ..Default::default()
    })?;
    if !named.is_empty() {
        return Ok(None);
    }
    let mut codes: Vec<String> = store
        .dyad_summaries(365_000, 10_000)?
        .iter()
        .flat_map(|d| {
            let sides = Dyad::from_key(&d.dyad);
            [sides.a, sides.b]
        })
        .collect();
    codes.sort();
    codes.dedup();
    let near = |n: usize| -> Vec<&str> {
        codes
            .iter()
            .filter(|c| c.get(..n).is_some() && c.get(..n) == code.get(..n))
            .map(String::as_str)
            .take(8)
            .collect()
    };
    let guesses = near(2);
    Ok(Some(if guesses.is_empty() {
        let some: Vec<&str> = codes.iter().map(String::as_str).take(12).collect();
        format!(
            "no event in this store names {code} (codes are ISO alpha-3 countries or \
             organisations; this store's include {})",
            some.join(", ")
        )
    } else {
        format!(
            "no event in this store names {code}; did you mean {}?",
            guesses.join(", ")
        )
    }))
}
