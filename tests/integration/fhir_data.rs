//! Everything the sandbox can serve over its FHIR APIs, checked as data.
//!
//! `sandbox::for_each_resource` hands over every resource of every tenant (the
//! provider directory, then each member's records). The walk fails on the first
//! resource the FHIR R4 schema refuses, and checks that the data set hangs together:
//! ids unique per tenant and type, every `Type/id` reference resolving within its
//! tenant, and every resource type the APIs promise present in every tenant. Only ids
//! and reference targets are kept, never the resources, so memory stays modest
//! however large the data set.
//!
//! The second test pins reproducibility: one seed, the same bytes.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher;
use std::time::{Duration, Instant};

use conform::steps::fhir::{DIRECTORY_TYPES, PATIENT_ACCESS_TYPES};
use conform::validation::fhir::{self, FhirSchema};
use conform::validation::fixtures_dir;
use sandbox::{DirectoryScale, SandboxConfig, Tenants};
use serde_json::Value;

/// The resource types every tenant serves: Patient Access (claims and clinical) and
/// the Plan-Net provider directory, as the contract lists them (the harness's lists).
fn expected_types() -> impl Iterator<Item = &'static str> {
    PATIENT_ACCESS_TYPES.into_iter().chain(DIRECTORY_TYPES)
}

/// Problems of one kind listed in full before the rest are only counted.
const SHOWN: usize = 20;

/// What the walk remembers of one tenant.
#[derive(Default)]
struct TenantWalk {
    /// `Type/id` of every resource seen.
    ids: HashSet<String>,
    /// Resources seen, per type.
    counts: BTreeMap<String, usize>,
    /// Every `Type/id` referred to, with the first place it was referred from.
    references: HashMap<String, String>,
    problems: Problems,
}

#[derive(Default)]
struct Problems {
    shown: Vec<String>,
    total: usize,
}

impl Problems {
    fn push(&mut self, problem: String) {
        self.total += 1;
        if self.shown.len() < SHOWN {
            self.shown.push(problem);
        }
    }

    fn report(&self, tenant: &str, out: &mut Vec<String>) {
        out.extend(self.shown.iter().map(|p| format!("{tenant}: {p}")));
        if self.total > self.shown.len() {
            out.push(format!(
                "{tenant}: … and {} more",
                self.total - self.shown.len()
            ));
        }
    }
}

impl TenantWalk {
    fn visit(&mut self, resource: &Value) {
        let kind = resource["resourceType"]
            .as_str()
            .unwrap_or("(no resourceType)");
        *self.counts.entry(kind.to_owned()).or_default() += 1;
        let Some(id) = resource["id"].as_str() else {
            self.problems.push(format!(
                "a {kind} has no id (the first one seen: {})",
                short(resource)
            ));
            return;
        };
        let me = format!("{kind}/{id}");
        let contained: HashSet<&str> = resource["contained"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["id"].as_str())
            .collect();
        let mut found = Vec::new();
        references(resource, &mut String::new(), &mut found);
        for (path, target) in found {
            if let Some(local) = target.strip_prefix('#') {
                if !contained.contains(local) {
                    self.problems.push(format!(
                        "{me} at {path} refers to #{local}, which it does not contain"
                    ));
                }
                continue;
            }
            // A version-specific reference resolves to the resource itself.
            let target = target.split("/_history/").next().unwrap_or(target);
            if !is_relative_reference(target) {
                self.problems.push(format!(
                    "{me} at {path} refers to {target:?}, which is not a Type/id reference \
                     to this tenant's data"
                ));
                continue;
            }
            if !self.references.contains_key(target) {
                self.references
                    .insert(target.to_owned(), format!("{me} at {path}"));
            }
        }
        if !self.ids.insert(me.clone()) {
            self.problems.push(format!(
                "{me} is served twice (ids must be unique per type)"
            ));
        }
    }

    /// Every problem of this tenant once the walk is over, in one list.
    fn finish(&self, tenant: &str, out: &mut Vec<String>) {
        self.problems.report(tenant, out);
        let mut unresolved = Problems::default();
        let mut dangling: Vec<_> = self
            .references
            .iter()
            .filter(|(target, _)| !self.ids.contains(*target))
            .collect();
        dangling.sort();
        for (target, from) in dangling {
            unresolved.push(format!(
                "{target} is referred to (first by {from}) but not served"
            ));
        }
        unresolved.report(tenant, out);
        let missing: Vec<&str> = expected_types()
            .filter(|t| !self.counts.contains_key(*t))
            .collect();
        if !missing.is_empty() {
            out.push(format!(
                "{tenant}: no {} served ({} of {} expected types missing)",
                missing.join(", "),
                missing.len(),
                expected_types().count()
            ));
        }
    }
}

/// `Type/id` with a FHIR resource type and a FHIR id (`[A-Za-z0-9\-\.]{1,64}`).
fn is_relative_reference(reference: &str) -> bool {
    let Some((kind, id)) = reference.split_once('/') else {
        return false;
    };
    kind.starts_with(|c: char| c.is_ascii_uppercase())
        && kind.chars().all(|c| c.is_ascii_alphabetic())
        && (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// Every `reference` string in `value`, with its JSON path.
fn references<'a>(value: &'a Value, path: &mut String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get("reference") {
                out.push((format!("{path}/reference"), target));
            }
            for (key, child) in object {
                let len = path.len();
                path.push('/');
                path.push_str(key);
                references(child, path, out);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                references(child, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// A resource in a failure message: pretty, but not pages of it.
fn short(resource: &Value) -> String {
    let text = serde_json::to_string_pretty(resource).unwrap_or_else(|e| e.to_string());
    if text.chars().count() > 4000 {
        let head: String = text.chars().take(4000).collect();
        format!("{head}\n… (cut)")
    } else {
        text
    }
}

fn schema() -> &'static FhirSchema {
    fhir::schema().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_resource_of_the_default_data_set_is_valid_fhir_and_hangs_together() {
    let schema = schema();
    let config = SandboxConfig::default();
    let started = Instant::now();
    let mut validating = Duration::ZERO;
    let mut walks: BTreeMap<String, TenantWalk> = BTreeMap::new();
    let mut seen = 0usize;
    sandbox::for_each_resource(&config, |tenant, resource| {
        let checked = Instant::now();
        if let Err(invalid) = schema.validate(resource) {
            panic!(
                "{tenant}: {}/{} is not valid FHIR R4 (after {seen} valid resources):\n{invalid}\n\
                 the resource:\n{}",
                resource["resourceType"].as_str().unwrap_or("?"),
                resource["id"].as_str().unwrap_or("?"),
                short(resource)
            );
        }
        validating += checked.elapsed();
        seen += 1;
        if !walks.contains_key(tenant) {
            walks.insert(tenant.to_owned(), TenantWalk::default());
        }
        if let Some(walk) = walks.get_mut(tenant) {
            walk.visit(resource);
        }
    });
    let elapsed = started.elapsed();

    eprintln!(
        "walked {seen} resources in {elapsed:.1?} ({validating:.1?} of it validating, \
         {:.1?} per resource)",
        validating / u32::try_from(seen.max(1)).unwrap_or(u32::MAX)
    );
    let mut problems = Vec::new();
    for tenant in config.tenants.iter() {
        let empty = TenantWalk::default();
        let walk = walks.get(&tenant.id).unwrap_or(&empty);
        eprintln!("{}: {:?}", tenant.id, walk.counts);
        walk.finish(&tenant.id, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "the sandbox's data set does not hang together:\n{}",
        problems.join("\n")
    );
}

/// A hash of every resource the sandbox serves with `config`, in walk order, and how
/// many there were.
fn fingerprint(config: &SandboxConfig) -> (u64, usize) {
    let mut hasher = DefaultHasher::new();
    let mut count = 0usize;
    sandbox::for_each_resource(config, |tenant, resource| {
        hasher.write(tenant.as_bytes());
        hasher.write_u8(0);
        let bytes = serde_json::to_vec(resource).unwrap_or_else(|e| panic!("{e}"));
        hasher.write(&bytes);
        hasher.write_u8(0);
        count += 1;
    });
    (hasher.finish(), count)
}

/// dev1 alone with a 50-practitioner directory: the whole pipeline, a fraction of the size.
fn small_config(seed: u64) -> SandboxConfig {
    let path = fixtures_dir().join("tenants.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut all: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let Some(list) = all["tenants"].as_array_mut() else {
        panic!("{} has no tenants list", path.display());
    };
    list.retain(|t| t["id"] == "dev1");
    assert_eq!(list.len(), 1, "dev1 is not in {}", path.display());
    let tenants = Tenants::from_json(&all.to_string()).unwrap_or_else(|e| panic!("{e}"));
    SandboxConfig {
        tenants,
        seed,
        scale: DirectoryScale::new(50),
        ..SandboxConfig::default()
    }
}

#[test]
fn same_seed_serves_the_same_bytes() {
    let started = Instant::now();
    let (first, count) = fingerprint(&small_config(42));
    eprintln!(
        "one walk of dev1 at scale 50: {count} resources in {:.1?}",
        started.elapsed()
    );
    assert!(count > 0, "the sandbox serves no FHIR resource at all");
    let (again, count_again) = fingerprint(&small_config(42));
    assert_eq!(
        (first, count),
        (again, count_again),
        "two walks with seed 42 differ"
    );
    let (other, _) = fingerprint(&small_config(43));
    assert_ne!(first, other, "seeds 42 and 43 serve the same bytes");
}

#[test]
fn the_walk_notices_duplicates_dangling_references_and_missing_types() {
    let mut walk = TenantWalk::default();
    let patient = serde_json::json!({
        "resourceType": "Patient", "id": "p1",
        "generalPractitioner": [{"reference": "Practitioner/nobody"}],
        "managingOrganization": {"reference": "#org"},
        "contained": [{"resourceType": "Organization", "id": "org"}]
    });
    walk.visit(&patient);
    walk.visit(&patient);
    walk.visit(&serde_json::json!({
        "resourceType": "Coverage", "id": "c1",
        "beneficiary": {"reference": "Patient/p1"},
        "payor": [{"reference": "https://elsewhere.example/Organization/1"}],
        "policyHolder": {"reference": "#gone"}
    }));
    let mut problems = Vec::new();
    walk.finish("t", &mut problems);
    let all = problems.join("\n");
    for expected in [
        "Patient/p1 is served twice",
        "Practitioner/nobody is referred to (first by Patient/p1 at /generalPractitioner/0/reference)",
        "Coverage/c1 at /payor/0/reference refers to \"https://elsewhere.example/Organization/1\"",
        "Coverage/c1 at /policyHolder/reference refers to #gone",
        "no ExplanationOfBenefit, ",
    ] {
        assert!(all.contains(expected), "{expected:?} not in:\n{all}");
    }
    assert!(!all.contains("Patient/p1 is referred to"), "{all}");
    assert!(!all.contains("#org"), "{all}");
}
