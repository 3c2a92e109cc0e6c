//! Pass 2 of the coder: whether the text says an act happened — asserted, negated,
//! denied, conditional, hypothetical, embedded in another act (what is threatened,
//! requested or promised) or told as background years before the news.

use drumbeat_model::{Event, EventActor, Modality};

use crate::context::{HitCtx, SentenceCtx};
use crate::lexicon::Lexicon;
use crate::triggers::Hit;

pub(crate) const MODALS: &[&str] = &[
    "could", "might", "may", "would", "will", "shall", "'ll", "’ll", "can", "should", "must",
];
pub(crate) const HYPO_BEFORE: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "ready",
    "poised",
    "prepare",
    "prepares",
    "prepared",
    "preparing",
    "preparations",
    "likely",
    "potential",
    "possible",
    "eventual",
    "eventuality",
    "risk",
    "prospect",
    "tried",
    "try",
    "tries",
    "trying",
    "seek",
    "seeks",
    "seeking",
    "want",
    "wants",
    "wanted",
    "aim",
    "aims",
    "aimed",
    "expected",
    "set",
    "threatens",
    "threatened",
    "vowed",
    "pledged",
    "proposed",
    "sought",
];
pub(crate) const NEG: &[&str] = &[
    "not", "never", "no", "without", "neither", "nor", "refused", "refuses", "failed", "fails",
];

const DENY: &[&str] = &["denied", "denies", "deny", "denying", "rejected"];
/// Whether the clause of a trigger dates it years before the news: "have fought several
/// wars since 2007", "which Russia annexed in 2014". Only a year at least two before the
/// publication year counts, after "since" or "in", within six words either side and in
/// the same stretch between commas ("Bongo, who took over in 2009, was placed under house
/// arrest" is today's arrest).
fn background_year(words: &[String], t0: usize, t1: usize, published: Option<i32>) -> bool {
    let Some(now) = published else {
        return false;
    };
    let from = t0.saturating_sub(6);
    let to = (t1 + 6).min(words.len());
    (from..to).any(|k| {
        k >= 1
            && matches!(words[k - 1].as_str(), "since" | "in")
            && words[k].len() == 4
            && words[k]
                .parse::<i32>()
                .is_ok_and(|y| (1900..=now - 2).contains(&y))
            && !words[k.min(t0)..k.max(t1)]
                .iter()
                .any(|w| matches!(w.as_str(), ";" | ","))
    })
}

/// Embedding types: what follows them in the sentence is their content.
fn embeds(event_type: &str) -> bool {
    matches!(
        event_type,
        "THREATEN" | "REQUEST" | "AGREE" | "ACCUSE" | "REJECT"
    )
}

/// Whether a clause ends between word `from` and word `to` (a semicolon, "but", "while",
/// ", and"): an embedding or intent before it does not reach past it.
pub(crate) fn clause_break(words: &[String], from: usize, to: usize) -> bool {
    (from..to).any(|k| {
        matches!(
            words[k].as_str(),
            ";" | "but" | "while" | "although" | "though" | "whereas" | "because"
        ) || (words[k] == "and" && k > 0 && words[k - 1] == ",")
    })
}

/// Nouns for armed forces and their units, ships and aircraft.
const FORCES: &[&str] = &[
    "troops",
    "forces",
    "soldiers",
    "army",
    "military",
    "navy",
    "police",
    "units",
    "battalions",
    "brigades",
    "warships",
    "warship",
    "carrier",
    "fleet",
    "jets",
    "warplanes",
    "bombers",
    "reservists",
    "guard",
    "commanders",
    "generals",
    "servicemen",
];

/// "ordered troops to", "ordered the army to", "ordered 2,000 soldiers to": the order
/// verb's addressee, up to the "to" of its infinitive, is a force (no country named in
/// it, or only `own`'s). The position of that "to", when it is.
pub(crate) fn forces_addressee(
    words: &[String],
    after_verb: usize,
    mention_countries: impl Fn(usize, usize) -> Vec<Option<String>>,
    own: Option<&str>,
) -> Option<usize> {
    let end = (after_verb + 6).min(words.len());
    let to = (after_verb..end).find(|&k| words[k] == "to")?;
    if to == after_verb
        || !words[after_verb..to]
            .iter()
            .any(|w| FORCES.contains(&w.as_str()))
        || words[after_verb..to]
            .iter()
            .any(|w| !w.chars().any(char::is_alphanumeric) && w != ",")
    {
        return None;
    }
    let foreign = mention_countries(after_verb, to)
        .iter()
        .any(|c| c.as_deref() != own || own.is_none() && c.is_some());
    (!foreign).then_some(to)
}

/// "..., warning they did not rule out force": a threat told as the content of a warning
/// is that warning, by its speaker.
pub(crate) fn warned_threat(lex: &Lexicon, words: &[String], hits: &[Hit], hi: usize) -> bool {
    let h = &hits[hi];
    let ty = lex.triggers[h.trigger].event_type.as_str();
    ty == "THREATEN"
        && hits[..hi]
            .iter()
            .rev()
            .find(|p| p.t1 <= h.t0)
            .is_some_and(|p| {
                lex.triggers[p.trigger].event_type == "THREATEN"
                    && words[p.t0].starts_with("warn")
                    && h.t0 <= p.t1 + 4
            })
}

/// "rejected the call and warned ECOWAS": a finite verb after "and" starts a clause of
/// its own (the joined-verb rule gives it the modality of the verb before).
/// So does the second of two participles set off by a comma: "Putin spoke, accusing
/// Wagner of mutiny and vowing to neutralise it" (the vow is not inside the accusation).
pub(crate) fn coordinated(words: &[String], h: &Hit) -> bool {
    let participles = || {
        words[h.t0].ends_with("ing")
            && (1..h.t0 - 1).any(|k| words[k - 1] == "," && words[k].ends_with("ing"))
    };
    !h.noun
        && h.t0 >= 2
        && words[h.t0 - 1] == "and"
        && (words[h.t0].ends_with("ed") || participles())
}

/// What the coder knows of the sentence's other triggers when it asks for one's modality.
pub(crate) struct Context<'a> {
    /// Triggers found to be no acts (they embed nothing).
    pub(crate) dead: &'a [bool],
    /// The modalities of the triggers before.
    pub(crate) before: &'a [Option<Modality>],
    /// An order made this act its own ("ordered the party dissolved").
    pub(crate) ordered: bool,
    pub(crate) warned_threat: bool,
    pub(crate) coordinated: bool,
    pub(crate) published_year: Option<i32>,
}

/// The modality of trigger `hi` of a sentence.
pub(crate) fn of(lex: &Lexicon, words: &[String], hits: &[Hit], hi: usize, c: Context) -> Modality {
    let h = &hits[hi];
    let ty = lex.triggers[h.trigger].event_type.as_str();
    let (dead, hit_modality, warned_threat, coordinated, published_year) = (
        c.dead,
        c.before,
        c.warned_threat,
        c.coordinated,
        c.published_year,
    );
    let prev_trigger_end = if hi > 0 { hits[hi - 1].t1 } else { 0 };
    let window = |n: usize| h.t0.saturating_sub(n)..h.t0;
    let mut modality = Modality::Asserted;
    let negated = window(3).any(|k| {
        NEG.contains(&words[k].as_str()) || words[k].ends_with("n't") || words[k].ends_with("n’t")
    });
    // "India blamed Pakistan, which denies involvement": the accused denies what it is
    // accused of, not the accusation.
    let denied = !matches!(ty, "REJECT" | "ACCUSE")
        && (words[h.t1..]
            .iter()
            .take(12)
            .any(|w| DENY.contains(&w.as_str()))
            && words[h.t1..]
                .iter()
                .take(12)
                .any(|w| w == "claim" || w == "claims" || w == "which" || w == "allegation"))
        || words[..h.t0]
            .iter()
            .rev()
            .take(8)
            .any(|w| w == "denied" || w == "denies");
    let conditional = words[prev_trigger_end.min(h.t0)..h.t0]
        .iter()
        .any(|w| w == "if" || w == "unless")
        || (h.t0 >= 3
            && words[h.t0.saturating_sub(6)..h.t0]
                .join(" ")
                .contains("in the event"));
    let clause_break = |from: usize| clause_break(words, from, h.t0);
    let after_intent = hits[..hi]
        .iter()
        .any(|p| p.intent && p.t1 <= h.t0 && !clause_break(p.t1));
    let embedded = !warned_threat && !c.ordered && after_intent
        || !warned_threat
            && !coordinated
            && !c.ordered
            && !h.intent
            && hits[..hi]
                .iter()
                .enumerate()
                .filter(|(j, _)| !dead[*j])
                .any(|(_, p)| {
                    embeds(lex.triggers[p.trigger].event_type.as_str())
                        && p.t1 <= h.t0
                        && !clause_break(p.t1)
                        && !(p.noun && words[p.t1..h.t0].iter().any(|w| w == ","))
                        // "Calling them 'cowardly attacks', he vowed to retaliate":
                        // an opening participle clause ends at its comma.
                        && !(p.t0 == 0
                            && words[p.t0].ends_with("ing")
                            && words[p.t1..h.t0].iter().any(|w| w == ","))
                });
    // "to attack" is a purpose or a plan, but "continued to send arms" did happen.
    let aspectual = h.t0 >= 2
        && matches!(
            words[h.t0 - 2].as_str(),
            "continued"
                | "continues"
                | "continue"
                | "began"
                | "begun"
                | "begins"
                | "started"
                | "starts"
                | "resumed"
                | "kept"
                | "went"
                | "managed"
                | "voted"
        );
    // "adopted a measure to ban", "signed a decree to close": the instrument does it.
    let instrument = h.t0 >= 3
        && words[h.t0 - 1] == "to"
        && matches!(
            words[h.t0 - 2].as_str(),
            "measure"
                | "measures"
                | "decision"
                | "decree"
                | "law"
                | "order"
                | "resolution"
                | "regulation"
                | "regulations"
                | "bill"
                | "directive"
                | "ordinance"
        )
        && words[h.t0.saturating_sub(6)..h.t0 - 2].iter().any(|w| {
            [
                "adopt", "approv", "pass", "issu", "sign", "enact", "took", "tak",
            ]
            .iter()
            .any(|v| w.starts_with(v))
        });
    let infinitive = !c.ordered
        && !instrument
        && (h.intent || (!h.noun && h.t0 > 0 && words[h.t0 - 1] == "to" && !aspectual));
    let hypothetical = infinitive
        || window(4).any(|k| {
            MODALS.contains(&words[k].as_str()) || HYPO_BEFORE.contains(&words[k].as_str())
        })
        || (h.noun
            && window(2).any(|k| {
                matches!(
                    words[k].as_str(),
                    "potential" | "possible" | "future" | "planned" | "threatened"
                )
            }));
    // A threat speaks of the future by nature: "Moscow would retaliate" is the threat.
    let hypothetical = hypothetical && ty != "THREATEN";
    if negated {
        modality = Modality::Negated;
    } else if denied {
        modality = Modality::Denied;
    } else if conditional {
        modality = Modality::Conditional;
    } else if embedded {
        modality = Modality::Embedded;
    } else if hypothetical {
        modality = Modality::Hypothetical;
    } else if background_year(words, h.t0, h.t1, published_year) {
        modality = Modality::Background;
    }
    // "aims to tighten sanctions and impose a blockade": a verb joined by "and" shares
    // the modality of the verb before it.
    if modality == Modality::Asserted && hi > 0 && !h.noun && h.t0 >= 1 {
        // ", and" after a participle clause joins the main clause, not the verb before.
        let comma_and = (h.t0.saturating_sub(3)..h.t0)
            .any(|k| words[k] == "and" && k > 0 && words[k - 1] == ",");
        let joined = (h.t0.saturating_sub(3)..h.t0).any(|k| words[k] == "and")
            && hits[hi - 1].t1 + 4 >= h.t0
            && !comma_and;
        if let Some(prev) = hit_modality[hi - 1].filter(|m| *m != Modality::Asserted && joined) {
            modality = prev;
        }
    }

    modality
}

/// "ordered his fighters to turn around", "ordered the party dissolved": an order to
/// one's own forces, or that an act be done, is the act itself (the order is the act);
/// an order to another country is a demand. The one who ordered it, and the id of the
/// order's own event (which the act replaces), when the trigger is such an act.
pub(crate) fn order_giver(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    events: &[Event],
) -> Option<(EventActor, String)> {
    let SentenceCtx {
        lex,
        si,
        st,
        mentions,
        ..
    } = *ctx;
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let hits = &ctx.hits[..];
    let HitCtx { hi, h, ty, .. } = *hit;
    let mut ordered_by: Option<(EventActor, String)> = None;
    let is_order = |p: &Hit| {
        ["order", "instruct", "command", "direct"]
            .iter()
            .any(|o| words[p.t0].starts_with(o))
    };
    if let Some(p) = hits[..hi]
        .iter()
        .rev()
        .find(|p| p.t1 <= h.t0 && is_order(p))
    {
        let ptype = lex.triggers[p.trigger].event_type.as_str();
        let order_verb = true;
        let own = words[p.t1..h.t0]
            .iter()
            .any(|w| matches!(w.as_str(), "his" | "its" | "their" | "her"));
        let participle = h.t0 > p.t1 && !words[h.t0 - 1].eq("to") && words[h.t0].ends_with("ed");
        // "ordered the killing of", "ordered an attack on": the act named.
        let nominal = h.t0 > p.t1
            && words[p.t1..h.t0]
                .iter()
                .all(|w| matches!(w.as_str(), "the" | "a" | "an" | "immediate"))
            && (h.noun || words[h.t0].ends_with("ing"))
            && words
                .get(h.t1)
                .is_some_and(|w| matches!(w.as_str(), "of" | "on" | "against"));
        // The one ordered is right after the verb ("ordered Syria to"); a place
        // further on ("his fighters advancing on Moscow") is not.
        let foreign = (0..mentions.len())
            .any(|mi| m_tok[mi].0 >= p.t1 && m_tok[mi].0 <= p.t1 + 1 && m_tok[mi].1 <= h.t0);
        let giver = events
            .iter()
            .rev()
            .find(|e| e.sentence as usize == si && e.trigger.start == st[p.t0].start)
            .and_then(|e| e.source.as_ref())
            .and_then(|s| s.country.clone());
        let forces = !p.noun
            && forces_addressee(
                words,
                p.t1,
                |a, b| {
                    (0..mentions.len())
                        .filter(|&mi| m_tok[mi].0 >= a && m_tok[mi].0 < b)
                        .map(|mi| mentions[mi].country.clone())
                        .collect()
                },
                giver.as_deref(),
            )
            .is_some_and(|to| to < h.t0);
        if ptype == "REQUEST"
            && order_verb
            && !p.noun
            && h.t0 <= p.t1 + 10
            && !clause_break(words, p.t1, h.t0)
            && ((own && !foreign) || forces || participle || nominal)
            && matches!(
                ty,
                "RETREAT" | "MOBILIZE" | "ASSAULT" | "COERCE" | "SANCTION"
            )
        {
            if let Some(pe) = events
                .iter()
                .rev()
                .find(|e| e.sentence as usize == si && e.trigger.start == st[p.t0].start)
            {
                if let Some(src) = pe.source.clone() {
                    ordered_by = Some((src, pe.id.clone()));
                }
            }
        }
    }
    ordered_by
}

#[cfg(test)]
mod tests {
    use crate::coder::tests::events_of;
    use drumbeat_model::Modality;

    /// The asserted events of a sentence as "SRC TYPE TGT".
    fn acts(s: &str) -> Vec<String> {
        crate::context::testing::asserted_dyads(&events_of(s, Some("2022-01-14")))
    }

    #[test]
    fn an_order_to_ones_own_forces_is_the_act_it_orders_or_their_mobilisation() {
        // The act ordered replaces the order.
        assert_eq!(
            acts("The Russian president ordered troops to pull back from the frontier on Monday."),
            ["RUS RETREAT -"]
        );
        assert_eq!(
            acts("Erdogan ordered the army to strike Kurdish militants in northern Iraq."),
            ["TUR ASSAULT IRQ"]
        );
        // No act of the lexicon follows: the order puts the forces on alert.
        assert_eq!(
            acts("The Pentagon ordered 3,000 soldiers to be ready on Friday."),
            ["USA MOBILIZE -"]
        );
        assert_eq!(
            acts("Netanyahu ordered the military to prepare a forceful response."),
            ["ISR MOBILIZE -"]
        );
        // An order to another country is a demand, whatever act it names; an order to
        // leave given to an envoy expels him.
        assert_eq!(
            acts("Washington ordered Iran to release the tanker on Friday."),
            ["USA REQUEST IRN"]
        );
        let hague = acts("The court in The Hague ordered Russia to halt the shelling of Kharkiv.");
        assert!(hague.contains(&"NLD REQUEST RUS".to_string()), "{hague:?}");
        assert!(!hague.iter().any(|a| a.contains("COERCE")), "{hague:?}");
        assert_eq!(
            acts("Niger's junta ordered the French ambassador to leave the country."),
            ["NER SANCTION FRA"]
        );
    }

    #[test]
    fn modality_cases() {
        let m = |s: &str, ty: &str| {
            events_of(s, Some("2022-01-14"))
                .into_iter()
                .find(|e| e.event_type == ty)
                .map(|e| e.modality)
        };
        assert_eq!(
            m(
                "Russia did not withdraw its troops from the border with Ukraine.",
                "RETREAT"
            ),
            Some(Modality::Negated)
        );
        assert_eq!(
            m(
                "Biden warned Russia of sanctions if it invaded Ukraine.",
                "ASSAULT"
            ),
            Some(Modality::Conditional)
        );
        assert_eq!(
            m(
                "Biden warned Russia of sanctions if it invaded Ukraine.",
                "THREATEN"
            ),
            Some(Modality::Asserted)
        );
        assert_eq!(
            m(
                "Biden warned Russia of imposing sanctions on Moscow.",
                "SANCTION"
            ),
            Some(Modality::Embedded)
        );
        assert_eq!(
            m(
                "Russian officials suggested Russia could soon attack Ukraine.",
                "ASSAULT"
            ),
            Some(Modality::Hypothetical)
        );
        assert_eq!(
            m(
                "Kyiv said Russia attacked Ukraine, a claim Moscow denied.",
                "ASSAULT"
            ),
            Some(Modality::Denied)
        );
        assert_eq!(
            m("Pakistan said it shot down two Indian jets.", "ASSAULT"),
            Some(Modality::Asserted)
        );
    }

    #[test]
    fn background_years_and_clause_breaks() {
        let m = |s: &str, ty: &str| {
            events_of(s, Some("2024-05-02"))
                .into_iter()
                .find(|e| e.event_type == ty)
                .map(|e| e.modality)
        };
        // Years before the news, after "since" or "in", in the same stretch of the clause.
        assert_eq!(
            m(
                "Eritrea and Ethiopia have fought two wars since 1998.",
                "ASSAULT"
            ),
            Some(Modality::Background)
        );
        assert_eq!(
            m(
                "Nigeria, which joined the bloc in 1975, imposed sanctions on Niger.",
                "SANCTION"
            ),
            Some(Modality::Asserted)
        );
        // A second participle after a comma is its own act, not inside the first.
        assert_eq!(
            m(
                "Armenia's prime minister spoke on television, accusing Azerbaijan of aggression and vowing to crush the invaders.",
                "THREATEN"
            ),
            Some(Modality::Asserted)
        );
        assert_eq!(
            m(
                "Ankara accused Athens of planning to attack and occupying the island.",
                "ASSAULT"
            ),
            Some(Modality::Embedded)
        );
        // A request embeds its content, but not past a clause break.
        assert_eq!(
            m("Chad urged Sudan to withdraw its troops.", "RETREAT"),
            Some(Modality::Embedded)
        );
        assert_eq!(
            m("Chad urged calm, but Sudan withdrew its troops.", "RETREAT"),
            Some(Modality::Asserted)
        );
    }
}
