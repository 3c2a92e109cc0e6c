//! Crash safety: kill `drumbeat ingest` with SIGKILL at many points; the store must stay
//! consistent, never lose a committed document, never hold a duplicate, and a re-run
//! must finish the job.

mod common;

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::time::Duration;

use drumbeat_store::{check, DocQuery, SqliteStore, Store};

fn ids(store: &std::path::Path) -> HashSet<String> {
    let s = SqliteStore::open(store).unwrap();
    let problems = check(&s).unwrap();
    assert!(
        problems.is_empty(),
        "store inconsistent after a kill: {problems:?}"
    );
    let docs = s.documents(&DocQuery::default()).unwrap();
    let set: HashSet<String> = docs.iter().map(|d| d.doc.document.id.clone()).collect();
    assert_eq!(set.len(), docs.len(), "duplicate documents");
    set
}

#[test]
fn killed_ingest_leaves_store_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let n = 3000;
    for i in 0..n {
        let text = format!(
            "date 2022-01-{:02} Officials from country {i} met envoys of country {} on Thursday, the ministry said. (Image: AP)\n\nThe talks, number {i}, ended without agreement.\n",
            1 + i % 28,
            i + 1
        );
        std::fs::write(corpus.join(format!("{i:05}.txt")), text).unwrap();
    }
    let store = dir.path().join("crash.db");
    let mut seen: HashSet<String> = HashSet::new();
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut kills = 0;
    for round in 0..12 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = 5 + (seed >> 33) % 120;
        let mut child = Command::new(env!("CARGO_BIN_EXE_drumbeat"))
            .args([
                "--store",
                store.to_str().unwrap(),
                "ingest",
                corpus.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix
            kills += 1;
        }
        child.wait().unwrap();
        let now = ids(&store);
        assert!(
            seen.is_subset(&now),
            "round {round}: a committed document was lost"
        );
        seen = now;
    }
    assert!(kills > 0, "no run was killed: make the corpus larger");
    let o = common::drumbeat(&store, &["ingest", corpus.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let all = ids(&store);
    assert_eq!(all.len(), n, "the re-run finished the job");
}
