//! `drumbeat publish`: read articles with the ingest's readers and publish each to the
//! work stream.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use drumbeat_ingest::{discover, input_name, jsonl, read_input, Input, Notice, ReadOptions};
use drumbeat_model::Document;
use rayon::prelude::*;

use crate::{Queue, QueueError, ACK_BATCH};

/// What a publish run did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct PublishReport {
    pub inputs: u64,
    pub documents: u64,
    /// Articles the stream took.
    pub published: u64,
    /// Articles the stream dropped: their content id was published within the
    /// duplicate window.
    pub duplicates: u64,
    pub skipped: u64,
    pub warnings: u64,
    pub bytes: u64,
    pub seconds: f64,
    #[serde(skip)]
    pub notices: Vec<Notice>,
}

impl PublishReport {
    /// 0 when everything was published, 1 when something was skipped, 2 when nothing
    /// could be read (as `drumbeat ingest`).
    pub fn exit_code(&self) -> i32 {
        drumbeat_pipeline::exit_code(self.documents, self.skipped)
    }
}

/// What the reading thread hands to the publisher.
enum Item {
    Documents(Vec<Document>),
    Notice(Notice),
    Bytes(u64),
}

/// How many files are read (in parallel) at a time.
const READ_BATCH: usize = 256;

/// Read everything under `paths` (every format `drumbeat ingest` reads; a file that
/// cannot be read is skipped with a notice, handed to `notice` as it happens) and publish
/// each article. Reading runs on its own thread while the previous batch is published.
pub async fn publish_paths(
    queue: &Queue,
    paths: &[PathBuf],
    opts: &ReadOptions,
    mut notice: impl FnMut(&Notice),
) -> Result<PublishReport, QueueError> {
    let started = std::time::Instant::now();
    let (inputs, notices) = discover(paths);
    let mut report = PublishReport {
        inputs: inputs.len() as u64,
        ..Default::default()
    };
    for n in notices {
        record(&mut report, n, &mut notice);
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Item>(4);
    let opts = opts.clone();
    let reader = std::thread::spawn(move || read_all(inputs, &opts, &tx));
    let mut pending: Vec<Document> = Vec::new();
    while let Some(item) = rx.recv().await {
        match item {
            Item::Notice(n) => record(&mut report, n, &mut notice),
            Item::Bytes(b) => report.bytes += b,
            Item::Documents(docs) => {
                report.documents += docs.len() as u64;
                pending.extend(docs);
                if pending.len() >= ACK_BATCH {
                    let (p, d) = queue.publish_documents(&pending).await?;
                    report.published += p;
                    report.duplicates += d;
                    pending.clear();
                }
            }
        }
    }
    // The reader only stops early when the receiver is gone, which it is not here.
    let _ = reader.join();
    let (p, d) = queue.publish_documents(&pending).await?;
    report.published += p;
    report.duplicates += d;
    queue.flush().await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn record(report: &mut PublishReport, n: Notice, notice: &mut impl FnMut(&Notice)) {
    if n.skipped {
        report.skipped += 1;
    } else {
        report.warnings += 1;
    }
    notice(&n);
    report.notices.push(n);
}

fn is_jsonl(input: &Input) -> bool {
    matches!(input, Input::File(p) if matches!(p.extension().and_then(|e| e.to_str()), Some("jsonl") | Some("ndjson")))
}

/// The reading thread: files a batch at a time in parallel, JSONL files streamed (as
/// `drumbeat ingest` does: memory stays bounded whatever their size).
fn read_all(inputs: Vec<Input>, opts: &ReadOptions, tx: &tokio::sync::mpsc::Sender<Item>) {
    let send = |item: Item| tx.blocking_send(item).is_ok();
    let (streams, files): (Vec<Input>, Vec<Input>) = inputs.into_iter().partition(is_jsonl);
    for chunk in files.chunks(READ_BATCH) {
        let outcomes: Vec<_> = chunk
            .par_iter()
            .map(|input| {
                let size = match input {
                    Input::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
                    Input::Stdin => 0,
                };
                (read_input(input, opts), size)
            })
            .collect();
        let mut docs = Vec::new();
        for (out, size) in outcomes {
            if !send(Item::Bytes(size)) {
                return;
            }
            for n in out.notices {
                if !send(Item::Notice(n)) {
                    return;
                }
            }
            docs.extend(out.documents);
        }
        if !send(Item::Documents(docs)) {
            return;
        }
    }
    for input in &streams {
        let name = input_name(input);
        let Input::File(path) = input else { continue };
        let f = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                let n = Notice {
                    path: name,
                    line: None,
                    error: drumbeat_ingest::ReadError::Io(e.to_string()),
                    skipped: true,
                };
                if !send(Item::Notice(n)) {
                    return;
                }
                continue;
            }
        };
        if !send(Item::Bytes(f.metadata().map(|m| m.len()).unwrap_or(0))) {
            return;
        }
        let mut batch = Vec::new();
        let mut any = false;
        let mut open = true;
        jsonl::read_stream(&name, BufReader::new(f), opts, |r| {
            if !open {
                return;
            }
            any = true;
            match r {
                Ok(d) => {
                    batch.push(d);
                    if batch.len() >= ACK_BATCH {
                        open = send(Item::Documents(std::mem::take(&mut batch)));
                    }
                }
                Err(n) => open = send(Item::Notice(n)),
            }
        });
        if !open || !send(Item::Documents(batch)) {
            return;
        }
        if !any {
            let n = Notice {
                path: name,
                line: None,
                error: drumbeat_ingest::ReadError::Empty,
                skipped: true,
            };
            if !send(Item::Notice(n)) {
                return;
            }
        }
    }
}
