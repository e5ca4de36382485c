//! The claims a member's history produces, one per CARIN EOB: what was billed, by
//! whom, for which diagnoses, and how each line shares its cost with the member.
//!
//! An office visit gives a professional claim; an ER visit an outpatient facility
//! claim and the ER physician's professional claim; a stay an inpatient facility claim
//! and the surgeon's or attending's claim; a fill a pharmacy claim; a dental visit an
//! oral claim. Claims come out in date order, which is the order EOBs are numbered in.

use super::super::rng::SeedRng;
use super::codes::{Code, ICD10CM, PLACE_OF_SERVICE, REVENUE};
use super::diagnoses;
use super::history::{History, Visit, VisitKind};
use super::measures::Panel;
use super::services::{self, Service};
use fake::rand::RngExt;
use time::Date;

/// The five CARIN EOB profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClaimKind {
    Inpatient,
    Outpatient,
    Professional,
    Pharmacy,
    Oral,
}

/// Who billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Practitioner(u32),
    Organization(u32),
}

/// A care team member's CARIN role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Attending,
    Operating,
    Performing,
    Prescribing,
}

impl Role {
    /// The C4BBClaimCareTeamRole code and display.
    pub fn code(self) -> (&'static str, &'static str) {
        match self {
            Role::Attending => ("attending", "Attending"),
            Role::Operating => ("operating", "Operating"),
            Role::Performing => ("performing", "Performing provider"),
            Role::Prescribing => ("prescribing", "Prescribing provider"),
        }
    }
}

/// How a line's allowed amount is split between the plan and the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// Covered in full (preventive care).
    Preventive,
    /// A fixed copay, in cents.
    Copay(i64),
    /// The deductible, then this percentage.
    Coinsurance(i64),
}

/// One claim line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub date: Date,
    /// The last day, for lines billed over a period (room and board).
    pub until: Option<Date>,
    pub product: Code,
    pub revenue: Option<Code>,
    pub place: Option<Code>,
    /// ADA universal tooth number.
    pub tooth: Option<u8>,
    pub quantity: u32,
    /// Submitted charge for the whole line, in cents.
    pub charge: i64,
    pub share: Share,
}

/// Claim-level facts CARIN carries as `supportingInfo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Info {
    Admission(Date, Date),
    TypeOfBill(Code),
    AdmissionType(Code),
    DischargeStatus(Code),
    Drg(Code),
    DaysSupply(u32),
    Refill(u32),
    DispenseAsWritten(Code),
}

/// One claim, before adjudication.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub kind: ClaimKind,
    pub start: Date,
    pub end: Date,
    pub provider: Provider,
    pub care_team: Vec<(u32, Role)>,
    /// ICD-10-CM, the principal first.
    pub diagnoses: Vec<Code>,
    /// ICD-10-PCS procedures of inpatient claims, with their dates.
    pub procedures: Vec<(Code, Date)>,
    pub lines: Vec<Line>,
    pub info: Vec<Info>,
}

const NOT_APPLICABLE: Code = Code::new(
    "http://terminology.hl7.org/CodeSystem/data-absent-reason",
    "not-applicable",
    "Not Applicable",
);
const OFFICE: Code = Code::new(PLACE_OF_SERVICE, "11", "Office");
const INPATIENT_HOSPITAL: Code = Code::new(PLACE_OF_SERVICE, "21", "Inpatient Hospital");
const EMERGENCY_ROOM: Code = Code::new(PLACE_OF_SERVICE, "23", "Emergency Room - Hospital");
const ROOM_AND_BOARD: Code = Code::new(
    REVENUE,
    "0120",
    "Room & Board - Semi-Private Two Beds - General",
);
const PHARMACY: Code = Code::new(REVENUE, "0250", "Pharmacy - General");
const LABORATORY: Code = Code::new(REVENUE, "0300", "Laboratory - General");
const PATHOLOGY: Code = Code::new(REVENUE, "0310", "Laboratory Pathology - General");
const RADIOLOGY: Code = Code::new(REVENUE, "0320", "Radiology - Diagnostic - General");
const OPERATING_ROOM: Code = Code::new(REVENUE, "0360", "Operating Room Services - General");
const MAMMOGRAPHY: Code = Code::new(
    REVENUE,
    "0403",
    "Other Imaging Services - Screening Mammography",
);
const EMERGENCY: Code = Code::new(REVENUE, "0450", "Emergency Room - General");
const ECG: Code = Code::new(REVENUE, "0730", "EKG/ECG - General");
const GASTROINTESTINAL: Code = Code::new(REVENUE, "0750", "Gastro-Intestinal Services - General");
const FOLLOW_UP: Code = Code::new(
    ICD10CM,
    "Z09",
    "Encounter for follow-up examination after completed treatment for conditions other than malignant neoplasm",
);
const INPATIENT_BILL: Code = Code::new(
    "https://www.nubc.org/CodeSystem/TypeOfBill",
    "0111",
    "Hospital Inpatient - Admit Through Discharge Claim",
);
const OUTPATIENT_BILL: Code = Code::new(
    "https://www.nubc.org/CodeSystem/TypeOfBill",
    "0131",
    "Hospital Outpatient - Admit Through Discharge Claim",
);
const EMERGENCY_ADMISSION: Code = Code::new(
    "https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit",
    "1",
    "Emergency",
);
const DISCHARGED_HOME: Code = Code::new(
    "https://www.nubc.org/CodeSystem/PatDischargeStatus",
    "01",
    "Discharged to home or self care (routine discharge)",
);
const NO_PRODUCT_SELECTION: Code = Code::new(
    "http://terminology.hl7.org/CodeSystem/NCPDPDispensedAsWrittenOrProductSelectionCode",
    "0",
    "No Product Selection Indicated",
);
const OFFICE_COPAY: i64 = 2_500;
const ER_COPAY: i64 = 15_000;
const COINSURANCE: i64 = 20;

/// Every claim of `history`, in date order.
pub fn claims(rng: &mut SeedRng, history: &History) -> Vec<Claim> {
    let mut out = Vec::new();
    for visit in &history.visits {
        visit_claims(rng, history, visit, &mut out);
    }
    for fill in &history.fills {
        let copay = if fill.drug.brand { 4_000 } else { 1_000 };
        out.push(Claim {
            kind: ClaimKind::Pharmacy,
            start: fill.date,
            end: fill.date,
            provider: Provider::Organization(fill.pharmacy),
            care_team: vec![(fill.prescriber, Role::Prescribing)],
            diagnoses: vec![],
            procedures: vec![],
            lines: vec![Line {
                quantity: fill.drug.quantity,
                ..line(
                    rng,
                    fill.date,
                    fill.drug.ndc,
                    fill.drug.charge,
                    Share::Copay(copay),
                )
            }],
            info: vec![
                Info::DaysSupply(fill.drug.days_supply),
                Info::Refill(fill.refill),
                Info::DispenseAsWritten(NO_PRODUCT_SELECTION),
            ],
        });
    }
    for visit in &history.dental {
        let lines = visit
            .services
            .iter()
            .map(|(service, tooth)| {
                let share = if service.preventive {
                    Share::Preventive
                } else {
                    Share::Coinsurance(COINSURANCE)
                };
                Line {
                    tooth: *tooth,
                    ..line(rng, visit.date, service.cdt, service.charge, share)
                }
            })
            .collect();
        out.push(Claim {
            kind: ClaimKind::Oral,
            start: visit.date,
            end: visit.date,
            provider: Provider::Practitioner(visit.dentist),
            care_team: vec![(visit.dentist, Role::Performing)],
            diagnoses: vec![visit.diagnosis],
            procedures: vec![],
            lines,
            info: vec![],
        });
    }
    out.sort_by_key(|c| (c.end, c.start, c.kind));
    out
}

/// The claims of one encounter.
fn visit_claims(rng: &mut SeedRng, history: &History, visit: &Visit, out: &mut Vec<Claim>) {
    let (start, end) = (visit.start.date, visit.end.date);
    let diagnoses: Vec<Code> = visit
        .problems
        .iter()
        .filter_map(|&i| Some(history.problems.get(i)?.diagnosis.icd10))
        .collect();
    let professional = |lines: Vec<Line>, diagnoses: Vec<Code>| Claim {
        kind: ClaimKind::Professional,
        start,
        end,
        provider: Provider::Practitioner(visit.practitioner),
        care_team: vec![(visit.practitioner, Role::Performing)],
        diagnoses,
        procedures: vec![],
        lines,
        info: vec![],
    };
    match visit.kind {
        VisitKind::Checkup => {
            let mut lines = vec![cpt(rng, start, visit.service, Share::Preventive)];
            lines.extend(labs(rng, start, &visit.panels, Share::Preventive));
            for (_, service) in &visit.procedures {
                lines.push(cpt(rng, start, service, Share::Preventive));
            }
            for &i in &visit.shots {
                if let Some(shot) = history.shots.get(i) {
                    let product = shot.vaccine;
                    lines.push(line(
                        rng,
                        start,
                        product.cpt,
                        product.charge,
                        Share::Preventive,
                    ));
                    let admin = &services::VACCINE_ADMINISTRATION;
                    lines.push(cpt(rng, start, admin, Share::Preventive));
                }
            }
            let mut all = vec![diagnoses::ADULT_EXAM];
            all.extend(diagnoses);
            out.push(professional(at_place(lines, OFFICE), all));
        }
        VisitKind::FollowUp | VisitKind::Sick => {
            let share = Share::Coinsurance(COINSURANCE);
            let mut lines = vec![cpt(rng, start, visit.service, Share::Copay(OFFICE_COPAY))];
            lines.extend(labs(rng, start, &visit.panels, share));
            for service in &visit.extras {
                lines.push(cpt(rng, start, service, share));
            }
            let diagnoses = if diagnoses.is_empty() {
                vec![FOLLOW_UP]
            } else {
                diagnoses
            };
            out.push(professional(at_place(lines, OFFICE), diagnoses));
        }
        VisitKind::Emergency => {
            let share = Share::Coinsurance(COINSURANCE);
            let mut lines = vec![Line {
                revenue: Some(EMERGENCY),
                ..facility(rng, start, visit.service, Share::Copay(ER_COPAY))
            }];
            for (_, service) in &visit.procedures {
                let revenue = if service.cpt == services::ECG.cpt {
                    ECG
                } else {
                    RADIOLOGY
                };
                lines.push(Line {
                    revenue: Some(revenue),
                    ..cpt(rng, start, service, share)
                });
            }
            out.push(institutional(
                ClaimKind::Outpatient,
                visit,
                diagnoses.clone(),
                lines,
            ));
            let lines = vec![cpt(rng, start, visit.service, share)];
            out.push(professional(at_place(lines, EMERGENCY_ROOM), diagnoses));
        }
        VisitKind::Inpatient => inpatient_claims(rng, visit, diagnoses, out),
        VisitKind::Screening => {
            if let Some(screening) = visit.screening {
                let revenue = if screening.service.cpt == services::MAMMOGRAM.cpt {
                    MAMMOGRAPHY
                } else {
                    GASTROINTESTINAL
                };
                let lines = vec![Line {
                    revenue: Some(revenue),
                    ..facility(rng, start, screening.service, Share::Preventive)
                }];
                let claim = institutional(
                    ClaimKind::Outpatient,
                    visit,
                    vec![screening.diagnosis],
                    lines,
                );
                out.push(claim);
            }
        }
    }
}

/// A stay's facility claim and its physician's claim.
fn inpatient_claims(rng: &mut SeedRng, visit: &Visit, diagnoses: Vec<Code>, out: &mut Vec<Claim>) {
    let Some(admission) = visit.admission else {
        return;
    };
    let share = Share::Coinsurance(COINSURANCE);
    let (start, end) = (visit.start.date, visit.end.date);
    let day_after = time::Date::next_day(start).unwrap_or(start);
    let nights = (end.to_julian_day() - start.to_julian_day()).max(1) as u32;
    let mut lines = vec![
        Line {
            until: Some(end),
            revenue: Some(ROOM_AND_BOARD),
            quantity: nights,
            ..line(
                rng,
                start,
                NOT_APPLICABLE,
                285_000 * i64::from(nights),
                share,
            )
        },
        Line {
            until: Some(end),
            revenue: Some(PHARMACY),
            ..line(rng, start, NOT_APPLICABLE, 64_000, share)
        },
    ];
    for panel in &visit.panels {
        lines.push(Line {
            revenue: Some(LABORATORY),
            ..line(rng, start, panel.cpt, panel.charge, share)
        });
    }
    let mut procedures = Vec::new();
    let mut care_team = vec![(visit.practitioner, Role::Attending)];
    if let Some(surgery) = admission.surgery {
        lines.push(Line {
            revenue: Some(OPERATING_ROOM),
            ..line(rng, day_after, surgery.cpt, surgery.charge * 3, share)
        });
        procedures.extend(surgery.pcs.map(|pcs| (pcs, day_after)));
        care_team.push((visit.practitioner, Role::Operating));
    }
    let revenue = if admission.surgery.is_some() {
        PATHOLOGY
    } else {
        RADIOLOGY
    };
    lines.push(Line {
        revenue: Some(revenue),
        ..cpt(rng, day_after, admission.study.service, share)
    });
    let mut claim = institutional(ClaimKind::Inpatient, visit, diagnoses.clone(), lines);
    claim.procedures = procedures;
    claim.care_team = care_team;
    claim.info = vec![
        Info::Admission(start, end),
        Info::TypeOfBill(INPATIENT_BILL),
        Info::AdmissionType(EMERGENCY_ADMISSION),
        Info::DischargeStatus(DISCHARGED_HOME),
        Info::Drg(admission.drg),
    ];
    out.push(claim);

    let (service, date) = match admission.surgery {
        Some(surgery) => (surgery, day_after),
        None => (visit.service, start),
    };
    out.push(Claim {
        kind: ClaimKind::Professional,
        start,
        end,
        provider: Provider::Practitioner(visit.practitioner),
        care_team: vec![(visit.practitioner, Role::Performing)],
        diagnoses,
        procedures: vec![],
        lines: at_place(vec![cpt(rng, date, service, share)], INPATIENT_HOSPITAL),
        info: vec![],
    });
}

/// A hospital's claim for `visit`.
fn institutional(kind: ClaimKind, visit: &Visit, diagnoses: Vec<Code>, lines: Vec<Line>) -> Claim {
    Claim {
        kind,
        start: visit.start.date,
        end: visit.end.date,
        provider: Provider::Organization(visit.organization),
        care_team: vec![(visit.practitioner, Role::Attending)],
        diagnoses,
        procedures: vec![],
        lines,
        info: vec![Info::TypeOfBill(OUTPATIENT_BILL)],
    }
}

/// A line of `charge` (give or take 15%), quantity one.
fn line(rng: &mut SeedRng, date: Date, product: Code, charge: i64, share: Share) -> Line {
    Line {
        date,
        until: None,
        product,
        revenue: None,
        place: None,
        tooth: None,
        quantity: 1,
        charge: charge * rng.random_range(90..=115) / 100,
        share,
    }
}

/// A professional line for `service`.
fn cpt(rng: &mut SeedRng, date: Date, service: &Service, share: Share) -> Line {
    line(rng, date, service.cpt, service.charge, share)
}

/// A facility line for `service` (facilities charge more than the physician).
fn facility(rng: &mut SeedRng, date: Date, service: &Service, share: Share) -> Line {
    line(rng, date, service.cpt, service.charge * 2, share)
}

/// The lines of lab panels and the blood draw they need.
fn labs(rng: &mut SeedRng, date: Date, panels: &[&Panel], share: Share) -> Vec<Line> {
    let mut lines: Vec<Line> = panels
        .iter()
        .map(|p| line(rng, date, p.cpt, p.charge, share))
        .collect();
    if !lines.is_empty() {
        lines.push(cpt(rng, date, &services::VENIPUNCTURE, share));
    }
    lines
}

/// `lines` with their place of service.
fn at_place(lines: Vec<Line>, place: Code) -> Vec<Line> {
    lines
        .into_iter()
        .map(|l| Line {
            place: Some(place),
            ..l
        })
        .collect()
}
