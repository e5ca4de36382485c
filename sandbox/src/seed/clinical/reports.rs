//! DiagnosticReport: lab reports grouping a panel's results, and narrative reports
//! (radiology, cardiology, pathology) with their text (US Core lab and note profiles).
//!
//! Ids are `<patient>-dr-<encounter n>-<slug>` (`smart-15716-dr-3-lipid`,
//! `smart-15716-dr-7-xr`); each report is `basedOn` the order of the same suffix
//! (`<patient>-sr-3-lipid`), and a lab report's `result` lists the Observations of its
//! panel from the same visit.

use super::super::rng::SeedRng;
use super::codes::{Code, DIAGNOSTIC_SERVICE, category};
use super::dates::{self, Moment, day};
use super::history::{History, Visit};
use super::measures::Panel;
use super::observations::{self, key};
use super::procedures::performed_at;
use super::record::{self, Subject, object};
use super::services::Study;
use crate::fhir::profiles::us_core;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

/// Every DiagnosticReport of the member: per visit its lab reports, then its notes.
pub fn reports(rng: &mut SeedRng, subject: &Subject, history: &History) -> Vec<Value> {
    let mut out = Vec::new();
    for visit in &history.visits {
        for panel in &visit.panels {
            out.push(lab_report(rng, subject, history, visit, panel));
        }
        for study in &visit.studies {
            out.push(note(rng, subject, history, visit, study));
        }
    }
    out
}

fn lab_report(
    rng: &mut SeedRng,
    subject: &Subject,
    history: &History,
    visit: &Visit,
    panel: &Panel,
) -> Value {
    let results: Vec<Value> = panel
        .analytes
        .iter()
        .map(|a| subject.own("Observation", "obs", key(visit.n, a.slug)))
        .collect();
    let issued = observations::issued(visit);
    let lab = match visit.kind {
        super::history::VisitKind::Inpatient => visit.organization,
        _ => history.providers.lab,
    };
    object! {
        "resourceType": "DiagnosticReport",
        "id": subject.id("dr", key(visit.n, panel.slug)),
        "meta": record::meta(rng, issued.date, &[us_core::DIAGNOSTIC_REPORT_LAB]),
        "basedOn": vec![subject.own("ServiceRequest", "sr", key(visit.n, panel.slug))],
        "status": "final",
        "category": vec![object! {
            "coding": vec![Code::new(DIAGNOSTIC_SERVICE, "LAB", "Laboratory").coding()],
            "text": "Laboratory"
        }],
        "code": panel.loinc.concept(),
        "subject": subject.patient(),
        "encounter": subject.own("Encounter", "enc", visit.n),
        "effectiveDateTime": observations::collected(visit).instant(),
        "issued": issued.instant(),
        "performer": vec![record::organization(lab)],
        "result": results
    }
}

fn note(
    rng: &mut SeedRng,
    subject: &Subject,
    history: &History,
    visit: &Visit,
    study: &Study,
) -> Value {
    let done = performed_at(visit);
    let issued = Moment {
        date: dates::plus_days(done.date, if study.slug == "path" { 2 } else { 1 }),
        minute: 15 * 60,
    };
    let text = format!(
        "{}\nPatient: {}\nDate of service: {}\n\nImpression: {}\n",
        study.report.display,
        history.person.full_name(),
        day(done.date),
        study.conclusion
    );
    object! {
        "resourceType": "DiagnosticReport",
        "id": subject.id("dr", key(visit.n, study.slug)),
        "meta": record::meta(rng, issued.date, &[us_core::DIAGNOSTIC_REPORT_NOTE]),
        "basedOn": vec![subject.own("ServiceRequest", "sr", key(visit.n, study.slug))],
        "status": "final",
        "category": vec![category(study.category.system, study.category.code, study.category.display)],
        "code": study.report.concept(),
        "subject": subject.patient(),
        "encounter": subject.own("Encounter", "enc", visit.n),
        "effectiveDateTime": done.instant(),
        "issued": issued.instant(),
        "performer": vec![
            record::practitioner(visit.practitioner),
            record::organization(visit.organization)
        ],
        "conclusion": study.conclusion,
        "presentedForm": vec![object! {
            "contentType": "text/plain",
            "language": "en-US",
            "data": STANDARD.encode(text),
            "title": study.report.display,
            "creation": issued.instant()
        }]
    }
}
