//! Property: whatever the text, every span the cleaner and splitter report is a valid
//! byte range of the original, on char boundaries, and the clean text keeps offsets.

use drumbeat_nlp::clean;
use proptest::prelude::*;

fn article() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("date 2022-01-14 ".to_string()),
        Just("(Image: AP)".to_string()),
        Just("\n- Related headline about the talks\n".to_string()),
        Just("MOSCOW (Reuters) - ".to_string()),
        Just(" (CNN)".to_string()),
        Just("“Quoted, curly.” ".to_string()),
        Just("U.S. Dr. Jan. ".to_string()),
        Just("\n\n".to_string()),
        "[A-Za-z ,.!?'\"]{0,30}",
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn spans_fall_on_char_boundaries(text in article()) {
        let out = drumbeat_ingest::text::read("p.txt", &text);
        for d in out.documents {
            let original = d.text.clone();
            let c = clean(d);
            prop_assert_eq!(c.clean_text().len(), original.len());
            if let Some(h) = c.document.header {
                prop_assert!(h.is_valid_in(&original));
            }
            for b in &c.boilerplate {
                prop_assert!(b.span.is_valid_in(&original), "{:?}", b);
                prop_assert_eq!(b.span.text(&original), b.text.as_str());
            }
            let mut last = 0;
            for s in &c.sentences {
                prop_assert!(s.span.is_valid_in(&original), "{:?}", s);
                prop_assert!(s.span.start >= last);
                last = s.span.end;
            }
        }
    }
}
