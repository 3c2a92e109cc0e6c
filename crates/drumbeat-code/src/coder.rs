//! The coder: triggers → events with actors, modality, date, place and evidence.

use drumbeat_model::{
    ActorKind, ActorMention, Annotated, Event, EventActor, EventPlace, EventType, Modality,
    PlaceMention, Quote, Role, Span,
};
use drumbeat_nlp::tokens::{tokenize, Kind, Token};

use crate::dates::{self, EventDate};
use crate::lexicon::Lexicon;
use crate::modality::{self, MODALS, NEG};
use crate::triggers::{self, Hit, SentenceView};

const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "claimed",
    "claims",
    "reported",
    "reports",
    "announced",
    "announces",
    "confirmed",
    "stated",
    "added",
];
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

/// Where a closing attribution starts (a token index; the sentence's length if it has
/// none): ", the defence ministry in Moscow said." or ", according to TASS." The words
/// after the last comma when they open with "according to" or "said", or end in a speech
/// verb within their last four words. Who and where is named there reports the act: it is
/// no target and no scene.
fn attribution_tail(words: &[String]) -> usize {
    let n = words.len();
    let Some(c) = words.iter().rposition(|w| w == ",") else {
        return n;
    };
    let mut end = n;
    while end > c + 1 && !words[end - 1].chars().any(char::is_alphanumeric) {
        end -= 1;
    }
    let tail = &words[c + 1..end];
    if tail.is_empty() || tail.len() > 14 {
        return n;
    }
    let opens = tail[0] == "according" || SPEECH.contains(&tail[0].as_str());
    let closes = tail
        .iter()
        .rev()
        .take(4)
        .any(|w| SPEECH.contains(&w.as_str()));
    if opens || closes {
        c
    } else {
        n
    }
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

fn low(t: &Token, text: &str) -> String {
    t.text(text).to_lowercase()
}

fn actor_of(m: &ActorMention, a: &Annotated) -> EventActor {
    let name = m
        .person
        .and_then(|p| a.people.get(p as usize))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| m.text.clone());
    EventActor {
        code: m.code.clone(),
        country: m.country.clone(),
        role: m.role,
        name,
        span: m.span,
        also: Vec::new(),
    }
}

fn place_actor(p: &PlaceMention) -> EventActor {
    EventActor {
        code: p.country.clone(),
        country: Some(p.country.clone()),
        role: None,
        name: p.name.clone(),
        span: p.span,
        also: Vec::new(),
    }
}

/// How many earlier events a reply ("X denied the accusation") looks back through.
const REPLY_LOOKBACK: usize = 200;

/// Items grouped by their sentence index, in their original order within a sentence.
fn by_sentence<T>(items: &[T], sentences: usize, sentence: impl Fn(&T) -> u32) -> Vec<Vec<&T>> {
    let mut out: Vec<Vec<&T>> = vec![Vec::new(); sentences];
    for x in items {
        if let Some(v) = out.get_mut(sentence(x) as usize) {
            v.push(x);
        }
    }
    out
}

/// For each sentence, the quotes that overlap it, in their original order.
fn quotes_by_sentence<'a>(
    quotes: &'a [Quote],
    sentences: &[drumbeat_model::Sentence],
) -> Vec<Vec<&'a Quote>> {
    let mut out: Vec<Vec<&Quote>> = vec![Vec::new(); sentences.len()];
    for q in quotes {
        // Sentences are in text order: the first one ending after the quote starts.
        let first = sentences.partition_point(|s| s.span.end <= q.span.start);
        for (i, s) in sentences.iter().enumerate().skip(first) {
            if s.span.start >= q.span.end {
                break;
            }
            out[i].push(q);
        }
    }
    out
}

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

/// A country (or organisation) as an event's side, by its code.
fn country_actor(code: String, name: &str, span: Span, also: Vec<String>) -> EventActor {
    EventActor {
        code: code.clone(),
        country: Some(code),
        role: None,
        name: name.to_string(),
        span,
        also,
    }
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

fn event_id(doc: &str, start: usize, ty: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(doc.as_bytes());
    h.update(&start.to_le_bytes());
    h.update(ty.as_bytes());
    format!("{:016x}", h.digest())
}

/// Code the events of one document.
pub fn code_with(lex: &Lexicon, a: &Annotated) -> Vec<Event> {
    let doc = &a.doc;
    let clean = doc.clean_text();
    let text = &doc.document.text;
    let toks = tokenize(&clean, &doc.sentences);
    let mut events: Vec<Event> = Vec::new();
    // Events whose source the coder inferred rather than read (see `passes::consequences`).
    let mut weak: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut t0 = 0;
    // The last border place seen, for "along the border".
    let mut last_border: Option<&PlaceMention> = None;
    // Everything a sentence looks up, grouped by sentence once, so that a long document
    // costs in proportion to its length (not its length squared).
    let n = doc.sentences.len();
    let actors_in = by_sentence(&a.actors, n, |m| m.sentence);
    let places_in = by_sentence(&a.places, n, |p| p.sentence);
    let times_in = by_sentence(&a.times, n, |t| t.sentence);
    let numbers_in = by_sentence(&a.numbers, n, |x| x.sentence);
    // The document's focus (for arrests told in the passive) and the countries it names,
    // most first (for "both sides" when no event joins two yet), once per document.
    let g = &drumbeat_nlp::gazetteer::GAZETTEER;
    let published_year: Option<i32> = doc
        .document
        .published
        .as_deref()
        .and_then(|d| d.get(..4)?.parse().ok());
    let focus = {
        let mut at: Vec<(usize, &str)> = a
            .actors
            .iter()
            .filter(|m| m.kind != ActorKind::Person)
            .filter_map(|m| Some((m.span.start, m.country.as_deref()?)))
            .chain(a.places.iter().map(|p| (p.span.start, p.country.as_str())))
            .collect();
        at.sort_by_key(|x| x.0);
        drumbeat_nlp::actors::focus_country(g, at.into_iter().map(|x| x.1))
    };
    let named: Vec<String> = drumbeat_nlp::actors::country_counts(
        g,
        a.actors.iter().filter_map(|m| m.country.as_deref()),
    )
    .into_iter()
    .map(|(c, _)| c.to_string())
    .collect();
    let quotes_in = quotes_by_sentence(&a.quotes, &doc.sentences);
    let mut actors_by_start: Vec<&ActorMention> = a.actors.iter().collect();
    actors_by_start.sort_by_key(|m| m.span.start);
    // The last actor of the sentences before this one (for pronouns), and the last dated
    // time of the sentences before it with their paragraph (for dating by context).
    let mut prev_actor: Option<&ActorMention> = None;
    let mut context_time = dates::Context::default();
    let published = doc.document.published.as_ref();
    for (si, sent) in doc.sentences.iter().enumerate() {
        if si > 0 {
            if let Some(m) = actors_in[si - 1].last() {
                prev_actor = Some(m);
            }
            context_time.read(doc.sentences[si - 1].paragraph, &times_in[si - 1]);
        }
        let t1 = t0 + toks[t0..].partition_point(|t| t.sent as usize == si);
        let st = &toks[t0..t1];
        t0 = t1;
        if st.is_empty() {
            continue;
        }
        let words: Vec<String> = st.iter().map(|t| low(t, &clean)).collect();
        let mentions: &[&ActorMention] = &actors_in[si];
        let places: &[&PlaceMention] = &places_in[si];
        let sentence_border = places.iter().find(|p| p.kind == "border").copied();
        if let Some(b) = sentence_border {
            last_border = Some(b);
        }
        let bare_border = words
            .windows(2)
            .any(|w| w[0] == "the" && (w[1] == "border" || w[1] == "frontier"));
        let border = sentence_border.or(if bare_border { last_border } else { None });

        // 1. Triggers, longest first, no overlaps; an expression of intent marks the act
        // after it.
        let view = SentenceView {
            clean: &clean,
            st,
            words: &words,
            mentions,
            quotes: &quotes_in[si],
        };
        let mut hits = triggers::find(lex, &view);
        triggers::mark_intents(lex, &view, &mut hits);
        // Where the sentence's closing attribution starts, if it has one.
        let reported_from = attribution_tail(&words);
        // Token index (in the sentence) where a mention starts / ends.
        let tok_of = |pos: usize| st.partition_point(|t| t.start < pos);
        let m_tok: Vec<(usize, usize)> = mentions
            .iter()
            .map(|m| (tok_of(m.span.start), tok_of(m.span.end)))
            .collect();

        // Hits that turned out not to be acts (adjectives, names, elaborations) embed nothing.
        let mut dead = vec![false; hits.len()];
        let mut hit_modality: Vec<Option<Modality>> = vec![None; hits.len()];
        for (hi, h) in hits.iter().enumerate() {
            let trig = &lex.triggers[h.trigger];
            let ty = trig.event_type.as_str();
            let trigger_span = Span::new(st[h.t0].start, st[h.t1 - 1].end);

            // 2. Modality.
            let window = |n: usize| h.t0.saturating_sub(n)..h.t0;
            // "ordered his fighters to turn around", "ordered the party dissolved": an order to
            // one's own forces, or that an act be done, is the act itself (the order is the
            // act); an order to another country is a demand.
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
                let participle =
                    h.t0 > p.t1 && !words[h.t0 - 1].eq("to") && words[h.t0].ends_with("ed");
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
                let foreign = (0..mentions.len()).any(|mi| {
                    m_tok[mi].0 >= p.t1 && m_tok[mi].0 <= p.t1 + 1 && m_tok[mi].1 <= h.t0
                });
                if ptype == "REQUEST"
                    && order_verb
                    && !p.noun
                    && h.t0 <= p.t1 + 10
                    && !modality::clause_break(&words, p.t1, h.t0)
                    && ((own && !foreign) || participle || nominal)
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
            let warned_threat = modality::warned_threat(lex, &words, &hits, hi);
            let coordinated = modality::coordinated(&words, h);
            let mut modality = modality::of(
                lex,
                &words,
                &hits,
                hi,
                modality::Context {
                    dead: &dead,
                    before: &hit_modality,
                    ordered: ordered_by.is_some(),
                    warned_threat,
                    coordinated,
                    published_year,
                },
            );
            hit_modality[hi] = Some(modality);

            // 3. Source.
            let mut source: Option<EventActor> = None;
            let mut reported_by: Option<String> = None;
            let mut confidence: f32 = 0.8;
            // Passive: "... were pressed near the border by Russian President Vladimir Putin".
            // One adverb may stand between: "was reportedly killed", "were also arrested".
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
                && (is_aux(h.t0 - 1)
                    || (h.t0 >= 2 && adverb(&words[h.t0 - 1]) && is_aux(h.t0 - 2)));
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
            let mut passive_target: Option<EventActor> = None;
            // The source was inferred (a place, a reporter, nobody named), not read.
            let mut weak_source = false;
            if let Some((src, order_id)) = &ordered_by {
                source = Some(src.clone());
                events.retain(|e| &e.id != order_id);
            }
            if warned_threat {
                source = events
                    .iter()
                    .find(|e| {
                        e.sentence as usize == si
                            && e.modality == Modality::Asserted
                            && e.source.is_some()
                    })
                    .and_then(|e| e.source.clone());
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
                source = Some(s);
                if let Some(pi) = (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 <= h.t0) {
                    passive_target = Some(actor_of(mentions[pi], a));
                }
            }
            // Possessive owner of a noun trigger: "Moscow's demands", "Russia's troop buildup".
            let mut owner: Option<usize> = None;
            if h.noun && source.is_none() {
                let mut k = h.t0;
                while k > 0
                    && k + 3 > h.t0
                    && st[k - 1].kind == Kind::Word
                    && !mentions.iter().any(|m| m.span.end == st[k - 1].end)
                {
                    k -= 1;
                }
                if let Some(mi) =
                    (0..mentions.len()).find(|&mi| m_tok[mi].0 < h.t0 && m_tok[mi].1 > h.t0)
                {
                    // A group mention that swallowed the trigger's first word: "Russia's troop buildup".
                    owner = Some(mi);
                } else if k > 0 && matches!(words[k - 1].as_str(), "’s" | "'s") {
                    owner = (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 == k - 1);
                } else if let Some(mi) = (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 == h.t0) {
                    // "Russian troop buildup".
                    owner = Some(mi);
                }
                if let Some(mi) = owner {
                    source = Some(actor_of(mentions[mi], a));
                }
            }
            // "the massing of Russian troops": the forces follow the noun (but "an invasion
            // of Ukraine" names the target).
            let mut of_actor = false;
            // "sparked condemnation from the African Union": the source follows "from".
            let mut from_source = false;
            if h.noun && source.is_none() && h.t1 < st.len() && words[h.t1] == "from" {
                if let Some(mi) = (0..mentions.len()).find(|&mi| {
                    m_tok[mi].0 == h.t1 + 1 || (m_tok[mi].0 == h.t1 + 2 && words[h.t1 + 1] == "the")
                }) {
                    source = Some(actor_of(mentions[mi], a));
                    of_actor = true;
                    from_source = true;
                }
            }
            if h.noun && source.is_none() && h.t1 < st.len() && words[h.t1] == "of" {
                if let Some(mi) = (0..mentions.len()).find(|&mi| {
                    m_tok[mi].0 == h.t1 + 1 || (m_tok[mi].0 == h.t1 + 2 && words[h.t1 + 1] == "the")
                }) {
                    if mentions[mi].role == Some(Role::Mil) || ty == "MOBILIZE" {
                        source = Some(actor_of(mentions[mi], a));
                        of_actor = true;
                    }
                }
            }
            // Not an act of its own:
            // - a verb form used as an adjective or noun after a determiner ("the occupied West
            //   Bank", "this jail", "the alleged crimes");
            // - a capitalised word inside a name ("Emergency Relief Coordinator");
            // - an -ing clause elaborating the act before it ("opened fire ..., killing one");
            // - a relative clause of an event noun ("a strike that shut down the city").
            let first_word = &words[h.t0];
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
                && !(words[h.t0 - 1] == "that"
                    && h.t0 >= 2
                    && !hits[..hi].iter().any(|p| p.t1 == h.t0 - 1))
            {
                dead[hi] = true;
                continue;
            }
            if !h.noun && h.t0 > 0 && words[h.t0 - 1] == "of" && !words[h.t0].ends_with("ing") {
                // "a series of bombs": a verb form after "of" is a noun with no actor of its own.
                dead[hi] = true;
                continue;
            }
            if h.t0 > 0 && st[h.t0].is_cap(&clean) && !st[h.t0].first {
                dead[hi] = true;
                continue;
            }
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
                    dead[hi] = true;
                    continue;
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
                    dead[hi] = true;
                    continue;
                }
            }
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
                    continue;
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
                continue;
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
                dead[hi] = true;
                continue;
            }
            // A bare noun ("the talks", "such proposals") refers back to an act told elsewhere,
            // unless it names its actor: an owner, or "between X and Y".
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
            let specific = times_in[si].iter().any(|t| {
                t.sentence as usize == si
                    && (t.span.end + 4 >= trigger_span.start && t.span.end <= trigger_span.start
                        || t.span.start >= trigger_span.end
                            && t.span.start <= trigger_span.end + 12)
            }) || places
                .iter()
                .any(|p| p.span.start >= trigger_span.end && p.span.start <= trigger_span.end + 8);
            if h.noun
                && !h.intent
                && owner.is_none()
                && !of_actor
                && (!between || anaphoric)
                && !matches!(ty, "REJECT" | "SUPPORT" | "ACCUSE")
            {
                let adjacent =
                    (0..mentions.len()).any(|mi| m_tok[mi].1 + 2 >= h.t0 && m_tok[mi].1 <= h.t0);
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
                    continue;
                }
            }
            // "warned that ...": a statement, not a threat.
            // "warned that the police will no longer tolerate rallies" is a threat all the same.
            let future_clause = words[h.t1..]
                .iter()
                .take(12)
                .any(|w| matches!(w.as_str(), "will" | "would" | "'ll" | "’ll"));
            let that_follows = h.t1 < st.len() && words[h.t1] == "that" && !future_clause;
            let time_then_that = h.t1 + 1 < st.len()
                && words[h.t1 + 1] == "that"
                && times_in[si].iter().any(|t| t.span.start == st[h.t1].start);
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
            if ty == "THREATEN"
                && !h.noun
                && (that_follows || time_then_that || warn_without_object)
            {
                continue;
            }
            // "would not address Moscow's demands": the demands themselves were made — unless
            // an explicit rejection governs them ("rejected North Korea's demand"), which is
            // the event told.
            let explicit_reject = hits[..hi].iter().rev().take(1).any(|p| {
                lex.triggers[p.trigger].event_type == "REJECT"
                    && h.t0 <= p.t1 + 6
                    && [
                        "reject", "dismiss", "turn", "spurn", "rebuff", "veto", "refus", "den",
                    ]
                    .iter()
                    .any(|r| words[p.t0].starts_with(r))
            });
            if owner.is_some()
                && ty == "REQUEST"
                && !explicit_reject
                && matches!(modality, Modality::Embedded | Modality::Hypothetical)
            {
                modality = Modality::Asserted;
            }
            let mut source_mi: Option<usize> = owner;
            let mut speech_target: Option<EventActor> = None;
            // "Pompeo said Iran was behind the attacks", "Iran was to blame, Kyiv said": the
            // speaker accuses the one named right before the phrase.
            if trig.mode == "blame" {
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
                                    (m_tok[mi].1 == sv || m_tok[mi].0 == sv + 1)
                                        && m_tok[mi].0 > h.t1
                                })
                            })
                    }
                };
                match (speaker, accused) {
                    (Some(sp), Some(ac)) if mentions[sp].country != mentions[ac].country => {
                        source = Some(actor_of(mentions[sp], a));
                        source_mi = Some(sp);
                        speech_target = Some(actor_of(mentions[ac], a));
                    }
                    _ => continue,
                }
            }
            if h.noun && source.is_none() && matches!(ty, "REJECT" | "SUPPORT" | "ACCUSE") {
                // "X said such proposals from Y are non-starters": X rejects Y.
                if let Some(sv) = (0..h.t0)
                    .rev()
                    .find(|&k| SPEECH.contains(&words[k].as_str()))
                {
                    if let Some(mi) = (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 <= sv) {
                        source = Some(actor_of(mentions[mi], a));
                        source_mi = Some(mi);
                        if let Some(ti) = (0..mentions.len())
                            .rev()
                            .find(|&ti| m_tok[ti].0 > sv && m_tok[ti].1 <= h.t0)
                        {
                            speech_target = Some(actor_of(mentions[ti], a));
                        }
                    }
                }
            }
            // Inside a quote, the speaker acts: "“I do not see reasons to sit down,” Ryabkov said".
            if source.is_none() && !agentless_passive {
                if let Some(q) = quotes_in[si]
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
                            let from =
                                actors_by_start.partition_point(|m| m.span.start < sp.span.start);
                            if let Some(m) = actors_by_start[from..]
                                .iter()
                                .take_while(|m| m.span.start == sp.span.start)
                                .find(|m| m.span == sp.span)
                            {
                                source = Some(actor_of(m, a));
                            }
                        }
                    }
                }
            }
            if source.is_none() && agentless_passive {
                // "civilians were killed": the subject is the patient; no actor is named.
                // "a US national was put under investigation in Italy": the authorities
                // where it happened act.
                let here = places.iter().find(|p| p.kind != "border");
                // "Bongo was placed under house arrest": arrests and closures are done by
                // the authorities of the country they happen in, the one the document is about.
                let home = if ty == "COERCE" && here.is_none() {
                    focus.clone()
                } else {
                    None
                };
                if ty != "ASSAULT" && here.is_none() && home.is_none() {
                    continue;
                }
                if let Some(c) = &home {
                    source = Some(EventActor {
                        code: format!("{c}GOV"),
                        country: Some(c.clone()),
                        role: Some(Role::Gov),
                        name: "(authorities)".into(),
                        span: trigger_span,
                        also: Vec::new(),
                    });
                    weak_source = true;
                    confidence -= 0.3;
                }
                if let Some(pi) = (0..mentions.len()).rev().find(|&mi| m_tok[mi].1 <= h.t0) {
                    passive_target = Some(actor_of(mentions[pi], a));
                }
                if ty != "ASSAULT" {
                    if let Some(p) = here {
                        source = Some(place_actor(p));
                        weak_source = true;
                        confidence -= 0.3;
                    }
                }
            }
            // "told Putin in a phone call": the clause's subject and object take part.
            let mut clause_target: Option<EventActor> = None;
            // "pledged support for Kyiv during the summit": a gathering of many is where the
            // act happened, not a meeting of the clause's two actors.
            let gathering = words[h.t0..h.t1].iter().any(|w| {
                matches!(
                    w.as_str(),
                    "summit" | "conference" | "session" | "sessions" | "forum" | "assembly"
                )
            });
            if source.is_none()
                && h.noun
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
                        source = Some(actor_of(mentions[subj], a));
                        clause_target = Some(actor_of(mentions[obj], a));
                    }
                }
            }
            // "imposed sanctions on Russia and expelled ten diplomats": a coordinated verb
            // shares the subject (and, failing its own, the object) of the verb before it.
            let mut coordinated_target: Option<EventActor> = None;
            let mut coordinated = false;
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
            if source.is_none() && !h.noun && and_before.is_some() && hi > 0 {
                let prev = &hits[hi - 1];
                // ", and imposed sanctions" after a participle clause ("..., warning they
                // did not rule out force, and imposed"): the subject of the main clause.
                let after_comma = and_before.is_some_and(|k| k > 0 && words[k - 1] == ",");
                let main = events.iter().find(|e| {
                    e.sentence as usize == si
                        && e.modality == Modality::Asserted
                        && e.source.is_some()
                });
                let chained = events
                    .iter()
                    .rev()
                    .find(|e| e.sentence as usize == si && e.trigger.start == st[prev.t0].start);
                let pick = if after_comma {
                    main.or(chained)
                } else {
                    chained
                };
                if let Some(pe) = pick {
                    source = pe.source.clone();
                    coordinated_target = pe.target.clone();
                    coordinated = true;
                }
            }
            // "The two sides agreed to a ceasefire": the document's two sides, jointly.
            if source.is_none() && !h.noun {
                let from = h.t0.saturating_sub(5);
                let both = two_sides(&words[from..h.t0]);
                let actor_between =
                    (0..mentions.len()).any(|mi| m_tok[mi].0 >= from && m_tok[mi].1 <= h.t0);
                if both && !actor_between {
                    if let Some((x, y)) = main_dyad(&events, &named, None) {
                        source = Some(country_actor(x, "both sides", trigger_span, vec![y]));
                        confidence -= 0.1;
                    }
                }
            }
            // "in response to Minsk scrambling a fighter jet": the actor right before an
            // -ing verb is its subject.
            if source.is_none() && !h.noun && words[h.t0].ends_with("ing") {
                if let Some(mi) = (0..mentions.len()).find(|&mi| m_tok[mi].1 == h.t0) {
                    source = Some(actor_of(mentions[mi], a));
                    source_mi = Some(mi);
                }
            }
            // "summoned the Canadian envoy to protest the remarks": an infinitive of purpose
            // after the object of an act is done by that act's subject. (After a request or
            // an order the object does it: "urged Iran to halt", "forced the plane to land".)
            // So is a purpose noun: "visited Washington for talks with Lloyd Austin".
            let purpose =
                h.t0 > 0 && ((!h.noun && words[h.t0 - 1] == "to") || words[h.t0 - 1] == "for");
            if source.is_none() && purpose && hi > 0 {
                let prev = &hits[hi - 1];
                let prev_ty = lex.triggers[prev.trigger].event_type.as_str();
                let object_between = (0..mentions.len())
                    .any(|mi| m_tok[mi].0 >= prev.verb_end && m_tok[mi].1 < h.t0);
                let near = h.t0 <= prev.t1 + 8
                    && !words[prev.verb_end.min(h.t0)..h.t0].iter().any(|w| {
                        matches!(w.as_str(), "," | ";" | "and" | "that" | "who" | "which")
                    });
                if object_between && near && !matches!(prev_ty, "REQUEST" | "COERCE" | "THREATEN") {
                    if let Some(pe) = events
                        .iter()
                        .rev()
                        .find(|e| e.sentence as usize == si && e.trigger.start == st[prev.t0].start)
                    {
                        source = pe.source.clone();
                        coordinated = source.is_some();
                    }
                }
            }
            if source.is_none() && !agentless_passive && !coordinated {
                // The nearest mention before the trigger; a pronoun right before it takes the
                // last mention before the pronoun; a speech verb in between makes that a report.
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
                        let subject =
                            before[..before.len() - 1]
                                .iter()
                                .rev()
                                .copied()
                                .find(|&mi| {
                                    !oblique(mi)
                                        && !words[m_tok[mi].1..h.t0].iter().any(|w| {
                                            SPEECH.contains(&w.as_str())
                                                || matches!(
                                                    w.as_str(),
                                                    ";" | "that" | "who" | "which" | "said"
                                                )
                                        })
                                });
                        if oblique(last) {
                            if let Some(sj) = subject {
                                before.retain(|&mi| m_tok[mi].1 <= m_tok[sj].1);
                            }
                        }
                    }
                }
                if let Some(&mi) = before.last() {
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
                    if let Some(m) = prev_actor {
                        source = Some(actor_of(m, a));
                        confidence -= 0.2;
                    }
                }
            }
            let mut target_from_joint = false;
            // Joint subject "X and Y": X joins the source.
            let mut joint_other: Option<usize> = None;
            if let Some(mi) = source_mi {
                // (The second may carry its title: "Armenian Prime Minister Nikol Pashinyan
                // and Azerbaijani President Ilham Aliyev met". Only for acts done together,
                // which need the other side: for one-sided acts the titled person nearest
                // the verb stays the source.)
                let together = matches!(ty, "CONSULT" | "AGREE" | "COOPERATE");
                let titled = (1..=4).filter(|_| together).find(|&back| {
                    m_tok[mi].0 > back
                        && words[m_tok[mi].0 - back - 1] == "and"
                        && (m_tok[mi].0 - back..m_tok[mi].0)
                            .all(|k| st[k].is_cap(&clean) || words[k] == "of")
                });
                let s0 = m_tok[mi].0 - titled.unwrap_or(0);
                if s0 >= 2 && words[s0 - 1] == "and" {
                    if let Some(oi) = (0..mentions.len()).find(|&oi| {
                        m_tok[oi].1 == s0 - 1
                            || (s0 >= 3 && words[s0 - 2] == "the" && m_tok[oi].1 == s0 - 2)
                    }) {
                        joint_other = Some(oi);
                    }
                }
            }
            // "the United Nations, the African Union and France condemned": earlier members
            // of the list, each acting too.
            let mut list_sources: Vec<usize> = Vec::new();
            if let Some(mut oi) = joint_other {
                loop {
                    let s0 = m_tok[oi].0;
                    let skip_the = usize::from(s0 >= 1 && words[s0 - 1] == "the");
                    if s0 < 2 + skip_the || words[s0 - 1 - skip_the] != "," {
                        break;
                    }
                    let Some(pi) = (0..mentions.len()).find(|&pi| m_tok[pi].1 == s0 - 1 - skip_the)
                    else {
                        break;
                    };
                    list_sources.push(pi);
                    oi = pi;
                }
            }

            // 4. Target.
            let source_country = source.as_ref().and_then(|s| s.country.clone());
            let mut target: Option<EventActor> = passive_target.or(speech_target).or(clause_target);
            // Mediators act together on the two sides "between" them: "Egypt and Qatar
            // mediated a truce between Israel and Hamas".
            let mediation = trig.mode == "third-party";
            let symmetric = matches!(ty, "CONSULT" | "AGREE" | "COOPERATE") && !mediation;
            if mediation && target.is_none() {
                if let Some(b) = (h.t1..st.len()).find(|&k| words[k] == "between") {
                    let after: Vec<usize> = (0..mentions.len())
                        .filter(|&mi| m_tok[mi].0 > b && m_tok[mi].0 <= b + 8)
                        .collect();
                    if let [x, y, ..] = after[..] {
                        let mut t = actor_of(mentions[x], a);
                        let other = actor_of(mentions[y], a);
                        if other.country != t.country {
                            t.also.push(other.country.clone().unwrap_or(other.code));
                            target = Some(t);
                        }
                    }
                }
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
                let ob = m_tok[owner.unwrap_or(0)].0;
                if let Some(mi) = (0..mentions.len())
                    .rev()
                    .find(|&mi| m_tok[mi].1 <= ob && mentions[mi].country != source_country)
                {
                    target = Some(actor_of(mentions[mi], a));
                }
            }
            if target.is_none() && ty == "MOBILIZE" {
                if let Some(b) = border {
                    if Some(&b.country) != source_country.as_ref() {
                        target = Some(place_actor(b));
                    }
                }
            }
            if target.is_none() && matches!(ty, "ACCUSE" | "PROTEST") {
                // "complained to the UN over Israeli air raids": what is complained about is the target.
                if let Some(mi) = (0..mentions.len()).find(|&mi| {
                    m_tok[mi].0 >= h.verb_end
                        && m_tok[mi].0 >= 1
                        && (h.verb_end..m_tok[mi].0)
                            .any(|k| matches!(words[k].as_str(), "against" | "over" | "about"))
                        && (h.verb_end..m_tok[mi].0).any(|k| words[k] == "to" || words[k] == "with")
                        && mentions[mi].country != source_country
                }) {
                    target = Some(actor_of(mentions[mi], a));
                }
            }
            // "eased emergency measures in Montenegro": a place right after the act, before any
            // other actor, is where (and on whom) it was done.
            if target.is_none()
                && matches!(ty, "COERCE" | "CONCEDE" | "ASSAULT" | "AID" | "SANCTION")
            {
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
                    if Some(&p.country) != source_country.as_ref()
                        || matches!(ty, "COERCE" | "CONCEDE")
                    {
                        target = Some(place_actor(p));
                    }
                }
            }
            // "urged both sides to show restraint", "accused each other of shelling".
            let mut reciprocal = false;
            if target.is_none() {
                let next_hit = hits.get(hi + 1).map(|n| n.t0).unwrap_or(st.len());
                let upto = next_hit.min(h.t1 + 8).min(st.len());
                let phrase = |a: &str, b: &str| {
                    (h.t1..upto.saturating_sub(1)).any(|k| words[k] == a && words[k + 1] == b)
                };
                let each_other = phrase("each", "other") || phrase("one", "another");
                let src_country = source.as_ref().and_then(|s| s.country.clone());
                if each_other {
                    if let Some(other) = source.as_ref().and_then(|s| s.also.first().cloned()) {
                        target = Some(country_actor(other, "each other", trigger_span, Vec::new()));
                        reciprocal = true;
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
                    if let Some((x, y)) = main_dyad(&events, &named, src_country.as_deref()) {
                        target = Some(country_actor(x, "both sides", trigger_span, vec![y]));
                    }
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
                let people = words
                    .get(h.verb_end + 1)
                    .is_some_and(|w| OWN_PEOPLE.contains(&w.as_str()));
                if let (true, Some(s)) = (people, &source) {
                    let mut t = s.clone();
                    t.code = s.country.clone().unwrap_or_default();
                    t.role = None;
                    target = Some(t);
                }
            }
            if target.is_none() && !condemned_before && !own_object {
                // Not past the next act of the sentence ("prevented the demonstration staged by
                // students ... to protest the sending of troops to Iraq").
                let next_hit = hits.get(hi + 1).map(|n| n.t0).unwrap_or(st.len());
                let limit = (0..mentions.len())
                    .filter(|&mi| {
                        m_tok[mi].0 >= h.verb_end
                            && (m_tok[mi].0 < next_hit
                                || !matches!(ty, "COERCE" | "CONCEDE" | "PROTEST"))
                    })
                    .collect::<Vec<_>>();
                for mi in limit {
                    let m = mentions[mi];
                    // The passive's agents act; they are not its target.
                    if agent_also.contains(&mi) || (aux_before && agent == Some(mi)) {
                        continue;
                    }
                    // The same country is a target only in another role (rebels and government).
                    if m.country == source_country
                        && source_country.is_some()
                        && (m.role.is_none()
                            || source
                                .as_ref()
                                .is_some_and(|s| s.role == m.role || s.role.is_none()))
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
                        break;
                    }
                    // A comma opening an apposition or a new clause ends the object: "wounded
                    // his wife, an attack President Biden described as ...", "struck the
                    // depot, which Russia had used ...".
                    let between = &words[h.verb_end.min(k)..k];
                    if between
                        .windows(2)
                        .any(|w| w[0] == "," && APPOSITION.contains(&w[1].as_str()))
                    {
                        break;
                    }
                    target = Some(actor_of(m, a));
                    target_mi = Some(mi);
                    break;
                }
            }
            if target.is_none() && !own_object {
                // Where it happened: "bombed targets in Gaza", "demonstrated in Kirkuk".
                let domestic_ok = matches!(
                    ty,
                    "PROTEST" | "COERCE" | "ASSAULT" | "CONCEDE" | "REQUEST" | "MOBILIZE"
                );
                let scene = |p: &&&PlaceMention| {
                    p.kind != "border"
                        && (tok_of(p.span.start) < reported_from || h.t0 > reported_from)
                };
                if let Some(p) = places
                    .iter()
                    .find(|p| scene(p) && Some(&p.country) != source_country.as_ref())
                    .or(places.iter().find(|p| scene(p) && domestic_ok))
                {
                    target = Some(place_actor(p));
                } else if matches!(ty, "PROTEST" | "COERCE") {
                    if let Some(p) = places.first() {
                        target = Some(place_actor(p));
                    } else if let Some(s) = &source {
                        let mut t = s.clone();
                        t.code = s.country.clone().unwrap_or_default();
                        t.role = None;
                        target = Some(t);
                    }
                    confidence -= 0.2;
                } else {
                    confidence -= 0.3;
                }
            }
            // An unplaced person in a sentence about one country belongs to it ("Lt. Gen.
            // Prosper Avril resigned to allow Haiti's first democratic elections").
            if let Some(src) = source.as_mut() {
                if src.country.is_none() {
                    let mut cs: Vec<&str> = mentions
                        .iter()
                        .filter_map(|m| m.country.as_deref())
                        .filter(|c| !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(c))
                        .collect();
                    cs.extend(places.iter().map(|p| p.country.as_str()));
                    cs.sort_unstable();
                    cs.dedup();
                    if cs.len() == 1 {
                        let c = cs[0].to_string();
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
                if let Some(p) = places.iter().find(|p| p.kind != "border") {
                    source = Some(place_actor(p));
                    weak_source = true;
                    confidence -= 0.3;
                } else if ty == "PROTEST" {
                    // "... began a hunger strike to protest against Sweden's decision".
                    if let Some(t) = target.as_ref().filter(|t| t.country.is_some()) {
                        let mut sa = t.clone();
                        sa.role = None;
                        sa.code = t.country.clone().unwrap_or_default();
                        source = Some(sa);
                        confidence -= 0.3;
                    }
                }
            }
            // Troops arriving are not a visit (a defence minister's or a general's is).
            if ty == "CONSULT"
                && trig.mode == "visit"
                && source.as_ref().is_some_and(|s| s.role == Some(Role::Mil))
                && !source_mi.is_some_and(|mi| {
                    mentions[mi].kind == ActorKind::Person
                        || matches!(mentions[mi].basis.as_str(), "official" | "title")
                })
            {
                continue;
            }
            if h.needs_object {
                // The object may carry its title: "met Azerbaijani President Ilham Aliyev".
                let right_after = target_from_joint
                    || (0..mentions.len()).any(|mi| {
                        m_tok[mi].0 >= h.verb_end
                            && m_tok[mi].0 <= h.verb_end + 4
                            && target.as_ref().is_some_and(|t| t.span == mentions[mi].span)
                            && !(0..mentions.len()).any(|mj| {
                                mj != mi
                                    && m_tok[mj].0 >= h.verb_end
                                    && m_tok[mj].0 < m_tok[mi].0
                                    && mentions[mj].kind != drumbeat_model::ActorKind::Country
                            })
                    });
                if !right_after {
                    continue;
                }
            }
            // Unknown nationality (a person or group the gazetteer does not place): a domestic
            // event of the country it acts on ("President Museveni banned Ugandan opposition
            // candidates").
            if let (Some(src), Some(tgt)) = (
                source.as_mut(),
                target.as_ref().filter(|_| {
                    matches!(ty, "COERCE" | "CONCEDE" | "PROTEST" | "REQUEST" | "REJECT")
                }),
            ) {
                if src.country.is_none()
                    && tgt.country.is_some()
                    && !drumbeat_nlp::gazetteer::GAZETTEER
                        .is_org_code(tgt.country.as_deref().unwrap_or(""))
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
                if let Some(me) = source.as_ref().and_then(|s| s.country.clone()) {
                    if let Some((x, y)) = adversaries(&events, &named) {
                        let other = if x == me {
                            Some(y)
                        } else if y == me {
                            Some(x)
                        } else {
                            None
                        };
                        if let Some(o) = other {
                            target = Some(country_actor(
                                o,
                                "(the other side)",
                                trigger_span,
                                Vec::new(),
                            ));
                            confidence -= 0.2;
                        }
                    }
                }
            }
            // A reply: "Ethiopia denied the accusation", "Moscow would retaliate" answer the
            // last act in the document aimed at them.
            if target.is_none() && matches!(ty, "REJECT" | "THREATEN" | "ACCUSE") {
                let me = source.as_ref().and_then(|s| s.country.as_deref());
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
                        .find(|e| {
                            launch_noun && kinds.contains(&e.event_type.as_str()) && launched(e)
                        })
                        .or_else(|| recent().find(|e| kinds.contains(&e.event_type.as_str())))
                        // An attack may have been told as another kind of act; drills, a
                        // deployment or sanctions are not some other act.
                        .or_else(|| recent().next().filter(|_| kinds.contains(&"ASSAULT")))
                    {
                        target = pe.source.clone();
                        confidence -= 0.2;
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
                        target = pe.source.clone();
                        confidence -= 0.2;
                    }
                }
            }
            let foreign_here = mentions
                .iter()
                .filter_map(|m| m.country.as_deref())
                .chain(places.iter().map(|p| p.country.as_str()))
                .any(|c| Some(c) != source.as_ref().and_then(|s| s.country.as_deref()));
            // Retaliation answers someone abroad, never the speaker's own country.
            let retaliation = ["retaliat", "reveng", "aveng", "respon", "repl", "punish"]
                .iter()
                .any(|r| words[h.t0..h.t1].iter().any(|w| w.starts_with(r)));
            if target.is_none() && ty == "THREATEN" && !foreign_here && !retaliation {
                // "Museveni threatened to ban opposition candidates": at home, when the
                // sentence names no other country.
                if let Some(c) = source
                    .as_ref()
                    .and_then(|s| s.country.clone())
                    .filter(|c| !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(c))
                {
                    target = Some(EventActor {
                        code: c.clone(),
                        country: Some(c),
                        role: None,
                        name: "(domestic)".into(),
                        span: trigger_span,
                        also: Vec::new(),
                    });
                    confidence -= 0.3;
                }
            }
            // A bare noun names an act only with both sides ("its support" alone says nothing),
            // except for acts that need no counterpart.
            if h.noun
                && target.is_none()
                && !matches!(ty, "PROTEST" | "MOBILIZE" | "AGREE" | "RETREAT")
            {
                continue;
            }
            // An event needs its actor; a threat also needs whom it threatens.
            // Victims without a named attacker ("three civilians were killed in a car bombing")
            // are still an assault on them.
            weak_source |= source.is_none() && ty == "ASSAULT";
            let anonymous_assault = source.is_none()
                && ty == "ASSAULT"
                && target.is_some()
                && modality == Modality::Asserted;
            if anonymous_assault {
                // An attack by no one named is coded as domestic to where it happened (or to
                // the victims' country), as CAMEO coders do.
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
                    .or_else(|| target.as_ref().and_then(|t| t.country.clone()));
                if let Some(c) = home.filter(|c| !drumbeat_nlp::gazetteer::GAZETTEER.is_org_code(c))
                {
                    source = Some(EventActor {
                        code: c.clone(),
                        country: Some(c.clone()),
                        role: None,
                        name: "unidentified attackers".into(),
                        span: trigger_span,
                        also: Vec::new(),
                    });
                    confidence -= 0.3;
                }
            }
            // "Indonesia condemned the raid on the aid convoy": condemning a hostile act names
            // no one, and is still an act of its own (whom it names is left open).
            // Naming an act with a word of condemnation condemns it, whatever the act:
            // "called the move a dangerous escalation".
            let condemns_act = ty == "ACCUSE"
                && !h.noun
                && (h.verb_end < h.t1 && trig.mode == "criticize"
                    || words[h.verb_end..(h.t1 + 4).min(st.len())]
                        .iter()
                        .any(|w| hostile_word(w))
                    || passive_condemn
                        && words[h.t0.saturating_sub(6)..h.t0]
                            .iter()
                            .any(|w| hostile_word(w)));
            if (source.is_none() && !anonymous_assault)
                || (matches!(ty, "THREATEN" | "REJECT" | "ACCUSE")
                    && target.is_none()
                    && !condemns_act
                    && !matches!(
                        trig.event_type.as_str(),
                        "SANCTION" | "COERCE" | "ASSAULT" | "MOBILIZE" | "PROTEST"
                    ))
            {
                continue;
            }

            // 5. Mode refinements and CAMEO.
            let mut mode = trig.mode.clone();
            let mut cameo_code = trig.cameo.clone();
            // The type as the model's enum; `ty` is its name, for the rules' word lists.
            let mut ety: EventType = trig.event_type;
            let mut ty = ty;
            // "fired missiles at Kyiv" is an attack; "launched a ballistic missile that
            // landed in Japan's waters" a launch, whatever it flew over.
            // ("on Monday" is a date, not an aim.)
            let upto = (h.t1 + 6).min(st.len());
            let aimed = (h.t1..upto).any(|k| {
                matches!(
                    words[k].as_str(),
                    "at" | "on" | "against" | "toward" | "towards"
                ) && !times_in[si].iter().any(|t| {
                    k + 1 < st.len()
                        && t.span.start <= st[k + 1].start
                        && st[k + 1].start < t.span.end
                })
            });
            let test_weapon = words[h.t0..h.t1]
                .iter()
                .any(|w| matches!(w.as_str(), "ballistic" | "icbm" | "icbms"));
            // Strikes that kill or wound are attacks whoever they hit: "conducted missile
            // strikes across the region, killing at least eight people".
            let casualties = || {
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
            };
            if ty == "ASSAULT"
                && missile_trigger
                && (target.is_none() || (into_sea && !aimed) || (test_weapon && !aimed))
                && ((into_sea && !aimed) || test_weapon || !casualties())
            {
                ety = EventType::Mobilize;
                ty = ety.as_str();
                mode = "missile launch".into();
                cameo_code = "150".into();
                if into_sea || test_weapon {
                    target = None;
                }
            }
            // "raided the camp, killing three": a raid that kills is an attack, and so is
            // fire opened to disperse a crowd that kills ("opened fire to disperse
            // protesters, killing one").
            let force_used = words[h.t0].starts_with("raid")
                || (words[h.t0].starts_with("open")
                    && words.get(h.t0 + 1).is_some_and(|w| w == "fire"));
            if ty == "COERCE" && force_used && casualties() {
                ety = EventType::Assault;
                ty = ety.as_str();
                mode = "military".into();
                cameo_code = "190".into();
                // The victims named after it are the target ("killing three Palestinians"),
                // not the raiders' own country a raid with no target fell back to.
                let own = source.as_ref().and_then(|s| s.country.clone());
                if target.as_ref().and_then(|t| t.country.clone()) == own {
                    if let Some(mi) = (0..mentions.len())
                        .find(|&mi| m_tok[mi].0 >= h.t1 && mentions[mi].country != own)
                    {
                        target = Some(actor_of(mentions[mi], a));
                    }
                }
            }
            // "said it had retaliated against military compounds": a reply carried out is
            // force used, not a threat.
            if ty == "THREATEN"
                && modality == Modality::Asserted
                && words[h.t0] == "retaliated"
                && !(h.t0 >= 1 && matches!(words[h.t0 - 1].as_str(), "would" | "will" | "to"))
            {
                ety = EventType::Assault;
                ty = ety.as_str();
                mode = "military".into();
                cameo_code = "190".into();
            }
            // "China strongly protested the incident": a government protesting something is
            // a diplomatic protest, an accusation; crowds protest in the streets.
            if ty == "PROTEST"
                && !h.noun
                && words[h.t0].starts_with("protest")
                && h.t1 < st.len()
                && !matches!(
                    words[h.t1].as_str(),
                    "in" | "at" | "outside" | "near" | "on" | "across" | "throughout" | "," | "."
                )
                && source.as_ref().is_some_and(|s| {
                    s.role == Some(Role::Gov)
                        || s.country.as_deref().is_some_and(|c| {
                            drumbeat_nlp::gazetteer::GAZETTEER
                                .country(c)
                                .is_some_and(|k| k.name == s.name || k.government.contains(&s.name))
                        })
                })
            {
                ety = EventType::Accuse;
                ty = ety.as_str();
                mode = "criticize".into();
                cameo_code = "111".into();
            }
            // "demanded that the junta reinstate the president or face military force": a
            // demand with a penalty is an ultimatum, a threat.
            if ty == "REQUEST" {
                let tail = &words[h.t1..(h.t1 + 30).min(st.len())];
                if let Some(k) = tail
                    .windows(2)
                    .position(|w| w[0] == "or" && matches!(w[1].as_str(), "face" | "else" | "risk"))
                {
                    ety = EventType::Threaten;
                    ty = ety.as_str();
                    mode = "ultimatum".into();
                    let force = tail[k..].iter().take(6).any(|w| {
                        matches!(w.as_str(), "force" | "military" | "war" | "intervention")
                    });
                    cameo_code = if force { "138" } else { "130" }.into();
                }
            }
            // A stated intention is itself the act (CAMEO 03 and 13): "Portugal will support
            // Turkey" is an AGREE (intent), "X said it will impose sanctions" a THREATEN.
            let conditioned_after = words[h.t1..].iter().any(|w| w == "if" || w == "unless");
            let possible =
                window(4).any(|k| matches!(words[k].as_str(), "may" | "might" | "could"));
            let intent = h.intent && modality == Modality::Hypothetical
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
                                | "intends"
                                | "intend"
                                | "vowed"
                                | "pledged"
                                | "promised"
                                | "offered"
                                | "decided"
                                | "going"
                        )
                    });
            // "will not meet the demands", "refused to attend": a refused cooperation is a rejection.
            let refused = modality == Modality::Negated
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
                && target.as_ref().is_some_and(|t| {
                    t.country.is_some()
                        && t.country != source.as_ref().and_then(|s| s.country.clone())
                });
            if refused {
                modality = Modality::Asserted;
                mode = "reject".into();
                cameo_code = "120".into();
                ety = EventType::Reject;
                ty = ety.as_str();
            }
            // Forces to be sent to a country are a plan for the host, not a threat to it:
            // "Germany will send more troops to Lithuania" (the future act is not reported).
            let to_host = ty == "MOBILIZE"
                && !conditioned_after
                && target.as_ref().is_some_and(|t| {
                    let k = st.partition_point(|x| x.start < t.span.start);
                    k > 0 && words[k - 1] == "to" && !t.name.to_lowercase().contains("border")
                });
            if intent && !to_host && !matches!(ty, "REQUEST" | "ACCUSE" | "THREATEN" | "AGREE") {
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
            if ty == "THREATEN" {
                let after: Vec<&String> = words[h.t1..].iter().take(10).collect();
                if after.iter().any(|w| {
                    w.starts_with("sanction") || w.starts_with("embargo") || w.starts_with("tariff")
                }) {
                    mode = "sanctions".into();
                    cameo_code = "1312".into();
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
                    mode = "force".into();
                    cameo_code = "138".into();
                }
            }
            let cameo = lex
                .cameo
                .get(&cameo_code)
                .or_else(|| lex.cameo.get(&trig.cameo));
            let (goldstein, quad) = cameo.map(|c| (c.goldstein, c.quad)).unwrap_or((0.0, 1));

            // 6. Date: a time expression of the sentence, else of an earlier sentence of the
            // paragraph, else the publication date.
            let when = dates::of_act(
                &times_in[si],
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
            let count = numbers_in[si]
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
                        if m.country.is_none()
                            || m.country == e.source.as_ref().and_then(|s| s.country.clone())
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
            // "accused each other": the same act the other way round.
            if reciprocal {
                // Each side acts once: the joint subject splits into its two members.
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
            // "telephoned Frederiksen, Scholz and Stoltenberg": one act for each in the list.
            if let Some(mut prev) = target_mi {
                let mut extra = Vec::new();
                let mut comma = false;
                let next_hit = hits.get(hi + 1).map(|n| n.t0).unwrap_or(st.len());
                let source_country = events
                    .last()
                    .and_then(|e| e.source.as_ref())
                    .and_then(|s| s.country.clone());
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
                        && (g0 + seps..m_tok[mj].0).all(|k| st[k].is_cap(&clean))
                        && m_tok[mj].0 < next_hit;
                    if !listed {
                        break;
                    }
                    let tc = mentions[mj].country.clone();
                    if tc.is_some() && tc != source_country {
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

        // 6b. "X said Y must ...": a demand of X on Y.
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
            let Some(xi) = (0..mentions.len())
                .rev()
                .find(|&mi| m_tok[mi].1 <= sv && mentions[mi].country != mentions[yi].country)
            else {
                continue;
            };
            let span = Span::new(st[k].start, st[k].end);
            let c = lex.cameo.get("100");
            let when = dates::of_sentence(&times_in[si], published);
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

        // 7. Troops counted at a border: "one lakh Russian troops ... near the Ukraine border".
        if let Some(b) = border {
            for n in numbers_in[si].iter() {
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
    for e in &mut events {
        e.confidence = crate::lexicon::calibrate(e.confidence);
    }
    // Headlines first: a headline's act ("Deby killed at front line", its victim read as
    // the attacker) must not count as the named attack that makes the body's report of
    // it a mere toll.
    let events = crate::passes::headlines(events, &doc.sentences);
    let events = crate::passes::consequences(events, &weak);
    let events = crate::passes::sideless(events);
    dedupe(events)
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
        events_of(text, Some("2023-03-15"))
            .iter()
            .filter(|e| e.modality == Modality::Asserted)
            .map(|e| {
                format!(
                    "{} {} {}",
                    country(&e.source),
                    e.event_type,
                    country(&e.target)
                )
            })
            .collect()
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
