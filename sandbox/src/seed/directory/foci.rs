//! What each clinic practises.
//!
//! Most provider organizations are clinics, and a clinic's focus (family medicine,
//! pediatrics, cardiology...) decides its name (`Lakeshore Pediatrics`), its site type
//! (`PEDC`), its physicians' specialty and its nurse practitioners' (pediatric NPs), so a
//! search for pediatricians leads to pediatric clinics.

use super::codes::{Code, location};
use super::nucc::{self, Taxonomy};

/// What a clinic practises: its name ending, specialty and site type.
#[derive(Debug, Clone, Copy)]
pub struct Focus {
    /// `"Family Medicine"` in `"Lakeshore Family Medicine"`.
    pub label: &'static str,
    /// Its physicians' specialty, and its own.
    pub specialty: Taxonomy,
    /// `Location.type` of its sites.
    pub location_type: Code,
    /// The specialty of its nurse practitioners.
    pub nurse_practitioner: Taxonomy,
}

/// A [`Focus`], in a `const`.
const fn focus(
    label: &'static str,
    specialty: Taxonomy,
    location_type: Code,
    nurse_practitioner: Taxonomy,
) -> Focus {
    Focus {
        label,
        specialty,
        location_type,
        nurse_practitioner,
    }
}

/// Clinic foci; primary care is listed more than once because most clinics are
/// primary care.
pub const FOCI: &[Focus] = &[
    focus(
        "Family Medicine",
        nucc::FAMILY_MEDICINE,
        location::FAMILY_MEDICINE,
        nucc::FAMILY_NURSE_PRACTITIONER,
    ),
    focus(
        "Family Medicine",
        nucc::FAMILY_MEDICINE,
        location::FAMILY_MEDICINE,
        nucc::FAMILY_NURSE_PRACTITIONER,
    ),
    focus(
        "Family Practice",
        nucc::FAMILY_MEDICINE,
        location::FAMILY_MEDICINE,
        nucc::FAMILY_NURSE_PRACTITIONER,
    ),
    focus(
        "Internal Medicine",
        nucc::INTERNAL_MEDICINE,
        location::INTERNAL_MEDICINE,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Internal Medicine Associates",
        nucc::INTERNAL_MEDICINE,
        location::INTERNAL_MEDICINE,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Primary Care",
        nucc::GENERAL_PRACTICE,
        location::PRIMARY_CARE,
        nucc::FAMILY_NURSE_PRACTITIONER,
    ),
    focus(
        "Pediatrics",
        nucc::PEDIATRICS,
        location::PEDIATRICS,
        nucc::PEDIATRIC_NURSE_PRACTITIONER,
    ),
    focus(
        "Children's Clinic",
        nucc::PEDIATRICS,
        location::PEDIATRICS,
        nucc::PEDIATRIC_NURSE_PRACTITIONER,
    ),
    focus(
        "Women's Health",
        nucc::OBSTETRICS_GYNECOLOGY,
        location::GYNECOLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Heart & Vascular",
        nucc::CARDIOLOGY,
        location::OUTPATIENT,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Orthopedics",
        nucc::ORTHOPAEDIC_SURGERY,
        location::ORTHOPEDICS,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Dermatology",
        nucc::DERMATOLOGY,
        location::DERMATOLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Ear, Nose & Throat",
        nucc::OTOLARYNGOLOGY,
        location::ENT,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Digestive Health",
        nucc::GASTROENTEROLOGY,
        location::GASTROENTEROLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Neurology",
        nucc::NEUROLOGY,
        location::NEUROLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Eye Physicians",
        nucc::OPHTHALMOLOGY,
        location::OPHTHALMOLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Diabetes & Endocrinology",
        nucc::ENDOCRINOLOGY,
        location::ENDOCRINOLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Kidney Care",
        nucc::NEPHROLOGY,
        location::NEPHROLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Cancer Care",
        nucc::HEMATOLOGY_ONCOLOGY,
        location::ONCOLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
    focus(
        "Urology",
        nucc::UROLOGY,
        location::UROLOGY,
        nucc::NURSE_PRACTITIONER,
    ),
];
