//! drumbeat's event coder: turns an [`Annotated`] document into [`Event`]s — PLOVER
//! type, mode and context, the closest CAMEO code with its Goldstein score and QuadClass,
//! source and target actors, date, place, modality and the evidence (sentence, trigger).
//!
//! The trigger lexicon is `data/triggers.toml` (every entry with example sentences that a
//! test runs), the CAMEO table `data/cameo.tsv`. Acts that are negated, denied,
//! conditional, hypothetical or only the content of a threat or request are kept with
//! that modality and never reported as having happened ([`Event::modality`]).

//!
//! The coder runs as named passes over one sentence at a time, then over the document:
//!
//! 1. triggers (`triggers.rs`): the lexicon's phrases found in the sentence,
//!    less those that are no act there; intent phrases mark the act after them;
//! 2. modality (`modality.rs`): asserted, negated, denied, conditional, hypothetical,
//!    embedded or background;
//! 3. sides (`coder.rs`): source and target — passives, possessives, joint subjects,
//!    purpose clauses, replies, the document's two sides — then mode and CAMEO;
//! 4. dates (`dates.rs`): the sentence's nearest time, the paragraph's, or publication;
//! 5. the document (`passes.rs`): tolls merged into the named attack, headlines kept only
//!    as support of the body's events, events with no country dropped, duplicates merged.

use drumbeat_model::{Annotated, Event};

mod coder;
mod context;
mod dates;
pub mod dictionary;
mod emit;
mod implicit;
pub mod lexicon;
mod modality;
mod passes;
mod refine;
mod sides;
mod triggers;

pub use coder::code_with;

/// Code the events of one document with the shipped lexicon.
pub fn code(a: &Annotated) -> Vec<Event> {
    code_with(&lexicon::LEXICON, a)
}

pub use drumbeat_model::PLOVER_TYPES;
