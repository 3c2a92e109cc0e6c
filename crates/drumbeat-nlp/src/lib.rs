//! drumbeat's language stages. Each is a pure function over one document:
//!
//! - [`clean`]: marks boilerplate (image credits, related links, datelines, outlet
//!   credits, subheadings, bylines, promotions) and reads outlet credits;
//! - [`sentences`]: splits the clean text into sentences, as spans of the original;
//! - [`outlets`]: the table of news outlets, used for credits and relays.
//!
//! Language data lives in `data/` as reviewable TOML/TSV files, compiled once into
//! pattern sets on first use. Nothing here does I/O.

pub mod actors;
pub use drumbeat_model::civil;
pub mod clean;
pub mod gazetteer;
pub mod numbers;
pub mod outlets;
pub mod phoenix;
pub mod places;
pub mod quotes;
pub mod sentences;
pub mod times;
pub mod tokens;

pub use clean::clean;

use drumbeat_model::{Annotated, CleanDoc, Span};
use gazetteer::Gazetteer;

/// Run every recognition stage on a clean document, with `g` as the gazetteer
/// ([`gazetteer::GAZETTEER`] unless the user added a dictionary).
pub fn recognise(g: &Gazetteer, doc: CleanDoc) -> Annotated {
    let clean = doc.clean_text();
    let toks = tokens::tokenize(&clean, &doc.sentences);
    let props = actors::propers(g, &clean, &toks);
    let (places, place_toks) = places::find(g, &clean, &toks, &props);
    let anchor = doc.document.published.as_deref();
    let place_countries: Vec<(usize, &str)> = places
        .iter()
        .filter(|p| p.kind != "border")
        .map(|p| (p.span.start, p.country.as_str()))
        .collect();
    let (actors, people) = actors::recognise(
        g,
        &clean,
        &toks,
        &props,
        &place_toks,
        &place_countries,
        anchor,
    );
    let mut times = Vec::new();
    let mut numbers = Vec::new();
    let mut t0 = 0;
    for (si, s) in doc.sentences.iter().enumerate() {
        let found = times::mentions(&clean, s.span, si as u32, anchor);
        let skip: Vec<Span> = found.iter().map(|m| m.span).collect();
        let t1 = t0 + toks[t0..].partition_point(|t| t.sent as usize == si);
        numbers.extend(numbers::find(&clean, &toks[t0..t1], si as u32, &skip));
        t0 = t1;
        times.extend(found);
    }
    let quotes = quotes::find(&clean, &doc.sentences, &actors, &people);
    Annotated {
        doc,
        actors,
        people,
        places,
        times,
        numbers,
        quotes,
    }
}

/// The words of a one-word-a-line data file (`#` comments and blank lines skipped).
pub fn word_set(data: &'static str) -> std::collections::HashSet<&'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// A data file that could not be read: a bug in the shipped data, caught by tests.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("data file {file}: {message}")]
    Invalid { file: &'static str, message: String },
}
