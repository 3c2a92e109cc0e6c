//! drumbeat's server: a JSON API over the store (documented by an OpenAPI document at
//! `/api/openapi.json` generated from the same table that validates every request) and a
//! web dashboard rendered on the server, with its stylesheet embedded in the binary.
//!
//! Article text is hostile input: every value reaches HTML through maud, which escapes
//! it, and every page is sent with a Content-Security-Policy that allows no inline script
//! and no script from anywhere else, so even a missed escape could not run code.
//!
//! Requests run the store's queries on blocking threads, each with a connection from a
//! small pool (SQLite in WAL mode: readers never wait for each other).
//!
//! Answers are cached ([`cache`]): the store only changes when an ingest commits, so a
//! successful answer is kept until the store's data version moves, and the same
//! overview, dyad page or API query asked again costs a hash lookup.

mod api;
pub mod cache;
mod pages;
mod params;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use drumbeat_store::{SqliteStore, StoreError};

pub use api::{openapi, ENDPOINTS};
pub use params::{Endpoint, Kind, Param};

/// The policy sent with every response: nothing but this server's own stylesheet.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// An error the server answers with: a stable code, a message naming the bad parameter,
/// and the HTTP status.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub parameter: Option<String>,
}

impl ApiError {
    pub fn bad(parameter: &str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_parameter",
            message: message.into(),
            parameter: Some(parameter.to_string()),
        }
    }
    pub fn not_found(what: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: what.into(),
            parameter: None,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Ambiguous(id) => ApiError {
                status: StatusCode::BAD_REQUEST,
                code: "ambiguous_id",
                message: format!("`{id}` matches more than one id: give more characters"),
                parameter: Some("id".into()),
            },
            other => ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "internal",
                message: other.to_string(),
                parameter: None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {"code": self.code, "message": self.message, "parameter": self.parameter}
        });
        (self.status, axum::Json(body)).into_response()
    }
}

/// Connections to one store, reused across requests.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    /// A connection kept only to ask the store's data version, and the answers cache.
    version: Mutex<SqliteStore>,
    pub(crate) cache: cache::Cache,
}

impl Pool {
    /// A pool over the store at `path` (opened, and created if missing, right away so a
    /// bad path fails at start rather than at the first request).
    pub fn open(path: &Path) -> Result<Arc<Pool>, StoreError> {
        Self::with_cache(path, cache::CACHE_BYTES)
    }

    /// A pool whose answers are never cached (to measure the queries themselves).
    pub fn open_uncached(path: &Path) -> Result<Arc<Pool>, StoreError> {
        Self::with_cache(path, 0)
    }

    fn with_cache(path: &Path, budget: usize) -> Result<Arc<Pool>, StoreError> {
        let first = SqliteStore::open_reader(path)?;
        let version = SqliteStore::open_reader(path)?;
        Ok(Arc::new(Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            version: Mutex::new(version),
            cache: cache::Cache::new(budget),
        }))
    }

    /// The store's data version now (`None` if it cannot be read: then nothing is cached).
    pub(crate) fn data_version(&self) -> Option<i64> {
        self.version.lock().ok()?.data_version().ok()
    }

    fn take(&self) -> Result<SqliteStore, StoreError> {
        let got = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        match got {
            Some(s) => Ok(s),
            None => SqliteStore::open_reader(&self.path),
        }
    }

    fn give(&self, s: SqliteStore) {
        if let Ok(mut v) = self.idle.lock() {
            if v.len() < 16 {
                v.push(s);
            }
        }
    }

    /// Run `f` with a connection on a blocking thread.
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = pool.take()?;
            let out = f(&store);
            pool.give(store);
            out
        })
        .await
        .map_err(|e| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: format!("request task failed: {e}"),
            parameter: None,
        })?
    }
}

/// The whole application: API, dashboard and assets.
pub fn router(pool: Arc<Pool>) -> Router {
    let app = api::routes()
        .merge(pages::routes())
        .with_state(Arc::clone(&pool))
        .fallback(|| async { ApiError::not_found("no such page or endpoint") });
    app.layer(axum::middleware::from_fn_with_state(pool, cache::layer))
        .layer(axum::middleware::map_response(security_headers))
}

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// Serve on a listener that is already bound (tests and benchmarks bind port 0).
pub async fn serve_listener(
    listener: tokio::net::TcpListener,
    pool: Arc<Pool>,
) -> std::io::Result<()> {
    axum::serve(listener, router(pool)).await
}

/// Serve on `addr` until Ctrl-C. Prints the address it listens on.
pub async fn serve(addr: SocketAddr, store: &Path) -> std::io::Result<()> {
    let pool = Pool::open(store).map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    eprintln!(
        "drumbeat: serving {} on http://{local}/ (API: http://{local}/api/, Ctrl-C stops)",
        store.display()
    );
    axum::serve(listener, router(pool))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
