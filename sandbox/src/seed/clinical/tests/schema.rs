//! Every generated record against the FHIR R4 JSON schema.

use super::sample;
use jsonschema::error::{ValidationError, ValidationErrorKind};
use jsonschema::{Draft, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// The FHIR R4 schema, compiled once per test binary (compiling it is slow in debug).
fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/fhir/fhir.schema.json"
        );
        let text = std::fs::read_to_string(path).expect("the FHIR schema fixture is readable");
        let schema: Value = serde_json::from_str(&text).expect("the FHIR schema is JSON");
        jsonschema::options()
            .with_draft(Draft::Draft6)
            .build(&schema)
            .expect("the FHIR schema compiles")
    })
}

/// What is wrong, readably: the root of the schema is a `oneOf` over every resource
/// type, whose error only says "not valid under any"; the branch of the record's own
/// type is the one without an error at `/resourceType`, so its errors are reported.
fn explain(error: &ValidationError<'_>, out: &mut Vec<String>) {
    if let ValidationErrorKind::OneOfNotValid { context } = error.kind() {
        let own = context.iter().find(|branch| {
            !branch
                .iter()
                .any(|e| e.instance_path().to_string() == "/resourceType")
        });
        if let Some(branch) = own {
            for e in branch {
                explain(e, out);
            }
            return;
        }
    }
    out.push(format!("at {}: {error}", error.instance_path()));
}

#[test]
fn every_record_validates_against_the_fhir_r4_schema() {
    let validator = validator();
    let mut failures = Vec::new();
    for (_, records) in sample() {
        for record in &records {
            let mut reasons = Vec::new();
            for error in validator.iter_errors(record) {
                explain(&error, &mut reasons);
            }
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
    let mut reasons = Vec::new();
    for error in validator().iter_errors(&broken) {
        explain(&error, &mut reasons);
    }
    assert!(
        reasons.iter().any(|r| r.contains("/birthDate")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("favouriteColour")),
        "{reasons:?}"
    );
}
