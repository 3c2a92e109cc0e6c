//! The user's `--actors` and `--dictionary` files read into a gazetteer and lexicon, with
//! what was loaded said on stderr.

use std::path::PathBuf;

use anyhow::{Context, Result};
use drumbeat_code::lexicon::Lexicon;
use drumbeat_nlp::gazetteer::Gazetteer;

/// The gazetteer and lexicon with the user's actors (`--actors`) and dictionaries
/// (`--dictionary`), or None where the shipped ones serve.
pub fn user_knowledge(
    actors: &Option<PathBuf>,
    dictionary: &Option<PathBuf>,
) -> Result<(Option<Gazetteer>, Option<Lexicon>)> {
    let (people, orgs) = match actors {
        Some(p) => {
            let data = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the actor dictionary {}", p.display()))?;
            drumbeat_nlp::gazetteer::parse_user_dictionary(&data)
                .map_err(|e| anyhow::anyhow!("actor dictionary {}: {e}", p.display()))?
        }
        None => (Vec::new(), Vec::new()),
    };
    let dict = match dictionary {
        Some(dir) => {
            let d = drumbeat_pipeline::load_dictionary(dir)?;
            for f in &d.files {
                eprintln!(
                    "drumbeat: dictionary {}: {} ({} entries{})",
                    f.path.display(),
                    f.kind,
                    f.entries,
                    if f.skipped_lines > 0 {
                        format!(
                            "; {} lines left out, e.g. {}",
                            f.skipped_lines,
                            f.first_problems.join("; ")
                        )
                    } else {
                        String::new()
                    }
                );
            }
            if let Some(s) = d.verb_stats() {
                eprintln!(
                    "drumbeat: verbs: {} verbs and {} patterns added, {} no-event phrases; {} patterns need a parse and {} codes have no PLOVER reading (left out)",
                    s.verbs, s.patterns, s.no_event_phrases, s.skipped_patterns, s.unmapped
                );
            }
            Some(d)
        }
        None => None,
    };
    let gazetteer = if actors.is_some()
        || dict
            .as_ref()
            .is_some_and(|d| !d.actors.actors.is_empty() || !d.actors.agents.is_empty())
    {
        let empty = drumbeat_nlp::phoenix::Dictionary::default();
        let phoenix = dict.as_ref().map_or(&empty, |d| &d.actors);
        Some(Gazetteer::build_with(people, orgs, phoenix)?)
    } else {
        None
    };
    let lexicon = dict
        .and_then(|d| d.verbs)
        .map(drumbeat_code::lexicon::with_dictionary);
    Ok((gazetteer, lexicon))
}
