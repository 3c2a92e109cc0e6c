//! Recognition on the seed articles (read from ../shared/seeds): the promises of the
//! recognition issue, checked one by one, plus a golden snapshot of the analysis.

mod common;

use drumbeat_model::Annotated;
use drumbeat_store::{PeopleQuery, QuoteQuery, SqliteStore, Store};
use serde_json::json;

fn seeds() -> Option<Vec<(String, Annotated)>> {
    let docs = common::seed_documents()?
        .into_iter()
        .map(|(name, d)| (name, drumbeat_pipeline::annotate(d)))
        .collect();
    Some(docs)
}

fn person<'a>(a: &'a Annotated, surname: &str) -> &'a drumbeat_model::Person {
    a.people
        .iter()
        .find(|p| p.name.ends_with(surname))
        .unwrap_or_else(|| panic!("{surname} not found: {:?}", a.people))
}

#[test]
fn seed_actors_numbers_dates_quotes() {
    let Some(docs) = seeds() else { return };
    let (a0, a1) = (&docs[0].1, &docs[1].1);
    // People and their codes.
    assert_eq!(person(a0, "Ryabkov").code, "RUSGOV");
    assert_eq!(person(a1, "Ryabkov").code, "RUSGOV");
    assert_eq!(
        person(a0, "Ryabkov").key,
        person(a1, "Ryabkov").key,
        "Sergei/Sergey merge"
    );
    assert_eq!(person(a0, "Carpenter").code, "USAGOV");
    assert_eq!(person(a1, "Carpenter").code, "USAGOV");
    assert_eq!(person(a0, "Biden").code, "USAGOV");
    assert_eq!(person(a0, "Putin").code, "RUSGOV");
    assert_eq!(person(a0, "Psaki").code, "USAGOV");
    assert_eq!(person(a0, "Ushakov").code, "RUSGOV");
    assert_eq!(person(a1, "Rau").code, "POLGOV");
    for a in [a0, a1] {
        assert!(a.actors.iter().any(|m| m.code == "NATO"));
        assert!(a.actors.iter().any(|m| m.code == "OSCE"));
    }
    // Numbers.
    let n0 = a0.numbers.iter().find(|n| n.text.contains("lakh")).unwrap();
    assert_eq!(
        (n0.value, n0.qualifier.as_deref(), n0.what.as_deref()),
        (Some(100000.0), Some("approximately"), Some("troops"))
    );
    let n1 = a1
        .numbers
        .iter()
        .find(|n| n.text.contains("100,000"))
        .unwrap();
    assert_eq!(
        (n1.value, n1.qualifier.as_deref(), n1.what.as_deref()),
        (Some(100000.0), Some("more than"), Some("troops"))
    );
    let tens = a1
        .numbers
        .iter()
        .find(|n| n.text.starts_with("tens of thousands"))
        .unwrap();
    assert_eq!(
        (tens.value, tens.low, tens.high),
        (None, Some(10000.0), Some(99999.0))
    );
    // Dates in 000.
    let t = |text: &str| {
        a0.times
            .iter()
            .find(|t| t.text == text)
            .and_then(|t| t.start.clone())
    };
    assert_eq!(t("Thursday").as_deref(), Some("2022-01-13"));
    assert_eq!(t("December 30").as_deref(), Some("2021-12-30"));
    // Undated 001: recognised, unresolved.
    assert!(a1
        .times
        .iter()
        .any(|t| t.text == "Thursday" && t.start.is_none()));
    // Quotes.
    let q = |a: &Annotated, words: &str| {
        a.quotes
            .iter()
            .find(|q| q.text.contains(words))
            .cloned()
            .unwrap_or_else(|| panic!("no quote with {words}"))
    };
    let who = |q: &drumbeat_model::Quote| {
        q.speaker
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    assert!(who(&q(a0, "drumbeat of war is sounding loud and")).ends_with("Carpenter"));
    assert!(who(&q(a1, "drumbeat of war is sounding loud and")).ends_with("Carpenter"));
    for a in [a0, a1] {
        let dead = q(a, "dead-end");
        assert!(who(&dead).ends_with("Ryabkov"));
        assert_eq!(dead.relay.as_deref(), Some("TASS"));
    }
    assert_eq!(who(&q(a0, "urged Russia to de-escalate")), "Jen Psaki");
    assert!(q(a0, "frustrated").fragment);
}

#[test]
fn people_merge_across_documents_in_the_store() {
    let mut store = SqliteStore::in_memory().unwrap();
    let Some(seed_docs) = seeds() else { return };
    let docs: Vec<drumbeat_model::Processed> = seed_docs
        .into_iter()
        .map(|d| {
            let coded = drumbeat_model::Coded {
                events: drumbeat_code::code(&d.1),
                annotated: d.1,
            };
            drumbeat_model::Processed {
                sketch: drumbeat_analyse::sketch(&coded),
                coded,
            }
        })
        .collect();
    store.put_documents(&docs).unwrap();
    let people = store
        .people(&PeopleQuery {
            name: Some("Ryabkov".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(people.len(), 1, "{people:?}");
    let r = &people[0];
    assert_eq!(r.documents, 2);
    assert!(
        r.variants.contains(&"Sergei Ryabkov".to_string())
            && r.variants.contains(&"Sergey Ryabkov".to_string())
    );
    assert!(r.evidence.iter().all(|e| e.end > e.start));
    let quotes = store
        .quotes(&QuoteQuery {
            speaker: Some("ryabkov".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(quotes.len() >= 2);
}

fn words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

#[test]
fn seed_analysis_snapshot() {
    let Some(seed_docs) = seeds() else { return };
    let out: Vec<_> = seed_docs
        .into_iter()
        .map(|(name, a)| {
            json!({
                "file": name,
                "people": a.people.iter().map(|p| json!({"key": p.key, "name": p.name, "variants": p.variants, "code": p.code, "title": p.title})).collect::<Vec<_>>(),
                "actors": a.actors.iter().map(|m| json!([m.code, m.text, m.span.start, m.span.end, m.sentence, m.basis])).collect::<Vec<_>>(),
                "places": a.places.iter().map(|p| json!([p.name, p.country, p.kind, p.text])).collect::<Vec<_>>(),
                "times": a.times.iter().map(|t| json!([t.text, t.start, t.end, t.granularity])).collect::<Vec<_>>(),
                "numbers": a.numbers.iter().map(|n| json!([n.text, n.value, n.low, n.high, n.qualifier, n.what])).collect::<Vec<_>>(),
                "quotes": a.quotes.iter().map(|q| json!({
                    "starts": words(&q.text, 6),
                    "span": [q.span.start, q.span.end],
                    "speaker": q.speaker.as_ref().map(|s| &s.name),
                    "code": q.speaker.as_ref().and_then(|s| s.code.clone()),
                    "relay": q.relay, "fragment": q.fragment, "basis": q.basis,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!("seed_analysis", out);
}
