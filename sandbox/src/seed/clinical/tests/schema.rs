//! Every generated record against the FHIR R4 JSON schema.

use super::sample;
use crate::seed::schema_check::schema_errors;
use serde_json::Value;

#[test]
fn every_record_validates_against_the_fhir_r4_schema() {
    let mut failures = Vec::new();
    for (_, records) in sample() {
        for record in &records {
            let reasons = schema_errors(record);
            if !reasons.is_empty() {
                failures.push(format!(
                    "{} {}: {reasons:#?}",
                    record["resourceType"], record["id"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} invalid records:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_schema_check_catches_a_broken_record() {
    let (_, records) = sample().swap_remove(0);
    let mut broken = records[0].clone();
    broken["birthDate"] = Value::from("21/03/1997");
    broken["favouriteColour"] = Value::from("blue");
    let reasons = schema_errors(&broken);
    assert!(
        reasons.iter().any(|r| r.contains("/birthDate")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("favouriteColour")),
        "{reasons:?}"
    );
}
