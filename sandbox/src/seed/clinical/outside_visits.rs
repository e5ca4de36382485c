//! What happens around the doctor's visits: shots (at a checkup or at the pharmacy),
//! prescription fills and dental visits.

use super::super::rng::SeedRng;
use super::dates::{self, LAST_VISIT};
use super::diagnoses;
use super::history::{DentalVisit, Fill, Giver, Providers, Shot, Visit, VisitKind};
use super::person::pick;
use super::services::{self, Vaccine};
use super::story::Story;
use fake::rand::RngExt;
use time::macros::date;

/// Every shot of `story`, numbered in date order; shots given at a visit are also
/// listed in that visit's `shots`.
pub fn shots(
    rng: &mut SeedRng,
    story: &Story,
    providers: &Providers,
    visits: &mut [Visit],
) -> Vec<Shot> {
    let mut shots: Vec<Shot> = Vec::new();
    let at_checkup = |vaccine: &'static Vaccine, year: i32, fall_only: bool| {
        visits
            .iter()
            .find(|v| {
                v.kind == VisitKind::Checkup
                    && v.start.date.year() == year
                    && (!fall_only || u8::from(v.start.date.month()) >= 9)
            })
            .map(|v| Shot {
                n: 0,
                vaccine,
                at: v.start.plus_minutes(30),
                giver: Giver::Visit {
                    visit: v.n,
                    practitioner: v.practitioner,
                },
            })
    };
    let mut planned: Vec<(&'static Vaccine, Option<Shot>, time::Date)> = Vec::new();
    for &year in &story.flu {
        let vaccine = if year >= 2024 {
            &services::FLU_TRIVALENT
        } else {
            &services::FLU_QUADRIVALENT
        };
        let visit = at_checkup(vaccine, year, true);
        planned.push((vaccine, visit, dates::in_year(rng, year, 9, 11)));
    }
    for &(vaccine, year) in &story.vaccines {
        let visit = at_checkup(vaccine, year, false);
        planned.push((vaccine, visit, dates::in_year(rng, year, 1, 12)));
    }
    if story.covid {
        let first = dates::between(rng, date!(2021 - 03 - 15), date!(2021 - 05 - 31));
        let booster = dates::between(rng, date!(2022 - 09 - 15), date!(2022 - 11 - 30));
        planned.push((&services::COVID_PRIMARY, None, first));
        planned.push((&services::COVID_PRIMARY, None, dates::plus_days(first, 21)));
        planned.push((&services::COVID_BIVALENT, None, booster));
    }
    for (vaccine, at_visit, date) in planned {
        let shot = at_visit.unwrap_or_else(|| Shot {
            n: 0,
            vaccine,
            at: dates::office_hours(rng, date),
            giver: Giver::Pharmacy(providers.pharmacy),
        });
        if shot.at.date >= story.coverage_start && shot.at.date <= LAST_VISIT {
            shots.push(shot);
        }
    }
    shots.sort_by_key(|s| s.at);
    for (i, shot) in shots.iter_mut().enumerate() {
        shot.n = i as u32 + 1;
        if let Giver::Visit { visit, .. } = shot.giver
            && let Some(v) = (visit as usize)
                .checked_sub(1)
                .and_then(|i| visits.get_mut(i))
        {
            v.shots.push(i);
        }
    }
    shots
}

/// The latest fills of each maintenance drug, and the prescriptions written at sick,
/// emergency and hospital visits, in date order.
pub fn fills(
    rng: &mut SeedRng,
    story: &Story,
    providers: &Providers,
    visits: &[Visit],
) -> Vec<Fill> {
    let mut fills = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (diagnosis, onset) in &story.chronic {
        let Some(drug) = diagnosis.drug else { continue };
        if seen.contains(&drug.ndc.code) {
            continue;
        }
        seen.push(drug.ndc.code);
        let latest = dates::between(rng, dates::plus_days(LAST_VISIT, -80), LAST_VISIT);
        let count = story.fills_per_drug;
        let first_refill = rng.random_range(1..=6);
        for k in 0..count {
            let back = i64::from(k * drug.days_supply) + rng.random_range(0..=4);
            let date = dates::plus_days(latest, -back);
            if date >= story.coverage_start && date >= *onset {
                fills.push(Fill {
                    drug,
                    date,
                    prescriber: providers.pcp,
                    pharmacy: providers.pharmacy,
                    refill: first_refill + (count - 1 - k),
                });
            }
        }
    }
    for visit in visits {
        if let Some(drug) = visit.acute.and_then(|d| d.drug) {
            fills.push(Fill {
                drug,
                date: visit.end.date,
                prescriber: visit.practitioner,
                pharmacy: providers.pharmacy,
                refill: 0,
            });
        }
    }
    fills.sort_by_key(|f| f.date);
    fills
}

/// Cleanings in the story's dental years, and a filling a few weeks after one of them.
pub fn dental(rng: &mut SeedRng, story: &Story, providers: &Providers) -> Vec<DentalVisit> {
    let mut out = Vec::new();
    for &year in &story.dental {
        out.push(DentalVisit {
            date: dates::in_year(rng, year, 1, 12).max(story.coverage_start),
            dentist: providers.dentist,
            services: vec![
                (&services::PERIODIC_EXAM, None),
                (&services::PROPHYLAXIS, None),
                (&services::BITEWINGS, None),
            ],
            diagnosis: diagnoses::DENTAL_EXAM,
        });
    }
    if story.filling && !out.is_empty() {
        let after = out[rng.random_range(0..out.len())].date;
        let tooth = pick(rng, &[2u8, 3, 14, 15, 18, 19, 30, 31]);
        out.push(DentalVisit {
            date: dates::plus_days(after, rng.random_range(14..=42)).min(LAST_VISIT),
            dentist: providers.dentist,
            services: vec![
                (&services::PERIAPICAL, Some(tooth)),
                (&services::COMPOSITE_FILLING, Some(tooth)),
            ],
            diagnosis: diagnoses::DENTAL_CARIES,
        });
    }
    out.sort_by_key(|d| d.date);
    out
}
