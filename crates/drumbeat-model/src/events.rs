//! Coded events: who did what to whom, when, where, according to whom — with evidence.

use serde::{Deserialize, Serialize};

use crate::Span;

/// The 16 PLOVER event types, written as PLOVER writes them (`ASSAULT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

/// The 16 PLOVER event types, in PLOVER's order (cooperative first).
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

impl EventType {
    /// Every type, in PLOVER's order.
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    pub fn as_str(&self) -> &'static str {
        PLOVER_TYPES[*self as usize]
    }

    /// The type PLOVER names `s` (upper case, as written in data files and gold keys).
    pub fn parse(s: &str) -> Option<EventType> {
        PLOVER_TYPES
            .iter()
            .position(|t| *t == s)
            .map(|i| EventType::ALL[i])
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::parse(s).ok_or_else(|| format!("{s:?} is no PLOVER event type"))
    }
}

impl PartialEq<str> for EventType {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for EventType {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for EventType {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<EventType> for String {
    fn eq(&self, other: &EventType) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<EventType> for &str {
    fn eq(&self, other: &EventType) -> bool {
        *self == other.as_str()
    }
}

/// Where an event's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// A time expression in the event's sentence ("on Tuesday").
    Text,
    /// A dated earlier sentence of its paragraph.
    Context,
    /// The publication date.
    Published,
    /// No date.
    None,
}

impl DateBasis {
    pub fn as_str(&self) -> &'static str {
        match self {
            DateBasis::Text => "text",
            DateBasis::Context => "context",
            DateBasis::Published => "published",
            DateBasis::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<DateBasis> {
        match s {
            "text" => Some(DateBasis::Text),
            "context" => Some(DateBasis::Context),
            "published" => Some(DateBasis::Published),
            "none" => Some(DateBasis::None),
            _ => None,
        }
    }
}

impl std::fmt::Display for DateBasis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the text says the act happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Reported as having happened (or happening).
    Asserted,
    /// Said not to have happened: "did not commit to pulling back".
    Negated,
    /// Claimed and denied: "a claim Moscow denied".
    Denied,
    /// Only if something else happens: "if Russia further invades".
    Conditional,
    /// Future, possible or planned: "could soon turn to military options".
    Hypothetical,
    /// The content of another act (threatened, requested, promised): "warned of imposing
    /// sanctions" — the sanctions are not imposed.
    Embedded,
    /// Told as the background of the news, long before it: "Israel and Hamas have fought
    /// several wars since 2007". Not today's act, so not in the watch.
    Background,
}

impl Modality {
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Denied => "denied",
            Modality::Conditional => "conditional",
            Modality::Hypothetical => "hypothetical",
            Modality::Embedded => "embedded",
            Modality::Background => "background",
        }
    }

    /// Every modality, asserted first.
    pub const ALL: [Modality; 7] = [
        Modality::Asserted,
        Modality::Negated,
        Modality::Denied,
        Modality::Conditional,
        Modality::Hypothetical,
        Modality::Embedded,
        Modality::Background,
    ];

    /// The modality [`Modality::as_str`] names.
    pub fn parse(s: &str) -> Option<Modality> {
        Modality::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// The sector an actor acts for (PLOVER's agent types, CAMEO's role codes): the part of a
/// code after the country (`RUS` + `GOV`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Role {
    /// Government: executives, ministries, diplomats.
    #[serde(rename = "GOV")]
    Gov,
    /// Armed forces.
    #[serde(rename = "MIL")]
    Mil,
    /// Rebels, insurgents, non-state armed groups.
    #[serde(rename = "REB")]
    Reb,
    /// Paramilitaries and militias allied to a state.
    #[serde(rename = "PRM")]
    Prm,
    /// The political opposition.
    #[serde(rename = "OPP")]
    Opp,
    /// Police and internal security.
    #[serde(rename = "COP")]
    Cop,
    /// Intelligence services.
    #[serde(rename = "SPY")]
    Spy,
    /// Media.
    #[serde(rename = "MED")]
    Med,
    /// Business.
    #[serde(rename = "BUS")]
    Bus,
    /// Civilians: residents, protesters, activists.
    #[serde(rename = "CVL")]
    Cvl,
    /// Refugees and displaced people.
    #[serde(rename = "REF")]
    Ref,
    /// Courts and prosecutors.
    #[serde(rename = "JUD")]
    Jud,
    /// Parliaments and lawmakers.
    #[serde(rename = "LEG")]
    Leg,
    /// International governmental organisations.
    #[serde(rename = "IGO")]
    Igo,
}

impl Role {
    /// Every role, in the order of the codes above.
    pub const ALL: [Role; 14] = [
        Role::Gov,
        Role::Mil,
        Role::Reb,
        Role::Prm,
        Role::Opp,
        Role::Cop,
        Role::Spy,
        Role::Med,
        Role::Bus,
        Role::Cvl,
        Role::Ref,
        Role::Jud,
        Role::Leg,
        Role::Igo,
    ];

    /// The three-letter code: `GOV`, `MIL`, ...
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Gov => "GOV",
            Role::Mil => "MIL",
            Role::Reb => "REB",
            Role::Prm => "PRM",
            Role::Opp => "OPP",
            Role::Cop => "COP",
            Role::Spy => "SPY",
            Role::Med => "MED",
            Role::Bus => "BUS",
            Role::Cvl => "CVL",
            Role::Ref => "REF",
            Role::Jud => "JUD",
            Role::Leg => "LEG",
            Role::Igo => "IGO",
        }
    }

    /// The role [`Role::as_str`] names.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Armed: forces, rebels and paramilitaries.
    pub fn is_armed(&self) -> bool {
        matches!(self, Role::Mil | Role::Reb | Role::Prm)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One side of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventActor {
    /// CAMEO-style code (`RUSGOV`, `NATO`).
    pub code: String,
    /// Country (ISO alpha-3) or organisation code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Readable name: the person or the words of the mention.
    pub name: String,
    pub span: Span,
    /// Other members of a joint actor ("the US and NATO").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// An event with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    /// Stable id: a hash of document, trigger position and type.
    pub id: String,
    pub doc: String,
    pub sentence: u32,
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
    /// PLOVER event type (`CONSULT`, `THREATEN`, ...).
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    pub cameo: String,
    pub goldstein: f64,
    pub quad_class: u8,
    pub modality: Modality,
    /// First day of the event's date, and the last day for a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<crate::Granularity>,
    /// `text` (a time expression in the sentence), `context` (an earlier sentence of the
    /// paragraph), `published` (the publication date) or `none`.
    pub date_basis: DateBasis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<EventPlace>,
    pub trigger: Span,
    pub trigger_text: String,
    /// The sentence, as a span of the original and its text.
    pub evidence: Span,
    pub evidence_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Who the text says reported the act ("Pakistan said it shot down ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    /// The number the event counts, where one is attached ("100000 troops").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventPlace {
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// The gazetteer's kind of place: `country`, `capital`, `city`, `region`, ... (empty in
    /// stores written before it was kept).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
}

/// A document after event coding: its annotations and its events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Coded {
    pub annotated: crate::Annotated,
    pub events: Vec<Event>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_written_as_plover_writes_them() {
        for (t, name) in EventType::ALL.iter().zip(PLOVER_TYPES) {
            assert_eq!(t.as_str(), name);
            assert_eq!(EventType::parse(name), Some(*t));
            assert_eq!(serde_json::to_string(t).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<EventType>(&format!("\"{name}\"")).unwrap(),
                *t
            );
        }
        assert_eq!(EventType::parse("assault"), None);
        assert!("INVADE".parse::<EventType>().is_err());
        assert!(serde_json::from_str::<EventType>("\"INVADE\"").is_err());
    }

    #[test]
    fn modalities_and_granularities_round_trip() {
        for m in Modality::ALL {
            assert_eq!(Modality::parse(m.as_str()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
        for g in crate::Granularity::ALL {
            assert_eq!(crate::Granularity::parse(g.as_str()), Some(g));
            assert_eq!(
                serde_json::to_string(&g).unwrap(),
                format!("\"{}\"", g.as_str())
            );
        }
        assert_eq!(Modality::parse("maybe"), None);
    }

    #[test]
    fn roles_are_written_as_their_codes() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(r.as_str().len(), 3);
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{r}\""));
            assert_eq!(
                serde_json::from_str::<Role>(&format!("\"{r}\"")).unwrap(),
                r
            );
        }
        assert_eq!(Role::parse("gov"), None);
        assert!(serde_json::from_str::<Role>("\"XYZ\"").is_err());
        assert!(Role::Reb.is_armed() && !Role::Gov.is_armed());
    }

    #[test]
    fn date_bases_round_trip() {
        for b in [
            DateBasis::Text,
            DateBasis::Context,
            DateBasis::Published,
            DateBasis::None,
        ] {
            assert_eq!(DateBasis::parse(b.as_str()), Some(b));
            assert_eq!(serde_json::to_string(&b).unwrap(), format!("\"{b}\""));
        }
    }
}
