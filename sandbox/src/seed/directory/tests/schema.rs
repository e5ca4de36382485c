//! Every generated resource is valid FHIR R4 JSON, per HL7's FHIR JSON schema.

use super::{directory, resource_type, str_at};
use crate::seed::schema_check::schema_errors;
use serde_json::Value;

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
