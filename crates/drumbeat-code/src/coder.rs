//! The coder's driver: the passes run in order over each sentence's context (triggers →
//! modality → sides → mode and CAMEO → the dated event, then the acts told without a
//! trigger), and then over the document's events (headlines, tolls, sideless events,
//! duplicates).

use std::collections::HashSet;

use drumbeat_model::{Annotated, Event, EventActor, Modality, PlaceMention, Span};

use crate::context::{DocCtx, HitCtx, NoAct, SentenceCtx};
use crate::dates;
use crate::lexicon::Lexicon;
use crate::{emit, implicit, modality, refine, sides};

/// Code the events of one document.
pub fn code_with(lex: &Lexicon, a: &Annotated) -> Vec<Event> {
    let dc = DocCtx::new(lex, a);
    let sentences = &a.doc.sentences;
    let mut events: Vec<Event> = Vec::new();
    // Events whose source the coder inferred rather than read (see `passes::consequences`).
    let mut weak: HashSet<String> = HashSet::new();
    let mut t0 = 0;
    // The last border place seen, for "along the border".
    let mut last_border: Option<&PlaceMention> = None;
    // The last actor of the sentences before this one (for pronouns), and the last dated
    // time of the sentences before it with their paragraph (for dating by context).
    let mut prev_actor = None;
    let mut context_time = dates::Context::default();
    for si in 0..sentences.len() {
        if si > 0 {
            if let Some(m) = dc.actors_in[si - 1].last() {
                prev_actor = Some(*m);
            }
            context_time.read(sentences[si - 1].paragraph, &dc.times_in[si - 1]);
        }
        let t1 = t0 + dc.toks[t0..].partition_point(|t| t.sent as usize == si);
        let st = &dc.toks[t0..t1];
        t0 = t1;
        if st.is_empty() {
            continue;
        }
        // 1. Triggers (found as the context is built).
        let ctx = SentenceCtx::new(&dc, si, st, &mut last_border, prev_actor, context_time);
        // 2.–6. Each trigger's act.
        code_hits(&ctx, &mut events, &mut weak);
        // 6b. "X said Y must ...": a demand of X on Y.
        implicit::must_demands(&ctx, &mut events);
        // 7. Troops counted at a border.
        implicit::troops_at_border(&ctx, &mut events);
    }
    for e in &mut events {
        e.confidence = crate::lexicon::calibrate(e.confidence);
    }
    // Headlines first: a headline's act ("Deby killed at front line", its victim read as
    // the attacker) must not count as the named attack that makes the body's report of
    // it a mere toll.
    let events = crate::passes::headlines(events, sentences);
    let events = crate::passes::consequences(events, &weak);
    let events = crate::passes::sideless(events);
    dedupe(events)
}

/// The acts of one sentence's triggers, in order: each one's modality, sides, mode and
/// CAMEO code, then the event (and its copies) pushed to `events`.
fn code_hits(ctx: &SentenceCtx, events: &mut Vec<Event>, weak: &mut HashSet<String>) {
    // Hits that turned out not to be acts (adjectives, names, elaborations) embed nothing.
    let mut dead = vec![false; ctx.hits.len()];
    let mut hit_modality: Vec<Option<Modality>> = vec![None; ctx.hits.len()];
    for (hi, h) in ctx.hits.iter().enumerate() {
        let trig = &ctx.lex.triggers[h.trigger];
        let hit = HitCtx {
            hi,
            h,
            trig,
            ty: trig.event_type.as_str(),
            span: Span::new(ctx.st[h.t0].start, ctx.st[h.t1 - 1].end),
        };

        // 2. Modality.
        let ordered_by = modality::order_giver(ctx, &hit, events);
        let warned_threat = modality::warned_threat(ctx.lex, &ctx.words, &ctx.hits, hi);
        let coordinated = modality::coordinated(&ctx.words, h);
        let modality = modality::of(
            ctx.lex,
            &ctx.words,
            &ctx.hits,
            hi,
            modality::Context {
                dead: &dead,
                before: &hit_modality,
                ordered: ordered_by.is_some(),
                warned_threat,
                coordinated,
                published_year: ctx.doc.published_year,
            },
        );
        hit_modality[hi] = Some(modality);
        // An order carried out is told once: as the act, by the one who ordered it (the
        // order's own event goes once the act is coded).
        // An order to one's own forces, coded as their mobilisation, stays when the act it
        // names is not coded ("ordered troops to prepare for deployment").
        let (ordered_by, order_id): (Option<EventActor>, Option<String>) = match ordered_by {
            Some((src, id)) => {
                events.retain(|e| e.id != id || e.event_type == "MOBILIZE");
                (Some(src), Some(id))
            }
            None => (None, None),
        };

        // 3. Source.
        let pick = match sides::source(
            ctx,
            &hit,
            events,
            &dead,
            ordered_by,
            warned_threat,
            modality,
        ) {
            Ok(pick) => pick,
            Err(NoAct::Dead) => {
                dead[hi] = true;
                continue;
            }
            Err(NoAct::Skip) => continue,
        };
        // 4. Target.
        let Ok(mut sides) = sides::target(ctx, &hit, pick, events) else {
            continue;
        };
        // 5. Mode refinements and CAMEO.
        let coding = refine::refine(ctx, &hit, &mut sides);
        // 6. Date, place and count; the event and its copies.
        let before = events.len();
        emit::emit(ctx, &hit, sides, coding, events, weak);
        if let Some(order_id) = order_id {
            if events.len() > before {
                events.retain(|e| e.id != order_id);
            }
        }
    }
}

fn members(a: &Option<EventActor>) -> Vec<String> {
    let Some(a) = a else { return Vec::new() };
    let mut v: Vec<String> = a.country.iter().cloned().collect();
    v.extend(a.also.iter().cloned());
    v
}

/// The same act told twice in one document (the meeting, then "the meeting with the US
/// officials") is one event: same type, mode, modality and date, overlapping actors
/// (in either direction for consultations and agreements). The first telling stays.
fn dedupe(events: Vec<Event>) -> Vec<Event> {
    // The words of a trigger, by stem: "attacked" and "the attack" tell one act, "closed
    // the borders" and "dissolved the institutions" two.
    fn stems(t: &str) -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 4)
            .map(|w| w.to_lowercase().chars().take(5).collect())
            .collect()
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        let e_stems = stems(&e.trigger_text);
        let (s, t) = (members(&e.source), members(&e.target));
        let overlap = |x: &[String], y: &[String]| {
            (x.is_empty() && y.is_empty()) || x.iter().any(|c| y.contains(c))
        };
        let symmetric = matches!(e.event_type.as_str(), "CONSULT" | "AGREE" | "COOPERATE");
        let dup = out.iter().any(|o| {
            let (os, ot) = (members(&o.source), members(&o.target));
            o.event_type == e.event_type
                && (o.sentence == e.sentence
                    || e.event_type != "COERCE"
                    || stems(&o.trigger_text).iter().any(|x| e_stems.contains(x)))
                && (o.mode == e.mode
                    || !matches!(e.event_type.as_str(), "MOBILIZE" | "CONSULT" | "ASSAULT"))
                && o.modality == e.modality
                && o.date == e.date
                && ((overlap(&os, &s) && overlap(&ot, &t))
                    || (symmetric && overlap(&os, &t) && overlap(&ot, &s)))
        });
        if !dup {
            out.push(e);
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::lexicon::LEXICON;
    use drumbeat_model::{Document, Modality};

    pub fn events_of(text: &str, published: Option<&str>) -> Vec<drumbeat_model::Event> {
        let d = Document::plain(&drumbeat_ingest::content_id(text), "t", text, published);
        let a =
            drumbeat_nlp::recognise(&drumbeat_nlp::gazetteer::GAZETTEER, drumbeat_nlp::clean(d));
        super::code_with(&LEXICON, &a)
    }

    fn country(a: &Option<drumbeat_model::EventActor>) -> String {
        a.as_ref()
            .and_then(|x| x.country.clone())
            .unwrap_or_else(|| "-".into())
    }

    #[test]
    fn quoted_metaphors_and_adverbial_passives() {
        // A politician's quoted words are no attack of his, on anyone.
        let evs = events_of(
            "Soldiers of Mali and Burkina Faso clashed on the border on Monday. \
             \u{201c}This blow has wounded the whole nation,\u{201d} Prime Minister Choguel Maiga of Mali said.",
            Some("2022-01-14"),
        );
        assert!(
            !evs.iter()
                .any(|e| e.event_type == "ASSAULT" && e.trigger_text == "wounded"),
            "{evs:?}"
        );
        // "was also shot" is a passive: the subject is the victim.
        let evs = events_of(
            "Malian opposition leader Amadou Traore was also shot on Monday.",
            Some("2022-01-14"),
        );
        assert!(
            evs.iter().any(|e| e.event_type == "ASSAULT"
                && e.target.as_ref().is_some_and(|t| t.name == "Amadou Traore")
                && e.source
                    .as_ref()
                    .is_some_and(|s| s.name == "unidentified attackers")),
            "{evs:?}"
        );
    }

    #[test]
    fn a_stated_purpose_and_a_vowed_attack() {
        // "in protest against" is why they strike, not a criticism of its own.
        let evs = events_of(
            "Kenyan doctors began a hunger strike in protest against the arrest of their leaders.",
            Some("2024-01-14"),
        );
        assert!(evs.iter().any(|e| e.event_type == "PROTEST"), "{evs:?}");
        assert!(!evs.iter().any(|e| e.event_type == "ACCUSE"), "{evs:?}");
        // A vow to go on attacking is a threat, not a promise to cooperate.
        for t in [
            "Iran vowed to attack Israel.",
            "Iran vowed to continue its attacks on Israel.",
            "Russia promised to intensify its offensive against Ukraine.",
        ] {
            let evs = events_of(t, Some("2024-01-14"));
            assert!(
                evs.iter()
                    .any(|e| e.event_type == "THREATEN" && e.modality == Modality::Asserted),
                "{t}: {evs:?}"
            );
            assert!(!evs.iter().any(|e| e.event_type == "AGREE"), "{t}: {evs:?}");
        }
        // Counter-example: a vow to cooperate stays an intent to cooperate.
        let evs = events_of("Japan vowed to support Ukraine.", Some("2024-01-14"));
        assert!(evs.iter().any(|e| e.event_type == "AGREE"), "{evs:?}");
    }

    #[test]
    fn passive_agents_act_together_and_condemn_the_act_before() {
        let evs = events_of(
            "Israeli forces raided Jenin on Monday. The raid was condemned by Jordan and Egypt.",
            Some("2024-01-14"),
        );
        let accuse = evs
            .iter()
            .find(|e| e.event_type == "ACCUSE")
            .expect("the condemnation");
        assert_eq!(country(&accuse.source), "JOR", "{evs:?}");
        assert_eq!(
            accuse.source.as_ref().map(|s| s.also.clone()),
            Some(vec!["EGY".to_string()])
        );
        assert_eq!(
            country(&accuse.target),
            "ISR",
            "the raiders, not Egypt: {evs:?}"
        );
        let raid = evs.iter().find(|e| e.event_type == "COERCE").unwrap();
        assert_eq!(country(&raid.target), "PSE", "Jenin: {evs:?}");
        // Counter-example: a single agent still acts alone on the act before.
        let evs = events_of("The deal was welcomed by Egypt.", Some("2024-01-14"));
        assert!(
            evs.iter()
                .any(|e| e.event_type == "SUPPORT" && country(&e.source) == "EGY"),
            "{evs:?}"
        );
    }

    #[test]
    fn distinct_measures_of_one_kind_stay_apart() {
        // An arrest and a dissolution are two acts of coercion, a raid told twice is one.
        let evs = events_of(
            "Police in Chad arrested two opposition leaders on Monday. \
             The junta in Chad dissolved parliament on Monday.",
            Some("2022-01-14"),
        );
        let coerce = evs.iter().filter(|e| e.event_type == "COERCE").count();
        assert_eq!(coerce, 2, "{evs:?}");
    }

    #[test]
    fn example_triggers() {
        let mut failures = Vec::new();
        for t in &LEXICON.triggers {
            for ex in &t.examples {
                let (sentence, want) = ex.split_once(" => ").unwrap();
                let w: Vec<&str> = want.split_whitespace().collect();
                let evs = events_of(sentence, Some("2022-01-14"));
                let ok = evs.iter().any(|e| {
                    e.modality == Modality::Asserted
                        && e.event_type == w[1]
                        && (w[0] == "-"
                            || country(&e.source) == w[0]
                            || e.source
                                .as_ref()
                                .is_some_and(|s| s.also.iter().any(|x| x.starts_with(w[0]))))
                        && (w[2] == "-" || country(&e.target) == w[2])
                });
                if !ok {
                    let got: Vec<String> = evs
                        .iter()
                        .map(|e| {
                            format!(
                                "{} {} {} {:?} [{}]",
                                country(&e.source),
                                e.event_type,
                                country(&e.target),
                                e.modality,
                                e.trigger_text
                            )
                        })
                        .collect();
                    failures.push(format!("{sentence}\n   want {want}\n   got  {got:?}"));
                }
            }
        }
        for ex in &LEXICON.not_examples {
            let (sentence, _) = ex.split_once(" => ").unwrap();
            let asserted: Vec<String> = events_of(sentence, Some("2022-01-14"))
                .iter()
                .filter(|e| e.modality == Modality::Asserted)
                .map(|e| format!("{} [{}]", e.event_type, e.trigger_text))
                .collect();
            if !asserted.is_empty() {
                failures.push(format!(
                    "{sentence}\n   want no event\n   got  {asserted:?}"
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} examples fail:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// The asserted events of a text, as "SRC TYPE TGT" (country level, `-` for none).
    fn asserted(text: &str) -> Vec<String> {
        crate::context::testing::asserted_dyads(&events_of(text, Some("2023-03-15")))
    }

    fn has(text: &str, want: &str) {
        let got = asserted(text);
        assert!(
            got.iter().any(|g| g == want),
            "{text}\n want {want}\n got {got:?}"
        );
    }

    fn lacks(text: &str, unwanted: &str) {
        let got = asserted(text);
        assert!(
            !got.iter().any(|g| g == unwanted),
            "{text}\n must not give {unwanted}\n got {got:?}"
        );
    }

    #[test]
    fn attributions_purposes_and_condemned_acts() {
        // A closing attribution reports the act: its place is no target.
        let t = "Chilean troops captured the village after heavy fighting, the army command in Santiago said.";
        has(t, "CHL ASSAULT -");
        lacks(t, "CHL ASSAULT CHL");
        // An infinitive or noun of purpose after an object is the subject's act.
        let t = "Peru summoned the Bolivian ambassador to protest the border incident.";
        has(t, "PER ACCUSE BOL");
        lacks(t, "BOL ACCUSE BOL");
        let t =
            "Ghana's defence minister Kofi Mensah visited Abuja for talks with Nigerian officials.";
        has(t, "GHA CONSULT NGA");
        lacks(t, "NGA CONSULT NGA");
        // A defence minister's trip is a visit (troops arriving are not).
        has(
            "Turkey's defence minister visited Baghdad on Monday.",
            "TUR CONSULT IRQ",
        );
        // Condemning an act names no one and is still an act.
        has(
            "Malaysia condemned the shooting at the mosque.",
            "MYS ACCUSE -",
        );
        // "the test" is the missile test, not drills told after it.
        let t = "North Korea test-fired a cruise missile on Sunday. Japanese and US forces held joint drills near Okinawa. Seoul condemned the test.";
        has(t, "KOR ACCUSE PRK");
        // Drills condemned are drills, not the last clash of the document.
        let t = "Armenian and Azerbaijani troops exchanged fire along the border. Iran denounced the drills.";
        lacks(t, "IRN ACCUSE ARM");
        // An assembly is where the act happened, not a meeting of the clause's actors.
        lacks(
            "Canada pledged new support for Ukraine during the summit.",
            "CAN CONSULT UKR",
        );
        // A national security council is its state's, not the UN's.
        has(
            "Iraq's National Security Council condemned the raid on the border post.",
            "IRQ ACCUSE -",
        );
    }

    #[test]
    fn readiness_to_use_force_and_forces_for_a_host() {
        // Readiness to use force is a threat, asserted whatever its condition.
        let t = "Ghana's army is ready to respond if Togo attacks, a general said.";
        has(t, "GHA THREATEN TGO");
        lacks(t, "GHA AGREE TGO");
        // Readiness to talk is not.
        lacks(
            "Ghana is ready to resume talks if Togo lifts its blockade.",
            "GHA THREATEN TGO",
        );
        // Troops to be sent to an ally threaten no one (and are not sent yet).
        let t = "Norway will send more troops to Estonia, the defence minister said.";
        lacks(t, "NOR THREATEN EST");
        lacks(t, "NOR MOBILIZE EST");
        // To a border they are a threat.
        has(
            "Russia will send troops to the Estonian border.",
            "RUS THREATEN EST",
        );
        // Naming an act a crime or an escalation condemns it.
        has(
            "Ankara called the Greek decision a dangerous escalation.",
            "TUR ACCUSE GRC",
        );
        has(
            "Japan described the move as a grave mistake.",
            "JPN ACCUSE -",
        );
        // Fired at a ship at sea is an attack; into the sea, a launch.
        has(
            "Houthi rebels fired a missile at a British tanker in the Red Sea.",
            "YEM ASSAULT GBR",
        );
        lacks(
            "North Korea fired a missile into the sea off its east coast.",
            "PRK ASSAULT -",
        );
        // Two titled people joined by "and" act together.
        has(
            "Chilean Foreign Minister Ana Duarte and Peruvian President Ramon Vidal met on Sunday.",
            "CHL CONSULT PER",
        );
        // A call for restraint aimed at someone is aimed at them, not at "both sides".
        let t = "Chile and Peru exchanged fire. The United Nations and Bolivia urged Chile to show restraint.";
        has(t, "UN REQUEST CHL");
        // Moving armour is a mobilisation.
        has(
            "Venezuela moved tanks and artillery to the border with Guyana.",
            "VEN MOBILIZE GUY",
        );
    }

    #[test]
    fn held_arrangements_and_calls_on_ones_own() {
        // An arrangement held is no act; one made is.
        lacks(
            "Chile and Peru have a fishing agreement that dates from 1952.",
            "CHL AGREE PER",
        );
        lacks(
            "Under the 2015 accord, Vietnam will buy rice from Thailand.",
            "VNM AGREE VNM",
        );
        lacks(
            "Cuba, under American sanctions for decades, rejected the offer.",
            "CUB SANCTION -",
        );
        has(
            "Chile has signed a fishing agreement with Peru.",
            "CHL AGREE PER",
        );
        // "under pressure" is a noun, "came under attack" still an act.
        lacks(
            "Kenya withdrew the bill under pressure from Uganda.",
            "KEN REQUEST UGA",
        );
        // Seeking to do something is no request.
        lacks(
            "Turkey is seeking to expand its influence in Somalia.",
            "TUR REQUEST TUR",
        );
        // A call on one's own people is aimed at home, not at the country they are in.
        let t = "Poland urged its citizens to leave Belarus immediately.";
        has(t, "POL REQUEST POL");
        lacks(t, "POL REQUEST BLR");
        has(
            "Poland urged Belarus to release the journalist.",
            "POL REQUEST BLR",
        );
    }

    #[test]
    fn objects_mediators_and_new_measures() {
        // Mediators act together on the two sides between them.
        let t = "Norway and Turkey mediated a truce between Armenia and Azerbaijan.";
        let got = events_of(t, Some("2023-03-15"));
        let e = got.iter().find(|e| e.event_type == "CONSULT").expect(t);
        assert_eq!(country(&e.source), "NOR");
        assert_eq!(
            e.source.as_ref().map(|s| s.also.clone()),
            Some(vec!["TUR".to_string()])
        );
        assert_eq!(country(&e.target), "ARM");
        // The truce mediated or agreed is what the talk or deal is about, no withdrawal.
        lacks(t, "NOR RETREAT ARM");
        lacks(
            "Sudan and South Sudan agreed a ceasefire on Tuesday.",
            "SDN RETREAT SSD",
        );
        // A new measure brought in with "a" and aimed at someone is the act.
        has(
            "Canada announced a new military aid package for Ukraine.",
            "CAN AID UKR",
        );
        has("Japan pledged aid for Myanmar on Friday.", "JPN AID MMR");
        // Claiming an attack is the attack; water cannon is force short of arms.
        let t = "Al-Shabaab claimed responsibility for the attack in Mogadishu.";
        assert!(
            asserted(t).iter().any(|e| e.starts_with("SOM ASSAULT")),
            "{t}"
        );
        has(
            "The Chinese coast guard turned water cannon on a Philippine supply boat.",
            "CHN COERCE PHL",
        );
    }

    #[test]
    fn a_headline_never_makes_the_body_a_toll() {
        // The headline's reduced passive reads its victim as the attacker; the body's
        // report of the killing by unnamed attackers must survive it.
        let t = "date 2021-04-20 Chad President Idriss Deby killed at front line\n\nChad President Idriss Deby was killed on Tuesday while visiting troops in the north, the army said.\n";
        let d =
            drumbeat_ingest::read_bytes("t.txt", Some("txt"), t.as_bytes(), &Default::default());
        let doc = d.documents.into_iter().next().unwrap();
        let a = drumbeat_nlp::recognise(
            &drumbeat_nlp::gazetteer::GAZETTEER,
            drumbeat_nlp::clean(doc),
        );
        let got = super::code_with(&LEXICON, &a);
        assert!(
            got.iter().any(|e| e.event_type == "ASSAULT"
                && e.target.as_ref().is_some_and(|t| t.name == "Idriss Deby")),
            "{got:#?}"
        );
    }

    #[test]
    fn raids_flags_and_reasons() {
        // A raid that kills is an attack on the victims named.
        let t = "Ethiopian troops raided a village in Somalia, killing four Somalis.";
        has(t, "ETH ASSAULT SOM");
        lacks(t, "ETH COERCE ETH");
        // A ship is the country whose flag it flies.
        has(
            "Iran seized a Liberian-flagged tanker near the Strait of Hormuz.",
            "IRN COERCE LBR",
        );
        // What a measure is over is its reason, not an act.
        let t = "Beijing imposed sanctions on Lithuanian officials over arms sales to Taiwan.";
        lacks(t, "CHN AID TWN");
        has(t, "CHN SANCTION LTU");
    }

    #[test]
    fn orders_and_instruments_are_the_act() {
        // An order to one's own forces is the act; no request of anyone.
        let t = "Azerbaijan said its president had ordered his troops to withdraw from the border on Monday.";
        has(t, "AZE RETREAT -");
        lacks(t, "AZE REQUEST AZE");
        // An order to another country is a demand.
        has(
            "Turkey ordered Syria to withdraw its troops from the border.",
            "TUR REQUEST SYR",
        );
        // Adopting a measure to ban: the ban happened.
        has(
            "The European Union on Friday adopted a measure to ban Russian trucks from entering its territory.",
            "EU COERCE RUS",
        );
    }

    #[test]
    fn coordination_after_a_participle_clause() {
        let t = "The African Union on Sunday gave Sudan's generals two weeks to hand over power, \
                 warning they did not exclude force, and imposed immediate sanctions on Sudan.";
        has(t, "AU THREATEN SDN");
        has(t, "AU SANCTION SDN");
        lacks(t, "SDN SANCTION AU");
    }

    #[test]
    fn both_sides_each_other_and_lists() {
        let t = "Ethiopian troops shelled Eritrean positions on Monday. \
                 The African Union urged both sides to show restraint.";
        let got = asserted(t);
        assert!(
            got.iter()
                .any(|g| g == "AU REQUEST ERI" || g == "AU REQUEST ETH"),
            "{got:?}"
        );
        let t = "Armenia and Azerbaijan accused each other of shelling border villages.";
        has(t, "ARM ACCUSE AZE");
        has(t, "AZE ACCUSE ARM");
        let t =
            "The Swedish prime minister said she had telephoned Polish President Andrzej Duda, \
                 German Chancellor Olaf Scholz and French President Emmanuel Macron.";
        has(t, "SWE CONSULT DEU");
        has(t, "SWE CONSULT FRA");
        let t =
            "The United Nations, the European Union and Canada condemned the coup in Burkina Faso.";
        has(t, "UN ACCUSE BFA");
        has(t, "CAN ACCUSE BFA");
    }

    #[test]
    fn replies_and_subjects() {
        // Condemning "the attack" names its attacker.
        let t = "Israeli jets struck targets in Lebanon on Monday. Lebanon's prime minister condemned the attack.";
        has(t, "LBN ACCUSE ISR");
        // Retaliation is vowed against the attacker, never at home.
        let t = "Indian jets struck targets in Pakistan on Tuesday. Pakistan's prime minister vowed his country would retaliate.";
        has(t, "PAK THREATEN IND");
        lacks(t, "PAK THREATEN PAK");
        // The subject of the clause, not the object of the verb before.
        let t = "Tajik troops entered a Kyrgyz village and shelled its school on Friday.";
        has(t, "TJK ASSAULT KGZ");
        lacks(t, "KGZ ASSAULT -");
        // The accused denying does not undo the accusation.
        has(
            "Ethiopia blamed Eritrea, which denies involvement.",
            "ETH ACCUSE ERI",
        );
    }

    #[test]
    fn orders_and_ultimatums() {
        // The order is the act named.
        has(
            "Putin ordered the arrest of the opposition leader.",
            "RUS COERCE RUS",
        );
        lacks(
            "Putin ordered the arrest of the opposition leader.",
            "RUS REQUEST RUS",
        );
        // A demand with a penalty is a threat.
        has(
            "ECOWAS demanded that Niger's junta reinstate the president or face military force.",
            "ECOWAS THREATEN NER",
        );
    }

    #[test]
    fn hyphenated_holders_and_deadly_strikes() {
        // The country that controls a territory is hit; strikes that kill are attacks.
        has(
            "Chile conducted missile strikes across Peru-controlled territory, killing at least eight people.",
            "CHL ASSAULT PER",
        );
        // "Iran-backed rebels" are not Iran.
        lacks(
            "Iran-backed rebels shelled Saudi border posts on Monday.",
            "IRN ASSAULT SAU",
        );
        // A finite verb after "and" is no content of the verb before it.
        has(
            "Niger's junta rejected the call and warned ECOWAS against military intervention.",
            "NER THREATEN ECOWAS",
        );
    }

    #[test]
    fn scare_quoted_labels() {
        // A scare-quoted phrase after a determiner names a thing.
        lacks(
            "Iran's foreign ministry said the U.S. \"maximum pressure\" campaign had failed.",
            "USA REQUEST IRN",
        );
        lacks(
            "Chile's defence minister called it a \"cowardly attack\" on Monday.",
            "CHL ASSAULT -",
        );
        // Quoted acts still act.
        let t = "Indian and Chinese troops clashed on Monday. The army said the two sides \"have disengaged\" from the valley.";
        assert!(
            asserted(t).iter().any(|e| e.contains("RETREAT")),
            "{:?}",
            asserted(t)
        );
        // A person set off by a title after the name takes the title's country.
        has(
            "A US drone strike killed Karim Haddad, the head of Iran's air defence unit, on Monday.",
            "USA ASSAULT IRN",
        );
    }

    #[test]
    fn two_sides_dates_and_votes() {
        // A launch "on Monday" is dated, not aimed.
        has(
            "North Korea fired a ballistic missile on Monday, South Korea's military said.",
            "PRK MOBILIZE -",
        );
        lacks(
            "North Korea fired a ballistic missile on Monday, South Korea's military said.",
            "PRK ASSAULT KOR",
        );
        // Condemning a visit names no attacker.
        let t = "Chinese jets shelled Philippine boats on Monday. Japan condemned the visit.";
        lacks(t, "JPN ACCUSE CHN");
        // The two sides as the subject.
        let t = "Thai troops shelled Cambodian positions on Monday. The two sides agreed to a ceasefire on Tuesday.";
        let got = asserted(t);
        assert!(
            got.iter().any(|g| g == "THA AGREE -" || g == "KHM AGREE -"),
            "{got:?}"
        );
        has(
            "Kenya's president spoke with Ethiopia's prime minister on Friday.",
            "KEN CONSULT ETH",
        );
        has(
            "Kenya's parliament voted to dissolve the electoral commission.",
            "KEN COERCE KEN",
        );
    }

    #[test]
    fn launches_and_tolls() {
        has(
            "Pakistan test-fired a ballistic missile into the Arabian Sea on Thursday.",
            "PAK MOBILIZE -",
        );
        has(
            "Hamas fired rockets at Israel on Monday.",
            "PSE ASSAULT ISR",
        );
    }
}
