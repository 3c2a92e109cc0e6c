//! A small, forgiving tokenizer for HTML and XML (RSS/Atom) with entity decoding.
//!
//! It never recurses and never builds a tree, so deeply nested or broken markup costs
//! linear time and constant stack. It does not expand entities declared in a DTD
//! (so an "entity expansion" feed cannot blow up), only the standard named ones and
//! numeric references.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One piece of markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attrs>`; `name` as written (compare with `eq_ignore_ascii_case`).
    Start {
        name: &'a str,
        attrs: &'a str,
        self_closing: bool,
    },
    End {
        name: &'a str,
    },
    /// Character data, entities not yet decoded.
    Text(&'a str),
    /// The inside of `<![CDATA[...]]>`.
    CData(&'a str),
    /// Comments, doctypes and processing instructions.
    Other,
}

/// Elements whose content is raw text in HTML.
const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "xmp"];

pub struct Tokenizer<'a> {
    s: &'a str,
    pos: usize,
    /// Inside a raw-text element: the name whose end tag closes it.
    raw_until: Option<&'a str>,
    html: bool,
}

impl<'a> Tokenizer<'a> {
    pub fn html(s: &'a str) -> Self {
        Tokenizer {
            s,
            pos: 0,
            raw_until: None,
            html: true,
        }
    }
    pub fn xml(s: &'a str) -> Self {
        Tokenizer {
            s,
            pos: 0,
            raw_until: None,
            html: false,
        }
    }
    /// Byte offset of the next token.
    pub fn pos(&self) -> usize {
        self.pos
    }
}

fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || from >= h.len() {
        return None;
    }
    let first = n[0].to_ascii_lowercase();
    let mut i = from;
    while i + n.len() <= h.len() {
        if h[i].to_ascii_lowercase() == first && h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        i += 1;
    }
    None
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let s = self.s;
        if self.pos >= s.len() {
            return None;
        }
        if let Some(name) = self.raw_until.take() {
            let close = format!("</{name}");
            let end = find_ci(s, self.pos, &close).unwrap_or(s.len());
            let text = &s[self.pos..end];
            self.pos = end;
            if !text.is_empty() {
                return Some(Token::Text(text));
            }
            return self.next();
        }
        let rest = &s[self.pos..];
        if !rest.starts_with('<') {
            let end = rest.find('<').map(|i| self.pos + i).unwrap_or(s.len());
            let text = &s[self.pos..end];
            self.pos = end;
            return Some(Token::Text(text));
        }
        // Markup.
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after
                .find("-->")
                .map(|i| self.pos + 4 + i + 3)
                .unwrap_or(s.len());
            self.pos = end;
            return Some(Token::Other);
        }
        if rest.starts_with("<![CDATA[") {
            let body_start = self.pos + 9;
            let (body_end, end) = match s[body_start..].find("]]>") {
                Some(i) => (body_start + i, body_start + i + 3),
                None => (s.len(), s.len()),
            };
            self.pos = end;
            return Some(Token::CData(&s[body_start..body_end]));
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            // Doctype (with an internal subset in brackets) or processing instruction.
            let bytes = rest.as_bytes();
            let mut depth = 0i32;
            let mut i = 2;
            while i < bytes.len() {
                match bytes[i] {
                    b'[' => depth += 1,
                    b']' => depth -= 1,
                    b'>' if depth <= 0 => break,
                    _ => {}
                }
                i += 1;
            }
            self.pos = (self.pos + i + 1).min(s.len());
            return Some(Token::Other);
        }
        let bytes = rest.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // A lone '<' in text.
            self.pos += 1;
            return Some(Token::Text(&s[self.pos - 1..self.pos]));
        }
        let name = &rest[name_start..name_start + name_len];
        // Find the closing '>' outside quoted attribute values.
        let mut i = name_start + name_len;
        let mut quote: Option<u8> = None;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => break,
                None => {}
            }
            i += 1;
        }
        let tag_end = i.min(bytes.len());
        let inner = &rest[name_start + name_len..tag_end];
        self.pos = (self.pos + tag_end + 1).min(s.len());
        if closing {
            return Some(Token::End { name });
        }
        let self_closing = inner.trim_end().ends_with('/');
        let attrs = inner.trim_end().trim_end_matches('/');
        if self.html && !self_closing {
            if let Some(raw) = RAW_TEXT.iter().find(|r| r.eq_ignore_ascii_case(name)) {
                self.raw_until = Some(raw);
            }
        }
        Some(Token::Start {
            name,
            attrs,
            self_closing,
        })
    }
}

/// The value of attribute `key` in an attribute string, entities decoded.
pub fn attr(attrs: &str, key: &str) -> Option<String> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let ks = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let k = &attrs[ks..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = attrs[vs..]
                    .bytes()
                    .position(|c| c == q)
                    .map(|p| vs + p)
                    .unwrap_or(b.len());
                value = &attrs[vs..ve];
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &attrs[vs..i];
            }
        }
        if k.eq_ignore_ascii_case(key) {
            return Some(decode_entities(value).into_owned());
        }
        if ks == i {
            i += 1;
        }
    }
    None
}

const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bdquo", "„"),
    ("hellip", "…"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("middot", "·"),
    ("bull", "•"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
    ("times", "×"),
    ("divide", "÷"),
    ("thinsp", "\u{2009}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("zwj", ""),
    ("zwnj", ""),
    ("shy", ""),
    ("aacute", "á"),
    ("eacute", "é"),
    ("iacute", "í"),
    ("oacute", "ó"),
    ("uacute", "ú"),
    ("agrave", "à"),
    ("egrave", "è"),
    ("auml", "ä"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("Auml", "Ä"),
    ("Ouml", "Ö"),
    ("Uuml", "Ü"),
    ("szlig", "ß"),
    ("ccedil", "ç"),
    ("ntilde", "ñ"),
    ("Eacute", "É"),
];

/// The letters and signs of `data/entities.tsv`, with the basic ones above.
static ENTITIES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m: HashMap<&str, &str> = NAMED.iter().copied().collect();
    for line in include_str!("../data/entities.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some((name, ch)) = line.split_once('\t') {
            m.entry(name).or_insert(ch);
        }
    }
    m
});

/// Names HTML still decodes without their semicolon ("&eacute", "&amp"): those of the
/// Latin-1 range, longest first.
static LEGACY: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut v: Vec<(&str, &str)> = ENTITIES
        .iter()
        .filter(|(_, c)| c.chars().all(|x| (x as u32) <= 0xFF) && !c.is_empty())
        .map(|(n, c)| (*n, *c))
        .collect();
    v.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    v
});

/// `&#128;`..`&#159;` are read as Windows-1252, as browsers do: `&#146;` is ’, not a
/// control character.
fn windows_1252(code: u32) -> Option<char> {
    const TABLE: [u32; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    let i = code.checked_sub(0x80)? as usize;
    TABLE
        .get(i)
        .and_then(|&c| char::from_u32(c))
        .filter(|&c| c != '\0')
}

/// Decode `&name;` and `&#N;`/`&#xH;` references; unknown ones stay as written.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest[1..].find(';').map(|p| p + 1).filter(|&p| p <= 12);
        let decoded = semi.and_then(|p| {
            let name = &rest[1..p];
            if let Some(num) = name.strip_prefix('#') {
                let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    num.parse::<u32>().ok()
                }?;
                let c =
                    windows_1252(code).or_else(|| char::from_u32(code).filter(|c| *c != '\0'))?;
                Some((c.to_string(), p + 1))
            } else {
                ENTITIES.get(name).map(|v| (v.to_string(), p + 1))
            }
        });
        // "&eacute" with no semicolon, before a non-letter.
        let decoded = decoded.or_else(|| {
            LEGACY.iter().find_map(|(n, c)| {
                let after = rest[1..].strip_prefix(n)?;
                let next = after.chars().next();
                (!next.is_some_and(|x| x.is_alphanumeric() || x == '=' || x == ';'))
                    .then(|| (c.to_string(), 1 + n.len()))
            })
        });
        match decoded {
            Some((v, len)) => {
                out.push_str(&v);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn entity_table() {
        // Every line of data/entities.tsv: a name of letters and one character.
        for line in include_str!("../data/entities.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let (name, ch) = line.split_once('\t').expect("name<TAB>character");
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{line}");
            assert_eq!(ch.chars().count(), 1, "{line}");
            assert_eq!(super::decode_entities(&format!("&{name};")), ch);
        }
    }

    use super::*;

    #[test]
    fn tokens_of_messy_html() {
        let t: Vec<_> =
            Tokenizer::html("<p class=\"a>b\">Hi &amp; <b>x</b><script>if (a<b) {}</script>< 3")
                .collect();
        assert!(matches!(t[0], Token::Start { name: "p", .. }));
        assert_eq!(t[1], Token::Text("Hi &amp; "));
        assert_eq!(t[6], Token::Text("if (a<b) {}"));
        assert_eq!(t.last(), Some(&Token::Text(" 3")));
    }

    #[test]
    fn attributes() {
        assert_eq!(
            attr(r#"property="og:title" content='A &amp; B'"#, "content").as_deref(),
            Some("A & B")
        );
        assert_eq!(
            attr("href=/x rel=canonical", "rel").as_deref(),
            Some("canonical")
        );
        assert_eq!(attr("disabled", "href"), None);
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#8220;q&#x201D; &bogus; &"),
            "a & b “q” &bogus; &"
        );
        assert_eq!(decode_entities("&#0; &#xD800;"), "&#0; &#xD800;");
        // Windows-1252 numbers, as browsers read them.
        assert_eq!(
            decode_entities("it&#146;s &#147;q&#148; &#151; x"),
            "it’s “q” — x"
        );
        // Letters of Central European names, and legacy names without a semicolon.
        assert_eq!(
            decode_entities("Vu&ccaron;i&cacute;, &Scaron;ef&ccaron;ovi&ccaron;, S&oslash;rensen"),
            "Vučić, Šefčovič, Sørensen"
        );
        assert_eq!(decode_entities("caf&eacute is &amp open"), "café is & open");
        assert_eq!(decode_entities("&eacutex &notit"), "&eacutex &notit");
    }

    #[test]
    fn unterminated_markup_ends() {
        let n = Tokenizer::html("<!-- open <![CDATA[ x <a href='").count();
        assert!(n >= 1);
        let n = Tokenizer::xml("<!DOCTYPE x [<!ENTITY a 'b'>]><r>&a;</r>").count();
        assert_eq!(n, 4);
    }
}
