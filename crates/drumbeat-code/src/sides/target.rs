//! Step 4 of the sides: whom the act is aimed at, rule by rule, and the source's country
//! filled in from the sentence when the gazetteer does not place it (see the module
//! above).

use drumbeat_model::{ActorKind, Event, EventActor, Modality, PlaceMention, Role};

use super::{
    adversaries, hostile_word, main_dyad, two_sides, Sides, SourcePick, APPOSITION, HOSTILE_NOUNS,
    OWN_PEOPLE, REPLY_LOOKBACK, TOPIC,
};
use crate::context::{actor_of, country_actor, place_actor, HitCtx, NoAct, SentenceCtx, SPEECH};
use crate::triggers::Hit;

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
    // A people of no country ("ethnic Albanians") is of the country where the sentence
    // places it, else of the one country it names, else of the other side's.
    let other_country = |a: &Option<EventActor>| a.as_ref().and_then(|a| a.country.clone());
    let home = ctx
        .places
        .iter()
        .find(|p| p.kind != "border")
        .map(|p| p.country.clone())
        .or_else(|| only_country(ctx));
    if let Some(s) = source.as_mut().filter(|a| stateless_people(a)) {
        if let Some(c) = home.clone().or_else(|| other_country(&target)) {
            s.code = format!("{c}CVL");
            s.country = Some(c);
        }
    }
    if let Some(t) = target.as_mut().filter(|a| stateless_people(a)) {
        if let Some(c) = home.or_else(|| other_country(&source)) {
            t.code = format!("{c}CVL");
            t.country = Some(c);
        }
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
    let threat_of_force = ty == "THREATEN" && super::no_act::threat_of_force(ctx, hit);
    // "defied a deadline to restore the president", "rejected the ultimatum": refusing a
    // demand is an act even when its author is not named here.
    let refuses_demand = ty == "REJECT"
        && !h.noun
        && ctx.words[h.verb_end..(h.verb_end + 4).min(ctx.words.len())]
            .iter()
            .any(|w| {
                matches!(
                    w.as_str(),
                    "deadline" | "ultimatum" | "demand" | "demands" | "calls" | "ultimatums"
                )
            });
    if (source.is_none() && !anonymous_assault)
        || (matches!(ty, "THREATEN" | "REJECT" | "ACCUSE")
            && target.is_none()
            && !condemns_act
            && !threat_of_force
            && !refuses_demand
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

/// A people the recognizer could not place in a country ("ethnic Albanians").
fn stateless_people(a: &EventActor) -> bool {
    a.country.is_none() && a.code.is_empty() && a.role == Some(Role::Cvl)
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
    // ("warned it would retaliate": the words of the warning count.)
    let end = (h.t1 + 6).min(words.len());
    let retaliation = [
        "retaliat",
        "reveng",
        "aveng",
        "respon",
        "repl",
        "punish",
        "countermeasure",
    ]
    .iter()
    .any(|r| words[h.t0..end].iter().any(|w| w.starts_with(r)));
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
