//! FHIR date search values (`birthdate=ge1990`, `_lastUpdated=lt2026-01-27T09:00Z`) as the
//! search reads them: the input is one value, or two separated by `|` to compare.
//!
//! Checked: the prefix splits off and the rest is a range or refused; a range starts
//! before it ends and is exactly as wide as the text's precision (a year, a month of 28 to
//! 31 days, a day, a minute, a second, a millisecond); only text shaped as FHIR writes a
//! date, dateTime or instant is read (digits where digits go, `Z` or `±hh:mm` last); and
//! the prefixes agree with each other on any two ranges (`ne` is not `eq`, `ge` is `gt` or
//! `eq`, `le` is `lt` or `eq`, `sa` implies `gt`, `eb` implies `lt`, `eq` implies `ap`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sandbox::fuzzing::{Prefix, Range, fhir_date};

const DAY: i64 = 86_400_000;

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// The width a value of this shape covers, or `None` when it is not shaped as a FHIR
/// date, dateTime or instant (calendar validity aside).
fn shape(text: &str) -> Option<std::ops::RangeInclusive<i64>> {
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let ok = digits(parts[0], 4) && parts[1..].iter().all(|p| digits(p, 2));
    match (ok, parts.len(), time) {
        (true, 1, None) => Some(365 * DAY..=366 * DAY),
        (true, 2, None) => Some(28 * DAY..=31 * DAY),
        (true, 3, None) => Some(DAY..=DAY),
        (true, 3, Some(t)) => {
            let (clock, zone) = match t.find(['Z', '+', '-']) {
                Some(i) => t.split_at(i),
                None => (t, ""),
            };
            let zone_ok = zone.is_empty()
                || zone == "Z"
                || (zone.starts_with(['+', '-'])
                    && zone[1..]
                        .split_once(':')
                        .is_some_and(|(h, m)| digits(h, 2) && digits(m, 2)));
            let f: Vec<&str> = clock.split(':').collect();
            let hm = f.len() >= 2 && digits(f[0], 2) && digits(f[1], 2);
            let width = match f.get(2).map(|s| s.split_once('.').unwrap_or((s, ""))) {
                None if f.len() == 2 => 60_000,
                Some((s, "")) if digits(s, 2) && f.len() == 3 => 1000,
                Some((s, ms)) if digits(s, 2) && digits(ms, ms.len()) && f.len() == 3 => 1,
                _ => return None,
            };
            (zone_ok && hm).then_some(width..=width)
        }
        _ => None,
    }
}

fn check_prefixes(target: Range, search: Range) {
    let m = |p: Prefix| p.matches(target, search);
    assert_ne!(m(Prefix::Ne), m(Prefix::Eq));
    assert_eq!(m(Prefix::Ge), m(Prefix::Gt) || m(Prefix::Eq));
    assert_eq!(m(Prefix::Le), m(Prefix::Lt) || m(Prefix::Eq));
    assert!(!m(Prefix::Sa) || m(Prefix::Gt), "sa implies gt");
    assert!(!m(Prefix::Eb) || m(Prefix::Lt), "eb implies lt");
    assert!(!m(Prefix::Eq) || m(Prefix::Ap), "eq implies ap");
}

fn read(value: &str) -> Option<Range> {
    let (_, rest) = Prefix::split(value);
    let range = fhir_date(rest);
    match (range, shape(rest)) {
        (Some(r), Some(width)) => {
            assert!(r.start < r.end, "{rest:?} is {r:?}");
            assert!(
                width.contains(&(r.end - r.start)),
                "{rest:?} is {r:?}, not {width:?} wide"
            );
        }
        (Some(r), None) => panic!("{rest:?} is no FHIR date but read as {r:?}"),
        (None, _) => {}
    }
    range
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('|').unwrap_or((&text, ""));
    let (first, second) = (read(a), read(b));
    if let (Some(x), Some(y)) = (first, second) {
        check_prefixes(x, y);
        check_prefixes(y, x);
        check_prefixes(x, x);
    }
});
