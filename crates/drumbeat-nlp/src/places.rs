//! Places: gazetteer names (countries, capitals, cities of 100,000+) used as locations —
//! after a locative preposition ("in Vienna", "near Kharkiv") — and borders ("along the
//! Ukraine border", "Ukraine’s borders", "the border with Ukraine").

use drumbeat_model::{PlaceMention, Span};

use crate::actors::{Proper, LOCATIVE};
use crate::gazetteer::{Entry, Gazetteer};
use crate::tokens::Token;

fn is_compass(w: &str) -> bool {
    let w = w.trim_end_matches("ern");
    matches!(
        w,
        "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "central"
            | "north-east"
            | "north-west"
            | "south-east"
            | "south-west"
    ) || matches!(w, "northern" | "southern" | "eastern" | "western")
}

const BORDER: &[&str] = &[
    "border",
    "borders",
    "frontier",
    "frontiers",
    "border areas",
    "borderlands",
];

fn capital_of<'g>(g: &'g Gazetteer, code: &str) -> Option<&'g crate::gazetteer::Place> {
    g.places
        .iter()
        .find(|p| p.country == code && p.kind == "capital")
}

/// Places in a document. Returns the mentions and the token ranges used as locations
/// (which are then not actors); borders stay available as actors too.
pub fn find(
    g: &Gazetteer,
    text: &str,
    toks: &[Token],
    props: &[Proper],
) -> (Vec<PlaceMention>, Vec<(usize, usize)>) {
    let mut out = Vec::new();
    let mut used = Vec::new();
    let mentioned = crate::actors::mentioned_countries(g, props);
    for p in props {
        let sent = toks[p.t0].sent;
        let mut b = p.t0;
        // "in southeastern Serbia", "in the northern city of": skip a compass adjective.
        if b > 0 && toks[b - 1].sent == sent && is_compass(&toks[b - 1].text(text).to_lowercase()) {
            b -= 1;
        }
        if b > 0 && toks[b - 1].sent == sent && toks[b - 1].text(text).eq_ignore_ascii_case("the") {
            b -= 1;
        }
        let prev =
            (b > 0 && toks[b - 1].sent == sent).then(|| toks[b - 1].text(text).to_lowercase());
        let locative = prev.as_deref().is_some_and(|w| LOCATIVE.contains(&w));
        // Border: "<country>('s) border", "border with <country>".
        let mut k = p.t1;
        if k < toks.len() && matches!(toks[k].text(text), "’s" | "'s") {
            k += 1;
        }
        let next = toks
            .get(k)
            .filter(|t| t.sent == sent)
            .map(|t| t.text(text).to_lowercase());
        let border_after = next.as_deref().is_some_and(|w| BORDER.contains(&w));
        let border_before = p.t0 >= 2
            && toks[p.t0 - 1].text(text) == "with"
            && BORDER.contains(&toks[p.t0 - 2].text(text).to_lowercase().as_str());
        let country = p.entries.iter().find_map(|e| match e {
            Entry::CountryName(i) | Entry::CountryAdj(i) => Some(*i),
            _ => None,
        });
        if let (Some(ci), true) = (country, border_after || border_before) {
            let c = &g.countries[ci];
            let end = if border_after { k + 1 } else { p.t1 };
            let start = if border_after { p.t0 } else { p.t0 - 2 };
            let span = Span::new(toks[start].start, toks[end - 1].end);
            let cap = capital_of(g, &c.code);
            out.push(PlaceMention {
                span,
                text: span.text(text).to_string(),
                sentence: sent,
                name: format!("{} border", c.name),
                country: c.code.clone(),
                kind: "border".into(),
                lat: cap.map(|x| x.lat).unwrap_or(0.0),
                lon: cap.map(|x| x.lon).unwrap_or(0.0),
            });
            continue;
        }
        // A city that is no capital stands for no government, so it is a place also as
        // the object of an attack or after "on", "from", "of" ("struck Odesa", "a drone
        // strike on Kharkiv", "the mayor of Mariupol"); a capital there is its government.
        let only_cities = !p.entries.is_empty()
            && p.entries
                .iter()
                .all(|e| matches!(e, Entry::Place(i) if matches!(g.places[*i].kind.as_str(), "city" | "region")));
        let object_of_force = prev.as_deref().is_some_and(|w| {
            matches!(w, "on" | "over" | "from" | "of" | "to")
                || [
                    "struck",
                    "shelled",
                    "bombed",
                    "hit",
                    "attacked",
                    "raided",
                    "captured",
                    "seized",
                    "besieged",
                    "stormed",
                    "targeted",
                    "pounded",
                    "recaptured",
                    "liberated",
                ]
                .contains(&w)
        });
        if !(locative || (only_cities && object_of_force)) {
            continue;
        }
        // Several places share a name (Tripoli in Libya and in Lebanon): prefer one in a
        // country the document mentions, else the most populous.
        let candidates: Vec<usize> = p
            .entries
            .iter()
            .filter_map(|e| {
                if let Entry::Place(i) = e {
                    Some(*i)
                } else {
                    None
                }
            })
            .collect();
        let place = candidates
            .iter()
            .copied()
            .find(|&i| mentioned.contains(g.places[i].country.as_str()))
            .or(candidates.first().copied());
        let span = Span::new(p.start, p.end);
        let m = if let Some(pi) = place {
            let pl = &g.places[pi];
            PlaceMention {
                span,
                text: span.text(text).to_string(),
                sentence: sent,
                name: pl.name.clone(),
                country: pl.country.clone(),
                kind: pl.kind.clone(),
                lat: pl.lat,
                lon: pl.lon,
            }
        } else if let Some(ci) = p.entries.iter().find_map(|e| {
            if let Entry::CountryName(i) = e {
                Some(*i)
            } else {
                None
            }
        }) {
            let c = &g.countries[ci];
            let cap = capital_of(g, &c.code);
            PlaceMention {
                span,
                text: span.text(text).to_string(),
                sentence: sent,
                name: c.name.clone(),
                country: c.code.clone(),
                kind: "country".into(),
                lat: cap.map(|x| x.lat).unwrap_or(0.0),
                lon: cap.map(|x| x.lon).unwrap_or(0.0),
            }
        } else {
            continue;
        };
        out.push(m);
        used.push((p.t0, p.t1));
    }
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GAZETTEER;
    use drumbeat_model::Sentence;

    fn run(text: &str) -> Vec<(String, String, String)> {
        let s = [Sentence {
            span: Span::new(0, text.len()),
            paragraph: 0,
            headline: false,
        }];
        let toks = crate::tokens::tokenize(text, &s);
        let props = crate::actors::propers(&GAZETTEER, text, &toks);
        find(&GAZETTEER, text, &toks, &props)
            .0
            .into_iter()
            .map(|p| (p.name, p.country, p.kind))
            .collect()
    }

    #[test]
    fn locations_and_borders() {
        assert_eq!(
            run("the meeting in Vienna at the OSCE"),
            vec![("Vienna".into(), "AUT".into(), "capital".into())]
        );
        assert_eq!(
            run("troops along the Ukraine border"),
            vec![("Ukraine border".into(), "UKR".into(), "border".into())]
        );
        assert_eq!(
            run("swelled along Ukraine’s borders"),
            vec![("Ukraine border".into(), "UKR".into(), "border".into())]
        );
        assert_eq!(
            run("the border with Ukraine"),
            vec![("Ukraine border".into(), "UKR".into(), "border".into())]
        );
        assert_eq!(
            run("ministers meet in Rome"),
            vec![("Rome".into(), "ITA".into(), "capital".into())]
        );
        assert_eq!(
            run("protests in Kiev"),
            vec![("Kyiv".into(), "UKR".into(), "capital".into())]
        );
        assert_eq!(
            run("fighting in Ukraine"),
            vec![("Ukraine".into(), "UKR".into(), "country".into())]
        );
        // Cities that are no capitals, as the object of force or after "on"/"of".
        assert_eq!(
            run("a drone strike on Kharkiv"),
            vec![("Kharkiv".into(), "UKR".into(), "city".into())]
        );
        assert_eq!(
            run("artillery shelled Aleppo overnight"),
            vec![("Aleppo".into(), "SYR".into(), "city".into())]
        );
        // Not places: actors, and names without a locative preposition.
        assert!(run("Moscow rejected the demands").is_empty());
        assert!(run("talks with Washington").is_empty());
    }
}
