//! Every generated resource is valid FHIR R4 JSON, per HL7's FHIR JSON schema.

use super::{directory, resource_type, str_at};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// The FHIR R4 schema (draft-06), compiled once for the whole test run.
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

/// The errors that matter: the root `oneOf` over all resource types fails with one
/// error list per type; keep the branch of the resource's own type (the one with no
/// error at `/resourceType`) and recurse into it.
fn explain(error: &ValidationError<'_>, out: &mut Vec<String>) {
    if let ValidationErrorKind::OneOfNotValid { context } = error.kind() {
        let discriminator = format!("{}/resourceType", error.instance_path().as_str());
        let own: Vec<_> = context
            .iter()
            .filter(|branch| {
                !branch
                    .iter()
                    .any(|e| e.instance_path().as_str() == discriminator)
            })
            .collect();
        if !own.is_empty() {
            for inner in own.into_iter().flatten() {
                explain(inner, out);
            }
            return;
        }
    }
    out.push(format!("at {}: {error}", error.instance_path().as_str()));
}

/// What is wrong with `resource` per the schema, one line per error (empty if valid).
fn schema_errors(resource: &Value) -> Vec<String> {
    let validator = validator();
    let mut errors = Vec::new();
    if !validator.is_valid(resource) {
        for error in validator.iter_errors(resource) {
            explain(&error, &mut errors);
        }
    }
    errors
}

#[test]
fn every_resource_is_valid_fhir_r4_at_a_small_scale() {
    let mut runs: Vec<(String, u32)> = crate::tenants::Tenants::bundled()
        .iter()
        .map(|t| (t.id.clone(), 40))
        .collect();
    // Enough organizations for every kind, branch sites and hospital campuses.
    runs.push(("bcbsm".into(), 500));
    let mut failures = Vec::new();
    for (tenant_id, practitioners) in runs {
        for resource in directory(42, &tenant_id, practitioners) {
            let errors = schema_errors(&resource);
            if !errors.is_empty() {
                failures.push(format!(
                    "{tenant_id} {}/{}: {}",
                    resource_type(&resource),
                    str_at(&resource, "/id"),
                    errors.join("; ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schema_check_names_the_field_of_a_broken_resource() {
    let mut practitioner = directory(1, "dev1", 10)
        .into_iter()
        .find(|r| r["resourceType"] == "Practitioner")
        .unwrap_or_default();
    practitioner["gender"] = Value::from("robot");
    let errors = schema_errors(&practitioner);
    assert!(
        errors.iter().any(|e| e.starts_with("at /gender")),
        "{errors:?}"
    );
}
