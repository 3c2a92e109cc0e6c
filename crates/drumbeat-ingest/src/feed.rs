//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item or entry becomes an article with
//! its title, link, date and text (HTML in descriptions is reduced to its text).
//!
//! The feed's own title is taken as the outlet. Entities declared in a DTD are never
//! expanded. A truncated feed keeps the items it completed and says where it broke.

use drumbeat_model::Format;

use crate::html::fragment_text;
use crate::markup::{attr, decode_entities, Token, Tokenizer};
use crate::{dates, make_doc, origin, Notice, ReadError, ReadOutcome};

#[derive(Default)]
struct Item {
    number: u64,
    title: Option<String>,
    link: Option<String>,
    date: Option<String>,
    summary: Option<String>,
    content: Option<String>,
}

const FIELDS: &[&str] = &[
    "title",
    "link",
    "pubdate",
    "dc:date",
    "published",
    "updated",
    "description",
    "content:encoded",
    "content",
    "summary",
    "guid",
    "id",
];

/// The text inside an element: CDATA taken as is, text with entities decoded; HTML in
/// it reduced to paragraphs of text.
fn field_value(raw: &str) -> String {
    let mut joined = String::new();
    let mut markup = false;
    for tok in Tokenizer::xml(raw) {
        match tok {
            Token::CData(c) => joined.push_str(c),
            Token::Text(t) => joined.push_str(&decode_entities(t)),
            Token::Start { .. } | Token::End { .. } => markup = true,
            Token::Other => {}
        }
    }
    if markup {
        // Inline XHTML content: read the raw markup as HTML.
        return fragment_text(raw);
    }
    if joined.contains('<') && joined.contains('>') {
        return fragment_text(&joined);
    }
    joined
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Read one feed.
pub fn read(name: &str, xml: &str) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    let mut tz = Tokenizer::xml(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut format: Option<Format> = None;
    let mut outlet: Option<String> = None;
    let mut item: Option<(Item, usize)> = None;
    let mut capture: Option<(String, usize, usize, String)> = None; // name, depth, start, attrs
    let mut count = 0u64;
    loop {
        let before = tz.pos();
        let Some(tok) = tz.next() else { break };
        match tok {
            Token::Start {
                name: raw_name,
                attrs,
                self_closing,
            } => {
                let lname = raw_name.to_ascii_lowercase();
                if format.is_none() {
                    format = match lname.as_str() {
                        "rss" | "rdf:rdf" => Some(Format::Rss),
                        "feed" => Some(Format::Atom),
                        other => {
                            return ReadOutcome::skip(
                                name,
                                None,
                                ReadError::Feed(format!(
                                    "not an RSS or Atom feed (root element <{other}>)"
                                )),
                            )
                        }
                    };
                }
                if capture.is_some() {
                    if !self_closing {
                        stack.push(lname);
                    }
                    continue;
                }
                let depth = stack.len();
                if (lname == "item" || lname == "entry") && item.is_none() && !self_closing {
                    count += 1;
                    item = Some((
                        Item {
                            number: count,
                            ..Item::default()
                        },
                        depth,
                    ));
                } else if let Some((it, idepth)) = item.as_mut() {
                    if depth == *idepth + 1 && lname == "link" && self_closing {
                        let rel = attr(attrs, "rel");
                        if rel.is_none() || rel.as_deref() == Some("alternate") {
                            it.link = attr(attrs, "href").or(it.link.take());
                        }
                    } else if depth == *idepth + 1
                        && FIELDS.contains(&lname.as_str())
                        && !self_closing
                    {
                        capture = Some((lname.clone(), depth, tz.pos(), attrs.to_string()));
                    }
                } else if lname == "title"
                    && !self_closing
                    && matches!(stack.last().map(String::as_str), Some("channel" | "feed"))
                {
                    capture = Some((lname.clone(), depth, tz.pos(), attrs.to_string()));
                }
                if !self_closing {
                    stack.push(lname);
                }
            }
            Token::End { name: raw_name } => {
                let lname = raw_name.to_ascii_lowercase();
                let Some(pos) = stack.iter().rposition(|n| *n == lname) else {
                    continue;
                };
                stack.truncate(pos);
                if let Some((field, depth, start, attrs)) = capture.take() {
                    if pos < depth || (pos == depth && field != lname) {
                        // The captured element was left unclosed; drop the capture.
                    } else if pos == depth {
                        let value = field_value(&xml[start..before.max(start)]);
                        match item.as_mut() {
                            Some((it, _)) => set_field(it, &field, &attrs, value),
                            None => outlet = Some(one_line(&value)).filter(|s| !s.is_empty()),
                        }
                    } else {
                        capture = Some((field, depth, start, attrs));
                    }
                }
                if let Some((_, idepth)) = &item {
                    if pos <= *idepth {
                        let (it, _) = item.take().unwrap_or_default();
                        finish(
                            name,
                            format.unwrap_or(Format::Rss),
                            it,
                            outlet.as_deref(),
                            &mut out,
                            true,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    if format.is_none() {
        return ReadOutcome::skip(name, None, ReadError::Feed("no XML elements found".into()));
    }
    if let Some((it, _)) = item.take() {
        let n = it.number;
        out.notices.push(Notice {
            path: name.to_string(),
            line: Some(n),
            error: ReadError::Feed(format!("item {n} is not closed: the feed is truncated")),
            skipped: false,
        });
        finish(
            name,
            format.unwrap_or(Format::Rss),
            it,
            outlet.as_deref(),
            &mut out,
            false,
        );
    }
    if count == 0 {
        out.notices.push(Notice {
            path: name.to_string(),
            line: None,
            error: ReadError::Feed("the feed has no items".into()),
            skipped: true,
        });
    }
    out
}

fn set_field(it: &mut Item, field: &str, attrs: &str, value: String) {
    match field {
        "title" => it.title = Some(one_line(&value)),
        "link" => {
            if !value.is_empty() {
                it.link = Some(one_line(&value));
            } else if let Some(h) = attr(attrs, "href") {
                it.link = Some(h);
            }
        }
        "guid" | "id" if it.link.is_none() && value.starts_with("http") => {
            it.link = Some(one_line(&value));
        }
        "pubdate" | "dc:date" | "published" => {
            it.date = dates::parse_published(&value).or(it.date.take())
        }
        "updated" if it.date.is_none() => {
            it.date = dates::parse_published(&value);
        }
        "description" | "summary" => it.summary = Some(value),
        "content:encoded" | "content" => it.content = Some(value),
        _ => {}
    }
}

fn finish(
    name: &str,
    format: Format,
    it: Item,
    outlet: Option<&str>,
    out: &mut ReadOutcome,
    closed: bool,
) {
    let body = it
        .content
        .filter(|c| !c.trim().is_empty())
        .or(it.summary)
        .unwrap_or_default();
    let title = it.title.clone().unwrap_or_default();
    let mut text = String::new();
    if !title.is_empty() && !body.starts_with(&title) {
        text.push_str(&title);
    }
    if !body.trim().is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(body.trim());
    }
    if text.trim().is_empty() {
        if closed {
            out.notices.push(Notice {
                path: name.to_string(),
                line: Some(it.number),
                error: ReadError::Feed(format!("item {} has neither title nor text", it.number)),
                skipped: true,
            });
        }
        return;
    }
    out.documents.push(make_doc(
        origin(name, Some(it.number), format),
        text,
        it.title,
        it.link,
        outlet.map(str::to_string),
        it.date,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Eastern Wire</title><link>https://example.org</link>
<item><title>Talks in Vienna end</title><link>https://example.org/a</link>
<pubDate>Fri, 14 Jan 2022 09:30:00 GMT</pubDate>
<description><![CDATA[<p>Russian envoys <b>left</b> the talks.</p><p>NATO said no.</p>]]></description></item>
<item><title>Second &amp; last</title><description>Plain &lt;i&gt;escaped&lt;/i&gt; text.</description></item>
<item></item>
</channel></rss>"#;

    #[test]
    fn rss_items() {
        let out = read("f.rss", RSS);
        assert_eq!(out.documents.len(), 2, "{:?}", out.notices);
        let d = &out.documents[0];
        assert_eq!(d.outlet.as_deref(), Some("Eastern Wire"));
        assert_eq!(d.published.as_deref(), Some("2022-01-14"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            d.text,
            "Talks in Vienna end\n\nRussian envoys left the talks.\n\nNATO said no."
        );
        assert_eq!(
            out.documents[1].text,
            "Second & last\n\nPlain escaped text."
        );
        assert_eq!(out.notices.len(), 1);
        assert_eq!(out.notices[0].line, Some(3));
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom News</title>
<entry><title>Ministers meet</title><link rel="alternate" href="https://n.example/1"/>
<published>2022-01-13T10:00:00Z</published><content type="html">&lt;p&gt;They met in Rome.&lt;/p&gt;</content></entry></feed>"#;
        let out = read("a.atom", atom);
        assert_eq!(out.documents.len(), 1);
        let d = &out.documents[0];
        assert_eq!(d.origin.format, Format::Atom);
        assert_eq!(d.outlet.as_deref(), Some("Atom News"));
        assert_eq!(d.url.as_deref(), Some("https://n.example/1"));
        assert_eq!(d.text, "Ministers meet\n\nThey met in Rome.");
    }

    #[test]
    fn broken_feeds() {
        let out = read(
            "t.rss",
            "<rss><channel><item><title>Kept</title><description>Cut off here",
        );
        assert_eq!(out.documents.len(), 1);
        assert!(!out.notices[0].skipped);
        let out = read("h.xml", "<html><body>hi</body></html>");
        assert!(out.notices[0]
            .to_string()
            .contains("not an RSS or Atom feed"));
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<rss><channel><item><title>&lol2;</title></item></channel></rss>"#;
        let out = read("l.rss", laughs);
        assert_eq!(out.documents[0].text, "&lol2;");
    }
}
