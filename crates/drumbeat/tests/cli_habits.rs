//! What the CLI says when the user asks for something that is not there: a store that
//! does not exist, a code no event has.

mod common;

#[test]
fn read_commands_refuse_a_store_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.db");
    for cmd in [
        &["events"][..],
        &["docs"],
        &["stories"],
        &["watch"],
        &["quotes"],
        &["actors"],
        &["export", "--format", "csv"],
    ] {
        let o = common::drumbeat(&missing, cmd);
        let err = common::stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {err}");
        assert!(
            err.contains("no store at") && err.contains("typo.db"),
            "{cmd:?}: {err}"
        );
        assert!(err.contains("ingest"), "the hint names the way out: {err}");
        assert!(!missing.exists(), "{cmd:?} must not create an empty store");
    }
}

#[test]
fn an_unknown_code_is_named_with_near_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    let examples = common::examples_dir();
    let o = common::drumbeat(&store, &["ingest", examples.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    // The examples' border talks are between India and Pakistan: "PAL" is a typo of PAK.
    let o = common::drumbeat(&store, &["events", "--dyad", "PAL-"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(common::stdout(&o).contains("0 events"));
    let err = common::stderr(&o);
    assert!(err.contains("no event in this store names PAL"), "{err}");
    assert!(err.contains("did you mean PAK"), "{err}");
    // A known code with no events in that direction gets no such line.
    let o = common::drumbeat(&store, &["events", "--dyad", "PAK-"]);
    assert!(!common::stderr(&o).contains("no event in this store"));
    assert!(common::stdout(&o).contains(" events") || common::stdout(&o).contains("1 event"));
    // The watch of one dyad prints its days: index against the baseline, and z.
    let o = common::drumbeat(&store, &["watch", "--dyad", "IND-PAK"]);
    let out = common::stdout(&o);
    assert!(
        out.contains("day         events  index  baseline      z"),
        "{out}"
    );
    assert!(out.contains("  2023-"), "{out}");
    assert!(!out.contains("-0.00"), "{out}");
    // Plurals: "1 day", not "1 days".
    let o = common::drumbeat(&store, &["watch"]);
    assert!(
        !common::stdout(&o).contains(" 1 days"),
        "{}",
        common::stdout(&o)
    );
}

#[test]
fn help_describes_every_flag_and_gives_examples() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    for cmd in [
        "ingest",
        "analyze",
        "events",
        "stories",
        "story",
        "watch",
        "eval",
        "serve",
        "export",
        "docs",
        "bench",
        "bench-serve",
        "actors",
        "quotes",
        "show",
        "publish",
        "worker",
    ] {
        let o = common::drumbeat(&store, &[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{cmd}");
        let help = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(help.contains("Examples:\n  drumbeat "), "{cmd}: {help}");
        // Every option is described: clap prints the description after the flag on its
        // line, or (long help) on the next line, indented further; an undescribed option
        // is followed by a blank line or the next option.
        let options = help.split("Options:").nth(1).unwrap_or("");
        let lines: Vec<&str> = options
            .lines()
            .take_while(|l| !l.starts_with("Examples"))
            .collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if t.starts_with('-') {
                let inline = t.split("  ").filter(|p| !p.trim().is_empty()).count() > 1;
                let next = lines.get(i + 1).map(|l| l.trim_start()).unwrap_or("");
                let below = !next.is_empty() && !next.starts_with('-');
                assert!(inline || below, "{cmd}: undescribed option {t:?}");
            }
        }
    }
}

#[cfg(not(feature = "nats"))]
#[test]
fn the_queue_commands_say_how_to_get_them_in_a_build_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    for args in [&["publish", "x"][..], &["worker", "--once"][..]] {
        let o = common::drumbeat(&store, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--features nats"), "{args:?}: {err}");
    }
    assert!(
        !store.exists(),
        "no store is made by a command that cannot run"
    );
}
