//! drumbeat's work queue: articles go through a NATS JetStream stream to any number of
//! workers, which code them into a shared store.
//!
//! sources → [`publish_paths`] → stream `<STREAM>` (subject `<STREAM>.articles`,
//! work-queue retention) → [`run_worker`] × N → [`Store`](drumbeat_store::Store) →
//! the cross-document stage (stories, the watch), run once from the store afterwards.
//!
//! - Each article is published as its [`Document`] in JSON with the `Nats-Msg-Id` header
//!   set to its content id, so JetStream's duplicate window ([`DEDUP_WINDOW`]) drops a
//!   re-sent article before any worker sees it.
//! - Workers share one durable pull consumer ([`CONSUMER`]): each message goes to one
//!   worker. A worker runs the per-document stages on a batch, writes the batch to the
//!   store in one transaction, and acks the messages only after that commit. A worker that
//!   dies before acking leaves its messages to be redelivered after the ack wait; the
//!   store's upsert on the content id makes the second write a no-op. At-least-once
//!   delivery plus idempotent writes: one effect per article.
//! - A message that cannot be coded (not a document, an id that is not its text's, a
//!   stage that panics, or a store write that still fails on its last delivery) is
//!   published to the dead-letter subject `<STREAM>.dead` (kept in the stream
//!   `<STREAM>_DEAD`) with the reason in the [`REASON_HEADER`] header, then acked: never
//!   lost, never retried forever.
//!
//! The client is async (tokio); the stages and the store are not, and run on the
//! calling worker thread through `block_in_place`: call [`run_worker`] from a
//! multi-threaded tokio runtime.

use std::time::Duration;

use async_nats::jetstream::{self, consumer::pull, stream};
use drumbeat_model::Document;
use drumbeat_store::StoreError;

mod publish;
pub mod report;
mod worker;

/// The NATS client this crate is built on, for callers that pull or inspect by hand.
pub use async_nats;
pub use publish::{publish_paths, PublishReport};
pub use worker::{pull_batch, run_worker, Stop, WorkerOptions, WorkerReport};

/// The stream's name when none is given.
pub const DEFAULT_STREAM: &str = "DRUMBEAT";
/// The durable pull consumer every worker shares.
pub const CONSUMER: &str = "drumbeat-workers";
/// How long JetStream remembers a message id to drop a re-sent article: a day, so a feed
/// crawler that publishes what it read again within a day sends nothing twice. (After
/// that the store's upsert still keeps one copy.)
pub const DEDUP_WINDOW: Duration = Duration::from_secs(24 * 3600);
/// Publish acks awaited at a time: holding thousands of pending ack futures stalls the
/// client.
pub const ACK_BATCH: usize = 500;
/// The header of a dead letter that says why the message could not be coded.
pub const REASON_HEADER: &str = "Drumbeat-Reason";
/// The header of a dead letter with the message's sequence in the work stream.
pub const SEQUENCE_HEADER: &str = "Drumbeat-Stream-Sequence";
/// The header of a dead letter with how many times the message was delivered.
pub const DELIVERIES_HEADER: &str = "Drumbeat-Deliveries";

/// Why the queue could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot connect to NATS at {url}: {message}")]
    Connect { url: String, message: String },
    #[error("NATS JetStream: {what}: {message}")]
    Nats { what: &'static str, message: String },
    #[error("{0:?} is not a stream name: use letters, digits, `-` and `_` only")]
    StreamName(String),
    #[error("cannot encode document {id}: {message}")]
    Encode { id: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A closure turning a client error into [`QueueError::Nats`] saying what was being done.
fn nats<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> QueueError {
    move |e| QueueError::Nats {
        what,
        message: e.to_string(),
    }
}

/// Where the queue is: the server and the stream's name.
#[derive(Debug, Clone)]
pub struct QueueConfig {
    /// `nats://HOST:PORT` (several separated by commas).
    pub url: String,
    /// The work stream's name; its subjects are `<stream>.articles` and `<stream>.dead`.
    pub stream: String,
}

impl QueueConfig {
    pub fn new(url: &str, stream: &str) -> Result<Self, QueueError> {
        let ok = !stream.is_empty()
            && stream
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(QueueError::StreamName(stream.to_string()));
        }
        Ok(QueueConfig {
            url: url.to_string(),
            stream: stream.to_string(),
        })
    }

    /// The subject articles are published on.
    pub fn subject(&self) -> String {
        format!("{}.articles", self.stream)
    }

    /// The dead-letter subject.
    pub fn dead_subject(&self) -> String {
        format!("{}.dead", self.stream)
    }

    /// The stream that keeps dead letters (limits retention: kept until removed).
    pub fn dead_stream(&self) -> String {
        format!("{}_DEAD", self.stream)
    }
}

/// A connection to the queue, its streams created if missing.
pub struct Queue {
    client: async_nats::Client,
    js: jetstream::Context,
    cfg: QueueConfig,
}

/// One message of the dead-letter stream.
#[derive(Debug, Clone)]
pub struct DeadLetter {
    pub reason: String,
    /// The message's sequence in the work stream.
    pub sequence: Option<u64>,
    pub deliveries: Option<u64>,
    pub payload: Vec<u8>,
}

impl Queue {
    /// Connect and make sure the work stream and the dead-letter stream exist.
    pub async fn connect(cfg: QueueConfig) -> Result<Self, QueueError> {
        let client = async_nats::ConnectOptions::new()
            .name("drumbeat")
            .connect(cfg.url.as_str())
            .await
            .map_err(|e| QueueError::Connect {
                url: cfg.url.clone(),
                message: e.to_string(),
            })?;
        let js = jetstream::new(client.clone());
        let q = Queue { client, js, cfg };
        q.ensure_streams().await?;
        Ok(q)
    }

    pub fn config(&self) -> &QueueConfig {
        &self.cfg
    }

    async fn ensure_streams(&self) -> Result<(), QueueError> {
        // Creating a stream that exists with the same configuration succeeds, so workers
        // and publishers starting together all get here.
        self.js
            .get_or_create_stream(stream::Config {
                name: self.cfg.stream.clone(),
                subjects: vec![self.cfg.subject()],
                retention: stream::RetentionPolicy::WorkQueue,
                storage: stream::StorageType::File,
                duplicate_window: DEDUP_WINDOW,
                ..Default::default()
            })
            .await
            .map_err(nats("creating the work stream"))?;
        self.js
            .get_or_create_stream(stream::Config {
                name: self.cfg.dead_stream(),
                subjects: vec![self.cfg.dead_subject()],
                retention: stream::RetentionPolicy::Limits,
                storage: stream::StorageType::File,
                duplicate_window: DEDUP_WINDOW,
                ..Default::default()
            })
            .await
            .map_err(nats("creating the dead-letter stream"))?;
        Ok(())
    }

    /// Publish documents, [`ACK_BATCH`] acks awaited at a time: (published, duplicates).
    pub async fn publish_documents(&self, docs: &[Document]) -> Result<(u64, u64), QueueError> {
        let mut published = 0;
        let mut duplicates = 0;
        for chunk in docs.chunks(ACK_BATCH) {
            let mut acks = Vec::with_capacity(chunk.len());
            for d in chunk {
                let payload = serde_json::to_vec(d).map_err(|e| QueueError::Encode {
                    id: d.id.clone(),
                    message: e.to_string(),
                })?;
                let ack = self
                    .js
                    .send_publish(
                        self.cfg.subject(),
                        jetstream::message::PublishMessage::build()
                            .payload(payload.into())
                            .message_id(&d.id),
                    )
                    .await
                    .map_err(nats("publishing an article"))?;
                acks.push(ack);
            }
            for ack in acks {
                let ack = ack.await.map_err(nats("awaiting a publish ack"))?;
                if ack.duplicate {
                    duplicates += 1;
                } else {
                    published += 1;
                }
            }
        }
        Ok((published, duplicates))
    }

    /// Publish raw bytes on the work subject (a message from another producer, or a
    /// broken one in tests); with `id`, as its `Nats-Msg-Id`. Whether it was a duplicate.
    pub async fn publish_raw(
        &self,
        payload: Vec<u8>,
        id: Option<&str>,
    ) -> Result<bool, QueueError> {
        let mut p = jetstream::message::PublishMessage::build().payload(payload.into());
        if let Some(id) = id {
            p = p.message_id(id);
        }
        let ack = self
            .js
            .send_publish(self.cfg.subject(), p)
            .await
            .map_err(nats("publishing"))?
            .await
            .map_err(nats("awaiting a publish ack"))?;
        Ok(ack.duplicate)
    }

    /// The workers' durable pull consumer, created if missing with these settings (an
    /// existing consumer keeps its own).
    pub async fn consumer(
        &self,
        ack_wait: Duration,
        max_deliver: i64,
    ) -> Result<jetstream::consumer::PullConsumer, QueueError> {
        let stream = self
            .js
            .get_stream(&self.cfg.stream)
            .await
            .map_err(nats("opening the work stream"))?;
        stream
            .get_or_create_consumer(
                CONSUMER,
                pull::Config {
                    durable_name: Some(CONSUMER.to_string()),
                    filter_subject: self.cfg.subject(),
                    ack_policy: jetstream::consumer::AckPolicy::Explicit,
                    ack_wait,
                    max_deliver,
                    ..Default::default()
                },
            )
            .await
            .map_err(nats("creating the workers' consumer"))
    }

    /// Messages waiting in the work stream (not yet acked).
    pub async fn waiting(&self) -> Result<u64, QueueError> {
        let mut s = self
            .js
            .get_stream(&self.cfg.stream)
            .await
            .map_err(nats("opening the work stream"))?;
        Ok(s.info()
            .await
            .map_err(nats("reading the work stream"))?
            .state
            .messages)
    }

    /// Put a message on the dead-letter subject with its reason, and wait until the
    /// dead-letter stream has it.
    pub(crate) async fn dead_letter(
        &self,
        payload: &[u8],
        reason: &str,
        sequence: u64,
        deliveries: i64,
    ) -> Result<(), QueueError> {
        let mut headers = async_nats::HeaderMap::new();
        // Header values are one line.
        let reason: String = reason
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(1000)
            .collect();
        headers.insert(REASON_HEADER, reason.as_str());
        headers.insert(SEQUENCE_HEADER, sequence.to_string().as_str());
        headers.insert(DELIVERIES_HEADER, deliveries.to_string().as_str());
        // A worker that dies after this but before its ack sends it again: the id drops it.
        let id = format!("{}-{sequence}", self.cfg.stream);
        self.js
            .send_publish(
                self.cfg.dead_subject(),
                jetstream::message::PublishMessage::build()
                    .payload(payload.to_vec().into())
                    .headers(headers)
                    .message_id(id),
            )
            .await
            .map_err(nats("publishing a dead letter"))?
            .await
            .map_err(nats("awaiting a dead letter's ack"))?;
        Ok(())
    }

    /// Every message of the dead-letter stream, oldest first.
    pub async fn dead_letters(&self) -> Result<Vec<DeadLetter>, QueueError> {
        let mut s = self
            .js
            .get_stream(self.cfg.dead_stream())
            .await
            .map_err(nats("opening the dead-letter stream"))?;
        let state = s
            .info()
            .await
            .map_err(nats("reading the dead-letter stream"))?
            .state
            .clone();
        let mut out = Vec::new();
        if state.messages == 0 {
            return Ok(out);
        }
        for seq in state.first_sequence..=state.last_sequence {
            let m = match s.get_raw_message(seq).await {
                Ok(m) => m,
                // Removed by hand: a gap.
                Err(_) => continue,
            };
            let header = |name: &str| {
                m.headers
                    .get(name)
                    .map(|v| v.as_str().to_string())
                    .unwrap_or_default()
            };
            out.push(DeadLetter {
                reason: header(REASON_HEADER),
                sequence: header(SEQUENCE_HEADER).parse().ok(),
                deliveries: header(DELIVERIES_HEADER).parse().ok(),
                payload: m.payload.to_vec(),
            });
        }
        Ok(out)
    }

    /// Send everything buffered (acks included) to the server.
    pub async fn flush(&self) -> Result<(), QueueError> {
        self.client.flush().await.map_err(nats("flushing"))
    }
}

/// The document in a message, or why it is not one.
pub fn decode(payload: &[u8]) -> Result<Document, String> {
    let d: Document =
        serde_json::from_slice(payload).map_err(|e| format!("not a drumbeat document: {e}"))?;
    if d.text.trim().is_empty() {
        return Err(format!("document {} has no text", d.id));
    }
    let id = drumbeat_ingest::content_id(&d.text);
    if id != d.id {
        return Err(format!(
            "document id {} is not its text's content id ({id})",
            d.id
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_names_are_checked() {
        assert!(QueueConfig::new("nats://127.0.0.1:4222", "DRUMBEAT").is_ok());
        assert!(QueueConfig::new("x", "a.b").is_err());
        assert!(QueueConfig::new("x", "").is_err());
        let c = QueueConfig::new("x", "NEWS_1").unwrap();
        assert_eq!(c.subject(), "NEWS_1.articles");
        assert_eq!(c.dead_subject(), "NEWS_1.dead");
        assert_eq!(c.dead_stream(), "NEWS_1_DEAD");
    }

    #[test]
    fn decoding_names_what_is_wrong() {
        assert!(decode(b"{not json")
            .unwrap_err()
            .contains("not a drumbeat document"));
        let mut d = Document::plain("x", "a.txt", "Troops moved.", None);
        d.id = drumbeat_ingest::content_id(&d.text);
        let ok = serde_json::to_vec(&d).unwrap();
        assert_eq!(decode(&ok).unwrap(), d);
        d.id = "0".repeat(32);
        let bad = serde_json::to_vec(&d).unwrap();
        assert!(decode(&bad).unwrap_err().contains("content id"));
    }
}
