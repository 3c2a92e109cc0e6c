//! Direct quotes and who said them.
//!
//! Quote marks: curly double (“ ”), straight double ("), and single quotes (‘ ’ or ')
//! used as marks — an apostrophe inside a word ("didn’t", "Biden’s") is not one. A quote
//! left open at the end of a paragraph ends there.
//!
//! Speakers, in this order: after the quote ("…," X said / said X / X told reporters /
//! read the statement released by X / Outlet quoted X as saying), before it (X said that
//! the "…", X warned after the meeting that "…"), and for a quote that stands alone, the
//! last speaker of the same or the previous paragraph. The outlet a quote came through
//! ("according to TASS", "9 News.com quoted ...") is kept apart as its relay. Quotes of
//! fewer than five words are kept as fragments (scare quotes), without a speaker.

use std::sync::LazyLock;

use drumbeat_model::{ActorKind, ActorMention, Person, Quote, Sentence, Span, Speaker};
use regex::Regex;

use crate::gazetteer::Entry;
use crate::outlets::OUTLETS;

const SPEECH: &str = r"said|says|say|told|tells|added|adds|warned|warns|urged|wrote|stated|announced|noted|insisted|claimed|asked|explained|replied|tweeted|posted|argued|suggested|reiterated|stressed|declared|acknowledged|confirmed|vowed|pledged|cautioned|remarked|observed|complained|conceded|admitted|maintained|predicted|recalled|continued|concluded";

static AFTER_VERB_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*[,—–-]?\s*(?:{SPEECH})\b")).expect("pattern"));
static AFTER_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[,—–-]?\s*(?:read|reads|said|says)\s+(?:the|a)\s+(?:[\w-]+\s+){0,2}?statement\s+(?:released|issued|posted|published|put out)?\s*(?:by|from)\b").expect("pattern")
});
static QUOTED_AS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bquoted\s+(.{1,80}?)\s+as\s+saying\b").expect("pattern"));
static SPEECH_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b(?:{SPEECH})\b")).expect("pattern"));
static PRONOUN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s*[,—–-]?\s*(?:he|she)\s+(?:{SPEECH})\b")).expect("pattern")
});
static COMMUNICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{SPEECH}|call|calls|called|calling|describ\w*|term\w*|labell?ed|brand\w*|condemn\w*|denounc\w*|decr\w*|slam\w*|prais\w*|hail\w*|welcom\w*|express\w*|vow\w*|promis\w*|demand\w*|accus\w*|blam\w*|warn\w*|threat\w*|insist\w*|deni\w*|reject\w*|dismiss\w*|derid\w*|speak\w*|spoke|wrote|writ\w*|statement|remarks|interview|speech|address|tweet\w*|message|letter|according|appeal\w*|urg\w*|ask\w*)\b"
    ))
    .expect("pattern")
});
/// "the ambassador said", "the minister told reporters": a speaker named by the title a
/// person of the article was given earlier.
static TITLE_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\bthe\s+((?:[\w-]+\s+){{0,2}}?[\w-]+)\s+(?:also\s+)?(?:{SPEECH})\b"
    ))
    .expect("pattern")
});
/// "The minister, speaking at a news conference, said: …": a titled subject set off by a
/// comma at the start of the sentence.
static TITLE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\W*(?i:the)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s*,").expect("pattern")
});
/// A sentence that opens with a participle of saying or judging ("Calling them …",
/// "Describing the strike as …"): its subject comes after.
static PARTICIPLE_OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\W*(?:Calling|Describing|Terming|Labell?ing|Branding|Saying|Denouncing|Condemning|Warning|Accusing|Praising|Hailing|Dismissing|Referring)\b")
        .expect("pattern")
});
static PRONOUN_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:he|she)\b").expect("pattern"));
static RELAY_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(according to|quoted|reported|citing|cited|told|said in a report|report by|report from|report in)\b").expect("pattern")
});

/// A quoted stretch: the marks' inside, trimmed.
#[derive(Debug, Clone, Copy)]
struct Marked {
    inner: Span,
    open: usize,
    close: usize,
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Quote spans in one paragraph.
fn marks(text: &str, para: Span) -> Vec<Marked> {
    let p = para.text(text);
    let mut out = Vec::new();
    // (mark kind, byte offset of the opening mark's end)
    let mut open: Option<(char, usize, usize)> = None;
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|x| x.1);
        let after = i + c.len_utf8();
        match (open, c) {
            (None, '“') => open = Some(('“', i, after)),
            (None, '"') => open = Some(('"', i, after)),
            (None, '‘') if !is_word_char(prev) => open = Some(('‘', i, after)),
            (None, '\'') if !is_word_char(prev) && is_word_char(next) => {
                open = Some(('\'', i, after))
            }
            // Pages mix straight and curly marks ("…,” she said): either double mark
            // closes either.
            (Some(('“', o, s)), '”' | '"') | (Some(('"', o, s)), '"' | '”') => {
                out.push((o, s, i, after));
                open = None;
            }
            (Some(('‘', o, s)), '’') | (Some(('\'', o, s)), '\'') if !is_word_char(next) => {
                out.push((o, s, i, after));
                open = None;
            }
            (Some(('‘', _, _)), '“') | (Some(('\'', _, _)), '“') => {
                // A double quote inside a single-quoted stretch: the single one was an apostrophe.
                open = Some(('“', i, after));
            }
            _ => {}
        }
    }
    if let Some((m, o, s)) = open {
        // Unclosed double quotes run to the paragraph's end; an unclosed single mark was an apostrophe.
        if m == '“' || m == '"' {
            out.push((o, s, p.len(), p.len()));
        }
    }
    out.into_iter()
        .filter_map(|(o, s, e, c)| {
            let inner = &p[s..e];
            let lead = inner.len() - inner.trim_start().len();
            let trimmed = inner.trim();
            if trimmed.is_empty() {
                return None;
            }
            let a = para.start + s + lead;
            Some(Marked {
                inner: Span::new(a, a + trimmed.len()),
                open: para.start + o,
                close: para.start + c,
            })
        })
        .collect()
}

fn sentence_of(sentences: &[Sentence], pos: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.span.end <= pos);
    (i < sentences.len() && sentences[i].span.start <= pos).then_some(i)
}

fn speaker_from(m: &ActorMention, people: &[Person]) -> Speaker {
    let name = m
        .person
        .map(|p| people[p as usize].name.clone())
        .unwrap_or_else(|| m.text.clone());
    Speaker {
        name,
        span: m.span,
        code: (!m.code.is_empty()).then(|| m.code.clone()),
        person: m.person,
    }
}

/// The actor mention whose span starts in `[from, to)`: persons first.
fn first_mention_in(actors: &[ActorMention], from: usize, to: usize) -> Option<&ActorMention> {
    let inside = actors
        .iter()
        .filter(|a| a.span.start >= from && a.span.start < to);
    let v: Vec<&ActorMention> = inside.collect();
    v.iter()
        .find(|a| a.kind == ActorKind::Person)
        .or(v.first())
        .copied()
}

/// How far back (in mentions) the speaker search looks for a person before settling
/// for the closest mention: bounds the cost of quotes in very long paragraphs.
const SPEAKER_LOOKBACK: usize = 64;

/// The mention closest before `pos` (persons first) within `[from, pos)`. `actors` are
/// in text order.
fn last_mention_before(actors: &[ActorMention], from: usize, pos: usize) -> Option<&ActorMention> {
    let end = actors.partition_point(|a| a.span.start < pos);
    let mut closest = None;
    for a in actors[..end].iter().rev().take(SPEAKER_LOOKBACK) {
        if a.span.start < from {
            break;
        }
        if a.span.end > pos {
            continue;
        }
        if a.kind == ActorKind::Person {
            return Some(a);
        }
        closest = closest.or(Some(a));
    }
    closest
}

/// The speaker before a speech verb at `verb_at`: the mention closest before it, except
/// that an aside set off by commas right before the verb ("Lena Dorsey, speaking after a
/// call with Ali Karimi, said") is passed over for the person before it.
fn subject_before<'a>(
    text: &str,
    actors: &'a [ActorMention],
    from: usize,
    verb_at: usize,
) -> Option<&'a ActorMention> {
    let lead = text[from..verb_at].trim_end();
    if let Some(inner) = lead.strip_suffix(',') {
        if let Some(c) = inner.rfind(',') {
            let aside = inner[c + 1..].trim_start();
            if aside.chars().next().is_some_and(char::is_lowercase) {
                if let Some(x) = last_mention_before(actors, from, from + c)
                    .filter(|x| x.kind == ActorKind::Person)
                {
                    return Some(x);
                }
            }
        }
    }
    last_mention_before(actors, from, verb_at)
}

/// The person "he" or "she" at `pos` refers to: the last person named before it (within
/// about two paragraphs), else the last speaker if a person.
fn pronoun_referent(
    actors: &[ActorMention],
    people: &[Person],
    last_speaker: Option<&Speaker>,
    pos: usize,
) -> Option<Speaker> {
    let from = pos.saturating_sub(2000);
    let end = actors.partition_point(|a| a.span.start < pos);
    actors[..end]
        .iter()
        .rev()
        .take_while(|a| a.span.start >= from)
        .find(|a| a.kind == ActorKind::Person && a.span.end <= pos)
        .map(|x| speaker_from(x, people))
        .or_else(|| last_speaker.filter(|s| s.person.is_some()).cloned())
}

/// The person of the article a title phrase ("ambassador", "foreign minister") stands
/// for: the last person named before `pos` whose title or role word holds its head noun.
fn titled_person(
    phrase: &str,
    actors: &[ActorMention],
    people: &[Person],
    pos: usize,
) -> Option<Speaker> {
    let head = phrase.split_whitespace().last()?.to_lowercase();
    if head.len() < 4 {
        return None;
    }
    // A description fits the titles it names: a diplomat is a foreign minister or an
    // envoy, a leader any head of a state, a government, a party or an armed group.
    let fits: &[&str] = match head.as_str() {
        "diplomat" => &["diplomat", "foreign", "ambassador", "envoy", "state"],
        "envoy" => &["envoy", "ambassador", "representative"],
        "premier" => &["premier", "prime"],
        "leader" => &[
            "leader",
            "president",
            "prime",
            "chief",
            "head",
            "commander",
            "chairman",
            "king",
            "emir",
            "supreme",
            "secretary-general",
        ],
        _ => &[],
    };
    let g = &*crate::gazetteer::GAZETTEER;
    // The other words must fit too: "the Estonian prime minister" is not the Lithuanian
    // interior minister named before. Country words are read by the gazetteer.
    let mut countries: Vec<&str> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for w in phrase.split_whitespace() {
        let code = g.find_proper(w).find_map(|(s, e, es)| {
            (s == 0 && e == w.len())
                .then(|| {
                    es.iter().find_map(|e| match e {
                        Entry::CountryName(i) | Entry::CountryAdj(i) => {
                            Some(g.countries[*i].code.as_str())
                        }
                        _ => None,
                    })
                })
                .flatten()
        });
        match code {
            Some(c) => countries.push(c),
            None => {
                let l = w.to_lowercase();
                if l != head {
                    others.push(l);
                }
            }
        }
    }
    let end = actors.partition_point(|a| a.span.start < pos);
    actors[..end]
        .iter()
        .rev()
        .filter(|a| a.kind == ActorKind::Person && a.span.end <= pos)
        .find(|a| {
            a.person.is_some_and(|p| {
                let person = &people[p as usize];
                person.title.as_deref().is_some_and(|t| {
                    let words: Vec<String> = t
                        .to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .map(str::to_string)
                        .collect();
                    (words.contains(&head) || fits.iter().any(|f| words.iter().any(|w| w == f)))
                        && countries
                            .iter()
                            .all(|c| person.country.as_deref() == Some(*c))
                        && others
                            .iter()
                            .all(|o| words.contains(o) || !g.starts_role(o))
                })
            })
        })
        .map(|x| speaker_from(x, people))
}

fn relay_in(text: &str, span: Span, speaker: Option<&Speaker>) -> Option<String> {
    let s = span.text(text);
    if !RELAY_CUE.is_match(s) {
        return None;
    }
    OUTLETS
        .find_all(s)
        .find(|(st, en, _)| {
            speaker.is_none_or(|sp| {
                !(sp.span.start <= span.start + st && span.start + en <= sp.span.end)
            })
        })
        .map(|(_, _, o)| o.name.clone())
}

/// Find the quotes of a document.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    actors: &[ActorMention],
    people: &[Person],
) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    // Paragraph spans from the sentences.
    let mut paras: Vec<(u32, Span)> = Vec::new();
    for s in sentences {
        match paras.last_mut() {
            Some((p, sp)) if *p == s.paragraph => sp.end = s.span.end,
            _ => paras.push((s.paragraph, s.span)),
        }
    }
    let mut last_speaker: Option<(u32, Speaker)> = None;
    // Per quote pushed: (paragraph, left open at the paragraph's end, opens its paragraph).
    let mut shape: Vec<(u32, bool, bool)> = Vec::new();
    for (n, &(pi, para)) in paras.iter().enumerate() {
        let ms = marks(text, para);
        let mut k = 0;
        while k < ms.len() {
            let m = ms[k];
            let si = sentence_of(sentences, m.inner.start).unwrap_or(0);
            let words = m.inner.text(text).split_whitespace().count();
            let sent_end = sentence_of(sentences, m.close.saturating_sub(1))
                .map(|i| sentences[i].span.end)
                .unwrap_or(para.end);
            let next_open = ms.get(k + 1).map(|n| n.open).unwrap_or(para.end);
            let after_end = sent_end.min(next_open).max(m.close);
            let after = &text[m.close..after_end];
            let sent_start = sentences[si].span.start;
            let before_start = if k > 0 {
                ms[k - 1].close.max(sent_start)
            } else {
                sent_start
            };
            let before = &text[before_start.min(m.open)..m.open];
            let mut speaker: Option<Speaker> = None;
            let mut basis = None;
            let mut relay = None;
            let mut attribution = Span::new(m.close, after_end);
            // Split quote: “…,” X said, “…”.
            let mut parts = Vec::new();
            let mut end_k = k;
            // "Outlet quoted X as saying": X in the capture, the outlet before it.
            let quoted_as = |q: regex::Captures, base: usize| {
                let g = q.get(1)?;
                let (a, b) = (base + g.start(), base + g.end());
                let relay = OUTLETS
                    .find_all(&text[base..a])
                    .next()
                    .map(|(_, _, o)| o.name.clone());
                Some((
                    first_mention_in(actors, a, b).map(|x| speaker_from(x, people)),
                    relay,
                ))
            };
            if let Some((who, via)) = QUOTED_AS
                .captures(after)
                .and_then(|q| quoted_as(q, m.close))
            {
                (speaker, relay, basis) = (who, via, Some("quoted_as_saying"));
            }
            if speaker.is_none() {
                // The statement quoted Zelensky as saying: "…" (right before the quote).
                if let Some(q) = QUOTED_AS.captures_iter(before).last() {
                    let whole = q.get(0).map_or(0, |g| g.end());
                    let rest = before[whole..].trim_matches(|c: char| !c.is_alphanumeric());
                    if rest.is_empty() || rest == "that" {
                        if let Some((who, via)) = quoted_as(q, before_start) {
                            (speaker, relay, basis) = (who, via, Some("quoted_as_saying"));
                            attribution = Span::new(before_start, m.open);
                        }
                    }
                }
            }
            if speaker.is_none() && AFTER_STATEMENT.is_match(after) {
                let from = m.close + AFTER_STATEMENT.find(after).map(|x| x.end()).unwrap_or(0);
                speaker =
                    first_mention_in(actors, from, after_end).map(|x| speaker_from(x, people));
                basis = Some("statement_by");
            }
            if speaker.is_none() {
                // "…," according to Lithuanian Interior Minister Agne Bilotaite.
                let lead = after.trim_start_matches([',', ' ', '—', '–', '-']);
                if lead.to_lowercase().starts_with("according to ") {
                    let from = after_end - lead.len() + "according to ".len();
                    speaker = first_mention_in(actors, from, (from + 80).min(after_end))
                        .filter(|x| x.kind == ActorKind::Person)
                        .map(|x| speaker_from(x, people));
                    if speaker.is_some() {
                        basis = Some("after");
                    }
                }
            }
            if speaker.is_none() && PRONOUN_VERB.is_match(after) {
                speaker =
                    pronoun_referent(actors, people, last_speaker.as_ref().map(|s| &s.1), m.open);
                basis = Some("after");
            }
            if speaker.is_none() {
                // "…," the ambassador said.
                if let Some(c) = TITLE_SPEAKER.captures(after) {
                    let lead = &after[..c.get(0).map_or(0, |g| g.start())];
                    if lead
                        .trim()
                        .trim_start_matches([',', '—', '–', '-'])
                        .is_empty()
                    {
                        speaker = titled_person(&c[1], actors, people, m.open);
                        if speaker.is_some() {
                            basis = Some("after");
                        }
                    }
                }
            }
            if speaker.is_none() {
                // "…," X said / "…," said X
                let window_end = (m.close + 160).min(after_end);
                if let Some(v) = SPEECH_WORD.find(&text[m.close..window_end]) {
                    let verb_at = m.close + v.start();
                    let lead = text[m.close..verb_at]
                        .trim()
                        .trim_start_matches([',', '—', '–', '-']);
                    // The subject may carry an aside set off by commas: "…," President X,
                    // speaking after a call with Y, said.
                    let subject = match lead.trim_end().strip_suffix(',') {
                        Some(l) => l.split(',').next().unwrap_or(l),
                        None => lead,
                    };
                    if AFTER_VERB_FIRST.is_match(after) {
                        speaker = first_mention_in(actors, m.close + v.end(), window_end)
                            .map(|x| speaker_from(x, people));
                    } else if subject.split_whitespace().count() <= 10 {
                        speaker = subject_before(text, actors, m.close, verb_at)
                            .map(|x| speaker_from(x, people));
                    }
                    if speaker.is_some() {
                        basis = Some("after");
                        attribution = Span::new(m.close, window_end);
                    }
                }
            }
            if speaker.is_none() {
                // The ambassador said that "…"
                if let Some(c) = TITLE_SPEAKER.captures_iter(before).last() {
                    speaker = titled_person(&c[1], actors, people, m.open);
                    if speaker.is_some() {
                        basis = Some("before");
                    }
                }
            }
            if speaker.is_none() {
                // According to X, "…"
                // Only the person right after "according to", with the quote right after
                // them ("According to US intelligence, troops were pressed by Putin …
                // to 'invade'" is no quote of Putin's).
                if let Some(at) = before.to_lowercase().rfind("according to ") {
                    let from = before_start + at + "according to ".len();
                    speaker = first_mention_in(actors, from, m.open)
                        .filter(|x| {
                            let between = &text[x.span.end..m.open];
                            // ("According to Stoltenberg, the alliance is "ready …"": the
                            // opener set off by its comma covers the clause after it.)
                            let opener = between.starts_with(',')
                                && !between.contains([';', '.'])
                                && !SPEECH_WORD.is_match(between)
                                && !actors.iter().any(|o| {
                                    o.kind == ActorKind::Person
                                        && o.span.start >= x.span.end
                                        && o.span.end <= m.open
                                });
                            x.kind == ActorKind::Person
                                && x.span.start <= from + 40
                                && (opener
                                    || between
                                        .split_whitespace()
                                        .filter(|w| w.chars().any(char::is_alphanumeric))
                                        .count()
                                        <= 2)
                        })
                        .map(|x| speaker_from(x, people));
                    if speaker.is_some() {
                        basis = Some("before");
                    }
                }
            }
            if speaker.is_none() {
                // X said that the "…"
                if let Some(v) = SPEECH_WORD.find_iter(before).last() {
                    let verb_at = before_start + v.start();
                    speaker = subject_before(text, actors, before_start, verb_at)
                        .map(|x| speaker_from(x, people));
                    if speaker.is_none() && before_start == sent_start {
                        // The minister, speaking at a news conference, said: "…"
                        if let Some(c) = TITLE_SUBJECT.captures(&text[sent_start..verb_at]) {
                            speaker = titled_person(&c[1], actors, people, m.open);
                        }
                    }
                    if speaker.is_some() {
                        basis = Some("before");
                        attribution = Span::new(before_start, m.open);
                    }
                }
            }
            // Split quote.
            if basis == Some("after") && m.inner.text(text).ends_with(',') {
                if let Some(n) = ms.get(k + 1) {
                    let between = &text[m.close..n.open];
                    if between.trim_end().ends_with(',')
                        && between.len() < 80
                        && sentence_of(sentences, n.inner.start) == Some(si)
                    {
                        parts = vec![m.inner, n.inner];
                        end_k = k + 1;
                    }
                }
            }
            let fragment = words < 5 && parts.is_empty();
            // A quote with no attribution of its own (a scare quote, "called the strikes a
            // 'cowardly attack'") is the words of the person the sentence is about: the
            // last person named before it in the sentence, or the person "he" or "she"
            // before it refers to.
            if speaker.is_none() {
                let sent_before = &text[sent_start.min(m.open)..m.open];
                // ... only when a word of saying or judging links them ("condemned the
                // attack as a 'clear violation'"), not in "were pressed by Putin and made
                // preparations to 'invade'" (the outlet's words).
                // The person closest before the quote that such a word follows: "Zarif
                // accused Pompeo of 'maximum deceit'" is Zarif's.
                let mut persons = actors
                    .iter()
                    .rev()
                    .skip_while(|a| a.span.start >= m.open)
                    .take_while(|a| a.span.start >= sent_start)
                    .filter(|a| a.kind == ActorKind::Person && a.span.end <= m.open)
                    .peekable();
                let any_person = persons.peek().is_some();
                let linked = persons.find(|x| COMMUNICATION.is_match(&text[x.span.end..m.open]));
                let opener = PARTICIPLE_OPENER.is_match(sent_before);
                if let Some(x) = linked {
                    speaker = Some(speaker_from(x, people));
                    basis = Some("sentence");
                } else if opener && !any_person {
                    // "Calling them 'cowardly attacks', he vowed …": the subject after the
                    // quote speaks.
                    let sent_stop = sent_end.max(m.close);
                    let tail = &text[m.close..sent_stop];
                    let person_after = actors
                        .iter()
                        .find(|a| a.span.start >= m.close && a.span.start < sent_stop)
                        .filter(|a| a.kind == ActorKind::Person);
                    speaker = match person_after {
                        Some(x) => Some(speaker_from(x, people)),
                        None if PRONOUN_BEFORE.is_match(tail) => pronoun_referent(
                            actors,
                            people,
                            last_speaker.as_ref().map(|s| &s.1),
                            sent_start,
                        ),
                        None => None,
                    };
                    if speaker.is_some() {
                        basis = Some("sentence");
                    }
                } else if !any_person
                    && PRONOUN_BEFORE
                        .find_iter(sent_before)
                        .last()
                        .is_some_and(|p| COMMUNICATION.is_match(&sent_before[p.end()..]))
                {
                    speaker = pronoun_referent(
                        actors,
                        people,
                        last_speaker
                            .as_ref()
                            .filter(|(lp, _)| *lp + 1 >= pi)
                            .map(|s| &s.1),
                        sent_start,
                    );
                    if speaker.is_some() {
                        basis = Some("sentence");
                    }
                }
            }
            // "President X said:" closing the paragraph before: the quote that opens this
            // one is theirs. So is a paragraph that is one quote, after a paragraph that
            // ends telling what a person said ("X said the army had withdrawn." then
            // "“We agreed …”"), the way news writing continues a speaker.
            let alone_in_para = k == 0
                && before.trim().is_empty()
                && ms.len() == 1
                && text[m.close..para.end]
                    .trim()
                    .trim_start_matches(['.', '”', '"'])
                    .is_empty();
            if speaker.is_none() && k == 0 && before.trim().is_empty() && n > 0 {
                let prev = paras[n - 1].1;
                let lead = prev.text(text).trim_end();
                let colon = lead.ends_with(':');
                if !lead.is_empty() && (colon || alone_in_para) {
                    let from = sentence_of(sentences, prev.start + lead.len() - 1)
                        .map_or(prev.start, |i| sentences[i].span.start.max(prev.start));
                    let last = &text[from..prev.start + lead.len()];
                    // (Only a sentence with no quote of its own: its speaker is already
                    // carried on by the rule for a lone whole-sentence quote.)
                    let quoted = last.contains(['“', '"']);
                    if let Some(v) = SPEECH_WORD.find_iter(last).last().filter(|_| !quoted) {
                        speaker = subject_before(text, actors, from, from + v.start())
                            .filter(|x| colon || x.kind == ActorKind::Person)
                            .map(|x| speaker_from(x, people));
                        if speaker.is_some() {
                            basis = Some("before");
                            attribution = Span::new(from, prev.start + lead.len());
                        }
                    }
                }
            }
            // A whole sentence in quotes ("But we are prepared.") continues the speaker
            // before it even when short.
            let inner_text = m.inner.text(text).trim();
            let whole_sentence = inner_text.chars().next().is_some_and(char::is_uppercase)
                && inner_text.ends_with(['.', '!', '?']);
            if (!fragment || whole_sentence) && speaker.is_none() {
                let alone = before.trim().is_empty()
                    && after.trim().trim_end_matches(['.', '”', '"']).is_empty();
                if alone {
                    if let Some((lp, s)) = &last_speaker {
                        if *lp + 1 >= pi {
                            speaker = Some(s.clone());
                            basis = Some("continues");
                        }
                    }
                }
            }
            if relay.is_none() && !fragment {
                let sent_span = Span::new(sent_start, sent_end.max(after_end));
                relay = relay_in(text, sent_span, speaker.as_ref())
                    .or_else(|| relay_in(text, attribution, speaker.as_ref()));
            }
            if let (Some(r), Some(s)) = (&relay, &speaker) {
                if OUTLETS.exact(&s.name).is_some_and(|o| &o.name == r) {
                    speaker = None;
                }
            }
            // "The Chinese diplomat said": a group named with the definite article is the
            // person of the article that description fits, when there is one.
            if let Some(s) = speaker.as_ref().filter(|s| s.person.is_none()) {
                let lead = text[..s.span.start].trim_end();
                let definite = lead.len() >= 3
                    && lead[lead.len() - 3..].eq_ignore_ascii_case("the")
                    && !lead[..lead.len() - 3]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                if definite {
                    if let Some(p) = titled_person(s.span.text(text), actors, people, s.span.start)
                    {
                        speaker = Some(Speaker { span: s.span, ..p });
                    }
                }
            }
            let (span, qtext) = if parts.is_empty() {
                (m.inner, m.inner.text(text).to_string())
            } else {
                (
                    Span::new(parts[0].start, parts[parts.len() - 1].end),
                    parts
                        .iter()
                        .map(|p| p.text(text))
                        .collect::<Vec<_>>()
                        .join(" … "),
                )
            };
            if let Some(s) = &speaker {
                last_speaker = Some((pi, s.clone()));
            }
            // (Left open: no closing mark, the stretch runs to the paragraph's end.)
            let left_open =
                parts.is_empty() && m.close == para.end && !text[..m.close].ends_with(['”', '"']);
            shape.push((pi, left_open, k == 0 && before.trim().is_empty()));
            out.push(Quote {
                span,
                text: qtext,
                sentence: si as u32,
                speaker,
                relay,
                fragment,
                parts,
                basis: basis.map(str::to_string),
            });
            k = end_k + 1;
        }
    }
    // A quote that runs over paragraphs leaves each one open and names its speaker in the
    // last ("“Thanks to these deployments, …" then "“Tomorrow I will …,” Biden said."):
    // an open, unattributed quote is the speaker's of the quote opening the next paragraph.
    for i in (0..out.len().saturating_sub(1)).rev() {
        let (pi, open, _) = shape[i];
        let (pn, _, opens) = shape[i + 1];
        if out[i].speaker.is_none() && open && opens && pn == pi + 1 {
            out[i].speaker = out[i + 1].speaker.clone();
            if out[i].speaker.is_some() {
                out[i].basis = Some("continued".to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Quote> {
        let c = crate::clean(drumbeat_model::Document::plain("t", "t", text, None));
        crate::recognise(&crate::gazetteer::GAZETTEER, c).quotes
    }

    fn who(q: &Quote) -> Option<&str> {
        q.speaker.as_ref().map(|s| s.name.as_str())
    }

    #[test]
    fn attribution_patterns() {
        let q = run("\"These measures,\" Jen Psaki said, \"are separate from the talks and will continue.\"");
        assert_eq!(q.len(), 1);
        assert_eq!(who(&q[0]), Some("Jen Psaki"));
        assert_eq!(q[0].parts.len(), 2);

        let q = run(
            "“We will not move an inch on this question,” said Foreign Minister Sergei Lavrov.",
        );
        assert_eq!(who(&q[0]), Some("Sergei Lavrov"));

        let q = run("Russian Foreign Minister Sergei Lavrov said the talks had reached \"a dead end with no way forward\", according to TASS.");
        assert_eq!(who(&q[0]), Some("Sergei Lavrov"));
        assert_eq!(q[0].relay.as_deref(), Some("TASS"));

        let q = run("\"We have to prepare for the worst case now,\" Reuters quoted Polish President Andrzej Duda as saying.");
        assert_eq!(who(&q[0]), Some("Andrzej Duda"));
        assert_eq!(q[0].relay.as_deref(), Some("Reuters"));

        let q = run("Officials were \"frustrated\" and called it 'very disappointing' talks; Biden’s aides didn’t agree.");
        assert_eq!(q.len(), 2);
        assert!(q.iter().all(|x| x.fragment && x.speaker.is_none()));

        let q = run("Turkish President Recep Tayyip Erdogan spoke to reporters in Ankara on Monday about the dispute.\n“We will defend our rights at sea, whatever it takes,” he said.\n“Nobody should doubt our resolve in this matter.”");
        assert_eq!(who(&q[0]), Some("Recep Tayyip Erdogan"));
        assert_eq!(who(&q[1]), Some("Recep Tayyip Erdogan"));
        assert_eq!(q[1].basis.as_deref(), Some("continues"));
    }

    #[test]
    fn speakers_across_paragraphs_asides_and_fused_articles() {
        // A colon closing the paragraph before hands the quote to its speaker.
        let q = run("In a speech on state television, President Viktor Aranov said:\n\n“I have decided to act. Our people demand it.”");
        assert_eq!(who(&q[0]), Some("Viktor Aranov"));
        // A paragraph that is one quote continues the person whose words the paragraph
        // before reported; an institution's words are no person's.
        let q = run("Defence Minister Karl Brenner visited the front on Monday.\n\nIn an interview, Brenner said the brigade had held the line for a week.\n\n“Nobody here will give up a metre.”");
        assert_eq!(who(&q[0]), Some("Karl Brenner"));
        let q = run("The talks ended on Monday.\n\nThe ministry said the talks had failed.\n\n“Nobody expected a deal.”");
        assert_eq!(who(&q[0]), None);
        // An aside between the subject and the verb is passed over, before or after the
        // quote.
        let q = run("President Lena Dorsey, speaking after a call with Prime Minister Ali Karimi, said: “We stand together.”");
        assert_eq!(who(&q[0]), Some("Lena Dorsey"));
        let q = run("“We stand together,” President Lena Dorsey, speaking after a call with Prime Minister Ali Karimi, said.");
        assert_eq!(who(&q[0]), Some("Lena Dorsey"));
        // "Burhan" and "Al-Burhan" are the "al-Burhan" named before.
        let q = run("Army chief Abdel Fattah al-Burhan visited troops. “We will hold the city,” Burhan said. “We will not retreat,” Al-Burhan added.");
        assert_eq!(who(&q[0]), Some("Abdel Fattah al-Burhan"));
        assert_eq!(who(&q[1]), Some("Abdel Fattah al-Burhan"));
        // A quote left open over paragraphs is the speaker's named at its end.
        let q = run("President Lena Dorsey addressed the strike in a statement. “Thanks to our crews, the drones were shot down.\n\n“Tomorrow I will call our allies,” Dorsey said.");
        assert_eq!(who(&q[0]), Some("Lena Dorsey"));
        assert_eq!(q[0].basis.as_deref(), Some("continued"));
        // A closed quote with no speaker is not handed on.
        let q = run("The statement ended: “The drones were shot down.”\n\n“Tomorrow I will call our allies,” Dorsey said.");
        assert_eq!(q[0].basis.as_deref(), None);
        // A town's name after a first name is a surname.
        let q =
            run("“We call for calm,” said Maria Santos, spokesperson for the Secretary-General.");
        assert_eq!(who(&q[0]), Some("Maria Santos"));
    }

    #[test]
    fn openers_outlets_and_titles_after_the_name() {
        // "According to X," opens the clause the quote is in.
        let q = run("According to Marta Soler, the army is \"ready to hold every village.\"");
        assert_eq!(who(&q[0]), Some("Marta Soler"));
        // An outlet quoted X as saying, before the quote.
        let q = run(
            "Interfax quoted Minister Pavel Orlov as saying that \"the talks are over for now.\"",
        );
        assert_eq!(who(&q[0]), Some("Pavel Orlov"));
        assert_eq!(q[0].relay.as_deref(), Some("Interfax"));
        // A title after the name is the person's title too.
        let q = run("Tomas Ruiz, the Chilean army spokesman, spoke on Monday.\n\"Nothing has changed at the border tonight,\" the spokesman said.");
        assert_eq!(who(&q[0]), Some("Tomas Ruiz"));
        // A title of something, then the name: "a spokesperson for the ministry, X".
        let q = run("\"We reject this claim completely,\" said a spokesperson for the ministry, Tomas Ruiz.");
        assert_eq!(who(&q[0]), Some("Tomas Ruiz"));
        // Military ranks are titles, not names.
        let q = run("\"They crossed a red line today,\" said Lt. Col. Tomas Ruiz.");
        assert_eq!(who(&q[0]), Some("Tomas Ruiz"));
    }

    #[test]
    fn titles_pronouns_and_scare_quotes() {
        // Mixed marks close each other.
        let q = run("\"A calm border is in everyone's interest,” Okafor said. Talks resumed.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "A calm border is in everyone's interest,");

        // "the ambassador said": the person given that title earlier.
        let q = run("Chile's ambassador to Peru, Marta Soler, spoke on Monday.\n\"We expect a full answer from Lima within the week,\" the ambassador said.");
        assert_eq!(who(&q[0]), Some("Marta Soler"));
        let q = run("Chile's ambassador to Peru, Marta Soler, spoke on Monday.\nThe ambassador said the reply would be \"firm and swift, without doubt.\"");
        assert_eq!(who(&q[0]), Some("Marta Soler"));
        // A description fits the titles it names: a diplomat, a leader.
        let q = run("Peruvian Foreign Minister Rosa Quispe met her Chilean counterpart.\nThe Peruvian diplomat said: \"Our border is not for sale.\"");
        assert_eq!(who(&q[0]), Some("Rosa Quispe"));
        let q = run("Bolivian President Luis Mamani spoke on Monday.\n\"We will not bow to pressure,\" the Bolivian leader told reporters.");
        assert_eq!(who(&q[0]), Some("Luis Mamani"));
        // A country's diplomat is not its president.
        let q = run("Bolivian President Luis Mamani spoke on Monday.\n\"We will not bow to pressure,\" the Bolivian diplomat told reporters.");
        assert_ne!(who(&q[0]), Some("Luis Mamani"));

        // "he said" is the last person named, not an earlier speaker or a country.
        let q = run("\"We will hold the line at the river for as long as needed,\" Chile said.\nGeneral Tomas Ruiz spoke later.\n\"Nobody should doubt what we can do here,\" he said.");
        assert_eq!(who(&q[1]), Some("Tomas Ruiz"));

        // A scare quote is the subject's, not the object's.
        let q =
            run("Foreign Minister Ana Duarte accused Ramon Vidal of \"plain deceit\" on Monday.");
        assert_eq!(who(&q[0]), Some("Ana Duarte"));
        // A participle of judging before the quote: the subject after it.
        let q = run("Prime Minister Lena Varga spoke on Monday.\nCalling the raids \"cowardly attacks on our towns\", she vowed to respond.");
        assert_eq!(who(&q[0]), Some("Lena Varga"));
        // A scare quote after "U.S." stays in its sentence.
        let q =
            run("Foreign Minister Ana Duarte said the U.S. \"maximum pressure\" plan had failed.");
        assert_eq!(who(&q[0]), Some("Ana Duarte"));
        // "According to X," before the quote.
        let q = run("According to Foreign Minister Ana Duarte, \"the border will stay open for trade and for families.\"");
        assert_eq!(who(&q[0]), Some("Ana Duarte"));
        let q = run("According to US intelligence, troops were pressed near the border by President Lena Varga and made all preparations to \"invade the valley\" this year.");
        assert_eq!(who(&q[0]), None);
        // A surname alone right after a quote.
        let q = run(
            "\"We will not give up an inch of the valley,\" Okonjo said. \"Not one,\" said Abara.",
        );
        assert_eq!(who(&q[0]), Some("Okonjo"));
        // Names set off by a title after them.
        let q = run("Pavel Orlov, the head of the state security committee, said \"the border is calm tonight and will stay so.\"");
        assert_eq!(who(&q[0]), Some("Pavel Orlov"));
        // A titled subject set off by commas.
        let q = run("Foreign Minister Ana Duarte arrived in Lisbon. The minister, speaking at a news conference, said: \"We need more time.\"");
        assert_eq!(who(&q[0]), Some("Ana Duarte"));
        // "According to X" after the quote.
        let q = run("\"The crossing is closed until further notice,\" according to Interior Minister Ana Duarte.");
        assert_eq!(who(&q[0]), Some("Ana Duarte"));
        // A short whole sentence in quotes continues the speaker before it.
        let q = run("\"Nobody here wants a war,\" Okonjo said. \"But we are ready.\"");
        assert_eq!(who(&q[1]), Some("Okonjo"));
        // A title with another country is not the person named before.
        let q = run("Lithuanian Interior Minister Ana Duarte spoke first. The Estonian interior minister said the move was \"a deliberate provocation by Minsk\".");
        assert_ne!(who(&q[0]), Some("Ana Duarte"));
    }
}
