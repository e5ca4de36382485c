//! Practitioners: the people in the directory.
//!
//! Each has a Luhn-valid individual NPI unique in the tenant (apps and the EOBs of
//! `seed::clinical` identify providers by it), a name with the letters their degree
//! gives them, and a qualification coded from HL7 v2 table 0360 (NUCC where the table
//! has no code, as for dentists). Where they work is on their PractitionerRoles.

use super::codes;
use super::common::{meta, obj, put, work_phone};
use super::layout::Layout;
use super::names;
use crate::fhir::profiles::plan_net;
use crate::seed::npi::NPI_SYSTEM;
use crate::seed::rng::SeedRng;
use crate::seed::scale::ids;
use fake::rand::RngExt;
use serde_json::Value;

/// Who licenses Michigan's health professionals; the issuer of every qualification.
const LICENSING_BOARD: &str = "Michigan Department of Licensing and Regulatory Affairs";

/// Emits `pract-1..`.
pub fn emit(layout: &Layout, rng: &mut SeedRng, sink: &mut dyn FnMut(Value)) {
    for p in 1..=layout.practitioners {
        sink(practitioner(layout, rng, p));
    }
}

/// Practitioner `p`.
fn practitioner(layout: &Layout, rng: &mut SeedRng, p: u32) -> Value {
    let discipline = layout.practitioner_profile(p).discipline;
    let person = names::person(rng);
    let mut given = vec![Value::from(person.given)];
    if let Some(initial) = person.middle_initial {
        given.push(initial.to_string().into());
    }
    let mut name = obj! {
        "use": "official",
        "family": person.family,
        "given": given,
    };
    if discipline.doctor {
        put(&mut name, "prefix", ["Dr."]);
    }
    put(&mut name, "suffix", [discipline.suffix]);
    let mut practitioner = obj! {
        "resourceType": "Practitioner",
        "id": ids::practitioner(p),
        "meta": meta(rng, &[plan_net::PRACTITIONER]),
        "identifier": [obj! {"system": NPI_SYSTEM, "value": layout.practitioner_npi(p)}],
        "active": true,
        "name": [name],
        "telecom": [work_phone(rng)],
        "gender": person.gender,
        "qualification": [obj! {
            "code": discipline.qualification.concept(),
            "issuer": obj! {"display": LICENSING_BOARD},
        }],
    };
    if rng.random_bool(0.25) {
        let other = codes::LANGUAGES[rng.random_range(0..codes::LANGUAGES.len())];
        put(
            &mut practitioner,
            "communication",
            [codes::ENGLISH.concept(), other.concept()],
        );
    }
    practitioner.into()
}
