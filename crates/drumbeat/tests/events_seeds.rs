//! Event coding on the seed articles: the required events, nothing from boilerplate, no
//! invasion reported as having happened, `drumbeat eval` output, and a golden snapshot.

mod common;

use drumbeat_model::{Event, Modality};
use serde_json::json;

fn seed_events() -> Option<Vec<(String, Vec<Event>)>> {
    let docs = common::seed_documents()?
        .into_iter()
        .map(|(name, d)| {
            (
                name,
                drumbeat_pipeline::run_with(&drumbeat_pipeline::Knowledge::shipped(), d).events,
            )
        })
        .collect();
    Some(docs)
}

fn country(a: &Option<drumbeat_model::EventActor>) -> &str {
    a.as_ref().and_then(|x| x.country.as_deref()).unwrap_or("-")
}

fn has(evs: &[Event], src: &str, ty: &str, tgt: &[&str]) -> bool {
    evs.iter().any(|e| {
        e.modality == Modality::Asserted
            && e.event_type == ty
            && (country(&e.source) == src
                || e.source
                    .as_ref()
                    .is_some_and(|s| s.also.iter().any(|a| a == src)))
            && tgt.contains(&country(&e.target))
    })
}

#[test]
fn required_events_and_nothing_forbidden() {
    let Some(docs) = seed_events() else { return };
    let (e0, e1) = (&docs[0].1, &docs[1].1);
    assert!(has(e0, "USA", "CONSULT", &["RUS"]));
    assert!(has(e0, "RUS", "MOBILIZE", &["UKR"]));
    assert!(has(e0, "RUS", "REQUEST", &["USA", "NATO"]));
    assert!(has(e0, "USA", "REJECT", &["RUS"]) || has(e0, "NATO", "REJECT", &["RUS"]));
    assert!(has(e0, "USA", "THREATEN", &["RUS"]));
    let consult_dec30 = e0
        .iter()
        .find(|e| e.event_type == "CONSULT" && e.date.as_deref() == Some("2021-12-30"))
        .expect("the call of December 30");
    assert_eq!(consult_dec30.mode.as_deref(), Some("phone"));
    let threat = e0
        .iter()
        .find(|e| e.event_type == "THREATEN" && e.modality == Modality::Asserted)
        .unwrap();
    assert_eq!(
        (threat.mode.as_deref(), threat.date.as_deref()),
        (Some("sanctions"), Some("2021-12-30"))
    );
    let vienna = e0
        .iter()
        .find(|e| e.event_type == "CONSULT" && e.date.as_deref() == Some("2022-01-13"))
        .unwrap();
    assert_eq!(vienna.date.as_deref(), Some("2022-01-13"));
    assert!(has(e1, "RUS", "MOBILIZE", &["UKR"]));
    assert_eq!(
        e1.iter()
            .filter(|e| e.event_type == "MOBILIZE" && e.modality == Modality::Asserted)
            .count(),
        2,
        "build-up and live-fire exercises"
    );
    for (_, evs) in &docs {
        // An invasion is threatened and denied, never reported as having happened.
        assert!(!evs.iter().any(|e| e.modality == Modality::Asserted
            && e.event_type == "ASSAULT"
            && country(&e.source) == "RUS"));
        // Related-link headlines yield nothing.
        assert!(!evs
            .iter()
            .any(|e| e.evidence_text.contains("Italian foreign ministers")
                || e.evidence_text.contains("experts urge")));
        for e in evs {
            assert!(e.evidence.contains(&e.trigger));
            assert!((-10.0..=10.0).contains(&e.goldstein));
        }
    }
}

#[test]
fn eval_command_on_the_seed_gold() {
    let Some(seeds) = common::seeds_dir() else {
        return;
    };
    let gold = seeds.join("../bench/seeds.gold.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let o = common::drumbeat(
        &dir.path().join("x.db"),
        &[
            "eval",
            gold.to_str().unwrap(),
            seeds.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&common::stdout(&o)).unwrap();
    for key in [
        "documents",
        "events",
        "forbidden",
        "quotes",
        "numbers",
        "stories",
        "dating",
        "misses",
        "false_alarms",
    ] {
        assert!(r.get(key).is_some(), "eval --json lacks {key}");
    }
    assert_eq!(r["documents"], 2);
    assert_eq!(r["forbidden"], 0);
    assert_eq!(
        r["events"]["recall"], 1.0,
        "every required seed event: {}",
        r["misses"]
    );
    assert!(r["events"]["precision"].as_f64().unwrap() >= 0.8);
    assert_eq!(r["quotes"]["speaker_accuracy"], 1.0);
    // The two seeds are one story, and the undated one is dated from it (within a day).
    assert_eq!(r["stories"]["pairwise_recall"], 1.0);
    assert_eq!(r["stories"]["pairwise_precision"], 1.0);
    assert_eq!(r["dating"]["undated"], 1);
    assert_eq!(r["dating"]["within_one_day"], 1);
}

#[test]
fn seed_story_merges_events_from_both_outlets() {
    let Some(seed_docs) = common::seed_documents() else {
        return;
    };
    let docs: Vec<drumbeat_model::Coded> = seed_docs
        .into_iter()
        .map(|(_, d)| drumbeat_pipeline::run_with(&drumbeat_pipeline::Knowledge::shipped(), d))
        .collect();
    let stories = drumbeat_analyse::stories_of(&docs);
    assert_eq!(stories.len(), 1);
    let st = &stories[0];
    let two = |ty: &str| {
        st.events
            .iter()
            .any(|e| e.event_type == ty && e.sources == 2)
    };
    for ty in ["CONSULT", "MOBILIZE", "REQUEST", "REJECT"] {
        assert!(
            two(ty),
            "{ty} should be told by both documents: {:#?}",
            st.events
        );
    }
    let undated = st.documents.iter().find(|d| d.published.is_none()).unwrap();
    assert!(matches!(
        undated.inferred_date.as_deref(),
        Some("2022-01-13") | Some("2022-01-14")
    ));
    assert!(undated.inferred_basis.is_some());
    // Its "Thursday" is resolved against the inferred date, and its meeting is dated.
    assert!(
        undated
            .resolved_dates
            .iter()
            .any(|r| r.text == "Thursday" && r.start == "2022-01-13"),
        "{:?}",
        undated.resolved_dates
    );
}

#[test]
fn seed_events_snapshot() {
    let Some(events) = seed_events() else { return };
    let out: Vec<_> = events
        .into_iter()
        .map(|(name, evs)| {
            json!({
                "file": name,
                "events": evs.iter().map(|e| json!({
                    "type": e.event_type, "mode": e.mode, "cameo": e.cameo, "goldstein": e.goldstein, "quad": e.quad_class,
                    "modality": e.modality, "source": e.source.as_ref().map(|s| &s.code), "target": e.target.as_ref().map(|t| &t.code),
                    "date": e.date, "date_basis": e.date_basis, "trigger": e.trigger_text, "at": [e.trigger.start, e.trigger.end], "sentence": e.sentence,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!("seed_events", out);
}

#[test]
fn stories_and_watch_commands_on_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("w.db");
    let Some(seeds) = common::seeds_dir() else {
        return;
    };
    let o = common::drumbeat(&store, &["ingest", seeds.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let o = common::drumbeat(&store, &["stories", "--json"]);
    let stories: serde_json::Value = serde_json::from_str(&common::stdout(&o)).unwrap();
    assert_eq!(stories.as_array().unwrap().len(), 1);
    let id = stories[0]["id"].as_str().unwrap();
    let o = common::drumbeat(&store, &["story", &id[..8]]);
    assert!(
        common::stdout(&o).contains("2 source(s)"),
        "{}",
        common::stdout(&o)
    );
    let o = common::drumbeat(&store, &["watch", "--dyad", "UKR-RUS", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let w: serde_json::Value = serde_json::from_str(&common::stdout(&o)).unwrap();
    let series = w["series"].as_array().unwrap();
    assert!(!series.is_empty());
    assert!(series.iter().all(|d| d["dyad"] == "RUS-UKR"));
    assert!(series
        .iter()
        .any(|d| d["by_type"]["MOBILIZE"].as_u64().unwrap_or(0) >= 1));
    assert!(w["alerts"].is_array());
}
