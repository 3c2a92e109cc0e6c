//! drumbeat's development tools, not the product: what the `eval`, `bench` and
//! `bench-serve` commands run. `eval` scores the pipeline against a gold file, `synth`
//! writes benchmark corpora (with their story and escalation keys), `bench` measures the
//! pipeline on one, and `loadgen` measures the server's latency and behaviour under load.
//!
//! The product (reading, coding, storing, serving, exporting) is `drumbeat-pipeline` and
//! the crates under it; nothing there depends on this crate. The CLI only parses a
//! command's flags and hands them here.

pub mod bench;
pub mod eval;
pub mod loadgen;
pub mod synth;
