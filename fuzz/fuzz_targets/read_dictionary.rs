#![no_main]
//! The `--dictionary` readers: PETRARCH verb patterns, Phoenix actors and agents.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = drumbeat_code::dictionary::parse_verbs(&s, &Default::default());
    let _ = drumbeat_code::dictionary::parse_cameo2plover(&s);
    let a = drumbeat_nlp::phoenix::parse_actors(&s);
    assert!(a.entries.iter().all(|e| !e.names.is_empty() && !e.codes.is_empty()));
    let _ = drumbeat_nlp::phoenix::parse_agents(&s);
});
