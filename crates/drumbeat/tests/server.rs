//! The server over a real store (the seeds, the story fixtures and a hostile article):
//! the OpenAPI document matches what the server does, errors are JSON naming the bad
//! parameter, article text is always escaped, and the exports read back.

mod common;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// One store for every test here: bench/stories, examples, the hostile article and (when
/// `../shared` is beside the repository) the seeds. Nothing here depends on the seeds.
fn store() -> &'static PathBuf {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("server.db");
            let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
            let mut inputs: Vec<PathBuf> = common::seeds_dir().into_iter().collect();
            inputs.extend([
                root.join("bench/stories/articles"),
                root.join("examples"),
                root.join("e2e/fixtures"),
            ]);
            let mut args = vec!["ingest"];
            args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
            let o = common::drumbeat(&path, &args);
            assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
            (dir, path)
        })
        .1
}

async fn get(uri: &str) -> (StatusCode, String, axum::http::HeaderMap) {
    let pool = drumbeat_server::Pool::open(store()).unwrap();
    let app = drumbeat_server::router(Arc::clone(&pool));
    let r = app
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), headers)
}

async fn json(uri: &str) -> (StatusCode, Value) {
    let (s, b, _) = get(uri).await;
    (
        s,
        serde_json::from_str(&b).unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {b}")),
    )
}

/// A valid value for a parameter of this kind, present in the test store.
fn valid(kind: drumbeat_server::Kind, name: &str) -> String {
    use drumbeat_server::Kind::*;
    match kind {
        Text => if name == "outlet" { "CNN" } else { "Ryabkov" }.into(),
        Date => "2022-01-01".into(),
        Code => "RUS".into(),
        Dyad => "RUS-UKR".into(),
        EventType => "THREATEN".into(),
        Bool => "true".into(),
        Int { min, .. } => min.max(1).to_string(),
        Id => "a".into(),
        Fraction => "0.5".into(),
    }
}

fn invalid(kind: drumbeat_server::Kind) -> &'static str {
    use drumbeat_server::Kind::*;
    match kind {
        Text => "",
        Date => "2022-02-30",
        Code => "R",
        Dyad => "RUS",
        EventType => "WAR",
        Bool => "maybe",
        Int { .. } => "99999999",
        Id => "xyz",
        Fraction => "1.5",
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn openapi_matches_what_the_server_does() {
    let (s, doc) = json("/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), drumbeat_server::ENDPOINTS.len());
    // Real ids for the path parameters.
    let (_, st) = json("/api/stories?limit=1&min_documents=2").await;
    let story = st["items"][0]["id"].as_str().unwrap().to_string();
    let (_, m) = json("/api/merged?limit=1").await;
    let merged = m["items"][0]["id"].as_str().unwrap().to_string();
    let event = m["items"][0]["mentions"][0]["event"]
        .as_str()
        .unwrap()
        .to_string();
    let doc_id = m["items"][0]["mentions"][0]["doc"]
        .as_str()
        .unwrap()
        .to_string();
    for e in drumbeat_server::ENDPOINTS {
        let documented = &paths[e.path]["get"];
        assert!(documented.is_object(), "{} is documented", e.path);
        let path = e
            .path
            .replace("/documents/{id}", &format!("/documents/{doc_id}"))
            .replace("/events/{id}", &format!("/events/{event}"))
            .replace("/merged/{id}", &format!("/merged/{merged}"))
            .replace("/stories/{id}", &format!("/stories/{story}"))
            .replace("{dyad}", "RUS-UKR");
        let (s, body) = json(&path).await;
        assert_eq!(s, StatusCode::OK, "{path}: {body}");
        // The answer has the documented shape.
        let schema = &documented["responses"]["200"]["content"]["application/json"]["schema"];
        if let Err(why) = conforms(&body, schema, &doc, "$") {
            panic!("{path}: {why}");
        }
        // Every documented parameter is taken with a valid value and refused, by name,
        // with an invalid one.
        let params = documented["parameters"].as_array().unwrap();
        for p in e.params {
            assert!(
                params
                    .iter()
                    .any(|x| x["name"] == p.name && x["in"] == "query"),
                "{} documents {}",
                e.path,
                p.name
            );
            let (s, body) = json(&format!("{path}?{}={}", p.name, valid(p.kind, p.name))).await;
            assert_eq!(s, StatusCode::OK, "{path}?{}: {body}", p.name);
            let bad = invalid(p.kind);
            if !bad.is_empty() {
                let (s, body) = json(&format!("{path}?{}={bad}", p.name)).await;
                assert_eq!(
                    s,
                    StatusCode::BAD_REQUEST,
                    "{path}?{}={bad}: {body}",
                    p.name
                );
                assert_eq!(body["error"]["code"], "bad_parameter");
                assert_eq!(body["error"]["parameter"], p.name);
            }
        }
        // Nothing undocumented is taken.
        let (s, body) = json(&format!("{path}?nonsense=1")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(body["error"]["parameter"], "nonsense");
        // Every documented response code is one the server can give.
        for code in documented["responses"].as_object().unwrap().keys() {
            assert!(["200", "400", "404", "500"].contains(&code.as_str()));
        }
    }
    // (The shape check can fail: an event without its fields is caught.)
    let events =
        &paths["/api/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    let bad =
        serde_json::json!({"items": [{"id": 1}], "limit": 1, "offset": 0, "next_offset": null});
    assert!(conforms(&bad, events, &doc, "$").is_err());
    // A path the API does not have is a JSON 404.
    let (s, body) = json("/api/nothing-here").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    let (s, body) = json("/api/stories/ffffffffffffffff").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{body}");
}

/// Whether `v` has the shape `schema` (an OpenAPI 3.0 schema, `$ref`s into `doc`)
/// describes: types (with `nullable`), required and listed properties, array items,
/// enums, `allOf`/`anyOf`/`oneOf`. Enough to catch a response drifting from its document.
fn conforms(v: &Value, schema: &Value, doc: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        let target = &doc["components"]["schemas"][name];
        assert!(target.is_object(), "{r} is defined");
        return conforms(v, target, doc, at);
    }
    if v.is_null() && schema["nullable"] == true {
        return Ok(());
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            conforms(v, s, doc, at)?;
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(any) = schema[key].as_array() {
            if !any.iter().any(|s| conforms(v, s, doc, at).is_ok()) {
                return Err(format!("{at}: {v} fits none of {key}"));
            }
        }
    }
    if let Some(e) = schema["enum"].as_array() {
        if !e.contains(v) {
            return Err(format!("{at}: {v} is not one of {e:?}"));
        }
    }
    let ok = match schema["type"].as_str() {
        None => true,
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        Some("null") => v.is_null(),
        Some(t) => return Err(format!("{at}: unknown type {t}")),
    };
    if !ok {
        return Err(format!("{at}: {v} is not of type {}", schema["type"]));
    }
    if let (Some(o), Some(props)) = (v.as_object(), schema["properties"].as_object()) {
        for r in schema["required"].as_array().into_iter().flatten() {
            let r = r.as_str().unwrap();
            if !o.contains_key(r) {
                return Err(format!("{at}: required {r} is missing"));
            }
        }
        for (k, x) in o {
            if let Some(ps) = props.get(k) {
                conforms(x, ps, doc, &format!("{at}.{k}"))?;
            }
        }
    }
    if let (Some(a), Some(items)) = (v.as_array(), schema.get("items")) {
        for (i, x) in a.iter().enumerate().take(50) {
            conforms(x, items, doc, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_page_and_limits_hold() {
    let (_, a) = json("/api/events?limit=2").await;
    assert_eq!(a["items"].as_array().unwrap().len(), 2);
    assert_eq!(a["next_offset"], 2);
    let (_, b) = json("/api/events?limit=2&offset=2").await;
    assert_ne!(a["items"][0]["id"], b["items"][0]["id"]);
    let (s, body) = json("/api/events?limit=501").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["parameter"], "limit");
    let long = "x".repeat(300);
    let (s, body) = json(&format!("/api/documents?q={long}")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["parameter"], "q");
    // Filters filter.
    let (_, t) = json("/api/events?type=ACCUSE&dyad=ARM-AZE").await;
    let items = t["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["type"] == "ACCUSE"));
    let (_, q) = json("/api/events?q=water+cannon").await;
    assert!(q["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["evidence_text"]
            .as_str()
            .unwrap()
            .contains("water cannon")));
    let (_, d) = json("/api/documents?q=Guterres").await;
    assert_eq!(
        d["items"].as_array().unwrap().len(),
        2,
        "both border-talks examples name Guterres"
    );
    // The merged accusation of the examples' border talks has both outlets' evidence with
    // offsets.
    let (_, m) = json("/api/merged?dyad=PAK-IND&type=ACCUSE").await;
    let two = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["sources"] == 2)
        .expect("the accusation is told by both outlets");
    let (_, detail) = json(&format!("/api/merged/{}", two["id"].as_str().unwrap())).await;
    for x in detail["mentions"].as_array().unwrap() {
        assert!(x["evidence_span"]["start"].is_u64(), "{x}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_article_text_is_escaped_everywhere() {
    let (_, d) = json("/api/documents?q=Protesters+rally+Manila").await;
    let id = d["items"][0]["id"].as_str().unwrap().to_string();
    let (_, events) = json(&format!("/api/events?doc={id}&all=true")).await;
    let mut pages = vec![
        format!("/doc/{id}"),
        "/quotes?speaker=Tarriela".to_string(),
        "/search?q=Protesters+rally+Manila".to_string(),
        "/".to_string(),
        "/stories".to_string(),
    ];
    for e in events["items"].as_array().unwrap() {
        pages.push(format!("/event/{}", e["id"].as_str().unwrap()));
    }
    for p in &pages {
        let (s, body, headers) = get(p).await;
        assert!(
            s == StatusCode::OK || s == StatusCode::SEE_OTHER,
            "{p}: {s}"
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'none'"), "{p}: {csp}");
        // The article's markup may appear as text (escaped), never as a tag: attributes
        // such as onerror= only act inside a tag.
        let lower = body.to_lowercase();
        for tag in ["<script", "<img", "<iframe", "<svg onload"] {
            assert!(!lower.contains(tag), "{p} lets {tag:?} through");
        }
        assert!(!lower.contains("href=\"javascript:"), "{p}");
    }
    let (_, body, _) = get(&format!("/doc/{id}")).await;
    assert!(
        body.contains("&lt;script&gt;window.__pwned = 1"),
        "shown as text"
    );
}

#[test]
fn exports_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = store();
    // GDELT: the 61 columns of the GDELT 2.0 event table, one merged event a row.
    let o = common::drumbeat(store, &["export", "--format", "gdelt"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let tsv = common::stdout(&o);
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() > 20);
    assert!(rows.iter().all(|r| r.len() == 61));
    // Every row has a Day (an undated act is dated the day it was stored).
    assert!(
        rows.iter()
            .all(|r| r[1].len() == 8 && r[1].chars().all(|c| c.is_ascii_digit())),
        "{:?}",
        rows.iter().find(|r| r[1].len() != 8)
    );
    // No header row, as in GDELT's files: every line starts with a numeric event id.
    assert!(
        rows.iter().all(|r| r[0].parse::<u64>().is_ok()),
        "{:?}",
        rows[0]
    );
    // The examples' border talks are told by two outlets: an event with both as sources.
    assert!(
        rows.iter()
            .any(|r| r[32].parse::<u32>().unwrap_or(0) >= 2 && r[7] == "PAK"),
        "a PAK event with two sources from examples/001 and 002"
    );
    // GDELT Mentions: 16 columns, one row per report; every event id is one of the
    // events table's, and the two-source event has two mentions.
    let o = common::drumbeat(
        store,
        &["export", "--format", "gdelt", "--what", "mentions"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let mtsv = common::stdout(&o);
    let mentions: Vec<Vec<&str>> = mtsv.lines().map(|l| l.split('\t').collect()).collect();
    assert!(mentions.iter().all(|r| r.len() == 16), "{:?}", mentions[0]);
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| r[0]).collect();
    assert!(mentions.iter().all(|r| ids.contains(r[0])));
    let reports: u64 = rows.iter().map(|r| r[31].parse::<u64>().unwrap()).sum();
    assert_eq!(
        mentions.len() as u64,
        reports,
        "NumMentions adds up to the mentions"
    );
    assert!(mentions
        .iter()
        .all(|r| r[1].len() == 14 && r[6].parse::<u32>().unwrap() >= 1));
    if common::seeds_dir().is_some() {
        let meeting = rows
            .iter()
            .find(|r| r[26].starts_with("04") && r[32] == "2" && r[1] == "20220113")
            .expect("the seeds' meeting: CAMEO 04x, two sources, dated 2022-01-13");
        assert!(["USA", "RUS"].contains(&meeting[7]));
    }
    // CSV: a header and one row per asserted event, quoted where needed.
    let o = common::drumbeat(store, &["export", "--format", "csv"]);
    let csv = common::stdout(&o);
    assert!(csv.starts_with("id,doc,sentence,date,"));
    // Parquet reads back with the parquet crate, with the same number of rows as JSONL.
    let pq = dir.path().join("events.parquet");
    let o = common::drumbeat(
        store,
        &[
            "export",
            "--format",
            "parquet",
            "--out",
            pq.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let o = common::drumbeat(store, &["export", "--format", "jsonl"]);
    let jsonl = common::stdout(&o);
    let n = jsonl.lines().count();
    let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert!(first["evidence_text"].is_string() && first["doc"].is_string());
    let file = std::fs::File::open(&pq).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut rows = 0;
    for batch in reader {
        let batch = batch.unwrap();
        assert_eq!(batch.num_columns(), drumbeat_export::EVENT_COLUMNS.len());
        // Types: dates as date32, closed vocabularies as dictionaries, numbers as numbers.
        let schema = batch.schema();
        let ty = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
        assert_eq!(ty("date"), arrow_schema::DataType::Date32);
        assert!(matches!(
            ty("type"),
            arrow_schema::DataType::Dictionary(_, _)
        ));
        assert!(matches!(
            ty("modality"),
            arrow_schema::DataType::Dictionary(_, _)
        ));
        assert_eq!(ty("goldstein"), arrow_schema::DataType::Float64);
        assert_eq!(ty("sentence"), arrow_schema::DataType::Int64);
        use arrow_array::cast::AsArray;
        let types = batch
            .column_by_name("type")
            .unwrap()
            .as_dictionary::<arrow_array::types::Int32Type>()
            .downcast_dict::<arrow_array::StringArray>()
            .unwrap();
        for t in types.into_iter() {
            let t = t.expect("every event has a type");
            assert!(drumbeat_model::PLOVER_TYPES.contains(&t), "{t}");
        }
        rows += batch.num_rows();
    }
    assert_eq!(rows, n);
    // Snappy-compressed.
    let meta = parquet::file::reader::FileReader::metadata(
        &parquet::file::reader::SerializedFileReader::new(std::fs::File::open(&pq).unwrap())
            .unwrap(),
    )
    .clone();
    assert_eq!(
        meta.row_group(0).column(0).compression(),
        parquet::basic::Compression::SNAPPY
    );
    // Documents, quotes and stories as JSONL.
    for what in ["documents", "quotes", "stories", "merged"] {
        let o = common::drumbeat(store, &["export", "--what", what]);
        assert_eq!(o.status.code(), Some(0), "{what}: {}", common::stderr(&o));
        for l in common::stdout(&o).lines() {
            serde_json::from_str::<Value>(l).unwrap();
        }
    }
    let o = common::drumbeat(store, &["export", "--format", "csv", "--what", "stories"]);
    assert_eq!(o.status.code(), Some(2), "CSV holds events only");
}

/// Answers are cached until the store changes: the same question twice is a hit, and
/// an ingest through another connection (here another process) empties the cache.
#[tokio::test]
async fn answers_are_cached_until_an_ingest_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let examples = common::examples_dir();
    let o = common::drumbeat(&path, &["ingest", examples.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let pool = drumbeat_server::Pool::open(&path).unwrap();
    let ask = |uri: &'static str| {
        let app = drumbeat_server::router(Arc::clone(&pool));
        async move {
            let r = app
                .oneshot(Request::get(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let how = r.headers()["x-drumbeat-cache"]
                .to_str()
                .unwrap()
                .to_string();
            let csp = r.headers().contains_key("content-security-policy");
            let body = r.into_body().collect().await.unwrap().to_bytes();
            (how, csp, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let (how, _, first) = ask("/api/stats").await;
    assert_eq!(how, "miss");
    let (how, csp, again) = ask("/api/stats").await;
    assert_eq!(how, "hit");
    assert!(csp, "cached answers keep the security headers");
    assert_eq!(first, again);
    // Errors are never cached.
    let app = drumbeat_server::router(Arc::clone(&pool));
    for _ in 0..2 {
        let r = app
            .clone()
            .oneshot(
                Request::get("/api/events?limit=x")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(!r.headers().contains_key("x-drumbeat-cache"));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let o = common::drumbeat(
        &path,
        &[
            "ingest",
            root.join("bench/stories/articles").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let (how, _, after) = ask("/api/stats").await;
    assert_eq!(how, "miss", "the ingest must empty the cache");
    assert_ne!(first, after, "the stats must show the new documents");
}

/// DNS rebinding: a page on another name that resolves to this server is refused (with
/// the security headers); localhost, IP addresses and names allowed by the operator pass.
#[tokio::test]
async fn only_allowed_hosts_are_answered() {
    let pool = drumbeat_server::Pool::open(store()).unwrap();
    let ask = |host: &'static str, allow: Vec<String>| {
        let app =
            drumbeat_server::router_with(Arc::clone(&pool), drumbeat_server::HostAllow::new(allow));
        async move {
            let r = app
                .oneshot(
                    Request::get("/api/stats")
                        .header("host", host)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            (
                r.status(),
                r.headers().contains_key("content-security-policy"),
            )
        }
    };
    for host in [
        "localhost:8080",
        "127.0.0.1:8080",
        "[::1]:8080",
        "LOCALHOST",
    ] {
        assert_eq!(ask(host, vec![]).await.0, StatusCode::OK, "{host}");
    }
    let (status, csp) = ask("attacker.example", vec![]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(csp, "refusals carry the security headers");
    assert_eq!(
        ask("localhost.attacker.example:8080", vec![]).await.0,
        StatusCode::FORBIDDEN
    );
    let allow = vec!["News.Example.org".to_string()];
    assert_eq!(ask("news.example.org:443", allow).await.0, StatusCode::OK);
}

/// The pool never opens more connections than its size, however many requests wait;
/// every request is still answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pool_is_bounded() {
    let pool = drumbeat_server::Pool::with(store(), 0, 2).unwrap();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let pool = Arc::clone(&pool);
        tasks.push(tokio::spawn(async move {
            pool.run(move |s| {
                std::thread::sleep(std::time::Duration::from_millis(20));
                use drumbeat_store::Browse;
                Ok(s.stats().map(|_| i).unwrap_or(i))
            })
            .await
        }));
    }
    for t in tasks {
        assert!(t.await.unwrap().is_ok());
    }
    assert!(pool.opened() <= 2, "opened {} connections", pool.opened());
}

#[tokio::test]
async fn dashboard_pages_refuse_bad_parameters_and_unknown_things() {
    // A dyad the store has, from the API.
    let (s, dyads) = json("/api/dyads").await;
    assert_eq!(s, StatusCode::OK);
    let known = dyads["items"][0]["dyad"].as_str().unwrap().to_string();
    let (s, body, _) = get(&format!("/dyad/{known}")).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert!(
        body.contains("Showing "),
        "the page states its window: {body}"
    );
    // Unknown things are 404 pages that say what is missing.
    for (uri, says) in [
        ("/dyad/XYZ-ABC", "no events between ABC-XYZ"),
        ("/actor/ZZZ", "no actor ZZZ"),
    ] {
        let (s, body, _) = get(uri).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
        assert!(body.contains(says), "{uri}: {body}");
    }
    // Bad parameters are 400 pages naming the parameter, as the API's are.
    for (uri, names) in [
        (format!("/dyad/{known}?day=2024-13-45"), "`day`"),
        (format!("/dyad/{known}?bogus=1"), "bogus"),
        ("/stories?offset=abc".to_string(), "`offset`"),
        ("/quotes?offset=-1".to_string(), "`offset`"),
    ] {
        let (s, body, _) = get(&uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}");
        assert!(body.contains(names), "{uri}: {body}");
    }
    // The OpenAPI document is also where tools look first.
    let (s, doc) = json("/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.0.3");
}

#[tokio::test]
async fn an_overlong_request_target_is_refused_with_the_security_headers() {
    let long = format!(
        "/api/events?q={}",
        "a".repeat(drumbeat_server::MAX_URI_BYTES)
    );
    let (s, body, headers) = get(&long).await;
    assert_eq!(s, StatusCode::URI_TOO_LONG, "{body}");
    assert!(body.contains("uri_too_long"), "{body}");
    for h in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
    ] {
        assert!(headers.contains_key(h), "{h} missing on the 414");
    }
    // Counter-example: a long but acceptable target is answered as usual.
    let (s, _, _) = get(&format!("/api/events?q={}", "a".repeat(100))).await;
    assert_ne!(s, StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn search_finds_people_actors_events_quotes_and_articles() {
    // (The sample articles in `examples/`, so that this runs without `../shared`.)
    let (s, body, _) = get("/search?q=Kwatra").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("People ("), "{body}");
    assert!(body.contains("<mark>Kwatra</mark>"), "the word is marked");
    let (_, body, _) = get("/search?q=Islamabad").await;
    assert!(body.contains("Articles ("), "{body}");
    assert!(
        !body.contains(">date 20"),
        "titles leave out the date header"
    );
    let (_, body, _) = get("/search?q=ind").await;
    assert!(
        body.contains("href=\"/actor/IND\""),
        "actor codes by prefix"
    );
    // Quotes by their words, with a link to the quote in its article.
    let (_, body, _) = get("/search?q=cross-border+firing").await;
    assert!(body.contains("#q"), "{body}");
    let (s, v) = json("/api/quotes?text=CROSS-BORDER").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!v["items"].as_array().unwrap().is_empty());
}
