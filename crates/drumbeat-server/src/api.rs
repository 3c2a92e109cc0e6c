//! The JSON API. Every endpoint is in [`ENDPOINTS`]; its parameters are checked against
//! that table and the OpenAPI document ([`openapi`]) is made from it. Lists answer
//! `{"items": [...], "limit", "offset", "next_offset"}`; errors answer
//! `{"error": {"code", "message", "parameter"}}` with the right status.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use drumbeat_model::Dyad;
use drumbeat_store::{
    Browse, DocQuery, EventQuery, MergedQuery, PeopleQuery, QuoteQuery, Store, StoryQuery,
};
use serde_json::{json, Value};

use crate::params::{check_value, Endpoint, Kind, Param, Params, LIMIT, OFFSET};
use crate::{ApiError, Pool};

const SINCE: Param = Param {
    name: "since",
    kind: Kind::Date,
    doc: "Only on or after this day (YYYY-MM-DD).",
};
const UNTIL: Param = Param {
    name: "until",
    kind: Kind::Date,
    doc: "Only on or before this day (YYYY-MM-DD).",
};
const TYPE: Param = Param {
    name: "type",
    kind: Kind::EventType,
    doc: "A PLOVER event type (AGREE, CONSULT, ..., ASSAULT).",
};
const ACTOR: Param = Param {
    name: "actor",
    kind: Kind::Code,
    doc: "A country or organisation code on either side (RUS, NATO).",
};
const ID: Option<(&str, Kind, &str)> = Some((
    "id",
    Kind::Id,
    "An id, or a unique prefix of one for documents and stories.",
));

/// Every API endpoint, in the order the OpenAPI document lists them.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        path: "/api/stats",
        summary: "What the store holds: documents, events, merged events, stories, alerts, and the days the watch covers.",
        params: &[],
        path_param: None,
    },
    Endpoint {
        path: "/api/documents",
        summary: "Documents, by publication date; with `q`, those whose title or text has every word of it, best first.",
        params: &[
            Param { name: "q", kind: Kind::Text, doc: "Words every document must contain (full-text search)." },
            SINCE,
            UNTIL,
            Param { name: "outlet", kind: Kind::Text, doc: "Only this outlet (exact name)." },
            LIMIT,
            OFFSET,
        ],
        path_param: None,
    },
    Endpoint {
        path: "/api/documents/{id}",
        summary: "One document: its text, boilerplate, sentences, annotations, origins, events and story.",
        params: &[],
        path_param: ID,
    },
    Endpoint {
        path: "/api/events",
        summary: "Events as each document tells them, with their evidence (asserted acts only unless `all`).",
        params: &[
            Param { name: "dyad", kind: Kind::Dyad, doc: "SOURCE-TARGET, e.g. RUS-UKR." },
            Param { name: "undirected", kind: Kind::Bool, doc: "Match the dyad in both directions." },
            ACTOR,
            TYPE,
            SINCE,
            UNTIL,
            Param { name: "doc", kind: Kind::Id, doc: "Only events of this document (id or prefix)." },
            Param { name: "q", kind: Kind::Text, doc: "Words the evidence sentence must contain." },
            Param { name: "all", kind: Kind::Bool, doc: "Include negated, denied, conditional, hypothetical, embedded and background acts." },
            Param { name: "min_confidence", kind: Kind::Fraction, doc: "Only events at least this confident (0-1; the confidence is calibrated: about the share of such events that are right)." },
            LIMIT,
            OFFSET,
        ],
        path_param: None,
    },
    Endpoint {
        path: "/api/events/{id}",
        summary: "One event (a mention in one document) and the merged event it belongs to.",
        params: &[],
        path_param: ID,
    },
    Endpoint {
        path: "/api/merged",
        summary: "Merged events: one act told by several documents, with every source, newest first.",
        params: &[
            Param { name: "dyad", kind: Kind::Dyad, doc: "An unordered pair, e.g. RUS-UKR (either direction)." },
            ACTOR,
            TYPE,
            SINCE,
            UNTIL,
            Param { name: "story", kind: Kind::Id, doc: "Only events of this story." },
            LIMIT,
            OFFSET,
        ],
        path_param: None,
    },
    Endpoint {
        path: "/api/merged/{id}",
        summary: "One merged event with every mention: document, outlet, sentence and byte offsets of the evidence.",
        params: &[],
        path_param: ID,
    },
    Endpoint {
        path: "/api/quotes",
        summary: "Direct quotes with speaker, the outlet they came through and their evidence.",
        params: &[
            Param { name: "speaker", kind: Kind::Text, doc: "Speaker name contains this." },
            Param { name: "text", kind: Kind::Text, doc: "The quoted words contain this (any case)." },
            Param { name: "doc", kind: Kind::Id, doc: "Only quotes of this document (id or prefix)." },
            Param { name: "fragments", kind: Kind::Bool, doc: "Include fragments (scare quotes)." },
            LIMIT,
            OFFSET,
        ],
        path_param: None,
    },
    Endpoint {
        path: "/api/actors",
        summary: "People merged across documents and spellings, with every mention.",
        params: &[
            Param { name: "name", kind: Kind::Text, doc: "Name or a variant contains this." },
            Param { name: "code", kind: Kind::Code, doc: "A CAMEO-style code (RUSGOV) or a country (RUS)." },
            LIMIT,
        ],
        path_param: None,
    },
    Endpoint {
        path: "/api/stories",
        summary: "Stories (documents about one happening), newest first.",
        params: &[
            SINCE,
            UNTIL,
            ACTOR,
            Param { name: "min_documents", kind: Kind::Int { min: 1, max: 10_000, default: 1 }, doc: "Only stories told by at least this many documents." },
            LIMIT,
            OFFSET,
        ],
        path_param: None,
    },
    Endpoint {
        path: "/api/stories/{id}",
        summary: "One story: documents with outlets and inferred dates, merged events with every source.",
        params: &[],
        path_param: ID,
    },
    Endpoint {
        path: "/api/dyads",
        summary: "Dyads with events in the last `days` days of the watch, those departing most from their baseline first.",
        params: &[
            Param { name: "days", kind: Kind::Int { min: 1, max: 3650, default: 30 }, doc: "The window, in days up to the last day of the watch." },
            LIMIT,
        ],
        path_param: None,
    },
    Endpoint {
        path: "/api/dyads/{dyad}/series",
        summary: "A dyad's daily series: events by type and QuadClass, Goldstein sum, sources, escalation index, baseline and z.",
        params: &[SINCE, UNTIL],
        path_param: Some(("dyad", Kind::Dyad, "An unordered pair, e.g. RUS-UKR.")),
    },
    Endpoint {
        path: "/api/alerts",
        summary: "Escalation alerts, newest first, each with the events that drove it.",
        params: &[
            Param { name: "dyad", kind: Kind::Dyad, doc: "An unordered pair, e.g. RUS-UKR." },
            SINCE,
            LIMIT,
        ],
        path_param: None,
    },
    Endpoint {
        path: "/api/openapi.json",
        summary: "This document.",
        params: &[],
        path_param: None,
    },
];

fn endpoint(path: &str) -> &'static Endpoint {
    ENDPOINTS
        .iter()
        .find(|e| e.path == path)
        .unwrap_or(&ENDPOINTS[0])
}

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;
type Res = Result<Json<Value>, ApiError>;

fn params(path: &str, q: Q) -> Result<Params, ApiError> {
    let Query(raw) =
        q.map_err(|e| ApiError::bad("query", format!("unreadable query string: {e}")))?;
    Params::check(raw, endpoint(path).params)
}

fn path_value(path: &str, v: &str) -> Result<(), ApiError> {
    match endpoint(path).path_param {
        Some((name, kind, _)) => check_value(name, kind, v),
        None => Ok(()),
    }
}

/// A page of a list: one more item than asked is fetched to know whether there is more.
fn page<T: serde::Serialize>(mut items: Vec<T>, limit: u64, offset: u64) -> Value {
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    json!({
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": if more { Some(offset + limit) } else { None },
    })
}

pub fn routes() -> Router<Arc<Pool>> {
    Router::new()
        .route("/api/stats", get(stats))
        .route("/api/documents", get(documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/merged", get(merged))
        .route("/api/merged/{id}", get(merged_one))
        .route("/api/quotes", get(quotes))
        .route("/api/actors", get(actors))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/dyads", get(dyads))
        .route("/api/dyads/{dyad}/series", get(series))
        .route("/api/alerts", get(alerts))
        .route("/api/openapi.json", get(openapi_json))
        // Where tools look for it first.
        .route("/openapi.json", get(openapi_json))
        .route("/api", get(openapi_json))
        .route("/api/", get(openapi_json))
}

async fn stats(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    params("/api/stats", q)?;
    pool.run(|s| Ok(Json(json!(s.stats()?)))).await
}

async fn documents(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    let p = params("/api/documents", q)?;
    pool.run(move |s| {
        let (limit, offset) = (p.limit(), p.offset());
        if let Some(text) = p.text("q") {
            let rows = s.search_documents(&text, limit + 1, offset)?;
            return Ok(Json(page(rows, limit, offset)));
        }
        let docs = s.documents(&DocQuery {
            limit: Some(limit + 1),
            offset,
            since: p.text("since"),
            until: p.text("until"),
            outlet: p.text("outlet"),
        })?;
        let rows: Vec<Value> = docs
            .iter()
            .map(|a| {
                let d = &a.doc;
                json!({
                    "id": d.document.id, "published": d.document.published, "outlet": d.outlet,
                    "title": d.document.title, "path": d.document.origin.path,
                    "sentences": d.sentences.len(), "events_hint": a.actors.len(),
                })
            })
            .collect();
        Ok(Json(page(rows, limit, offset)))
    })
    .await
}

async fn document(State(pool): State<Arc<Pool>>, Path(id): Path<String>, q: Q) -> Res {
    params("/api/documents/{id}", q)?;
    path_value("/api/documents/{id}", &id)?;
    pool.run(move |s| {
        let a = s
            .document(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no document with id {id}")))?;
        let doc_id = a.doc.document.id.clone();
        let events = s.events(&EventQuery {
            all_modalities: true,
            doc: Some(doc_id.clone()),
            ..Default::default()
        })?;
        Ok(Json(json!({
            "document": a.doc,
            "annotations": {"actors": a.actors, "people": a.people, "places": a.places, "times": a.times, "numbers": a.numbers, "quotes": a.quotes},
            "origins": s.origins(&doc_id)?,
            "events": events,
            "story": s.story_of(&doc_id)?,
        })))
    })
    .await
}

async fn events(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    let p = params("/api/events", q)?;
    pool.run(move |s| {
        let (limit, offset) = (p.limit(), p.offset());
        let (source, target) = p.dyad("dyad").map(|d| (d.a, d.b)).unzip();
        let evs = s.events(&EventQuery {
            limit: Some(limit + 1),
            offset,
            source,
            target,
            undirected: p.flag("undirected"),
            event_type: p.code("type"),
            since: p.text("since"),
            until: p.text("until"),
            all_modalities: p.flag("all"),
            doc: p.text("doc").map(|d| d.to_ascii_lowercase()),
            actor: p.code("actor"),
            text: p.text("q"),
            min_confidence: p.fraction("min_confidence"),
        })?;
        Ok(Json(page(evs, limit, offset)))
    })
    .await
}

async fn event(State(pool): State<Arc<Pool>>, Path(id): Path<String>, q: Q) -> Res {
    params("/api/events/{id}", q)?;
    path_value("/api/events/{id}", &id)?;
    pool.run(move |s| {
        let e = s
            .event(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no event with id {id}")))?;
        Ok(Json(json!({"event": e, "merged": s.merged_of(&id)?})))
    })
    .await
}

fn merged_query(p: &Params) -> MergedQuery {
    MergedQuery {
        limit: Some(p.limit() + 1),
        offset: p.offset(),
        dyad: p.dyad("dyad").map(|d| d.key()),
        actor: p.code("actor"),
        event_type: p.code("type"),
        since: p.text("since"),
        until: p.text("until"),
        story: p.text("story").map(|x| x.to_ascii_lowercase()),
        ..Default::default()
    }
}

async fn merged(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    let p = params("/api/merged", q)?;
    pool.run(move |s| {
        let rows = s.merged_events(&merged_query(&p))?;
        Ok(Json(page(rows, p.limit(), p.offset())))
    })
    .await
}

/// A merged event with each mention's raw event (trigger and evidence spans).
pub fn merged_detail(s: &drumbeat_store::SqliteStore, id: &str) -> Result<Option<Value>, ApiError> {
    let Some(row) = s.merged_event(id)? else {
        return Ok(None);
    };
    let mut mentions = Vec::new();
    for m in &row.event.mentions {
        let e = s.event(&m.event)?;
        mentions.push(json!({
            "event": m.event, "doc": m.doc, "outlet": m.outlet, "sentence": m.sentence,
            "evidence": m.evidence, "count": m.count,
            "evidence_span": e.as_ref().map(|e| e.evidence),
            "trigger_span": e.as_ref().map(|e| e.trigger),
            "trigger": e.as_ref().map(|e| e.trigger_text.clone()),
            "source": e.as_ref().and_then(|e| e.source.clone()),
            "target": e.as_ref().and_then(|e| e.target.clone()),
            "cameo": e.as_ref().map(|e| e.cameo.clone()),
            "reported_by": e.as_ref().and_then(|e| e.reported_by.clone()),
        }));
    }
    let mut v = json!(row);
    v["mentions"] = json!(mentions);
    Ok(Some(v))
}

async fn merged_one(State(pool): State<Arc<Pool>>, Path(id): Path<String>, q: Q) -> Res {
    params("/api/merged/{id}", q)?;
    path_value("/api/merged/{id}", &id)?;
    pool.run(move |s| {
        merged_detail(s, &id)?
            .map(Json)
            .ok_or_else(|| ApiError::not_found(format!("no merged event with id {id}")))
    })
    .await
}

async fn quotes(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    let p = params("/api/quotes", q)?;
    pool.run(move |s| {
        let (limit, offset) = (p.limit(), p.offset());
        let rows = s.quotes(&QuoteQuery {
            limit: Some(limit + 1),
            offset,
            speaker: p.text("speaker"),
            fragments: p.flag("fragments"),
            doc: p.text("doc").map(|d| d.to_ascii_lowercase()),
            text: p.text("text"),
        })?;
        Ok(Json(page(rows, limit, offset)))
    })
    .await
}

async fn actors(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    let p = params("/api/actors", q)?;
    pool.run(move |s| {
        let limit = p.limit();
        let rows = s.people(&PeopleQuery {
            limit: Some(limit),
            name: p.text("name"),
            code: p.code("code"),
        })?;
        Ok(Json(page(rows, limit, 0)))
    })
    .await
}

async fn stories(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    let p = params("/api/stories", q)?;
    pool.run(move |s| {
        let (limit, offset) = (p.limit(), p.offset());
        let min = endpoint("/api/stories").params[3];
        let rows = s.stories(&StoryQuery {
            limit: Some(limit + 1),
            offset,
            since: p.text("since"),
            until: p.text("until"),
            actor: p.code("actor"),
            min_documents: Some(p.int(&min) as u64),
        })?;
        Ok(Json(page(rows, limit, offset)))
    })
    .await
}

async fn story(State(pool): State<Arc<Pool>>, Path(id): Path<String>, q: Q) -> Res {
    params("/api/stories/{id}", q)?;
    path_value("/api/stories/{id}", &id)?;
    pool.run(move |s| {
        s.story(&id)?
            .map(|st| Json(json!(st)))
            .ok_or_else(|| ApiError::not_found(format!("no story with id {id}")))
    })
    .await
}

async fn dyads(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    let p = params("/api/dyads", q)?;
    pool.run(move |s| {
        let days = endpoint("/api/dyads").params[0];
        let rows = s.dyad_summaries(p.int(&days), p.limit())?;
        Ok(Json(page(rows, u64::MAX, 0)))
    })
    .await
}

async fn series(State(pool): State<Arc<Pool>>, Path(dyad): Path<String>, q: Q) -> Res {
    let p = params("/api/dyads/{dyad}/series", q)?;
    path_value("/api/dyads/{dyad}/series", &dyad)?;
    let key = Dyad::parse(&dyad).map(|d| d.key()).unwrap_or_default();
    pool.run(move |s| {
        let until = p.text("until");
        let days: Vec<_> = s
            .dyad_days(Some(&key), p.text("since").as_deref())?
            .into_iter()
            .filter(|d| until.as_deref().is_none_or(|u| d.day.as_str() <= u))
            .collect();
        Ok(Json(json!({"dyad": key, "days": days})))
    })
    .await
}

async fn alerts(State(pool): State<Arc<Pool>>, q: Q) -> Res {
    let p = params("/api/alerts", q)?;
    pool.run(move |s| {
        let limit = p.limit();
        let dyad = p.dyad("dyad").map(|d| d.key());
        let rows = s.alerts(dyad.as_deref(), p.text("since").as_deref(), Some(limit + 1))?;
        Ok(Json(page(rows, limit, 0)))
    })
    .await
}

async fn openapi_json(q: Q) -> Res {
    params("/api/openapi.json", q)?;
    Ok(Json(openapi()))
}

fn schema_of(kind: Kind) -> Value {
    match kind {
        Kind::Text => json!({"type": "string", "maxLength": 200}),
        Kind::Date => {
            json!({"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"})
        }
        Kind::Code => json!({"type": "string", "pattern": "^[A-Za-z0-9]{2,12}$"}),
        Kind::Dyad => json!({"type": "string", "pattern": "^[A-Za-z0-9]{2,12}-[A-Za-z0-9]{2,12}$"}),
        Kind::EventType => json!({"type": "string", "enum": crate::params::PLOVER_TYPES}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Int { min, max, default } => {
            json!({"type": "integer", "minimum": min, "maximum": max, "default": default})
        }
        Kind::Id => json!({"type": "string", "pattern": "^[0-9a-fA-F]{1,64}$"}),
        Kind::Fraction => json!({"type": "number", "minimum": 0, "maximum": 1}),
    }
}

/// A paged list of `items` as [`page`] writes it.
fn paged(items: Value) -> Value {
    json!({"type": "object", "required": ["items", "limit", "offset", "next_offset"],
        "properties": {"items": {"type": "array", "items": items},
            "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "next_offset": {"type": "integer", "nullable": true,
                "description": "The offset of the next page; null on the last."}}})
}

/// The schema of an endpoint's answer: the stored types' schemas (from their Rust
/// definitions, so they cannot drift from what is served) and the few objects the API
/// assembles itself.
fn response_schema(path: &str, g: &mut schemars::SchemaGenerator) -> Value {
    use drumbeat_model as m;
    use drumbeat_store as st;
    let r = |s: schemars::Schema| s.to_value();
    let string_or_null = json!({"type": "string", "nullable": true});
    match path {
        "/api/stats" => r(g.subschema_for::<st::Stats>()),
        "/api/documents" => paged(json!({"type": "object", "required": ["id"],
            "properties": {"id": {"type": "string"}, "published": string_or_null, "outlet": string_or_null,
                "title": string_or_null, "path": {"type": "string"},
                "sentences": {"type": "integer"}, "events_hint": {"type": "integer"}}})),
        "/api/documents/{id}" => json!({"type": "object",
            "required": ["document", "annotations", "origins", "events", "story"],
            "properties": {
                "document": r(g.subschema_for::<m::CleanDoc>()),
                "annotations": {"type": "object", "properties": {
                    "actors": r(g.subschema_for::<Vec<m::ActorMention>>()),
                    "people": r(g.subschema_for::<Vec<m::Person>>()),
                    "places": r(g.subschema_for::<Vec<m::PlaceMention>>()),
                    "times": r(g.subschema_for::<Vec<m::TimeMention>>()),
                    "numbers": r(g.subschema_for::<Vec<m::NumberMention>>()),
                    "quotes": r(g.subschema_for::<Vec<m::Quote>>())}},
                "origins": r(g.subschema_for::<Vec<m::Origin>>()),
                "events": r(g.subschema_for::<Vec<m::Event>>()),
                "story": string_or_null}}),
        "/api/events" => paged(r(g.subschema_for::<m::Event>())),
        "/api/events/{id}" => json!({"type": "object", "required": ["event", "merged"],
            "properties": {"event": r(g.subschema_for::<m::Event>()),
                "merged": {"type": "string", "nullable": true, "description": "The merged event it belongs to."}}}),
        "/api/merged" => paged(r(g.subschema_for::<st::MergedRow>())),
        "/api/merged/{id}" => json!({"allOf": [r(g.subschema_for::<st::MergedRow>())],
            "description": "The merged event; each mention also carries its raw event's evidence_span, trigger_span, trigger, source, target, cameo and reported_by."}),
        "/api/quotes" => paged(r(g.subschema_for::<st::QuoteRow>())),
        "/api/actors" => paged(r(g.subschema_for::<st::PersonSummary>())),
        "/api/stories" => paged(r(g.subschema_for::<m::Story>())),
        "/api/stories/{id}" => r(g.subschema_for::<m::Story>()),
        "/api/dyads" => paged(r(g.subschema_for::<st::DyadSummary>())),
        "/api/dyads/{dyad}/series" => json!({"type": "object", "required": ["dyad", "days"],
            "properties": {"dyad": {"type": "string"}, "days": r(g.subschema_for::<Vec<m::DyadDay>>())}}),
        "/api/alerts" => paged(r(g.subschema_for::<m::Alert>())),
        _ => json!({"type": "object"}),
    }
}

/// The OpenAPI 3.0 document of the API, made from [`ENDPOINTS`].
pub fn openapi() -> Value {
    let mut paths = serde_json::Map::new();
    let error = json!({"$ref": "#/components/responses/Error"});
    let mut g = schemars::generate::SchemaSettings::openapi3().into_generator();
    for e in ENDPOINTS {
        let mut params: Vec<Value> = e
            .params
            .iter()
            .map(|p| {
                json!({"name": p.name, "in": "query", "required": false, "description": p.doc, "schema": schema_of(p.kind)})
            })
            .collect();
        if let Some((name, kind, doc)) = e.path_param {
            params.insert(
                0,
                json!({"name": name, "in": "path", "required": true, "description": doc, "schema": schema_of(kind)}),
            );
        }
        let mut responses = json!({
            "200": {"description": "OK", "content": {"application/json": {"schema": response_schema(e.path, &mut g)}}},
            "400": error,
            "500": error,
        });
        if e.path_param.is_some() {
            responses["404"] = error.clone();
        }
        paths.insert(
            e.path.to_string(),
            json!({"get": {"summary": e.summary, "operationId": e.path.trim_start_matches("/api/").replace(['/', '{', '}', '.'], "_"), "parameters": params, "responses": responses}}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "drumbeat API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Political events from news, with their evidence: documents, events, merged events, stories, quotes, actors, the escalation watch and its alerts. Lists are paged with `limit` and `offset`; unknown parameters are refused."},
        "paths": paths,
        "components": {"schemas": g.take_definitions(true), "responses": {"Error": {"description": "An error with a stable code and the parameter at fault",
            "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "parameter": {"type": "string", "nullable": true}}}}}}}}}},
    })
}
