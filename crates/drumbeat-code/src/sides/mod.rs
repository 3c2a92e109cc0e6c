//! Pass 3 of the coder: the sides of an act, source and target, over one sentence's
//! context. [`source`] finds who acts: an order's giver, a passive's agents, a noun's
//! possessive owner or its "of"/"from" actor, a speaker accusing or rejecting, a quote's
//! speaker, the authorities where an agentless act happened, a clause's subject and
//! object, the subject shared by coordinated verbs, the document's two sides, the actor
//! of an -ing verb or a purpose clause, the nearest subject before the trigger, and the
//! members of a joint or listed subject. It also drops triggers that are no act of their
//! own (adjectives, names, elaborations, bare nouns that refer back). [`target`] finds
//! whom it is aimed at: the sides a mediator stands between, the second of a joint
//! subject, whom demands are made of, a border, what is complained about, the scene,
//! "each other" and "both sides", the object after the verb, the other side of a
//! two-sided conflict, the author of the act a reply answers; and it fills in a side's
//! country from the sentence when the gazetteer does not place it.

use drumbeat_model::{Event, EventActor, Modality};

mod no_act;
mod source;
mod target;

pub(crate) use source::source;
pub(crate) use target::target;

/// Nouns of hostile acts (by stem) and the event types they name: what "condemned the
/// attack" or "called the launch unacceptable" refers back to.
const HOSTILE_NOUNS: &[(&str, &[&str])] = &[
    ("attack", &["ASSAULT"]),
    ("strike", &["ASSAULT"]),
    ("airstrike", &["ASSAULT"]),
    ("bomb", &["ASSAULT"]),
    ("shell", &["ASSAULT"]),
    ("kill", &["ASSAULT"]),
    ("assassinat", &["ASSAULT"]),
    ("invasion", &["ASSAULT"]),
    ("raid", &["ASSAULT"]),
    ("offensive", &["ASSAULT"]),
    ("massacre", &["ASSAULT"]),
    ("aggression", &["ASSAULT", "MOBILIZE"]),
    ("coup", &["ASSAULT", "COERCE"]),
    ("takeover", &["ASSAULT", "COERCE"]),
    ("seizure", &["ASSAULT", "COERCE"]),
    ("launch", &["MOBILIZE", "ASSAULT"]),
    ("test", &["MOBILIZE"]),
    ("incursion", &["MOBILIZE"]),
    ("violat", &["MOBILIZE", "ASSAULT", "COERCE"]),
    ("arrest", &["COERCE"]),
    ("detention", &["COERCE"]),
    ("crackdown", &["COERCE"]),
    ("blockade", &["COERCE"]),
    ("drill", &["MOBILIZE"]),
    ("exercise", &["MOBILIZE"]),
    ("deployment", &["MOBILIZE"]),
    ("buildup", &["MOBILIZE"]),
    ("build-up", &["MOBILIZE"]),
    ("shooting", &["ASSAULT"]),
    ("ambush", &["ASSAULT"]),
    ("sanction", &["SANCTION"]),
];

/// Whether a word names a hostile act ("attacks", "shelling", "violated").
fn hostile_word(w: &str) -> bool {
    HOSTILE_NOUNS.iter().any(|(stem, _)| w.starts_with(stem))
}

/// Words that, right after a comma, open an apposition or a new clause.
const APPOSITION: &[&str] = &[
    "a", "an", "which", "who", "whom", "where", "while", "when", "as", "after", "before", "whose",
    "although", "though", "but",
];

/// What a country calls its own: "urged its citizens to leave".
const OWN_PEOPLE: &[&str] = &[
    "citizens",
    "nationals",
    "people",
    "residents",
    "population",
    "diplomats",
    "troops",
    "forces",
    "soldiers",
    "embassy",
    "staff",
    "airlines",
    "companies",
    "firms",
    "banks",
    "ships",
    "vessels",
    "students",
    "workers",
];
const PRONOUNS: &[&str] = &["it", "they", "he", "she", "we", "its", "their"];
const TOPIC: &[&str] = &[
    "about",
    "over",
    "on",
    "regarding",
    "concerning",
    "for",
    "of",
];
/// How many earlier events a reply ("X denied the accusation") looks back through.
const REPLY_LOOKBACK: usize = 200;
/// "both sides", "the two countries", "both parties" among these words.
fn two_sides(words: &[String]) -> bool {
    words.windows(2).any(|w| {
        matches!(w[0].as_str(), "two" | "both")
            && matches!(
                w[1].as_str(),
                "sides" | "countries" | "nations" | "neighbours" | "neighbors" | "parties"
            )
    })
}
/// The two sides a document is about, for "both sides" and "the two countries": the
/// pair of countries that most of the recent events join, a hostile act counting twice
/// (neither being `not`, the speaker), else the two countries it names most (`named`,
/// most first).
fn main_dyad(events: &[Event], named: &[String], not: Option<&str>) -> Option<(String, String)> {
    let g = &drumbeat_nlp::gazetteer::GAZETTEER;
    let mut pairs: Vec<((&str, &str), usize)> = Vec::new();
    // The recent events only: a document of thousands of events must not cost their square.
    for e in events.iter().rev().take(REPLY_LOOKBACK) {
        let (Some(x), Some(y)) = (
            e.source.as_ref().and_then(|s| s.country.as_deref()),
            e.target.as_ref().and_then(|t| t.country.as_deref()),
        ) else {
            continue;
        };
        if x == y || Some(x) == not || Some(y) == not || g.is_org_code(x) || g.is_org_code(y) {
            continue;
        }
        let key = if x < y { (x, y) } else { (y, x) };
        // "the two sides" are the ones fighting rather than the host of their talks.
        let weight = if hostile(e) { 2 } else { 1 };
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            Some(p) => p.1 += weight,
            None => pairs.push((key, weight)),
        }
    }
    if let Some(((x, y), _)) = pairs.iter().max_by_key(|(_, n)| *n) {
        return Some((x.to_string(), y.to_string()));
    }
    let mut rest = named.iter().filter(|c| Some(c.as_str()) != not);
    Some((rest.next()?.clone(), rest.next()?.clone()))
}

/// Hostile acts, the ones that make two countries adversaries in a document.
fn hostile(e: &Event) -> bool {
    matches!(
        e.event_type.as_str(),
        "ASSAULT" | "MOBILIZE" | "THREATEN" | "COERCE" | "SANCTION"
    ) || (e.event_type == "ACCUSE" && e.mode.as_deref() != Some("investigate"))
}

/// The two adversaries of a document, for force aimed at no one named ("the army launched
/// strikes"): the main dyad when the events so far that join two countries include a
/// hostile one; a document where countries only talk, help or ask ("the ambassador asked
/// the White House for assistance") has no other side to aim at.
fn adversaries(events: &[Event], named: &[String]) -> Option<(String, String)> {
    let joined = |e: &&Event| {
        let (Some(x), Some(y)) = (
            e.source.as_ref().and_then(|s| s.country.as_deref()),
            e.target.as_ref().and_then(|t| t.country.as_deref()),
        ) else {
            return false;
        };
        x != y
    };
    let recent: Vec<&Event> = events
        .iter()
        .rev()
        .take(REPLY_LOOKBACK)
        .filter(joined)
        .collect();
    if !recent.is_empty() && !recent.iter().any(|e| hostile(e)) {
        return None;
    }
    main_dyad(events, named, None)
}

/// What [`source`] found, and what [`target`] reads of how it found it.
pub(crate) struct SourcePick {
    pub(crate) source: Option<EventActor>,
    /// The mention the source was read from, when it was read from one.
    pub(crate) source_mi: Option<usize>,
    /// Who reported the act, when the source is a reporter ("officials said ...").
    pub(crate) reported_by: Option<String>,
    pub(crate) confidence: f32,
    /// The source was inferred (a place, a reporter, nobody named), not read.
    pub(crate) weak_source: bool,
    /// The subject of a passive: "... were pressed by Putin".
    pub(crate) passive_target: Option<EventActor>,
    /// Whom a speaker accuses or rejects: "Pompeo said Iran was behind the attacks".
    pub(crate) speech_target: Option<EventActor>,
    /// The object of a clause whose act is a noun: "told Putin in a phone call".
    pub(crate) clause_target: Option<EventActor>,
    /// The target of the verb a coordinated verb shares its subject with.
    pub(crate) coordinated_target: Option<EventActor>,
    /// Agents joined to a passive's first agent ("by France and Germany"): no targets.
    pub(crate) agent_also: Vec<usize>,
    /// An auxiliary before the trigger: a passive.
    pub(crate) aux_before: bool,
    /// The passive's agent, the mention after "by".
    pub(crate) agent: Option<usize>,
    /// The possessive owner of a noun trigger: "Moscow's demands".
    pub(crate) owner: Option<usize>,
    /// The source followed the noun after "from": "condemnation from the AU".
    pub(crate) from_source: bool,
    /// The other member of a joint subject "X and Y".
    pub(crate) joint_other: Option<usize>,
    /// Earlier members of a listed subject ("the UN, the AU and France").
    pub(crate) list_sources: Vec<usize>,
    /// The modality, once a possessive demand is taken as made.
    pub(crate) modality: Modality,
}

/// The sides of an act, as the refinements and the event read them.
pub(crate) struct Sides {
    pub(crate) source: Option<EventActor>,
    pub(crate) target: Option<EventActor>,
    pub(crate) confidence: f32,
    /// The source was inferred, not read (see `passes::consequences`).
    pub(crate) weak_source: bool,
    pub(crate) reported_by: Option<String>,
    /// "accused each other": the act is told the other way round too.
    pub(crate) reciprocal: bool,
    /// The mention the target was read from, the first of a possible list.
    pub(crate) target_mi: Option<usize>,
    /// Earlier members of a listed subject, each acting too.
    pub(crate) list_sources: Vec<usize>,
    /// The trigger names a missile or rocket.
    pub(crate) missile_trigger: bool,
    /// Fired into the sea, or as a test.
    pub(crate) into_sea: bool,
    pub(crate) modality: Modality,
}

#[cfg(test)]
mod tests {
    use crate::context::testing::{country, dyads, events};

    fn has(text: &str, want: &str) {
        let got = dyads(text);
        assert!(got.iter().any(|d| d == want), "{want} not in {got:?}");
    }

    #[test]
    fn lasting_relations_told_in_passing_are_no_acts() {
        for text in [
            "Assad has been a close ally of Iran and Russia, relying on their support to stay in power.",
            "Missiles struck two Iraqi bases hosting U.S. troops on Monday.",
        ] {
            let evs = events(text);
            assert!(
                evs.iter()
                    .all(|e| !matches!(e.event_type.as_str(), "SUPPORT" | "CONSULT")),
                "{text}: {evs:?}"
            );
        }
        // Hosting as the act of the sentence stays.
        has(
            "Qatar hosted talks between Israel and Hamas on Monday.",
            "QAT CONSULT ISR",
        );
        // A stance held for long is no act of the news; the same verb on a day is.
        for text in [
            "Kyiv has long sought more air defence systems from Germany.",
            "Caracas has always accused Washington of plotting a coup.",
        ] {
            assert!(events(text).is_empty(), "{text}: {:?}", events(text));
        }
        has(
            "Caracas accused Washington of plotting a coup on Monday.",
            "VEN ACCUSE USA",
        );
    }

    #[test]
    fn a_warning_of_force_or_a_measure_is_a_threat_whoever_it_aims_at() {
        has(
            "Iran warned it would retaliate against any aggression.",
            "IRN THREATEN -",
        );
        has(
            "North Korea warned that it would respond with force on Tuesday.",
            "PRK THREATEN -",
        );
        has(
            "The EU warned it would impose sanctions on Belarus.",
            "EU THREATEN BLR",
        );
        // Vengeance promised in the present tense, and a warning told as a participle.
        let text = "Saudi air strikes killed dozens in Sanaa on Monday. The Houthis' leader \
                    buried the dead while also warning that revenge awaits the aggressors.";
        has(text, "YEM THREATEN SAU");
        has(
            "Saudi air strikes killed dozens in Sanaa on Monday. The Houthis' leader spoke \
             at the funeral, warning that retaliation is coming.",
            "YEM THREATEN SAU",
        );
        // A warning that an act will meet force, by the speaker after it.
        has(
            "Any incursion into our waters will be met with \"a swift and decisive \
             response,\" Venezuela's defence ministry said.",
            "VEN THREATEN -",
        );
        // Refusing a demand is an act, its author unnamed; a report is no demand.
        has(
            "Mali's junta closed the border, as the junta defied a deadline to hold elections.",
            "MLI REJECT -",
        );
        assert!(dyads("Mali's junta rejected the report.").is_empty());
        // A warning of anything else is a statement.
        for text in [
            "The WHO warned of a humanitarian catastrophe in Gaza.",
            "The UN warned that the fighting would displace thousands.",
            "Iran's president warned that the sanctions were hurting ordinary people.",
        ] {
            assert!(
                events(text).iter().all(|e| e.event_type != "THREATEN"),
                "{text}: {:?}",
                events(text)
            );
        }
    }

    #[test]
    fn he_or_she_is_the_last_person_named_not_the_last_actor() {
        has(
            "Ukrainian President Volodymyr Zelensky met Polish officials in Warsaw on Monday. He urged Germany to send more air defences.",
            "UKR REQUEST DEU",
        );
        // "it" stays the last actor.
        has(
            "Polish officials met Ukrainian envoys in Warsaw on Monday. It urged Germany to send more air defences.",
            "UKR REQUEST DEU",
        );
    }

    #[test]
    fn a_people_of_no_country_is_of_where_it_acts() {
        // "ethnic Armenians" are not Armenia: they act where the sentence places them,
        // or in the one country it names.
        has(
            "Ethnic Armenians in Karabakh demanded international protection on Monday.",
            "AZE REQUEST AZE",
        );
        has(
            "Georgian police detained twelve ethnic Armenians near the border on Friday.",
            "GEO COERCE GEO",
        );
        has(
            "Ethnic Russians in Moldova rallied against the government in Chisinau on Sunday.",
            "MDA PROTEST MDA",
        );
    }

    #[test]
    fn passive_agents_act_on_the_subject() {
        has(
            "France was criticised by Germany on Monday.",
            "DEU ACCUSE FRA",
        );
    }

    #[test]
    fn a_possessive_owns_the_act_of_a_noun() {
        let evs = events("Russia's troop buildup near Ukraine alarmed NATO on Monday.");
        assert!(
            evs.iter()
                .any(|e| e.event_type == "MOBILIZE" && country(&e.source) == "RUS"),
            "{evs:?}"
        );
    }

    #[test]
    fn mediators_act_on_the_sides_between_them() {
        let evs = events("Egypt and Qatar mediated a truce between Israel and Hamas on Sunday.");
        let e = evs
            .iter()
            .find(|e| e.event_type == "CONSULT")
            .expect("a mediation");
        assert_eq!(country(&e.source), "EGY");
        assert_eq!(country(&e.target), "ISR");
        assert!(
            e.source.as_ref().is_some_and(|s| s.also == ["QAT"]),
            "{e:?}"
        );
    }

    #[test]
    fn joint_subjects_meet_and_listed_subjects_each_act() {
        has(
            "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev \
             met in Brussels on Sunday.",
            "ARM CONSULT AZE",
        );
        // A counterpart is titled too, and the host of the talks is no side.
        let got = dyads(
            "Kenyan President William Ruto and his Tanzanian counterpart Samia Suluhu Hassan \
             signed a trade deal at a meeting in Uganda.",
        );
        assert!(got.iter().any(|d| d == "KEN AGREE TZA"), "{got:?}");
        assert!(got.iter().all(|d| !d.contains("UGA")), "{got:?}");
        let got =
            dyads("The United Nations, the African Union and France condemned Mali on Friday.");
        for want in ["UN ACCUSE MLI", "AU ACCUSE MLI", "FRA ACCUSE MLI"] {
            assert!(got.iter().any(|d| d == want), "{want} not in {got:?}");
        }
    }

    #[test]
    fn a_purpose_is_the_subjects_and_a_call_on_ones_own_people_is_at_home() {
        let evs = events(
            "Turkey protested the remarks, and Greece summoned the Turkish ambassador to \
             protest the incursion.",
        );
        assert!(
            evs.iter()
                .any(|e| e.trigger_text == "protest" && country(&e.source) == "GRC"),
            "{evs:?}"
        );
        has(
            "Pakistan urged its citizens to leave Iran on Monday.",
            "PAK REQUEST PAK",
        );
    }

    #[test]
    fn people_captured_are_detained_and_by_the_other_side() {
        has(
            "Russian forces captured two Ukrainian soldiers near Bakhmut.",
            "RUS COERCE UKR",
        );
        has(
            "Russian forces captured the town of Bakhmut.",
            "RUS ASSAULT -",
        );
        has(
            "Azerbaijani troops shelled Armenian positions on Monday. Armenian soldiers \
             were captured near the border, Yerevan said.",
            "AZE COERCE ARM",
        );
        // No fight to tell who took them: no captor is made up.
        let got = dyads("Ukrainian soldiers were captured near Bakhmut, Ukraine's army said.");
        assert!(got.iter().all(|d| !d.contains("COERCE")), "{got:?}");
    }

    #[test]
    fn it_after_a_joined_speech_verb_is_the_opening_subject() {
        has(
            "Israel declared war on the Houthis and said it had retaliated against 17 \
             military sites in Yemen.",
            "ISR ASSAULT YEM",
        );
        // "he" is a person's: the opening country is no "he".
        has(
            "Ukraine's foreign minister Dmytro Kuleba met Blinken and said he had asked \
             Washington for more air defences.",
            "UKR REQUEST USA",
        );
    }

    #[test]
    fn a_post_holder_acts_not_the_body_he_is_posted_to() {
        has(
            "Serbia's envoy to the European Union warned of unrest and urged the Security \
             Council to act.",
            "SRB REQUEST UN",
        );
        let got = dyads("Ukraine's ambassador to the UN accused Moscow of shelling Kharkiv.");
        assert!(got.iter().any(|d| d == "UKR ACCUSE RUS"), "{got:?}");
        assert!(got.iter().all(|d| !d.starts_with("UN ")), "{got:?}");
    }

    #[test]
    fn weapons_counted_after_interception_are_the_firers() {
        has(
            "Officials said Russian drones crossed the border and that air defences downed \
             most of them, but that several struck a power plant in Lviv.",
            "RUS ASSAULT UKR",
        );
        // No weapons named before: the quantity word is no one's.
        let got = dyads("Ukraine said that some struck a power plant in Lviv.");
        assert!(got.iter().all(|d| !d.starts_with("RUS ")), "{got:?}");
    }

    #[test]
    fn a_plural_subject_of_a_reciprocal_act_is_both_sides() {
        let text = "Armenian and Azerbaijani troops clashed on the border on Monday. \
                    The neighbours accused each other of starting the fighting.";
        for want in ["ARM ACCUSE AZE", "AZE ACCUSE ARM"] {
            has(text, want);
        }
        // Talks hosted by a third country do not make it a side.
        let text = "Armenian troops shelled Azerbaijani positions on Monday. The leaders met \
                    in Russia on Tuesday. The rivals accused each other of breaking the truce.";
        let got = dyads(text);
        assert!(got.iter().all(|d| !d.contains("RUS")), "{got:?}");
    }

    #[test]
    fn an_attack_by_no_one_named_is_domestic_to_where_it_happened() {
        let evs = events("Three civilians were killed in a car bombing in Mogadishu on Friday.");
        assert!(
            evs.iter().any(|e| e.event_type == "ASSAULT"
                && country(&e.source) == "SOM"
                && country(&e.target) == "SOM"),
            "{evs:?}"
        );
    }
}
