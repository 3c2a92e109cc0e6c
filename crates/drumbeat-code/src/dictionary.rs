//! A user's verb dictionary in the PETRARCH/TABARI format, read at run time
//! (`drumbeat --dictionary DIR`) and merged with the shipped lexicon
//! ([`crate::lexicon::with_dictionary`]).
//!
//! What is read of the format (`petrarch2/dictionaries.rst` describes all of it):
//! - `&NAME` synonym sets, each followed by `+WORD` lines;
//! - verb blocks `---  NAME   [code]  ---` with the block's default CAMEO code;
//! - verb lines `WORD [code] {IRREGULAR FORMS} # comment`: a verb with its own code, or
//!   the block's; `---` as a code means "no event on its own";
//! - pattern lines `- * OBJECT WORDS [code]`: the verb followed, within a few words, by
//!   the object words (`{A B}` a phrase, `(...)` a prepositional phrase, `&SET` each word
//!   of a synonym set; `+`, `$`, `^` and `%` mark actors and are skipped). A pattern coded
//!   `---` is a phrase that is no event.
//!
//! What is not: patterns with words before the verb (`- &MILITARY *`), which need the
//! parse PETRARCH has; stems (PETRARCH's `VIOLAT` matching "violate" and "violating")
//! match only as written.
//!
//! Each CAMEO code becomes a PLOVER type, mode and context: the shipped lexicon's own
//! trigger with that code first (so the gold's conventions hold: imposed sanctions are
//! SANCTION), then a `CAMEO2PLOVER` mapping if one was given, then the shipped trigger of
//! the nearest parent code.

use std::collections::HashMap;

use crate::lexicon::{Cameo, RawTrigger};

/// A line the reader could not use, with its number.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DictionaryError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("no verb block (`---  VERB  [code]  ---`) found: not a PETRARCH verb dictionary")]
    NoVerbs,
}

/// One CAMEO code's PLOVER reading, from a `CAMEO2PLOVER` file.
#[derive(Debug, Clone, PartialEq)]
pub struct PloverCode {
    pub event_type: drumbeat_model::EventType,
    pub mode: String,
    pub context: String,
    pub name: String,
}

/// Read a CAMEO→PLOVER mapping: `163: COERCE, restrict, diplomatic # Impose embargo`.
/// Lines without a PLOVER type (a bare root like `03: AGREE` has one) are kept.
pub fn parse_cameo2plover(text: &str) -> HashMap<String, PloverCode> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((code, rest)) = line.split_once(':') else {
            continue;
        };
        let code = code.trim();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let (fields, name) = rest.split_once('#').unwrap_or((rest, ""));
        let mut f = fields.split(',').map(str::trim);
        let Some(event_type) = drumbeat_model::EventType::parse(f.next().unwrap_or("")) else {
            continue;
        };
        out.insert(
            code.to_string(),
            PloverCode {
                event_type,
                mode: f.next().unwrap_or("").to_string(),
                context: f.next().unwrap_or("").to_string(),
                name: name.trim().to_string(),
            },
        );
    }
    out
}

/// What a verb dictionary adds to the lexicon.
#[derive(Debug, Default)]
pub struct VerbEntries {
    pub triggers: Vec<RawTrigger>,
    pub not_phrases: Vec<String>,
    pub irregular: HashMap<String, Vec<String>>,
    /// CAMEO codes the shipped table lacks, scored as their nearest parent.
    pub cameo: Vec<Cameo>,
    pub stats: VerbStats,
    /// Lines left out, with why (real dictionaries hold typos; one does not stop the rest).
    pub warnings: Vec<DictionaryError>,
}

/// Counts for the user: what was read and what was left out.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct VerbStats {
    pub verbs: usize,
    pub patterns: usize,
    pub no_event_phrases: usize,
    /// Patterns with words before the verb (they need a parse).
    pub skipped_patterns: usize,
    /// Verbs and patterns whose CAMEO code has no PLOVER reading.
    pub unmapped: usize,
}

struct Block {
    default: Option<String>,
    /// (verb words, own code)
    verbs: Vec<(Vec<String>, Option<String>)>,
    /// (object word alternatives, code or None for `---`)
    patterns: Vec<(Vec<Vec<String>>, Option<String>)>,
}

/// `[042:043]` → `042`, `[:173]` → `173`, `[---]` → None.
fn code_of(s: &str, line: usize) -> Result<Option<String>, DictionaryError> {
    let s = s.trim();
    let s = s.find(']').map_or(s, |e| &s[..=e]);
    let inner = s.trim_start_matches('[').trim_end_matches(']').trim();
    if inner.starts_with("---") || inner.is_empty() {
        return Ok(None);
    }
    let c = inner
        .split(':')
        .map(str::trim)
        .find(|p| !p.is_empty())
        .unwrap_or("")
        // `!` marks a pattern PETRARCH treats specially; the code is what is before it.
        .trim_end_matches('!');
    if c.starts_with("---") {
        return Ok(None);
    }
    if c.len() < 2 || c.len() > 4 || !c.chars().all(|x| x.is_ascii_digit()) {
        return Err(DictionaryError::Line {
            line,
            message: format!("{s:?} is not a CAMEO code"),
        });
    }
    Ok(Some(c.to_string()))
}

/// The text before a line's last `[code]` and the code (None: no bracket at all).
fn bracketed(s: &str, line: usize) -> Result<(&str, Option<Option<String>>), DictionaryError> {
    match s.rfind('[') {
        Some(at) => Ok((&s[..at], Some(code_of(&s[at..], line)?))),
        None => Ok((s, None)),
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Expand a pattern's words after the verb into alternatives (one per synonym-set word,
/// at most 32).
fn expand(tokens: &str, sets: &HashMap<String, Vec<String>>) -> Vec<Vec<String>> {
    let mut alts: Vec<Vec<String>> = vec![Vec::new()];
    for tok in tokens.split_whitespace() {
        let tok = tok.trim_matches(|c| matches!(c, '(' | ')' | '{' | '}'));
        if tok.is_empty() || matches!(tok, "+" | "$" | "^" | "%" | "*") {
            continue;
        }
        if let Some(name) = tok.strip_prefix('&') {
            let Some(members) = sets.get(name) else {
                continue;
            };
            let mut next = Vec::new();
            for a in &alts {
                for m in members {
                    if next.len() >= 32 {
                        break;
                    }
                    let mut x = a.clone();
                    x.extend(words(m));
                    next.push(x);
                }
            }
            alts = next;
        } else {
            let w = words(tok.trim_matches(|c| matches!(c, '+' | '$' | '^' | '%')));
            for a in &mut alts {
                a.extend(w.iter().cloned());
            }
        }
    }
    alts.retain(|a| !a.is_empty());
    alts
}

/// Read a verb dictionary. The CAMEO codes become PLOVER types through the shipped
/// lexicon's triggers and `mapping` (see the module text).
pub fn parse_verbs(
    text: &str,
    mapping: &HashMap<String, PloverCode>,
) -> Result<VerbEntries, DictionaryError> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut current_set: Option<String> = None;
    let mut blocks: Vec<Block> = Vec::new();
    let mut irregular: HashMap<String, Vec<String>> = HashMap::new();
    let mut stats = VerbStats::default();
    let mut warnings = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('&') {
            current_set = Some(name.trim().to_string());
            sets.entry(name.trim().to_string()).or_default();
            continue;
        }
        if let Some(w) = line.strip_prefix('+') {
            if let Some(s) = &current_set {
                sets.entry(s.clone())
                    .or_default()
                    .push(w.trim().to_string());
            }
            continue;
        }
        current_set = None;
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim_end_matches('-').trim();
            let default = match rest.find('[').map(|at| code_of(&rest[at..], line_no)) {
                Some(Ok(c)) => c,
                Some(Err(e)) => {
                    warnings.push(e);
                    None
                }
                None => None,
            };
            blocks.push(Block {
                default,
                verbs: Vec::new(),
                patterns: Vec::new(),
            });
            continue;
        }
        let Some(block) = blocks.last_mut() else {
            continue;
        };
        if let Some(p) = line.strip_prefix('-') {
            let (body, code) = match bracketed(p, line_no) {
                Ok((body, Some(c))) => (body, c),
                Ok((body, None)) => (body, block.default.clone()),
                Err(e) => {
                    warnings.push(e);
                    continue;
                }
            };
            let Some(star) = body.find('*') else {
                warnings.push(DictionaryError::Line {
                    line: line_no,
                    message: "a pattern needs `*` where the verb stands".into(),
                });
                continue;
            };
            if !body[..star].trim().is_empty() {
                stats.skipped_patterns += 1;
                continue;
            }
            let alts = expand(&body[star + 1..], &sets);
            if !alts.is_empty() {
                block.patterns.push((alts, code));
            }
            continue;
        }
        // A verb line: WORDS [code] {FORMS}
        let (head, forms) = match line.split_once('{') {
            Some((h, f)) => (h, f.trim_end_matches('}')),
            None => (line, ""),
        };
        let (head, code) = match bracketed(head, line_no) {
            Ok((head, c)) => (head, c.flatten()),
            Err(e) => {
                warnings.push(e);
                continue;
            }
        };
        let verb = words(head);
        if verb.is_empty() {
            continue;
        }
        let forms: Vec<String> = forms
            .split_whitespace()
            .map(str::to_lowercase)
            .filter(|f| !f.contains('_'))
            .collect();
        if !forms.is_empty() {
            irregular.entry(verb[0].clone()).or_insert(forms);
        }
        block.verbs.push((verb, code));
    }
    if blocks.is_empty() {
        return Err(DictionaryError::NoVerbs);
    }

    // Group by CAMEO code: one trigger per code.
    let mut g = Grouper {
        mapping,
        by_code: HashMap::new(),
        new_cameo: HashMap::new(),
    };
    let mut not_phrases = Vec::new();
    for b in &blocks {
        for (verb, own) in &b.verbs {
            let Some(code) = own.clone().or_else(|| b.default.clone()) else {
                continue;
            };
            match g.trigger(&code) {
                Some(t) => {
                    t.verbs.push(verb.join(" "));
                    stats.verbs += 1;
                }
                None => stats.unmapped += 1,
            }
        }
        for (alts, code) in &b.patterns {
            for (verb, _) in &b.verbs {
                for object in alts {
                    let Some(code) = code else {
                        let mut w = verb.clone();
                        w.extend(object.iter().cloned());
                        not_phrases.push(w.join(" "));
                        stats.no_event_phrases += 1;
                        continue;
                    };
                    match g.trigger(code) {
                        Some(t) => {
                            t.pairs
                                .push(format!("{} ~ {}", verb.join(" "), object.join(" ")));
                            stats.patterns += 1;
                        }
                        None => stats.unmapped += 1,
                    }
                }
            }
        }
    }
    let (by_code, new_cameo) = (g.by_code, g.new_cameo);
    let mut triggers: Vec<RawTrigger> = by_code.into_values().collect();
    triggers.sort_by(|a, b| a.cameo.cmp(&b.cameo));
    Ok(VerbEntries {
        triggers,
        not_phrases,
        irregular,
        cameo: new_cameo.into_values().collect(),
        stats,
        warnings,
    })
}

/// Gathers the dictionary's verbs and patterns into one trigger per CAMEO code.
struct Grouper<'a> {
    mapping: &'a HashMap<String, PloverCode>,
    by_code: HashMap<String, RawTrigger>,
    new_cameo: HashMap<String, Cameo>,
}

impl Grouper<'_> {
    /// The trigger of `code`, made on first use; None when the code has no PLOVER reading
    /// or no score.
    fn trigger(&mut self, code: &str) -> Option<&mut RawTrigger> {
        if !self.by_code.contains_key(code) {
            let (event_type, mode, context) = reading(code, self.mapping)?;
            let shipped = &crate::lexicon::LEXICON.cameo;
            if !shipped.contains_key(code) {
                let parent = (2..code.len())
                    .rev()
                    .find_map(|n| shipped.get(&code[..n]))
                    // Else the root's shortest code, the same on every run.
                    .or_else(|| {
                        shipped
                            .values()
                            .filter(|c| c.code.starts_with(&code[..2]))
                            .min_by(|a, b| (a.code.len(), &a.code).cmp(&(b.code.len(), &b.code)))
                    })?;
                let name = self
                    .mapping
                    .get(code)
                    .map(|m| m.name.clone())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| format!("CAMEO {code}"));
                self.new_cameo.insert(
                    code.to_string(),
                    Cameo {
                        code: code.to_string(),
                        name,
                        goldstein: parent.goldstein,
                        quad: parent.quad,
                    },
                );
            }
            self.by_code.insert(
                code.to_string(),
                RawTrigger {
                    event_type,
                    mode,
                    cameo: code.to_string(),
                    context,
                    verbs: Vec::new(),
                    nouns: Vec::new(),
                    pairs: Vec::new(),
                    subjects: Vec::new(),
                    examples: Vec::new(),
                },
            );
        }
        self.by_code.get_mut(code)
    }
}

/// The PLOVER type, mode and context of a CAMEO code.
fn reading(
    code: &str,
    mapping: &HashMap<String, PloverCode>,
) -> Option<(drumbeat_model::EventType, String, String)> {
    let shipped = &crate::lexicon::LEXICON.triggers;
    let own = |c: &str| {
        shipped
            .iter()
            .find(|t| t.cameo == c)
            .map(|t| (t.event_type, t.mode.clone(), t.context.clone()))
    };
    if let Some(r) = own(code) {
        return Some(r);
    }
    for n in (2..=code.len()).rev() {
        if let Some(m) = mapping.get(&code[..n]) {
            return Some((m.event_type, m.mode.clone(), m.context.clone()));
        }
    }
    (2..code.len())
        .rev()
        .find_map(|n| own(&code[..n]))
        .or_else(|| {
            shipped
                .iter()
                .find(|t| t.cameo.starts_with(&code[..2]))
                .map(|t| (t.event_type, String::new(), t.context.clone()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    // A small dictionary in the PETRARCH format, written for this test.
    const SAMPLE: &str = "\
&WEAPONRY
+ROCKETS
+ARTILLERY_SHELLS

####### VERB PATTERNS #######

---  LOB   [---]  ---
LOB {LOBBED LOBBING LOBS}
- * &WEAPONRY (AT)                 [195]   # lob
- * COMPLIMENTS                    [---]   # lob
- &MILITARY *                      [190]   # needs a parse

---  REBUKE   [111]  ---
REBUKE
VILIFY [112] # own code
- * (FOR {RIGHTS ABUSES})          [1122]
";

    #[test]
    fn reads_blocks_patterns_and_sets() {
        let v = parse_verbs(SAMPLE, &HashMap::new()).unwrap();
        assert_eq!(v.stats.skipped_patterns, 1);
        assert_eq!(v.stats.no_event_phrases, 1);
        assert_eq!(v.not_phrases, vec!["lob compliments".to_string()]);
        let by = |c: &str| v.triggers.iter().find(|t| t.cameo == c).unwrap();
        // 195 (ASSAULT, aerial weapons) with both words of the set.
        let t = by("195");
        assert_eq!(t.event_type, "ASSAULT");
        assert!(
            t.pairs.contains(&"lob ~ rockets at".to_string()),
            "{:?}",
            t.pairs
        );
        assert!(t.pairs.contains(&"lob ~ artillery shells at".to_string()));
        assert!(by("111").verbs.contains(&"rebuke".to_string()));
        assert_eq!(by("112").event_type, "ACCUSE");
        assert!(by("1122")
            .pairs
            .contains(&"vilify ~ for rights abuses".to_string()));
        assert_eq!(v.irregular["lob"], vec!["lobbed", "lobbing", "lobs"]);
        // 1122 is not in the shipped table: scored as its parent 112.
        let c = v.cameo.iter().find(|c| c.code == "1122").unwrap();
        assert_eq!(c.quad, 3);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "---  X   [---]  ---\nX\n- * FOO [abc]\n- * BAR [111]\n";
        let v = parse_verbs(bad, &HashMap::new()).unwrap();
        assert_eq!(
            v.warnings,
            vec![DictionaryError::Line {
                line: 3,
                message: "\"[abc]\" is not a CAMEO code".into()
            }]
        );
        // The next line is still read.
        assert_eq!(v.stats.patterns, 1);
        assert_eq!(
            parse_verbs("just text\n", &HashMap::new()).unwrap_err(),
            DictionaryError::NoVerbs
        );
        let no_star = "---  X   [---]  ---\nX\n- FOO [111]\n";
        assert!(matches!(
            parse_verbs(no_star, &HashMap::new()).unwrap().warnings[..],
            [DictionaryError::Line { line: 3, .. }]
        ));
    }

    #[test]
    fn mapping_lines() {
        let m = parse_cameo2plover(
            "# comment\n03: AGREE\n163: COERCE, restrict, diplomatic # Impose embargo\n999: NOTATYPE\n",
        );
        assert_eq!(m["163"].event_type, "COERCE");
        assert_eq!(m["163"].mode, "restrict");
        assert_eq!(m["163"].name, "Impose embargo");
        assert_eq!(m["03"].event_type, "AGREE");
        assert!(!m.contains_key("999"));
        // The shipped convention wins over the mapping: imposed sanctions are SANCTION.
        assert_eq!(reading("163", &m).unwrap().0, "SANCTION");
    }

    #[test]
    fn merged_lexicon_codes_new_verbs() {
        let v = parse_verbs(SAMPLE, &HashMap::new()).unwrap();
        let lex = crate::lexicon::with_dictionary(v);
        let text = "Russia lobbed rockets at Ukraine on Monday. China vilified Japan on Tuesday.";
        let doc = drumbeat_model::Document::plain(
            &drumbeat_ingest::content_id(text),
            "t",
            text,
            Some("2024-03-04"),
        );
        let a = drumbeat_nlp::recognise(
            &drumbeat_nlp::gazetteer::GAZETTEER,
            drumbeat_nlp::clean(doc),
        );
        let evs = crate::code_with(&lex, &a);
        let got: Vec<(String, String)> = evs
            .iter()
            .map(|e| (e.event_type.to_string(), e.cameo.clone()))
            .collect();
        assert!(got.contains(&("ASSAULT".into(), "195".into())), "{got:?}");
        assert!(got.contains(&("ACCUSE".into(), "112".into())), "{got:?}");
        // The shipped lexicon alone codes neither; a phrase it has keeps its own reading.
        let base = crate::code(&a);
        assert!(base.iter().all(|e| e.cameo != "195"), "{base:?}");
    }

    proptest::proptest! {
        /// Any text in the format's alphabet reads without a panic; every trigger made
        /// has a PLOVER type and a two- to four-digit code.
        #[test]
        fn verb_reader_never_panics(
            t in "(---|-|\\*|\\+|\\$|\\^|%|&[A-Z]{1,4}|\\{|\\}|\\(|\\)|\\[|\\]|:|!|[0-9]{0,5}|[A-Z_]{0,8}|#| |\n|\\PC){0,60}"
        ) {
            if let Ok(v) = parse_verbs(&t, &HashMap::new()) {
                for tr in &v.triggers {
                    proptest::prop_assert!(crate::PLOVER_TYPES.contains(&tr.event_type.as_str()));
                    proptest::prop_assert!((2..=4).contains(&tr.cameo.len()));
                }
            }
        }
    }
}
