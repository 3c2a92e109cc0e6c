//! Plain text articles, with an optional `date YYYY-MM-DD` header at the very start.
//!
//! The header may be preceded by white space and followed by the article text on the
//! same line (` date 2022-01-14 Amid escalating tension ...`). `Date: 2022-01-14` is
//! accepted too. The text is kept byte for byte; the header is recorded as a span.

use drumbeat_model::{Format, Span};

use crate::{dates, make_doc, origin, ReadOutcome};

/// Find the date header: its span (from `date` to the end of the date) and the date.
pub fn date_header(text: &str) -> Option<(Span, String)> {
    header_of(text).and_then(|(span, _, date)| Some((span, date?)))
}

/// A header shaped like a date header whose date does not exist (`date 2022-02-30`,
/// `date 9999-99-99`): its span and the date as written.
pub fn bad_date_header(text: &str) -> Option<(Span, String)> {
    match header_of(text)? {
        (span, raw, None) => Some((span, raw)),
        _ => None,
    }
}

/// The header's span, the date as written, and the date when it exists.
fn header_of(text: &str) -> Option<(Span, String, Option<String>)> {
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
    // YYYY-MM-DD by shape first; whether that day exists, second.
    let raw = rest.get(i..i + 10)?;
    let shaped = raw.bytes().enumerate().all(|(k, c)| {
        if k == 4 || k == 7 {
            c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    if !shaped {
        return None;
    }
    let date = dates::parse_iso_prefix(&rest[i..]);
    let end = i + 10;
    // The date must stand alone: end of text, or white space after it.
    if let Some(c) = rest[end..].chars().next() {
        if !c.is_whitespace() {
            return None;
        }
    }
    Some((Span::new(start, start + end), raw.to_string(), date))
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
    // A date header naming no real day is kept out of the text and reported; the article
    // is read undated (its date can still come from its story).
    let mut notices = Vec::new();
    if doc.header.is_none() {
        if let Some((span, raw)) = bad_date_header(text) {
            doc.header = Some(span);
            notices.push(crate::Notice {
                path: name.to_string(),
                line: None,
                error: crate::ReadError::BadDate(raw),
                skipped: false,
            });
        }
    }
    if doc.header.is_some() && text[doc.header.unwrap().end..].trim().is_empty() {
        return ReadOutcome::skip(name, None, crate::ReadError::Empty);
    }
    ReadOutcome {
        documents: vec![doc],
        notices,
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
        // A header shaped like a date whose day does not exist.
        assert!(date_header("date 2022-02-30\nText").is_none());
        assert_eq!(
            bad_date_header("date 2022-02-30\nText").map(|h| h.1),
            Some("2022-02-30".to_string())
        );
        assert!(bad_date_header("date 9999-99-99 x").is_some());
        assert!(bad_date_header("date 2022-02-28 x").is_none());
        let r = read("a.txt", "date 9999-99-99\n\nRussia attacked.");
        assert_eq!(r.documents.len(), 1);
        assert!(r.documents[0].published.is_none());
        assert!(r.documents[0].header.is_some(), "kept out of the text");
        assert_eq!(r.notices.len(), 1);
        assert!(!r.notices[0].skipped);
        assert!(r.notices[0].to_string().contains("9999-99-99"));
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
