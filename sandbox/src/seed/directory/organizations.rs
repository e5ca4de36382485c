//! Organizations: the payer, its networks, and the provider organizations.
//!
//! Plan-Net models all three as Organization: the payer (`type` payer, also a CARIN
//! organization since EOBs and Coverages name it as insurer), the networks (`type`
//! ntwk, the Plan-Net Network profile, `partOf` the payer) and the clinics, hospitals,
//! pharmacies and laboratories members can be seen at. Each carries an OID as its
//! primary identifier (the portal identifies organizations by OID); about half of the
//! provider organizations also have a Type 2 NPI.

use super::codes::{self, URI_SYSTEM};
use super::common::{meta, named_reference, obj, put, reference, work_phone};
use super::kinds;
use super::layout::Layout;
use super::names;
use crate::fhir::profiles::{carin, plan_net};
use crate::seed::michigan;
use crate::seed::npi::NPI_SYSTEM;
use crate::seed::rng::SeedRng;
use crate::seed::scale::{PAYER_ORGANIZATION, ids};
use fake::rand::RngExt;
use serde_json::Value;

/// Emits the payer, then `network-1..`, then `org-1..`.
pub fn emit(layout: &Layout, rng: &mut SeedRng, sink: &mut dyn FnMut(Value)) {
    sink(payer(layout, rng));
    for k in 1..=layout.networks {
        sink(network(layout, rng, k));
    }
    for n in 1..=layout.organizations {
        sink(provider(layout, rng, n));
    }
}

/// An OID identifier (`urn:oid:...` under the URI system).
fn oid(value: String) -> Value {
    obj! {"system": URI_SYSTEM, "value": value}.into()
}

/// The tenant itself, as the payer of its members' claims.
fn payer(layout: &Layout, rng: &mut SeedRng) -> Value {
    let name = layout.tenant.name.as_str();
    let mut payer = obj! {
        "resourceType": "Organization",
        "id": PAYER_ORGANIZATION,
        "meta": meta(rng, &[plan_net::ORGANIZATION, carin::ORGANIZATION]),
        "identifier": [oid(layout.payer_oid())],
        "active": true,
        "type": [codes::ORG_PAYER.concept()],
        "name": name,
        "telecom": [
            work_phone(rng),
            obj! {
                "system": "url",
                "value": format!("https://www.{}.example.org", layout.tenant.id),
            }
            .into(),
        ],
        "address": [michigan::address_in(rng, layout.payer_city(), "work")],
    };
    let alias = names::acronym(name);
    if alias.len() >= 2 {
        put(&mut payer, "alias", [alias]);
    }
    payer.into()
}

/// Network `k`, managed by the payer.
fn network(layout: &Layout, rng: &mut SeedRng, k: u32) -> Value {
    obj! {
        "resourceType": "Organization",
        "id": ids::network(k),
        "meta": meta(rng, &[plan_net::NETWORK]),
        "identifier": [oid(layout.network_oid(k))],
        "active": true,
        "type": [codes::ORG_NETWORK.concept()],
        "name": layout.network_name(k),
        "partOf": named_reference("Organization", PAYER_ORGANIZATION, &layout.tenant.name),
    }
    .into()
}

/// Provider organization `n`.
fn provider(layout: &Layout, rng: &mut SeedRng, n: u32) -> Value {
    let kind = kinds::info(layout.org_kind(n));
    let name = layout.org_name(n);
    let mut identifier = vec![oid(layout.organization_oid(n))];
    if let Some(npi) = layout.org_npi(n) {
        identifier.push(obj! {"system": NPI_SYSTEM, "value": npi}.into());
    }
    let mut org = obj! {
        "resourceType": "Organization",
        "id": ids::organization(n),
        "meta": meta(rng, &[plan_net::ORGANIZATION]),
        "identifier": identifier,
        "active": true,
        "type": [kind.org_type.concept()],
        "name": name,
        "telecom": [
            work_phone(rng),
            obj! {
                "system": "url",
                "value": format!("https://www.{}.example.org", names::slug(name)),
            }
            .into(),
        ],
        "address": [michigan::address_in(rng, layout.org_city(n), "work")],
    };
    if rng.random_bool(0.3) {
        put(&mut org, "alias", [names::acronym(name)]);
    }
    if let Some(parent) = layout.org_part_of(n) {
        let parent_ref = named_reference(
            "Organization",
            &ids::organization(parent),
            layout.org_name(parent),
        );
        put(&mut org, "partOf", parent_ref);
    }
    put(
        &mut org,
        "endpoint",
        [reference("Endpoint", &ids::endpoint(n))],
    );
    org.into()
}
