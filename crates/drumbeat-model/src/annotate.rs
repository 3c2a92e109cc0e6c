//! What recognition adds to a clean document: actors, people, places, time expressions,
//! numbers and quotes — each with the span of the original text it was read from and the
//! index of its sentence.

use serde::{Deserialize, Serialize};

use crate::{CleanDoc, Span};

/// What kind of actor a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A country as such ("Russia", "Russian"), or the place standing for its government
    /// ("Moscow", "the Kremlin").
    Country,
    /// A group of a country with a role ("Russian troops", "US officials").
    Group,
    /// An organisation (NATO, OSCE, Hamas).
    Organisation,
    /// A named person.
    Person,
}

/// One mention of an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActorMention {
    pub span: Span,
    pub text: String,
    pub sentence: u32,
    pub kind: ActorKind,
    /// CAMEO-style code: country plus role (`RUSGOV`), a country alone (`RUS`), or an
    /// organisation (`NATO`).
    pub code: String,
    /// ISO 3166 alpha-3 country, or the organisation code for its people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<crate::Role>,
    /// Index into `Annotated::people` for person mentions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<u32>,
    /// How it was recognised: `title`, `surname`, `known`, `metonym`, `adjective`, `name`,
    /// `counterpart`, `dictionary`, ...
    pub basis: String,
}

/// A person found in one document, with every form the document gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    /// Cross-document key: country, normalised surname and first initial
    /// (`RUS:riabkov:s` for both Sergei and Sergey Ryabkov).
    pub key: String,
    /// The fullest form of the name in the document.
    pub name: String,
    pub variants: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<crate::Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// CAMEO-style code from country and role.
    pub code: String,
}

/// A place mention resolved against the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlaceMention {
    pub span: Span,
    pub text: String,
    pub sentence: u32,
    pub name: String,
    pub country: String,
    /// `capital`, `city`, `country` or `border`.
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
}

/// How fine a resolved date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Year,
}

impl Granularity {
    pub const ALL: [Granularity; 4] = [
        Granularity::Day,
        Granularity::Week,
        Granularity::Month,
        Granularity::Year,
    ];

    /// The name serde writes.
    pub fn as_str(&self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Granularity> {
        Granularity::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// A time expression as written, independent of any anchor date, so that it can be
/// resolved again once an undated article gets a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimeExpr {
    /// A full date.
    Absolute {
        year: i32,
        month: u32,
        day: u32,
    },
    /// Month and day, year unstated.
    MonthDay {
        month: u32,
        day: u32,
    },
    /// A month of a stated year, or (year 0) of the year around the anchor.
    Month {
        year: i32,
        month: u32,
    },
    Year {
        year: i32,
    },
    /// A weekday (1 = Monday): `offset` -1 for "last Monday", +1 for "next Monday",
    /// 0 for the nearest one before the anchor, 2 for the nearest one after it.
    Weekday {
        weekday: u32,
        offset: i32,
    },
    /// Days from the anchor: -1 yesterday, 0 today, 1 tomorrow.
    RelativeDay {
        days: i32,
    },
    /// Weeks from the anchor's week: 0 this week, -1 last week, 1 next week.
    RelativeWeek {
        weeks: i32,
    },
    /// Months from the anchor's month; `week` picks a week of that month (1..=5).
    RelativeMonth {
        months: i32,
        week: u32,
    },
    RelativeYear {
        years: i32,
    },
}

/// A recognised time expression and, when it could be resolved, its date span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TimeMention {
    pub span: Span,
    pub text: String,
    pub sentence: u32,
    pub expr: TimeExpr,
    /// First day (`YYYY-MM-DD`) of the resolved period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day of the resolved period (equal to `start` for a day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub granularity: Granularity,
}

/// A counted amount: "around one lakh Russian troops" = 100000 troops, approximately.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NumberMention {
    pub span: Span,
    pub text: String,
    pub sentence: u32,
    /// The amount, where one is stated; `None` for vague ranges ("tens of thousands").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Bounds for ranges and vague amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// `approximately`, `more than`, `at least`, `up to`, `less than`, `nearly`, or a
    /// vague amount's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// The thing counted ("troops", "people killed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
}

/// Who said a quote, as recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Speaker {
    pub name: String,
    pub span: Span,
    /// CAMEO-style code of the speaker, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<u32>,
}

/// A direct quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Quote {
    /// From the first quoted character to the last (marks excluded); for a split quote,
    /// from the first part's start to the last part's end.
    pub span: Span,
    /// The quoted words; parts of a split quote joined by " … ".
    pub text: String,
    pub sentence: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    /// The outlet it came through ("according to TASS", "9 News.com quoted ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<String>,
    /// A scare quote or a few words inside a sentence: kept, not attributed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fragment: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Span>,
    /// How the speaker was found: `after` ("…," X said), `before` (X said "…"),
    /// `according_to`, `quoted_as_saying`, `statement_by`, `continues`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// A document with everything recognition found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Annotated {
    pub doc: CleanDoc,
    pub actors: Vec<ActorMention>,
    pub people: Vec<Person>,
    pub places: Vec<PlaceMention>,
    pub times: Vec<TimeMention>,
    pub numbers: Vec<NumberMention>,
    pub quotes: Vec<Quote>,
}
