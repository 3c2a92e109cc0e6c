//! `--dictionary` on the field's own dictionaries (`../shared/dict`: PETRARCH2's CAMEO
//! verb patterns, the Phoenix actor and agent dictionaries, CAMEO→PLOVER). A clone
//! without `../shared` beside it skips this test with a note.

use std::path::PathBuf;

fn shared_dict() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dict");
    p.join("petrarch2").is_dir().then_some(p)
}

fn codes(k: &drumbeat_pipeline::Knowledge, text: &str, date: &str) -> (Vec<String>, Vec<String>) {
    let d =
        drumbeat_model::Document::plain(&drumbeat_ingest::content_id(text), "t", text, Some(date));
    let c = drumbeat_pipeline::run_with(k, d);
    let actors = c.annotated.actors.iter().map(|m| m.code.clone()).collect();
    let events = c
        .events
        .iter()
        .map(|e| format!("{} {}", e.event_type, e.cameo))
        .collect();
    (actors, events)
}

#[test]
fn petrarch_and_phoenix_dictionaries() {
    let Some(dir) = shared_dict() else {
        eprintln!("../shared/dict not found: skipped");
        return;
    };
    let d = drumbeat_pipeline::load_dictionary(&dir).unwrap();
    let stats = d.verb_stats().unwrap().clone();
    assert!(stats.verbs > 500 && stats.patterns > 10_000, "{stats:?}");
    assert!(d.actors.actors.len() > 20_000 && d.actors.agents.len() > 1_000);
    // Typos in the real files are left out and named, not fatal.
    assert!(d
        .files
        .iter()
        .any(|f| f.skipped_lines > 0 && f.first_problems[0].starts_with("line ")));
    let g =
        drumbeat_nlp::gazetteer::Gazetteer::build_with(Vec::new(), Vec::new(), &d.actors).unwrap();
    let lex = drumbeat_code::lexicon::with_dictionary(d.verbs.unwrap());
    let k = drumbeat_pipeline::Knowledge {
        gazetteer: &g,
        lexicon: &lex,
    };
    let shipped = drumbeat_pipeline::Knowledge::shipped();

    // An office holder only the dictionary knows, read as of the article's date.
    let s = "Mullah Mohammad Rabbani said the talks would go on.";
    assert!(codes(&k, s, "1998-03-02").0.contains(&"AFGGOV".to_string()));
    assert!(!codes(&k, s, "2010-03-02").0.contains(&"AFGGOV".to_string()));
    assert!(!codes(&shipped, s, "1998-03-02")
        .0
        .contains(&"AFGGOV".to_string()));

    // A verb only the dictionary has.
    let v = "China mocked Japan on Monday.";
    assert!(codes(&k, v, "2020-01-01")
        .1
        .contains(&"ACCUSE 111".to_string()));
    assert!(codes(&shipped, v, "2020-01-01").1.is_empty());

    // drumbeat's own readings keep precedence.
    let t = "Russia imposed sanctions on Ukraine on Monday.";
    assert_eq!(
        codes(&k, t, "2020-01-01").1,
        codes(&shipped, t, "2020-01-01").1
    );
}
