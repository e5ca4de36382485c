//! What kind of practitioner each directory practitioner is.
//!
//! A practitioner's discipline decides their Practitioner record (degree, `Dr.`,
//! the letters after the name) and their PractitionerRole (Plan-Net role code,
//! specialty), which are generated from different streams; both ask [`profile`]
//! with the same organization and hash, so a pharmacist is a PharmD with the
//! `rx` role and the Pharmacist specialty, at a pharmacy.

use super::codes::{self, Code};
use super::foci::Focus;
use super::kinds::OrgKind;
use super::nucc::{self, Taxonomy};

/// A profession: how its members are qualified, titled and coded.
#[derive(Debug, Clone, Copy)]
pub struct Discipline {
    /// `PractitionerRole.code` (Plan-Net ProviderRoleCS).
    pub role: Code,
    /// `Practitioner.qualification.code` (v2-0360 degree, or NUCC where v2-0360 has none).
    pub qualification: Code,
    /// Letters after the name (`HumanName.suffix`).
    pub suffix: &'static str,
    /// Addressed as `Dr.`
    pub doctor: bool,
}

/// A [`Discipline`], in a `const`.
const fn discipline(
    role: Code,
    qualification: Code,
    suffix: &'static str,
    doctor: bool,
) -> Discipline {
    Discipline {
        role,
        qualification,
        suffix,
        doctor,
    }
}

/// Physicians with a Doctor of Medicine.
pub const MD: Discipline = discipline(codes::ROLE_PHYSICIAN, codes::DEGREE_MD, "MD", true);
/// Physicians with a Doctor of Osteopathy.
pub const DO: Discipline = discipline(codes::ROLE_PHYSICIAN, codes::DEGREE_DO, "DO", true);
/// Nurse practitioners.
pub const NP: Discipline = discipline(
    codes::ROLE_ADVANCED_PRACTICE_NURSE,
    codes::DEGREE_NP,
    "NP",
    false,
);
/// Physician assistants (certified).
pub const PA: Discipline = discipline(
    codes::ROLE_PHYSICIAN_ASSISTANT,
    codes::DEGREE_PA,
    "PA-C",
    false,
);
/// Registered nurses.
pub const RN: Discipline = discipline(codes::ROLE_REGISTERED_NURSE, codes::DEGREE_RN, "RN", false);
/// Pharmacists (Doctor of Pharmacy).
pub const PHARMACIST: Discipline =
    discipline(codes::ROLE_PHARMACY, codes::DEGREE_PHARMD, "PharmD", false);
/// Psychologists (PhD).
pub const PSYCHOLOGIST: Discipline =
    discipline(codes::ROLE_PSYCHOLOGIST, codes::DEGREE_PHD, "PhD", true);
/// Licensed clinical social workers; v2-0360 has no code for them, so NUCC's.
pub const SOCIAL_WORKER: Discipline = discipline(
    codes::ROLE_SOCIAL_WORKER,
    codes::taxonomy(nucc::CLINICAL_SOCIAL_WORKER),
    "LCSW",
    false,
);
/// Licensed professional counselors; coded with NUCC like social workers.
pub const COUNSELOR: Discipline = discipline(
    codes::ROLE_COUNSELOR,
    codes::taxonomy(nucc::MENTAL_HEALTH_COUNSELOR),
    "LPC",
    false,
);
/// Dentists; v2-0360 has no dental degree, so NUCC's Dentist.
pub const DENTIST: Discipline = discipline(
    codes::ROLE_DENTIST,
    codes::taxonomy(nucc::DENTIST),
    "DDS",
    true,
);

/// Specialties of a hospital's physicians.
pub const HOSPITAL_SPECIALTIES: &[Taxonomy] = &[
    nucc::EMERGENCY_MEDICINE,
    nucc::EMERGENCY_MEDICINE,
    nucc::INTERNAL_MEDICINE,
    nucc::INTERNAL_MEDICINE,
    nucc::GENERAL_SURGERY,
    nucc::ANESTHESIOLOGY,
    nucc::DIAGNOSTIC_RADIOLOGY,
    nucc::CARDIOLOGY,
    nucc::PULMONARY_DISEASE,
    nucc::NEUROLOGY,
    nucc::ORTHOPAEDIC_SURGERY,
    nucc::OBSTETRICS_GYNECOLOGY,
    nucc::PEDIATRICS,
    nucc::HEMATOLOGY_ONCOLOGY,
];

/// A practitioner's discipline and specialty.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// What they are qualified as.
    pub discipline: &'static Discipline,
    /// Their `PractitionerRole.specialty`.
    pub specialty: Taxonomy,
}

/// The profile of a practitioner whose main organization is of `kind` (with `focus`,
/// for clinics), given a hash drawn for that practitioner. Shares per kind are out
/// of 20 and roughly follow who works there.
pub fn profile(kind: OrgKind, focus: &Focus, hash: u64) -> Profile {
    let slot = hash % 20;
    let pick = (hash >> 8) as usize;
    let (discipline, specialty) = match kind {
        OrgKind::Clinic => match slot {
            0..10 => (&MD, focus.specialty),
            10..12 => (&DO, focus.specialty),
            12..15 => (&NP, focus.nurse_practitioner),
            15..17 => (&PA, nucc::PHYSICIAN_ASSISTANT),
            17..19 => (&RN, nucc::REGISTERED_NURSE),
            _ => (&MD, nucc::FAMILY_MEDICINE),
        },
        OrgKind::Hospital => {
            let specialty = HOSPITAL_SPECIALTIES[pick % HOSPITAL_SPECIALTIES.len()];
            match slot {
                0..9 => (&MD, specialty),
                9..12 => (&DO, specialty),
                12..14 => (&RN, nucc::REGISTERED_NURSE),
                14..16 => (&RN, nucc::EMERGENCY_NURSE),
                16..18 => (&NP, nucc::NURSE_PRACTITIONER),
                _ => (&PA, nucc::PHYSICIAN_ASSISTANT),
            }
        }
        OrgKind::Pharmacy => (&PHARMACIST, nucc::PHARMACIST),
        OrgKind::Laboratory => match slot {
            0..12 => (&MD, nucc::PATHOLOGY),
            12..15 => (&DO, nucc::PATHOLOGY),
            _ => (&MD, nucc::CLINICAL_PATHOLOGY),
        },
        OrgKind::UrgentCare => match slot {
            0..6 => (&MD, nucc::EMERGENCY_MEDICINE),
            6..8 => (&MD, nucc::FAMILY_MEDICINE),
            8..10 => (&DO, nucc::FAMILY_MEDICINE),
            10..15 => (&NP, nucc::FAMILY_NURSE_PRACTITIONER),
            _ => (&PA, nucc::PHYSICIAN_ASSISTANT),
        },
        OrgKind::Behavioral => match slot {
            0..4 => (&MD, nucc::PSYCHIATRY),
            4..9 => (&PSYCHOLOGIST, nucc::CLINICAL_PSYCHOLOGIST),
            9..15 => (&SOCIAL_WORKER, nucc::CLINICAL_SOCIAL_WORKER),
            _ => (&COUNSELOR, nucc::MENTAL_HEALTH_COUNSELOR),
        },
        OrgKind::Dental => match slot {
            0..15 => (&DENTIST, nucc::GENERAL_DENTISTRY),
            _ => (&DENTIST, nucc::PEDIATRIC_DENTISTRY),
        },
    };
    Profile {
        discipline,
        specialty,
    }
}
