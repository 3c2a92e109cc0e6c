#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared/seeds` beside the repository, which CI provides. A public clone has no
/// `../shared`: then the tests that need the seed articles are skipped with a note, unless
/// `DRUMBEAT_REQUIRE_SHARED` is set (CI sets it, so there they always run).
/// `DRUMBEAT_TEST_NO_SHARED` pretends it is missing, to check that path.
pub fn seeds_dir() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let hidden = std::env::var_os("DRUMBEAT_TEST_NO_SHARED").is_some();
    if d.is_dir() && !hidden {
        return Some(d.canonicalize().unwrap());
    }
    assert!(
        std::env::var_os("DRUMBEAT_REQUIRE_SHARED").is_none(),
        "the seed articles are expected at {} (../shared/seeds beside the repo)",
        d.display()
    );
    eprintln!(
        "skipped: the seed articles are not at {} (../shared/seeds beside the repo)",
        d.display()
    );
    None
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
pub fn seed_documents() -> Option<Vec<(String, drumbeat_model::Document)>> {
    let (inputs, notices) = drumbeat_ingest::discover(&[seeds_dir()?]);
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
    Some(out)
}
