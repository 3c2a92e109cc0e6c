//! Pass 4 of the coder: an act's date — a time expression of its sentence (the nearest to
//! the trigger), else the last day dated in an earlier sentence of its paragraph, else the
//! publication date — and where it came from ([`DateBasis`]).

use drumbeat_model::{DateBasis, Granularity, TimeMention};

/// An event's date: its first day, its last (for a period), how fine, and its basis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EventDate {
    pub(crate) date: Option<String>,
    pub(crate) end: Option<String>,
    pub(crate) granularity: Option<Granularity>,
    pub(crate) basis: DateBasis,
}

impl EventDate {
    /// The publication date (a day), or no date at all.
    pub(crate) fn published(published: Option<&String>) -> EventDate {
        match published {
            Some(p) => EventDate {
                date: Some(p.clone()),
                end: Some(p.clone()),
                granularity: Some(Granularity::Day),
                basis: DateBasis::Published,
            },
            None => EventDate {
                date: None,
                end: None,
                granularity: None,
                basis: DateBasis::None,
            },
        }
    }

    fn of(t: &TimeMention, basis: DateBasis) -> EventDate {
        EventDate {
            date: t.start.clone(),
            end: t.end.clone(),
            granularity: Some(t.granularity),
            basis,
        }
    }
}

/// The last day dated in the sentences read so far, with its paragraph: what dates an
/// act told later in the same paragraph without a time of its own.
#[derive(Default, Clone, Copy)]
pub(crate) struct Context<'a> {
    last: Option<(u32, &'a TimeMention)>,
}

impl<'a> Context<'a> {
    /// Take in the times of a sentence of paragraph `paragraph` once it has been read.
    pub(crate) fn read(&mut self, paragraph: u32, times: &[&'a TimeMention]) {
        if let Some(t) = times
            .iter()
            .rfind(|t| t.start.is_some() && t.granularity == Granularity::Day)
        {
            self.last = Some((paragraph, t));
        }
    }

    fn in_paragraph(&self, paragraph: u32) -> Option<&'a TimeMention> {
        self.last.filter(|(p, _)| *p == paragraph).map(|(_, t)| t)
    }
}

/// The date of an act whose trigger starts at byte `at`, in a sentence of `paragraph`
/// with these time expressions.
pub(crate) fn of_act(
    times: &[&TimeMention],
    at: usize,
    paragraph: u32,
    context: &Context,
    published: Option<&String>,
) -> EventDate {
    let nearest = times
        .iter()
        .filter(|t| t.start.is_some())
        .min_by_key(|t| (t.span.start as i64 - at as i64).unsigned_abs());
    if let Some(t) = nearest {
        EventDate::of(t, DateBasis::Text)
    } else if let Some(t) = context.in_paragraph(paragraph) {
        EventDate::of(t, DateBasis::Context)
    } else {
        EventDate::published(published)
    }
}

/// The date of a sentence's act that has no trigger position of its own: the first time
/// expression of the sentence, else the publication date.
pub(crate) fn of_sentence(times: &[&TimeMention], published: Option<&String>) -> EventDate {
    match times.iter().find(|t| t.start.is_some()) {
        Some(t) => EventDate::of(t, DateBasis::Text),
        None => EventDate::published(published),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drumbeat_model::Span;

    fn time(start: usize, day: &str) -> TimeMention {
        TimeMention {
            span: Span::new(start, start + 6),
            text: "Monday".into(),
            sentence: 0,
            start: Some(day.into()),
            end: Some(day.into()),
            granularity: Granularity::Day,
            expr: drumbeat_model::TimeExpr::Absolute {
                year: 2024,
                month: 3,
                day: 4,
            },
        }
    }

    #[test]
    fn nearest_time_then_paragraph_then_publication() {
        let published = Some("2024-03-08".to_string());
        let (mon, tue) = (time(10, "2024-03-04"), time(80, "2024-03-05"));
        let times = [&mon, &tue];
        let none = Context::default();
        // The time expression nearest the trigger.
        let d = of_act(&times, 70, 0, &none, published.as_ref());
        assert_eq!(
            (d.date.as_deref(), d.basis),
            (Some("2024-03-05"), DateBasis::Text)
        );
        // No time in the sentence: the paragraph's last dated day.
        let mut ctx = Context::default();
        ctx.read(3, &times);
        let d = of_act(&[], 5, 3, &ctx, published.as_ref());
        assert_eq!(
            (d.date.as_deref(), d.basis),
            (Some("2024-03-05"), DateBasis::Context)
        );
        // Another paragraph: the publication date; undated articles: no date.
        let d = of_act(&[], 5, 4, &ctx, published.as_ref());
        assert_eq!(
            (d.date.as_deref(), d.basis),
            (Some("2024-03-08"), DateBasis::Published)
        );
        let d = of_act(&[], 5, 4, &ctx, None);
        assert_eq!((d.date, d.basis), (None, DateBasis::None));
        assert_eq!(
            of_sentence(&times, None).date.as_deref(),
            Some("2024-03-04")
        );
    }
}
