//! The work queue against a real nats-server on 127.0.0.1 (see `common`): workers store
//! every article exactly once, equal to a plain ingest; re-sends add nothing; a bad
//! message goes to the dead-letter subject; a worker that dies before acking loses
//! nothing.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::NatsServer;
use drumbeat_ingest::ReadOptions;
use drumbeat_pipeline::Knowledge;
use drumbeat_queue::{
    publish_paths, pull_batch, run_worker, Queue, QueueConfig, Stop, WorkerOptions, WorkerReport,
};
use drumbeat_store::{EventQuery, SqliteStore, Store};

fn corpus(dir: &Path, n: usize, seed: u64) -> PathBuf {
    let d = dir.join("corpus");
    drumbeat_devtools::synth::write_corpus(&d, n, seed).expect("the corpus is written");
    d
}

async fn queue(server: &NatsServer) -> Queue {
    Queue::connect(QueueConfig::new(&server.url, "TEST").unwrap())
        .await
        .expect("connected")
}

async fn publish(q: &Queue, path: &Path) -> drumbeat_queue::PublishReport {
    publish_paths(q, &[path.to_path_buf()], &ReadOptions::default(), |n| {
        panic!("unexpected notice: {n}")
    })
    .await
    .expect("published")
}

fn opts(ack_wait: Duration) -> WorkerOptions {
    WorkerOptions {
        batch: 32,
        ack_wait,
        max_deliver: 5,
        stop: Stop::Drained,
        pull_wait: Duration::from_millis(300),
    }
}

/// One worker on its own task, with its own connection and store connection, until the
/// stream is drained.
fn spawn_worker(
    url: String,
    store: PathBuf,
    o: WorkerOptions,
) -> tokio::task::JoinHandle<WorkerReport> {
    tokio::spawn(async move {
        let q = Queue::connect(QueueConfig::new(&url, "TEST").unwrap())
            .await
            .expect("connected");
        let mut s = SqliteStore::open(&store).expect("store");
        run_worker(&q, &Knowledge::shipped(), &mut s, &o, |l| {
            eprintln!("worker: {l}")
        })
        .await
        .expect("the worker ran")
    })
}

/// Every event of a store (all modalities) as JSON, sorted: comparable across stores.
fn all_events(store: &SqliteStore) -> Vec<String> {
    let mut v: Vec<String> = store
        .events(&EventQuery {
            all_modalities: true,
            ..Default::default()
        })
        .unwrap()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    v.sort();
    v
}

/// Every story as its sorted document ids, sorted.
fn story_docs(store: &SqliteStore) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = store
        .stories(&Default::default())
        .unwrap()
        .iter()
        .map(|s| {
            let mut d: Vec<String> = s.documents.iter().map(|d| d.doc.clone()).collect();
            d.sort();
            d
        })
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_store_each_article_once_as_ingest_does() {
    let Some(server) = NatsServer::start() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = corpus(tmp.path(), 300, 11);
    let q = queue(&server).await;
    let p = publish(&q, &dir).await;
    assert_eq!(p.inputs, 300);
    assert_eq!(p.published + p.duplicates, 300);
    assert_eq!(p.skipped, 0);

    let fleet = tmp.path().join("fleet.db");
    // Create the store before the workers race to.
    drop(SqliteStore::open(&fleet).unwrap());
    let a = spawn_worker(
        server.url.clone(),
        fleet.clone(),
        opts(Duration::from_secs(30)),
    );
    let b = spawn_worker(
        server.url.clone(),
        fleet.clone(),
        opts(Duration::from_secs(30)),
    );
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    eprintln!("worker a: {a:?}\nworker b: {b:?}");
    assert_eq!(a.messages + b.messages, p.published);
    assert_eq!(a.inserted + b.inserted, p.published);
    assert_eq!(a.dead + b.dead, 0);
    assert_eq!(q.waiting().await.unwrap(), 0);

    let single = tmp.path().join("single.db");
    let mut s = SqliteStore::open(&single).unwrap();
    let r = tokio::task::block_in_place(|| {
        drumbeat_pipeline::ingest(
            std::slice::from_ref(&dir),
            &mut s,
            &ReadOptions::default(),
            &drumbeat_pipeline::Quiet,
        )
    })
    .unwrap();
    let mut f = SqliteStore::open(&fleet).unwrap();
    assert_eq!(f.count_documents().unwrap(), r.inserted);
    assert_eq!(s.count_documents().unwrap(), r.inserted);
    let events = all_events(&s);
    assert!(!events.is_empty());
    assert_eq!(all_events(&f), events);
    // The cross-document stage from the fleet's store: the same stories.
    assert!(!f.analysis_current().unwrap());
    tokio::task::block_in_place(|| drumbeat_pipeline::analyse_store(&mut f)).unwrap();
    assert_eq!(story_docs(&f), story_docs(&s));
    assert!(drumbeat_store::check(&f).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn publishing_again_stores_nothing_new() {
    let Some(server) = NatsServer::start() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = corpus(tmp.path(), 60, 5);
    let q = queue(&server).await;
    let first = publish(&q, &dir).await;
    assert!(first.published > 0);
    let store = tmp.path().join("s.db");
    let w = spawn_worker(
        server.url.clone(),
        store.clone(),
        opts(Duration::from_secs(30)),
    )
    .await
    .unwrap();
    assert_eq!(w.inserted, first.published);

    // The same folder again: the duplicate window drops every article.
    let again = publish(&q, &dir).await;
    assert_eq!(again.published, 0);
    assert_eq!(again.duplicates, 60);
    assert_eq!(q.waiting().await.unwrap(), 0);

    // Sent past the window (no message id): the store's upsert keeps one copy.
    let s = SqliteStore::open(&store).unwrap();
    let docs = s.documents(&Default::default()).unwrap();
    for a in &docs {
        let payload = serde_json::to_vec(&a.doc.document).unwrap();
        assert!(!q.publish_raw(payload, None).await.unwrap());
    }
    let w = spawn_worker(
        server.url.clone(),
        store.clone(),
        opts(Duration::from_secs(30)),
    )
    .await
    .unwrap();
    assert_eq!(w.inserted, 0);
    assert_eq!(w.existing, docs.len() as u64);
    assert_eq!(s.count_documents().unwrap(), first.published);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_messages_go_to_the_dead_letter_subject() {
    let Some(server) = NatsServer::start() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = corpus(tmp.path(), 20, 3);
    let q = queue(&server).await;
    q.publish_raw(b"{this is not json".to_vec(), None)
        .await
        .unwrap();
    // A document whose id is not its text's.
    let mut forged =
        drumbeat_model::Document::plain(&"0".repeat(32), "x.txt", "Troops crossed.", None);
    forged.outlet = Some("Nowhere".into());
    q.publish_raw(serde_json::to_vec(&forged).unwrap(), None)
        .await
        .unwrap();
    let p = publish(&q, &dir).await;

    let store = tmp.path().join("s.db");
    let w = spawn_worker(
        server.url.clone(),
        store.clone(),
        opts(Duration::from_secs(30)),
    )
    .await
    .unwrap();
    assert_eq!(w.dead, 2);
    assert_eq!(w.inserted, p.published);
    assert_eq!(
        q.waiting().await.unwrap(),
        0,
        "nothing is left blocking the queue"
    );

    let dead = q.dead_letters().await.unwrap();
    assert_eq!(dead.len(), 2, "{dead:?}");
    assert_eq!(dead[0].payload, b"{this is not json");
    assert!(
        dead[0].reason.contains("not a drumbeat document"),
        "{:?}",
        dead[0]
    );
    assert_eq!(dead[0].deliveries, Some(1));
    assert!(dead[0].sequence.is_some());
    assert!(dead[1].reason.contains("content id"), "{:?}", dead[1]);
    let s = SqliteStore::open(&store).unwrap();
    assert_eq!(s.count_documents().unwrap(), p.published);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_worker_dying_before_its_acks_loses_nothing_and_duplicates_nothing() {
    let Some(server) = NatsServer::start() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = corpus(tmp.path(), 200, 23);
    let q = queue(&server).await;
    let p = publish(&q, &dir).await;
    let store = tmp.path().join("s.db");
    let ack_wait = Duration::from_secs(2);

    // The worker that dies: it pulls 50 messages, stores the first 20 (committed), and is
    // gone before acking any of them.
    {
        let consumer = q.consumer(ack_wait, 5).await.unwrap();
        let held = pull_batch(&consumer, 50, Duration::from_secs(2))
            .await
            .unwrap();
        assert_eq!(held.len(), 50);
        let k = Knowledge::shipped();
        let coded: Vec<_> = held[..20]
            .iter()
            .map(|m| {
                drumbeat_pipeline::process_with(&k, drumbeat_queue::decode(&m.payload).unwrap())
            })
            .collect();
        let mut s = SqliteStore::open(&store).unwrap();
        assert_eq!(s.put_documents(&coded).unwrap().inserted, 20);
        drop(held);
    }

    let a = spawn_worker(server.url.clone(), store.clone(), opts(ack_wait));
    let b = spawn_worker(server.url.clone(), store.clone(), opts(ack_wait));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    eprintln!("worker a: {a:?}\nworker b: {b:?}");
    assert!(a.redelivered + b.redelivered >= 50);
    assert_eq!(a.inserted + b.inserted, p.published - 20);
    assert_eq!(a.existing + b.existing, 20);
    assert_eq!(q.waiting().await.unwrap(), 0);
    let s = SqliteStore::open(&store).unwrap();
    assert_eq!(s.count_documents().unwrap(), p.published);
    assert!(drumbeat_store::check(&s).unwrap().is_empty());
}
