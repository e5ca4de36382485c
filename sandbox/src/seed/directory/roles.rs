//! PractitionerRoles: who practises what, where, and in which network.
//!
//! `role-<n>` for n up to the practitioner count is `pract-<n>`'s main role; the
//! rest give every fourth practitioner a second site. A role carries the Plan-Net
//! role code and NUCC specialty of the practitioner's discipline, their organization
//! and site, the network it is in (`network-reference`, Plan-Net allows one) and
//! whether it takes new patients from that network: what "find an in-network
//! pediatrician in Detroit accepting new patients" searches on.

use super::codes::{self, ext};
use super::common::{
    available_time, meta, named_reference, obj, put, reference, work_phone, working_hours,
};
use super::kinds;
use super::layout::Layout;
use crate::fhir::profiles::plan_net;
use crate::seed::rng::SeedRng;
use crate::seed::scale::ids;
use fake::rand::RngExt;
use serde_json::Value;

/// Emits `role-1..`.
pub fn emit(layout: &Layout, rng: &mut SeedRng, sink: &mut dyn FnMut(Value)) {
    for r in 1..=layout.roles {
        sink(role(layout, rng, r));
    }
}

/// Role `r`.
fn role(layout: &Layout, rng: &mut SeedRng, r: u32) -> Value {
    let site = layout.role_site(r);
    let profile = layout.practitioner_profile(site.practitioner);
    let network = layout.role_network(r);
    let network_id = ids::network(network);
    let network_ref = named_reference("Organization", &network_id, layout.network_name(network));
    let accepting = match rng.random_range(0..10) {
        0..7 => codes::ACCEPTING,
        7..9 => codes::ACCEPTING_EXISTING,
        _ => codes::NOT_ACCEPTING,
    };
    let org = site.organization;
    let location = named_reference(
        "Location",
        &ids::location(site.location),
        layout.location_name(site.location),
    );
    let mut role = obj! {
        "resourceType": "PractitionerRole",
        "id": ids::practitioner_role(r),
        "meta": meta(rng, &[plan_net::PRACTITIONER_ROLE]),
        "extension": [
            obj! {"url": ext::NEW_PATIENTS, "extension": [
                obj! {"url": "acceptingPatients", "valueCodeableConcept": accepting.concept()},
                obj! {"url": "fromNetwork", "valueReference": network_ref.clone()},
            ]},
            obj! {"url": plan_net::NETWORK_REFERENCE, "valueReference": network_ref},
        ],
        "active": true,
        "practitioner": reference("Practitioner", &ids::practitioner(site.practitioner)),
        "organization": named_reference("Organization", &ids::organization(org), layout.org_name(org)),
        "code": [profile.discipline.role.concept()],
        "specialty": [codes::taxonomy(profile.specialty).concept()],
        "location": [location],
    };
    if rng.random_bool(0.5) {
        let [main_service, _] = layout.org_services(org);
        let service = reference("HealthcareService", &ids::healthcare_service(main_service));
        put(&mut role, "healthcareService", [service]);
    }
    put(&mut role, "telecom", [work_phone(rng)]);
    let hours = kinds::info(layout.org_kind(org)).hours;
    put(
        &mut role,
        "availableTime",
        available_time(&[working_hours(hours, rng)]),
    );
    if rng.random_bool(0.25) {
        put(
            &mut role,
            "endpoint",
            [reference("Endpoint", &ids::endpoint(org))],
        );
    }
    role.into()
}
