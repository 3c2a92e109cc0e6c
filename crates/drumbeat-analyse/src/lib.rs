//! Across documents: near-duplicates (SimHash over word shingles), stories (documents
//! that share people, quotes, numbers, places and wording within a few days), events
//! told by several documents merged into one with every mention, and publication dates
//! inferred for undated articles from their story peers.
//!
//! The stage reads [`DocSketch`]es (see [`sketch`]), not whole documents, so a corpus of
//! 100,000 articles fits in a few hundred megabytes. Candidate pairs come from an inverted
//! index over distinctive features, looked up only within the story window around each
//! document's date, so the cost grows with the number of documents sharing a feature in
//! a week, not with the square of the corpus. The escalation watch over the merged
//! events is in [`watch`].

pub mod sketch;
pub mod watch;

use std::collections::{BTreeMap, HashMap};

use drumbeat_model::{
    civil, Coded, DateBasis, DocSketch, EventBrief, EventType, Mention, MergedEvent, ResolvedDate,
    Story, StoryDoc,
};
use rayon::prelude::*;

pub use sketch::{simhash, sketch};

/// Days two dated documents may lie apart and still be one story.
pub const STORY_WINDOW_DAYS: i64 = 3;
/// Feature overlap (weighted Jaccard) from which two documents are one story.
pub const STORY_THRESHOLD: f64 = 0.22;
/// Shared evidence (the IDF-weighted weight of the features two documents share) from
/// which two documents published the same day are one story, whatever their lengths.
pub const STORY_SHARED: f64 = 5.5;
/// How much more shared evidence each day between two publication dates asks for.
pub const STORY_SHARED_PER_DAY: f64 = 2.0;
/// SimHash bits two documents may differ in and still be one article republished.
pub const DUPLICATE_BITS: u32 = 6;
/// How many times further an undated document looks down a feature's list.
pub const UNDATED_REACH: usize = 4;
/// The corpus size below which features are not weighed by rarity (inverse document
/// frequency is computed as if the corpus had at least this many documents).
pub const IDF_FLOOR_N: f64 = 1000.0;
/// A feature shared by more documents than this within a story window (or, for an
/// undated document, at all) is not distinctive enough to propose pairs.
pub const CANDIDATE_LIMIT: usize = 60;

/// Stories of coded documents (sketching them first): for tests, `eval` and small runs.
pub fn stories_of(docs: &[Coded]) -> Vec<Story> {
    stories(docs.par_iter().map(sketch).collect())
}

fn day_of(s: &DocSketch) -> Option<i64> {
    s.published.as_deref().and_then(civil::parse)
}

/// Weighted Jaccard of two sorted feature lists, and the weight they share.
fn similarity(a: &[(u64, f32)], b: &[(u64, f32)]) -> (f64, f64) {
    let (mut i, mut j) = (0, 0);
    let mut inter = 0.0f64;
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += a[i].1.min(b[j].1) as f64;
                i += 1;
                j += 1;
            }
        }
    }
    let total: f64 = a.iter().chain(b).map(|x| x.1 as f64).sum();
    let union = total - inter;
    (if union > 0.0 { inter / union } else { 0.0 }, inter)
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

/// A candidate pair that passed: (other document, shared weight, near-duplicate).
type Edge = (usize, f64, bool);

/// Group documents into stories. Deterministic whatever the input order: documents are
/// taken by date (undated last), then id, and the earliest copy of a republished article
/// is the canonical one.
pub fn stories(input: Vec<DocSketch>) -> Vec<Story> {
    let mut docs = input;
    // Arrival order decides which copy of a republished article is the canonical one
    // when both are dated the same day: an outlet credit first, then the path.
    docs.sort_by(|a, b| {
        let (da, db) = (day_of(a), day_of(b));
        (da.is_none(), da, a.outlet.is_none(), &a.path, &a.doc).cmp(&(
            db.is_none(),
            db,
            b.outlet.is_none(),
            &b.path,
            &b.doc,
        ))
    });
    docs.dedup_by(|a, b| a.doc == b.doc);
    let n = docs.len();
    let days: Vec<Option<i64>> = docs.iter().map(day_of).collect();
    let first_undated = days.iter().position(Option::is_none).unwrap_or(n);
    // Inverted index: postings are positions, so each list is in date order with the
    // undated documents at its end.
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for &(f, _) in &d.features {
            if sketch::proposes(f) {
                index.entry(f).or_default().push(i as u32);
            }
        }
    }
    // Features weigh by how rare they are: a leader or a capital named in hundreds of
    // articles says less about the happening than an official's name or a quote. N has a
    // floor, so in a handful of documents every feature keeps about its base weight.
    let mut df: HashMap<u64, u32> = HashMap::new();
    for d in &docs {
        for &(f, _) in &d.features {
            *df.entry(f).or_default() += 1;
        }
    }
    let big_n = (n as f64).max(IDF_FLOOR_N);
    let max_idf = (big_n / 0.5).ln();
    docs.par_iter_mut().for_each(|d| {
        for (f, w) in &mut d.features {
            let idf = (big_n / (df[f] as f64 - 0.5)).ln() / max_idf;
            *w *= idf.max(0.05) as f32;
        }
    });
    drop(df);
    let edges: Vec<Vec<Edge>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut cands: Vec<u32> = Vec::new();
            for &(f, _) in &docs[i].features {
                let Some(list) = index.get(&f) else { continue };
                let undated_from = list.partition_point(|&p| (p as usize) < first_undated);
                let (lo, hi) = match days[i] {
                    Some(d) => {
                        let dated = &list[..undated_from];
                        let lo = dated.partition_point(|&p| {
                            days[p as usize].is_some_and(|x| x < d - STORY_WINDOW_DAYS)
                        });
                        let hi = dated.partition_point(|&p| {
                            days[p as usize].is_some_and(|x| x <= d + STORY_WINDOW_DAYS)
                        });
                        (lo, hi)
                    }
                    None => (0, undated_from),
                };
                let count = (hi - lo) + (list.len() - undated_from);
                // An undated document looks across the whole corpus, so it may look
                // further down a feature's list than a dated one looks within its week.
                let limit = if days[i].is_some() {
                    CANDIDATE_LIMIT
                } else {
                    CANDIDATE_LIMIT * UNDATED_REACH
                };
                if count > limit {
                    continue;
                }
                cands.extend(
                    list[lo..hi]
                        .iter()
                        .chain(&list[undated_from..])
                        .copied()
                        .filter(|&p| p as usize > i),
                );
            }
            cands.sort_unstable();
            cands.dedup();
            cands
                .into_iter()
                .filter_map(|j| {
                    let j = j as usize;
                    let (sim, shared) = similarity(&docs[i].features, &docs[j].features);
                    let dup = (docs[i].simhash ^ docs[j].simhash).count_ones() <= DUPLICATE_BITS;
                    // Real outlets telling one happening share its actors, acts, places
                    // and a name or two, but write it in their own words: a long article
                    // and a short one share little of their whole. Enough shared evidence
                    // (weighed by rarity) joins them too; two days apart, more is needed.
                    let apart = match (days[i], days[j]) {
                        (Some(a), Some(b)) => (a - b).abs() as f64,
                        _ => 0.0,
                    };
                    let enough = shared >= STORY_SHARED + STORY_SHARED_PER_DAY * apart;
                    (sim >= STORY_THRESHOLD || enough || dup).then_some((j, shared, dup))
                })
                .collect()
        })
        .collect();
    // An undated document joins the one story it fits best: it has no date to keep it
    // from bridging two stories, so only its strongest link (or a republication) counts.
    // Strongest is the most evidence shared, not the highest ratio, which would favour
    // a short article about an older, similar incident.
    let mut best: Vec<Option<(f64, usize, usize)>> = vec![None; n - first_undated];
    for (i, list) in edges.iter().enumerate() {
        for &(j, sim, dup) in list {
            if dup {
                continue;
            }
            for u in [i, j] {
                if u >= first_undated {
                    let slot = &mut best[u - first_undated];
                    if slot.is_none_or(|(s, a, b)| sim > s || (sim == s && (i, j) < (a, b))) {
                        *slot = Some((sim, i, j));
                    }
                }
            }
        }
    }
    let keep = |i: usize, j: usize, dup: bool| {
        dup || [i, j].iter().all(|&u| {
            u < first_undated || best[u - first_undated].is_some_and(|(_, a, b)| (a, b) == (i, j))
        })
    };
    let mut dsu = Dsu(
        (0..n).collect(),
        days.iter().map(|d| d.map(|x| (x, x))).collect(),
    );
    let mut duplicate_of: Vec<Option<usize>> = vec![None; n];
    for (i, list) in edges.iter().enumerate() {
        for &(j, _, dup) in list {
            if keep(i, j, dup) && dsu.try_union(i, j) && dup && duplicate_of[j].is_none() {
                duplicate_of[j] = Some(duplicate_of[i].unwrap_or(i));
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = dsu.find(i);
        groups.entry(r).or_default().push(i);
    }
    drop(index);
    // Each story takes its documents by value: their events move into the merged events
    // instead of being copied, so the corpus is held once.
    let dup_ids: Vec<Option<String>> = duplicate_of
        .iter()
        .map(|d| d.map(|j| docs[j].doc.clone()))
        .collect();
    let mut slots: Vec<Option<DocSketch>> = docs
        .into_iter()
        .map(|mut d| {
            d.features = Vec::new();
            Some(d)
        })
        .collect();
    let groups: Vec<Vec<Member>> = groups
        .into_values()
        .map(|g| {
            g.into_iter()
                .filter_map(|i| {
                    Some(Member {
                        sketch: slots[i].take()?,
                        day: days[i],
                        duplicate_of: dup_ids[i].clone(),
                    })
                })
                .collect()
        })
        .collect();
    groups.into_par_iter().map(build_story).collect()
}

/// A document as its story is built from it.
struct Member {
    sketch: DocSketch,
    day: Option<i64>,
    duplicate_of: Option<String>,
}

/// Resolve an undated document's pending time expressions against a date.
pub fn resolve_pending(s: &DocSketch, day: &str) -> Vec<ResolvedDate> {
    let anchor = civil::parse(day);
    s.pending_times
        .iter()
        .filter_map(|t| {
            let (r, _) = drumbeat_nlp::times::resolve(t.expr, anchor, t.future);
            let (a, b) = r?;
            Some(ResolvedDate {
                text: t.text.clone(),
                sentence: t.sentence,
                span: t.span,
                start: civil::format(a)?,
                end: civil::format(b)?,
            })
        })
        .collect()
}

/// The publication date of an undated document from its story: among the days from the
/// story's first dated report to the day after its last, the one against which the most
/// of the document's own relative dates ("Wednesday", "yesterday") fall inside the story,
/// nearest the median of its peers. `dated` is sorted and not empty.
fn infer_date(d: &DocSketch, dated: &[i64]) -> (i64, String) {
    let median = dated[dated.len() / 2];
    let (lo, hi) = (dated[0], dated[dated.len() - 1]);
    let peers = format!(
        "{} dated story peer{}",
        dated.len(),
        if dated.len() == 1 { "" } else { "s" }
    );
    let relative: Vec<&drumbeat_model::PendingTime> = d
        .pending_times
        .iter()
        .filter(|t| {
            matches!(
                t.expr,
                drumbeat_model::TimeExpr::Weekday { .. }
                    | drumbeat_model::TimeExpr::RelativeDay { .. }
            )
        })
        .collect();
    let fits = |c: i64| {
        relative
            .iter()
            .filter(|t| {
                let (r, _) = drumbeat_nlp::times::resolve(t.expr, Some(c), t.future);
                r.is_some_and(|(a, _)| a >= lo - 1 && a <= c)
            })
            .count()
    };
    let best = (lo..=hi + 1)
        .max_by_key(|&c| (fits(c), -(c - median).abs(), -c))
        .unwrap_or(median);
    let n = fits(best);
    if relative.is_empty() || n == 0 {
        (median, format!("median publication date of {peers}"))
    } else {
        let words: Vec<&str> = relative.iter().map(|t| t.text.as_str()).collect();
        (
            best,
            format!(
                "the days of {peers}, and its own {} falling within the story",
                words.join(", ")
            ),
        )
    }
}

fn short_hash(s: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()))
}

/// What makes two event mentions the same act: type, source, target (sorted for
/// symmetric types) and, where acts of one type differ in kind, the mode.
type MergeKey = (EventType, Option<String>, Option<String>, Option<String>);

fn merge_key(e: &EventBrief) -> MergeKey {
    let (s, t) = (e.source.clone(), e.target.clone());
    let (s, t) = if matches!(e.event_type.as_str(), "CONSULT" | "AGREE" | "COOPERATE") && s > t {
        (t, s)
    } else {
        (s, t)
    };
    let mode = matches!(e.event_type.as_str(), "MOBILIZE" | "CONSULT" | "ASSAULT")
        .then(|| e.mode.clone())
        .flatten();
    (e.event_type, s, t, mode)
}

fn build_story(members: Vec<Member>) -> Story {
    let mut dated: Vec<i64> = members.iter().filter_map(|m| m.day).collect();
    dated.sort_unstable();
    // The story is named by its earliest document, so its id stays put as later
    // reports join it.
    let id = short_hash(&members[0].sketch.doc);
    let title = members[0].sketch.title.clone();
    let mut actors: Vec<String> = members
        .iter()
        .flat_map(|m| m.sketch.actors.iter().cloned())
        .collect();
    actors.sort();
    actors.dedup();
    let mut documents = Vec::with_capacity(members.len());
    let mut merged: Vec<MergedEvent> = Vec::new();
    let mut keys: Vec<MergeKey> = Vec::new();
    let mut canonical: Vec<Vec<String>> = Vec::new();
    for m in members {
        let d = m.sketch;
        let (inferred_date, inferred_basis) = if m.day.is_none() && !dated.is_empty() {
            let (day, basis) = infer_date(&d, &dated);
            (civil::format(day), Some(basis))
        } else if m.day.is_none() && d.latest_named_day.is_some() {
            // No dated peer: the latest full date the article names, as news is published
            // on the day of what it reports or the day after.
            (
                d.latest_named_day.clone(),
                Some("the latest full date its own text names".to_string()),
            )
        } else {
            (None, None)
        };
        let resolved = inferred_date
            .as_deref()
            .map(|day| resolve_pending(&d, day))
            .unwrap_or_default();
        let canon = m.duplicate_of.clone().unwrap_or_else(|| d.doc.clone());
        for mut e in d.events {
            // An undated document's event takes the date its sentence resolves to now.
            if e.date.is_none() {
                if let Some(r) = resolved
                    .iter()
                    .find(|r| r.sentence == e.sentence && r.start == r.end)
                {
                    e.date = Some(r.start.clone());
                    e.date_basis = DateBasis::Text;
                }
            }
            let key = merge_key(&e);
            let compatible = |x: &MergedEvent| match (&x.date, &e.date) {
                (Some(a), Some(b)) => a == b || e.date_basis == DateBasis::Published,
                _ => true,
            };
            let at = keys
                .iter()
                .position(|k| *k == key)
                .filter(|&p| compatible(&merged[p]));
            let dated_by_text = matches!(e.date_basis.as_str(), "text" | "context");
            let mention = Mention {
                event: e.id,
                doc: d.doc.clone(),
                outlet: d.outlet.clone(),
                sentence: e.sentence,
                evidence: e.evidence,
                count: e.count,
            };
            match at {
                Some(p) => {
                    let x = &mut merged[p];
                    if x.date.is_none() && dated_by_text {
                        x.date = e.date;
                        x.granularity = e.granularity;
                    }
                    x.mentions.push(mention);
                    canonical[p].push(canon.clone());
                }
                None => {
                    keys.push(key.clone());
                    canonical.push(vec![canon.clone()]);
                    merged.push(MergedEvent {
                        id: String::new(),
                        event_type: key.0,
                        mode: e.mode,
                        // As the first telling has it (the key may have sorted a symmetric pair).
                        source: e.source,
                        target: e.target,
                        date: e.date.filter(|_| dated_by_text),
                        granularity: e.granularity.filter(|_| dated_by_text),
                        goldstein: e.goldstein,
                        quad_class: e.quad_class,
                        sources: 0,
                        outlets: Vec::new(),
                        counts: Vec::new(),
                        mentions: vec![mention],
                    })
                }
            }
        }
        documents.push(StoryDoc {
            resolved_dates: resolved,
            doc: d.doc,
            path: d.path,
            outlet: d.outlet,
            published: d.published,
            title: d.title,
            inferred_date,
            inferred_basis,
            duplicate_of: m.duplicate_of,
        });
    }
    for (m, canon) in merged.iter_mut().zip(&mut canonical) {
        // A republished copy tells nothing new: sources are distinct canonical articles.
        canon.sort_unstable();
        canon.dedup();
        m.sources = canon.len();
        let mut outlets: Vec<String> = m.mentions.iter().filter_map(|x| x.outlet.clone()).collect();
        outlets.sort();
        outlets.dedup();
        m.outlets = outlets;
        let mut counts: Vec<String> = Vec::new();
        for c in m.mentions.iter().filter_map(|x| x.count.clone()) {
            if !counts.contains(&c) {
                counts.push(c);
            }
        }
        m.counts = counts;
        // Story, key and first mention: stable across runs while the story keeps its
        // first document.
        m.id = short_hash(&format!(
            "{id}|{}|{:?}|{:?}|{:?}|{}",
            m.event_type, m.source, m.target, m.mode, m.mentions[0].event
        ));
    }
    merged.sort_by(|a, b| {
        b.sources
            .cmp(&a.sources)
            .then(a.event_type.cmp(&b.event_type))
            .then(a.id.cmp(&b.id))
    });
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
mod tests;
