//! The table of news outlets (`data/outlets.tsv`): names, aliases and home countries.
//! Used to read outlet credits such as `(CNN)` and, later, relays ("according to TASS").

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

const DATA: &str = include_str!("../data/outlets.tsv");

/// One outlet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlet {
    pub name: String,
    pub aliases: Vec<String>,
    pub country: String,
}

pub struct Outlets {
    pub list: Vec<Outlet>,
    /// For each alias pattern, the index of its outlet.
    alias_owner: Vec<usize>,
    matcher: AhoCorasick,
}

fn parse(data: &str) -> Vec<Outlet> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with("name\t"))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let name = cols.next()?.trim().to_string();
            let aliases = cols
                .next()?
                .split('|')
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect();
            let country = cols.next().unwrap_or("").trim().to_string();
            Some(Outlet {
                name,
                aliases,
                country,
            })
        })
        .collect()
}

/// The outlet table, loaded once.
pub static OUTLETS: LazyLock<Outlets> = LazyLock::new(|| {
    let list = parse(DATA);
    let mut pats = Vec::new();
    let mut alias_owner = Vec::new();
    for (i, o) in list.iter().enumerate() {
        for a in &o.aliases {
            pats.push(a.clone());
            alias_owner.push(i);
        }
    }
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&pats)
        .expect("outlet aliases form a valid automaton");
    Outlets {
        list,
        alias_owner,
        matcher,
    }
});

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

impl Outlets {
    /// The outlet whose alias is exactly `s` (after trimming).
    pub fn exact(&self, s: &str) -> Option<&Outlet> {
        let s = s.trim();
        self.list.iter().find(|o| o.aliases.iter().any(|a| a == s))
    }

    /// Every outlet alias found in `text` as a whole word: (start, end, outlet).
    pub fn find_all<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a Outlet)> + 'a {
        self.matcher.find_iter(text).filter_map(move |m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if is_word_char(before) || is_word_char(after) {
                return None;
            }
            Some((
                m.start(),
                m.end(),
                &self.list[self.alias_owner[m.pattern().as_usize()]],
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_table_examples() {
        let t = &*OUTLETS;
        assert!(t.list.len() > 50);
        for o in &t.list {
            assert!(!o.aliases.is_empty(), "{} has no alias", o.name);
            assert_eq!(
                o.country.len(),
                3,
                "{} needs an ISO alpha-3 country",
                o.name
            );
            for a in &o.aliases {
                // Each alias, standing alone in a sentence, is found as some outlet.
                let s = format!("according to {a} on Monday");
                let found: Vec<_> = t.find_all(&s).collect();
                assert!(!found.is_empty(), "alias {a} not found");
            }
        }
        assert_eq!(t.exact("CNN").map(|o| o.name.as_str()), Some("CNN"));
        assert_eq!(
            t.exact("9 News.com").map(|o| o.name.as_str()),
            Some("9News")
        );
        // Negative: aliases inside longer words are not outlets.
        assert_eq!(t.find_all("CNNs and APEC and FTSE").count(), 0);
    }
}
