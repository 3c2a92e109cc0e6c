//! Cleaning: mark boilerplate without deleting it, and read outlet credits.
//!
//! Rules come from `data/boilerplate.toml` (image credits, related links, bylines,
//! promotions) plus three structural rules coded here: datelines and outlet credits
//! (`MOSCOW (Reuters) -`, a closing `(CNN)`, checked against `data/outlets.tsv`) and
//! subheadings (a short one-line paragraph without final punctuation between two body
//! paragraphs). Later stages read [`CleanDoc::clean_text`], where every marked byte is a
//! space, so their offsets are offsets of the original.

use std::sync::LazyLock;

use drumbeat_model::{Boilerplate, BoilerplateKind, CleanDoc, Document, OutletBasis, Span};
use regex::Regex;
use serde::Deserialize;

use crate::outlets::OUTLETS;
use crate::sentences;

#[derive(Deserialize)]
struct RuleFile {
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
struct RawRule {
    kind: BoilerplateKind,
    scope: String,
    pattern: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter: Vec<String>,
}

struct Rule {
    kind: BoilerplateKind,
    whole_line: bool,
    re: Regex,
}

/// A rule with its positive and negative examples.
type RuleWithExamples = (Rule, Vec<String>, Vec<String>);

fn load_rules() -> Result<Vec<RuleWithExamples>, crate::DataError> {
    let file = "data/boilerplate.toml";
    let f: RuleFile = toml::from_str(include_str!("../data/boilerplate.toml")).map_err(|e| {
        crate::DataError::Invalid {
            file,
            message: e.to_string(),
        }
    })?;
    f.rule
        .into_iter()
        .map(|r| {
            let whole_line = match r.scope.as_str() {
                "line" => true,
                "inline" => false,
                other => {
                    return Err(crate::DataError::Invalid {
                        file,
                        message: format!("unknown scope {other:?}"),
                    })
                }
            };
            let pat = if whole_line {
                format!(r"^\s*(?:{})\s*$", r.pattern)
            } else {
                r.pattern.clone()
            };
            let re = Regex::new(&pat).map_err(|e| crate::DataError::Invalid {
                file,
                message: e.to_string(),
            })?;
            Ok((
                Rule {
                    kind: r.kind,
                    whole_line,
                    re,
                },
                r.examples,
                r.counter,
            ))
        })
        .collect()
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    load_rules()
        .expect("data/boilerplate.toml is valid (tested)")
        .into_iter()
        .map(|r| r.0)
        .collect()
});

/// `CITY (Outlet) -` or `CITY, Country -` at the start of a paragraph.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][A-Z.'’ -]{1,40}[A-Z](?:,\s*[A-Z][\p{L}.]+(?:\s[A-Z][\p{L}.]+){0,2})?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?)?\s*(?:\(([^()\n]{2,40})\))?\s*[-—–]\s+")
        .expect("dateline pattern")
});
/// `City, Country, Month day (Outlet) -` with the place in title case ("Mitrovica, Kosovo,
/// July 31 (Reuters) –", "Port-Au-Prince (Reuters) –"): only with the outlet in brackets,
/// so a paragraph opening "Ukraine – ..." is no dateline.
static DATELINE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][\p{L}'’.-]+(?:[ ][A-Z][\p{L}'’.-]+){0,3}(?:,\s*[A-Z][\p{L}.]+(?:\s[A-Z][\p{L}.]+){0,2})?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?)\s*\(([^()\n]{2,40})\)\s*[-—–]\s+")
        .expect("dateline pattern")
});
/// `(Outlet)` at the start of a paragraph, without a dash: `(CNN)A senior official ...`.
static LEADING_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(([^()\n]{2,40})\)\s*[-—–]?\s*").expect("credit pattern"));
/// `(Outlet)` at the end of a paragraph.
static TRAILING_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(\s*([^()\n]{2,40}?)\s*\)\s*$").expect("credit pattern"));

/// An outlet credit the table does not know: two to four capitalised words with lower
/// case in them ("Pacific Wire", "Harbour Times"), so that an acronym or a single word
/// in parentheses ("(UN)", "(Photo)") is never taken for an outlet.
fn unknown_outlet_name(s: &str) -> Option<String> {
    let s = s.trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    let shaped = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        })
        && words.iter().any(|w| w.chars().any(char::is_lowercase));
    let not_credit = [
        "Photo",
        "Image",
        "File",
        "Video",
        "Reporting",
        "Editing",
        "Updated",
    ];
    (shaped && !not_credit.iter().any(|n| s.contains(n))).then(|| s.to_string())
}

/// The outlet a credit names: one the table knows, else a plausible unknown name.
fn credited(s: &str) -> Option<String> {
    OUTLETS
        .exact(s)
        .map(|o| o.name.clone())
        .or_else(|| unknown_outlet_name(s))
}

struct Marks {
    items: Vec<Boilerplate>,
}

impl Marks {
    fn add(&mut self, text: &str, kind: BoilerplateKind, span: Span) {
        if span.is_empty() || !span.is_valid_in(text) {
            return;
        }
        if self.items.iter().any(|b| b.span.contains(&span)) {
            return;
        }
        self.items.retain(|b| !span.contains(&b.span));
        self.items.push(Boilerplate {
            kind,
            span,
            text: span.text(text).to_string(),
        });
    }
    fn covered(&self, span: Span) -> bool {
        self.items.iter().any(|b| b.span.contains(&span))
    }
}

/// Clean one document: mark its boilerplate, read outlet credits, split sentences.
pub fn clean(doc: Document) -> CleanDoc {
    let text = doc.text.as_str();
    let mut marks = Marks { items: Vec::new() };
    if let Some(h) = doc.header {
        marks.add(text, BoilerplateKind::DateHeader, h);
    }
    let body_from = doc.header.map(|h| h.end).unwrap_or(0);
    let mut credit: Option<String> = None;

    // Pass 1: line and inline rules.
    for line in sentences::lines(text) {
        let start = line.start.max(body_from);
        if start >= line.end {
            continue;
        }
        let l = &text[start..line.end];
        for rule in RULES.iter() {
            if rule.whole_line {
                if rule.re.is_match(l) {
                    let lead = l.len() - l.trim_start().len();
                    let trail = l.len() - l.trim_end().len();
                    marks.add(text, rule.kind, Span::new(start + lead, line.end - trail));
                }
            } else {
                for m in rule.re.find_iter(l) {
                    marks.add(
                        text,
                        rule.kind,
                        Span::new(start + m.start(), start + m.end()),
                    );
                }
            }
        }
    }

    // Pass 2: datelines and outlet credits, on the text with pass-1 marks blanked.
    let blanked = drumbeat_model::blank_spans(text, marks.items.iter().map(|b| b.span));
    for para in sentences::paragraphs(&blanked) {
        let p = para.text(&blanked);
        if let Some(c) = DATELINE
            .captures(p)
            .or_else(|| DATELINE_TITLE.captures(p).filter(|c| c.get(2).is_some()))
        {
            let outlet = c.get(2).and_then(|m| {
                let name = if c.get(1).is_some() {
                    credited(m.as_str())
                } else {
                    OUTLETS.exact(m.as_str()).map(|o| o.name.clone())
                };
                name.map(|n| (m, n))
            });
            if c.get(1).is_some() || outlet.is_some() {
                // The whole match, up to and including the dash, without trailing space.
                let whole = c.get(0).map(|m| m.as_str().trim_end().len()).unwrap_or(0);
                if let Some((m, o)) = &outlet {
                    credit.get_or_insert_with(|| o.clone());
                    marks.add(
                        text,
                        BoilerplateKind::OutletCredit,
                        Span::new(para.start + m.start() - 1, para.start + whole),
                    );
                }
                if let Some(city) = c.get(1) {
                    let end = outlet
                        .as_ref()
                        .map(|(m, _)| m.start() - 1)
                        .unwrap_or(whole)
                        .max(city.end());
                    let end = city.start() + p[city.start()..end].trim_end().len();
                    marks.add(
                        text,
                        BoilerplateKind::Dateline,
                        Span::new(para.start + city.start(), para.start + end),
                    );
                }
            }
        } else if let Some(c) = LEADING_CREDIT.captures(p) {
            if let Some(o) = c.get(1).and_then(|m| OUTLETS.exact(m.as_str())) {
                credit.get_or_insert_with(|| o.name.clone());
                let m = c.get(0).map(|m| m.as_str().trim_end().len()).unwrap_or(0);
                marks.add(
                    text,
                    BoilerplateKind::OutletCredit,
                    Span::new(para.start, para.start + m),
                );
            }
        }
        if let Some(c) = TRAILING_CREDIT.captures(p) {
            let last = para.end >= blanked.trim_end().len();
            let name = c.get(1).and_then(|m| {
                if last {
                    credited(m.as_str())
                } else {
                    OUTLETS.exact(m.as_str()).map(|o| o.name.clone())
                }
            });
            if let Some(o) = name {
                credit.get_or_insert(o);
                let m = c.get(0).map(|m| m.start()).unwrap_or(0);
                let end = para.start + p.trim_end().len();
                marks.add(
                    text,
                    BoilerplateKind::OutletCredit,
                    Span::new(para.start + m, end),
                );
            }
        }
    }

    // Pass 3: subheadings between body paragraphs.
    let blanked = drumbeat_model::blank_spans(text, marks.items.iter().map(|b| b.span));
    let paras = sentences::paragraphs(&blanked);
    let words = |s: Span| s.text(&blanked).split_whitespace().count();
    for i in 1..paras.len().saturating_sub(1) {
        let p = paras[i];
        let t = p.text(&blanked).trim();
        if t.contains('\n') || marks.covered(p) {
            continue;
        }
        let n = words(p);
        let ends_open = !t.ends_with(['.', '!', '?', '…', '"', '”', ')', ';', ',']);
        let starts_upper =
            t.starts_with(|c: char| c.is_uppercase() || matches!(c, '\'' | '‘' | '"' | '“'));
        if (2..=16).contains(&n)
            && ends_open
            && starts_upper
            && words(paras[i - 1]) >= 12
            && words(paras[i + 1]) >= 12
        {
            marks.add(text, BoilerplateKind::Subheading, p);
        }
    }

    marks.items.sort_by_key(|b| b.span);
    let blanked = drumbeat_model::blank_spans(text, marks.items.iter().map(|b| b.span));
    let sentences = sentences::split(&blanked);
    let (outlet, outlet_basis) = match (&doc.outlet, credit) {
        (Some(o), _) => (Some(o.clone()), Some(OutletBasis::Metadata)),
        (None, Some(c)) => (Some(c), Some(OutletBasis::Credit)),
        (None, None) => (None, None),
    };
    CleanDoc {
        document: doc,
        outlet,
        outlet_basis,
        boilerplate: marks.items,
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::plain("x", "t", text, None)
    }

    #[test]
    fn boilerplate_rules_examples() {
        let rules = load_rules().unwrap();
        for (rule, examples, counter) in rules {
            assert!(!examples.is_empty(), "rule {} has no example", rule.re);
            for e in &examples {
                let hit = if rule.whole_line {
                    rule.re.is_match(e)
                } else {
                    rule.re.find(e).is_some_and(|m| m.as_str() == e.trim())
                };
                assert!(hit, "rule {:?} {} should mark {e:?}", rule.kind, rule.re);
            }
            for c in &counter {
                assert!(
                    !rule.re.is_match(c),
                    "rule {:?} {} must not mark {c:?}",
                    rule.kind,
                    rule.re
                );
            }
        }
    }

    #[test]
    fn unknown_outlets_only_in_credit_shape() {
        assert_eq!(
            unknown_outlet_name("Pacific Wire").as_deref(),
            Some("Pacific Wire")
        );
        assert_eq!(
            unknown_outlet_name("Harbour Times").as_deref(),
            Some("Harbour Times")
        );
        for no in [
            "UN",
            "Photo: AP",
            "file photo",
            "Kyiv",
            "2024 Report",
            "AP Photo File",
        ] {
            assert!(unknown_outlet_name(no).is_none(), "{no}");
        }
        let d = Document::plain(
            "x",
            "x.txt",
            "MANILA (Pacific Wire) - Ships met.\n\nOfficials said so. (Harbour Times)\n",
            None,
        );
        assert_eq!(clean(d).outlet.as_deref(), Some("Pacific Wire"));
        let d = Document::plain(
            "y",
            "y.txt",
            "Ships met (Coast Guard Office) today.\n\nAnd left. (Harbour Times)\n",
            None,
        );
        assert_eq!(clean(d).outlet.as_deref(), Some("Harbour Times"));
        let d = Document::plain(
            "z",
            "z.txt",
            "Talks went on (Both Sides Agree).\n\nThen they left.\n",
            None,
        );
        assert_eq!(
            clean(d).outlet,
            None,
            "a parenthesis inside the body is no credit"
        );
    }

    #[test]
    fn credits_and_datelines() {
        let c = clean(doc(
            "KYIV (Reuters) - Troops moved on Friday, officials said.\nMore text here. (AP)",
        ));
        let kinds: Vec<_> = c
            .boilerplate
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (BoilerplateKind::Dateline, "KYIV"),
                (BoilerplateKind::OutletCredit, "(Reuters) -"),
                (BoilerplateKind::OutletCredit, "(AP)")
            ]
        );
        assert_eq!(c.outlet.as_deref(), Some("Reuters"));
        assert_eq!(c.outlet_basis, Some(OutletBasis::Credit));
        // Title-case datelines, with a country and a date, when the outlet is bracketed.
        for t in [
            "Mitrovica, Kosovo, July 31 (Reuters) – Police clashed with protesters.",
            "Port-Au-Prince (Reuters) – The president was shot dead.",
        ] {
            let c = clean(doc(t));
            assert_eq!(c.outlet.as_deref(), Some("Reuters"), "{t}");
            assert_eq!(c.boilerplate[0].kind, BoilerplateKind::Dateline, "{t}");
        }
        let c = clean(doc("Ukraine – the war goes on, officials said."));
        assert!(c.boilerplate.is_empty());
        // Not credits: parenthesised words that are no outlet.
        let c = clean(doc(
            "The Organization for Security and Co-operation in Europe (OSCE) met.",
        ));
        assert!(c.boilerplate.is_empty());
    }

    #[test]
    fn subheading_between_paragraphs() {
        let body = "The talks between the two delegations ended on Thursday without any agreement on the main points.";
        let t = format!("{body}\n\n'Talks are over': Envoy to the OSCE\n\n{body}\n");
        let c = clean(doc(&t));
        assert_eq!(c.boilerplate.len(), 1);
        assert_eq!(c.boilerplate[0].kind, BoilerplateKind::Subheading);
        assert_eq!(c.sentences.len(), 2);
    }
}
