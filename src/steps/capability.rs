//! What a tenant says about its FHIR API in `GET metadata` (portal guide Appendix A,
//! "What is a Capability Statement?"; R4 `capabilitystatement.html`; SMART App Launch
//! 2.0 `conformance.html`): the FHIR version, where its authorization server is, the
//! scopes it accepts, and each resource type with its interactions, search parameters
//! and includes.

use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::Value;

use super::expect_schema;
use super::fhir::{
    self, DIRECTORY_TYPES, FhirRequest, PATIENT_ACCESS_TYPES, Token, expect_fhir_json,
    expect_status, fail, last_body,
};
use super::split_list;
use crate::client::Call;
use crate::world::PortalWorld;

/// The SMART extension listing the OAuth endpoints in `rest.security`.
pub const OAUTH_URIS: &str =
    "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

/// The SMART extension listing one capability (`launch-standalone`, …).
pub const CAPABILITIES: &str =
    "http://fhir-registry.smarthealthit.org/StructureDefinition/capabilities";

/// The extension listing one scope the tenant accepts (contract "FHIR R4").
pub const SCOPES_SUPPORTED: &str = "urn:conform:fhir:extension:scopes-supported";

#[when(regex = r#"^an app reads the CapabilityStatement of "([a-z0-9]+)"$"#)]
async fn reads_capability(w: &mut PortalWorld, step: &Step, tenant: String) {
    w.begin(step);
    fhir::send(
        w,
        FhirRequest::get(&tenant, "metadata", Vec::new(), Token::None),
    )
    .await;
}

/// The CapabilityStatement of the last answer, after checking it is one.
fn statement(w: &PortalWorld) -> Value {
    expect_status(w, 200, "reading the CapabilityStatement");
    expect_fhir_json(w);
    let body = last_body(w).clone();
    if body["resourceType"] != "CapabilityStatement" {
        fail(
            w,
            format!(
                "Expected a CapabilityStatement at metadata, but the answer is a {}.",
                body["resourceType"]
            ),
        );
    }
    body
}

/// Every extension with `url` in the statement: top level, `rest[0]` and its security.
fn extensions<'v>(statement: &'v Value, url: &str) -> Vec<&'v Value> {
    [
        &statement["extension"],
        &statement["rest"][0]["extension"],
        &statement["rest"][0]["security"]["extension"],
    ]
    .into_iter()
    .filter_map(Value::as_array)
    .flatten()
    .filter(|e| e["url"].as_str() == Some(url))
    .collect()
}

/// The `rest[0].resource` entry of `kind`.
fn resource<'v>(statement: &'v Value, kind: &str) -> Option<&'v Value> {
    statement["rest"][0]["resource"]
        .as_array()?
        .iter()
        .find(|r| r["type"].as_str() == Some(kind))
}

fn texts(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[then(regex = r#"^the CapabilityStatement says FHIR version "([^"]+)"$"#)]
fn fhir_version(w: &mut PortalWorld, version: String) {
    let statement = statement(w);
    if statement["fhirVersion"].as_str() != Some(version.as_str()) {
        fail(
            w,
            format!(
                "Expected fhirVersion {version:?} (FHIR R4), but the CapabilityStatement says {}.",
                statement["fhirVersion"]
            ),
        );
    }
    if statement["rest"][0]["mode"].as_str() != Some("server") {
        fail(
            w,
            "Expected rest[0] to describe the server (mode \"server\"), but it does not.",
        );
    }
}

#[then(regex = r#"^the CapabilityStatement's security names the service "([^"]+)"$"#)]
fn security_service(w: &mut PortalWorld, code: String) {
    let statement = statement(w);
    let codes: Vec<String> = statement["rest"][0]["security"]["service"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["coding"].as_array().cloned().unwrap_or_default())
        .filter(|c| {
            c["system"].as_str()
                == Some("http://terminology.hl7.org/CodeSystem/restful-security-service")
        })
        .filter_map(|c| c["code"].as_str().map(str::to_owned))
        .collect();
    if !codes.contains(&code) {
        fail(
            w,
            format!(
                "Expected rest[0].security.service to carry the restful-security-service code \
                 {code:?}, so SMART clients know how to authorize, but its codes are {codes:?}."
            ),
        );
    }
}

/// Compares the `oauth-uris` extension with the endpoints of the tenant's
/// `.well-known/smart-configuration`, and the SMART capabilities of both.
#[then(
    regex = r#"^the CapabilityStatement's OAuth URIs and SMART capabilities are those of the SMART configuration of "([a-z0-9]+)"$"#
)]
async fn oauth_uris(w: &mut PortalWorld, step: &Step, tenant: String) {
    w.begin(step);
    let statement = statement(w);
    let uris = extensions(&statement, OAUTH_URIS);
    let Some(uris) = uris.first() else {
        fail(
            w,
            format!(
                "Expected rest[0].security to carry the SMART extension {OAUTH_URIS} (SMART App \
                 Launch conformance), but it does not: clients that read only metadata cannot find \
                 the authorization server."
            ),
        );
    };
    let uri = |name: &str| -> Option<String> {
        uris["extension"]
            .as_array()?
            .iter()
            .find(|e| e["url"].as_str() == Some(name))
            .and_then(|e| e["valueUri"].as_str().map(str::to_owned))
    };
    let declared: Vec<String> = texts(&Value::Array(
        extensions(&statement, CAPABILITIES)
            .iter()
            .map(|e| e["valueCode"].clone())
            .collect(),
    ));
    let url = w.tenant(&tenant).smart_configuration;
    let response = w.send(Call::get(url)).await;
    let config = expect_schema(&response, "smart-configuration", "the SMART configuration");
    let pairs = [
        ("authorize", "authorization_endpoint"),
        ("token", "token_endpoint"),
        ("introspect", "introspection_endpoint"),
        ("revoke", "revocation_endpoint"),
    ];
    for (extension, member) in pairs {
        let in_statement = uri(extension);
        let in_config = config[member].as_str().map(str::to_owned);
        if in_statement.is_none() || in_statement != in_config {
            fail(
                w,
                format!(
                    "Expected the oauth-uris extension's {extension:?} to be the SMART \
                     configuration's {member} {in_config:?}, but it is {in_statement:?}."
                ),
            );
        }
    }
    let mut published = texts(&config["capabilities"]);
    let mut declared = declared;
    published.sort();
    declared.sort();
    if declared != published {
        fail(
            w,
            format!(
                "Expected the CapabilityStatement to declare the SMART capabilities the SMART \
                 configuration publishes, {published:?}, but it declares {declared:?}."
            ),
        );
    }
}

/// The scopes listed by the statement's scopes extension.
fn scopes(statement: &Value) -> Vec<String> {
    extensions(statement, SCOPES_SUPPORTED)
        .iter()
        .filter_map(|e| e["valueString"].as_str().map(str::to_owned))
        .collect()
}

#[then(regex = r#"^the CapabilityStatement lists the scopes "([^"]+)"$"#)]
fn lists_scopes(w: &mut PortalWorld, expected: String) {
    let statement = statement(w);
    let listed = scopes(&statement);
    let missing: Vec<String> = split_list(&expected)
        .into_iter()
        .filter(|s| !listed.contains(s))
        .collect();
    if !missing.is_empty() {
        fail(
            w,
            format!(
                "Expected the CapabilityStatement to list the scopes {missing:?} ({SCOPES_SUPPORTED}), \
                 but it lists only {listed:?}."
            ),
        );
    }
}

#[then("the CapabilityStatement lists a read scope for every Patient Access type")]
fn lists_read_scopes(w: &mut PortalWorld) {
    let statement = statement(w);
    let listed = scopes(&statement);
    let missing: Vec<String> = PATIENT_ACCESS_TYPES
        .iter()
        .map(|t| format!("patient/{t}.read"))
        .filter(|s| !listed.contains(s))
        .collect();
    if !missing.is_empty() {
        fail(
            w,
            format!(
                "Expected a patient/<Type>.read scope for each Patient Access type, but {missing:?} \
                 are not listed (listed: {listed:?})."
            ),
        );
    }
}

#[then(
    "the CapabilityStatement lists every Patient Access and Provider Directory type with the interactions read and search-type"
)]
fn lists_types(w: &mut PortalWorld) {
    let statement = statement(w);
    for kind in PATIENT_ACCESS_TYPES.iter().chain(DIRECTORY_TYPES.iter()) {
        let Some(entry) = resource(&statement, kind) else {
            fail(
                w,
                format!("Expected rest[0].resource to list {kind}, but it does not."),
            );
        };
        let interactions: Vec<String> = entry["interaction"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["code"].as_str().map(str::to_owned))
            .collect();
        for needed in ["read", "search-type"] {
            if !interactions.iter().any(|i| i == needed) {
                fail(
                    w,
                    format!(
                        "Expected {kind} to offer the interaction {needed:?}, but it offers \
                         {interactions:?}."
                    ),
                );
            }
        }
        if entry["profile"].as_str().is_none_or(str::is_empty) {
            fail(
                w,
                format!("Expected {kind} to name the profile it serves, but it names none."),
            );
        }
    }
}

#[then(
    regex = r#"^the CapabilityStatement lists the search parameters "([^"]+)" of "([A-Za-z]+)"$"#
)]
fn lists_params(w: &mut PortalWorld, names: String, kind: String) {
    let statement = statement(w);
    let Some(entry) = resource(&statement, &kind) else {
        fail(
            w,
            format!("Expected rest[0].resource to list {kind}, but it does not."),
        );
    };
    let params = entry["searchParam"].as_array().cloned().unwrap_or_default();
    let listed: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
    for name in split_list(&names) {
        let Some(param) = params
            .iter()
            .find(|p| p["name"].as_str() == Some(name.as_str()))
        else {
            fail(
                w,
                format!(
                    "Expected {kind} to list the search parameter {name:?}, but it lists {listed:?}."
                ),
            );
        };
        let kind_code = param["type"].as_str().unwrap_or_default();
        if kind_code.is_empty() || param["definition"].as_str().is_none_or(str::is_empty) {
            fail(
                w,
                format!(
                    "Expected the search parameter {name:?} of {kind} to say its type and its \
                     definition, but it is {param}."
                ),
            );
        }
        if let Some(known) = fhir::criteria::param(&kind, &name) {
            let expected = match known.kind {
                fhir::criteria::Kind::String => "string",
                fhir::criteria::Kind::Token => "token",
                fhir::criteria::Kind::Reference => "reference",
                fhir::criteria::Kind::Date => "date",
            };
            if kind_code != expected {
                fail(
                    w,
                    format!(
                        "Expected the search parameter {name:?} of {kind} to be of type {expected:?} \
                         (its specification), but the CapabilityStatement says {kind_code:?}."
                    ),
                );
            }
        }
    }
}

#[then(regex = r#"^the CapabilityStatement lets "([A-Za-z]+)" (include|revinclude) "([^"]+)"$"#)]
fn lists_includes(w: &mut PortalWorld, kind: String, which: String, expected: String) {
    let statement = statement(w);
    let Some(entry) = resource(&statement, &kind) else {
        fail(
            w,
            format!("Expected rest[0].resource to list {kind}, but it does not."),
        );
    };
    let member = if which == "include" {
        "searchInclude"
    } else {
        "searchRevInclude"
    };
    let listed = texts(&entry[member]);
    let missing: Vec<String> = split_list(&expected)
        .into_iter()
        .filter(|i| !listed.contains(i))
        .collect();
    if !missing.is_empty() {
        fail(
            w,
            format!("Expected {kind}'s {member} to list {missing:?}, but it lists {listed:?}."),
        );
    }
}
