//! Hostile input, end to end through the binary: every case gets a clear message naming
//! the file and the reason, or a bounded result; never a panic, a hang or lost data.
//! Each case runs `drumbeat ingest` under a watchdog (generous, to catch hangs, not to
//! measure speed) and then checks the store and the messages.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{stderr, stdout};

/// A hang is anything slower than this; a healthy run of every case takes seconds.
const WATCHDOG: Duration = Duration::from_secs(300);

/// Run drumbeat with a store and arguments; kill it and fail if it outlives the watchdog.
fn bounded(store: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_drumbeat"))
        .arg("--store")
        .arg(store)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("drumbeat runs");
    let started = Instant::now();
    // Drain the pipes on threads so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).ok();
        v
    });
    let e = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).ok();
        v
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > WATCHDOG {
            child.kill().ok();
            child.wait().ok();
            panic!("drumbeat {args:?} hung (killed after {WATCHDOG:?})");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: o.join().unwrap(),
        stderr: e.join().unwrap(),
    }
}

fn no_panic(o: &Output) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "drumbeat panicked:\n{err}"
    );
    // 0: all in; 1: something skipped; 2: nothing could be done. Anything else (a
    // signal, 101 for a panic) is a crash.
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "exit status {:?}:\n{err}",
        o.status
    );
}

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        Case {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
    fn store(&self) -> PathBuf {
        self.path("h.db")
    }
    fn ingest(&self, extra: &[&str], inputs: &[&Path]) -> Output {
        let mut args = vec!["ingest", "--json"];
        args.extend_from_slice(extra);
        let owned: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        args.extend(owned.iter().map(String::as_str));
        let o = bounded(&self.store(), &args);
        no_panic(&o);
        o
    }
    fn report(o: &Output) -> serde_json::Value {
        serde_json::from_str(&stdout(o)).unwrap_or_else(|e| {
            panic!(
                "ingest --json printed no report ({e}):\n{}\n{}",
                stdout(o),
                stderr(o)
            )
        })
    }
    fn docs(&self) -> Vec<serde_json::Value> {
        let o = bounded(&self.store(), &["docs", "--json"]);
        no_panic(&o);
        serde_json::from_str::<serde_json::Value>(&stdout(&o))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

/// A good article that must survive beside every hostile one.
const GOOD: &str =
    "date 2022-02-10\nSerbia and Kosovo leaders met in Brussels on Thursday, the EU said.\n";

#[test]
fn binary_is_skipped_by_name_latin1_is_read_and_the_rest_goes_in() {
    let c = Case::new();
    let good = c.write("good.txt", GOOD.as_bytes());
    let mut bin: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    bin[10] = 0;
    let bin = c.write("blob.txt", &bin);
    let elf = c.write("program", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
    let mut latin = b"date 2022-02-10\nZ\xfcrich talks went on.".to_vec();
    latin.extend(std::iter::repeat_n(b'a', 10));
    let latin = c.write("latin.txt", &latin);
    let o = c.ingest(&[], &[&good, &bin, &elf, &latin]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("blob.txt: binary file"), "{err}");
    assert!(err.contains("program: binary file"), "{err}");
    // Not UTF-8 and nothing declared: read as Windows-1252 (a superset of Latin-1), said so.
    assert!(
        err.contains("latin.txt: not UTF-8 and no charset declared: read as windows-1252"),
        "{err}"
    );
    assert_eq!(Case::report(&o)["inserted"], 2);
    let docs = c.docs();
    assert_eq!(docs.len(), 2);
    assert!(
        docs.iter().any(|d| d.to_string().contains("Zürich")),
        "{docs:?}"
    );
}

#[test]
fn a_single_100_mb_line_is_refused_by_the_limit_and_read_when_allowed_in_jsonl() {
    let c = Case::new();
    // 100 MB with no newline, as text and as one JSONL record between two good ones.
    let line = "war ".repeat(25 * 1024 * 1024);
    let txt = c.write("line.txt", line.as_bytes());
    let mut f = std::fs::File::create(c.path("feed.jsonl")).unwrap();
    writeln!(
        f,
        r#"{{"text": "Greece and Turkey held talks in Athens.", "published": "2022-03-01"}}"#
    )
    .unwrap();
    write!(f, r#"{{"text": "{line}"}}"#).unwrap();
    writeln!(f).unwrap();
    writeln!(
        f,
        r#"{{"text": "Chile and Peru signed a fisheries accord.", "published": "2022-03-02"}}"#
    )
    .unwrap();
    drop(f);
    let jsonl = c.path("feed.jsonl");
    let o = c.ingest(&[], &[&txt, &jsonl]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line.txt: 104857600 bytes, over the limit of 20971520 bytes"),
        "{err}"
    );
    assert!(err.contains("feed.jsonl:2: "), "{err}");
    assert!(err.contains("over the limit"), "{err}");
    assert_eq!(Case::report(&o)["inserted"], 2, "{err}");
}

#[test]
fn a_huge_line_under_a_raised_limit_is_processed_in_bounded_time() {
    // 4 MB of prose with no newline and no sentence end: every stage sees one giant
    // sentence. It must come back with bounded output, not quadratic time.
    let c = Case::new();
    let body = "Russian troops massed near the border and officials said \"no deal\" while Ukraine warned ".repeat(45_000);
    let big = c.write("big.txt", format!("date 2022-01-14 {body}").as_bytes());
    let o = c.ingest(&["--max-bytes", "10000000"], &[&big]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rep = Case::report(&o);
    assert_eq!(rep["inserted"], 1);
    // Events are bounded by the text, and the store answers queries on the document.
    assert!(rep["events"].as_u64().unwrap() < 1_000_000);
    let o = bounded(&c.store(), &["events", "--json", "--limit", "5"]);
    no_panic(&o);
}

#[test]
fn long_lists_and_many_short_sentences_stay_linear() {
    // A list of actors and verbs with no full stop, and tens of thousands of short
    // sentences with quotes: the shapes that once made per-sentence lookups quadratic.
    let c = Case::new();
    let list = c.write(
        "list.txt",
        format!(
            "date 2022-01-14 {}",
            "Russia, Ukraine, France and Germany warned, attacked, met and threatened "
                .repeat(12_000)
        )
        .as_bytes(),
    );
    let lines = c.write(
        "lines.txt",
        format!(
            "date 2022-01-14\n{}",
            "Russia warned Ukraine. \"He said so,\" Putin said.\n".repeat(20_000)
        )
        .as_bytes(),
    );
    let o = c.ingest(&["--max-bytes", "10000000"], &[&list, &lines]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(Case::report(&o)["inserted"], 2);
}

#[test]
fn deeply_nested_and_broken_html_is_read_without_recursion() {
    let c = Case::new();
    let mut html = String::from("<html><head><title>Deep page</title></head><body>");
    for _ in 0..200_000 {
        html.push_str("<div><span>");
    }
    html.push_str("<p>Japan and South Korea agreed to resume talks in Seoul on Monday.</p>");
    // Never closed; plus an unterminated comment and a giant attribute at the end.
    html.push_str("<a href=\"");
    html.push_str(&"x".repeat(1_000_000));
    html.push_str("<!-- never closed");
    let deep = c.write("deep.html", html.as_bytes());
    let o = c.ingest(&[], &[&deep]);
    assert!(o.status.code() == Some(0), "{}", stderr(&o));
    let docs = c.docs();
    assert_eq!(docs.len(), 1);
    let id = docs[0]["id"].as_str().unwrap().to_string();
    let o = bounded(&c.store(), &["show", &id, "--json"]);
    no_panic(&o);
    assert!(stdout(&o).contains("resume talks in Seoul"));
}

#[test]
fn billion_laughs_feed_is_not_expanded() {
    let c = Case::new();
    let mut dtd = String::from("<!ENTITY lol \"lol\">");
    let mut prev = "lol".to_string();
    for i in 1..10 {
        let name = format!("lol{i}");
        dtd.push_str(&format!(
            "<!ENTITY {name} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
        prev = name;
    }
    let feed = format!(
        r#"<?xml version="1.0"?><!DOCTYPE rss [{dtd}]><rss version="2.0"><channel><title>Laughs</title>
<item><title>Entity bomb &{prev};</title><description>&{prev}; Egypt and Sudan discussed the dam in Cairo.</description><pubDate>Tue, 01 Mar 2022 10:00:00 GMT</pubDate></item>
<item><title>Plain</title><description>Norway and Sweden signed an energy deal in Oslo.</description></item>
</channel></rss>"#
    );
    let f = c.write("laughs.xml", feed.as_bytes());
    let o = c.ingest(&[], &[&f]);
    no_panic(&o);
    let docs = c.docs();
    assert_eq!(docs.len(), 2, "{}", stderr(&o));
    for d in &docs {
        let o = bounded(&c.store(), &["show", d["id"].as_str().unwrap(), "--json"]);
        // An expansion would be a billion "lol"s; the document stays about its own size.
        assert!(o.stdout.len() < 200_000, "{} bytes", o.stdout.len());
        assert!(!stdout(&o).contains("lollollol"));
    }
}

#[test]
fn jsonl_with_wrong_types_and_deep_nesting_names_each_line() {
    let c = Case::new();
    let mut deep = String::from("{\"text\": ");
    deep.push_str(&"[".repeat(100_000));
    let lines = [
        r#"{"text": "Iran and Iraq agreed on border crossings.", "published": "2022-04-01"}"#
            .to_string(),
        r#"{"text": 42}"#.to_string(),
        r#"{"text": "ok", "published": {"day": 1}}"#.to_string(),
        r#"{"title": "no text"}"#.to_string(),
        r#"["an", "array"]"#.to_string(),
        r#"{"text": null}"#.to_string(),
        r#"{"text": "Fiji and Tonga talked.", "outlet": ["a", "b"]}"#.to_string(),
        deep,
        "\u{0}\u{1}\u{2}".to_string(),
        r#"{"text": "Kenya and Uganda met in Nairobi.", "published": "not a date"}"#.to_string(),
    ];
    let f = c.write("wrong.jsonl", (lines.join("\n") + "\n").as_bytes());
    let o = c.ingest(&[], &[&f]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for n in [2, 3, 4, 5, 6, 7, 8, 9] {
        assert!(
            err.contains(&format!("wrong.jsonl:{n}: ")),
            "line {n} not named:\n{err}"
        );
    }
    assert!(
        err.contains("wrong.jsonl:2: field `text` must be a string"),
        "{err}"
    );
    assert!(
        err.contains("wrong.jsonl:8: malformed JSON: recursion limit"),
        "{err}"
    );
    let rep = Case::report(&o);
    // Lines 1, 3, 7 and 10 go in: a bad outlet or date is dropped with a warning, the
    // article is kept (3 and 10 undated).
    assert_eq!(rep["inserted"], 4, "{err}");
    assert_eq!(rep["warnings"], 3, "{err}");
    assert!(
        err.contains("wrong.jsonl:10: field `published` is not a date"),
        "{err}"
    );
}

#[test]
fn absurd_dates_resolve_within_the_calendar_or_not_at_all() {
    let c = Case::new();
    let far = c.write(
        "far.txt",
        b"date 9999-12-31\nOn Thursday Chile and Peru met in Lima. Next week and next year they will meet again, on January 5, and by Friday.\n",
    );
    let early = c.write(
        "early.txt",
        b"date 0001-01-01\nLast Monday Chile and Peru met in Lima, and yesterday they talked again.\n",
    );
    let bad = c.write(
        "bad.txt",
        b"date 2022-02-30\nChile and Peru met in Lima on Thursday.\n",
    );
    let o = c.ingest(&[], &[&far, &early, &bad]);
    let err = stderr(&o);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{err}"
    );
    let o = bounded(&c.store(), &["events", "--json", "--all"]);
    no_panic(&o);
    let events: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for e in events.as_array().unwrap() {
        if let Some(d) = e["date"].as_str() {
            assert!(
                d.len() == 10 && ("0001-01-01"..="9999-12-31").contains(&d),
                "date out of the calendar: {d}"
            );
        }
    }
    // The Thursday before 9999-12-31 (a Friday) is 9999-12-30.
    assert!(stdout(&o).contains("9999-12-30"), "{}", stdout(&o));
}

#[test]
fn a_million_quote_marks_give_a_bounded_result() {
    let c = Case::new();
    let mut s = String::from("date 2022-01-14\nThe minister said ");
    s.push_str(&"\"".repeat(1_000_000));
    s.push_str(" and then \u{201c}".repeat(1000).as_str());
    let f = c.write("quotes.txt", s.as_bytes());
    let mut curly = String::from("date 2022-01-14\n");
    for _ in 0..200_000 {
        curly.push_str("\u{201c}a\u{201d} ");
    }
    let g = c.write("curly.txt", curly.as_bytes());
    let o = c.ingest(&[], &[&f, &g]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rep = Case::report(&o);
    assert_eq!(rep["inserted"], 2);
    let o = bounded(&c.store(), &["quotes", "--json", "--limit", "10"]);
    no_panic(&o);
}

#[test]
fn empty_whitespace_and_header_only_files_are_named() {
    let c = Case::new();
    let good = c.write("good.txt", GOOD.as_bytes());
    let empty = c.write("empty.txt", b"");
    let ws = c.write("ws.txt", "\n\n   \t\u{a0}\n".as_bytes());
    let header = c.write("header.txt", b"date 2022-01-01\n");
    let bom = c.write("bom.txt", "\u{feff}".as_bytes());
    let o = c.ingest(&[], &[&good, &empty, &ws, &header, &bom]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for name in ["empty.txt", "ws.txt", "header.txt", "bom.txt"] {
        assert!(
            err.contains(&format!("{name}: ")),
            "{name} not named:\n{err}"
        );
    }
    assert_eq!(Case::report(&o)["inserted"], 1);
}

#[test]
fn reingesting_hostile_folders_never_duplicates() {
    let c = Case::new();
    let dir = c.path("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), GOOD).unwrap();
    std::fs::write(dir.join("b.bin"), [0u8, 159, 146, 150]).unwrap();
    std::fs::write(dir.join("c.html"), "<p>Ghana and Togo met in Accra.</p>").unwrap();
    for _ in 0..3 {
        c.ingest(&[], &[&dir]);
    }
    assert_eq!(c.docs().len(), 2);
}

/// Escape sequences in an article (a title that clears the screen, an OSC that sets the
/// window title) never reach the terminal through a listing, and the JSON keeps them
/// escaped.
#[test]
fn escape_sequences_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("esc.db");
    let article = dir.path().join("esc.txt");
    std::fs::write(
        &article,
        "date 2024-03-01\n\nBorder news\u{1b}[2J\u{1b}]0;owned\u{7}\n\nArmenia accused Azerbaijan on Friday of shelling border villages.\n",
    )
    .unwrap();
    let o = bounded(&store, &["ingest", article.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for args in [
        &["docs"][..],
        &["events"][..],
        &["analyze", article.to_str().unwrap()][..],
    ] {
        let o = bounded(&store, args);
        assert!(!o.stdout.contains(&0x1b), "{args:?}: {}", stdout(&o));
        assert!(!o.stdout.contains(&0x07), "{args:?}");
    }
    let o = bounded(&store, &["docs", "--json"]);
    assert!(!o.stdout.contains(&0x1b));
    assert!(stdout(&o).contains("\\u001b"), "{}", stdout(&o));
}
