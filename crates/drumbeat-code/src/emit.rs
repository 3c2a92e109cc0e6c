//! Pass 4 of the coder: the event built from the passes' results — dated (the sentence's
//! nearest time, the paragraph's, or publication, see `dates.rs`), placed and counted —
//! and split where one telling holds several acts: each member of a listed subject of a
//! one-sided act, each side of "each other", each target of a listed object.

use std::collections::HashSet;

use drumbeat_model::{Event, EventActor, EventPlace};

use crate::context::{actor_of, country_actor, event_id, HitCtx, SentenceCtx};
use crate::dates;
use crate::refine::Coding;
use crate::sides::Sides;

/// Steps 6 and on: the event, dated and placed, pushed to `events` (its id to `weak`
/// when its source was inferred), then its copies for each member of a joint subject,
/// for "each other" and for each target of a list.
pub(crate) fn emit(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    sides: Sides,
    coding: Coding,
    events: &mut Vec<Event>,
    weak: &mut HashSet<String>,
) {
    let SentenceCtx {
        a,
        si,
        mentions,
        places,
        ..
    } = *ctx;
    let HitCtx {
        trig,
        span: trigger_span,
        ..
    } = *hit;
    let doc = &a.doc;
    let text = ctx.doc.text;
    let sent = ctx.sent;
    let published = ctx.doc.published;
    let context_time = ctx.context_time;
    let Sides {
        source,
        target,
        confidence,
        weak_source,
        reported_by,
        reciprocal,
        target_mi,
        list_sources,
        ..
    } = sides;
    let Coding {
        event_type: ety,
        mode,
        cameo_code,
        cameo,
        goldstein,
        quad,
        modality,
    } = coding;
    let ty = ety.as_str();
    // 6. Date: a time expression of the sentence, else of an earlier sentence of the
    // paragraph, else the publication date.
    let when = dates::of_act(
        ctx.times,
        trigger_span.start,
        sent.paragraph,
        &context_time,
        published,
    );
    let place = places
        .iter()
        .filter(|p| p.kind != "border")
        .min_by_key(|p| (p.span.start as i64 - trigger_span.start as i64).unsigned_abs())
        .or(places.first())
        .map(|p| EventPlace {
            name: p.name.clone(),
            country: p.country.clone(),
            lat: p.lat,
            lon: p.lon,
            kind: p.kind.clone(),
        });
    let count = ctx
        .numbers
        .iter()
        .find(|n| {
            source.as_ref().is_some_and(|s| n.span.overlaps(&s.span))
                || n.span.overlaps(&trigger_span)
        })
        .map(|n| n.text.clone());

    events.push(Event {
        id: event_id(&doc.document.id, trigger_span.start, ty),
        doc: doc.document.id.clone(),
        sentence: si as u32,
        source,
        target,
        event_type: ety,
        mode: Some(mode),
        context: Some(trig.context.clone()),
        cameo: cameo.map(|c| c.code.clone()).unwrap_or(cameo_code),
        goldstein,
        quad_class: quad,
        modality,
        date: when.date,
        date_end: when.end,
        granularity: when.granularity,
        date_basis: when.basis,
        place,
        trigger: trigger_span,
        trigger_text: trigger_span.text(text).to_string(),
        evidence: sent.span,
        evidence_text: sent.span.text(text).to_string(),
        outlet: doc.outlet.clone(),
        reported_by,
        count,
        confidence: confidence.clamp(0.1, 1.0),
    });
    if weak_source {
        weak.insert(events.last().map(|e| e.id.clone()).unwrap_or_default());
    }
    // "The UN and the US urged both sides": each member of a joint subject of a
    // one-sided act acts (two-sided acts keep their joint actor).
    // Only lists of three or more: "the US and NATO" is as often one joint actor.
    if !reciprocal
        && !list_sources.is_empty()
        && !matches!(
            ty,
            "CONSULT" | "AGREE" | "COOPERATE" | "ASSAULT" | "RETREAT"
        )
    {
        each_listed_subject(ctx, hit, ty, &list_sources, events);
    }
    // "accused each other": the same act the other way round.
    if reciprocal {
        // Each side acts once: the joint subject splits into its two members.
        the_other_way_round(ctx, hit, ty, events);
    }
    // "telephoned Frederiksen, Scholz and Stoltenberg": one act for each in the list.
    if let Some(first) = target_mi {
        let source_country = events
            .last()
            .and_then(|e| e.source.as_ref())
            .and_then(|s| s.country.clone());
        let extra = listed_objects(ctx, hit, first, &source_country);
        if let Some(e) = events.last().cloned() {
            for (n, mj) in extra.into_iter().enumerate() {
                let mut m = e.clone();
                m.target = Some(actor_of(mentions[mj], a));
                m.id = event_id(&doc.document.id, trigger_span.start + 2 + n, ty);
                events.push(m);
            }
        }
    }
}

/// "The UN, the AU and the US urged both sides": the same act for each other member of
/// the listed subject (`list_sources`) and each country the event's source lists as
/// acting with it, which it then no longer lists.
fn each_listed_subject(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    ty: &str,
    list_sources: &[usize],
    events: &mut Vec<Event>,
) {
    let (a, mentions) = (ctx.a, ctx.mentions);
    let doc = &a.doc;
    let trigger_span = hit.span;
    if let Some(e) = events.last().cloned() {
        let mut members: Vec<EventActor> = list_sources
            .iter()
            .map(|&pi| actor_of(mentions[pi], a))
            .collect();
        if let Some(src) = &e.source {
            for c in &src.also {
                members.push(country_actor(c.clone(), c, src.span, Vec::new()));
            }
        }
        if !members.is_empty() {
            if let Some(last) = events.last_mut() {
                if let Some(s) = last.source.as_mut() {
                    s.also.clear();
                }
            }
        }
        for (n, m) in members.into_iter().enumerate() {
            if m.country.is_none() || m.country == e.source.as_ref().and_then(|s| s.country.clone())
            {
                continue;
            }
            let mut c = e.clone();
            c.source = Some(m);
            c.id = event_id(&doc.document.id, trigger_span.start + 10 + n, ty);
            events.push(c);
        }
    }
}

/// "accused each other": the last event told the other way round, each side once.
fn the_other_way_round(ctx: &SentenceCtx, hit: &HitCtx, ty: &str, events: &mut Vec<Event>) {
    let doc = &ctx.a.doc;
    let trigger_span = hit.span;
    if let Some(e) = events.last_mut() {
        if let Some(s) = e.source.as_mut() {
            s.also.clear();
        }
        let mut m = e.clone();
        std::mem::swap(&mut m.source, &mut m.target);
        if let Some(s) = m.source.as_mut() {
            s.name = s.code.clone();
        }
        m.id = event_id(&doc.document.id, trigger_span.start + 1, ty);
        events.push(m);
    }
}

/// "telephoned Frederiksen, Scholz and Stoltenberg": the mentions listed after the
/// target `first` (three or more in all, with a comma), each another target of the act.
fn listed_objects(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    first: usize,
    source_country: &Option<String>,
) -> Vec<usize> {
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let mentions = ctx.mentions;
    let st = ctx.st;
    let hits = &ctx.hits[..];
    let clean = ctx.clean;
    let hi = hit.hi;
    let mut prev = first;
    let mut extra = Vec::new();
    let mut comma = false;
    let next_hit = hits.get(hi + 1).map(|n| n.t0).unwrap_or(st.len());
    for mj in prev + 1..mentions.len() {
        let g0 = m_tok[prev].1.min(m_tok[mj].0);
        let gap = &words[g0..m_tok[mj].0];
        if gap.is_empty() {
            // The same noun phrase: "Polish" + "President Andrzej Duda".
            prev = mj;
            continue;
        }
        // Separators, then perhaps the next one's title ("German Chancellor").
        let seps = gap.iter().take_while(|w| *w == "," || *w == "and").count();
        let listed = (1..=2).contains(&seps)
            && gap.len() <= seps + 4
            && (g0 + seps..m_tok[mj].0).all(|k| st[k].is_cap(clean))
            && m_tok[mj].0 < next_hit;
        if !listed {
            break;
        }
        let tc = mentions[mj].country.clone();
        if tc.is_some() && tc != *source_country {
            if extra.is_empty() {
                comma = gap[0] == ",";
            }
            extra.push(mj);
        }
        prev = mj;
    }
    // Only a list of three or more ("A, B and C"): "the US and NATO would not
    // address" is the subject of what follows as often as an object of this act.
    if !comma || extra.len() < 2 {
        extra.clear();
    }
    extra
}

#[cfg(test)]
mod tests {
    use crate::context::testing::{country, dyads, events};

    #[test]
    fn each_other_is_told_both_ways() {
        let got = dyads("India and Pakistan accused each other of shelling on Monday.");
        assert_eq!(got, ["IND ACCUSE PAK", "PAK ACCUSE IND"]);
    }

    #[test]
    fn a_listed_object_is_one_act_for_each() {
        let evs = events("President Biden telephoned Macron, Scholz and Sunak on Monday.");
        let targets: Vec<&str> = evs.iter().map(|e| country(&e.target)).collect();
        assert_eq!(targets, ["FRA", "DEU", "GBR"], "{evs:?}");
        assert!(evs.iter().all(|e| e.date.as_deref() == Some("2024-02-26")));
    }

    #[test]
    fn the_event_is_dated_by_its_sentence() {
        let evs = events("On March 1, Russia expelled two Estonian diplomats.");
        assert_eq!(evs[0].date.as_deref(), Some("2024-03-01"), "{evs:?}");
        assert_eq!(evs[0].event_type, "SANCTION");
    }
}
