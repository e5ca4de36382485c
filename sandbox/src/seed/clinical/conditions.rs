//! Condition: the member's problem list and the diagnoses of their acute visits
//! (US Core Condition), coded in SNOMED CT and ICD-10-CM.
//!
//! Ids are `<patient>-cond-<n>`: chronic problems first (category
//! `problem-list-item`, active), then acute diagnoses in visit order (category
//! `encounter-diagnosis`, resolved with an abatement date).

use super::super::rng::SeedRng;
use super::codes::{CONDITION_CATEGORY, category, concept_of, plain};
use super::dates::day;
use super::history::{History, Problem};
use super::record::{self, Subject, object};
use crate::fhir::profiles::us_core;
use serde_json::Value;

/// Every Condition of the member.
pub fn conditions(rng: &mut SeedRng, subject: &Subject, history: &History) -> Vec<Value> {
    history
        .problems
        .iter()
        .map(|problem| condition(rng, subject, problem))
        .collect()
}

fn condition(rng: &mut SeedRng, subject: &Subject, problem: &Problem) -> Value {
    let (status, status_display) = match problem.abated {
        Some(_) => ("resolved", "Resolved"),
        None => ("active", "Active"),
    };
    let (kind, kind_display) = match problem.abated {
        Some(_) => ("encounter-diagnosis", "Encounter Diagnosis"),
        None => ("problem-list-item", "Problem List Item"),
    };
    let diagnosis = problem.diagnosis;
    let updated = problem.abated.unwrap_or(problem.recorded.date);
    object! {
        "resourceType": "Condition",
        "id": subject.id("cond", problem.n),
        "meta": record::meta(rng, updated, &[us_core::CONDITION]),
        "clinicalStatus": category(
            "http://terminology.hl7.org/CodeSystem/condition-clinical",
            status,
            status_display
        ),
        "verificationStatus": category(
            "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "confirmed",
            "Confirmed"
        ),
        "category": vec![category(CONDITION_CATEGORY, kind, kind_display)],
        "code": concept_of(
            &[diagnosis.snomed, diagnosis.icd10],
            plain(diagnosis.snomed.display)
        ),
        "subject": subject.patient(),
        "encounter": subject.own("Encounter", "enc", problem.visit),
        "onsetDateTime": day(problem.onset),
        "abatementDateTime": problem.abated.map(day),
        "recordedDate": problem.recorded.instant(),
        "recorder": record::practitioner(problem.recorder)
    }
}
