//! drumbeat's readers: turn files, folders and standard input into [`Document`]s.
//!
//! Formats: plain text with an optional leading `date YYYY-MM-DD` header, JSONL (one
//! article per line), HTML pages (main text only), RSS 2.0 / RSS 1.0 and Atom feeds
//! (one article per item). The format comes from the file's extension, else from a sniff
//! of its first bytes.
//!
//! Bad input never panics and never stops the run: each file (or JSONL line, or feed
//! item) that cannot be read yields a [`Notice`] naming it and the reason, and the
//! reader goes on. What this crate does not do: cleaning, sentence splitting or any
//! language work (see `drumbeat-nlp`), and storage (see `drumbeat-store`).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use drumbeat_model::{Document, Format, Origin};

pub mod charset;
pub mod dates;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod markup;
pub mod text;

/// Default size limit for one input file (and for one JSONL record): 20 MB.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Options shared by every reader.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Files larger than this are skipped with a notice (JSONL: records larger than this).
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Why an input (a whole file, or a line or item of it) could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("no such file or folder")]
    Missing,
    #[error("cannot read: {0}")]
    Io(String),
    #[error("binary file (NUL byte at offset {0})")]
    Binary(usize),
    #[error("invalid UTF-8 at byte {0}")]
    InvalidUtf8(usize),
    #[error("empty file")]
    Empty,
    #[error("{size} bytes, over the limit of {limit} bytes (raise it with --max-bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("{0}")]
    Record(String),
    #[error("broken HTML: {0}")]
    Html(String),
    #[error("broken feed: {0}")]
    Feed(String),
    #[error("the date header {0} names no real day: ignored, the article is read undated")]
    BadDate(String),
    #[error("not UTF-8 and no charset declared: read as {0}")]
    GuessedCharset(&'static str),
}

/// A message about one input: something skipped, or kept with a caveat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub path: String,
    /// Line (JSONL) or item number (feeds), 1-based.
    pub line: Option<u64>,
    pub error: ReadError,
    /// True when the input (or that line or item) was left out; false for a warning
    /// about something that was kept.
    pub skipped: bool,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: ", self.path, l)?,
            None => write!(f, "{}: ", self.path)?,
        }
        write!(f, "{}", self.error)?;
        if self.skipped {
            write!(f, " (skipped)")
        } else {
            Ok(())
        }
    }
}

/// What reading one input produced: its documents and its notices.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub documents: Vec<Document>,
    pub notices: Vec<Notice>,
}

impl ReadOutcome {
    fn skip(path: &str, line: Option<u64>, error: ReadError) -> Self {
        ReadOutcome {
            documents: Vec::new(),
            notices: vec![Notice {
                path: path.to_string(),
                line,
                error,
                skipped: true,
            }],
        }
    }
}

/// One input named on the command line, expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// Expand paths into the files to read: folders recursively (sorted, hidden entries and
/// symlinked folders left out), `-` as standard input. Missing paths become notices.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Notice>) {
    let mut inputs = Vec::new();
    let mut notices = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(p) {
            Err(e) => notices.push(Notice {
                path: p.display().to_string(),
                line: None,
                error: if e.kind() == std::io::ErrorKind::NotFound {
                    ReadError::Missing
                } else {
                    ReadError::Io(e.to_string())
                },
                skipped: true,
            }),
            Ok(m) if m.is_dir() => walk(p, &mut inputs, &mut notices),
            Ok(_) => inputs.push(Input::File(p.clone())),
        }
    }
    (inputs, notices)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, notices: &mut Vec<Notice>) {
    // An explicit stack instead of recursion: deep folder trees cannot overflow it.
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                notices.push(Notice {
                    path: d.display().to_string(),
                    line: None,
                    error: ReadError::Io(e.to_string()),
                    skipped: true,
                });
                continue;
            }
        };
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => dirs.push(path),
                Ok(t) if t.is_file() => files.push(path),
                Ok(t) if t.is_symlink() && path.is_file() => files.push(path),
                _ => {}
            }
        }
        files.sort();
        dirs.sort();
        inputs.extend(files.into_iter().map(Input::File));
        // Reverse so that the stack pops folders in sorted order.
        stack.extend(dirs.into_iter().rev());
    }
}

/// The display name of an input in notices and origins.
pub fn input_name(input: &Input) -> String {
    match input {
        Input::File(p) => p.display().to_string(),
        Input::Stdin => "-".to_string(),
    }
}

/// Read one input completely, whatever its format.
pub fn read_input(input: &Input, opts: &ReadOptions) -> ReadOutcome {
    let name = input_name(input);
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            let limit = opts.max_bytes.saturating_add(1);
            if let Err(e) = std::io::stdin().lock().take(limit).read_to_end(&mut buf) {
                return ReadOutcome::skip(&name, None, ReadError::Io(e.to_string()));
            }
            if buf.len() as u64 > opts.max_bytes {
                return ReadOutcome::skip(
                    &name,
                    None,
                    ReadError::TooLarge {
                        size: buf.len() as u64,
                        limit: opts.max_bytes,
                    },
                );
            }
            buf
        }
        Input::File(p) => match read_file_bytes(p, opts) {
            Ok(b) => b,
            Err(e) => return ReadOutcome::skip(&name, None, e),
        },
    };
    let ext = match input {
        Input::File(p) => p
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase()),
        Input::Stdin => None,
    };
    read_bytes(&name, ext.as_deref(), &bytes, opts)
}

fn read_file_bytes(p: &Path, opts: &ReadOptions) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(p).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Io(e.to_string()),
    })?;
    // JSONL files may be large: the limit applies to each record instead.
    let is_jsonl = matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("jsonl") | Some("ndjson")
    );
    if !is_jsonl && meta.len() > opts.max_bytes {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit: opts.max_bytes,
        });
    }
    fs::read(p).map_err(|e| ReadError::Io(e.to_string()))
}

/// The reader a file goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Jsonl,
    Html,
    Feed,
}

/// Choose a reader from the extension, else from the first bytes.
pub fn detect(ext: Option<&str>, bytes: &[u8]) -> Kind {
    match ext {
        Some("txt" | "text" | "md") => return Kind::Text,
        Some("jsonl" | "ndjson") => return Kind::Jsonl,
        Some("html" | "htm" | "xhtml") => return Kind::Html,
        Some("rss" | "atom") => return Kind::Feed,
        _ => {}
    }
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head);
    let trimmed = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let lower = trimmed
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Kind::Html;
    }
    if lower.starts_with('<') {
        if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf") {
            return Kind::Feed;
        }
        if lower.contains("<html") || lower.contains("<body") || lower.contains("<p") {
            return Kind::Html;
        }
        if ext == Some("xml") {
            return Kind::Feed;
        }
    }
    if ext == Some("json") || lower.starts_with('{') {
        return Kind::Jsonl;
    }
    Kind::Text
}

/// Read an input already in memory. `name` is used in origins and notices. The bytes may
/// be in any encoding [`charset::decode`] reads; JSONL stays UTF-8 line by line (a bad
/// line is skipped, not the file re-read in another encoding) unless it is UTF-16.
pub fn read_bytes(name: &str, ext: Option<&str>, bytes: &[u8], opts: &ReadOptions) -> ReadOutcome {
    let Some((decoded, how)) = charset::decode(bytes) else {
        let pos = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return ReadOutcome::skip(name, None, ReadError::Binary(pos));
    };
    // The format from the text (for UTF-16, the raw bytes say nothing); JSONL is read from
    // the raw bytes unless they were UTF-16, so a bad line is skipped on its own.
    let kind = detect(ext, decoded.as_bytes());
    if kind == Kind::Jsonl {
        let utf16 = matches!(how, charset::Decoded::Utf16(_));
        return jsonl::read(name, if utf16 { decoded.as_bytes() } else { bytes }, opts);
    }
    let s: &str = &decoded;
    if s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return ReadOutcome::skip(name, None, ReadError::Empty);
    }
    let mut out = match kind {
        Kind::Text => text::read(name, s),
        Kind::Html => html::read(name, s),
        Kind::Feed => feed::read(name, s),
        Kind::Jsonl => unreachable!("handled above"),
    };
    if let charset::Decoded::Guessed(e) = how {
        out.notices.push(Notice {
            path: name.to_string(),
            line: None,
            error: ReadError::GuessedCharset(e.name()),
            skipped: false,
        });
    }
    out
}

/// The stable content id of an article: xxh3-128 of its text with runs of whitespace
/// folded to one space and the ends trimmed, as 32 hex digits.
pub fn content_id(text: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            h.update(b" ");
        }
        first = false;
        h.update(word.as_bytes());
    }
    format!("{:032x}", h.digest128())
}

/// Build a document with its content id.
pub(crate) fn make_doc(
    origin: Origin,
    text: String,
    title: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
) -> Document {
    Document {
        id: content_id(&text),
        origin,
        title: title.filter(|t| !t.trim().is_empty()),
        url: url.filter(|t| !t.trim().is_empty()),
        outlet: outlet.filter(|t| !t.trim().is_empty()),
        published,
        header: None,
        text,
    }
}

pub(crate) fn origin(path: &str, line: Option<u64>, format: Format) -> Origin {
    Origin {
        path: path.to_string(),
        line,
        format,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_ignores_whitespace_layout() {
        assert_eq!(content_id("a  b\nc "), content_id(" a b c"));
        assert_ne!(content_id("a b c"), content_id("a b d"));
        assert_eq!(content_id("x").len(), 32);
    }

    #[test]
    fn detects_formats() {
        assert_eq!(detect(None, b"<?xml version='1.0'?><rss>"), Kind::Feed);
        assert_eq!(detect(None, b"  <!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(detect(None, b"{\"text\":\"a\"}\n"), Kind::Jsonl);
        assert_eq!(detect(None, b"date 2022-01-01 Hello"), Kind::Text);
        assert_eq!(detect(Some("txt"), b"<html>"), Kind::Text);
    }

    #[test]
    fn bad_bytes_are_named() {
        let o = ReadOptions::default();
        let err = |b: &[u8]| read_bytes("x", Some("txt"), b, &o).notices[0].error.clone();
        assert_eq!(err(b"ab\0cdefg"), ReadError::Binary(2));
        assert_eq!(err(b" \n\t"), ReadError::Empty);
        // Latin-1 read as Windows-1252, with a notice that does not skip it.
        let r = read_bytes("x", Some("txt"), b"Z\xfcrich talks", &o);
        assert_eq!(r.documents[0].text, "Zürich talks");
        assert_eq!(
            r.notices[0].error,
            ReadError::GuessedCharset("windows-1252")
        );
        assert!(!r.notices[0].skipped);
        assert!(read_bytes("x", None, "ok é".as_bytes(), &o)
            .notices
            .is_empty());
        // A page in its declared charset, and a UTF-16 text file (not "binary").
        let page = b"<html><head><meta charset=\"iso-8859-2\"><title>Port</title></head><body><article><p>Gda\xf1sk port workers struck on Monday over pay.</p></article></body></html>";
        let r = read_bytes("p.html", None, page, &o);
        assert!(r.documents[0].text.contains("Gdańsk port"), "{r:?}");
        assert!(r.notices.is_empty(), "{:?}", r.notices);
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(
            "date 2022-01-02\nKraków talks resumed."
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let r = read_bytes("u.txt", None, &utf16, &o);
        assert_eq!(r.documents[0].published.as_deref(), Some("2022-01-02"));
        assert!(r.documents[0].text.contains("Kraków"));
    }
}
