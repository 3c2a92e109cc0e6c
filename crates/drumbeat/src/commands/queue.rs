//! `drumbeat publish` and `drumbeat worker`: the NATS JetStream work queue
//! (`drumbeat_queue`), in builds with the `nats` feature.

use std::io::Write;

use anyhow::Result;

use super::Ctx;
use crate::{PublishArgs, WorkerArgs};

#[cfg(not(feature = "nats"))]
fn without_nats(command: &str) -> Result<i32> {
    anyhow::bail!(
        "`drumbeat {command}` needs the NATS work queue, which this drumbeat was built without: \
         build it with `cargo build --release -p drumbeat --features nats`"
    )
}

#[cfg(not(feature = "nats"))]
pub fn publish(_ctx: &Ctx, _a: PublishArgs, _out: &mut dyn Write) -> Result<i32> {
    without_nats("publish")
}

#[cfg(not(feature = "nats"))]
pub fn worker(_ctx: &Ctx, _a: WorkerArgs, _out: &mut dyn Write) -> Result<i32> {
    without_nats("worker")
}

#[cfg(feature = "nats")]
fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

#[cfg(feature = "nats")]
pub fn publish(_ctx: &Ctx, a: PublishArgs, out: &mut dyn Write) -> Result<i32> {
    use anyhow::Context;
    use drumbeat_queue::{publish_paths, report, Queue, QueueConfig};
    let cfg = QueueConfig::new(&a.nats, &a.stream)?;
    let opts = drumbeat_ingest::ReadOptions {
        max_bytes: a.max_bytes,
    };
    let r = runtime()?
        .block_on(async {
            let q = Queue::connect(cfg.clone()).await?;
            publish_paths(&q, &a.paths, &opts, |n| eprintln!("drumbeat: {n}")).await
        })
        .with_context(|| format!("cannot publish to {}", a.nats))?;
    if a.json {
        super::write_json(out, &r)?;
    } else {
        report::publish_summary(out, &r, &cfg)?;
    }
    Ok(r.exit_code())
}

#[cfg(feature = "nats")]
pub fn worker(ctx: &Ctx, a: WorkerArgs, out: &mut dyn Write) -> Result<i32> {
    use std::time::Duration;

    use drumbeat_queue::{report, run_worker, Queue, QueueConfig, Stop, WorkerOptions};
    anyhow::ensure!(a.batch > 0, "--batch must be at least 1");
    anyhow::ensure!(
        a.ack_wait.is_finite() && a.ack_wait >= 1.0,
        "--ack-wait must be at least 1 second"
    );
    anyhow::ensure!(a.max_deliver >= 1, "--max-deliver must be at least 1");
    let stop = match (a.once, a.idle_exit) {
        (true, _) => Stop::Drained,
        (false, Some(s)) => {
            anyhow::ensure!(
                s.is_finite() && s >= 0.0,
                "--idle-exit must be a number of seconds"
            );
            Stop::Idle(Duration::from_secs_f64(s))
        }
        (false, None) => Stop::Never,
    };
    let cfg = QueueConfig::new(&a.nats, &a.stream)?;
    let opts = WorkerOptions {
        batch: a.batch,
        ack_wait: Duration::from_secs_f64(a.ack_wait),
        max_deliver: a.max_deliver,
        stop,
        ..Default::default()
    };
    let mut store = super::open_store(&ctx.store)?;
    let r = runtime()?.block_on(async {
        let q = Queue::connect(cfg).await?;
        run_worker(&q, &ctx.k, &mut store, &opts, |l| {
            eprintln!("drumbeat: {l}")
        })
        .await
    })?;
    if a.json {
        super::write_json(out, &r)?;
    } else {
        report::worker_summary(out, &r, &ctx.store.display().to_string())?;
    }
    Ok(0)
}
