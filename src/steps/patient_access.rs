//! The Patient Access API as a member's app sees it (portal guide 3.6, 3.7.2.1 and
//! Appendix A: "it gives back the respective data when queried"): registering an app
//! with the patient scopes it needs, the member's own records and nobody else's, her
//! Patient resource, and conditional reads.

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::apps::{DEFAULT_REDIRECT, app_form, register};
use super::fhir::{
    self, FhirRequest, PATIENT_ACCESS_TYPES, Token, expect_searchset, expect_status, fail,
    last_body, matches, reference_to, searched_type,
};
use super::{expect_json, split_list};
use crate::world::{PortalWorld, Who};

/// The scopes an app reading every Patient Access type registers: the SMART launch
/// scopes of the guide's Appendix B example plus `patient/<Type>.read` for each type.
pub fn every_patient_access_scope() -> Vec<String> {
    ["openid", "fhirUser", "launch/patient", "offline_access"]
        .iter()
        .map(|s| (*s).to_owned())
        .chain(
            PATIENT_ACCESS_TYPES
                .iter()
                .map(|t| format!("patient/{t}.read")),
        )
        .collect()
}

/// Registers `name` as a confidential (Basic) client with `scopes`, as `who`.
async fn register_with_scopes(w: &mut PortalWorld, who: &Who, name: &str, scopes: Vec<String>) {
    if !w.config().portal_api {
        return super::apps::bind_preregistered(w, who, name, None, scopes.join(" "));
    }
    let form = app_form(
        name,
        Some("confidential-basic"),
        json!(scopes),
        json!([DEFAULT_REDIRECT]),
    );
    register(w, who, name, form).await;
    expect_json(w, 201, "app-dashboard", "registering an app");
}

#[given(
    regex = r#"^(she|he|they|"[^"]+") registered the app "([^"]+)" with every Patient Access scope$"#
)]
async fn registered_every_scope(w: &mut PortalWorld, step: &Step, who: Who, name: String) {
    w.begin(step);
    register_with_scopes(w, &who, &name, every_patient_access_scope()).await;
}

/// Scopes as a developer types them, space-separated (guide 3.2 d).
#[given(
    regex = r#"^(she|he|they|"[^"]+") registered the app "([^"]+)" with the scopes "([^"]+)"$"#
)]
async fn registered_scopes(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    name: String,
    scopes: String,
) {
    w.begin(step);
    register_with_scopes(w, &who, &name, split_list(&scopes)).await;
}

/// Whether `resource` is about the patient `patient`: the Patient itself, or a record
/// whose `patient` search parameter (subject, patient, beneficiary) points at her.
fn belongs_to(resource: &Value, patient: &str) -> bool {
    let kind = resource["resourceType"].as_str().unwrap_or_default();
    if kind == "Patient" {
        return resource["id"].as_str() == Some(patient);
    }
    let Some(p) = fhir::criteria::param(kind, "patient") else {
        return false;
    };
    let references: Vec<String> = fhir::criteria::param_values(resource, p)
        .iter()
        .filter_map(|v| fhir::criteria::reference_of(v))
        .collect();
    !references.is_empty()
        && references
            .iter()
            .all(|r| r == &format!("Patient/{patient}"))
}

#[then(regex = r#"^every match in the searchset belongs to the patient "([^"]+)"$"#)]
fn every_match_hers(w: &mut PortalWorld, patient: String) {
    let bundle = expect_searchset(w, &searched_type(w));
    for resource in matches(bundle) {
        if !belongs_to(resource, &patient) {
            fail(
                w,
                format!(
                    "The token is bound to Patient/{patient}, yet the searchset holds {}, which is \
                     not hers: another member's records must never reach her app. The resource: {}",
                    reference_to(resource),
                    fhir::short_json(resource)
                ),
            );
        }
    }
}

/// The Patient of the last answer (a read), or a failure.
fn patient(w: &PortalWorld) -> &Value {
    expect_status(w, 200, "reading the Patient");
    let resource = last_body(w);
    if resource["resourceType"] != "Patient" {
        fail(
            w,
            format!(
                "Expected a Patient, but the answer is a {}.",
                resource["resourceType"]
            ),
        );
    }
    resource
}

#[then(regex = r#"^the Patient is named "([^"]+)"$"#)]
fn patient_named(w: &mut PortalWorld, expected: String) {
    let resource = patient(w);
    let names: Vec<String> = resource["name"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            let given: Vec<&str> = n["given"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let family = n["family"].as_str().unwrap_or_default();
            n["text"]
                .as_str()
                .map(str::to_owned)
                .filter(|t| *t == expected)
                .unwrap_or_else(|| format!("{} {family}", given.join(" ")).trim().to_owned())
        })
        .collect();
    if !names.contains(&expected) {
        fail(
            w,
            format!("Expected the Patient to be named {expected:?}, but her names read {names:?}."),
        );
    }
}

#[then(regex = r#"^the Patient was born on "(\d{4}-\d{2}-\d{2})"$"#)]
fn patient_born(w: &mut PortalWorld, expected: String) {
    let resource = patient(w);
    if resource["birthDate"].as_str() != Some(expected.as_str()) {
        fail(
            w,
            format!(
                "Expected the Patient's birthDate to be {expected}, but it is {}.",
                resource["birthDate"]
            ),
        );
    }
}

/// US Core 3.1.1 Patient: race and ethnicity (complex extensions with an
/// `ombCategory` or `text`), birth sex (a code).
#[then("the Patient carries the US Core race, ethnicity and birth sex extensions")]
fn us_core_extensions(w: &mut PortalWorld) {
    let resource = patient(w);
    let extension = |name: &str| -> Option<Value> {
        let url = format!("http://hl7.org/fhir/us/core/StructureDefinition/us-core-{name}");
        resource["extension"]
            .as_array()?
            .iter()
            .find(|e| e["url"].as_str() == Some(url.as_str()))
            .cloned()
    };
    for name in ["race", "ethnicity"] {
        let Some(ext) = extension(name) else {
            fail(
                w,
                format!(
                    "Expected the Patient to carry the US Core {name} extension, but it does not."
                ),
            );
        };
        let parts: Vec<&str> = ext["extension"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["url"].as_str())
            .collect();
        if !parts.contains(&"text")
            || !(parts.contains(&"ombCategory") || parts.contains(&"detailed"))
        {
            fail(
                w,
                format!(
                    "Expected the US Core {name} extension to carry a text and an ombCategory (US \
                     Core 3.1.1), but its parts are {parts:?}."
                ),
            );
        }
    }
    let Some(birthsex) = extension("birthsex") else {
        fail(
            w,
            "Expected the Patient to carry the US Core birthsex extension, but it does not.",
        );
    };
    let code = birthsex["valueCode"].as_str().unwrap_or_default();
    if !matches!(code, "F" | "M" | "UNK") {
        fail(
            w,
            format!(
                "Expected the US Core birth sex to be F, M or UNK, but it is {:?}.",
                birthsex["valueCode"]
            ),
        );
    }
}

#[then("the answer carries a weak ETag and a Last-Modified date")]
fn carries_etag(w: &mut PortalWorld) {
    let response = w.last();
    let etag = response.header("etag").unwrap_or_default();
    if !etag.starts_with("W/\"") || !etag.ends_with('"') {
        fail(
            w,
            format!(
                "Expected a weak ETag W/\"<versionId>\" on the read (R4 http.html#versioning), but \
                 ETag is {etag:?}."
            ),
        );
    }
    let version = last_body(w)["meta"]["versionId"].clone();
    if let Some(version) = version.as_str()
        && etag != format!("W/\"{version}\"")
    {
        fail(
            w,
            format!(
                "Expected the ETag to carry the resource's meta.versionId {version:?}, but it is {etag:?}."
            ),
        );
    }
    let modified = response.header("last-modified").unwrap_or_default();
    if modified.is_empty() {
        fail(
            w,
            "Expected a Last-Modified header on the read, but there is none.",
        );
    }
}

#[when(
    regex = r#"^the app reads "([^"]+)" again with its access token, sending the ETag it was given$"#
)]
async fn reads_again_with_etag(w: &mut PortalWorld, step: &Step, what: String) {
    w.begin(step);
    let etag = w
        .last()
        .header("etag")
        .map(str::to_owned)
        .unwrap_or_else(|| fail(w, "The previous answer carried no ETag to send back."));
    let tenant = fhir::app_tenant(w);
    let (path, query) = fhir::target(w, &what);
    let request =
        FhirRequest::get(&tenant, &path, query, Token::App).header("If-None-Match", &etag);
    fhir::send(w, request).await;
}

#[then("the FHIR API answers 304 Not Modified without a body")]
fn not_modified(w: &mut PortalWorld) {
    let response = expect_status(w, 304, "the conditional read");
    if !response.body_bytes.is_empty() {
        fail(
            w,
            "A 304 answer must not carry a body (RFC 9110 15.4.5), but this one does.",
        );
    }
    if response.header("etag").is_none() {
        fail(
            w,
            "A 304 answer must repeat the ETag (RFC 9110 15.4.5), but this one has none.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_belong_by_their_patient_reference() {
        let obs = json!({"resourceType": "Observation", "subject": {"reference": "Patient/p1"}});
        assert!(belongs_to(&obs, "p1"));
        assert!(!belongs_to(&obs, "p2"));
        let coverage = json!({"resourceType": "Coverage", "beneficiary": {"reference": "http://x/fhir/Patient/p1"}});
        assert!(belongs_to(&coverage, "p1"));
        let orphan = json!({"resourceType": "Condition"});
        assert!(!belongs_to(&orphan, "p1"));
    }

    #[test]
    fn every_scope_names_the_ten_types() {
        let scopes = every_patient_access_scope();
        assert_eq!(scopes.len(), 14);
        assert!(scopes.contains(&"patient/ExplanationOfBenefit.read".to_owned()));
    }
}
