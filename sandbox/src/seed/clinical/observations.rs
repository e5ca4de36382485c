//! Observation: vital signs taken at visits, lab results of the panels drawn there,
//! and the member's smoking status.
//!
//! Ids are `<patient>-obs-<encounter n>-<slug>` (`smart-15716-obs-3-bp`,
//! `smart-15716-obs-3-a1c`), so a lab report can list its results by id, and
//! `<patient>-obs-smoking` for the smoking status. Values follow the member: their
//! weight that day, a BMI from it, higher pressures with hypertension, a higher A1c
//! with diabetes.

use super::super::rng::SeedRng;
use super::codes::{Code, LOINC, OBSERVATION_CATEGORY, UCUM, category, plain};
use super::dates::{self, Moment};
use super::history::{History, Visit, VisitKind};
use super::measures::{self, Analyte, Vital};
use super::person::round;
use super::record::{self, Subject, object};
use crate::fhir::profiles::us_core;
use fake::rand::RngExt;
use serde_json::Value;

/// The id suffix of the observation `slug` of encounter `visit`.
pub fn key(visit: u32, slug: &str) -> String {
    format!("{visit}-{slug}")
}

/// When a visit's lab specimens are collected.
pub fn collected(visit: &Visit) -> Moment {
    visit.start.plus_minutes(20)
}

/// When a visit's lab results are issued: the next morning.
pub fn issued(visit: &Visit) -> Moment {
    Moment {
        date: dates::plus_days(visit.start.date, 1),
        minute: 12 * 60 + 30,
    }
}

/// Every Observation of the member: per visit its vitals then its lab results, then
/// the smoking status.
pub fn observations(rng: &mut SeedRng, subject: &Subject, history: &History) -> Vec<Value> {
    let mut out = Vec::new();
    for visit in &history.visits {
        for vital in visit.vitals {
            out.push(vital_sign(rng, subject, history, visit, vital));
        }
        for panel in &visit.panels {
            for analyte in panel.analytes {
                out.push(lab(rng, subject, history, visit, analyte));
            }
        }
    }
    out.extend(smoking_status(rng, subject, history));
    out
}

fn vital_sign(
    rng: &mut SeedRng,
    subject: &Subject,
    history: &History,
    visit: &Visit,
    vital: &Vital,
) -> Value {
    let date = visit.start.date;
    let acute = visit.acute.map(|d| d.slug).unwrap_or_default();
    let febrile = matches!(
        acute,
        "strep-throat" | "sinusitis" | "bronchitis" | "pneumonia"
    );
    let measure = |value: f64, decimals: u8| quantity(round(value, decimals), decimals, vital.ucum);
    let height = history.person.height_cm;
    let (value, components) = match vital.slug {
        "bp" => {
            let hypertensive = history.has("hypertension", date);
            let (sys, dia) = if hypertensive {
                (rng.random_range(132.0..154.0), rng.random_range(84.0..97.0))
            } else {
                (rng.random_range(106.0..128.0), rng.random_range(66.0..82.0))
            };
            let component = |code: Code, v: f64| object! {"code": code.concept(), "valueQuantity": measure(v, 0)};
            (
                Value::Null,
                Value::from(vec![
                    component(measures::SYSTOLIC, sys),
                    component(measures::DIASTOLIC, dia),
                ]),
            )
        }
        "hr" => {
            let base = rng.random_range(62.0..86.0);
            (
                measure(if acute.is_empty() { base } else { base + 12.0 }, 0),
                Value::Null,
            )
        }
        "rr" => {
            let rate = if acute == "pneumonia" {
                rng.random_range(20.0..25.0)
            } else {
                rng.random_range(14.0..19.0)
            };
            (measure(rate, 0), Value::Null)
        }
        "temp" => {
            let t = if febrile {
                rng.random_range(37.8..38.9)
            } else {
                rng.random_range(36.5..37.2)
            };
            (measure(t, 1), Value::Null)
        }
        "wt" => (measure(visit.weight_kg, 1), Value::Null),
        "ht" => (measure(height, 1), Value::Null),
        "bmi" => (
            measure(visit.weight_kg / (height / 100.0).powi(2), 1),
            Value::Null,
        ),
        _ => {
            let saturation = if acute == "pneumonia" {
                rng.random_range(90.0..95.0)
            } else {
                rng.random_range(96.0..100.0)
            };
            (measure(saturation, 0), Value::Null)
        }
    };
    let at = visit.start.plus_minutes(10);
    object! {
        "resourceType": "Observation",
        "id": subject.id("obs", key(visit.n, vital.slug)),
        "meta": record::meta(rng, date, &[us_core::VITAL_SIGNS]),
        "status": "final",
        "category": vec![object! {
            "coding": vec![Code::new(OBSERVATION_CATEGORY, "vital-signs", "Vital Signs").coding()],
            "text": "Vital Signs"
        }],
        "code": vital.loinc.concept(),
        "subject": subject.patient(),
        "encounter": subject.own("Encounter", "enc", visit.n),
        "effectiveDateTime": at.instant(),
        "performer": vec![record::practitioner(visit.practitioner)],
        "valueQuantity": value,
        "component": components
    }
}

fn lab(
    rng: &mut SeedRng,
    subject: &Subject,
    history: &History,
    visit: &Visit,
    analyte: &Analyte,
) -> Value {
    let (low, high) = match analyte.affected {
        Some((slug, low, high)) if history.has(slug, visit.start.date) => (low, high),
        _ => analyte.usual,
    };
    let value = round(rng.random_range(low..high), analyte.decimals);
    let (flag, flag_display) = match (analyte.low, analyte.high) {
        (_, Some(h)) if value > h => ("H", "High"),
        (Some(l), _) if value < l => ("L", "Low"),
        _ => ("N", "Normal"),
    };
    let bound = |b: Option<f64>| b.map(|v| quantity(v, analyte.decimals, analyte.ucum));
    let lab = if visit.kind == VisitKind::Inpatient {
        visit.organization
    } else {
        history.providers.lab
    };
    object! {
        "resourceType": "Observation",
        "id": subject.id("obs", key(visit.n, analyte.slug)),
        "meta": record::meta(rng, issued(visit).date, &[us_core::OBSERVATION_LAB]),
        "status": "final",
        "category": vec![object! {
            "coding": vec![Code::new(OBSERVATION_CATEGORY, "laboratory", "Laboratory").coding()],
            "text": "Laboratory"
        }],
        "code": analyte.loinc.concept(),
        "subject": subject.patient(),
        "encounter": subject.own("Encounter", "enc", visit.n),
        "effectiveDateTime": collected(visit).instant(),
        "issued": issued(visit).instant(),
        "performer": vec![record::organization(lab)],
        "valueQuantity": quantity(value, analyte.decimals, analyte.ucum),
        "interpretation": vec![category(
            "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
            flag,
            flag_display
        )],
        "referenceRange": vec![object! {"low": bound(analyte.low), "high": bound(analyte.high)}]
    }
}

/// The smoking status recorded at the member's first visit.
fn smoking_status(rng: &mut SeedRng, subject: &Subject, history: &History) -> Option<Value> {
    let visit = history.visits.first()?;
    let status = history.story.smoking;
    Some(object! {
        "resourceType": "Observation",
        "id": subject.id("obs", "smoking"),
        "meta": record::meta(rng, visit.start.date, &[us_core::SMOKING_STATUS]),
        "status": "final",
        "category": vec![object! {
            "coding": vec![Code::new(OBSERVATION_CATEGORY, "social-history", "Social History").coding()],
            "text": "Social History"
        }],
        "code": Code::new(LOINC, "72166-2", "Tobacco smoking status").concept(),
        "subject": subject.patient(),
        "encounter": subject.own("Encounter", "enc", visit.n),
        "effectiveDateTime": visit.start.plus_minutes(5).instant(),
        "issued": visit.end.instant(),
        "valueCodeableConcept": object! {"coding": vec![status.coding()], "text": plain(status.display)}
    })
}

/// A UCUM `Quantity`; whole numbers when `decimals` is 0.
fn quantity(value: f64, decimals: u8, ucum: &str) -> Value {
    let number = if decimals == 0 {
        Value::from(value.round() as i64)
    } else {
        Value::from(value)
    };
    object! {"value": number, "unit": ucum, "system": UCUM, "code": ucum}
}
