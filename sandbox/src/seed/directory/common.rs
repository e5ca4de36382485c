//! Pieces every directory resource has: `meta`, references, phones, opening hours,
//! and [`obj!`], how the generators build JSON objects.

use super::kinds::Hours;
use crate::seed::michigan;
use crate::seed::rng::SeedRng;
use fake::rand::RngExt;
use serde_json::{Map, Value};

/// A JSON object (`serde_json::Map`) from `"key": value` pairs, each value converted
/// with `Value::from` and moved in, the map sized once.
///
/// `serde_json::json!` converts each interpolated expression by serializing it, which
/// deep-copies a `Value` built beforehand (a CodeableConcept, a reference, `meta`):
/// that copy was about half of the directory's generation time. Nested objects are
/// `obj!` again; arrays are Rust arrays or `Vec`s of values.
macro_rules! obj {
    ($($key:literal : $value:expr),* $(,)?) => {{
        let keys: &[&str] = &[$($key),*];
        let mut map = serde_json::Map::with_capacity(keys.len());
        $(map.insert(String::from($key), serde_json::Value::from($value));)*
        map
    }};
}
pub(super) use obj;

/// Adds `key` to a resource being built (for the fields not every record has).
pub fn put(map: &mut Map<String, Value>, key: &str, value: impl Into<Value>) {
    map.insert(key.to_owned(), value.into());
}

/// `meta` with a small version number, a last-updated instant in 2025 or 2026 (before
/// November 2026), and `profiles`.
pub fn meta(rng: &mut SeedRng, profiles: &[&str]) -> Value {
    let version = match rng.random_range(0..10) {
        0..7 => "1",
        7..9 => "2",
        _ => "3",
    };
    obj! {
        "versionId": version,
        "lastUpdated": last_updated(rng),
        "profile": profiles,
    }
    .into()
}

/// An instant from 2025-01-01 to 2026-10-28, to the second, in UTC.
fn last_updated(rng: &mut SeedRng) -> String {
    let year = if rng.random_bool(0.5) { 2025 } else { 2026 };
    let last_month = if year == 2026 { 10 } else { 12 };
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        rng.random_range(1..=last_month),
        rng.random_range(1..=28),
        rng.random_range(0..24),
        rng.random_range(0..60),
        rng.random_range(0..60),
    )
}

/// A reference to `resource_type/id`.
pub fn reference(resource_type: &str, id: &str) -> Value {
    obj! {"reference": format!("{resource_type}/{id}")}.into()
}

/// A reference to `resource_type/id` that also says what it points at, so apps can
/// show it without a second request.
pub fn named_reference(resource_type: &str, id: &str, display: &str) -> Value {
    obj! {"reference": format!("{resource_type}/{id}"), "display": display}.into()
}

/// A work phone number in Michigan.
pub fn work_phone(rng: &mut SeedRng) -> Value {
    obj! {"system": "phone", "value": michigan::phone(rng), "use": "work"}.into()
}

/// Monday to Friday.
const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri"];
/// Monday to Saturday.
const MON_SAT: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat"];
/// Saturday alone.
const SATURDAY: &[&str] = &["sat"];
/// The whole week.
const EVERY_DAY: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One line of a timetable: days, and either all day or opening to closing time.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// FHIR `daysOfWeek` codes.
    pub days: &'static [&'static str],
    /// `None` for all day.
    pub times: Option<(&'static str, &'static str)>,
}

/// When a site of a kind of organization is open (one or two slots).
pub fn opening_hours(hours: Hours, rng: &mut SeedRng) -> Vec<Slot> {
    const OPEN: &[&str] = &["07:30:00", "08:00:00", "08:30:00", "09:00:00"];
    const CLOSE: &[&str] = &["16:30:00", "17:00:00", "17:30:00", "18:00:00"];
    const LATE: &[&str] = &["20:00:00", "21:00:00", "22:00:00"];
    let pick = |rng: &mut SeedRng, from: &[&'static str]| from[rng.random_range(0..from.len())];
    match hours {
        Hours::Weekdays => vec![Slot {
            days: WEEKDAYS,
            times: Some((pick(rng, OPEN), pick(rng, CLOSE))),
        }],
        Hours::WeekdaysAndSaturday => vec![
            Slot {
                days: WEEKDAYS,
                times: Some((pick(rng, OPEN), pick(rng, LATE))),
            },
            Slot {
                days: SATURDAY,
                times: Some(("09:00:00", pick(rng, CLOSE))),
            },
        ],
        Hours::Daily => vec![Slot {
            days: EVERY_DAY,
            times: Some((pick(rng, OPEN), pick(rng, LATE))),
        }],
        Hours::AllDay => vec![Slot {
            days: EVERY_DAY,
            times: None,
        }],
    }
}

/// When a practitioner sees patients: a few days a week, office hours, or 12-hour
/// shifts where the site never closes.
pub fn working_hours(hours: Hours, rng: &mut SeedRng) -> Slot {
    const DAY_SETS: &[&[&str]] = &[
        WEEKDAYS,
        WEEKDAYS,
        &["mon", "tue", "wed", "thu"],
        &["tue", "wed", "thu", "fri"],
        &["mon", "wed", "fri"],
        &["tue", "thu"],
        MON_SAT,
    ];
    let days = DAY_SETS[rng.random_range(0..DAY_SETS.len())];
    let times = match hours {
        Hours::AllDay | Hours::Daily => {
            if rng.random_bool(0.5) {
                ("07:00:00", "19:00:00")
            } else {
                ("11:00:00", "23:00:00")
            }
        }
        Hours::Weekdays | Hours::WeekdaysAndSaturday => {
            const START: &[&str] = &["08:00:00", "08:30:00", "09:00:00"];
            const END: &[&str] = &["16:00:00", "17:00:00", "17:30:00"];
            (
                START[rng.random_range(0..START.len())],
                END[rng.random_range(0..END.len())],
            )
        }
    };
    Slot {
        days,
        times: Some(times),
    }
}

/// `Location.hoursOfOperation`.
pub fn hours_of_operation(slots: &[Slot]) -> Value {
    slots
        .iter()
        .map(|slot| match slot.times {
            None => obj! {"daysOfWeek": slot.days, "allDay": true},
            Some((open, close)) => {
                obj! {"daysOfWeek": slot.days, "openingTime": open, "closingTime": close}
            }
        })
        .collect()
}

/// `PractitionerRole.availableTime` / `HealthcareService.availableTime`.
pub fn available_time(slots: &[Slot]) -> Value {
    slots
        .iter()
        .map(|slot| match slot.times {
            None => obj! {"daysOfWeek": slot.days, "allDay": true},
            Some((start, end)) => obj! {
                "daysOfWeek": slot.days,
                "availableStartTime": start,
                "availableEndTime": end,
            },
        })
        .collect()
}
