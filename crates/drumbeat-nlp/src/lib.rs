//! drumbeat's language stages. Each is a pure function over one document:
//!
//! - [`clean`]: marks boilerplate (image credits, related links, datelines, outlet
//!   credits, subheadings, bylines, promotions) and reads outlet credits;
//! - [`sentences`]: splits the clean text into sentences, as spans of the original;
//! - [`outlets`]: the table of news outlets, used for credits and relays.
//!
//! Language data lives in `data/` as reviewable TOML/TSV files, compiled once into
//! pattern sets on first use. Nothing here does I/O.

pub mod civil;
pub mod clean;
pub mod gazetteer;
pub mod numbers;
pub mod times;
pub mod tokens;
pub mod outlets;
pub mod sentences;

pub use clean::clean;

/// A data file that could not be read: a bug in the shipped data, caught by tests.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("data file {file}: {message}")]
    Invalid { file: &'static str, message: String },
}
