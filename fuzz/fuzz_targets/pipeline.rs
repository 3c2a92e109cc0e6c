#![no_main]
use libfuzzer_sys::fuzz_target;

// The whole per-document pipeline on arbitrary text: cleaning, recognition, event coding
// and the story sketch. Nothing panics, every span of every stage is a valid byte range
// of the text, and the story stage accepts the sketch.
fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.trim().is_empty() {
        return;
    }
    let doc = drumbeat_model::Document::plain("fuzz", "fuzz.txt", text, Some("2022-01-14"));
    let a = drumbeat_nlp::recognise(&drumbeat_nlp::gazetteer::GAZETTEER, drumbeat_nlp::clean(doc));
    let t = &a.doc.document.text;
    for m in &a.actors {
        assert!(m.span.is_valid_in(t));
    }
    for p in &a.places {
        assert!(p.span.is_valid_in(t));
    }
    for x in &a.times {
        assert!(x.span.is_valid_in(t));
    }
    for n in &a.numbers {
        assert!(n.span.is_valid_in(t));
    }
    for q in &a.quotes {
        assert!(q.span.is_valid_in(t));
        assert!(q.parts.iter().all(|p| p.is_valid_in(t)));
    }
    let events = drumbeat_code::code(&a);
    for e in &events {
        assert!(e.trigger.is_valid_in(t) && e.evidence.is_valid_in(t));
        assert!(e.evidence.contains(&e.trigger));
    }
    let coded = drumbeat_model::Coded { annotated: a, events };
    let sketch = drumbeat_analyse::sketch(&coded);
    let stories = drumbeat_analyse::stories(vec![sketch]);
    assert_eq!(stories.len(), 1);
});
