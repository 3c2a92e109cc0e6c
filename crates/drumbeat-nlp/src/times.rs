//! Time expressions: recognised as written ([`TimeExpr`]), then resolved against an
//! anchor date (the publication date) into a span of days with a granularity.
//!
//! News conventions: a bare weekday ("on Thursday") is the most recent such day on or
//! before the anchor, unless the sentence speaks of the future ("will", "next", "is due
//! to"), then the next one on or after it. A month and day without a year ("December
//! 30") takes the year that puts it on or before the anchor (allowing a week ahead), or
//! after it for the future. Without an anchor, expressions stay recognised but unresolved.

use std::sync::LazyLock;

use drumbeat_model::{Granularity, Span, TimeExpr, TimeMention};
use regex::Regex;

use crate::civil;

const MONTHS: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let p = format!(
        r"(?x)
        \b(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}}))\b
      | \b(?P<md>(?P<mdm>{MONTHS})\s+(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<mdy>\d{{4}}))?)\b
      | \b(?P<dm>(?P<dmd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmm>{MONTHS})(?:,?\s+(?P<dmy>\d{{4}}))?)\b
      | \b(?P<my>(?P<mym>January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?P<myy>\d{{4}}))?)\b
      | \b(?P<wd>(?:(?P<wdq>last|next|this|on|by|until|since|from|early|late)\s+)?(?P<wdn>{WEEKDAYS})(?:\s+(?:morning|afternoon|evening|night))?)\b
      | \b(?P<rd>yesterday|today|tomorrow)\b
      | \b(?P<wk>(?:(?:earlier|later)\s+)?(?P<wkq>this|last|next|past)\s+week(?:end)?)\b
      | \b(?P<fw>(?:the\s+)?(?P<fwn>first|second|third|fourth|last)\s+week\s+of\s+(?P<fwq>this|last|next)\s+month)\b
      | \b(?P<mo>(?:(?:earlier|later)\s+)?(?P<moq>this|last|next|past)\s+month)\b
      | \b(?P<yr>(?:(?:earlier|later)\s+)?(?P<yrq>this|last|next|past)\s+year)\b
      | \b(?P<ago>(?P<agon>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{{1,2}})\s+(?P<agou>days?|weeks?|months?|years?)\s+ago)\b
      | \b(?P<yy>(?:in|since|by|until|during|of|from|before|after)\s+(?P<yyy>(?:19|20)\d{{2}}))\b
    "
    );
    Regex::new(&p).expect("time pattern")
});

static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(will|shall|'ll|next|is due|are due|is set to|are set to|is scheduled|are scheduled|plans? to|planned for|is expected to|are expected to|upcoming|would meet|to be held)\b")
        .expect("future pattern")
});

fn month_number(s: &str) -> Option<u32> {
    let l = s.trim_end_matches('.').to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|m| l.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn weekday_number(s: &str) -> u32 {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .position(|d| s.eq_ignore_ascii_case(d))
    .map(|i| i as u32 + 1)
    .unwrap_or(1)
}

fn qualifier_offset(q: Option<&str>) -> i32 {
    match q.map(|s| s.to_ascii_lowercase()).as_deref() {
        Some("last") | Some("past") => -1,
        Some("next") => 1,
        _ => 0,
    }
}

fn small_number(s: &str) -> i32 {
    match s.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        n => n.parse().unwrap_or(1),
    }
}

/// A recognised expression before resolution: span, expression, and whether its
/// sentence speaks of the future.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub span: Span,
    pub expr: TimeExpr,
    pub future: bool,
}

/// Find time expressions in `text` (the clean text) within `range`.
pub fn find(text: &str, range: Span) -> Vec<Found> {
    let s = range.text(text);
    let mut out = Vec::new();
    for c in PATTERN.captures_iter(s) {
        let Some(whole) = c.get(0) else { continue };
        let g = |n: &str| c.name(n).map(|m| m.as_str());
        let num = |n: &str| g(n).and_then(|v| v.parse::<i64>().ok());
        let expr = if g("iso").is_some() {
            let (y, m, d) = (
                num("iy").unwrap_or(0) as i32,
                num("im").unwrap_or(0) as u32,
                num("id").unwrap_or(0) as u32,
            );
            if !civil::valid(y, m, d) {
                continue;
            }
            TimeExpr::Absolute {
                year: y,
                month: m,
                day: d,
            }
        } else if g("md").is_some() || g("dm").is_some() {
            let (mname, day, year) = if g("md").is_some() {
                ("mdm", "mdd", "mdy")
            } else {
                ("dmm", "dmd", "dmy")
            };
            let Some(m) = g(mname).and_then(month_number) else {
                continue;
            };
            let d = num(day).unwrap_or(0) as u32;
            if d == 0 || d > 31 {
                continue;
            }
            match num(year) {
                Some(y) if civil::valid(y as i32, m, d) => TimeExpr::Absolute {
                    year: y as i32,
                    month: m,
                    day: d,
                },
                Some(_) => continue,
                None if d <= civil::days_in_month(2000, m) => {
                    TimeExpr::MonthDay { month: m, day: d }
                }
                None => continue,
            }
        } else if g("my").is_some() {
            let Some(m) = g("mym").and_then(month_number) else {
                continue;
            };
            match num("myy") {
                Some(y) => TimeExpr::Month {
                    year: y as i32,
                    month: m,
                },
                None => {
                    // A bare month name needs a preposition before it ("in May"); "May" is also a verb and a name.
                    let before = s[..whole.start()].trim_end();
                    let prep = [
                        "in", "since", "by", "until", "of", "early", "late", "mid", "from", "last",
                        "next", "this",
                    ];
                    if !prep
                        .iter()
                        .any(|p| before.to_ascii_lowercase().ends_with(p))
                    {
                        continue;
                    }
                    TimeExpr::Month { year: 0, month: m }
                }
            }
        } else if g("wd").is_some() {
            let wd = weekday_number(g("wdn").unwrap_or(""));
            TimeExpr::Weekday {
                weekday: wd,
                offset: qualifier_offset(g("wdq")),
            }
        } else if let Some(r) = g("rd") {
            let days = match r.to_ascii_lowercase().as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            TimeExpr::RelativeDay { days }
        } else if g("fw").is_some() {
            let week = match g("fwn").unwrap_or("").to_ascii_lowercase().as_str() {
                "first" => 1,
                "second" => 2,
                "third" => 3,
                "fourth" => 4,
                _ => 5,
            };
            TimeExpr::RelativeMonth {
                months: qualifier_offset(g("fwq")),
                week,
            }
        } else if g("wk").is_some() {
            TimeExpr::RelativeWeek {
                weeks: qualifier_offset(g("wkq")),
            }
        } else if g("mo").is_some() {
            TimeExpr::RelativeMonth {
                months: qualifier_offset(g("moq")),
                week: 0,
            }
        } else if g("yr").is_some() {
            TimeExpr::RelativeYear {
                years: qualifier_offset(g("yrq")),
            }
        } else if g("ago").is_some() {
            let n = small_number(g("agon").unwrap_or("1"));
            match g("agou").unwrap_or("").trim_end_matches('s') {
                "day" => TimeExpr::RelativeDay { days: -n },
                "week" => TimeExpr::RelativeWeek { weeks: -n },
                "month" => TimeExpr::RelativeMonth {
                    months: -n,
                    week: 0,
                },
                _ => TimeExpr::RelativeYear { years: -n },
            }
        } else if g("yy").is_some() {
            let Some(y) = c.name("yyy") else { continue };
            let span = Span::new(range.start + y.start(), range.start + y.end());
            out.push(Found {
                span,
                expr: TimeExpr::Year {
                    year: y.as_str().parse().unwrap_or(0),
                },
                future: false,
            });
            continue;
        } else {
            continue;
        };
        let mut start = whole.start();
        // "on Thursday": the preposition is not part of the expression.
        if let TimeExpr::Weekday { offset: 0, .. } = expr {
            if let Some(q) = c.name("wdq") {
                if q.as_str().eq_ignore_ascii_case("on")
                    || q.as_str().eq_ignore_ascii_case("by")
                    || q.as_str().eq_ignore_ascii_case("until")
                    || q.as_str().eq_ignore_ascii_case("since")
                    || q.as_str().eq_ignore_ascii_case("from")
                {
                    start = c.name("wdn").map(|m| m.start()).unwrap_or(start);
                }
            }
        }
        let future = FUTURE.is_match(&s[..whole.start()])
            || matches!(expr, TimeExpr::Weekday { offset: 1, .. });
        out.push(Found {
            span: Span::new(range.start + start, range.start + whole.end()),
            expr,
            future,
        });
    }
    out
}

/// Resolve an expression against an anchor day number: (first day, last day, granularity).
pub fn resolve(
    expr: TimeExpr,
    anchor: Option<i64>,
    future: bool,
) -> (Option<(i64, i64)>, Granularity) {
    use Granularity::*;
    let day =
        |y: i32, m: u32, d: u32| civil::valid(y, m, d).then(|| civil::days_from_civil(y, m, d));
    let month_span = |y: i32, m: u32| -> Option<(i64, i64)> {
        let a = day(y, m, 1)?;
        Some((a, a + civil::days_in_month(y, m) as i64 - 1))
    };
    let gran = match expr {
        TimeExpr::Absolute { .. }
        | TimeExpr::MonthDay { .. }
        | TimeExpr::Weekday { .. }
        | TimeExpr::RelativeDay { .. } => Day,
        TimeExpr::RelativeWeek { .. } => Week,
        TimeExpr::RelativeMonth { week, .. } if week > 0 => Week,
        TimeExpr::Month { .. } | TimeExpr::RelativeMonth { .. } => Month,
        TimeExpr::Year { .. } | TimeExpr::RelativeYear { .. } => Year,
    };
    let r = match expr {
        TimeExpr::Absolute {
            year,
            month,
            day: d,
        } => day(year, month, d).map(|x| (x, x)),
        TimeExpr::Year { year } => day(year, 1, 1).and_then(|a| day(year, 12, 31).map(|b| (a, b))),
        TimeExpr::Month { year, month } if year != 0 => month_span(year, month),
        _ => {
            let Some(a) = anchor else { return (None, gran) };
            let (ay, am, _) = civil::civil_from_days(a);
            match expr {
                TimeExpr::MonthDay { month, day: d } => {
                    let mut y = ay;
                    let this = day(y, month, d).unwrap_or(a);
                    if !future && this > a + 7 {
                        y -= 1;
                    } else if future && this < a - 7 {
                        y += 1;
                    }
                    day(y, month, d)
                        .or_else(|| day(y, month, d.min(28)))
                        .map(|x| (x, x))
                }
                TimeExpr::Month { month, .. } => {
                    let mut y = ay;
                    if !future && month > am + 1 {
                        y -= 1;
                    } else if future && month + 1 < am {
                        y += 1;
                    }
                    month_span(y, month)
                }
                TimeExpr::Weekday { weekday, offset } => {
                    let wd = civil::weekday(a) as i64;
                    let target = weekday as i64;
                    let back = (wd - target).rem_euclid(7); // days since the last such weekday (0 = today)
                    let fwd = (target - wd).rem_euclid(7);
                    let x = match offset {
                        -1 => a - if back == 0 { 7 } else { back },
                        1 => a + if fwd == 0 { 7 } else { fwd },
                        _ if future => a + fwd,
                        _ => a - back,
                    };
                    Some((x, x))
                }
                TimeExpr::RelativeDay { days } => Some((a + days as i64, a + days as i64)),
                TimeExpr::RelativeWeek { weeks } => {
                    let monday = a - (civil::weekday(a) as i64 - 1) + 7 * weeks as i64;
                    Some((monday, monday + 6))
                }
                TimeExpr::RelativeMonth { months, week } => {
                    let total = ay as i64 * 12 + (am as i64 - 1) + months as i64;
                    let (y, m) = (
                        (total.div_euclid(12)) as i32,
                        (total.rem_euclid(12) + 1) as u32,
                    );
                    let (first, last) = month_span(y, m).unwrap_or((a, a));
                    if week == 0 {
                        Some((first, last))
                    } else if week >= 5 {
                        Some((last - 6, last))
                    } else {
                        let s = first + 7 * (week as i64 - 1);
                        Some((s, (s + 6).min(last)))
                    }
                }
                TimeExpr::RelativeYear { years } => {
                    let y = ay + years;
                    day(y, 1, 1).and_then(|s| day(y, 12, 31).map(|e| (s, e)))
                }
                _ => None,
            }
        }
    };
    // Out of the calendar's range (absurd anchors): unresolved, never a panic.
    let r = r.filter(|(s, e)| civil::format(*s).is_some() && civil::format(*e).is_some());
    (r, gran)
}

/// Find and resolve the time expressions of `range` against `anchor` (`YYYY-MM-DD`).
pub fn mentions(text: &str, range: Span, sentence: u32, anchor: Option<&str>) -> Vec<TimeMention> {
    let a = anchor.and_then(civil::parse);
    find(text, range)
        .into_iter()
        .map(|f| {
            let (r, granularity) = resolve(f.expr, a, f.future);
            TimeMention {
                span: f.span,
                text: f.span.text(text).to_string(),
                sentence,
                expr: f.expr,
                start: r.and_then(|(s, _)| civil::format(s)),
                end: r.and_then(|(_, e)| civil::format(e)),
                granularity,
            }
        })
        .collect()
}

/// Re-resolve already recognised mentions against a (new) anchor, for undated articles
/// that later get an inferred date.
/// Does this text (the words of a sentence before a time expression) speak of the
/// future ("will meet on", "is due to")? Decides which way a bare weekday resolves.
pub fn speaks_of_future(text: &str) -> bool {
    FUTURE.is_match(text)
}

pub fn reresolve(m: &mut TimeMention, text: &str, anchor: &str) {
    let future = FUTURE.is_match(text);
    let (r, g) = resolve(m.expr, civil::parse(anchor), future);
    m.start = r.and_then(|(s, _)| civil::format(s));
    m.end = r.and_then(|(_, e)| civil::format(e));
    m.granularity = g;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn one(text: &str, anchor: Option<&str>) -> Vec<(String, Option<String>, Option<String>)> {
        mentions(text, Span::new(0, text.len()), 0, anchor)
            .into_iter()
            .map(|m| (m.text, m.start, m.end))
            .collect()
    }

    #[test]
    fn news_dates_against_a_friday() {
        let a = Some("2022-01-14"); // a Friday
        assert_eq!(
            one("officials met on Thursday.", a)[0],
            (
                "Thursday".into(),
                Some("2022-01-13".into()),
                Some("2022-01-13".into())
            )
        );
        assert_eq!(
            one("Earlier on December 30, Biden called", a)[0]
                .1
                .as_deref(),
            Some("2021-12-30")
        );
        assert_eq!(one("this year", a)[0].1.as_deref(), Some("2022-01-01"));
        assert_eq!(one("this year", a)[0].2.as_deref(), Some("2022-12-31"));
        let fw = &one("in the first week of this month", a)[0];
        assert_eq!(
            (fw.1.as_deref(), fw.2.as_deref()),
            (Some("2022-01-01"), Some("2022-01-07"))
        );
        assert_eq!(one("yesterday", a)[0].1.as_deref(), Some("2022-01-13"));
        assert_eq!(
            one("They will meet on Monday.", a)[0].1.as_deref(),
            Some("2022-01-17")
        );
        assert_eq!(one("last Friday", a)[0].1.as_deref(), Some("2022-01-07"));
        assert_eq!(
            one("Thursday’s meeting", a)[0].1.as_deref(),
            Some("2022-01-13")
        );
        let w = &one("talks this week", a)[0];
        assert_eq!(
            (w.1.as_deref(), w.2.as_deref()),
            (Some("2022-01-10"), Some("2022-01-16"))
        );
        assert_eq!(one("last month", a)[0].1.as_deref(), Some("2021-12-01"));
        assert_eq!(
            one("on Jan. 3, 2021", a)[0].1.as_deref(),
            Some("2021-01-03")
        );
        assert_eq!(
            one("on 5 March 2020", a)[0].1.as_deref(),
            Some("2020-03-05")
        );
        assert_eq!(one("two weeks ago", a)[0].1.as_deref(), Some("2021-12-27"));
        assert_eq!(one("since 2014", a)[0].0, "2014");
        assert_eq!(one("in May", a)[0].1.as_deref(), Some("2021-05-01"));
    }

    #[test]
    fn negatives_and_undated() {
        assert!(one("May said the talks failed.", Some("2022-01-14")).is_empty());
        assert!(one("Flight 2022 landed; 31 February", None).is_empty());
        let u = one("on Thursday", None);
        assert_eq!(u[0].1, None, "recognised but unresolved without a date");
        // Absurd anchors: bounded, no panic.
        assert_eq!(one("next year", Some("9999-06-01"))[0].1, None);
        assert_eq!(
            one("on Thursday", Some("9999-12-31"))[0].1.as_deref(),
            Some("9999-12-30")
        );
    }

    proptest! {
        #[test]
        fn resolution_is_bounded(y in 1i32..=9999, m in 1u32..=12, d in 1u32..=28, wd in 1u32..=7, off in -1i32..=2, fut: bool) {
            let a = civil::days_from_civil(y, m, d);
            for e in [
                TimeExpr::Weekday { weekday: wd, offset: off },
                TimeExpr::MonthDay { month: m, day: d },
                TimeExpr::RelativeWeek { weeks: off },
                TimeExpr::RelativeMonth { months: off, week: wd.min(5) },
                TimeExpr::RelativeYear { years: off },
            ] {
                let (r, _) = resolve(e, Some(a), fut);
                if let Some((s, e)) = r {
                    prop_assert!(s <= e);
                    prop_assert!((e - s) < 366);
                    prop_assert!((s - a).abs() < 800);
                }
            }
        }
    }
}
