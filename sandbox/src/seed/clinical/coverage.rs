//! Coverage: the member's plan, as on their insurance card (CARIN C4BB-Coverage).
//!
//! One per member, id `<patient>-coverage-1`, active from the first day of the
//! history; every EOB names it as its focal insurance, and its payor is the tenant's
//! payer Organization.

use super::super::rng::SeedRng;
use super::codes::{ACT_CODE, Code, category};
use super::dates::{self, LAST_VISIT, day};
use super::history::History;
use super::patient::member_number_type;
use super::record::{self, Subject, object};
use crate::fhir::profiles::carin;
use fake::Fake;
use fake::faker::company::en::CompanyName;
use fake::rand::RngExt;
use serde_json::Value;

/// The member's Coverage.
pub fn coverage(
    rng: &mut SeedRng,
    subject: &Subject,
    history: &History,
    member_number: &str,
) -> Value {
    let start = history.story.coverage_start;
    let updated = dates::between(rng, start, LAST_VISIT);
    let employer: String = CompanyName().fake_with_rng(rng);
    let group = format!("GRP{:05}", rng.random_range(0..100_000));
    let dollars = history.story.deductible / 100;
    let class_type = |code: &'static str, display: &'static str| {
        category(
            "http://terminology.hl7.org/CodeSystem/coverage-class",
            code,
            display,
        )
    };
    object! {
        "resourceType": "Coverage",
        "id": subject.id("coverage", 1),
        "meta": record::meta(rng, updated, &[carin::COVERAGE]),
        "identifier": vec![object! {
            "type": member_number_type(),
            "system": subject.system("member-id"),
            "value": member_number
        }],
        "status": "active",
        "type": object! {
            "coding": vec![Code::new(ACT_CODE, "HIP", "health insurance plan policy").coding()],
            "text": "Health insurance plan policy"
        },
        "subscriber": subject.patient(),
        "subscriberId": member_number,
        "beneficiary": subject.patient(),
        "relationship": object! {
            "coding": vec![Code::new(
                "http://terminology.hl7.org/CodeSystem/subscriber-relationship",
                "self",
                "Self"
            ).coding()],
            "text": "Self"
        },
        "period": object! {"start": day(start)},
        "payor": vec![record::payer(subject.tenant)],
        "class": vec![
            object! {
                "type": class_type("group", "Group"),
                "value": group,
                "name": format!("{employer} Employees")
            },
            object! {
                "type": class_type("plan", "Plan"),
                "value": format!("PPO{dollars}"),
                "name": format!("{} PPO {dollars}", subject.tenant.name)
            }
        ],
        "network": format!("{} Preferred", subject.tenant.name)
    }
}
