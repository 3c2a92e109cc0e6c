//! The answers cache. The store changes only when an ingest commits; SQLite's
//! `data_version` tells when that happened (from any connection, in any process). A
//! successful GET answer is kept under its path and query until the version moves;
//! then the whole cache is dropped at once. Bounded in bytes: an answer larger than
//! [`MAX_ENTRY`] is never kept, and when the cache would outgrow its budget it starts
//! over. Every answer says whether it came from the cache (`x-drumbeat-cache`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::Pool;

/// The cache's budget in bytes of bodies.
pub const CACHE_BYTES: usize = 64 * 1024 * 1024;
/// The largest answer kept.
pub const MAX_ENTRY: usize = 2 * 1024 * 1024;

struct Entry {
    headers: HeaderMap,
    body: Bytes,
}

struct Inner {
    version: Option<i64>,
    bytes: usize,
    map: HashMap<String, Arc<Entry>>,
}

/// Answers by request path and query, for one data version of the store.
pub struct Cache {
    budget: usize,
    inner: Mutex<Inner>,
}

impl Cache {
    pub fn new(budget: usize) -> Cache {
        Cache {
            budget,
            inner: Mutex::new(Inner {
                version: None,
                bytes: 0,
                map: HashMap::new(),
            }),
        }
    }

    fn get(&self, key: &str, version: i64) -> Option<Arc<Entry>> {
        let mut g = self.inner.lock().ok()?;
        if g.version != Some(version) {
            g.map.clear();
            g.bytes = 0;
            g.version = Some(version);
            return None;
        }
        g.map.get(key).cloned()
    }

    fn put(&self, key: String, version: i64, entry: Entry) {
        let Ok(mut g) = self.inner.lock() else { return };
        if g.version != Some(version) {
            g.map.clear();
            g.bytes = 0;
            g.version = Some(version);
        }
        let size = entry.body.len() + key.len();
        if size > self.budget {
            return;
        }
        if g.bytes + size > self.budget {
            g.map.clear();
            g.bytes = 0;
        }
        g.bytes += size;
        if let Some(old) = g.map.insert(key, Arc::new(entry)) {
            g.bytes -= old.body.len();
        }
    }

    /// Number of answers held (for tests).
    pub fn len(&self) -> usize {
        self.inner.lock().map(|g| g.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn mark(r: &mut Response, how: &'static str) {
    r.headers_mut()
        .insert("x-drumbeat-cache", HeaderValue::from_static(how));
}

/// The middleware: answer from the cache, or run the request and keep its answer.
pub async fn layer(State(pool): State<Arc<Pool>>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    let Some(version) = pool.data_version() else {
        return next.run(req).await;
    };
    if let Some(hit) = pool.cache.get(&key, version) {
        let mut r = Response::new(Body::from(hit.body.clone()));
        *r.headers_mut() = hit.headers.clone();
        mark(&mut r, "hit");
        return r;
    }
    let r = next.run(req).await;
    // Only successful answers of known, bounded size (every page and API answer of this
    // server is built in memory) are kept; anything else passes through untouched.
    let size = axum::body::HttpBody::size_hint(r.body()).exact();
    if r.status() != StatusCode::OK || size.is_none_or(|n| n as usize > MAX_ENTRY) {
        return r;
    }
    let (parts, body) = r.into_parts();
    match axum::body::to_bytes(body, MAX_ENTRY).await {
        Ok(bytes) => {
            pool.cache.put(
                key,
                version,
                Entry {
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                },
            );
            let mut r = Response::from_parts(parts, Body::from(bytes));
            mark(&mut r, "miss");
            r
        }
        // The body failed while being read (it was checked to be small): an error.
        Err(_) => Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .body(Body::from("answer too large to serve"))
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Entry {
        Entry {
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; n]),
        }
    }

    #[test]
    fn a_new_version_empties_the_cache() {
        let c = Cache::new(1000);
        c.put("/a".into(), 1, entry(10));
        assert!(c.get("/a", 1).is_some());
        assert!(c.get("/a", 2).is_none());
        assert!(c.is_empty());
    }

    #[test]
    fn the_budget_bounds_the_cache() {
        let c = Cache::new(100);
        for i in 0..50 {
            c.put(format!("/{i}"), 1, entry(20));
            let g = c.inner.lock().unwrap();
            assert!(g.bytes <= 100, "{}", g.bytes);
        }
        assert!(c.len() <= 5);
    }

    #[test]
    fn a_zero_budget_keeps_nothing() {
        let c = Cache::new(0);
        c.put("/a".into(), 1, entry(1));
        assert!(c.get("/a", 1).is_none());
    }
}
