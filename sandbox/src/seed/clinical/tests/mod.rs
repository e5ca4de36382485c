//! Tests of the member records generator, over Rose, Marian and a sample of generated
//! members in several tenants.

mod integrity;
mod schema;

use super::member_records;
use crate::seed::members::{self, Member};
use crate::seed::scale::DirectoryScale;
use crate::tenants::{Tenant, Tenants};
use serde_json::Value;
use std::collections::BTreeSet;

/// A small directory, so references near its bounds are exercised.
const SCALE: DirectoryScale = DirectoryScale { practitioners: 40 };

/// The ten types of the Patient Access API, in the order records come out.
const TYPES: [&str; 10] = [
    "Patient",
    "Coverage",
    "ExplanationOfBenefit",
    "Encounter",
    "Condition",
    "Observation",
    "Procedure",
    "Immunization",
    "DiagnosticReport",
    "ServiceRequest",
];

fn tenant(id: &str) -> Tenant {
    Tenants::bundled()
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no bundled tenant {id}"))
}

fn member(tenant: &Tenant, username: &str) -> Member {
    members::find(tenant, username).unwrap_or_else(|| panic!("no member {username}"))
}

fn records(seed: u64, tenant_id: &str, username: &str) -> Vec<Value> {
    let tenant = tenant(tenant_id);
    member_records(seed, &tenant, SCALE, &member(&tenant, username))
}

fn rose() -> Vec<Value> {
    records(7, "dev1", members::ROSE.0)
}

/// Rose, Marian in two tenants, and generated members of two tenants.
fn sample() -> Vec<(Member, Vec<Value>)> {
    let mut users = vec![
        ("dev1", members::ROSE.0.to_owned()),
        ("dev1", members::MARIAN.0.to_owned()),
        ("bcbsm", members::MARIAN.0.to_owned()),
    ];
    users.extend((1..=30).map(|n| ("mhp", format!("member{n}"))));
    users.extend([1, 500, 1000].map(|n| ("mdhhs", format!("member{n}"))));
    users
        .into_iter()
        .map(|(tenant_id, username)| {
            let tenant = tenant(tenant_id);
            let member = member(&tenant, &username);
            let records = member_records(7, &tenant, SCALE, &member);
            (member, records)
        })
        .collect()
}

fn types(records: &[Value]) -> BTreeSet<&str> {
    records
        .iter()
        .filter_map(|r| r["resourceType"].as_str())
        .collect()
}

fn of_type<'a>(records: &'a [Value], resource_type: &str) -> Vec<&'a Value> {
    records
        .iter()
        .filter(|r| r["resourceType"] == resource_type)
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    for username in [members::ROSE.0, members::MARIAN.0, "member17"] {
        let once = serde_json::to_string(&records(7, "dev1", username)).expect("serializes");
        let twice = serde_json::to_string(&records(7, "dev1", username)).expect("serializes");
        assert_eq!(once, twice, "{username}");
    }
}

#[test]
fn another_seed_gives_other_data() {
    for username in [members::ROSE.0, "member17"] {
        assert_ne!(
            records(7, "dev1", username),
            records(8, "dev1", username),
            "{username}"
        );
    }
    let name = |records: &[Value]| records[0]["name"].clone();
    let differs = (1..=5)
        .filter(|n| {
            let user = format!("member{n}");
            name(&records(7, "mhp", &user)) != name(&records(8, "mhp", &user))
        })
        .count();
    assert!(differs >= 4, "generated people should change with the seed");
}

#[test]
fn rose_is_smart_15716_rose_tammy_beltran_born_1997_03_21() {
    let records = rose();
    let patient = &records[0];
    assert_eq!(patient["resourceType"], "Patient");
    assert_eq!(patient["id"], "smart-15716");
    assert_eq!(patient["birthDate"], "1997-03-21");
    assert_eq!(patient["gender"], "female");
    assert_eq!(patient["name"][0]["family"], "Beltran");
    assert_eq!(
        patient["name"][0]["given"],
        serde_json::json!(["Rose", "Tammy"])
    );
    assert_eq!(patient["name"][0]["text"], "Rose Tammy Beltran");
}

#[test]
fn marian_is_marian_benton_born_1984_07_09_in_every_tenant() {
    for tenant in Tenants::bundled().iter() {
        let records = records(7, &tenant.id, members::MARIAN.0);
        let patient = &records[0];
        assert_eq!(patient["id"], format!("marian-benton-{}", tenant.id));
        assert_eq!(patient["name"][0]["text"], "Marian Benton");
        assert_eq!(patient["birthDate"], "1984-07-09");
    }
}

#[test]
fn rose_and_marian_have_every_patient_access_type() {
    for records in [rose(), records(7, "mdw", members::MARIAN.0)] {
        assert_eq!(
            types(&records),
            TYPES.into_iter().collect(),
            "{}",
            records[0]["id"]
        );
        assert!((100..=170).contains(&records.len()), "{}", records.len());
    }
}

#[test]
fn records_come_patient_first_then_one_type_after_another() {
    for (member, records) in sample() {
        let order: Vec<usize> = records
            .iter()
            .map(|r| {
                TYPES
                    .iter()
                    .position(|t| r["resourceType"] == *t)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        assert_eq!(order[0], 0, "{}", member.patient_id);
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "{}",
            member.patient_id
        );
        assert_eq!(of_type(&records, "Patient").len(), 1);
        assert_eq!(of_type(&records, "Coverage").len(), 1);
    }
}

#[test]
fn rose_and_marian_have_all_five_carin_eob_types() {
    use crate::fhir::profiles::carin;
    for records in [rose(), records(7, "bcbsm", members::MARIAN.0)] {
        let mut seen = BTreeSet::new();
        for eob in of_type(&records, "ExplanationOfBenefit") {
            let profile = eob["meta"]["profile"][0]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let kind = eob["type"]["coding"][0]["code"]
                .as_str()
                .unwrap_or_default();
            let sub_type = eob["subType"]["coding"][0]["code"].as_str();
            let expected = match profile.as_str() {
                p if p == carin::EOB_INPATIENT => ("institutional", Some("inpatient")),
                p if p == carin::EOB_OUTPATIENT => ("institutional", Some("outpatient")),
                p if p == carin::EOB_PROFESSIONAL => ("professional", None),
                p if p == carin::EOB_PHARMACY => ("pharmacy", None),
                p if p == carin::EOB_ORAL => ("oral", None),
                other => panic!("unknown EOB profile {other}"),
            };
            assert_eq!((kind, sub_type), expected, "{}", eob["id"]);
            seen.insert(profile);
        }
        let all: BTreeSet<String> = carin::EOBS.iter().map(|p| p.to_string()).collect();
        assert_eq!(seen, all, "{}", records[0]["id"]);
    }
}

#[test]
fn generated_members_have_a_coverage_a_few_claims_and_clinical_records() {
    let tenant = tenant("mhp");
    let mut sizes = Vec::new();
    for n in (1..=members::GENERATED_MEMBERS).step_by(7) {
        let records = member_records(7, &tenant, SCALE, &member(&tenant, &format!("member{n}")));
        let id = records[0]["id"].clone();
        assert_eq!(of_type(&records, "Coverage").len(), 1, "{id}");
        assert!(of_type(&records, "ExplanationOfBenefit").len() >= 3, "{id}");
        for t in ["Encounter", "Condition", "Observation"] {
            assert!(!of_type(&records, t).is_empty(), "{id} has no {t}");
        }
        sizes.push(records.len());
    }
    sizes.sort_unstable();
    let median = sizes[sizes.len() / 2];
    assert!((15..=40).contains(&median), "median {median} records");
    assert!(sizes[0] >= 10, "smallest {}", sizes[0]);
}

#[test]
fn generated_people_are_adults_with_names_and_a_gender() {
    let tenant = tenant("mdhhs");
    for n in 1..=50 {
        let records = member_records(1, &tenant, SCALE, &member(&tenant, &format!("member{n}")));
        let patient = &records[0];
        let name = &patient["name"][0];
        assert!(name["family"].as_str().is_some_and(|f| !f.is_empty()));
        assert!(name["given"][0].as_str().is_some_and(|g| !g.is_empty()));
        assert!(matches!(
            patient["gender"].as_str(),
            Some("female" | "male")
        ));
        let birth = patient["birthDate"].as_str().unwrap_or_default();
        assert!(("1941-01-01"..="2000-12-31").contains(&birth), "{birth}");
    }
}

#[cfg(not(debug_assertions))]
#[test]
fn a_generated_member_takes_well_under_a_millisecond() {
    use std::time::{Duration, Instant};
    // The CPU time of this thread (Linux), so builds and tests running alongside on a
    // busy machine do not count; elsewhere the wall clock.
    fn cpu_time() -> Option<Duration> {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        Some(Duration::from_nanos(
            stat.split_whitespace().next()?.parse().ok()?,
        ))
    }
    let tenant = tenant("bcbsm");
    let members: Vec<Member> = (1..=100)
        .map(|n| member(&tenant, &format!("member{n}")))
        .collect();
    let each = (0..5)
        .map(|_| {
            let (cpu, wall) = (cpu_time(), Instant::now());
            for member in &members {
                std::hint::black_box(member_records(3, &tenant, SCALE, member));
            }
            let spent = match (cpu, cpu_time()) {
                (Some(before), Some(after)) => after - before,
                _ => wall.elapsed(),
            };
            spent / 100
        })
        .min()
        .unwrap_or_default();
    println!("{each:?} per generated member");
    assert!(each < Duration::from_micros(500), "{each:?} per member");
}

#[cfg(not(debug_assertions))]
#[test]
fn zz_profile_phases() {
    use super::*;
    let tenant = tenant("bcbsm");
    let members: Vec<Member> = (1..=300)
        .map(|n| member(&tenant, &format!("member{n}")))
        .collect();
    let mut t = [std::time::Duration::ZERO; 12];
    for m in &members {
        let mut clock = std::time::Instant::now();
        let mut lap = |i: usize, clock: &mut std::time::Instant| {
            t[i] += clock.elapsed();
            *clock = std::time::Instant::now();
        };
        let mut rng = rng::rng(3, &format!("{}/member/{}", tenant.id, m.patient_id));
        let subject = Subject {
            patient_id: &m.patient_id,
            tenant: &tenant,
            scale: SCALE,
        };
        let person = person::generated(&mut rng);
        lap(0, &mut clock);
        let story = story::generated(&mut rng, &person);
        let history = History::plan(&mut rng, &subject, person, story);
        lap(1, &mut clock);
        let num = patient::member_number(&mut rng, &subject);
        std::hint::black_box(patient::patient(&mut rng, &subject, &history, &num));
        std::hint::black_box(coverage::coverage(&mut rng, &subject, &history, &num));
        lap(2, &mut clock);
        std::hint::black_box(eob::explanations_of_benefit(&mut rng, &subject, &history));
        lap(3, &mut clock);
        std::hint::black_box(encounters::encounters(&mut rng, &subject, &history));
        std::hint::black_box(conditions::conditions(&mut rng, &subject, &history));
        lap(4, &mut clock);
        std::hint::black_box(observations::observations(&mut rng, &subject, &history));
        lap(5, &mut clock);
        std::hint::black_box(procedures::procedures(&mut rng, &subject, &history));
        std::hint::black_box(immunizations::immunizations(&mut rng, &subject, &history));
        std::hint::black_box(reports::reports(&mut rng, &subject, &history));
        std::hint::black_box(service_requests::service_requests(
            &mut rng, &subject, &history,
        ));
        lap(6, &mut clock);
    }
    for (i, d) in t.iter().enumerate().take(7) {
        println!("phase {i}: {:?}", *d / 300);
    }
}

#[test]
#[ignore = "dump"]
fn zz_dump() {
    let tenant = tenant("bcbsm");
    let all: Vec<Value> = (1..=50)
        .flat_map(|n| member_records(3, &tenant, SCALE, &member(&tenant, &format!("member{n}"))))
        .collect();
    println!("{}", serde_json::to_string(&all).unwrap());
}
