#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let opts = drumbeat_ingest::ReadOptions { max_bytes: 4096 };
    common::check(drumbeat_ingest::jsonl::read("fuzz", data, &opts));
});
