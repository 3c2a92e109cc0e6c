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
use std::time::Duration;

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
        let mut r = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        r
    }
}

/// How long a request waits for a connection before the server answers 503.
const QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Connections to one store, reused across requests: at most [`Pool::size`] open at once
/// (twice the cores, at least four); a request that finds them all busy waits its turn
/// for [`QUEUE_WAIT`], then is answered 503 with `Retry-After`, so a burst of slow
/// queries never opens connections (and threads, memory, temp files) without bound.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    /// One permit per connection that may be in use.
    slots: Arc<tokio::sync::Semaphore>,
    size: usize,
    /// Connections opened so far (for tests and diagnostics).
    opened: std::sync::atomic::AtomicUsize,
    /// A connection kept only to ask the store's data version, and the answers cache.
    version: Mutex<SqliteStore>,
    pub(crate) cache: cache::Cache,
}

impl Pool {
    /// A pool over the store at `path` (opened, and created if missing, right away so a
    /// bad path fails at start rather than at the first request).
    pub fn open(path: &Path) -> Result<Arc<Pool>, StoreError> {
        Self::with(path, cache::CACHE_BYTES, default_size())
    }

    /// A pool whose answers are never cached (to measure the queries themselves).
    pub fn open_uncached(path: &Path) -> Result<Arc<Pool>, StoreError> {
        Self::with(path, 0, default_size())
    }

    /// A pool of at most `size` connections (at least one) and an answers cache of
    /// `cache_bytes`.
    pub fn with(path: &Path, cache_bytes: usize, size: usize) -> Result<Arc<Pool>, StoreError> {
        let size = size.max(1);
        let first = SqliteStore::open_reader(path)?;
        let version = SqliteStore::open_reader(path)?;
        Ok(Arc::new(Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            slots: Arc::new(tokio::sync::Semaphore::new(size)),
            size,
            opened: std::sync::atomic::AtomicUsize::new(1),
            version: Mutex::new(version),
            cache: cache::Cache::new(cache_bytes),
        }))
    }

    /// The most connections in use at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Query connections opened since the pool was made.
    pub fn opened(&self) -> usize {
        self.opened.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The store's data version now (`None` if it cannot be read: then nothing is cached).
    pub(crate) fn data_version(&self) -> Option<i64> {
        self.version.lock().ok()?.data_version().ok()
    }

    fn take(&self) -> Result<SqliteStore, StoreError> {
        let got = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        match got {
            Some(s) => Ok(s),
            None => {
                self.opened
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                SqliteStore::open_reader(&self.path)
            }
        }
    }

    fn give(&self, s: SqliteStore) {
        if let Ok(mut v) = self.idle.lock() {
            if v.len() < self.size {
                v.push(s);
            }
        }
    }

    /// Run `f` with a connection on a blocking thread, once one of the pool's slots is
    /// free (503 after [`QUEUE_WAIT`]).
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let pool = Arc::clone(self);
        // Held until the query ends on the blocking thread (or the request is dropped).
        let slot = Arc::clone(&self.slots).acquire_owned();
        let permit = match tokio::time::timeout(QUEUE_WAIT, slot).await {
            Ok(Ok(p)) => p,
            _ => {
                return Err(ApiError {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    code: "busy",
                    message: "every store connection is busy: retry in a moment".into(),
                    parameter: None,
                })
            }
        };
        // The running statement is stopped when the request is dropped (its client went
        // away) or runs past its budget: a slow query never outlives its request.
        let running: Arc<Mutex<Option<drumbeat_store::InterruptHandle>>> = Arc::default();
        let guard = StopOnDrop(Arc::clone(&running));
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = pool.take()?;
            if let Ok(mut r) = running.lock() {
                *r = Some(store.interrupt_handle());
            }
            let out = f(&store);
            if let Ok(mut r) = running.lock() {
                *r = None;
            }
            pool.give(store);
            out
        });
        let joined = match tokio::time::timeout(QUERY_BUDGET, task).await {
            Ok(j) => j,
            Err(_) => {
                drop(guard);
                return Err(ApiError {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    code: "too_slow",
                    message: format!(
                        "the query ran longer than {} s and was stopped: narrow it (a date range, a type, a smaller offset)",
                        QUERY_BUDGET.as_secs()
                    ),
                    parameter: None,
                });
            }
        };
        joined.map_err(|e| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: format!("request task failed: {e}"),
            parameter: None,
        })?
    }
}

/// How long one request's queries may run before they are stopped.
const QUERY_BUDGET: Duration = Duration::from_secs(10);

/// Stops the statement of a request, if one is still running, when dropped.
struct StopOnDrop(Arc<Mutex<Option<drumbeat_store::InterruptHandle>>>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        if let Ok(r) = self.0.lock() {
            if let Some(h) = r.as_ref() {
                h.interrupt();
            }
        }
    }
}

fn default_size() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get() * 2)
        .unwrap_or(4)
        .max(4)
}

/// Which `Host` headers the server answers. A web page on `attacker.example` whose name
/// is made to resolve to 127.0.0.1 (DNS rebinding) sends `Host: attacker.example`; it is
/// refused. Allowed: `localhost`, IP literals (a browser sends those only for pages
/// addressed by IP), names given with `--allow-host`, and requests with no `Host` at all.
#[derive(Debug, Clone, Default)]
pub struct HostAllow {
    names: Vec<String>,
}

impl HostAllow {
    /// Also allow these host names (without port; case does not matter).
    pub fn new(names: impl IntoIterator<Item = String>) -> HostAllow {
        HostAllow {
            names: names.into_iter().map(|n| n.to_ascii_lowercase()).collect(),
        }
    }

    /// Whether a `Host` header's value is allowed.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim();
        let name = if let Some(rest) = host.strip_prefix('[') {
            // "[::1]:8080"
            return rest
                .split(']')
                .next()
                .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
        } else {
            match host.rsplit_once(':') {
                Some((n, port)) if port.chars().all(|c| c.is_ascii_digit()) => n,
                _ => host,
            }
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost"
            || name.parse::<std::net::IpAddr>().is_ok()
            || self.names.contains(&name)
    }
}

async fn host_check(
    axum::extract::State(hosts): axum::extract::State<Arc<HostAllow>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let allowed = match req.headers().get(header::HOST) {
        None => true,
        Some(v) => v.to_str().is_ok_and(|h| hosts.allows(h)),
    };
    if allowed {
        next.run(req).await
    } else {
        ApiError {
            status: StatusCode::FORBIDDEN,
            code: "host_not_allowed",
            message: "this server answers localhost and IP addresses only; start it with --allow-host NAME to answer NAME".into(),
            parameter: None,
        }
        .into_response()
    }
}

/// The longest request target answered: longer ones get a 414 from the application,
/// with the security headers and a JSON error (hyper's own 414, beyond 64 KB, has no body).
pub const MAX_URI_BYTES: usize = 8 * 1024;

async fn uri_limit(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if len > MAX_URI_BYTES {
        return ApiError {
            status: StatusCode::URI_TOO_LONG,
            code: "uri_too_long",
            message: format!(
                "the request target is {len} bytes; at most {MAX_URI_BYTES} are answered"
            ),
            parameter: None,
        }
        .into_response();
    }
    next.run(req).await
}

/// The whole application: API, dashboard and assets, answering the default hosts.
pub fn router(pool: Arc<Pool>) -> Router {
    router_with(pool, HostAllow::default())
}

/// The whole application, answering the hosts `hosts` allows.
pub fn router_with(pool: Arc<Pool>, hosts: HostAllow) -> Router {
    let app = api::routes()
        .merge(pages::routes())
        .with_state(Arc::clone(&pool))
        .fallback(|| async { ApiError::not_found("no such page or endpoint") });
    app.layer(axum::middleware::from_fn_with_state(pool, cache::layer))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(hosts),
            host_check,
        ))
        .layer(axum::middleware::from_fn(uri_limit))
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

/// How long a client may take to send a request's headers, and how long an idle
/// keep-alive connection is kept: slow or silent clients must not hold sockets.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; further clients wait in the listen backlog until one
/// closes, so descriptors and memory stay bounded however many sockets are opened.
pub const MAX_CONNECTIONS: usize = 512;

/// Serve on a listener that is already bound (tests and benchmarks bind port 0).
pub async fn serve_listener(
    listener: tokio::net::TcpListener,
    pool: Arc<Pool>,
) -> std::io::Result<()> {
    accept_loop(
        listener,
        router(pool),
        std::future::pending(),
        Limits::default(),
    )
    .await
}

/// Serve on `addr` until Ctrl-C, answering the hosts `hosts` allows. Prints the address
/// it listens on.
pub async fn serve(addr: SocketAddr, store: &Path, hosts: HostAllow) -> std::io::Result<()> {
    let pool = Pool::open(store).map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    eprintln!(
        "drumbeat: serving {} on http://{local}/ (API: http://{local}/api/, Ctrl-C stops)",
        store.display()
    );
    accept_loop(
        listener,
        router_with(pool, hosts),
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
        Limits::default(),
    )
    .await
}

/// What one server allows its clients.
#[derive(Debug, Clone, Copy)]
struct Limits {
    header_read_timeout: Duration,
    max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Accept connections until `stop` completes: at most `max_connections` at once, each
/// served over HTTP/1.1 with `header_read_timeout` for every request's headers (which
/// also closes keep-alive connections idle that long). A failed accept (out of
/// descriptors, say) is reported and retried after a pause, never fatal.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: impl std::future::Future<Output = ()>,
    limits: Limits,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            _ = &mut stop => return Ok(()),
            p = slots.clone().acquire_owned() => p.map_err(std::io::Error::other)?,
        };
        let (stream, _) = tokio::select! {
            _ = &mut stop => return Ok(()),
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("drumbeat: accepting a connection failed: {e} (retrying)");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

#[cfg(test)]
mod connection_limits {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    async fn start(limits: Limits) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route("/", axum::routing::get(|| async { "ok" }));
        tokio::spawn(accept_loop(listener, app, std::future::pending(), limits));
        addr
    }

    /// Read until the server closes the connection (or `within` passes: then `None`).
    async fn closed_within(s: &mut TcpStream, within: Duration) -> Option<Vec<u8>> {
        let mut got = Vec::new();
        tokio::time::timeout(within, s.read_to_end(&mut got))
            .await
            .ok()
            .map(|_| got)
    }

    const GET: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    #[tokio::test]
    async fn silent_half_sent_and_idle_clients_are_let_go() {
        let limits = Limits {
            header_read_timeout: Duration::from_millis(300),
            max_connections: 8,
        };
        let addr = start(limits).await;
        // Connected, never a byte.
        let mut silent = TcpStream::connect(addr).await.unwrap();
        // Headers begun, never finished.
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: local")
            .await
            .unwrap();
        // One request answered, then idle on keep-alive.
        let mut idle = TcpStream::connect(addr).await.unwrap();
        idle.write_all(GET).await.unwrap();
        for s in [&mut silent, &mut slow] {
            assert!(closed_within(s, Duration::from_secs(5)).await.is_some());
        }
        let answered = closed_within(&mut idle, Duration::from_secs(5))
            .await
            .unwrap();
        assert!(answered.starts_with(b"HTTP/1.1 200"), "{answered:?}");
    }

    #[tokio::test]
    async fn clients_beyond_the_limit_wait_for_a_free_connection() {
        let limits = Limits {
            header_read_timeout: Duration::from_millis(400),
            max_connections: 1,
        };
        let addr = start(limits).await;
        let mut first = TcpStream::connect(addr).await.unwrap();
        let mut second = TcpStream::connect(addr).await.unwrap();
        second.write_all(GET).await.unwrap();
        // The first holds the only connection, silent, until its timeout lets it go;
        // the second is then served.
        let mut buf = [0u8; 12];
        let waited = tokio::time::timeout(Duration::from_millis(150), second.read(&mut buf)).await;
        assert!(waited.is_err(), "served beyond the limit");
        assert!(closed_within(&mut first, Duration::from_secs(5))
            .await
            .is_some());
        tokio::time::timeout(Duration::from_secs(5), second.read_exact(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&buf, b"HTTP/1.1 200");
    }
}

#[cfg(test)]
mod query_budget {
    use super::*;

    /// A statement that never ends on its own.
    fn endless(s: &SqliteStore) -> Result<i64, ApiError> {
        s.connection()
            .query_row(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                [],
                |r| r.get(0),
            )
            .map_err(|e| ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "internal",
                message: e.to_string(),
                parameter: None,
            })
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_dropped_request_stops_its_query_and_frees_its_connection() {
        let dir = std::env::temp_dir().join(format!("drumbeat-budget-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pool = Pool::with(&dir.join("s.db"), 0, 1).unwrap();
        // The client goes away after 200 ms: the request's future is dropped.
        let gone = tokio::time::timeout(Duration::from_millis(200), pool.run(endless)).await;
        assert!(gone.is_err());
        // The only connection is free again well before the queue's 5 s wait.
        let next = tokio::time::timeout(Duration::from_secs(3), pool.run(|_| Ok(1))).await;
        assert!(
            matches!(next, Ok(Ok(1))),
            "the endless query kept the connection"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
