//! Plain data types that flow between drumbeat's pipeline stages.
//!
//! `Document` (what a reader produced) → `CleanDoc` (boilerplate marked, sentences split)
//! → `Annotated` (actors, places, dates, numbers, quotes) → events → stories → signals.
//!
//! Every position is a [`Span`]: a byte range of the *original* article text
//! (`Document::text`), always on a char boundary, so that any piece of evidence can be
//! shown and highlighted in the article it came from. This crate has no I/O and no logic
//! beyond small helpers on these types.

use serde::{Deserialize, Serialize};

mod annotate;
pub mod civil;
mod events;
mod stories;
pub use annotate::*;
pub use events::*;
pub use stories::*;

/// A byte range `[start, end)` of a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The text this span covers, or `""` when it does not fit `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub const fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub const fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// True when both ends fall on char boundaries of `text` and the span fits inside it.
    pub fn is_valid_in(&self, text: &str) -> bool {
        self.start <= self.end
            && self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
    }
}

/// How an article reached drumbeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Jsonl,
    Html,
    Rss,
    Atom,
}

impl Format {
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Rss => "rss",
            Format::Atom => "atom",
        }
    }
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" => Format::Text,
            "jsonl" => Format::Jsonl,
            "html" => Format::Html,
            "rss" => Format::Rss,
            "atom" => Format::Atom,
            _ => return None,
        })
    }
}

/// Where an article was read from: a path (or `-` for standard input) and, for JSONL
/// and feeds, the line or item number inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Origin {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub format: Format,
}

/// Who says which outlet published an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutletBasis {
    /// Given by the input itself (a JSONL field, a feed's title, a page's site name).
    Metadata,
    /// Read off a credit in the text, like a closing `(CNN)` or a `MOSCOW (Reuters) -` dateline.
    Credit,
}

/// One article as a reader produced it. `text` is the article text byte for byte
/// (for HTML pages and feeds: the main text the reader extracted, title first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    /// Stable content id: a hash of the whitespace-normalised text, so the same article
    /// read from two paths is one document.
    pub id: String,
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD`, where the input states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The `date YYYY-MM-DD` header at the start of a text file, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Span>,
    pub text: String,
}

impl Document {
    /// A plain-text document with the given id, read from `path`, no metadata: for
    /// callers that build documents themselves (tests, synthetic input).
    pub fn plain(id: &str, path: &str, text: &str, published: Option<&str>) -> Self {
        Document {
            id: id.to_string(),
            origin: Origin {
                path: path.to_string(),
                line: None,
                format: Format::Text,
            },
            title: None,
            url: None,
            outlet: None,
            published: published.map(str::to_string),
            header: None,
            text: text.to_string(),
        }
    }
}

/// What kind of non-article text the cleaner found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BoilerplateKind {
    /// The `date YYYY-MM-DD` header of a text file.
    DateHeader,
    /// `(Image: AP)`, `Photo: Reuters`, `(AP Photo/...)`.
    ImageCredit,
    /// A related-story headline inside the body (`- Germany, Italian ministers meet ...`).
    RelatedLink,
    /// `MOSCOW (Reuters) -` at the start of the body.
    Dateline,
    /// A closing or opening outlet credit such as `(CNN)`.
    OutletCredit,
    /// A subheading between paragraphs.
    Subheading,
    /// `By Jane Doe`, `Updated 10:32 GMT`.
    Byline,
    /// Promotions, share buttons, copyright and newsletter lines.
    Promo,
}

impl BoilerplateKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            BoilerplateKind::DateHeader => "date_header",
            BoilerplateKind::ImageCredit => "image_credit",
            BoilerplateKind::RelatedLink => "related_link",
            BoilerplateKind::Dateline => "dateline",
            BoilerplateKind::OutletCredit => "outlet_credit",
            BoilerplateKind::Subheading => "subheading",
            BoilerplateKind::Byline => "byline",
            BoilerplateKind::Promo => "promo",
        }
    }
}

/// A piece of boilerplate: marked, never deleted from the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Boilerplate {
    pub kind: BoilerplateKind,
    pub span: Span,
    pub text: String,
}

/// A sentence of the clean text, as a span of the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Sentence {
    pub span: Span,
    /// Index of the paragraph (block of text between line breaks) it belongs to.
    pub paragraph: u32,
    /// True for a headline: a first line with no final punctuation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub headline: bool,
}

/// A document after cleaning: boilerplate marked, outlet credits read, sentences split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CleanDoc {
    pub document: Document,
    /// The outlet: from the input's metadata, else from a credit in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_basis: Option<OutletBasis>,
    pub boilerplate: Vec<Boilerplate>,
    pub sentences: Vec<Sentence>,
}

impl CleanDoc {
    /// The clean text: the original with every boilerplate byte replaced by a space
    /// (line breaks kept), so byte offsets in it are byte offsets in the original.
    pub fn clean_text(&self) -> String {
        blank_spans(&self.document.text, self.boilerplate.iter().map(|b| b.span))
    }
}

/// Replace the bytes of `spans` in `text` with spaces, keeping line breaks, so that
/// every offset stays the same. Multi-byte characters inside a span become as many
/// spaces as they had bytes.
pub fn blank_spans(text: &str, spans: impl IntoIterator<Item = Span>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for s in spans {
        if !s.is_valid_in(text) {
            continue;
        }
        for b in &mut bytes[s.start..s.end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Only whole characters were replaced by ASCII spaces, so the result is UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanking_keeps_offsets() {
        let t = "(Image: AP)A “war” — here";
        let s = blank_spans(t, [Span::new(0, 11), Span::new(13, 20)]);
        assert_eq!(s.len(), t.len());
        assert!(s.starts_with("           A "));
        assert_eq!(&s[s.len() - 4..], "here");
    }

    #[test]
    fn span_text_out_of_range_is_empty() {
        assert_eq!(Span::new(3, 99).text("abc"), "");
        assert!(!Span::new(1, 2).is_valid_in("é"));
    }
}
