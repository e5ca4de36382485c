//! Encounter: every visit of the history, as US Core profiles it.
//!
//! Ids are `<patient>-enc-<n>`, numbered in date order. Each encounter's observations,
//! conditions, procedures, reports and orders point back at it with `encounter`, and
//! it lists the Conditions it addressed in `diagnosis`.

use super::super::rng::SeedRng;
use super::codes::{ACT_CODE, Code, SNOMED, category, concept_of, plain};
use super::history::{History, Visit, VisitKind};
use super::record::{self, Subject, non_empty, object};
use crate::fhir::profiles::us_core;
use serde_json::Value;

const CHECKUP_REASON: Code = Code::new(
    SNOMED,
    "162673000",
    "General examination of patient (procedure)",
);

/// Every encounter of the member, in date order.
pub fn encounters(rng: &mut SeedRng, subject: &Subject, history: &History) -> Vec<Value> {
    history
        .visits
        .iter()
        .map(|visit| encounter(rng, subject, history, visit))
        .collect()
}

fn encounter(rng: &mut SeedRng, subject: &Subject, history: &History, visit: &Visit) -> Value {
    let (class, class_display) = match visit.kind {
        VisitKind::Emergency => ("EMER", "emergency"),
        VisitKind::Inpatient => ("IMP", "inpatient encounter"),
        _ => ("AMB", "ambulatory"),
    };
    let kind = match visit.kind {
        VisitKind::Checkup => Code::new(SNOMED, "185349003", "Encounter for check up (procedure)"),
        VisitKind::FollowUp => Code::new(SNOMED, "390906007", "Follow-up encounter (procedure)"),
        VisitKind::Sick => Code::new(SNOMED, "185345009", "Encounter for symptom (procedure)"),
        VisitKind::Emergency => {
            Code::new(SNOMED, "50849002", "Emergency room admission (procedure)")
        }
        VisitKind::Inpatient => Code::new(SNOMED, "32485007", "Hospital admission (procedure)"),
        VisitKind::Screening => visit.service.snomed.unwrap_or(Code::new(
            SNOMED,
            "20135006",
            "Screening procedure (procedure)",
        )),
    };
    let reasons: Vec<Value> = match visit.kind {
        VisitKind::Checkup => vec![CHECKUP_REASON.concept()],
        VisitKind::Screening => visit
            .screening
            .map(|s| s.reason.concept())
            .into_iter()
            .collect(),
        _ => visit
            .problems
            .iter()
            .filter_map(|&i| history.problems.get(i))
            .map(|p| p.diagnosis.snomed.concept())
            .collect(),
    };
    let diagnoses: Vec<Value> = visit
        .problems
        .iter()
        .filter_map(|&i| history.problems.get(i))
        .zip(1u32..)
        .map(|(p, rank)| object! {"condition": subject.own("Condition", "cond", p.n), "rank": rank})
        .collect();
    let hospitalization = (visit.kind == VisitKind::Inpatient).then(|| {
        object! {
            "admitSource": category(
                "http://terminology.hl7.org/CodeSystem/admit-source",
                "emd",
                "From accident/emergency department"
            ),
            "dischargeDisposition": category(
                "http://terminology.hl7.org/CodeSystem/discharge-disposition",
                "home",
                "Home"
            )
        }
    });
    let period = object! {"start": visit.start.instant(), "end": visit.end.instant()};
    object! {
        "resourceType": "Encounter",
        "id": subject.id("enc", visit.n),
        "meta": record::meta(rng, visit.end.date, &[us_core::ENCOUNTER]),
        "status": "finished",
        "class": object! {"system": ACT_CODE, "code": class, "display": class_display},
        "type": vec![concept_of(&[visit.service.cpt, kind], plain(kind.display))],
        "subject": subject.patient(),
        "participant": vec![object! {
            "type": vec![category(
                "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                "PPRF",
                "primary performer"
            )],
            "period": period.clone(),
            "individual": record::practitioner(visit.practitioner)
        }],
        "period": period,
        "reasonCode": non_empty(reasons),
        "diagnosis": non_empty(diagnoses),
        "hospitalization": hospitalization,
        "serviceProvider": record::organization(visit.organization)
    }
}
