//! Publication dates as inputs state them: ISO 8601 (`2022-01-14`, `2022-01-14T09:30:00Z`),
//! RFC 2822 (`Fri, 14 Jan 2022 09:30:00 GMT`), and `January 14, 2022` / `14 January 2022`.
//! The result is the calendar date as written (no time-zone shift), `YYYY-MM-DD`.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `YYYY-MM-DD` when the parts make a real date (years 1..=9999).
pub fn ymd(year: i32, month: u32, day: u32) -> Option<String> {
    drumbeat_model::civil::valid(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && is_month_word(&w, m))
        .map(|i| i as u32 + 1)
}

fn is_month_word(w: &str, abbr: &str) -> bool {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let full = FULL
        .iter()
        .find(|f| f.starts_with(abbr))
        .copied()
        .unwrap_or("");
    w == abbr || w == full || (abbr == "sep" && w == "sept")
}

/// Parse a strict `YYYY-MM-DD` at the start of `s`.
pub fn parse_iso_prefix(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let y = digits(0..4)? as i32;
    let m = digits(5..7)?;
    let d = digits(8..10)?;
    if b.len() > 10 && b[10].is_ascii_digit() {
        return None;
    }
    ymd(y, m, d)
}

/// Parse a publication date in any of the forms this module knows.
pub fn parse_published(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = parse_iso_prefix(s) {
        return Some(d);
    }
    // Word forms: pick out day, month name and year tokens.
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|t| !t.is_empty())
        .collect();
    let mut day = None;
    let mut month = None;
    let mut year = None;
    for t in &tokens {
        if month.is_none() {
            if let Some(m) = month_of(t) {
                month = Some(m);
                continue;
            }
        }
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
            if digits.len() == 4 && year.is_none() {
                year = digits.parse::<i32>().ok();
            } else if digits.len() <= 2 && day.is_none() {
                day = digits.parse::<u32>().ok();
            }
        }
        if t.contains(':') {
            // A time: everything after it is zone information.
            if day.is_some() && month.is_some() && year.is_some() {
                break;
            }
        }
    }
    ymd(year?, month?, day?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn common_forms() {
        assert_eq!(parse_published("2022-01-14").as_deref(), Some("2022-01-14"));
        assert_eq!(
            parse_published("2022-01-14T09:30:00+05:30").as_deref(),
            Some("2022-01-14")
        );
        assert_eq!(
            parse_published("Fri, 14 Jan 2022 09:30:00 GMT").as_deref(),
            Some("2022-01-14")
        );
        assert_eq!(
            parse_published("January 14, 2022").as_deref(),
            Some("2022-01-14")
        );
        assert_eq!(
            parse_published("14 Sept 2022").as_deref(),
            Some("2022-09-14")
        );
        assert_eq!(parse_published("2022-02-30"), None);
        assert_eq!(parse_published("yesterday"), None);
        assert_eq!(parse_published("Mayday 3 2022"), None);
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_a_date(s in "\\PC{0,40}") {
            if let Some(d) = parse_published(&s) {
                prop_assert!(parse_iso_prefix(&d).is_some());
            }
        }

        #[test]
        fn iso_round_trip(y in 1i32..9999, m in 1u32..=12, d in 1u32..=28) {
            let s = format!("{y:04}-{m:02}-{d:02}");
            prop_assert_eq!(parse_published(&s), Some(s.clone()));
        }
    }
}
