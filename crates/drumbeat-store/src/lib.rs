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

use drumbeat_model::{CleanDoc, Origin};
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
    fn put_documents(&mut self, docs: &[CleanDoc]) -> Result<PutStats, StoreError>;
    /// Documents in order of publication date (undated last), then id.
    fn documents(&self, q: &DocQuery) -> Result<Vec<CleanDoc>, StoreError>;
    /// One document by its id or a unique prefix of it.
    fn document(&self, id_or_prefix: &str) -> Result<Option<CleanDoc>, StoreError>;
    /// Every place a document was read from.
    fn origins(&self, id: &str) -> Result<Vec<Origin>, StoreError>;
    fn count_documents(&self) -> Result<u64, StoreError>;
}

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,
    published   TEXT,
    outlet      TEXT,
    title       TEXT,
    format      TEXT NOT NULL,
    data        TEXT NOT NULL,
    ingested_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE TABLE IF NOT EXISTS origins (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path   TEXT NOT NULL,
    line   INTEGER NOT NULL DEFAULT 0,
    format TEXT NOT NULL,
    PRIMARY KEY (doc_id, path, line)
);
";

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

    /// A store in memory, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_string(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(SqliteStore { conn })
    }

    /// The underlying connection, for stages that add their own tables.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn decode(id: &str, data: &str) -> Result<CleanDoc, StoreError> {
    serde_json::from_str(data).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        message: e.to_string(),
    })
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Store for SqliteStore {
    fn put_documents(&mut self, docs: &[CleanDoc]) -> Result<PutStats, StoreError> {
        let tx = self.conn.transaction()?;
        let mut stats = PutStats::default();
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (id, published, outlet, title, format, data, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut origin = tx.prepare_cached(
                "INSERT OR IGNORE INTO origins (doc_id, path, line, format) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let now = now_secs();
            for d in docs {
                let doc = &d.document;
                let data = serde_json::to_string(d).map_err(|e| StoreError::Corrupt {
                    id: doc.id.clone(),
                    message: e.to_string(),
                })?;
                let n = insert.execute(params![
                    doc.id,
                    doc.published,
                    d.outlet,
                    doc.title,
                    doc.origin.format.as_str(),
                    data,
                    now
                ])?;
                if n == 1 {
                    stats.inserted += 1;
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

    fn documents(&self, q: &DocQuery) -> Result<Vec<CleanDoc>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, data FROM documents
             WHERE (?1 IS NULL OR published >= ?1) AND (?2 IS NULL OR published <= ?2)
               AND (?3 IS NULL OR outlet = ?3)
             ORDER BY published IS NULL, published, id
             LIMIT ?4 OFFSET ?5",
        )?;
        let limit = q.limit.map(|l| l as i64).unwrap_or(-1);
        let rows = stmt.query_map(
            params![q.since, q.until, q.outlet, limit, q.offset as i64],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )?;
        let mut out = Vec::new();
        for r in rows {
            let (id, data) = r?;
            out.push(decode(&id, &data)?);
        }
        Ok(out)
    }

    fn document(&self, id_or_prefix: &str) -> Result<Option<CleanDoc>, StoreError> {
        let prefix: String = id_or_prefix
            .chars()
            .filter(|c| c.is_ascii_hexdigit())
            .collect();
        if prefix.is_empty() || prefix.len() != id_or_prefix.len() {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, data FROM documents WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT 2",
        )?;
        let rows: Vec<(String, String)> = stmt
            .query_map(params![prefix.to_ascii_lowercase()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        match rows.as_slice() {
            [] => Ok(None),
            [(id, data)] => Ok(Some(decode(id, data)?)),
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
    let mut stmt = store.conn.prepare("SELECT id, data FROM documents")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for r in rows {
        let (id, data) = r?;
        match decode(&id, &data) {
            Ok(d) if d.document.id != id => {
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
mod tests {
    use super::*;
    use drumbeat_model::{Document, Format};

    fn doc(id: &str, path: &str, published: Option<&str>) -> CleanDoc {
        CleanDoc {
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
        a2.document.origin.path = "copy/a.txt".into();
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
        assert_eq!(all[0].document.id, "aa11");
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
        assert_eq!(got[0].document.id, "b1");
    }
}
