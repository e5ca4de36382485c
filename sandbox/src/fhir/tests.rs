//! The search engine on a handful of hand-written directory records, so each rule is
//! checked on data whose answer is known without reading a generator.

use super::search::{Search, Tables, included_rows, matching_rows};
use super::table::Table;
use super::types;
use crate::error::FhirError;
use serde_json::{Value, json};
use std::collections::HashMap;

struct Fixture(HashMap<&'static str, Table>);

impl Tables for Fixture {
    fn table(&self, resource_type: &str) -> Option<&Table> {
        self.0.get(resource_type)
    }
}

fn meta(updated: &str) -> Value {
    json!({"versionId": "1", "lastUpdated": updated})
}

fn fixture() -> Fixture {
    let records = vec![
        json!({"resourceType": "Practitioner", "id": "pract-1", "meta": meta("2025-01-10T10:00:00Z"),
               "name": [{"family": "Núñez", "given": ["Ana"]}],
               "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}]}),
        json!({"resourceType": "Practitioner", "id": "pract-2", "meta": meta("2026-05-01T10:00:00Z"),
               "name": [{"family": "Nunn", "given": ["Bo"]}]}),
        json!({"resourceType": "Location", "id": "loc-1", "meta": meta("2025-01-10T10:00:00Z"),
               "address": {"city": "Detroit", "state": "MI", "postalCode": "48201"}}),
        json!({"resourceType": "Location", "id": "loc-2", "meta": meta("2025-01-10T10:00:00Z"),
               "address": {"city": "Lansing", "state": "MI", "postalCode": "48933"}}),
        json!({"resourceType": "PractitionerRole", "id": "role-1", "meta": meta("2025-01-10T10:00:00Z"),
               "practitioner": {"reference": "Practitioner/pract-1"}, "location": [{"reference": "Location/loc-1"}],
               "specialty": [{"coding": [{"system": "http://nucc.org/provider-taxonomy", "code": "207Q00000X"}]}]}),
        json!({"resourceType": "PractitionerRole", "id": "role-2", "meta": meta("2025-01-10T10:00:00Z"),
               "practitioner": {"reference": "Practitioner/pract-2"}, "location": [{"reference": "Location/loc-2"}],
               "specialty": [{"coding": [{"system": "http://nucc.org/provider-taxonomy", "code": "208000000X"}]}]}),
        json!({"resourceType": "PractitionerRole", "id": "role-3", "meta": meta("2025-01-10T10:00:00Z"),
               "practitioner": {"reference": "Practitioner/pract-1"}, "location": [{"reference": "Location/loc-2"}]}),
    ];
    let mut tables: HashMap<&'static str, Table> = HashMap::new();
    for r in records {
        let def = types::find(r["resourceType"].as_str().unwrap()).unwrap();
        let table = tables.entry(def.name).or_insert_with(|| Table::new(def));
        table.push(&r).unwrap();
    }
    for t in tables.values_mut() {
        t.finish();
    }
    Fixture(tables)
}

fn query(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn parse(kind: &str, q: &str) -> Result<Search, FhirError> {
    Search::parse("dev1", types::find(kind).unwrap(), &query(q), false)
}

fn ids(f: &Fixture, kind: &str, q: &str) -> Vec<String> {
    let search = parse(kind, q).unwrap();
    let table = f.table(kind).unwrap();
    matching_rows(f, table, &search.clauses)
        .into_iter()
        .map(|r| table.row(r).unwrap().id.to_string())
        .collect()
}

#[test]
fn string_search_starts_with_ignoring_case_and_accents() {
    let f = fixture();
    assert_eq!(
        ids(&f, "Practitioner", "family=nun"),
        ["pract-1", "pract-2"]
    );
    assert_eq!(ids(&f, "Practitioner", "family=NUNEZ"), ["pract-1"]);
    assert_eq!(ids(&f, "Practitioner", "family:exact=Núñez"), ["pract-1"]);
    assert!(ids(&f, "Practitioner", "family:exact=nunez").is_empty());
    assert_eq!(ids(&f, "Practitioner", "name:contains=unn"), ["pract-2"]);
}

#[test]
fn tokens_match_by_code_system_and_code_or_system_alone() {
    let f = fixture();
    let nucc = "http://nucc.org/provider-taxonomy";
    assert_eq!(
        ids(&f, "PractitionerRole", "specialty=207Q00000X"),
        ["role-1"]
    );
    assert_eq!(
        ids(
            &f,
            "PractitionerRole",
            &format!("specialty={nucc}|208000000X")
        ),
        ["role-2"]
    );
    assert_eq!(
        ids(&f, "PractitionerRole", &format!("specialty={nucc}|")),
        ["role-1", "role-2"]
    );
    assert!(ids(&f, "PractitionerRole", "specialty=|207Q00000X").is_empty());
    assert_eq!(
        ids(&f, "PractitionerRole", "specialty=207Q00000X,208000000X"),
        ["role-1", "role-2"]
    );
}

#[test]
fn references_chains_and_and_clauses_combine() {
    let f = fixture();
    assert_eq!(
        ids(&f, "PractitionerRole", "practitioner=pract-1"),
        ["role-1", "role-3"]
    );
    assert_eq!(
        ids(
            &f,
            "PractitionerRole",
            "practitioner=Practitioner/pract-1&location=loc-2"
        ),
        ["role-3"]
    );
    assert_eq!(
        ids(&f, "PractitionerRole", "practitioner.name=Ana"),
        ["role-1", "role-3"]
    );
    assert_eq!(
        ids(&f, "PractitionerRole", "location.address-city=Lansing"),
        ["role-2", "role-3"]
    );
    assert_eq!(
        ids(
            &f,
            "PractitionerRole",
            "location:Location.address-city=detroit"
        ),
        ["role-1"]
    );
}

#[test]
fn last_updated_and_id_are_searchable_on_every_type() {
    let f = fixture();
    assert_eq!(ids(&f, "Practitioner", "_lastUpdated=ge2026"), ["pract-2"]);
    assert_eq!(
        ids(&f, "Practitioner", "_lastUpdated=lt2026-01-01"),
        ["pract-1"]
    );
    assert_eq!(ids(&f, "Practitioner", "_id=pract-2,pract-9"), ["pract-2"]);
}

#[test]
fn includes_add_what_the_page_points_at_and_revincludes_what_points_at_it() {
    let f = fixture();
    let search = parse(
        "PractitionerRole",
        "_id=role-1&_include=PractitionerRole:practitioner&_include=PractitionerRole:location",
    )
    .unwrap();
    let table = f.table("PractitionerRole").unwrap();
    let page = matching_rows(&f, table, &search.clauses);
    let (added, truncated) = included_rows(&f, table, &page, &search.includes, &search.revincludes);
    let names: Vec<String> = added.iter().map(|(k, r)| format!("{k}/{}", r.id)).collect();
    assert_eq!(names, ["Practitioner/pract-1", "Location/loc-1"]);
    assert!(!truncated);

    let search = parse(
        "Location",
        "_id=loc-2&_revinclude=PractitionerRole:location",
    )
    .unwrap();
    let table = f.table("Location").unwrap();
    let page = matching_rows(&f, table, &search.clauses);
    let (added, _) = included_rows(&f, table, &page, &search.includes, &search.revincludes);
    let names: Vec<String> = added.iter().map(|(k, r)| format!("{k}/{}", r.id)).collect();
    assert_eq!(
        names,
        ["PractitionerRole/role-2", "PractitionerRole/role-3"]
    );
}

#[test]
fn malformed_values_name_their_parameter() {
    let cases = [
        ("Practitioner", "_id=bad$id", "_id"),
        ("Practitioner", "_lastUpdated=yesterday", "_lastUpdated"),
        ("Practitioner", "_count=0", "_count"),
        ("PractitionerRole", "organization=Foo/1", "organization"),
        (
            "PractitionerRole",
            "organization:Location=org-1",
            "organization:Location",
        ),
        ("Practitioner", "name:sounds=x", "name:sounds"),
        ("PractitionerRole", "specialty=a|b|c", "specialty"),
        (
            "PractitionerRole",
            "_include=PractitionerRole:specialty",
            "_include",
        ),
        (
            "PractitionerRole",
            "_include=Location:organization",
            "_include",
        ),
        (
            "PractitionerRole",
            "practitioner.nickname=x",
            "practitioner.nickname",
        ),
        ("Practitioner", "_page=garbage", "_page"),
    ];
    for (kind, q, name) in cases {
        match parse(kind, q) {
            Err(FhirError::InvalidParameter { name: n, .. }) => assert_eq!(n, name, "{q}"),
            other => panic!("{q}: expected a 400 naming {name}, got {other:?}"),
        }
    }
}

#[test]
fn unknown_parameters_are_reported_or_refused_when_strict() {
    let search = parse("Practitioner", "shoe-size=42&_sort=family").unwrap();
    assert_eq!(search.ignored.len(), 2);
    let strict = Search::parse(
        "dev1",
        types::find("Practitioner").unwrap(),
        &query("shoe-size=42"),
        true,
    );
    assert!(matches!(strict, Err(FhirError::UnknownParameter(n)) if n == "shoe-size"));
}

#[test]
fn a_page_token_opens_only_the_search_that_issued_it() {
    let first = parse("PractitionerRole", "specialty=207Q00000X&_count=1").unwrap();
    let token = super::search::PageToken::render(1, &first.fingerprint);
    assert!(
        parse(
            "PractitionerRole",
            &format!("specialty=207Q00000X&_count=5&_page={token}")
        )
        .is_ok()
    );
    assert!(
        parse(
            "PractitionerRole",
            &format!("specialty=208000000X&_page={token}")
        )
        .is_err()
    );
    assert!(parse("Practitioner", &format!("_page={token}")).is_err());
    let other_tenant = Search::parse(
        "bcbsm",
        types::find("PractitionerRole").unwrap(),
        &query(&format!("specialty=207Q00000X&_page={token}")),
        false,
    );
    assert!(other_tenant.is_err());
}

/// Where seeding time goes: `cargo test --release -p conform-sandbox seeding_time -- --ignored --nocapture`.
#[test]
#[ignore]
fn seeding_time() {
    let config = crate::config::SandboxConfig::default();
    let tenant = config.tenants.get("dev1").unwrap().clone();
    let scale = crate::seed::scale::DirectoryScale::new(100_000);
    let t = std::time::Instant::now();
    let mut values = vec![];
    crate::seed::directory::generate(42, &tenant, scale, &mut |v| values.push(v));
    let generated = t.elapsed();
    let mut tables: HashMap<&'static str, Table> = HashMap::new();
    let mut per_type: HashMap<&'static str, std::time::Duration> = HashMap::new();
    let t = std::time::Instant::now();
    for r in &values {
        let def = types::find(r["resourceType"].as_str().unwrap()).unwrap();
        let one = std::time::Instant::now();
        tables
            .entry(def.name)
            .or_insert_with(|| Table::new(def))
            .push(r)
            .unwrap();
        *per_type.entry(def.name).or_default() += one.elapsed();
    }
    let pushed = t.elapsed();
    for t in tables.values_mut() {
        t.finish();
    }
    eprintln!(
        "{} generated in {generated:?}, indexed in {pushed:?}, finished in {:?}",
        values.len(),
        t.elapsed() - pushed
    );
    eprintln!("{per_type:?}");
}
