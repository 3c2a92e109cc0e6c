//! Pass 3b of the coder: an act's mode and CAMEO code, refined by the sentence around its
//! trigger: a missile fired at no one is a launch, a raid that kills an attack, a reply
//! carried out force used, a government's protest an accusation, a demand with a penalty
//! an ultimatum, a stated intention the act of intending (or threatening), a refused
//! cooperation a rejection, and a threat's kind (sanctions, force) from what follows.

use drumbeat_model::{ActorKind, EventActor, EventType, Modality, Role};

use crate::context::{actor_of, HitCtx, SentenceCtx};
use crate::lexicon::Cameo;
use crate::sides::Sides;
use crate::triggers::Hit;

/// The act's type and codes, as [`refine`] settles them.
pub(crate) struct Coding<'a> {
    pub(crate) event_type: EventType,
    pub(crate) mode: String,
    /// The CAMEO code the rules chose (kept when the table lacks it).
    pub(crate) cameo_code: String,
    /// Its row in the CAMEO table (else the trigger's own code's).
    pub(crate) cameo: Option<&'a Cameo>,
    pub(crate) goldstein: f64,
    pub(crate) quad: u8,
    pub(crate) modality: Modality,
}

/// Step 5: the act's type, mode and CAMEO code, refined by what the sentence says
/// around the trigger; may drop or change the target (a missile test has none).
pub(crate) fn refine<'a>(ctx: &SentenceCtx<'a>, hit: &HitCtx, sides: &mut Sides) -> Coding<'a> {
    let lex = ctx.lex;
    let words = &ctx.words[..];
    let HitCtx { h, trig, .. } = *hit;
    let mut modality = sides.modality;
    let mut target = sides.target.take();
    let source = &sides.source;
    let mut mode = trig.mode.clone();
    let mut cameo_code = trig.cameo.clone();
    // The type as the model's enum; `ty` is its name, for the rules' word lists.
    let mut ety: EventType = trig.event_type;
    let mut ty = hit.ty;
    // "fired missiles at Kyiv" is an attack; "launched a ballistic missile that
    // landed in Japan's waters" a launch, whatever it flew over.
    if ty == "ASSAULT" && sides.missile_trigger {
        if let Some(no_target) = launch(ctx, h, target.is_none(), sides.into_sea) {
            ety = EventType::Mobilize;
            ty = ety.as_str();
            mode = "missile launch".into();
            cameo_code = "150".into();
            if no_target {
                target = None;
            }
        }
    }
    // "raided the camp, killing three": a raid that kills is an attack, and so is
    // fire opened to disperse a crowd that kills ("opened fire to disperse
    // protesters, killing one").
    if ty == "COERCE" && deadly_force(ctx, h) {
        ety = EventType::Assault;
        ty = ety.as_str();
        mode = "military".into();
        cameo_code = "190".into();
        // The victims named after it are the target ("killing three Palestinians"),
        // not the raiders' own country a raid with no target fell back to.
        let own = source.as_ref().and_then(|s| s.country.clone());
        if target.as_ref().and_then(|t| t.country.clone()) == own {
            if let Some(t) = victims(ctx, h, &own) {
                target = Some(t);
            }
        }
    }
    // "said it had retaliated against military compounds": a reply carried out is
    // force used, not a threat.
    if ty == "THREATEN" && modality == Modality::Asserted && retaliated(ctx, h) {
        ety = EventType::Assault;
        ty = ety.as_str();
        mode = "military".into();
        cameo_code = "190".into();
    }
    // "China strongly protested the incident": a government protesting something is
    // a diplomatic protest, an accusation; crowds protest in the streets.
    if ty == "PROTEST" && diplomatic_protest(ctx, h, source.as_ref()) {
        ety = EventType::Accuse;
        ty = ety.as_str();
        mode = "criticize".into();
        cameo_code = "111".into();
    }
    // "demanded that the junta reinstate the president or face military force": a
    // demand with a penalty is an ultimatum, a threat.
    if ty == "REQUEST" {
        if let Some(code) = ultimatum(ctx, h) {
            ety = EventType::Threaten;
            ty = ety.as_str();
            mode = "ultimatum".into();
            cameo_code = code.into();
        }
    }
    // "ordered Iran to release the tanker", "ordered Israel to halt its offensive": an
    // order to another country, the act named after it, is a demand on that country.
    if ty != "REQUEST" && !h.noun {
        if let Some(t) = order_to_another(ctx, h, source.as_ref()) {
            ety = EventType::Request;
            ty = ety.as_str();
            mode = "demand".into();
            cameo_code = "100".into();
            target = Some(t);
        }
    }
    // "ordered the army to prepare a response", "ordered 2,000 troops to be ready": an
    // order to one's own forces that no act of the lexicon follows is their mobilisation
    // (an order that one does follow, "ordered troops to withdraw", is replaced by it).
    if ty == "REQUEST" && !h.noun && own_forces_ordered(ctx, h, source.as_ref()) {
        ety = EventType::Mobilize;
        ty = ety.as_str();
        mode = "alert".into();
        cameo_code = "152".into();
        let own = source.as_ref().and_then(|s| s.country.clone());
        if target.as_ref().and_then(|t| t.country.clone()) == own {
            target = None;
        }
    }
    // A stated intention is itself the act (CAMEO 03 and 13): "Portugal will support
    // Turkey" is an AGREE (intent), "X said it will impose sanctions" a THREATEN.
    let conditioned_after = words[h.t1..].iter().any(|w| w == "if" || w == "unless");
    let intent = stated_intent(ctx, h, modality, conditioned_after);
    // "will not meet the demands", "refused to attend": a refused cooperation is a rejection.
    if refusal(ctx, h, ty, modality, target.as_ref(), source.as_ref()) {
        modality = Modality::Asserted;
        mode = "reject".into();
        cameo_code = "120".into();
        ety = EventType::Reject;
        ty = ety.as_str();
    }
    // Forces to be sent to a country are a plan for the host, not a threat to it:
    // "Germany will send more troops to Lithuania" (the future act is not reported).
    let to_host = ty == "MOBILIZE" && !conditioned_after && sent_to(ctx, target.as_ref());
    // A measure announced or decided is taken: "announced it would deny entry to",
    // "decided to impose sanctions" (a threat warns of it).
    let decided = matches!(ty, "SANCTION" | "COERCE")
        && !conditioned_after
        && (h.t0.saturating_sub(6)..h.t0).any(|k| {
            matches!(
                words[k].as_str(),
                "announced" | "announces" | "decided" | "decides"
            )
        })
        && !(h.t0.saturating_sub(6)..h.t0).any(|k| {
            matches!(
                words[k].as_str(),
                "warned" | "threatened" | "if" | "unless" | "could" | "may" | "might"
            )
        });
    if intent && decided {
        modality = Modality::Asserted;
    } else if intent && !to_host && !matches!(ty, "REQUEST" | "ACCUSE" | "THREATEN" | "AGREE") {
        let conflict = conditioned_after && !matches!(ty, "SUPPORT" | "CONSULT")
            || matches!(
                ty,
                "SANCTION" | "COERCE" | "ASSAULT" | "MOBILIZE" | "PROTEST" | "REJECT"
            );
        modality = Modality::Asserted;
        if conflict {
            mode = match ty {
                "SANCTION" => "sanctions",
                "ASSAULT" | "MOBILIZE" => "force",
                "PROTEST" => "boycott",
                _ => "threaten",
            }
            .into();
            cameo_code = match ty {
                "SANCTION" => "1312",
                "ASSAULT" | "MOBILIZE" => "138",
                _ => "130",
            }
            .into();
            ety = EventType::Threaten;
            ty = ety.as_str();
        } else {
            mode = "intent".into();
            cameo_code = "030".into();
            ety = EventType::Agree;
            ty = ety.as_str();
        }
    }
    // "Soleimani was developing plans to attack American diplomats," the Pentagon said:
    // a plot told by another side (its would-be victim or a third) is that side's
    // accusation of the plotter; the plotter's own plan is its threat.
    if ty == "THREATEN" && plotted(ctx, h) {
        if let Some(c) = claimant(ctx, h) {
            let cc = c.country.clone();
            let plotter = source.as_ref().and_then(|s| s.country.clone());
            if cc.is_some() && plotter.is_some() && cc != plotter {
                target = source.clone();
                sides.source = Some(c);
                modality = Modality::Asserted;
                ety = EventType::Accuse;
                ty = ety.as_str();
                mode = "accuse".into();
                cameo_code = "112".into();
            }
        }
    }
    if ty == "THREATEN" {
        if let Some((m, code)) = threat_kind(ctx, h) {
            mode = m.into();
            cameo_code = code.into();
        }
    }
    let cameo = lex
        .cameo
        .get(&cameo_code)
        .or_else(|| lex.cameo.get(&trig.cameo));
    let (goldstein, quad) = cameo.map(|c| (c.goldstein, c.quad)).unwrap_or((0.0, 1));

    sides.target = target;
    Coding {
        event_type: ety,
        mode,
        cameo_code,
        cameo,
        goldstein,
        quad,
        modality,
    }
}

/// Strikes that kill or wound are attacks whoever they hit: "conducted missile strikes
/// across the region, killing at least eight people". Whether such words follow.
fn casualties(words: &[String], h: &Hit) -> bool {
    words[h.t1..].iter().take(30).any(|w| {
        matches!(
            w.as_str(),
            "killing"
                | "killed"
                | "wounding"
                | "wounded"
                | "injuring"
                | "injured"
                | "dead"
                | "levelled"
                | "leveled"
                | "destroyed"
                | "destroying"
                | "damaged"
                | "damaging"
        )
    })
}

/// A missile fired at no one named, into the sea or as a test, and killing no one, is a
/// launch (`Some(true)` when it then has no target: into the sea, or a ballistic test).
/// ("on Monday" is a date, not an aim.)
fn launch(ctx: &SentenceCtx, h: &Hit, no_target: bool, into_sea: bool) -> Option<bool> {
    let words = &ctx.words[..];
    let st = ctx.st;
    let upto = (h.t1 + 6).min(st.len());
    let aimed = (h.t1..upto).any(|k| {
        matches!(
            words[k].as_str(),
            "at" | "on" | "against" | "toward" | "towards"
        ) && !ctx.times.iter().any(|t| {
            k + 1 < st.len() && t.span.start <= st[k + 1].start && st[k + 1].start < t.span.end
        })
    });
    let test_weapon = words[h.t0..h.t1]
        .iter()
        .any(|w| matches!(w.as_str(), "ballistic" | "icbm" | "icbms"));
    let launched = (no_target || (into_sea && !aimed) || (test_weapon && !aimed))
        && ((into_sea && !aimed) || test_weapon || !casualties(words, h));
    launched.then_some(into_sea || test_weapon)
}

/// A raid, or fire opened, that kills.
fn deadly_force(ctx: &SentenceCtx, h: &Hit) -> bool {
    let words = &ctx.words[..];
    let force_used = words[h.t0].starts_with("raid")
        || (words[h.t0].starts_with("open") && words.get(h.t0 + 1).is_some_and(|w| w == "fire"));
    force_used && casualties(words, h)
}

/// The victims named after a deadly raid: the first actor after it not of the raiders'
/// own country.
fn victims(ctx: &SentenceCtx, h: &Hit, own: &Option<String>) -> Option<EventActor> {
    let (m_tok, mentions) = (&ctx.m_tok, ctx.mentions);
    (0..mentions.len())
        .find(|&mi| m_tok[mi].0 >= h.t1 && mentions[mi].country != *own)
        .map(|mi| actor_of(mentions[mi], ctx.a))
}

/// "retaliated", not "would retaliate" or "to retaliate".
fn retaliated(ctx: &SentenceCtx, h: &Hit) -> bool {
    let words = &ctx.words[..];
    words[h.t0] == "retaliated"
        && !(h.t0 >= 1 && matches!(words[h.t0 - 1].as_str(), "would" | "will" | "to"))
}

/// A government (or a country by its name or its government's) protesting something,
/// not in the streets.
fn diplomatic_protest(ctx: &SentenceCtx, h: &Hit, source: Option<&EventActor>) -> bool {
    let words = &ctx.words[..];
    !h.noun
        && words[h.t0].starts_with("protest")
        && h.t1 < ctx.st.len()
        && !matches!(
            words[h.t1].as_str(),
            "in" | "at" | "outside" | "near" | "on" | "across" | "throughout" | "," | "."
        )
        && source.is_some_and(|s| {
            s.role == Some(Role::Gov)
                || s.country.as_deref().is_some_and(|c| {
                    drumbeat_nlp::gazetteer::GAZETTEER
                        .country(c)
                        .is_some_and(|k| k.name == s.name || k.government.contains(&s.name))
                })
        })
}

/// "... or face military force": a demand with a penalty, and its CAMEO code (138 when
/// the penalty is force, else 130).
fn ultimatum(ctx: &SentenceCtx, h: &Hit) -> Option<&'static str> {
    let words = &ctx.words[..];
    let tail = &words[h.t1..(h.t1 + 30).min(ctx.st.len())];
    let k = tail
        .windows(2)
        .position(|w| w[0] == "or" && matches!(w[1].as_str(), "face" | "else" | "risk"))?;
    let force = tail[k..]
        .iter()
        .take(6)
        .any(|w| matches!(w.as_str(), "force" | "military" | "war" | "intervention"));
    Some(if force { "138" } else { "130" })
}

/// An act told as hypothetical that is a stated intention: an intent phrase, "will",
/// "ready to", "vowed to" before it, or "may" with a condition after it.
fn stated_intent(ctx: &SentenceCtx, h: &Hit, modality: Modality, conditioned_after: bool) -> bool {
    let words = &ctx.words[..];
    let window = |n: usize| h.t0.saturating_sub(n)..h.t0;
    let possible = window(4).any(|k| matches!(words[k].as_str(), "may" | "might" | "could"));
    h.intent && modality == Modality::Hypothetical
        || (!h.noun && modality == Modality::Hypothetical && possible && conditioned_after)
        || !h.noun
            && modality == Modality::Hypothetical
            && window(4).any(|k| {
                matches!(
                    words[k].as_str(),
                    "will"
                        | "would"
                        | "shall"
                        | "'ll"
                        | "’ll"
                        | "ready"
                        | "prepared"
                        | "willing"
                        | "plans"
                        | "plan"
                        | "planning"
                        | "plotting"
                        | "intends"
                        | "intend"
                        | "vowed"
                        | "pledged"
                        | "promised"
                        | "offered"
                        | "decided"
                        | "going"
                )
            })
}

/// A plan or plot to act, told right before the act: "was developing plans to attack",
/// "plotting to kill", "preparing an attack on".
fn plotted(ctx: &SentenceCtx, h: &Hit) -> bool {
    let words = &ctx.words[..];
    (h.t0.saturating_sub(4)..h.t0).any(|k| {
        matches!(
            words[k].as_str(),
            "plans" | "plan" | "planning" | "planned" | "plotting" | "plotted" | "plot" | "plots"
        )
    })
}

/// Who tells the sentence: the speaker of the quote around the trigger, else the actor
/// of a trailing attribution (", the Pentagon said").
fn claimant(ctx: &SentenceCtx, h: &Hit) -> Option<EventActor> {
    let at = ctx.st[h.t0].start;
    if let Some(q) = ctx
        .quotes
        .iter()
        .find(|q| !q.fragment && q.span.start <= at && at < q.span.end)
    {
        let sp = q.speaker.as_ref()?;
        return ctx.doc.actor_at(sp.span).map(|m| actor_of(m, ctx.a));
    }
    crate::context::trailing_speaker(ctx, h).map(|mi| actor_of(ctx.mentions[mi], ctx.a))
}

/// A negated cooperation with another country, "will not" or "refused to": a rejection.
fn refusal(
    ctx: &SentenceCtx,
    h: &Hit,
    ty: &str,
    modality: Modality,
    target: Option<&EventActor>,
    source: Option<&EventActor>,
) -> bool {
    let words = &ctx.words[..];
    let window = |n: usize| h.t0.saturating_sub(n)..h.t0;
    modality == Modality::Negated
        && matches!(
            ty,
            "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" | "COOPERATE" | "AID" | "RETREAT"
        )
        && window(4).any(|k| {
            matches!(
                words[k].as_str(),
                "will"
                    | "would"
                    | "refused"
                    | "refuses"
                    | "refuse"
                    | "declined"
                    | "declines"
                    | "won't"
                    | "won’t"
            )
        })
        && target.is_some_and(|t| {
            t.country.is_some() && t.country != source.and_then(|s| s.country.clone())
        })
}

/// A target named after "to" (not a border): where forces are sent.
fn sent_to(ctx: &SentenceCtx, target: Option<&EventActor>) -> bool {
    let (st, words) = (ctx.st, &ctx.words);
    target.is_some_and(|t| {
        let k = st.partition_point(|x| x.start < t.span.start);
        k > 0 && words[k - 1] == "to" && !t.name.to_lowercase().contains("border")
    })
}

/// What a threat threatens, by the words after it: sanctions (1312) or force (138).
fn threat_kind(ctx: &SentenceCtx, h: &Hit) -> Option<(&'static str, &'static str)> {
    let after: Vec<&String> = ctx.words[h.t1..].iter().take(10).collect();
    if after
        .iter()
        .any(|w| w.starts_with("sanction") || w.starts_with("embargo") || w.starts_with("tariff"))
    {
        Some(("sanctions", "1312"))
    } else if after.iter().any(|w| {
        matches!(
            w.as_str(),
            "force"
                | "military"
                | "war"
                | "attack"
                | "strike"
                | "strikes"
                | "invade"
                | "invasion"
                | "nuclear"
                | "missiles"
                | "retaliation"
        )
    }) {
        Some(("force", "138"))
    } else {
        None
    }
}

/// "ordered Iran to", "instructed the Israeli government to": the country an order verb
/// at the start of `h` addresses, right after it, when it is not the source's own.
fn order_to_another(ctx: &SentenceCtx, h: &Hit, source: Option<&EventActor>) -> Option<EventActor> {
    let words = &ctx.words[..];
    if !["order", "instruct", "command", "direct"]
        .iter()
        .any(|o| words[h.t0].starts_with(o))
    {
        return None;
    }
    let own = source.and_then(|s| s.country.as_deref())?;
    let after = h.t0 + 1;
    let mi = (0..ctx.mentions.len()).find(|&mi| {
        let (m0, m1) = ctx.m_tok[mi];
        (m0 == after || (m0 == after + 1 && words[after] == "the"))
            && words.get(m1).is_some_and(|w| w == "to")
    })?;
    let m = ctx.mentions[mi];
    // A country, its government or forces, or an organisation; not a person or an envoy
    // ("ordered the French ambassador to leave" expels him).
    if matches!(m.kind, ActorKind::Person)
        || m.role == Some(Role::Gov)
            && matches!(m.kind, ActorKind::Group)
            && !m.text.to_lowercase().ends_with("government")
    {
        return None;
    }
    let country = m.country.as_deref()?;
    (country != own).then(|| actor_of(m, ctx.a))
}

/// Whether the order verb of `h` addresses the source's own forces ("ordered the
/// military to", "instructed troops to").
fn own_forces_ordered(ctx: &SentenceCtx, h: &Hit, source: Option<&EventActor>) -> bool {
    let words = &ctx.words[..];
    if !["order", "instruct", "command", "direct"]
        .iter()
        .any(|o| words[h.t0].starts_with(o))
    {
        return false;
    }
    let own = source.and_then(|s| s.country.as_deref());
    crate::modality::forces_addressee(
        words,
        h.t1,
        |a, b| {
            (0..ctx.mentions.len())
                .filter(|&mi| ctx.m_tok[mi].0 >= a && ctx.m_tok[mi].0 < b)
                .map(|mi| ctx.mentions[mi].country.clone())
                .collect()
        },
        own,
    )
    .is_some()
}

#[cfg(test)]
mod tests {
    use crate::context::testing::{country, dyads, events};

    #[test]
    fn a_plot_told_by_another_side_is_its_accusation() {
        for (text, want) in [
            (
                "\"The Quds Force was actively developing plans to attack American bases in \
                 Syria,\" the Defense Department said.",
                "USA ACCUSE IRN",
            ),
            (
                "Russia is planning to invade Ukraine, Biden said.",
                "USA ACCUSE RUS",
            ),
            // The plotter's own plan is its threat.
            (
                "Iran's army said it was planning to attack Israel.",
                "IRN THREATEN ISR",
            ),
        ] {
            let got = dyads(text);
            assert!(
                got.iter().any(|d| d == want),
                "{text}: {want} not in {got:?}"
            );
        }
    }

    #[test]
    fn a_missile_into_the_sea_is_a_launch_with_no_target() {
        let evs = events("North Korea fired a ballistic missile into the sea on Tuesday.");
        let e = &evs[0];
        assert_eq!(
            (e.event_type.as_str(), e.cameo.as_str()),
            ("MOBILIZE", "150")
        );
        assert_eq!(e.mode.as_deref(), Some("missile launch"));
        assert_eq!(country(&e.target), "-");
    }

    #[test]
    fn a_raid_that_kills_is_an_attack() {
        let evs = events("Israeli troops raided the camp in Jenin, killing three Palestinians.");
        assert!(
            evs.iter().any(|e| e.trigger_text == "raided"
                && e.event_type == "ASSAULT"
                && e.cameo == "190"),
            "{evs:?}"
        );
    }

    #[test]
    fn a_demand_with_a_penalty_is_a_threat() {
        let evs = events(
            "The United States demanded that Iran release the tanker or face military force.",
        );
        let e = evs
            .iter()
            .find(|e| e.trigger_text == "demanded")
            .expect("the demand");
        assert_eq!(
            (e.event_type.as_str(), e.cameo.as_str()),
            ("THREATEN", "138")
        );
        assert_eq!((country(&e.source), country(&e.target)), ("USA", "IRN"));
    }
}
