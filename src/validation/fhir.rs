//! FHIR R4 resources checked against the official FHIR JSON schema.
//!
//! The sandbox generates thousands of claims, clinical and directory records, and a
//! portal under test serves its own; an app that parses either breaks on the first
//! resource that drifts from the specification (a `gender` of `"M"`, a date with a
//! time in it, a property the resource does not have). This module checks any FHIR
//! resource, Bundles and OperationOutcomes included, against
//! `fixtures/fhir/fhir.schema.json` (HL7's FHIR R4 JSON schema, draft-06; where it
//! comes from is in `fixtures/README.md`).
//!
//! The schema's root is a `oneOf` over all 146 resource types, and Bundle entries and
//! contained resources go through the same `oneOf` again (`ResourceList`). A plain
//! schema error for a bad Patient therefore says only "not valid under any of the
//! oneOf schemas". [`validate`] says more: it checks a refused resource against its
//! own type's definition, picked by its `resourceType`, and where a nested resource
//! meets the `oneOf` again it keeps, of the 146 branches, the one whose
//! `resourceType` matched (the branch with no error at `.../resourceType`) and
//! recurses. So each [`FhirError`] names the field at fault
//! (`/entry/0/resource/gender`) and what is wrong with it
//! (`"robot" is not one of ["male","female","other","unknown"]`). A missing, misspelt
//! or non-string `resourceType` is said as such instead of 146 branch failures.
//!
//! The 3.4 MB schema is read and compiled once per process, on first use. A valid
//! resource is answered by the whole schema at once. A refused one is explained by its
//! own type's definition, compiled on the first refusal of that type: unfolding the
//! root `oneOf` instead collects the errors of all 146 branches, each holding a copy
//! of the resource, which took 3 s for a 1000-entry Bundle with one bad entry.
//!
//! Cost, measured in release with jsonschema 0.61.2 on a 2-CPU machine that was
//! building other crates at the time (so read ±50 %):
//!
//! - reading and parsing the schema: 40 to 50 ms; compiling it: 80 to 160 ms; the
//!   whole test process holds about 90 MB once it is compiled;
//! - a valid resource: 0.6 to 1 µs for a small Patient, 19 µs for a 20-entry
//!   searchset Bundle, 0.6 to 1.7 ms for a 1000-entry one; over the sandbox's dev1
//!   data set (38,099 resources, 89 MB of JSON) 31 µs on average, from 2 to 6 µs for
//!   directory records up to about 100 µs for an ExplanationOfBenefit or a Patient;
//! - a refused resource: 70 to 170 ms the first time its type is refused (that type's
//!   compile), then 2 to 3 µs for a Patient and 1.5 to 3 ms for a 1000-entry Bundle
//!   with one bad entry (only that entry's `oneOf` is unfolded).
//!
//! Debug builds are 5 to 30 times slower: validating the whole default data set
//! (191,031 resources) took 31 s of a 111 s walk (`tests/integration/fhir_data.rs`),
//! 71 s of 280 s when the machine was busier.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Registry, ValidationError, Validator};
use serde_json::{Value, json};

use super::fixtures_dir;

/// Where the FHIR R4 schema lives, relative to the fixtures directory; named once so
/// the README, the loader and error messages agree.
pub const SCHEMA_FILE: &str = "fhir/fhir.schema.json";

/// One thing wrong with a resource, said so that a person can fix it: where (a JSON
/// pointer into the resource that was validated) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FhirError {
    /// JSON pointer to the offending value, `/` for the resource itself
    /// (e.g. `/entry/0/resource/gender`).
    pub path: String,
    /// What is wrong, in plain words
    /// (e.g. `"robot" is not one of ["male","female","other","unknown"]`).
    pub message: String,
}

impl fmt::Display for FhirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.message)
    }
}

/// Why the FHIR schema could not be used: a missing or broken fixture is a harness
/// bug, not a finding about the resource, so it is kept apart from [`FhirError`]s.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FhirSchemaError {
    /// The schema file could not be read.
    #[error("cannot read the FHIR schema {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        reason: String,
    },
    /// The file is not JSON, or not a schema jsonschema can compile as draft-06.
    #[error("the FHIR schema {path} is invalid: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Why a resource was refused by [`validate`].
#[derive(Debug, Clone, thiserror::Error)]
pub enum FhirInvalid {
    /// The schema itself could not be loaded, so nothing could be checked.
    #[error(transparent)]
    Schema(#[from] FhirSchemaError),
    /// The resource breaks the FHIR schema; never empty.
    #[error("not valid FHIR R4:\n{}", lines(.errors))]
    Resource {
        /// Every problem found, in document order as far as the schema allows.
        errors: Vec<FhirError>,
    },
}

impl FhirInvalid {
    /// The problems found in the resource (empty when the schema could not be loaded),
    /// for callers and tests that look for a particular path.
    pub fn errors(&self) -> &[FhirError] {
        match self {
            FhirInvalid::Schema(_) => &[],
            FhirInvalid::Resource { errors } => errors,
        }
    }
}

fn lines(errors: &[FhirError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The FHIR R4 schema, compiled, with the resource types its root `oneOf` admits.
///
/// Most callers want the process-wide copy behind [`validate`] / [`schema`]; loading
/// one explicitly serves a different schema file or measures the compile.
pub struct FhirSchema {
    /// The whole schema: answers "valid or not" for any resource, fast.
    root: Validator,
    /// The schema document, for compiling one resource type's definition on its own.
    registry: Registry<'static>,
    /// One validator per resource type, compiled the first time a resource of that
    /// type is refused: explaining a refusal through the root `oneOf` would collect
    /// (and copy the resource into) the errors of all 146 branches, which takes
    /// seconds for a large Bundle.
    by_type: BTreeMap<String, OnceLock<Result<Validator, String>>>,
}

impl fmt::Debug for FhirSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FhirSchema")
            .field("resource_types", &self.by_type.len())
            .finish_non_exhaustive()
    }
}

/// The URI the schema document is registered under (its own draft-04 style `id`).
const SCHEMA_URI: &str = "http://hl7.org/fhir/json-schema/4.0";

impl FhirSchema {
    /// Reads and compiles the FHIR JSON schema at `path` (draft-06).
    pub fn load(path: &Path) -> Result<Self, FhirSchemaError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| FhirSchemaError::Read {
            path: display.clone(),
            reason: e.to_string(),
        })?;
        let schema: Value = serde_json::from_str(&text).map_err(|e| FhirSchemaError::Invalid {
            path: display.clone(),
            reason: e.to_string(),
        })?;
        Self::compile(schema).map_err(|reason| FhirSchemaError::Invalid {
            path: display,
            reason,
        })
    }

    fn compile(schema: Value) -> Result<Self, String> {
        // The root `oneOf` lists every resource type as `{"$ref": "#/definitions/<Type>"}`.
        let by_type: BTreeMap<String, OnceLock<_>> = schema
            .get("oneOf")
            .and_then(Value::as_array)
            .ok_or("it has no root oneOf listing the resource types")?
            .iter()
            .filter_map(|branch| branch.get("$ref")?.as_str())
            .filter_map(|r| r.strip_prefix("#/definitions/"))
            .map(|name| (name.to_owned(), OnceLock::new()))
            .collect();
        if by_type.is_empty() {
            return Err("its root oneOf names no resource type".into());
        }
        let root = jsonschema::options()
            .with_draft(Draft::Draft6)
            .build(&schema)
            .map_err(|e| e.to_string())?;
        let registry = Registry::new()
            .draft(Draft::Draft6)
            .add(SCHEMA_URI, schema)
            .and_then(|builder| builder.prepare())
            .map_err(|e| e.to_string())?;
        Ok(Self {
            root,
            registry,
            by_type,
        })
    }

    /// The validator of one resource type's definition alone, compiled on first use.
    fn of_type(&self, resource_type: &str) -> Result<&Validator, FhirSchemaError> {
        let invalid = |reason: String| FhirSchemaError::Invalid {
            path: format!("{SCHEMA_URI}#/definitions/{resource_type}"),
            reason,
        };
        let cell = self
            .by_type
            .get(resource_type)
            .ok_or_else(|| invalid("not a resource type of this schema".into()))?;
        cell.get_or_init(|| {
            let pointer = format!("{SCHEMA_URI}#/definitions/{resource_type}");
            let reference = json!({ "$ref": pointer });
            jsonschema::options()
                .with_draft(Draft::Draft6)
                .with_registry(&self.registry)
                .build(&reference)
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|reason| invalid(reason.clone()))
    }

    /// Every resource type the schema knows (`Account` … `VisionPrescription`).
    pub fn resource_types(&self) -> impl Iterator<Item = &str> {
        self.by_type.keys().map(String::as_str)
    }

    /// Checks one FHIR resource (any type, Bundles and their entries included).
    pub fn validate(&self, resource: &Value) -> Result<(), FhirInvalid> {
        if self.root.is_valid(resource) {
            return Ok(());
        }
        if let Err(message) = self.check_resource_type(resource) {
            return Err(FhirInvalid::Resource {
                errors: vec![FhirError {
                    path: "/".into(),
                    message,
                }],
            });
        }
        let resource_type = resource["resourceType"].as_str().unwrap_or_default();
        let mut errors = Vec::new();
        for error in self.of_type(resource_type)?.iter_errors(resource) {
            self.explain(&error, &mut errors);
        }
        if errors.is_empty() {
            // The type's definition alone accepts what the root refused: say what the
            // root says rather than nothing.
            for error in self.root.iter_errors(resource) {
                self.explain(&error, &mut errors);
            }
        }
        let mut seen = BTreeSet::new();
        errors.retain(|e| seen.insert((e.path.clone(), e.message.clone())));
        if errors.is_empty() {
            // `is_valid` and `iter_errors` disagree; never answer "invalid, no reason".
            errors.push(FhirError {
                path: "/".into(),
                message: "the FHIR schema refuses this resource without saying why".into(),
            });
        }
        Err(FhirInvalid::Resource { errors })
    }

    /// Turns one schema error into the errors a person can act on.
    fn explain(&self, error: &ValidationError<'_>, out: &mut Vec<FhirError>) {
        let ValidationErrorKind::OneOfNotValid { context } = error.kind() else {
            out.push(plain(error));
            return;
        };
        // The schema's only `oneOf`s choose among the resource types (the root and
        // `ResourceList`), one branch per type; anything else is reported as is.
        if context.len() != self.by_type.len() {
            out.push(plain(error));
            return;
        }
        let at = error.instance_path().as_str();
        if let Err(message) = self.check_resource_type(error.instance()) {
            out.push(FhirError {
                path: pointer(at),
                message,
            });
            return;
        }
        // Every other branch fails its `resourceType` const; the one that does not is
        // the resource's own type, and its errors are the real ones.
        let discriminator = format!("{at}/resourceType");
        let before = out.len();
        for branch in context.iter().filter(|branch| {
            !branch
                .iter()
                .any(|e| e.instance_path().as_str() == discriminator)
        }) {
            for inner in branch {
                self.explain(inner, out);
            }
        }
        if out.len() == before {
            out.push(plain(error));
        }
    }

    /// Says plainly what is wrong with a resource's `resourceType`, if anything.
    fn check_resource_type(&self, resource: &Value) -> Result<(), String> {
        let Some(object) = resource.as_object() else {
            return Err(format!(
                "expected a FHIR resource (a JSON object with a resourceType), found {}",
                short(resource)
            ));
        };
        let Some(value) = object.get("resourceType") else {
            return Err(
                "resourceType is missing: a FHIR resource must say which type it is".into(),
            );
        };
        let Some(name) = value.as_str() else {
            return Err(format!(
                "resourceType must be a string naming a FHIR resource type, found {}",
                short(value)
            ));
        };
        if self.by_type.contains_key(name) {
            return Ok(());
        }
        let hint = self
            .by_type
            .keys()
            .find(|known| known.eq_ignore_ascii_case(name))
            .map(|known| format!(" (did you mean {known:?}?)"))
            .unwrap_or_default();
        Err(format!(
            "resourceType {name:?} is not a FHIR R4 resource type{hint}"
        ))
    }
}

/// The process-wide FHIR schema, read from [`fixtures_dir`]`/`[`SCHEMA_FILE`] and
/// compiled on first use; call it up front to pay the compile before timing anything.
pub fn schema() -> Result<&'static FhirSchema, FhirSchemaError> {
    static SCHEMA: OnceLock<Result<FhirSchema, FhirSchemaError>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| FhirSchema::load(&schema_path()))
        .as_ref()
        .map_err(Clone::clone)
}

/// The FHIR schema file this process uses (honours `CONFORM_FIXTURES`).
pub fn schema_path() -> PathBuf {
    fixtures_dir().join(SCHEMA_FILE)
}

/// Checks one FHIR R4 resource against the official schema: any resource type,
/// Bundles with their nested resources, OperationOutcomes. On failure every error
/// carries the JSON path of the offending value and a plain message.
pub fn validate(resource: &Value) -> Result<(), FhirInvalid> {
    schema()?.validate(resource)
}

fn pointer(path: &str) -> String {
    if path.is_empty() {
        "/".to_owned()
    } else {
        path.to_owned()
    }
}

fn plain(error: &ValidationError<'_>) -> FhirError {
    FhirError {
        path: pointer(error.instance_path().as_str()),
        message: message(error),
    }
}

/// The FHIR primitive (`date`, `code`, …) whose definition raised `error`, if any:
/// `"2020-13-01" does not match "^([0-9]…"` means little until it says "date".
fn primitive(error: &ValidationError<'_>) -> Option<String> {
    let path = error.schema_path().as_str();
    let mut segments = path.rsplit('/');
    let _keyword = segments.next()?;
    let name = segments.next()?;
    (segments.next()? == "definitions" && name.starts_with(|c: char| c.is_ascii_lowercase()))
        .then(|| name.to_owned())
}

fn message(error: &ValidationError<'_>) -> String {
    let instance = error.instance();
    match error.kind() {
        ValidationErrorKind::Enum { options } => {
            format!("{} is not one of {options}", short(instance))
        }
        ValidationErrorKind::Pattern { pattern } => match primitive(error) {
            Some(primitive) => format!(
                "{} is not a valid FHIR {primitive} (it must match {pattern:?})",
                short(instance)
            ),
            None => format!("{} does not match {pattern:?}", short(instance)),
        },
        ValidationErrorKind::Type {
            kind: TypeKind::Single(expected),
        } => {
            let what = match primitive(error) {
                Some(primitive) => format!(" (FHIR {primitive})"),
                None => String::new(),
            };
            let expected = expected.to_string();
            let article = if expected.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!(
                "expected {article} {expected}{what}, found {}",
                short(instance)
            )
        }
        _ => error.to_string(),
    }
}

/// A value as it appears in a message: scalars in full, containers by kind, so one
/// wrong type inside a large Bundle does not print the whole Bundle.
fn short(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::String(s) if s.chars().count() > 80 => {
            let head: String = s.chars().take(77).collect();
            format!("\"{head}…\"")
        }
        scalar => scalar.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patient() -> Value {
        json!({
            "resourceType": "Patient",
            "id": "rose",
            "name": [{"family": "Gray", "given": ["Rose"]}],
            "gender": "female",
            "birthDate": "1961-04-07"
        })
    }

    fn refused(resource: &Value) -> Vec<FhirError> {
        match validate(resource) {
            Ok(()) => panic!("{resource} was accepted"),
            Err(FhirInvalid::Schema(e)) => panic!("{e}"),
            Err(FhirInvalid::Resource { errors }) => errors,
        }
    }

    #[test]
    fn a_valid_patient_passes() {
        validate(&patient()).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn a_robot_gender_fails_naming_the_gender_field() {
        let mut robot = patient();
        robot["gender"] = json!("robot");
        let errors = refused(&robot);
        assert_eq!(
            errors,
            vec![FhirError {
                path: "/gender".into(),
                message: r#""robot" is not one of ["male","female","other","unknown"]"#.into(),
            }]
        );
    }

    #[test]
    fn an_invalid_resource_inside_a_bundle_entry_fails_naming_its_path_in_the_bundle() {
        let mut bad = patient();
        bad["birthDate"] = json!("07/04/1961");
        let bundle = json!({
            "resourceType": "Bundle",
            "type": "searchset",
            "total": 2,
            "entry": [
                {"fullUrl": "Patient/rose", "resource": bad},
                {"fullUrl": "Patient/rose2", "resource": patient()}
            ]
        });
        let errors = refused(&bundle);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "/entry/0/resource/birthDate");
        assert!(
            errors[0].message.contains("not a valid FHIR date"),
            "{errors:?}"
        );
    }

    #[test]
    fn an_unknown_resource_type_fails_saying_so() {
        let errors = refused(&json!({"resourceType": "Robot", "id": "r2d2"}));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "/");
        assert!(
            errors[0]
                .message
                .contains(r#""Robot" is not a FHIR R4 resource type"#),
            "{errors:?}"
        );
    }

    #[test]
    fn a_misspelt_resource_type_gets_a_suggestion() {
        let errors = refused(&json!({"resourceType": "patient"}));
        assert!(
            errors[0].message.contains(r#"did you mean "Patient"?"#),
            "{errors:?}"
        );
    }

    #[test]
    fn a_missing_resource_type_fails_saying_so() {
        let errors = refused(&json!({"id": "x", "gender": "female"}));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.contains("resourceType is missing"),
            "{errors:?}"
        );
    }

    #[test]
    fn an_unknown_type_inside_a_bundle_is_named_at_its_entry() {
        let bundle = json!({
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": patient()}, {"resource": {"resourceType": "Robot"}}]
        });
        let errors = refused(&bundle);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "/entry/1/resource");
        assert!(errors[0].message.contains("\"Robot\""), "{errors:?}");
    }

    #[test]
    fn a_property_the_resource_does_not_have_is_named() {
        let mut extra = patient();
        extra["favouriteColour"] = json!("teal");
        let errors = refused(&extra);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "/");
        assert!(errors[0].message.contains("favouriteColour"), "{errors:?}");
    }

    #[test]
    fn an_invalid_contained_resource_is_named_inside_its_container() {
        let mut with_contained = patient();
        with_contained["contained"] =
            json!([{"resourceType": "Organization", "id": "o", "active": "yes"}]);
        let errors = refused(&with_contained);
        // The schema's `boolean` also carries a pattern (for strings): two complaints.
        assert!(
            errors.iter().all(|e| e.path == "/contained/0/active"),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("expected a boolean")),
            "{errors:?}"
        );
    }

    #[test]
    fn something_that_is_not_an_object_is_refused_as_such() {
        let errors = refused(&json!(["Patient"]));
        assert_eq!(errors[0].path, "/");
        assert!(errors[0].message.contains("found an array"), "{errors:?}");
    }

    #[test]
    fn a_valid_operation_outcome_passes() {
        let outcome = json!({
            "resourceType": "OperationOutcome",
            "issue": [{
                "severity": "error",
                "code": "not-found",
                "diagnostics": "Patient/nobody is not known"
            }]
        });
        validate(&outcome).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn an_operation_outcome_with_an_unknown_issue_code_fails_at_the_issue() {
        let outcome = json!({
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "oops"}]
        });
        let errors = refused(&outcome);
        assert_eq!(errors[0].path, "/issue/0/code", "{errors:?}");
    }

    #[test]
    fn the_schema_knows_every_r4_resource_type() {
        let schema = schema().unwrap_or_else(|e| panic!("{e}"));
        let types: Vec<&str> = schema.resource_types().collect();
        assert_eq!(types.len(), 146, "{types:?}");
        assert!(types.contains(&"ExplanationOfBenefit"));
        assert!(types.contains(&"OrganizationAffiliation"));
    }
}
