//! A deterministic generator of realistic synthetic news articles, for benchmarks and
//! scale tests. Articles vary in length, actors, quotes (direct, split, relayed),
//! numbers (including Indian units), boilerplate (image credits, related links,
//! bylines, closing credits) and dating (with a `date` header or without).
//! The same seed gives the same corpus on every machine.

/// A small, fast, deterministic PRNG (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// (country, adjective, capital, leader title, leader name, minister name)
const COUNTRIES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "Russia",
        "Russian",
        "Moscow",
        "President",
        "Vladimir Putin",
        "Sergei Lavrov",
    ),
    (
        "Ukraine",
        "Ukrainian",
        "Kyiv",
        "President",
        "Volodymyr Zelenskyy",
        "Dmytro Kuleba",
    ),
    (
        "the United States",
        "US",
        "Washington",
        "President",
        "Joe Biden",
        "Antony Blinken",
    ),
    (
        "China",
        "Chinese",
        "Beijing",
        "President",
        "Xi Jinping",
        "Wang Yi",
    ),
    (
        "India",
        "Indian",
        "New Delhi",
        "Prime Minister",
        "Narendra Modi",
        "S. Jaishankar",
    ),
    (
        "Pakistan",
        "Pakistani",
        "Islamabad",
        "Prime Minister",
        "Shehbaz Sharif",
        "Bilawal Bhutto Zardari",
    ),
    (
        "Iran",
        "Iranian",
        "Tehran",
        "President",
        "Ebrahim Raisi",
        "Hossein Amir-Abdollahian",
    ),
    (
        "Israel",
        "Israeli",
        "Jerusalem",
        "Prime Minister",
        "Benjamin Netanyahu",
        "Eli Cohen",
    ),
    (
        "Turkey",
        "Turkish",
        "Ankara",
        "President",
        "Recep Tayyip Erdogan",
        "Hakan Fidan",
    ),
    (
        "Germany",
        "German",
        "Berlin",
        "Chancellor",
        "Olaf Scholz",
        "Annalena Baerbock",
    ),
    (
        "France",
        "French",
        "Paris",
        "President",
        "Emmanuel Macron",
        "Catherine Colonna",
    ),
    (
        "Japan",
        "Japanese",
        "Tokyo",
        "Prime Minister",
        "Fumio Kishida",
        "Yoshimasa Hayashi",
    ),
    (
        "South Korea",
        "South Korean",
        "Seoul",
        "President",
        "Yoon Suk Yeol",
        "Park Jin",
    ),
    (
        "North Korea",
        "North Korean",
        "Pyongyang",
        "leader",
        "Kim Jong Un",
        "Choe Son Hui",
    ),
    (
        "Armenia",
        "Armenian",
        "Yerevan",
        "Prime Minister",
        "Nikol Pashinyan",
        "Ararat Mirzoyan",
    ),
    (
        "Azerbaijan",
        "Azerbaijani",
        "Baku",
        "President",
        "Ilham Aliyev",
        "Jeyhun Bayramov",
    ),
    (
        "Ethiopia",
        "Ethiopian",
        "Addis Ababa",
        "Prime Minister",
        "Abiy Ahmed",
        "Demeke Mekonnen",
    ),
    (
        "Sudan",
        "Sudanese",
        "Khartoum",
        "General",
        "Abdel Fattah al-Burhan",
        "Ali al-Sadiq",
    ),
    (
        "the Philippines",
        "Philippine",
        "Manila",
        "President",
        "Ferdinand Marcos Jr.",
        "Enrique Manalo",
    ),
    (
        "Poland",
        "Polish",
        "Warsaw",
        "President",
        "Andrzej Duda",
        "Zbigniew Rau",
    ),
    (
        "Serbia",
        "Serbian",
        "Belgrade",
        "President",
        "Aleksandar Vucic",
        "Ivica Dacic",
    ),
    (
        "Venezuela",
        "Venezuelan",
        "Caracas",
        "President",
        "Nicolas Maduro",
        "Yvan Gil",
    ),
];

const OUTLETS: &[&str] = &[
    "Reuters",
    "AP",
    "AFP",
    "CNN",
    "TASS",
    "Xinhua",
    "Dawn",
    "PTI",
    "ANI",
    "Al Jazeera",
    "BBC",
];

const PLACES: &[&str] = &[
    "Vienna", "Geneva", "Istanbul", "Doha", "Brussels", "Rome", "Riyadh", "Minsk", "Helsinki",
    "Cairo",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const AMOUNTS: &[&str] = &[
    "around one lakh",
    "more than 100,000",
    "tens of thousands of",
    "nearly two lakh",
    "about 5,000",
    "at least 12",
    "hundreds of",
    "up to 40,000",
    "some 3,500",
    "two million",
];

const COUNTED: &[&str] = &[
    "troops",
    "soldiers",
    "civilians",
    "refugees",
    "tanks",
    "people",
];

const RELATED: &[&str] = &[
    "Foreign ministers meet in {place} with security expected to top agenda",
    "Experts urge {leader} to send more aid to the region",
    "Markets slide as tensions rise",
    "Five things to know about the border dispute",
    "Opposition slams government over rising fuel prices",
];

/// One synthetic article: its file name and text.
pub fn article(rng: &mut Rng, i: usize) -> (String, String) {
    let a = *rng.pick(COUNTRIES);
    let mut b = *rng.pick(COUNTRIES);
    while b.0 == a.0 {
        b = *rng.pick(COUNTRIES);
    }
    let day = *rng.pick(WEEKDAYS);
    let place = *rng.pick(PLACES);
    let outlet = *rng.pick(OUTLETS);
    let year = 2019 + rng.below(6);
    let month = 1 + rng.below(12);
    let dom = 1 + rng.below(28);
    let mut paras: Vec<String> = Vec::new();
    let lead = match rng.below(8) {
        0 => format!("{} and {} officials held a meeting in {place} on {day}, amid rising tension over the border.", cap(a.1), b.1),
        1 => format!("{} accused {} on {day} of shelling villages near the frontier, killing {} {}.", cap(a.0), b.0, rng.pick(AMOUNTS), rng.pick(COUNTED)),
        2 => format!("{} {} {} warned {} of sanctions if it tried to destabilise the region.", a.1, a.3, a.4, b.0),
        3 => format!("{} has moved {} {} near the border with {}, according to {} intelligence.", cap(a.0), rng.pick(AMOUNTS), rng.pick(COUNTED), b.0, b.1),
        4 => format!("{} rejected {}'s demands on {day}, saying the proposals were non-starters.", cap(a.0), b.0),
        5 => format!("{} agreed to expand trade and security cooperation with {}, officials said on {day}.", cap(a.0), b.0),
        6 => format!("{} {} {} spoke by phone with {} counterpart on {day} about the crisis.", a.1, a.3, a.4, b.1),
        _ => format!("Protesters gathered outside the {} embassy in {} on {day}, demanding an end to the fighting.", b.1, a.2),
    };
    paras.push(lead);
    let n_more = 2 + rng.below(9);
    for k in 0..n_more {
        let p = match rng.below(10) {
            0 => format!("\"We will not accept any attempt to change borders by force,\" {} said in a statement.", a.4),
            1 => format!("{} Foreign Minister {} said the talks had reached \"a dead end\", according to {}.", a.1, a.5, outlet),
            2 => format!("\"These measures,\" {} said, \"are separate from the talks and will continue.\"", b.5),
            3 => format!("Earlier on {} {dom}, {} and {} held a video meeting over the ongoing tension.", rng.pick(MONTHS), a.4, b.4),
            4 => format!("The United Nations urged both sides to show restraint, and NATO said it was watching closely. The European Union offered to mediate talks in {place}."),
            5 => format!("{} officials denied the claim, saying {} troops had only returned fire this week.", b.1, b.1),
            6 => format!("Analysts said the {} would be difficult to resolve before the end of the year, as both governments faced pressure at home and the economy slowed sharply.", if rng.chance(50) { "dispute" } else { "crisis" }),
            7 => format!("{} {} quoted {} as saying that \"dialogue is the only way forward\".", outlet, if rng.chance(50) { "news agency" } else { "" }, b.4),
            8 => format!("Some {} {} have crossed into {} since the fighting began, aid groups said, and {} pledged {} crore rupees in relief.", rng.pick(AMOUNTS), rng.pick(COUNTED), a.0, b.0, 1 + rng.below(90)),
            _ => format!("The {} military conducted live-fire exercises along the border last week, while diplomats met in {place}.", a.1),
        };
        paras.push(p);
        if k == 1 && rng.chance(40) {
            paras.push(format!(
                "- {}",
                rng.pick(RELATED)
                    .replace("{place}", place)
                    .replace("{leader}", b.4)
            ));
        }
        if k == 0 && rng.chance(25) {
            paras.push("(Photo: AP)".to_string());
        }
    }
    let mut text = String::new();
    let dated = rng.chance(70);
    if dated {
        text.push_str(&format!("date {year:04}-{month:02}-{dom:02} "));
    }
    if rng.chance(30) {
        text.push_str(&format!("{} ({}) - ", a.2.to_uppercase(), outlet));
    }
    text.push_str(&paras.join(if rng.chance(50) { "\n\n" } else { "\n" }));
    if rng.chance(30) {
        text.push_str(&format!(" ({outlet})"));
    }
    text.push('\n');
    (format!("{i:06}.txt"), text)
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Write `n` articles as text files into `dir`. Returns the total bytes written.
pub fn write_corpus(dir: &std::path::Path, n: usize, seed: u64) -> std::io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let mut bytes = 0u64;
    for i in 0..n {
        let (name, text) = article(&mut rng, i);
        bytes += text.len() as u64;
        std::fs::write(dir.join(name), text)?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_varied() {
        let a: Vec<_> = (0..50)
            .map(|i| article(&mut Rng::new(7 + i as u64), i).1)
            .collect();
        let b: Vec<_> = (0..50)
            .map(|i| article(&mut Rng::new(7 + i as u64), i).1)
            .collect();
        assert_eq!(a, b);
        let distinct: std::collections::HashSet<_> = a.iter().collect();
        assert!(distinct.len() > 45);
        assert!(
            a.iter().any(|t| t.starts_with("date ")) && a.iter().any(|t| !t.starts_with("date "))
        );
    }
}
