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

use drumbeat_model::{ActorKind, Event, EventActor, Modality, PlaceMention, Role};
use drumbeat_nlp::tokens::Kind;

use crate::context::{actor_of, country_actor, place_actor, HitCtx, NoAct, SentenceCtx, SPEECH};
use crate::modality::MODALS;
use crate::triggers::Hit;

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
/// pair of countries that most of the recent events join (neither being `not`, the
/// speaker), else the two countries it names most (`named`, most first).
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
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            Some(p) => p.1 += 1,
            None => pairs.push((key, 1)),
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

/// Step 3: who acts. `Err(Dead)` when the trigger turns out to be no act (and then
/// embeds nothing), `Err(Skip)` when it is no act of its own here.
#[allow(clippy::too_many_arguments)]
pub(crate) fn source(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    events: &[Event],
    dead: &[bool],
    ordered_by: Option<EventActor>,
    warned_threat: bool,
    modality: Modality,
) -> Result<SourcePick, NoAct> {
    let SentenceCtx {
        a, st, mentions, ..
    } = *ctx;
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let HitCtx {
        hi, h, trig, ty, ..
    } = *hit;
    let mut modality = modality;
    let mut source: Option<EventActor> = None;
    let mut reported_by: Option<String> = None;
    let mut confidence: f32 = 0.8;
    let Passive { aux_before, agent } = passive(ctx, h);
    let mut passive_target: Option<EventActor> = None;
    // The source was inferred (a place, a reporter, nobody named), not read.
    let mut weak_source = false;
    if let Some(src) = ordered_by {
        source = Some(src);
    }
    if warned_threat {
        source = warner(ctx, events);
    }
    // "were engaged in ethnic cleansing", "is involved in" are active in meaning.
    let agentless_passive = aux_before
        && !h.noun
        && agent.is_none()
        && !words[h.t0].ends_with("ing")
        && !words[h.t0].starts_with("engag")
        && !words[h.t0].starts_with("involv");
    // Agents joined to the first act with it: "was condemned by France and Germany"
    // is condemned by both, and Germany is no target.
    let mut agent_also: Vec<usize> = Vec::new();
    if let (true, false, Some(mi)) = (aux_before, h.noun, agent) {
        let (s, also) = passive_agents(ctx, mi);
        agent_also = also;
        source = Some(s);
        passive_target = patient(ctx, h);
    }
    // Possessive owner of a noun trigger: "Moscow's demands", "Russia's troop buildup".
    let mut owner: Option<usize> = None;
    if h.noun && source.is_none() {
        owner = possessive_owner(ctx, h);
        if let Some(mi) = owner {
            source = Some(actor_of(mentions[mi], a));
        }
    }
    // "the massing of Russian troops": the forces follow the noun (but "an invasion
    // of Ukraine" names the target).
    let mut of_actor = false;
    // "sparked condemnation from the African Union": the source follows "from".
    let mut from_source = false;
    if h.noun && source.is_none() && h.t1 < st.len() {
        if let Some((mi, from)) = actor_after_noun(ctx, hit) {
            source = Some(actor_of(mentions[mi], a));
            of_actor = true;
            from_source = from;
        }
    }
    form_not_act(ctx, hit)?;
    reason_or_object(ctx, hit, dead)?;
    subordinate(ctx, hit)?;
    bare_noun(ctx, hit, owner.is_some() || of_actor)?;
    warning_statement(ctx, hit)?;
    if owner.is_some() && ty == "REQUEST" && demand_made(ctx, hit, modality) {
        modality = Modality::Asserted;
    }
    let mut source_mi: Option<usize> = owner;
    let mut speech_target: Option<EventActor> = None;
    // "Pompeo said Iran was behind the attacks", "Iran was to blame, Kyiv said": the
    // speaker accuses the one named right before the phrase.
    if trig.mode == "blame" {
        let (sp, ac) = blamed(ctx, h)?;
        source = Some(actor_of(mentions[sp], a));
        source_mi = Some(sp);
        speech_target = Some(actor_of(mentions[ac], a));
    }
    if h.noun && source.is_none() && matches!(ty, "REJECT" | "SUPPORT" | "ACCUSE") {
        // "X said such proposals from Y are non-starters": X rejects Y.
        if let Some((mi, ti)) = speaker_of_noun(ctx, h) {
            source = Some(actor_of(mentions[mi], a));
            source_mi = Some(mi);
            if let Some(ti) = ti {
                speech_target = Some(actor_of(mentions[ti], a));
            }
        }
    }
    // Inside a quote, the speaker acts: "“I do not see reasons to sit down,” Ryabkov said".
    if source.is_none() && !agentless_passive {
        source = quote_speaker(ctx, hit);
    }
    if source.is_none() && agentless_passive {
        // "civilians were killed": the subject is the patient; no actor is named.
        let inferred = authorities(ctx, hit)?;
        if let Some(s) = inferred {
            source = Some(s);
            weak_source = true;
            confidence -= 0.3;
        }
        passive_target = patient(ctx, h);
    }
    // "told Putin in a phone call": the clause's subject and object take part.
    let mut clause_target: Option<EventActor> = None;
    if source.is_none() {
        if let Some((subj, obj)) = clause_sides(ctx, h) {
            source = Some(actor_of(mentions[subj], a));
            clause_target = Some(actor_of(mentions[obj], a));
        }
    }
    // "imposed sanctions on Russia and expelled ten diplomats": a coordinated verb
    // shares the subject (and, failing its own, the object) of the verb before it.
    let mut coordinated_target: Option<EventActor> = None;
    let mut coordinated = false;
    if source.is_none() && !h.noun && hi > 0 {
        if let Some(pe) = coordinated_with(ctx, hit, events) {
            source = pe.source.clone();
            coordinated_target = pe.target.clone();
            coordinated = true;
        }
    }
    // "The two sides agreed to a ceasefire": the document's two sides, jointly.
    if source.is_none() && !h.noun {
        if let Some(both) = both_sides_subject(ctx, hit, events) {
            source = Some(both);
            confidence -= 0.1;
        }
    }
    // "in response to Minsk scrambling a fighter jet": the actor right before an
    // -ing verb is its subject.
    if source.is_none() && !h.noun && words[h.t0].ends_with("ing") {
        if let Some(mi) = right_before(ctx, h) {
            source = Some(actor_of(mentions[mi], a));
            source_mi = Some(mi);
        }
    }
    // "summoned the Canadian envoy to protest the remarks": an infinitive of purpose
    // after the object of an act is done by that act's subject.
    if source.is_none() {
        if let Some(src) = purpose_subject(ctx, hit, events) {
            source = src;
            coordinated = source.is_some();
        }
    }
    if source.is_none() && !agentless_passive && !coordinated {
        // The nearest mention before the trigger; a pronoun right before it takes the
        // last mention before the pronoun; a speech verb in between makes that a report.
        let (subject, pron) = nearest_subject(ctx, h);
        if let Some(mi) = subject {
            let between = &words[m_tok[mi].1..h.t0];
            let speech_between = between.iter().any(|w| SPEECH.contains(&w.as_str()));
            let pron_after_mention = pron.is_some_and(|p| p >= m_tok[mi].1);
            if speech_between && !pron_after_mention {
                // "Officials said the attacks killed eight": the reporter is before the
                // speech verb; kept as the source when no better one exists, but weak.
                reported_by = Some(actor_of(mentions[mi], a).name);
                weak_source = true;
            }
            if speech_between && pron_after_mention {
                reported_by = Some(actor_of(mentions[mi], a).name);
            }
            source = Some(actor_of(mentions[mi], a));
            source_mi = Some(mi);
            if h.t0 - m_tok[mi].1 > 12 {
                confidence -= 0.2;
            }
        } else if pron.is_some() {
            // Resolve to the last actor of the previous sentences.
            if let Some(m) = ctx.prev_actor {
                source = Some(actor_of(m, a));
                confidence -= 0.2;
            }
        }
    }
    // Joint subject "X and Y": X joins the source.
    let joint_other = source_mi.and_then(|mi| joint_other(ctx, ty, mi));
    // "the United Nations, the African Union and France condemned": earlier members
    // of the list, each acting too.
    let list_sources = joint_other
        .map(|oi| list_members(ctx, oi))
        .unwrap_or_default();

    Ok(SourcePick {
        source,
        source_mi,
        reported_by,
        confidence,
        weak_source,
        passive_target,
        speech_target,
        clause_target,
        coordinated_target,
        agent_also,
        aux_before,
        agent,
        owner,
        from_source,
        joint_other,
        list_sources,
        modality,
    })
}

/// Inside a quote, the speaker acts: "“I do not see reasons to sit down,” Ryabkov said".
fn quote_speaker(ctx: &SentenceCtx, hit: &HitCtx) -> Option<EventActor> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let a = ctx.a;
    let HitCtx {
        h,
        ty,
        span: trigger_span,
        ..
    } = *hit;
    let tok_of = |pos: usize| ctx.tok_of(pos);
    if let Some(q) = ctx
        .quotes
        .iter()
        .find(|q| !q.fragment && q.span.contains(&trigger_span))
    {
        let inside_before = (0..mentions.len())
            .any(|mi| m_tok[mi].1 <= h.t0 && q.span.contains(&mentions[mi].span));
        // ... for force, only when the speaker is its subject: "I", "we", or no
        // words before the act in the quote ("This blow has wounded this
        // country" is no attack of the speaker's); words are the speaker's own.
        let q_start = tok_of(q.span.start);
        let lead = &words[q_start.min(h.t0)..h.t0];
        let first_person = !matches!(ty, "ASSAULT" | "MOBILIZE" | "COERCE")
            || lead.len() <= 1
            || lead
                .iter()
                .rev()
                .take(5)
                .any(|w| matches!(w.as_str(), "i" | "we" | "our" | "my" | "us"));
        if !inside_before && first_person {
            if let Some(sp) = &q.speaker {
                let from = ctx
                    .doc
                    .actors_by_start
                    .partition_point(|m| m.span.start < sp.span.start);
                if let Some(m) = ctx.doc.actors_by_start[from..]
                    .iter()
                    .take_while(|m| m.span.start == sp.span.start)
                    .find(|m| m.span == sp.span)
                {
                    return Some(actor_of(m, a));
                }
            }
        }
    }
    None
}

/// Who did an act told in the passive with no agent, when the sentence says where it
/// happened or the act is an arrest or closure; no act otherwise, except an assault
/// (its victims are still its target).
fn authorities(ctx: &SentenceCtx, hit: &HitCtx) -> Result<Option<EventActor>, NoAct> {
    let places = ctx.places;
    let HitCtx {
        ty,
        span: trigger_span,
        ..
    } = *hit;
    // "a US national was put under investigation in Italy": the authorities
    // where it happened act.
    let here = places.iter().find(|p| p.kind != "border");
    // "Bongo was placed under house arrest": arrests and closures are done by
    // the authorities of the country they happen in, the one the document is about.
    let home = if ty == "COERCE" && here.is_none() {
        ctx.doc.focus.clone()
    } else {
        None
    };
    if ty != "ASSAULT" && here.is_none() && home.is_none() {
        return Err(NoAct::Skip);
    }
    if let Some(c) = &home {
        return Ok(Some(EventActor {
            code: format!("{c}GOV"),
            country: Some(c.clone()),
            role: Some(Role::Gov),
            name: "(authorities)".into(),
            span: trigger_span,
            also: Vec::new(),
        }));
    }
    if ty != "ASSAULT" {
        if let Some(p) = here {
            return Ok(Some(place_actor(p)));
        }
    }
    Ok(None)
}

/// "told Putin in a phone call": a noun of the act after "in", "during", "at" or "on"
/// takes the clause's subject and object (the last two mentions before it, of two
/// countries).
fn clause_sides(ctx: &SentenceCtx, h: &Hit) -> Option<(usize, usize)> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    // "pledged support for Kyiv during the summit": a gathering of many is where the
    // act happened, not a meeting of the clause's two actors.
    let gathering = words[h.t0..h.t1].iter().any(|w| {
        matches!(
            w.as_str(),
            "summit" | "conference" | "session" | "sessions" | "forum" | "assembly"
        )
    });
    if h.noun
        && !gathering
        && h.t0 >= 2
        && matches!(words[h.t0 - 2].as_str(), "in" | "during" | "at" | "on")
        && matches!(
            words[h.t0 - 1].as_str(),
            "a" | "an" | "the" | "their" | "his" | "her"
        )
    {
        let before: Vec<usize> = (0..mentions.len())
            .filter(|&mi| m_tok[mi].1 + 2 <= h.t0)
            .collect();
        if before.len() >= 2 {
            let obj = before[before.len() - 1];
            if let Some(&subj) = before[..before.len() - 1]
                .iter()
                .rev()
                .find(|&&mi| mentions[mi].country != mentions[obj].country)
            {
                return Some((subj, obj));
            }
        }
    }
    None
}

/// "imposed sanctions on Russia and expelled ten diplomats": the act of the verb before
/// "and", whose subject (and, failing its own, object) a coordinated verb shares; after a
/// participle clause (", and imposed"), the sentence's main act.
fn coordinated_with<'e>(ctx: &SentenceCtx, hit: &HitCtx, events: &'e [Event]) -> Option<&'e Event> {
    let words = &ctx.words[..];
    let st = ctx.st;
    let hits = &ctx.hits[..];
    let si = ctx.si;
    let HitCtx { hi, h, .. } = *hit;
    let and_before = (h.t0.saturating_sub(3)..h.t0)
        .rev()
        .find(|&k| words[k] == "and")
        .filter(|&k| {
            words[k + 1..h.t0].iter().all(|w| {
                MODALS.contains(&w.as_str())
                    || matches!(
                        w.as_str(),
                        "also" | "then" | "later" | "has" | "have" | "had"
                    )
            })
        });
    and_before?;
    let prev = &hits[hi - 1];
    // ", and imposed sanctions" after a participle clause ("..., warning they
    // did not rule out force, and imposed"): the subject of the main clause.
    let after_comma = and_before.is_some_and(|k| k > 0 && words[k - 1] == ",");
    let main = events.iter().find(|e| {
        e.sentence as usize == si && e.modality == Modality::Asserted && e.source.is_some()
    });
    let chained = events
        .iter()
        .rev()
        .find(|e| e.sentence as usize == si && e.trigger.start == st[prev.t0].start);
    if after_comma {
        main.or(chained)
    } else {
        chained
    }
}

/// "The two sides agreed to a ceasefire": the document's two sides, jointly, when "both
/// sides" or "the two countries" stands before the verb with no actor between.
fn both_sides_subject(ctx: &SentenceCtx, hit: &HitCtx, events: &[Event]) -> Option<EventActor> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let HitCtx {
        h,
        span: trigger_span,
        ..
    } = *hit;
    let from = h.t0.saturating_sub(5);
    let both = two_sides(&words[from..h.t0]);
    let actor_between = (0..mentions.len()).any(|mi| m_tok[mi].0 >= from && m_tok[mi].1 <= h.t0);
    if both && !actor_between {
        if let Some((x, y)) = main_dyad(events, &ctx.doc.named, None) {
            return Some(country_actor(x, "both sides", trigger_span, vec![y]));
        }
    }
    None
}

/// The mention that ends right where the trigger starts.
fn right_before(ctx: &SentenceCtx, h: &Hit) -> Option<usize> {
    (0..ctx.mentions.len()).find(|&mi| ctx.m_tok[mi].1 == h.t0)
}

/// "summoned the Canadian envoy to protest the remarks": an infinitive of purpose
/// after the object of an act is done by that act's subject. (After a request or
/// an order the object does it: "urged Iran to halt", "forced the plane to land".)
/// So is a purpose noun: "visited Washington for talks with Lloyd Austin".
/// The act's source (if it has one) when such an act comes before.
fn purpose_subject(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    events: &[Event],
) -> Option<Option<EventActor>> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let hits = &ctx.hits[..];
    let lex = ctx.lex;
    let si = ctx.si;
    let HitCtx { hi, h, .. } = *hit;
    let purpose = h.t0 > 0 && ((!h.noun && words[h.t0 - 1] == "to") || words[h.t0 - 1] == "for");
    if purpose && hi > 0 {
        let prev = &hits[hi - 1];
        let prev_ty = lex.triggers[prev.trigger].event_type.as_str();
        let object_between =
            (0..mentions.len()).any(|mi| m_tok[mi].0 >= prev.verb_end && m_tok[mi].1 < h.t0);
        let near = h.t0 <= prev.t1 + 8
            && !words[prev.verb_end.min(h.t0)..h.t0]
                .iter()
                .any(|w| matches!(w.as_str(), "," | ";" | "and" | "that" | "who" | "which"));
        if object_between && near && !matches!(prev_ty, "REQUEST" | "COERCE" | "THREATEN") {
            if let Some(pe) = events
                .iter()
                .rev()
                .find(|e| e.sentence as usize == si && e.trigger.start == st[prev.t0].start)
            {
                return Some(pe.source.clone());
            }
        }
    }
    None
}

/// The nearest mention before the trigger that can be its subject: not cut from it by
/// a subordinate clause, past an apposition, not inside a prepositional phrase or an
/// object when a subject stands before it. Also the pronoun right before the trigger,
/// if there is one.
fn nearest_subject(ctx: &SentenceCtx, h: &Hit) -> (Option<usize>, Option<usize>) {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let before: Vec<usize> = (0..mentions.len())
        .filter(|&mi| m_tok[mi].1 <= h.t0)
        .collect();
    let pron = (h.t0.saturating_sub(3)..h.t0)
        .rev()
        .find(|&k| PRONOUNS.contains(&words[k].as_str()));
    // A subordinate clause between the mention and the trigger ("talks in Islamabad
    // on Wednesday, days after shelling killed four villagers") cuts them apart.
    // A clause closed by commas before the trigger ("Lithuania, where Protasevich
    // is based, urged") does not cut: it is skipped.
    let cut = |mi: usize| {
        let span = &words[m_tok[mi].1..h.t0];
        let last_comma = span.iter().rposition(|w| w == ",");
        let first_comma = span.iter().position(|w| w == ",");
        let closed = |k: usize| match (first_comma, last_comma) {
            (Some(a), Some(b)) => a < b && k > a && k < b,
            _ => false,
        };
        span.iter().enumerate().any(|(k, w)| {
            !closed(k)
                && matches!(
                    w.as_str(),
                    "after"
                        | "before"
                        | "when"
                        | "since"
                        | "while"
                        | "because"
                        | "although"
                        | "though"
                        | "whereas"
                        | "until"
                        | "unless"
                        | "whose"
                        | "where"
                )
        })
    };
    let mut before: Vec<usize> = before.into_iter().filter(|&mi| !cut(mi)).collect();
    // "Pakistan, a key U.S. ally in the war, has refused": skip the apposition.
    let commas: Vec<usize> = (0..h.t0).filter(|&k| words[k] == ",").collect();
    if commas.len() >= 2 {
        let (c1, c2) = (commas[commas.len() - 2], commas[commas.len() - 1]);
        if h.t0 - c2 <= 3
            && before
                .iter()
                .any(|&mi| m_tok[mi].0 > c1 && m_tok[mi].1 <= c2)
            && before.iter().any(|&mi| m_tok[mi].1 <= c1)
        {
            before.retain(|&mi| m_tok[mi].1 <= c1);
        }
    }
    // "Tajik forces entered a Kyrgyz village and shelled": a mention inside a
    // prepositional phrase or an object noun phrase ("on Hamas", "a Kyrgyz
    // village") is not the subject when one stands before it in the clause
    // (and no pronoun comes after it to refer to it).
    let oblique = |mi: usize| {
        let mut k = m_tok[mi].0;
        // "to the United Nations": past the article.
        if k > 1 && words[k - 1] == "the" {
            k -= 1;
        }
        k > 0
            && matches!(
                words[k - 1].as_str(),
                "on" | "in"
                    | "of"
                    | "at"
                    | "to"
                    | "from"
                    | "with"
                    | "against"
                    | "into"
                    | "near"
                    | "toward"
                    | "towards"
                    | "a"
                    | "an"
                    | "one"
                    | "two"
                    | "three"
                    | "several"
                    | "over"
                    | "across"
            )
    };
    if before.len() >= 2 && pron.is_none() {
        if let Some(&last) = before.last() {
            let subject = before[..before.len() - 1]
                .iter()
                .rev()
                .copied()
                .find(|&mi| {
                    !oblique(mi)
                        && !words[m_tok[mi].1..h.t0].iter().any(|w| {
                            SPEECH.contains(&w.as_str())
                                || matches!(w.as_str(), ";" | "that" | "who" | "which" | "said")
                        })
                });
            if oblique(last) {
                if let Some(sj) = subject {
                    before.retain(|&mi| m_tok[mi].1 <= m_tok[sj].1);
                }
            }
        }
    }
    (before.last().copied(), pron)
}

/// Joint subject "X and Y": the other member (X) of the subject `mi` (Y).
fn joint_other(ctx: &SentenceCtx, ty: &str, mi: usize) -> Option<usize> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let clean = ctx.clean;
    // (The second may carry its title: "Armenian Prime Minister Nikol Pashinyan
    // and Azerbaijani President Ilham Aliyev met". Only for acts done together,
    // which need the other side: for one-sided acts the titled person nearest
    // the verb stays the source.)
    let together = matches!(ty, "CONSULT" | "AGREE" | "COOPERATE");
    let titled = (1..=4).filter(|_| together).find(|&back| {
        m_tok[mi].0 > back
            && words[m_tok[mi].0 - back - 1] == "and"
            && (m_tok[mi].0 - back..m_tok[mi].0).all(|k| st[k].is_cap(clean) || words[k] == "of")
    });
    let s0 = m_tok[mi].0 - titled.unwrap_or(0);
    if s0 >= 2 && words[s0 - 1] == "and" {
        if let Some(oi) = (0..mentions.len()).find(|&oi| {
            m_tok[oi].1 == s0 - 1 || (s0 >= 3 && words[s0 - 2] == "the" && m_tok[oi].1 == s0 - 2)
        }) {
            return Some(oi);
        }
    }
    None
}

/// "the United Nations, the African Union and France": the members listed before `oi`
/// (the African Union), nearest first.
fn list_members(ctx: &SentenceCtx, mut oi: usize) -> Vec<usize> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let mut list_sources: Vec<usize> = Vec::new();
    loop {
        let s0 = m_tok[oi].0;
        let skip_the = usize::from(s0 >= 1 && words[s0 - 1] == "the");
        if s0 < 2 + skip_the || words[s0 - 1 - skip_the] != "," {
            break;
        }
        let Some(pi) = (0..mentions.len()).find(|&pi| m_tok[pi].1 == s0 - 1 - skip_the) else {
            break;
        };
        list_sources.push(pi);
        oi = pi;
    }
    list_sources
}

/// Mediators act together on the two sides "between" them: "Egypt and Qatar mediated a
/// truce between Israel and Hamas" is aimed at Israel, with Hamas.
fn mediated(ctx: &SentenceCtx, h: &Hit) -> Option<EventActor> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let a = ctx.a;
    if let Some(b) = (h.t1..st.len()).find(|&k| words[k] == "between") {
        let after: Vec<usize> = (0..mentions.len())
            .filter(|&mi| m_tok[mi].0 > b && m_tok[mi].0 <= b + 8)
            .collect();
        if let [x, y, ..] = after[..] {
            let mut t = actor_of(mentions[x], a);
            let other = actor_of(mentions[y], a);
            if other.country != t.country {
                t.also.push(other.country.clone().unwrap_or(other.code));
                return Some(t);
            }
        }
    }
    None
}

/// "X would not address Moscow's demands": the demands (owned by `owner`) are made of X,
/// the last mention of another country before the owner.
fn demanded_of(
    ctx: &SentenceCtx,
    owner: usize,
    source_country: &Option<String>,
) -> Option<EventActor> {
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let a = ctx.a;
    let ob = m_tok[owner].0;
    (0..mentions.len())
        .rev()
        .find(|&mi| m_tok[mi].1 <= ob && mentions[mi].country != *source_country)
        .map(|mi| actor_of(mentions[mi], a))
}

/// "complained to the UN over Israeli air raids": what is complained about (after
/// "against", "over" or "about", past "to" or "with" whom) is the target.
fn complained_about(
    ctx: &SentenceCtx,
    h: &Hit,
    source_country: &Option<String>,
) -> Option<EventActor> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let a = ctx.a;
    if let Some(mi) = (0..mentions.len()).find(|&mi| {
        m_tok[mi].0 >= h.verb_end
            && m_tok[mi].0 >= 1
            && (h.verb_end..m_tok[mi].0)
                .any(|k| matches!(words[k].as_str(), "against" | "over" | "about"))
            && (h.verb_end..m_tok[mi].0).any(|k| words[k] == "to" || words[k] == "with")
            && mentions[mi].country != *source_country
    }) {
        return Some(actor_of(mentions[mi], a));
    }
    None
}

/// "eased emergency measures in Montenegro": a place right after the act, before any
/// other actor, is where (and on whom) it was done (when abroad, or for measures at home).
fn place_after(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    source_country: &Option<String>,
) -> Option<EventActor> {
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let places = ctx.places;
    let HitCtx { h, ty, .. } = *hit;
    let tok_of = |pos: usize| ctx.tok_of(pos);
    let first_actor = (0..mentions.len())
        .filter(|&mi| m_tok[mi].0 >= h.verb_end)
        .map(|mi| mentions[mi].span.start)
        .min()
        .unwrap_or(usize::MAX);
    if let Some(p) = places.iter().find(|p| {
        p.kind != "border"
            && p.span.start >= st[h.verb_end.min(st.len() - 1)].start
            && p.span.start < first_actor
            && tok_of(p.span.start) <= h.t1 + 6
    }) {
        if Some(&p.country) != source_country.as_ref() || matches!(ty, "COERCE" | "CONCEDE") {
            return Some(place_actor(p));
        }
    }
    None
}

/// "accused each other of shelling": the other member of the joint subject (and then
/// `true`: the act is told the other way round too); "urged both sides to show
/// restraint", "called for a ceasefire": the document's two sides.
fn each_other_or_both_sides(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    source: Option<&EventActor>,
    events: &[Event],
) -> Option<(EventActor, bool)> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let hits = &ctx.hits[..];
    let HitCtx {
        hi,
        h,
        ty,
        span: trigger_span,
        ..
    } = *hit;
    let next_hit = hits.get(hi + 1).map(|n| n.t0).unwrap_or(st.len());
    let upto = next_hit.min(h.t1 + 8).min(st.len());
    let phrase = |a: &str, b: &str| {
        (h.t1..upto.saturating_sub(1)).any(|k| words[k] == a && words[k + 1] == b)
    };
    let each_other = phrase("each", "other") || phrase("one", "another");
    let src_country = source.and_then(|s| s.country.clone());
    if each_other {
        if let Some(other) = source.and_then(|s| s.also.first().cloned()) {
            return Some((
                country_actor(other, "each other", trigger_span, Vec::new()),
                true,
            ));
        }
    } else if (ty == "REQUEST"
        // ("urged Israel to show restraint" names whom it asks.)
        && !(0..mentions.len())
            .any(|mi| m_tok[mi].0 >= h.verb_end && m_tok[mi].0 <= h.verb_end + 2)
        && words[h.t1..upto].iter().any(|w| {
            matches!(
                w.as_str(),
                "restraint"
                    | "ceasefire"
                    | "cease-fire"
                    | "cessation"
                    | "calm"
                    | "de-escalation"
                    | "truce"
            )
        }))
        || two_sides(&words[h.t1..upto])
    {
        if let Some((x, y)) = main_dyad(events, &ctx.doc.named, src_country.as_deref()) {
            return Some((country_actor(x, "both sides", trigger_span, vec![y]), false));
        }
    }
    None
}

/// "urged its citizens to leave": a call on one's own people is aimed at one's own
/// country.
fn own_people(ctx: &SentenceCtx, h: &Hit, source: Option<&EventActor>) -> Option<EventActor> {
    let people = ctx
        .words
        .get(h.verb_end + 1)
        .is_some_and(|w| OWN_PEOPLE.contains(&w.as_str()));
    if let (true, Some(s)) = (people, source) {
        let mut t = s.clone();
        t.code = s.country.clone().unwrap_or_default();
        t.role = None;
        return Some(t);
    }
    None
}

/// The object of the act: the first mention after the verb that can be its target — not
/// one of the passive's `agents`, not of the source's country in the same role, not a
/// reporter ("according to X", ", X said"), not what a noun is about ("talks on Iran";
/// "aid for Ukraine" names whom it helps), not past a ";", an apposition or a new clause,
/// nor past the sentence's next act.
fn object(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    source: Option<&EventActor>,
    source_country: &Option<String>,
    agents: &[usize],
) -> Option<usize> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let hits = &ctx.hits[..];
    let HitCtx { hi, h, ty, .. } = *hit;
    // Not past the next act of the sentence ("prevented the demonstration staged by
    // students ... to protest the sending of troops to Iraq").
    let next_hit = hits.get(hi + 1).map(|n| n.t0).unwrap_or(st.len());
    let limit = (0..mentions.len())
        .filter(|&mi| {
            m_tok[mi].0 >= h.verb_end
                && (m_tok[mi].0 < next_hit || !matches!(ty, "COERCE" | "CONCEDE" | "PROTEST"))
        })
        .collect::<Vec<_>>();
    for mi in limit {
        let m = mentions[mi];
        // The passive's agents act; they are not its target.
        if agents.contains(&mi) {
            continue;
        }
        // The same country is a target only in another role (rebels and government).
        if m.country == *source_country
            && source_country.is_some()
            && (m.role.is_none() || source.is_some_and(|s| s.role == m.role || s.role.is_none()))
        {
            continue;
        }
        let k = m_tok[mi].0;
        // "according to X" and "X reported" name a source of the report, not a target.
        if k >= 2 && words[k - 2] == "according" {
            continue;
        }
        let e = m_tok[mi].1;
        if (e..(e + 4).min(st.len())).any(|j| SPEECH.contains(&words[j].as_str()))
            && k > 0
            && words[..k].iter().rev().take(6).any(|w| w == ",")
        {
            continue;
        }
        // ("aid for Ukraine": "for" names whom it helps.)
        if h.noun
            && k >= 1
            && TOPIC.contains(&words[k - 1].as_str())
            && !matches!(ty, "ASSAULT" | "SANCTION")
            && !(ty == "AID" && words[k - 1] == "for")
        {
            continue;
        }
        if words[h.verb_end.min(k)..k].iter().any(|w| w == ";") {
            return None;
        }
        // A comma opening an apposition or a new clause ends the object: "wounded
        // his wife, an attack President Biden described as ...", "struck the
        // depot, which Russia had used ...".
        let between = &words[h.verb_end.min(k)..k];
        if between
            .windows(2)
            .any(|w| w[0] == "," && APPOSITION.contains(&w[1].as_str()))
        {
            return None;
        }
        return Some(mi);
    }
    None
}

/// Where it happened: "bombed targets in Gaza", "demonstrated in Kirkuk" — a place of
/// the sentence (not in its closing attribution), abroad if there is one; protests and
/// repression fall back on the first place or the source's own country. With the
/// confidence it costs.
fn scene(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    source: Option<&EventActor>,
    source_country: &Option<String>,
) -> (Option<EventActor>, Option<f32>) {
    let places = ctx.places;
    let reported_from = ctx.reported_from;
    let HitCtx { h, ty, .. } = *hit;
    let tok_of = |pos: usize| ctx.tok_of(pos);
    let domestic_ok = matches!(
        ty,
        "PROTEST" | "COERCE" | "ASSAULT" | "CONCEDE" | "REQUEST" | "MOBILIZE"
    );
    let scene = |p: &&&PlaceMention| {
        p.kind != "border" && (tok_of(p.span.start) < reported_from || h.t0 > reported_from)
    };
    if let Some(p) = places
        .iter()
        .find(|p| scene(p) && Some(&p.country) != source_country.as_ref())
        .or(places.iter().find(|p| scene(p) && domestic_ok))
    {
        (Some(place_actor(p)), None)
    } else if matches!(ty, "PROTEST" | "COERCE") {
        let mut target = None;
        if let Some(p) = places.first() {
            target = Some(place_actor(p));
        } else if let Some(s) = source {
            let mut t = s.clone();
            t.code = s.country.clone().unwrap_or_default();
            t.role = None;
            target = Some(t);
        }
        (target, Some(0.2))
    } else {
        (None, Some(0.3))
    }
}

/// The one country a sentence is about: the only one among its actors (organisations
/// aside) and places.
fn only_country(ctx: &SentenceCtx) -> Option<String> {
    let mentions = ctx.mentions;
    let places = ctx.places;
    let mut cs: Vec<&str> = mentions
        .iter()
        .filter_map(|m| m.country.as_deref())
        .filter(|c| !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(c))
        .collect();
    cs.extend(places.iter().map(|p| p.country.as_str()));
    cs.sort_unstable();
    cs.dedup();
    (cs.len() == 1).then(|| cs[0].to_string())
}

/// Protesters and others without a nationality act where they are: the first place of
/// the sentence (an inferred source: `true`); a protest with no place is by the country
/// of what it protests ("... began a hunger strike to protest against Sweden's
/// decision").
fn where_they_are(
    ctx: &SentenceCtx,
    ty: &str,
    target: Option<&EventActor>,
) -> Option<(EventActor, bool)> {
    if let Some(p) = ctx.places.iter().find(|p| p.kind != "border") {
        return Some((place_actor(p), true));
    }
    if ty == "PROTEST" {
        if let Some(t) = target.filter(|t| t.country.is_some()) {
            let mut sa = t.clone();
            sa.role = None;
            sa.code = t.country.clone().unwrap_or_default();
            return Some((sa, false));
        }
    }
    None
}

/// A source that is troops (armed forces, not a person or an official): troops arriving
/// are not a visit.
fn troops(ctx: &SentenceCtx, source: Option<&EventActor>, source_mi: Option<usize>) -> bool {
    let mentions = ctx.mentions;
    source.is_some_and(|s| s.role == Some(Role::Mil))
        && !source_mi.is_some_and(|mi| {
            mentions[mi].kind == ActorKind::Person
                || matches!(mentions[mi].basis.as_str(), "official" | "title")
        })
}

/// For a trigger that needs an object ("met", "defended"): the target is the actor
/// right after the verb, past at most a title ("met Azerbaijani President Ilham Aliyev").
fn object_right_after(ctx: &SentenceCtx, h: &Hit, target: Option<&EventActor>) -> bool {
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    (0..mentions.len()).any(|mi| {
        m_tok[mi].0 >= h.verb_end
            && m_tok[mi].0 <= h.verb_end + 4
            && target.is_some_and(|t| t.span == mentions[mi].span)
            && !(0..mentions.len()).any(|mj| {
                mj != mi
                    && m_tok[mj].0 >= h.verb_end
                    && m_tok[mj].0 < m_tok[mi].0
                    && mentions[mj].kind != drumbeat_model::ActorKind::Country
            })
    })
}

/// In a document about two adversaries, the other one (of the source's country).
fn other_side(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    source: Option<&EventActor>,
    events: &[Event],
) -> Option<EventActor> {
    let trigger_span = hit.span;
    if let Some(me) = source.and_then(|s| s.country.clone()) {
        if let Some((x, y)) = adversaries(events, &ctx.doc.named) {
            let other = if x == me {
                Some(y)
            } else if y == me {
                Some(x)
            } else {
                None
            };
            if let Some(o) = other {
                return Some(country_actor(
                    o,
                    "(the other side)",
                    trigger_span,
                    Vec::new(),
                ));
            }
        }
    }
    None
}

/// Whom a reply answers: for a condemnation of a hostile act ("Iran condemned the
/// attack"), the author of the last such act by another country; for a rejection or a
/// threat, the author of the last act aimed at the source's country.
fn replied_to(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    source: Option<&EventActor>,
    condemned_before: bool,
    events: &[Event],
) -> Option<EventActor> {
    let words = &ctx.words[..];
    let st = ctx.st;
    let HitCtx { h, ty, .. } = *hit;
    let me = source.and_then(|s| s.country.as_deref());
    // What is condemned must be a hostile act: "condemned the attack", not "the
    // visit"; the act's noun says which kind ("the launch" is the missile test,
    // not the drills told after it).
    let around = if condemned_before {
        h.t0.saturating_sub(8)..h.t0
    } else {
        h.verb_end..(h.t1 + 5).min(st.len())
    };
    let object_kind: Option<&[&str]> = words[around.clone()].iter().find_map(|w| {
        HOSTILE_NOUNS
            .iter()
            .find(|(stem, _)| w.starts_with(stem))
            .map(|(_, kinds)| *kinds)
    });
    if let (Some(_), "ACCUSE", Some(kinds)) = (me, ty, object_kind) {
        // "Iran condemned the attack": the attacker of the last hostile act of that
        // kind in the document by another country, else of any hostile act.
        let by_other = |e: &&Event| {
            e.modality == Modality::Asserted
                && matches!(
                    e.event_type.as_str(),
                    "ASSAULT" | "COERCE" | "THREATEN" | "MOBILIZE" | "SANCTION"
                )
                && e.source
                    .as_ref()
                    .is_some_and(|s| s.country.is_some() && s.country.as_deref() != me)
        };
        let recent = || events.iter().rev().take(REPLY_LOOKBACK).filter(by_other);
        // "the test", "the launch": a launch or test of arms, before drills or
        // deployments of the same type told after it.
        let launch_noun = words[around.clone()]
            .iter()
            .any(|w| w.starts_with("test") || w.starts_with("launch"));
        let launched = |e: &&Event| {
            let t = e.trigger_text.to_lowercase();
            ["launch", "fire", "test", "missile", "rocket"]
                .iter()
                .any(|x| t.contains(x))
        };
        if let Some(pe) = recent()
            .find(|e| launch_noun && kinds.contains(&e.event_type.as_str()) && launched(e))
            .or_else(|| recent().find(|e| kinds.contains(&e.event_type.as_str())))
            // An attack may have been told as another kind of act; drills, a
            // deployment or sanctions are not some other act.
            .or_else(|| recent().next().filter(|_| kinds.contains(&"ASSAULT")))
        {
            return pe.source.clone();
        }
    } else if me.is_some() && ty != "ACCUSE" {
        // The recent acts only: a reply answers something near it, and a
        // document of thousands of events must not cost their square.
        if let Some(pe) = events.iter().rev().take(REPLY_LOOKBACK).find(|e| {
            e.target.as_ref().and_then(|t| t.country.as_deref()) == me
                && e.source
                    .as_ref()
                    .is_some_and(|s| s.country.is_some() && s.country.as_deref() != me)
        }) {
            return pe.source.clone();
        }
    }
    None
}

/// "Museveni threatened to ban opposition candidates": a threat is aimed at home when the
/// sentence names no other country (retaliation answers someone abroad, never the
/// speaker's own country).
fn threat_at_home(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    source: Option<&EventActor>,
) -> Option<EventActor> {
    let words = &ctx.words[..];
    let mentions = ctx.mentions;
    let places = ctx.places;
    let HitCtx {
        h,
        span: trigger_span,
        ..
    } = *hit;
    let foreign_here = mentions
        .iter()
        .filter_map(|m| m.country.as_deref())
        .chain(places.iter().map(|p| p.country.as_str()))
        .any(|c| Some(c) != source.and_then(|s| s.country.as_deref()));
    // Retaliation answers someone abroad, never the speaker's own country.
    let retaliation = ["retaliat", "reveng", "aveng", "respon", "repl", "punish"]
        .iter()
        .any(|r| words[h.t0..h.t1].iter().any(|w| w.starts_with(r)));
    if foreign_here || retaliation {
        return None;
    }
    if let Some(c) = source
        .and_then(|s| s.country.clone())
        .filter(|c| !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(c))
    {
        return Some(EventActor {
            code: c.clone(),
            country: Some(c),
            role: None,
            name: "(domestic)".into(),
            span: trigger_span,
            also: Vec::new(),
        });
    }
    None
}

/// Who did an attack by no one named: "unidentified attackers" of the country where it
/// happened (a place, else a country named as where), or of the victims' country.
fn unidentified_attackers(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    target: Option<&EventActor>,
) -> Option<EventActor> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let places = ctx.places;
    let trigger_span = hit.span;
    // A country named as where ("outside the Iraqi city of Basra", "in Mali")
    // when the gazetteer knows no place there.
    let located = (0..mentions.len()).find_map(|mi| {
        let k = m_tok[mi].0;
        let c = mentions[mi].country.as_ref()?;
        let locative = words[k.saturating_sub(3)..k].iter().any(|w| {
            matches!(
                w.as_str(),
                "in" | "near" | "outside" | "inside" | "across" | "around"
            )
        });
        (locative && mentions[mi].kind != ActorKind::Person).then(|| c.clone())
    });
    let home = places
        .iter()
        .find(|p| p.kind != "border")
        .map(|p| p.country.clone())
        .or(located)
        .or_else(|| target.and_then(|t| t.country.clone()));
    if let Some(c) = home.filter(|c| !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(c)) {
        return Some(EventActor {
            code: c.clone(),
            country: Some(c.clone()),
            role: None,
            name: "unidentified attackers".into(),
            span: trigger_span,
            also: Vec::new(),
        });
    }
    None
}

/// "Indonesia condemned the raid on the aid convoy": condemning a hostile act names no
/// one, and is still an act of its own. Naming an act with a word of condemnation
/// condemns it, whatever the act: "called the move a dangerous escalation".
fn condemns_act(ctx: &SentenceCtx, hit: &HitCtx, passive_condemn: bool) -> bool {
    let words = &ctx.words[..];
    let st = ctx.st;
    let HitCtx { h, trig, ty, .. } = *hit;
    ty == "ACCUSE"
        && !h.noun
        && (h.verb_end < h.t1 && trig.mode == "criticize"
            || words[h.verb_end..(h.t1 + 4).min(st.len())]
                .iter()
                .any(|w| hostile_word(w))
            || passive_condemn
                && words[h.t0.saturating_sub(6)..h.t0]
                    .iter()
                    .any(|w| hostile_word(w)))
}

/// Not an act of its own:
/// - a verb form used as an adjective or noun after a determiner ("the occupied West
///   Bank", "this jail", "the alleged crimes");
/// - a capitalised word inside a name ("Emergency Relief Coordinator");
/// - an -ing clause elaborating the act before it ("opened fire ..., killing one");
/// - a relative clause of an event noun ("a strike that shut down the city").
///
/// Here the first two, and a verb form after "of" ("a series of bombs").
fn form_not_act(ctx: &SentenceCtx, hit: &HitCtx) -> Result<(), NoAct> {
    let words = &ctx.words[..];
    let st = ctx.st;
    let hits = &ctx.hits[..];
    let HitCtx { hi, h, .. } = *hit;
    let clean = ctx.clean;
    if !h.noun
        && h.t0 > 0
        && matches!(
            words[h.t0 - 1].as_str(),
            "the"
                | "a"
                | "an"
                | "this"
                | "that"
                | "its"
                | "their"
                | "his"
                | "her"
                | "these"
                | "those"
        )
        && !(words[h.t0 - 1] == "that" && h.t0 >= 2 && !hits[..hi].iter().any(|p| p.t1 == h.t0 - 1))
    {
        return Err(NoAct::Dead);
    }
    if !h.noun && h.t0 > 0 && words[h.t0 - 1] == "of" && !words[h.t0].ends_with("ing") {
        // "a series of bombs": a verb form after "of" is a noun with no actor of its own.
        return Err(NoAct::Dead);
    }
    if h.t0 > 0 && st[h.t0].is_cap(clean) && !st[h.t0].first {
        return Err(NoAct::Dead);
    }
    Ok(())
}

/// A noun that is the reason of the act before it, or the object of a talk, deal or
/// refusal, is no act of its own.
fn reason_or_object(ctx: &SentenceCtx, hit: &HitCtx, dead: &[bool]) -> Result<(), NoAct> {
    let words = &ctx.words[..];
    let hits = &ctx.hits[..];
    let HitCtx { hi, h, ty, .. } = *hit;
    let lex = ctx.lex;
    // "imposed sanctions on US firms over arms sales to Taiwan": what an act is over
    // or about is its reason, no act of its own.
    if h.noun && hi > 0 && !dead[hi - 1] && hits[hi - 1].t1 <= h.t0 {
        let topic = (h.t0.saturating_sub(3)..h.t0).rev().find(|&k| {
            matches!(
                words[k].as_str(),
                "over" | "about" | "regarding" | "concerning"
            )
        });
        if topic.is_some_and(|k| {
            words[k + 1..h.t0]
                .iter()
                .all(|w| w.chars().all(|c| c.is_alphanumeric() || c == '-'))
        }) {
            return Err(NoAct::Dead);
        }
    }
    // "mediated a truce between", "agreed a ceasefire", "rejected the deployment": a
    // noun that is the object of a talk, deal or refusal is what it is about, no act
    // of its own.
    if h.noun && hi > 0 && !dead[hi - 1] {
        let p = &hits[hi - 1];
        let about = matches!(
            lex.triggers[p.trigger].event_type.as_str(),
            "CONSULT" | "AGREE" | "REJECT" | "SUPPORT"
        );
        let object = p.t1 <= h.t0
            && h.t0 <= p.t1 + 3
            && words[p.t1..h.t0].iter().all(|w| {
                matches!(
                    w.as_str(),
                    "a" | "an"
                        | "the"
                        | "new"
                        | "fresh"
                        | "lasting"
                        | "temporary"
                        | "permanent"
                        | "full"
                        | "partial"
                        | "possible"
                        | "proposed"
                )
            });
        // Aid approved or sanctions agreed are the aid and the sanctions.
        let instrument = matches!(ty, "AID" | "SANCTION");
        if about && object && !p.noun && !instrument {
            return Err(NoAct::Dead);
        }
    }
    Ok(())
}

/// An -ing clause elaborating the act before it, a relative clause (background) and a
/// participle after a document noun are no act of their own.
fn subordinate(ctx: &SentenceCtx, hit: &HitCtx) -> Result<(), NoAct> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let hits = &ctx.hits[..];
    let HitCtx { hi, h, .. } = *hit;
    let first_word = &words[h.t0];
    let aux = h.t0 > 0
        && matches!(
            words[h.t0 - 1].as_str(),
            "is" | "are" | "was" | "were" | "been" | "be" | "am"
        );
    if !h.noun && first_word.ends_with("ing") && hi > 0 && h.t0 > 0 && !aux {
        let prev_end = hits[hi - 1].t1;
        let actor_between =
            (0..mentions.len()).any(|mi| m_tok[mi].0 >= prev_end && m_tok[mi].1 <= h.t0);
        if words[h.t0 - 1] == "," || !actor_between {
            // an elaboration still embeds what follows ("accusing them of attacking")
            return Err(NoAct::Skip);
        }
    }
    // Background in a relative clause: "in Serbia, where 24 people were killed",
    // "Russia, which brokered a ceasefire in 2020, offered ...".
    let clause_start = (0..h.t0)
        .rev()
        .find(|&k| matches!(words[k].as_str(), "," | ";" | "—" | "–" | "("))
        .map(|k| k + 1)
        .unwrap_or(0);
    let that_relative = h.t0 >= 2
        && words[h.t0 - 2] == "that"
        && matches!(words[h.t0 - 1].as_str(), "was" | "were" | "had" | "has");
    if that_relative
        || (clause_start..h.t0).any(|k| {
            matches!(
                words[k].as_str(),
                "where" | "which" | "who" | "whom" | "whose"
            )
        })
    {
        // a relative clause still embeds what follows
        return Err(NoAct::Skip);
    }
    // A participle after a document noun ("the statement released by") is no act.
    if !h.noun
        && h.t0 >= 1
        && matches!(
            words[h.t0 - 1].as_str(),
            "statement"
                | "report"
                | "document"
                | "video"
                | "footage"
                | "figures"
                | "data"
                | "images"
                | "letter"
                | "list"
        )
    {
        return Err(NoAct::Dead);
    }
    Ok(())
}

/// A bare noun ("the talks", "such proposals") refers back to an act told elsewhere,
/// unless it names its actor: an owner, or "between X and Y".
/// `actor_named`: it has an owner ("Moscow's demands") or an actor after "of" or "from".
fn bare_noun(ctx: &SentenceCtx, hit: &HitCtx, actor_named: bool) -> Result<(), NoAct> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let HitCtx { h, ty, .. } = *hit;
    let si = ctx.si;
    let places = ctx.places;
    let trigger_span = hit.span;
    let between = h.t1 < st.len() && (words[h.t1] == "between" || words[h.t1] == "with");
    let anaphoric = (h.t0.saturating_sub(3)..h.t0).any(|k| {
        matches!(
            words[k].as_str(),
            "such"
                | "same"
                | "previous"
                | "earlier"
                | "latest"
                | "this"
                | "these"
                | "that"
                | "those"
        )
    });
    // A noun with its own time or place ("Thursday’s meeting in Vienna") is a specific act.
    let specific = ctx.times.iter().any(|t| {
        t.sentence as usize == si
            && (t.span.end + 4 >= trigger_span.start && t.span.end <= trigger_span.start
                || t.span.start >= trigger_span.end && t.span.start <= trigger_span.end + 12)
    }) || places
        .iter()
        .any(|p| p.span.start >= trigger_span.end && p.span.start <= trigger_span.end + 8);
    if h.noun
        && !h.intent
        && !actor_named
        && (!between || anaphoric)
        && !matches!(ty, "REJECT" | "SUPPORT" | "ACCUSE")
    {
        let adjacent = (0..mentions.len()).any(|mi| m_tok[mi].1 + 2 >= h.t0 && m_tok[mi].1 <= h.t0);
        // A new act, brought in with "a" and aimed at someone: "announced a new
        // military aid package for Ukraine", "imposed a fresh round of sanctions on".
        let indefinite = (h.t0.saturating_sub(4)..h.t0).any(|k| {
            matches!(words[k].as_str(), "a" | "an")
                && words[k + 1..h.t0].iter().all(|w| {
                    w.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
                })
        });
        let aimed_after = (0..mentions.len()).any(|mi| {
            m_tok[mi].0 > h.t1
                && m_tok[mi].0 <= h.t1 + 3
                && matches!(
                    words[m_tok[mi].0 - 1].as_str(),
                    "for" | "to" | "on" | "against"
                )
        });
        let introduced = indefinite
            && aimed_after
            && matches!(ty, "AID" | "SANCTION" | "ASSAULT" | "COERCE" | "THREATEN");
        if (!adjacent && !specific && !introduced) || anaphoric {
            return Err(NoAct::Skip);
        }
    }
    Ok(())
}

/// "warned that ...": a statement, not a threat.
/// "warned that the police will no longer tolerate rallies" is a threat all the same.
fn warning_statement(ctx: &SentenceCtx, hit: &HitCtx) -> Result<(), NoAct> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let HitCtx { h, ty, .. } = *hit;
    let future_clause = words[h.t1..]
        .iter()
        .take(12)
        .any(|w| matches!(w.as_str(), "will" | "would" | "'ll" | "’ll"));
    let that_follows = h.t1 < st.len() && words[h.t1] == "that" && !future_clause;
    let time_then_that = h.t1 + 1 < st.len()
        && words[h.t1 + 1] == "that"
        && ctx.times.iter().any(|t| t.span.start == st[h.t1].start);
    // "warned Putin", "warned of sanctions" threaten; "warned after the meeting that ..." states.
    let warn_without_object = words[h.t0].starts_with("warn")
        && h.t1 < st.len()
        && !matches!(words[h.t1].as_str(), "of" | "against")
        && !(0..mentions.len()).any(|mi| {
            m_tok[mi].0 >= h.t1
                && m_tok[mi].0 <= h.t1 + 4
                && words[h.t1..m_tok[mi].0].iter().all(|w| {
                    !matches!(
                        w.as_str(),
                        "that" | "," | "of" | "against" | "after" | "on" | "in"
                    )
                })
        });
    if ty == "THREATEN" && !h.noun && (that_follows || time_then_that || warn_without_object) {
        return Err(NoAct::Skip);
    }
    Ok(())
}

/// "would not address Moscow's demands": the demands themselves were made — unless
/// an explicit rejection governs them ("rejected North Korea's demand"), which is
/// the event told.
fn demand_made(ctx: &SentenceCtx, hit: &HitCtx, modality: Modality) -> bool {
    let words = &ctx.words[..];
    let hits = &ctx.hits[..];
    let lex = ctx.lex;
    let HitCtx { hi, h, .. } = *hit;
    let explicit_reject = hits[..hi].iter().rev().take(1).any(|p| {
        lex.triggers[p.trigger].event_type == "REJECT"
            && h.t0 <= p.t1 + 6
            && [
                "reject", "dismiss", "turn", "spurn", "rebuff", "veto", "refus", "den",
            ]
            .iter()
            .any(|r| words[p.t0].starts_with(r))
    });
    !explicit_reject && matches!(modality, Modality::Embedded | Modality::Hypothetical)
}

/// "Pompeo said Iran was behind the attacks", "Iran was to blame, Kyiv said": the
/// speaker (before the speech verb) and the one accused (named right before the phrase);
/// no act without both, of two countries.
fn blamed(ctx: &SentenceCtx, h: &Hit) -> Result<(usize, usize), NoAct> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let said_before = (0..h.t0)
        .rev()
        .find(|&k| SPEECH.contains(&words[k].as_str()));
    let accused = (0..mentions.len()).rev().find(|&mi| {
        m_tok[mi].1 <= h.t0
            && m_tok[mi].1 + 3 >= h.t0
            && said_before.is_none_or(|sv| m_tok[mi].0 > sv)
    });
    let speaker = match said_before {
        Some(sv) => (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 <= sv),
        None => {
            // The speech verb after: ", Kyiv said" or ", said Kyiv".
            (h.t1..st.len())
                .find(|&k| SPEECH.contains(&words[k].as_str()))
                .and_then(|sv| {
                    (0..mentions.len()).find(|&mi| {
                        (m_tok[mi].1 == sv || m_tok[mi].0 == sv + 1) && m_tok[mi].0 > h.t1
                    })
                })
        }
    };
    match (speaker, accused) {
        (Some(sp), Some(ac)) if mentions[sp].country != mentions[ac].country => Ok((sp, ac)),
        _ => Err(NoAct::Skip),
    }
}

/// "X said such proposals from Y are non-starters": the speaker before the speech verb
/// (X) and whom it names between that verb and the noun (Y).
fn speaker_of_noun(ctx: &SentenceCtx, h: &Hit) -> Option<(usize, Option<usize>)> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let sv = (0..h.t0)
        .rev()
        .find(|&k| SPEECH.contains(&words[k].as_str()))?;
    let mi = (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 <= sv)?;
    let ti = (0..mentions.len())
        .rev()
        .find(|&ti| m_tok[ti].0 > sv && m_tok[ti].1 <= h.t0);
    Some((mi, ti))
}

/// A passive and its agent.
struct Passive {
    /// An auxiliary (perhaps and an adverb) right before the trigger.
    aux_before: bool,
    /// The mention right after "by", which acts.
    agent: Option<usize>,
}

// Passive: "... were pressed near the border by Russian President Vladimir Putin".
// One adverb may stand between: "was reportedly killed", "were also arrested".
fn passive(ctx: &SentenceCtx, h: &Hit) -> Passive {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let is_aux = |k: usize| {
        matches!(
            words[k].as_str(),
            "was" | "were" | "been" | "being" | "is" | "are" | "be"
        )
    };
    let adverb = |w: &str| {
        w.ends_with("ly")
            || matches!(
                w,
                "also" | "later" | "then" | "first" | "still" | "not" | "never" | "earlier"
            )
    };
    let aux_before = h.t0 >= 1
        && (is_aux(h.t0 - 1) || (h.t0 >= 2 && adverb(&words[h.t0 - 1]) && is_aux(h.t0 - 2)));
    let by_after = (h.t1..(h.t1 + 10).min(st.len()))
        .take_while(|&k| !matches!(words[k].as_str(), "," | ";" | "." | ":"))
        .find(|&k| words[k] == "by");
    // The agent is the actor right after "by" ("by Russian President Vladimir
    // Putin", "by a Russian drone"); "shot dead by gunmen" names no actor, and then
    // the subject is still the patient, not the doer.
    let agent = by_after.and_then(|b| {
        (0..mentions.len()).find(|&mi| {
            m_tok[mi].0 > b
                && m_tok[mi].0 <= b + 4
                && !words[b + 1..m_tok[mi].0]
                    .iter()
                    .any(|w| matches!(w.as_str(), "," | ";" | "." | ":" | "and"))
        })
    });
    Passive { aux_before, agent }
}

/// Who makes a threat told as a warning ("warned that it would retaliate"): the source of
/// the sentence's first asserted act that has one.
fn warner(ctx: &SentenceCtx, events: &[Event]) -> Option<EventActor> {
    let si = ctx.si;
    events
        .iter()
        .find(|e| {
            e.sentence as usize == si && e.modality == Modality::Asserted && e.source.is_some()
        })
        .and_then(|e| e.source.clone())
}

/// A passive's agent as the source, with the agents joined to it ("by France and
/// Germany"), whose countries it lists as acting too; and those agents' mentions.
fn passive_agents(ctx: &SentenceCtx, mi: usize) -> (EventActor, Vec<usize>) {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let a = ctx.a;
    let mut agent_also: Vec<usize> = Vec::new();
    let mut s = actor_of(mentions[mi], a);
    let mut end = m_tok[mi].1;
    while let Some(mj) = (0..mentions.len()).find(|&mj| {
        let between = &words[end..m_tok[mj].0.max(end)];
        m_tok[mj].0 > end
            && m_tok[mj].0 <= end + 2
            && between
                .iter()
                .all(|w| matches!(w.as_str(), "and" | "," | "the"))
            && between.iter().any(|w| w == "and" || w == ",")
    }) {
        let m = mentions[mj];
        let code = m.country.clone().unwrap_or_else(|| m.code.clone());
        if Some(&code) != s.country.as_ref() && !s.also.contains(&code) {
            s.also.push(code);
        }
        agent_also.push(mj);
        end = m_tok[mj].1;
    }
    (s, agent_also)
}

/// The subject of a passive, the last mention before the verb: whom the act was done to.
fn patient(ctx: &SentenceCtx, h: &Hit) -> Option<EventActor> {
    let m_tok = &ctx.m_tok[..];
    (0..ctx.mentions.len())
        .rev()
        .find(|&mi| m_tok[mi].1 <= h.t0)
        .map(|pi| actor_of(ctx.mentions[pi], ctx.a))
}

/// The possessive owner of a noun trigger: "Moscow's demands", "Russia's troop buildup",
/// "Russian troop buildup".
fn possessive_owner(ctx: &SentenceCtx, h: &Hit) -> Option<usize> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let mut owner: Option<usize> = None;
    let mut k = h.t0;
    while k > 0
        && k + 3 > h.t0
        && st[k - 1].kind == Kind::Word
        && !mentions.iter().any(|m| m.span.end == st[k - 1].end)
    {
        k -= 1;
    }
    if let Some(mi) = (0..mentions.len()).find(|&mi| m_tok[mi].0 < h.t0 && m_tok[mi].1 > h.t0) {
        // A group mention that swallowed the trigger's first word: "Russia's troop buildup".
        owner = Some(mi);
    } else if k > 0 && matches!(words[k - 1].as_str(), "’s" | "'s") {
        owner = (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 == k - 1);
    } else if let Some(mi) = (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 == h.t0) {
        // "Russian troop buildup".
        owner = Some(mi);
    }
    owner
}

/// The actor named right after a noun trigger (past "the"): after "from" the source
/// ("condemnation from the African Union", then `true`), after "of" forces that act
/// ("the massing of Russian troops"; "an invasion of Ukraine" names the target).
fn actor_after_noun(ctx: &SentenceCtx, hit: &HitCtx) -> Option<(usize, bool)> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let (h, ty) = (hit.h, hit.ty);
    let right_after = |mi: &usize| {
        m_tok[*mi].0 == h.t1 + 1 || (m_tok[*mi].0 == h.t1 + 2 && words[h.t1 + 1] == "the")
    };
    match words[h.t1].as_str() {
        "from" => (0..mentions.len()).find(right_after).map(|mi| (mi, true)),
        "of" => (0..mentions.len())
            .find(right_after)
            .filter(|&mi| mentions[mi].role == Some(Role::Mil) || ty == "MOBILIZE")
            .map(|mi| (mi, false)),
        _ => None,
    }
}

/// Step 4: whom the act is aimed at (and what the source becomes when a joint subject,
/// the sentence's country or the scene decides it). `Err(Skip)` when the act lacks a side
/// it needs.
pub(crate) fn target(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    pick: SourcePick,
    events: &[Event],
) -> Result<Sides, NoAct> {
    let SentenceCtx {
        a, st, mentions, ..
    } = *ctx;
    let words = &ctx.words[..];
    let HitCtx { h, trig, ty, .. } = *hit;
    let SourcePick {
        mut source,
        source_mi,
        reported_by,
        mut confidence,
        mut weak_source,
        passive_target,
        speech_target,
        clause_target,
        coordinated_target,
        agent_also,
        aux_before,
        agent,
        owner,
        from_source,
        joint_other,
        list_sources,
        modality,
    } = pick;
    let border = ctx.border;
    let mut target_from_joint = false;
    let source_country = source.as_ref().and_then(|s| s.country.clone());
    let mut target: Option<EventActor> = passive_target.or(speech_target).or(clause_target);
    // Mediators act together on the two sides "between" them: "Egypt and Qatar
    // mediated a truce between Israel and Hamas".
    let mediation = trig.mode == "third-party";
    let symmetric = matches!(ty, "CONSULT" | "AGREE" | "COOPERATE") && !mediation;
    if mediation && target.is_none() {
        target = mediated(ctx, h);
    }
    if let (Some(oi), Some(src)) = (joint_other, source.as_mut()) {
        let other = actor_of(mentions[oi], a);
        if symmetric && other.country != src.country {
            // "US and Russian officials met": the first is the source, the second the target.
            let second = std::mem::replace(src, other);
            target = Some(second);
            target_from_joint = true;
        } else {
            let first = other;
            let second = std::mem::replace(src, first);
            src.also
                .push(second.country.clone().unwrap_or(second.code.clone()));
        }
    }
    let source_country = source
        .as_ref()
        .and_then(|s| s.country.clone())
        .or(source_country);
    if target.is_none() && ty == "REQUEST" && owner.is_some() {
        // "X would not address Moscow's demands": the demands are made of X.
        target = demanded_of(ctx, owner.unwrap_or(0), &source_country);
    }
    if target.is_none() && ty == "MOBILIZE" {
        if let Some(b) = border {
            if Some(&b.country) != source_country.as_ref() {
                target = Some(place_actor(b));
            }
        }
    }
    if target.is_none() && matches!(ty, "ACCUSE" | "PROTEST") {
        target = complained_about(ctx, h, &source_country);
    }
    // "eased emergency measures in Montenegro": a place right after the act, before any
    // other actor, is where (and on whom) it was done.
    if target.is_none() && matches!(ty, "COERCE" | "CONCEDE" | "ASSAULT" | "AID" | "SANCTION") {
        target = place_after(ctx, hit, &source_country);
    }
    // "urged both sides to show restraint", "accused each other of shelling".
    let mut reciprocal = false;
    if target.is_none() {
        if let Some((t, each_other)) = each_other_or_both_sides(ctx, hit, source.as_ref(), events) {
            target = Some(t);
            reciprocal = each_other;
        }
    }
    let mut target_mi: Option<usize> = None;
    // "The takeover drew condemnation from the AU and alarm from Nigeria": what is
    // condemned came before; the actors after "from" are the condemners.
    // So is the subject of a passive: "the raid was condemned by Jordan".
    let passive_condemn = ty == "ACCUSE" && aux_before && !h.noun && agent.is_some();
    let condemned_before = (from_source || passive_condemn) && ty == "ACCUSE";
    // A call on one's own people is aimed at the caller's country, and what it asks
    // them to do is no recipient: "Pakistan urged its citizens to leave Iran".
    let own_object = ty == "REQUEST"
        && !h.noun
        && h.verb_end < st.len()
        && matches!(
            words[h.verb_end].as_str(),
            "its" | "their" | "his" | "her" | "our"
        );
    if own_object && target.is_none() {
        target = own_people(ctx, h, source.as_ref());
    }
    if target.is_none() && !condemned_before && !own_object {
        // The passive's agents act; they are not its target.
        let agents: Vec<usize> = agent_also
            .iter()
            .copied()
            .chain(agent.filter(|_| aux_before))
            .collect();
        target_mi = object(ctx, hit, source.as_ref(), &source_country, &agents);
        if let Some(mi) = target_mi {
            target = Some(actor_of(mentions[mi], a));
        }
    }
    if target.is_none() && !own_object {
        // Where it happened: "bombed targets in Gaza", "demonstrated in Kirkuk".
        let (t, penalty) = scene(ctx, hit, source.as_ref(), &source_country);
        target = t;
        if let Some(p) = penalty {
            confidence -= p;
        }
    }
    // An unplaced person in a sentence about one country belongs to it ("Lt. Gen.
    // Prosper Avril resigned to allow Haiti's first democratic elections").
    if let Some(src) = source.as_mut() {
        if src.country.is_none() {
            if let Some(c) = only_country(ctx) {
                src.code = match &src.role {
                    Some(r) => format!("{c}{r}"),
                    None => c.clone(),
                };
                src.country = Some(c);
                confidence -= 0.2;
            }
        }
    }
    // Protesters and others without a nationality act where they are: "students
    // throughout Indonesia staged demonstrations".
    if source.is_none() && matches!(ty, "PROTEST" | "ASSAULT" | "COERCE") {
        if let Some((s, weak)) = where_they_are(ctx, ty, target.as_ref()) {
            source = Some(s);
            weak_source |= weak;
            confidence -= 0.3;
        }
    }
    // Troops arriving are not a visit (a defence minister's or a general's is).
    if ty == "CONSULT" && trig.mode == "visit" && troops(ctx, source.as_ref(), source_mi) {
        return Err(NoAct::Skip);
    }
    // The object may carry its title: "met Azerbaijani President Ilham Aliyev".
    if h.needs_object && !target_from_joint && !object_right_after(ctx, h, target.as_ref()) {
        return Err(NoAct::Skip);
    }
    // Unknown nationality (a person or group the gazetteer does not place): a domestic
    // event of the country it acts on ("President Museveni banned Ugandan opposition
    // candidates").
    if let (Some(src), Some(tgt)) = (
        source.as_mut(),
        target
            .as_ref()
            .filter(|_| matches!(ty, "COERCE" | "CONCEDE" | "PROTEST" | "REQUEST" | "REJECT")),
    ) {
        if src.country.is_none()
            && tgt.country.is_some()
            && !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(tgt.country.as_deref().unwrap_or(""))
        {
            src.country = tgt.country.clone();
            if let Some(role) = &src.role {
                src.code = format!("{}{}", tgt.country.as_deref().unwrap_or(""), role);
            }
            confidence -= 0.2;
        }
    }
    // A target the gazetteer does not place ("President Bouteflika's government") is
    // taken to be at home with the source in domestic kinds of event.
    if let (Some(src), Some(tgt)) = (source.as_ref(), target.as_mut()) {
        if tgt.country.is_none()
            && matches!(ty, "REQUEST" | "CONCEDE" | "PROTEST" | "COERCE" | "REJECT")
        {
            if let Some(c) = src
                .country
                .clone()
                .filter(|c| !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(c))
            {
                tgt.code = match &tgt.role {
                    Some(r) => format!("{c}{r}"),
                    None => c.clone(),
                };
                tgt.country = Some(c);
                confidence -= 0.1;
            }
        }
    }
    if target.is_none() && matches!(ty, "REQUEST" | "CONCEDE" | "PROTEST" | "COERCE") {
        if let Some(src) = &source {
            if let Some(c) = &src.country {
                if !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(c) {
                    let mut t = src.clone();
                    t.code = c.clone();
                    t.role = None;
                    t.also.clear();
                    target = Some(t);
                    confidence -= 0.2;
                }
            }
        }
    }
    if target.is_none() {
        target = coordinated_target.clone();
    }
    // "Kyrgyz forces were reinforcing their positions", "the army launched strikes":
    // in a document about two sides, force with no stated target is aimed at the other.
    // A missile fired at no one named, or into the sea, is a launch or a test.
    let missile_trigger = words[h.t0..h.t1].iter().any(|w| {
        matches!(
            w.as_str(),
            "missile" | "missiles" | "rocket" | "rockets" | "icbm" | "icbms"
        )
    });
    let into_sea = words[h.t1..(h.t1 + 10).min(st.len())]
        .iter()
        .any(|w| matches!(w.as_str(), "sea" | "waters" | "test" | "trajectory"));
    // Forces act on the other side; a politician's words ("this blow has wounded
    // this country") do not.
    let forces = source_mi.is_some_and(|mi| mentions[mi].kind != ActorKind::Person)
        || source
            .as_ref()
            .is_some_and(|s| s.role.is_some_and(|r| r.is_armed()));
    if target.is_none()
        && matches!(ty, "ASSAULT" | "MOBILIZE")
        && modality == Modality::Asserted
        && !h.noun
        && !weak_source
        && !missile_trigger
        && forces
    {
        if let Some(t) = other_side(ctx, hit, source.as_ref(), events) {
            target = Some(t);
            confidence -= 0.2;
        }
    }
    // A reply: "Ethiopia denied the accusation", "Moscow would retaliate" answer the
    // last act in the document aimed at them.
    if target.is_none() && matches!(ty, "REJECT" | "THREATEN" | "ACCUSE") {
        if let Some(t) = replied_to(ctx, hit, source.as_ref(), condemned_before, events) {
            target = Some(t);
            confidence -= 0.2;
        }
    }
    if target.is_none() && ty == "THREATEN" {
        if let Some(t) = threat_at_home(ctx, hit, source.as_ref()) {
            target = Some(t);
            confidence -= 0.3;
        }
    }
    // A bare noun names an act only with both sides ("its support" alone says nothing),
    // except for acts that need no counterpart.
    if h.noun && target.is_none() && !matches!(ty, "PROTEST" | "MOBILIZE" | "AGREE" | "RETREAT") {
        return Err(NoAct::Skip);
    }
    // An event needs its actor; a threat also needs whom it threatens.
    // Victims without a named attacker ("three civilians were killed in a car bombing")
    // are still an assault on them.
    weak_source |= source.is_none() && ty == "ASSAULT";
    let anonymous_assault =
        source.is_none() && ty == "ASSAULT" && target.is_some() && modality == Modality::Asserted;
    if anonymous_assault {
        // An attack by no one named is coded as domestic to where it happened (or to
        // the victims' country), as CAMEO coders do.
        if let Some(s) = unidentified_attackers(ctx, hit, target.as_ref()) {
            source = Some(s);
            confidence -= 0.3;
        }
    }
    // "Indonesia condemned the raid on the aid convoy": condemning a hostile act names
    // no one, and is still an act of its own (whom it names is left open).
    let condemns_act = condemns_act(ctx, hit, passive_condemn);
    if (source.is_none() && !anonymous_assault)
        || (matches!(ty, "THREATEN" | "REJECT" | "ACCUSE")
            && target.is_none()
            && !condemns_act
            && !matches!(
                trig.event_type.as_str(),
                "SANCTION" | "COERCE" | "ASSAULT" | "MOBILIZE" | "PROTEST"
            ))
    {
        return Err(NoAct::Skip);
    }

    Ok(Sides {
        source,
        target,
        confidence,
        weak_source,
        reported_by,
        reciprocal,
        target_mi,
        list_sources,
        missile_trigger,
        into_sea,
        modality,
    })
}

#[cfg(test)]
mod tests {
    use crate::context::testing::{country, dyads, events};

    fn has(text: &str, want: &str) {
        let got = dyads(text);
        assert!(got.iter().any(|d| d == want), "{want} not in {got:?}");
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
