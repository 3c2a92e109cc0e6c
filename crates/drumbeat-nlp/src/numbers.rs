//! Amounts and what they count: numerals ("100,000", "2.5"), number words ("twenty-five",
//! "three hundred and fifty"), scales including the Indian lakh and crore ("one lakh" =
//! 100000), vague amounts ("tens of thousands" = a range), qualifiers ("more than",
//! "around") and the thing counted ("troops", "people killed"). Lexicon: `data/numbers.toml`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use drumbeat_model::{NumberMention, Span};
use serde::Deserialize;

use crate::tokens::{Kind, Token};

#[derive(Deserialize)]
struct NumberFile {
    units: HashMap<String, u64>,
    scales: HashMap<String, u64>,
    vague: HashMap<String, [u64; 2]>,
    qualifiers: HashMap<String, String>,
    skip: Vec<String>,
    outcomes: Vec<String>,
    #[allow(dead_code)]
    examples: Vec<String>,
    #[allow(dead_code)]
    counter: Vec<String>,
}

struct Lexicon {
    units: HashMap<String, u64>,
    scales: HashMap<String, u64>,
    vague: Vec<(Vec<String>, [u64; 2], String)>,
    qualifiers: Vec<(Vec<String>, String)>,
    skip: HashSet<String>,
    outcomes: HashSet<String>,
    /// First words (lower case) of the qualifiers and of the vague amounts: a token that
    /// is neither skips both lists.
    qualifier_firsts: HashSet<String>,
    vague_firsts: HashSet<String>,
}

fn load() -> NumberFile {
    toml::from_str(include_str!("../data/numbers.toml"))
        .expect("data/numbers.toml is valid (tested)")
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let f = load();
    let mut vague: Vec<(Vec<String>, [u64; 2], String)> = f
        .vague
        .into_iter()
        .map(|(k, v)| (k.split_whitespace().map(str::to_string).collect(), v, k))
        .collect();
    vague.sort_by_key(|v| std::cmp::Reverse(v.0.len()));
    let mut qualifiers: Vec<(Vec<String>, String)> = f
        .qualifiers
        .into_iter()
        .map(|(k, v)| (k.split_whitespace().map(str::to_string).collect(), v))
        .collect();
    qualifiers.sort_by_key(|q| std::cmp::Reverse(q.0.len()));
    let firsts = |lists: &mut dyn Iterator<Item = &Vec<String>>| -> HashSet<String> {
        lists
            .filter_map(|w| w.first())
            .map(|w| w.to_lowercase())
            .collect()
    };
    let qualifier_firsts = firsts(&mut qualifiers.iter().map(|q| &q.0));
    let vague_firsts = firsts(&mut vague.iter().map(|v| &v.0));
    Lexicon {
        qualifier_firsts,
        vague_firsts,
        units: f.units,
        scales: f.scales,
        vague,
        qualifiers,
        skip: f.skip.into_iter().map(|s| s.to_lowercase()).collect(),
        outcomes: f.outcomes.into_iter().collect(),
    }
});

/// Whether a token is this (lower-case, ASCII) word, without allocating.
fn is(t: &Token, text: &str, word: &str) -> bool {
    t.text(text).eq_ignore_ascii_case(word)
}

/// A token lower-cased, borrowed when it already is (most are).
fn lower<'a>(t: &Token, text: &'a str) -> std::borrow::Cow<'a, str> {
    let w = t.text(text);
    if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        w.to_lowercase().into()
    } else {
        w.into()
    }
}

/// Words that are never the thing counted.
const NOT_NOUNS: &[&str] = &[
    "and",
    "or",
    "but",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "a",
    "an",
    "the",
    "that",
    "this",
    "than",
    "as",
    "is",
    "was",
    "were",
    "are",
    "be",
    "has",
    "have",
    "had",
    "it",
    "they",
    "he",
    "she",
    "we",
    "who",
    "which",
    "per",
    "percent",
    "times",
    "each",
    "another",
    "such",
    "said",
    "after",
    "before",
    "since",
    "while",
    "of",
    // Durations, clock times and ordinals count nothing ("two minutes", "5 p.m.", "50th").
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "p.m.",
    "a.m.",
    "pm",
    "am",
    "p",
    "gmt",
    "utc",
    "o'clock",
    "th",
    "st",
    "nd",
    "rd",
    "percent",
];

/// Value of a number-word token ("twenty-five" → 25), if it is one.
fn word_value(w: &str) -> Option<u64> {
    let l = LEX.units.get(w).copied();
    if l.is_some() {
        return l;
    }
    let (a, b) = w.split_once('-')?;
    let tens = *LEX.units.get(a)?;
    let unit = *LEX.units.get(b)?;
    (tens >= 20 && tens % 10 == 0 && unit < 10).then_some(tens + unit)
}

fn numeral_value(s: &str) -> Option<f64> {
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    clean.parse::<f64>().ok()
}

/// Parse an amount starting at token `i`: (value, end token index exclusive).
fn parse_amount(toks: &[Token], text: &str, i: usize) -> Option<(f64, usize)> {
    let t = toks.get(i)?;
    let mut j = i;
    let mut total: f64;
    let mut current: f64;
    match t.kind {
        Kind::Number => {
            current = numeral_value(t.text(text))?;
            total = 0.0;
            j += 1;
        }
        Kind::Word => {
            let w = lower(t, text);
            if w == "a" || w == "an" {
                // "a dozen", "a million"
                let next = toks.get(i + 1).map(|n| lower(n, text))?;
                if next == "dozen" {
                    return Some((12.0, i + 2));
                }
                let s = *LEX.scales.get(next.as_ref())?;
                current = s as f64;
                total = 0.0;
                j = i + 2;
            } else {
                current = word_value(&w)? as f64;
                total = 0.0;
                j += 1;
            }
        }
        Kind::Punct => return None,
    }
    // Continue with scales and further number words: "three hundred and fifty", "2.5 million".
    while let Some(n) = toks.get(j) {
        if n.kind != Kind::Word || n.sent != t.sent {
            break;
        }
        let w = lower(n, text);
        if let Some(&s) = LEX.scales.get(w.as_ref()) {
            if s >= 1000 {
                total += current * s as f64;
                current = 0.0;
            } else {
                current *= s as f64;
            }
            j += 1;
        } else if w == "and"
            && toks
                .get(j + 1)
                .is_some_and(|x| x.kind == Kind::Word && word_value(&lower(x, text)).is_some())
            && current > 0.0
        {
            j += 1;
        } else if let Some(v) = word_value(&w) {
            let v = v as f64;
            let after_hundreds = current.rem_euclid(1000.0) >= 100.0 && v < 100.0;
            let after_tens = (20.0..100.0).contains(&current) && current % 10.0 == 0.0 && v < 10.0;
            if t.kind == Kind::Number || !(after_hundreds || after_tens) {
                break;
            }
            current += v;
            j += 1;
        } else {
            break;
        }
    }
    Some((total + current, j))
}

fn match_words(toks: &[Token], text: &str, i: usize, words: &[String]) -> bool {
    words.iter().enumerate().all(|(k, w)| {
        toks.get(i + k)
            .is_some_and(|t| t.kind == Kind::Word && is(t, text, w))
    })
}

/// The thing counted after token `j`, and the token index after it.
/// An outcome right at `j`, or after auxiliaries ("were killed", "have been injured",
/// "are dead"): the outcome word and the token after it.
fn outcome_at(toks: &[Token], text: &str, j: usize, sent: u32) -> Option<(String, usize)> {
    let mut k = j;
    while k < j + 3 {
        let t = toks
            .get(k)
            .filter(|t| t.sent == sent && t.kind == Kind::Word)?;
        let w = lower(t, text);
        if matches!(
            w.as_ref(),
            "were"
                | "was"
                | "are"
                | "is"
                | "have"
                | "has"
                | "had"
                | "been"
                | "reportedly"
                | "later"
        ) {
            k += 1;
            continue;
        }
        if LEX.outcomes.contains(w.as_ref())
            && !matches!(w.as_ref(), "deployed" | "stationed" | "massed" | "amassed")
        {
            // "three dead" counts the killed.
            let w = if w == "dead" {
                "killed".to_string()
            } else {
                w.into_owned()
            };
            return Some((w, k + 1));
        }
        return None;
    }
    None
}

fn counted(toks: &[Token], text: &str, mut j: usize, sent: u32) -> Option<(String, usize)> {
    let mut skipped = 0;
    while let Some(t) = toks.get(j) {
        if t.sent != sent || t.kind != Kind::Word || skipped > 3 {
            return None;
        }
        let w = lower(t, text);
        if t.is_cap(text) && (w.contains('.') || w.chars().any(|c| c.is_ascii_digit())) {
            // "9 News.com quoted": a name, not a counted thing.
            return None;
        }
        if skipped == 0 {
            // "1,590 injured", "hundreds wounded", "35 are injured": the outcome is what
            // is counted.
            if let Some(o) = outcome_at(toks, text, j, sent) {
                return Some(o);
            }
        }
        if skipped == 0
            && w == "of"
            && toks.get(j + 1).is_some_and(|n| {
                n.sent == sent
                    && matches!(
                        lower(n, text).as_ref(),
                        "its" | "their" | "the" | "his" | "her"
                    )
            })
        {
            // "20 of its soldiers", "dozens of the wounded".
            j += 2;
            skipped += 1;
            continue;
        }
        // "two Israelis were killed": a capitalised plural with no noun after it is the
        // thing counted (a people), not a modifier of one.
        let next_is_noun = toks.get(j + 1).is_some_and(|n| {
            n.sent == sent
                && n.kind == Kind::Word
                && (n.is_cap(text)
                    || !matches!(
                        lower(n, text).as_ref(),
                        "were"
                            | "was"
                            | "are"
                            | "is"
                            | "have"
                            | "had"
                            | "has"
                            | "and"
                            | "who"
                            | "in"
                            | "on"
                            | "at"
                            | "from"
                            | "of"
                            | "killed"
                            | "dead"
                            | "wounded"
                            | "injured"
                            | "died"
                            | "remain"
                            | "remained"
                            | "said"
                            | "been"
                    ))
        });
        if t.is_cap(text)
            && w.ends_with('s')
            && w.len() > 4
            && !next_is_noun
            && !NOT_NOUNS.contains(&w.as_ref())
        {
            // As written: a people's name keeps its capital ("Israelis").
            let mut what = t.text(text).to_string();
            let mut end = j + 1;
            if let Some((o, e)) = outcome_at(toks, text, j + 1, sent) {
                what = format!("{what} {o}");
                end = e;
            }
            return Some((what, end));
        }
        if LEX.skip.contains(w.as_ref()) || t.is_cap(text) {
            // Country adjectives and other capitalised modifiers: "one lakh Russian troops".
            if t.is_cap(text) && NOT_NOUNS.contains(&w.as_ref()) {
                return None;
            }
            j += 1;
            skipped += 1;
            continue;
        }
        if NOT_NOUNS.contains(&w.as_ref())
            || LEX.units.contains_key(w.as_ref())
            || LEX.scales.contains_key(w.as_ref())
        {
            return None;
        }
        if w.ends_with("ed") && w.len() > 4 {
            // A verb, not a noun: "9 News.com quoted", "two said".
            return None;
        }
        let mut what = w.into_owned();
        let mut end = j + 1;
        // Compound nouns: "navy vessels", "coast guard vessels", "border posts".
        for extra in 1..=2 {
            let plural_at = |k: usize| {
                toks.get(k).is_some_and(|n| {
                    let nw = lower(n, text);
                    n.sent == sent
                        && n.kind == Kind::Word
                        && !n.is_cap(text)
                        && nw.len() > 3
                        && nw.ends_with('s')
                        && !nw.ends_with("ss")
                        && !NOT_NOUNS.contains(&nw.as_ref())
                        && !matches!(
                            nw.as_ref(),
                            "was"
                                | "has"
                                | "is"
                                | "its"
                                | "this"
                                | "his"
                                | "as"
                                | "across"
                                | "towards"
                                | "besides"
                                | "unless"
                                | "whereas"
                                | "always"
                                | "perhaps"
                                | "says"
                                | "claims"
                                | "remains"
                                | "seems"
                        )
                })
            };
            let plain_at = |k: usize| {
                toks.get(k).is_some_and(|n| {
                    n.sent == sent
                        && n.kind == Kind::Word
                        && !n.is_cap(text)
                        && n.text(text).chars().all(|c| c.is_ascii_lowercase())
                        && n.text(text).len() > 3
                })
            };
            if !what.contains('-') && plural_at(j + extra) && (extra == 1 || plain_at(j + 1)) {
                what =
                    (j + 1..=j + extra).fold(what, |w, k| format!("{w} {}", lower(&toks[k], text)));
                end = j + extra + 1;
                break;
            }
        }
        if let Some((o, e)) = outcome_at(toks, text, end, sent) {
            what = format!("{what} {o}");
            end = e;
        }
        return Some((what, end));
    }
    None
}

/// Amounts in the tokens of one sentence.
pub fn find(text: &str, toks: &[Token], sentence: u32, skip_spans: &[Span]) -> Vec<NumberMention> {
    let lex = &*LEX;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if skip_spans
            .iter()
            .any(|s| s.start <= t.start && t.end <= s.end)
        {
            i += 1;
            continue;
        }
        // Qualifier before the amount.
        let mut qual: Option<(String, usize)> = None;
        let starts_qualifier = lex.qualifier_firsts.contains(lower(&t, text).as_ref());
        for (words, q) in lex.qualifiers.iter().filter(|_| starts_qualifier) {
            if match_words(toks, text, i, words) {
                qual = Some((q.clone(), words.len()));
                break;
            }
        }
        let a = i + qual.as_ref().map(|q| q.1).unwrap_or(0);
        // Vague amounts: "tens of thousands of".
        let mut vague_hit = None;
        let starts_vague = toks
            .get(a)
            .is_some_and(|ta| lex.vague_firsts.contains(lower(ta, text).as_ref()));
        for (words, range, label) in lex.vague.iter().filter(|_| starts_vague) {
            if !match_words(toks, text, a, words) {
                continue;
            }
            let next = a + words.len();
            if toks.get(next).is_some_and(|t| is(t, text, "of")) {
                vague_hit = Some((range, label.clone(), next + 1));
                break;
            }
            // "hundreds wounded", "dozens were killed".
            if outcome_at(toks, text, next, t.sent).is_some() {
                vague_hit = Some((range, label.clone(), next));
                break;
            }
        }
        if let Some((range, label, after)) = vague_hit {
            if let Some((what, end)) = counted(toks, text, after, t.sent) {
                let span = Span::new(toks[i].start, toks[end - 1].end);
                out.push(NumberMention {
                    span,
                    text: span.text(text).to_string(),
                    sentence,
                    value: None,
                    low: Some(range[0] as f64),
                    high: Some(range[1] as f64),
                    qualifier: Some(match &qual {
                        Some((q, _)) => format!("{q} {label}"),
                        None => label,
                    }),
                    what: Some(what),
                });
                i = end;
                continue;
            }
        }
        let Some((value, after)) = parse_amount(toks, text, a) else {
            i += 1;
            continue;
        };
        let first = toks[a];
        // A plain year ("in 2021") is not an amount.
        let raw = first.text(text);
        let is_year = first.kind == Kind::Number
            && raw.len() == 4
            && !raw.contains(',')
            && (1900.0..=2100.0).contains(&value)
            && after == a + 1;
        let Some((mut what, end)) = counted(toks, text, after, t.sent) else {
            i = after.max(i + 1);
            continue;
        };
        // "injured 35 others", "arrested two more": what happened to them is what is
        // counted.
        if matches!(what.as_str(), "others" | "more") && i > 0 {
            let before = toks[i - 1];
            let w = lower(&before, text);
            if before.sent == t.sent
                && before.kind == Kind::Word
                && (lex.outcomes.contains(w.as_ref())
                    || matches!(
                        w.as_ref(),
                        "killing" | "wounding" | "injuring" | "arresting"
                    ))
            {
                what = w.into_owned();
            }
        }
        if is_year && !matches!(what.as_str(), "troops" | "soldiers" | "people") {
            i = after;
            continue;
        }
        // A lone "one" is mostly a pronoun ("no one came", "the one that"), never an amount here.
        // ("at least one village" counts.)
        if is(&first, text, "one") && after == a + 1 && qual.is_none() {
            i = after;
            continue;
        }
        let span = Span::new(toks[i].start, toks[end - 1].end);
        out.push(NumberMention {
            span,
            text: span.text(text).to_string(),
            sentence,
            value: Some(value),
            low: None,
            high: None,
            qualifier: qual.map(|q| q.0),
            what: Some(what),
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use drumbeat_model::Sentence;

    fn run(text: &str) -> Vec<NumberMention> {
        let s = [Sentence {
            span: Span::new(0, text.len()),
            paragraph: 0,
            headline: false,
        }];
        let toks = crate::tokens::tokenize(text, &s);
        find(text, &toks, 0, &[])
    }

    #[test]
    fn number_examples() {
        let f = load();
        for e in &f.examples {
            let (input, want) = e.split_once(" => ").unwrap();
            let got = run(input);
            assert_eq!(got.len(), 1, "{input}: {got:?}");
            let g = &got[0];
            let (value, rest) = want.split_once(' ').unwrap();

            if value == "range" {
                assert!(g.value.is_none() && g.low.is_some(), "{input}: {g:?}");
                assert!(
                    g.qualifier
                        .as_deref()
                        .unwrap()
                        .contains(rest.rsplit_once(' ').unwrap().0.trim()),
                    "{input}: {g:?}"
                );
            } else {
                assert_eq!(g.value, Some(value.parse::<f64>().unwrap()), "{input}");
                let (q, what) = if let Some(w) = rest.strip_prefix("- ") {
                    (None, w)
                } else {
                    let known = [
                        "more than",
                        "approximately",
                        "at least",
                        "nearly",
                        "up to",
                        "less than",
                    ];
                    let q = known.iter().find(|k| rest.starts_with(*k)).unwrap();
                    (Some(*q), rest[q.len()..].trim())
                };
                assert_eq!(g.qualifier.as_deref(), q, "{input}");
                assert_eq!(g.what.as_deref(), Some(what), "{input}");
            }
            if value == "range" {
                assert_eq!(g.what.as_deref(), Some(rest.rsplit(' ').next().unwrap()));
            }
        }
        for c in &f.counter {
            assert!(run(c).is_empty(), "{c}: {:?}", run(c));
        }
        for k in f.scales.keys() {
            assert!(!f.units.contains_key(k));
        }
    }

    proptest::proptest! {
        #[test]
        fn amounts_never_panic_and_spans_are_valid(
            t in "(around |more than |tens of |one |two |lakh |crore |thousands of |[0-9]{1,7}(,[0-9]{3})? |troops |people |Russian |of |and |killed |\\PC{0,4} ){0,14}"
        ) {
            for n in run(&t) {
                proptest::prop_assert!(n.span.is_valid_in(&t));
                proptest::prop_assert!(n.value.is_some() || (n.low.is_some() && n.high.is_some()));
                if let Some(v) = n.value {
                    proptest::prop_assert!(v.is_finite() && v >= 0.0);
                }
            }
        }

        #[test]
        fn digits_read_back(v in 1u64..100_000_000) {
            let t = format!("{} soldiers", v);
            let got = run(&t);
            proptest::prop_assert_eq!(got.len(), 1);
            proptest::prop_assert_eq!(got[0].value, Some(v as f64));
        }
    }
}
