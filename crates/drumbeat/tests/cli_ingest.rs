//! The ingest command end to end: every reader on realistic fixtures, bad inputs named
//! one per line, exit codes 0 / 1 / 2, and re-ingest without duplicates.

mod common;
use common::*;

#[test]
fn seeds_become_two_documents() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    let Some(seeds) = seeds_dir() else { return };
    let o = drumbeat(&store, &["ingest", seeds.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = drumbeat(&store, &["docs", "--json"]);
    let docs: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    let dated = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().contains("000_"))
        .unwrap();
    assert_eq!(dated["published"], "2022-01-14");
    let kinds: Vec<(&str, &str)> = dated["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["kind"].as_str().unwrap(), b["text"].as_str().unwrap()))
        .collect();
    assert!(
        kinds.contains(&("image_credit", "(Image: AP)")),
        "{kinds:?}"
    );
    let undated = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().contains("001_"))
        .unwrap();
    assert!(undated["published"].is_null());
    assert_eq!(undated["outlet"], "CNN");
    let related: Vec<&str> = undated["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "related_link")
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(related.len(), 2, "{related:?}");
    assert!(related.iter().all(|r| r.starts_with("- ")));

    // Again: nothing new, and the same article read from a second path is one document.
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    for e in std::fs::read_dir(&seeds).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), copy.join(e.file_name())).unwrap();
    }
    let o = drumbeat(
        &store,
        &[
            "ingest",
            "--json",
            seeds.to_str().unwrap(),
            copy.to_str().unwrap(),
        ],
    );
    let rep: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(rep["inserted"], 0);
    assert_eq!(rep["existing"], 4);
    let o = drumbeat(&store, &["docs", "--json"]);
    let docs: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 2);
    let id = dated["id"].as_str().unwrap();
    let o = drumbeat(&store, &["show", &id[..10], "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(shown["origins"].as_array().unwrap().len(), 2);
    let o = drumbeat(&store, &["show", &id[..10]]);
    assert!(stdout(&o).contains("[[image_credit: (Image: AP)]]"));
}

#[test]
fn mixed_folder_reads_every_format_and_names_bad_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("m.db");
    let mixed = fixtures().join("mixed");
    let o = drumbeat(&store, &["ingest", "--json", mixed.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "some inputs were skipped: {err}");
    let rep: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // feed: 2 items, html: 1, jsonl: 3 good lines, txt: 1, Latin-1 txt: 1.
    assert_eq!(rep["documents"], 8, "{err}");
    for (needle, why) in [
        ("photo.png: binary file", "binary"),
        (
            "latin1.txt: not UTF-8 and no charset declared: read as windows-1252",
            "a guessed charset",
        ),
        ("empty.txt: empty file", "empty"),
        ("blank.txt: empty file", "blank"),
        ("aegean.jsonl:3: malformed JSON", "broken JSONL line"),
        (
            "aegean.jsonl:4: field `text` must be a string, not an array",
            "wrong type",
        ),
    ] {
        assert!(
            err.contains(needle),
            "expected a line about {why} ({needle}) in:\n{err}"
        );
    }
    assert_eq!(err.lines().count(), 6, "one line per bad input:\n{err}");

    let o = drumbeat(&store, &["docs", "--json"]);
    let docs: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let docs = docs.as_array().unwrap();
    let html = docs.iter().find(|d| d["format"] == "html").unwrap();
    assert_eq!(html["outlet"], "Vistula Daily");
    assert_eq!(html["published"], "2022-01-13");
    let html_id = html["id"].as_str().unwrap();
    let o = drumbeat(&store, &["show", html_id, "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let text = shown["document"]["document"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Polish minister warns of war risk in Europe\n\n"),
        "{text}"
    );
    for junk in [
        "Injected",
        "cookies",
        "Share",
        "Sign up",
        "Privacy",
        "Enable JavaScript",
        "Home",
    ] {
        assert!(!text.contains(junk), "{junk} leaked into {text}");
    }
    let feed: Vec<_> = docs.iter().filter(|d| d["format"] == "rss").collect();
    assert_eq!(feed.len(), 2);
    assert!(feed
        .iter()
        .all(|d| d["outlet"] == "Baltic Observer - World" && d["published"] == "2022-01-14"));
    let txt = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("balkans.txt"))
        .unwrap();
    let kinds: Vec<&str> = txt["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["date_header", "image_credit", "related_link"]);
}

#[test]
fn exit_two_when_nothing_could_be_done() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("n.db");
    let o = drumbeat(
        &store,
        &[
            "ingest",
            "/definitely/not/here",
            dir.path().join("nope.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/definitely/not/here: no such file or folder (skipped)"));
    // A store path that cannot be opened is an error too, not a panic: for a read command
    // one that does not exist, for an ingest one that cannot be made.
    let o = drumbeat(std::path::Path::new("/proc/nope/x.db"), &["docs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no store at /proc/nope/x.db"));
    let o = drumbeat(
        std::path::Path::new("/proc/nope/x.db"),
        &["ingest", examples_dir().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot open the store"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stdin_and_size_limit() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("i.db");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_drumbeat"))
        .args(["--store", store.to_str().unwrap(), "ingest", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"date 2022-03-01 Serbia and Kosovo leaders met in Brussels.")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = drumbeat(&store, &["docs", "--json"]);
    assert!(stdout(&o).contains("\"published\": \"2022-03-01\""));

    let big = dir.path().join("big.txt");
    std::fs::write(&big, "word ".repeat(1000)).unwrap();
    let o = drumbeat(
        &store,
        &["ingest", "--max-bytes", "100", big.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("5000 bytes, over the limit of 100 bytes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn examples_run_clean() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("e.db");
    let o = drumbeat(&store, &["ingest", examples_dir().to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the README's first command must exit 0: {}",
        stderr(&o)
    );
}

#[test]
fn min_confidence_filters_listings_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("c.db");
    let o = drumbeat(&store, &["ingest", examples_dir().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let count = |args: &[&str]| -> usize {
        let o = drumbeat(&store, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let v: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
        v.len()
    };
    let all = count(&["events", "--json"]);
    let none = count(&["events", "--json", "--min-confidence", "1"]);
    assert!(all > 0 && none == 0, "{all} {none}");
    // Every listed event is at least as confident as asked.
    let o = drumbeat(&store, &["events", "--json", "--min-confidence", "0.7"]);
    let v: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v
        .iter()
        .all(|e| e["confidence"].as_f64().unwrap() >= 0.7 - 1e-6));
    // The export streams the same filter.
    let o = drumbeat(
        &store,
        &["export", "--format", "jsonl", "--min-confidence", "1"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 0);
    // Out of range is the user's mistake, said plainly.
    let o = drumbeat(&store, &["events", "--min-confidence", "2"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("min-confidence"), "{}", stderr(&o));
}
