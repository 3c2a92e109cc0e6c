//! `drumbeat bench-serve`: the server's latency for the dashboard's queries, and a paced
//! load test, against a store. The server runs in this process on a loopback port; the
//! client is a minimal HTTP/1.1 keep-alive client on plain sockets, so nothing but the
//! server and the store is measured.
//!
//! The load test is open-loop: request `i` is due at `start + i / rate` whatever happened
//! to the requests before it, and its latency counts from then, not from when a client
//! got round to sending it. When the server falls behind, requests wait for a free
//! connection as a user's would wait in a queue, and that wait is in the percentiles
//! (timing from the actual send would hide it: coordinated omission).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use drumbeat_model::Dyad;
use drumbeat_store::{Browse, SqliteStore, Store, StoryQuery};

/// One keep-alive connection.
pub struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    pub fn connect(addr: SocketAddr) -> Result<Client> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Client {
            reader: BufReader::new(s.try_clone()?),
            writer: s,
        })
    }

    /// GET a path: (status, body length).
    pub fn get(&mut self, path: &str) -> Result<(u16, usize)> {
        write!(
            self.writer,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow!("bad status line {line:?}"))?;
        let mut length: Option<usize> = None;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let lower = l.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().ok();
            }
            if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
                chunked = true;
            }
        }
        let mut total = 0;
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let n = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                let mut buf = vec![0u8; n + 2];
                self.reader.read_exact(&mut buf)?;
                total += n;
                if n == 0 {
                    break;
                }
            }
        } else if let Some(n) = length {
            let mut buf = vec![0u8; n];
            self.reader.read_exact(&mut buf)?;
            total = n;
        }
        Ok((status, total))
    }
}

/// The dashboard's queries on this store: (name, path).
pub fn dashboard_queries(store: &SqliteStore) -> Result<Vec<(String, String)>> {
    let alert = store.alerts(None, None, Some(1))?.into_iter().next();
    let dyad = alert
        .as_ref()
        .map(|a| a.dyad.clone())
        .or_else(|| {
            store
                .dyad_summaries(30, 1)
                .ok()
                .and_then(|v| v.into_iter().next().map(|d| d.dyad))
        })
        .ok_or_else(|| anyhow!("the store has no watch yet: ingest articles first"))?;
    let day = alert.map(|a| a.day).unwrap_or_default();
    // A month before the alert, for date-bounded queries that return a full page.
    let month_before = drumbeat_model::civil::parse(&day)
        .and_then(|d| drumbeat_model::civil::format(d - 30))
        .unwrap_or_default();
    let story = store
        .stories(&StoryQuery {
            limit: Some(1),
            min_documents: Some(2),
            ..Default::default()
        })?
        .into_iter()
        .next()
        .map(|s| s.id)
        .unwrap_or_default();
    let merged = store
        .merged_events(&drumbeat_store::MergedQuery {
            dyad: Some(dyad.clone()),
            limit: Some(1),
            ..Default::default()
        })?
        .into_iter()
        .next()
        .map(|m| m.event.id)
        .unwrap_or_default();
    let actor = Dyad::from_key(&dyad).a;
    Ok(vec![
        ("overview page".into(), "/".into()),
        (
            "dyad page (chart, types, a day)".into(),
            format!("/dyad/{dyad}"),
        ),
        (
            "dyad page, day clicked".into(),
            format!("/dyad/{dyad}?day={day}"),
        ),
        (
            "event page (evidence in articles)".into(),
            format!("/event/{merged}"),
        ),
        ("story page".into(), format!("/story/{story}")),
        ("actor page".into(), format!("/actor/{actor}")),
        ("quotes page".into(), "/quotes".into()),
        (
            "API dyad series".into(),
            format!("/api/dyads/{dyad}/series"),
        ),
        (
            "API merged events of a dyad".into(),
            format!("/api/merged?dyad={dyad}&limit=50"),
        ),
        (
            "API events by type and dates".into(),
            format!("/api/events?type=MOBILIZE&since={month_before}&until={day}&limit=50"),
        ),
        ("API alerts".into(), "/api/alerts?limit=20".into()),
        ("API stories".into(), "/api/stories?limit=20".into()),
        (
            "API text search of evidence".into(),
            "/api/events?q=border+troops&limit=20".into(),
        ),
    ])
}

/// The load test's requests: the dashboard's queries on many dyads, days, event types,
/// search terms and pages, so that a cache cannot answer everything from a handful of
/// paths. Paths are interleaved (one of each kind in turn).
pub fn load_queries(store: &SqliteStore, api_only: bool) -> Result<Vec<String>> {
    let dyads = store.dyad_summaries(3650, 60)?;
    if dyads.is_empty() {
        return Err(anyhow!("the store has no watch yet: ingest articles first"));
    }
    let terms = [
        "border+troops",
        "talks",
        "sanctions",
        "missile",
        "ceasefire",
        "embassy",
        "drills",
        "protest",
        "aid",
        "summit",
        "accused",
        "warned",
        "agreement",
        "attack",
        "envoy",
    ];
    let mut kinds: Vec<Vec<String>> = vec![Vec::new(); 10];
    for (i, d) in dyads.iter().enumerate() {
        let actor = Dyad::from_key(&d.dyad).a;
        let month_before = drumbeat_model::civil::parse(&d.last_day)
            .and_then(|x| drumbeat_model::civil::format(x - 30))
            .unwrap_or_default();
        let ty = drumbeat_model::PLOVER_TYPES[i % drumbeat_model::PLOVER_TYPES.len()];
        kinds[0].push(format!("/api/dyads/{}/series", d.dyad));
        kinds[1].push(format!("/api/merged?dyad={}&limit=50", d.dyad));
        kinds[2].push(format!(
            "/api/events?type={ty}&since={month_before}&until={}&limit=50",
            d.last_day
        ));
        kinds[3].push(format!("/api/alerts?dyad={}&limit=20", d.dyad));
        kinds[4].push(format!("/api/stories?limit=20&offset={}", i % 20 * 20));
        kinds[5].push(format!("/api/events?q={}&limit=20", terms[i % terms.len()]));
        kinds[6].push(format!("/dyad/{}", d.dyad));
        kinds[7].push(format!("/dyad/{}?day={}", d.dyad, d.peak_day));
        kinds[8].push(format!("/actor/{actor}"));
        kinds[9].push(format!("/?n={}", i % 4));
    }
    if api_only {
        kinds.truncate(6);
    }
    let longest = kinds.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    for i in 0..longest {
        for k in &kinds {
            if let Some(p) = k.get(i) {
                out.push(p.clone());
            }
        }
    }
    out.sort();
    out.dedup();
    // Spread the kinds again after dedup, deterministically.
    out.sort_by_key(|p| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        p.hash(&mut h);
        h.finish()
    });
    Ok(out)
}

/// When request `j` of connection `k` (of `connections`) is due, after the start of a
/// load test at `rate` requests a second. The connections take turns on one open-loop
/// schedule: together they send request `i = j * connections + k` at `i / rate`.
pub fn due_after(k: usize, connections: usize, j: u64, rate: f64) -> Duration {
    Duration::from_secs_f64((j as f64 * connections as f64 + k as f64) / rate)
}

/// A request's latency in milliseconds, from when it was due (not from when it was sent)
/// until its answer was read.
pub fn latency_ms(due: Instant, answered: Instant) -> f64 {
    answered.saturating_duration_since(due).as_secs_f64() * 1000.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// Start the server on an ephemeral loopback port in a background runtime.
fn start(store: &Path, cache: bool) -> Result<(SocketAddr, tokio::runtime::Runtime)> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let pool = if cache {
        drumbeat_server::Pool::open(store)?
    } else {
        drumbeat_server::Pool::open_uncached(store)?
    };
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    rt.spawn(async move {
        let _ = drumbeat_server::serve_listener(listener, pool).await;
    });
    Ok((addr, rt))
}

/// Latency of each dashboard query over `n` sequential requests (after one warm-up).
pub fn latency(store_path: &Path, n: usize, cache: bool) -> Result<serde_json::Value> {
    let store = SqliteStore::open(store_path)?;
    let stats = store.stats()?;
    let queries = dashboard_queries(&store)?;
    drop(store);
    let (addr, _rt) = start(store_path, cache)?;
    let mut c = Client::connect(addr)?;
    let mut rows = Vec::new();
    for (name, path) in &queries {
        let (status, _) = c.get(path).with_context(|| path.clone())?;
        if status != 200 {
            return Err(anyhow!("{path} answered {status}"));
        }
        let mut ms = Vec::with_capacity(n);
        let mut bytes = 0;
        for _ in 0..n {
            let t = Instant::now();
            let (_, b) = c.get(path)?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            bytes = b;
        }
        ms.sort_by(f64::total_cmp);
        rows.push(serde_json::json!({
            "query": name, "path": path, "requests": n, "bytes": bytes,
            "p50_ms": percentile(&ms, 0.5), "p99_ms": percentile(&ms, 0.99), "max_ms": ms.last(),
        }));
    }
    Ok(serde_json::json!({"store": stats, "queries": rows}))
}

/// Paced load: `rate` requests a second for `seconds`, over `connections` keep-alive
/// connections, cycling through the dashboard's queries; latencies count from when each
/// request was due (see the module's doc).
pub fn load(
    store_path: &Path,
    rate: f64,
    seconds: f64,
    connections: usize,
    api_only: bool,
    cache: bool,
) -> Result<serde_json::Value> {
    let store = SqliteStore::open(store_path)?;
    let queries: Vec<String> = load_queries(&store, api_only)?;
    drop(store);
    let distinct = queries.len();
    let (addr, _rt) = start(store_path, cache)?;
    let rss_start = rss_mb();
    let started = Instant::now();
    let conns = connections.max(1);
    let handles: Vec<_> = (0..conns)
        .map(|k| {
            let queries = queries.clone();
            std::thread::spawn(move || -> (Vec<f64>, u64, u64, Vec<String>) {
                let mut lat = Vec::new();
                let mut failed = Vec::new();
                let (mut errors, mut sent) = (0u64, 0u64);
                let Ok(mut c) = Client::connect(addr) else {
                    return (lat, 1, 1, vec!["cannot connect".into()]);
                };
                while started.elapsed().as_secs_f64() < seconds {
                    let due = started + due_after(k, conns, sent, rate);
                    let now = Instant::now();
                    if due > now {
                        std::thread::sleep(due - now);
                    }
                    let path = &queries[(sent as usize + k) % queries.len()];
                    match c.get(path) {
                        Ok((200, _)) => lat.push(latency_ms(due, Instant::now())),
                        other => {
                            if failed.len() < 20 {
                                failed.push(match other {
                                    Ok((status, _)) => format!("{status} {path}"),
                                    Err(e) => format!("{e} {path}"),
                                });
                            }
                            errors += 1;
                            if let Ok(n) = Client::connect(addr) {
                                c = n;
                            }
                        }
                    }
                    sent += 1;
                }
                (lat, errors, sent, failed)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs_f64(seconds / 2.0));
    let mid_rss = rss_mb();
    let mut all = Vec::new();
    let (mut errors, mut sent) = (0, 0);
    let mut failures: Vec<String> = Vec::new();
    for h in handles {
        let (l, e, s, f) = h.join().map_err(|_| anyhow!("a client thread panicked"))?;
        failures.extend(f);
        all.extend(l);
        errors += e;
        sent += s;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Ok(serde_json::json!({
        "target_rate": rate, "seconds": elapsed, "connections": connections, "mix": if api_only { "api" } else { "dashboard" },
        "distinct_paths": distinct, "cache": cache, "failures": failures,
        "requests": sent, "achieved_rate": sent as f64 / elapsed, "errors": errors,
        "p50_ms": percentile(&all, 0.5), "p99_ms": percentile(&all, 0.99), "max_ms": all.last(),
        "rss_mb_start": rss_start, "rss_mb_middle": mid_rss, "rss_mb_end": rss_mb(),
    }))
}

/// The readable line of a load test ([`load`]'s report).
pub fn write_load_text(out: &mut dyn Write, r: &serde_json::Value) -> std::io::Result<()> {
    writeln!(
        out,
        "{} mix: {:.0} requests/s asked, {:.1} achieved over {:.1}s on {} connections: {} requests, {} errors, p50 {:.2} ms, p99 {:.2} ms; server RSS {:.0} → {:.0} → {:.0} MB",
        r["mix"].as_str().unwrap_or(""),
        r["target_rate"].as_f64().unwrap_or(0.0),
        r["achieved_rate"].as_f64().unwrap_or(0.0),
        r["seconds"].as_f64().unwrap_or(0.0),
        r["connections"],
        r["requests"],
        r["errors"],
        r["p50_ms"].as_f64().unwrap_or(0.0),
        r["p99_ms"].as_f64().unwrap_or(0.0),
        r["rss_mb_start"].as_f64().unwrap_or(0.0),
        r["rss_mb_middle"].as_f64().unwrap_or(0.0),
        r["rss_mb_end"].as_f64().unwrap_or(0.0),
    )
}

/// The readable table of the dashboard queries' latency ([`latency`]'s report).
pub fn write_latency_text(out: &mut dyn Write, r: &serde_json::Value) -> std::io::Result<()> {
    writeln!(out, "store: {}", r["store"])?;
    writeln!(
        out,
        "{:<36} {:>9} {:>9} {:>9}  path",
        "query", "p50 ms", "p99 ms", "bytes"
    )?;
    for q in r["queries"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "{:<36} {:>9.2} {:>9.2} {:>9}  {}",
            q["query"].as_str().unwrap_or(""),
            q["p50_ms"].as_f64().unwrap_or(0.0),
            q["p99_ms"].as_f64().unwrap_or(0.0),
            q["bytes"],
            q["path"].as_str().unwrap_or("")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connections_share_one_open_loop_schedule() {
        // 4 connections at 100 requests/s: between them, request i is due at i/100 s.
        let mut due: Vec<Duration> = (0..4)
            .flat_map(|k| (0..5).map(move |j| due_after(k, 4, j, 100.0)))
            .collect();
        due.sort();
        let want: Vec<Duration> = (0..20)
            .map(|i| Duration::from_secs_f64(i as f64 / 100.0))
            .collect();
        assert_eq!(due, want);
        // Connection 1's third request (j = 2): request 9 overall.
        assert_eq!(due_after(1, 4, 2, 100.0), Duration::from_millis(90));
    }

    #[test]
    fn latency_counts_from_when_the_request_was_due() {
        let due = Instant::now();
        // The client was held up 30 ms by earlier requests, then the answer took 5 ms:
        // 35 ms, not 5.
        let answered = due + Duration::from_millis(35);
        assert!((latency_ms(due, answered) - 35.0).abs() < 1e-9);
        // Never negative.
        assert_eq!(latency_ms(answered, due), 0.0);
    }
}
