//! drumbeat's event coder: turns an [`Annotated`] document into [`Event`]s — PLOVER
//! type, mode and context, the closest CAMEO code with its Goldstein score and QuadClass,
//! source and target actors, date, place, modality and the evidence (sentence, trigger).
//!
//! The trigger lexicon is `data/triggers.toml` (every entry with example sentences that a
//! test runs), the CAMEO table `data/cameo.tsv`. Acts that are negated, denied,
//! conditional, hypothetical or only the content of a threat or request are kept with
//! that modality and never reported as having happened ([`Event::modality`]).

use drumbeat_model::{Annotated, Event};

mod coder;
pub mod dictionary;
pub mod lexicon;
mod modality;
mod passes;
mod triggers;

pub use coder::code_with;

/// Code the events of one document with the shipped lexicon.
pub fn code(a: &Annotated) -> Vec<Event> {
    code_with(&lexicon::LEXICON, a)
}

pub use drumbeat_model::PLOVER_TYPES;
