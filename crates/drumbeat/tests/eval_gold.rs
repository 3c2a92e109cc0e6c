//! Accuracy regression guards: `drumbeat eval` on the project's own gold articles
//! (`bench/gold/`, written for this repo) and on the PLOVER gold-standard records in
//! `../shared/bench/plover-gsr`. The thresholds sit a little below today's figures, so a
//! change that makes coding worse fails here; the figures themselves are in BENCHMARKS.md.

mod common;

use std::path::PathBuf;

fn eval(gold: &std::path::Path, articles: &std::path::Path) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let o = common::drumbeat(
        &dir.path().join("x.db"),
        &[
            "eval",
            gold.to_str().unwrap(),
            articles.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    serde_json::from_str(&common::stdout(&o)).unwrap()
}

#[test]
fn own_gold_articles() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/gold");
    let r = eval(&root.join("gold.jsonl"), &root.join("articles"));
    assert_eq!(r["documents"], 6);
    assert_eq!(r["forbidden"], 0, "{}", r["false_alarms"]);
    let f1 = r["events"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.72, "event F1 {f1} on bench/gold");
    assert_eq!(r["quotes"]["speaker_accuracy"], 1.0);
}

#[test]
fn plover_gold_standard_records() {
    let root = common::seeds_dir().join("../bench/plover-gsr");
    let r = eval(&root.join("plover-gsr.gold.jsonl"), &root.join("articles"));
    assert_eq!(r["documents"], 322);
    let f1 = r["events"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.69, "event F1 {f1} on the PLOVER GSR");
}
