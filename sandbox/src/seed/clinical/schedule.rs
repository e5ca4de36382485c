//! When a member's visits happen, who sees them, and what is done at each: the
//! encounters of a [`Story`], not yet numbered (the history sorts and numbers them).

use super::super::rng::SeedRng;
use super::dates::{self, LAST_VISIT, Moment, age_on};
use super::history::{Providers, Visit, VisitKind};
use super::measures;
use super::person::Person;
use super::record::Subject;
use super::services::{self, Service};
use super::story::Story;
use fake::rand::RngExt;
use time::macros::date;

/// Every encounter of `story`, in no particular order.
pub fn visits(
    rng: &mut SeedRng,
    subject: &Subject,
    person: &Person,
    story: &Story,
    providers: &Providers,
) -> Vec<Visit> {
    let start = story.coverage_start;
    let mut out = Vec::new();
    // Years come in order, so the first checkup pushed is the earliest.
    for &year in &story.checkups {
        let date = dates::in_year(rng, year, 2, 11).max(start);
        let service = match age_on(person.birth, date) {
            ..40 => &services::PREVENTIVE_18_39,
            40..65 => &services::PREVENTIVE_40_64,
            _ => &services::PREVENTIVE_65,
        };
        let at = dates::office_hours(rng, date);
        let mut v = visit(
            VisitKind::Checkup,
            at,
            40,
            providers.pcp,
            providers.clinic,
            service,
        );
        v.vitals = if out.is_empty() {
            measures::FIRST_CHECKUP_VITALS
        } else {
            measures::CHECKUP_VITALS
        };
        if story.pap_years.contains(&year) {
            v.procedures.push((0, &services::PAP_SMEAR));
            v.studies.push(&services::PAP_REPORT);
        }
        out.push(v);
    }

    let first_onset = story.chronic.iter().map(|(_, onset)| *onset).min();
    let mut last_follow_up: Option<usize> = None;
    for &year in &story.follow_ups {
        let date = dates::in_year(rng, year, 1, 12).max(start);
        if first_onset.is_none_or(|onset| onset > date) {
            continue;
        }
        let at = dates::office_hours(rng, date);
        let service = &services::OFFICE_VISIT_MODERATE;
        let mut v = visit(
            VisitKind::FollowUp,
            at,
            25,
            providers.pcp,
            providers.clinic,
            service,
        );
        v.vitals = measures::VISIT_VITALS;
        if last_follow_up.is_none_or(|i: usize| out[i].start < v.start) {
            last_follow_up = Some(out.len());
        }
        out.push(v);
    }
    if let Some(i) = last_follow_up {
        out[i].referral = story.referral;
    }

    for diagnosis in &story.sick {
        let date = dates::between(rng, start, LAST_VISIT);
        let at = dates::office_hours(rng, date);
        let service = &services::OFFICE_VISIT;
        let mut v = visit(
            VisitKind::Sick,
            at,
            20,
            providers.pcp,
            providers.clinic,
            service,
        );
        v.vitals = measures::SICK_VITALS;
        v.acute = Some(diagnosis);
        if diagnosis.slug == "strep-throat" {
            v.extras.push(&services::RAPID_STREP);
        }
        out.push(v);
    }

    if let Some(emergency) = story.emergency {
        let date = dates::between(rng, start.max(date!(2020 - 01 - 01)), LAST_VISIT);
        let at = any_time(rng, date);
        let minutes = rng.random_range(180..=360);
        let doctor = subject.any_practitioner(rng);
        let service = &services::EMERGENCY_VISIT;
        let mut v = visit(
            VisitKind::Emergency,
            at,
            minutes,
            doctor,
            providers.hospital,
            service,
        );
        v.vitals = measures::ACUTE_VITALS;
        v.acute = Some(emergency.diagnosis);
        v.procedures.push((0, emergency.study.service));
        v.studies.push(emergency.study);
        out.push(v);
    }

    if let Some(admission) = story.admission {
        let nights = i64::from(admission.nights);
        let last = dates::plus_days(LAST_VISIT, -nights);
        let date = dates::between(rng, start.max(date!(2020 - 06 - 01)), last);
        let at = any_time(rng, date);
        let discharge = dates::office_hours(rng, dates::plus_days(date, nights));
        let doctor = subject.any_practitioner(rng);
        let service = &services::HOSPITAL_ADMISSION;
        let mut v = visit(
            VisitKind::Inpatient,
            at,
            0,
            doctor,
            providers.hospital,
            service,
        );
        v.end = discharge;
        v.vitals = measures::ACUTE_VITALS;
        v.acute = Some(admission.diagnosis);
        v.procedures
            .push((0, admission.surgery.unwrap_or(admission.study.service)));
        v.studies.push(admission.study);
        v.admission = Some(admission);
        out.push(v);
    }

    for &(screening, year) in &story.screenings {
        let date = dates::in_year(rng, year, 1, 12).max(start);
        let at = dates::office_hours(rng, date);
        let reader = subject.any_practitioner(rng);
        let mut v = visit(
            VisitKind::Screening,
            at,
            45,
            reader,
            providers.hospital,
            screening.service,
        );
        v.procedures.push((0, screening.service));
        v.studies.extend(screening.study);
        v.screening = Some(screening);
        out.push(v);
    }
    out
}

/// A visit with nothing done yet; its number, problems and weight come later.
fn visit(
    kind: VisitKind,
    start: Moment,
    minutes: u32,
    practitioner: u32,
    organization: u32,
    service: &'static Service,
) -> Visit {
    Visit {
        n: 0,
        kind,
        start,
        end: start.plus_minutes(minutes),
        practitioner,
        organization,
        service,
        acute: None,
        problems: Vec::new(),
        vitals: &[],
        weight_kg: 0.0,
        panels: Vec::new(),
        procedures: Vec::new(),
        studies: Vec::new(),
        extras: Vec::new(),
        shots: Vec::new(),
        admission: None,
        screening: None,
        referral: None,
    }
}

/// Any time of day, to the five minutes (emergencies keep no office hours).
fn any_time(rng: &mut SeedRng, date: time::Date) -> Moment {
    Moment {
        date,
        minute: 5 * rng.random_range(0..288u16),
    }
}
