//! `drumbeat worker`: pull batches from the workers' consumer, code them, store them, ack.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer::PullConsumer};
use drumbeat_model::{Document, Processed};
use drumbeat_pipeline::Knowledge;
use drumbeat_store::{PutStats, Store, StoreError};
use futures_util::StreamExt;
use rayon::prelude::*;

use crate::{decode, nats, Queue, QueueError};

/// When a worker stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Never: it waits for more articles.
    Never,
    /// When the stream is drained: nothing waiting and nothing delivered but unacked (so
    /// it also waits for another worker's unacked messages, which may come back to it).
    Drained,
    /// After this long without a message.
    Idle(Duration),
}

/// How a worker pulls.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Messages pulled (and stored in one transaction) at a time.
    pub batch: usize,
    /// How long a delivered message may stay unacked before it is delivered again
    /// (to this or another worker). Set when the consumer is created.
    pub ack_wait: Duration,
    /// Deliveries of one message at most; on its last one, a message that still fails
    /// goes to the dead-letter subject. Set when the consumer is created.
    pub max_deliver: i64,
    pub stop: Stop,
    /// How long one pull waits for messages.
    pub pull_wait: Duration,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            batch: 128,
            ack_wait: Duration::from_secs(60),
            max_deliver: 5,
            stop: Stop::Never,
            pull_wait: Duration::from_secs(1),
        }
    }
}

/// What a worker did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct WorkerReport {
    pub messages: u64,
    pub batches: u64,
    /// Documents new to the store.
    pub inserted: u64,
    /// Documents the store already had (a redelivery, or the same article sent again).
    pub existing: u64,
    /// Messages put on the dead-letter subject.
    pub dead: u64,
    /// Messages this worker got that had been delivered before.
    pub redelivered: u64,
    /// Batches whose store write failed (their messages were handed back).
    pub store_failures: u64,
    pub seconds: f64,
    /// Seconds from the first message pulled to the last batch acked: the time spent
    /// working, without the wait for work before and after.
    pub active_seconds: f64,
}

/// Consecutive failed store writes after which the worker gives up.
const MAX_STORE_FAILURES: u32 = 5;

/// Pull and code articles until `opts.stop` says to stop. `log` gets one line per
/// message sent to the dead-letter subject and per failed store write. Call from a
/// multi-threaded tokio runtime (the stages and the store run in `block_in_place`).
pub async fn run_worker(
    queue: &Queue,
    k: &Knowledge<'_>,
    store: &mut (dyn Store + Send),
    opts: &WorkerOptions,
    mut log: impl FnMut(&str),
) -> Result<WorkerReport, QueueError> {
    let started = Instant::now();
    let consumer = queue.consumer(opts.ack_wait, opts.max_deliver).await?;
    let mut report = WorkerReport::default();
    let mut last_message = Instant::now();
    let mut failures = 0u32;
    let mut first_message: Option<Instant> = None;
    loop {
        let messages = pull(&consumer, opts).await?;
        if messages.is_empty() {
            let done = match opts.stop {
                Stop::Never => false,
                Stop::Idle(d) => last_message.elapsed() >= d,
                Stop::Drained => {
                    let mut c = consumer.clone();
                    let info = c.info().await.map_err(nats("reading the consumer"))?;
                    info.num_pending == 0 && info.num_ack_pending == 0
                }
            };
            if done {
                break;
            }
            continue;
        }
        let first = *first_message.get_or_insert_with(Instant::now);
        last_message = Instant::now();
        let outcome = handle_batch(queue, k, store, messages, opts, &mut report, &mut log).await?;
        report.active_seconds = first.elapsed().as_secs_f64();
        match outcome {
            true => failures = 0,
            false => {
                failures += 1;
                if failures >= MAX_STORE_FAILURES {
                    return Err(QueueError::Nats {
                        what: "storing",
                        message: format!(
                            "{failures} store writes in a row failed: giving up (the messages will be delivered again)"
                        ),
                    });
                }
            }
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

async fn pull(
    consumer: &PullConsumer,
    opts: &WorkerOptions,
) -> Result<Vec<jetstream::Message>, QueueError> {
    pull_batch(consumer, opts.batch, opts.pull_wait).await
}

/// One pull: up to `max` messages, waiting at most `wait` for them.
pub async fn pull_batch(
    consumer: &PullConsumer,
    max: usize,
    wait: Duration,
) -> Result<Vec<jetstream::Message>, QueueError> {
    let mut batch = consumer
        .batch()
        .max_messages(max)
        .expires(wait)
        .messages()
        .await
        .map_err(nats("pulling"))?;
    let mut out = Vec::with_capacity(max);
    while let Some(m) = batch.next().await {
        out.push(m.map_err(nats("pulling"))?);
    }
    Ok(out)
}

/// The message's (stream sequence, deliveries so far).
fn delivery(m: &jetstream::Message) -> (u64, i64) {
    m.info()
        .map(|i| (i.stream_sequence, i.delivered))
        .unwrap_or((0, 1))
}

/// Code, store and ack one batch. False when the store write failed and the messages
/// were handed back for another try.
async fn handle_batch(
    queue: &Queue,
    k: &Knowledge<'_>,
    store: &mut (dyn Store + Send),
    messages: Vec<jetstream::Message>,
    opts: &WorkerOptions,
    report: &mut WorkerReport,
    log: &mut impl FnMut(&str),
) -> Result<bool, QueueError> {
    report.batches += 1;
    report.messages += messages.len() as u64;
    let mut docs: Vec<(jetstream::Message, Document)> = Vec::with_capacity(messages.len());
    let mut dead: Vec<(jetstream::Message, String)> = Vec::new();
    for m in messages {
        if delivery(&m).1 > 1 {
            report.redelivered += 1;
        }
        match decode(&m.payload) {
            Ok(d) => docs.push((m, d)),
            Err(reason) => dead.push((m, reason)),
        }
    }
    let (messages, docs): (Vec<_>, Vec<_>) = docs.into_iter().unzip();
    // The stages run in parallel; one that panics on a document fails that document only.
    let results: Vec<Result<Processed, String>> = tokio::task::block_in_place(|| {
        docs.into_par_iter()
            .map(|d| {
                std::panic::catch_unwind(AssertUnwindSafe(|| drumbeat_pipeline::process_with(k, d)))
                    .map_err(|p| {
                        let what = p
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| p.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "a panic".into());
                        format!("the pipeline failed on this document: {what}")
                    })
            })
            .collect()
    });
    let mut coded = Vec::with_capacity(results.len());
    let mut coded_messages = Vec::with_capacity(results.len());
    for (m, r) in messages.into_iter().zip(results) {
        match r {
            Ok(p) => {
                coded.push(p);
                coded_messages.push(m);
            }
            Err(reason) => dead.push((m, reason)),
        }
    }
    for (m, reason) in &dead {
        send_dead(queue, m, reason, report, log).await?;
    }
    if coded.is_empty() {
        queue.flush().await?;
        return Ok(true);
    }
    match tokio::task::block_in_place(|| store.put_documents(&coded)) {
        Ok(stats) => {
            add(report, stats);
            // Only now, with the batch committed: ack.
            for m in &coded_messages {
                m.ack().await.map_err(nats("acking"))?;
            }
            queue.flush().await?;
            Ok(true)
        }
        Err(e) => {
            report.store_failures += 1;
            log(&format!(
                "storing a batch of {} failed: {e}; handing it back",
                coded.len()
            ));
            store_one_by_one(queue, store, coded, coded_messages, opts, report, log, &e).await?;
            queue.flush().await?;
            Ok(false)
        }
    }
}

fn add(report: &mut WorkerReport, stats: PutStats) {
    report.inserted += stats.inserted;
    report.existing += stats.existing;
}

/// After a failed batch write: messages on their last delivery are written one by one
/// (one that still fails goes to the dead-letter subject); the others are handed back
/// to be delivered again after a pause.
#[allow(clippy::too_many_arguments)]
async fn store_one_by_one(
    queue: &Queue,
    store: &mut (dyn Store + Send),
    coded: Vec<Processed>,
    messages: Vec<jetstream::Message>,
    opts: &WorkerOptions,
    report: &mut WorkerReport,
    log: &mut impl FnMut(&str),
    batch_error: &StoreError,
) -> Result<(), QueueError> {
    for (p, m) in coded.into_iter().zip(messages) {
        if delivery(&m).1 < opts.max_deliver {
            m.ack_with(jetstream::AckKind::Nak(Some(Duration::from_secs(1))))
                .await
                .map_err(nats("handing a message back"))?;
            continue;
        }
        match tokio::task::block_in_place(|| store.put_documents(std::slice::from_ref(&p))) {
            Ok(stats) => {
                add(report, stats);
                m.ack().await.map_err(nats("acking"))?;
            }
            Err(e) => {
                let reason = format!(
                    "the store refused it on its last delivery: {e} (the batch: {batch_error})"
                );
                send_dead(queue, &m, &reason, report, log).await?;
            }
        }
    }
    Ok(())
}

/// Put a message on the dead-letter subject, then ack it: it is not retried.
async fn send_dead(
    queue: &Queue,
    m: &jetstream::Message,
    reason: &str,
    report: &mut WorkerReport,
    log: &mut impl FnMut(&str),
) -> Result<(), QueueError> {
    let (seq, delivered) = delivery(m);
    queue
        .dead_letter(&m.payload, reason, seq, delivered)
        .await?;
    m.ack().await.map_err(nats("acking a dead letter"))?;
    report.dead += 1;
    log(&format!(
        "message {seq} went to {}: {reason}",
        queue.config().dead_subject()
    ));
    Ok(())
}
