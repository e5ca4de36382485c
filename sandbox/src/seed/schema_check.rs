//! The FHIR R4 JSON schema check both generators' tests run over what they make.

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// The FHIR R4 schema (draft-06), compiled once per test binary (slow in debug).
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
/// type, whose error only says "not valid under any"; the branch of the resource's own
/// type is the one without an error at `/resourceType`, so its errors are reported.
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
pub fn schema_errors(resource: &Value) -> Vec<String> {
    let validator = validator();
    let mut errors = Vec::new();
    if !validator.is_valid(resource) {
        for error in validator.iter_errors(resource) {
            explain(&error, &mut errors);
        }
    }
    errors
}
