//! JSONL: one article per line, as a JSON object with `text` (required, a string) and
//! optional `title`, `url`, `published`, `outlet` (strings or null). Also read: `date`
//! as a synonym of `published`, `source` as a synonym of `outlet`, `link` of `url`.
//!
//! Read as a stream: a line over the size limit is skipped without being held in
//! memory, and a malformed line is skipped with a notice naming its number.

use std::io::BufRead;

use drumbeat_model::{Document, Format};
use serde_json::Value;

use crate::{dates, make_doc, origin, Notice, ReadError, ReadOptions, ReadOutcome};

/// Read JSONL held in memory.
pub fn read(name: &str, bytes: &[u8], opts: &ReadOptions) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    read_stream(name, bytes, opts, |r| match r {
        Ok(d) => out.documents.push(d),
        Err(n) => out.notices.push(n),
    });
    if out.documents.is_empty() && out.notices.is_empty() {
        out.notices.push(Notice {
            path: name.to_string(),
            line: None,
            error: ReadError::Empty,
            skipped: true,
        });
    }
    out
}

/// Read JSONL from a stream, handing each document (or notice) to `emit` as it is read.
pub fn read_stream(
    name: &str,
    mut reader: impl BufRead,
    opts: &ReadOptions,
    mut emit: impl FnMut(Result<Document, Notice>),
) {
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        line_no += 1;
        buf.clear();
        match read_line_bounded(&mut reader, &mut buf, opts.max_bytes) {
            Ok(LineRead::Eof) => break,
            Ok(LineRead::TooLong(size)) => emit(Err(notice(
                name,
                line_no,
                ReadError::TooLarge {
                    size,
                    limit: opts.max_bytes,
                },
            ))),
            Ok(LineRead::Line) => {
                if buf.iter().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                match parse_line(name, line_no, &buf) {
                    Ok((d, problems)) => {
                        for p in problems {
                            emit(Err(Notice {
                                skipped: false,
                                ..notice(name, line_no, ReadError::Record(p))
                            }));
                        }
                        emit(Ok(d))
                    }
                    Err(e) => emit(Err(notice(name, line_no, e))),
                }
            }
            Err(e) => {
                emit(Err(notice(name, line_no, ReadError::Io(e.to_string()))));
                break;
            }
        }
    }
}

fn notice(name: &str, line: u64, error: ReadError) -> Notice {
    Notice {
        path: name.to_string(),
        line: Some(line),
        error,
        skipped: true,
    }
}

enum LineRead {
    Line,
    TooLong(u64),
    Eof,
}

/// Read up to and including the next `\n` into `buf`, keeping at most `limit` bytes:
/// past that the rest of the line is consumed and dropped.
fn read_line_bounded(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<LineRead> {
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if total + take as u64 <= limit {
            buf.extend_from_slice(&chunk[..take]);
        }
        total += take as u64;
        r.consume(take);
        if done {
            break;
        }
    }
    if !any {
        return Ok(LineRead::Eof);
    }
    if total > limit {
        buf.clear();
        return Ok(LineRead::TooLong(total));
    }
    Ok(LineRead::Line)
}

/// An optional metadata field. A value of the wrong type is dropped with a warning in
/// `problems`: the article itself is kept.
fn opt_string(
    obj: &serde_json::Map<String, Value>,
    keys: &[&str],
    problems: &mut Vec<String>,
) -> Option<String> {
    for k in keys {
        match obj.get(*k) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => return Some(s.clone()),
            Some(other) => problems.push(format!(
                "field `{k}` must be a string, not {} (ignored)",
                kind_of(other)
            )),
        }
    }
    None
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One record: the document and any warnings about its metadata (dropped fields), or
/// the reason the whole line is skipped.
fn parse_line(
    name: &str,
    line_no: u64,
    bytes: &[u8],
) -> Result<(Document, Vec<String>), ReadError> {
    let s = std::str::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8(e.valid_up_to()))?;
    let v: Value = serde_json::from_str(s).map_err(|e| ReadError::Json(e.to_string()))?;
    let Value::Object(obj) = v else {
        return Err(ReadError::Record(format!(
            "expected a JSON object with a `text` field, found {}",
            kind_of(&v)
        )));
    };
    let text = match obj.get("text") {
        Some(Value::String(t)) => t.clone(),
        None | Some(Value::Null) => {
            return Err(ReadError::Record("missing field `text`".to_string()))
        }
        Some(other) => {
            return Err(ReadError::Record(format!(
                "field `text` must be a string, not {}",
                kind_of(other)
            )))
        }
    };
    if text.trim().is_empty() {
        return Err(ReadError::Record("field `text` is empty".to_string()));
    }
    if text.contains('\0') {
        return Err(ReadError::Record(
            "field `text` holds a NUL character".to_string(),
        ));
    }
    let mut problems = Vec::new();
    let title = opt_string(&obj, &["title", "headline"], &mut problems);
    let url = opt_string(&obj, &["url", "link"], &mut problems);
    let outlet = opt_string(&obj, &["outlet", "source"], &mut problems);
    let published_raw = opt_string(&obj, &["published", "date"], &mut problems);
    let published = published_raw.as_ref().and_then(|p| {
        let d = dates::parse_published(p);
        if d.is_none() {
            let shown: String = p.chars().take(40).collect();
            problems.push(format!(
                "field `published` is not a date: {shown:?} (read as undated)"
            ));
        }
        d
    });
    let doc = make_doc(
        origin(name, Some(line_no), Format::Jsonl),
        text,
        title,
        url,
        outlet,
        published,
    );
    Ok((doc, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_good_and_names_bad_lines() {
        let input = concat!(
            "{\"text\":\"Russia said it held talks.\",\"published\":\"2022-01-14T10:00:00Z\",\"outlet\":\"Wire\"}\n",
            "\n",
            "{\"text\": 42}\n",
            "not json\n",
            "[1,2]\n",
            "{\"title\":\"no text\"}\n",
            "{\"text\":\"ok\",\"published\":\"someday\"}\n",
            "{\"text\":\"last line without newline\",\"title\":null}"
        );
        let out = read("a.jsonl", input.as_bytes(), &ReadOptions::default());
        assert_eq!(out.documents.len(), 3);
        assert_eq!(out.documents[0].published.as_deref(), Some("2022-01-14"));
        assert_eq!(out.documents[0].outlet.as_deref(), Some("Wire"));
        // A bad date keeps the article, undated, with a warning.
        assert_eq!(out.documents[1].origin.line, Some(7));
        assert_eq!(out.documents[1].published, None);
        assert_eq!(out.documents[2].origin.line, Some(8));
        let lines: Vec<_> = out.notices.iter().map(|n| n.line.unwrap()).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert!(!out.notices[4].skipped);
        assert!(out.notices[4].to_string().contains("read as undated"));
        assert!(out.notices[0]
            .to_string()
            .contains("`text` must be a string, not a number"));
    }

    #[test]
    fn long_lines_are_skipped_not_held() {
        let big = format!(
            "{{\"text\":\"{}\"}}\n{{\"text\":\"small\"}}\n",
            "x".repeat(5000)
        );
        let out = read("b.jsonl", big.as_bytes(), &ReadOptions { max_bytes: 1000 });
        assert_eq!(out.documents.len(), 1);
        assert!(matches!(out.notices[0].error, ReadError::TooLarge { .. }));
    }
}
