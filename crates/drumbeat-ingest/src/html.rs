//! HTML pages: the article's main text, title, outlet, date and canonical link.
//!
//! Scripts, styles, navigation, headers, footers, asides, forms, figure captions and
//! blocks whose class or id says they are menus, share bars, related links, comments or
//! adverts are dropped. When the page has an `<article>` (or else a `<main>`), only its
//! text is kept. Each block element becomes a paragraph; the title is the first line.

use drumbeat_model::Format;

use crate::markup::{attr, decode_entities, Token, Tokenizer};
use crate::{dates, make_doc, origin, ReadError, ReadOutcome};

/// Elements whose whole content is dropped.
const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "header",
    "aside",
    "form",
    "template",
    "svg",
    "iframe",
    "button",
    "select",
    "figcaption",
    "figure",
    "menu",
    "dialog",
    "object",
    "canvas",
    "video",
    "audio",
    "textarea",
    "head",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "main",
    "tr",
    "table",
    "pre",
    "hr",
    "dd",
    "dt",
    "body",
];

/// Words in a class or id that mark a block as page furniture.
const FURNITURE: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "comment",
    "share",
    "social",
    "related",
    "advert",
    "ad-",
    "promo",
    "cookie",
    "subscribe",
    "newsletter",
    "breadcrumb",
    "caption",
    "byline-share",
    "recommend",
    "trending",
    "popular",
    "outbrain",
    "taboola",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

fn is_in(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

fn is_furniture(attrs: &str) -> bool {
    let mut words = String::new();
    if let Some(c) = attr(attrs, "class") {
        words.push_str(&c);
        words.push(' ');
    }
    if let Some(i) = attr(attrs, "id") {
        words.push_str(&i);
    }
    if let Some(r) = attr(attrs, "role") {
        if matches!(
            r.as_str(),
            "navigation" | "banner" | "contentinfo" | "complementary"
        ) {
            return true;
        }
    }
    if attr(attrs, "hidden").is_some() || attr(attrs, "aria-hidden").as_deref() == Some("true") {
        return true;
    }
    let words = words.to_ascii_lowercase();
    words
        .split(|c: char| c.is_whitespace() || c == '_')
        .any(|w| {
            FURNITURE.iter().any(|f| {
                w == *f || (w.starts_with(f) && f.len() > 3) || w.ends_with(&format!("-{f}"))
            })
        })
}

/// What an HTML page holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// Paragraphs of main text, in order; the first `h1` marked as the title.
    pub paragraphs: Vec<String>,
}

#[derive(Default)]
struct Blocks {
    all: Vec<(String, bool)>,
    current: String,
    in_main: bool,
    h1: Option<String>,
    in_h1: bool,
}

impl Blocks {
    fn push_text(&mut self, t: &str) {
        let decoded = decode_entities(t);
        for (i, w) in decoded
            .split(|c: char| c.is_whitespace() || c == '\u{a0}')
            .enumerate()
        {
            if i > 0 && !self.current.ends_with(' ') && !self.current.is_empty() {
                self.current.push(' ');
            }
            self.current.push_str(w);
        }
    }
    fn flush(&mut self) {
        let p = self.current.trim().to_string();
        self.current.clear();
        if self.in_h1 && self.h1.is_none() && !p.is_empty() {
            self.h1 = Some(p.clone());
        }
        if !p.is_empty() {
            self.all.push((p, self.in_main));
        }
    }
}

/// Extract the main text and metadata of a page.
pub fn extract(html: &str) -> Page {
    let mut page = Page::default();
    let mut blocks = Blocks::default();
    let mut title_tag = String::new();
    let mut in_title = false;
    // Open skip element and its nesting depth; page furniture inside skipped content is ignored.
    let mut skip: Option<(&str, u32)> = None;
    let mut main_depth = 0u32;
    let mut main_name: Option<&str> = None;
    let mut saw_article = false;
    for tok in Tokenizer::html(html) {
        if let Some((name, depth)) = skip.as_mut() {
            match tok {
                Token::Start {
                    name: n,
                    self_closing: false,
                    ..
                } if n.eq_ignore_ascii_case(name) => *depth += 1,
                Token::End { name: n } if n.eq_ignore_ascii_case(name) => {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                }
                Token::Start { name: n, attrs, .. }
                    if n.eq_ignore_ascii_case("meta") || n.eq_ignore_ascii_case("link") =>
                {
                    read_meta(n, attrs, &mut page);
                }
                Token::Text(t) if in_title => title_tag.push_str(t),
                Token::End { name: n } if n.eq_ignore_ascii_case("title") => in_title = false,
                Token::Start { name: n, .. } if n.eq_ignore_ascii_case("title") => in_title = true,
                _ => {}
            }
            continue;
        }
        match tok {
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                if name.eq_ignore_ascii_case("meta") || name.eq_ignore_ascii_case("link") {
                    read_meta(name, attrs, &mut page);
                    continue;
                }
                if name.eq_ignore_ascii_case("time") && page.published.is_none() {
                    if let Some(dt) = attr(attrs, "datetime") {
                        page.published = dates::parse_published(&dt);
                    }
                }
                if name.eq_ignore_ascii_case("title") {
                    in_title = true;
                    continue;
                }
                let void = self_closing || is_in(name, VOID);
                if !void && (is_in(name, SKIP) || is_furniture(attrs)) {
                    // `<header>` inside an article holds its headline: keep its h1 only.
                    blocks.flush();
                    skip = Some((name, 1));
                    continue;
                }
                if is_in(name, BLOCK) {
                    blocks.flush();
                }
                let is_main =
                    name.eq_ignore_ascii_case("article") || name.eq_ignore_ascii_case("main");
                if is_main && !void {
                    if main_name.is_none() && (name.eq_ignore_ascii_case("article") || !saw_article)
                    {
                        main_name = Some(name);
                        blocks.in_main = true;
                    }
                    if main_name.is_some_and(|m| m.eq_ignore_ascii_case(name)) {
                        main_depth += 1;
                    }
                    if name.eq_ignore_ascii_case("article") {
                        saw_article = true;
                    }
                }
                if name.eq_ignore_ascii_case("h1") {
                    blocks.in_h1 = true;
                }
            }
            Token::End { name } => {
                if name.eq_ignore_ascii_case("title") {
                    in_title = false;
                    continue;
                }
                if is_in(name, BLOCK) {
                    blocks.flush();
                }
                if name.eq_ignore_ascii_case("h1") {
                    blocks.in_h1 = false;
                }
                if main_name.is_some_and(|m| m.eq_ignore_ascii_case(name)) && main_depth > 0 {
                    main_depth -= 1;
                    if main_depth == 0 {
                        blocks.in_main = false;
                    }
                }
            }
            Token::Text(t) => {
                if in_title {
                    title_tag.push_str(t);
                } else {
                    blocks.push_text(t);
                }
            }
            Token::CData(t) => blocks.push_text(t),
            Token::Other => {}
        }
    }
    blocks.flush();
    let any_main = blocks.all.iter().any(|(_, m)| *m);
    page.paragraphs = blocks
        .all
        .into_iter()
        .filter(|(_, m)| !any_main || *m)
        .map(|(p, _)| p)
        .collect();
    let title_tag = decode_entities(
        title_tag
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
    )
    .into_owned();
    if page.title.is_none() {
        page.title = blocks
            .h1
            .or_else(|| (!title_tag.is_empty()).then_some(title_tag));
    }
    page
}

fn read_meta(name: &str, attrs: &str, page: &mut Page) {
    if name.eq_ignore_ascii_case("link") {
        if attr(attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) {
            page.url = attr(attrs, "href");
        }
        return;
    }
    let key = attr(attrs, "property")
        .or_else(|| attr(attrs, "name"))
        .or_else(|| attr(attrs, "itemprop"))
        .map(|k| k.to_ascii_lowercase());
    let Some(key) = key else { return };
    let Some(content) = attr(attrs, "content") else {
        return;
    };
    let content = content.trim().to_string();
    if content.is_empty() {
        return;
    }
    match key.as_str() {
        "og:site_name" | "application-name" | "publisher" => {
            page.outlet.get_or_insert(content);
        }
        "og:title" | "twitter:title" => {
            page.title.get_or_insert(content);
        }
        "og:url" => {
            page.url.get_or_insert(content);
        }
        "article:published_time"
        | "datepublished"
        | "pubdate"
        | "date"
        | "dc.date"
        | "publish-date"
        | "sailthru.date"
            if page.published.is_none() =>
        {
            page.published = dates::parse_published(&content);
        }
        _ => {}
    }
}

/// Plain text of an HTML fragment (a feed item's description), paragraphs joined by
/// blank lines.
pub fn fragment_text(html: &str) -> String {
    let page = extract(html);
    page.paragraphs.join("\n\n")
}

/// Read one HTML page.
pub fn read(name: &str, html: &str) -> ReadOutcome {
    let lower_head: String = html
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    if !lower_head.contains('<') {
        return ReadOutcome::skip(name, None, ReadError::Html("no markup found".into()));
    }
    let page = extract(html);
    let mut paragraphs = page.paragraphs;
    // A page's title alone is not an article; a fragment without a title is all body.
    let title_lines = usize::from(page.title.is_some());
    if let Some(t) = &page.title {
        if paragraphs.first() != Some(t) {
            paragraphs.insert(0, t.clone());
        }
    }
    let body_words: usize = paragraphs
        .iter()
        .skip(title_lines)
        .map(|p| p.split_whitespace().count())
        .sum();
    if body_words == 0 {
        return ReadOutcome::skip(
            name,
            None,
            ReadError::Html("no article text found in the page".into()),
        );
    }
    let text = paragraphs.join("\n\n");
    ReadOutcome {
        documents: vec![make_doc(
            origin(name, None, Format::Html),
            text,
            page.title,
            page.url,
            page.outlet,
            page.published,
        )],
        notices: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_without_furniture() {
        let html = r#"<!doctype html><html><head><title>Talks end | The Wire</title>
<meta property="og:site_name" content="The Wire"><meta property="article:published_time" content="2022-01-14T08:00:00Z">
<script>var x = "<p>not text</p>";</script><style>p{}</style></head>
<body><nav><a href="/">Home</a><a href="/world">World</a></nav>
<article><h1>Talks end &amp; tension rises</h1><p>Russia&rsquo;s envoy said <b>talks</b> failed.</p>
<div class="share-bar">Share on X</div><figure><img src=a.jpg><figcaption>Photo: AP</figcaption></figure>
<p>NATO allies met on Thursday.</article>
<footer>© The Wire 2022</footer></body></html>"#;
        let p = extract(html);
        assert_eq!(p.title.as_deref(), Some("Talks end & tension rises"));
        assert_eq!(p.outlet.as_deref(), Some("The Wire"));
        assert_eq!(p.published.as_deref(), Some("2022-01-14"));
        assert_eq!(
            p.paragraphs,
            vec![
                "Talks end & tension rises",
                "Russia’s envoy said talks failed.",
                "NATO allies met on Thursday."
            ]
        );
    }

    #[test]
    fn deep_nesting_is_linear() {
        let html = format!(
            "{}<p>deep text</p>{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let p = extract(&html);
        assert_eq!(p.paragraphs, vec!["deep text"]);
    }

    #[test]
    fn fragment_without_title_is_an_article() {
        let out = read("x.html", "<p>Ghana and Togo met in Accra.</p>");
        assert_eq!(out.documents.len(), 1, "{:?}", out.notices);
        assert_eq!(out.documents[0].text, "Ghana and Togo met in Accra.");
    }

    #[test]
    fn page_without_text_is_skipped() {
        let out = read("x.html", "<html><body><nav>menu</nav></body></html>");
        assert!(out.documents.is_empty());
        assert!(out.notices[0].to_string().contains("no article text"));
    }
}
