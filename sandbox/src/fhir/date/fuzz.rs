//! Fuzzing FHIR date search values (`birthdate=ge1990`, `_lastUpdated=lt2026-01-27T09:00Z`):
//! the prefix, the precision, the zone.

use super::{DAY_MS, Prefix, Range, parse};
use crate::fuzzing::config;
use proptest::prelude::*;
use time::{Date, OffsetDateTime, UtcOffset};

const PREFIXES: [(&str, Prefix); 9] = [
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

/// Any instant from 0001-01-01 to 9999-12-31, to the millisecond.
fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (-62_135_596_800_000i64..253_402_300_799_999).prop_map(|ms| {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).expect("in range")
    })
}

/// A zone FHIR allows: Z, or -14:00 to +14:00 in quarter hours.
fn offset() -> impl Strategy<Value = Option<UtcOffset>> {
    prop_oneof![
        Just(None),
        (-56i32..=56).prop_map(|quarters| {
            let minutes = quarters * 15;
            UtcOffset::from_hms((minutes / 60) as i8, (minutes % 60) as i8, 0).ok()
        }),
    ]
}

fn zone(offset: Option<UtcOffset>) -> String {
    match offset {
        None => "Z".into(),
        Some(o) => {
            let sign = if o.is_negative() { '-' } else { '+' };
            format!(
                "{sign}{:02}:{:02}",
                o.whole_hours().abs(),
                (o.minutes_past_hour()).abs()
            )
        }
    }
}

fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// `at` written in `offset` to a precision of minutes (0), seconds (1) or milliseconds (2).
fn date_time(at: OffsetDateTime, offset: Option<UtcOffset>, precision: u8) -> String {
    let local = at.to_offset(offset.unwrap_or(UtcOffset::UTC));
    let mut out = format!(
        "{}T{:02}:{:02}",
        ymd(local.date()),
        local.hour(),
        local.minute()
    );
    if precision >= 1 {
        out.push_str(&format!(":{:02}", local.second()));
    }
    if precision >= 2 {
        out.push_str(&format!(".{:03}", local.millisecond()));
    }
    out.push_str(&zone(offset));
    out
}

fn ms(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn any_text_is_a_range_or_refused_without_a_panic(text in prop_oneof![
        any::<String>(),
        "[0-9]{1,5}(-[0-9]{1,3}){0,3}(T[0-9:.]{0,14})?([Zz+-][0-9:]{0,6})?",
    ]) {
        if let Some(r) = parse(&text) {
            prop_assert!(r.start < r.end, "{:?} for {}", r, text);
        }
        let (_, rest) = Prefix::split(&text);
        let _ = parse(rest);
    }

    #[test]
    fn a_year_a_month_and_a_day_cover_exactly_their_span(at in instant()) {
        let d = at.date();
        let day = parse(&ymd(d)).unwrap();
        let month = parse(&format!("{:04}-{:02}", d.year(), d.month() as u8)).unwrap();
        let year = parse(&format!("{:04}", d.year())).unwrap();
        let start = ms(d.midnight().assume_utc());
        prop_assert_eq!(day, Range { start, end: start + DAY_MS });
        let days_in_month = i64::from(d.month().length(d.year()));
        prop_assert_eq!(month.end - month.start, days_in_month * DAY_MS);
        let days_in_year = i64::from(time::util::days_in_year(d.year()));
        prop_assert_eq!(year.end - year.start, days_in_year * DAY_MS);
        prop_assert!(year.start <= month.start && month.start <= day.start);
        prop_assert!(day.end <= month.end && month.end <= year.end);
    }

    #[test]
    fn a_date_time_in_any_zone_is_the_same_instant_as_wide_as_its_precision(
        at in instant().prop_filter("the zone keeps it within 0001-9999", |t| {
            (1..=9998).contains(&t.year()) || (t.year() == 9999 && t.ordinal() < 365)
        }),
        offset in offset(),
        precision in 0u8..3,
    ) {
        let text = date_time(at, offset, precision);
        let r = parse(&text).unwrap_or_else(|| panic!("{text} should parse"));
        let (width, truncated) = match precision {
            0 => (60_000, ms(at) - ms(at).rem_euclid(60_000)),
            1 => (1000, ms(at) - ms(at).rem_euclid(1000)),
            _ => (1, ms(at)),
        };
        prop_assert_eq!(r, Range { start: truncated, end: truncated + width }, "{}", text);
    }

    #[test]
    fn a_date_time_with_anything_after_its_zone_is_refused(
        at in instant().prop_filter("within 0001-9998", |t| (1..=9998).contains(&t.year())),
        offset in offset(),
        precision in 0u8..3,
        junk in prop_oneof![
            Just("Z"), Just("z"), Just(":00"), Just("0"), Just("x"), Just(" "),
            Just("05:00"), Just("+01:00"), Just("-01:00"), Just("T"), Just(".5"),
        ],
    ) {
        let text = format!("{}{junk}", date_time(at, offset, precision));
        prop_assert_eq!(parse(&text), None, "{} was read as a date", text);
    }

    #[test]
    fn a_prefix_is_split_from_any_date(
        which in 0usize..9,
        at in instant(),
        precision in 0u8..3,
        with_time in any::<bool>(),
    ) {
        let (text, prefix) = PREFIXES[which];
        let value = if with_time { date_time(at, None, precision) } else { ymd(at.date()) };
        let written = format!("{text}{value}");
        let (p, rest) = Prefix::split(&written);
        prop_assert_eq!(p, prefix);
        prop_assert_eq!(rest, value.as_str());
        prop_assert_eq!(Prefix::split(&value), (Prefix::Eq, value.as_str()));
    }

    #[test]
    fn the_prefixes_agree_with_each_other_on_any_two_ranges(
        a in (any::<i64>(), any::<i64>()),
        b in (instant(), instant()),
    ) {
        // A resource's range may be open (a Period without an end); a search's never is.
        let target = Range { start: a.0.min(a.1), end: a.0.max(a.1).max(a.0.min(a.1).saturating_add(1)) };
        let (s, e) = (ms(b.0).min(ms(b.1)), ms(b.0).max(ms(b.1)) + 1);
        let search = Range { start: s, end: e };
        let m = |p: Prefix| p.matches(target, search);
        prop_assert_eq!(m(Prefix::Ne), !m(Prefix::Eq));
        prop_assert_eq!(m(Prefix::Ge), m(Prefix::Gt) || m(Prefix::Eq));
        prop_assert_eq!(m(Prefix::Le), m(Prefix::Lt) || m(Prefix::Eq));
        prop_assert!(!m(Prefix::Sa) || m(Prefix::Gt));
        prop_assert!(!m(Prefix::Eb) || m(Prefix::Lt));
        prop_assert!(!m(Prefix::Eq) || m(Prefix::Ap));
    }
}
