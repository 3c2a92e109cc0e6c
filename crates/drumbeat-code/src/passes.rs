//! Passes over a document's coded events, after each sentence has been coded: what one
//! sentence cannot tell (a headline repeats the body; "eight people were killed" is the
//! toll of the strike named two sentences before).

use std::collections::HashSet;

use drumbeat_model::{Event, Modality, Sentence};

fn country(a: &Option<drumbeat_model::EventActor>) -> Option<&str> {
    a.as_ref().and_then(|x| x.country.as_deref())
}

/// An assault whose attacker the coder had to infer (nobody named, a place, the outlet's
/// informant) is the toll or a retelling of the named assault the same document reports:
/// "13 people were killed in the strike", "the attacks killed at least eight", "Israel's
/// rescue service said 22 people were killed". When the document names an attacker for an
/// asserted assault, such inferred ones are dropped; a document whose only assaults are
/// anonymous keeps them, coded as CAMEO coders do (domestic to where they happened).
pub fn consequences(events: Vec<Event>, weak: &HashSet<String>) -> Vec<Event> {
    let named = events.iter().any(|e| {
        e.event_type == "ASSAULT"
            && e.modality == Modality::Asserted
            && !weak.contains(&e.id)
            && country(&e.source).is_some()
    });
    if !named {
        return events;
    }
    // Only the tolls: an inferred assault with no target, or one coded as domestic to
    // where it happened, or told in a sentence that names the attacker of another one.
    // "the army launched strikes on Gaza" (a reply, with its own target) stays.
    let named_in: HashSet<u32> = events
        .iter()
        .filter(|e| {
            e.event_type == "ASSAULT" && e.modality == Modality::Asserted && !weak.contains(&e.id)
        })
        .map(|e| e.sentence)
        .collect();
    events
        .into_iter()
        .filter(|e| {
            let toll = country(&e.target).is_none()
                || country(&e.target) == country(&e.source)
                || named_in.contains(&e.sentence);
            !(e.event_type == "ASSAULT" && weak.contains(&e.id) && toll)
        })
        .collect()
}

/// An event with no country or organisation on either side ("this blow has wounded
/// this country", an unnamed speaker's appeal) tells an analyst nothing to file.
pub fn sideless(mut events: Vec<Event>) -> Vec<Event> {
    events.retain(|e| country(&e.source).is_some() || country(&e.target).is_some());
    events
}

/// Same act: type and sides (either way round for two-sided acts and assaults).
fn same_act(a: &Event, b: &Event) -> bool {
    let symmetric = matches!(
        a.event_type.as_str(),
        "CONSULT" | "AGREE" | "COOPERATE" | "ASSAULT"
    );
    a.event_type == b.event_type
        && ((country(&a.source) == country(&b.source)
            && (country(&a.target).is_none()
                || country(&b.target).is_none()
                || country(&a.target) == country(&b.target)))
            || (symmetric
                && country(&a.source) == country(&b.target)
                && country(&a.target) == country(&b.source)))
}

/// A headline is no report of its own: the body tells what it announces. A headline's
/// event raises the confidence of the same act in the body (by 0.1) and is dropped;
/// one the body does not tell is dropped too (an annotator would not count it either).
pub fn headlines(mut events: Vec<Event>, sentences: &[Sentence]) -> Vec<Event> {
    let is_headline = |e: &Event| {
        sentences
            .get(e.sentence as usize)
            .is_some_and(|s| s.headline)
    };
    let heads: Vec<Event> = events.iter().filter(|e| is_headline(e)).cloned().collect();
    if heads.is_empty() {
        return events;
    }
    events.retain(|e| !is_headline(e));
    for h in heads.iter().filter(|h| h.modality == Modality::Asserted) {
        if let Some(e) = events
            .iter_mut()
            .find(|e| e.modality == Modality::Asserted && same_act(h, e))
        {
            e.confidence = (e.confidence + 0.1).min(1.0);
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use drumbeat_model::Modality;

    use crate::context::testing::annotated;

    fn asserted(text: &str) -> Vec<String> {
        let a = annotated(text);
        crate::code(&a)
            .into_iter()
            .filter(|e| e.modality == Modality::Asserted)
            .map(|e| {
                format!(
                    "{} {} {}",
                    e.source.and_then(|s| s.country).unwrap_or("-".into()),
                    e.event_type,
                    e.target.and_then(|s| s.country).unwrap_or("-".into())
                )
            })
            .collect()
    }

    #[test]
    fn tolls_of_a_named_attack_are_not_attacks_of_their_own() {
        let got = asserted(
            "Turkish jets bombed Kurdish positions in Syria on Friday. \
             Eleven people were killed in the raid, Syria's health ministry said.",
        );
        assert_eq!(
            got.iter().filter(|e| e.contains("ASSAULT")).count(),
            1,
            "{got:?}"
        );
        assert!(got[0].starts_with("TUR ASSAULT"), "{got:?}");
    }

    #[test]
    fn an_anonymous_attack_alone_is_kept() {
        let got = asserted("Three soldiers were killed in a car bombing in Mogadishu on Friday.");
        assert!(got.iter().any(|e| e.contains("ASSAULT")), "{got:?}");
    }

    #[test]
    fn headline_events_only_confirm_the_body() {
        let text = "Russia expels two Estonian diplomats\n\n\
                    Russia expelled two Estonian diplomats on Monday, the foreign ministry said.";
        let a = annotated(text);
        let evs = crate::code(&a);
        assert!(evs.iter().all(|e| e.sentence > 0), "{evs:?}");
        let body: Vec<_> = evs.iter().filter(|e| e.event_type == "SANCTION").collect();
        assert_eq!(body.len(), 1, "{evs:?}");
        // Told by the headline too: more confident than the coder's base 0.8.
        assert!(body[0].confidence > 0.8, "{evs:?}");

        // A headline the body does not tell is no event.
        let text =
            "Russia expels two Estonian diplomats\n\nThe weather in Moscow was cold on Monday.";
        let a = annotated(text);
        assert!(crate::code(&a).is_empty());
    }
}
