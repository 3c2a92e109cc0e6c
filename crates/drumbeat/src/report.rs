//! Plain-text and JSON renderings of stored documents for the CLI.

use drumbeat_model::CleanDoc;
use serde::Serialize;

/// The first `n` words of a document's clean text.
pub fn first_words(d: &CleanDoc, n: usize) -> String {
    let clean = d.clean_text();
    let words: Vec<&str> = clean.split_whitespace().take(n).collect();
    let mut s = words.join(" ");
    if clean.split_whitespace().nth(n).is_some() {
        s.push_str(" …");
    }
    s
}

/// One row of `drumbeat docs --json`.
#[derive(Debug, Serialize)]
pub struct DocRow<'a> {
    pub id: &'a str,
    pub published: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub outlet_basis: Option<drumbeat_model::OutletBasis>,
    pub title: Option<&'a str>,
    pub path: &'a str,
    pub format: &'static str,
    pub first_words: String,
    pub sentences: usize,
    pub boilerplate: &'a [drumbeat_model::Boilerplate],
}

pub fn doc_row(d: &CleanDoc) -> DocRow<'_> {
    DocRow {
        id: &d.document.id,
        published: d.document.published.as_deref(),
        outlet: d.outlet.as_deref(),
        outlet_basis: d.outlet_basis,
        title: d.document.title.as_deref(),
        path: &d.document.origin.path,
        format: d.document.origin.format.as_str(),
        first_words: first_words(d, 12),
        sentences: d.sentences.len(),
        boilerplate: &d.boilerplate,
    }
}

/// The document text with each piece of boilerplate wrapped as `[[kind: text]]`.
pub fn marked_text(d: &CleanDoc) -> String {
    let text = &d.document.text;
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for b in &d.boilerplate {
        if b.span.start < at || !b.span.is_valid_in(text) {
            continue;
        }
        out.push_str(&text[at..b.span.start]);
        out.push_str("[[");
        out.push_str(b.kind.as_str());
        out.push_str(": ");
        out.push_str(b.span.text(text));
        out.push_str("]]");
        at = b.span.end;
    }
    out.push_str(&text[at..]);
    out
}
