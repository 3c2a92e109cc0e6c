//! A document's sketch: what the story stage needs of it, computed once per document
//! at ingest (in parallel with the other per-document stages) and stored, so that the
//! story stage over a whole corpus never has to load the full annotations.
//!
//! Features, each hashed to 61 bits with its kind in the top 3 bits:
//! people (by cross-document key), the opening and closing words of quotes, counted
//! amounts, places, proper-noun phrases the gazetteer does not know (wording: "Lachin
//! corridor", "Zapad exercises"), actors and event signatures. Actors and event
//! signatures count in the similarity but never propose a pair: a crisis names the same
//! countries in every article.

use drumbeat_model::{ActorKind, Coded, DocSketch, EventBrief, Modality, PendingTime};

pub const PERSON: u64 = 0;
pub const QUOTE: u64 = 1;
pub const NUMBER: u64 = 2;
pub const PLACE: u64 = 3;
pub const WORDING: u64 = 4;
pub const ACTOR: u64 = 5;
pub const EVENT: u64 = 6;

/// The kind of a hashed feature.
pub fn kind(feature: u64) -> u64 {
    feature >> 61
}

/// Whether a feature may propose candidate pairs (actors and event signatures may not).
pub fn proposes(feature: u64) -> bool {
    !matches!(kind(feature), ACTOR | EVENT)
}

fn fhash(kind: u64, s: &str) -> u64 {
    (xxhash_rust::xxh3::xxh3_64(s.as_bytes()) >> 3) | (kind << 61)
}

/// 64-bit SimHash of word 3-shingles (words trimmed of punctuation and lower-cased,
/// joined by single spaces). Three reused buffers hold the last three words: no
/// allocation per word.
pub fn simhash(text: &str) -> u64 {
    let mut v = [0i32; 64];
    let mut ring: [String; 3] = Default::default();
    let mut seen = 0usize;
    let mut buf = String::new();
    for raw in text.split_whitespace() {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        let slot = &mut ring[seen % 3];
        slot.clear();
        if w.is_ascii() {
            slot.push_str(w);
            slot.make_ascii_lowercase();
        } else {
            // str::to_lowercase, not per char: it knows a word-final sigma.
            slot.push_str(&w.to_lowercase());
        }
        seen += 1;
        if seen < 3 {
            continue;
        }
        buf.clear();
        for k in 0..3 {
            if k > 0 {
                buf.push(' ');
            }
            buf.push_str(&ring[(seen + k) % 3]);
        }
        let h = xxhash_rust::xxh3::xxh3_64(buf.as_bytes());
        for (bit, acc) in v.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *acc += 1;
            } else {
                *acc -= 1;
            }
        }
    }
    v.iter().enumerate().fold(
        0u64,
        |acc, (bit, &x)| if x > 0 { acc | (1 << bit) } else { acc },
    )
}

/// Capitalised words that start no proper-noun phrase of their own
/// (`data/not_names.txt`).
static NOT_NAMES: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| drumbeat_nlp::word_set(include_str!("../data/not_names.txt")));

fn norm_word(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Words of a quote, normalised.
fn quote_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(norm_word)
        .filter(|w| !w.is_empty() && w != "…")
        .collect()
}

/// Whether positions, asked in increasing order, fall inside any of a set of spans
/// sorted by start: one pass over the spans for all the questions (a long document
/// asks once per word).
struct Inside<'a> {
    known: &'a [drumbeat_model::Span],
    next: usize,
    max_end: usize,
    last: usize,
}

impl Inside<'_> {
    fn at(&mut self, pos: usize) -> bool {
        if pos < self.last {
            // Out of order (never in practice): start the sweep again.
            self.next = 0;
            self.max_end = 0;
        }
        self.last = pos;
        while let Some(k) = self.known.get(self.next) {
            if k.start > pos {
                break;
            }
            self.max_end = self.max_end.max(k.end);
            self.next += 1;
        }
        pos < self.max_end
    }
}

/// The sketch of a coded document.
pub fn sketch(c: &Coded) -> DocSketch {
    let a = &c.annotated;
    let d = &a.doc;
    let text = &d.document.text;
    let clean = d.clean_text();
    let mut f: Vec<(u64, f32)> = Vec::new();
    for p in &a.people {
        let surname = p.key.split(':').nth(1).unwrap_or("");
        if !surname.is_empty() {
            f.push((fhash(PERSON, surname), 3.0));
        }
    }
    for q in a.quotes.iter().filter(|q| !q.fragment) {
        let words = quote_words(&q.text);
        if words.len() >= 4 {
            let n = words.len().min(5);
            f.push((fhash(QUOTE, &words[..n].join(" ")), 2.0));
            f.push((fhash(QUOTE, &words[words.len() - n..].join(" ")), 2.0));
        }
    }
    for n in &a.numbers {
        if let (Some(v), Some(w)) = (n.value.or(n.low), &n.what) {
            f.push((fhash(NUMBER, &format!("{w}:{v}")), 2.0));
        }
    }
    for p in &a.places {
        f.push((fhash(PLACE, &p.name), 1.5));
    }
    for m in &a.actors {
        if let Some(c) = &m.country {
            f.push((fhash(ACTOR, c), 1.0));
        }
        // A named organisation ("Wagner", "Hamas", "ECOWAS") tells the happening as a
        // person's name does; its rarity (IDF) weighs it.
        if m.kind == ActorKind::Organisation {
            let name = m.text.trim_start_matches("the ").to_lowercase();
            f.push((fhash(WORDING, &format!("org:{name}")), 1.5));
        }
    }
    for e in c.events.iter().filter(|e| e.modality == Modality::Asserted) {
        let s = e.source.as_ref().and_then(|x| x.country.as_deref());
        let t = e.target.as_ref().and_then(|x| x.country.as_deref());
        f.push((
            fhash(
                EVENT,
                &format!("{}:{}:{}", e.event_type, s.unwrap_or(""), t.unwrap_or("")),
            ),
            1.0,
        ));
    }
    // Wording: proper-noun phrases outside recognised actors and places.
    let mut known: Vec<drumbeat_model::Span> = a
        .actors
        .iter()
        .map(|m| m.span)
        .chain(a.places.iter().map(|p| p.span))
        .collect();
    known.sort_unstable_by_key(|k| k.start);
    let mut inside = Inside {
        known: &known,
        next: 0,
        max_end: 0,
        last: 0,
    };
    for s in &d.sentences {
        let body = s.span.text(&clean);
        let mut phrase: Vec<String> = Vec::new();
        let mut first = true;
        let mut offset = s.span.start;
        let flush = |phrase: &mut Vec<String>, f: &mut Vec<(u64, f32)>| {
            if !phrase.is_empty() {
                f.push((fhash(WORDING, &phrase.join(" ")), 1.5));
                phrase.clear();
            }
        };
        for w in body.split(' ') {
            let start = offset;
            offset += w.len() + 1;
            if w.is_empty() {
                continue;
            }
            let lower = norm_word(w);
            let capital = w
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let inside_known = inside.at(start);
            let usable = capital
                && !first
                && !inside_known
                && lower.len() > 2
                && !NOT_NAMES.contains(lower.as_str());
            first = false;
            if usable {
                phrase.push(lower);
            } else {
                flush(&mut phrase, &mut f);
            }
            if w.ends_with([',', ';', ':', '.', '"', '”', ')']) {
                flush(&mut phrase, &mut f);
            }
        }
        flush(&mut phrase, &mut f);
    }
    f.sort_unstable_by_key(|x| x.0);
    f.dedup_by_key(|x| x.0);
    let mut actors: Vec<String> = a.actors.iter().filter_map(|m| m.country.clone()).collect();
    actors.sort();
    actors.dedup();
    let events = c
        .events
        .iter()
        .filter(|e| e.modality == Modality::Asserted)
        .map(|e| EventBrief::of(e, e.evidence_text.clone()))
        .collect();
    // Whether a time expression's sentence speaks of the future before it ("will meet on").
    let future = |t: &drumbeat_model::TimeMention| {
        let from = d
            .sentences
            .get(t.sentence as usize)
            .map(|s| s.span.start)
            .unwrap_or(0);
        drumbeat_nlp::times::speaks_of_future(text.get(from..t.span.start).unwrap_or(""))
    };
    let pending_times = if d.document.published.is_none() {
        a.times
            .iter()
            .filter(|t| t.start.is_none())
            .map(|t| PendingTime {
                text: t.text.clone(),
                sentence: t.sentence,
                span: t.span,
                expr: t.expr,
                future: future(t),
            })
            .collect()
    } else {
        Vec::new()
    };
    // The latest full date an undated document names as past (not "will meet on June 30").
    let latest_named_day = if d.document.published.is_none() {
        a.times
            .iter()
            .filter(|t| {
                matches!(t.expr, drumbeat_model::TimeExpr::Absolute { .. })
                    && t.granularity == drumbeat_model::Granularity::Day
            })
            .filter(|t| !future(t))
            .filter_map(|t| t.start.clone())
            .max()
    } else {
        None
    };
    let title = d
        .document
        .title
        .clone()
        .or_else(|| {
            d.sentences
                .first()
                .map(|s| s.span.text(text).trim().to_string())
        })
        .unwrap_or_default();
    DocSketch {
        doc: d.document.id.clone(),
        path: d.document.origin.path.clone(),
        outlet: d.outlet.clone(),
        published: d.document.published.clone(),
        title: title.chars().take(300).collect(),
        simhash: simhash(&clean),
        features: f,
        actors,
        events,
        pending_times,
        latest_named_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simhash_is_the_shingle_hash_it_always_was() {
        // The plain definition, allocating; the fast one must give the same bits, or
        // sketches stored by an earlier drumbeat would stop matching new ones.
        fn plain(text: &str) -> u64 {
            let words: Vec<String> = text
                .split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .filter(|w| !w.is_empty())
                .collect();
            let mut v = [0i32; 64];
            for w in words.windows(3) {
                let h = xxhash_rust::xxh3::xxh3_64(w.join(" ").as_bytes());
                for (bit, acc) in v.iter_mut().enumerate() {
                    *acc += if h >> bit & 1 == 1 { 1 } else { -1 };
                }
            }
            v.iter().enumerate().fold(
                0,
                |acc, (bit, &x)| if x > 0 { acc | (1 << bit) } else { acc },
            )
        }
        for t in [
            "",
            "one two",
            "Russia’s envoy SAID, “no deal” — Ryabkov; İstanbul Straße ÉLAN talks.",
            "a b c d e f g h i j k l m n o p",
            "ΟΔΥΣΣΕΥΣ ΚΑΙ ΑΘΗΝΑΣ ΣΥΝΟΜΙΛΙΕΣ",
            "  -- Talks -- in   Geneva ended ... without (any) agreement!  ",
        ] {
            assert_eq!(simhash(t), plain(t), "{t}");
        }
    }

    #[test]
    fn inside_sweep_matches_the_plain_answer() {
        use drumbeat_model::Span;
        let spans = [
            Span::new(0, 3),
            Span::new(2, 10),
            Span::new(4, 5),
            Span::new(20, 22),
        ];
        let mut sw = Inside {
            known: &spans,
            next: 0,
            max_end: 0,
            last: 0,
        };
        for pos in 0..30 {
            let plain = spans.iter().any(|k| k.start <= pos && pos < k.end);
            assert_eq!(sw.at(pos), plain, "{pos}");
        }
        // Asked out of order, it starts again and stays right.
        assert!(sw.at(21));
        assert!(sw.at(1));
        assert!(!sw.at(15));
    }

    #[test]
    fn not_names_file() {
        let words = &*NOT_NAMES;
        assert!(words.len() > 50);
        for w in words.iter() {
            assert_eq!(*w, w.to_lowercase(), "lower case only: {w}");
            assert!(!w.contains(' '), "one word a line: {w}");
        }
        for w in ["thursday", "january", "president", "the"] {
            assert!(words.contains(w), "{w}");
        }
        // Names are not in it.
        for w in ["lachin", "zapad", "shoal"] {
            assert!(!words.contains(w), "{w}");
        }
    }

    #[test]
    fn kinds_survive_hashing() {
        for k in [PERSON, QUOTE, NUMBER, PLACE, WORDING, ACTOR, EVENT] {
            assert_eq!(kind(fhash(k, "x")), k);
        }
        assert!(proposes(fhash(PERSON, "ryabkov")));
        assert!(!proposes(fhash(ACTOR, "RUS")));
    }

    #[test]
    fn simhash_is_near_for_near_texts() {
        let a = simhash("the talks between the two delegations ended on thursday without any agreement on the main points");
        let b = simhash("the talks between the two delegations ended on thursday without any agreement on the main points today");
        let c = simhash("markets rallied after the central bank kept interest rates unchanged for a third month in a row");
        assert!((a ^ b).count_ones() <= crate::DUPLICATE_BITS);
        assert!((a ^ c).count_ones() > crate::DUPLICATE_BITS);
    }
}
