//! Each member's claims and clinical records, for the Patient Access API.
//!
//! A member's records are generated in three steps, each in its own module:
//!
//! 1. who the member is ([`person`]) and what happens to them ([`story`]): scripted
//!    for Rose Tammy Beltran and Marian Benton, drawn for generated members;
//! 2. the dated history ([`history`], with [`schedule`] and [`outside_visits`]):
//!    visits, problems, shots, fills and dental visits, with their providers and the
//!    numbers that become record ids;
//! 3. one module per resource type turning the history into FHIR R4 JSON, and
//!    [`claims`] plus [`money`] turning it into adjudicated CARIN EOBs.
//!
//! Everything is drawn from one random stream keyed by the seed, the tenant and the
//! patient id, so a member's records are the same bytes on every run and do not
//! depend on which other members were generated.

mod claims;
mod codes;
mod conditions;
mod coverage;
mod dates;
mod diagnoses;
mod drugs;
mod encounters;
mod eob;
mod history;
mod immunizations;
mod measures;
mod money;
mod observations;
mod outside_visits;
mod patient;
mod person;
mod procedures;
mod record;
mod reports;
mod schedule;
mod service_requests;
mod services;
mod story;

#[cfg(test)]
mod tests;

use super::members::{self, Member};
use super::rng;
use super::scale::DirectoryScale;
use crate::tenants::Tenant;
use history::History;
use record::Subject;
use serde_json::Value;

/// Every record of `member` in `tenant`, the Patient first, then Coverage,
/// ExplanationOfBenefit, Encounter, Condition, Observation, Procedure, Immunization,
/// DiagnosticReport and ServiceRequest. A pure function of its arguments: the same
/// seed gives the same bytes.
pub fn member_records(
    seed: u64,
    tenant: &Tenant,
    scale: DirectoryScale,
    member: &Member,
) -> Vec<Value> {
    let mut rng = rng::rng(seed, &format!("{}/member/{}", tenant.id, member.patient_id));
    let subject = Subject {
        patient_id: &member.patient_id,
        tenant,
        scale,
    };
    let (person, story) = if member.username == members::ROSE.0 {
        (person::rose(), story::rose(&mut rng))
    } else if member.username == members::MARIAN.0 {
        (person::marian(), story::marian(&mut rng))
    } else {
        let person = person::generated(&mut rng);
        let story = story::generated(&mut rng, &person);
        (person, story)
    };
    let history = History::plan(&mut rng, &subject, person, story);
    let member_number = patient::member_number(&mut rng, &subject);

    let mut records = vec![
        patient::patient(&mut rng, &subject, &history, &member_number),
        coverage::coverage(&mut rng, &subject, &history, &member_number),
    ];
    records.extend(eob::explanations_of_benefit(&mut rng, &subject, &history));
    records.extend(encounters::encounters(&mut rng, &subject, &history));
    records.extend(conditions::conditions(&mut rng, &subject, &history));
    records.extend(observations::observations(&mut rng, &subject, &history));
    records.extend(procedures::procedures(&mut rng, &subject, &history));
    records.extend(immunizations::immunizations(&mut rng, &subject, &history));
    records.extend(reports::reports(&mut rng, &subject, &history));
    records.extend(service_requests::service_requests(
        &mut rng, &subject, &history,
    ));
    records
}
