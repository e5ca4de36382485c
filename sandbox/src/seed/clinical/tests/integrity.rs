//! Records hang together: ids, references, dates and money.

use super::{SCALE, of_type, sample};
use crate::seed::scale::PAYER_ORGANIZATION;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Calls `visit` with the path and value of every node under `value`.
fn walk<'a>(value: &'a Value, path: &str, visit: &mut impl FnMut(&str, &'a Value)) {
    visit(path, value);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                walk(child, &format!("{path}/{key}"), visit);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, &format!("{path}/{i}"), visit);
            }
        }
        _ => {}
    }
}

fn type_and_id(record: &Value) -> String {
    format!(
        "{}/{}",
        record["resourceType"].as_str().unwrap_or("?"),
        record["id"].as_str().unwrap_or("?")
    )
}

/// Whether `reference` names directory record `prefix<n>` with `n` in `1..=max`.
fn in_directory(reference: &str, prefix: &str, max: u32) -> bool {
    reference
        .strip_prefix(prefix)
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (1..=max).contains(&n))
}

#[test]
fn every_reference_resolves_to_the_members_records_the_directory_or_the_payer() {
    for (member, records) in sample() {
        let own: BTreeSet<String> = records.iter().map(type_and_id).collect();
        for record in &records {
            walk(record, "", &mut |path, value| {
                if !path.ends_with("/reference") {
                    return;
                }
                let reference = value.as_str().unwrap_or_default();
                let resolves = own.contains(reference)
                    || reference == format!("Organization/{PAYER_ORGANIZATION}")
                    || in_directory(reference, "Practitioner/pract-", SCALE.practitioners)
                    || in_directory(reference, "Organization/org-", SCALE.organizations());
                assert!(
                    resolves,
                    "{} {path}: {reference} does not resolve",
                    type_and_id(record)
                );
            });
            for key in ["subject", "patient", "beneficiary"] {
                if let Some(target) = record.get(key) {
                    assert_eq!(
                        target["reference"],
                        format!("Patient/{}", member.patient_id)
                    );
                }
            }
        }
    }
}

#[test]
fn ids_are_unique_fhir_ids_that_start_with_the_patient_id() {
    let mut seen = BTreeSet::new();
    for (member, records) in sample() {
        for record in &records {
            let id = record["id"].as_str().unwrap_or_default();
            let well_formed = (1..=64).contains(&id.len())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            assert!(well_formed, "{id} is not a FHIR id");
            assert!(id.starts_with(&member.patient_id), "{id}");
            assert!(
                seen.insert(type_and_id(record)),
                "{} twice",
                type_and_id(record)
            );
        }
    }
}

#[test]
fn no_element_is_null_empty_or_padded() {
    for (_, records) in sample() {
        for record in &records {
            walk(record, "", &mut |path, value| {
                let bad = match value {
                    Value::Null => true,
                    Value::String(s) => s.is_empty() || s.trim() != s,
                    Value::Array(items) => items.is_empty(),
                    Value::Object(map) => map.is_empty(),
                    _ => false,
                };
                assert!(!bad, "{} {path}: {value}", type_and_id(record));
            });
        }
    }
}

#[test]
fn every_date_is_before_december_2026_and_updates_are_within_the_history() {
    for (_, records) in sample() {
        for record in &records {
            let updated = record["meta"]["lastUpdated"].as_str().unwrap_or_default();
            assert!(
                ("2019-01-01".."2026-11-30").contains(&updated),
                "{} lastUpdated {updated}",
                type_and_id(record)
            );
            assert!(updated.ends_with('Z'));
            walk(record, "", &mut |path, value| {
                let Some(s) = value.as_str() else { return };
                let b = s.as_bytes();
                let looks_like_a_date = b.len() >= 10
                    && b[..4].iter().all(u8::is_ascii_digit)
                    && b[4] == b'-'
                    && b[7] == b'-';
                if looks_like_a_date && !path.ends_with("/expirationDate") {
                    assert!(s < "2026-11-30", "{} {path}: {s}", type_and_id(record));
                }
            });
        }
    }
}

/// The day (`YYYY-MM-DD`) a dateTime or date falls on.
fn day_of(value: &Value) -> &str {
    value
        .as_str()
        .map(|s| &s[..10.min(s.len())])
        .unwrap_or_default()
}

#[test]
fn clinical_records_fall_within_their_encounter() {
    for (_, records) in sample() {
        let encounters: BTreeMap<String, (&str, &str)> = of_type(&records, "Encounter")
            .into_iter()
            .map(|e| {
                let period = &e["period"];
                (
                    type_and_id(e),
                    (day_of(&period["start"]), day_of(&period["end"])),
                )
            })
            .collect();
        for record in &records {
            let Some(encounter) = record["encounter"]["reference"].as_str() else {
                continue;
            };
            let (start, end) = encounters[encounter];
            let when = [
                "effectiveDateTime",
                "occurrenceDateTime",
                "authoredOn",
                "recordedDate",
            ]
            .iter()
            .chain(&["performedDateTime"])
            .find_map(|key| record.get(*key))
            .or_else(|| record.get("performedPeriod").map(|p| &p["start"]));
            if let Some(when) = when {
                let day = day_of(when);
                assert!(
                    (start..=end).contains(&day),
                    "{} on {day}, its encounter {start}..{end}",
                    type_and_id(record)
                );
            }
        }
    }
}

#[test]
fn lab_reports_list_results_of_their_own_encounter() {
    for (_, records) in sample() {
        let observations: BTreeMap<String, &Value> = of_type(&records, "Observation")
            .into_iter()
            .map(|o| (type_and_id(o), o))
            .collect();
        for report in of_type(&records, "DiagnosticReport") {
            for result in report["result"].as_array().into_iter().flatten() {
                let reference = result["reference"].as_str().unwrap_or_default();
                let observation = observations[reference];
                assert_eq!(observation["encounter"], report["encounter"]);
                assert_eq!(
                    observation["category"][0]["coding"][0]["code"],
                    "laboratory"
                );
            }
        }
    }
}

/// An adjudication list as cents per category code.
fn amounts(adjudication: &Value) -> BTreeMap<String, i64> {
    adjudication
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let code = a["category"]["coding"][0]["code"].as_str()?.to_owned();
            let value = a["amount"]["value"].as_f64()?;
            assert_eq!(a["amount"]["currency"], "USD");
            Some((code, (value * 100.0).round() as i64))
        })
        .collect()
}

#[test]
fn eob_money_adds_up_line_by_line_and_in_total() {
    for (_, records) in sample() {
        for eob in of_type(&records, "ExplanationOfBenefit") {
            let id = &eob["id"];
            let mut sums: BTreeMap<String, i64> = BTreeMap::new();
            for item in eob["item"].as_array().into_iter().flatten() {
                let mut a = amounts(&item["adjudication"]);
                assert!(a.values().all(|v| *v >= 0), "{id} {a:?}");
                for required in [
                    "submitted",
                    "eligible",
                    "benefit",
                    "paidtoprovider",
                    "paidbypatient",
                ] {
                    assert!(a.contains_key(required), "{id} item without {required}");
                }
                for optional in ["deductible", "copay", "coinsurance"] {
                    a.entry(optional.to_owned()).or_insert(0);
                }
                let share = a["deductible"] + a["copay"] + a["coinsurance"];
                assert!(a["eligible"] <= a["submitted"], "{id} {a:?}");
                assert!(a["benefit"] <= a["eligible"], "{id} {a:?}");
                assert_eq!(a["eligible"], share + a["benefit"], "{id} {a:?}");
                assert_eq!(a["paidtoprovider"], a["benefit"], "{id}");
                assert_eq!(a["paidbypatient"], share, "{id}");
                for (code, cents) in a {
                    *sums.entry(code).or_insert(0) += cents;
                }
            }
            let total = amounts(&eob["total"]);
            assert_eq!(total.len(), 8, "{id} totals every category");
            assert_eq!(total, sums, "{id}");
            let paid = (eob["payment"]["amount"]["value"].as_f64().unwrap_or(-1.0) * 100.0).round();
            assert_eq!(paid as i64, sums["benefit"], "{id}");
        }
    }
}

#[test]
fn eob_billable_periods_cover_their_lines_and_claims_are_paid_after_service() {
    for (_, records) in sample() {
        for eob in of_type(&records, "ExplanationOfBenefit") {
            let start = day_of(&eob["billablePeriod"]["start"]);
            let end = day_of(&eob["billablePeriod"]["end"]);
            assert!(start <= end);
            for item in eob["item"].as_array().into_iter().flatten() {
                let (first, last) = match item.get("servicedPeriod") {
                    Some(p) => (day_of(&p["start"]), day_of(&p["end"])),
                    None => (day_of(&item["servicedDate"]), day_of(&item["servicedDate"])),
                };
                assert!(
                    start <= first && last <= end,
                    "{} item {first}..{last}",
                    eob["id"]
                );
            }
            assert!(end < day_of(&eob["created"]), "{}", eob["id"]);
            assert!(day_of(&eob["created"]) <= day_of(&eob["payment"]["date"]));
            assert_eq!(eob["insurer"]["reference"], "Organization/payer");
            assert_eq!(eob["insurance"][0]["focal"], true);
            let coverage = of_type(&records, "Coverage")[0];
            assert_eq!(
                eob["insurance"][0]["coverage"]["reference"],
                type_and_id(coverage)
            );
        }
    }
}
