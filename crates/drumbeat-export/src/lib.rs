//! Exports that drop into the tools analysts already use. Rows are streamed from the
//! store to the writer, never collected.
//!
//! - `gdelt`: merged events (one row per act, with its mentions and sources counted) as
//!   tab-separated values in the column order of the GDELT 2.0 event table
//!   ([`GDELT_COLUMNS`]; the mapping is in the README).
//! - `csv` and `parquet`: every event as its document tells it, one row each, with its
//!   evidence (document, sentence, byte offsets, outlet, reporter) and the merged event
//!   and story it belongs to ([`EVENT_COLUMNS`]).
//! - `jsonl`: events, merged events, documents, quotes or stories, one JSON object a line.

use std::io::Write;

use drumbeat_model::Event;
use drumbeat_store::{
    Browse, ExportedEvent, JsonTable, MergedRow, QuoteQuery, SqliteStore, Store, StoreError,
};

#[cfg(feature = "parquet")]
mod parquet_out;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Unsupported(String),
    #[error("cannot write Parquet: {0}")]
    Parquet(String),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Gdelt,
    Jsonl,
    Csv,
    Parquet,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "gdelt" | "tsv" => Format::Gdelt,
            "jsonl" | "json" => Format::Jsonl,
            "csv" => Format::Csv,
            "parquet" => Format::Parquet,
            _ => return None,
        })
    }
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Events,
    Merged,
    /// GDELT's Mentions table: one row per report of a merged event.
    Mentions,
    Documents,
    Quotes,
    Stories,
}

impl What {
    pub fn parse(s: &str) -> Option<What> {
        Some(match s {
            "events" => What::Events,
            "merged" => What::Merged,
            "mentions" => What::Mentions,
            "documents" => What::Documents,
            "quotes" => What::Quotes,
            "stories" => What::Stories,
            _ => return None,
        })
    }
}

/// The GDELT 2.0 event table's 61 columns, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The columns of an event row in CSV and Parquet.
pub const EVENT_COLUMNS: [&str; 36] = [
    "id",
    "doc",
    "sentence",
    "date",
    "date_basis",
    "type",
    "mode",
    "context",
    "cameo",
    "goldstein",
    "quad_class",
    "modality",
    "source_code",
    "source_country",
    "source_role",
    "source_name",
    "target_code",
    "target_country",
    "target_role",
    "target_name",
    "place",
    "place_country",
    "lat",
    "lon",
    "trigger",
    "trigger_start",
    "trigger_end",
    "evidence",
    "evidence_start",
    "evidence_end",
    "outlet",
    "reported_by",
    "count",
    "confidence",
    "merged",
    "story",
];

/// One value of an event row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
}

/// An event as a row of [`EVENT_COLUMNS`].
pub fn event_row(x: &ExportedEvent) -> Vec<Cell> {
    let e: &Event = &x.event;
    let t = |s: Option<&str>| Cell::Text(s.map(str::to_string));
    let side = |a: &Option<drumbeat_model::EventActor>| {
        [
            t(a.as_ref().map(|a| a.code.as_str())),
            t(a.as_ref().and_then(|a| a.country.as_deref())),
            t(a.as_ref().and_then(|a| a.role.map(|r| r.as_str()))),
            t(a.as_ref().map(|a| a.name.as_str())),
        ]
    };
    let mut row = vec![
        t(Some(&e.id)),
        t(Some(&e.doc)),
        Cell::Int(Some(e.sentence as i64)),
        t(e.date.as_deref()),
        t(Some(e.date_basis.as_str())),
        t(Some(e.event_type.as_str())),
        t(e.mode.as_deref()),
        t(e.context.as_deref()),
        t(Some(&e.cameo)),
        Cell::Float(Some(e.goldstein)),
        Cell::Int(Some(e.quad_class as i64)),
        t(Some(e.modality.as_str())),
    ];
    row.extend(side(&e.source));
    row.extend(side(&e.target));
    row.extend([
        t(e.place.as_ref().map(|p| p.name.as_str())),
        t(e.place.as_ref().map(|p| p.country.as_str())),
        Cell::Float(e.place.as_ref().map(|p| p.lat)),
        Cell::Float(e.place.as_ref().map(|p| p.lon)),
        t(Some(&e.trigger_text)),
        Cell::Int(Some(e.trigger.start as i64)),
        Cell::Int(Some(e.trigger.end as i64)),
        t(Some(&e.evidence_text)),
        Cell::Int(Some(e.evidence.start as i64)),
        Cell::Int(Some(e.evidence.end as i64)),
        t(e.outlet.as_deref()),
        t(e.reported_by.as_deref()),
        t(e.count.as_deref()),
        Cell::Float(Some(e.confidence as f64)),
        t(x.merged.as_deref()),
        t(x.story.as_deref()),
    ]);
    row
}

/// RFC 4180 quoting: quote a field with a comma, quote, CR or LF, doubling its quotes.
fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// A cell's CSV text, safe to open in a spreadsheet: article text that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be read as a formula, so such a text
/// cell gets a leading apostrophe (numbers are left as they are).
fn csv_safe(c: &Cell) -> String {
    let t = cell_text(c);
    match c {
        Cell::Text(_) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
        _ => t,
    }
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(v) => v.clone().unwrap_or_default(),
        Cell::Int(v) => v.map(|x| x.to_string()).unwrap_or_default(),
        Cell::Float(v) => v.map(|x| x.to_string()).unwrap_or_default(),
    }
}

/// A TSV field: tabs and line breaks of the text become spaces.
fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// A GlobalEventID: GDELT's ids are integers, ours hexadecimal; the first 15 hex digits
/// as a number keep them unique in practice and positive.
pub fn numeric_id(hex: &str) -> u64 {
    u64::from_str_radix(&hex[..15.min(hex.len())], 16).unwrap_or(0)
}

/// One merged event as a GDELT 2.0 event-table row (61 fields). `first` is the event
/// of its first mention, for actor codes, roles, names and places.
pub fn gdelt_row(m: &MergedRow, first: Option<&ExportedEvent>) -> Vec<String> {
    let e = &m.event;
    // An act with no date of its own nor of its story is dated the day it was stored, as
    // GDELT dates every event (its Day is never empty).
    let date = m.date.clone().or_else(|| {
        first
            .filter(|f| f.ingested_at > 0)
            .and_then(|f| drumbeat_model::civil::format(f.ingested_at.div_euclid(86_400)))
    });
    let day = date.clone().unwrap_or_default().replace('-', "");
    let (y, mo) = (day.get(..4).unwrap_or(""), day.get(4..6).unwrap_or(""));
    let fraction = drumbeat_model::civil::parse(date.as_deref().unwrap_or(""))
        .map(|d| {
            let (yy, _, _) = drumbeat_model::civil::civil_from_days(d);
            let jan1 = drumbeat_model::civil::days_from_civil(yy, 1, 1);
            format!("{:.4}", yy as f64 + (d - jan1) as f64 / 365.0)
        })
        .unwrap_or_default();
    let raw = first.map(|f| &f.event);
    let actor = |a: Option<&drumbeat_model::EventActor>, country: Option<&String>| -> Vec<String> {
        let code = a
            .map(|a| a.code.clone())
            .or(country.cloned())
            .unwrap_or_default();
        let c = a
            .and_then(|a| a.country.clone())
            .or(country.cloned())
            .unwrap_or_default();
        let (country_code, group) = if c.len() == 3 && c.chars().all(|x| x.is_ascii_uppercase()) {
            (c, String::new())
        } else {
            (String::new(), c)
        };
        vec![
            code,
            tsv(a.map(|a| a.name.as_str()).unwrap_or("")).to_uppercase(),
            country_code,
            group,
            String::new(),
            String::new(),
            String::new(),
            a.and_then(|a| a.role)
                .map(|r| r.as_str().to_string())
                .unwrap_or_default(),
            String::new(),
            String::new(),
        ]
    };
    let cameo = raw.map(|r| r.cameo.clone()).unwrap_or_default();
    let mut row = vec![
        numeric_id(&e.id).to_string(),
        day.clone(),
        format!("{y}{mo}"),
        y.to_string(),
        fraction,
    ];
    row.extend(actor(
        raw.and_then(|r| r.source.as_ref()),
        e.source.as_ref(),
    ));
    row.extend(actor(
        raw.and_then(|r| r.target.as_ref()),
        e.target.as_ref(),
    ));
    let mut docs: Vec<&str> = e.mentions.iter().map(|x| x.doc.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    row.extend([
        (e.mentions.iter().any(|x| x.sentence == 0) as u8).to_string(),
        cameo.clone(),
        cameo.get(..3).unwrap_or(&cameo).to_string(),
        cameo.get(..2).unwrap_or(&cameo).to_string(),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        e.mentions.len().to_string(),
        e.sources.to_string(),
        docs.len().to_string(),
        String::new(),
    ]);
    // Actor geographies are not resolved; the action's place is.
    for _ in 0..16 {
        row.push(String::new());
    }
    match raw.and_then(|r| r.place.as_ref()) {
        Some(p) => row.extend([
            geo_type(p).to_string(),
            tsv(&p.name),
            p.country.clone(),
            String::new(),
            String::new(),
            format!("{:.4}", p.lat),
            format!("{:.4}", p.lon),
            String::new(),
        ]),
        None => row.extend(std::iter::repeat_n(String::new(), 8)),
    }
    let added = first.map(|f| gdelt_time(f.ingested_at)).unwrap_or_default();
    row.push(added);
    row.push(tsv(first.and_then(|f| f.url.as_deref()).unwrap_or("")));
    row
}

/// The GDELT 2.0 Mentions table's 16 columns, in order.
pub const GDELT_MENTION_COLUMNS: [&str; 16] = [
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// GDELT's 14-digit time (`YYYYMMDDHHMMSS`, UTC) of a Unix time in seconds.
fn gdelt_time(secs: i64) -> String {
    drumbeat_model::civil::format(secs.div_euclid(86_400))
        .map(|d| {
            let t = secs.rem_euclid(86_400);
            format!(
                "{}{:02}{:02}{:02}",
                d.replace('-', ""),
                t / 3600,
                t % 3600 / 60,
                t % 60
            )
        })
        .unwrap_or_default()
}

/// One report of a merged event as a GDELT 2.0 Mentions row (16 fields).
///
/// `event` is the reported event (for its offsets and confidence), `first_added` when
/// the merged event's first report was stored, `added` and `url` this report's. A report
/// with a URL is `MentionType` 1 (web), identified by its URL; one read from a file or
/// feed without one is 2 (citation only), identified as `drumbeat:<document id>`.
/// Offsets are byte offsets into the document's text (GDELT counts characters; the two
/// agree for ASCII text); -1 where a side is not named. Document length, tone and
/// translation are not kept per report (empty).
pub fn gdelt_mention_row(
    merged_id: &str,
    m: &drumbeat_model::Mention,
    event: Option<&drumbeat_model::Event>,
    first_added: i64,
    added: i64,
    url: Option<&str>,
) -> Vec<String> {
    let offset = |a: Option<&drumbeat_model::EventActor>| {
        a.map_or("-1".to_string(), |a| a.span.start.to_string())
    };
    let source_name = m
        .outlet
        .clone()
        .or_else(|| {
            url.and_then(|u| u.split("://").nth(1))
                .and_then(|rest| rest.split('/').next())
                .map(|h| h.trim_start_matches("www.").to_string())
        })
        .unwrap_or_default();
    vec![
        numeric_id(merged_id).to_string(),
        gdelt_time(first_added),
        gdelt_time(added),
        if url.is_some() { "1" } else { "2" }.to_string(),
        tsv(&source_name),
        tsv(&url.map_or_else(|| format!("drumbeat:{}", m.doc), str::to_string)),
        (m.sentence + 1).to_string(),
        offset(event.and_then(|e| e.source.as_ref())),
        offset(event.and_then(|e| e.target.as_ref())),
        event.map_or("-1".to_string(), |e| e.trigger.start.to_string()),
        "1".to_string(),
        event
            .map(|e| {
                ((e.confidence * 100.0).round() as i64)
                    .clamp(10, 100)
                    .to_string()
            })
            .unwrap_or_default(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// GDELT's ActionGeo_Type: 1 a country, 2 a US state, 3 a US city, 4 a city elsewhere, 5 a
/// region elsewhere. A place of unknown kind (a store written before kinds were kept) is a
/// country when it has no name of its own, else a city.
fn geo_type(p: &drumbeat_model::EventPlace) -> u8 {
    let us = p.country == "USA";
    match p.kind.as_str() {
        "country" | "border" => 1,
        "region" | "state" | "province" | "area" => {
            if us {
                2
            } else {
                5
            }
        }
        "" if p.name.is_empty() => 1,
        _ => {
            if us {
                3
            } else {
                4
            }
        }
    }
}

/// Export to `out`. Returns the number of rows written.
pub fn export(
    store: &SqliteStore,
    format: Format,
    what: What,
    all_modalities: bool,
    min_confidence: f64,
    out: Box<dyn Write + Send>,
) -> Result<u64, ExportError> {
    let mut out = out;
    let mut n = 0u64;
    match (format, what) {
        (Format::Gdelt, What::Events | What::Merged) => {
            // No header row: GDELT's files have none, and its loaders read every line as
            // an event (the columns are GDELT_COLUMNS, in order).
            store.each_merged(&mut |m| {
                // The first mention's event, for codes, roles, names and places.
                let first = match m.event.mentions.first() {
                    Some(x) => store.event(&x.event)?.map(|event| {
                        let (url, ingested_at) = store
                            .source_of(&event.doc)
                            .ok()
                            .flatten()
                            .unwrap_or((None, 0));
                        ExportedEvent {
                            event,
                            merged: Some(m.event.id.clone()),
                            story: Some(m.story.clone()),
                            ingested_at,
                            url,
                        }
                    }),
                    None => None,
                };
                writeln!(out, "{}", gdelt_row(&m, first.as_ref()).join("\t")).map_err(io_store)?;
                n += 1;
                Ok(())
            })?;
        }
        (Format::Gdelt, What::Mentions) => {
            // No header row, as in GDELT's files (the columns are GDELT_MENTION_COLUMNS).
            store.each_merged(&mut |m| {
                let mut first_added: Option<i64> = None;
                for x in &m.event.mentions {
                    let (url, added) = store.source_of(&x.doc)?.unwrap_or((None, 0));
                    let first = *first_added.get_or_insert(added);
                    let event = store.event(&x.event)?;
                    let row = gdelt_mention_row(
                        &m.event.id,
                        x,
                        event.as_ref(),
                        first,
                        added,
                        url.as_deref(),
                    );
                    writeln!(out, "{}", row.join("\t")).map_err(io_store)?;
                    n += 1;
                }
                Ok(())
            })?;
        }
        (Format::Csv, What::Events) => {
            writeln!(out, "{}", EVENT_COLUMNS.join(","))?;
            store.each_event(all_modalities, min_confidence, &mut |x| {
                let row: Vec<String> = event_row(&x)
                    .iter()
                    .map(|c| csv_field(&csv_safe(c)).into_owned())
                    .collect();
                writeln!(out, "{}", row.join(",")).map_err(io_store)?;
                n += 1;
                Ok(())
            })?;
        }
        (Format::Parquet, What::Events) => {
            #[cfg(feature = "parquet")]
            {
                n = parquet_out::events(store, all_modalities, min_confidence, out)?;
                return Ok(n);
            }
            #[cfg(not(feature = "parquet"))]
            return Err(ExportError::Unsupported(
                "this drumbeat was built without the `parquet` feature".into(),
            ));
        }
        (Format::Jsonl, What::Events) => {
            store.each_event(all_modalities, min_confidence, &mut |x| {
                serde_json::to_writer(&mut out, &x).map_err(|e| io_store(e.into()))?;
                writeln!(out).map_err(io_store)?;
                n += 1;
                Ok(())
            })?;
        }
        (Format::Jsonl, What::Merged) => {
            store.each_merged(&mut |m| {
                serde_json::to_writer(&mut out, &m).map_err(|e| io_store(e.into()))?;
                writeln!(out).map_err(io_store)?;
                n += 1;
                Ok(())
            })?;
        }
        (Format::Jsonl, What::Documents | What::Stories) => {
            let table = if what == What::Documents {
                JsonTable::Documents
            } else {
                JsonTable::Stories
            };
            store.each_json(table, &mut |data| {
                writeln!(out, "{data}").map_err(io_store)?;
                n += 1;
                Ok(())
            })?;
        }
        (Format::Jsonl, What::Quotes) => {
            for q in store.quotes(&QuoteQuery {
                fragments: true,
                ..Default::default()
            })? {
                serde_json::to_writer(&mut out, &q).map_err(|e| ExportError::Io(e.into()))?;
                writeln!(out)?;
                n += 1;
            }
        }
        (f, w) => {
            return Err(ExportError::Unsupported(format!(
                "{f:?} holds events only; {w:?} export as jsonl"
            )))
        }
    }
    out.flush()?;
    Ok(n)
}

/// A write error inside a store callback: carried out as a store error.
fn io_store(e: std::io::Error) -> StoreError {
    StoreError::Corrupt {
        id: "export".into(),
        message: format!("write failed: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\"\nc"), "\"a, \"\"b\"\"\nc\"");
    }

    #[test]
    fn gdelt_geo_types() {
        let place = |name: &str, country: &str, kind: &str| drumbeat_model::EventPlace {
            name: name.into(),
            country: country.into(),
            lat: 0.0,
            lon: 0.0,
            kind: kind.into(),
        };
        assert_eq!(geo_type(&place("Ukraine", "UKR", "country")), 1);
        assert_eq!(geo_type(&place("Kharkiv", "UKR", "city")), 4);
        assert_eq!(geo_type(&place("Kyiv", "UKR", "capital")), 4);
        assert_eq!(geo_type(&place("Texas", "USA", "state")), 2);
        assert_eq!(geo_type(&place("Houston", "USA", "city")), 3);
        assert_eq!(geo_type(&place("Donbas", "UKR", "region")), 5);
        // Stores written before kinds were kept.
        assert_eq!(geo_type(&place("", "UKR", "")), 1);
        assert_eq!(geo_type(&place("Lviv", "UKR", "")), 4);
    }

    #[test]
    fn csv_text_never_reads_as_a_formula() {
        let t = |s: &str| csv_safe(&Cell::Text(Some(s.to_string())));
        assert_eq!(t("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(t("+1"), "'+1");
        assert_eq!(t("-cmd"), "'-cmd");
        assert_eq!(t("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(t("Moscow"), "Moscow");
        assert_eq!(csv_safe(&Cell::Float(Some(-7.2))), "-7.2");
    }

    #[test]
    fn gdelt_columns_are_the_61_of_gdelt_2() {
        assert_eq!(GDELT_COLUMNS.len(), 61);
        assert_eq!(GDELT_COLUMNS[26], "EventCode");
        assert_eq!(GDELT_COLUMNS[60], "SOURCEURL");
        assert!(numeric_id("ffffffffffffffffffff") < i64::MAX as u64);
    }
}
