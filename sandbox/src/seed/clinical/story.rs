//! What happens to a member, year by year, before any date or provider is drawn.
//!
//! Rose and Marian have scripted stories with every kind of record (testers rely on
//! finding each resource type and each CARIN claim type in them); generated members
//! draw a shorter story that suits their age and sex.

use super::super::rng::SeedRng;
use super::codes::{Code, SNOMED};
use super::dates::{self, age_on};
use super::diagnoses::{self as dx, Diagnosis};
use super::person::{Person, Sex, pick};
use super::services::{self, Service, Study, Vaccine};
use fake::rand::RngExt;
use time::macros::date;
use time::{Date, Month};

/// A member's history in outline.
#[derive(Debug, Clone)]
pub struct Story {
    /// The first day of coverage; nothing happens before it.
    pub coverage_start: Date,
    /// The yearly medical deductible, in cents.
    pub deductible: i64,
    /// Long-term conditions and when each began (possibly before coverage).
    pub chronic: Vec<(&'static Diagnosis, Date)>,
    /// Years with a checkup.
    pub checkups: Vec<i32>,
    /// Years whose checkup includes screening labs.
    pub lab_years: Vec<i32>,
    /// Years whose checkup includes a Pap smear.
    pub pap_years: Vec<i32>,
    /// Years with a chronic-care follow-up visit.
    pub follow_ups: Vec<i32>,
    /// What the member sees the doctor for between checkups.
    pub sick: Vec<&'static Diagnosis>,
    pub emergency: Option<&'static Emergency>,
    pub admission: Option<&'static Admission>,
    /// Outpatient hospital screenings and their years.
    pub screenings: Vec<(&'static Screening, i32)>,
    /// Years with a dental cleaning.
    pub dental: Vec<i32>,
    /// Whether one of the dental years also has a filling.
    pub filling: bool,
    /// Flu seasons the member got a shot (given at the checkup when it is in the fall).
    pub flu: Vec<i32>,
    /// Whether the member got the 2021 COVID-19 series and the 2022 booster.
    pub covid: bool,
    /// Other vaccines and their years.
    pub vaccines: Vec<(&'static Vaccine, i32)>,
    /// How many of the latest fills of each maintenance drug are on record.
    pub fills_per_drug: u32,
    /// The member's smoking status (SNOMED).
    pub smoking: Code,
    /// A referral written at the last follow-up (text of the referral), if any.
    pub referral: Option<&'static str>,
}

/// An emergency department visit: why, and the study done there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Emergency {
    pub diagnosis: &'static Diagnosis,
    pub study: &'static Study,
}

/// A hospital stay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Admission {
    pub diagnosis: &'static Diagnosis,
    /// The operation, on the day after admission.
    pub surgery: Option<&'static Service>,
    /// The report of the stay (pathology of what was removed, or an X-ray).
    pub study: &'static Study,
    pub drg: Code,
    pub nights: u32,
}

/// An outpatient hospital screening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screening {
    pub service: &'static Service,
    pub study: Option<&'static Study>,
    /// Why it is done (SNOMED), the visit's reason.
    pub reason: Code,
    /// The claim's diagnosis (ICD-10-CM Z code).
    pub diagnosis: Code,
}

const DRG: &str = "https://www.cms.gov/Medicare/Medicare-Fee-for-Service-Payment/AcuteInpatientPPS/MS-DRG-Classifications-and-Software";

/// A sprained ankle, X-rayed.
pub const SPRAIN: Emergency = Emergency {
    diagnosis: &dx::ANKLE_SPRAIN,
    study: &services::ANKLE_XRAY_REPORT,
};
/// Chest pain, ruled out with an ECG.
pub const CHEST_PAIN: Emergency = Emergency {
    diagnosis: &dx::CHEST_PAIN,
    study: &services::ECG_REPORT,
};
/// Two nights for an appendectomy.
pub const APPENDECTOMY: Admission = Admission {
    diagnosis: &dx::APPENDICITIS,
    surgery: Some(&services::APPENDECTOMY),
    study: &services::APPENDIX_PATHOLOGY,
    drg: Code::new(
        DRG,
        "343",
        "Appendectomy without complicated principal diagnosis without CC/MCC",
    ),
    nights: 2,
};
/// Three nights for a gallbladder removal.
pub const CHOLECYSTECTOMY: Admission = Admission {
    diagnosis: &dx::CHOLECYSTITIS,
    surgery: Some(&services::CHOLECYSTECTOMY),
    study: &services::GALLBLADDER_PATHOLOGY,
    drg: Code::new(
        DRG,
        "419",
        "Laparoscopic cholecystectomy without C.D.E. without CC/MCC",
    ),
    nights: 3,
};
/// Four nights of antibiotics for pneumonia.
pub const PNEUMONIA: Admission = Admission {
    diagnosis: &dx::PNEUMONIA,
    surgery: None,
    study: &services::CHEST_XRAY_REPORT,
    drg: Code::new(DRG, "195", "Simple pneumonia and pleurisy without CC/MCC"),
    nights: 4,
};
/// A screening mammogram (women from 40).
pub const MAMMOGRAM: Screening = Screening {
    service: &services::MAMMOGRAM,
    study: Some(&services::MAMMOGRAM_REPORT),
    reason: Code::new(
        SNOMED,
        "268547008",
        "Screening for malignant neoplasm of breast (procedure)",
    ),
    diagnosis: dx::MAMMOGRAM_SCREENING,
};
/// A screening colonoscopy (45 to 75).
pub const COLONOSCOPY: Screening = Screening {
    service: &services::COLONOSCOPY,
    study: None,
    reason: Code::new(
        SNOMED,
        "275978004",
        "Screening for malignant neoplasm of colon (procedure)",
    ),
    diagnosis: Code::new(
        super::codes::ICD10CM,
        "Z12.11",
        "Encounter for screening for malignant neoplasm of colon",
    ),
};

/// Never smoked.
pub const NEVER_SMOKER: Code = Code::new(SNOMED, "266919005", "Never smoked tobacco (finding)");
/// Quit.
pub const FORMER_SMOKER: Code = Code::new(SNOMED, "8517006", "Ex-smoker (finding)");
/// Smokes every day.
pub const CURRENT_SMOKER: Code = Code::new(SNOMED, "449868002", "Smokes tobacco daily (finding)");

const FULL_DEDUCTIBLE: i64 = 50_000;

/// Rose: young adult with asthma and allergies, an ER visit for a sprain and an
/// appendectomy.
pub fn rose(rng: &mut SeedRng) -> Story {
    Story {
        coverage_start: dates::HISTORY_START,
        deductible: FULL_DEDUCTIBLE,
        chronic: vec![
            (&dx::ASTHMA, dates::in_year(rng, 2009, 1, 12)),
            (&dx::ALLERGIC_RHINITIS, dates::in_year(rng, 2014, 1, 12)),
            (&dx::ANXIETY, dates::in_year(rng, 2020, 9, 12)),
            (&dx::ANEMIA, dates::in_year(rng, 2023, 1, 6)),
        ],
        checkups: vec![2019, 2021, 2023, 2025, 2026],
        lab_years: vec![2019, 2023, 2026],
        pap_years: vec![2019, 2023],
        follow_ups: vec![2020, 2022, 2024],
        sick: vec![&dx::STREP_THROAT, &dx::SINUSITIS],
        emergency: Some(&SPRAIN),
        admission: Some(&APPENDECTOMY),
        screenings: vec![],
        dental: vec![2023, 2024, 2025, 2026],
        filling: true,
        flu: vec![2019, 2021, 2022, 2023, 2024, 2025],
        covid: true,
        vaccines: vec![(&services::HPV, 2019)],
        fills_per_drug: 2,
        smoking: NEVER_SMOKER,
        referral: Some("Referral to allergy and immunology"),
    }
}

/// Marian: middle-aged with hypertension, high cholesterol and, from 2021, diabetes;
/// an ER visit for chest pain and a gallbladder removal.
pub fn marian(rng: &mut SeedRng) -> Story {
    Story {
        coverage_start: dates::HISTORY_START,
        deductible: FULL_DEDUCTIBLE,
        chronic: vec![
            (&dx::OBESITY, dates::in_year(rng, 2012, 1, 12)),
            (&dx::HYPERTENSION, dates::in_year(rng, 2016, 1, 12)),
            (&dx::HYPERLIPIDEMIA, dates::in_year(rng, 2018, 1, 12)),
            (&dx::DIABETES, dates::in_year(rng, 2021, 3, 6)),
        ],
        checkups: vec![2019, 2022, 2024, 2026],
        lab_years: vec![2019, 2024],
        pap_years: vec![2022],
        follow_ups: vec![2021, 2023, 2026],
        sick: vec![&dx::UTI, &dx::BRONCHITIS],
        emergency: Some(&CHEST_PAIN),
        admission: Some(&CHOLECYSTECTOMY),
        screenings: vec![(&MAMMOGRAM, 2024), (&MAMMOGRAM, 2026)],
        dental: vec![2024, 2025, 2026],
        filling: false,
        flu: vec![2020, 2021, 2022, 2023, 2024, 2025],
        covid: true,
        vaccines: vec![(&services::TDAP, 2023)],
        fills_per_drug: 2,
        smoking: FORMER_SMOKER,
        referral: Some("Referral to endocrinology"),
    }
}

/// A generated member's story: fewer records, suited to age and sex.
pub fn generated(rng: &mut SeedRng, person: &Person) -> Story {
    let start_year = rng.random_range(2019..=2025);
    let coverage_start =
        Date::from_calendar_date(start_year, Month::January, 1).unwrap_or(dates::HISTORY_START);
    let age = age_on(person.birth, date!(2026 - 01 - 01));
    let years: Vec<i32> = (start_year..=2026).collect();

    let pool = if age >= 45 {
        dx::OLDER_ADULT_CHRONIC
    } else {
        dx::YOUNGER_ADULT_CHRONIC
    };
    let mut chronic: Vec<(&'static Diagnosis, Date)> = Vec::new();
    for _ in 0..rng.random_range(0..=2) {
        let d = pick(rng, pool);
        if chronic.iter().all(|(c, _)| c.slug != d.slug) {
            let years_before = rng.random_range(0..6);
            let onset = dates::in_year(rng, start_year - years_before, 1, 12);
            chronic.push((d, onset));
        }
    }

    let count = if rng.random_bool(0.3) { 2 } else { 1 };
    let checkups = some_of(rng, &years, count);
    let lab_years = checkups
        .iter()
        .copied()
        .filter(|_| rng.random_bool(0.4))
        .collect();
    let pap_years = if person.sex == Sex::Female && (21..=65).contains(&age) {
        checkups
            .iter()
            .copied()
            .filter(|_| rng.random_bool(0.4))
            .collect()
    } else {
        vec![]
    };
    let follow_ups = if chronic.is_empty() {
        vec![]
    } else {
        some_of(rng, &years, 1)
    };
    // The first sick visit ends with a prescription, so every generated member has a
    // pharmacy claim besides their professional ones.
    let mut sick = vec![pick(rng, dx::TREATED_SICK_VISITS)];
    if rng.random_bool(0.25) {
        sick.push(pick(rng, dx::SICK_VISITS));
    }
    let emergency = rng
        .random_bool(0.12)
        .then(|| pick(rng, &[&SPRAIN, &CHEST_PAIN]));
    let admission = rng.random_bool(0.05).then(|| {
        if age >= 60 {
            &PNEUMONIA
        } else {
            pick(rng, &[&APPENDECTOMY, &CHOLECYSTECTOMY])
        }
    });
    let mut screenings = vec![];
    if person.sex == Sex::Female && age >= 40 && rng.random_bool(0.5) {
        screenings.push((&MAMMOGRAM, pick(rng, &years)));
    }
    if (45..=75).contains(&age) && rng.random_bool(0.15) {
        screenings.push((&COLONOSCOPY, pick(rng, &years)));
    }
    let dental = if rng.random_bool(0.45) {
        let count = rng_count(rng, 1, 2);
        some_of(rng, &years, count)
    } else {
        vec![]
    };
    let filling = !dental.is_empty() && rng.random_bool(0.3);
    let flu = years
        .iter()
        .copied()
        .filter(|y| *y < 2026 && rng.random_bool(0.3))
        .take(2)
        .collect();
    let covid = start_year <= 2021 && rng.random_bool(0.3);
    let mut vaccines = vec![];
    if age >= 50 && rng.random_bool(0.2) {
        vaccines.push((&services::ZOSTER, pick(rng, &years)));
    }
    if age >= 65 && rng.random_bool(0.3) {
        vaccines.push((&services::PNEUMOCOCCAL, pick(rng, &years)));
    }
    let smoking = match rng.random_range(0..100) {
        0..=59 => NEVER_SMOKER,
        60..=84 => FORMER_SMOKER,
        _ => CURRENT_SMOKER,
    };
    Story {
        coverage_start,
        deductible: pick(rng, &[25_000, 50_000, 100_000, 200_000]),
        chronic,
        checkups,
        lab_years,
        pap_years,
        follow_ups,
        sick,
        emergency,
        admission,
        screenings,
        dental,
        filling,
        flu,
        covid,
        vaccines,
        fills_per_drug: rng_count(rng, 1, 2),
        smoking,
        referral: None,
    }
}

fn rng_count(rng: &mut SeedRng, low: u32, high: u32) -> u32 {
    rng.random_range(low..=high)
}

/// `count` distinct years of `years`, in order.
fn some_of(rng: &mut SeedRng, years: &[i32], count: u32) -> Vec<i32> {
    let mut chosen: Vec<i32> = Vec::new();
    for _ in 0..count {
        let y = pick(rng, years);
        if !chosen.contains(&y) {
            chosen.push(y);
        }
    }
    chosen.sort_unstable();
    chosen
}
