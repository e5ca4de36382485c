//! `GET /{tenant}/fhir/metadata`: the CapabilityStatement (R4 `capabilitystatement.html`).
//!
//! It is written from the same definitions the search engine runs on, so every
//! parameter, include and profile listed here works, and nothing that works is
//! missing. The security section carries the SMART `oauth-uris` extension with the
//! same URLs as the well-known file: the official Python SMART client finds the
//! authorization server only there.

use super::definition::{Api, ResourceDef};
use super::search::{DEFAULT_COUNT, MAX_COUNT};
use super::types;
use crate::oauth::{SMART_CAPABILITIES, fhir_base, oauth_base};
use crate::state::SandboxState;
use crate::tenants::Tenant;
use serde_json::{Value, json};

/// The extension that lists the scopes this tenant accepts (the well-known file's
/// `scopes_supported`, for clients that read only the CapabilityStatement).
pub const SCOPES_EXTENSION: &str = "urn:conform:fhir:extension:scopes-supported";

fn search_params(def: &ResourceDef) -> Vec<Value> {
    let common = [
        json!({"name": "_id", "definition": "http://hl7.org/fhir/SearchParameter/Resource-id", "type": "token"}),
        json!({"name": "_lastUpdated", "definition": "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated", "type": "date"}),
    ];
    common
        .into_iter()
        .chain(def.params.iter().map(|p| {
            let mut param =
                json!({"name": p.name, "definition": p.definition, "type": p.kind.code()});
            if !p.targets.is_empty() {
                param["documentation"] = json!(format!(
                    "Points at {}; chain with `{}.<parameter>`.",
                    p.targets.join(" or "),
                    p.name
                ));
            }
            param
        }))
        .collect()
}

fn resource(def: &ResourceDef) -> Value {
    let mut r = json!({
        "type": def.name,
        "profile": def.profile,
        "supportedProfile": def.supported_profiles,
        "interaction": [{"code": "read"}, {"code": "vread"}, {"code": "search-type"}],
        "versioning": "versioned",
        "readHistory": false,
        "conditionalRead": "full-support",
        "searchParam": search_params(def),
    });
    if !def.includes.is_empty() {
        r["searchInclude"] = json!(
            def.includes
                .iter()
                .map(|p| format!("{}:{p}", def.name))
                .collect::<Vec<_>>()
        );
    }
    if !def.revincludes.is_empty() {
        r["searchRevInclude"] = json!(def.revincludes);
    }
    let access = match def.api {
        Api::PatientAccess => format!(
            "Patient Access API: a bearer token with `patient/{0}.read` (or `patient/{0}.rs`) is required; only the token's patient is visible.",
            def.name
        ),
        Api::Directory => "Provider Directory API (Plan-Net): open, no token needed.".to_owned(),
    };
    r["documentation"] = json!(access);
    r
}

/// The CapabilityStatement of `tenant`, as of `date`.
pub fn statement(state: &SandboxState, tenant: &Tenant, date: &str) -> Value {
    let base = fhir_base(state, &tenant.id);
    let oauth = oauth_base(state, &tenant.id);
    let oauth_uris = json!({
        "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
        "extension": [
            {"url": "authorize", "valueUri": format!("{oauth}/authorize")},
            {"url": "token", "valueUri": format!("{oauth}/token")},
            {"url": "introspect", "valueUri": format!("{oauth}/introspect")},
            {"url": "revoke", "valueUri": format!("{oauth}/revoke")}
        ]
    });
    let mut security_extensions = vec![oauth_uris];
    security_extensions.extend(SMART_CAPABILITIES.iter().map(|c| {
        json!({"url": "http://fhir-registry.smarthealthit.org/StructureDefinition/capabilities", "valueCode": c})
    }));
    security_extensions.extend(
        tenant
            .scopes
            .iter()
            .map(|s| json!({"url": SCOPES_EXTENSION, "valueString": s})),
    );
    json!({
        "resourceType": "CapabilityStatement",
        "id": tenant.id,
        "url": format!("{base}/metadata"),
        "version": env!("CARGO_PKG_VERSION"),
        "name": "ConformSandboxCapabilityStatement",
        "title": format!("{} FHIR R4 API (conform sandbox)", tenant.name),
        "status": "active",
        "experimental": true,
        "date": date,
        "publisher": "conform sandbox",
        "description": format!("Patient Access (CARIN Blue Button 1.2.0, US Core 3.1.1) and Provider Directory (Da Vinci PDex Plan-Net 1.1.0) APIs of the {} tenant, with synthetic data. Bulk data ($export) is not offered.", tenant.name),
        "kind": "instance",
        "software": {"name": "conform-sandbox", "version": env!("CARGO_PKG_VERSION")},
        "implementation": {"description": format!("{} tenant", tenant.name), "url": base},
        "fhirVersion": "4.0.1",
        "format": ["json", "application/fhir+json"],
        "implementationGuide": [
            "http://hl7.org/fhir/us/carin-bb/ImplementationGuide/hl7.fhir.us.carin-bb|1.2.0",
            "http://hl7.org/fhir/us/core/ImplementationGuide/hl7.fhir.us.core|3.1.1",
            "http://hl7.org/fhir/us/davinci-pdex-plan-net/ImplementationGuide/hl7.fhir.us.davinci-pdex-plan-net|1.1.0",
            "http://hl7.org/fhir/smart-app-launch/ImplementationGuide/hl7.fhir.uv.smart-app-launch|2.0.0"
        ],
        "rest": [{
            "mode": "server",
            "documentation": format!("Searches answer searchset Bundles with total and self/first/previous/next/last links; _count from 1 to {MAX_COUNT} (default {DEFAULT_COUNT}); unknown parameters are ignored and reported in an OperationOutcome entry, or refused under `Prefer: handling=strict`."),
            "security": {
                "extension": security_extensions,
                "cors": true,
                "service": [{
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "SMART-on-FHIR", "display": "SMART-on-FHIR"}],
                    "text": "OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)"
                }],
                "description": format!("Patient Access resources need a SMART bearer token from {oauth}; scopes accepted: {}.", tenant.scopes.join(" "))
            },
            "resource": types::all().map(resource).collect::<Vec<_>>()
        }]
    })
}
