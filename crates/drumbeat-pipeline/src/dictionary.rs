//! What the pipeline knows — the gazetteer and the trigger lexicon — and a user's own
//! dictionaries in the PETRARCH/TABARI formats, read at run time with
//! `drumbeat --dictionary DIR` and merged with the shipped data.
//!
//! In `DIR` and its folders one level down, files are told by name:
//! - `CAMEO*.txt` (not `CAMEO2PLOVER*`): a verb-pattern dictionary
//!   ([`drumbeat_code::dictionary`]);
//! - `CAMEO2PLOVER*.txt`: the CAMEO → PLOVER mapping its codes are read through;
//! - `*actors*.txt`: actor dictionaries ([`drumbeat_nlp::phoenix`]);
//! - `*agents*.txt`: agent dictionaries.
//!
//! Other files are listed as not read. A file that cannot be parsed is an error naming
//! the file and line: the user asked for it, so the run stops rather than code without it.

use std::path::{Path, PathBuf};

use drumbeat_code::dictionary::{PloverCode, VerbEntries, VerbStats};
use drumbeat_code::lexicon::Lexicon;
use drumbeat_nlp::gazetteer::Gazetteer;
use drumbeat_nlp::phoenix;

/// The gazetteer and lexicon the per-document stages use.
#[derive(Clone, Copy)]
pub struct Knowledge<'a> {
    pub gazetteer: &'a Gazetteer,
    pub lexicon: &'a Lexicon,
}

impl Knowledge<'static> {
    /// drumbeat's own data only.
    pub fn shipped() -> Self {
        Knowledge {
            gazetteer: &drumbeat_nlp::gazetteer::GAZETTEER,
            lexicon: &drumbeat_code::lexicon::LEXICON,
        }
    }
}

/// A dictionary folder that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{} holds no PETRARCH dictionary (CAMEO*.txt verbs, *actors*.txt, *agents*.txt)", dir.display())]
    Empty { dir: PathBuf },
}

/// One file of a dictionary folder and what was taken from it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DictionaryFile {
    pub path: PathBuf,
    /// `verbs`, `mapping`, `actors`, `agents` or `not read`.
    pub kind: &'static str,
    /// Entries taken (verbs and patterns, mapped codes, actors, agent nouns).
    pub entries: usize,
    /// Lines left out: how many, and the first few with why.
    pub skipped_lines: usize,
    pub first_problems: Vec<String>,
}

/// A user's dictionaries, read and ready to merge.
#[derive(Debug, Default)]
pub struct UserDictionary {
    pub actors: phoenix::Dictionary,
    pub verbs: Option<VerbEntries>,
    pub files: Vec<DictionaryFile>,
}

impl UserDictionary {
    pub fn verb_stats(&self) -> Option<&VerbStats> {
        self.verbs.as_ref().map(|v| &v.stats)
    }
}

fn read(path: &Path) -> Result<String, DictionaryError> {
    let bytes = std::fs::read(path).map_err(|source| DictionaryError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    // The dictionaries of the field are mostly ASCII with some Latin-1 names.
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}

/// Read the dictionaries in `dir` (see the module text).
pub fn load_dictionary(dir: &Path) -> Result<UserDictionary, DictionaryError> {
    let listing = |d: &Path| -> Result<Vec<PathBuf>, DictionaryError> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|source| DictionaryError::Read {
                path: d.to_path_buf(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    let mut files = Vec::new();
    for p in listing(dir)? {
        if p.is_dir() {
            files.extend(listing(&p)?.into_iter().filter(|f| f.is_file()));
        } else {
            files.push(p);
        }
    }
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    let mut out = UserDictionary::default();
    // The mapping first: the verbs are read through it.
    let mut mapping: std::collections::HashMap<String, PloverCode> = Default::default();
    for p in files.iter().filter(|p| name(p).starts_with("cameo2plover")) {
        let m = drumbeat_code::dictionary::parse_cameo2plover(&read(p)?);
        out.files.push(DictionaryFile {
            path: p.clone(),
            kind: "mapping",
            entries: m.len(),
            skipped_lines: 0,
            first_problems: Vec::new(),
        });
        mapping.extend(m);
    }
    for p in &files {
        let n = name(p);
        let parse = |message: String| DictionaryError::Parse {
            path: p.clone(),
            message,
        };
        let mut problems: Vec<String> = Vec::new();
        let (kind, entries) = if n.starts_with("cameo2plover") {
            continue;
        } else if n.starts_with("cameo") && n.ends_with(".txt") {
            let v = drumbeat_code::dictionary::parse_verbs(&read(p)?, &mapping)
                .map_err(|e| parse(e.to_string()))?;
            let count = v.stats.verbs + v.stats.patterns;
            problems.extend(v.warnings.iter().map(|w| w.to_string()));
            out.verbs = Some(match out.verbs.take() {
                None => v,
                Some(mut before) => {
                    before.triggers.extend(v.triggers);
                    before.not_phrases.extend(v.not_phrases);
                    before.irregular.extend(v.irregular);
                    before.cameo.extend(v.cameo);
                    let (a, b) = (&mut before.stats, &v.stats);
                    a.verbs += b.verbs;
                    a.patterns += b.patterns;
                    a.no_event_phrases += b.no_event_phrases;
                    a.skipped_patterns += b.skipped_patterns;
                    a.unmapped += b.unmapped;
                    before
                }
            });
            ("verbs", count)
        } else if n.contains("actors") && n.ends_with(".txt") {
            let a = phoenix::parse_actors(&read(p)?);
            let count = a.entries.len();
            problems.extend(a.warnings.iter().map(|w| w.to_string()));
            out.actors.actors.extend(a.entries);
            ("actors", count)
        } else if n.contains("agents") && n.ends_with(".txt") {
            let a = phoenix::parse_agents(&read(p)?);
            let count = a.len();
            out.actors.agents.extend(a);
            ("agents", count)
        } else {
            ("not read", 0)
        };
        out.files.push(DictionaryFile {
            path: p.clone(),
            kind,
            entries,
            skipped_lines: problems.len(),
            first_problems: problems.into_iter().take(3).collect(),
        });
    }
    if out.verbs.is_none() && out.actors.actors.is_empty() && out.actors.agents.is_empty() {
        return Err(DictionaryError::Empty {
            dir: dir.to_path_buf(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_of_dictionaries() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("petrarch");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(
            sub.join("CAMEO.test.txt"),
            "---  LOB   [---]  ---\nLOB\n- * ROCKETS (AT)   [195]\n",
        )
        .unwrap();
        std::fs::write(sub.join("My.actors.txt"), "ISLAND_LEAGUE_ [FRAREB]\n").unwrap();
        std::fs::write(sub.join("My.agents.txt"), "BORDER_WARDEN [~COP]\n").unwrap();
        std::fs::write(dir.path().join("README.md"), "notes").unwrap();
        let d = load_dictionary(dir.path()).unwrap();
        assert_eq!(d.verb_stats().unwrap().patterns, 1);
        assert_eq!(d.actors.actors.len(), 1);
        assert_eq!(d.actors.agents.len(), 1);
        let kinds: Vec<&str> = d.files.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, ["not read", "verbs", "actors", "agents"]);

        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            load_dictionary(empty.path()),
            Err(DictionaryError::Empty { .. })
        ));
        // A line with a typo is left out and named; the rest is read.
        std::fs::write(
            sub.join("CAMEO.bad.txt"),
            "---  X  [---] ---\nX\n- * Y [zz]\n",
        )
        .unwrap();
        let d = load_dictionary(dir.path()).unwrap();
        let bad = d
            .files
            .iter()
            .find(|f| f.path.ends_with("CAMEO.bad.txt"))
            .unwrap();
        assert_eq!(bad.skipped_lines, 1);
        assert!(
            bad.first_problems[0].starts_with("line 3:"),
            "{:?}",
            bad.first_problems
        );
        // A file that is not a verb dictionary at all stops the run, named.
        std::fs::write(sub.join("CAMEO.notes.txt"), "just notes\n").unwrap();
        let e = load_dictionary(dir.path()).unwrap_err().to_string();
        assert!(e.contains("CAMEO.notes.txt"), "{e}");
    }
}
