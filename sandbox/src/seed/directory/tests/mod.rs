//! Properties of the generated directory as a whole: counts, ids, determinism,
//! references, identifiers, and agreement between records of different types.

mod schema;

use super::generate;
use crate::seed::npi;
use crate::seed::scale::{DirectoryScale, PAYER_ORGANIZATION, ids};
use crate::tenants::{Tenant, Tenants};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Resource types in the order `generate` emits them.
const ORDER: [&str; 8] = [
    "Organization",
    "Endpoint",
    "Location",
    "Practitioner",
    "HealthcareService",
    "PractitionerRole",
    "OrganizationAffiliation",
    "InsurancePlan",
];

fn tenant(id: &str) -> Tenant {
    Tenants::bundled()
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("bundled tenant {id}"))
}

fn directory(seed: u64, tenant_id: &str, practitioners: u32) -> Vec<Value> {
    let mut out = Vec::new();
    generate(
        seed,
        &tenant(tenant_id),
        DirectoryScale::new(practitioners),
        &mut |r| out.push(r),
    );
    out
}

fn str_at<'a>(resource: &'a Value, pointer: &str) -> &'a str {
    resource
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {resource}"))
}

fn resource_type(resource: &Value) -> &str {
    str_at(resource, "/resourceType")
}

fn of_type<'a>(resources: &'a [Value], ty: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    resources.iter().filter(move |r| resource_type(r) == ty)
}

fn by_id<'a>(resources: &'a [Value], ty: &'a str) -> HashMap<&'a str, &'a Value> {
    of_type(resources, ty)
        .map(|r| (str_at(r, "/id"), r))
        .collect()
}

/// Every `reference` string anywhere in `value`.
fn references<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("reference", Value::String(s)) => out.push(s),
                    _ => references(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

fn expected_ids(ty: &str, scale: DirectoryScale) -> Vec<String> {
    let range = |n: u32| 1..=n;
    match ty {
        "Organization" => std::iter::once(PAYER_ORGANIZATION.to_owned())
            .chain(range(scale.networks()).map(ids::network))
            .chain(range(scale.organizations()).map(ids::organization))
            .collect(),
        "Endpoint" => range(scale.endpoints()).map(ids::endpoint).collect(),
        "Location" => range(scale.locations()).map(ids::location).collect(),
        "Practitioner" => range(scale.practitioners).map(ids::practitioner).collect(),
        "HealthcareService" => range(scale.healthcare_services())
            .map(ids::healthcare_service)
            .collect(),
        "PractitionerRole" => range(scale.practitioner_roles())
            .map(ids::practitioner_role)
            .collect(),
        "OrganizationAffiliation" => range(scale.organization_affiliations())
            .map(ids::organization_affiliation)
            .collect(),
        "InsurancePlan" => range(scale.insurance_plans())
            .map(ids::insurance_plan)
            .collect(),
        other => panic!("unexpected type {other}"),
    }
}

#[test]
fn each_type_has_exactly_the_scales_count_in_the_documented_order_with_the_documented_ids() {
    for practitioners in [10, 40, 99, 1000, 1234] {
        let scale = DirectoryScale::new(practitioners);
        let resources = directory(7, "dev1", practitioners);
        let mut seen: Vec<&str> = Vec::new();
        for r in &resources {
            let ty = resource_type(r);
            if seen.last() != Some(&ty) {
                assert!(!seen.contains(&ty), "{ty} emitted in two runs");
                seen.push(ty);
            }
        }
        assert_eq!(seen, ORDER, "at scale {practitioners}");
        for ty in ORDER {
            let got: Vec<&str> = of_type(&resources, ty).map(|r| str_at(r, "/id")).collect();
            assert_eq!(
                got,
                expected_ids(ty, scale),
                "{ty} at scale {practitioners}"
            );
        }
        let expected_total = 1
            + scale.networks()
            + scale.organizations()
            + scale.endpoints()
            + scale.locations()
            + scale.practitioners
            + scale.healthcare_services()
            + scale.practitioner_roles()
            + scale.organization_affiliations()
            + scale.insurance_plans();
        assert_eq!(resources.len() as u32, expected_total);
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let bytes = |seed| serde_json::to_string(&directory(seed, "bcbsm", 200)).unwrap_or_default();
    let a = bytes(42);
    assert!(!a.is_empty());
    assert_eq!(a, bytes(42));
    assert_ne!(a, bytes(43));
}

#[test]
fn tenants_get_different_directories_from_one_seed() {
    let a = serde_json::to_string(&directory(42, "mhp", 100)).unwrap_or_default();
    let b = serde_json::to_string(&directory(42, "mdw", 100)).unwrap_or_default();
    assert_ne!(a, b);
}

#[test]
fn more_practitioners_leave_the_records_of_other_types_unchanged() {
    // 1000 and 1005 practitioners have the same organization and location counts.
    let small = directory(5, "dev1", 1000);
    let large = directory(5, "dev1", 1005);
    for ty in [
        "Organization",
        "Endpoint",
        "Location",
        "HealthcareService",
        "OrganizationAffiliation",
        "InsurancePlan",
    ] {
        let a: Vec<_> = of_type(&small, ty).collect();
        let b: Vec<_> = of_type(&large, ty).collect();
        assert_eq!(a, b, "{ty} changed");
    }
    let a: Vec<_> = of_type(&small, "Practitioner").collect();
    let b: Vec<_> = of_type(&large, "Practitioner").take(1000).collect();
    assert_eq!(a, b, "the first 1000 practitioners changed");
}

#[test]
fn every_reference_resolves_within_the_tenants_directory() {
    for (tenant_id, practitioners) in [("dev1", 10), ("bcbsm", 40), ("mdhhs", 1000), ("mhp", 1234)]
    {
        let resources = directory(11, tenant_id, practitioners);
        let known: HashSet<String> = resources
            .iter()
            .map(|r| format!("{}/{}", resource_type(r), str_at(r, "/id")))
            .collect();
        let mut count = 0;
        for r in &resources {
            let mut refs = Vec::new();
            references(r, &mut refs);
            for reference in refs {
                count += 1;
                assert!(
                    known.contains(reference),
                    "{}/{} points at missing {reference}",
                    resource_type(r),
                    str_at(r, "/id")
                );
            }
        }
        assert!(
            count > resources.len(),
            "too few references to be meaningful"
        );
    }
}

#[test]
fn ids_are_unique_within_each_type() {
    let resources = directory(3, "bcbsm", 1000);
    let mut seen = HashSet::new();
    for r in &resources {
        assert!(seen.insert((resource_type(r), str_at(r, "/id"))), "{r}");
    }
}

#[test]
fn practitioner_npis_are_luhn_valid_individual_and_unique() {
    let resources = directory(9, "bcbsm", 5000);
    let mut seen = HashSet::new();
    for p in of_type(&resources, "Practitioner") {
        assert_eq!(str_at(p, "/identifier/0/system"), npi::NPI_SYSTEM);
        let value = str_at(p, "/identifier/0/value");
        assert!(npi::is_valid(value), "{value}");
        assert!(value.starts_with('1'), "{value}");
        assert!(seen.insert(value.to_owned()), "{value} given twice");
    }
    assert_eq!(seen.len(), 5000);
}

#[test]
fn about_half_of_provider_organizations_have_a_valid_unique_type_2_npi() {
    let resources = directory(9, "dev1", 5000);
    let mut seen = HashSet::new();
    let mut providers = 0;
    for org in of_type(&resources, "Organization") {
        if !str_at(org, "/id").starts_with("org-") {
            continue;
        }
        providers += 1;
        let npis = org["identifier"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|i| i["system"] == npi::NPI_SYSTEM);
        for identifier in npis {
            let value = str_at(identifier, "/value");
            assert!(npi::is_valid(value) && value.starts_with('2'), "{value}");
            assert!(seen.insert(value.to_owned()), "{value} given twice");
        }
    }
    let share = seen.len() as f64 / providers as f64;
    assert!((0.4..=0.6).contains(&share), "{share}");
}

#[test]
fn every_organization_is_identified_first_by_its_own_oid() {
    let mut all = HashSet::new();
    for tenant_id in ["dev1", "bcbsm"] {
        let resources = directory(1, tenant_id, 100);
        for org in of_type(&resources, "Organization") {
            assert_eq!(str_at(org, "/identifier/0/system"), "urn:ietf:rfc:3986");
            let oid = str_at(org, "/identifier/0/value");
            let arcs = oid
                .strip_prefix("urn:oid:2.16.840.1.113883.3.")
                .unwrap_or_default();
            assert!(
                !arcs.is_empty()
                    && arcs.split('.').all(|a| {
                        !a.is_empty()
                            && a.bytes().all(|b| b.is_ascii_digit())
                            && (a == "0" || !a.starts_with('0'))
                    }),
                "{oid}"
            );
            assert!(all.insert(oid.to_owned()), "{oid} used twice");
        }
    }
}

#[test]
fn the_payer_is_a_plan_net_and_carin_organization_named_after_the_tenant() {
    let resources = directory(1, "bcbsm", 40);
    let payer = by_id(&resources, "Organization")[PAYER_ORGANIZATION];
    assert_eq!(
        payer["meta"]["profile"],
        serde_json::json!([
            crate::fhir::profiles::plan_net::ORGANIZATION,
            crate::fhir::profiles::carin::ORGANIZATION
        ])
    );
    assert_eq!(payer["name"], "Blue Cross Blue Shield of Michigan");
    assert_eq!(payer["alias"][0], "BCBSM");
    assert_eq!(str_at(payer, "/type/0/coding/0/code"), "payer");
}

#[test]
fn networks_are_plan_net_networks_managed_by_the_payer() {
    let resources = directory(1, "mhp", 40);
    let orgs = by_id(&resources, "Organization");
    for k in 1..=3 {
        let network = orgs[ids::network(k).as_str()];
        assert_eq!(
            network["meta"]["profile"],
            serde_json::json!([crate::fhir::profiles::plan_net::NETWORK])
        );
        assert_eq!(str_at(network, "/type/0/coding/0/code"), "ntwk");
        assert_eq!(str_at(network, "/partOf/reference"), "Organization/payer");
        assert!(
            network.get("telecom").is_none(),
            "Plan-Net networks have no telecom"
        );
    }
}

#[test]
fn a_role_is_in_one_network_and_takes_patients_from_that_network() {
    let resources = directory(2, "dev1", 1000);
    for role in of_type(&resources, "PractitionerRole") {
        let extensions = role["extension"].as_array().cloned().unwrap_or_default();
        let networks: Vec<_> = extensions
            .iter()
            .filter(|e| e["url"] == crate::fhir::profiles::plan_net::NETWORK_REFERENCE)
            .collect();
        assert_eq!(networks.len(), 1, "{role}");
        let network = str_at(networks[0], "/valueReference/reference");
        assert!(network.starts_with("Organization/network-"), "{network}");
        let from = extensions
            .iter()
            .find(|e| e["url"] == super::codes::ext::NEW_PATIENTS)
            .and_then(|e| e["extension"].as_array())
            .and_then(|parts| parts.iter().find(|p| p["url"] == "fromNetwork"))
            .map(|p| str_at(p, "/valueReference/reference"));
        assert_eq!(from, Some(network));
    }
}

#[test]
fn a_roles_code_agrees_with_its_practitioners_qualification_and_its_site_with_its_organization() {
    let resources = directory(4, "bcbsm", 2000);
    let practitioners = by_id(&resources, "Practitioner");
    let locations = by_id(&resources, "Location");
    let mut roles_seen = BTreeMap::new();
    for role in of_type(&resources, "PractitionerRole") {
        let practitioner_id = str_at(role, "/practitioner/reference")
            .trim_start_matches("Practitioner/")
            .to_owned();
        let practitioner = practitioners[practitioner_id.as_str()];
        let qualification = str_at(practitioner, "/qualification/0/code/coding/0/code");
        let code = str_at(role, "/code/0/coding/0/code");
        let expected: &[&str] = match code {
            "ph" => &["MD", "DO"],
            "apn" => &["NP"],
            "pa" => &["PA"],
            "rn" => &["RN"],
            "rx" => &["PharmD"],
            "py" => &["PHD"],
            "sw" => &["1041C0700X"],
            "co" => &["101YM0800X"],
            "de" => &["122300000X"],
            other => panic!("unexpected role code {other}"),
        };
        assert!(
            expected.contains(&qualification),
            "{code} with {qualification}"
        );
        *roles_seen.entry(code.to_owned()).or_insert(0) += 1;

        let location_id = str_at(role, "/location/0/reference").trim_start_matches("Location/");
        let location = locations[location_id];
        assert_eq!(
            str_at(location, "/managingOrganization/reference"),
            str_at(role, "/organization/reference")
        );
    }
    assert_eq!(
        roles_seen.len(),
        9,
        "every discipline appears: {roles_seen:?}"
    );
}

#[test]
fn a_large_share_of_sites_and_organizations_are_in_detroit() {
    let resources = directory(6, "dev1", 10_000);
    let share = |ty: &str, pointer: &str| {
        let all: Vec<_> = of_type(&resources, ty)
            .filter_map(|r| r.pointer(pointer).and_then(Value::as_str))
            .collect();
        all.iter().filter(|c| **c == "Detroit").count() as f64 / all.len() as f64
    };
    let sites = share("Location", "/address/city");
    let orgs = share("Organization", "/address/0/city");
    assert!(sites > 0.2, "{sites}");
    assert!(orgs > 0.2, "{orgs}");
}

#[test]
fn no_value_is_an_empty_string_array_or_object() {
    fn check(value: &Value, path: &str) {
        match value {
            Value::String(s) => assert!(!s.trim().is_empty(), "empty string at {path}"),
            Value::Array(items) => {
                assert!(!items.is_empty(), "empty array at {path}");
                for (i, v) in items.iter().enumerate() {
                    check(v, &format!("{path}/{i}"));
                }
            }
            Value::Object(map) => {
                assert!(!map.is_empty(), "empty object at {path}");
                for (k, v) in map {
                    check(v, &format!("{path}/{k}"));
                }
            }
            Value::Null => panic!("null at {path}"),
            _ => {}
        }
    }
    for r in directory(8, "mdw", 1000) {
        check(&r, &format!("{}/{}", resource_type(&r), str_at(&r, "/id")));
    }
}

/// CPU time this thread has run, in seconds, as Linux counts it (wall time misleads
/// on a loaded build machine).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

/// Times generation for one tenant, per resource type. Run with
/// `cargo test --release -p conform-sandbox generation_time -- --ignored --nocapture`.
#[test]
#[ignore = "timing, run in release"]
fn generation_time_at_scale_1000_and_100000_for_one_tenant() {
    let tenant = tenant("bcbsm");
    for practitioners in [1000, 100_000] {
        let wall = std::time::Instant::now();
        let cpu = thread_cpu_seconds().unwrap_or(0.0);
        // (type, count, CPU seconds at its first resource)
        let mut per_type: Vec<(String, u32, f64)> = Vec::new();
        generate(42, &tenant, DirectoryScale::new(practitioners), &mut |r| {
            let ty = resource_type(&r);
            match per_type.last_mut() {
                Some((last, n, _)) if last == ty => *n += 1,
                _ => per_type.push((ty.to_owned(), 1, thread_cpu_seconds().unwrap_or(0.0))),
            }
        });
        let end = thread_cpu_seconds().unwrap_or(0.0);
        let total: u32 = per_type.iter().map(|c| c.1).sum();
        println!(
            "scale {practitioners}: {total} resources, {:.0} ms wall, {:.0} ms CPU",
            wall.elapsed().as_secs_f64() * 1e3,
            (end - cpu) * 1e3
        );
        let ends: Vec<f64> = per_type.iter().skip(1).map(|c| c.2).chain([end]).collect();
        for ((ty, n, start), stop) in per_type.iter().zip(ends) {
            // A type's first resource is built before its start is read; close enough.
            println!(
                "  {ty}: {n}, {:.2} µs CPU each",
                (stop - start) * 1e6 / f64::from(*n)
            );
        }
    }
}
