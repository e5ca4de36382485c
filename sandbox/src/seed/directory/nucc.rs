//! NUCC Health Care Provider Taxonomy codes the directory uses for specialties.
//!
//! Plan-Net binds `PractitionerRole.specialty` to its IndividualAndGroupSpecialtiesVS
//! and `HealthcareService.specialty` / `OrganizationAffiliation.specialty` to
//! SpecialtiesVS (both required bindings over NUCC), so apps filter on these exact
//! codes (`specialty=http://nucc.org/provider-taxonomy|207Q00000X`). Every code and
//! display below is copied from those value sets in Plan-Net (`input/fsh/ValueSets.fsh`),
//! individual specialties first, then the organization-level ones.

/// The NUCC taxonomy code system.
pub const SYSTEM: &str = "http://nucc.org/provider-taxonomy";

/// One NUCC taxonomy code with its display name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taxonomy {
    /// The ten-character taxonomy code.
    pub code: &'static str,
    /// The NUCC display name.
    pub display: &'static str,
}

/// A [`Taxonomy`], in a `const`.
const fn t(code: &'static str, display: &'static str) -> Taxonomy {
    Taxonomy { code, display }
}

// Physicians.
/// NUCC `207Q00000X`, Family Medicine Physician.
pub const FAMILY_MEDICINE: Taxonomy = t("207Q00000X", "Family Medicine Physician");
/// NUCC `208D00000X`, General Practice Physician.
pub const GENERAL_PRACTICE: Taxonomy = t("208D00000X", "General Practice Physician");
/// NUCC `207R00000X`, Internal Medicine Physician.
pub const INTERNAL_MEDICINE: Taxonomy = t("207R00000X", "Internal Medicine Physician");
/// NUCC `208000000X`, Pediatrics Physician.
pub const PEDIATRICS: Taxonomy = t("208000000X", "Pediatrics Physician");
/// NUCC `207V00000X`, Obstetrics & Gynecology Physician.
pub const OBSTETRICS_GYNECOLOGY: Taxonomy = t("207V00000X", "Obstetrics & Gynecology Physician");
/// NUCC `207RC0000X`, Cardiovascular Disease Physician.
pub const CARDIOLOGY: Taxonomy = t("207RC0000X", "Cardiovascular Disease Physician");
/// NUCC `2084P0800X`, Psychiatry Physician.
pub const PSYCHIATRY: Taxonomy = t("2084P0800X", "Psychiatry Physician");
/// NUCC `207P00000X`, Emergency Medicine Physician.
pub const EMERGENCY_MEDICINE: Taxonomy = t("207P00000X", "Emergency Medicine Physician");
/// NUCC `207X00000X`, Orthopaedic Surgery Physician.
pub const ORTHOPAEDIC_SURGERY: Taxonomy = t("207X00000X", "Orthopaedic Surgery Physician");
/// NUCC `207N00000X`, Dermatology Physician.
pub const DERMATOLOGY: Taxonomy = t("207N00000X", "Dermatology Physician");
/// NUCC `207RG0100X`, Gastroenterology Physician.
pub const GASTROENTEROLOGY: Taxonomy = t("207RG0100X", "Gastroenterology Physician");
/// NUCC `207RE0101X`, Endocrinology, Diabetes & Metabolism Physician.
pub const ENDOCRINOLOGY: Taxonomy = t(
    "207RE0101X",
    "Endocrinology, Diabetes & Metabolism Physician",
);
/// NUCC `2084N0400X`, Neurology Physician.
pub const NEUROLOGY: Taxonomy = t("2084N0400X", "Neurology Physician");
/// NUCC `207W00000X`, Ophthalmology Physician.
pub const OPHTHALMOLOGY: Taxonomy = t("207W00000X", "Ophthalmology Physician");
/// NUCC `207Y00000X`, Otolaryngology Physician.
pub const OTOLARYNGOLOGY: Taxonomy = t("207Y00000X", "Otolaryngology Physician");
/// NUCC `207RP1001X`, Pulmonary Disease Physician.
pub const PULMONARY_DISEASE: Taxonomy = t("207RP1001X", "Pulmonary Disease Physician");
/// NUCC `207RN0300X`, Nephrology Physician.
pub const NEPHROLOGY: Taxonomy = t("207RN0300X", "Nephrology Physician");
/// NUCC `207RH0003X`, Hematology & Oncology Physician.
pub const HEMATOLOGY_ONCOLOGY: Taxonomy = t("207RH0003X", "Hematology & Oncology Physician");
/// NUCC `208600000X`, Surgery Physician.
pub const GENERAL_SURGERY: Taxonomy = t("208600000X", "Surgery Physician");
/// NUCC `207L00000X`, Anesthesiology Physician.
pub const ANESTHESIOLOGY: Taxonomy = t("207L00000X", "Anesthesiology Physician");
/// NUCC `2085R0202X`, Diagnostic Radiology Physician.
pub const DIAGNOSTIC_RADIOLOGY: Taxonomy = t("2085R0202X", "Diagnostic Radiology Physician");
/// NUCC `208800000X`, Urology Physician.
pub const UROLOGY: Taxonomy = t("208800000X", "Urology Physician");
/// NUCC `207ZP0102X`, Anatomic Pathology & Clinical Pathology Physician.
pub const PATHOLOGY: Taxonomy = t(
    "207ZP0102X",
    "Anatomic Pathology & Clinical Pathology Physician",
);
/// NUCC `207ZP0105X`, Clinical Pathology/Laboratory Medicine Physician.
pub const CLINICAL_PATHOLOGY: Taxonomy = t(
    "207ZP0105X",
    "Clinical Pathology/Laboratory Medicine Physician",
);

// Other individual providers.
/// NUCC `363L00000X`, Nurse Practitioner.
pub const NURSE_PRACTITIONER: Taxonomy = t("363L00000X", "Nurse Practitioner");
/// NUCC `363LF0000X`, Family Nurse Practitioner.
pub const FAMILY_NURSE_PRACTITIONER: Taxonomy = t("363LF0000X", "Family Nurse Practitioner");
/// NUCC `363LP0200X`, Pediatric Nurse Practitioner.
pub const PEDIATRIC_NURSE_PRACTITIONER: Taxonomy = t("363LP0200X", "Pediatric Nurse Practitioner");
/// NUCC `363A00000X`, Physician Assistant.
pub const PHYSICIAN_ASSISTANT: Taxonomy = t("363A00000X", "Physician Assistant");
/// NUCC `163W00000X`, Registered Nurse.
pub const REGISTERED_NURSE: Taxonomy = t("163W00000X", "Registered Nurse");
/// NUCC `163WE0003X`, Emergency Registered Nurse.
pub const EMERGENCY_NURSE: Taxonomy = t("163WE0003X", "Emergency Registered Nurse");
/// NUCC `183500000X`, Pharmacist.
pub const PHARMACIST: Taxonomy = t("183500000X", "Pharmacist");
/// NUCC `103TC0700X`, Clinical Psychologist.
pub const CLINICAL_PSYCHOLOGIST: Taxonomy = t("103TC0700X", "Clinical Psychologist");
/// NUCC `1041C0700X`, Clinical Social Worker.
pub const CLINICAL_SOCIAL_WORKER: Taxonomy = t("1041C0700X", "Clinical Social Worker");
/// NUCC `101YM0800X`, Mental Health Counselor.
pub const MENTAL_HEALTH_COUNSELOR: Taxonomy = t("101YM0800X", "Mental Health Counselor");
/// NUCC `122300000X`, Dentist.
pub const DENTIST: Taxonomy = t("122300000X", "Dentist");
/// NUCC `1223G0001X`, General Practice Dentistry.
pub const GENERAL_DENTISTRY: Taxonomy = t("1223G0001X", "General Practice Dentistry");
/// NUCC `1223P0221X`, Pediatric Dentist.
pub const PEDIATRIC_DENTISTRY: Taxonomy = t("1223P0221X", "Pediatric Dentist");

// Organizations (NonIndividualSpecialtiesVS).
/// NUCC `261QP2300X`, Primary Care Clinic/Center.
pub const PRIMARY_CARE_CLINIC: Taxonomy = t("261QP2300X", "Primary Care Clinic/Center");
/// NUCC `261QU0200X`, Urgent Care Clinic/Center.
pub const URGENT_CARE_CLINIC: Taxonomy = t("261QU0200X", "Urgent Care Clinic/Center");
/// NUCC `261QE0002X`, Emergency Care Clinic/Center.
pub const EMERGENCY_CARE_CLINIC: Taxonomy = t("261QE0002X", "Emergency Care Clinic/Center");
/// NUCC `261QM0801X`, Mental Health Clinic/Center (Including Community Mental Health Center).
pub const MENTAL_HEALTH_CLINIC: Taxonomy = t(
    "261QM0801X",
    "Mental Health Clinic/Center (Including Community Mental Health Center)",
);
/// NUCC `282N00000X`, General Acute Care Hospital.
pub const GENERAL_ACUTE_CARE_HOSPITAL: Taxonomy = t("282N00000X", "General Acute Care Hospital");
/// NUCC `291U00000X`, Clinical Medical Laboratory.
pub const CLINICAL_LABORATORY: Taxonomy = t("291U00000X", "Clinical Medical Laboratory");
/// NUCC `3336C0003X`, Community/Retail Pharmacy.
pub const RETAIL_PHARMACY: Taxonomy = t("3336C0003X", "Community/Retail Pharmacy");

/// Every code above, for the tests that keep the table honest.
#[cfg(test)]
pub const ALL: &[Taxonomy] = &[
    FAMILY_MEDICINE,
    GENERAL_PRACTICE,
    INTERNAL_MEDICINE,
    PEDIATRICS,
    OBSTETRICS_GYNECOLOGY,
    CARDIOLOGY,
    PSYCHIATRY,
    EMERGENCY_MEDICINE,
    ORTHOPAEDIC_SURGERY,
    DERMATOLOGY,
    GASTROENTEROLOGY,
    ENDOCRINOLOGY,
    NEUROLOGY,
    OPHTHALMOLOGY,
    OTOLARYNGOLOGY,
    PULMONARY_DISEASE,
    NEPHROLOGY,
    HEMATOLOGY_ONCOLOGY,
    GENERAL_SURGERY,
    ANESTHESIOLOGY,
    DIAGNOSTIC_RADIOLOGY,
    UROLOGY,
    PATHOLOGY,
    CLINICAL_PATHOLOGY,
    NURSE_PRACTITIONER,
    FAMILY_NURSE_PRACTITIONER,
    PEDIATRIC_NURSE_PRACTITIONER,
    PHYSICIAN_ASSISTANT,
    REGISTERED_NURSE,
    EMERGENCY_NURSE,
    PHARMACIST,
    CLINICAL_PSYCHOLOGIST,
    CLINICAL_SOCIAL_WORKER,
    MENTAL_HEALTH_COUNSELOR,
    DENTIST,
    GENERAL_DENTISTRY,
    PEDIATRIC_DENTISTRY,
    PRIMARY_CARE_CLINIC,
    URGENT_CARE_CLINIC,
    EMERGENCY_CARE_CLINIC,
    MENTAL_HEALTH_CLINIC,
    GENERAL_ACUTE_CARE_HOSPITAL,
    CLINICAL_LABORATORY,
    RETAIL_PHARMACY,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_taxonomy_code_is_ten_characters_ending_in_x_and_listed_once() {
        let mut seen = HashSet::new();
        for taxonomy in ALL {
            assert_eq!(taxonomy.code.len(), 10, "{taxonomy:?}");
            assert!(taxonomy.code.ends_with('X'), "{taxonomy:?}");
            assert!(
                taxonomy.code.bytes().all(|b| b.is_ascii_alphanumeric()),
                "{taxonomy:?}"
            );
            assert!(!taxonomy.display.is_empty(), "{taxonomy:?}");
            assert!(seen.insert(taxonomy.code), "{} listed twice", taxonomy.code);
        }
    }
}
