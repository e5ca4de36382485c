//! A member's history with dates, providers and numbers: the one plan every record
//! generator reads.
//!
//! Drawing the whole history first keeps the records consistent with each other (an
//! encounter's observations on its day, a claim's lines on the visit's services, a
//! report's results among the member's observations) and fixes every record id before
//! any record is written, so records can point at each other in any output order.

use super::super::rng::SeedRng;
use super::codes::Code;
use super::dates::{self, Moment};
use super::diagnoses::{Course, Diagnosis};
use super::drugs::Drug;
use super::measures::{self, Panel, Vital};
use super::outside_visits;
use super::person::{Person, round};
use super::record::Subject;
use super::schedule;
use super::services::{DentalService, Service, Study, Vaccine};
use super::story::{Admission, Screening, Story};
use fake::rand::RngExt;
use time::Date;

/// What kind of visit an encounter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitKind {
    Checkup,
    FollowUp,
    Sick,
    Emergency,
    Inpatient,
    Screening,
}

/// One encounter and everything done at it.
#[derive(Debug, Clone)]
pub struct Visit {
    /// Encounter number, in date order from 1.
    pub n: u32,
    pub kind: VisitKind,
    pub start: Moment,
    pub end: Moment,
    /// The practitioner who saw the member (attending, surgeon, reader).
    pub practitioner: u32,
    /// Where: the clinic or the hospital.
    pub organization: u32,
    /// The main service the practitioner bills (E/M visit, ER visit, admission).
    pub service: &'static Service,
    /// The diagnosis that brought the member in, for sick, emergency and hospital visits.
    pub acute: Option<&'static Diagnosis>,
    /// Indexes into [`History::problems`] addressed at the visit, the principal first.
    pub problems: Vec<usize>,
    pub vitals: &'static [&'static Vital],
    /// The member's weight that day.
    pub weight_kg: f64,
    pub panels: Vec<&'static Panel>,
    /// Procedures done, with their Procedure numbers.
    pub procedures: Vec<(u32, &'static Service)>,
    pub studies: Vec<&'static Study>,
    /// Services billed without a clinical record of their own (a rapid strep test).
    pub extras: Vec<&'static Service>,
    /// Indexes into [`History::shots`] given at the visit.
    pub shots: Vec<usize>,
    pub admission: Option<&'static Admission>,
    pub screening: Option<&'static Screening>,
    /// A referral written at the visit.
    pub referral: Option<&'static str>,
}

/// One Condition.
#[derive(Debug, Clone)]
pub struct Problem {
    pub n: u32,
    pub diagnosis: &'static Diagnosis,
    pub onset: Date,
    /// When it was recorded: the start of the visit that recorded it.
    pub recorded: Moment,
    /// When it resolved (acute problems).
    pub abated: Option<Date>,
    /// The encounter that recorded it.
    pub visit: u32,
    pub recorder: u32,
}

/// Who gave a shot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Giver {
    /// At a visit, by its practitioner (the record is the primary source).
    Visit { visit: u32, practitioner: u32 },
    /// At a pharmacy; the payer knows it from the state registry.
    Pharmacy(u32),
}

/// One Immunization.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shot {
    pub n: u32,
    pub vaccine: &'static Vaccine,
    pub at: Moment,
    pub giver: Giver,
}

/// One pharmacy fill (a pharmacy claim).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    pub drug: &'static Drug,
    pub date: Date,
    pub prescriber: u32,
    pub pharmacy: u32,
    /// 0 for a new prescription, then 1, 2... for its refills.
    pub refill: u32,
}

/// One dental visit (an oral claim).
#[derive(Debug, Clone, PartialEq)]
pub struct DentalVisit {
    pub date: Date,
    pub dentist: u32,
    /// Services, each with the tooth it was done on (ADA universal number), if any.
    pub services: Vec<(&'static DentalService, Option<u8>)>,
    /// The claim's diagnosis.
    pub diagnosis: Code,
}

/// The providers a member keeps going back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Providers {
    /// Primary care practitioner and their clinic.
    pub pcp: u32,
    pub clinic: u32,
    pub hospital: u32,
    pub lab: u32,
    pub pharmacy: u32,
    pub dentist: u32,
}

/// The whole plan.
#[derive(Debug, Clone)]
pub struct History {
    pub person: Person,
    pub story: Story,
    pub providers: Providers,
    pub visits: Vec<Visit>,
    pub problems: Vec<Problem>,
    pub shots: Vec<Shot>,
    pub fills: Vec<Fill>,
    pub dental: Vec<DentalVisit>,
}

impl History {
    /// Draws the dated history of `person` living `story`.
    pub fn plan(rng: &mut SeedRng, subject: &Subject, person: Person, story: Story) -> History {
        let providers = Providers {
            pcp: subject.any_practitioner(rng),
            clinic: subject.any_organization(rng),
            hospital: subject.any_organization(rng),
            lab: subject.any_organization(rng),
            pharmacy: subject.any_organization(rng),
            dentist: subject.any_practitioner(rng),
        };
        let mut visits = schedule::visits(rng, subject, &person, &story, &providers);
        visits.sort_by_key(|v| v.start);
        let mut weight = person.weight_kg;
        for (i, visit) in visits.iter_mut().enumerate() {
            visit.n = i as u32 + 1;
            weight = (weight + rng.random_range(-1.2..1.2))
                .clamp(person.weight_kg * 0.92, person.weight_kg * 1.08);
            visit.weight_kg = round(weight, 1);
        }
        let problems = problems(rng, &story, &mut visits);
        add_panels(&story, &problems, &mut visits);
        let mut procedure = 0;
        for visit in &mut visits {
            for (n, _) in &mut visit.procedures {
                procedure += 1;
                *n = procedure;
            }
        }
        let shots = outside_visits::shots(rng, &story, &providers, &mut visits);
        let fills = outside_visits::fills(rng, &story, &providers, &visits);
        let dental = outside_visits::dental(rng, &story, &providers);
        History {
            person,
            story,
            providers,
            visits,
            problems,
            shots,
            fills,
            dental,
        }
    }

    /// Whether the member has the diagnosis `slug` on `date`.
    pub fn has(&self, slug: &str, date: Date) -> bool {
        self.problems.iter().any(|p| {
            p.diagnosis.slug == slug && p.onset <= date && p.abated.is_none_or(|end| date <= end)
        })
    }
}

/// The Conditions: chronic ones recorded at the first visit after they began, acute
/// ones at the visit they brought about. Fills each visit's `problems`.
fn problems(rng: &mut SeedRng, story: &Story, visits: &mut [Visit]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    let office = |v: &Visit| {
        matches!(
            v.kind,
            VisitKind::Checkup | VisitKind::FollowUp | VisitKind::Sick
        )
    };
    for (diagnosis, onset) in &story.chronic {
        let at = visits
            .iter()
            .find(|v| office(v) && v.start.date >= *onset)
            .or_else(|| visits.iter().rev().find(|v| office(v)))
            .or(visits.last());
        let Some(at) = at else { continue };
        problems.push(Problem {
            n: problems.len() as u32 + 1,
            diagnosis,
            onset: (*onset).min(at.start.date),
            recorded: at.start,
            abated: None,
            visit: at.n,
            recorder: at.practitioner,
        });
    }
    let chronic = problems.len();
    for visit in visits.iter_mut() {
        if let Some(diagnosis) = visit.acute {
            let days = match diagnosis.course {
                Course::Acute(days) => i64::from(days),
                Course::Chronic => 0,
            };
            visit.problems.push(problems.len());
            problems.push(Problem {
                n: problems.len() as u32 + 1,
                diagnosis,
                onset: dates::plus_days(visit.start.date, -rng.random_range(0..=3)),
                recorded: visit.start,
                abated: Some(dates::plus_days(visit.end.date, days)),
                visit: visit.n,
                recorder: visit.practitioner,
            });
        }
        if matches!(visit.kind, VisitKind::Checkup | VisitKind::FollowUp) {
            visit.problems = (0..chronic)
                .filter(|&i| problems[i].onset <= visit.start.date)
                .collect();
        }
    }
    problems
}

/// The lab panels of each visit: a lipid panel and the monitoring labs of the
/// member's conditions at checkups of lab years, the quick monitoring labs (A1c, TSH,
/// blood counts) at follow-ups, a blood count on admission.
fn add_panels(story: &Story, problems: &[Problem], visits: &mut [Visit]) {
    for visit in visits.iter_mut() {
        let mut panels: Vec<&'static Panel> = Vec::new();
        let monitored = visit
            .problems
            .iter()
            .filter_map(|&i| problems.get(i)?.diagnosis.monitor);
        match visit.kind {
            VisitKind::Checkup if story.lab_years.contains(&visit.start.date.year()) => {
                panels.push(&measures::LIPIDS);
                panels.extend(monitored);
            }
            VisitKind::FollowUp => {
                panels.extend(monitored.filter(|p| !matches!(p.slug, "lipid" | "bmp")));
            }
            VisitKind::Inpatient => panels.push(&measures::CBC),
            _ => {}
        }
        let mut seen: Vec<&str> = Vec::new();
        panels.retain(|p| {
            let fresh = !seen.contains(&p.slug);
            seen.push(p.slug);
            fresh
        });
        visit.panels = panels;
    }
}
