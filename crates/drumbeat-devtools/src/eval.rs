//! `drumbeat eval`: score the pipeline against a gold file in the format of
//! `../shared/bench/README.md` — events (precision, recall, F1; again with dates),
//! forbidden events, quote speakers, numbers, stories and dates of undated articles.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use drumbeat_ingest::Notice;
use drumbeat_model::{Annotated, Event, Modality};
use drumbeat_pipeline::Knowledge;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One gold article.
#[derive(Debug, Deserialize, Clone)]
pub struct GoldDoc {
    pub file: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub published_actual: Option<String>,
    #[serde(default)]
    pub story: Option<String>,
    #[serde(default)]
    pub duplicate_of: Option<String>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub numbers: Vec<GoldNumber>,
    #[serde(default)]
    pub forbidden: Vec<GoldForbidden>,
    /// Strings that hold no counted number (years, times, model names): a predicted
    /// number inside one is a false alarm.
    #[serde(default)]
    pub not_numbers: Vec<String>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct GoldEvent {
    pub source: Option<String>,
    pub target: Option<String>,
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Deserialize, Clone)]
pub struct GoldQuote {
    pub speaker: String,
    pub text: String,
    #[serde(default)]
    pub relay: Option<String>,
    #[serde(default)]
    pub parts: Vec<String>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct GoldNumber {
    pub what: String,
    pub value: Option<Value>,
    #[serde(default)]
    pub evidence: String,
}

#[derive(Debug, Deserialize, Clone)]
pub struct GoldForbidden {
    pub why: String,
    pub source: Option<String>,
    pub target: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
}

/// Parse a gold file: one JSON object per line.
pub fn read_gold(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d: GoldDoc = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), i + 1))?;
        out.push(d);
    }
    Ok(out)
}

/// Does a gold actor spec ("RUS", "USA or NATO", "HUN+ROU", "IGO", null) accept a
/// predicted actor (its country or organisation code and the members joined to it)?
pub fn actor_matches(spec: Option<&str>, country: Option<&str>, also: &[String]) -> bool {
    let Some(spec) = spec else { return true };
    let g = &drumbeat_nlp::gazetteer::GAZETTEER;
    let kind_of = |c: &str| g.orgs.iter().find(|o| o.code == c).map(|o| o.kind.clone());
    let mut candidates: Vec<&str> = country.into_iter().collect();
    candidates.extend(also.iter().map(String::as_str));
    spec.split(" or ").any(|alt| {
        alt.split('+').map(str::trim).any(|code| {
            candidates.iter().any(|c| match code {
                "IGO" => kind_of(c).as_deref() == Some("igo"),
                "NGO" => kind_of(c).as_deref() == Some("ngo"),
                "IMG" => kind_of(c).as_deref() == Some("img"),
                _ => *c == code,
            })
        })
    })
}

/// Whether a prediction's source and target match a gold event's (country or
/// organisation level; a joint source matches by any member).
fn sides_match(g: &GoldEvent, e: &Event) -> (bool, bool) {
    let sc = e.source.as_ref().and_then(|s| s.country.as_deref());
    let also = e
        .source
        .as_ref()
        .map(|s| s.also.clone())
        .unwrap_or_default();
    let tc = e.target.as_ref().and_then(|s| s.country.as_deref());
    let src = (g.source.is_none() || sc.is_some() || !also.is_empty())
        && actor_matches(g.source.as_deref(), sc, &also);
    let tgt = g.target.is_none() || actor_matches(g.target.as_deref(), tc, &[]);
    (src, tgt)
}

fn event_matches(g: &GoldEvent, e: &Event) -> bool {
    g.event_type == e.event_type && sides_match(g, e) == (true, true)
}

fn date_agrees(g: &GoldEvent, e: &Event) -> bool {
    match &g.date {
        None => e.date_basis != drumbeat_model::DateBasis::Text,
        Some(d) => {
            e.date.as_deref().is_some_and(|x| x.starts_with(d.as_str()))
                || (e.date.as_deref() <= Some(d.as_str())
                    && e.date_end.as_deref() >= Some(d.as_str()))
        }
    }
}

/// Maximum one-to-one matching (Kuhn's algorithm) between gold items and predictions.
fn max_matching(
    n_gold: usize,
    n_pred: usize,
    ok: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    let adj: Vec<Vec<usize>> = (0..n_gold)
        .map(|g| (0..n_pred).filter(|&p| ok(g, p)).collect())
        .collect();
    let mut pred_to_gold: Vec<Option<usize>> = vec![None; n_pred];
    fn try_assign(
        g: usize,
        adj: &[Vec<usize>],
        seen: &mut [bool],
        p2g: &mut [Option<usize>],
    ) -> bool {
        for &p in &adj[g] {
            if seen[p] {
                continue;
            }
            seen[p] = true;
            if p2g[p].is_none() || try_assign(p2g[p].unwrap_or(0), adj, seen, p2g) {
                p2g[p] = Some(g);
                return true;
            }
        }
        false
    }
    for g in 0..n_gold {
        let mut seen = vec![false; n_pred];
        try_assign(g, &adj, &mut seen, &mut pred_to_gold);
    }
    let mut gold_to_pred = vec![None; n_gold];
    for (p, g) in pred_to_gold.iter().enumerate() {
        if let Some(g) = g {
            gold_to_pred[*g] = Some(p);
        }
    }
    gold_to_pred
}

#[derive(Debug, Default, Serialize, Clone)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub f1_with_date: f64,
    pub predicted: usize,
    pub required: usize,
    pub matched: usize,
    pub matched_with_date: usize,
}

fn prf(matched: usize, predicted: usize, required: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        0.0
    } else {
        matched as f64 / predicted as f64
    };
    let r = if required == 0 {
        0.0
    } else {
        matched as f64 / required as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

#[derive(Debug, Serialize)]
pub struct Miss {
    pub file: String,
    pub source: Option<String>,
    pub target: Option<String>,
    #[serde(rename = "type")]
    pub event_type: String,
    pub evidence: String,
    /// Why it was missed: one of [`ERROR_CLASSES`] (not `extra_event`).
    pub class: &'static str,
    /// What was predicted in the gold event's sentence, briefly (`RUS THREATEN UKR (asserted)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predicted: Vec<String>,
}

/// The error classes `eval` counts. A missed required event is `no_event` (nothing was
/// predicted in its sentence), `wrong_modality` (the right event, not asserted),
/// `wrong_target` or `wrong_source` (the right type, one side wrong) or `wrong_type`
/// (something else was predicted there); `extra_event` is an asserted prediction that
/// matches no gold event.
pub const ERROR_CLASSES: [&str; 6] = [
    "no_event",
    "wrong_type",
    "wrong_source",
    "wrong_target",
    "wrong_modality",
    "extra_event",
];

/// Precision of the predictions whose confidence falls in `[low, high)`.
#[derive(Debug, Serialize, Clone)]
pub struct Bucket {
    pub low: f32,
    pub high: f32,
    pub predicted: usize,
    pub matched: usize,
    pub precision: Option<f64>,
}

/// What to score: a confidence floor, and optionally only the stories of one half.
#[derive(Debug, Default, Clone)]
pub struct EvalOptions {
    /// Predictions below this confidence are left out (as `--min-confidence` does).
    pub min_confidence: f32,
}

/// A split of a gold set by story (`story<TAB>half` lines, `#` comments), as in
/// `bench/news-split.tsv`.
pub fn read_split(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        match (cols.next(), cols.next()) {
            (Some(story), Some(half)) if !half.trim().is_empty() => {
                out.insert(story.trim().to_string(), half.trim().to_string());
            }
            _ => anyhow::bail!("{}:{}: expected `story<TAB>half`", path.display(), i + 1),
        }
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct FalseAlarm {
    pub file: String,
    pub source: Option<String>,
    pub target: Option<String>,
    #[serde(rename = "type")]
    pub event_type: String,
    pub trigger: String,
    pub sentence: String,
    pub forbidden: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DocScore {
    pub file: String,
    pub predicted: usize,
    pub required: usize,
    pub matched: usize,
    pub forbidden: usize,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub documents: usize,
    pub missing_files: Vec<String>,
    pub events: Prf,
    pub per_type: HashMap<String, Prf>,
    pub forbidden: usize,
    pub quotes: Value,
    pub numbers: Value,
    pub stories: Value,
    pub dating: Value,
    pub per_document: Vec<DocScore>,
    /// Counts of [`ERROR_CLASSES`].
    pub error_classes: std::collections::BTreeMap<&'static str, usize>,
    /// Precision per confidence bucket (tenths).
    pub confidence: Vec<Bucket>,
    /// Event scores per half of a split (`--split`), when one is given.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub halves: std::collections::BTreeMap<String, Value>,
    pub misses: Vec<Miss>,
    pub false_alarms: Vec<FalseAlarm>,
    /// Gold quotes not found, or found with another speaker.
    pub quote_misses: Vec<QuoteMiss>,
    /// Gold numbers not found: (file, what, value, evidence).
    pub number_misses: Vec<(String, String, Option<Value>, String)>,
}

#[derive(Debug, Serialize)]
pub struct QuoteMiss {
    pub file: String,
    pub text: String,
    pub speaker: String,
    /// The speakers predicted for the overlapping quotes (`None`: unresolved); empty when
    /// no predicted quote overlaps.
    pub predicted: Vec<Option<String>>,
}

/// Does a predicted sentence hold the gold evidence (or the other way round)?
fn same_sentence(gold_evidence: &str, predicted_sentence: &str) -> bool {
    let g = norm_quote(gold_evidence);
    let p = norm_quote(predicted_sentence);
    if g.is_empty() || p.is_empty() {
        return false;
    }
    if p.contains(&g) || g.contains(&p) {
        return true;
    }
    // A clause that runs over a sentence boundary: its opening or closing words.
    let words: Vec<&str> = g.split(' ').collect();
    words.len() >= 8
        && (p.contains(&words[..6].join(" ")) || p.contains(&words[words.len() - 6..].join(" ")))
}

fn brief(e: &Event) -> String {
    format!(
        "{} {} {} ({}, {:.1})",
        country_of(&e.source).unwrap_or_else(|| "-".into()),
        e.event_type,
        country_of(&e.target).unwrap_or_else(|| "-".into()),
        e.modality.as_str(),
        e.confidence
    )
}

/// Why a required gold event was missed, from the predictions in its sentence.
fn classify_miss(g: &GoldEvent, in_sentence: &[&Event]) -> &'static str {
    if in_sentence.is_empty() {
        return "no_event";
    }
    let sides = |e: &Event| sides_match(g, e);
    let typed: Vec<&&Event> = in_sentence
        .iter()
        .filter(|e| e.event_type == g.event_type)
        .collect();
    if typed
        .iter()
        .any(|e| e.modality != Modality::Asserted && event_matches(g, e))
    {
        "wrong_modality"
    } else if typed.iter().any(|e| sides(e) == (true, false)) {
        "wrong_target"
    } else if !typed.is_empty() {
        "wrong_source"
    } else {
        "wrong_type"
    }
}

fn country_of(a: &Option<drumbeat_model::EventActor>) -> Option<String> {
    a.as_ref().and_then(|x| x.country.clone())
}

fn norm_quote(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Score annotated documents (with their events) against the gold.
pub fn score(gold: &[GoldDoc], docs: &HashMap<String, (Annotated, Vec<Event>)>) -> Report {
    score_with(gold, docs, &EvalOptions::default())
}

/// Score with options, and with `split` the event scores of each half as well.
pub fn score_split(
    gold: &[GoldDoc],
    docs: &HashMap<String, (Annotated, Vec<Event>)>,
    opts: &EvalOptions,
    split: &HashMap<String, String>,
) -> Report {
    let mut rep = score_with(gold, docs, opts);
    let mut halves: Vec<&String> = split.values().collect();
    halves.sort();
    halves.dedup();
    for half in halves {
        let part: Vec<GoldDoc> = gold
            .iter()
            .filter(|g| g.story.as_ref().and_then(|s| split.get(s)) == Some(half))
            .cloned()
            .collect();
        let r = score_with(&part, docs, opts);
        rep.halves.insert(
            half.clone(),
            serde_json::json!({"documents": r.documents, "events": r.events, "forbidden": r.forbidden,
                "error_classes": r.error_classes, "quotes": r.quotes, "numbers": r.numbers,
                "stories": r.stories, "dating": r.dating}),
        );
    }
    rep
}

/// Only the gold articles of one half of a split.
pub fn only_half(gold: Vec<GoldDoc>, split: &HashMap<String, String>, half: &str) -> Vec<GoldDoc> {
    gold.into_iter()
        .filter(|g| {
            g.story
                .as_ref()
                .and_then(|s| split.get(s))
                .map(String::as_str)
                == Some(half)
        })
        .collect()
}

/// Score annotated documents (with their events) against the gold, with options.
pub fn score_with(
    gold: &[GoldDoc],
    docs: &HashMap<String, (Annotated, Vec<Event>)>,
    opts: &EvalOptions,
) -> Report {
    let mut classes: std::collections::BTreeMap<&'static str, usize> =
        ERROR_CLASSES.iter().map(|c| (*c, 0)).collect();
    let mut buckets: Vec<(usize, usize)> = vec![(0, 0); 10];
    let mut total = Prf::default();
    let mut per_type: HashMap<String, (usize, usize, usize)> = HashMap::new();
    let mut misses = Vec::new();
    let mut false_alarms = Vec::new();
    let mut per_document = Vec::new();
    let mut forbidden_total = 0;
    let (mut q_gold, mut q_found, mut q_right) = (0, 0, 0);
    let (mut n_gold, mut n_found) = (0, 0);
    let mut missing_files = Vec::new();
    let mut quote_misses = Vec::new();
    let mut number_misses = Vec::new();
    let mut not_numbers_counted: Vec<(String, String)> = Vec::new();
    for g in gold {
        let Some((a, evs)) = docs.get(&g.file) else {
            missing_files.push(g.file.clone());
            continue;
        };
        let preds: Vec<&Event> = evs
            .iter()
            .filter(|e| e.modality == Modality::Asserted && e.confidence >= opts.min_confidence)
            .collect();
        let required: Vec<&GoldEvent> = g.events.iter().filter(|e| !e.optional).collect();
        let optional: Vec<&GoldEvent> = g.events.iter().filter(|e| e.optional).collect();
        let m = max_matching(required.len(), preds.len(), |gi, pi| {
            event_matches(required[gi], preds[pi])
        });
        let matched_preds: Vec<usize> = m.iter().flatten().copied().collect();
        // Predictions matching an optional event (and no required one) are left out.
        let unmatched: Vec<usize> = (0..preds.len())
            .filter(|p| !matched_preds.contains(p))
            .collect();
        let mo = max_matching(optional.len(), unmatched.len(), |gi, pi| {
            event_matches(optional[gi], preds[unmatched[pi]])
        });
        let optional_preds: Vec<usize> = mo.iter().flatten().map(|&i| unmatched[i]).collect();
        let counted = preds.len() - optional_preds.len();
        let matched = matched_preds.len();
        let md = max_matching(required.len(), preds.len(), |gi, pi| {
            event_matches(required[gi], preds[pi]) && date_agrees(required[gi], preds[pi])
        });
        let matched_date = md.iter().flatten().count();
        total.predicted += counted;
        total.required += required.len();
        total.matched += matched;
        total.matched_with_date += matched_date;
        for (gi, ge) in required.iter().enumerate() {
            let e = per_type.entry(ge.event_type.clone()).or_default();
            e.1 += 1;
            if m[gi].is_some() {
                e.2 += 1;
            } else {
                // Every prediction of its sentence, whatever its modality, except those
                // already matched to another gold event.
                let in_sentence: Vec<&Event> = evs
                    .iter()
                    .filter(|p| same_sentence(&ge.evidence, &p.evidence_text))
                    .filter(|p| !matched_preds.iter().any(|&mp| std::ptr::eq(preds[mp], *p)))
                    .collect();
                let class = classify_miss(ge, &in_sentence);
                *classes.entry(class).or_default() += 1;
                misses.push(Miss {
                    file: g.file.clone(),
                    source: ge.source.clone(),
                    target: ge.target.clone(),
                    event_type: ge.event_type.clone(),
                    evidence: ge.evidence.clone(),
                    class,
                    predicted: in_sentence.iter().map(|p| brief(p)).collect(),
                });
            }
        }
        let mut doc_forbidden = 0;
        for (pi, p) in preds.iter().enumerate() {
            if optional_preds.contains(&pi) {
                continue;
            }
            per_type.entry(p.event_type.to_string()).or_default().0 += 1;
            let b = ((p.confidence * 10.0) as usize).min(9);
            buckets[b].0 += 1;
            if matched_preds.contains(&pi) {
                buckets[b].1 += 1;
                continue;
            }
            *classes.entry("extra_event").or_default() += 1;
            let forbidden = g.forbidden.iter().find(|f| {
                f.event_type.as_deref().is_none_or(|t| p.event_type == t)
                    && actor_matches(f.source.as_deref(), country_of(&p.source).as_deref(), &[])
                    && actor_matches(f.target.as_deref(), country_of(&p.target).as_deref(), &[])
                    && f.evidence.as_deref().is_none_or(|ev| {
                        norm_quote(&p.evidence_text).contains(&norm_quote(ev))
                            || norm_quote(ev).contains(&norm_quote(&p.trigger_text))
                    })
            });
            if forbidden.is_some() {
                doc_forbidden += 1;
            }
            false_alarms.push(FalseAlarm {
                file: g.file.clone(),
                source: country_of(&p.source),
                target: country_of(&p.target),
                event_type: p.event_type.to_string(),
                trigger: p.trigger_text.clone(),
                sentence: p.evidence_text.clone(),
                forbidden: forbidden.map(|f| f.why.clone()),
            });
        }
        forbidden_total += doc_forbidden;
        per_document.push(DocScore {
            file: g.file.clone(),
            predicted: counted,
            required: required.len(),
            matched,
            forbidden: doc_forbidden,
        });

        // Quotes: a predicted quote overlapping the gold text, with the right speaker (by surname).
        for gq in &g.quotes {
            q_gold += 1;
            let gt = norm_quote(&gq.text);
            let surname = gq
                .speaker
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase();
            let overlapping: Vec<_> = a
                .quotes
                .iter()
                .filter(|q| {
                    let qt = norm_quote(&q.text.replace(" … ", " "));
                    !qt.is_empty()
                        && (gt.contains(&qt)
                            || qt.contains(&gt)
                            || (qt.len() > 20 && gt.contains(&qt[..qt.len() / 2])))
                })
                .collect();
            if !overlapping.is_empty() {
                q_found += 1;
            }
            if overlapping.iter().any(|q| {
                q.speaker
                    .as_ref()
                    .is_some_and(|s| s.name.to_lowercase().ends_with(&surname))
            }) {
                q_right += 1;
            } else {
                quote_misses.push(QuoteMiss {
                    file: g.file.clone(),
                    text: gq.text.clone(),
                    speaker: gq.speaker.clone(),
                    predicted: overlapping
                        .iter()
                        .map(|q| q.speaker.as_ref().map(|s| s.name.clone()))
                        .collect(),
                });
            }
        }
        // Numbers that are none: a predicted amount inside a `not_numbers` string.
        for n in &a.numbers {
            let t = norm_quote(&n.text);
            if !t.is_empty()
                && g.not_numbers.iter().any(|x| {
                    let x = norm_quote(x);
                    x.split(' ')
                        .collect::<Vec<_>>()
                        .windows(t.split(' ').count())
                        .any(|w| w.join(" ") == t)
                })
            {
                not_numbers_counted.push((g.file.clone(), n.text.clone()));
            }
        }
        // Numbers.
        for gn in &g.numbers {
            n_gold += 1;
            let want = gn.value.as_ref().and_then(Value::as_f64);
            let found = a.numbers.iter().any(|n| {
                let what = n.what.as_deref().unwrap_or("");
                let same_thing = what == gn.what
                    || what.contains(&gn.what)
                    || gn.what.contains(what) && !what.is_empty();
                same_thing
                    && match want {
                        Some(v) => n.value == Some(v),
                        None => n.value.is_none() && n.low.is_some(),
                    }
            });
            if found {
                n_found += 1;
            } else {
                number_misses.push((
                    g.file.clone(),
                    gn.what.clone(),
                    gn.value.clone(),
                    gn.evidence.clone(),
                ));
            }
        }
    }
    let (p, r, f) = prf(total.matched, total.predicted, total.required);
    let (_, _, fd) = prf(total.matched_with_date, total.predicted, total.required);
    total.precision = p;
    total.recall = r;
    total.f1 = f;
    total.f1_with_date = fd;
    let per_type = per_type
        .into_iter()
        .map(|(t, (pred, req, mat))| {
            let (p, r, f) = prf(mat, pred, req);
            (
                t,
                Prf {
                    precision: p,
                    recall: r,
                    f1: f,
                    f1_with_date: 0.0,
                    predicted: pred,
                    required: req,
                    matched: mat,
                    matched_with_date: 0,
                },
            )
        })
        .collect();
    // Stories and dates of undated articles, from the story stage over the gold's articles.
    let files: Vec<&String> = gold
        .iter()
        .map(|g| &g.file)
        .filter(|f| docs.contains_key(*f))
        .collect();
    let coded: Vec<drumbeat_model::Coded> = files
        .iter()
        .map(|f| {
            let (a, e) = &docs[*f];
            drumbeat_model::Coded {
                annotated: a.clone(),
                events: e.clone(),
            }
        })
        .collect();
    let found = drumbeat_analyse::stories_of(&coded);
    let mut story_of: HashMap<&str, usize> = HashMap::new();
    let mut inferred: HashMap<&str, String> = HashMap::new();
    for (si, st) in found.iter().enumerate() {
        for d in &st.documents {
            story_of.insert(d.doc.as_str(), si);
            if let Some(date) = &d.inferred_date {
                inferred.insert(d.doc.as_str(), date.clone());
            }
        }
    }
    let id_of = |f: &str| docs.get(f).map(|(a, _)| a.doc.document.id.as_str());
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let gs: Vec<&GoldDoc> = gold.iter().filter(|g| docs.contains_key(&g.file)).collect();
    for i in 0..gs.len() {
        for j in i + 1..gs.len() {
            let same_gold = gs[i].story.is_some() && gs[i].story == gs[j].story;
            let same_pred = match (id_of(&gs[i].file), id_of(&gs[j].file)) {
                (Some(a), Some(b)) => {
                    story_of.contains_key(a) && story_of.get(a) == story_of.get(b)
                }
                _ => false,
            };
            match (same_gold, same_pred) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fneg += 1,
                _ => {}
            }
        }
    }
    let sp = if tp + fp == 0 {
        Value::Null
    } else {
        serde_json::json!(tp as f64 / (tp + fp) as f64)
    };
    let sr = if tp + fneg == 0 {
        Value::Null
    } else {
        serde_json::json!(tp as f64 / (tp + fneg) as f64)
    };
    let sf = match (sp.as_f64(), sr.as_f64()) {
        (Some(p), Some(r)) if p + r > 0.0 => serde_json::json!(2.0 * p * r / (p + r)),
        _ => Value::Null,
    };
    let mut undated = 0;
    let mut within = 0;
    let mut dating_misses: Vec<Value> = Vec::new();
    for g in gold.iter().filter(|g| g.published.is_none()) {
        let Some(actual) = &g.published_actual else {
            continue;
        };
        undated += 1;
        let Some(id) = id_of(&g.file) else { continue };
        let Some(got) = inferred
            .get(id)
            .and_then(|d| drumbeat_model::civil::parse(d))
        else {
            dating_misses
                .push(serde_json::json!({"file": g.file, "actual": actual, "inferred": null}));
            continue;
        };
        let ok = actual
            .split(" or ")
            .filter_map(|a| drumbeat_model::civil::parse(a.trim()))
            .any(|a| (a - got).abs() <= 1);
        if ok {
            within += 1;
        } else {
            dating_misses.push(
                serde_json::json!({"file": g.file, "actual": actual, "inferred": inferred.get(id)}),
            );
        }
    }
    Report {
        documents: gold.len() - missing_files.len(),
        missing_files,
        events: total,
        per_type,
        forbidden: forbidden_total,
        quotes: serde_json::json!({"gold": q_gold, "found": q_found, "right_speaker": q_right, "speaker_accuracy": if q_gold == 0 { 0.0 } else { q_right as f64 / q_gold as f64 }}),
        numbers: serde_json::json!({"gold": n_gold, "found": n_found, "not_numbers_counted": not_numbers_counted.len(), "not_numbers": not_numbers_counted}),
        stories: serde_json::json!({"pairwise_precision": sp, "pairwise_recall": sr, "pairwise_f1": sf, "same_story_pairs": tp, "predicted_only": fp, "gold_only": fneg, "stories_found": found.len()}),
        dating: serde_json::json!({"undated": undated, "within_one_day": within, "misses": dating_misses}),
        per_document,
        error_classes: classes,
        confidence: buckets
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| *n > 0)
            .map(|(i, &(n, m))| Bucket {
                low: i as f32 / 10.0,
                high: (i + 1) as f32 / 10.0,
                predicted: n,
                matched: m,
                precision: Some(m as f64 / n as f64),
            })
            .collect(),
        halves: Default::default(),
        misses,
        false_alarms,
        quote_misses,
        number_misses,
    }
}

/// What `drumbeat eval` scores.
#[derive(Debug, Clone, Default)]
pub struct EvalRun {
    /// The gold JSONL file.
    pub gold: PathBuf,
    /// The folder holding the articles the gold file names.
    pub articles: PathBuf,
    /// A split of the gold by story (`story<TAB>half`): the report adds each half's scores.
    pub split: Option<PathBuf>,
    /// With `split`: score only this half.
    pub half: Option<String>,
    /// Leave out predictions below this confidence.
    pub min_confidence: f32,
}

/// Read the gold (only one half of it with `half`), run every per-document stage on the
/// articles it names and score them. Notices about the articles go to `notice`.
pub fn evaluate(
    k: &Knowledge,
    run: &EvalRun,
    notice: &mut dyn FnMut(&Notice),
) -> anyhow::Result<Report> {
    let mut gold_docs = read_gold(&run.gold)?;
    let split = run
        .split
        .as_deref()
        .map(read_split)
        .transpose()?
        .unwrap_or_default();
    if let Some(h) = &run.half {
        gold_docs = only_half(gold_docs, &split, h);
        anyhow::ensure!(!gold_docs.is_empty(), "no gold article is in half {h:?}");
    }
    let mut docs = HashMap::new();
    for gd in &gold_docs {
        let path = run.articles.join(&gd.file);
        let r = drumbeat_ingest::read_input(
            &drumbeat_ingest::Input::File(path),
            &drumbeat_ingest::ReadOptions::default(),
        );
        for n in &r.notices {
            notice(n);
        }
        if let Some(d) = r.documents.into_iter().next() {
            let c = drumbeat_pipeline::run_with(k, d);
            docs.insert(gd.file.clone(), (c.annotated, c.events));
        }
    }
    let opts = EvalOptions {
        min_confidence: run.min_confidence,
    };
    Ok(if run.half.is_none() && !split.is_empty() {
        score_split(&gold_docs, &docs, &opts, &split)
    } else {
        score_with(&gold_docs, &docs, &opts)
    })
}

/// The readable table of `drumbeat eval`.
pub fn table(out: &mut dyn std::io::Write, r: &Report, show: usize) -> std::io::Result<()> {
    let e = &r.events;
    writeln!(
        out,
        "documents: {}{}",
        r.documents,
        if r.missing_files.is_empty() {
            String::new()
        } else {
            format!(" (missing: {})", r.missing_files.join(", "))
        }
    )?;
    writeln!(
        out,
        "events: precision {:.3}  recall {:.3}  F1 {:.3}  F1 with date {:.3}  (predicted {}, required {}, matched {})",
        e.precision, e.recall, e.f1, e.f1_with_date, e.predicted, e.required, e.matched
    )?;
    writeln!(out, "forbidden events produced: {}", r.forbidden)?;
    writeln!(out, "quotes: {}", r.quotes)?;
    writeln!(out, "numbers: {}", r.numbers)?;
    writeln!(out, "stories: {}", r.stories)?;
    writeln!(out, "dating: {}", r.dating)?;
    writeln!(
        out,
        "\n{:<10} {:>9} {:>9} {:>7} {:>6} {:>6} {:>6}",
        "type", "precision", "recall", "F1", "pred", "gold", "match"
    )?;
    let mut types: Vec<_> = r.per_type.iter().collect();
    types.sort_by(|a, b| a.0.cmp(b.0));
    for (t, p) in types {
        writeln!(
            out,
            "{:<10} {:>9.3} {:>9.3} {:>7.3} {:>6} {:>6} {:>6}",
            t, p.precision, p.recall, p.f1, p.predicted, p.required, p.matched
        )?;
    }
    if r.per_document.len() <= 50 {
        writeln!(
            out,
            "\n{:<32} {:>5} {:>5} {:>5} {:>9}",
            "document", "pred", "gold", "match", "forbidden"
        )?;
        for d in &r.per_document {
            writeln!(
                out,
                "{:<32} {:>5} {:>5} {:>5} {:>9}",
                d.file, d.predicted, d.required, d.matched, d.forbidden
            )?;
        }
    }
    for (half, v) in &r.halves {
        let e = &v["events"];
        writeln!(
            out,
            "half {half}: documents {}  precision {:.3}  recall {:.3}  F1 {:.3}  (predicted {}, required {}, matched {})  forbidden {}",
            v["documents"], e["precision"].as_f64().unwrap_or(0.0), e["recall"].as_f64().unwrap_or(0.0),
            e["f1"].as_f64().unwrap_or(0.0), e["predicted"], e["required"], e["matched"], v["forbidden"]
        )?;
    }
    let classes: Vec<String> = r
        .error_classes
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    writeln!(out, "error classes: {}", classes.join(", "))?;
    let buckets: Vec<String> = r
        .confidence
        .iter()
        .map(|b| {
            format!(
                "[{:.1},{:.1}) {}/{} = {:.2}",
                b.low,
                b.high,
                b.matched,
                b.predicted,
                b.precision.unwrap_or(0.0)
            )
        })
        .collect();
    writeln!(out, "precision by confidence: {}", buckets.join("; "))?;
    writeln!(out, "\nmisses ({}):", r.misses.len())?;
    for m in r.misses.iter().take(show) {
        writeln!(
            out,
            "  {} {} {}->{} <{}>{}: {}",
            m.file,
            m.event_type,
            m.source.as_deref().unwrap_or("-"),
            m.target.as_deref().unwrap_or("-"),
            m.class,
            if m.predicted.is_empty() {
                String::new()
            } else {
                format!(" got [{}]", m.predicted.join("; "))
            },
            m.evidence
        )?;
    }
    writeln!(out, "\nquote speakers missed ({}):", r.quote_misses.len())?;
    for q in r.quote_misses.iter().take(show) {
        let got: Vec<&str> = q
            .predicted
            .iter()
            .map(|p| p.as_deref().unwrap_or("(unresolved)"))
            .collect();
        writeln!(
            out,
            "  {} {} <- got [{}]: {}",
            q.file,
            q.speaker,
            got.join("; "),
            q.text.chars().take(80).collect::<String>()
        )?;
    }
    writeln!(out, "\nnumbers missed ({}):", r.number_misses.len())?;
    for (file, what, value, evidence) in r.number_misses.iter().take(show) {
        let v = value
            .as_ref()
            .map(|v| v.to_string())
            .unwrap_or_else(|| "-".into());
        writeln!(out, "  {file} {what} = {v}: {evidence}")?;
    }
    writeln!(out, "\nfalse alarms ({}):", r.false_alarms.len())?;
    for f in r.false_alarms.iter().take(show) {
        writeln!(
            out,
            "  {} {} {}->{} [{}]{}: {}",
            f.file,
            f.event_type,
            f.source.as_deref().unwrap_or("-"),
            f.target.as_deref().unwrap_or("-"),
            f.trigger,
            f.forbidden
                .as_ref()
                .map(|w| format!(" FORBIDDEN ({w})"))
                .unwrap_or_default(),
            f.sentence
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_specs() {
        assert!(actor_matches(Some("USA or NATO"), Some("NATO"), &[]));
        assert!(actor_matches(Some("HUN+ROU"), Some("ROU"), &[]));
        assert!(actor_matches(Some("IGO"), Some("UN"), &[]));
        assert!(!actor_matches(Some("IGO"), Some("RUS"), &[]));
        assert!(actor_matches(None, None, &[]));
        assert!(!actor_matches(Some("RUS"), None, &[]));
        assert!(actor_matches(Some("USA"), Some("NATO"), &["USA".into()]));
    }

    #[test]
    fn matching_is_one_to_one_and_maximal() {
        // gold 0 accepts p0 and p1, gold 1 only p0: the maximum matching uses both.
        let m = max_matching(2, 2, |g, p| (g == 0) || (g == 1 && p == 0));
        assert_eq!(m, vec![Some(1), Some(0)]);
    }
}
