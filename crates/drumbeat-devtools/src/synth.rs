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

/// A country as the generator writes about it: (country, adjective, capital, leader
/// title, leader name, minister name).
type Country = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const COUNTRIES: &[Country] = &[
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

const FIRST_NAMES: &[&str] = &[
    "Anna", "Boris", "Carla", "Daniel", "Elena", "Farid", "Grace", "Hassan", "Irina", "Jonas",
    "Kamal", "Lena", "Marek", "Nadia", "Omar", "Pavel", "Rania", "Samir", "Tomas", "Vera", "Yusuf",
    "Zara", "Arjun", "Mei", "Kenji", "Lucia", "Mateo", "Sofia", "Viktor", "Amara",
];

const ROLES: &[&str] = &[
    "Deputy Foreign Minister",
    "Defence Minister",
    "Foreign Minister",
    "Interior Minister",
    "army spokesman",
    "foreign ministry spokeswoman",
    "national security adviser",
];

const SUBJECTS: &[&str] = &[
    "border",
    "ceasefire",
    "prisoner exchange",
    "gas supplies",
    "grain corridor",
    "naval patrols",
    "airspace violations",
    "refugee returns",
    "troop withdrawal",
    "water sharing",
    "trade tariffs",
    "missile tests",
];

const QUOTE_WORDS: &[&str] = &[
    "provocation",
    "patience",
    "dialogue",
    "sovereignty",
    "a red line",
    "good faith",
    "escalation",
    "guarantees",
    "restraint",
    "aggression",
    "partnership",
    "an ultimatum",
    "security",
    "consequences",
    "compromise",
    "stability",
    "pressure",
    "trust",
    "silence",
    "blackmail",
    "respect",
    "deterrence",
    "a ceasefire",
    "justice",
    "delay",
    "sanctions",
    "a warning",
    "reciprocity",
    "force",
    "goodwill",
    "transparency",
    "calm",
];

const NAME_HEADS: &[&str] = &[
    "Kov", "Petr", "Had", "Nov", "Rah", "Okaf", "Lind", "Mor", "Tan", "Cast", "Sok", "Mens", "Dim",
    "Ferr", "Yil", "Horv", "Bak", "Iv", "Lars", "Quis", "Woj", "Bren", "Az", "Varg", "Delg",
    "Mirz", "Kuzn", "Ab", "Ross", "Zel", "Gor", "Tkach", "Shev", "Bond", "Mel", "Grig",
];
const NAME_TAILS: &[&str] = &[
    "enko", "ov", "ova", "ad", "ak", "ic", "ani", "idis", "escu", "aro", "ini", "ansky", "ek",
    "ello", "uk", "yan", "ian", "oglu", "sson", "ez",
];
const PLACE_HEADS: &[&str] = &[
    "Novo", "Kara", "Dar", "Bel", "Ostro", "Kalin", "Mir", "Ain", "Port", "Had", "Zelen", "Kir",
    "Tamar", "Sar", "Ust", "Krasno", "Pri", "Ala", "Bir", "Chor",
];
const PLACE_TAILS: &[&str] = &[
    "selki", "bulak", "aman", "kand", "harbour", "vets", "ovka", "pur", "saleh", "dolyna", "ovsk",
    "ridge", "abad", "gorod", "ino", "tepe",
];

fn surname(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(NAME_HEADS), rng.pick(NAME_TAILS))
}

fn village(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(PLACE_HEADS), rng.pick(PLACE_TAILS))
}

/// One happening that several outlets report: who, what, where, when, the official who
/// speaks, the words quoted and the amount counted.
struct Happening {
    a: Country,
    b: Country,
    kind: usize,
    day: i64,
    place: &'static str,
    village: String,
    subject: &'static str,
    official: String,
    role: &'static str,
    quote: String,
    amount: &'static str,
    counted: &'static str,
    n: usize,
    /// A calm contact: its reports tell no hostile background.
    calm: bool,
}

fn happening(rng: &mut Rng) -> Happening {
    let a = *rng.pick(COUNTRIES);
    let mut b = *rng.pick(COUNTRIES);
    while b.0 == a.0 {
        b = *rng.pick(COUNTRIES);
    }
    let start = drumbeat_model::civil::days_from_civil(2019, 1, 1);
    let w = |rng: &mut Rng| *rng.pick(QUOTE_WORDS);
    let quote = match rng.below(4) {
        0 => format!(
            "{} and {} cannot come at the price of {}, and we will answer {} with {}",
            cap(w(rng)),
            w(rng),
            w(rng),
            w(rng),
            w(rng)
        ),
        1 => format!(
            "{} and {}: we have shown both for months, and they answered with {} and {}",
            cap(w(rng)),
            w(rng),
            w(rng),
            w(rng)
        ),
        2 => format!(
            "{} is not a favour and {} is not a gift, it is what we are owed after {} and {}",
            cap(w(rng)),
            w(rng),
            w(rng),
            w(rng)
        ),
        _ => format!(
            "{} before {}, and every time they offer {} it comes with {} and {}",
            cap(w(rng)),
            w(rng),
            w(rng),
            w(rng),
            w(rng)
        ),
    };
    Happening {
        a,
        b,
        kind: rng.below(8),
        day: start + rng.below(6 * 365) as i64,
        place: rng.pick::<&str>(PLACES),
        village: village(rng),
        subject: rng.pick::<&str>(SUBJECTS),
        official: format!("{} {}", rng.pick(FIRST_NAMES), surname(rng)),
        role: rng.pick::<&str>(ROLES),
        quote,
        amount: rng.pick::<&str>(AMOUNTS),
        counted: rng.pick::<&str>(COUNTED),
        n: 2 + rng.below(90),
        calm: false,
    }
}

/// One outlet's report of a happening: the same facts in its own order and words.
fn report(rng: &mut Rng, h: &Happening, outlet: &str, published: i64) -> String {
    let (a, b) = (h.a, h.b);
    let weekday = WEEKDAYS[((h.day + 3).rem_euclid(7)) as usize];
    let when = if published == h.day {
        format!("on {weekday}")
    } else {
        match rng.below(2) {
            0 => format!("on {weekday}"),
            _ => "yesterday".to_string(),
        }
    };
    let (place, village, subject) = (h.place, h.village.as_str(), h.subject);
    let lead = match h.kind {
        0 => format!("{} and {} officials held a meeting in {place} {when} on the {subject}, amid rising tension.", cap(a.1), b.1),
        1 => format!("{} accused {} {when} of shelling {village} near the frontier, killing {} {}.", cap(a.0), b.0, h.amount, h.counted),
        2 => format!("{} {} {} warned {} {when} of sanctions over the {subject} if it tried to destabilise the region.", a.1, a.3, a.4, b.0),
        3 => format!("{} has moved {} {} near {village}, close to the border with {}, according to {} intelligence.", cap(a.0), h.amount, h.counted, b.0, b.1),
        4 => format!("{} rejected {}'s demands on the {subject} {when}, saying the proposals were non-starters.", cap(a.0), b.0),
        5 => format!("{} agreed {when} to expand cooperation with {} on the {subject}, officials said.", cap(a.0), b.0),
        6 => format!("{} {} {} spoke by phone with {} counterpart {when} about the {subject}.", a.1, a.3, a.4, b.1),
        _ => format!("Protesters gathered outside the {} embassy in {} {when}, demanding an end to the dispute over the {subject}.", b.1, a.2),
    };
    let mut facts = vec![
        format!("\"{},\" {} {} {} said.", h.quote, a.1, h.role, h.official),
        format!("{} {} {} told reporters in {} that \"{}\".", a.1, h.role, h.official, a.2, h.quote),
        format!("{} officials said the talks in {place} on the {subject} would continue, though no date was set.", b.1),
        format!("Residents of {village} said they had heard heavy fire through the night."),
        format!("{} {} {} said the {subject} could not be settled \"by pressure or by threats\", according to {}.", b.1, b.3, b.4, outlet),
        format!("Some {} {} have been affected, aid groups said, and {} pledged {} crore rupees in relief.", h.amount, h.counted, b.0, h.n),
    ];
    // Each outlet tells some of the facts, in its own order.
    let keep = 3 + rng.below(facts.len() - 2);
    for k in (1..facts.len()).rev() {
        facts.swap(k, rng.below(k + 1));
    }
    facts.truncate(keep);
    let mut paras = vec![lead];
    paras.extend(facts);
    let background = 2 + rng.below(14);
    for k in 0..background {
        let mut pick = rng.below(10);
        // Calm contacts tell no fire exchanged and no exercises.
        if h.calm && matches!(pick, 3 | 6) {
            pick = 7;
        }
        let p = match pick {
            0 => "The United Nations urged both sides to show restraint, and NATO said it was watching closely. The European Union offered to mediate.".to_string(),
            1 => format!("Relations between {} and {} have been strained for years, with disputes over trade, borders and the treatment of minorities flaring up every few months.", a.0, b.0),
            2 => format!("Earlier on {} {}, {} and {} held a video meeting over the ongoing tension.", rng.pick(MONTHS), 1 + rng.below(28), a.4, b.4),
            3 => format!("{} officials denied the claim, saying their forces had only returned fire this week.", b.1),
            4 => format!("Analysts said the {} would be difficult to resolve before the end of the year, as both governments faced pressure at home and the economy slowed sharply.", if rng.chance(50) { "dispute" } else { "crisis" }),
            5 => format!("{} {} quoted {} as saying that \"dialogue is the only way forward\".", outlet, if rng.chance(50) { "news agency" } else { "" }, b.4),
            6 => format!("The {} military conducted live-fire exercises along the border last week, while diplomats met in {}.", a.1, rng.pick(PLACES)),
            7 => "Markets in the region fell on the news, with the local currency losing more than two percent against the dollar before recovering some ground in late trading. Traders said investors were waiting for a clearer signal from both capitals.".to_string(),
            8 => format!("Opposition parties in {} criticised the government's handling of the {}, saying it had been too slow to respond and had failed to consult parliament before taking decisions with lasting consequences.", a.0, subject),
            _ => format!("It was not immediately possible to verify the accounts independently. Journalists have had limited access to the area around {village} since the start of the year."),
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
    if rng.chance(70) {
        let (y, m, d) = drumbeat_model::civil::civil_from_days(published);
        text.push_str(&format!("date {y:04}-{m:02}-{d:02} "));
    }
    if rng.chance(30) {
        text.push_str(&format!("{} ({}) - ", a.2.to_uppercase(), outlet));
    }
    text.push_str(&paras.join(if rng.chance(50) { "\n\n" } else { "\n" }));
    if rng.chance(30) {
        text.push_str(&format!(" ({outlet})"));
    }
    text.push('\n');
    text
}

/// A synthetic corpus as it is generated: articles in groups, each group one happening
/// told by one to five outlets (sometimes a republished copy of another report).
pub struct Corpus {
    rng: Rng,
    queue: std::collections::VecDeque<(String, String)>,
    next_story: usize,
    /// Happenings planned ahead: an injected escalation's calm weeks and its burst.
    plan: std::collections::VecDeque<Happening>,
    /// The injected escalations: (country, country, first day of the burst).
    escalations: Vec<(&'static str, &'static str, i64)>,
}

/// One happening in this many opens an injected escalation.
const ESCALATION_EVERY: usize = 40;

impl Corpus {
    pub fn new(seed: u64) -> Self {
        Corpus {
            rng: Rng::new(seed),
            queue: Default::default(),
            next_story: 0,
            plan: Default::default(),
            escalations: Vec::new(),
        }
    }

    /// The escalations injected so far: (country, country, first day of the burst).
    pub fn escalations(&self) -> &[(&'static str, &'static str, i64)] {
        &self.escalations
    }

    /// Plan an escalation of a dyad: three calm contacts in the four weeks before, then
    /// three days of rising conflict (shelling, troop moves, warnings), each told by its
    /// own outlets as any happening is.
    fn plan_escalation(&mut self) {
        let first = happening(&mut self.rng);
        let (a, b, day) = (first.a, first.b, first.day);
        for (offset, kind) in [(-27, 5), (-19, 0), (-11, 6)] {
            let mut h = happening(&mut self.rng);
            (h.a, h.b, h.kind, h.day, h.calm) = (a, b, kind, day + offset, true);
            self.plan.push_back(h);
        }
        for (offset, kinds) in [(0, &[1, 3][..]), (1, &[1, 1, 3]), (2, &[1, 2, 1, 3])] {
            for &kind in kinds {
                let mut h = happening(&mut self.rng);
                (h.a, h.b, h.kind, h.day) = (a, b, kind, day + offset);
                self.plan.push_back(h);
            }
        }
        self.escalations.push((a.0, b.0, day));
    }
}

impl Iterator for Corpus {
    /// (story key, article text)
    type Item = (String, String);
    fn next(&mut self) -> Option<(String, String)> {
        if let Some(x) = self.queue.pop_front() {
            return Some(x);
        }
        if self.plan.is_empty() && self.rng.below(ESCALATION_EVERY) == 0 {
            self.plan_escalation();
        }
        let h = match self.plan.pop_front() {
            Some(h) => h,
            None => happening(&mut self.rng),
        };
        let rng = &mut self.rng;
        let key = format!("story-{:06}", self.next_story);
        self.next_story += 1;
        let reports = match rng.below(10) {
            0..=3 => 1,
            4..=6 => 2,
            7 | 8 => 3,
            _ => 4 + rng.below(2),
        };
        let mut told: Vec<String> = Vec::new();
        for _ in 0..reports {
            let outlet = *rng.pick(OUTLETS);
            let published = h.day + rng.below(2) as i64;
            let text = if !told.is_empty() && rng.chance(15) {
                // Republished: the same report under another header, with one extra line.
                let orig = told[rng.below(told.len())].clone();
                let body = match orig.strip_prefix("date ") {
                    Some(rest) => rest.get(11..).unwrap_or(rest).to_string(),
                    None => orig,
                };
                format!(
                    "{}\nThis article was republished from a wire service.\n",
                    body.trim_end()
                )
            } else {
                report(rng, &h, outlet, published)
            };
            told.push(text.clone());
            self.queue.push_back((key.clone(), text));
        }
        self.queue.pop_front()
    }
}

/// One synthetic article (the first of a fresh corpus with this generator state).
pub fn article(rng: &mut Rng, i: usize) -> (String, String) {
    let mut c = Corpus::new(rng.next_u64());
    let (_, text) = c.next().unwrap_or_default();
    (format!("{i:06}.txt"), text)
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The story key a synthetic corpus folder holds.
pub const STORY_KEY: &str = ".stories.tsv";

/// The escalation key a synthetic corpus folder holds: `country<TAB>country<TAB>day`, the
/// first day of each injected burst.
pub const ESCALATION_KEY: &str = ".escalations.tsv";

/// Pairwise precision and recall of predicted story labels against gold labels, for
/// items labelled in both: (precision, recall, gold pairs, predicted pairs). Linear: pairs
/// are counted per cluster, never enumerated.
pub fn pairwise(
    gold: &[(String, String)],
    predicted: &std::collections::HashMap<String, String>,
) -> (f64, f64, u64, u64) {
    use std::collections::HashMap;
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut g: HashMap<&str, u64> = HashMap::new();
    let mut p: HashMap<&str, u64> = HashMap::new();
    let mut both: HashMap<(&str, &str), u64> = HashMap::new();
    for (item, gs) in gold {
        let Some(ps) = predicted.get(item) else {
            continue;
        };
        *g.entry(gs).or_default() += 1;
        *p.entry(ps).or_default() += 1;
        *both.entry((gs, ps)).or_default() += 1;
    }
    let tp: u64 = both.values().map(|&n| pairs(n)).sum();
    let gp: u64 = g.values().map(|&n| pairs(n)).sum();
    let pp: u64 = p.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    (ratio(tp, pp), ratio(tp, gp), gp, pp)
}

/// How the watch's alerts meet the injected escalations (`.escalations.tsv`, countries by
/// name): an escalation is caught when its dyad has an alert in its burst (the first day
/// to two days after); an alert is right when it falls in a burst of its dyad. Days of
/// warning: from the first alert to the burst's last day (0 = alerted on its peak).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct AlertScore {
    pub escalations: usize,
    pub caught: usize,
    pub alerts: usize,
    pub right: usize,
    pub precision: f64,
    pub recall: f64,
    pub mean_days_of_warning: f64,
}

/// Score alerts `(dyad key, day)` against an escalation key's text.
pub fn score_alerts(key: &str, alerts: &[(String, String)]) -> AlertScore {
    let g = &*drumbeat_nlp::gazetteer::GAZETTEER;
    let code = |name: &str| {
        g.countries
            .iter()
            .find(|c| c.name == name || c.names.iter().any(|n| n == name))
            .map(|c| c.code.clone())
    };
    let bursts: Vec<(String, i64)> = key
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (a, b, day) = (f.next()?, f.next()?, f.next()?);
            Some((
                drumbeat_model::dyad_key(&code(a)?, &code(b)?),
                drumbeat_model::civil::parse(day)?,
            ))
        })
        .collect();
    let alerts: Vec<(&str, i64)> = alerts
        .iter()
        .filter_map(|(d, day)| Some((d.as_str(), drumbeat_model::civil::parse(day)?)))
        .collect();
    let in_burst =
        |dyad: &str, day: i64, b: &(String, i64)| b.0 == dyad && (b.1..=b.1 + 2).contains(&day);
    let mut caught = 0;
    let mut warning = 0i64;
    for b in &bursts {
        if let Some(first) = alerts
            .iter()
            .filter(|(d, day)| in_burst(d, *day, b))
            .map(|x| x.1)
            .min()
        {
            caught += 1;
            warning += b.1 + 2 - first;
        }
    }
    let right = alerts
        .iter()
        .filter(|(d, day)| bursts.iter().any(|b| in_burst(d, *day, b)))
        .count();
    let ratio = |a: usize, n: usize| if n == 0 { 0.0 } else { a as f64 / n as f64 };
    AlertScore {
        escalations: bursts.len(),
        caught,
        alerts: alerts.len(),
        right,
        precision: ratio(right, alerts.len()),
        recall: ratio(caught, bursts.len()),
        mean_days_of_warning: if caught == 0 {
            0.0
        } else {
            warning as f64 / caught as f64
        },
    }
}

/// Write `n` articles as text files into `dir`, and the key `.stories.tsv` (file, story;
/// hidden, so ingest skips it) so that story clustering can be scored at scale. Returns the total bytes
/// of the articles.
pub fn write_corpus(dir: &std::path::Path, n: usize, seed: u64) -> std::io::Result<u64> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let mut bytes = 0u64;
    let mut key = std::io::BufWriter::new(std::fs::File::create(dir.join(STORY_KEY))?);
    let mut corpus = Corpus::new(seed);
    for i in 0..n {
        let Some((story, text)) = corpus.next() else {
            break;
        };
        bytes += text.len() as u64;
        let name = format!("{i:06}.txt");
        std::fs::write(dir.join(&name), text)?;
        writeln!(key, "{name}\t{story}")?;
    }
    key.flush()?;
    // Only the escalations whose whole burst was written.
    let mut esc = std::io::BufWriter::new(std::fs::File::create(dir.join(ESCALATION_KEY))?);
    let complete = corpus.escalations().len() - usize::from(!corpus.plan.is_empty());
    for &(a, b, day) in &corpus.escalations()[..complete] {
        writeln!(
            esc,
            "{a}\t{b}\t{}",
            drumbeat_model::civil::format(day).unwrap_or_default()
        )?;
    }
    esc.flush()?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_counts_pairs_per_cluster() {
        let gold: Vec<(String, String)> = [("a", "x"), ("b", "x"), ("c", "x"), ("d", "y")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let pred: std::collections::HashMap<String, String> =
            [("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")]
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
        // gold pairs: ab ac bc; predicted: ab cd; shared: ab.
        let (p, r, gp, pp) = pairwise(&gold, &pred);
        assert_eq!((gp, pp), (3, 2));
        assert!((p - 0.5).abs() < 1e-9 && (r - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn alerts_are_scored_against_the_injected_bursts() {
        let key = "Russia\tUkraine\t2021-03-10\nIndia\tPakistan\t2020-01-01\n";
        let alerts = [
            ("RUS-UKR".to_string(), "2021-03-11".to_string()),
            ("RUS-UKR".to_string(), "2021-03-20".to_string()),
            ("CHN-USA".to_string(), "2021-03-11".to_string()),
        ];
        let s = score_alerts(key, &alerts);
        assert_eq!((s.escalations, s.caught, s.alerts, s.right), (2, 1, 3, 1));
        assert!((s.recall - 0.5).abs() < 1e-9 && (s.precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.mean_days_of_warning - 1.0).abs() < 1e-9);
    }

    #[test]
    fn escalations_are_injected_and_keyed() {
        let mut c = Corpus::new(5);
        let n = c.by_ref().take(2000).count();
        assert_eq!(n, 2000);
        assert!(c.escalations().len() >= 3, "{}", c.escalations().len());
        // Every country the generator writes is found by the scorer, so no burst is
        // dropped from the key's count.
        let key: String = COUNTRIES
            .iter()
            .map(|c| format!("{}\t{}\t2021-01-01\n", c.0, COUNTRIES[0].0))
            .collect();
        assert_eq!(score_alerts(&key, &[]).escalations, COUNTRIES.len());
    }

    #[test]
    fn corpus_tells_happenings_several_times() {
        let items: Vec<(String, String)> = Corpus::new(3).take(200).collect();
        let mut stories: std::collections::HashMap<&str, usize> = Default::default();
        for (k, _) in &items {
            *stories.entry(k).or_default() += 1;
        }
        assert!(
            stories.values().any(|&n| n >= 3),
            "some happenings have several reports"
        );
        assert!(stories.len() < 150);
        let mean = items.iter().map(|(_, t)| t.len()).sum::<usize>() / items.len();
        assert!((1200..5000).contains(&mean), "mean article length {mean}");
        assert!(items.iter().any(|(_, t)| t.contains("republished")));
    }

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
