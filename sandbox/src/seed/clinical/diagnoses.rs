//! The diagnoses members live with or pass through, each coded twice.
//!
//! Clinical records (Condition) lead with SNOMED CT and claims (EOB diagnosis) carry
//! ICD-10-CM; a Condition carries both codings so an app can join it to the claims
//! that billed it.

use super::codes::{Code, ICD10CM, SNOMED};
use super::drugs::{self, Drug};
use super::measures::{self, Panel};

/// How a diagnosis runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Course {
    /// On the problem list for good (`clinicalStatus` active).
    Chronic,
    /// Resolved after about this many days (`clinicalStatus` resolved).
    Acute(u16),
}

/// One diagnosis: its codes, its course and how it is treated and followed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diagnosis {
    /// A short name, used where a diagnosis changes generated values (`diabetes`).
    pub slug: &'static str,
    pub snomed: Code,
    pub icd10: Code,
    pub course: Course,
    /// What the pharmacy fills for it, if anything.
    pub drug: Option<&'static Drug>,
    /// The lab panel its follow-up visits order, if any.
    pub monitor: Option<&'static Panel>,
}

const fn chronic(
    slug: &'static str,
    snomed: (&'static str, &'static str),
    icd10: (&'static str, &'static str),
    drug: Option<&'static Drug>,
    monitor: Option<&'static Panel>,
) -> Diagnosis {
    Diagnosis {
        slug,
        snomed: Code::new(SNOMED, snomed.0, snomed.1),
        icd10: Code::new(ICD10CM, icd10.0, icd10.1),
        course: Course::Chronic,
        drug,
        monitor,
    }
}

const fn acute(
    slug: &'static str,
    snomed: (&'static str, &'static str),
    icd10: (&'static str, &'static str),
    days: u16,
    drug: Option<&'static Drug>,
) -> Diagnosis {
    Diagnosis {
        slug,
        snomed: Code::new(SNOMED, snomed.0, snomed.1),
        icd10: Code::new(ICD10CM, icd10.0, icd10.1),
        course: Course::Acute(days),
        drug,
        monitor: None,
    }
}

/// Rose's asthma; drawn for younger generated members too.
pub const ASTHMA: Diagnosis = chronic(
    "asthma",
    ("195967001", "Asthma (disorder)"),
    ("J45.909", "Unspecified asthma, uncomplicated"),
    Some(&drugs::ALBUTEROL),
    None,
);
/// Hay fever, treated with a nasal steroid.
pub const ALLERGIC_RHINITIS: Diagnosis = chronic(
    "allergic-rhinitis",
    ("367498001", "Seasonal allergic rhinitis (disorder)"),
    ("J30.2", "Other seasonal allergic rhinitis"),
    Some(&drugs::FLUTICASONE),
    None,
);
/// Generalized anxiety, treated with an SSRI.
pub const ANXIETY: Diagnosis = chronic(
    "anxiety",
    ("21897009", "Generalized anxiety disorder (disorder)"),
    ("F41.1", "Generalized anxiety disorder"),
    Some(&drugs::SERTRALINE),
    None,
);
/// Depression, treated with an SSRI.
pub const DEPRESSION: Diagnosis = chronic(
    "depression",
    ("35489007", "Depressive disorder (disorder)"),
    (
        "F32.9",
        "Major depressive disorder, single episode, unspecified",
    ),
    Some(&drugs::SERTRALINE),
    None,
);
/// Iron deficiency anemia, followed with blood counts.
pub const ANEMIA: Diagnosis = chronic(
    "anemia",
    ("87522002", "Iron deficiency anemia (disorder)"),
    ("D50.9", "Iron deficiency anemia, unspecified"),
    None,
    Some(&measures::CBC),
);
/// Type 2 diabetes, followed with HbA1c: the classic payer quality measure.
pub const DIABETES: Diagnosis = chronic(
    "diabetes",
    ("44054006", "Diabetes mellitus type 2 (disorder)"),
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    Some(&drugs::METFORMIN),
    Some(&measures::A1C),
);
/// Prediabetes, followed with HbA1c.
pub const PREDIABETES: Diagnosis = chronic(
    "prediabetes",
    ("714628002", "Prediabetes (finding)"),
    ("R73.03", "Prediabetes"),
    None,
    Some(&measures::A1C),
);
/// High blood pressure, followed with a metabolic panel.
pub const HYPERTENSION: Diagnosis = chronic(
    "hypertension",
    ("59621000", "Essential hypertension (disorder)"),
    ("I10", "Essential (primary) hypertension"),
    Some(&drugs::LISINOPRIL),
    Some(&measures::BMP),
);
/// High cholesterol, followed with lipid panels.
pub const HYPERLIPIDEMIA: Diagnosis = chronic(
    "hyperlipidemia",
    ("55822004", "Hyperlipidemia (disorder)"),
    ("E78.5", "Hyperlipidemia, unspecified"),
    Some(&drugs::ATORVASTATIN),
    Some(&measures::LIPIDS),
);
/// Obesity; raises the member's weight and BMI.
pub const OBESITY: Diagnosis = chronic(
    "obesity",
    ("414916001", "Obesity (disorder)"),
    ("E66.9", "Obesity, unspecified"),
    None,
    None,
);
/// An underactive thyroid, followed with TSH.
pub const HYPOTHYROIDISM: Diagnosis = chronic(
    "hypothyroidism",
    ("40930008", "Hypothyroidism (disorder)"),
    ("E03.9", "Hypothyroidism, unspecified"),
    Some(&drugs::LEVOTHYROXINE),
    Some(&measures::TSH),
);
/// Reflux, treated with a proton pump inhibitor.
pub const GERD: Diagnosis = chronic(
    "gerd",
    ("235595009", "Gastroesophageal reflux disease (disorder)"),
    (
        "K21.9",
        "Gastro-esophageal reflux disease without esophagitis",
    ),
    Some(&drugs::OMEPRAZOLE),
    None,
);
/// Knee arthritis, treated with an NSAID.
pub const KNEE_OSTEOARTHRITIS: Diagnosis = chronic(
    "osteoarthritis",
    ("239873007", "Osteoarthritis of knee (disorder)"),
    ("M17.9", "Osteoarthritis of knee, unspecified"),
    Some(&drugs::MELOXICAM),
    None,
);
/// COPD, treated with a maintenance inhaler.
pub const COPD: Diagnosis = chronic(
    "copd",
    ("13645005", "Chronic obstructive lung disease (disorder)"),
    (
        "J44.9",
        "Chronic obstructive pulmonary disease, unspecified",
    ),
    Some(&drugs::TIOTROPIUM),
    None,
);

/// A sick visit treated with an antibiotic.
pub const STREP_THROAT: Diagnosis = acute(
    "strep-throat",
    ("43878008", "Streptococcal sore throat (disorder)"),
    ("J02.0", "Streptococcal pharyngitis"),
    10,
    Some(&drugs::AMOXICILLIN),
);
/// A sick visit that resolves on its own.
pub const BRONCHITIS: Diagnosis = acute(
    "bronchitis",
    ("10509002", "Acute bronchitis (disorder)"),
    ("J20.9", "Acute bronchitis, unspecified"),
    21,
    None,
);
/// A sick visit treated with an antibiotic.
pub const SINUSITIS: Diagnosis = acute(
    "sinusitis",
    ("15805002", "Acute sinusitis (disorder)"),
    ("J01.90", "Acute sinusitis, unspecified"),
    14,
    Some(&drugs::AMOXICILLIN),
);
/// A sick visit treated with an antibiotic.
pub const UTI: Diagnosis = acute(
    "uti",
    ("68566005", "Urinary tract infectious disease (disorder)"),
    ("N39.0", "Urinary tract infection, site not specified"),
    7,
    Some(&drugs::NITROFURANTOIN),
);
/// A cold: a sick visit that resolves on its own.
pub const URI: Diagnosis = acute(
    "uri",
    ("54150009", "Upper respiratory infection (disorder)"),
    ("J06.9", "Acute upper respiratory infection, unspecified"),
    10,
    None,
);
/// An emergency visit with an X-ray.
pub const ANKLE_SPRAIN: Diagnosis = acute(
    "ankle-sprain",
    ("44465007", "Sprain of ankle (disorder)"),
    (
        "S93.401A",
        "Sprain of unspecified ligament of right ankle, initial encounter",
    ),
    30,
    Some(&drugs::IBUPROFEN),
);
/// An emergency visit with an ECG.
pub const CHEST_PAIN: Diagnosis = acute(
    "chest-pain",
    ("29857009", "Chest pain (finding)"),
    ("R07.9", "Chest pain, unspecified"),
    3,
    None,
);
/// An admission ending in an appendectomy.
pub const APPENDICITIS: Diagnosis = acute(
    "appendicitis",
    ("85189001", "Acute appendicitis (disorder)"),
    ("K35.80", "Unspecified acute appendicitis"),
    21,
    None,
);
/// An admission ending in a gallbladder removal.
pub const CHOLECYSTITIS: Diagnosis = acute(
    "cholecystitis",
    ("65275009", "Acute cholecystitis (disorder)"),
    ("K81.0", "Acute cholecystitis"),
    21,
    None,
);
/// An admission treated with antibiotics.
pub const PNEUMONIA: Diagnosis = acute(
    "pneumonia",
    ("233604007", "Pneumonia (disorder)"),
    ("J18.9", "Pneumonia, unspecified organism"),
    28,
    Some(&drugs::AMOXICILLIN),
);

/// The ICD-10-CM code of a general adult exam, the principal diagnosis of wellness claims.
pub const ADULT_EXAM: Code = Code::new(
    ICD10CM,
    "Z00.00",
    "Encounter for general adult medical examination without abnormal findings",
);
/// The ICD-10-CM code of a routine dental exam and cleaning.
pub const DENTAL_EXAM: Code = Code::new(
    ICD10CM,
    "Z01.20",
    "Encounter for dental examination and cleaning without abnormal findings",
);
/// The ICD-10-CM code of a cavity, the diagnosis of a filling.
pub const DENTAL_CARIES: Code = Code::new(
    ICD10CM,
    "K02.52",
    "Dental caries on pit and fissure surface penetrating into dentin",
);
/// The ICD-10-CM code of a screening mammogram.
pub const MAMMOGRAM_SCREENING: Code = Code::new(
    ICD10CM,
    "Z12.31",
    "Encounter for screening mammogram for malignant neoplasm of breast",
);

/// Chronic conditions of adults under 45, for generated members.
pub const YOUNGER_ADULT_CHRONIC: &[&Diagnosis] = &[
    &ASTHMA,
    &ALLERGIC_RHINITIS,
    &ANXIETY,
    &DEPRESSION,
    &OBESITY,
    &GERD,
    &HYPOTHYROIDISM,
    &PREDIABETES,
];
/// Chronic conditions of adults from 45, for generated members.
pub const OLDER_ADULT_CHRONIC: &[&Diagnosis] = &[
    &HYPERTENSION,
    &HYPERLIPIDEMIA,
    &DIABETES,
    &OBESITY,
    &GERD,
    &HYPOTHYROIDISM,
    &KNEE_OSTEOARTHRITIS,
    &DEPRESSION,
    &COPD,
];
/// What sends a member to their doctor between checkups.
pub const SICK_VISITS: &[&Diagnosis] = &[&STREP_THROAT, &BRONCHITIS, &SINUSITIS, &UTI, &URI];
/// The sick visits that end with a prescription.
pub const TREATED_SICK_VISITS: &[&Diagnosis] = &[&STREP_THROAT, &SINUSITIS, &UTI];
