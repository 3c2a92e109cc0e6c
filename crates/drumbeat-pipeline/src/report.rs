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
    pub actors: usize,
    pub people: Vec<&'a str>,
    pub quotes: usize,
}

pub fn doc_row(a: &drumbeat_model::Annotated) -> DocRow<'_> {
    let d = &a.doc;
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
        actors: a.actors.len(),
        people: a.people.iter().map(|p| p.name.as_str()).collect(),
        quotes: a.quotes.iter().filter(|q| !q.fragment).count(),
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

/// Events as readable lines: type, actors, date, modality, trigger and evidence.
pub fn event_lines(events: &[drumbeat_model::Event]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for e in events {
        let who = |x: &Option<drumbeat_model::EventActor>| {
            x.as_ref()
                .map(|a| {
                    let mut n = format!("{} ({})", a.code, a.name);
                    if !a.also.is_empty() {
                        n.push_str(&format!(" + {}", a.also.join(", ")));
                    }
                    n
                })
                .unwrap_or_else(|| "-".into())
        };
        let _ = writeln!(
            s,
            "  {:<9} {:<12} {} -> {}  {} [{}] {}{}",
            e.event_type,
            e.mode.as_deref().unwrap_or("-"),
            who(&e.source),
            who(&e.target),
            e.date.as_deref().unwrap_or("undated"),
            e.date_basis,
            if e.modality == drumbeat_model::Modality::Asserted {
                String::new()
            } else {
                format!("({}) ", e.modality.as_str())
            },
            format_args!("CAMEO {} GS {:+.1}", e.cameo, e.goldstein),
        );
        let _ = writeln!(
            s,
            "            trigger {:?} @{}..{}  s{}: {}",
            e.trigger_text, e.trigger.start, e.trigger.end, e.sentence, e.evidence_text
        );
    }
    s
}

/// A readable report of one annotated document: its actors, people, places, dates,
/// numbers and quotes, each with the sentence it came from.
pub fn analysis(a: &drumbeat_model::Annotated) -> String {
    use std::fmt::Write;
    let d = &a.doc;
    let text = &d.document.text;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "== {}  {}  published {}  outlet {}",
        &d.document.id[..12.min(d.document.id.len())],
        d.document.origin.path,
        d.document.published.as_deref().unwrap_or("unknown"),
        d.outlet.as_deref().unwrap_or("unknown")
    );
    if !d.boilerplate.is_empty() {
        let _ = writeln!(s, "boilerplate:");
        for b in &d.boilerplate {
            let _ = writeln!(s, "  {:<14} {:?}", b.kind.as_str(), b.text);
        }
    }
    let _ = writeln!(s, "people:");
    for p in &a.people {
        let _ = writeln!(
            s,
            "  {:<24} {:<8} {}{}",
            p.name,
            p.code,
            p.title.as_deref().unwrap_or(""),
            if p.variants.len() > 1 {
                format!("  (also {})", p.variants.join(", "))
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(s, "actors:");
    for m in &a.actors {
        let _ = writeln!(
            s,
            "  {:<8} {:<12} {:<40} @{}..{} s{}",
            m.code,
            format!("{:?}", m.kind).to_lowercase(),
            m.text,
            m.span.start,
            m.span.end,
            m.sentence
        );
    }
    if !a.places.is_empty() {
        let _ = writeln!(s, "places:");
        for p in &a.places {
            let _ = writeln!(
                s,
                "  {:<24} {} {:<8} ({:.2}, {:.2})  {:?}",
                p.name, p.country, p.kind, p.lat, p.lon, p.text
            );
        }
    }
    if !a.times.is_empty() {
        let _ = writeln!(s, "dates:");
        for t in &a.times {
            let v = match (&t.start, &t.end) {
                (Some(a), Some(b)) if a == b => a.clone(),
                (Some(a), Some(b)) => format!("{a}/{b}"),
                _ => "unresolved".to_string(),
            };
            let _ = writeln!(
                s,
                "  {:<28} {:<22} {:?}",
                format!("{:?}", t.text),
                v,
                t.granularity
            );
        }
    }
    if !a.numbers.is_empty() {
        let _ = writeln!(s, "numbers:");
        for n in &a.numbers {
            let v = match (n.value, n.low, n.high) {
                (Some(v), _, _) => format!("{v}"),
                (None, Some(l), Some(h)) => format!("{l}..{h}"),
                _ => "?".into(),
            };
            let _ = writeln!(
                s,
                "  {:<12} {:<16} {:<20} {:?}",
                v,
                n.qualifier.as_deref().unwrap_or("-"),
                n.what.as_deref().unwrap_or("-"),
                n.text
            );
        }
    }
    if !a.quotes.is_empty() {
        let _ = writeln!(s, "quotes:");
        for q in &a.quotes {
            let who = q
                .speaker
                .as_ref()
                .map(|sp| format!("{} [{}]", sp.name, sp.code.as_deref().unwrap_or("?")))
                .unwrap_or_else(|| "-".into());
            let relay = q
                .relay
                .as_ref()
                .map(|r| format!(" via {r}"))
                .unwrap_or_default();
            let flag = if q.fragment { " (fragment)" } else { "" };
            let mut qt: String = q.text.chars().take(70).collect();
            if q.text.chars().count() > 70 {
                qt.push('…');
            }
            let _ = writeln!(s, "  {who}{relay}{flag}: {qt:?}");
        }
    }
    let _ = text;
    s
}

/// A writer for what the CLI prints: control characters from articles (ANSI and OSC escape
/// sequences, C1 controls such as CSI, backspaces, carriage returns) reach the terminal as
/// U+FFFD instead of acting on it. Line breaks and tabs pass; JSON output carries none raw
/// (serde escapes them), so it passes unchanged.
pub struct Printable<W: std::io::Write> {
    inner: W,
    /// A UTF-8 lead byte 0xC2 seen at the end of the last write (a C1 control may follow).
    pending_c2: bool,
}

impl<W: std::io::Write> Printable<W> {
    pub fn new(inner: W) -> Self {
        Printable {
            inner,
            pending_c2: false,
        }
    }
}

const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

impl<W: std::io::Write> std::io::Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out: Vec<u8> = Vec::with_capacity(buf.len() + 2);
        let mut i = 0;
        if self.pending_c2 {
            self.pending_c2 = false;
            if buf.first().is_some_and(|b| (0x80..=0x9F).contains(b)) {
                out.extend_from_slice(REPLACEMENT);
                i = 1;
            } else {
                out.push(0xC2);
            }
        }
        while i < buf.len() {
            let b = buf[i];
            match b {
                b'\n' | b'\t' => out.push(b),
                0x00..=0x1F | 0x7F => out.extend_from_slice(REPLACEMENT),
                0xC2 if i + 1 == buf.len() => self.pending_c2 = true,
                0xC2 if (0x80..=0x9F).contains(&buf[i + 1]) => {
                    out.extend_from_slice(REPLACEMENT);
                    i += 1;
                }
                _ => out.push(b),
            }
            i += 1;
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.pending_c2 {
            self.pending_c2 = false;
            self.inner.write_all(&[0xC2])?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod printable_tests {
    use super::Printable;
    use std::io::Write;

    fn through(chunks: &[&[u8]]) -> String {
        let mut p = Printable::new(Vec::new());
        for c in chunks {
            p.write_all(c).unwrap();
        }
        p.flush().unwrap();
        String::from_utf8(p.inner).unwrap()
    }

    #[test]
    fn escapes_never_reach_the_terminal() {
        assert_eq!(
            through(&[b"Reuters\x1b[2J\x1b]0;pwned\x07 ok\n"]),
            "Reuters\u{fffd}[2J\u{fffd}]0;pwned\u{fffd} ok\n"
        );
        // C1 CSI (U+009B), also split across writes; other text stays, tabs too.
        assert_eq!(through(&["a\u{9b}31m b".as_bytes()]), "a\u{fffd}31m b");
        let csi = "x\u{9b}y".as_bytes();
        assert_eq!(through(&[&csi[..2], &csi[2..]]), "x\u{fffd}y");
        assert_eq!(through(&["Moïse\tés ©\n".as_bytes()]), "Moïse\tés ©\n");
        // A JSON line has nothing to replace.
        assert_eq!(through(&[br#"{"t":"a\u001b"}"#]), r#"{"t":"a\u001b"}"#);
    }
}
