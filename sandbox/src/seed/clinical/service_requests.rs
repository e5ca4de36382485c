//! ServiceRequest: the orders written at visits: lab panels, imaging and other studies,
//! and referrals.
//!
//! Ids are `<patient>-sr-<encounter n>-<slug>`: the same suffix as the report the order
//! produced (`<patient>-dr-<n>-<slug>`), and `-ref` for a referral. Orders that have
//! their report are `completed`; a referral written in 2026 is still `active`.

use super::super::rng::SeedRng;
use super::codes::{Code, SNOMED, concept_of, plain};
use super::history::{History, Visit, VisitKind};
use super::observations::{collected, key};
use super::procedures::performed_at;
use super::record::{self, Subject, non_empty, object};
use super::services::{LAB_ORDER, Study};
use crate::fhir::profiles::SERVICE_REQUEST;
use serde_json::Value;

const REFERRAL: Code = Code::new(SNOMED, "3457005", "Patient referral (procedure)");
const REFERRAL_TO_SERVICE: Code = Code::new(SNOMED, "306206005", "Referral to service (procedure)");

/// Every ServiceRequest of the member, per visit: labs, studies, then the referral.
pub fn service_requests(rng: &mut SeedRng, subject: &Subject, history: &History) -> Vec<Value> {
    let mut out = Vec::new();
    for visit in &history.visits {
        let reasons = reasons(history, visit);
        let lab = if visit.kind == VisitKind::Inpatient {
            visit.organization
        } else {
            history.providers.lab
        };
        for panel in &visit.panels {
            let order = Order {
                slug: panel.slug,
                category: LAB_ORDER,
                code: panel.loinc.concept(),
                status: "completed",
                occurrence: Some(collected(visit).instant()),
                performer: record::organization(lab),
            };
            out.push(request(rng, subject, visit, order, &reasons));
        }
        for study in &visit.studies {
            let order = study_order(visit, study);
            out.push(request(rng, subject, visit, order, &reasons));
        }
        if let Some(text) = visit.referral {
            let status = if visit.start.date.year() >= 2026 {
                "active"
            } else {
                "completed"
            };
            let order = Order {
                slug: "ref",
                category: REFERRAL,
                code: concept_of(&[REFERRAL_TO_SERVICE], text),
                status,
                occurrence: None,
                performer: record::practitioner(subject.any_practitioner(rng)),
            };
            out.push(request(rng, subject, visit, order, &reasons));
        }
    }
    out
}

/// What varies between orders.
struct Order {
    slug: &'static str,
    category: Code,
    code: Value,
    status: &'static str,
    occurrence: Option<String>,
    performer: Value,
}

fn study_order(visit: &Visit, study: &Study) -> Order {
    let service = study.service;
    let code = match service.snomed {
        Some(snomed) => concept_of(&[service.cpt, snomed], plain(snomed.display)),
        None => service.cpt.concept(),
    };
    Order {
        slug: study.slug,
        category: study.order_category,
        code,
        status: "completed",
        occurrence: Some(performed_at(visit).instant()),
        performer: record::organization(visit.organization),
    }
}

fn request(
    rng: &mut SeedRng,
    subject: &Subject,
    visit: &Visit,
    order: Order,
    reasons: &[Value],
) -> Value {
    object! {
        "resourceType": "ServiceRequest",
        "id": subject.id("sr", key(visit.n, order.slug)),
        "meta": record::meta(rng, visit.end.date, &[SERVICE_REQUEST]),
        "status": order.status,
        "intent": "order",
        "category": vec![order.category.concept()],
        "code": order.code,
        "subject": subject.patient(),
        "encounter": subject.own("Encounter", "enc", visit.n),
        "occurrenceDateTime": order.occurrence,
        "authoredOn": visit.start.instant(),
        "requester": record::practitioner(visit.practitioner),
        "performer": vec![order.performer],
        "reasonCode": non_empty(reasons.to_vec())
    }
}

/// Why the visit's orders were written: the SNOMED codes of what it addressed.
fn reasons(history: &History, visit: &Visit) -> Vec<Value> {
    visit
        .problems
        .iter()
        .filter_map(|&i| history.problems.get(i))
        .map(|p| p.diagnosis.snomed.concept())
        .collect()
}
