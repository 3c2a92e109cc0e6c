//! Plain text articles, with an optional `date YYYY-MM-DD` header at the very start.
//!
//! The header may be preceded by white space and followed by the article text on the
//! same line (` date 2022-01-14 Amid escalating tension ...`). `Date: 2022-01-14` is
//! accepted too. The text is kept byte for byte; the header is recorded as a span.

use drumbeat_model::{Format, Span};

use crate::{dates, make_doc, origin, ReadOutcome};

/// Find the date header: its span (from `date` to the end of the date) and the date.
pub fn date_header(text: &str) -> Option<(Span, String)> {
    let start = text.len()
        - text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .len();
    let rest = &text[start..];
    let word = rest.get(..4)?;
    if !word.eq_ignore_ascii_case("date") {
        return None;
    }
    let mut i = 4;
    let b = rest.as_bytes();
    if b.get(i) == Some(&b':') {
        i += 1;
    }
    let ws_start = i;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    if i == ws_start {
        return None;
    }
    let date = dates::parse_iso_prefix(&rest[i..])?;
    let end = i + 10;
    // The date must stand alone: end of text, or white space after it.
    if let Some(c) = rest[end..].chars().next() {
        if !c.is_whitespace() {
            return None;
        }
    }
    Some((Span::new(start, start + end), date))
}

/// Read one text article.
pub fn read(name: &str, text: &str) -> ReadOutcome {
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return ReadOutcome::skip(name, None, crate::ReadError::Empty);
    }
    let header = date_header(text);
    let mut doc = make_doc(
        origin(name, None, Format::Text),
        text.to_string(),
        None,
        None,
        None,
        header.as_ref().map(|h| h.1.clone()),
    );
    doc.header = header.map(|h| h.0);
    if doc.header.is_some() && text[doc.header.unwrap().end..].trim().is_empty() {
        return ReadOutcome::skip(name, None, crate::ReadError::Empty);
    }
    ReadOutcome {
        documents: vec![doc],
        notices: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_on_the_same_line() {
        let t = " date 2022-01-14 Amid escalating tension";
        let (span, d) = date_header(t).unwrap();
        assert_eq!(d, "2022-01-14");
        assert_eq!(span.text(t), "date 2022-01-14");
    }

    #[test]
    fn header_variants() {
        assert!(date_header("Date: 2021-12-30\nText").is_some());
        assert!(date_header("\n\tdate 2021-12-30\n").is_some());
        assert!(date_header("dated 2021-12-30 x").is_none());
        assert!(date_header("date 2021-13-30 x").is_none());
        assert!(date_header("date 2021-12-301").is_none());
        assert!(date_header("The date 2021-12-30 x").is_none());
        assert!(date_header("date").is_none());
    }

    #[test]
    fn empty_text_is_no_document() {
        // Found by the read_text fuzz target: an empty input gave an empty document.
        for t in ["", "  \n\t", "\u{feff}"] {
            let out = read("e.txt", t);
            assert!(out.documents.is_empty());
            assert_eq!(out.notices[0].error, crate::ReadError::Empty);
        }
    }

    #[test]
    fn header_only_is_empty() {
        let out = read("a.txt", "date 2022-01-01 \n");
        assert!(out.documents.is_empty());
        assert!(out.notices[0].skipped);
    }
}
