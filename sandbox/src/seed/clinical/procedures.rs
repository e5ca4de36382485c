//! Procedure: what was done to the member at visits (US Core Procedure), coded in CPT
//! and, where one exists, SNOMED CT: Pap smears, X-rays, ECGs, screenings, surgery.
//!
//! Ids are `<patient>-proc-<n>`, numbered in visit order. Surgery takes place the day
//! after admission, as on the inpatient claim, and carries a `performedPeriod`; other
//! procedures a `performedDateTime` during the visit.

use super::super::rng::SeedRng;
use super::codes::{concept_of, plain};
use super::dates::{self, Moment};
use super::history::{History, Visit, VisitKind};
use super::record::{self, Subject, non_empty, object};
use super::services::Service;
use crate::fhir::profiles::us_core;
use serde_json::Value;

/// When the procedures of `visit` are done: the day after admission for a stay,
/// half an hour into any other visit.
pub fn performed_at(visit: &Visit) -> Moment {
    if visit.kind == VisitKind::Inpatient {
        Moment {
            date: dates::plus_days(visit.start.date, 1),
            minute: 14 * 60,
        }
    } else {
        visit.start.plus_minutes(30)
    }
}

/// Every Procedure of the member, in visit order.
pub fn procedures(rng: &mut SeedRng, subject: &Subject, history: &History) -> Vec<Value> {
    let mut out = Vec::new();
    for visit in &history.visits {
        for &(n, service) in &visit.procedures {
            out.push(procedure(rng, subject, history, visit, n, service));
        }
    }
    out
}

fn procedure(
    rng: &mut SeedRng,
    subject: &Subject,
    history: &History,
    visit: &Visit,
    n: u32,
    service: &Service,
) -> Value {
    let at = performed_at(visit);
    let surgery = service.pcs.is_some();
    let (codes, text) = match service.snomed {
        Some(snomed) => (vec![service.cpt, snomed], plain(snomed.display)),
        None => (vec![service.cpt], service.cpt.display),
    };
    let reasons: Vec<Value> = match visit.kind {
        VisitKind::Checkup | VisitKind::Screening => vec![],
        _ => visit
            .problems
            .iter()
            .filter_map(|&i| history.problems.get(i))
            .map(|p| subject.own("Condition", "cond", p.n))
            .collect(),
    };
    object! {
        "resourceType": "Procedure",
        "id": subject.id("proc", n),
        "meta": record::meta(rng, at.date, &[us_core::PROCEDURE]),
        "status": "completed",
        "code": concept_of(&codes, text),
        "subject": subject.patient(),
        "encounter": subject.own("Encounter", "enc", visit.n),
        "performedDateTime": (!surgery).then(|| at.instant()),
        "performedPeriod": surgery.then(|| object! {
            "start": at.instant(),
            "end": at.plus_minutes(75).instant()
        }),
        "performer": vec![object! {"actor": record::practitioner(visit.practitioner)}],
        "reasonReference": non_empty(reasons)
    }
}
