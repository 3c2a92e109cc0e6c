//! The trigger lexicon and the CAMEO table, loaded once from `data/`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    irregular: HashMap<String, Vec<String>>,
    #[serde(default)]
    not: NotTriggers,
    trigger: Vec<RawTrigger>,
}

/// `[not]`: phrases that look like triggers and are none ("declined to comment").
#[derive(Deserialize, Default, Clone)]
pub struct NotTriggers {
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Sentences that must yield no event (`sentence => - - -`).
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Deserialize, Clone, Debug)]
pub struct RawTrigger {
    #[serde(rename = "type")]
    pub event_type: drumbeat_model::EventType,
    pub mode: String,
    pub cameo: String,
    pub context: String,
    #[serde(default)]
    pub verbs: Vec<String>,
    #[serde(default)]
    pub nouns: Vec<String>,
    /// "verb ~ object": the verb, then up to four other words, then the object
    /// ("lifted Friday a day-old blockade"); "verb ~~ object" allows up to eight
    /// ("gave the military leaders in Niger one week to"). `|` separates alternatives on
    /// either side: "call | describe ~~ unacceptable | reckless".
    #[serde(default)]
    pub pairs: Vec<String>,
    /// When given, the trigger's phrases are acts only right after one of these nouns,
    /// their subject: "warships sailed into", not "the ferry sailed into".
    #[serde(default)]
    pub subjects: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
}

/// One CAMEO code.
#[derive(Debug, Clone)]
pub struct Cameo {
    pub code: String,
    pub name: String,
    pub goldstein: f64,
    pub quad: u8,
}

/// A phrase the coder looks for.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub words: Vec<String>,
    /// Index into `Lexicon::triggers`.
    pub trigger: usize,
    pub noun: bool,
    /// For "verb ~ object" pairs: the object words that must follow within `gap` words.
    pub object: Option<Vec<String>>,
    /// How many words may stand between the verb and the object of a pair.
    pub gap: usize,
    /// Written `!verb` in the data: an act only with an actor right after the verb
    /// ("defended Iraq", not "defend every inch").
    pub needs_object: bool,
    /// The verb's base or -s form ("bomb", "strikes", not "bombed"): after "a roadside" or
    /// "the military" it is a noun.
    pub base: bool,
}

pub struct Lexicon {
    pub triggers: Vec<RawTrigger>,
    pub cameo: HashMap<String, Cameo>,
    /// First word → phrases starting with it, longest first.
    pub by_first: HashMap<String, Vec<Phrase>>,
    /// First word → phrases that are no trigger (`[not]`), longest first.
    pub not_by_first: HashMap<String, Vec<Vec<String>>>,
    pub not_examples: Vec<String>,
}

/// Inflections of a base verb: base, -s, -ed, -ing (with the usual spelling changes, and
/// both doubled and undoubled final consonants), plus irregular forms.
pub fn inflect(base: &str, irregular: &HashMap<String, Vec<String>>) -> Vec<String> {
    let mut v = vec![base.to_string()];
    let b = base;
    let last = b.chars().last().unwrap_or(' ');
    let before = b.chars().rev().nth(1).unwrap_or(' ');
    let vowel = |c: char| "aeiou".contains(c);
    if let Some(stem) = b.strip_suffix('e') {
        v.push(format!("{b}s"));
        v.push(format!("{b}d"));
        if b.ends_with("ee") {
            v.push(format!("{b}ing"));
        } else {
            v.push(format!("{stem}ing"));
        }
    } else if last == 'y' && !vowel(before) {
        let stem = &b[..b.len() - 1];
        v.push(format!("{stem}ies"));
        v.push(format!("{stem}ied"));
        v.push(format!("{b}ing"));
    } else {
        if b.ends_with('s')
            || b.ends_with("sh")
            || b.ends_with("ch")
            || b.ends_with('x')
            || b.ends_with('z')
        {
            v.push(format!("{b}es"));
        } else {
            v.push(format!("{b}s"));
        }
        v.push(format!("{b}ed"));
        v.push(format!("{b}ing"));
        if !vowel(last) && vowel(before) && !"wxy".contains(last) {
            v.push(format!("{b}{last}ed"));
            v.push(format!("{b}{last}ing"));
        }
    }
    if let Some(irr) = irregular.get(base) {
        v.extend(irr.iter().cloned());
    }
    v
}

fn shipped_file() -> File {
    toml::from_str(include_str!("../data/triggers.toml"))
        .expect("data/triggers.toml is valid (tested)")
}

fn shipped_cameo() -> HashMap<String, Cameo> {
    include_str!("../data/cameo.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Some((
                c.first()?.to_string(),
                Cameo {
                    code: c[0].to_string(),
                    name: c.get(1)?.to_string(),
                    goldstein: c.get(2)?.parse().ok()?,
                    quad: c.get(3)?.parse().ok()?,
                },
            ))
        })
        .collect()
}

fn load() -> Lexicon {
    build(shipped_file(), shipped_cameo())
}

/// The shipped lexicon with a user's verb dictionary merged in: the shipped phrases keep
/// precedence (a phrase in both keeps its shipped type), the dictionary adds the rest.
pub fn with_dictionary(extra: crate::dictionary::VerbEntries) -> Lexicon {
    let mut f = shipped_file();
    for (base, forms) in extra.irregular {
        f.irregular.entry(base).or_insert(forms);
    }
    f.trigger.extend(extra.triggers);
    f.not.phrases.extend(extra.not_phrases);
    let mut cameo = shipped_cameo();
    for c in extra.cameo {
        cameo.entry(c.code.clone()).or_insert(c);
    }
    build(f, cameo)
}

fn build(f: File, cameo: HashMap<String, Cameo>) -> Lexicon {
    let mut by_first: HashMap<String, Vec<Phrase>> = HashMap::new();
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    let mut pairs: Vec<Phrase> = Vec::new();
    for (ti, t) in f.trigger.iter().enumerate() {
        for p in &t.pairs {
            let Some((verb, object)) = p.split_once('~') else {
                continue;
            };
            let (object, gap) = match object.strip_prefix('~') {
                Some(o) => (o, 8),
                None => (object, 4),
            };
            // "call | describe ~~ unacceptable | reckless": every verb with every object.
            for verb in verb.split('|') {
                let words: Vec<String> = verb.split_whitespace().map(str::to_lowercase).collect();
                if words.is_empty() {
                    continue;
                }
                for object in object.split('|') {
                    let object: Vec<String> =
                        object.split_whitespace().map(str::to_lowercase).collect();
                    if object.is_empty() {
                        continue;
                    }
                    for form in inflect(&words[0], &f.irregular) {
                        let mut w = words.clone();
                        w[0] = form;
                        pairs.push(Phrase {
                            words: w,
                            trigger: ti,
                            noun: false,
                            object: Some(object.clone()),
                            gap,
                            needs_object: false,
                            base: false,
                        });
                    }
                }
            }
        }
    }
    let mut add = |words: Vec<String>, noun: bool, ti: usize, needs_object: bool, base: bool| {
        if words.is_empty() || seen.contains_key(&words) {
            return;
        }
        seen.insert(words.clone(), ti);
        by_first.entry(words[0].clone()).or_default().push(Phrase {
            words,
            trigger: ti,
            noun,
            object: None,
            gap: 0,
            needs_object,
            base,
        });
    };
    // Nouns first: "talks", "demands", "attacks" are read as nouns, whose actors the coder
    // finds from owners and neighbours; the verb forms of other words follow.
    for (ti, t) in f.trigger.iter().enumerate() {
        for n in &t.nouns {
            add(
                n.split_whitespace().map(str::to_lowercase).collect(),
                true,
                ti,
                false,
                false,
            );
        }
    }
    for (ti, t) in f.trigger.iter().enumerate() {
        for v in &t.verbs {
            let needs_object = v.starts_with('!');
            let words: Vec<String> = v
                .trim_start_matches('!')
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            for form in inflect(&words[0], &f.irregular) {
                // The base or its -s form ("bomb", "strikes"), which may be nouns; not the
                // past or -ing forms.
                let base = !form.ends_with("ed")
                    && !form.ends_with("ing")
                    && f.irregular
                        .get(&words[0])
                        .is_none_or(|irr| !irr.contains(&form) || form == words[0]);
                let mut w = words.clone();
                w[0] = form;
                add(w, false, ti, needs_object, base);
            }
        }
    }
    for p in pairs {
        by_first.entry(p.words[0].clone()).or_default().push(p);
    }
    // Longest first (a pair counts its verb and object words), pairs before phrases of equal length.
    for v in by_first.values_mut() {
        v.sort_by_key(|p| {
            std::cmp::Reverse((
                p.words.len() + p.object.as_ref().map_or(0, Vec::len),
                p.object.is_some(),
            ))
        });
    }
    let mut not_by_first: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    for p in &f.not.phrases {
        let words: Vec<String> = p.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            continue;
        }
        for form in inflect(&words[0], &f.irregular) {
            let mut w = words.clone();
            w[0] = form;
            not_by_first.entry(w[0].clone()).or_default().push(w);
        }
    }
    for v in not_by_first.values_mut() {
        v.sort_by_key(|p| std::cmp::Reverse(p.len()));
    }
    Lexicon {
        triggers: f.trigger,
        cameo,
        by_first,
        not_by_first,
        not_examples: f.not.examples,
    }
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(load);

/// `data/calibration.tsv`: (raw confidence from which a row holds, calibrated value),
/// ascending.
pub static CALIBRATION: LazyLock<Vec<(f32, f32)>> = LazyLock::new(|| {
    include_str!("../data/calibration.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("raw_from") && !l.trim().is_empty())
        .filter_map(|l| {
            let (a, b) = l.split_once('\t')?;
            Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
        })
        .collect()
});

/// The calibrated confidence of a raw coder score.
pub fn calibrate(raw: f32) -> f32 {
    CALIBRATION
        .iter()
        .rev()
        .find(|(from, _)| raw >= *from)
        .map(|(_, c)| *c)
        .unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        let irr = HashMap::from([("hold".to_string(), vec!["held".to_string()])]);
        let f = |b: &str| inflect(b, &irr);
        assert!(
            f("accuse").contains(&"accused".to_string())
                && f("accuse").contains(&"accusing".to_string())
        );
        assert!(
            f("deny").contains(&"denied".to_string()) && f("deny").contains(&"denies".to_string())
        );
        assert!(f("agree").contains(&"agreeing".to_string()));
        assert!(f("ban").contains(&"banned".to_string()));
        assert!(f("hold").contains(&"held".to_string()));
        assert!(f("push").contains(&"pushes".to_string()));
    }

    #[test]
    fn calibration_table() {
        let c = &*CALIBRATION;
        assert!(c.len() >= 2 && c[0].0 == 0.0, "{c:?}");
        // Ascending in both columns: a higher raw score never means less confidence.
        for w in c.windows(2) {
            assert!(w[0].0 < w[1].0 && w[0].1 <= w[1].1, "{c:?}");
        }
        assert!(c.iter().all(|(_, v)| (0.0..=1.0).contains(v)));
        assert_eq!(calibrate(0.8), c.last().unwrap().1);
        assert_eq!(calibrate(0.1), c[0].1);
    }

    #[test]
    fn cameo_table() {
        let l = &*LEXICON;
        for t in &l.triggers {
            assert!(
                crate::PLOVER_TYPES.contains(&t.event_type.as_str()),
                "unknown type {}",
                t.event_type
            );
            let c = l.cameo.get(&t.cameo).unwrap_or_else(|| {
                panic!(
                    "CAMEO {} of {} {} is not in cameo.tsv",
                    t.cameo, t.event_type, t.mode
                )
            });
            assert!((-10.0..=10.0).contains(&c.goldstein));
            assert!((1..=4).contains(&c.quad));
            assert!(
                !t.examples.is_empty(),
                "{} {} needs an example",
                t.event_type,
                t.mode
            );
        }
        for (code, c) in &l.cameo {
            assert_eq!(code, &c.code);
            let root: u32 = code[..2].parse().unwrap();
            let expect = match root {
                1..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                _ => 4,
            };
            assert_eq!(c.quad, expect, "QuadClass of {code}");
        }
    }
}
