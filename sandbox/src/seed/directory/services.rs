//! HealthcareServices: what each organization offers, two per organization.
//!
//! `svc-<2n-1>` and `svc-<2n>` belong to `org-<n>` and follow its kind (a pharmacy's
//! retail pharmacy and medication reviews, a hospital's inpatient and emergency care).
//! Plan-Net apps search services by category and specialty and read where they are
//! offered, whether they take new patients and whether they are offered virtually.

use super::codes::{self, ext};
use super::common::{
    available_time, meta, named_reference, obj, opening_hours, put, reference, work_phone,
};
use super::kinds::{self, ServiceTemplate};
use super::layout::Layout;
use crate::fhir::profiles::plan_net;
use crate::seed::rng::SeedRng;
use crate::seed::scale::ids;
use fake::rand::RngExt;
use serde_json::Value;

/// At most this many of an organization's sites are listed on one service.
const MAX_SITES: usize = 3;

/// Emits `svc-1..`.
pub fn emit(layout: &Layout, rng: &mut SeedRng, sink: &mut dyn FnMut(Value)) {
    for n in 1..=layout.organizations {
        let templates = &kinds::info(layout.org_kind(n)).services;
        for (id, template) in layout.org_services(n).into_iter().zip(templates) {
            sink(service(layout, rng, n, id, template));
        }
    }
}

/// Service `id` of organization `org`, made from `template`.
fn service(
    layout: &Layout,
    rng: &mut SeedRng,
    org: u32,
    id: u32,
    template: &ServiceTemplate,
) -> Value {
    let info = kinds::info(layout.org_kind(org));
    let focus = layout.org_focus(org);
    let name = template.name.unwrap_or(focus.label);
    let specialty = template.specialty.unwrap_or(focus.specialty);
    let sites: Vec<Value> = layout
        .org_sites(org)
        .take(MAX_SITES)
        .map(|m| named_reference("Location", &ids::location(m), layout.location_name(m)))
        .collect();
    let delivery_type = if template.virtual_ {
        codes::DELIVERY_VIRTUAL
    } else {
        codes::DELIVERY_PHYSICAL
    };
    let mut delivery: Vec<Value> =
        vec![obj! {"url": "type", "valueCodeableConcept": delivery_type.concept()}.into()];
    if template.virtual_ {
        for modality in [codes::MODALITY_VIDEO, codes::MODALITY_PHONE] {
            delivery.push(
                obj! {"url": "virtualModalities", "valueCodeableConcept": modality.concept()}
                    .into(),
            );
        }
    }
    let accepting = if rng.random_bool(0.85) {
        codes::ACCEPTING
    } else {
        codes::ACCEPTING_EXISTING
    };
    let mut service = obj! {
        "resourceType": "HealthcareService",
        "id": ids::healthcare_service(id),
        "meta": meta(rng, &[plan_net::HEALTHCARE_SERVICE]),
        "extension": [
            obj! {"url": ext::DELIVERY_METHOD, "extension": delivery},
            obj! {"url": ext::NEW_PATIENTS, "extension": [
                obj! {"url": "acceptingPatients", "valueCodeableConcept": accepting.concept()},
            ]},
        ],
        "active": true,
        "providedBy": named_reference("Organization", &ids::organization(org), layout.org_name(org)),
        "category": [template.category.concept()],
    };
    if let Some(service_type) = template.service_type {
        put(&mut service, "type", [service_type.concept()]);
    }
    put(
        &mut service,
        "specialty",
        [codes::taxonomy(specialty).concept()],
    );
    put(&mut service, "location", sites);
    put(&mut service, "name", name);
    put(&mut service, "telecom", [work_phone(rng)]);
    if rng.random_bool(0.3) {
        let area = layout.org_site(org, 0);
        let area_ref =
            named_reference("Location", &ids::location(area), layout.location_name(area));
        put(&mut service, "coverageArea", [area_ref]);
    }
    let hours = available_time(&opening_hours(info.hours, rng));
    put(&mut service, "availableTime", hours);
    if rng.random_bool(0.4) {
        put(
            &mut service,
            "endpoint",
            [reference("Endpoint", &ids::endpoint(org))],
        );
    }
    service.into()
}
