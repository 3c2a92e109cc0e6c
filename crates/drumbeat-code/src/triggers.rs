//! Pass 1 of the coder: the triggers of one sentence — the lexicon's phrases found in
//! its words, longest first and without overlaps, less those that are no act here (a
//! scare-quoted label, a verb used as a noun after an article, a word inside an actor's
//! name) — and the expressions of intent that make the act after them a stated intention.

use drumbeat_model::{ActorKind, ActorMention, Quote, Span};
use drumbeat_nlp::tokens::{Kind, Token};

use crate::lexicon::Lexicon;

/// A trigger found in a sentence: tokens `[t0, t1)` of the sentence's token slice.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) t0: usize,
    pub(crate) t1: usize,
    /// End of the verb words (for "verb ~ object" pairs, before the object).
    pub(crate) verb_end: usize,
    /// Introduced by an expression of intent ("is prepared to impose martial law").
    pub(crate) intent: bool,
    /// The verb counts only with an actor right after it.
    pub(crate) needs_object: bool,
    pub(crate) trigger: usize,
    pub(crate) noun: bool,
}

/// One sentence as the coder's passes read it.
pub(crate) struct SentenceView<'a> {
    /// The document's clean text (token offsets point into it).
    pub(crate) clean: &'a str,
    /// The sentence's tokens.
    pub(crate) st: &'a [Token],
    /// The tokens lower-cased, one for one.
    pub(crate) words: &'a [String],
    /// The actors recognised in the sentence.
    pub(crate) mentions: &'a [&'a ActorMention],
    /// The quotes overlapping the sentence.
    pub(crate) quotes: &'a [&'a Quote],
}

/// Whether a one-word verb trigger at word `i` is used as a noun or adjective: right after
/// an article ("the occupied territories", "a shot"), or, in its base or -s form, after an
/// article and one lower-case modifier ("a roadside bomb", "the military strikes"; but "the
/// opposition threatened" is a subject and its verb). `modifier_cap`: the word before `i`
/// is capitalised in the text (`words` are lower-cased).
fn after_article(words: &[String], i: usize, base: bool, modifier_cap: bool) -> bool {
    let article = |w: &str| matches!(w, "a" | "an" | "the");
    // After a preposition, with at most one modifier, a base or -s form is a noun: "in
    // Israeli jails", "from the shelters" (not "to strike": an infinitive).
    let preposition = |w: &str| {
        matches!(
            w,
            "in" | "into" | "from" | "inside" | "outside" | "of" | "at"
        )
    };
    // After a number a participle is an adjective: "freed six jailed workers" (but a
    // casualty toll stays an attack).
    let number = |w: &str| {
        (w.chars().any(|c| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == ','))
            || matches!(
                w,
                "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "several"
                    | "dozens"
                    | "hundreds"
                    | "thousands"
            )
    };
    (i >= 1 && article(&words[i - 1]))
        || (i >= 1
            && number(&words[i - 1])
            && words[i].ends_with("ed")
            // A toll is an attack told by its victims: "31 wounded overnight".
            && !matches!(words[i].as_str(), "killed" | "wounded" | "injured" | "martyred"))
        || (base
            && words[i].ends_with('s')
            && ((i >= 1 && preposition(&words[i - 1]))
                || (i >= 2
                    && preposition(&words[i - 2])
                    && words[i - 1].chars().all(|c| c.is_alphabetic() || c == '-'))))
        || (base
            && !modifier_cap
            && i >= 2
            && article(&words[i - 2])
            && words[i - 1].chars().all(|c| c.is_lowercase() || c == '-')
            && !words[i - 1].ends_with("ly")
            && !matches!(words[i - 1].as_str(), "were" | "was" | "is" | "are"))
}

/// Whether word `i` follows one of `subjects` as its subject: the noun right before it, or
/// before an auxiliary or adverb ("warships have sailed", "troops reportedly crossed").
fn after_subject(words: &[String], i: usize, subjects: &[String]) -> bool {
    let aux = |w: &str| {
        matches!(
            w,
            "have"
                | "has"
                | "had"
                | "were"
                | "was"
                | "also"
                | "reportedly"
                | "again"
                | "briefly"
                | "then"
                | "later"
        )
    };
    let mut j = i;
    while j > 0 {
        j -= 1;
        let w = words[j].as_str();
        if aux(w) && i - j <= 2 {
            continue;
        }
        return subjects.iter().any(|s| s == w);
    }
    false
}

/// Whether the quote opening at byte `open` follows a determiner ("a “…”", "the U.S.
/// “…”"): what it holds names a thing.
fn labelled(words: &[String], st: &[Token], open: usize) -> bool {
    let k = st.partition_point(|t| t.end <= open);
    // Skip the opening mark itself if it is a token.
    let before: Vec<&str> = words[..k]
        .iter()
        .rev()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(2)
        .map(String::as_str)
        .collect();
    let det = |w: &str| {
        matches!(
            w,
            "a" | "an" | "the" | "its" | "their" | "his" | "her" | "our" | "this" | "that" | "what"
        )
    };
    match before.as_slice() {
        [w, ..] if det(w) => true,
        [_, w] => *w == "the",
        _ => false,
    }
}

/// Whether the noun at word `i` is held rather than done: "under" or a form of "have"
/// before it, with at most three modifiers between ("under the Minsk
/// agreement", "has a US-brokered deal"; not "has signed a deal", "under which, ...").
fn standing(words: &[String], i: usize) -> bool {
    (i.saturating_sub(4)..i).any(|k| {
        matches!(
            words[k].as_str(),
            "under" | "have" | "has" | "had" | "having"
        ) && words[k + 1..i].iter().all(|w| {
            w.chars().next().is_some_and(char::is_alphanumeric)
                && (!w.ends_with("ed") || w.contains('-'))
                && !matches!(
                    w.as_str(),
                    "to" | "that"
                        | "which"
                        | "and"
                        | "or"
                        | "not"
                        | "also"
                        | "already"
                        | "been"
                        | "said"
                        | "says"
                        | "it"
                        | "they"
                        | "he"
                        | "she"
                        | "we"
                )
        })
    })
}

/// The sentence's triggers, in order.
pub(crate) fn find(lex: &Lexicon, v: &SentenceView) -> Vec<Hit> {
    let (st, words, mentions, clean) = (v.st, v.words, v.mentions, v.clean);
    let mut hits: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < st.len() {
        // Phrases that look like triggers and are none ("declined to comment").
        if let Some(nots) = lex.not_by_first.get(&words[i]) {
            if let Some(p) = nots
                .iter()
                .find(|p| i + p.len() <= st.len() && p.iter().zip(&words[i..]).all(|(a, b)| a == b))
            {
                i += p.len();
                continue;
            }
        }
        let mut best: Option<Hit> = None;
        if st[i].kind == Kind::Word {
            if let Some(cands) = lex.by_first.get(&words[i]) {
                for p in cands {
                    let n = p.words.len();
                    if i + n > st.len()
                        || !p.words.iter().zip(&words[i..i + n]).all(|(a, b)| a == b)
                    {
                        continue;
                    }
                    let subjects = &lex.triggers[p.trigger].subjects;
                    if !subjects.is_empty() && !after_subject(words, i, subjects) {
                        continue;
                    }
                    // A scare-quoted phrase after a determiner is a label, not an
                    // act: a "cowardly attack", the U.S. "maximum pressure" strategy;
                    // vowed to "crush the enemy" and the two sides "have disengaged"
                    // still act.
                    if p.object.is_none()
                        && v.quotes.iter().any(|q| {
                            q.fragment
                                && q.span.start < st[i].start
                                && st[i + n - 1].end <= q.span.end
                                && labelled(words, st, q.span.start)
                        })
                    {
                        continue;
                    }
                    // A verb after an article is a noun or an adjective: "a roadside
                    // bomb", "a shot rang out", "the occupied territories". ("the
                    // killing of X" names the act itself, as a noun.)
                    let act_of =
                        words[i].ends_with("ing") && words.get(i + 1).is_some_and(|w| w == "of");
                    // A participle opening the sentence before a noun is an adjective:
                    // "Jailed activists began a hunger strike" (not "Attacked by ...").
                    let opening_adjective = p.object.is_none()
                        && !p.noun
                        && n == 1
                        && words[..i]
                            .iter()
                            .all(|w| !w.chars().any(char::is_alphanumeric))
                        && words[i].ends_with("ed")
                        && words.get(i + 1).is_some_and(|w| {
                            w.chars().all(|c| c.is_alphabetic() || c == '-')
                                && !matches!(
                                    w.as_str(),
                                    "by" | "in"
                                        | "on"
                                        | "at"
                                        | "to"
                                        | "with"
                                        | "after"
                                        | "for"
                                        | "from"
                                        | "over"
                                        | "during"
                                        | "as"
                                        | "and"
                                        | "or"
                                        | "the"
                                        | "a"
                                        | "an"
                                        | "his"
                                        | "her"
                                        | "their"
                                        | "its"
                                )
                        });
                    if opening_adjective {
                        continue;
                    }
                    if p.object.is_none()
                        && !p.noun
                        && n == 1
                        && i >= 1
                        && !act_of
                        && after_article(words, i, p.base, st[i - 1].is_cap(clean))
                    {
                        continue;
                    }
                    // A plural-looking -s form inside the object of the act just found is
                    // a noun: "struck Hezbollah targets", "hit Russian supply attacks".
                    if p.object.is_none()
                        && !p.noun
                        && n == 1
                        && p.base
                        && words[i].ends_with('s')
                        && hits.last().is_some_and(|l: &Hit| {
                            !l.noun
                                && l.t1 <= i
                                && i <= l.t1 + 3
                                && words[l.t1..i].iter().all(|w| {
                                    w.chars().any(char::is_alphanumeric)
                                        && !matches!(
                                            w.as_str(),
                                            "and" | "or" | "who" | "which" | "that" | "as"
                                        )
                                })
                        })
                    {
                        continue;
                    }
                    match &p.object {
                        None => {
                            best = Some(Hit {
                                t0: i,
                                t1: i + n,
                                verb_end: i + n,
                                trigger: p.trigger,
                                noun: p.noun,
                                intent: false,
                                needs_object: p.needs_object,
                            });
                            break;
                        }
                        // A longer verb phrase of the lexicon at the same place is that
                        // verb, not this pair's: "called on the Council to condemn this
                        // unjustified act" is "call on" (a request), not "call ~~
                        // unjustified" (naming an act).
                        Some(_)
                            if cands.iter().any(|q| {
                                q.object.is_none()
                                    && q.words.len() > n
                                    && i + q.words.len() <= st.len()
                                    && q.words.iter().zip(&words[i..]).all(|(a, b)| a == b)
                            }) =>
                        {
                            continue;
                        }
                        Some(obj) => {
                            let m = obj.len();
                            let found = (i + n..=(i + n + p.gap).min(st.len().saturating_sub(m)))
                                .find(|&k| {
                                    obj.iter().zip(&words[k..k + m]).all(|(a, b)| a == b)
                                        && words[i + n..k].iter().all(|w| {
                                            // Words, or quote marks around them:
                                            // vowed a “befitting reply”.
                                            w.chars().any(char::is_alphanumeric)
                                                || matches!(
                                                    w.as_str(),
                                                    "“" | "”" | "\"" | "‘" | "'"
                                                )
                                        })
                                });
                            if let Some(k) = found {
                                best = Some(Hit {
                                    t0: i,
                                    t1: k + m,
                                    verb_end: i + n,
                                    trigger: p.trigger,
                                    noun: false,
                                    intent: false,
                                    needs_object: p.needs_object,
                                });
                                break;
                            }
                        }
                    }
                }
            }
        }
        // A trigger inside an actor's name ("Security Council", "Rapid Support Forces") is no trigger.
        if let Some(h) = &best {
            // For "verb ~ object" pairs only the verb counts here: the words between may be actors.
            let span = Span::new(st[h.t0].start, st[h.verb_end - 1].end);
            if mentions
                .iter()
                .any(|m| m.span.overlaps(&span) && m.kind != ActorKind::Group)
            {
                best = None;
            }
        }
        match best {
            Some(mut h) => {
                // A noun form right after a modal or "to" is a verb: "will support", "to attack".
                if h.noun
                    && h.t0 > 0
                    && matches!(
                        words[h.t0 - 1].as_str(),
                        "will"
                            | "would"
                            | "shall"
                            | "can"
                            | "could"
                            | "may"
                            | "might"
                            | "must"
                            | "to"
                            | "did"
                            | "does"
                            | "do"
                            | "not"
                            | "'ll"
                            | "’ll"
                    )
                {
                    h.noun = false;
                }
                // An -ing form after a comma or a conjunction, or before "that", is a
                // participle: "held funerals, warning that ...", "while also warning".
                if h.noun
                    && h.t1 == h.t0 + 1
                    && words[h.t0].ends_with("ing")
                    && h.t0 > 0
                    && (words.get(h.t1).is_some_and(|w| w == "that")
                        || matches!(
                            words[h.t0 - 1].as_str(),
                            "," | "while" | "also" | "after" | "before" | "by" | "without"
                        ))
                {
                    h.noun = false;
                }
                // A standing arrangement is no act: "under the 2015 agreement", "Iran, under US
                // sanctions", "the two have a defence pact". (Arrests, attacks and talks are acts
                // even so: "placed under arrest", "came under attack", "had talks".)
                {
                    use drumbeat_model::EventType as T;
                    if h.noun
                        && matches!(
                            lex.triggers[h.trigger].event_type,
                            T::Agree | T::Cooperate | T::Support | T::Aid | T::Sanction
                        )
                        && standing(words, h.t0)
                    {
                        i = h.t1;
                        continue;
                    }
                }
                // After "under" a verb form is a noun: "under pressure", "under review".
                // (Still an act when it is one: "came under attack", "placed under arrest".)
                if !h.noun
                    && h.t0 > 0
                    && words[h.t0 - 1] == "under"
                    && !matches!(
                        lex.triggers[h.trigger].event_type,
                        drumbeat_model::EventType::Assault | drumbeat_model::EventType::Coerce
                    )
                {
                    h.noun = true;
                }
                // "in protest against the arrests" gives the purpose of the act it follows
                // (a strike, a walkout, a recall), not an act of its own.
                if h.t0 > 0 && words[h.t0 - 1] == "in" && words[h.t0].starts_with("protest") {
                    i = h.t1;
                    continue;
                }
                // "captured two soldiers", "civilians were captured": taking people is a
                // detention (COERCE), taking a town an attack.
                if !h.noun && words[h.t0].starts_with("captur") && people_taken(words, &h) {
                    if let Some(k) = lex.triggers.iter().position(|t| {
                        t.event_type == drumbeat_model::EventType::Coerce && t.mode == "arrest"
                    }) {
                        h.trigger = k;
                    }
                }
                i = h.t1;
                hits.push(h);
            }
            None => i += 1,
        }
    }

    hits
}

/// People taken by the act: its object after it ("captured two soldiers") or, in the
/// passive, its subject before it ("soldiers and civilians have been captured").
fn people_taken(words: &[String], h: &Hit) -> bool {
    const PEOPLE: &[&str] = &[
        "soldiers",
        "soldier",
        "troops",
        "civilians",
        "people",
        "fighters",
        "hostages",
        "journalist",
        "journalists",
        "servicemen",
        "sailors",
        "crew",
        "citizens",
        "nationals",
        "officers",
        "pilot",
        "pilots",
        "men",
        "women",
        "children",
        "residents",
        "prisoners",
        "militants",
        "rebels",
        "members",
        "workers",
    ];
    let passive = h.t0 >= 1
        && matches!(
            words[h.t0 - 1].as_str(),
            "been" | "was" | "were" | "is" | "are" | "be"
        );
    let around = if passive {
        h.t0.saturating_sub(8)..h.t0
    } else {
        h.t1..(h.t1 + 4).min(words.len())
    };
    words[around].iter().any(|w| PEOPLE.contains(&w.as_str()))
}

/// "is prepared to impose martial law": the intent phrase is no event of its own; it
/// makes the act after it a stated intention.
pub(crate) fn mark_intents(lex: &Lexicon, v: &SentenceView, hits: &mut Vec<Hit>) {
    let (st, words, mentions) = (v.st, v.words, v.mentions);
    let mut k = 0;
    while k + 1 < hits.len() {
        let t = &lex.triggers[hits[k].trigger];
        // "a US offer to host" is a noun: no intent of anyone here.
        let as_noun = hits[k].t0 > 0
            && (matches!(
                words[hits[k].t0 - 1].as_str(),
                "a" | "an" | "the" | "its" | "their" | "his" | "her" | "this" | "that"
            ) || (mentions
                .iter()
                .any(|m| m.span.end == st[hits[k].t0 - 1].end)
                // A verb in the past or present tense after its subject is no noun: "Iran
                // vowed to", "Iran offers to", unlike "a US offer to".
                && !(words[hits[k].t0].ends_with("ed") || words[hits[k].t0].ends_with('s'))
                // "Kenya is prepared to impose": a subject and its verb phrase.
                && !matches!(
                    words[hits[k].t0].as_str(),
                    "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "would"
                )));
        // "vowed to continue its attacks", "pledged to step up strikes": a verb of going on
        // with what follows stands between the intent and the act.
        let carry_on = (hits[k].t1..hits[k + 1].t0).all(|j| {
            matches!(
                words[j].as_str(),
                "continue"
                    | "keep"
                    | "up"
                    | "step"
                    | "intensify"
                    | "resume"
                    | "escalate"
                    | "expand"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "the"
            )
        });
        if t.event_type == "AGREE"
            && t.mode == "intent"
            && !hits[k].noun
            && !as_noun
            && (hits[k + 1].t0 <= hits[k].t1 + 1 || (hits[k + 1].t0 <= hits[k].t1 + 4 && carry_on))
        {
            hits[k + 1].intent = true;
            hits.remove(k);
        } else {
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LEXICON;
    use drumbeat_model::Document;

    /// The triggers of a one-sentence text: (type, words, noun, intent).
    fn hits(text: &str) -> Vec<(String, String, bool, bool)> {
        let d = Document::plain(&drumbeat_ingest::content_id(text), "t", text, None);
        let a =
            drumbeat_nlp::recognise(&drumbeat_nlp::gazetteer::GAZETTEER, drumbeat_nlp::clean(d));
        let clean = a.doc.clean_text();
        let st = drumbeat_nlp::tokens::tokenize(&clean, &a.doc.sentences);
        let words: Vec<String> = st.iter().map(|t| t.text(&clean).to_lowercase()).collect();
        let mentions: Vec<&ActorMention> = a.actors.iter().collect();
        let quotes: Vec<&Quote> = a.quotes.iter().collect();
        let v = SentenceView {
            clean: &clean,
            st: &st,
            words: &words,
            mentions: &mentions,
            quotes: &quotes,
        };
        let mut found = find(&LEXICON, &v);
        mark_intents(&LEXICON, &v, &mut found);
        found
            .iter()
            .map(|h| {
                (
                    LEXICON.triggers[h.trigger].event_type.to_string(),
                    words[h.t0..h.t1].join(" "),
                    h.noun,
                    h.intent,
                )
            })
            .collect()
    }

    #[test]
    fn longest_phrase_first_and_pairs_span_their_object() {
        let h = hits("Peru summoned the Bolivian ambassador and imposed sanctions.");
        assert_eq!(h[0].0, "ACCUSE");
        assert_eq!(h[0].1, "summoned the bolivian ambassador");
        assert_eq!(h[1].0, "SANCTION");
        assert_eq!(h[1].1, "imposed sanctions");
    }

    #[test]
    fn verbs_used_as_nouns_labels_and_names_are_no_triggers() {
        // After an article a verb is a noun or an adjective.
        assert!(hits("A roadside bomb was found near the market.").is_empty());
        // A word inside an actor's name.
        assert!(hits("The Rapid Support Forces said nothing.")
            .iter()
            .all(|h| h.0 != "SUPPORT"));
        // Phrases that look like triggers and are none.
        assert!(hits("Ghana declined to comment on the report.").is_empty());
        // "the killing of X" names the act.
        let h = hits("Trump ordered the killing of the general.");
        assert!(
            h.iter().any(|x| x.0 == "ASSAULT" && x.1 == "killing"),
            "{h:?}"
        );
        // "called on X to condemn this unjustified act" is a request, not a naming.
        let h = hits("Peru called on the council to condemn this unjustified act.");
        assert!(h.iter().all(|x| !x.1.contains("unjustified")), "{h:?}");
    }

    #[test]
    fn participles_and_nouns_describing_a_noun_are_no_triggers() {
        // A participle opening the sentence, or after a number, describes a noun.
        assert!(
            hits("Jailed Kurdish activists began a hunger strike on Monday.")
                .iter()
                .all(|h| h.1 != "jailed")
        );
        assert!(hits("Ankara freed six jailed Kurdish activists.")
            .iter()
            .all(|h| h.1 != "jailed"));
        // Not when it is the verb of a clause: "Attacked by drones, the city ...".
        assert!(hits("Attacked by drones overnight, the city lost power.")
            .iter()
            .any(|h| h.1 == "attacked"));
        // A verb's -s form after a preposition is a noun: "in Israeli jails".
        assert!(hits("Prisoners in Israeli jails began a hunger strike.")
            .iter()
            .all(|h| h.1 != "jails"));
    }

    #[test]
    fn intent_marks_the_act_after_it() {
        let h = hits("Kenya is prepared to impose a curfew in Nairobi.");
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].0, "COERCE");
        assert!(h[0].3, "{h:?}");
        // A noun after a modal is a verb.
        let h = hits("Japan will support the plan.");
        assert!(h.iter().any(|x| x.0 == "SUPPORT" && !x.2), "{h:?}");
    }
}
