//! Word tokens with byte offsets into the original text. Words keep internal dots,
//! hyphens and apostrophes (`U.S.`, `Co-operation`, `didn’t`); a possessive `’s` is a
//! token of its own, so `Putin’s` gives `Putin` + `’s`.

use drumbeat_model::Sentence;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Index of the sentence in `CleanDoc::sentences`.
    pub sent: u32,
    /// First token of its sentence.
    pub first: bool,
}

impl Token {
    pub fn text<'a>(&self, t: &'a str) -> &'a str {
        &t[self.start..self.end]
    }
    pub fn is_cap(&self, t: &str) -> bool {
        self.kind == Kind::Word && t[self.start..].starts_with(char::is_uppercase)
    }
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenize the text of each sentence.
pub fn tokenize(text: &str, sentences: &[Sentence]) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    for (si, s) in sentences.iter().enumerate() {
        let base = s.span.start;
        let st = s.span.text(text);
        let first_index = out.len();
        let mut it = st.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c.is_whitespace() {
                continue;
            }
            let kind;
            let mut end = i + c.len_utf8();
            if c.is_alphabetic() {
                kind = Kind::Word;
                while let Some(&(j, d)) = it.peek() {
                    if d.is_alphanumeric() {
                        end = j + d.len_utf8();
                        it.next();
                    } else if d == '.' || d == '-' || is_apos(d) {
                        // Keep when a letter follows ("U.S", "co-operation", "didn’t").
                        let next = st[j + d.len_utf8()..].chars().next();
                        if next.is_some_and(|n| n.is_alphanumeric()) {
                            end = j + d.len_utf8();
                            it.next();
                        } else if d == '.'
                            && st[..j].rfind('.').is_some_and(|p| p >= i && j - p == 2)
                        {
                            // The final dot of a dotted acronym: "U.S." .
                            end = j + 1;
                            it.next();
                            break;
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
            } else if c.is_ascii_digit() {
                kind = Kind::Number;
                while let Some(&(j, d)) = it.peek() {
                    let separator = (d == ',' || d == '.')
                        && st[j + 1..].starts_with(|n: char| n.is_ascii_digit());
                    if d.is_ascii_digit() || separator {
                        end = j + 1;
                        it.next();
                    } else {
                        break;
                    }
                }
            } else {
                kind = Kind::Punct;
            }
            // Split a possessive ’s off a word.
            let word = &st[i..end];
            if kind == Kind::Word && word.len() > 2 {
                let lower_end = word.to_lowercase();
                if lower_end.ends_with("'s") || lower_end.ends_with("’s") {
                    let cut = end
                        - if word.ends_with("’s") || word.ends_with("’S") {
                            4
                        } else {
                            2
                        };
                    out.push(Token {
                        start: base + i,
                        end: base + cut,
                        kind,
                        sent: si as u32,
                        first: false,
                    });
                    out.push(Token {
                        start: base + cut,
                        end: base + end,
                        kind: Kind::Punct,
                        sent: si as u32,
                        first: false,
                    });
                    continue;
                }
            }
            out.push(Token {
                start: base + i,
                end: base + end,
                kind,
                sent: si as u32,
                first: false,
            });
        }
        if let Some(t) = out.get_mut(first_index) {
            t.first = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use drumbeat_model::Span;

    #[test]
    fn words_numbers_possessives() {
        let t = "Putin’s U.S. co-operation didn’t end; 100,000 troops (3.5%) the Kremlin's.";
        let s = [Sentence {
            span: Span::new(0, t.len()),
            paragraph: 0,
            headline: false,
        }];
        let toks: Vec<&str> = tokenize(t, &s).iter().map(|k| k.text(t)).collect();
        assert_eq!(
            toks,
            vec![
                "Putin",
                "’s",
                "U.S.",
                "co-operation",
                "didn’t",
                "end",
                ";",
                "100,000",
                "troops",
                "(",
                "3.5",
                "%",
                ")",
                "the",
                "Kremlin",
                "'s",
                "."
            ]
        );
    }
}
