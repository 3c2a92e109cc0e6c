//! What every pass of the coder reads, built once: the document's context (its clean
//! text and tokens, its mentions grouped by sentence, the country it is about, the
//! countries it names, its publication date) and one sentence's (its tokens and words,
//! its actors and where they stand among the tokens, its places, times, numbers and
//! quotes, the border it speaks of, where its closing attribution starts, the triggers
//! found in it), and one trigger's (its phrase, type and span). Also the word lists and
//! actor builders that several passes share.

use drumbeat_model::{
    ActorKind, ActorMention, Annotated, EventActor, NumberMention, PlaceMention, Quote, Span,
    TimeMention,
};
use drumbeat_nlp::tokens::{tokenize, Token};

use crate::dates;
use crate::lexicon::{Lexicon, RawTrigger};
use crate::triggers::{self, Hit, SentenceView};

pub(crate) const SPEECH: &[&str] = &[
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

fn low(t: &Token, text: &str) -> String {
    t.text(text).to_lowercase()
}

pub(crate) fn actor_of(m: &ActorMention, a: &Annotated) -> EventActor {
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

pub(crate) fn place_actor(p: &PlaceMention) -> EventActor {
    EventActor {
        code: p.country.clone(),
        country: Some(p.country.clone()),
        role: None,
        name: p.name.clone(),
        span: p.span,
        also: Vec::new(),
    }
}

/// A country (or organisation) as an event's side, by its code.
pub(crate) fn country_actor(code: String, name: &str, span: Span, also: Vec<String>) -> EventActor {
    EventActor {
        code: code.clone(),
        country: Some(code),
        role: None,
        name: name.to_string(),
        span,
        also,
    }
}

pub(crate) fn event_id(doc: &str, start: usize, ty: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(doc.as_bytes());
    h.update(&start.to_le_bytes());
    h.update(ty.as_bytes());
    format!("{:016x}", h.digest())
}

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

/// What the passes read of the whole document, computed once.
pub(crate) struct DocCtx<'a> {
    pub(crate) lex: &'a Lexicon,
    pub(crate) a: &'a Annotated,
    /// The clean text (boilerplate blanked), which the tokens index.
    pub(crate) clean: String,
    /// The original text, which the events' spans quote.
    pub(crate) text: &'a str,
    pub(crate) toks: Vec<Token>,
    // Everything a sentence looks up, grouped by sentence once, so that a long document
    // costs in proportion to its length (not its length squared).
    pub(crate) actors_in: Vec<Vec<&'a ActorMention>>,
    pub(crate) places_in: Vec<Vec<&'a PlaceMention>>,
    pub(crate) times_in: Vec<Vec<&'a TimeMention>>,
    pub(crate) numbers_in: Vec<Vec<&'a NumberMention>>,
    pub(crate) quotes_in: Vec<Vec<&'a Quote>>,
    pub(crate) published: Option<&'a String>,
    pub(crate) published_year: Option<i32>,
    /// The document's focus (for arrests told in the passive).
    pub(crate) focus: Option<String>,
    /// The countries it names, most first (for "both sides" when no event joins two yet).
    pub(crate) named: Vec<String>,
    /// Its actors in text order (for a quote's speaker).
    pub(crate) actors_by_start: Vec<&'a ActorMention>,
}

impl<'a> DocCtx<'a> {
    pub(crate) fn new(lex: &'a Lexicon, a: &'a Annotated) -> DocCtx<'a> {
        let doc = &a.doc;
        let clean = doc.clean_text();
        let toks = tokenize(&clean, &doc.sentences);
        let n = doc.sentences.len();
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
        let mut actors_by_start: Vec<&ActorMention> = a.actors.iter().collect();
        actors_by_start.sort_by_key(|m| m.span.start);
        DocCtx {
            lex,
            a,
            clean,
            text: &doc.document.text,
            toks,
            actors_in: by_sentence(&a.actors, n, |m| m.sentence),
            places_in: by_sentence(&a.places, n, |p| p.sentence),
            times_in: by_sentence(&a.times, n, |t| t.sentence),
            numbers_in: by_sentence(&a.numbers, n, |x| x.sentence),
            quotes_in: quotes_by_sentence(&a.quotes, &doc.sentences),
            published: doc.document.published.as_ref(),
            published_year,
            focus,
            named,
            actors_by_start,
        }
    }

    /// The actor recognised exactly at `span` (a quote's speaker), if any.
    pub(crate) fn actor_at(&self, span: Span) -> Option<&'a ActorMention> {
        let from = self
            .actors_by_start
            .partition_point(|m| m.span.start < span.start);
        self.actors_by_start[from..]
            .iter()
            .take_while(|m| m.span.start == span.start)
            .find(|m| m.span == span)
            .copied()
    }
}

/// What the passes read of one sentence.
pub(crate) struct SentenceCtx<'a> {
    pub(crate) doc: &'a DocCtx<'a>,
    pub(crate) lex: &'a Lexicon,
    pub(crate) a: &'a Annotated,
    pub(crate) clean: &'a str,
    pub(crate) si: usize,
    pub(crate) sent: &'a drumbeat_model::Sentence,
    pub(crate) st: &'a [Token],
    /// The tokens, lowercased.
    pub(crate) words: Vec<String>,
    pub(crate) mentions: &'a [&'a ActorMention],
    /// Token index (in the sentence) where each mention starts / ends.
    pub(crate) m_tok: Vec<(usize, usize)>,
    pub(crate) places: &'a [&'a PlaceMention],
    pub(crate) times: &'a [&'a TimeMention],
    pub(crate) numbers: &'a [&'a NumberMention],
    pub(crate) quotes: &'a [&'a Quote],
    /// The border the sentence is about: one it names, or the last one named when it
    /// says "the border".
    pub(crate) border: Option<&'a PlaceMention>,
    /// Where the sentence's closing attribution starts, if it has one.
    pub(crate) reported_from: usize,
    /// The last actor of the sentences before this one (for pronouns).
    pub(crate) prev_actor: Option<&'a ActorMention>,
    /// The last dated time of the sentences before it, with their paragraph.
    pub(crate) context_time: dates::Context<'a>,
    /// Triggers, longest first, no overlaps; an expression of intent marks the act
    /// after it.
    pub(crate) hits: Vec<Hit>,
}

impl<'a> SentenceCtx<'a> {
    /// The context of sentence `si`, whose tokens are `st` (not empty). `last_border` is
    /// the last border place seen, for "along the border"; a border this sentence names
    /// replaces it.
    pub(crate) fn new(
        doc: &'a DocCtx<'a>,
        si: usize,
        st: &'a [Token],
        last_border: &mut Option<&'a PlaceMention>,
        prev_actor: Option<&'a ActorMention>,
        context_time: dates::Context<'a>,
    ) -> SentenceCtx<'a> {
        let clean = doc.clean.as_str();
        let words: Vec<String> = st.iter().map(|t| low(t, clean)).collect();
        let mentions: &[&ActorMention] = &doc.actors_in[si];
        let places: &[&PlaceMention] = &doc.places_in[si];
        let sentence_border = places.iter().find(|p| p.kind == "border").copied();
        if let Some(b) = sentence_border {
            *last_border = Some(b);
        }
        let bare_border = words
            .windows(2)
            .any(|w| w[0] == "the" && (w[1] == "border" || w[1] == "frontier"));
        let border = sentence_border.or(if bare_border { *last_border } else { None });

        // 1. Triggers, longest first, no overlaps; an expression of intent marks the act
        // after it.
        let view = SentenceView {
            clean,
            st,
            words: &words,
            mentions,
            quotes: &doc.quotes_in[si],
        };
        let mut hits = triggers::find(doc.lex, &view);
        triggers::mark_intents(doc.lex, &view, &mut hits);
        // Where the sentence's closing attribution starts, if it has one.
        let reported_from = attribution_tail(&words);
        let tok_of = |pos: usize| st.partition_point(|t| t.start < pos);
        let m_tok: Vec<(usize, usize)> = mentions
            .iter()
            .map(|m| (tok_of(m.span.start), tok_of(m.span.end)))
            .collect();
        SentenceCtx {
            doc,
            lex: doc.lex,
            a: doc.a,
            clean,
            si,
            sent: &doc.a.doc.sentences[si],
            st,
            words,
            mentions,
            m_tok,
            places,
            times: &doc.times_in[si],
            numbers: &doc.numbers_in[si],
            quotes: &doc.quotes_in[si],
            border,
            reported_from,
            prev_actor,
            context_time,
            hits,
        }
    }

    /// Token index (in the sentence) where a byte position falls.
    pub(crate) fn tok_of(&self, pos: usize) -> usize {
        self.st.partition_point(|t| t.start < pos)
    }
}

/// One trigger of a sentence, as the passes after triggers read it.
pub(crate) struct HitCtx<'a> {
    /// Its index among the sentence's hits.
    pub(crate) hi: usize,
    pub(crate) h: &'a Hit,
    pub(crate) trig: &'a RawTrigger,
    /// The event type's name, for the rules' word lists.
    pub(crate) ty: &'a str,
    /// Its bytes in the text.
    pub(crate) span: Span,
}

/// Why a pass drops a trigger: it is no act of its own here (`Skip`), or no act at all
/// (`Dead`: it then embeds nothing, see `modality::Context::dead`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoAct {
    Skip,
    Dead,
}

/// The mention of a trailing attribution after the trigger: "..., the junta asserted",
/// "..., Pakistan's army said" (a comma, perhaps "the", the mention, a speech verb).
pub(crate) fn trailing_speaker(ctx: &SentenceCtx, h: &Hit) -> Option<usize> {
    let words = &ctx.words[..];
    (0..ctx.mentions.len()).find(|&mi| {
        let (m0, m1) = ctx.m_tok[mi];
        let mut k = m0;
        if k > 0 && words[k - 1] == "the" {
            k -= 1;
        }
        let opens = k > 0 && matches!(words[k - 1].as_str(), "," | "”" | "\"");
        let speech = words.get(m1).is_some_and(|w| {
            SPEECH.contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "asserted" | "warned" | "insisted" | "declared" | "stressed" | "vowed"
                )
        });
        m0 >= h.t1 && opens && speech
    })
}

/// For the passes' tests: the events of a text published on 2 March 2024, through
/// [`crate::code`], each as "SOURCE TYPE TARGET" (country codes, "-" for none), and the
/// events themselves.
#[cfg(test)]
pub(crate) mod testing {
    use drumbeat_model::{Annotated, Document, Event, EventActor};

    pub(crate) fn annotated(text: &str) -> Annotated {
        let d = Document::plain(
            &drumbeat_ingest::content_id(text),
            "t",
            text,
            Some("2024-03-02"),
        );
        drumbeat_nlp::recognise(&drumbeat_nlp::gazetteer::GAZETTEER, drumbeat_nlp::clean(d))
    }

    pub(crate) fn events(text: &str) -> Vec<Event> {
        crate::code(&annotated(text))
    }

    pub(crate) fn country(a: &Option<EventActor>) -> &str {
        a.as_ref().and_then(|x| x.country.as_deref()).unwrap_or("-")
    }

    /// An event as "SRC TYPE TGT" (country level, `-` for none).
    pub(crate) fn dyad(e: &Event) -> String {
        format!(
            "{} {} {}",
            country(&e.source),
            e.event_type,
            country(&e.target)
        )
    }

    pub(crate) fn dyads(text: &str) -> Vec<String> {
        events(text).iter().map(dyad).collect()
    }

    /// The asserted events among `events`, as "SRC TYPE TGT".
    pub(crate) fn asserted_dyads(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .filter(|e| e.modality == drumbeat_model::Modality::Asserted)
            .map(dyad)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn a_closing_attribution_starts_at_its_comma() {
        let w = words("jets struck the depot , the defence ministry in moscow said .");
        assert_eq!(attribution_tail(&w), 4);
        let w = words("jets struck the depot , according to tass .");
        assert_eq!(attribution_tail(&w), 4);
        // A comma that opens no report leaves the whole sentence as told.
        let w = words("jets struck the depot , killing three .");
        assert_eq!(attribution_tail(&w), w.len());
    }

    #[test]
    fn a_sentence_context_places_mentions_and_carries_the_border() {
        let a = testing::annotated(
            "Some 100,000 Russian troops were seen near the Ukrainian border on Monday. \
             Tanks moved along the border on Tuesday.",
        );
        let doc = DocCtx::new(&crate::lexicon::LEXICON, &a);
        assert_eq!(doc.published_year, Some(2024));
        let mut last_border = None;
        let mut t0 = 0;
        let mut borders = Vec::new();
        for si in 0..a.doc.sentences.len() {
            let t1 = t0 + doc.toks[t0..].partition_point(|t| t.sent as usize == si);
            let ctx = SentenceCtx::new(
                &doc,
                si,
                &doc.toks[t0..t1],
                &mut last_border,
                None,
                dates::Context::default(),
            );
            t0 = t1;
            // Each mention's tokens spell it.
            for (m, &(k0, k1)) in ctx.mentions.iter().zip(&ctx.m_tok) {
                let spelled = &ctx.clean[ctx.st[k0].start..ctx.st[k1 - 1].end];
                assert_eq!(spelled, m.span.text(ctx.clean));
            }
            borders.push(ctx.border.map(|b| b.country.clone()));
        }
        // "along the border" is the border named before.
        assert_eq!(borders, [Some("UKR".to_string()), Some("UKR".to_string())]);
    }
}
