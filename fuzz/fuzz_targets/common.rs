// Shared invariant for every reader target: the reader never panics, and every
// document it yields survives cleaning with all spans valid in its text.
use drumbeat_ingest::ReadOutcome;

pub fn check(out: ReadOutcome) {
    for d in out.documents {
        assert!(!d.text.is_empty());
        assert_eq!(d.id, drumbeat_ingest::content_id(&d.text));
        if let Some(h) = d.header {
            assert!(h.is_valid_in(&d.text));
        }
        let text = d.text.clone();
        let c = drumbeat_nlp::clean(d);
        assert_eq!(c.clean_text().len(), text.len());
        for b in &c.boilerplate {
            assert!(b.span.is_valid_in(&text));
        }
        for s in &c.sentences {
            assert!(s.span.is_valid_in(&text));
        }
    }
}
