//! ExplanationOfBenefit: each claim of the history as the CARIN Blue Button EOB a
//! payer returns, adjudicated line by line.
//!
//! Ids are `<patient>-eob-<n>`, numbered in claim date order. Every EOB has the
//! payer as insurer, the member's Coverage as its focal insurance, a unique claim id
//! (`uc`), its billable period matching its lines, and totals that are the sums of its
//! lines' adjudications.

use super::super::rng::SeedRng;
use super::claims::{self, Claim, ClaimKind, Info, Line, Provider};
use super::codes::{
    C4BB_ADJUDICATION_DISCRIMINATOR, C4BB_CARE_TEAM_ROLE, C4BB_DIAGNOSIS_TYPE,
    C4BB_IDENTIFIER_TYPE, C4BB_INSTITUTIONAL_SUBTYPE, C4BB_PAYER_ADJUDICATION_STATUS,
    C4BB_SUPPORTING_INFO, CLAIM_TYPE, Code, DIAGNOSIS_TYPE, category,
};
use super::dates::{self, LAST_UPDATE, Moment, day};
use super::history::History;
use super::money::{Amounts, Benefit, CATEGORIES, Ledger};
use super::record::{self, Subject, money, non_empty, object};
use crate::fhir::profiles::carin;
use fake::rand::RngExt;
use serde_json::Value;

/// Every EOB of the member, in claim date order.
pub fn explanations_of_benefit(
    rng: &mut SeedRng,
    subject: &Subject,
    history: &History,
) -> Vec<Value> {
    let claims = claims::claims(rng, history);
    let mut ledger = Ledger::new(history.story.deductible);
    claims
        .iter()
        .zip(1u32..)
        .map(|(claim, n)| eob(rng, subject, &mut ledger, n, claim))
        .collect()
}

fn eob(rng: &mut SeedRng, subject: &Subject, ledger: &mut Ledger, n: u32, claim: &Claim) -> Value {
    let benefit = match claim.kind {
        ClaimKind::Pharmacy => Benefit::Pharmacy,
        ClaimKind::Oral => Benefit::Dental,
        _ => Benefit::Medical,
    };
    let received = dates::plus_days(claim.end, rng.random_range(1..=5));
    let processing = rng.random_range(1..=10);
    let created = dates::office_hours(rng, dates::plus_days(received, processing));
    let paid = dates::plus_days(created.date, rng.random_range(3..=14)).min(LAST_UPDATE);
    let mut total = Amounts::default();
    let items: Vec<Value> = claim
        .lines
        .iter()
        .zip(1u32..)
        .map(|(line, sequence)| {
            let amounts = ledger.adjudicate(rng, benefit, line);
            total.add(&amounts);
            item(claim, line, sequence, &amounts)
        })
        .collect();
    let (profile, type_code, type_display) = match claim.kind {
        ClaimKind::Inpatient => (carin::EOB_INPATIENT, "institutional", "Institutional"),
        ClaimKind::Outpatient => (carin::EOB_OUTPATIENT, "institutional", "Institutional"),
        ClaimKind::Professional => (carin::EOB_PROFESSIONAL, "professional", "Professional"),
        ClaimKind::Pharmacy => (carin::EOB_PHARMACY, "pharmacy", "Pharmacy"),
        ClaimKind::Oral => (carin::EOB_ORAL, "oral", "Oral"),
    };
    let sub_type = match claim.kind {
        ClaimKind::Inpatient => category(C4BB_INSTITUTIONAL_SUBTYPE, "inpatient", "Inpatient"),
        ClaimKind::Outpatient => category(C4BB_INSTITUTIONAL_SUBTYPE, "outpatient", "Outpatient"),
        _ => Value::Null,
    };
    let provider = match claim.provider {
        Provider::Practitioner(p) => record::practitioner(p),
        Provider::Organization(o) => record::organization(o),
    };
    let claim_number = format!(
        "{}{:06}{:03}",
        day(received).replace('-', ""),
        rng.random_range(0..1_000_000),
        n
    );
    object! {
        "resourceType": "ExplanationOfBenefit",
        "id": subject.id("eob", n),
        "meta": record::meta(rng, paid, &[profile]),
        "identifier": vec![object! {
            "type": category(C4BB_IDENTIFIER_TYPE, "uc", "Unique Claim ID"),
            "system": subject.system("claim-id"),
            "value": claim_number
        }],
        "status": "active",
        "type": object! {
            "coding": vec![Code::new(CLAIM_TYPE, type_code, type_display).coding()],
            "text": type_display
        },
        "subType": sub_type,
        "use": "claim",
        "patient": subject.patient(),
        "billablePeriod": object! {"start": day(claim.start), "end": day(claim.end)},
        "created": created.instant(),
        "insurer": record::payer(subject.tenant),
        "provider": provider.clone(),
        "payee": object! {
            "type": category(
                "http://terminology.hl7.org/CodeSystem/payeetype",
                "provider",
                "Provider"
            ),
            "party": provider
        },
        "outcome": "complete",
        "careTeam": care_team(claim),
        "supportingInfo": supporting_info(claim, received),
        "diagnosis": diagnoses(claim),
        "procedure": procedures(claim),
        "insurance": vec![object! {"focal": true, "coverage": subject.coverage()}],
        "item": items,
        "adjudication": vec![object! {
            "category": category(
                C4BB_ADJUDICATION_DISCRIMINATOR,
                "benefitpaymentstatus",
                "Benefit Payment Status"
            ),
            "reason": category(C4BB_PAYER_ADJUDICATION_STATUS, "innetwork", "In Network")
        }],
        "total": adjudication(&total, true),
        "payment": object! {
            "type": category(
                "http://terminology.hl7.org/CodeSystem/ex-paymenttype",
                "complete",
                "Complete"
            ),
            "date": day(paid),
            "amount": money(total.benefit)
        }
    }
}

/// One claim line with its adjudication.
fn item(claim: &Claim, line: &Line, sequence: u32, amounts: &Amounts) -> Value {
    let on_claim_diagnoses = matches!(claim.kind, ClaimKind::Professional | ClaimKind::Oral);
    let diagnosis_sequence: Vec<Value> = if on_claim_diagnoses {
        (1..=claim.diagnoses.len().min(4))
            .map(Value::from)
            .collect()
    } else {
        vec![]
    };
    let (date, period) = match line.until {
        Some(until) => (
            None,
            Some(object! {"start": day(line.date), "end": day(until)}),
        ),
        None => (Some(day(line.date)), None),
    };
    object! {
        "sequence": sequence,
        "careTeamSequence": vec![1],
        "diagnosisSequence": non_empty(diagnosis_sequence),
        "revenue": line.revenue.map(Code::concept),
        "productOrService": line.product.concept(),
        "servicedDate": date,
        "servicedPeriod": period,
        "locationCodeableConcept": line.place.map(Code::concept),
        "quantity": object! {"value": line.quantity},
        "bodySite": line.tooth.map(|t| object! {
            "coding": vec![object! {
                "system": "http://terminology.hl7.org/CodeSystem/ADAUniversalToothDesignation",
                "code": t.to_string()
            }],
            "text": format!("Tooth {t}")
        }),
        "adjudication": adjudication(amounts, false)
    }
}

/// The amounts as `adjudication` (or `total`) entries, one per category. Lines leave
/// out the member-share categories (deductible, copay, coinsurance) they do not use,
/// as payers do; totals carry every category.
fn adjudication(amounts: &Amounts, every_category: bool) -> Vec<Value> {
    CATEGORIES
        .iter()
        .zip(amounts.by_category())
        .filter(|(code, cents)| every_category || *cents != 0 || !SHARES.contains(&code.code))
        .map(|(code, cents)| {
            object! {
                "category": category(code.system, code.code, code.display),
                "amount": money(cents)
            }
        })
        .collect()
}

/// The member-share categories a line may leave out when they are zero.
const SHARES: [&str; 3] = ["deductible", "copay", "coinsurance"];

/// The care team, the billing practitioner first.
fn care_team(claim: &Claim) -> Value {
    let members = claim
        .care_team
        .iter()
        .zip(1u32..)
        .map(|((practitioner, role), sequence)| {
            let (code, display) = role.code();
            object! {
                "sequence": sequence,
                "provider": record::practitioner(*practitioner),
                "responsible": sequence == 1,
                "role": category(C4BB_CARE_TEAM_ROLE, code, display)
            }
        })
        .collect();
    non_empty(members)
}

/// The ICD-10-CM diagnoses, typed as CARIN types them for the claim's kind.
fn diagnoses(claim: &Claim) -> Value {
    let institutional = matches!(claim.kind, ClaimKind::Inpatient | ClaimKind::Outpatient);
    let entries = claim
        .diagnoses
        .iter()
        .zip(1u32..)
        .map(|(code, sequence)| {
            let kind = match (institutional, sequence) {
                (true, 1) => category(C4BB_DIAGNOSIS_TYPE, "principal", "principal"),
                (true, _) => category(C4BB_DIAGNOSIS_TYPE, "other", "other"),
                (false, 1) => category(DIAGNOSIS_TYPE, "principal", "Principal Diagnosis"),
                (false, _) => category(DIAGNOSIS_TYPE, "secondary", "Secondary Diagnosis"),
            };
            object! {
                "sequence": sequence,
                "diagnosisCodeableConcept": object! {"coding": vec![code.coding()]},
                "type": vec![kind]
            }
        })
        .collect();
    non_empty(entries)
}

/// The ICD-10-PCS procedures of an inpatient claim.
fn procedures(claim: &Claim) -> Value {
    let entries = claim
        .procedures
        .iter()
        .zip(1u32..)
        .map(|((code, date), sequence)| {
            let at = Moment {
                date: *date,
                minute: 15 * 60,
            };
            object! {
                "sequence": sequence,
                "date": at.instant(),
                "procedureCodeableConcept": object! {"coding": vec![code.coding()]}
            }
        })
        .collect();
    non_empty(entries)
}

/// The claim's received date and its kind's supporting facts, numbered in order.
fn supporting_info(claim: &Claim, received: time::Date) -> Value {
    let coded = |code: Code| object! {"coding": vec![code.coding()]};
    let mut entries = vec![(
        "clmrecvddate",
        "Claim Received Date",
        "timingDate",
        Value::from(day(received)),
    )];
    for fact in &claim.info {
        entries.push(match *fact {
            Info::Admission(start, end) => (
                "admissionperiod",
                "Admission Period",
                "timingPeriod",
                object! {"start": day(start), "end": day(end)},
            ),
            Info::TypeOfBill(code) => ("typeofbill", "Type of Bill", "code", coded(code)),
            Info::AdmissionType(code) => ("admtype", "Admission Type", "code", coded(code)),
            Info::DischargeStatus(code) => {
                ("discharge-status", "Discharge Status", "code", coded(code))
            }
            Info::Drg(code) => ("drg", "DRG", "code", coded(code)),
            Info::DaysSupply(days) => (
                "dayssupply",
                "Days Supply",
                "valueQuantity",
                object! {"value": days},
            ),
            Info::Refill(n) => (
                "refillnum",
                "Refill Number",
                "valueQuantity",
                object! {"value": n},
            ),
            Info::DispenseAsWritten(code) => (
                "dawcode",
                "Dispense As Written (DAW) Product Selection Code",
                "code",
                coded(code),
            ),
        });
    }
    let entries = entries
        .into_iter()
        .zip(1u32..)
        .map(|((code, display, element, value), sequence)| {
            let mut entry = serde_json::Map::new();
            entry.insert("sequence".into(), sequence.into());
            entry.insert(
                "category".into(),
                category(C4BB_SUPPORTING_INFO, code, display),
            );
            entry.insert(element.into(), value);
            Value::Object(entry)
        })
        .collect();
    Value::Array(entries)
}
