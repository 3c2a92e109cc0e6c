//! How documents and events are laid out in rows (schema 9).
//!
//! Each fact is kept once:
//! - a document's text is one column; its annotations (sentences, boilerplate, actors,
//!   people, places, times, numbers, quotes: all spans into that text) are one
//!   deflated MessagePack value beside it, written without the text;
//! - an event is a row of typed columns; its evidence sentence and trigger are spans
//!   into its document's text, read back with the text, and its outlet is its
//!   document's.
//!
//! Rows are keyed by integers; the content id (a hash) is a unique column.

use drumbeat_model::{
    Annotated, CleanDoc, DateBasis, DocSketch, Document, Event, EventActor, EventBrief, EventPlace,
    EventType, Granularity, Mention, MergedEvent, Modality, Span,
};
use rusqlite::Row;

use crate::StoreError;

/// The most a stored record may inflate to (a guard against a corrupt row).
const MAX_RECORD: usize = 1 << 30;

/// The annotations of a document without its text, as stored: MessagePack (fields by
/// name, so optional fields may be left out), deflated.
pub(crate) fn encode_annotations(a: &Annotated) -> Result<Vec<u8>, StoreError> {
    let d = &a.doc.document;
    let bare = Annotated {
        doc: CleanDoc {
            document: Document {
                id: d.id.clone(),
                origin: d.origin.clone(),
                title: d.title.clone(),
                url: d.url.clone(),
                outlet: d.outlet.clone(),
                published: d.published.clone(),
                header: d.header,
                text: String::new(),
            },
            outlet: a.doc.outlet.clone(),
            outlet_basis: a.doc.outlet_basis,
            boilerplate: a.doc.boilerplate.clone(),
            sentences: a.doc.sentences.clone(),
        },
        actors: a.actors.clone(),
        people: a.people.clone(),
        places: a.places.clone(),
        times: a.times.clone(),
        numbers: a.numbers.clone(),
        quotes: a.quotes.clone(),
    };
    // (Field names repeat in every mention: deflate, at its fast level, takes them out.)
    pack(&d.id, &bare)
}

/// A stored document: its annotations given back their text.
pub(crate) fn decode_document(id: &str, text: String, ann: &[u8]) -> Result<Annotated, StoreError> {
    let mut a: Annotated = unpack(id, ann)?;
    a.doc.document.text = text;
    Ok(a)
}

/// The insert of an event row; [`insert_event`] binds its values in this order.
pub(crate) const EVENT_INSERT: &str = "INSERT OR IGNORE INTO events (
    id, doc, sentence, type, mode, context, cameo, goldstein, quad_class, modality,
    date, date_end, granularity, date_basis,
    source_code, source_country, source_role, source_name, source_start, source_end, source_also,
    target_code, target_country, target_role, target_name, target_start, target_end, target_also,
    place_name, place_country, place_lat, place_lon, place_kind,
    trigger_start, trigger_end, evidence_start, evidence_end, reported_by, count, confidence)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
    ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37,
    ?38, ?39, ?40)";

/// What a query selects to rebuild an event: `e` is the events row, `d` its document.
/// The evidence and trigger are cut from the document's text by byte offsets.
pub(crate) const EVENT_COLUMNS: &str = "e.id, d.id, e.sentence, e.type, e.mode, e.context,
    e.cameo, e.goldstein, e.quad_class, e.modality, e.date, e.date_end, e.granularity,
    e.date_basis,
    e.source_code, e.source_country, e.source_role, e.source_name, e.source_start,
    e.source_end, e.source_also,
    e.target_code, e.target_country, e.target_role, e.target_name, e.target_start,
    e.target_end, e.target_also,
    e.place_name, e.place_country, e.place_lat, e.place_lon, e.place_kind,
    e.trigger_start, e.trigger_end, e.evidence_start, e.evidence_end, e.reported_by,
    e.count, e.confidence, d.outlet,
    CAST(substr(CAST(d.text AS BLOB), e.trigger_start + 1, e.trigger_end - e.trigger_start) AS TEXT),
    CAST(substr(CAST(d.text AS BLOB), e.evidence_start + 1, e.evidence_end - e.evidence_start) AS TEXT)";

/// How many columns [`EVENT_COLUMNS`] selects.
pub(crate) const EVENT_COLUMN_COUNT: usize = 43;

fn also_text(also: &[String]) -> Option<String> {
    (!also.is_empty()).then(|| also.join(" "))
}

/// Bind an event's row: `doc` is its document's row key.
pub(crate) fn insert_event(
    stmt: &mut rusqlite::CachedStatement<'_>,
    doc: i64,
    e: &Event,
) -> rusqlite::Result<usize> {
    use rusqlite::types::ToSql;
    let (src, tgt, place) = (e.source.as_ref(), e.target.as_ref(), e.place.as_ref());
    let (src_also, tgt_also) = (
        src.and_then(|a| also_text(&a.also)),
        tgt.and_then(|a| also_text(&a.also)),
    );
    let granularity = e.granularity.map(|g| g.as_str());
    let values: [&dyn ToSql; 40] = [
        &e.id,
        &doc,
        &e.sentence,
        &e.event_type.as_str(),
        &e.mode,
        &e.context,
        &e.cameo,
        &e.goldstein,
        &e.quad_class,
        &e.modality.as_str(),
        &e.date,
        &e.date_end,
        &granularity,
        &e.date_basis.as_str(),
        &src.map(|a| a.code.as_str()),
        &src.and_then(|a| a.country.as_deref()),
        &src.and_then(|a| a.role.map(|r| r.as_str())),
        &src.map(|a| a.name.as_str()),
        &src.map(|a| a.span.start as i64),
        &src.map(|a| a.span.end as i64),
        &src_also,
        &tgt.map(|a| a.code.as_str()),
        &tgt.and_then(|a| a.country.as_deref()),
        &tgt.and_then(|a| a.role.map(|r| r.as_str())),
        &tgt.map(|a| a.name.as_str()),
        &tgt.map(|a| a.span.start as i64),
        &tgt.map(|a| a.span.end as i64),
        &tgt_also,
        &place.map(|p| p.name.as_str()),
        &place.map(|p| p.country.as_str()),
        &place.map(|p| p.lat),
        &place.map(|p| p.lon),
        &place.and_then(|p| (!p.kind.is_empty()).then_some(p.kind.as_str())),
        &(e.trigger.start as i64),
        &(e.trigger.end as i64),
        &(e.evidence.start as i64),
        &(e.evidence.end as i64),
        &e.reported_by,
        &e.count,
        &(e.confidence as f64),
    ];
    stmt.execute(&values[..])
}

fn corrupt(id: &str, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("event {id}: unknown {what}").into(),
    )
}

/// Rebuild an event from a row selected with [`EVENT_COLUMNS`] starting at column `at`.
pub(crate) fn event_from_row(r: &Row<'_>, at: usize) -> rusqlite::Result<Event> {
    let c = |k: usize| at + k;
    let id: String = r.get(c(0))?;
    let side = |k: usize| -> rusqlite::Result<Option<EventActor>> {
        let code: Option<String> = r.get(c(k))?;
        let Some(code) = code else {
            return Ok(None);
        };
        let also: Option<String> = r.get(c(k + 6))?;
        Ok(Some(EventActor {
            code,
            country: r.get(c(k + 1))?,
            role: r
                .get::<_, Option<String>>(c(k + 2))?
                .as_deref()
                .and_then(drumbeat_model::Role::parse),
            name: r.get::<_, Option<String>>(c(k + 3))?.unwrap_or_default(),
            span: Span::new(
                r.get::<_, i64>(c(k + 4))? as usize,
                r.get::<_, i64>(c(k + 5))? as usize,
            ),
            also: also
                .map(|a| a.split(' ').map(str::to_string).collect())
                .unwrap_or_default(),
        }))
    };
    let ty: String = r.get(c(3))?;
    let modality: String = r.get(c(9))?;
    let basis: String = r.get(c(13))?;
    let granularity: Option<String> = r.get(c(12))?;
    let place_name: Option<String> = r.get(c(28))?;
    let place = match place_name {
        Some(name) => Some(EventPlace {
            name,
            country: r.get::<_, Option<String>>(c(29))?.unwrap_or_default(),
            lat: r.get::<_, Option<f64>>(c(30))?.unwrap_or_default(),
            lon: r.get::<_, Option<f64>>(c(31))?.unwrap_or_default(),
            kind: r.get::<_, Option<String>>(c(32))?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Event {
        doc: r.get(c(1))?,
        sentence: r.get(c(2))?,
        source: side(14)?,
        target: side(21)?,
        event_type: EventType::parse(&ty).ok_or_else(|| corrupt(&id, "type"))?,
        mode: r.get(c(4))?,
        context: r.get(c(5))?,
        cameo: r.get(c(6))?,
        goldstein: r.get(c(7))?,
        quad_class: r.get(c(8))?,
        modality: Modality::parse(&modality).ok_or_else(|| corrupt(&id, "modality"))?,
        date: r.get(c(10))?,
        date_end: r.get(c(11))?,
        granularity: granularity.as_deref().and_then(Granularity::parse),
        date_basis: DateBasis::parse(&basis).ok_or_else(|| corrupt(&id, "date basis"))?,
        place,
        trigger: Span::new(
            r.get::<_, i64>(c(33))? as usize,
            r.get::<_, i64>(c(34))? as usize,
        ),
        evidence: Span::new(
            r.get::<_, i64>(c(35))? as usize,
            r.get::<_, i64>(c(36))? as usize,
        ),
        reported_by: r.get(c(37))?,
        count: r.get(c(38))?,
        confidence: r.get::<_, f64>(c(39))? as f32,
        outlet: r.get(c(40))?,
        trigger_text: r.get::<_, Option<String>>(c(41))?.unwrap_or_default(),
        evidence_text: r.get::<_, Option<String>>(c(42))?.unwrap_or_default(),
        id,
    })
}

/// What a merged event's `data` column keeps: only what its typed columns and its
/// mentions' event rows do not. A mention is the event row's key when the row tells it
/// exactly (its document, outlet, sentence, evidence and count are read back from the
/// row and its document), else the mention itself, kept whole.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct StoredMerged {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<Granularity>,
    /// The `date` column is the event's own date (not its story's).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dated: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outlets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<String>,
    /// Each mention in order: an event key (> 0), or `-(i + 1)` for `whole[i]`.
    pub mentions: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub whole: Vec<Mention>,
}

/// The columns of `merged_events` a merged event is rebuilt from, `m` being the table.
pub(crate) const MERGED_COLUMNS: &str =
    "m.id, m.type, m.source, m.target, m.date, m.sources, m.goldstein, m.quad_class, m.data";

/// A merged event from a row selected with [`MERGED_COLUMNS`] at column `at`, its
/// mentions still to be filled in ([`fill_mentions`]).
pub(crate) fn merged_from_row(
    r: &Row<'_>,
    at: usize,
) -> Result<(MergedEvent, Vec<(usize, i64)>), StoreError> {
    let id: String = r.get(at)?;
    let ty: String = r.get(at + 1)?;
    let data: Vec<u8> = r.get(at + 8)?;
    let s: StoredMerged = unpack(&id, &data)?;
    let event_type = EventType::parse(&ty).ok_or_else(|| StoreError::Corrupt {
        id: id.clone(),
        message: format!("unknown event type {ty}"),
    })?;
    let date: Option<String> = r.get(at + 4)?;
    let mut whole = s.whole.into_iter();
    let mut keys = Vec::with_capacity(s.mentions.len());
    let mut mentions = Vec::with_capacity(s.mentions.len());
    for k in s.mentions {
        if k > 0 {
            keys.push((mentions.len(), k));
            mentions.push(Mention {
                event: String::new(),
                doc: String::new(),
                outlet: None,
                sentence: 0,
                evidence: String::new(),
                count: None,
            });
        } else {
            mentions.push(whole.next().ok_or_else(|| StoreError::Corrupt {
                id: id.clone(),
                message: "a mention is missing".into(),
            })?);
        }
    }
    Ok((
        MergedEvent {
            event_type,
            mode: s.mode,
            source: r.get(at + 2)?,
            target: r.get(at + 3)?,
            date: date.filter(|_| s.dated),
            granularity: s.granularity,
            goldstein: r.get(at + 6)?,
            quad_class: r.get(at + 7)?,
            sources: r.get::<_, i64>(at + 5)? as usize,
            outlets: s.outlets,
            counts: s.counts,
            mentions,
            id,
        },
        keys,
    ))
}

/// What a mention is read back from: its event's row and document.
pub(crate) const MENTION_SELECT: &str = "SELECT e.id, d.id, d.outlet, e.sentence,
    CAST(substr(CAST(d.text AS BLOB), e.evidence_start + 1, e.evidence_end - e.evidence_start) AS TEXT),
    e.count FROM events e JOIN documents d ON d.key = e.doc";

/// A mention from a row selected with [`MENTION_SELECT`].
fn mention_row(r: &Row<'_>) -> rusqlite::Result<Mention> {
    Ok(Mention {
        event: r.get(0)?,
        doc: r.get(1)?,
        outlet: r.get(2)?,
        sentence: r.get(3)?,
        evidence: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        count: r.get(5)?,
    })
}

/// Put back the mentions a merged event keeps as event keys (`keys`: position, key).
pub(crate) fn fill_mentions(
    conn: &rusqlite::Connection,
    m: &mut MergedEvent,
    keys: &[(usize, i64)],
) -> Result<(), StoreError> {
    if keys.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached(&format!("{MENTION_SELECT} WHERE e.key = ?1"))?;
    for &(at, k) in keys {
        m.mentions[at] = stmt
            .query_row([k], mention_row)
            .map_err(|e| StoreError::Corrupt {
                id: m.id.clone(),
                message: format!("mention of event row {k}: {e}"),
            })?;
    }
    Ok(())
}

/// A merged event as its `data` column keeps it: `lookup` gives, for an event id, its
/// row key and what the row tells of the mention (document, outlet, sentence, count and
/// the evidence's length in bytes).
pub(crate) fn encode_merged(
    m: &MergedEvent,
    dated: bool,
    mut lookup: impl FnMut(&str) -> Result<Option<(i64, MentionFacts)>, StoreError>,
) -> Result<Vec<u8>, StoreError> {
    let mut s = StoredMerged {
        mode: m.mode.clone(),
        granularity: m.granularity,
        dated,
        outlets: m.outlets.clone(),
        counts: m.counts.clone(),
        mentions: Vec::with_capacity(m.mentions.len()),
        whole: Vec::new(),
    };
    for x in &m.mentions {
        let told = match lookup(&x.event)? {
            Some((key, f))
                if f.doc == x.doc
                    && f.outlet == x.outlet
                    && f.sentence == x.sentence
                    && f.count == x.count
                    && f.evidence_len == x.evidence.len() as i64 =>
            {
                Some(key)
            }
            _ => None,
        };
        match told {
            Some(key) => s.mentions.push(key),
            None => {
                s.whole.push(x.clone());
                s.mentions.push(-(s.whole.len() as i64));
            }
        }
    }
    pack(&m.id, &s)
}

/// What an event row tells of a mention of it.
pub(crate) struct MentionFacts {
    pub doc: String,
    pub outlet: Option<String>,
    pub sentence: u32,
    pub count: Option<String>,
    pub evidence_len: i64,
}

/// The event key and mention facts of an event id, for [`encode_merged`].
pub(crate) const MENTION_FACTS: &str = "SELECT e.key, d.id, d.outlet, e.sentence, e.count,
    e.evidence_end - e.evidence_start FROM events e JOIN documents d ON d.key = e.doc WHERE e.id = ?1";

pub(crate) fn mention_facts(r: &Row<'_>) -> rusqlite::Result<(i64, MentionFacts)> {
    Ok((
        r.get(0)?,
        MentionFacts {
            doc: r.get(1)?,
            outlet: r.get(2)?,
            sentence: r.get(3)?,
            count: r.get(4)?,
            evidence_len: r.get(5)?,
        },
    ))
}

/// The brief of an event as a sketch has it (`drumbeat-analyse`'s sketch makes it the
/// same way), its evidence cut from the document's `text` as reading it back does;
/// `None` when the evidence is no span of the text.
pub(crate) fn brief_of(e: &Event, text: &str) -> Option<EventBrief> {
    Some(EventBrief {
        id: e.id.clone(),
        event_type: e.event_type,
        mode: e.mode.clone(),
        source: e.source.as_ref().and_then(|x| x.country.clone()),
        target: e.target.as_ref().and_then(|x| x.country.clone()),
        date: e.date.clone(),
        granularity: e.granularity.filter(|g| *g != Granularity::Day),
        date_basis: e.date_basis,
        sentence: e.sentence,
        evidence: text.get(e.evidence.start..e.evidence.end)?.to_string(),
        count: e.count.clone(),
        goldstein: e.goldstein,
        quad_class: e.quad_class,
    })
}

/// The briefs of a document's asserted events, in the order they were stored: what a
/// sketch kept without its events is given back (`{}` is where more conditions go).
pub(crate) const BRIEF_SELECT: &str = "SELECT e.doc, e.id, e.type, e.mode, e.source_country,
    e.target_country, e.date, e.granularity, e.date_basis, e.sentence,
    CAST(substr(CAST(d.text AS BLOB), e.evidence_start + 1, e.evidence_end - e.evidence_start) AS TEXT),
    e.count, e.goldstein, e.quad_class
    FROM events e JOIN documents d ON d.key = e.doc WHERE e.modality = 'asserted' {}
    ORDER BY e.doc, e.key";

/// A (document key, brief) from a row selected with [`BRIEF_SELECT`].
pub(crate) fn brief_row(r: &Row<'_>) -> rusqlite::Result<(i64, EventBrief)> {
    let id: String = r.get(1)?;
    let ty: String = r.get(2)?;
    let granularity: Option<String> = r.get(7)?;
    let basis: String = r.get(8)?;
    Ok((
        r.get(0)?,
        EventBrief {
            event_type: EventType::parse(&ty).ok_or_else(|| corrupt(&id, "type"))?,
            mode: r.get(3)?,
            source: r.get(4)?,
            target: r.get(5)?,
            date: r.get(6)?,
            granularity: granularity
                .as_deref()
                .and_then(Granularity::parse)
                .filter(|g| *g != Granularity::Day),
            date_basis: DateBasis::parse(&basis).ok_or_else(|| corrupt(&id, "date basis"))?,
            sentence: r.get(9)?,
            evidence: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            count: r.get(11)?,
            goldstein: r.get(12)?,
            quad_class: r.get(13)?,
            id,
        },
    ))
}

/// A sketch as its `data` column keeps it: without its document's id and, when
/// `briefs` (its events are exactly its document's asserted event rows, read back by
/// [`BRIEF_SELECT`]), without its events.
pub(crate) fn pack_sketch(s: &DocSketch, briefs: bool) -> Result<Vec<u8>, StoreError> {
    let bare = DocSketch {
        doc: String::new(),
        path: s.path.clone(),
        outlet: s.outlet.clone(),
        published: s.published.clone(),
        title: s.title.clone(),
        simhash: s.simhash,
        features: s.features.clone(),
        actors: s.actors.clone(),
        events: if briefs { Vec::new() } else { s.events.clone() },
        pending_times: s.pending_times.clone(),
        latest_named_day: s.latest_named_day.clone(),
    };
    pack(&s.doc, &bare)
}

/// Records shorter than this are stored without deflating (it would gain little).
const DEFLATE_FROM: usize = 384;
/// The first byte of a stored record: MessagePack as is, or deflated.
const RAW: u8 = b'M';
const DEFLATED: u8 = b'Z';

thread_local! {
    /// One compressor per thread, reset for each record: making one zeroes a few hundred
    /// kilobytes of state.
    static COMPRESSOR: std::cell::RefCell<miniz_oxide::deflate::core::CompressorOxide> =
        std::cell::RefCell::new(miniz_oxide::deflate::core::CompressorOxide::new(
            miniz_oxide::deflate::core::create_comp_flags_from_zip_params(1, 0, 0),
        ));
}

fn deflate_into(input: &[u8], out: &mut Vec<u8>) {
    use miniz_oxide::deflate::core::{compress, TDEFLFlush, TDEFLStatus};
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let start = out.len();
        out.resize(start + input.len() / 2 + 64, 0);
        let (mut pos, mut input) = (start, input);
        loop {
            let (status, used, wrote) =
                compress(&mut c, input, &mut out[pos..], TDEFLFlush::Finish);
            pos += wrote;
            input = &input[used..];
            match status {
                TDEFLStatus::Done => break,
                TDEFLStatus::Okay => {
                    if out.len() - pos < 64 {
                        let grow = out.len();
                        out.resize(grow * 2, 0);
                    }
                }
                // Only with bad parameters, which are fixed here.
                _ => unreachable!("deflate with fixed parameters does not fail"),
            }
        }
        out.truncate(pos);
    });
}

/// A record as stored in a `data` column: MessagePack with fields by name, deflated
/// when long enough, behind a one-byte tag saying which.
pub(crate) fn pack(id: &str, value: &impl serde::Serialize) -> Result<Vec<u8>, StoreError> {
    let packed = rmp_serde::to_vec_named(value).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        message: e.to_string(),
    })?;
    if packed.len() < DEFLATE_FROM {
        let mut out = Vec::with_capacity(packed.len() + 1);
        out.push(RAW);
        out.extend_from_slice(&packed);
        return Ok(out);
    }
    let mut out = vec![DEFLATED];
    deflate_into(&packed, &mut out);
    Ok(out)
}

/// A record read back from a `data` column written by [`pack`].
pub(crate) fn unpack<T: serde::de::DeserializeOwned>(
    id: &str,
    data: &[u8],
) -> Result<T, StoreError> {
    let corrupt = |message: String| StoreError::Corrupt {
        id: id.to_string(),
        message,
    };
    let inflated;
    let packed = match data.split_first() {
        Some((&RAW, rest)) => rest,
        Some((&DEFLATED, rest)) => {
            inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(rest, MAX_RECORD)
                .map_err(|e| corrupt(format!("record does not inflate: {e}")))?;
            &inflated
        }
        _ => return Err(corrupt("record has no known encoding tag".into())),
    };
    rmp_serde::from_slice(packed).map_err(|e| corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_short_and_long_and_bad_bytes_are_errors() {
        for n in [0usize, 3, 2_000] {
            let v: Vec<String> = (0..n).map(|i| format!("word {i}")).collect();
            let b = pack("x", &v).unwrap();
            assert_eq!(b[0], if n < 10 { RAW } else { DEFLATED });
            assert_eq!(unpack::<Vec<String>>("x", &b).unwrap(), v);
        }
        for bad in [&b""[..], b"Q123", b"Z\x00\x01", b"M\xc1"] {
            assert!(matches!(
                unpack::<Vec<String>>("x", bad),
                Err(StoreError::Corrupt { .. })
            ));
        }
    }
}
