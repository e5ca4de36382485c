//! Immunization: the member's shots (US Core Immunization), coded in CVX.
//!
//! Ids are `<patient>-imm-<n>`, numbered in date order. Shots given at a checkup are
//! primary-source records of that encounter (and billed on its claim); shots given at
//! a pharmacy come from the state registry (`primarySource` false, `reportOrigin`).

use super::super::rng::SeedRng;
use super::codes::{UCUM, category};
use super::dates;
use super::history::{Giver, History, Shot};
use super::record::{self, Subject, object};
use crate::fhir::profiles::us_core;
use fake::rand::RngExt;
use serde_json::Value;

/// Every Immunization of the member, in date order.
pub fn immunizations(rng: &mut SeedRng, subject: &Subject, history: &History) -> Vec<Value> {
    history
        .shots
        .iter()
        .map(|shot| immunization(rng, subject, shot))
        .collect()
}

fn immunization(rng: &mut SeedRng, subject: &Subject, shot: &Shot) -> Value {
    let (encounter, actor, primary) = match shot.giver {
        Giver::Visit {
            visit,
            practitioner,
        } => (
            subject.own("Encounter", "enc", visit),
            record::practitioner(practitioner),
            true,
        ),
        Giver::Pharmacy(pharmacy) => (Value::Null, record::organization(pharmacy), false),
    };
    let origin = (!primary).then(|| {
        object! {
            "coding": vec![object! {
                "system": "http://terminology.hl7.org/CodeSystem/immunization-origin",
                "code": "record",
                "display": "Written Record"
            }],
            "text": "Michigan Care Improvement Registry"
        }
    });
    let covid = matches!(shot.vaccine.cvx.code, "208" | "300");
    let lot = format!(
        "{}{}{:04}",
        char::from(b'A' + rng.random_range(0..26u8)),
        char::from(b'A' + rng.random_range(0..26u8)),
        rng.random_range(0..10_000)
    );
    let expires = dates::plus_days(shot.at.date, rng.random_range(120..=540));
    object! {
        "resourceType": "Immunization",
        "id": subject.id("imm", shot.n),
        "meta": record::meta(rng, shot.at.date, &[us_core::IMMUNIZATION]),
        "status": "completed",
        "vaccineCode": shot.vaccine.cvx.concept(),
        "patient": subject.patient(),
        "encounter": encounter,
        "occurrenceDateTime": shot.at.instant(),
        "primarySource": primary,
        "reportOrigin": origin,
        "lotNumber": lot,
        "expirationDate": dates::day(expires),
        "site": category("http://terminology.hl7.org/CodeSystem/v3-ActSite", "LA", "left arm"),
        "route": category(
            "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration",
            "IM",
            "Injection, intramuscular"
        ),
        "doseQuantity": object! {
            "value": if covid { 0.3 } else { 0.5 },
            "unit": "mL",
            "system": UCUM,
            "code": "mL"
        },
        "performer": vec![object! {
            "function": category(
                "http://terminology.hl7.org/CodeSystem/v2-0443",
                "AP",
                "Administering Provider"
            ),
            "actor": actor
        }]
    }
}
