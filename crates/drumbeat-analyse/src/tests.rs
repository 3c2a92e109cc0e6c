//! Unit tests of the story stage on hand-built documents.

use super::*;
use drumbeat_model::{Annotated, CleanDoc, Document, PlaceMention, Quote, Span, Speaker};

fn doc(id: &str, published: Option<&str>, text: &str, person: &str, quote: &str) -> Coded {
    let d = Document::plain(id, &format!("{id}.txt"), text, published);
    let clean = CleanDoc {
        document: d,
        outlet: None,
        outlet_basis: None,
        boilerplate: vec![],
        sentences: vec![],
    };
    let people = vec![drumbeat_model::Person {
        key: format!("RUS:{person}:s"),
        name: person.into(),
        variants: vec![],
        country: Some("RUS".into()),
        role: Some(drumbeat_model::Role::Gov),
        title: None,
        code: "RUSGOV".into(),
    }];
    let quotes = vec![Quote {
        span: Span::new(0, 1),
        text: quote.into(),
        sentence: 0,
        speaker: Some(Speaker {
            name: person.into(),
            span: Span::new(0, 1),
            code: None,
            person: Some(0),
        }),
        relay: None,
        fragment: false,
        parts: vec![],
        basis: None,
    }];
    let places = vec![PlaceMention {
        span: Span::new(0, 1),
        text: "Vienna".into(),
        sentence: 0,
        name: "Vienna".into(),
        country: "AUT".into(),
        kind: "capital".into(),
        lat: 0.0,
        lon: 0.0,
    }];
    Coded {
        annotated: Annotated {
            doc: clean,
            actors: vec![],
            people,
            places,
            times: vec![],
            numbers: vec![],
            quotes,
        },
        events: vec![],
    }
}

#[test]
fn same_story_duplicates_and_a_week_apart() {
    let wire = "Russian envoy Sergei Ryabkov said the talks in Vienna had reached a dead end and that no new round was planned for now. \
                Western diplomats said the meetings of the week had failed to narrow the gap on security guarantees in Europe. \
                The delegations left the Austrian capital on Thursday evening without a joint statement, and officials on both \
                sides said they would report to their governments before deciding on any further contacts in the coming weeks.";
    let docs = vec![
        doc(
            "a",
            Some("2022-01-14"),
            wire,
            "riabkov",
            "a dead end with no way forward",
        ),
        doc(
            "b",
            None,
            &format!("{wire} Officials gave no further details."),
            "riabkov",
            "a dead end with no way forward",
        ),
        doc(
            "c",
            Some("2022-01-13"),
            "Another outlet wrote its own account of the Vienna talks with other words entirely.",
            "riabkov",
            "a dead end with no way forward",
        ),
        doc(
            "d",
            Some("2022-01-24"),
            "A week later a new crisis meeting was called in Vienna about something else.",
            "riabkov",
            "we are ready to talk again next month",
        ),
    ];
    let st = stories_of(&docs);
    assert_eq!(st.len(), 2, "{st:#?}");
    let first = st
        .iter()
        .find(|s| s.documents.len() == 3)
        .expect("a, b and c are one story");
    let b = first.documents.iter().find(|d| d.doc == "b").unwrap();
    assert_eq!(b.duplicate_of.as_deref(), Some("a"), "b republishes a");
    assert_eq!(b.inferred_date.as_deref(), Some("2022-01-14"));
    assert!(first
        .documents
        .iter()
        .find(|d| d.doc == "c")
        .unwrap()
        .duplicate_of
        .is_none());
    // Deterministic.
    assert_eq!(stories_of(&docs), st);
}

#[test]
fn an_undated_article_alone_takes_the_latest_full_date_it_names_as_past() {
    let read = |id: &str, text: &str| {
        let c = drumbeat_nlp::clean(Document::plain(id, &format!("{id}.txt"), text, None));
        Coded {
            annotated: drumbeat_nlp::recognise(&drumbeat_nlp::gazetteer::GAZETTEER, c),
            events: vec![],
        }
    };
    let a = read(
        "a",
        "Border talks collapse\n\nThe first round was held on March 2, 2021. Envoys of both countries left the talks on June 24, 2023 after six hours. They will meet again on July 30, 2023.",
    );
    let st = stories_of(&[a]);
    let d = &st[0].documents[0];
    assert_eq!(d.inferred_date.as_deref(), Some("2023-06-24"));
    assert!(d
        .inferred_basis
        .as_deref()
        .is_some_and(|b| b.contains("own text")));
    // Without a full date it stays undated.
    let b = read(
        "b",
        "Talks collapse\n\nEnvoys left the talks on Saturday after six hours.",
    );
    assert_eq!(stories_of(&[b])[0].documents[0].inferred_date, None);
}

#[test]
fn a_named_organisation_is_a_feature_of_the_happening() {
    use drumbeat_model::{ActorKind, ActorMention};
    let mut c = doc("o1", Some("2024-03-01"), "x", "Ivanov", "a b c d e");
    let org = |text: &str| ActorMention {
        span: Span::new(0, 1),
        text: text.into(),
        sentence: 0,
        kind: ActorKind::Organisation,
        code: "RUSMIL".into(),
        country: Some("RUS".into()),
        role: None,
        person: None,
        basis: "organisation".into(),
    };
    c.annotated.actors = vec![org("Wagner")];
    let with = sketch(&c).features;
    let mut other = c.clone();
    other.annotated.actors = vec![org("the Wagner")];
    // The article "the" does not make another organisation; another name does.
    assert_eq!(sketch(&other).features, with);
    other.annotated.actors = vec![org("Rosgvardia")];
    assert_ne!(sketch(&other).features, with);
}
