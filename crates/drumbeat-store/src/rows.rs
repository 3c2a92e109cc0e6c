//! How documents and events are laid out in rows (schema 10).
//!
//! Each fact is kept once:
//! - a document's text is one column; its annotations (sentences, boilerplate, actors,
//!   people, places, times, numbers, quotes: all spans into that text) are one
//!   deflated MessagePack value beside it, the mentions as rows of values without field
//!   names, without the text (a mention's words are read back from its span when they
//!   are the span's) and without the id, title, URL and date its row's columns hold;
//! - an event is a row of typed columns; its evidence sentence and trigger are spans
//!   into its document's text, read back with the text, and its outlet is its
//!   document's;
//! - a sketch keeps no copy of its document's asserted events, and a merged event none
//!   of the event rows that tell it: both are read back from the event rows.
//!
//! Rows are keyed by integers; the content id (a hash) is a unique column.

use drumbeat_model::{
    ActorKind, ActorMention, Annotated, CleanDoc, DateBasis, DocSketch, Document, DyadDay, Event,
    EventActor, EventBrief, EventPlace, EventType, Granularity, Mention, MergedEvent, Modality,
    NumberMention, Person, PlaceMention, Quote, Role, Sentence, Span, Speaker, TimeExpr,
    TimeMention,
};
use rusqlite::Row;

use crate::StoreError;

/// The most a stored record may inflate to (a guard against a corrupt row).
const MAX_RECORD: usize = 1 << 30;

/// A text kept beside its span: `None` when it is the text the span cuts from the
/// document (read back from there), else the text itself.
fn kept(text: &str, doc: &str, span: Span) -> Option<String> {
    (doc.get(span.start..span.end) != Some(text)).then(|| text.to_string())
}

/// A text read back: its own, else what its span cuts from the document.
fn given(kept: Option<String>, doc: &str, span: Span, id: &str) -> Result<String, StoreError> {
    match kept {
        Some(t) => Ok(t),
        None => doc
            .get(span.start..span.end)
            .map(str::to_string)
            .ok_or_else(|| StoreError::Corrupt {
                id: id.to_string(),
                message: format!("span {}..{} is not in the text", span.start, span.end),
            }),
    }
}

type Sp = (usize, usize);
fn sp(s: Span) -> Sp {
    (s.start, s.end)
}
fn span(s: Sp) -> Span {
    Span::new(s.0, s.1)
}

/// Sentences: span, paragraph, headline.
type StoredSentence = (Sp, u32, bool);
/// Actor mentions: span, text, sentence, kind, code, country, role, person, basis.
type StoredActor = (
    Sp,
    Option<String>,
    u32,
    ActorKind,
    String,
    Option<String>,
    Option<Role>,
    Option<u32>,
    String,
);
/// Places: span, text, sentence, name, country, kind, latitude, longitude.
type StoredPlace = (Sp, Option<String>, u32, String, String, String, f64, f64);
/// Times: span, text, sentence, expression, start, end, granularity.
type StoredTime = (
    Sp,
    Option<String>,
    u32,
    TimeExpr,
    Option<String>,
    Option<String>,
    Granularity,
);
/// Numbers: span, text, sentence, value, low, high, qualifier, what.
type StoredNumber = (
    Sp,
    Option<String>,
    u32,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<String>,
    Option<String>,
);
/// Speakers: name, span, code, person.
type StoredSpeaker = (Option<String>, Sp, Option<String>, Option<u32>);
/// Quotes: span, text, sentence, speaker, relay, fragment, parts, basis.
type StoredQuote = (
    Sp,
    Option<String>,
    u32,
    Option<StoredSpeaker>,
    Option<String>,
    bool,
    Vec<Sp>,
    Option<String>,
);

/// A document's annotations as its `ann` column keeps them: the mentions as rows of
/// values (no field names), each text that is the span of the document's text it names
/// left out, and the document's id, title, URL and publication date left out when they
/// are the row's columns (`from_row`, a bit each).
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredAnnotations {
    doc: CleanDoc,
    from_row: u8,
    sentences: Vec<StoredSentence>,
    actors: Vec<StoredActor>,
    people: Vec<Person>,
    places: Vec<StoredPlace>,
    times: Vec<StoredTime>,
    numbers: Vec<StoredNumber>,
    quotes: Vec<StoredQuote>,
}

const ID_FROM_ROW: u8 = 1;
const TITLE_FROM_ROW: u8 = 2;
const URL_FROM_ROW: u8 = 4;
const PUBLISHED_FROM_ROW: u8 = 8;

/// The columns of a `documents` row a document is read back from.
pub(crate) struct DocumentRow {
    pub id: String,
    pub text: String,
    pub ann: Vec<u8>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
}

/// What a query selects for [`document_row`], `d` being the documents table.
pub(crate) const DOCUMENT_COLUMNS: &str = "d.id, d.text, d.ann, d.title, d.url, d.published";

pub(crate) fn document_row(r: &Row<'_>) -> rusqlite::Result<DocumentRow> {
    Ok(DocumentRow {
        id: r.get(0)?,
        text: r.get(1)?,
        ann: r.get(2)?,
        title: r.get(3)?,
        url: r.get(4)?,
        published: r.get(5)?,
    })
}

/// The annotations of a document as stored ([`StoredAnnotations`]), MessagePack,
/// deflated; `row` are the columns it is stored beside (its text is not read).
pub(crate) fn encode_annotations(a: &Annotated, row: &DocumentRow) -> Result<Vec<u8>, StoreError> {
    let d = &a.doc.document;
    let text = d.text.as_str();
    let mut from_row = 0;
    let mut col = |bit: u8, same: bool| {
        if same {
            from_row |= bit;
        }
        same
    };
    let id = !col(ID_FROM_ROW, d.id == row.id);
    let title = !col(TITLE_FROM_ROW, d.title == row.title);
    let url = !col(URL_FROM_ROW, d.url == row.url);
    let published = !col(PUBLISHED_FROM_ROW, d.published == row.published);
    let stored = StoredAnnotations {
        doc: CleanDoc {
            document: Document {
                id: if id { d.id.clone() } else { String::new() },
                origin: d.origin.clone(),
                title: d.title.clone().filter(|_| title),
                url: d.url.clone().filter(|_| url),
                outlet: d.outlet.clone(),
                published: d.published.clone().filter(|_| published),
                header: d.header,
                text: String::new(),
            },
            outlet: a.doc.outlet.clone(),
            outlet_basis: a.doc.outlet_basis,
            boilerplate: a.doc.boilerplate.clone(),
            sentences: Vec::new(),
        },
        from_row,
        sentences: a
            .doc
            .sentences
            .iter()
            .map(|s| (sp(s.span), s.paragraph, s.headline))
            .collect(),
        actors: a
            .actors
            .iter()
            .map(|m| {
                (
                    sp(m.span),
                    kept(&m.text, text, m.span),
                    m.sentence,
                    m.kind,
                    m.code.clone(),
                    m.country.clone(),
                    m.role,
                    m.person,
                    m.basis.clone(),
                )
            })
            .collect(),
        people: a.people.clone(),
        places: a
            .places
            .iter()
            .map(|p| {
                (
                    sp(p.span),
                    kept(&p.text, text, p.span),
                    p.sentence,
                    p.name.clone(),
                    p.country.clone(),
                    p.kind.clone(),
                    p.lat,
                    p.lon,
                )
            })
            .collect(),
        times: a
            .times
            .iter()
            .map(|t| {
                (
                    sp(t.span),
                    kept(&t.text, text, t.span),
                    t.sentence,
                    t.expr,
                    t.start.clone(),
                    t.end.clone(),
                    t.granularity,
                )
            })
            .collect(),
        numbers: a
            .numbers
            .iter()
            .map(|n| {
                (
                    sp(n.span),
                    kept(&n.text, text, n.span),
                    n.sentence,
                    n.value,
                    n.low,
                    n.high,
                    n.qualifier.clone(),
                    n.what.clone(),
                )
            })
            .collect(),
        quotes: a
            .quotes
            .iter()
            .map(|q| {
                (
                    sp(q.span),
                    kept(&q.text, text, q.span),
                    q.sentence,
                    q.speaker.as_ref().map(|s| {
                        (
                            kept(&s.name, text, s.span),
                            sp(s.span),
                            s.code.clone(),
                            s.person,
                        )
                    }),
                    q.relay.clone(),
                    q.fragment,
                    q.parts.iter().map(|&p| sp(p)).collect(),
                    q.basis.clone(),
                )
            })
            .collect(),
    };
    pack(&d.id, &stored)
}

/// A stored document: its annotations given back their text and what its row holds.
pub(crate) fn decode_document(row: DocumentRow) -> Result<Annotated, StoreError> {
    let s: StoredAnnotations = unpack(&row.id, &row.ann)?;
    let id = row.id.as_str();
    let text = row.text.as_str();
    let mut doc = s.doc;
    let d = &mut doc.document;
    if s.from_row & ID_FROM_ROW != 0 {
        d.id = row.id.clone();
    }
    if s.from_row & TITLE_FROM_ROW != 0 {
        d.title = row.title;
    }
    if s.from_row & URL_FROM_ROW != 0 {
        d.url = row.url;
    }
    if s.from_row & PUBLISHED_FROM_ROW != 0 {
        d.published = row.published;
    }
    doc.sentences = s
        .sentences
        .into_iter()
        .map(|(sp, paragraph, headline)| Sentence {
            span: span(sp),
            paragraph,
            headline,
        })
        .collect();
    let actors = s
        .actors
        .into_iter()
        .map(
            |(sp, t, sentence, kind, code, country, role, person, basis)| {
                Ok(ActorMention {
                    text: given(t, text, span(sp), id)?,
                    span: span(sp),
                    sentence,
                    kind,
                    code,
                    country,
                    role,
                    person,
                    basis,
                })
            },
        )
        .collect::<Result<_, StoreError>>()?;
    let places = s
        .places
        .into_iter()
        .map(|(sp, t, sentence, name, country, kind, lat, lon)| {
            Ok(PlaceMention {
                text: given(t, text, span(sp), id)?,
                span: span(sp),
                sentence,
                name,
                country,
                kind,
                lat,
                lon,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let times = s
        .times
        .into_iter()
        .map(|(sp, t, sentence, expr, start, end, granularity)| {
            Ok(TimeMention {
                text: given(t, text, span(sp), id)?,
                span: span(sp),
                sentence,
                expr,
                start,
                end,
                granularity,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let numbers = s
        .numbers
        .into_iter()
        .map(|(sp, t, sentence, value, low, high, qualifier, what)| {
            Ok(NumberMention {
                text: given(t, text, span(sp), id)?,
                span: span(sp),
                sentence,
                value,
                low,
                high,
                qualifier,
                what,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let quotes = s
        .quotes
        .into_iter()
        .map(
            |(sp, t, sentence, speaker, relay, fragment, parts, basis)| {
                let speaker = match speaker {
                    Some((name, ssp, code, person)) => Some(Speaker {
                        name: given(name, text, span(ssp), id)?,
                        span: span(ssp),
                        code,
                        person,
                    }),
                    None => None,
                };
                Ok(Quote {
                    text: given(t, text, span(sp), id)?,
                    span: span(sp),
                    sentence,
                    speaker,
                    relay,
                    fragment,
                    parts: parts.into_iter().map(span).collect(),
                    basis,
                })
            },
        )
        .collect::<Result<_, StoreError>>()?;
    doc.document.text = row.text;
    Ok(Annotated {
        doc,
        actors,
        people: s.people,
        places,
        times,
        numbers,
        quotes,
    })
}

/// A document's annotations as schema 9 kept them (the whole record by field names,
/// without its text), for the migration.
pub(crate) fn decode_document_v9(row: DocumentRow) -> Result<Annotated, StoreError> {
    let mut a: Annotated = unpack(&row.id, &row.ann)?;
    a.doc.document.text = row.text;
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
    e.source_code, e.source_country, e.source_role,
    coalesce(e.source_name, CAST(substr(CAST(d.text AS BLOB), e.source_start + 1, e.source_end - e.source_start) AS TEXT)),
    e.source_start, e.source_end, e.source_also,
    e.target_code, e.target_country, e.target_role,
    coalesce(e.target_name, CAST(substr(CAST(d.text AS BLOB), e.target_start + 1, e.target_end - e.target_start) AS TEXT)),
    e.target_start, e.target_end, e.target_also,
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

/// Bind an event's row: `doc` is its document's row key, `text` its text when known.
pub(crate) fn insert_event(
    stmt: &mut rusqlite::CachedStatement<'_>,
    doc: i64,
    e: &Event,
    text: Option<&str>,
) -> rusqlite::Result<usize> {
    use rusqlite::types::ToSql;
    let (src, tgt, place) = (e.source.as_ref(), e.target.as_ref(), e.place.as_ref());
    let (src_also, tgt_also) = (
        src.and_then(|a| also_text(&a.also)),
        tgt.and_then(|a| also_text(&a.also)),
    );
    let granularity = e.granularity.map(|g| g.as_str());
    // A side's name is left out when it is the words its span names in `text`.
    fn name<'a>(a: Option<&'a EventActor>, text: Option<&str>) -> Option<&'a str> {
        a.filter(|a| text.and_then(|t| t.get(a.span.start..a.span.end)) != Some(a.name.as_str()))
            .map(|a| a.name.as_str())
    }
    let (src_name, tgt_name) = (name(src, text), name(tgt, text));
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
        &src_name,
        &src.map(|a| a.span.start as i64),
        &src.map(|a| a.span.end as i64),
        &src_also,
        &tgt.map(|a| a.code.as_str()),
        &tgt.and_then(|a| a.country.as_deref()),
        &tgt.and_then(|a| a.role.map(|r| r.as_str())),
        &tgt_name,
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

/// The brief of an event as a sketch has it, its evidence cut from the document's
/// `text` as reading it back does; `None` when the evidence is no span of the text.
pub(crate) fn brief_of(e: &Event, text: &str) -> Option<EventBrief> {
    let evidence = text.get(e.evidence.start..e.evidence.end)?.to_string();
    Some(EventBrief::of(e, evidence))
}

/// The briefs of documents' asserted events, in document order and, within one, in the
/// order they were stored: what a sketch kept without its events is given back (`{}` is
/// where more conditions go). The evidence is cut from the document's text by
/// [`with_evidence`], the text read once a document.
pub(crate) const BRIEF_SELECT: &str = "SELECT e.doc, e.id, e.type, e.mode, e.source_country,
    e.target_country, e.date, e.granularity, e.date_basis, e.sentence, e.evidence_start,
    e.evidence_end, e.count, e.goldstein, e.quad_class
    FROM events e WHERE e.modality = 'asserted' {}
    ORDER BY e.doc, e.key";

/// A (document key, brief still without its evidence, the evidence's span) from a row
/// selected with [`BRIEF_SELECT`].
pub(crate) fn brief_row(r: &Row<'_>) -> rusqlite::Result<(i64, EventBrief, Span)> {
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
            evidence: String::new(),
            count: r.get(12)?,
            goldstein: r.get(13)?,
            quad_class: r.get(14)?,
            id,
        },
        Span::new(r.get::<_, i64>(10)? as usize, r.get::<_, i64>(11)? as usize),
    ))
}

/// A brief given its evidence, cut from its document's `text` (`None` when the span is
/// not in the text).
pub(crate) fn with_evidence(mut b: EventBrief, span: Span, text: &str) -> Option<EventBrief> {
    b.evidence = text.get(span.start..span.end)?.to_string();
    Some(b)
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

/// What a day of the watch keeps in its `data` column, beside its columns (dyad, day,
/// index, z-score, events): by type, by direction, by quad class, Goldstein sum,
/// sources, baseline.
type StoredDay = (
    std::collections::BTreeMap<String, usize>,
    std::collections::BTreeMap<String, usize>,
    [usize; 4],
    f64,
    usize,
    f64,
);

pub(crate) fn pack_day(d: &DyadDay) -> Result<Vec<u8>, StoreError> {
    pack(
        &d.dyad,
        &(
            &d.by_type,
            &d.directed,
            d.quad,
            d.goldstein,
            d.sources,
            d.baseline,
        ),
    )
}

/// What a query selects for [`day_row`].
pub(crate) const DAY_COLUMNS: &str = "dyad, day, idx, z, events, data";

/// A day of the watch from a row selected with [`DAY_COLUMNS`].
pub(crate) fn day_row(r: &Row<'_>) -> Result<DyadDay, StoreError> {
    let dyad: String = r.get(0)?;
    let (by_type, directed, quad, goldstein, sources, baseline): StoredDay =
        unpack(&dyad, &r.get::<_, Vec<u8>>(5)?)?;
    Ok(DyadDay {
        day: r.get(1)?,
        index: r.get(2)?,
        z: r.get(3)?,
        events: r.get::<_, i64>(4)? as usize,
        by_type,
        directed,
        quad,
        goldstein,
        sources,
        baseline,
        dyad,
    })
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
