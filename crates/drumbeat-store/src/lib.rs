//! drumbeat's store: where documents (and, later, annotations, events, stories and
//! signals) are kept between runs.
//!
//! [`Store`] is the interface every backend implements; [`SqliteStore`] is the
//! embedded default (bundled SQLite in WAL mode: no server to start). Writes go in
//! transactions of one batch each, so a killed ingest leaves every committed batch
//! whole and nothing half-written; running the same ingest again skips what is there.
//! Documents are keyed by their content id, so re-ingesting never duplicates them:
//! a second path to the same article is recorded as another origin.

use std::path::Path;

mod browse;
mod filter;
mod rows;
pub use browse::*;
use filter::Filter;
use rusqlite::types::Value;

use drumbeat_model::{
    dyad_key, Alert, Annotated, DocSketch, DyadDay, Event, Origin, Processed, Story,
};
pub use rusqlite::InterruptHandle;
use rusqlite::{params, Connection};

/// The default store file, relative to the working directory, when neither `--store`
/// nor `DRUMBEAT_STORE` names one.
pub const DEFAULT_STORE: &str = "drumbeat.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("store holds unreadable data for {id}: {message}")]
    Corrupt { id: String, message: String },
    #[error("`{0}` matches more than one document id: give more characters")]
    Ambiguous(String),
    #[error("the store at {path} was written by a newer drumbeat (schema {found}, this one knows {known})")]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
}

/// What one batch write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PutStats {
    /// Documents new to the store.
    pub inserted: u64,
    /// Documents already there (same content id).
    pub existing: u64,
}

/// Filters for listing documents.
#[derive(Debug, Default, Clone)]
pub struct DocQuery {
    pub limit: Option<u64>,
    pub offset: u64,
    /// Inclusive `YYYY-MM-DD` bounds on the publication date.
    pub since: Option<String>,
    pub until: Option<String>,
    pub outlet: Option<String>,
}

/// Every backend keeps the same records behind this interface.
pub trait Store {
    /// Write a batch atomically: all of it or none of it.
    fn put_documents(&mut self, docs: &[Processed]) -> Result<PutStats, StoreError>;
    /// A large load is coming: the store may stop maintaining its secondary (read-side)
    /// indexes until [`Store::end_bulk`]. Queries stay correct meanwhile, only slower.
    fn begin_bulk(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    /// The load is over: rebuild whatever `begin_bulk` set aside.
    fn end_bulk(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    /// Whether the stored analysis covers every stored document.
    fn analysis_current(&self) -> Result<bool, StoreError>;
    /// Every document's sketch, for the story stage.
    fn sketches(&self) -> Result<Vec<DocSketch>, StoreError>;
    /// Ids of documents stored without a sketch (written by an older drumbeat).
    fn unsketched(&self) -> Result<Vec<String>, StoreError>;
    /// Store sketches for documents that lack one.
    fn put_sketches(&mut self, sketches: &[DocSketch]) -> Result<(), StoreError>;
    /// Replace the cross-document analysis (stories, merged events, the watch) in one
    /// transaction.
    fn replace_analysis(
        &mut self,
        stories: &[Story],
        series: &[DyadDay],
        alerts: &[Alert],
    ) -> Result<(), StoreError>;
    /// Every origin path with the story of its document: (path, story id).
    fn story_membership(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// Stories, newest first.
    fn stories(&self, q: &StoryQuery) -> Result<Vec<Story>, StoreError>;
    /// One story by id or unique prefix.
    fn story(&self, id_or_prefix: &str) -> Result<Option<Story>, StoreError>;
    /// The watch's daily series (optionally of one dyad, from a day on), in dyad and day order.
    fn dyad_days(
        &self,
        dyad: Option<&str>,
        since: Option<&str>,
    ) -> Result<Vec<DyadDay>, StoreError>;
    /// Alerts (optionally of one dyad, from a day on), newest first.
    fn alerts(
        &self,
        dyad: Option<&str>,
        since: Option<&str>,
        limit: Option<u64>,
    ) -> Result<Vec<Alert>, StoreError>;
    /// Events, filtered; in date order.
    fn events(&self, q: &EventQuery) -> Result<Vec<Event>, StoreError>;
    /// Documents in order of publication date (undated last), then id.
    fn documents(&self, q: &DocQuery) -> Result<Vec<Annotated>, StoreError>;
    /// One document by its id or a unique prefix of it.
    fn document(&self, id_or_prefix: &str) -> Result<Option<Annotated>, StoreError>;
    /// People across documents, merged by their cross-document key.
    fn people(&self, q: &PeopleQuery) -> Result<Vec<PersonSummary>, StoreError>;
    /// Quotes across documents.
    fn quotes(&self, q: &QuoteQuery) -> Result<Vec<QuoteRow>, StoreError>;
    /// Every place a document was read from.
    fn origins(&self, id: &str) -> Result<Vec<Origin>, StoreError>;
    fn count_documents(&self) -> Result<u64, StoreError>;
}

/// Filters for stories.
#[derive(Debug, Default, Clone)]
pub struct StoryQuery {
    pub limit: Option<u64>,
    pub offset: u64,
    /// Inclusive `YYYY-MM-DD` bounds on the story's days.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Only stories naming this actor (country or organisation code).
    pub actor: Option<String>,
    /// Only stories with at least this many documents.
    pub min_documents: Option<u64>,
}

/// Filters for people.
#[derive(Debug, Default, Clone)]
pub struct PeopleQuery {
    pub limit: Option<u64>,
    /// Only people whose name or variants contain this (case-insensitive).
    pub name: Option<String>,
    /// Only people with this CAMEO-style code (`RUSGOV`) or country (`RUS`).
    pub code: Option<String>,
}

/// A person merged across documents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonSummary {
    pub key: String,
    pub name: String,
    pub variants: Vec<String>,
    pub code: String,
    pub titles: Vec<String>,
    pub documents: u64,
    pub mentions: u64,
    /// Where each mention is: document, sentence, byte offsets.
    pub evidence: Vec<Evidence>,
}

/// A place in the evidence: document, sentence index, byte offsets of the original.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evidence {
    pub doc: String,
    pub sentence: u32,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Filters for quotes.
#[derive(Debug, Default, Clone)]
pub struct QuoteQuery {
    pub limit: Option<u64>,
    /// Speaker name contains this (case-insensitive).
    pub speaker: Option<String>,
    /// Include fragments (scare quotes).
    pub fragments: bool,
    pub doc: Option<String>,
    pub offset: u64,
    /// The quoted words contain this (case-insensitive).
    pub text: Option<String>,
}

/// One stored quote with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuoteRow {
    pub doc: String,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub speaker: Option<String>,
    pub speaker_code: Option<String>,
    pub relay: Option<String>,
    pub fragment: bool,
    pub text: String,
    pub sentence: u32,
    pub start: usize,
    pub end: usize,
}

/// Filters for events.
#[derive(Debug, Default, Clone)]
pub struct EventQuery {
    pub limit: Option<u64>,
    /// Source country (or organisation) code.
    pub source: Option<String>,
    /// Target country (or organisation) code.
    pub target: Option<String>,
    /// Match source and target in either direction.
    pub undirected: bool,
    /// PLOVER type.
    pub event_type: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Include negated, denied, conditional, hypothetical, embedded and background acts.
    pub all_modalities: bool,
    pub doc: Option<String>,
    pub offset: u64,
    /// Either side is this code.
    pub actor: Option<String>,
    /// Every word of this in the evidence sentence (full-text search).
    pub text: Option<String>,
    /// Only events at least this confident.
    pub min_confidence: Option<f64>,
}

const SCHEMA_VERSION: i64 = 10;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS documents (
    key         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    published   TEXT,
    outlet      TEXT,
    title       TEXT,
    url         TEXT,
    format      TEXT NOT NULL,
    ingested_at INTEGER NOT NULL,
    text        TEXT NOT NULL,
    ann         BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE INDEX IF NOT EXISTS documents_order ON documents(published IS NULL, published, id);
CREATE TABLE IF NOT EXISTS people (
    doc      INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    name     TEXT NOT NULL,
    variants TEXT NOT NULL,
    code     TEXT NOT NULL,
    title    TEXT
);
CREATE INDEX IF NOT EXISTS people_key ON people(key);
CREATE INDEX IF NOT EXISTS people_code ON people(code, key);
CREATE TABLE IF NOT EXISTS mentions (
    doc      INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    code     TEXT NOT NULL,
    person   TEXT,
    text     TEXT,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_person ON mentions(person);
CREATE TABLE IF NOT EXISTS quotes (
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    published    TEXT,
    speaker      TEXT,
    speaker_code TEXT,
    relay        TEXT,
    fragment     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    sentence     INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc_id);
CREATE INDEX IF NOT EXISTS quotes_order ON quotes(published IS NULL, published, doc_id, start);
CREATE TABLE IF NOT EXISTS events (
    key            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    doc            INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    sentence       INTEGER NOT NULL,
    type           TEXT NOT NULL,
    mode           TEXT,
    context        TEXT,
    cameo          TEXT NOT NULL,
    goldstein      REAL NOT NULL,
    quad_class     INTEGER NOT NULL,
    modality       TEXT NOT NULL,
    date           TEXT,
    date_end       TEXT,
    granularity    TEXT,
    date_basis     TEXT NOT NULL,
    source_code    TEXT,
    source_country TEXT,
    source_role    TEXT,
    source_name    TEXT,
    source_start   INTEGER,
    source_end     INTEGER,
    source_also    TEXT,
    target_code    TEXT,
    target_country TEXT,
    target_role    TEXT,
    target_name    TEXT,
    target_start   INTEGER,
    target_end     INTEGER,
    target_also    TEXT,
    place_name     TEXT,
    place_country  TEXT,
    place_lat      REAL,
    place_lon      REAL,
    place_kind     TEXT,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    reported_by    TEXT,
    count          TEXT,
    confidence     REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country, date);
CREATE INDEX IF NOT EXISTS events_page ON events(date IS NULL, date, id, modality, confidence);
CREATE INDEX IF NOT EXISTS events_type ON events(type, date, id);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc);
CREATE TABLE IF NOT EXISTS sketches (
    doc    INTEGER PRIMARY KEY REFERENCES documents(key) ON DELETE CASCADE,
    briefs INTEGER NOT NULL,
    data   BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    id        TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    start     TEXT,
    end       TEXT,
    documents INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    actors    TEXT NOT NULL,
    data      BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_by_end ON stories(end, id);
CREATE TABLE IF NOT EXISTS story_actors (
    actor    TEXT NOT NULL,
    end      TEXT,
    story_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_actors_actor ON story_actors(actor, end, story_id);
CREATE TABLE IF NOT EXISTS dyad_summary (
    dyad       TEXT PRIMARY KEY,
    a          TEXT NOT NULL,
    b          TEXT NOT NULL,
    days       INTEGER NOT NULL,
    events     INTEGER NOT NULL,
    last_day   TEXT NOT NULL,
    peak_day   TEXT NOT NULL,
    peak_index REAL NOT NULL,
    peak_z     REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS dyad_summary_a ON dyad_summary(a);
CREATE INDEX IF NOT EXISTS dyad_summary_b ON dyad_summary(b);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_docs (
    doc_id   TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_docs_story ON story_docs(story_id);
CREATE TABLE IF NOT EXISTS merged_events (
    key        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    story_id   TEXT NOT NULL,
    type       TEXT NOT NULL,
    source     TEXT,
    target     TEXT,
    dyad       TEXT,
    date       TEXT,
    sources    INTEGER NOT NULL,
    goldstein  REAL NOT NULL,
    quad_class INTEGER NOT NULL,
    pos        INTEGER NOT NULL DEFAULT 0,
    data       BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS merged_by_dyad ON merged_events(dyad, date);
CREATE INDEX IF NOT EXISTS merged_by_date ON merged_events(date);
CREATE INDEX IF NOT EXISTS merged_type ON merged_events(type, date);
CREATE INDEX IF NOT EXISTS merged_source ON merged_events(source, date);
CREATE INDEX IF NOT EXISTS merged_target ON merged_events(target, date);
CREATE INDEX IF NOT EXISTS merged_story ON merged_events(story_id, pos);
CREATE TABLE IF NOT EXISTS merged_mentions (
    event  INTEGER PRIMARY KEY,
    merged INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dyad_days (
    dyad   TEXT NOT NULL,
    day    TEXT NOT NULL,
    idx    REAL NOT NULL,
    z      REAL NOT NULL,
    events INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (dyad, day)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dyad_days_day ON dyad_days(day);
CREATE TABLE IF NOT EXISTS alerts (
    dyad TEXT NOT NULL,
    day  TEXT NOT NULL,
    idx  REAL NOT NULL,
    z    REAL NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (dyad, day)
);
CREATE INDEX IF NOT EXISTS alerts_by_day ON alerts(day, idx, dyad);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(title, body, content='', tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(evidence, content='', tokenize='unicode61');
CREATE TABLE IF NOT EXISTS origins (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path   TEXT NOT NULL,
    line   INTEGER NOT NULL DEFAULT 0,
    format TEXT NOT NULL,
    PRIMARY KEY (doc_id, path, line)
);
";

/// How many stories are encoded (in parallel) before they are inserted.
const ENCODE_CHUNK: usize = 2048;

/// Secondary indexes of the per-document tables: what a bulk load drops and builds
/// again once at its end (building an index from sorted rows is far cheaper than
/// inserting hundreds of thousands of random keys into it one by one). Primary keys and
/// the unique id indexes stay: they are what makes re-ingesting idempotent.
const DOCUMENT_INDEXES: &[&str] = &[
    "documents_published",
    "documents_order",
    "people_key",
    "people_code",
    "mentions_person",
    "quotes_doc",
    "quotes_order",
    "events_dyad",
    "events_page",
    "events_type",
    "events_doc",
];

/// Secondary indexes of the analysis tables, which are rewritten whole on every
/// analysis: dropped before the rewrite and built after it, in the same transaction.
const ANALYSIS_INDEXES: &[&str] = &[
    "stories_by_end",
    "story_actors_actor",
    "dyad_summary_a",
    "dyad_summary_b",
    "story_docs_story",
    "merged_by_dyad",
    "merged_by_date",
    "merged_type",
    "merged_source",
    "merged_target",
    "merged_story",
    "dyad_days_day",
    "alerts_by_day",
];

/// The `CREATE INDEX` statements of [`SCHEMA`] for the named indexes.
fn index_ddl(names: &[&str]) -> String {
    SCHEMA
        .split(';')
        .map(str::trim)
        .filter(|stmt| {
            stmt.strip_prefix("CREATE INDEX IF NOT EXISTS ")
                .and_then(|rest| rest.split_whitespace().next())
                .is_some_and(|name| names.contains(&name))
        })
        .map(|stmt| format!("{stmt};\n"))
        .collect()
}

fn drop_ddl(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("DROP INDEX IF EXISTS {n};\n"))
        .collect()
}

/// The embedded SQLite store.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Open (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        Self::init(conn, &path.display().to_string())
    }

    /// Open the store for reading beside others (the server's pool): a small page cache
    /// per connection, the operating system's file cache shared by all.
    ///
    /// A store already at this schema is opened read-only: a reader never writes (no
    /// schema statements, no version stamp), so opening one neither waits for an
    /// ingest's write lock nor moves the data version other readers' caches are keyed
    /// on. A missing or older store is created or brought forward first.
    pub fn open_reader(path: &Path) -> Result<Self, StoreError> {
        use rusqlite::OpenFlags;
        let current = path.exists()
            && Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)))
                .is_ok_and(|v| v == SCHEMA_VERSION);
        if !current {
            drop(Self::open(path)?);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "cache_size", -8192)?;
        Ok(SqliteStore { conn })
    }

    /// A store in memory, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Checkpoint the WAL every 64 MB rather than every 4 MB: fewer fsyncs while ingesting.
        conn.pragma_update(None, "wal_autocheckpoint", 16384)?;
        // 64 MB of page cache: inserts keyed by random hashes stay in memory as tables grow.
        conn.pragma_update(None, "cache_size", -65536)?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_string(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if (1..SCHEMA_VERSION).contains(&found) {
            migrate(&conn, found)?;
        }
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(SqliteStore { conn })
    }

    /// Run a query whose rows are (id, packed record) and decode them.
    fn packed_rows<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        params: &[Value],
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        unpack_rows(rows)
    }

    /// Put a story's merged events back into it, in their order.
    pub(crate) fn fill_story(&self, st: &mut Story) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM merged_events m WHERE story_id = ?1 ORDER BY pos",
            rows::MERGED_COLUMNS
        ))?;
        let mut rows = stmt.query(params![st.id])?;
        st.events.clear();
        while let Some(r) = rows.next()? {
            st.events.push(self.merged_from_row(r, 0)?);
        }
        Ok(())
    }

    /// A merged event read from its row (selected with [`rows::MERGED_COLUMNS`] from
    /// column `at`) and its mentions' event rows.
    pub(crate) fn merged_from_row(
        &self,
        r: &rusqlite::Row<'_>,
        at: usize,
    ) -> Result<drumbeat_model::MergedEvent, StoreError> {
        let (mut m, keys) = rows::merged_from_row(r, at)?;
        rows::fill_mentions(&self.conn, &mut m, &keys)?;
        Ok(m)
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`): with
    /// several writers on one file (workers of the queue), a deferred transaction that
    /// has read first fails with "database is locked" as soon as another writer commits,
    /// without waiting; this one waits its turn (the busy timeout) instead.
    fn write_transaction(&mut self) -> Result<rusqlite::Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// A handle that stops the statement running on this connection from another thread
    /// (it then fails with an interrupt error; the connection stays usable).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// The underlying connection, for stages that add their own tables.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// A number that changes whenever another connection (this process or another)
    /// commits to the store: what the server's response cache is keyed on.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }
}

/// Bring a store written by an older drumbeat up to this schema: columns added in place,
/// and the cross-document analysis marked stale so the next command recomputes it (the
/// documents, their sketches and events are kept).
fn migrate(conn: &Connection, found: i64) -> Result<(), StoreError> {
    let has_column = |table: &str, col: &str| -> Result<bool, StoreError> {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(1))?
            .collect::<Result<_, _>>()?;
        Ok(names.iter().any(|n| n == col))
    };
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'quotes'",
        [],
        |r| r.get(0),
    )?;
    // Schema 8: the events' confidence as a column (`--min-confidence`), read once from
    // their JSON.
    let events_table: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'",
        [],
        |r| r.get(0),
    )?;
    if events_table > 0 && !has_column("events", "confidence")? {
        conn.execute_batch(
            "ALTER TABLE events ADD COLUMN confidence REAL NOT NULL DEFAULT 0;
             UPDATE events SET confidence = coalesce(data ->> '$.confidence', 0);",
        )?;
    }
    if tables > 0 && !has_column("quotes", "published")? {
        conn.execute_batch(
            "ALTER TABLE quotes ADD COLUMN published TEXT;
             UPDATE quotes SET published = (SELECT published FROM documents d WHERE d.id = quotes.doc_id);",
        )?;
    }
    let analysed: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'story_docs'",
        [],
        |r| r.get(0),
    )?;
    if analysed > 0 {
        conn.execute_batch("DELETE FROM story_docs;")?;
    }
    // Schema 10: merged events keyed by integers in id order, their mentions kept as the
    // keys of the events that tell them; the watch's days keep only what their columns
    // do not. The analysis is made again.
    conn.execute_batch(
        "DROP TABLE IF EXISTS merged_events; DROP TABLE IF EXISTS merged_mentions;
         DROP TABLE IF EXISTS dyad_days;",
    )?;
    if events_table > 0 && has_column("documents", "data")? {
        compact(conn)?;
    }
    // Schema 10: people and their mentions name their document by its row key, and a
    // mention keeps no copy of the words its span names. One transaction.
    if has_column("mentions", "doc_id")? && has_column("people", "doc_id")? {
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE;
             ALTER TABLE people RENAME TO people_v9; ALTER TABLE mentions RENAME TO mentions_v9;
             DROP INDEX IF EXISTS people_key; DROP INDEX IF EXISTS people_code;
             DROP INDEX IF EXISTS mentions_person;
             {SCHEMA}
             INSERT INTO people (doc, key, name, variants, code, title)
               SELECT d.key, p.key, p.name, p.variants, p.code, p.title
               FROM people_v9 p JOIN documents d ON d.id = p.doc_id ORDER BY p.rowid;
             INSERT INTO mentions (doc, kind, code, person, text, sentence, start, end)
               SELECT d.key, m.kind, m.code, m.person,
                 CASE WHEN m.text = CAST(substr(CAST(d.text AS BLOB), m.start + 1, m.end - m.start) AS TEXT)
                   THEN NULL ELSE m.text END,
                 m.sentence, m.start, m.end
               FROM mentions_v9 m JOIN documents d ON d.id = m.doc_id ORDER BY m.rowid;
             DROP TABLE people_v9; DROP TABLE mentions_v9;
             COMMIT;"
        ))
        .inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK;");
        })?;
    }
    // Schema 10: an event's side keeps no copy of the words its span names.
    if found == 9 {
        conn.execute_batch(
            "UPDATE events SET source_name = NULL WHERE source_name = (SELECT
               CAST(substr(CAST(d.text AS BLOB), events.source_start + 1, events.source_end - events.source_start) AS TEXT)
               FROM documents d WHERE d.key = events.doc);
             UPDATE events SET target_name = NULL WHERE target_name = (SELECT
               CAST(substr(CAST(d.text AS BLOB), events.target_start + 1, events.target_end - events.target_start) AS TEXT)
               FROM documents d WHERE d.key = events.doc);",
        )?;
    }
    // Schema 10: a document's annotations kept as rows of values, without the texts
    // their spans name and the columns beside them. One transaction.
    if found == 9 {
        conn.execute_batch("BEGIN IMMEDIATE;")?;
        let body = (|| -> Result<(), StoreError> {
            let mut read = conn.prepare(&format!(
                "SELECT {}, d.key FROM documents d ORDER BY d.key",
                rows::DOCUMENT_COLUMNS
            ))?;
            let mut write = conn.prepare("UPDATE documents SET ann = ?1 WHERE key = ?2")?;
            let mut rows = read.query([])?;
            while let Some(r) = rows.next()? {
                let row = rows::document_row(r)?;
                let key: i64 = r.get(6)?;
                let columns = rows::DocumentRow {
                    id: row.id.clone(),
                    text: String::new(),
                    ann: Vec::new(),
                    title: row.title.clone(),
                    url: row.url.clone(),
                    published: row.published.clone(),
                };
                let a = rows::decode_document_v9(row)?;
                write.execute(params![rows::encode_annotations(&a, &columns)?, key])?;
            }
            Ok(())
        })();
        match body {
            Ok(()) => conn.execute_batch("COMMIT;")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK;");
                return Err(e);
            }
        }
    }
    // Schema 10: sketches keyed by their document's row, without the events their
    // document's event rows tell (see `put_sketch`). One transaction.
    if has_column("sketches", "doc_id")? {
        conn.execute_batch("BEGIN IMMEDIATE;")?;
        let body = (|| -> Result<(), StoreError> {
            conn.execute_batch(&format!(
                "ALTER TABLE sketches RENAME TO sketches_v9; {SCHEMA}"
            ))?;
            let mut read = conn.prepare("SELECT doc_id, data FROM sketches_v9 ORDER BY rowid")?;
            let mut rows = read.query([])?;
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                let s: DocSketch = rows::unpack(&id, &r.get::<_, Vec<u8>>(1)?)?;
                put_sketch(conn, &s)?;
            }
            drop(rows);
            drop(read);
            conn.execute_batch("DROP TABLE sketches_v9;")?;
            Ok(())
        })();
        match body {
            Ok(()) => conn.execute_batch("COMMIT;")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK;");
                return Err(e);
            }
        }
    }
    // Indexes whose columns changed are built again under new names; events_by_date
    // (schema 9) is served by events_page.
    conn.execute_batch(
        "DROP INDEX IF EXISTS events_by_date; DROP INDEX IF EXISTS events_date; DROP INDEX IF EXISTS events_order; DROP INDEX IF EXISTS stories_end;
         DROP INDEX IF EXISTS merged_dyad; DROP INDEX IF EXISTS merged_date;
         DROP INDEX IF EXISTS alerts_day; DROP INDEX IF EXISTS mentions_code;",
    )?;
    Ok(())
}

fn json(id: &str, value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        message: e.to_string(),
    })
}

fn parse<T: serde::de::DeserializeOwned>(id: &str, data: &str) -> Result<T, StoreError> {
    serde_json::from_str(data).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        message: e.to_string(),
    })
}

/// Rows of (id, packed record) decoded into values, the id naming a row that will not
/// decode.
fn unpack_rows<T: serde::de::DeserializeOwned>(
    rows: impl Iterator<Item = rusqlite::Result<(String, Vec<u8>)>>,
) -> Result<Vec<T>, StoreError> {
    rows.map(|r| {
        let (id, data) = r?;
        rows::unpack(&id, &data)
    })
    .collect()
}

/// Schema 9: documents and events rewritten from JSON into their compact rows (text
/// once, annotations in MessagePack, events in typed columns with spans), keeping
/// their row numbers so the full-text indexes stay aligned. One transaction: a killed
/// migration leaves the schema-8 store as it was.
fn compact(conn: &Connection) -> Result<(), StoreError> {
    // Dropping the old tables must not cascade to the rows that reference documents,
    // and renaming them must not rewrite those references.
    conn.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON;")?;
    let result = (|| -> Result<(), StoreError> {
        conn.execute_batch("BEGIN IMMEDIATE;")?;
        let body = (|| -> Result<(), StoreError> {
            conn.execute_batch(&format!(
                "ALTER TABLE documents RENAME TO documents_v8;
                 ALTER TABLE events RENAME TO events_v8;
                 {}
                 {SCHEMA}",
                drop_ddl(DOCUMENT_INDEXES)
            ))?;
            {
                let mut read = conn.prepare(
                    "SELECT rowid, id, published, outlet, title, format, ingested_at, data
                     FROM documents_v8 ORDER BY rowid",
                )?;
                let mut write = conn.prepare(
                    "INSERT INTO documents (key, id, published, outlet, title, url, format, ingested_at, text, ann)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?;
                let mut rows = read.query([])?;
                while let Some(r) = rows.next()? {
                    let id: String = r.get(1)?;
                    let data: String = r.get(7)?;
                    let a: Annotated = parse(&id, &data)?;
                    let row = rows::DocumentRow {
                        id,
                        text: String::new(),
                        ann: Vec::new(),
                        title: r.get(4)?,
                        url: a.doc.document.url.clone(),
                        published: r.get(2)?,
                    };
                    let ann = rows::encode_annotations(&a, &row)?;
                    write.execute(params![
                        r.get::<_, i64>(0)?,
                        row.id,
                        row.published,
                        r.get::<_, Option<String>>(3)?,
                        row.title,
                        row.url,
                        r.get::<_, String>(5)?,
                        r.get::<_, i64>(6)?,
                        a.doc.document.text,
                        ann
                    ])?;
                }
            }
            {
                let mut read = conn.prepare(
                    "SELECT e.rowid, e.id, e.data, d.key FROM events_v8 e
                     JOIN documents d ON d.id = e.doc_id ORDER BY e.rowid",
                )?;
                let mut write = conn.prepare_cached(rows::EVENT_INSERT)?;
                let mut rekey = conn.prepare("UPDATE events SET key = ?1 WHERE key = ?2")?;
                let mut rows = read.query([])?;
                while let Some(r) = rows.next()? {
                    let id: String = r.get(1)?;
                    let data: String = r.get(2)?;
                    let e: Event = parse(&id, &data)?;
                    if rows::insert_event(&mut write, r.get(3)?, &e, None)? == 1 {
                        rekey.execute(params![r.get::<_, i64>(0)?, conn.last_insert_rowid()])?;
                    }
                }
            }
            // Sketches and the analysis were JSON: they are made again from the documents.
            conn.execute_batch(
                "DROP TABLE events_v8; DROP TABLE documents_v8;
                 DROP TABLE IF EXISTS sketches; DROP TABLE IF EXISTS stories;
                 DROP TABLE IF EXISTS merged_events; DROP TABLE IF EXISTS dyad_days;
                 DROP TABLE IF EXISTS alerts; DELETE FROM story_docs; DELETE FROM merged_mentions;
                 DELETE FROM story_actors; DELETE FROM dyad_summary; DELETE FROM meta;",
            )?;
            conn.execute_batch(SCHEMA)?;
            Ok(())
        })();
        match body {
            // The old tables' pages go back to the file system.
            Ok(()) => conn.execute_batch("COMMIT; VACUUM;")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK;");
                return Err(e);
            }
        }
        Ok(())
    })();
    conn.execute_batch("PRAGMA legacy_alter_table = OFF; PRAGMA foreign_keys = ON;")?;
    result
}

/// Store one document's sketch (replacing any), without its events when they are
/// exactly what its stored asserted events read back as.
fn put_sketch(conn: &Connection, s: &DocSketch) -> Result<(), StoreError> {
    let found: Option<(i64, String)> = match conn
        .prepare_cached("SELECT key, text FROM documents WHERE id = ?1")?
        .query_row([&s.doc], |r| Ok((r.get(0)?, r.get(1)?)))
    {
        Ok(k) => Some(k),
        Err(rusqlite::Error::QueryReturnedNoRows) => None,
        Err(e) => return Err(e.into()),
    };
    let Some((key, text)) = found else {
        return Ok(());
    };
    // What the sketch's events would read back as (none if an evidence is not in the text).
    let stored: Option<Vec<drumbeat_model::EventBrief>> = conn
        .prepare_cached(&rows::BRIEF_SELECT.replace("{}", "AND e.doc = ?1"))?
        .query_map([key], rows::brief_row)?
        .map(|r| r.map(|(_, b, span)| rows::with_evidence(b, span, &text)))
        .collect::<Result<Option<_>, _>>()?;
    let briefs = stored.as_ref() == Some(&s.events);
    conn.prepare_cached("INSERT OR REPLACE INTO sketches (doc, briefs, data) VALUES (?1, ?2, ?3)")?
        .execute(params![key, briefs, rows::pack_sketch(s, briefs)?])?;
    Ok(())
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Store for SqliteStore {
    fn begin_bulk(&mut self) -> Result<(), StoreError> {
        // A killed bulk load leaves the indexes missing; opening the store runs the
        // schema, which builds them again.
        self.conn.execute_batch(&drop_ddl(DOCUMENT_INDEXES))?;
        Ok(())
    }

    fn end_bulk(&mut self) -> Result<(), StoreError> {
        let tx = self.write_transaction()?;
        tx.execute_batch(&index_ddl(DOCUMENT_INDEXES))?;
        tx.commit()?;
        Ok(())
    }

    fn put_documents(&mut self, docs: &[Processed]) -> Result<PutStats, StoreError> {
        // Encode in parallel (the other workers help), then insert on this thread.
        use rayon::prelude::*;
        struct Encoded {
            ann: Vec<u8>,
            sketch: Vec<u8>,
            /// The sketch was packed without its events, which are its document's
            /// asserted events as they will read back, if every one of them is stored.
            briefs: bool,
        }
        let encoded: Vec<Encoded> = docs
            .par_iter()
            .map(|p| {
                let doc = &p.coded.annotated.doc.document;
                let briefs = p.sketch.doc == doc.id && {
                    let mut told = p
                        .coded
                        .events
                        .iter()
                        .filter(|e| e.modality == drumbeat_model::Modality::Asserted)
                        .map(|e| rows::brief_of(e, &doc.text));
                    p.sketch
                        .events
                        .iter()
                        .all(|b| told.next() == Some(Some(b.clone())))
                        && told.next().is_none()
                };
                // (The row's columns are these same fields.)
                let row = rows::DocumentRow {
                    id: doc.id.clone(),
                    text: String::new(),
                    ann: Vec::new(),
                    title: doc.title.clone(),
                    url: doc.url.clone(),
                    published: doc.published.clone(),
                };
                Ok(Encoded {
                    ann: rows::encode_annotations(&p.coded.annotated, &row)?,
                    sketch: rows::pack_sketch(&p.sketch, briefs)?,
                    briefs,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let tx = self.write_transaction()?;
        let mut stats = PutStats::default();
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (id, published, outlet, title, url, format, ingested_at, text, ann)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut origin = tx.prepare_cached(
                "INSERT OR IGNORE INTO origins (doc_id, path, line, format) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut person = tx.prepare_cached(
                "INSERT INTO people (doc, key, name, variants, code, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut mention = tx.prepare_cached(
                "INSERT INTO mentions (doc, kind, code, person, text, sentence, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut quote = tx.prepare_cached(
                "INSERT INTO quotes (doc_id, speaker, speaker_code, relay, fragment, text, sentence, start, end, published)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let now = now_secs();
            let mut doc_fts = tx.prepare_cached(
                "INSERT INTO docs_fts (rowid, title, body) VALUES (last_insert_rowid(), ?1, ?2)",
            )?;
            let mut event_fts = tx.prepare_cached(
                "INSERT INTO events_fts (rowid, evidence) VALUES (last_insert_rowid(), ?1)",
            )?;
            let mut sketch = tx.prepare_cached(
                "INSERT OR IGNORE INTO sketches (doc, briefs, data) VALUES (?1, ?2, ?3)",
            )?;
            let mut event = tx.prepare_cached(rows::EVENT_INSERT)?;
            for (p, enc) in docs.iter().zip(encoded) {
                let c = &p.coded;
                let a = &c.annotated;
                let d = &a.doc;
                let doc = &d.document;
                let n = insert.execute(params![
                    doc.id,
                    doc.published,
                    d.outlet,
                    doc.title,
                    doc.url,
                    doc.origin.format.as_str(),
                    now,
                    doc.text,
                    enc.ann
                ])?;
                if n == 1 {
                    stats.inserted += 1;
                    let doc_key = tx.last_insert_rowid();
                    doc_fts.execute(params![doc.title, d.clean_text()])?;
                    for p in &a.people {
                        let variants =
                            serde_json::to_string(&p.variants).unwrap_or_else(|_| "[]".into());
                        person
                            .execute(params![doc_key, p.key, p.name, variants, p.code, p.title])?;
                    }
                    // Mentions of people: where each person is named, for the actor
                    // pages (countries and organisations are found through events).
                    for m in &a.actors {
                        let Some(key) = m
                            .person
                            .and_then(|i| a.people.get(i as usize))
                            .map(|p| p.key.as_str())
                        else {
                            continue;
                        };
                        let kind = serde_json::to_value(m.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default();
                        // (No copy of the words its span names.)
                        let text = (doc.text.get(m.span.start..m.span.end)
                            != Some(m.text.as_str()))
                        .then_some(m.text.as_str());
                        mention.execute(params![
                            doc_key,
                            kind,
                            m.code,
                            key,
                            text,
                            m.sentence,
                            m.span.start as i64,
                            m.span.end as i64
                        ])?;
                    }
                    let mut all_stored = true;
                    for e in &c.events {
                        let n = rows::insert_event(&mut event, doc_key, e, Some(&doc.text))?;
                        if n == 1 {
                            event_fts.execute(params![e.evidence_text])?;
                        } else {
                            all_stored = false;
                        }
                    }
                    // An event not stored (its id was taken) would not read back.
                    if enc.briefs && !all_stored {
                        let whole = rows::pack_sketch(&p.sketch, false)?;
                        sketch.execute(params![doc_key, false, whole])?;
                    } else {
                        sketch.execute(params![doc_key, enc.briefs, enc.sketch])?;
                    }
                    for q in &a.quotes {
                        quote.execute(params![
                            doc.id,
                            q.speaker.as_ref().map(|s| s.name.as_str()),
                            q.speaker.as_ref().and_then(|s| s.code.as_deref()),
                            q.relay,
                            q.fragment as i64,
                            q.text,
                            q.sentence,
                            q.span.start as i64,
                            q.span.end as i64,
                            doc.published
                        ])?;
                    }
                } else {
                    stats.existing += 1;
                }
                origin.execute(params![
                    doc.id,
                    doc.origin.path,
                    doc.origin.line.unwrap_or(0) as i64,
                    doc.origin.format.as_str()
                ])?;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    fn documents(&self, q: &DocQuery) -> Result<Vec<Annotated>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM (
                 SELECT key FROM documents
                 WHERE (?1 IS NULL OR published >= ?1) AND (?2 IS NULL OR published <= ?2)
                   AND (?3 IS NULL OR outlet = ?3)
                 ORDER BY published IS NULL, published, id
                 LIMIT ?4 OFFSET ?5) k
             JOIN documents d ON d.key = k.key
             ORDER BY d.published IS NULL, d.published, d.id",
            rows::DOCUMENT_COLUMNS
        ))?;
        // (The page is chosen on the order index alone; only its rows' text and
        // annotations are read.)
        let limit = q.limit.map(|l| l as i64).unwrap_or(-1);
        let rows = stmt.query_map(
            params![q.since, q.until, q.outlet, limit, q.offset as i64],
            rows::document_row,
        )?;
        rows.map(|r| rows::decode_document(r?)).collect()
    }

    fn document(&self, id_or_prefix: &str) -> Result<Option<Annotated>, StoreError> {
        let prefix: String = id_or_prefix
            .chars()
            .filter(|c| c.is_ascii_hexdigit())
            .collect();
        if prefix.is_empty() || prefix.len() != id_or_prefix.len() {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached(
            &format!("SELECT {} FROM documents d WHERE d.id >= ?1 AND d.id < ?1 || 'g' ORDER BY d.id LIMIT 2",
            rows::DOCUMENT_COLUMNS),
        )?;
        let mut rows: Vec<rows::DocumentRow> = stmt
            .query_map(params![prefix.to_ascii_lowercase()], rows::document_row)?
            .collect::<Result<_, _>>()?;
        match rows.len() {
            0 => Ok(None),
            1 => Ok(Some(rows::decode_document(rows.remove(0))?)),
            _ => Err(StoreError::Ambiguous(id_or_prefix.to_string())),
        }
    }

    fn origins(&self, id: &str) -> Result<Vec<Origin>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, line, format FROM origins WHERE doc_id = ?1 ORDER BY path, line",
        )?;
        let rows = stmt.query_map(params![id], |r| {
            let line: i64 = r.get(1)?;
            let format: String = r.get(2)?;
            Ok(Origin {
                path: r.get(0)?,
                line: (line > 0).then_some(line as u64),
                format: drumbeat_model::Format::parse(&format)
                    .unwrap_or(drumbeat_model::Format::Text),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn people(&self, q: &PeopleQuery) -> Result<Vec<PersonSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.key, p.name, p.variants, p.code, p.title, d.id FROM people p
             JOIN documents d ON d.key = p.doc
             WHERE (?1 IS NULL OR p.code = ?1 OR substr(p.code, 1, 3) = ?1) ORDER BY p.key, d.id",
        )?;
        let rows = stmt.query_map(params![q.code], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out: Vec<PersonSummary> = Vec::new();
        for r in rows {
            let (key, name, variants, code, title, _doc) = r?;
            let variants: Vec<String> = serde_json::from_str(&variants).unwrap_or_default();
            match out.last_mut() {
                Some(p) if p.key == key => {
                    p.documents += 1;
                    if name.split_whitespace().count() > p.name.split_whitespace().count() {
                        p.name = name.clone();
                    }
                    for v in variants.into_iter().chain(std::iter::once(name)) {
                        if !p.variants.contains(&v) {
                            p.variants.push(v);
                        }
                    }
                    if let Some(t) = title {
                        if !p.titles.contains(&t) {
                            p.titles.push(t);
                        }
                    }
                }
                _ => {
                    let mut vs = variants;
                    if !vs.contains(&name) {
                        vs.insert(0, name.clone());
                    }
                    out.push(PersonSummary {
                        key,
                        name,
                        variants: vs,
                        code,
                        titles: title.into_iter().collect(),
                        documents: 1,
                        mentions: 0,
                        evidence: Vec::new(),
                    });
                }
            }
        }
        if let Some(n) = &q.name {
            let n = n.to_lowercase();
            out.retain(|p| p.variants.iter().any(|v| v.to_lowercase().contains(&n)));
        }
        let mut ev = self.conn.prepare_cached(
            "SELECT d.id, m.sentence, m.start, m.end,
                    coalesce(m.text, CAST(substr(CAST(d.text AS BLOB), m.start + 1, m.end - m.start) AS TEXT))
             FROM mentions m JOIN documents d ON d.key = m.doc WHERE m.person = ?1 ORDER BY d.id, m.start",
        )?;
        for p in &mut out {
            let rows = ev.query_map(params![p.key], |r| {
                Ok(Evidence {
                    doc: r.get(0)?,
                    sentence: r.get(1)?,
                    start: r.get::<_, i64>(2)? as usize,
                    end: r.get::<_, i64>(3)? as usize,
                    text: r.get(4)?,
                })
            })?;
            p.evidence = rows.collect::<Result<_, _>>()?;
            p.mentions = p.evidence.len() as u64;
        }
        out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
        if let Some(l) = q.limit {
            out.truncate(l as usize);
        }
        Ok(out)
    }

    fn quotes(&self, q: &QuoteQuery) -> Result<Vec<QuoteRow>, StoreError> {
        let mut f = Filter::default();
        if !q.fragments {
            f.add("q.fragment = 0", []);
        }
        if let Some(sp) = &q.speaker {
            f.add(
                // A plain substring ('%' and '_' are letters here, not LIKE wildcards).
                "instr(lower(q.speaker), lower(?)) > 0",
                [Value::Text(sp.clone())],
            );
        }
        if let Some(t) = &q.text {
            f.add(
                "instr(lower(q.text), lower(?)) > 0",
                [Value::Text(t.clone())],
            );
        }
        f.prefix("q.doc_id", &q.doc);
        let sql = f.select(
            "q.doc_id, q.published, d.outlet, q.speaker, q.speaker_code, q.relay, q.fragment, q.text, q.sentence, q.start, q.end",
            "quotes q JOIN documents d ON d.id = q.doc_id",
            "q.published IS NULL, q.published, q.doc_id, q.start",
            q.limit,
            q.offset,
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(f.params.iter()), |r| {
            Ok(QuoteRow {
                doc: r.get(0)?,
                published: r.get(1)?,
                outlet: r.get(2)?,
                speaker: r.get(3)?,
                speaker_code: r.get(4)?,
                relay: r.get(5)?,
                fragment: r.get::<_, i64>(6)? != 0,
                text: r.get(7)?,
                sentence: r.get(8)?,
                start: r.get::<_, i64>(9)? as usize,
                end: r.get::<_, i64>(10)? as usize,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<Event>, StoreError> {
        let mut f = Filter::default();
        if !q.all_modalities {
            f.add("modality = 'asserted'", []);
        }
        f.eq("type", &q.event_type);
        f.range("date", &q.since, &q.until);
        if let Some(c) = q.min_confidence {
            f.add("confidence >= ?", [Value::Real(c)]);
        }
        let side = |f: &mut Filter, s: &Option<String>, t: &Option<String>| {
            let mut c = Vec::new();
            let mut v = Vec::new();
            if let Some(s) = s {
                c.push("source_country = ?");
                v.push(Value::Text(s.clone()));
            }
            if let Some(t) = t {
                c.push("target_country = ?");
                v.push(Value::Text(t.clone()));
            }
            (c.join(" AND "), v, f.params.len())
        };
        if q.source.is_some() || q.target.is_some() {
            let (a, va, _) = side(&mut f, &q.source, &q.target);
            if q.undirected {
                let (b, vb, _) = side(&mut f, &q.target, &q.source);
                f.add(&format!("(({a}) OR ({b}))"), va.into_iter().chain(vb));
            } else {
                f.add(&a, va);
            }
        }
        if let Some(p) = &q.doc {
            f.add(
                "doc IN (SELECT key FROM documents WHERE id >= ? AND id < ?)",
                [Value::Text(p.clone()), Value::Text(format!("{p}g"))],
            );
        }
        if let Some(a) = &q.actor {
            f.add(
                "(source_country = ? OR target_country = ?)",
                [Value::Text(a.clone()), Value::Text(a.clone())],
            );
        }
        if let Some(terms) = q.text.as_deref().and_then(fts_terms) {
            f.add(
                "rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)",
                [Value::Text(terms)],
            );
        }
        // With a date bound no undated event qualifies, and the page index, told so,
        // gives the order from the first bounded date on. (The page is chosen on the index
        // alone; the outer query orders its rows the same.)
        let (order, outer) = if q.since.is_some() || q.until.is_some() {
            f.add("(date IS NULL) = 0", []);
            ("date, id", "e.date, e.id")
        } else {
            ("date IS NULL, date, id", "e.date IS NULL, e.date, e.id")
        };
        let keys = f.select("key", "events", order, q.limit, q.offset);
        let sql = format!(
            "SELECT {} FROM ({keys}) k JOIN events e ON e.key = k.key JOIN documents d ON d.key = e.doc
             ORDER BY {outer}",
            rows::EVENT_COLUMNS,
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(f.params.iter()), |r| {
            rows::event_from_row(r, 0)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn analysis_current(&self) -> Result<bool, StoreError> {
        let (docs, analysed): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM story_docs)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(docs == analysed)
    }

    fn sketches(&self) -> Result<Vec<DocSketch>, StoreError> {
        // Sketches in document order, the text of those that kept no events read once
        // beside them; the asserted events, also in document order, handed to those
        // sketches with their evidence cut from that text.
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.doc, d.id, s.briefs, s.data, CASE WHEN s.briefs THEN d.text END
             FROM sketches s JOIN documents d ON d.key = s.doc ORDER BY s.doc",
        )?;
        let mut events = self
            .conn
            .prepare_cached(&rows::BRIEF_SELECT.replace("{}", ""))?;
        let mut events = events.query([])?;
        let mut pending = None;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(1)?;
            let mut s: DocSketch = rows::unpack(&id, &r.get::<_, Vec<u8>>(3)?)?;
            if r.get::<_, bool>(2)? {
                let doc: i64 = r.get(0)?;
                let text: String = r.get(4)?;
                loop {
                    if pending.is_none() {
                        pending = events.next()?.map(rows::brief_row).transpose()?;
                    }
                    match pending.take() {
                        Some((d, _, _)) if d < doc => {}
                        Some((d, brief, span)) if d == doc => {
                            s.events
                                .push(rows::with_evidence(brief, span, &text).ok_or_else(|| {
                                    StoreError::Corrupt {
                                        id: id.clone(),
                                        message: "an event's evidence is not in the text".into(),
                                    }
                                })?)
                        }
                        later => {
                            pending = later;
                            break;
                        }
                    }
                }
            }
            s.doc = id;
            out.push(s);
        }
        Ok(out)
    }

    fn unsketched(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sketches s WHERE s.doc = d.key) ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn put_sketches(&mut self, sketches: &[DocSketch]) -> Result<(), StoreError> {
        let tx = self.write_transaction()?;
        for s in sketches {
            put_sketch(&tx, s)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn replace_analysis(
        &mut self,
        stories: &[Story],
        series: &[DyadDay],
        alerts: &[Alert],
    ) -> Result<(), StoreError> {
        // The JSON of the rows is made in parallel, a chunk of stories at a time (so the
        // encoded text of a whole corpus is never held at once); this thread only inserts.
        use rayon::prelude::*;
        let encode = |chunk: &[Story]| -> Result<Vec<Vec<u8>>, StoreError> {
            chunk
                .par_iter()
                .map(|s| {
                    // The story's merged events are rows of their own: its record
                    // leaves them out, and reading puts them back.
                    let bare = Story {
                        events: Vec::new(),
                        ..s.clone()
                    };
                    rows::pack(&s.id, &bare)
                })
                .collect()
        };
        // Merged events are keyed in the order of their ids, so that a list in date
        // order breaks ties by the row key the indexes hold; a repeated id keeps its
        // last row, as a replacing insert would.
        let merged_keys: std::collections::HashMap<&str, i64> = {
            let mut ids: Vec<&str> = stories
                .iter()
                .flat_map(|s| s.events.iter().map(|m| m.id.as_str()))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter().zip(1..).collect()
        };
        let series_json: Vec<Vec<u8>> = series
            .par_iter()
            .map(rows::pack_day)
            .collect::<Result<_, _>>()?;
        let tx = self.write_transaction()?;
        tx.execute_batch(&drop_ddl(ANALYSIS_INDEXES))?;
        tx.execute_batch(
            "DELETE FROM stories; DELETE FROM story_docs; DELETE FROM merged_events;
             DELETE FROM merged_mentions; DELETE FROM dyad_days; DELETE FROM alerts;
             DELETE FROM story_actors; DELETE FROM dyad_summary; DELETE FROM meta;",
        )?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO stories (id, title, start, end, documents, events, actors, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut sd = tx.prepare_cached(
                "INSERT OR REPLACE INTO story_docs (doc_id, story_id) VALUES (?1, ?2)",
            )?;
            let mut sa = tx.prepare_cached(
                "INSERT INTO story_actors (actor, end, story_id) VALUES (?1, ?2, ?3)",
            )?;
            let mut me = tx.prepare_cached(
                "INSERT OR REPLACE INTO merged_events (key, id, story_id, type, source, target, dyad, date, sources, goldstein, quad_class, pos, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            let mut mm = tx.prepare_cached(
                "INSERT OR REPLACE INTO merged_mentions (event, merged) VALUES (?1, ?2)",
            )?;
            let mut facts = tx.prepare_cached(rows::MENTION_FACTS)?;
            for chunk in stories.chunks(ENCODE_CHUNK) {
                for (s, story_json) in chunk.iter().zip(encode(chunk)?) {
                    let end = s.end.clone().or_else(|| {
                        s.documents
                            .iter()
                            .filter_map(|d| d.inferred_date.clone())
                            .max()
                    });
                    st.execute(params![
                        s.id,
                        s.title,
                        s.start.as_ref().or(end.as_ref()),
                        end,
                        s.documents.len() as i64,
                        s.events.len() as i64,
                        format!(",{},", s.actors.join(",")),
                        story_json
                    ])?;
                    for d in &s.documents {
                        sd.execute(params![d.doc, s.id])?;
                    }
                    for a in &s.actors {
                        sa.execute(params![a, end, s.id])?;
                    }
                    for (pos, m) in s.events.iter().enumerate() {
                        let dyad = match (&m.source, &m.target) {
                            (Some(a), Some(b)) if a != b => Some(dyad_key(a, b)),
                            _ => None,
                        };
                        let date = m.date.clone().or(s.start.clone()).or(end.clone());
                        let key = merged_keys[m.id.as_str()];
                        let mut told = Vec::new();
                        let data = rows::encode_merged(m, m.date.is_some(), |event| {
                            let found = match facts.query_row([event], rows::mention_facts) {
                                Ok(f) => Some(f),
                                Err(rusqlite::Error::QueryReturnedNoRows) => None,
                                Err(e) => return Err(e.into()),
                            };
                            if let Some((k, _)) = &found {
                                told.push(*k);
                            }
                            Ok(found)
                        })?;
                        me.execute(params![
                            key,
                            m.id,
                            s.id,
                            m.event_type.as_str(),
                            m.source,
                            m.target,
                            dyad,
                            date,
                            m.sources as i64,
                            m.goldstein,
                            m.quad_class as i64,
                            pos as i64,
                            data
                        ])?;
                        for k in told {
                            mm.execute(params![k, key])?;
                        }
                    }
                }
            }
            let mut dd = tx.prepare_cached(
                "INSERT OR REPLACE INTO dyad_days (dyad, day, idx, z, events, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (d, d_json) in series.iter().zip(series_json) {
                dd.execute(params![
                    d.dyad,
                    d.day,
                    d.index,
                    d.z,
                    d.events as i64,
                    d_json
                ])?;
            }
            let mut al = tx.prepare_cached(
                "INSERT OR REPLACE INTO alerts (dyad, day, idx, z, data) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for a in alerts {
                al.execute(params![
                    a.dyad,
                    a.day,
                    a.index,
                    a.z,
                    rows::pack(&a.dyad, a)?
                ])?;
            }
            // Each dyad over its whole history (series come in dyad, day order).
            let mut ds = tx.prepare_cached(
                "INSERT OR REPLACE INTO dyad_summary (dyad, a, b, days, events, last_day, peak_day, peak_index, peak_z)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for group in series.chunk_by(|x, y| x.dyad == y.dyad) {
                let peak = group
                    .iter()
                    .max_by(|x, y| x.z.total_cmp(&y.z).then(x.day.cmp(&y.day)));
                let (Some(peak), Some(last)) = (peak, group.last()) else {
                    continue;
                };
                let sides = drumbeat_model::Dyad::from_key(&peak.dyad);
                ds.execute(params![
                    peak.dyad,
                    sides.a,
                    sides.b,
                    group.len() as i64,
                    group.iter().map(|d| d.events as i64).sum::<i64>(),
                    last.day,
                    peak.day,
                    group.iter().map(|d| d.index).fold(0.0, f64::max),
                    peak.z
                ])?;
            }
        }
        tx.execute_batch(&index_ddl(ANALYSIS_INDEXES))?;
        // What the store holds, counted once here rather than on every overview.
        let stats: browse::Stats = tx.query_row(browse::STATS_SQL, [], browse::stats_row)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('stats', ?1)",
            params![json("stats", &stats)?],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn story_membership(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.path, s.story_id FROM origins o JOIN story_docs s ON s.doc_id = o.doc_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn stories(&self, q: &StoryQuery) -> Result<Vec<Story>, StoreError> {
        let mut f = Filter::default();
        f.range("s.end", &q.since, &None);
        f.range("s.start", &None, &q.until);
        if let Some(n) = q.min_documents.filter(|&n| n > 1) {
            f.add("s.documents >= ?", [Value::Integer(n as i64)]);
        }
        let from = match &q.actor {
            // Newest first straight from the actor's index.
            Some(a) => {
                f.add("a.actor = ?", [Value::Text(a.clone())]);
                "story_actors a JOIN stories s ON s.id = a.story_id"
            }
            None => "stories s",
        };
        let order = if q.actor.is_some() {
            "a.end DESC, a.story_id DESC"
        } else {
            "s.end DESC, s.id DESC"
        };
        let sql = f.select("s.id, s.data", from, order, q.limit, q.offset);
        let mut stories: Vec<Story> = self.packed_rows(&sql, &f.params)?;
        for st in &mut stories {
            self.fill_story(st)?;
        }
        Ok(stories)
    }

    fn story(&self, id_or_prefix: &str) -> Result<Option<Story>, StoreError> {
        if id_or_prefix.is_empty() || !id_or_prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, data FROM stories WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT 2",
        )?;
        let rows: Vec<(String, Vec<u8>)> = stmt
            .query_map(params![id_or_prefix.to_ascii_lowercase()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        match rows.as_slice() {
            [] => Ok(None),
            [(id, data)] => {
                let mut st: Story = rows::unpack(id, data)?;
                self.fill_story(&mut st)?;
                Ok(Some(st))
            }
            _ => Err(StoreError::Ambiguous(id_or_prefix.to_string())),
        }
    }

    fn dyad_days(
        &self,
        dyad: Option<&str>,
        since: Option<&str>,
    ) -> Result<Vec<DyadDay>, StoreError> {
        let mut f = Filter::default();
        f.eq("dyad", &dyad.map(str::to_string));
        f.range("day", &since.map(str::to_string), &None);
        let sql = format!(
            "SELECT {} FROM dyad_days {} ORDER BY dyad, day",
            rows::DAY_COLUMNS,
            f.where_clause()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(f.params.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(rows::day_row(r)?);
        }
        Ok(out)
    }

    fn alerts(
        &self,
        dyad: Option<&str>,
        since: Option<&str>,
        limit: Option<u64>,
    ) -> Result<Vec<Alert>, StoreError> {
        let mut f = Filter::default();
        f.eq("dyad", &dyad.map(str::to_string));
        f.range("day", &since.map(str::to_string), &None);
        let sql = f.select(
            "dyad, data",
            "alerts",
            "day DESC, idx DESC, dyad DESC",
            limit,
            0,
        );
        self.packed_rows(&sql, &f.params)
    }

    fn count_documents(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        Ok(n as u64)
    }
}

/// Check the store's invariants: every document decodes, its id matches its row, and
/// it has at least one origin. Returns the problems found (empty when consistent).
pub fn check(store: &SqliteStore) -> Result<Vec<String>, StoreError> {
    let mut problems = Vec::new();
    let ok: String = store
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        problems.push(format!("sqlite integrity_check: {ok}"));
    }
    let mut stmt = store.conn.prepare(&format!(
        "SELECT {} FROM documents d",
        rows::DOCUMENT_COLUMNS
    ))?;
    let rows = stmt.query_map([], rows::document_row)?;
    for r in rows {
        let r = r?;
        let id = r.id.clone();
        match rows::decode_document(r) {
            Ok(d) if d.doc.document.id != id => {
                problems.push(format!("{id}: row id differs from document id"))
            }
            Ok(_) => {}
            Err(e) => problems.push(e.to_string()),
        }
    }
    let orphans: i64 = store.conn.query_row(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM origins o WHERE o.doc_id = d.id)",
        [],
        |r| r.get(0),
    )?;
    if orphans > 0 {
        problems.push(format!("{orphans} documents without an origin"));
    }
    Ok(problems)
}

#[cfg(test)]
mod index_lists {
    use super::*;

    #[test]
    fn deferred_indexes_are_all_in_the_schema() {
        for names in [DOCUMENT_INDEXES, ANALYSIS_INDEXES] {
            let ddl = index_ddl(names);
            assert_eq!(ddl.lines().count(), names.len(), "{ddl}");
        }
        // Every secondary index of the schema is in exactly one list or kept on purpose.
        let all: Vec<&str> = SCHEMA
            .split(';')
            .filter_map(|s| s.trim().strip_prefix("CREATE INDEX IF NOT EXISTS "))
            .filter_map(|r| r.split_whitespace().next())
            .collect();
        for n in all {
            assert!(
                DOCUMENT_INDEXES.contains(&n) ^ ANALYSIS_INDEXES.contains(&n),
                "{n} is in neither list (or both)"
            );
        }
    }

    #[test]
    fn a_bulk_load_rebuilds_its_indexes_and_an_interrupted_one_heals_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let count = |s: &SqliteStore| -> i64 {
            s.conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        let mut s = SqliteStore::open(&path).unwrap();
        let full = count(&s);
        s.begin_bulk().unwrap();
        assert_eq!(count(&s), full - DOCUMENT_INDEXES.len() as i64);
        s.end_bulk().unwrap();
        assert_eq!(count(&s), full);
        s.begin_bulk().unwrap();
        drop(s); // killed before end_bulk
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(count(&s), full);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drumbeat_model::{CleanDoc, Coded, Document, Format};

    fn doc(id: &str, path: &str, published: Option<&str>) -> Processed {
        let sketch = DocSketch {
            doc: id.into(),
            path: path.into(),
            outlet: None,
            published: published.map(Into::into),
            title: String::new(),
            simhash: 0,
            features: vec![],
            actors: vec![],
            events: vec![],
            pending_times: vec![],
            latest_named_day: None,
        };
        Processed {
            coded: coded(id, path, published),
            sketch,
        }
    }

    fn coded(id: &str, path: &str, published: Option<&str>) -> Coded {
        let c = CleanDoc {
            document: Document {
                id: id.into(),
                origin: Origin {
                    path: path.into(),
                    line: None,
                    format: Format::Text,
                },
                title: None,
                url: None,
                outlet: None,
                published: published.map(Into::into),
                header: None,
                text: format!("text of {id}"),
            },
            outlet: None,
            outlet_basis: None,
            boilerplate: vec![],
            sentences: vec![],
        };
        Coded {
            annotated: Annotated {
                doc: c,
                actors: vec![],
                people: vec![],
                places: vec![],
                times: vec![],
                numbers: vec![],
                quotes: vec![],
            },
            events: vec![],
        }
    }

    #[test]
    fn reingest_never_duplicates() {
        let mut s = SqliteStore::in_memory().unwrap();
        let a = doc("aa11", "a.txt", Some("2022-01-14"));
        let b = doc("bb22", "b.txt", None);
        assert_eq!(
            s.put_documents(&[a.clone(), b.clone()]).unwrap(),
            PutStats {
                inserted: 2,
                existing: 0
            }
        );
        let mut a2 = a.clone();
        a2.coded.annotated.doc.document.origin.path = "copy/a.txt".into();
        assert_eq!(
            s.put_documents(&[a2, b]).unwrap(),
            PutStats {
                inserted: 0,
                existing: 2
            }
        );
        assert_eq!(s.count_documents().unwrap(), 2);
        assert_eq!(s.origins("aa11").unwrap().len(), 2);
        let all = s.documents(&DocQuery::default()).unwrap();
        assert_eq!(all[0].doc.document.id, "aa11");
        assert!(check(&s).unwrap().is_empty());
    }

    #[test]
    fn lookup_by_prefix() {
        let mut s = SqliteStore::in_memory().unwrap();
        s.put_documents(&[doc("abc1", "a", None), doc("abd2", "b", None)])
            .unwrap();
        assert!(s.document("abc").unwrap().is_some());
        assert!(matches!(s.document("ab"), Err(StoreError::Ambiguous(_))));
        assert!(s.document("zz").unwrap().is_none());
        assert!(s.document("'; drop table documents; --").unwrap().is_none());
    }

    /// A document with annotations and two events using every field of an event.
    fn rich() -> Processed {
        use drumbeat_model::{
            ActorKind, ActorMention, DateBasis, EventActor, EventPlace, EventType, Granularity,
            Modality, Sentence, Span,
        };
        let text = "date 2022-02-24\n\nRussia and Belarus attacked Ukraine on Thursday, Kyiv said. Talks failed.\n";
        let mut p = doc("ab12", "rich.txt", Some("2022-02-24"));
        let a = &mut p.coded.annotated;
        a.doc.document.text = text.into();
        a.doc.document.url = Some("https://example.org/a".into());
        a.doc.outlet = Some("Example News".into());
        a.doc.sentences = vec![
            Sentence {
                span: Span::new(17, 76),
                paragraph: 1,
                headline: false,
            },
            Sentence {
                span: Span::new(77, 90),
                paragraph: 1,
                headline: false,
            },
        ];
        a.actors = vec![ActorMention {
            kind: ActorKind::Country,
            code: "RUS".into(),
            country: Some("RUS".into()),
            role: None,
            person: None,
            text: "Russia".into(),
            span: Span::new(17, 23),
            sentence: 0,
            basis: "adjective".into(),
        }];
        let side = |code: &str, name: &str, at: usize, also: Vec<String>| EventActor {
            code: code.into(),
            country: Some(code[..3].into()),
            role: code.get(3..).and_then(drumbeat_model::Role::parse),
            name: name.into(),
            span: Span::new(at, at + name.len()),
            also,
        };
        let e = Event {
            id: "ev1".into(),
            doc: "ab12".into(),
            sentence: 0,
            source: Some(side("RUS", "Russia", 17, vec!["BLR".into()])),
            target: Some(side("UKRGOV", "Ukraine", 45, vec![])),
            event_type: EventType::Assault,
            mode: Some("attack".into()),
            context: Some("military".into()),
            cameo: "190".into(),
            goldstein: -10.0,
            quad_class: 4,
            modality: Modality::Asserted,
            date: Some("2022-02-24".into()),
            date_end: None,
            granularity: Some(Granularity::Day),
            date_basis: DateBasis::Text,
            place: Some(EventPlace {
                name: "Kyiv".into(),
                country: "UKR".into(),
                lat: 50.45,
                lon: 30.52,
                kind: "capital".into(),
            }),
            trigger: Span::new(36, 44),
            trigger_text: "attacked".into(),
            evidence: Span::new(17, 76),
            evidence_text: text[17..76].into(),
            outlet: Some("Example News".into()),
            reported_by: Some("UKR".into()),
            count: None,
            confidence: 0.75,
        };
        let mut quiet = e.clone();
        quiet.id = "ev2".into();
        quiet.source = None;
        quiet.target = None;
        quiet.place = None;
        quiet.mode = None;
        quiet.context = None;
        quiet.granularity = None;
        quiet.date = None;
        quiet.date_basis = DateBasis::None;
        quiet.modality = Modality::Hypothetical;
        quiet.event_type = EventType::Consult;
        quiet.sentence = 1;
        quiet.trigger = Span::new(77, 82);
        quiet.trigger_text = "Talks".into();
        quiet.evidence = Span::new(77, 90);
        quiet.evidence_text = "Talks failed.".into();
        quiet.reported_by = None;
        quiet.count = Some("2".into());
        p.coded.events = vec![e, quiet];
        p
    }

    #[test]
    fn readers_never_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        // A missing store is created for the first reader.
        let first = SqliteStore::open_reader(&path).unwrap();
        let mut writer = SqliteStore::open(&path).unwrap();
        writer.put_documents(&[rich()]).unwrap();
        let seen = first.data_version().unwrap();
        // Opening more readers moves no one's data version ...
        let readers: Vec<_> = (0..3)
            .map(|_| SqliteStore::open_reader(&path).unwrap())
            .collect();
        assert_eq!(first.data_version().unwrap(), seen);
        // ... they read what is there, and cannot write.
        assert!(readers[0].document("ab12").unwrap().is_some());
        assert!(readers[1]
            .conn
            .execute("DELETE FROM documents", [])
            .is_err());
        // While the writer holds its lock, a reader still opens and reads.
        writer.conn.execute_batch("BEGIN IMMEDIATE;").unwrap();
        let during = SqliteStore::open_reader(&path).unwrap();
        assert_eq!(during.count_documents().unwrap(), 1);
        writer.conn.execute_batch("COMMIT;").unwrap();
    }

    #[test]
    fn documents_and_events_read_back_exactly_from_their_compact_rows() {
        let mut s = SqliteStore::in_memory().unwrap();
        let p = rich();
        s.put_documents(std::slice::from_ref(&p)).unwrap();
        assert_eq!(s.document("ab12").unwrap().unwrap(), p.coded.annotated);
        let all = EventQuery {
            all_modalities: true,
            ..Default::default()
        };
        let mut got = s.events(&all).unwrap();
        got.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(got, p.coded.events);
        assert_eq!(s.event("ev1").unwrap().as_ref(), Some(&p.coded.events[0]));
        // The text is kept once: no event or annotation row holds the sentence.
        let copies: i64 = s
            .conn
            .query_row(
                "SELECT count(*) FROM documents WHERE instr(CAST(ann AS TEXT), 'attacked') > 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(copies, 0);
        let doc_filter = EventQuery {
            all_modalities: true,
            doc: Some("ab".into()),
            ..Default::default()
        };
        assert_eq!(s.events(&doc_filter).unwrap().len(), 2);
        assert!(check(&s).unwrap().is_empty());
    }

    #[test]
    fn annotation_texts_that_are_no_span_of_the_text_are_kept() {
        use drumbeat_model::{Quote, Span, Speaker};
        let mut s = SqliteStore::in_memory().unwrap();
        let mut p = rich();
        let a = &mut p.coded.annotated;
        // A text other than its span's, an empty one, and a span past the text.
        a.actors.push(a.actors[0].clone());
        a.actors[1].text = "the Russians".into();
        a.actors.push(a.actors[0].clone());
        a.actors[2].text = String::new();
        a.quotes.push(Quote {
            span: Span::new(17, 90),
            text: "Russia and Belarus … Talks failed".into(),
            sentence: 0,
            speaker: Some(Speaker {
                name: "Kyiv".into(),
                span: Span::new(500, 504),
                code: Some("UKRGOV".into()),
                person: None,
            }),
            relay: Some("TASS".into()),
            fragment: false,
            parts: vec![Span::new(17, 40), Span::new(77, 89)],
            basis: Some("after".into()),
        });
        // A document's id, title, URL and date are read back from its row's columns.
        let mut other = doc("cd34", "other.txt", Some("2022-03-01"));
        other.coded.annotated.doc.document.title = Some("A title".into());
        s.put_documents(&[p.clone(), other.clone()]).unwrap();
        s.conn
            .execute(
                "UPDATE documents SET title = 'Changed' WHERE id = 'cd34'",
                [],
            )
            .unwrap();
        assert_eq!(s.document("ab12").unwrap().unwrap(), p.coded.annotated);
        let back = s.document("cd34").unwrap().unwrap();
        assert_eq!(back.doc.document.title.as_deref(), Some("Changed"));
        assert_eq!(
            back.doc.document.published,
            other.coded.annotated.doc.document.published
        );
    }

    #[test]
    fn sketches_read_back_exactly_with_their_events_from_the_event_rows() {
        let mut s = SqliteStore::in_memory().unwrap();
        let mut p = rich();
        let text = p.coded.annotated.doc.document.text.clone();
        p.sketch.events = p
            .coded
            .events
            .iter()
            .filter(|e| e.modality == drumbeat_model::Modality::Asserted)
            .map(|e| rows::brief_of(e, &text).unwrap())
            .collect();
        assert_eq!(p.sketch.events.len(), 1);
        // A sketch whose events are not what its rows tell is kept whole.
        let mut other = doc("cd34", "other.txt", None);
        other.sketch.events = p.sketch.events.clone();
        s.put_documents(&[p.clone(), other.clone()]).unwrap();
        let briefs: Vec<bool> = s
            .conn
            .prepare("SELECT briefs FROM sketches ORDER BY doc")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(briefs, [true, false]);
        assert_eq!(
            s.sketches().unwrap(),
            [p.sketch.clone(), other.sketch.clone()]
        );
        // Sketches made again (for documents stored without one) are kept the same way.
        s.conn.execute("DELETE FROM sketches", []).unwrap();
        assert_eq!(s.unsketched().unwrap(), ["ab12", "cd34"]);
        s.put_sketches(&[other.sketch.clone(), p.sketch.clone()])
            .unwrap();
        assert_eq!(s.sketches().unwrap(), [p.sketch, other.sketch]);
        assert!(s.unsketched().unwrap().is_empty());
    }

    #[test]
    fn a_schema_9_store_is_brought_forward_in_place() {
        use drumbeat_model::{ActorKind, ActorMention, Person, Span};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v9.db");
        let mut p = rich();
        let text = p.coded.annotated.doc.document.text.clone();
        let at = text.find("Kyiv").unwrap();
        let a = &mut p.coded.annotated;
        a.people.push(Person {
            key: "UKR:kyiv:x".into(),
            name: "Kyiv".into(),
            variants: vec![],
            country: Some("UKR".into()),
            role: None,
            title: None,
            code: "UKR".into(),
        });
        a.actors.push(ActorMention {
            kind: ActorKind::Person,
            code: "UKR".into(),
            country: Some("UKR".into()),
            role: None,
            person: Some(0),
            text: "Kyiv".into(),
            span: Span::new(at, at + 4),
            sentence: 0,
            basis: "name".into(),
        });
        p.sketch.events = p
            .coded
            .events
            .iter()
            .filter(|e| e.modality == drumbeat_model::Modality::Asserted)
            .map(|e| rows::brief_of(e, &text).unwrap())
            .collect();
        let all = EventQuery {
            all_modalities: true,
            ..Default::default()
        };
        let (people, events) = {
            let mut s = SqliteStore::open(&path).unwrap();
            s.put_documents(std::slice::from_ref(&p)).unwrap();
            (
                s.people(&PeopleQuery::default()).unwrap(),
                s.events(&all).unwrap(),
            )
        };
        assert_eq!(people[0].evidence[0].text, "Kyiv");
        // The same store as schema 9 wrote it.
        {
            let c = Connection::open(&path).unwrap();
            let mut bare = p.coded.annotated.clone();
            bare.doc.document.text = String::new();
            c.execute(
                "UPDATE documents SET ann = ?1",
                [rows::pack("ab12", &bare).unwrap()],
            )
            .unwrap();
            c.execute_batch(
                "UPDATE events SET source_name = 'Russia' WHERE id = 'ev1';
                 UPDATE events SET target_name = 'Ukraine' WHERE id = 'ev1';
                 CREATE INDEX events_by_date ON events(date, id);
                 DROP TABLE sketches;
                 CREATE TABLE sketches (doc_id TEXT PRIMARY KEY, data BLOB NOT NULL);
                 CREATE TABLE people_v9 (doc_id TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,
                   variants TEXT NOT NULL, code TEXT NOT NULL, title TEXT);
                 INSERT INTO people_v9 SELECT d.id, p.key, p.name, p.variants, p.code, p.title
                   FROM people p JOIN documents d ON d.key = p.doc;
                 CREATE TABLE mentions_v9 (doc_id TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL,
                   person TEXT, text TEXT NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL,
                   end INTEGER NOT NULL);
                 INSERT INTO mentions_v9 SELECT d.id, m.kind, m.code, m.person,
                   coalesce(m.text, CAST(substr(CAST(d.text AS BLOB), m.start + 1, m.end - m.start) AS TEXT)),
                   m.sentence, m.start, m.end FROM mentions m JOIN documents d ON d.key = m.doc;
                 DROP TABLE people; DROP TABLE mentions;
                 ALTER TABLE people_v9 RENAME TO people; ALTER TABLE mentions_v9 RENAME TO mentions;
                 CREATE INDEX people_key ON people(key);
                 CREATE INDEX mentions_person ON mentions(person);
                 DROP TABLE merged_mentions;
                 CREATE TABLE merged_mentions (event_id TEXT PRIMARY KEY, merged_id TEXT NOT NULL);
                 PRAGMA user_version = 9;",
            )
            .unwrap();
            c.execute(
                "INSERT INTO sketches VALUES ('ab12', ?1)",
                [rows::pack("ab12", &p.sketch).unwrap()],
            )
            .unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        let v: i64 = s
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        assert_eq!(s.document("ab12").unwrap().unwrap(), p.coded.annotated);
        assert_eq!(s.events(&all).unwrap(), events);
        assert_eq!(s.people(&PeopleQuery::default()).unwrap(), people);
        assert_eq!(s.sketches().unwrap(), [p.sketch.clone()]);
        let compact: (i64, i64, i64, i64) = s
            .conn
            .query_row(
                "SELECT (SELECT sum(briefs) FROM sketches),
                        (SELECT count(*) FROM mentions WHERE text IS NOT NULL),
                        (SELECT count(*) FROM events WHERE source_name IS NOT NULL),
                        (SELECT count(*) FROM sqlite_master WHERE name = 'events_by_date')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(compact, (1, 0, 0, 0));
        assert!(check(&s).unwrap().is_empty());
    }

    #[test]
    fn a_schema_8_store_is_compacted_in_place_with_its_search_index() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let p = rich();
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(
                "CREATE TABLE documents (id TEXT PRIMARY KEY, published TEXT, outlet TEXT,
                   title TEXT, format TEXT NOT NULL, data TEXT NOT NULL, ingested_at INTEGER NOT NULL);
                 CREATE INDEX documents_published ON documents(published);
                 CREATE TABLE events (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id)
                   ON DELETE CASCADE, type TEXT NOT NULL, modality TEXT NOT NULL, source_country TEXT,
                   target_country TEXT, date TEXT, confidence REAL NOT NULL DEFAULT 0, data TEXT NOT NULL);
                 CREATE INDEX events_doc ON events(doc_id);
                 CREATE TABLE origins (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                   path TEXT NOT NULL, line INTEGER NOT NULL DEFAULT 0, format TEXT NOT NULL,
                   PRIMARY KEY (doc_id, path, line));
                 CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='', tokenize='unicode61');
                 CREATE VIRTUAL TABLE events_fts USING fts5(evidence, content='', tokenize='unicode61');
                 PRAGMA user_version = 8;",
            )
            .unwrap();
            // A gap in the row numbers, as deletions leave: the search index follows them.
            c.execute(
                "INSERT INTO documents VALUES ('zz99', NULL, NULL, NULL, 'text', ?1, 1)",
                [serde_json::to_string(&coded("zz99", "z.txt", None).annotated).unwrap()],
            )
            .unwrap();
            c.execute(
                "INSERT INTO documents VALUES ('ab12', '2022-02-24', 'Example News', NULL, 'text', ?1, 2)",
                [serde_json::to_string(&p.coded.annotated).unwrap()],
            )
            .unwrap();
            c.execute_batch(
                "INSERT INTO docs_fts (rowid, title, body) VALUES (2, NULL, 'russia attacked ukraine');
                 INSERT INTO origins VALUES ('ab12', 'rich.txt', 0, 'text');
                 INSERT INTO origins VALUES ('zz99', 'z.txt', 0, 'text');
                 DELETE FROM documents WHERE id = 'zz99';",
            )
            .unwrap();
            for (i, e) in p.coded.events.iter().enumerate() {
                c.execute(
                    "INSERT INTO events (rowid, id, doc_id, type, modality, date, confidence, data)
                     VALUES (?1, ?2, 'ab12', ?3, ?4, ?5, ?6, ?7)",
                    params![
                        10 + i as i64,
                        e.id,
                        e.event_type.as_str(),
                        e.modality.as_str(),
                        e.date,
                        e.confidence as f64,
                        serde_json::to_string(e).unwrap()
                    ],
                )
                .unwrap();
            }
            c.execute(
                "INSERT INTO events_fts (rowid, evidence) VALUES (10, 'russia attacked ukraine')",
                [],
            )
            .unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        let v: i64 = s
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        assert_eq!(s.document("ab12").unwrap().unwrap(), p.coded.annotated);
        assert_eq!(s.origins("ab12").unwrap().len(), 1, "origins kept");
        let mut got = s
            .events(&EventQuery {
                all_modalities: true,
                ..Default::default()
            })
            .unwrap();
        got.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(got, p.coded.events);
        let found = s
            .events(&EventQuery {
                text: Some("attacked".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "ev1");
        assert_eq!(s.search_documents("attacked", 10, 0).unwrap().len(), 1);
        assert!(check(&s).unwrap().is_empty());
    }

    #[test]
    fn filters() {
        let mut s = SqliteStore::in_memory().unwrap();
        s.put_documents(&[
            doc("a1", "a", Some("2022-01-01")),
            doc("b1", "b", Some("2022-02-01")),
        ])
        .unwrap();
        let q = DocQuery {
            since: Some("2022-01-15".into()),
            ..Default::default()
        };
        let got = s.documents(&q).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].doc.document.id, "b1");
    }

    #[test]
    fn speaker_search_is_a_plain_substring() {
        let mut s = SqliteStore::in_memory().unwrap();
        let mut d = doc("q1", "q", Some("2022-01-01"));
        for (i, name) in ["Ana Silva", "100%_Real"].iter().enumerate() {
            d.coded.annotated.quotes.push(drumbeat_model::Quote {
                span: drumbeat_model::Span::new(i * 10, i * 10 + 5),
                text: format!("quote {i}"),
                sentence: 0,
                speaker: Some(drumbeat_model::Speaker {
                    name: name.to_string(),
                    span: drumbeat_model::Span::new(0, 1),
                    code: None,
                    person: None,
                }),
                relay: None,
                fragment: false,
                parts: vec![],
                basis: None,
            });
        }
        s.put_documents(&[d]).unwrap();
        let by = |sp: &str| {
            s.quotes(&QuoteQuery {
                speaker: Some(sp.into()),
                ..Default::default()
            })
            .unwrap()
            .len()
        };
        assert_eq!(by("silva"), 1);
        // '%' and '_' are no wildcards: they match only themselves.
        assert_eq!(by("%"), 1);
        assert_eq!(by("_"), 1);
        assert_eq!(by("a%s"), 0);
    }
}
