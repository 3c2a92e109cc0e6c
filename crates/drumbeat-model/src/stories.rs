//! Across documents: what the story stage reads ([`DocSketch`], one per document,
//! computed once at ingest), what it produces ([`Story`] with [`MergedEvent`]s) and what
//! the escalation watch produces from that ([`DyadDay`], [`Alert`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{DateBasis, EventType, Span, TimeExpr};

/// What the story stage needs of one document, small enough to hold a whole corpus in
/// memory: hashed features for clustering, a SimHash for near-duplicates, the asserted
/// events, and (for an undated document) the time expressions left unresolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocSketch {
    pub doc: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The headline, else the first sentence.
    pub title: String,
    pub simhash: u64,
    /// Hashed features (people, quotes, numbers, places, wording, actors) with their
    /// weight, sorted by hash. The kind of a feature is in its two top bits.
    pub features: Vec<(u64, f32)>,
    /// Countries and organisations the document names.
    pub actors: Vec<String>,
    pub events: Vec<EventBrief>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_times: Vec<PendingTime>,
    /// An undated document's latest full date named in its text as past ("on June 24,
    /// 2023"): its date when no dated story peer gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_named_day: Option<String>,
}

/// An asserted event as the story stage and the watch see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventBrief {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// How fine the date is ("last week" is a week); none for a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<crate::Granularity>,
    pub date_basis: DateBasis,
    pub sentence: u32,
    pub evidence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    pub goldstein: f64,
    pub quad_class: u8,
}

impl EventBrief {
    /// The brief of an event, with its evidence text (a sketch takes the event's own,
    /// the store cuts it from the document's text).
    pub fn of(e: &crate::Event, evidence: String) -> EventBrief {
        EventBrief {
            id: e.id.clone(),
            event_type: e.event_type,
            mode: e.mode.clone(),
            source: e.source.as_ref().and_then(|x| x.country.clone()),
            target: e.target.as_ref().and_then(|x| x.country.clone()),
            date: e.date.clone(),
            granularity: e.granularity.filter(|g| *g != crate::Granularity::Day),
            date_basis: e.date_basis,
            sentence: e.sentence,
            evidence,
            count: e.count.clone(),
            goldstein: e.goldstein,
            quad_class: e.quad_class,
        }
    }
}

/// A time expression of an undated document, kept to be resolved once the document
/// gets a date from its story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PendingTime {
    pub text: String,
    pub sentence: u32,
    pub span: Span,
    pub expr: TimeExpr,
    /// The sentence speaks of the future ("will meet on Thursday").
    pub future: bool,
}

/// One document of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StoryDoc {
    pub doc: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub title: String,
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResolvedDate {
    pub text: String,
    pub sentence: u32,
    pub span: Span,
    pub start: String,
    pub end: String,
}

/// One mention of a merged event: which document and sentence tell it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// The same act told by several documents (or several sentences of one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MergedEvent {
    /// Stable id: story and what makes the act the same (type, sides, mode, date).
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// How fine the date is, when coarser than a day ("last week", "in 2019").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<crate::Granularity>,
    pub goldstein: f64,
    pub quad_class: u8,
    /// Distinct documents that tell it (a republished copy counts once).
    pub sources: usize,
    pub outlets: Vec<String>,
    /// Amounts as each source gives them, side by side ("around one lakh Russian
    /// troops", "tens of thousands of Russian troops"), never averaged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<String>,
    pub mentions: Vec<Mention>,
}

/// Documents about one happening, with their merged events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

impl Story {
    /// Distinct outlets of its documents.
    pub fn outlets(&self) -> Vec<String> {
        let mut o: Vec<String> = self
            .documents
            .iter()
            .filter_map(|d| d.outlet.clone())
            .collect();
        o.sort();
        o.dedup();
        o
    }
}

/// Unordered dyad key, `A-B` with A ≤ B: the watch keys its series by it, so escalation
/// on either side counts.
/// Two actor codes written `A-B` (`RUS-UKR`), as typed on the command line, in API
/// parameters and in page paths; upper-cased. One parser for all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dyad {
    /// The first (source) side; empty only from [`Dyad::parse_open`].
    pub a: String,
    /// The second (target) side; empty only from [`Dyad::parse_open`].
    pub b: String,
}

/// A dyad that does not parse, with what was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DyadError(pub String);

impl std::fmt::Display for DyadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is not a dyad: two country or organisation codes joined by '-', such as RUS-UKR",
            self.0
        )
    }
}

impl std::error::Error for DyadError {}

impl Dyad {
    fn split(s: &str, open: bool) -> Result<Dyad, DyadError> {
        let bad = || DyadError(s.to_string());
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let side = |x: &str| -> Result<String, DyadError> {
            let x = x.trim();
            let code_like =
                (2..=12).contains(&x.len()) && x.chars().all(|c| c.is_ascii_alphanumeric());
            if code_like || (open && x.is_empty()) {
                Ok(x.to_ascii_uppercase())
            } else {
                Err(bad())
            }
        };
        let d = Dyad {
            a: side(a)?,
            b: side(b)?,
        };
        if d.a.is_empty() && d.b.is_empty() {
            return Err(bad());
        }
        Ok(d)
    }

    /// Both sides required: `RUS-UKR`.
    pub fn parse(s: &str) -> Result<Dyad, DyadError> {
        Dyad::split(s, false)
    }

    /// Either side may be left empty (`RUS-`: anything Russia did).
    pub fn parse_open(s: &str) -> Result<Dyad, DyadError> {
        Dyad::split(s, true)
    }

    /// The side as a filter: None when left empty.
    pub fn source(&self) -> Option<String> {
        (!self.a.is_empty()).then(|| self.a.clone())
    }

    pub fn target(&self) -> Option<String> {
        (!self.b.is_empty()).then(|| self.b.clone())
    }

    /// The undirected key the watch stores ([`dyad_key`]).
    pub fn key(&self) -> String {
        dyad_key(&self.a, &self.b)
    }

    /// A stored key ([`dyad_key`]'s `A-B`, as the watch and the store keep it) back into
    /// its two sides, as written: not checked or upper-cased again (the store wrote it);
    /// a key without '-' is all side `a`.
    pub fn from_key(key: &str) -> Dyad {
        let (a, b) = key.split_once('-').unwrap_or((key, ""));
        Dyad {
            a: a.to_string(),
            b: b.to_string(),
        }
    }
}

impl std::str::FromStr for Dyad {
    type Err = DyadError;
    fn from_str(s: &str) -> Result<Dyad, DyadError> {
        Dyad::parse(s)
    }
}

pub fn dyad_key(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}-{b}")
    } else {
        format!("{b}-{a}")
    }
}

/// One merged event as the watch sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WatchEvent {
    /// The merged event's id.
    pub id: String,
    pub story: String,
    pub day: String,
    pub source: String,
    pub target: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub goldstein: f64,
    pub quad_class: u8,
    pub sources: usize,
    pub evidence: String,
}

/// A dyad's day in the escalation watch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DyadDay {
    /// Unordered dyad, `A-B` with A ≤ B.
    pub dyad: String,
    pub day: String,
    pub events: usize,
    pub by_type: BTreeMap<String, usize>,
    /// Events by direction: `A>B` and `B>A`.
    #[serde(default)]
    pub directed: BTreeMap<String, usize>,
    /// Verbal cooperation, material cooperation, verbal conflict, material conflict.
    pub quad: [usize; 4],
    pub goldstein: f64,
    /// Sum over the day's events of the documents that tell them.
    pub sources: usize,
    pub index: f64,
    pub baseline: f64,
    pub z: f64,
}

/// The index of a dyad departed from its baseline; `drivers` are the events that did it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Alert {
    pub dyad: String,
    pub day: String,
    pub index: f64,
    pub baseline: f64,
    pub z: f64,
    /// The events that drove it, heaviest first.
    pub drivers: Vec<WatchEvent>,
}

/// A document after every per-document stage: its coding and its sketch, written to
/// the store together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Processed {
    pub coded: crate::Coded,
    pub sketch: DocSketch,
}

#[cfg(test)]
mod dyad_tests {
    use super::*;

    #[test]
    fn dyads_parse_once() {
        let d = Dyad::parse("rus-ukr").unwrap();
        assert_eq!((d.a.as_str(), d.b.as_str()), ("RUS", "UKR"));
        assert_eq!(d.key(), "RUS-UKR");
        assert_eq!(Dyad::parse("UKR-RUS").unwrap().key(), "RUS-UKR");
        assert!(Dyad::parse("RUS-").is_err());
        let open = Dyad::parse_open("RUS-").unwrap();
        assert_eq!((open.source(), open.target()), (Some("RUS".into()), None));
        for bad in ["RUS", "-", "R-UKR", "RUS-UK R", "RUS-UKR-X", "", "RUS_UKR"] {
            assert!(Dyad::parse_open(bad).is_err(), "{bad}");
        }
        assert!(Dyad::parse("NATO-RUS").is_ok());
        let k = Dyad::from_key(&dyad_key("UKR", "RUS"));
        assert_eq!((k.a.as_str(), k.b.as_str()), ("RUS", "UKR"));
        assert_eq!(Dyad::from_key("RUS").b, "");
        assert!(Dyad::parse("x-y")
            .unwrap_err()
            .to_string()
            .contains("RUS-UKR"));
    }
}
