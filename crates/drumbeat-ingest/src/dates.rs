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
    // Word forms: a month name with its day right beside it ("January 14, 2022", "14 Jan
    // 2022", "14th of January 2022") and the year right after; numbers elsewhere ("Posted
    // 5 hours ago | Updated March 3, 2022", "Vol. 12, March 2022") are not the day.
    let raw: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '/' || c == '|')
        .filter(|t| !t.is_empty())
        .collect();
    // A token that ends a phrase ("Vol. 12,") is no day of the month after it.
    let ends_phrase: Vec<bool> = raw.iter().map(|t| t.ends_with(',')).collect();
    let tokens: Vec<&str> = raw.iter().map(|t| t.trim_end_matches(',')).collect();
    let day_at = |k: usize| -> Option<u32> {
        let t = tokens.get(k)?;
        let t = t.trim_end_matches('.');
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|x| t.strip_suffix(x))
            .unwrap_or(t);
        (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    // A four-digit year, or RFC 822's two digits when a clock time follows ("14 Jan 22
    // 09:30:00 GMT").
    let year_at = |k: usize| -> Option<i32> {
        let t = tokens.get(k)?.trim_end_matches('.');
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        match t.len() {
            4 => t.parse().ok(),
            2 if tokens.get(k + 1).is_some_and(|n| n.contains(':')) => {
                let y: i32 = t.parse().ok()?;
                Some(if y < 50 { 2000 + y } else { 1900 + y })
            }
            _ => None,
        }
    };
    for (i, t) in tokens.iter().enumerate() {
        let Some(month) = month_of(t.trim_end_matches('.')) else {
            continue;
        };
        // "January 14, 2022"
        if let (Some(d), Some(y)) = (day_at(i + 1), year_at(i + 2)) {
            if let Some(date) = ymd(y, month, d) {
                return Some(date);
            }
        }
        // "14 Jan 2022", "14th of January 2022"
        let before = if i >= 2 && tokens[i - 1].eq_ignore_ascii_case("of") {
            i.checked_sub(2)
        } else {
            i.checked_sub(1)
        };
        let before = before.filter(|&k| !ends_phrase[k]);
        if let (Some(d), Some(y)) = (before.and_then(day_at), year_at(i + 1)) {
            if let Some(date) = ymd(y, month, d) {
                return Some(date);
            }
        }
    }
    None
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
        // Only a day beside its month counts.
        assert_eq!(
            parse_published("Posted 5 hours ago | Updated March 3, 2022").as_deref(),
            Some("2022-03-03")
        );
        assert_eq!(parse_published("Vol. 12, March 2022"), None);
        assert_eq!(
            parse_published("14th of January 2022").as_deref(),
            Some("2022-01-14")
        );
        assert_eq!(
            parse_published("Jan. 14, 2022 at 9:30 a.m.").as_deref(),
            Some("2022-01-14")
        );
        // RFC 822 two-digit years, with the clock time after them.
        assert_eq!(
            parse_published("Fri, 14 Jan 22 09:30:00 GMT").as_deref(),
            Some("2022-01-14")
        );
        assert_eq!(
            parse_published("Mon, 02 Aug 99 10:00:00 +0000").as_deref(),
            Some("1999-08-02")
        );
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
