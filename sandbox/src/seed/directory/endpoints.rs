//! Endpoints: how to reach each provider organization electronically.
//!
//! Plan-Net's reason to exist is letting one system find another's FHIR server or
//! Direct address, so every provider organization has one Endpoint (`ep-<n>` for
//! `org-<n>`): a FHIR REST base URL for hospitals, clinics and the like, a Direct
//! secure-messaging address for pharmacies, laboratories and dental offices.

use super::codes;
use super::common::{meta, named_reference, obj};
use super::kinds;
use super::layout::Layout;
use super::names;
use crate::fhir::profiles::plan_net;
use crate::seed::rng::SeedRng;
use crate::seed::scale::ids;
use serde_json::Value;

/// Emits `ep-1..`, one per provider organization.
pub fn emit(layout: &Layout, rng: &mut SeedRng, sink: &mut dyn FnMut(Value)) {
    for n in 1..=layout.organizations {
        sink(endpoint(layout, rng, n));
    }
}

/// Organization `n`'s endpoint.
fn endpoint(layout: &Layout, rng: &mut SeedRng, n: u32) -> Value {
    let org_name = layout.org_name(n);
    let slug = names::slug(org_name);
    let fhir = kinds::info(layout.org_kind(n)).fhir_endpoint;
    let (connection, name, mime, address, contact) = if fhir {
        (
            codes::CONNECTION_FHIR_REST,
            format!("{org_name} FHIR API"),
            ["application/fhir+json", "application/fhir+xml"],
            format!("https://fhir.{slug}.example.org/r4"),
            format!("interop@{slug}.example.org"),
        )
    } else {
        (
            codes::CONNECTION_DIRECT,
            format!("{org_name} Direct Messaging"),
            ["application/pdf", "text/plain"],
            format!("mailto:records@direct.{slug}.example.org"),
            format!("records@{slug}.example.org"),
        )
    };
    obj! {
        "resourceType": "Endpoint",
        "id": ids::endpoint(n),
        "meta": meta(rng, &[plan_net::ENDPOINT]),
        "status": "active",
        "connectionType": connection.coding(),
        "name": name,
        "managingOrganization": named_reference("Organization", &ids::organization(n), org_name),
        "contact": [obj! {"system": "email", "value": contact, "use": "work"}],
        "payloadType": [codes::PAYLOAD_NOT_APPLICABLE.concept()],
        "payloadMimeType": mime,
        "address": address,
    }
    .into()
}
