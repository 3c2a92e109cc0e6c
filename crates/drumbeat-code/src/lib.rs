//! drumbeat's event coder: turns an [`Annotated`] document into [`Event`]s — PLOVER
//! type, mode and context, the closest CAMEO code with its Goldstein score and QuadClass,
//! source and target actors, date, place, modality and the evidence (sentence, trigger).
//!
//! The trigger lexicon is `data/triggers.toml` (every entry with example sentences that a
//! test runs), the CAMEO table `data/cameo.tsv`. Acts that are negated, denied,
//! conditional, hypothetical or only the content of a threat or request are kept with
//! that modality and never reported as having happened ([`Event::modality`]).

//!
//! The coder runs as named passes over one sentence's context at a time (`context.rs`),
//! then over the document (`coder.rs` runs them in order):
//!
//! 1. triggers (`triggers.rs`): the lexicon's phrases found in the sentence,
//!    less those that are no act there; intent phrases mark the act after them;
//! 2. modality (`modality.rs`): asserted, negated, denied, conditional, hypothetical,
//!    embedded or background;
//! 3. sides (`sides/`): source and target — passives, possessives, joint subjects,
//!    purpose clauses, replies, the document's two sides — each a named rule; then mode
//!    and CAMEO (`refine.rs`);
//! 4. the event (`emit.rs`), dated by `dates.rs` (the sentence's nearest time, the
//!    paragraph's, or publication), and its copies for lists and "each other"; acts told
//!    without a trigger (`implicit.rs`);
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
