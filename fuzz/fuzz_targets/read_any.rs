#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

// Format detection plus whichever reader it picks, on raw bytes (binary, bad UTF-8).
fuzz_target!(|data: &[u8]| {
    let opts = drumbeat_ingest::ReadOptions::default();
    common::check(drumbeat_ingest::read_bytes("fuzz", None, data, &opts));
});
