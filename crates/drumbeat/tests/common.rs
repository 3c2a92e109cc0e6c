#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared/seeds` beside the repository, which CI provides.
pub fn seeds_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        d.is_dir(),
        "the seed articles are expected at {} (../shared/seeds beside the repo)",
        d.display()
    );
    d.canonicalize().unwrap()
}

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Run the drumbeat binary with a store and arguments.
pub fn drumbeat(store: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_drumbeat"))
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("drumbeat runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The seed articles as documents, sorted by file name: (file name, document).
pub fn seed_documents() -> Vec<(String, drumbeat_model::Document)> {
    let (inputs, notices) = drumbeat_ingest::discover(&[seeds_dir()]);
    assert!(notices.is_empty(), "{notices:?}");
    let mut out = Vec::new();
    for i in &inputs {
        for d in drumbeat_ingest::read_input(i, &drumbeat_ingest::ReadOptions::default()).documents
        {
            let name = Path::new(&d.origin.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((name, d));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
