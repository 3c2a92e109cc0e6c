//! Paragraphs and sentences, as spans of the original text.
//!
//! Paragraphs: each line is a paragraph, unless the text is hard-wrapped (most lines of
//! similar width ending mid-sentence), where blank lines separate paragraphs.
//! Sentences end at `.`, `!`, `?` or `…` (with any closing quotes or brackets after
//! them) followed by white space and a word that does not start in lower case; never
//! after a title such as `Dr.` or an initial, and after an abbreviation that may end a
//! sentence (`U.S.`, `Jan.`) only before a common sentence opener. A paragraph always
//! ends its sentence, so headlines without final punctuation stand alone.

use std::collections::HashSet;
use std::sync::LazyLock;

use drumbeat_model::{Sentence, Span};
use serde::Deserialize;

#[derive(Deserialize)]
struct AbbrevFile {
    never_end: Vec<String>,
    may_end: Vec<String>,
    openers: Vec<String>,
}

struct Abbrevs {
    never_end: HashSet<String>,
    may_end: HashSet<String>,
    openers: HashSet<String>,
}

static ABBREVS: LazyLock<Abbrevs> = LazyLock::new(|| {
    let f: AbbrevFile = toml::from_str(include_str!("../data/abbreviations.toml"))
        .expect("data/abbreviations.toml is valid (tested)");
    Abbrevs {
        never_end: f.never_end.into_iter().collect(),
        may_end: f.may_end.into_iter().collect(),
        openers: f.openers.into_iter().collect(),
    }
});

/// Line spans of `text` (without their line breaks), including empty lines.
pub fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |l| {
        let s = start;
        start += l.len();
        let body = l.trim_end_matches(['\n', '\r']);
        Span::new(s, s + body.len())
    })
}

fn trim_span(text: &str, s: Span) -> Span {
    let t = s.text(text);
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    if lead + trail >= t.len() {
        return Span::new(s.start, s.start);
    }
    Span::new(s.start + lead, s.end - trail)
}

const TERMINAL: [char; 4] = ['.', '!', '?', '…'];
const CLOSERS: [char; 8] = ['"', '”', '’', '\'', ')', ']', '»', '›'];

/// True when the text looks hard-wrapped: most lines within a paragraph are long,
/// of similar width, and run on into the next line.
fn hard_wrapped(text: &str) -> bool {
    let ls: Vec<&str> = lines(text).map(|s| s.text(text).trim()).collect();
    let nonblank: Vec<&&str> = ls.iter().filter(|l| !l.is_empty()).collect();
    if nonblank.len() < 6 {
        return false;
    }
    let mut run_on = 0;
    let mut considered = 0;
    for w in ls.windows(2) {
        if w[0].is_empty() || w[1].is_empty() {
            continue;
        }
        considered += 1;
        let len = w[0].chars().count();
        let ends_open = !w[0].ends_with(TERMINAL) && !w[0].ends_with(CLOSERS);
        if (45..=100).contains(&len) && (ends_open || w[1].starts_with(char::is_lowercase)) {
            run_on += 1;
        }
    }
    considered >= 5 && run_on * 2 >= considered
}

/// Paragraph spans (trimmed), in order. Blank (all-space) paragraphs are left out.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    if hard_wrapped(text) {
        let mut cur: Option<Span> = None;
        for l in lines(text) {
            if l.text(text).trim().is_empty() {
                if let Some(c) = cur.take() {
                    out.push(trim_span(text, c));
                }
            } else {
                cur = Some(match cur {
                    Some(c) => Span::new(c.start, l.end),
                    None => l,
                });
            }
        }
        if let Some(c) = cur {
            out.push(trim_span(text, c));
        }
    } else {
        for l in lines(text) {
            let t = trim_span(text, l);
            if !t.is_empty() {
                out.push(t);
            }
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The word (run of non-space characters) that ends at byte `end` of `text`.
fn word_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '"' | '“' | '(' | '\'' | '‘' | '['))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    &text[start..end]
}

fn next_word(text: &str, from: usize) -> &str {
    let rest = &text[from..];
    let rest = rest.trim_start_matches(['"', '“', '‘', '\'', '(', '[']);
    let end = rest
        .find(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Decide whether a sentence may end after the `.` that closes `word` (dot included),
/// given the next word.
fn dot_ends_sentence(word: &str, next: &str, next_opens_quote: bool) -> bool {
    let lower = word.to_lowercase();
    let a = &*ABBREVS;
    if (lower == "no." || lower == "nos.") && next.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if a.never_end.contains(&lower) {
        return false;
    }
    // A single initial: "J. Smith".
    let letters: Vec<char> = word.trim_end_matches('.').chars().collect();
    if letters.len() == 1 && letters[0].is_uppercase() {
        return false;
    }
    // Dotted acronyms ("U.S.", "N.Y.") behave like may_end abbreviations.
    let dotted = word.len() >= 4
        && word.matches('.').count() >= 2
        && word.split('.').all(|p| p.chars().count() <= 2);
    if a.may_end.contains(&lower) || dotted {
        // A quote after "U.S." opens a sentence when it starts with a capital ("U.S.
        // “We …"), not a scare quote inside one (the U.S. "maximum pressure" campaign).
        return (next_opens_quote && next.starts_with(|c: char| !c.is_lowercase()))
            || a.openers.contains(&next.to_lowercase());
    }
    true
}

/// Split each paragraph of `text` into sentences. `text` is the clean text (boilerplate
/// blanked), whose offsets are those of the original.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pi, para) in paragraphs(text).into_iter().enumerate() {
        split_paragraph(text, para, pi as u32, &mut out);
    }
    if let Some(first) = out.first_mut() {
        let t = first.span.text(text);
        let single_line = !t.contains('\n');
        let para_sentences = 1;
        if first.paragraph == 0
            && single_line
            && !t.trim_end().ends_with(TERMINAL)
            && !t.trim_end().ends_with(CLOSERS)
            && t.split_whitespace().count() <= 25
            && para_sentences == 1
        {
            first.headline = true;
        }
    }
    out
}

fn split_paragraph(text: &str, para: Span, pi: u32, out: &mut Vec<Sentence>) {
    let p = para.text(text);
    let mut start = 0usize; // relative to para
    let mut iter = p.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !TERMINAL.contains(&c) {
            continue;
        }
        // Swallow runs of terminals ("?!", "...") and closing quotes/brackets.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if TERMINAL.contains(&d) || CLOSERS.contains(&d) {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = &p[end..];
        if rest.is_empty() {
            break;
        }
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let after_ws = end + (rest.len() - rest.trim_start().len());
        let Some(next_char) = p[after_ws..].chars().next() else {
            break;
        };
        if next_char.is_lowercase() {
            continue;
        }
        if c == '.' && end == i + 1 {
            let word = word_before(p, end);
            let next = next_word(p, after_ws);
            let opens_quote = matches!(next_char, '"' | '“' | '‘');
            if !dot_ends_sentence(word, next, opens_quote) {
                continue;
            }
        }
        push(text, para.start + start, para.start + end, pi, out);
        start = after_ws;
    }
    push(text, para.start + start, para.end, pi, out);
}

/// The longest sentence kept whole, in bytes. Real sentences are far shorter; text with
/// no sentence ends (a dump on one line, a list without stops) is cut into pieces of at
/// most this size, so every later stage works on bounded sentences and copies of the
/// evidence sentence stay small.
pub const MAX_SENTENCE: usize = 2000;

fn push(text: &str, s: usize, e: usize, pi: u32, out: &mut Vec<Sentence>) {
    let mut s = s;
    while e - s > MAX_SENTENCE {
        let cut = cut_point(text, s, s + MAX_SENTENCE);
        push_one(text, s, cut, pi, out);
        s = cut;
    }
    push_one(text, s, e, pi, out);
}

/// Where to cut a run-on sentence inside `s..limit`: after the last `;`, `:` or `,`
/// followed by a space in its second half, else at its last space, else at the last
/// character boundary.
fn cut_point(text: &str, s: usize, limit: usize) -> usize {
    let mut limit = limit;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text.as_bytes()[s..limit];
    let half = window.len() / 2;
    let after = |pred: &dyn Fn(u8, u8) -> bool| {
        (half..window.len().saturating_sub(1))
            .rev()
            .find(|&i| pred(window[i], window[i + 1]))
            .map(|i| s + i + 1)
    };
    after(&|a, b| matches!(a, b';' | b':' | b',') && b == b' ')
        .or_else(|| after(&|a, _| a == b' '))
        .unwrap_or(limit)
        .max(s + 1)
        .min(limit)
}

fn push_one(text: &str, s: usize, e: usize, pi: u32, out: &mut Vec<Sentence>) {
    let span = trim_span(text, Span::new(s, e));
    if span.is_empty() || !span.text(text).chars().any(char::is_alphanumeric) {
        return;
    }
    out.push(Sentence {
        span,
        paragraph: pi,
        headline: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|s| s.span.text(t)).collect()
    }

    #[test]
    fn run_on_text_is_cut_into_bounded_sentences() {
        let t = "officials said, and troops massed ".repeat(2_000);
        let got = split(&t);
        assert!(got.len() >= t.len() / MAX_SENTENCE);
        for s in &got {
            assert!(s.span.len() <= MAX_SENTENCE, "{}", s.span.len());
            // Cut after a comma, never inside a word.
            assert!(s.span.text(&t).ends_with(',') || s.span.end == t.trim_end().len());
        }
        // No byte of text is lost between the pieces but white space.
        let covered: usize = got.iter().map(|s| s.span.len()).sum();
        assert!(covered + got.len() >= t.trim_end().len());
        // One unbroken "word" of multi-byte characters still cuts on a boundary.
        let w = "é".repeat(5_000);
        let got = split(&w);
        assert!(got.iter().all(|s| s.span.len() <= MAX_SENTENCE));
        assert_eq!(got.iter().map(|s| s.span.len()).sum::<usize>(), w.len());
    }

    #[test]
    fn abbreviation_examples() {
        let a = &*ABBREVS;
        for w in &a.never_end {
            assert!(w.ends_with('.'), "{w} must end with a dot");
            let t = format!("They met {} Smith today. He left.", w.to_uppercase());
            assert_eq!(texts(&t).len(), 2, "never_end {w}: {:?}", texts(&t));
        }
        for w in &a.may_end {
            assert!(w.ends_with('.'), "{w} must end with a dot");
            let keep = format!("They met in {w} Officials said no.");
            assert_eq!(
                texts(&keep).len(),
                2,
                "may_end {w} before an opener: {:?}",
                texts(&keep)
            );
            let join = format!("They met in {w} Smith and Jones said no.");
            assert_eq!(
                texts(&join).len(),
                1,
                "may_end {w} before a name: {:?}",
                texts(&join)
            );
        }
        assert!(a.openers.iter().all(|o| o == &o.to_lowercase()));
    }

    #[test]
    fn quotes_and_abbreviations() {
        let t = "U.S. experts met Dr. Rau on Jan. 13. \"We have to take this seriously,\" he said. \"It is over.\" The talks ended.";
        assert_eq!(
            texts(t),
            vec![
                "U.S. experts met Dr. Rau on Jan. 13.",
                "\"We have to take this seriously,\" he said.",
                "\"It is over.\"",
                "The talks ended."
            ]
        );
        let t = "He said the U.S. \"maximum pressure\" plan had failed.";
        assert_eq!(split(t).len(), 1);
        let t = "Officials met in the U.S. The talks failed. “Why?” he asked. It was 3.5 km away!";
        assert_eq!(
            texts(t),
            vec![
                "Officials met in the U.S.",
                "The talks failed.",
                "“Why?” he asked.",
                "It was 3.5 km away!"
            ]
        );
    }

    #[test]
    fn headlines_and_lines() {
        let t =
            "Talks end without a deal\nRussia said no. NATO said no.\n\n- Related headline here";
        let s = split(t);
        assert!(s[0].headline);
        assert_eq!(s.len(), 4);
        assert_eq!(s[3].paragraph, 2);
    }

    #[test]
    fn hard_wrapped_text_joins_lines() {
        let para = "The ministers of the two countries met on Thursday in the capital to\ndiscuss the situation along the border where troops have gathered for\nweeks, officials said, adding that no agreement had been reached so far\nand that another meeting would follow soon after the holidays ended.\n";
        let t = format!("{para}\n{para}\n{para}");
        let s = split(&t);
        assert_eq!(s.len(), 3, "{:?}", texts(&t));
    }

    proptest! {
        #[test]
        fn sentences_are_valid_ordered_spans(t in "[A-Za-z .!?\"“”’\n-]{0,200}") {
            let s = split(&t);
            let mut last = 0;
            for x in &s {
                prop_assert!(x.span.is_valid_in(&t));
                prop_assert!(x.span.start >= last);
                last = x.span.end;
            }
        }
    }
}
