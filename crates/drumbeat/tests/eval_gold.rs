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
    let Some(seeds) = common::seeds_dir() else {
        return;
    };
    let root = seeds.join("../bench/plover-gsr");
    let r = eval(&root.join("plover-gsr.gold.jsonl"), &root.join("articles"));
    assert_eq!(r["documents"], 322);
    let f1 = r["events"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.69, "event F1 {f1} on the PLOVER GSR");
}

/// Multi-outlet stories (`bench/stories/`, written for this repo): one happening told by
/// three outlets plus a republished copy and an undated digest, the same crisis a week
/// later, and unrelated stories on the same days that share an actor. Prints the
/// pairwise clustering figures.
#[test]
fn multi_outlet_stories() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/stories");
    let r = eval(&root.join("gold.jsonl"), &root.join("articles"));
    assert_eq!(r["documents"], 9);
    let s = &r["stories"];
    println!(
        "story clustering on bench/stories: pairwise precision {} recall {} F1 {} ({} stories found)",
        s["pairwise_precision"], s["pairwise_recall"], s["pairwise_f1"], s["stories_found"]
    );
    assert!(s["pairwise_precision"].as_f64().unwrap() >= 0.99, "{s}");
    assert!(s["pairwise_recall"].as_f64().unwrap() >= 0.99, "{s}");
    assert_eq!(r["dating"]["within_one_day"], 1, "{}", r["dating"]);
    assert_eq!(r["forbidden"], 0, "{}", r["false_alarms"]);
}

/// The same fixtures through `ingest` and `story`: the republished copy is linked to the
/// wire story and counts once, outlets come from credits the outlet table does not know,
/// the crisis a week later is its own story, and the undated digest gets its date with
/// its basis.
#[test]
fn stored_stories_link_duplicates_and_keep_crises_apart() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/stories/articles");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    // With the examples beside them: one of them tells an older, very similar incident
    // at the same shoal, which the undated digest must not join.
    let examples = common::examples_dir();
    let o = common::drumbeat(
        &store,
        &["ingest", root.to_str().unwrap(), examples.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let o = common::drumbeat(&store, &["stories", "--json"]);
    let stories: serde_json::Value = serde_json::from_str(&common::stdout(&o)).unwrap();
    let stories = stories.as_array().unwrap();
    let story_of = |file: &str| {
        stories
            .iter()
            .position(|s| {
                s["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["path"].as_str().unwrap().ends_with(file))
            })
            .unwrap()
    };
    let shoal = story_of("01_shoal_pacific_wire.txt");
    for f in [
        "02_shoal_harbour_times.txt",
        "03_shoal_wire_republished.txt",
        "04_shoal_undated_digest.txt",
    ] {
        assert_eq!(story_of(f), shoal, "{f} belongs to the water-cannon story");
    }
    for f in [
        "05_shoal_envoy_summoned.txt",
        "07_china_russia_talks.txt",
        "09_india_nepal_power.txt",
    ] {
        assert_ne!(story_of(f), shoal, "{f} is another story");
    }
    assert_eq!(
        story_of("07_china_russia_talks.txt"),
        story_of("08_china_russia_talks_tass.txt")
    );
    let st = &stories[shoal];
    let docs = st["documents"].as_array().unwrap();
    let by_file = |f: &str| {
        docs.iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(f))
            .unwrap()
    };
    let wire = by_file("01_shoal_pacific_wire.txt");
    assert_eq!(wire["outlet"], "Pacific Wire");
    assert_eq!(
        by_file("02_shoal_harbour_times.txt")["outlet"],
        "Harbour Times"
    );
    assert_eq!(
        by_file("03_shoal_wire_republished.txt")["duplicate_of"],
        wire["doc"],
        "the republished copy points at the wire story"
    );
    let digest = by_file("04_shoal_undated_digest.txt");
    assert_eq!(digest["inferred_date"], "2024-03-06");
    assert!(digest["inferred_basis"]
        .as_str()
        .unwrap()
        .contains("Wednesday"));
    // Merged events never count the republished copy as a second source.
    for e in st["events"].as_array().unwrap() {
        let docs: std::collections::HashSet<&str> = e["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["doc"].as_str().unwrap())
            .collect();
        let copies = docs.contains(wire["doc"].as_str().unwrap())
            && docs.contains(
                by_file("03_shoal_wire_republished.txt")["doc"]
                    .as_str()
                    .unwrap(),
            );
        assert_eq!(
            e["sources"].as_u64().unwrap() as usize,
            docs.len() - copies as usize,
            "{e}"
        );
    }
}
