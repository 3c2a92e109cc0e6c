//! The dashboard: pages rendered on the server with maud (every inserted value escaped),
//! no script at all, charts as inline SVG whose bars are links. Pages: overview, dyad,
//! event, story, stories, alerts, quotes, actor, document, search.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use drumbeat_model::{dyad_key, Alert, Dyad, DyadDay, Span};
use drumbeat_store::{Browse, MergedQuery, MergedRow, QuoteQuery, SqliteStore, Store, StoryQuery};
use maud::{html, Markup, DOCTYPE};

use crate::params::{check_value, unknown_parameter, Kind};
use crate::{ApiError, Pool};

const CSS: &str = include_str!("../assets/app.css");

pub fn routes() -> Router<Arc<Pool>> {
    Router::new()
        .route("/", get(overview))
        .route("/dyad/{dyad}", get(dyad))
        .route("/event/{id}", get(event))
        .route("/story/{id}", get(story))
        .route("/stories", get(stories))
        .route("/alerts", get(alerts))
        .route("/quotes", get(quotes))
        .route("/actor/{code}", get(actor))
        .route("/doc/{id}", get(document))
        .route("/search", get(search))
        .route("/static/app.css", get(css))
}

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · drumbeat" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                header {
                    a.brand href="/" { "drumbeat" }
                    nav {
                        a href="/" { "Overview" }
                        a href="/alerts" { "Alerts" }
                        a href="/stories" { "Stories" }
                        a href="/quotes" { "Quotes" }
                        a href="/api/openapi.json" { "API" }
                    }
                    form action="/search" method="get" {
                        input type="search" name="q" placeholder="Search events, people, quotes, articles" maxlength="200";
                    }
                }
                main { (body) }
                footer { "drumbeat: who did what to whom, when, where, and according to whom. Every event links to its evidence." }
            }
        }
    }
}

fn page(title: &str, body: Markup) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        layout(title, body).into_string(),
    )
        .into_response()
}

fn error_page(e: ApiError) -> Response {
    let status = e.status;
    let body = layout(
        "Error",
        html! { h1 { "Not here" } p.error { (e.message) } p { a href="/" { "Back to the overview" } } },
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into_string(),
    )
        .into_response()
}

async fn render(
    pool: Arc<Pool>,
    f: impl FnOnce(&SqliteStore) -> Result<Response, ApiError> + Send + 'static,
) -> Response {
    match pool.run(f).await {
        Ok(r) => r,
        Err(e) => error_page(e),
    }
}

/// A page's query parameters, checked like the API's: a malformed query string, an unknown
/// parameter or a bad value is a 400 page naming the parameter, never silently ignored.
fn query(q: Q, allowed: &[(&str, Kind)]) -> Result<HashMap<String, String>, ApiError> {
    let Query(m) = q.map_err(|e| ApiError::bad("query", format!("malformed query string: {e}")))?;
    for (k, v) in &m {
        let Some((name, kind)) = allowed.iter().find(|(n, _)| n == k) else {
            let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
            return Err(unknown_parameter(k, &names, "page"));
        };
        if !v.is_empty() {
            check_value(name, *kind, v)?;
        }
    }
    Ok(m)
}

/// The API's `offset`, for the pages' lists.
const OFFSET: (&str, Kind) = (crate::params::OFFSET.name, crate::params::OFFSET.kind);

fn short(id: &str) -> &str {
    &id[..12.min(id.len())]
}

fn dyad_link(d: &str) -> Markup {
    html! { a href={ "/dyad/" (d) } { (d) } }
}

fn actor_link(code: Option<&str>) -> Markup {
    match code {
        Some(c) => html! { a.actor href={ "/actor/" (c) } { (c) } },
        None => html! { span.muted { "—" } },
    }
}

fn merged_line(m: &MergedRow) -> Markup {
    let e = &m.event;
    html! {
        tr {
            td { (m.date.as_deref().unwrap_or("undated")) }
            td { span class={ "type t-" (e.event_type) } { (e.event_type) } }
            td { (actor_link(e.source.as_deref())) " → " (actor_link(e.target.as_deref())) }
            td.num { (e.sources) }
            td { (e.outlets.join(", ")) }
            td.evidence { a href={ "/event/" (e.id) } { (e.mentions.first().map(|x| x.evidence.as_str()).unwrap_or("")) } }
        }
    }
}

fn merged_table(rows: &[MergedRow]) -> Markup {
    html! {
        @if rows.is_empty() { p.muted { "No events." } } @else {
            table.events {
                thead { tr { th { "Date" } th { "Type" } th { "Who → whom" } th { "Sources" } th { "Outlets" } th { "Evidence" } } }
                tbody { @for m in rows { (merged_line(m)) } }
            }
        }
    }
}

fn alert_table(alerts: &[Alert]) -> Markup {
    html! {
        @if alerts.is_empty() { p.muted { "No alerts: no dyad departed from its baseline." } } @else {
            table.alerts {
                thead { tr { th { "Day" } th { "Dyad" } th { "Index" } th { "Baseline" } th { "z" } th { "What drove it" } } }
                tbody {
                    @for a in alerts {
                        tr.alert {
                            td { a href={ "/dyad/" (a.dyad) "?day=" (a.day) "#day" } { (a.day) } }
                            td { (dyad_link(&a.dyad)) }
                            td.num { (format!("{:.2}", a.index)) }
                            td.num { (format!("{:.2}", a.baseline)) }
                            td.num { (format!("{:.1}", a.z)) }
                            td {
                                ul.drivers {
                                    @for d in a.drivers.iter().take(3) {
                                        li {
                                            span class={ "type t-" (d.event_type) } { (d.event_type) } " "
                                            (d.source) "→" (d.target) " (" (d.sources) " sources): "
                                            a href={ "/event/" (d.id) } { (d.evidence) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn story_list(stories: &[drumbeat_model::Story]) -> Markup {
    html! {
        @if stories.is_empty() { p.muted { "No stories yet: run drumbeat ingest PATH." } } @else {
            ul.stories {
                @for s in stories {
                    li {
                        a href={ "/story/" (s.id) } { (s.title) }
                        span.meta {
                            " " (s.start.as_deref().unwrap_or("undated"))
                            @if s.end != s.start { "–" (s.end.as_deref().unwrap_or("")) }
                            " · " (s.documents.len()) " document" @if s.documents.len() != 1 { "s" }
                            " · " (s.events.len()) " events"
                            @let outlets = s.outlets();
                            @if !outlets.is_empty() { " · " (outlets.join(", ")) }
                        }
                    }
                }
            }
        }
    }
}

async fn overview(State(pool): State<Arc<Pool>>) -> Response {
    render(pool, |s| {
        let stats = s.stats()?;
        let alerts = s.alerts(None, None, Some(10))?;
        let movers = s.dyad_summaries(30, 12)?;
        let stories = s.stories(&StoryQuery {
            limit: Some(10),
            ..Default::default()
        })?;
        Ok(page(
            "Overview",
            html! {
                h1 { "Overview" }
                p.stats {
                    (stats.documents) " documents · " (stats.events) " events · "
                    (stats.merged_events) " merged events · " (stats.stories) " stories · "
                    (stats.alerts) " alerts"
                    @if let (Some(a), Some(b)) = (&stats.first_day, &stats.last_day) { " · watch from " (a) " to " (b) }
                }
                section id="alerts" {
                    h2 { "Latest alerts" }
                    (alert_table(&alerts))
                    p { a href="/alerts" { "All alerts" } }
                }
                section id="movers" {
                    h2 { "Dyads that moved most in the last 30 days" }
                    @if movers.is_empty() { p.muted { "No dyad has events yet." } } @else {
                        table {
                            thead { tr { th { "Dyad" } th { "Peak day" } th { "Peak z" } th { "Peak index" } th { "Events" } th { "Last day" } } }
                            tbody {
                                @for m in &movers {
                                    tr {
                                        td { (dyad_link(&m.dyad)) }
                                        td { a href={ "/dyad/" (m.dyad) "?day=" (m.peak_day) "#day" } { (m.peak_day) } }
                                        td.num { (format!("{:.1}", m.peak_z)) }
                                        td.num { (format!("{:.2}", m.peak_index)) }
                                        td.num { (m.events) }
                                        td { (m.last_day) }
                                    }
                                }
                            }
                        }
                    }
                }
                section id="stories" {
                    h2 { "Latest stories" }
                    (story_list(&stories))
                }
            },
        ))
    })
    .await
}

/// A day's events by QuadClass as stacked bars from `bottom` up: (class, top, height).
fn stack(quad: &[usize; 4], max: f64, height: f64, bottom: f64) -> Vec<(&'static str, f64, f64)> {
    let mut y = bottom;
    let mut out = Vec::new();
    for (q, c) in quad.iter().zip(["q1", "q2", "q3", "q4"]) {
        if *q > 0 {
            let h = *q as f64 / max * height;
            y -= h;
            out.push((c, y, h));
        }
    }
    out
}

/// The dyad's index as bars (each a link to its day), its baseline as a line, alert days
/// marked; under it the day's events by QuadClass as stacked bars.
fn chart(dyad: &str, days: &[DyadDay], alerts: &[Alert], selected: Option<&str>) -> Markup {
    let (Some(first), Some(last)) = (
        days.first()
            .and_then(|d| drumbeat_model::civil::parse(&d.day)),
        days.last()
            .and_then(|d| drumbeat_model::civil::parse(&d.day)),
    ) else {
        return html! { p.muted { "No days with events." } };
    };
    let n = (last - first + 1).clamp(1, 2000) as f64;
    let by_day: BTreeMap<i64, &DyadDay> = days
        .iter()
        .filter_map(|d| drumbeat_model::civil::parse(&d.day).map(|x| (x, d)))
        .collect();
    let alert_days: Vec<&str> = alerts.iter().map(|a| a.day.as_str()).collect();
    let max = days
        .iter()
        .map(|d| d.index.max(d.baseline))
        .fold(0.0f64, f64::max)
        .max(1.0);
    let max_events = days.iter().map(|d| d.events).max().unwrap_or(1).max(1) as f64;
    let (w, h, h2) = (900.0, 180.0, 60.0);
    let bw = (w / n).max(1.0);
    let x = |d: i64| (d - first) as f64 * w / n;
    let baseline: String = by_day
        .iter()
        .map(|(&d, dd)| format!("{:.1},{:.1}", x(d) + bw / 2.0, h - dd.baseline / max * h))
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        figure.chart {
            svg viewBox={ "0 0 " (w) " " (h + h2 + 24.0) } role="img" aria-label={ "Escalation index of " (dyad) } {
                @for (&d, dd) in &by_day {
                    @let bh = (dd.index / max * h).max(1.0);
                    @let alert = alert_days.contains(&dd.day.as_str());
                    @let cls = match (alert, selected == Some(dd.day.as_str())) {
                        (true, true) => "bar alert selected",
                        (true, false) => "bar alert",
                        (false, true) => "bar selected",
                        (false, false) => "bar",
                    };
                    a href={ "/dyad/" (dyad) "?day=" (dd.day) "#day" } {
                        rect class=(cls) data-day=(dd.day) x=(format!("{:.1}", x(d))) y=(format!("{:.1}", h - bh)) width=(format!("{:.1}", bw.max(2.0))) height=(format!("{:.1}", bh)) {
                            title { (dd.day) ": index " (format!("{:.2}", dd.index)) ", baseline " (format!("{:.2}", dd.baseline)) ", " (dd.events) " events" }
                        }
                    }
                    @for (c, y0, qh) in stack(&dd.quad, max_events, h2, h + h2 + 12.0) {
                        rect class={ "quad " (c) } x=(format!("{:.1}", x(d))) y=(format!("{:.1}", y0)) width=(format!("{:.1}", bw.max(2.0))) height=(format!("{:.1}", qh)) {}
                    }
                }
                polyline.baseline points=(baseline) {}
                text x="0" y=(h + h2 + 24.0) { (days.first().map(|d| d.day.as_str()).unwrap_or("")) }
                text x=(w) y=(h + h2 + 24.0) text-anchor="end" { (days.last().map(|d| d.day.as_str()).unwrap_or("")) }
            }
            figcaption {
                "Bars: escalation index per day (red: alert; click a day for its events). Line: baseline (mean of the previous 28 days). "
                "Below: events by QuadClass — "
                span.key.q1 { "verbal cooperation" } " " span.key.q2 { "material cooperation" } " "
                span.key.q3 { "verbal conflict" } " " span.key.q4 { "material conflict" } "."
            }
        }
    }
}

async fn dyad(State(pool): State<Arc<Pool>>, Path(dyad): Path<String>, q: Q) -> Response {
    let q = match query(q, &[("day", Kind::Date), ("since", Kind::Date)]) {
        Ok(q) => q,
        Err(e) => return error_page(e),
    };
    if let Err(e) = check_value("dyad", Kind::Dyad, &dyad) {
        return error_page(e);
    }
    let day = q.get("day").cloned().filter(|d| !d.is_empty());
    let since = q.get("since").cloned().filter(|d| !d.is_empty());
    let key = Dyad::parse(&dyad).map(|d| d.key()).unwrap_or_default();
    render(pool, move |s| {
        let all = s.dyad_days(Some(&key), since.as_deref())?;
        if all.is_empty() {
            return Err(ApiError::not_found(match &since {
                Some(d) => format!("no events between {key} since {d}"),
                None => format!(
                    "no events between {key}: the watch has no day for this dyad (its codes are sorted: RUS-UKR, not UKR-RUS)"
                ),
            }));
        }
        let total_days = all.len();
        let all_first = all.first().map(|d| d.day.clone()).unwrap_or_default();
        // Up to the last 365 days with events.
        let days: Vec<DyadDay> = match all.last().and_then(|d| drumbeat_model::civil::parse(&d.day)) {
            Some(last) if since.is_none() => all
                .into_iter()
                .filter(|d| drumbeat_model::civil::parse(&d.day).is_some_and(|x| x > last - 365))
                .collect(),
            _ => all,
        };
        let alerts = s.alerts(Some(&key), days.first().map(|d| d.day.as_str()), Some(500))?;
        let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
        let mut directed: BTreeMap<String, usize> = BTreeMap::new();
        for d in &days {
            for (t, n) in &d.by_type {
                *by_type.entry(t.clone()).or_default() += n;
            }
            for (t, n) in &d.directed {
                *directed.entry(t.clone()).or_default() += n;
            }
        }
        let chosen = day.clone().or_else(|| alerts.first().map(|a| a.day.clone())).or_else(|| days.last().map(|d| d.day.clone()));
        let events = match &chosen {
            Some(d) => s.merged_events(&MergedQuery {
                dyad: Some(key.clone()),
                since: Some(d.clone()),
                until: Some(d.clone()),
                limit: Some(200),
                ..Default::default()
            })?,
            None => Vec::new(),
        };
        let latest = days.last();
        Ok(page(
            &key,
            html! {
                h1 { "Dyad " (key) }
                @if let (Some(f), Some(l)) = (days.first(), days.last()) {
                    p.window { "Showing " (f.day) " to " (l.day) " (" (days.len()) " of " (total_days) " days with events"
                        @if days.len() < total_days { "; the last 365 days: " a href={ "/dyad/" (key) "?since=" (all_first) } { "show all" } }
                        ")." }
                }
                @if let Some(l) = latest {
                    p.stats { "Last day with events " (l.day) ": index " (format!("{:.2}", l.index)) " against a baseline of " (format!("{:.2}", l.baseline)) " (z " (format!("{:.1}", l.z)) ")." }
                }
                (chart(&key, &days, &alerts, chosen.as_deref()))
                section {
                    h2 { "Events by type" }
                    table.bytype {
                        thead { tr { th { "Type" } th { "Events" } } }
                        tbody { @for (t, n) in &by_type { tr { td { span class={ "type t-" (t) } { (t) } } td.num { (n) } } } }
                    }
                    p.muted { @for (d, n) in &directed { (d) ": " (n) " events. " } }
                }
                section id="day" {
                    h2 { "Events on " (chosen.as_deref().unwrap_or("—")) }
                    (merged_table(&events))
                }
                section {
                    h2 { "Alerts" }
                    (alert_table(&alerts))
                }
            },
        ))
    })
    .await
}

/// The article text with one span marked, every piece escaped.
fn highlighted(text: &str, span: Span, id: &str) -> Markup {
    if !span.is_valid_in(text) || span.is_empty() {
        return html! { div.article { (text) } };
    }
    html! {
        div.article {
            (&text[..span.start])
            mark.evidence id=(id) { (&text[span.start..span.end]) }
            (&text[span.end..])
        }
    }
}

async fn event(State(pool): State<Arc<Pool>>, Path(id): Path<String>) -> Response {
    if let Err(e) = check_value("id", Kind::Id, &id) {
        return error_page(e);
    }
    render(pool, move |s| {
        let Some(row) = s.merged_event(&id)? else {
            // An event id of one mention: show the merged event it belongs to.
            return match s.merged_of(&id)? {
                Some(m) => Ok(Redirect::to(&format!("/event/{m}")).into_response()),
                None => Err(ApiError::not_found(format!("no event with id {id}"))),
            };
        };
        let e = &row.event;
        let mut mentions = Vec::new();
        for m in &e.mentions {
            let raw = s.event(&m.event)?;
            let doc = s.document(&m.doc)?;
            mentions.push((m, raw, doc));
        }
        Ok(page(
            &format!("{} {} → {}", e.event_type, e.source.as_deref().unwrap_or("?"), e.target.as_deref().unwrap_or("?")),
            html! {
                h1 {
                    span class={ "type t-" (e.event_type) } { (e.event_type) } " "
                    (actor_link(e.source.as_deref())) " → " (actor_link(e.target.as_deref()))
                }
                dl.facts {
                    dt { "Date" } dd { (row.date.as_deref().unwrap_or("undated")) @if e.date.is_none() { span.muted { " (the story's day)" } } }
                    @if let Some(m) = &e.mode { dt { "Mode" } dd { (m) } }
                    dt { "Goldstein" } dd { (e.goldstein) }
                    dt { "QuadClass" } dd { (e.quad_class) }
                    dt { "Sources" } dd { (e.sources) @if !e.outlets.is_empty() { " (" (e.outlets.join(", ")) ")" } }
                    @if !e.counts.is_empty() { dt { "Amounts as told" } dd { (e.counts.join(" | ")) } }
                    dt { "Story" } dd { a href={ "/story/" (row.story) } { (short(&row.story)) } }
                    @if let (Some(a), Some(b)) = (&e.source, &e.target) { dt { "Dyad" } dd { (dyad_link(&dyad_key(a, b))) } }
                }
                h2 { "Every source" }
                @for (i, (m, raw, doc)) in mentions.iter().enumerate() {
                    section.mention {
                        h3 {
                            (m.outlet.as_deref().unwrap_or("unknown outlet")) " · "
                            a href={ "/doc/" (m.doc) } { "document " (short(&m.doc)) } " · sentence " (m.sentence)
                        }
                        @if let Some(r) = raw {
                            p.meta {
                                "CAMEO " (r.cameo) " · trigger “" (r.trigger_text) "” · "
                                (r.source.as_ref().map(|x| x.code.as_str()).unwrap_or("?")) " → " (r.target.as_ref().map(|x| x.code.as_str()).unwrap_or("?"))
                                @if let Some(rep) = &r.reported_by { " · reported by " (rep) }
                                " · bytes " (r.evidence.start) "–" (r.evidence.end)
                            }
                        }
                        blockquote { (m.evidence) }
                        @if let (Some(r), Some(d)) = (raw, doc) {
                            details open[i == 0] {
                                summary { "The article, with the evidence highlighted" }
                                (highlighted(&d.doc.document.text, r.evidence, &format!("evidence-{i}")))
                            }
                        }
                    }
                }
            },
        ))
    })
    .await
}

async fn story(State(pool): State<Arc<Pool>>, Path(id): Path<String>) -> Response {
    if let Err(e) = check_value("id", Kind::Id, &id) {
        return error_page(e);
    }
    render(pool, move |s| {
        let st = s
            .story(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no story with id {id}")))?;
        let merged = s.merged_events(&MergedQuery {
            story: Some(st.id.clone()),
            limit: Some(500),
            ..Default::default()
        })?;
        let mut quotes = Vec::new();
        for d in st.documents.iter().take(50) {
            quotes.extend(s.quotes(&QuoteQuery {
                doc: Some(d.doc.clone()),
                limit: Some(50),
                ..Default::default()
            })?);
        }
        Ok(page(
            &st.title,
            html! {
                h1 { (st.title) }
                p.stats {
                    (st.start.as_deref().unwrap_or("undated")) @if st.end != st.start { "–" (st.end.as_deref().unwrap_or("")) }
                    " · outlets: " (st.outlets().join(", "))
                    " · actors: " @for a in &st.actors { (actor_link(Some(a))) " " }
                }
                h2 { "Documents" }
                table {
                    thead { tr { th { "Document" } th { "Outlet" } th { "Date" } th { "Title" } th { "Note" } } }
                    tbody {
                        @for d in &st.documents {
                            tr {
                                td { a href={ "/doc/" (d.doc) } { (short(&d.doc)) } }
                                td { (d.outlet.as_deref().unwrap_or("—")) }
                                td {
                                    @if let Some(p) = &d.published { (p) }
                                    @else if let Some(i) = &d.inferred_date { (i) " " span.muted { "(inferred: " (d.inferred_basis.as_deref().unwrap_or("")) ")" } }
                                    @else { span.muted { "undated" } }
                                }
                                td { (d.title) }
                                td { @if let Some(x) = &d.duplicate_of { "republishes " a href={ "/doc/" (x) } { (short(x)) } } }
                            }
                        }
                    }
                }
                h2 { "Merged events" }
                (merged_table(&merged))
                h2 { "Quotes" }
                (quote_list(&quotes))
            },
        ))
    })
    .await
}

fn quote_list(quotes: &[drumbeat_store::QuoteRow]) -> Markup {
    html! {
        @if quotes.is_empty() { p.muted { "No quotes." } } @else {
            ul.quotes {
                @for q in quotes {
                    li {
                        q { (q.text) }
                        " — " strong { (q.speaker.as_deref().unwrap_or("unattributed")) }
                        @if let Some(c) = &q.speaker_code { " [" (c) "]" }
                        @if let Some(r) = &q.relay { " via " (r) }
                        " · " a href={ "/doc/" (q.doc) } { (short(&q.doc)) } " " (q.published.as_deref().unwrap_or("undated"))
                        @if let Some(o) = &q.outlet { ", " (o) }
                    }
                }
            }
        }
    }
}

fn offset_of(q: &HashMap<String, String>) -> u64 {
    q.get("offset")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        .min(1_000_000)
}

async fn stories(State(pool): State<Arc<Pool>>, q: Q) -> Response {
    let q = match query(q, &[OFFSET]) {
        Ok(q) => q,
        Err(e) => return error_page(e),
    };
    let offset = offset_of(&q);
    render(pool, move |s| {
        let list = s.stories(&StoryQuery {
            limit: Some(50),
            offset,
            ..Default::default()
        })?;
        Ok(page(
            "Stories",
            html! {
                h1 { "Stories" }
                (story_list(&list))
                @if list.len() == 50 { p { a href={ "/stories?offset=" (offset + 50) } { "More" } } }
            },
        ))
    })
    .await
}

async fn alerts(State(pool): State<Arc<Pool>>) -> Response {
    render(pool, move |s| {
        let list = s.alerts(None, None, Some(500))?;
        Ok(page(
            "Alerts",
            html! { h1 { "Alerts" } (alert_table(&list)) },
        ))
    })
    .await
}

async fn quotes(State(pool): State<Arc<Pool>>, q: Q) -> Response {
    let q = match query(q, &[("speaker", Kind::Text), OFFSET]) {
        Ok(q) => q,
        Err(e) => return error_page(e),
    };
    let speaker = q
        .get("speaker")
        .cloned()
        .filter(|v| !v.is_empty() && v.chars().count() <= 200);
    let offset = offset_of(&q);
    render(pool, move |s| {
        let list = s.quotes(&QuoteQuery {
            speaker: speaker.clone(),
            limit: Some(300),
            offset,
            ..Default::default()
        })?;
        let mut by_speaker: BTreeMap<String, Vec<drumbeat_store::QuoteRow>> = BTreeMap::new();
        for r in list {
            by_speaker
                .entry(r.speaker.clone().unwrap_or_else(|| "Unattributed".into()))
                .or_default()
                .push(r);
        }
        Ok(page(
            "Quotes",
            html! {
                h1 { "Quotes by speaker" }
                form action="/quotes" method="get" {
                    input type="search" name="speaker" placeholder="Speaker" value=(speaker.as_deref().unwrap_or("")) maxlength="200";
                    button type="submit" { "Filter" }
                }
                @for (who, rows) in &by_speaker {
                    section.speaker {
                        h2 { a href={ "/quotes?speaker=" (who) } { (who) } " " span.muted { "(" (rows.len()) ")" } }
                        (quote_list(rows))
                    }
                }
            },
        ))
    })
    .await
}

async fn actor(State(pool): State<Arc<Pool>>, Path(code): Path<String>) -> Response {
    if let Err(e) = check_value("code", Kind::Code, &code) {
        return error_page(e);
    }
    let code = code.to_ascii_uppercase();
    render(pool, move |s| {
        let people = s.people_of(&code, 30)?;
        let stories = s.stories(&StoryQuery {
            actor: Some(code.clone()),
            limit: Some(15),
            ..Default::default()
        })?;
        let events = s.merged_events(&MergedQuery {
            actor: Some(code.clone()),
            limit: Some(30),
            ..Default::default()
        })?;
        let dyads = s.dyads_of(&code, 30)?;
        if people.is_empty() && stories.is_empty() && events.is_empty() && dyads.is_empty() {
            return Err(ApiError::not_found(format!(
                "no actor {code} in the store: no event, story or person has this code"
            )));
        }
        Ok(page(
            &code,
            html! {
                h1 { "Actor " (code) }
                h2 { "Dyads" }
                @if dyads.is_empty() { p.muted { "No dyad." } } @else {
                    ul.inline { @for d in &dyads { li { (dyad_link(&d.dyad)) " (" (d.events) " events, peak z " (format!("{:.1}", d.peak_z)) ")" } } }
                }
                h2 { "People" }
                @if people.is_empty() { p.muted { "No people with this code." } } @else {
                    ul { @for (_, name, c, docs) in &people { li { strong { (name) } " " (c) " · " (docs) " documents" } } }
                }
                h2 { "Latest events" }
                (merged_table(&events))
                h2 { "Stories" }
                (story_list(&stories))
            },
        ))
    })
    .await
}

async fn document(State(pool): State<Arc<Pool>>, Path(id): Path<String>) -> Response {
    if let Err(e) = check_value("id", Kind::Id, &id) {
        return error_page(e);
    }
    render(pool, move |s| {
        let a = s
            .document(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no document with id {id}")))?;
        let d = &a.doc;
        let text = &d.document.text;
        let events = s.events(&drumbeat_store::EventQuery {
            doc: Some(d.document.id.clone()),
            all_modalities: true,
            ..Default::default()
        })?;
        let story = s.story_of(&d.document.id)?;
        // The text in pieces: boilerplate struck through, quotes marked (with an anchor
        // `#q<start>` that search results link to, and the speaker on hover), the rest plain.
        let mut marks: Vec<(Span, Option<String>)> = d
            .boilerplate
            .iter()
            .map(|b| (b.span, None))
            .chain(a.quotes.iter().map(|q| {
                let who = q.speaker.as_ref().map_or("unattributed", |s| s.name.as_str());
                (q.span, Some(who.to_string()))
            }))
            .filter(|(s, _)| s.is_valid_in(text))
            .collect();
        marks.sort_by_key(|(s, _)| (s.start, s.end));
        let mut pieces: Vec<(Option<&Option<String>>, usize, &str)> = Vec::new();
        let mut at = 0;
        for (m, who) in &marks {
            if m.start < at {
                continue;
            }
            pieces.push((None, at, &text[at..m.start]));
            pieces.push((Some(who), m.start, &text[m.start..m.end]));
            at = m.end;
        }
        pieces.push((None, at, &text[at..]));
        Ok(page(
            d.document.title.as_deref().unwrap_or("Document"),
            html! {
                h1 { (d.document.title.as_deref().unwrap_or("Document")) }
                p.stats {
                    "id " (d.document.id) " · " (d.document.published.as_deref().unwrap_or("undated"))
                    " · " (d.outlet.as_deref().unwrap_or("unknown outlet")) " · " (d.document.origin.path)
                    @if let Some(st) = &story { " · " a href={ "/story/" (st) } { "its story" } }
                }
                div.article {
                    @for (kind, start, t) in &pieces {
                        @match kind {
                            Some(Some(who)) => { mark.quote id={ "q" (start) } title={ "quote: " (who) } { (t) } }
                            Some(None) => { del.boilerplate title="boilerplate" { (t) } }
                            None => { (t) }
                        }
                    }
                }
                h2 { "Events in this document" }
                table.events {
                    thead { tr { th { "Type" } th { "Who → whom" } th { "Modality" } th { "Date" } th { "Evidence" } } }
                    tbody {
                        @for e in &events {
                            tr {
                                td { span class={ "type t-" (e.event_type) } { (e.event_type) } }
                                td { (actor_link(e.source.as_ref().and_then(|x| x.country.as_deref()))) " → " (actor_link(e.target.as_ref().and_then(|x| x.country.as_deref()))) }
                                td { (e.modality.as_str()) }
                                td { (e.date.as_deref().unwrap_or("—")) }
                                td.evidence { a href={ "/event/" (e.id) } { (e.evidence_text) } }
                            }
                        }
                    }
                }
            },
        ))
    })
    .await
}

/// The words of a search, for marking them in what it found.
fn search_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .take(16)
        .map(str::to_ascii_lowercase)
        .collect()
}

/// `text` with every occurrence of a search word (any ASCII case) in `<mark>`, every
/// piece escaped.
fn marked(text: &str, words: &[String]) -> Markup {
    let low = text.to_ascii_lowercase();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for w in words {
        let mut from = 0;
        while let Some(i) = low[from..].find(w.as_str()) {
            let a = from + i;
            pieces.push((a, a + w.len()));
            from = a + w.len();
        }
    }
    pieces.sort_unstable();
    // Plain and marked stretches in order (an overlapping match is left unmarked).
    let mut parts: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for (a, b) in pieces {
        if a >= at {
            parts.push((&text[at..a], false));
            parts.push((&text[a..b], true));
            at = b;
        }
    }
    parts.push((&text[at..], false));
    html! {
        @for (p, m) in parts {
            @if m { mark { (p) } } @else { (p) }
        }
    }
}

async fn search(State(pool): State<Arc<Pool>>, q: Q) -> Response {
    let q = match query(q, &[("q", Kind::Text)]) {
        Ok(q) => q,
        Err(e) => return error_page(e),
    };
    let text = q.get("q").cloned().unwrap_or_default();
    let words = search_words(&text);
    render(pool, move |s| {
        let docs = s.search_documents(&text, 50, 0)?;
        let events = if text.trim().is_empty() {
            Vec::new()
        } else {
            s.events(&drumbeat_store::EventQuery {
                text: Some(text.clone()),
                limit: Some(50),
                ..Default::default()
            })?
        };
        let people = s.search_people(&text, 20)?;
        let actors = s.search_actors(&text, 20)?;
        let quotes = if text.trim().chars().count() < 3 {
            Vec::new()
        } else {
            s.quotes(&QuoteQuery {
                text: Some(text.trim().to_string()),
                limit: Some(30),
                fragments: true,
                ..Default::default()
            })?
        };
        let nothing = docs.is_empty()
            && events.is_empty()
            && people.is_empty()
            && actors.is_empty()
            && quotes.is_empty();
        Ok(page(
            "Search",
            html! {
                h1 { "Search: “" (text) "”" }
                p.muted { "Articles and events hold every word; people, actors and quotes contain the words as typed. At most 50 of each, best first." }
                @if nothing { p.muted { "Nothing found." } }
                @if !actors.is_empty() {
                    section { h2 { "Actors (" (actors.len()) ")" }
                        p { @for a in &actors { (actor_link(Some(a))) " " } } }
                }
                @if !people.is_empty() {
                    section { h2 { "People (" (people.len()) ")" }
                        ul.people { @for (_, name, code, n) in &people {
                            li { (marked(name, &words)) " " (actor_link(Some(code))) " " span.muted { (n) " document" @if *n != 1 { "s" } } }
                        } } }
                }
                @if !events.is_empty() {
                    section { h2 { "Events (" (events.len()) ")" }
                        ul.found-events { @for e in &events {
                            li {
                                a href={ "/event/" (e.id) } { (e.event_type.as_str()) }
                                " " (actor_link(e.source.as_ref().and_then(|a| a.country.as_deref())))
                                " → " (actor_link(e.target.as_ref().and_then(|a| a.country.as_deref())))
                                " " span.muted { (e.date.as_deref().unwrap_or("undated")) " " (e.outlet.as_deref().unwrap_or("")) }
                                br; (marked(&e.evidence_text, &words))
                            }
                        } } }
                }
                @if !quotes.is_empty() {
                    section { h2 { "Quotes (" (quotes.len()) ")" }
                        ul.found-quotes { @for r in &quotes {
                            li {
                                "“" (marked(&r.text, &words)) "” "
                                span.muted { "— " (r.speaker.as_deref().unwrap_or("unattributed")) }
                                " " a href={ "/doc/" (r.doc) "#q" (r.start) } { "in context" }
                            }
                        } } }
                }
                @if !docs.is_empty() {
                    section { h2 { "Articles (" (docs.len()) ")" }
                        ul.docs { @for r in &docs { li { a href={ "/doc/" (r.id) } { (marked(r.title.as_deref().unwrap_or(&r.id), &words)) } " " span.muted { (r.published.as_deref().unwrap_or("undated")) " " (r.outlet.as_deref().unwrap_or("")) } } } }
                    }
                }
            },
        ))
    })
    .await
}
