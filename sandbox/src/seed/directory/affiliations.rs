//! OrganizationAffiliations: which provider organizations are in which networks.
//!
//! Plan-Net records an organization's network participation as an affiliation of the
//! payer (`organization`) with the participant (`participatingOrganization`), listing
//! the networks, the role it plays for them (hospital, pharmacy...), and the sites and
//! services covered. `aff-<n>` is `org-<n>`'s; its networks are the ones the
//! organization's practitioners' roles are in.

use super::codes;
use super::common::{meta, named_reference, obj, put, reference};
use super::kinds;
use super::layout::Layout;
use crate::fhir::profiles::plan_net;
use crate::seed::rng::SeedRng;
use crate::seed::scale::{PAYER_ORGANIZATION, ids};
use fake::rand::RngExt;
use serde_json::Value;

/// Emits `aff-1..`, one per provider organization.
pub fn emit(layout: &Layout, rng: &mut SeedRng, sink: &mut dyn FnMut(Value)) {
    for n in 1..=layout.organizations {
        sink(affiliation(layout, rng, n));
    }
}

/// Organization `n`'s affiliation with the payer's networks.
fn affiliation(layout: &Layout, rng: &mut SeedRng, n: u32) -> Value {
    let info = kinds::info(layout.org_kind(n));
    let specialty = info.specialty.unwrap_or(layout.org_focus(n).specialty);
    let networks: Vec<Value> = layout
        .org_networks(n)
        .map(|k| named_reference("Organization", &ids::network(k), layout.network_name(k)))
        .collect();
    let sites: Vec<Value> = layout
        .org_sites(n)
        .map(|m| named_reference("Location", &ids::location(m), layout.location_name(m)))
        .collect();
    let services: Vec<Value> = layout
        .org_services(n)
        .into_iter()
        .map(|s| reference("HealthcareService", &ids::healthcare_service(s)))
        .collect();
    let mut affiliation = obj! {
        "resourceType": "OrganizationAffiliation",
        "id": ids::organization_affiliation(n),
        "meta": meta(rng, &[plan_net::ORGANIZATION_AFFILIATION]),
        "active": true,
        "period": obj! {"start": format!("20{:02}-01-01", rng.random_range(15..=25))},
        "organization": named_reference("Organization", PAYER_ORGANIZATION, &layout.tenant.name),
        "participatingOrganization":
            named_reference("Organization", &ids::organization(n), layout.org_name(n)),
        "network": networks,
        "code": [info.affiliation.concept()],
        "specialty": [codes::taxonomy(specialty).concept()],
        "location": sites,
        "healthcareService": services,
    };
    if rng.random_bool(0.5) {
        put(
            &mut affiliation,
            "endpoint",
            [reference("Endpoint", &ids::endpoint(n))],
        );
    }
    affiliation.into()
}
