//! Step 3 of the sides: who acts, rule by rule (see the module above).

use drumbeat_model::{Event, EventActor, Modality, Role};
use drumbeat_nlp::tokens::Kind;

use super::no_act::{
    background_state, bare_noun, form_not_act, reason_or_object, subordinate, warning_statement,
};
use super::{main_dyad, two_sides, SourcePick, PRONOUNS};
use crate::context::{actor_of, country_actor, place_actor, HitCtx, NoAct, SentenceCtx, SPEECH};
use crate::modality::MODALS;
use crate::triggers::Hit;

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
    background_state(ctx, hit)?;
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
        // "Israeli soldiers have been captured": people taken in a fight are taken by
        // the other side of it, not by their own authorities.
        let capture = words[h.t0].starts_with("captur");
        let taken = capture.then(|| patient(ctx, h)).flatten();
        let captor = taken.as_ref().and_then(|p| {
            let pc = p.country.clone()?;
            let (x, y) = super::adversaries(events, &ctx.doc.named)?;
            let other = if pc == x {
                y
            } else if pc == y {
                x
            } else {
                return None;
            };
            Some(country_actor(
                other,
                "(the other side)",
                hit.span,
                Vec::new(),
            ))
        });
        // (Soldiers captured by no one known are not their own country's detainees.)
        let own_forces = taken.as_ref().is_some_and(|p| p.role == Some(Role::Mil));
        let inferred = match captor {
            Some(c) => Some(c),
            None if own_forces => return Err(NoAct::Skip),
            None => authorities(ctx, hit)?,
        };
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
    // "Israeli missiles were fired ... but some hit the target": a quantity of the
    // weapons named before acts for whoever fired them.
    if source.is_none() && !h.noun && !agentless_passive {
        if let Some(mi) = weapons_owner(ctx, h) {
            source = Some(actor_of(mentions[mi], a));
            source_mi = Some(mi);
        }
    }
    if source.is_none() && !agentless_passive && !coordinated {
        // The nearest mention before the trigger; a pronoun right before it takes the
        // last mention before the pronoun; a speech verb in between makes that a report.
        let (subject, pron) = nearest_subject(ctx, h);
        // "Israel declared war on Hamas and said it had retaliated": "it" after a
        // speech verb joined to the first verb is the sentence's opening subject.
        let subject = match pron {
            Some(p)
                if p >= 2
                    && words[p - 2] == "and"
                    && SPEECH.contains(&words[p - 1].as_str())
                    && matches!(words[p].as_str(), "it" | "he" | "she") =>
            {
                let is_person = |mi: usize| mentions[mi].kind == drumbeat_model::ActorKind::Person;
                // The first mention, before the sentence's first act.
                let first_act = ctx.hits.first().map_or(p, |f| f.t0);
                let opening = (!mentions.is_empty() && m_tok[0].1 <= first_act.min(p)).then_some(0);
                // "Ukraine's foreign minister Dmytro Kuleba": the name after the title.
                let named = |o: usize| {
                    (0..mentions.len()).find(|&mi| m_tok[mi].0 == m_tok[o].1 && is_person(mi))
                };
                let pick = match opening {
                    Some(o) if words[p] == "it" => (!is_person(o)).then_some(o),
                    Some(o) if is_person(o) => Some(o),
                    Some(o) => named(o),
                    None => None,
                };
                pick.or(subject)
            }
            _ => subject,
        };
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
        } else if let Some(p) = pron {
            // Resolve to the last actor of the previous sentences; "he" or "she" to the
            // last person named in the three sentences before.
            let personal = matches!(words[p].as_str(), "he" | "she");
            let person = personal
                .then(|| {
                    (ctx.si.saturating_sub(3)..ctx.si)
                        .rev()
                        .find_map(|sj| {
                            ctx.doc.actors_in[sj]
                                .iter()
                                .rev()
                                .find(|m| m.kind == drumbeat_model::ActorKind::Person)
                        })
                        .copied()
                })
                .flatten();
            if let Some(m) = person.or(ctx.prev_actor) {
                source = Some(actor_of(m, a));
                confidence -= 0.2;
            }
        }
    }
    // "Any attempt will be met with a firm response, the junta asserted": a threat with
    // no subject of its own is its speaker's.
    if source.is_none() && ty == "THREATEN" {
        if let Some(mi) = crate::context::trailing_speaker(ctx, h) {
            source = Some(actor_of(mentions[mi], a));
            source_mi = Some(mi);
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
            if let Some(m) = q.speaker.as_ref().and_then(|sp| ctx.doc.actor_at(sp.span)) {
                return Some(actor_of(m, a));
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
    // "The former Soviet republics accused each other": a plural subject of a
    // reciprocal act is the document's two sides.
    let upto = (h.t1 + 8).min(words.len());
    let reciprocal = words[h.t1..upto].windows(2).any(|w| {
        matches!(
            (w[0].as_str(), w[1].as_str()),
            ("each", "other") | ("one", "another")
        )
    });
    let plural_subject = words[from..h.t0].iter().any(|w| w == "the")
        && words[from..h.t0]
            .iter()
            .any(|w| w.len() > 3 && w.ends_with('s') && !w.ends_with("ss"));
    let both = two_sides(&words[from..h.t0]) || (reciprocal && plural_subject);
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
        // "X said ... while also warning that": a participle right after the
        // conjunction has the main clause's subject.
        let participle_at = |k: usize| words[h.t0].ends_with("ing") && m_tok[mi].1 + k + 3 >= h.t0;
        span.iter().enumerate().any(|(k, w)| {
            !closed(k)
                && !participle_at(k)
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
    let mut before: Vec<usize> = before
        .into_iter()
        .filter(|&mi| !cut(mi) && !post_complement(words, m_tok[mi].0))
        .collect();
    // "Pakistan, a key U.S. ally in the war, has refused": skip the apposition. But a
    // person's name set off after a title that ends in a place ("Iran's ambassador to
    // Syria, Hossein Akbari, vowed") is the subject itself.
    let commas: Vec<usize> = (0..h.t0).filter(|&k| words[k] == ",").collect();
    if commas.len() >= 2 {
        let (c1, c2) = (commas[commas.len() - 2], commas[commas.len() - 1]);
        let named_after_title = before.iter().any(|&mi| {
            m_tok[mi].0 == c1 + 1
                && m_tok[mi].1 == c2
                && mentions[mi].kind == drumbeat_model::ActorKind::Person
        }) && before
            .iter()
            .rev()
            .find(|&&mi| m_tok[mi].1 <= c1)
            .is_some_and(|&mi| {
                m_tok[mi].1 == c1
                    && m_tok[mi].0 >= 2
                    && matches!(words[m_tok[mi].0 - 1].as_str(), "to" | "in" | "for" | "at")
            });
        if h.t0 - c2 <= 3
            && !named_after_title
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
        // "Hundreds of Palestinian prisoners": a quantity of them is the subject.
        let quantity_of = k >= 2
            && words[k - 1] == "of"
            && matches!(
                words[k - 2].as_str(),
                "hundreds"
                    | "thousands"
                    | "dozens"
                    | "scores"
                    | "millions"
                    | "tens"
                    | "some"
                    | "many"
                    | "most"
                    | "all"
                    | "several"
                    | "members"
                    | "group"
                    | "majority"
            );
        k > 0
            && !quantity_of
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

/// Weapons fired, counted or intercepted, then "some hit", "most of them struck": the
/// quantity word right before the verb stands for the weapons, and the mention right
/// before the weapon noun ("Israeli missiles", "Russian drones") owns them.
fn weapons_owner(ctx: &SentenceCtx, h: &Hit) -> Option<usize> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mut k = h.t0;
    // "most of them", "some of the missiles": back to the quantity word.
    if k >= 2 && words[k - 2] == "of" && matches!(words[k - 1].as_str(), "them" | "these") {
        k -= 2;
    }
    if k == 0 {
        return None;
    }
    let quantity = matches!(
        words[k - 1].as_str(),
        "some" | "several" | "most" | "many" | "others" | "one" | "two" | "three" | "few"
    );
    // The quantity word is the subject: a clause starts right before it.
    let clause_start = k >= 2
        && matches!(
            words[k - 2].as_str(),
            "that" | "but" | "and" | "," | "while" | "though" | "although"
        );
    if !quantity || !clause_start {
        return None;
    }
    (0..ctx.mentions.len()).rev().find(|&mi| {
        let end = m_tok[mi].1;
        let weapons = |w: &String| {
            matches!(
                w.as_str(),
                "missiles" | "rockets" | "drones" | "shells" | "bombs" | "projectiles"
            )
        };
        end < k - 1 && (words.get(end).is_some_and(weapons) || weapons(&words[end - 1]))
    })
}

/// A mention that only says where a post is held: "Iran's mission to the United
/// Nations", "Serbia's envoy to the EU", "the ambassador to Syria". The post holder acts,
/// not the body or country after "to".
fn post_complement(words: &[String], start: usize) -> bool {
    let mut k = start;
    if k > 0 && words[k - 1] == "the" {
        k -= 1;
    }
    k >= 2
        && words[k - 1] == "to"
        && matches!(
            words[k - 2].as_str(),
            "mission"
                | "ambassador"
                | "envoy"
                | "representative"
                | "delegation"
                | "embassy"
                | "delegate"
                | "emissary"
                | "ambassadors"
                | "envoys"
                | "representatives"
        )
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
    // the verb stays the source. "his Tajik counterpart Emomali Rakhmon" is titled too.)
    let together = matches!(ty, "CONSULT" | "AGREE" | "COOPERATE");
    let titled = (1..=4).filter(|_| together).find(|&back| {
        m_tok[mi].0 > back
            && words[m_tok[mi].0 - back - 1] == "and"
            && (m_tok[mi].0 - back..m_tok[mi].0).all(|k| {
                st[k].is_cap(clean)
                    || matches!(words[k].as_str(), "of" | "counterpart" | "his" | "her")
            })
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
