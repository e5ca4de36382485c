//! Locations: the sites where care is given.
//!
//! `loc-<n>` is the main site of `org-<n>`; further sites (`loc-<n + organizations>`...)
//! are another building of a hospital's campus (`partOf` its main site) or a branch in
//! another city. Apps search sites by city (`address-city=Detroit`, a large share by
//! design), by type and by distance (`position`), and read opening hours.

use super::codes::{self, ext};
use super::common::{
    hours_of_operation, meta, named_reference, obj, opening_hours, put, reference, work_phone,
};
use super::geo;
use super::kinds::{self, OrgKind};
use super::layout::Layout;
use crate::fhir::profiles::plan_net;
use crate::seed::michigan::{self, CITIES};
use crate::seed::rng::SeedRng;
use crate::seed::scale::ids;
use fake::rand::RngExt;
use serde_json::Value;

/// Emits `loc-1..`.
pub fn emit(layout: &Layout, rng: &mut SeedRng, sink: &mut dyn FnMut(Value)) {
    for m in 1..=layout.locations {
        sink(location(layout, rng, m));
    }
}

/// Site `m`.
fn location(layout: &Layout, rng: &mut SeedRng, m: u32) -> Value {
    let org = layout.location_org(m);
    let kind = layout.org_kind(org);
    let info = kinds::info(kind);
    let location_type = info
        .location_type
        .unwrap_or(layout.org_focus(org).location_type);
    let city_index = layout.location_city_index(m);
    let mut location = obj! {
        "resourceType": "Location",
        "id": ids::location(m),
        "meta": meta(rng, &[plan_net::LOCATION]),
    };
    let transit = if kind == OrgKind::Hospital { 0.9 } else { 0.4 };
    let accessibility: Vec<Value> = [
        (codes::HANDICAP_ACCESSIBLE, 0.8),
        (codes::PUBLIC_TRANSIT, transit),
    ]
    .into_iter()
    .filter(|&(_, p)| rng.random_bool(p))
    .map(|(code, _)| {
        obj! {"url": ext::ACCESSIBILITY, "valueCodeableConcept": code.concept()}.into()
    })
    .collect();
    if !accessibility.is_empty() {
        put(&mut location, "extension", accessibility);
    }
    put(&mut location, "status", "active");
    put(&mut location, "name", layout.location_name(m));
    put(&mut location, "type", [location_type.concept()]);
    put(&mut location, "telecom", [work_phone(rng)]);
    put(
        &mut location,
        "address",
        michigan::address_in(rng, CITIES[city_index], "work"),
    );
    if let Some((lat, lon)) = geo::centre(city_index) {
        // Within about 4 km of the centre, to six decimals (10 cm).
        let jitter = |rng: &mut SeedRng| f64::from(rng.random_range(-40_000..=40_000)) / 1e6;
        let position = obj! {
            "longitude": round6(lon + jitter(rng)),
            "latitude": round6(lat + jitter(rng)),
        };
        put(&mut location, "position", position);
    }
    let manager = named_reference(
        "Organization",
        &ids::organization(org),
        layout.org_name(org),
    );
    put(&mut location, "managingOrganization", manager);
    if let Some(campus) = layout.location_part_of(m) {
        let campus_ref = named_reference(
            "Location",
            &ids::location(campus),
            layout.location_name(campus),
        );
        put(&mut location, "partOf", campus_ref);
    }
    let hours = hours_of_operation(&opening_hours(info.hours, rng));
    put(&mut location, "hoursOfOperation", hours);
    if m == org {
        put(
            &mut location,
            "endpoint",
            [reference("Endpoint", &ids::endpoint(org))],
        );
    }
    location.into()
}

/// `x` rounded to six decimals, which is all a map needs and keeps the JSON short.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
