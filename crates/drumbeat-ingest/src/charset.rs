//! Text encodings: what the bytes of an input are written in, and their text.
//!
//! In order: a byte-order mark (UTF-8, UTF-16LE/BE); UTF-16 without one (every other
//! byte NUL in ASCII-heavy text); UTF-8 when the bytes are valid UTF-8 (whatever a page
//! declares: mislabelled UTF-8 pages are common, Latin-1 text that happens to be valid
//! UTF-8 is not); the charset the content declares (`<meta charset>`, `http-equiv`
//! `content-type`, XML's `encoding=`); else Windows-1252, the web's default for pages
//! that declare nothing and a superset of Latin-1 — and the caller is told it was a guess.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How the text was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    /// UTF-8 (with or without a byte-order mark).
    Utf8,
    /// A byte-order mark or the UTF-16 byte pattern said which.
    Utf16(&'static Encoding),
    /// The content declared this charset.
    Declared(&'static Encoding),
    /// Nothing said: read as Windows-1252.
    Guessed(&'static Encoding),
}

impl Decoded {
    /// The encoding's name (`windows-1252`, `UTF-16LE`).
    pub fn name(&self) -> &'static str {
        match self {
            Decoded::Utf8 => "UTF-8",
            Decoded::Utf16(e) | Decoded::Declared(e) | Decoded::Guessed(e) => e.name(),
        }
    }
}

/// UTF-16 without a byte-order mark: in text that is mostly ASCII, one byte of each pair
/// is NUL. Returns the byte order.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even_nul, mut odd_nul) = (0, 0);
    for p in head.chunks_exact(2) {
        even_nul += usize::from(p[0] == 0);
        odd_nul += usize::from(p[1] == 0);
    }
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 <= pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The charset declared in the first kilobytes: `<meta charset="...">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">` or
/// `<?xml version="1.0" encoding="..."?>`.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let find = |pat: &[u8]| lower.windows(pat.len()).position(|w| w == pat);
    let label_at = |at: usize| {
        let rest = &head[at..];
        let rest = rest
            .iter()
            .position(|&b| !matches!(b, b' ' | b'=' | b'"' | b'\''))
            .map_or(&rest[..0], |s| &rest[s..]);
        let end = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .unwrap_or(rest.len());
        Encoding::for_label(&rest[..end])
    };
    if lower.starts_with(b"<?xml") {
        let end = find(b"?>").unwrap_or(lower.len());
        if let Some(p) = lower[..end].windows(8).position(|w| w == b"encoding") {
            return label_at(p + 8);
        }
    }
    let p = find(b"charset")?;
    label_at(p + 7)
}

/// The text of `bytes` and how it was decoded. `None` for binary data: a NUL byte in
/// text that is not UTF-16.
pub fn decode(bytes: &[u8]) -> Option<(Cow<'_, str>, Decoded)> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        if enc == UTF_8 {
            return Some((String::from_utf8_lossy(body), Decoded::Utf8));
        }
        let (text, _) = enc.decode_without_bom_handling(body);
        return Some((text, Decoded::Utf16(enc)));
    }
    if let Some(enc) = sniff_utf16(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Some((text, Decoded::Utf16(enc)));
    }
    if bytes.iter().take(64 * 1024).any(|&b| b == 0) {
        return None;
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((Cow::Borrowed(s), Decoded::Utf8));
    }
    let (enc, how): (&'static Encoding, fn(&'static Encoding) -> Decoded) =
        match declared(bytes).filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE) {
            Some(e) => (e, Decoded::Declared),
            None => (WINDOWS_1252, Decoded::Guessed),
        };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Some((text, how(enc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        for u in s.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn boms_and_utf16_without_one() {
        let s = "Kyiv said Russia fired 30 missiles at the city of Lviv.";
        let (with_bom, without) = (utf16le(s, true), utf16le(s, false));
        let (t, how) = decode(&with_bom).unwrap();
        assert_eq!((t.as_ref(), how), (s, Decoded::Utf16(UTF_16LE)));
        let (t, how) = decode(&without).unwrap();
        assert_eq!((t.as_ref(), how), (s, Decoded::Utf16(UTF_16LE)));
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be).unwrap().0, s);
        let mut bom8 = vec![0xef, 0xbb, 0xbf];
        bom8.extend_from_slice("Ł".as_bytes());
        assert_eq!(decode(&bom8).unwrap(), (Cow::from("Ł"), Decoded::Utf8));
    }

    #[test]
    fn declared_charsets_then_windows_1252() {
        // "Gdańsk" and "Bogotá" in the page's own charsets.
        let page = b"<html><head><meta charset=\"iso-8859-2\"></head><body>Gda\xf1sk</body></html>";
        let (t, how) = decode(page).unwrap();
        assert!(t.contains("Gdańsk"), "{t}");
        assert_eq!(how.name(), "ISO-8859-2");
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xcc\xee\xf1\xea\xe2\xe0";
        assert!(decode(page).unwrap().0.contains("Москва"));
        let feed = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>Bogot\xe1</rss>";
        assert!(decode(feed).unwrap().0.contains("Bogotá"));
        // Nothing declared: Windows-1252, whose 0x92 is a right single quote.
        let (t, how) = decode(b"Bogot\xe1\x92s mayor").unwrap();
        assert_eq!(
            (t.as_ref(), how),
            ("Bogotá’s mayor", Decoded::Guessed(WINDOWS_1252))
        );
        // Valid UTF-8 stays UTF-8 whatever the page declares.
        let page = "<meta charset=\"iso-8859-1\">Bogotá".as_bytes();
        assert_eq!(
            decode(page).unwrap(),
            (
                Cow::from("<meta charset=\"iso-8859-1\">Bogotá"),
                Decoded::Utf8
            )
        );
    }

    #[test]
    fn binary_is_no_text() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), None);
        assert_eq!(decode(b"ab\0c"), None);
    }
}
