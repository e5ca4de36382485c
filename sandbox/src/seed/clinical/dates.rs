//! The calendar member histories are drawn on.
//!
//! Records span 2019 to late 2026 and every `meta.lastUpdated` falls before
//! [`LAST_UPDATE`], whatever the seed, so date searches (`date=ge2024-01-01`) find a
//! stable share of each history. Times are written in UTC (`Z`) during Michigan
//! office hours, so no daylight-saving rule is needed to read them.

use super::super::rng::SeedRng;
use fake::rand::RngExt;
use time::macros::date;
use time::{Date, Duration};

/// The first day a history can start.
pub const HISTORY_START: Date = date!(2019 - 01 - 01);
/// The last day a visit can happen, leaving room for claims to be processed and paid.
pub const LAST_VISIT: Date = date!(2026 - 10 - 15);
/// The latest `meta.lastUpdated` day.
pub const LAST_UPDATE: Date = date!(2026 - 11 - 29);

/// A point in time: a day and the minute of that day (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    pub date: Date,
    pub minute: u16,
}

impl Moment {
    /// `minutes` later (minutes may run past midnight into the next days).
    pub fn plus_minutes(self, minutes: u32) -> Moment {
        let total = u32::from(self.minute) + minutes;
        Moment {
            date: plus_days(self.date, i64::from(total / 1440)),
            minute: (total % 1440) as u16,
        }
    }

    /// The FHIR `instant` / `dateTime`, e.g. `2024-03-05T14:20:00Z`.
    pub fn instant(self) -> String {
        format!(
            "{}T{:02}:{:02}:00Z",
            day(self.date),
            self.minute / 60,
            self.minute % 60
        )
    }
}

/// The FHIR `date`, e.g. `2024-03-05`.
pub fn day(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `date` moved by `days` (saturating at the calendar's ends, which no history reaches).
pub fn plus_days(date: Date, days: i64) -> Date {
    date.checked_add(Duration::days(days)).unwrap_or(date)
}

/// A day drawn uniformly from `from..=to` (`from` when the range is empty).
pub fn between(rng: &mut SeedRng, from: Date, to: Date) -> Date {
    let (a, b) = (from.to_julian_day(), to.to_julian_day());
    if b <= a {
        return from;
    }
    Date::from_julian_day(rng.random_range(a..=b)).unwrap_or(from)
}

/// A day of `year` between months `from` and `to` (inclusive), capped at [`LAST_VISIT`].
pub fn in_year(rng: &mut SeedRng, year: i32, from: u8, to: u8) -> Date {
    let first = first_of_month(year, from);
    let next = first_of_month(
        if to == 12 { year + 1 } else { year },
        if to == 12 { 1 } else { to + 1 },
    );
    between(rng, first, plus_days(next, -1).min(LAST_VISIT))
}

fn first_of_month(year: i32, month: u8) -> Date {
    time::Month::try_from(month)
        .ok()
        .and_then(|m| Date::from_calendar_date(year, m, 1).ok())
        .unwrap_or(HISTORY_START)
}

/// A moment during office hours (8:00 to 16:45 in Michigan, 13:00 to 21:45 UTC) of `date`.
pub fn office_hours(rng: &mut SeedRng, date: Date) -> Moment {
    Moment {
        date,
        minute: 13 * 60 + 15 * rng.random_range(0..36u16),
    }
}

/// The `meta.lastUpdated` of a record about `date`: some days later, never after
/// [`LAST_UPDATE`].
pub fn last_updated(rng: &mut SeedRng, date: Date) -> String {
    let day = plus_days(date, rng.random_range(1..=20)).min(LAST_UPDATE);
    Moment {
        date: day,
        minute: rng.random_range(0..1440),
    }
    .instant()
}

/// Whole years from `birth` to `on`.
pub fn age_on(birth: Date, on: Date) -> i32 {
    let years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years - 1
    } else {
        years
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_roll_over_midnight_into_the_next_day() {
        let m = Moment {
            date: date!(2024 - 02 - 28),
            minute: 23 * 60,
        };
        assert_eq!(
            m.plus_minutes(24 * 60 + 90).instant(),
            "2024-03-01T00:30:00Z"
        );
    }

    #[test]
    fn ages_count_only_birthdays_already_passed() {
        let birth = date!(1997 - 03 - 21);
        assert_eq!(age_on(birth, date!(2024 - 03 - 20)), 26);
        assert_eq!(age_on(birth, date!(2024 - 03 - 21)), 27);
    }
}
