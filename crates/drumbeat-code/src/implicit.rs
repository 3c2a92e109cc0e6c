//! Acts a sentence tells without a trigger of the lexicon, coded after its triggers:
//! "X said Y must ..." (a demand of X on Y) and troops counted at a border (a
//! mobilisation against the border's country).

use drumbeat_model::{Event, EventType, Modality, Role, Span};

use crate::context::{actor_of, event_id, place_actor, SentenceCtx, SPEECH};
use crate::dates::{self, EventDate};
use crate::modality::{MODALS, NEG};

/// "X said Y must ...": a demand of X on Y, when the sentence has no asserted demand yet.
pub(crate) fn must_demands(ctx: &SentenceCtx, events: &mut Vec<Event>) {
    let SentenceCtx {
        a,
        lex,
        si,
        st,
        mentions,
        ..
    } = *ctx;
    let words = &ctx.words[..];
    let m_tok = &ctx.m_tok[..];
    let doc = &a.doc;
    let text = ctx.doc.text;
    let sent = ctx.sent;
    let published = ctx.doc.published;
    for k in 1..st.len() {
        if words[k] != "must"
            || events.iter().any(|e| {
                e.sentence as usize == si
                    && e.event_type == "REQUEST"
                    && e.modality == Modality::Asserted
            })
        {
            continue;
        }
        let Some(yi) = (0..mentions.len())
            .rev()
            .find(|&mi| m_tok[mi].1 <= k && m_tok[mi].1 + 3 > k)
        else {
            continue;
        };
        let y0 = m_tok[yi].0;
        let Some(sv) = (0..y0).rev().find(|&j| {
            SPEECH.contains(&words[j].as_str())
                || matches!(
                    words[j].as_str(),
                    "reminder"
                        | "declared"
                        | "concluded"
                        | "insisted"
                        | "warned"
                        | "stressed"
                        | "reiterated"
                )
        }) else {
            continue;
        };
        // The one who demands is another country, or another side at home (rebels of
        // the government, the opposition of the president).
        let Some(xi) = (0..mentions.len()).rev().find(|&mi| {
            m_tok[mi].1 <= sv
                && (mentions[mi].country != mentions[yi].country
                    || (mentions[mi].role.is_some()
                        && mentions[yi].role.is_some()
                        && mentions[mi].role != mentions[yi].role))
        }) else {
            continue;
        };
        let span = Span::new(st[k].start, st[k].end);
        let c = lex.cameo.get("100");
        let when = dates::of_sentence(ctx.times, published);
        events.push(Event {
            id: event_id(&doc.document.id, span.start, "REQUEST"),
            doc: doc.document.id.clone(),
            sentence: si as u32,
            source: Some(actor_of(mentions[xi], a)),
            target: Some(actor_of(mentions[yi], a)),
            event_type: EventType::Request,
            mode: Some("demand".into()),
            context: Some("political".into()),
            cameo: "100".into(),
            goldstein: c.map(|c| c.goldstein).unwrap_or(-5.0),
            quad_class: 3,
            modality: Modality::Asserted,
            date: when.date,
            date_end: when.end,
            granularity: when.granularity,
            date_basis: when.basis,
            place: None,
            trigger: span,
            trigger_text: span.text(text).to_string(),
            evidence: sent.span,
            evidence_text: sent.span.text(text).to_string(),
            outlet: doc.outlet.clone(),
            reported_by: None,
            count: None,
            confidence: 0.6,
        });
    }
}

/// Troops counted at a border: "one lakh Russian troops ... near the Ukraine border" is a
/// mobilisation against the border's country, unless the sentence already tells one.
pub(crate) fn troops_at_border(ctx: &SentenceCtx, events: &mut Vec<Event>) {
    let SentenceCtx {
        a,
        lex,
        si,
        mentions,
        border,
        ..
    } = *ctx;
    let words = &ctx.words[..];
    let doc = &a.doc;
    let text = ctx.doc.text;
    let sent = ctx.sent;
    let published = ctx.doc.published;
    let tok_of = |pos: usize| ctx.tok_of(pos);
    if let Some(b) = border {
        for n in ctx.numbers.iter() {
            let what = n.what.as_deref().unwrap_or("");
            if !matches!(
                what,
                "troops" | "soldiers" | "forces" | "tanks" | "servicemen" | "troop"
            ) {
                continue;
            }
            let Some(g) = mentions
                .iter()
                .find(|m| m.span.overlaps(&n.span) && m.role == Some(Role::Mil))
            else {
                continue;
            };
            if g.country.as_deref() == Some(b.country.as_str()) {
                continue;
            }
            let dup = events.iter().any(|e| {
                e.sentence as usize == si
                    && e.event_type == "MOBILIZE"
                    && e.source.as_ref().and_then(|s| s.country.clone()) == g.country
            });
            if dup {
                continue;
            }
            let k = tok_of(n.span.start);
            let negated = (k.saturating_sub(4)..k).any(|j| {
                NEG.contains(&words[j].as_str())
                    || words[j].ends_with("n't")
                    || words[j].ends_with("n’t")
            });
            let hypo = (k.saturating_sub(4)..k).any(|j| MODALS.contains(&words[j].as_str()));
            let c = lex.cameo.get("154");
            let when = EventDate::published(published);
            events.push(Event {
                id: event_id(&doc.document.id, n.span.start, "MOBILIZE"),
                doc: doc.document.id.clone(),
                sentence: si as u32,
                source: Some(actor_of(g, a)),
                target: Some(place_actor(b)),
                event_type: EventType::Mobilize,
                mode: Some("troops".into()),
                context: Some("military".into()),
                cameo: "154".into(),
                goldstein: c.map(|c| c.goldstein).unwrap_or(-7.2),
                quad_class: 4,
                modality: if negated {
                    Modality::Negated
                } else if hypo {
                    Modality::Hypothetical
                } else {
                    Modality::Asserted
                },
                date: when.date,
                date_end: when.end,
                granularity: when.granularity,
                date_basis: when.basis,
                place: None,
                trigger: n.span,
                trigger_text: n.span.text(text).to_string(),
                evidence: sent.span,
                evidence_text: sent.span.text(text).to_string(),
                outlet: doc.outlet.clone(),
                reported_by: None,
                count: Some(n.text.clone()),
                confidence: 0.7,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::context::testing::{country, events};

    #[test]
    fn a_speaker_saying_another_must_act_demands_it() {
        let evs =
            events("The French foreign minister said Iran must release the detained journalists.");
        let e = evs
            .iter()
            .find(|e| e.trigger_text == "must")
            .expect("the demand");
        assert_eq!(e.event_type, "REQUEST");
        assert_eq!((country(&e.source), country(&e.target)), ("FRA", "IRN"));
        // Another side at home demands too: rebels of the army, not the army of itself.
        let evs = events("Chadian rebels said the Chadian army must leave the northern towns.");
        let e = evs
            .iter()
            .find(|e| e.trigger_text == "must")
            .expect("the demand at home");
        let codes = (
            e.source.as_ref().map(|s| s.code.as_str()),
            e.target.as_ref().map(|t| t.code.as_str()),
        );
        assert_eq!(codes, (Some("TCDREB"), Some("TCDMIL")));
        assert!(
            events("The Chadian army said the Chadian army must hold the northern towns.")
                .iter()
                .all(|e| e.trigger_text != "must")
        );
    }

    #[test]
    fn troops_counted_at_a_border_mobilise_against_its_country() {
        let evs =
            events("Some 100,000 Russian troops were seen near the Ukrainian border on Monday.");
        let e = evs
            .iter()
            .find(|e| e.event_type == "MOBILIZE")
            .expect("the troops");
        assert!(e.trigger_text.contains("100,000"), "{e:?}");
        assert_eq!((country(&e.source), country(&e.target)), ("RUS", "UKR"));
    }
}
