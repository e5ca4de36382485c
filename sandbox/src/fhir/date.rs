//! FHIR dates as time ranges, and the search prefixes that compare them
//! (R4 `search.html#date`).
//!
//! `2024` is the whole year, `2024-03-05` the whole day, an instant one millisecond, a
//! Period from its start to its end. A search value is a range too, and each prefix
//! compares the two ranges the way the specification describes, so
//! `date=2024-03` finds a 2024-03-05 observation and `date=lt2024` does not.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A half-open range `[start, end)` in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub start: i64,
    pub end: i64,
}

/// A date search prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Sa,
    Eb,
    Ap,
}

const DAY_MS: i64 = 86_400_000;

impl Prefix {
    /// Splits a search value into its prefix (default `eq`) and the date text.
    pub fn split(value: &str) -> (Prefix, &str) {
        let prefixes = [
            ("eq", Prefix::Eq),
            ("ne", Prefix::Ne),
            ("lt", Prefix::Lt),
            ("gt", Prefix::Gt),
            ("le", Prefix::Le),
            ("ge", Prefix::Ge),
            ("sa", Prefix::Sa),
            ("eb", Prefix::Eb),
            ("ap", Prefix::Ap),
        ];
        for (text, prefix) in prefixes {
            if let Some(rest) = value.strip_prefix(text) {
                return (prefix, rest);
            }
        }
        (Prefix::Eq, value)
    }

    /// Whether a resource whose value spans `target` matches `search` under this prefix.
    pub fn matches(self, target: Range, search: Range) -> bool {
        let eq = search.start <= target.start && target.end <= search.end;
        let gt = target.end > search.end;
        let lt = target.start < search.start;
        match self {
            Prefix::Eq => eq,
            Prefix::Ne => !eq,
            Prefix::Gt => gt,
            Prefix::Lt => lt,
            Prefix::Ge => gt || eq,
            Prefix::Le => lt || eq,
            Prefix::Sa => target.start >= search.end,
            Prefix::Eb => target.end <= search.start,
            // "Approximately": the ranges overlap once the search range is widened by
            // a tenth of its width (at least a day) on each side.
            Prefix::Ap => {
                let slack = ((search.end - search.start) / 10).max(DAY_MS);
                target.start < search.end + slack && target.end > search.start - slack
            }
        }
    }
}

fn millis(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

fn day_start(date: Date) -> i64 {
    millis(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc())
}

fn number(text: &str, digits: usize) -> Option<u32> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The range a FHIR `date`, `dateTime` or `instant` covers; `None` when it is not one.
/// Times without a zone are read as UTC.
pub fn parse(text: &str) -> Option<Range> {
    let (date_part, time_part) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date_part.split('-');
    let year = number(parts.next()?, 4)? as i32;
    let month = parts
        .next()
        .map(|m| number(m, 2))
        .map_or(Ok(None), |m| m.map(Some).ok_or(()));
    let day = parts
        .next()
        .map(|d| number(d, 2))
        .map_or(Ok(None), |d| d.map(Some).ok_or(()));
    if parts.next().is_some() {
        return None;
    }
    let (month, day) = (month.ok()?, day.ok()?);
    match (month, day, time_part) {
        // The end is counted in days rather than built as the next year's or month's
        // first day, which for 9999 and 9999-12 would be past the last date there is.
        (None, None, None) => {
            let start = day_start(Date::from_calendar_date(year, Month::January, 1).ok()?);
            Some(Range {
                start,
                end: start + i64::from(time::util::days_in_year(year)) * DAY_MS,
            })
        }
        (Some(m), None, None) => {
            let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
            let start = day_start(Date::from_calendar_date(year, month, 1).ok()?);
            Some(Range {
                start,
                end: start + i64::from(month.length(year)) * DAY_MS,
            })
        }
        (Some(m), Some(d), None) => {
            let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
            let date = Date::from_calendar_date(year, month, u8::try_from(d).ok()?).ok()?;
            let start = day_start(date);
            Some(Range {
                start,
                end: start + DAY_MS,
            })
        }
        (Some(m), Some(d), Some(t)) => {
            let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
            let date = Date::from_calendar_date(year, month, u8::try_from(d).ok()?).ok()?;
            instant(date, t)
        }
        _ => None,
    }
}

/// `hh:mm[:ss[.fff]][Z|±hh:mm]` on `date`: a range as wide as the precision given.
fn instant(date: Date, text: &str) -> Option<Range> {
    let (clock, offset) = match text.find(['Z', '+', '-']) {
        Some(i) => (&text[..i], Some(&text[i..])),
        None => (text, None),
    };
    let offset = match offset {
        None | Some("Z") => UtcOffset::UTC,
        Some(o) => {
            // `Z` ends the value; only `+hh:mm` and `-hh:mm` go on (`Z05:00` is no zone).
            let (sign, rest) = match (o.strip_prefix('+'), o.strip_prefix('-')) {
                (Some(rest), _) => (1, rest),
                (_, Some(rest)) => (-1, rest),
                _ => return None,
            };
            let (h, m) = rest.split_once(':')?;
            let (h, m) = (number(h, 2)? as i8, number(m, 2)? as i8);
            UtcOffset::from_hms(sign * h, sign * m, 0).ok()?
        }
    };
    let mut fields = clock.split(':');
    let hour = number(fields.next()?, 2)? as u8;
    let minute = number(fields.next()?, 2)? as u8;
    let (second, millis_part, width) = match fields.next() {
        None => (0u8, 0u16, 60_000),
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
            let second = number(whole, 2)? as u8;
            if fraction.is_empty() {
                (second, 0, 1000)
            } else {
                if !fraction.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let ms = format!("{fraction:0<3}")[..3].parse().ok()?;
                (second, ms, 1)
            }
        }
    };
    if fields.next().is_some() {
        return None;
    }
    let time = Time::from_hms_milli(hour, minute, second, millis_part).ok()?;
    let start = millis(PrimitiveDateTime::new(date, time).assume_offset(offset));
    Some(Range {
        start,
        end: start + width,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Range {
        parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn a_day_is_found_by_its_month_and_year_but_not_before_them() {
        let day = r("2024-03-05");
        assert!(Prefix::Eq.matches(day, r("2024-03")));
        assert!(Prefix::Eq.matches(day, r("2024")));
        assert!(!Prefix::Lt.matches(day, r("2024")));
        assert!(Prefix::Ge.matches(day, r("2024-03-05")));
        assert!(Prefix::Gt.matches(day, r("2024-03-04")));
        assert!(Prefix::Le.matches(day, r("2024-03-05")));
        assert!(Prefix::Sa.matches(day, r("2024-03-04")));
        assert!(Prefix::Eb.matches(day, r("2024-03-06")));
        assert!(Prefix::Ne.matches(day, r("2024-03-06")));
    }

    #[test]
    fn instants_honour_their_offset_and_precision() {
        assert_eq!(r("2024-03-05T10:00:00Z"), r("2024-03-05T05:00:00-05:00"));
        assert_eq!(
            r("2024-03-05T10:00Z").end - r("2024-03-05T10:00Z").start,
            60_000
        );
        assert_eq!(
            r("2024-03-05T10:00:00.5Z").end - r("2024-03-05T10:00:00.5Z").start,
            1
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "yesterday",
            "2024-13",
            "2024-02-30",
            "24-01-01",
            "2024-01-01T25:00",
            "2024-1-1",
            "",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_last_year_and_month_there_are_are_dates_too() {
        // Found by fhir::date::fuzz: `9999` and `9999-12` were refused, because their end
        // was built as the first day of the year 10000.
        assert_eq!(r("9999").end, r("9999-12-31").end);
        assert_eq!(r("9999-12").end, r("9999-12-31").end);
        assert_eq!(r("2024").end - r("2024").start, 366 * DAY_MS);
        assert_eq!(r("2023-02").end - r("2023-02").start, 28 * DAY_MS);
    }

    #[test]
    fn a_zone_is_z_or_an_offset_and_nothing_after_z() {
        // Found by fhir::date::fuzz: `T10:00Z05:00` was read as +05:00.
        assert!(parse("2024-01-01T10:00Z05:00").is_none());
        assert!(parse("2024-01-01T10:00ZZ").is_none());
        assert_eq!(r("2024-01-01T10:00+05:00"), r("2024-01-01T05:00Z"));
    }

    #[test]
    fn prefixes_are_split_from_the_value() {
        assert_eq!(Prefix::split("ge2024"), (Prefix::Ge, "2024"));
        assert_eq!(Prefix::split("2024"), (Prefix::Eq, "2024"));
    }
}

#[cfg(test)]
mod fuzz;
