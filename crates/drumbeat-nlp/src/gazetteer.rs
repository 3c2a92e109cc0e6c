//! The gazetteer: countries, organisations, well-known people, places and role words,
//! loaded from `data/*.tsv|toml` once, plus an optional user dictionary.
//!
//! Proper names (case-sensitive, whole words) are found with one Aho-Corasick automaton;
//! each pattern maps to every entry it can name ("Washington" is both the US government
//! and a city; "US" both a name and an adjective).

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::DataError;
use drumbeat_model::Role;

#[derive(Debug, Clone)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub names: Vec<String>,
    pub adjectives: Vec<String>,
    pub government: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub code: String,
    pub name: String,
    pub names: Vec<String>,
    pub kind: String,
    pub country: Option<String>,
    pub role: Option<Role>,
}

#[derive(Debug, Clone)]
pub struct KnownPerson {
    pub name: String,
    pub forms: Vec<String>,
    /// Country (ISO alpha-3) or organisation code.
    pub country: String,
    pub role: Option<Role>,
    pub title: String,
    /// Offices with dates (from a user's dictionary): the one holding on the article's
    /// date gives the country and role; empty for the shipped table.
    pub terms: Vec<Term>,
}

/// An office held between two dates (ISO, either end open).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub country: String,
    pub role: Option<Role>,
    pub from: Option<String>,
    pub until: Option<String>,
}

impl KnownPerson {
    /// Country and role as of `date` (`YYYY-MM-DD`): the latest-starting term that holds
    /// then; out of every office, the country of the nearest term with no role; with no
    /// date, the latest term.
    pub fn as_of(&self, date: Option<&str>) -> (&str, Option<Role>) {
        if self.terms.is_empty() {
            return (&self.country, self.role);
        }
        let holds = |t: &&Term, d: &str| {
            t.from.as_deref().is_none_or(|f| f <= d) && t.until.as_deref().is_none_or(|u| d <= u)
        };
        match date {
            Some(d) => match self
                .terms
                .iter()
                .filter(|t| holds(t, d))
                .max_by(|a, b| a.from.cmp(&b.from))
            {
                Some(t) => (&t.country, t.role),
                None => (&self.terms[0].country, None),
            },
            None => self
                .terms
                .iter()
                .max_by(|a, b| {
                    a.until
                        .is_none()
                        .cmp(&b.until.is_none())
                        .then(a.from.cmp(&b.from))
                })
                .map(|t| (t.country.as_str(), t.role))
                .unwrap_or((&self.country, self.role)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub kind: String,
}

/// What a proper-name pattern can refer to (indexes into the gazetteer's tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    CountryName(usize),
    CountryAdj(usize),
    Government(usize),
    Org(usize),
    Person(usize),
    Place(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleWord {
    pub role: Role,
    pub head: bool,
    pub group: bool,
}

#[derive(Deserialize)]
pub(crate) struct RoleSpec {
    #[serde(default)]
    pub heads: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub examples: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub counter: Vec<String>,
}

#[derive(Deserialize)]
pub(crate) struct RoleFile {
    pub modifiers: Vec<String>,
    /// By code, in code order: iterating it builds the role words the same way on every
    /// run (a phrase listed under two roles would otherwise take either).
    pub role: std::collections::BTreeMap<String, RoleSpec>,
}

pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub orgs: Vec<Org>,
    pub people: Vec<KnownPerson>,
    pub places: Vec<Place>,
    /// Role phrases (lower case, up to four words) → role words.
    pub roles: HashMap<String, Vec<RoleWord>>,
    pub modifiers: std::collections::HashSet<String>,
    /// The first words of every role phrase: most tokens start none, and are turned away
    /// with one lookup.
    role_firsts: std::collections::HashSet<String>,
    patterns: Vec<Vec<Entry>>,
    matcher: AhoCorasick,
    by_code: HashMap<String, usize>,
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // header
        .map(|l| l.split('\t').collect())
}

fn col<'a>(r: &[&'a str], i: usize) -> &'a str {
    r.get(i).copied().unwrap_or("").trim()
}

pub(crate) fn parse_roles(data: &str) -> Result<RoleFile, DataError> {
    toml::from_str(data).map_err(|e| DataError::Invalid {
        file: "data/roles.toml",
        message: e.to_string(),
    })
}

/// `people.tsv`'s offices column: `GOV 2017-01-20..2021-01-20|GOV 2025-01-20..`.
fn parse_offices(s: &str, country: &str) -> Vec<Term> {
    let date = |d: &str| {
        let d = d.trim();
        (d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-').then(|| d.to_string())
    };
    s.split('|')
        .filter_map(|o| {
            let (role, range) = o.trim().split_once(' ')?;
            let (from, until) = range.split_once("..")?;
            Some(Term {
                country: country.to_string(),
                role: Some(Role::parse(role)?),
                from: date(from),
                until: date(until),
            })
        })
        .collect()
}

/// A user's own actors: TSV with `name`, `forms` (| separated), `code` (country or
/// organisation), `role`, `kind` (`person` or `organisation`). User entries take
/// precedence over the shipped ones.
pub fn parse_user_dictionary(data: &str) -> Result<(Vec<KnownPerson>, Vec<Org>), String> {
    let mut people = Vec::new();
    let mut orgs = Vec::new();
    for (i, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("name\t") {
            continue;
        }
        let r: Vec<&str> = line.split('\t').collect();
        if r.len() < 5 {
            return Err(format!("line {}: expected 5 tab-separated columns (name, forms, code, role, kind), found {}", i + 1, r.len()));
        }
        let name = col(&r, 0).to_string();
        let forms = split_list(col(&r, 1));
        let code = col(&r, 2).to_string();
        let role_s = col(&r, 3);
        if name.is_empty() || code.is_empty() {
            return Err(format!("line {}: name and code must not be empty", i + 1));
        }
        let role = Role::parse(role_s);
        if !role_s.is_empty() && role.is_none() {
            return Err(format!(
                "line {}: unknown role {role_s:?} (one of {})",
                i + 1,
                Role::ALL.map(|r| r.as_str()).join(", ")
            ));
        }
        match col(&r, 4) {
            "person" => people.push(KnownPerson {
                name,
                forms,
                country: code,
                role,
                title: String::new(),
                terms: Vec::new(),
            }),
            "organisation" | "organization" => {
                let mut names = forms;
                names.insert(0, name.clone());
                let is_country = code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
                orgs.push(Org {
                    code: code.clone(),
                    name,
                    names,
                    kind: if is_country {
                        "domestic".into()
                    } else {
                        "igo".into()
                    },
                    country: is_country.then_some(code),
                    role,
                })
            }
            other => {
                return Err(format!(
                    "line {}: kind must be person or organisation, not {other:?}",
                    i + 1
                ))
            }
        }
    }
    Ok((people, orgs))
}

impl Gazetteer {
    /// The shipped gazetteer plus `user_people` and `user_orgs` (which win over it).
    pub fn build(user_people: Vec<KnownPerson>, user_orgs: Vec<Org>) -> Result<Self, DataError> {
        Self::build_with(
            user_people,
            user_orgs,
            &crate::phoenix::Dictionary::default(),
        )
    }

    /// The shipped gazetteer with a user's own entries before it (they take precedence)
    /// and a PETRARCH/Phoenix dictionary after it (a name or role word the shipped data
    /// has keeps its shipped reading).
    pub fn build_with(
        user_people: Vec<KnownPerson>,
        user_orgs: Vec<Org>,
        dict: &crate::phoenix::Dictionary,
    ) -> Result<Self, DataError> {
        let countries: Vec<Country> = rows(include_str!("../data/countries.tsv"))
            .map(|r| {
                let mut names = vec![col(&r, 1).to_string()];
                names.extend(split_list(col(&r, 2)));
                Country {
                    code: col(&r, 0).to_string(),
                    name: col(&r, 1).to_string(),
                    names,
                    adjectives: split_list(col(&r, 3)),
                    government: split_list(col(&r, 4)),
                }
            })
            .collect();
        let mut orgs = user_orgs;
        orgs.extend(rows(include_str!("../data/organisations.tsv")).map(|r| {
            let mut names = vec![col(&r, 1).to_string()];
            names.extend(split_list(col(&r, 2)));
            Org {
                code: col(&r, 0).to_string(),
                name: col(&r, 1).to_string(),
                names,
                kind: col(&r, 3).to_string(),
                country: Some(col(&r, 4).to_string()).filter(|s| !s.is_empty()),
                role: Role::parse(col(&r, 5)),
            }
        }));
        let mut people = user_people;
        people.extend(
            rows(include_str!("../data/people.tsv")).map(|r| KnownPerson {
                name: col(&r, 0).to_string(),
                forms: split_list(col(&r, 1)),
                country: col(&r, 2).to_string(),
                role: Role::parse(col(&r, 3)),
                title: col(&r, 4).to_string(),
                terms: parse_offices(col(&r, 5), col(&r, 2)),
            }),
        );
        // A member of a non-state armed group is coded with the country it fights in
        // (Prigozhin of the Wagner Group is RUS, Sinwar of Hamas PSE), as its mentions are.
        for p in &mut people {
            let home = orgs
                .iter()
                .find(|o| o.code == p.country && o.kind == "domestic")
                .and_then(|o| o.country.clone());
            if let Some(home) = home {
                for t in &mut p.terms {
                    if t.country == p.country {
                        t.country = home.clone();
                    }
                }
                p.country = home;
            }
        }
        // Cities (GeoNames), then the regions and small towns of conflict written for
        // drumbeat (no population column: they are never the largest namesake). Both
        // files: name, aliases, country, lat, lon, then population and kind or kind alone.
        let place = |r: &[&str], population: u64, kind: &str| Place {
            name: col(r, 0).to_string(),
            country: col(r, 2).to_string(),
            lat: col(r, 3).parse().unwrap_or(0.0),
            lon: col(r, 4).parse().unwrap_or(0.0),
            population,
            kind: kind.to_string(),
        };
        let mut places: Vec<Place> = Vec::new();
        let mut place_aliases: Vec<(usize, Vec<String>)> = Vec::new();
        for r in rows(include_str!("../data/places.tsv")) {
            place_aliases.push((places.len(), split_list(col(&r, 1))));
            places.push(place(&r, col(&r, 5).parse().unwrap_or(0), col(&r, 6)));
        }
        for r in rows(include_str!("../data/regions.tsv")) {
            place_aliases.push((places.len(), split_list(col(&r, 1))));
            places.push(place(&r, 0, col(&r, 5)));
        }

        let role_file = parse_roles(include_str!("../data/roles.toml"))?;
        let mut roles: HashMap<String, Vec<RoleWord>> = HashMap::new();
        for (code, spec) in &role_file.role {
            let role = Role::parse(code).ok_or_else(|| DataError::Invalid {
                file: "data/roles.toml",
                message: format!("unknown role {code}"),
            })?;
            for h in &spec.heads {
                roles.entry(h.to_lowercase()).or_default().push(RoleWord {
                    role,
                    head: true,
                    group: false,
                });
            }
            for g in &spec.groups {
                roles.entry(g.to_lowercase()).or_default().push(RoleWord {
                    role,
                    head: false,
                    group: true,
                });
            }
        }
        for (phrase, role) in &dict.agents {
            let Some(role) = Role::parse(role) else {
                continue;
            };
            if !roles.contains_key(phrase) {
                roles.entry(phrase.clone()).or_default().push(RoleWord {
                    role,
                    head: true,
                    group: true,
                });
            }
            if !phrase.ends_with('s') {
                let plural = format!("{phrase}s");
                if !roles.contains_key(&plural) {
                    roles.entry(plural).or_default().push(RoleWord {
                        role,
                        head: false,
                        group: true,
                    });
                }
            }
        }
        let modifiers = role_file
            .modifiers
            .iter()
            .map(|m| m.to_lowercase())
            .collect();

        // Proper-name patterns.
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Vec<Entry>> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        // `only_new`: add the name only if nothing before has it.
        let mut add = |name: &str, e: Entry, only_new: bool| {
            let name = name.strip_prefix("the ").unwrap_or(name);
            if name.len() < 2 || (only_new && index.contains_key(name)) {
                return;
            }
            let i = *index.entry(name.to_string()).or_insert_with(|| {
                texts.push(name.to_string());
                patterns.push(Vec::new());
                patterns.len() - 1
            });
            if !patterns[i].contains(&e) {
                patterns[i].push(e);
            }
        };
        for (i, p) in people.iter().enumerate() {
            add(&p.name, Entry::Person(i), false);
            for f in &p.forms {
                add(f, Entry::Person(i), false);
            }
        }
        for (i, o) in orgs.iter().enumerate() {
            for n in &o.names {
                add(n, Entry::Org(i), false);
            }
        }
        for (i, c) in countries.iter().enumerate() {
            for n in &c.names {
                add(n, Entry::CountryName(i), false);
            }
            for a in &c.adjectives {
                add(a, Entry::CountryAdj(i), false);
            }
            for g in &c.government {
                add(g, Entry::Government(i), false);
            }
        }
        for (i, p) in places.iter().enumerate() {
            add(&p.name, Entry::Place(i), false);
        }
        for (i, aliases) in &place_aliases {
            for a in aliases {
                add(a, Entry::Place(*i), false);
            }
        }
        // The dictionary's names, where the shipped data has none.
        let resolved = crate::phoenix::resolve(dict, &countries, &orgs);
        for (n, i) in &resolved.country_names {
            add(n, Entry::CountryName(*i), true);
        }
        for p in resolved.people {
            let i = people.len();
            let names: Vec<String> = std::iter::once(&p.name).chain(&p.forms).cloned().collect();
            people.push(p);
            for n in names {
                add(&n, Entry::Person(i), true);
            }
        }
        for o in resolved.orgs {
            let i = orgs.len();
            let names = o.names.clone();
            orgs.push(o);
            for n in names {
                add(&n, Entry::Org(i), true);
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .map_err(|e| DataError::Invalid {
                file: "gazetteer",
                message: e.to_string(),
            })?;
        let by_code = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        // (An abbreviation also by its word, which tokens hold apart from its dot: "gen".)
        let role_firsts = roles
            .keys()
            .filter_map(|k| k.split(' ').next())
            .flat_map(|w| [w.to_string(), w.trim_end_matches('.').to_string()])
            .collect();
        Ok(Gazetteer {
            countries,
            orgs,
            people,
            places,
            role_firsts,
            roles,
            modifiers,
            patterns,
            matcher,
            by_code,
        })
    }

    /// Proper names in `text`, whole words only: (start, end, entries).
    pub fn find_proper<'a, 't>(
        &'a self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, &'a [Entry])> + use<'a, 't> {
        self.matcher.find_iter(text).filter_map(move |m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let bad_before = before.is_some_and(|c| c.is_alphanumeric() || c == '-');
            // "US-led", "Israeli-occupied", "Pakistan-controlled" name the country that
            // leads or holds, "Greek-flagged" (a ship) the country it belongs to; "Iran-backed rebels", "US-made jets" and "Tehran-based"
            // groups are not that country, and other hyphenated words ("Iran-Iraq",
            // "Pro-Russia") are left alone.
            let actor_suffix = after == Some('-')
                && [
                    "led",
                    "occupied",
                    "controlled",
                    "held",
                    "annexed",
                    "administered",
                    "flagged",
                    "registered",
                    "owned",
                ]
                .iter()
                .any(|w| {
                    text[m.end() + 1..].starts_with(w)
                        && !text[m.end() + 1 + w.len()..].starts_with(char::is_alphanumeric)
                });
            let bad_after = after.is_some_and(|c| c.is_alphanumeric())
                || (after == Some('-')
                    && text[m.end() + 1..].starts_with(char::is_alphanumeric)
                    && !actor_suffix);
            if bad_before || bad_after {
                return None;
            }
            Some((
                m.start(),
                m.end(),
                self.patterns[m.pattern().as_usize()].as_slice(),
            ))
        })
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.by_code.get(code).map(|&i| &self.countries[i])
    }

    pub fn is_org_code(&self, code: &str) -> bool {
        self.orgs.iter().any(|o| o.code == code)
    }

    /// Role words for a lower-case phrase.
    pub fn role(&self, phrase: &str) -> Option<&[RoleWord]> {
        self.roles.get(phrase).map(Vec::as_slice)
    }

    /// Whether some role phrase starts with this lower-case word.
    pub fn starts_role(&self, word: &str) -> bool {
        self.role_firsts.contains(word)
    }
}

/// The shipped gazetteer.
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::build(Vec::new(), Vec::new()).expect("shipped data files are valid (tested)")
});

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(g: &Gazetteer, text: &str) -> Vec<(String, Vec<Entry>)> {
        g.find_proper(text)
            .map(|(s, e, en)| (text[s..e].to_string(), en.to_vec()))
            .collect()
    }

    #[test]
    fn country_table_examples() {
        let g = &*GAZETTEER;
        assert!(g.countries.len() >= 249, "every ISO 3166 country");
        for c in &g.countries {
            assert_eq!(c.code.len(), 3, "{}", c.name);
            // Positive: each name, adjective and government word is found as this country.
            for n in c.names.iter().chain(&c.adjectives).chain(&c.government) {
                let n = n.strip_prefix("the ").unwrap_or(n);
                let text = format!("Reports from {n} said so.");
                let found = names_of(g, &text);
                let ok = found.iter().any(|(t, es)| {
                    t == n
                        && es.iter().any(|e| match e {
                            Entry::CountryName(i) | Entry::CountryAdj(i) | Entry::Government(i) => {
                                g.countries[*i].code == c.code
                            }
                            _ => false,
                        })
                });
                // A longer name of something else may win ("Guinea" inside "Papua New Guinea" is fine).
                assert!(
                    ok || found.iter().any(|(t, _)| t.len() > n.len()),
                    "{n} does not resolve to {}: {found:?}",
                    c.code
                );
            }
        }
        // Negative: lower-case words and parts of words are not countries.
        assert!(names_of(g, "us and them, chinese food").is_empty());
        assert!(names_of(g, "Russians").iter().all(|(t, _)| t == "Russians"));
        assert!(names_of(g, "Prussia").is_empty());
        // Hyphenated: "US-led" and "Pakistan-controlled" name the country; "Russian-backed
        // separatists" are not Russian, and "Iran-Iraq" is no mention of Iran alone.
        assert_eq!(names_of(g, "the US-led war").len(), 1);
        assert_eq!(names_of(g, "Pakistan-controlled territory").len(), 1);
        assert_eq!(names_of(g, "a Greek-flagged oil tanker").len(), 1);
        assert!(names_of(g, "Russian-backed separatists").is_empty());
        assert!(names_of(g, "the Iran-Iraq war").is_empty());
    }

    #[test]
    fn organisation_table_examples() {
        let g = &*GAZETTEER;
        for o in &g.orgs {
            assert!(
                matches!(o.kind.as_str(), "igo" | "ngo" | "img" | "domestic"),
                "{}",
                o.code
            );
            if o.kind == "domestic" {
                assert!(
                    o.country.as_deref().is_some_and(|c| g.country(c).is_some()),
                    "{} needs a country",
                    o.code
                );
            }
            for n in &o.names {
                let n = n.strip_prefix("the ").unwrap_or(n);
                let text = format!("The {n} said so.");
                let found = names_of(g, &text);
                assert!(
                    found.iter().any(|(t, es)| t == n
                        && es
                            .iter()
                            .any(|e| matches!(e, Entry::Org(i) if g.orgs[*i].code == o.code))),
                    "{n} does not resolve to {}: {found:?}",
                    o.code
                );
            }
        }
        let found = names_of(
            g,
            "the Organization for Security and Co-operation in Europe (OSCE)",
        );
        assert_eq!(found.len(), 2);
        assert!(names_of(g, "The nato-led who").is_empty());
    }

    #[test]
    fn people_table_examples() {
        let g = &*GAZETTEER;
        for r in rows(include_str!("../data/people.tsv")) {
            assert!(
                Role::parse(col(&r, 3)).is_some(),
                "{}: unknown role {}",
                col(&r, 0),
                col(&r, 3)
            );
            let offices = col(&r, 5);
            let terms = parse_offices(offices, col(&r, 2));
            assert_eq!(
                terms.len(),
                offices.split('|').filter(|o| !o.is_empty()).count(),
                "{offices}"
            );
            for t in &terms {
                assert!(t.role.is_some(), "{offices}");
                assert!(t.from.is_some() || t.until.is_some(), "{offices}");
                if let (Some(a), Some(b)) = (&t.from, &t.until) {
                    assert!(a < b, "{offices}");
                }
            }
        }
        // Offices by date: in office, between offices, and with no date.
        let trump = g.people.iter().find(|p| p.name == "Donald Trump").unwrap();
        assert_eq!(trump.as_of(Some("2019-06-01")), ("USA", Some(Role::Gov)));
        assert_eq!(trump.as_of(Some("2023-06-01")), ("USA", None));
        assert_eq!(trump.as_of(Some("2025-06-01")), ("USA", Some(Role::Gov)));
        assert_eq!(trump.as_of(None), ("USA", Some(Role::Gov)));
        // Members of armed groups are coded with the country the group fights in.
        let sinwar = g.people.iter().find(|p| p.name == "Yahya Sinwar").unwrap();
        assert_eq!(sinwar.as_of(None).0, "PSE");
        for p in &g.people {
            assert!(
                g.country(&p.country).is_some() || g.is_org_code(&p.country),
                "{}: unknown country {}",
                p.name,
                p.country
            );
            for f in std::iter::once(&p.name).chain(&p.forms) {
                let text = format!("said {f} on Monday");
                assert!(
                    names_of(g, &text)
                        .iter()
                        .any(|(t, es)| t == f && es.iter().any(|e| matches!(e, Entry::Person(_)))),
                    "{f}"
                );
            }
        }
        // Negative: a surname in lower case or inside another word is no person.
        assert!(names_of(g, "the putin era; Bidenomics")
            .iter()
            .all(|(_, es)| !es.iter().any(|e| matches!(e, Entry::Person(_)))));
    }

    #[test]
    fn region_table_examples() {
        let g = &*GAZETTEER;
        let mut n = 0;
        for r in rows(include_str!("../data/regions.tsv")) {
            let (name, country) = (col(&r, 0), col(&r, 2));
            assert!(
                g.country(country).is_some(),
                "{name}: unknown country {country}"
            );
            assert!(matches!(col(&r, 5), "region" | "city"), "{name}");
            assert!(
                g.places
                    .iter()
                    .any(|p| p.name == name && p.country == country),
                "{name}"
            );
            n += 1;
        }
        assert!(n > 50);
        let place = |t: &str| {
            names_of(g, t).first().and_then(|(_, es)| {
                es.iter().find_map(|e| match e {
                    Entry::Place(i) => Some(g.places[*i].country.clone()),
                    _ => None,
                })
            })
        };
        assert_eq!(place("fighting in Darfur").as_deref(), Some("SDN"));
        assert_eq!(place("the war in Tigray").as_deref(), Some("ETH"));
        assert_eq!(place("shelling in the Donbass").as_deref(), Some("UKR"));
        assert_eq!(place("an attack in Rakhine State").as_deref(), Some("MMR"));
        // Negative: a region's name inside a longer word is not the region.
        assert_eq!(place("the Tigrayans"), None);
    }

    #[test]
    fn place_table_examples() {
        let g = &*GAZETTEER;
        assert!(g.places.len() > 4000);
        for p in &g.places {
            assert!(
                g.country(&p.country).is_some(),
                "{}: unknown country {}",
                p.name,
                p.country
            );
            assert!(
                (-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon),
                "{}",
                p.name
            );
            assert!(
                p.population >= 100_000 || p.kind == "capital" || p.population == 0,
                "{}",
                p.name
            );
        }
        let vienna = names_of(g, "talks in Vienna");
        assert!(vienna[0]
            .1
            .iter()
            .any(|e| matches!(e, Entry::Place(i) if g.places[*i].country == "AUT")));
        // Negative: lower-case words and parts of longer words are not places.
        assert!(names_of(g, "a nice split in the reading of Romeo").is_empty());
        let kiev = names_of(g, "in Kiev");
        assert!(kiev[0]
            .1
            .iter()
            .any(|e| matches!(e, Entry::Place(i) if g.places[*i].name == "Kyiv")));
    }

    #[test]
    fn user_dictionary() {
        let (people, orgs) = parse_user_dictionary(
            "name\tforms\tcode\trole\tkind\nAda Quill\tQuill\tGBR\tGOV\tperson\nNorthern Front\tNF\tSDN\tREB\torganisation\n",
        )
        .unwrap();
        let g = Gazetteer::build(people, orgs).unwrap();
        assert!(names_of(&g, "Quill said")
            .iter()
            .any(|(_, es)| matches!(es[0], Entry::Person(0))));
        assert!(names_of(&g, "the Northern Front")
            .iter()
            .any(|(_, es)| matches!(es[0], Entry::Org(0))));
        assert!(parse_user_dictionary("a\tb\tc").is_err());
        assert!(parse_user_dictionary("a\tb\tGBR\tXXX\tperson").is_err());
    }
}
