//! The response schemas of the document: the JSON schemas of `fixtures/schemas/`,
//! embedded at build time, so the document describes bodies exactly as the harness
//! checks them.
//!
//! Each file becomes `components/schemas/<file stem>`; its `$defs` become
//! `<file stem>.<def>` beside it, and references between files (`"$ref": "ticket.json"`)
//! and into `$defs` are rewritten to point there. Handlers name a file through the
//! marker type of the same name (`body = AppDashboard`), whose `ToSchema` name is the
//! file stem; utoipa then writes the `$ref`, and [`install`] fills in the schema.

use serde_json::{Map, Value};
use std::borrow::Cow;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema};

macro_rules! fixture_schemas {
    ($($(#[$doc:meta])* $marker:ident => $stem:literal,)*) => {
        $(
            $(#[$doc])*
            pub struct $marker;

            impl utoipa::PartialSchema for $marker {
                fn schema() -> RefOr<Schema> {
                    // A placeholder: `install` replaces it with the fixture file.
                    ObjectBuilder::new().into()
                }
            }

            impl utoipa::ToSchema for $marker {
                fn name() -> Cow<'static, str> {
                    Cow::Borrowed($stem)
                }
            }
        )*

        /// Every embedded schema file: (file stem, text).
        pub const FIXTURE_SCHEMAS: &[(&str, &str)] = &[
            $(($stem, include_str!(concat!("../../../fixtures/schemas/", $stem, ".json"))),)*
        ];
    };
}

fixture_schemas! {
    /// `fixtures/schemas/account.json`: a developer account.
    AccountBody => "account",
    /// `fixtures/schemas/app-dashboard.json`: the application dashboard.
    AppDashboard => "app-dashboard",
    /// `fixtures/schemas/app-list.json`: `GET /apps`.
    AppList => "app-list",
    /// `fixtures/schemas/attestation-list.json`: the attestation lists.
    AttestationList => "attestation-list",
    /// `fixtures/schemas/attestation-questions.json`: the questionnaires.
    AttestationQuestions => "attestation-questions",
    /// `fixtures/schemas/attestation.json`: one security attestation.
    AttestationBody => "attestation",
    /// `fixtures/schemas/clock.json`: the sandbox clock.
    ClockBody => "clock",
    /// `fixtures/schemas/outbox.json`: the mails the sandbox would have sent.
    Outbox => "outbox",
    /// `fixtures/schemas/privacy-attestation.json`: the privacy attestation's status.
    PrivacyAttestationStatus => "privacy-attestation",
    /// `fixtures/schemas/privacy-policy-status.json`: the privacy policy tile.
    PrivacyPolicyStatus => "privacy-policy-status",
    /// `fixtures/schemas/problem.json`: every refusal (RFC 9457).
    Problem => "problem",
    /// `fixtures/schemas/production-client.json`: the production client.
    ProductionClient => "production-client",
    /// `fixtures/schemas/session.json`: a new session.
    SessionBody => "session",
    /// `fixtures/schemas/terms.json`: the terms of use.
    TermsBody => "terms",
    /// `fixtures/schemas/terms-acceptance.json`: accepted terms.
    TermsAcceptance => "terms-acceptance",
    /// `fixtures/schemas/ticket.json`: one help-desk ticket.
    TicketBody => "ticket",
    /// `fixtures/schemas/ticket-list.json`: the ticket lists.
    TicketList => "ticket-list",
    /// `fixtures/schemas/verification.json`: a verified email.
    Verification => "verification",
    /// `fixtures/schemas/reset.json`: the answer of `POST /_sandbox/reset`.
    ResetBody => "reset",
    /// `fixtures/schemas/request-log.json`: the recent request log.
    RequestLog => "request-log",
    /// `fixtures/schemas/fault.json`: one simulated-fault rule.
    FaultBody => "fault",
    /// `fixtures/schemas/fault-list.json`: every simulated-fault rule.
    FaultList => "fault-list",
}

/// Puts every embedded schema into `doc.components.schemas`, replacing utoipa's
/// placeholders.
pub fn install(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(schemas) = schemas.as_object_mut() else {
        return;
    };
    for (stem, text) in FIXTURE_SCHEMAS {
        for (name, schema) in component_schemas(stem, text) {
            schemas.insert(name, schema);
        }
    }
    schemas.sort_keys();
}

/// One fixture file as components: the schema itself and each of its `$defs`.
/// A file that is not JSON (a build-time mistake the golden test catches) yields nothing.
pub fn component_schemas(stem: &str, text: &str) -> Vec<(String, Value)> {
    let Ok(Value::Object(mut schema)) = serde_json::from_str::<Value>(text) else {
        return vec![];
    };
    schema.remove("$schema");
    schema.remove("$id");
    let defs = match schema.remove("$defs") {
        Some(Value::Object(defs)) => defs,
        _ => Map::new(),
    };
    let mut out = vec![(stem.to_owned(), Value::Object(schema))];
    out.extend(
        defs.into_iter()
            .map(|(def, value)| (format!("{stem}.{def}"), value)),
    );
    for (_, value) in &mut out {
        rewrite_refs(stem, value);
    }
    out
}

fn rewrite_refs(stem: &str, value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                match inner {
                    Value::String(target) if key == "$ref" => *target = component_ref(stem, target),
                    _ => rewrite_refs(stem, inner),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(stem, v)),
        _ => {}
    }
}

/// `#/$defs/jwt` in `token-response.json` → `#/components/schemas/token-response.jwt`;
/// `account.json` → `#/components/schemas/account`.
fn component_ref(stem: &str, target: &str) -> String {
    if let Some(def) = target.strip_prefix("#/$defs/") {
        format!("#/components/schemas/{stem}.{def}")
    } else if let Some(file) = target.strip_suffix(".json") {
        format!("#/components/schemas/{file}")
    } else {
        target.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_references_and_defs_become_component_references() {
        let parts = component_schemas(
            "x",
            r##"{"$schema": "s", "$defs": {"w": {"type": "string"}},
                "properties": {"a": {"$ref": "#/$defs/w"}, "b": {"$ref": "account.json"}}}"##,
        );
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["x", "x.w"]);
        assert_eq!(
            parts[0].1,
            serde_json::json!({"properties": {
                "a": {"$ref": "#/components/schemas/x.w"},
                "b": {"$ref": "#/components/schemas/account"}}})
        );
    }

    #[test]
    fn every_embedded_schema_file_is_a_json_object() {
        for (stem, text) in FIXTURE_SCHEMAS {
            assert!(!component_schemas(stem, text).is_empty(), "{stem}.json");
        }
    }
}
