//! Read-side queries for the API and the dashboard: merged events with filters, single
//! events, dyad summaries for the overview, full-text search and counts. Every list is
//! paged (`limit`, `offset`) and served from an index.

use drumbeat_model::{Event, MergedEvent};
use rusqlite::params;
use serde::Serialize;

use crate::{parse, rows, Filter, SqliteStore, StoreError};

/// Filters for merged events.
#[derive(Debug, Default, Clone)]
pub struct MergedQuery {
    pub limit: Option<u64>,
    pub offset: u64,
    /// Unordered dyad key `A-B` (A ≤ B).
    pub dyad: Option<String>,
    /// Source and target codes (directed).
    pub source: Option<String>,
    pub target: Option<String>,
    /// Either side.
    pub actor: Option<String>,
    pub event_type: Option<String>,
    /// Inclusive `YYYY-MM-DD` bounds on the event's date.
    pub since: Option<String>,
    pub until: Option<String>,
    pub story: Option<String>,
}

/// A merged event with where it belongs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MergedRow {
    pub story: String,
    /// The event's date, else its story's.
    pub date: Option<String>,
    #[serde(flatten)]
    pub event: MergedEvent,
}

/// How a dyad stands over the last days of the watch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DyadSummary {
    pub dyad: String,
    pub last_day: String,
    /// Index and z-score of the dyad's most departing day in the window.
    pub peak_day: String,
    pub peak_index: f64,
    pub peak_z: f64,
    pub events: u64,
    pub days: u64,
}

/// What the store holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Stats {
    pub documents: u64,
    pub events: u64,
    pub merged_events: u64,
    pub stories: u64,
    pub alerts: u64,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}

pub(crate) const STATS_SQL: &str = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events WHERE modality = 'asserted'),
        (SELECT count(*) FROM merged_events), (SELECT count(*) FROM stories),
        (SELECT count(*) FROM alerts), (SELECT min(day) FROM dyad_days), (SELECT max(day) FROM dyad_days)";

pub(crate) fn stats_row(r: &rusqlite::Row) -> rusqlite::Result<Stats> {
    Ok(Stats {
        documents: r.get::<_, i64>(0)? as u64,
        events: r.get::<_, i64>(1)? as u64,
        merged_events: r.get::<_, i64>(2)? as u64,
        stories: r.get::<_, i64>(3)? as u64,
        alerts: r.get::<_, i64>(4)? as u64,
        first_day: r.get(5)?,
        last_day: r.get(6)?,
    })
}

/// A row of (dyad, last day, days, events, peak day, peak z, peak index).
fn dyad_summary_row(r: &rusqlite::Row) -> rusqlite::Result<DyadSummary> {
    Ok(DyadSummary {
        dyad: r.get(0)?,
        last_day: r.get(1)?,
        days: r.get::<_, i64>(2)? as u64,
        events: r.get::<_, i64>(3)? as u64,
        peak_day: r.get(4)?,
        peak_z: r.get(5)?,
        peak_index: r.get(6)?,
    })
}

/// A document as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocRow {
    pub id: String,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
}

/// A document's title as a list shows it: its first line of text that is no `date`
/// header, cut at 120 characters.
pub fn display_title(text: &str) -> String {
    let line = text
        .lines()
        .map(|l| strip_date_header(l.trim()))
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// A line without its leading `date YYYY-MM-DD` header (the header may share the line
/// with the text).
fn strip_date_header(line: &str) -> &str {
    let is_date = |d: &str| {
        d.len() == 10
            && d.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    match line
        .strip_prefix("date ")
        .and_then(|r| r.get(..10).map(|d| (d, &r[10..])))
    {
        Some((d, rest))
            if is_date(d) && (rest.is_empty() || rest.starts_with(char::is_whitespace)) =>
        {
            rest.trim_start()
        }
        _ => line,
    }
}

/// Quote a user's words for an FTS5 MATCH: every word a phrase of its own, so no
/// operator or column filter of theirs is interpreted. `None` when nothing is left.
pub fn fts_terms(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Queries behind the API and the dashboard.
pub trait Browse {
    fn merged_events(&self, q: &MergedQuery) -> Result<Vec<MergedRow>, StoreError>;
    fn merged_event(&self, id: &str) -> Result<Option<MergedRow>, StoreError>;
    /// The merged event an event (mention) belongs to.
    fn merged_of(&self, event_id: &str) -> Result<Option<String>, StoreError>;
    /// One event (a mention in one document) by id.
    fn event(&self, id: &str) -> Result<Option<Event>, StoreError>;
    /// Dyads with events in the `days` days up to the store's last day, the most
    /// departing from their baseline first.
    fn dyad_summaries(&self, days: i64, limit: u64) -> Result<Vec<DyadSummary>, StoreError>;
    /// The people with a code (`FRAGOV`) or of a country or organisation (`FRA`, `NATO`),
    /// those in the most documents first: (key, fullest name, code, documents).
    fn people_of(
        &self,
        code: &str,
        limit: u64,
    ) -> Result<Vec<(String, String, String, u64)>, StoreError>;
    /// An actor's dyads over the whole watch, the most departing first.
    fn dyads_of(&self, actor: &str, limit: u64) -> Result<Vec<DyadSummary>, StoreError>;
    /// The story a document belongs to.
    fn story_of(&self, doc: &str) -> Result<Option<String>, StoreError>;
    /// Documents whose title or text has every word of `text`, best first.
    fn search_documents(
        &self,
        text: &str,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<DocRow>, StoreError>;
    /// People whose name or a variant of it contains `text` (any case), those in the most
    /// documents first: (key, fullest name, code, documents).
    fn search_people(
        &self,
        text: &str,
        limit: u64,
    ) -> Result<Vec<(String, String, String, u64)>, StoreError>;
    /// Actor codes of the watch that start with `text` (`RUS` finds RUS, RUSGOV, ...).
    fn search_actors(&self, text: &str, limit: u64) -> Result<Vec<String>, StoreError>;
    fn stats(&self) -> Result<Stats, StoreError>;
    /// Every event in date order with the merged event and story it belongs to, one at a
    /// time (an export streams them instead of holding them); only those at least
    /// `min_confidence` confident.
    fn each_event(
        &self,
        all_modalities: bool,
        min_confidence: f64,
        f: &mut dyn FnMut(ExportedEvent) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// A document's URL and when it was stored (seconds since 1970).
    fn source_of(&self, doc: &str) -> Result<Option<(Option<String>, i64)>, StoreError>;
    /// Every merged event with its story, one at a time.
    fn each_merged(
        &self,
        f: &mut dyn FnMut(MergedRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Every stored row of one kind as its JSON (`documents`: the annotated document;
    /// `stories`: the story), one at a time.
    fn each_json(
        &self,
        table: JsonTable,
        f: &mut dyn FnMut(&str) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
}

/// Tables an export can stream as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonTable {
    Documents,
    Stories,
}

/// An event with where it was merged, for exports.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExportedEvent {
    #[serde(flatten)]
    pub event: Event,
    pub merged: Option<String>,
    pub story: Option<String>,
    /// When the document was stored (seconds since 1970).
    pub ingested_at: i64,
    pub url: Option<String>,
}

/// A stored record written out as JSON, for exports.
fn to_json(id: &str, value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        message: e.to_string(),
    })
}

impl Browse for SqliteStore {
    fn each_event(
        &self,
        all_modalities: bool,
        min_confidence: f64,
        f: &mut dyn FnMut(ExportedEvent) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {}, me.id, me.story_id, d.ingested_at, d.url
             FROM events e
             JOIN documents d ON d.key = e.doc
             LEFT JOIN merged_mentions mm ON mm.event = e.key
             LEFT JOIN merged_events me ON me.key = mm.merged
             WHERE (?1 OR e.modality = 'asserted') AND e.confidence >= ?2
             ORDER BY e.date IS NULL, e.date, d.id, e.id",
            rows::EVENT_COLUMNS
        ))?;
        let mut rows = stmt.query(params![all_modalities, min_confidence])?;
        let n = rows::EVENT_COLUMN_COUNT;
        while let Some(r) = rows.next()? {
            f(ExportedEvent {
                event: rows::event_from_row(r, 0)?,
                merged: r.get(n)?,
                story: r.get(n + 1)?,
                ingested_at: r.get(n + 2)?,
                url: r.get(n + 3)?,
            })?;
        }
        Ok(())
    }

    fn source_of(&self, doc: &str) -> Result<Option<(Option<String>, i64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT url, ingested_at FROM documents WHERE id = ?1")?;
        let mut rows = stmt.query(params![doc])?;
        Ok(match rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?)),
            None => None,
        })
    }

    fn each_merged(
        &self,
        f: &mut dyn FnMut(MergedRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT m.story_id, {} FROM merged_events m ORDER BY m.date IS NULL, m.date, m.key",
            rows::MERGED_COLUMNS
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let event = self.merged_from_row(r, 1)?;
            f(MergedRow {
                story: r.get(0)?,
                date: r.get(5)?,
                event,
            })?;
        }
        Ok(())
    }

    fn each_json(
        &self,
        table: JsonTable,
        f: &mut dyn FnMut(&str) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if table == JsonTable::Documents {
            // Documents are kept compact; each is written out as JSON here.
            let mut stmt = self.conn.prepare(&format!(
                "SELECT {} FROM documents d ORDER BY d.published IS NULL, d.published, d.id",
                rows::DOCUMENT_COLUMNS
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let row = rows::document_row(r)?;
                let id = row.id.clone();
                let a = rows::decode_document(row)?;
                f(&to_json(&id, &a)?)?;
            }
            return Ok(());
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, data FROM stories ORDER BY start IS NULL, start, id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let mut story: drumbeat_model::Story = rows::unpack(&id, &r.get::<_, Vec<u8>>(1)?)?;
            self.fill_story(&mut story)?;
            f(&to_json(&id, &story)?)?;
        }
        Ok(())
    }

    fn merged_events(&self, q: &MergedQuery) -> Result<Vec<MergedRow>, StoreError> {
        if let Some(a) = q.actor.clone() {
            // Either side: two index-ordered lists merged here, since an OR across two
            // columns would sort every event of the actor.
            let want = q.limit.map(|l| l + q.offset);
            let side = |source: bool| {
                let mut one = q.clone();
                one.actor = None;
                one.offset = 0;
                one.limit = want;
                if source {
                    one.source = Some(a.clone());
                } else {
                    one.target = Some(a.clone());
                }
                self.merged_events(&one)
            };
            let mut rows = side(true)?;
            rows.extend(side(false)?);
            rows.sort_by(|x, y| y.date.cmp(&x.date).then(y.event.id.cmp(&x.event.id)));
            rows.dedup_by(|x, y| x.event.id == y.event.id);
            let rows = rows.into_iter().skip(q.offset as usize);
            return Ok(match q.limit {
                Some(l) => rows.take(l as usize).collect(),
                None => rows.collect(),
            });
        }
        let mut f = Filter::default();
        f.eq("dyad", &q.dyad);
        f.eq("source", &q.source);
        f.eq("target", &q.target);
        f.eq("type", &q.event_type);
        f.range("date", &q.since, &q.until);
        f.eq("story_id", &q.story);
        // (Merged events are keyed in id order: the key breaks ties as the id would.)
        let order = if q.story.is_some() {
            "sources DESC, date DESC, key DESC"
        } else {
            "date DESC, key DESC"
        };
        let sql = f.select(
            &format!("m.story_id, {}", rows::MERGED_COLUMNS),
            "merged_events m",
            order,
            q.limit,
            q.offset,
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(f.params.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let event = self.merged_from_row(r, 1)?;
            out.push(MergedRow {
                story: r.get(0)?,
                date: r.get(5)?,
                event,
            });
        }
        Ok(out)
    }

    fn merged_event(&self, id: &str) -> Result<Option<MergedRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT m.story_id, {} FROM merged_events m WHERE m.id = ?1",
            rows::MERGED_COLUMNS
        ))?;
        let mut rows = stmt.query(params![id])?;
        match rows.next()? {
            None => Ok(None),
            Some(r) => {
                let event = self.merged_from_row(r, 1)?;
                Ok(Some(MergedRow {
                    story: r.get(0)?,
                    date: r.get(5)?,
                    event,
                }))
            }
        }
    }

    fn merged_of(&self, event_id: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT me.id FROM events e JOIN merged_mentions mm ON mm.event = e.key
             JOIN merged_events me ON me.key = mm.merged WHERE e.id = ?1",
        )?;
        let mut rows = stmt.query(params![event_id])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    fn event(&self, id: &str) -> Result<Option<Event>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM events e JOIN documents d ON d.key = e.doc WHERE e.id = ?1",
            rows::EVENT_COLUMNS
        ))?;
        let mut rows = stmt.query(params![id])?;
        match rows.next()? {
            None => Ok(None),
            Some(r) => Ok(Some(rows::event_from_row(r, 0)?)),
        }
    }

    fn dyad_summaries(&self, days: i64, limit: u64) -> Result<Vec<DyadSummary>, StoreError> {
        let last: Option<String> =
            self.conn
                .query_row("SELECT max(day) FROM dyad_days", [], |r| r.get(0))?;
        let Some(last) = last else {
            return Ok(Vec::new());
        };
        let from = drumbeat_model::civil::parse(&last)
            .and_then(|d| drumbeat_model::civil::format(d - days.max(0)))
            .unwrap_or_else(|| last.clone());
        let mut stmt = self.conn.prepare_cached(
            "SELECT dyad, max(day), count(*), sum(events),
                    (SELECT day FROM dyad_days x WHERE x.dyad = d.dyad AND x.day >= ?1 ORDER BY z DESC, day DESC LIMIT 1),
                    max(z), max(idx)
             FROM dyad_days d WHERE day >= ?1 GROUP BY dyad",
        )?;
        let rows = stmt.query_map(params![from], dyad_summary_row)?;
        let mut out: Vec<DyadSummary> = rows.collect::<Result<_, _>>()?;
        out.sort_by(|a, b| {
            b.peak_z
                .total_cmp(&a.peak_z)
                .then(b.peak_index.total_cmp(&a.peak_index))
                .then(a.dyad.cmp(&b.dyad))
        });
        out.truncate(limit as usize);
        Ok(out)
    }

    fn people_of(
        &self,
        code: &str,
        limit: u64,
    ) -> Result<Vec<(String, String, String, u64)>, StoreError> {
        // Codes extend a country's or organisation's code (FRA, FRAGOV, FRAMIL): a prefix
        // range on the index.
        let mut upper = code.to_string();
        upper.push('\u{10FFFF}');
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, max(name), code, count(DISTINCT doc) AS docs FROM people
             WHERE code >= ?1 AND code < ?2 GROUP BY key ORDER BY docs DESC, key LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![code, upper, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn dyads_of(&self, actor: &str, limit: u64) -> Result<Vec<DyadSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT dyad, last_day, days, events, peak_day, peak_z, peak_index FROM dyad_summary
             WHERE a = ?1 OR b = ?1 ORDER BY peak_z DESC, dyad LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![actor, limit as i64], dyad_summary_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn story_of(&self, doc: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT story_id FROM story_docs WHERE doc_id = ?1")?;
        let mut rows = stmt.query(params![doc])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    fn search_documents(
        &self,
        text: &str,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<DocRow>, StoreError> {
        let Some(terms) = fts_terms(text) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.published, d.outlet,
                    coalesce(d.title, substr(d.text, 1, 400))
             FROM docs_fts f
             JOIN documents d ON d.key = f.rowid
             WHERE docs_fts MATCH ?1 ORDER BY rank LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(params![terms, limit as i64, offset as i64], |r| {
            Ok(DocRow {
                id: r.get(0)?,
                published: r.get(1)?,
                outlet: r.get(2)?,
                title: r.get::<_, Option<String>>(3)?.map(|t| display_title(&t)),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn search_people(
        &self,
        text: &str,
        limit: u64,
    ) -> Result<Vec<(String, String, String, u64)>, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        // A plain substring of a name or a variant ('%' and '_' are letters here).
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, max(name), max(code), count(DISTINCT doc) AS docs FROM people
             WHERE instr(lower(name), lower(?1)) > 0 OR instr(lower(variants), lower(?1)) > 0
             GROUP BY key ORDER BY docs DESC, key LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![text, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn search_actors(&self, text: &str, limit: u64) -> Result<Vec<String>, StoreError> {
        let code = text.trim().to_uppercase();
        if code.is_empty() || code.len() > 12 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT a FROM (SELECT a FROM dyad_summary WHERE a >= ?1 AND a < ?1 || '~'
                            UNION SELECT b FROM dyad_summary WHERE b >= ?1 AND b < ?1 || '~')
             ORDER BY length(a), a LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![code, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        // Counted when the analysis was written; counted now if it never was.
        let kept: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'stats'", [], |r| {
                r.get(0)
            })
            .ok();
        if let Some(v) = kept {
            return parse("stats", &v);
        }
        Ok(self.conn.query_row(STATS_SQL, [], stats_row)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_terms_neutralise_syntax() {
        assert_eq!(
            fts_terms("Ryabkov NEAR(x) \"col\":y*").as_deref(),
            Some("\"Ryabkov\" \"NEAR\" \"x\" \"col\" \"y\"")
        );
        assert_eq!(fts_terms("  --  "), None);
    }

    #[test]
    fn titles_leave_out_the_date_header() {
        assert_eq!(
            display_title("date 2024-06-12\n\nTalks end in Geneva\nBody."),
            "Talks end in Geneva"
        );
        assert_eq!(display_title("date of the talks\nx"), "date of the talks");
        assert_eq!(display_title("date 2024-06-12 Talks end\nx"), "Talks end");
        assert_eq!(display_title(&"a".repeat(130)).chars().count(), 121);
    }
}
