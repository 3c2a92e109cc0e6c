//! Across documents: near-duplicates (SimHash over word shingles), stories (documents
//! that share people, quotes, numbers, places and actors within a few days), events told
//! by several documents merged into one with every mention, and publication dates
//! inferred for undated articles from their story peers.
//!
//! Candidate pairs come from an inverted index over distinctive features, so the cost
//! grows with the number of documents sharing a feature, not with the square of the
//! corpus. The escalation watch over the merged events is in [`watch`].

pub mod watch;

use std::collections::{BTreeMap, HashMap, HashSet};

use drumbeat_model::{civil, Coded, Event, Modality};
use serde::{Deserialize, Serialize};

/// Days two dated documents may lie apart and still be one story.
pub const STORY_WINDOW_DAYS: i64 = 3;
/// Feature overlap (weighted Jaccard) from which two documents are one story.
pub const STORY_THRESHOLD: f64 = 0.22;
/// SimHash bits two documents may differ in and still be one article republished.
pub const DUPLICATE_BITS: u32 = 6;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryDoc {
    pub doc: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// For an undated document: the date inferred from its story, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred_basis: Option<String>,
    /// The document this one republishes, when it is a near-duplicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// For an undated document: its relative dates ("Thursday", "this week") resolved
    /// against the inferred date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved_dates: Vec<ResolvedDate>,
}

/// A time expression of an undated document, resolved once the document is dated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedDate {
    pub text: String,
    pub sentence: u32,
    pub span: drumbeat_model::Span,
    pub start: String,
    pub end: String,
}

/// Resolve an undated document's time expressions against an inferred date.
pub fn resolve_against(c: &Coded, inferred: &str) -> Vec<ResolvedDate> {
    let a = &c.annotated;
    let text = &a.doc.document.text;
    let mut out = Vec::new();
    for t in a.times.iter().filter(|t| t.start.is_none()) {
        let mut t2 = t.clone();
        let from = a
            .doc
            .sentences
            .get(t.sentence as usize)
            .map(|s| s.span.start)
            .unwrap_or(0);
        let prefix = text.get(from..t.span.start).unwrap_or("");
        drumbeat_nlp::times::reresolve(&mut t2, prefix, inferred);
        if let (Some(start), Some(end)) = (t2.start, t2.end) {
            out.push(ResolvedDate {
                text: t.text.clone(),
                sentence: t.sentence,
                span: t.span,
                start,
                end,
            });
        }
    }
    out
}

/// One mention of a merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub event: String,
    pub doc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    pub sentence: u32,
    pub evidence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
}

/// The same act told by several documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedEvent {
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Distinct documents that tell it (duplicates count once).
    pub sources: usize,
    pub outlets: Vec<String>,
    /// Amounts as each source gives them, side by side ("around one lakh Russian troops",
    /// "tens of thousands of Russian troops").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<String>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub documents: Vec<StoryDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub actors: Vec<String>,
    pub events: Vec<MergedEvent>,
}

/// 64-bit SimHash of word 3-shingles.
pub fn simhash(text: &str) -> u64 {
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

/// Weighted features of a document: people and quotes weigh most, then numbers and
/// places, then actors.
fn features(c: &Coded) -> Vec<(String, f64)> {
    let a = &c.annotated;
    let mut f: BTreeMap<String, f64> = BTreeMap::new();
    for p in &a.people {
        let surname = p.key.split(':').nth(1).unwrap_or("");
        f.insert(format!("P:{surname}"), 3.0);
    }
    for q in a.quotes.iter().filter(|q| !q.fragment) {
        let words: Vec<String> = q
            .text
            .split_whitespace()
            .take(5)
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        f.insert(format!("Q:{}", words.join(" ")), 3.0);
    }
    for n in &a.numbers {
        if let (Some(v), Some(w)) = (n.value.or(n.low), &n.what) {
            f.insert(format!("N:{w}:{v}"), 2.0);
        }
    }
    for p in &a.places {
        f.insert(format!("L:{}", p.name), 1.5);
    }
    for m in &a.actors {
        f.entry(format!("A:{}", m.code)).or_insert(1.0);
    }
    f.into_iter().collect()
}

fn doc_day(c: &Coded) -> Option<i64> {
    c.annotated
        .doc
        .document
        .published
        .as_deref()
        .and_then(civil::parse)
}

/// Union-find whose sets keep the span of their publication days, so that undated
/// documents cannot chain two stories a week apart into one.
struct Dsu(Vec<usize>, Vec<Option<(i64, i64)>>);
impl Dsu {
    fn span(&mut self, x: usize) -> Option<(i64, i64)> {
        let r = self.find(x);
        self.1[r]
    }
    /// Join unless the joined set would span more than the story window.
    fn try_union(&mut self, a: usize, b: usize) -> bool {
        let joined = match (self.span(a), self.span(b)) {
            (Some((a0, a1)), Some((b0, b1))) => Some((a0.min(b0), a1.max(b1))),
            (x, y) => x.or(y),
        };
        if joined.is_some_and(|(lo, hi)| hi - lo > STORY_WINDOW_DAYS) {
            return false;
        }
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (keep, gone) = (ra.min(rb), ra.max(rb));
            self.0[gone] = keep;
            self.1[keep] = joined;
        }
        true
    }
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
}

/// What makes two event mentions the same act: type, source, target (sorted for
/// symmetric types) and, where acts of one type differ in kind, the mode.
type MergeKey = (String, Option<String>, Option<String>, Option<String>);

fn merge_key(e: &Event) -> MergeKey {
    let s = e.source.as_ref().and_then(|x| x.country.clone());
    let t = e.target.as_ref().and_then(|x| x.country.clone());
    let (s, t) = if matches!(e.event_type.as_str(), "CONSULT" | "AGREE" | "COOPERATE") && s > t {
        (t, s)
    } else {
        (s, t)
    };
    let mode = matches!(e.event_type.as_str(), "MOBILIZE" | "CONSULT" | "ASSAULT")
        .then(|| e.mode.clone())
        .flatten();
    (e.event_type.clone(), s, t, mode)
}

/// Group documents into stories. Deterministic: the same input gives the same stories.
pub fn stories(docs: &[Coded]) -> Vec<Story> {
    let n = docs.len();
    let feats: Vec<Vec<(String, f64)>> = docs.iter().map(features).collect();
    let hashes: Vec<u64> = docs
        .iter()
        .map(|c| simhash(&c.annotated.doc.clean_text()))
        .collect();
    let days: Vec<Option<i64>> = docs.iter().map(doc_day).collect();
    // Inverted index over features; very common ones (a country named everywhere) do not
    // generate candidates.
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in feats.iter().enumerate() {
        for (k, _) in f {
            index.entry(k.as_str()).or_default().push(i);
        }
    }
    // A feature shared by more than 100 documents (a leader named everywhere) is not
    // distinctive enough to propose pairs; this also keeps candidate lists short.
    let common = 100;
    let mut dsu = Dsu(
        (0..n).collect(),
        days.iter().map(|d| d.map(|x| (x, x))).collect(),
    );
    let mut duplicate_of: Vec<Option<usize>> = vec![None; n];
    let weight: Vec<HashMap<&str, f64>> = feats
        .iter()
        .map(|f| f.iter().map(|(k, w)| (k.as_str(), *w)).collect())
        .collect();
    for i in 0..n {
        let mut cands: HashSet<usize> = HashSet::new();
        for (k, _) in &feats[i] {
            if let Some(list) = index.get(k.as_str()) {
                if list.len() <= common && !k.starts_with("A:") {
                    cands.extend(list.iter().copied().filter(|&j| j > i));
                }
            }
        }
        let mut cands: Vec<usize> = cands.into_iter().collect();
        cands.sort_unstable();
        for j in cands {
            if let (Some(a), Some(b)) = (days[i], days[j]) {
                if (a - b).abs() > STORY_WINDOW_DAYS {
                    continue;
                }
            }
            let (wi, wj) = (&weight[i], &weight[j]);
            let inter: f64 = wi
                .iter()
                .filter(|(k, _)| wj.contains_key(*k))
                .map(|(_, w)| *w)
                .sum();
            let union: f64 = wi.values().sum::<f64>() + wj.values().sum::<f64>() - inter;
            let sim = if union > 0.0 { inter / union } else { 0.0 };
            let dup = (hashes[i] ^ hashes[j]).count_ones() <= DUPLICATE_BITS;
            if dup {
                duplicate_of[j] = duplicate_of[j].or(Some(i));
            }
            if sim >= STORY_THRESHOLD || dup {
                dsu.try_union(i, j);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = dsu.find(i);
        groups.entry(r).or_default().push(i);
    }
    groups
        .into_values()
        .map(|members| build_story(docs, &members, &days, &duplicate_of))
        .collect()
}

fn build_story(
    docs: &[Coded],
    members: &[usize],
    days: &[Option<i64>],
    duplicate_of: &[Option<usize>],
) -> Story {
    let mut dated: Vec<i64> = members.iter().filter_map(|&i| days[i]).collect();
    dated.sort_unstable();
    let median = dated.get(dated.len() / 2).copied();
    let mut documents = Vec::new();
    for &i in members {
        let d = &docs[i].annotated.doc;
        let (inferred_date, inferred_basis) = match (days[i], median) {
            (None, Some(m)) => (
                civil::format(m),
                Some(format!(
                    "median publication date of {} dated story peers",
                    dated.len()
                )),
            ),
            _ => (None, None),
        };
        let resolved_dates = inferred_date
            .as_deref()
            .map(|day| resolve_against(&docs[i], day))
            .unwrap_or_default();
        documents.push(StoryDoc {
            resolved_dates,
            doc: d.document.id.clone(),
            path: d.document.origin.path.clone(),
            outlet: d.outlet.clone(),
            published: d.document.published.clone(),
            inferred_date,
            inferred_basis,
            duplicate_of: duplicate_of[i].map(|j| docs[j].annotated.doc.document.id.clone()),
        });
    }
    // Title: the headline of the first dated document, else its first sentence.
    let first = members
        .iter()
        .copied()
        .min_by_key(|&i| {
            (
                days[i].is_none(),
                days[i],
                docs[i].annotated.doc.document.id.clone(),
            )
        })
        .unwrap_or(members[0]);
    let fd = &docs[first].annotated.doc;
    let title = fd
        .document
        .title
        .clone()
        .or_else(|| {
            fd.sentences
                .first()
                .map(|s| s.span.text(&fd.document.text).to_string())
        })
        .unwrap_or_default();
    let mut actors: Vec<String> = members
        .iter()
        .flat_map(|&i| {
            docs[i]
                .annotated
                .actors
                .iter()
                .filter_map(|m| m.country.clone())
        })
        .collect();
    actors.sort();
    actors.dedup();
    // Merged events.
    let mut merged: Vec<MergedEvent> = Vec::new();
    let mut keys: Vec<MergeKey> = Vec::new();
    for (k, &i) in members.iter().enumerate() {
        let c = &docs[i];
        let resolved = &documents[k].resolved_dates;
        for e in c.events.iter().filter(|e| e.modality == Modality::Asserted) {
            // An undated document's event takes the date its sentence resolves to now.
            let mut e = e.clone();
            if e.date.is_none() {
                if let Some(r) = resolved
                    .iter()
                    .find(|r| r.sentence == e.sentence && r.start == r.end)
                {
                    e.date = Some(r.start.clone());
                    e.date_basis = "text".into();
                }
            }
            let e = &e;
            let key = merge_key(e);
            let mention = Mention {
                event: e.id.clone(),
                doc: e.doc.clone(),
                outlet: e.outlet.clone(),
                sentence: e.sentence,
                evidence: e.evidence_text.clone(),
                count: e.count.clone(),
            };
            let compatible = |m: &MergedEvent| match (&m.date, &e.date) {
                (Some(a), Some(b)) => a == b || e.date_basis == "published",
                _ => true,
            };
            match keys
                .iter()
                .position(|k| *k == key)
                .filter(|&p| compatible(&merged[p]))
            {
                Some(p) => {
                    let m = &mut merged[p];
                    if m.date.is_none() || (e.date_basis == "text" && m.date != e.date) {
                        m.date = m.date.clone().or(e.date.clone());
                    }
                    m.mentions.push(mention);
                }
                None => {
                    keys.push(key.clone());
                    merged.push(MergedEvent {
                        event_type: key.0,
                        mode: e.mode.clone(),
                        // As the first telling has it (the key may have sorted a symmetric pair).
                        source: e.source.as_ref().and_then(|x| x.country.clone()),
                        target: e.target.as_ref().and_then(|x| x.country.clone()),
                        date: e
                            .date
                            .clone()
                            .filter(|_| matches!(e.date_basis.as_str(), "text" | "context")),
                        sources: 0,
                        outlets: Vec::new(),
                        counts: Vec::new(),
                        mentions: vec![mention],
                    })
                }
            }
        }
    }
    for m in &mut merged {
        let mut docs_seen: Vec<&str> = m.mentions.iter().map(|x| x.doc.as_str()).collect();
        docs_seen.sort_unstable();
        docs_seen.dedup();
        m.sources = docs_seen.len();
        let mut outlets: Vec<String> = m.mentions.iter().filter_map(|x| x.outlet.clone()).collect();
        outlets.sort();
        outlets.dedup();
        m.outlets = outlets;
        let mut counts: Vec<String> = m.mentions.iter().filter_map(|x| x.count.clone()).collect();
        counts.dedup();
        m.counts = counts;
    }
    merged.sort_by(|a, b| {
        b.sources
            .cmp(&a.sources)
            .then(a.event_type.cmp(&b.event_type))
    });
    let mut ids: Vec<&str> = documents.iter().map(|d| d.doc.as_str()).collect();
    ids.sort_unstable();
    let id = format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(ids.join(",").as_bytes())
    );
    Story {
        id,
        title,
        documents,
        start: dated.first().and_then(|d| civil::format(*d)),
        end: dated.last().and_then(|d| civil::format(*d)),
        actors,
        events: merged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drumbeat_model::{Annotated, CleanDoc, Document, PlaceMention, Quote, Span, Speaker};

    fn doc(id: &str, published: Option<&str>, text: &str, person: &str, quote: &str) -> Coded {
        let d = Document::plain(id, &format!("{id}.txt"), text, published);
        let clean = CleanDoc {
            document: d,
            outlet: None,
            outlet_basis: None,
            boilerplate: vec![],
            sentences: vec![],
        };
        let people = vec![drumbeat_model::Person {
            key: format!("RUS:{person}:s"),
            name: person.into(),
            variants: vec![],
            country: Some("RUS".into()),
            role: Some("GOV".into()),
            title: None,
            code: "RUSGOV".into(),
        }];
        let quotes = vec![Quote {
            span: Span::new(0, 1),
            text: quote.into(),
            sentence: 0,
            speaker: Some(Speaker {
                name: person.into(),
                span: Span::new(0, 1),
                code: None,
                person: Some(0),
            }),
            relay: None,
            fragment: false,
            parts: vec![],
            basis: None,
        }];
        let places = vec![PlaceMention {
            span: Span::new(0, 1),
            text: "Vienna".into(),
            sentence: 0,
            name: "Vienna".into(),
            country: "AUT".into(),
            kind: "capital".into(),
            lat: 0.0,
            lon: 0.0,
        }];
        Coded {
            annotated: Annotated {
                doc: clean,
                actors: vec![],
                people,
                places,
                times: vec![],
                numbers: vec![],
                quotes,
            },
            events: vec![],
        }
    }

    #[test]
    fn same_story_duplicates_and_a_week_apart() {
        let wire = "Russian envoy Sergei Ryabkov said the talks in Vienna had reached a dead end and that no new round was planned for now. \
                    Western diplomats said the meetings of the week had failed to narrow the gap on security guarantees in Europe. \
                    The delegations left the Austrian capital on Thursday evening without a joint statement, and officials on both \
                    sides said they would report to their governments before deciding on any further contacts in the coming weeks.";
        let docs = vec![
            doc("a", Some("2022-01-14"), wire, "riabkov", "a dead end with no way forward"),
            doc("b", None, &format!("{wire} Officials gave no further details."), "riabkov", "a dead end with no way forward"),
            doc("c", Some("2022-01-13"), "Another outlet wrote its own account of the Vienna talks with other words entirely.", "riabkov", "a dead end with no way forward"),
            doc("d", Some("2022-01-24"), "A week later a new crisis meeting was called in Vienna about something else.", "riabkov", "we are ready to talk again next month"),
        ];
        let st = stories(&docs);
        assert_eq!(st.len(), 2, "{st:#?}");
        let first = st
            .iter()
            .find(|s| s.documents.len() == 3)
            .expect("a, b and c are one story");
        let b = first.documents.iter().find(|d| d.doc == "b").unwrap();
        assert_eq!(b.duplicate_of.as_deref(), Some("a"), "b republishes a");
        assert_eq!(b.inferred_date.as_deref(), Some("2022-01-14"));
        assert!(first
            .documents
            .iter()
            .find(|d| d.doc == "c")
            .unwrap()
            .duplicate_of
            .is_none());
        // Deterministic.
        assert_eq!(stories(&docs), st);
    }

    #[test]
    fn simhash_is_near_for_near_texts() {
        let a = simhash("the talks between the two delegations ended on thursday without any agreement on the main points");
        let b = simhash("the talks between the two delegations ended on thursday without any agreement on the main points today");
        let c = simhash("markets rallied after the central bank kept interest rates unchanged for a third month in a row");
        assert!((a ^ b).count_ones() <= DUPLICATE_BITS);
        assert!((a ^ c).count_ones() > DUPLICATE_BITS);
    }
}
