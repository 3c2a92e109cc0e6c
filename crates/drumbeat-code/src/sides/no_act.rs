//! The tests that a trigger is no act of its own: a verb form used as an adjective or
//! noun, a word inside a name, the reason or object of another act, an elaborating or
//! relative clause, a participle after a document noun, a bare noun that refers back,
//! a warning that only states.

use crate::context::{HitCtx, NoAct, SentenceCtx};

/// Not an act of its own:
/// - a verb form used as an adjective or noun after a determiner ("the occupied West
///   Bank", "this jail", "the alleged crimes");
/// - a capitalised word inside a name ("Emergency Relief Coordinator");
/// - an -ing clause elaborating the act before it ("opened fire ..., killing one");
/// - a relative clause of an event noun ("a strike that shut down the city").
///
/// Here the first two, and a verb form after "of" ("a series of bombs").
pub(super) fn form_not_act(ctx: &SentenceCtx, hit: &HitCtx) -> Result<(), NoAct> {
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
pub(super) fn reason_or_object(
    ctx: &SentenceCtx,
    hit: &HitCtx,
    dead: &[bool],
) -> Result<(), NoAct> {
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
pub(super) fn subordinate(ctx: &SentenceCtx, hit: &HitCtx) -> Result<(), NoAct> {
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
pub(super) fn bare_noun(ctx: &SentenceCtx, hit: &HitCtx, actor_named: bool) -> Result<(), NoAct> {
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
        // A state its subject is in: "it was on a war footing", "troops remain on high
        // alert", "the army is in a state of combat readiness".
        let state = ty == "MOBILIZE" && in_state(words, h.t0);
        if (!adjacent && !specific && !introduced && !state) || anaphoric {
            return Err(NoAct::Skip);
        }
    }
    Ok(())
}

/// Whether the words before `t0` put a subject in a state: a copula (or "remain",
/// "stay") and "on" or "in", with at most an article or an adjective between.
fn in_state(words: &[String], t0: usize) -> bool {
    let copula = |w: &str| {
        matches!(
            w,
            "is" | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "being"
                | "remain"
                | "remains"
                | "remained"
                | "stay"
                | "stays"
                | "stayed"
                | "'s"
                | "’s"
                | "'re"
                | "’re"
        )
    };
    (t0.saturating_sub(4)..t0).any(|k| {
        k + 1 < t0
            && copula(&words[k])
            && matches!(words[k + 1].as_str(), "on" | "in")
            && words[k + 2..t0].len() <= 2
            && words[k + 2..t0]
                .iter()
                .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
    })
}

/// A lasting relation told in passing, not an act of the news:
/// - a stance held for long: "has long sought", "have always backed";
/// - what one relies on: "relying on their support", "depends on Russian aid";
/// - a cooperative participle after a common noun, describing it: "bases hosting U.S.
///   troops", "countries supporting Ukraine".
pub(super) fn background_state(ctx: &SentenceCtx, hit: &HitCtx) -> Result<(), NoAct> {
    let words = &ctx.words[..];
    let HitCtx { h, ty, .. } = *hit;
    // A stance held for long, of any kind: "has long sought", "have always accused",
    // "had long backed".
    let held = !h.noun
        && h.t0 >= 2
        && matches!(words[h.t0 - 2].as_str(), "has" | "have" | "had")
        && matches!(words[h.t0 - 1].as_str(), "long" | "always" | "consistently");
    if held {
        return Err(NoAct::Skip);
    }
    let cooperative = matches!(ty, "SUPPORT" | "AID" | "COOPERATE" | "CONSULT");
    if !cooperative {
        return Ok(());
    }
    let relies = (h.t0.saturating_sub(4)..h.t0).any(|k| {
        k + 1 < h.t0
            && ["rel", "depend", "count"]
                .iter()
                .any(|p| words[k].starts_with(p))
            && matches!(words[k + 1].as_str(), "on" | "upon")
    });
    if relies && h.noun {
        return Err(NoAct::Skip);
    }
    let describes = !h.noun && words[h.t0].ends_with("ing") && h.t0 >= 2 && {
        let prev = &words[h.t0 - 1];
        // A plural common noun right before, itself no actor's name.
        prev.len() > 3
            && prev.ends_with('s')
            && prev.chars().all(char::is_lowercase)
            && !ctx.m_tok.iter().any(|&(_, e)| e == h.t0)
            && !matches!(prev.as_str(), "is" | "was" | "has" | "as" | "thus" | "this")
    };
    if describes {
        return Err(NoAct::Skip);
    }
    Ok(())
}

/// "warned that ...": a statement, not a threat.
/// "warned that the police will no longer tolerate rallies" is a threat all the same.
pub(super) fn warning_statement(ctx: &SentenceCtx, hit: &HitCtx) -> Result<(), NoAct> {
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
    // "warned it would impose sanctions", "warned that it would respond with force": the
    // warning of a hostile act of its own is a threat.
    let warn_without_object = warn_without_object && !(future_clause && threat_of_force(ctx, hit));
    // "warned that severe revenge awaits the criminals": vengeance promised in the
    // present tense is a threat too.
    let vengeance = words[h.t1..(h.t1 + 6).min(words.len())].iter().any(|w| {
        ["revenge", "retaliat", "vengeance", "punishment"]
            .iter()
            .any(|p| w.starts_with(p))
    });
    if ty == "THREATEN"
        && !h.noun
        && !vengeance
        && (that_follows || time_then_that || warn_without_object)
    {
        return Err(NoAct::Skip);
    }
    Ok(())
}

/// A threat of force or of a measure, whoever it aims at: "vowed to retaliate", "warned
/// it would impose sanctions", "warned that it would respond with force". (A warning
/// of anything else needs whom it warns.)
pub(super) fn threat_of_force(ctx: &SentenceCtx, hit: &HitCtx) -> bool {
    let words = &ctx.words[..];
    let h = hit.h;
    let forceful = |w: &str| {
        [
            "retaliat", "revenge", "aveng", "punish", "respond", "response", "force", "fight",
        ]
        .iter()
        .any(|p| w.starts_with(p))
    };
    if words[h.t0..h.t1].iter().any(|w| forceful(w)) {
        return true;
    }
    // "warned (that) it would <act>": a future hostile act after the warning.
    if !["warn", "threat", "vow", "pledg", "swor", "swear"]
        .iter()
        .any(|p| words[h.t0].starts_with(p))
    {
        return false;
    }
    let end = (h.t1 + 10).min(words.len());
    let Some(fut) = (h.t1..end).find(|&k| matches!(words[k].as_str(), "will" | "would" | "to"))
    else {
        return false;
    };
    ctx.hits.iter().any(|o| {
        o.t0 > fut
            && o.t0 <= fut + 4
            && matches!(
                ctx.lex.triggers[o.trigger].event_type.as_str(),
                "ASSAULT" | "SANCTION" | "COERCE" | "MOBILIZE" | "THREATEN"
            )
    }) || words[fut + 1..end]
        .iter()
        .take(4)
        .any(|w| forceful(w) || w == "countermeasures")
}
