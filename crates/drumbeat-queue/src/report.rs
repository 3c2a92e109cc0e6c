//! The text the `publish` and `worker` commands print.

use std::io::{self, Write};

use crate::{PublishReport, QueueConfig, WorkerReport};

/// `drumbeat publish`'s summary line.
pub fn publish_summary(out: &mut dyn Write, r: &PublishReport, q: &QueueConfig) -> io::Result<()> {
    writeln!(
        out,
        "read {} inputs ({:.1} MB): {} documents; published {}, {} already in the stream's duplicate window; {} skipped, {} warnings; {:.2}s; stream {} at {}",
        r.inputs,
        r.bytes as f64 / 1e6,
        r.documents,
        r.published,
        r.duplicates,
        r.skipped,
        r.warnings,
        r.seconds,
        q.stream,
        q.url
    )
}

/// `drumbeat worker`'s summary line.
pub fn worker_summary(out: &mut dyn Write, r: &WorkerReport, store: &str) -> io::Result<()> {
    let rate = if r.active_seconds > 0.0 {
        r.messages as f64 / r.active_seconds
    } else {
        0.0
    };
    writeln!(
        out,
        "coded {} messages in {} batches: {} new documents, {} already stored, {} to the dead-letter subject, {} redelivered, {} failed store writes; {:.2}s ({:.0} messages/s while working); store {}",
        r.messages,
        r.batches,
        r.inserted,
        r.existing,
        r.dead,
        r.redelivered,
        r.store_failures,
        r.seconds,
        rate,
        store
    )
}
