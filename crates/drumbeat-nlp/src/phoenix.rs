//! A user's actor and agent dictionaries in the PETRARCH/Phoenix format, read at run time
//! (`drumbeat --dictionary DIR`) and added to the gazetteer after the shipped entries
//! ([`crate::gazetteer::Gazetteer::build_with`]): a name in both keeps its shipped code.
//!
//! Actors (`Phoenix.*.actors.txt`): an entry line `NAME_WITH_UNDERSCORES [CODE]`, then
//! `+OTHER_NAME` lines, then codes on their own indented lines, each with an optional
//! date range (`[RUSGOV 991231-080507]`, `[IGOUNO >20070101]`, `[X <120101]`; six-digit
//! dates are YYMMDD). An entry with dated codes is a person whose role is read as of the
//! article's date; the other entries are organisations, or — with a bare country code —
//! names that stand for that country (its cities, its official names).
//!
//! Agents (`Phoenix.agents.txt`): `NOUN [~COP]` lines, with `!MACRO! = A, B` word sets;
//! a noun becomes a role word, both before a name and after a country word.

use std::collections::HashMap;

use crate::gazetteer::{Country, KnownPerson, Org, Term};
use drumbeat_model::Role;

/// One entry of an actor dictionary, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RawActor {
    /// The names, as they appear in text (title case, underscores as spaces).
    pub names: Vec<String>,
    pub codes: Vec<DatedCode>,
}

/// A code with the dates it holds between (ISO `YYYY-MM-DD`, either end open).
#[derive(Debug, Clone, PartialEq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<String>,
    pub until: Option<String>,
}

impl DatedCode {
    pub fn holds_on(&self, date: &str) -> bool {
        self.from.as_deref().is_none_or(|f| f <= date)
            && self.until.as_deref().is_none_or(|u| date <= u)
    }
}

/// A line the reader could not use.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PhoenixError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
}

/// `991231` → `1999-12-31`, `080507` → `2008-05-07`, `20070101` → `2007-01-01`.
fn date(s: &str) -> Option<String> {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        6 => {
            let yy: u32 = s[..2].parse().ok()?;
            (if yy <= 40 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let m: u32 = rest[..2].parse().ok()?;
    let d: u32 = rest[2..].parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `[RUSGOV 991231-080507]` (brackets already removed).
fn dated_code(s: &str, line: usize) -> Result<DatedCode, PhoenixError> {
    let mut parts = s.split_whitespace();
    let code = parts.next().unwrap_or("").to_string();
    let bad = |m: String| PhoenixError::Line { line, message: m };
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad(format!("{s:?} is not an actor code")));
    }
    let (mut from, mut until) = (None, None);
    if let Some(range) = parts.next() {
        let invalid = || bad(format!("{range:?} is not a date range"));
        if let Some(d) = range.strip_prefix('>') {
            from = Some(date(d).ok_or_else(invalid)?);
        } else if let Some(d) = range.strip_prefix('<') {
            until = Some(date(d).ok_or_else(invalid)?);
        } else if let Some((a, b)) = range.split_once('-') {
            from = Some(date(a).ok_or_else(invalid)?);
            until = Some(date(b).ok_or_else(invalid)?);
        } else {
            return Err(invalid());
        }
    }
    Ok(DatedCode { code, from, until })
}

/// Small words that stay lower case inside a name ("Bashar al-Assad", "Ursula von der Leyen").
const PARTICLES: [&str; 9] = ["al", "el", "bin", "ibn", "de", "der", "van", "von", "of"];

/// `VLADIMIR_V._PUTIN_` → `Vladimir V. Putin`; `BAN_KI-MOON` → `Ban Ki-moon` and
/// `Ban Ki-Moon`; a single short word (`NATO_`, `UN_`) stays upper case.
pub fn text_forms(raw: &str) -> Vec<String> {
    let words: Vec<&str> = raw
        .split('_')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words[1..].to_vec()
    } else {
        words
    };
    if words.len() == 1 && words[0].chars().filter(|c| c.is_alphabetic()).count() <= 5 {
        return vec![words[0].to_string()];
    }
    let cap = |w: &str| {
        let lower = w.to_lowercase();
        let mut c = lower.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect::<String>(),
            None => String::new(),
        }
    };
    let word = |w: &str, i: usize, tail_cap: bool| -> String {
        // Initials and acronyms with dots ("V.", "U.S.") stay as written.
        if w.contains('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 3 {
            return w.to_string();
        }
        let parts: Vec<&str> = w.split('-').collect();
        let particle = |p: &str| PARTICLES.contains(&p.to_lowercase().as_str());
        parts
            .iter()
            .enumerate()
            .map(|(j, part)| {
                let inner_particle =
                    (i > 0 || j > 0) && particle(part) && j + 1 < parts.len().max(2);
                let lower_tail = j > 0 && !tail_cap && !particle(parts[j - 1]);
                if inner_particle || lower_tail {
                    part.to_lowercase()
                } else {
                    cap(part)
                }
            })
            .collect::<Vec<_>>()
            .join("-")
    };
    let mut out = Vec::new();
    for tail_cap in [false, true] {
        let s = words
            .iter()
            .enumerate()
            .map(|(i, w)| word(w, i, tail_cap))
            .collect::<Vec<_>>()
            .join(" ");
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Everything a user's dictionary adds to the gazetteer.
#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    pub actors: Vec<RawActor>,
    /// (lower-case noun phrase, role code)
    pub agents: Vec<(String, String)>,
}

/// The dictionary's actors as gazetteer entries. A code whose first three letters are a
/// country is that country with the role the next three letters name (`RUSGOV`); an
/// organisation code (`IGOUNO`) becomes the shipped organisation of the same name where
/// there is one (`UN`), else stays as written. An entry with dated codes is a person
/// ([`KnownPerson::as_of`] picks the office); an entry with a bare country code gives
/// other names of that country (its official names, cities that stand for it); the rest
/// are organisations.
pub fn resolve(dict: &Dictionary, countries: &[Country], orgs: &[Org]) -> Resolved {
    let is_country = |c: &str| countries.iter().any(|x| x.code == c);
    // Organisation codes of the dictionary that name a shipped organisation.
    let mut same: HashMap<&str, &str> = HashMap::new();
    for a in &dict.actors {
        if let [c] = a.codes.as_slice() {
            if c.code.len() > 3 && !is_country(&c.code[..3]) {
                let shipped = orgs.iter().find(|o| {
                    a.names
                        .iter()
                        .any(|n| o.names.iter().any(|m| m.eq_ignore_ascii_case(n)))
                });
                if let Some(o) = shipped {
                    same.entry(c.code.as_str()).or_insert(o.code.as_str());
                }
            }
        }
    }
    let split = |code: &str| -> (String, Option<Role>) {
        if let Some(o) = same.get(code) {
            return (o.to_string(), None);
        }
        if code.len() >= 3 && code.is_char_boundary(3) && is_country(&code[..3]) {
            let role = code.get(3..6).and_then(Role::parse);
            return (code[..3].to_string(), role);
        }
        (code.to_string(), None)
    };
    let mut out = Resolved::default();
    for a in &dict.actors {
        let dated = a
            .codes
            .iter()
            .any(|c| c.from.is_some() || c.until.is_some());
        if dated {
            let terms: Vec<Term> = a
                .codes
                .iter()
                .map(|c| {
                    let (country, role) = split(&c.code);
                    Term {
                        country,
                        role,
                        from: c.from.clone(),
                        until: c.until.clone(),
                    }
                })
                .collect();
            out.people.push(KnownPerson {
                name: a.names[0].clone(),
                forms: a.names[1..].to_vec(),
                country: terms[0].country.clone(),
                role: terms[0].role,
                title: String::new(),
                terms,
            });
            continue;
        }
        let code = &a.codes[0].code;
        let (country, role) = split(code);
        let home = is_country(&country).then(|| country.clone());
        if home.is_some() && code.len() == 3 {
            if let Some(i) = countries.iter().position(|c| c.code == country) {
                out.country_names
                    .extend(a.names.iter().map(|n| (n.clone(), i)));
            }
            continue;
        }
        out.orgs.push(Org {
            code: if home.is_some() {
                code.clone()
            } else {
                country
            },
            name: a.names[0].clone(),
            names: a.names.clone(),
            kind: if home.is_some() { "domestic" } else { "igo" }.into(),
            country: home,
            role,
        });
    }
    out
}

/// A dictionary's entries ready for the gazetteer.
#[derive(Debug, Default)]
pub struct Resolved {
    pub people: Vec<KnownPerson>,
    pub orgs: Vec<Org>,
    /// (name, index into the gazetteer's countries)
    pub country_names: Vec<(String, usize)>,
}

/// An actor dictionary as read: its entries and the lines left out, with why (real
/// dictionaries hold typos; one does not stop the rest).
#[derive(Debug, Default)]
pub struct Actors {
    pub entries: Vec<RawActor>,
    pub warnings: Vec<PhoenixError>,
}

/// Read an actor dictionary.
pub fn parse_actors(text: &str) -> Actors {
    let mut out: Vec<RawActor> = Vec::new();
    let mut warnings = Vec::new();
    let mut open = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let body = raw.split('#').next().unwrap_or("");
        let line = body.trim();
        if line.is_empty() {
            continue;
        }
        // Codes in brackets, anywhere on the line.
        let mut codes = Vec::new();
        let mut rest = line;
        let mut name_part = String::new();
        while let Some(a) = rest.find('[') {
            name_part.push_str(&rest[..a]);
            let Some(b) = rest[a..].find(']') else {
                warnings.push(PhoenixError::Line {
                    line: line_no,
                    message: "a `[` without its `]`".into(),
                });
                rest = "";
                break;
            };
            match dated_code(&rest[a + 1..a + b], line_no) {
                Ok(c) => codes.push(c),
                Err(e) => warnings.push(e),
            }
            rest = &rest[a + b + 1..];
        }
        name_part.push_str(rest);
        let name = name_part.trim();
        if let Some(alt) = name.strip_prefix('+') {
            if let (true, Some(e)) = (open, out.last_mut()) {
                for f in text_forms(alt) {
                    if !e.names.contains(&f) {
                        e.names.push(f);
                    }
                }
                e.codes.extend(codes);
            }
            continue;
        }
        if name.is_empty() {
            if let (true, Some(e)) = (open, out.last_mut()) {
                e.codes.extend(codes);
            }
            continue;
        }
        if name.starts_with(['<', '>', '%', '!', '&']) {
            open = false;
            continue;
        }
        out.push(RawActor {
            names: text_forms(name),
            codes,
        });
        open = true;
    }
    // An entry with no code of its own (a name with `+` lines under another heading) is
    // no use.
    out.retain(|e| !e.codes.is_empty() && !e.names.is_empty());
    Actors {
        entries: out,
        warnings,
    }
}

/// Read an agent dictionary: (lower-case noun phrase, role code such as `COP`).
pub fn parse_agents(text: &str) -> Vec<(String, String)> {
    let mut macros: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some((name, alts)) = line.split_once('=') {
            let name = name.trim();
            if name.starts_with('!') && name.ends_with('!') {
                macros.insert(
                    name.to_string(),
                    alts.split(',').map(|a| a.trim().to_lowercase()).collect(),
                );
            }
            continue;
        }
        let Some(a) = line.find("[~") else { continue };
        let Some(b) = line[a..].find(']') else {
            continue;
        };
        let role = line[a + 2..a + b].chars().take(3).collect::<String>();
        let phrase = line[..a].trim().replace('_', " ").to_lowercase();
        let mut phrases = vec![phrase];
        for (m, alts) in &macros {
            let key = m.to_lowercase();
            if phrases.iter().any(|p| p.contains(&key)) {
                phrases = phrases
                    .iter()
                    .flat_map(|p| alts.iter().map(|x| p.replace(&key, x)))
                    .collect();
            }
        }
        for p in phrases {
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            if !p.is_empty() && !p.contains('!') {
                out.push((p, role.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Entries in the Phoenix format, written for these tests.
    const ACTORS: &str = "\
# a comment
RUVALIA_  [RVL]
+REPUBLIC_OF_RUVALIA_
+PORT_ESTEN_   # its capital

JONAS_AL-MIRAN_  # a made-up office holder
+PRESIDENT_MIRAN_
\t[RVLOPP 050101-091231]
\t[RVLGOV 100101-200601]

THE_ISLAND_DEFENCE_LEAGUE_ [RVLREB]
+IDL
";

    #[test]
    fn actors_with_dated_codes() {
        let a = parse_actors(ACTORS).entries;
        assert_eq!(a.len(), 3, "{a:?}");
        assert_eq!(
            a[0].names,
            vec!["Ruvalia", "Republic of Ruvalia", "Port Esten"]
        );
        assert_eq!(a[0].codes[0].code, "RVL");
        assert!(
            a[1].names.contains(&"Jonas al-Miran".to_string()),
            "{:?}",
            a[1].names
        );
        assert!(a[1].names.contains(&"President Miran".to_string()));
        assert_eq!(a[1].codes.len(), 2);
        assert_eq!(a[1].codes[1].from.as_deref(), Some("2010-01-01"));
        assert!(a[1].codes[1].holds_on("2015-06-01"));
        assert!(!a[1].codes[0].holds_on("2015-06-01"));
        assert_eq!(a[2].names, vec!["Island Defence League", "IDL"]);
    }

    #[test]
    fn bad_lines_are_named() {
        let a = parse_actors("X_ [RUSGOV 99-12]\nW_ [RUSGOV]\n");
        assert_eq!(
            a.warnings,
            vec![PhoenixError::Line {
                line: 1,
                message: "\"99-12\" is not a date range".into()
            }]
        );
        assert_eq!(a.entries.len(), 1);
        assert!(matches!(
            parse_actors("Y\n+Z\n\t[ABC\n").warnings[..],
            [PhoenixError::Line { line: 3, .. }]
        ));
    }

    #[test]
    fn names_in_text_case() {
        assert_eq!(text_forms("VLADIMIR_V._PUTIN_"), vec!["Vladimir V. Putin"]);
        assert_eq!(
            text_forms("BAN_KI-MOON"),
            vec!["Ban Ki-moon", "Ban Ki-Moon"]
        );
        assert_eq!(text_forms("NATO_"), vec!["NATO"]);
        assert_eq!(text_forms("BASHAR_AL-ASSAD"), vec!["Bashar al-Assad"]);
        assert!(text_forms("___").is_empty());
    }

    /// The dictionary's people and groups in recognition, with the office as of the
    /// article's date.
    #[test]
    fn recognised_as_of_the_date() {
        let dict = Dictionary {
            actors: parse_actors(
                "JONAS_MIRAN_\n\t[FRAOPP 050101-091231]\n\t[FRAGOV 100101-200601]\n\
                 THE_ISLAND_DEFENCE_LEAGUE_ [FRAREB]\nTHE_UNITED_NATIONS_ [IGOUNO]\n\
                 +WORLD_BODY_OF_NATIONS\n",
            )
            .entries,
            agents: parse_agents("BORDER_WARDEN [~COP]\n"),
        };
        let g = crate::gazetteer::Gazetteer::build_with(Vec::new(), Vec::new(), &dict).unwrap();
        let code_of = |text: &str, date: &str, name: &str| {
            let d = drumbeat_model::Document::plain("x", "t", text, Some(date));
            let a = crate::recognise(&g, crate::clean(d));
            a.actors
                .iter()
                .find(|m| m.span.text(&a.doc.clean_text()) == name)
                .map(|m| m.code.clone())
        };
        let s =
            "Jonas Miran said the Island Defence League would talk. French border wardens waited.";
        for (date, name, code) in [
            ("2007-05-01", "Jonas Miran", "FRAOPP"),
            ("2015-05-01", "Jonas Miran", "FRAGOV"),
            ("2015-05-01", "Island Defence League", "FRAREB"),
            ("2015-05-01", "French border wardens", "FRACOP"),
        ] {
            assert_eq!(
                code_of(s, date, name).as_deref(),
                Some(code),
                "{name} on {date}"
            );
        }
        // A name the shipped data has keeps its shipped code; a new name of the same
        // organisation gets the shipped code too.
        let u = "The World Body of Nations met. The United Nations met.";
        assert_eq!(
            code_of(u, "2015-05-01", "World Body of Nations").as_deref(),
            Some("UN")
        );
    }

    #[test]
    fn agents_with_macros() {
        let a = parse_agents(
            "!PERSON! = MAN, WOMAN\nRIOT_POLICE [~COP]\nFISHER!PERSON! [~AGR]\nHEALTH_OFFICIAL [~GOVHLH]\n",
        );
        assert!(a.contains(&("riot police".into(), "COP".into())));
        assert!(a.contains(&("fisherman".into(), "AGR".into())));
        assert!(a.contains(&("fisherwoman".into(), "AGR".into())));
        assert!(a.contains(&("health official".into(), "GOV".into())));
    }

    proptest::proptest! {
        /// Any text in the format's alphabet reads without a panic; every entry kept has
        /// a name and a code, every date is ISO.
        #[test]
        fn actor_and_agent_readers_never_panic(
            t in "([A-Z_]{0,12}|\\+|\\[|\\]|~|<|>|-|[0-9]{0,9}|#|!|=|,| |\t|\n|\\PC){0,60}"
        ) {
            let a = parse_actors(&t);
            for e in &a.entries {
                proptest::prop_assert!(!e.names.is_empty() && !e.codes.is_empty());
                for c in &e.codes {
                    for d in [&c.from, &c.until].into_iter().flatten() {
                        proptest::prop_assert!(d.len() == 10 && &d[4..5] == "-");
                    }
                }
            }
            for (phrase, role) in parse_agents(&t) {
                proptest::prop_assert!(!phrase.is_empty() && role.chars().count() <= 3);
            }
        }
    }
}
