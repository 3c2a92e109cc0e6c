//! What the CLI prints: the readable text of each listing (documents, events, stories,
//! the watch, people, quotes, one document, an ingest's summary) and the rows of
//! `docs --json`; and [`Printable`], the writer that keeps control characters from
//! articles off the terminal. The dev tools' renderings (eval, bench) are in
//! `drumbeat-devtools`.

use std::io::{self, Write};

use drumbeat_model::{Alert, Annotated, CleanDoc, Coded, DyadDay, Event, Origin, Story};
use drumbeat_store::{PersonSummary, QuoteRow};
use serde::Serialize;

use crate::IngestReport;

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

/// The summary lines of `drumbeat ingest` (and of `drumbeat serve PATHS`, on stderr).
pub fn ingest_summary(
    out: &mut dyn Write,
    r: &IngestReport,
    secs: f64,
    store: &std::path::Path,
) -> io::Result<()> {
    writeln!(
        out,
        "read {} inputs ({:.1} MB): {} documents, {} new, {} already stored; {} skipped, {} warnings; found {} events, {} people, {} quotes; {:.2}s; store {}",
        r.inputs,
        r.bytes as f64 / 1e6,
        r.documents,
        r.inserted,
        r.existing,
        r.skipped,
        r.warnings,
        r.events,
        r.people,
        r.quotes,
        secs,
        store.display()
    )?;
    if let Some(a) = &r.analysis {
        writeln!(
            out,
            "stories: {} ({} told by several documents), {} merged events, {} republished copies, {} dates inferred; watch: {} dyad-days, {} alerts; {:.2}s",
            a.stories,
            a.multi_document_stories,
            a.merged_events,
            a.duplicates,
            a.inferred_dates,
            a.dyad_days,
            a.alerts,
            a.load_seconds + a.story_seconds + a.watch_seconds + a.write_seconds
        )?;
    }
    Ok(())
}

/// `drumbeat analyze`'s report of one document: its analysis, then its events.
pub fn analyzed(c: &Coded) -> String {
    format!(
        "{}\nevents:\n{}",
        analysis(&c.annotated),
        event_lines(&c.events)
    )
}

/// The table of `drumbeat docs`: id, date, outlet, boilerplate kinds, first words.
pub fn doc_table(out: &mut dyn Write, docs: &[Annotated]) -> io::Result<()> {
    writeln!(
        out,
        "{:<12}  {:<10}  {:<18}  {:<24}  first words",
        "id", "date", "outlet", "boilerplate"
    )?;
    for a in docs {
        let d = &a.doc;
        let mut kinds: Vec<&str> = d.boilerplate.iter().map(|b| b.kind.as_str()).collect();
        kinds.dedup();
        writeln!(
            out,
            "{:<12}  {:<10}  {:<18}  {:<24}  {}",
            &d.document.id[..12.min(d.document.id.len())],
            d.document.published.as_deref().unwrap_or("-"),
            d.outlet.as_deref().unwrap_or("-"),
            if kinds.is_empty() {
                "-".to_string()
            } else {
                kinds.join(",")
            },
            first_words(d, 10)
        )?;
    }
    writeln!(out, "{} documents", docs.len())
}

/// `drumbeat show`: one document's metadata, origins and boilerplate, its text with the
/// boilerplate marked, and its analysis.
pub fn document(out: &mut dyn Write, a: &Annotated, origins: &[Origin]) -> io::Result<()> {
    let d = &a.doc;
    writeln!(out, "id:        {}", d.document.id)?;
    for o in origins {
        match o.line {
            Some(l) => writeln!(out, "from:      {}:{} ({})", o.path, l, o.format.as_str())?,
            None => writeln!(out, "from:      {} ({})", o.path, o.format.as_str())?,
        }
    }
    writeln!(
        out,
        "published: {}",
        d.document.published.as_deref().unwrap_or("unknown")
    )?;
    let basis = d
        .outlet_basis
        .map(|b| format!(" ({b:?})").to_lowercase())
        .unwrap_or_default();
    writeln!(
        out,
        "outlet:    {}{basis}",
        d.outlet.as_deref().unwrap_or("unknown")
    )?;
    if let Some(t) = &d.document.title {
        writeln!(out, "title:     {t}")?;
    }
    if let Some(u) = &d.document.url {
        writeln!(out, "url:       {u}")?;
    }
    writeln!(out, "sentences: {}", d.sentences.len())?;
    writeln!(out, "boilerplate:")?;
    for b in &d.boilerplate {
        writeln!(
            out,
            "  {:<14} {}..{}  {}",
            b.kind.as_str(),
            b.span.start,
            b.span.end,
            b.text
        )?;
    }
    writeln!(out, "---")?;
    writeln!(out, "{}", marked_text(d))?;
    writeln!(out, "---")?;
    writeln!(out, "{}", analysis(a))
}

/// `drumbeat events`: the events' lines and how many there are.
pub fn event_list(out: &mut dyn Write, events: &[Event]) -> io::Result<()> {
    write!(out, "{}", event_lines(events))?;
    writeln!(
        out,
        "{} event{}",
        events.len(),
        if events.len() == 1 { "" } else { "s" }
    )
}

/// `drumbeat stories`: one line a story.
pub fn story_list(out: &mut dyn Write, stories: &[Story]) -> io::Result<()> {
    for st in stories {
        writeln!(
            out,
            "{}  {}..{}  {} documents, {} events  {}",
            &st.id[..12],
            st.start.as_deref().unwrap_or("undated"),
            st.end.as_deref().unwrap_or("undated"),
            st.documents.len(),
            st.events.len(),
            st.title.chars().take(80).collect::<String>()
        )?;
    }
    writeln!(out, "{} stories", stories.len())
}

/// `drumbeat story`: its dates, actors, documents (with inferred dates and duplicates) and
/// merged events with their mentions.
pub fn story(out: &mut dyn Write, st: &Story) -> io::Result<()> {
    writeln!(out, "story {}: {}", st.id, st.title)?;
    writeln!(
        out,
        "dates: {} .. {}",
        st.start.as_deref().unwrap_or("?"),
        st.end.as_deref().unwrap_or("?")
    )?;
    writeln!(out, "actors: {}", st.actors.join(", "))?;
    writeln!(out, "documents:")?;
    for d in &st.documents {
        let date = match (&d.published, &d.inferred_date) {
            (Some(p), _) => p.clone(),
            (None, Some(i)) => format!(
                "{i} (inferred: {})",
                d.inferred_basis.as_deref().unwrap_or("")
            ),
            _ => "undated".into(),
        };
        let dup = d
            .duplicate_of
            .as_ref()
            .map(|x| format!("  duplicate of {}", &x[..12.min(x.len())]))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}  {}  {}  {}{}",
            &d.doc[..12.min(d.doc.len())],
            date,
            d.outlet.as_deref().unwrap_or("-"),
            d.path,
            dup
        )?;
    }
    writeln!(out, "events:")?;
    for e in &st.events {
        writeln!(
            out,
            "  {:<9} {} -> {}  {}  {} source(s): {}{}",
            e.event_type,
            e.source.as_deref().unwrap_or("-"),
            e.target.as_deref().unwrap_or("-"),
            e.date.as_deref().unwrap_or("undated"),
            e.sources,
            e.outlets.join(", "),
            if e.counts.is_empty() {
                String::new()
            } else {
                format!("  counts: {}", e.counts.join(" | "))
            }
        )?;
        for m in &e.mentions {
            writeln!(
                out,
                "      {} s{}: {}",
                &m.doc[..12.min(m.doc.len())],
                m.sentence,
                m.evidence.chars().take(120).collect::<String>()
            )?;
        }
    }
    Ok(())
}

/// `drumbeat watch`: a line per dyad (sparkline of its index, days, events, Goldstein),
/// with `days` each of its days against the baseline, then the alerts with their drivers.
pub fn watch(
    out: &mut dyn Write,
    series: &[DyadDay],
    alerts: &[Alert],
    days: bool,
) -> io::Result<()> {
    let mut dyads: Vec<&str> = series.iter().map(|d| d.dyad.as_str()).collect();
    dyads.dedup();
    for dy in dyads {
        let of_dyad: Vec<&DyadDay> = series.iter().filter(|d| d.dyad == dy).collect();
        let values: Vec<f64> = of_dyad.iter().map(|d| d.index).collect();
        let last = of_dyad.last().map(|d| d.day.as_str()).unwrap_or("");
        let n = of_dyad.len();
        writeln!(
            out,
            "{:<8} {}  {} day{} with events, last {}, events {}, Goldstein {:+.1}",
            dy,
            drumbeat_analyse::watch::sparkline(&values),
            n,
            if n == 1 { "" } else { "s" },
            last,
            of_dyad.iter().map(|d| d.events).sum::<usize>(),
            of_dyad.iter().map(|d| d.goldstein).sum::<f64>()
        )?;
        if days {
            writeln!(out, "  day         events  index  baseline      z  types")?;
            for d in &of_dyad {
                let types: Vec<String> =
                    d.by_type.iter().map(|(t, n)| format!("{t} {n}")).collect();
                writeln!(
                    out,
                    "  {}  {:>6}  {:>5.2}  {:>8.2}  {:>5.1}  {}",
                    d.day,
                    d.events,
                    d.index,
                    // (No "-0.00" for an empty baseline.)
                    d.baseline + 0.0,
                    d.z + 0.0,
                    types.join(", ")
                )?;
            }
        }
    }
    writeln!(out, "alerts:")?;
    for a in alerts {
        writeln!(
            out,
            "  {} {}  index {:.2} (baseline {:.2}, z {:.1})",
            a.day, a.dyad, a.index, a.baseline, a.z
        )?;
        for d in &a.drivers {
            writeln!(
                out,
                "      {} {}->{} ({} sources): {}",
                d.event_type,
                d.source,
                d.target,
                d.sources,
                d.evidence.chars().take(110).collect::<String>()
            )?;
        }
    }
    if alerts.is_empty() {
        writeln!(out, "  none")?;
    }
    Ok(())
}

/// `drumbeat actors`: a row per person with their variants and first evidence.
pub fn people_table(out: &mut dyn Write, people: &[PersonSummary]) -> io::Result<()> {
    writeln!(
        out,
        "{:<26} {:<8} {:>4} {:>8}  variants / first evidence",
        "person", "code", "docs", "mentions"
    )?;
    for p in people {
        writeln!(
            out,
            "{:<26} {:<8} {:>4} {:>8}  {}",
            p.name,
            p.code,
            p.documents,
            p.mentions,
            p.variants.join(" | ")
        )?;
        if let Some(e) = p.evidence.first() {
            writeln!(
                out,
                "{:<50} {}@{}..{} s{}",
                "",
                &e.doc[..12.min(e.doc.len())],
                e.start,
                e.end,
                e.sentence
            )?;
        }
    }
    writeln!(out, "{} people", people.len())
}

/// `drumbeat quotes`: one line a quote, with its date, place, speaker and relay.
pub fn quote_list(out: &mut dyn Write, quotes: &[QuoteRow]) -> io::Result<()> {
    for q in quotes {
        let who = q.speaker.as_deref().unwrap_or("-");
        let code = q
            .speaker_code
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        let relay = q
            .relay
            .as_deref()
            .map(|r| format!(" via {r}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{} {}@{}..{} {}{}{}: \"{}\"",
            q.published.as_deref().unwrap_or("undated"),
            &q.doc[..12.min(q.doc.len())],
            q.start,
            q.end,
            who,
            code,
            relay,
            q.text
        )?;
    }
    writeln!(out, "{} quotes", quotes.len())
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
