//! Patient: who the member is, as CARIN and US Core profile it.
//!
//! The Patient's id is the member's patient id (`smart-15716`), the one their tokens
//! are bound to. Its member number (`MB`) is the same as the Coverage's subscriber id,
//! as on the member's card.

use super::super::michigan;
use super::super::rng::SeedRng;
use super::codes::{Code, V2_IDENTIFIER_TYPE};
use super::dates::{self, LAST_VISIT, day};
use super::history::History;
use super::person::Person;
use super::record::{self, Subject, object};
use crate::fhir::profiles::{carin, us_core};
use fake::rand::RngExt;
use serde_json::Value;
use time::macros::date;

/// The member number on the member's card: the tenant's prefix and nine digits
/// (`BCB123456789`).
pub fn member_number(rng: &mut SeedRng, subject: &Subject) -> String {
    let prefix: String = subject
        .tenant
        .id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    format!("{prefix}{:09}", rng.random_range(0..1_000_000_000u32))
}

/// The identifier type `MB` (member number), shared with Coverage.
pub fn member_number_type() -> Value {
    object! {
        "coding": vec![Code::new(V2_IDENTIFIER_TYPE, "MB", "Member Number").coding()],
        "text": "Member Number"
    }
}

/// The member's Patient.
pub fn patient(
    rng: &mut SeedRng,
    subject: &Subject,
    history: &History,
    member_number: &str,
) -> Value {
    let person = &history.person;
    let updated = dates::between(rng, date!(2024 - 06 - 01), LAST_VISIT);
    let mrn = format!("{:08}", rng.random_range(0..100_000_000u32));
    let address = michigan::address(rng, "home");
    let phone = michigan::phone(rng);
    let mobile = michigan::phone(rng);
    let email = email(rng, person);
    object! {
        "resourceType": "Patient",
        "id": subject.patient_id,
        "meta": record::meta(rng, updated, &[carin::PATIENT, us_core::PATIENT]),
        "extension": vec![
            omb(us_core::RACE, person.race),
            omb(us_core::ETHNICITY, person.ethnicity),
            object! {"url": us_core::BIRTHSEX, "valueCode": person.sex.birth_sex()}
        ],
        "identifier": vec![
            object! {
                "use": "usual",
                "type": member_number_type(),
                "system": subject.system("member-id"),
                "value": member_number,
                "assigner": record::payer(subject.tenant)
            },
            object! {
                "type": object! {
                    "coding": vec![Code::new(V2_IDENTIFIER_TYPE, "MR", "Medical record number").coding()],
                    "text": "Medical Record Number"
                },
                "system": subject.system("mrn"),
                "value": mrn
            }
        ],
        "active": true,
        "name": vec![object! {
            "use": "official",
            "text": person.full_name(),
            "family": person.family.as_str(),
            "given": person.given.clone()
        }],
        "telecom": vec![
            object! {"system": "phone", "value": phone, "use": "home"},
            object! {"system": "phone", "value": mobile, "use": "mobile"},
            object! {"system": "email", "value": email, "use": "home"}
        ],
        "gender": person.sex.gender(),
        "birthDate": day(person.birth),
        "address": vec![address],
        "communication": communication(person),
        "generalPractitioner": vec![record::practitioner(history.providers.pcp)]
    }
}

/// A US Core race or ethnicity extension: the OMB category and its text.
fn omb(url: &str, code: Code) -> Value {
    object! {
        "url": url,
        "extension": vec![
            object! {"url": "ombCategory", "valueCoding": code.coding()},
            object! {"url": "text", "valueString": code.display}
        ]
    }
}

fn communication(person: &Person) -> Value {
    let language = |code: &str, display: &str, text: &str, preferred: bool| {
        object! {
            "language": object! {
                "coding": vec![object! {"system": "urn:ietf:bcp:47", "code": code, "display": display}],
                "text": text
            },
            "preferred": preferred
        }
    };
    let english = |preferred| language("en-US", "English (United States)", "English", preferred);
    if person.spanish {
        Value::from(vec![
            language("es", "Spanish", "Spanish", true),
            english(false),
        ])
    } else {
        Value::from(vec![english(true)])
    }
}

/// `first.last<nn>@example.com`, letters only.
fn email(rng: &mut SeedRng, person: &Person) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let first = person.given.first().map(|g| clean(g)).unwrap_or_default();
    format!(
        "{first}.{}{}@example.com",
        clean(&person.family),
        rng.random_range(10..100)
    )
}
