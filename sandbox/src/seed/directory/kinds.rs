//! What kind of provider organization each directory organization is, and what
//! follows from it.
//!
//! A hospital is a Plan-Net `fac` with `HOSP` sites open around the clock, inpatient
//! and emergency services and a `hospital` network affiliation; a pharmacy has `PHARM`
//! sites, pharmacy services and pharmacists. Keeping those facts in one table per kind
//! is what makes the generated directory coherent: a search for pharmacies
//! (`HealthcareService?service-category=pharm`) leads to organizations, sites and
//! practitioners that are all pharmacies.

use super::codes::{self, Code, location};
use super::nucc::{self, Taxonomy};

/// The kinds of provider organization the directory has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    /// A physician practice, primary care or one specialty.
    Clinic,
    /// A general acute care hospital.
    Hospital,
    /// A retail pharmacy.
    Pharmacy,
    /// A clinical laboratory.
    Laboratory,
    /// A walk-in urgent care centre.
    UrgentCare,
    /// An outpatient mental health and substance use practice.
    Behavioral,
    /// A dental office.
    Dental,
}

/// Kinds of `org-1`, `org-2`..., repeating every 20 organizations: mostly clinics,
/// and every kind present from `org-12` on (the smallest directory, five
/// organizations, already has clinics, a hospital, a pharmacy and a laboratory).
const CYCLE: [OrgKind; 20] = {
    use OrgKind::*;
    [
        Clinic, Hospital, Pharmacy, Clinic, Laboratory, Clinic, UrgentCare, Clinic, Behavioral,
        Pharmacy, Clinic, Dental, Clinic, Hospital, Clinic, Pharmacy, Clinic, Laboratory, Clinic,
        Clinic,
    ]
};

/// How many organizations the kind cycle spans; sister organizations of one kind are
/// this far apart.
pub const CYCLE_LEN: u32 = CYCLE.len() as u32;

/// The kind of organization `n` (numbered from 1).
pub fn of_organization(n: u32) -> OrgKind {
    CYCLE[(n.saturating_sub(1) % CYCLE_LEN) as usize]
}

/// When a kind's sites are open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hours {
    /// Monday to Friday, office hours.
    Weekdays,
    /// Monday to Saturday, long hours.
    WeekdaysAndSaturday,
    /// Every day, long hours.
    Daily,
    /// Every day, all day.
    AllDay,
}

/// One of the two HealthcareServices an organization offers.
#[derive(Debug, Clone, Copy)]
pub struct ServiceTemplate {
    /// The service's name; `None` names it after the clinic's focus.
    pub name: Option<&'static str>,
    /// `HealthcareService.category` (Plan-Net HealthcareServiceCategoryCS).
    pub category: Code,
    /// `HealthcareService.type` (HL7 service-type), where one fits.
    pub service_type: Option<Code>,
    /// The specialty; `None` takes the clinic's focus.
    pub specialty: Option<Taxonomy>,
    /// Offered by video and phone rather than on site.
    pub virtual_: bool,
}

/// A [`ServiceTemplate`], in a `const`.
const fn service(
    name: Option<&'static str>,
    category: Code,
    service_type: Option<Code>,
    specialty: Option<Taxonomy>,
    virtual_: bool,
) -> ServiceTemplate {
    ServiceTemplate {
        name,
        category,
        service_type,
        specialty,
        virtual_,
    }
}

/// What a kind of organization looks like in the directory.
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    /// `Organization.type` (Plan-Net OrgTypeCS).
    pub org_type: Code,
    /// Name endings, one chosen per organization (`"Lakeshore" + " General Hospital"`).
    pub name_suffixes: &'static [&'static str],
    /// `Location.type` of its sites; `None` takes the clinic's focus.
    pub location_type: Option<Code>,
    /// `OrganizationAffiliation.code` of its network participation.
    pub affiliation: Code,
    /// The organization's own specialty; `None` takes the clinic's focus.
    pub specialty: Option<Taxonomy>,
    /// The two services it offers (`svc-<2n-1>`, `svc-<2n>`).
    pub services: [ServiceTemplate; 2],
    /// When its sites are open.
    pub hours: Hours,
    /// Whether its endpoint is FHIR REST (else Direct secure messaging).
    pub fhir_endpoint: bool,
}

/// The table row of `kind`.
pub fn info(kind: OrgKind) -> &'static KindInfo {
    match kind {
        OrgKind::Clinic => &CLINIC,
        OrgKind::Hospital => &HOSPITAL,
        OrgKind::Pharmacy => &PHARMACY,
        OrgKind::Laboratory => &LABORATORY,
        OrgKind::UrgentCare => &URGENT_CARE,
        OrgKind::Behavioral => &BEHAVIORAL,
        OrgKind::Dental => &DENTAL,
    }
}

/// Physician practices.
const CLINIC: KindInfo = KindInfo {
    org_type: codes::ORG_PROVIDER_GROUP,
    name_suffixes: &[""],
    location_type: None,
    affiliation: codes::AFFILIATION_OUTPATIENT,
    specialty: None,
    services: [
        service(None, codes::CATEGORY_PROVIDER, None, None, false),
        service(
            Some("Chronic Disease Management"),
            codes::CATEGORY_OUTPATIENT,
            Some(codes::SERVICE_CHRONIC_DISEASE),
            Some(nucc::PRIMARY_CARE_CLINIC),
            false,
        ),
    ],
    hours: Hours::Weekdays,
    fhir_endpoint: true,
};

/// Hospitals.
const HOSPITAL: KindInfo = KindInfo {
    org_type: codes::ORG_FACILITY,
    name_suffixes: &[
        " General Hospital",
        " Medical Center",
        " Regional Hospital",
        " Community Hospital",
        " Memorial Hospital",
    ],
    location_type: Some(location::HOSPITAL),
    affiliation: codes::AFFILIATION_HOSPITAL,
    specialty: Some(nucc::GENERAL_ACUTE_CARE_HOSPITAL),
    services: [
        service(
            Some("Inpatient Care"),
            codes::CATEGORY_HOSPITAL,
            None,
            Some(nucc::GENERAL_ACUTE_CARE_HOSPITAL),
            false,
        ),
        service(
            Some("Emergency Department"),
            codes::CATEGORY_EMERGENCY,
            None,
            Some(nucc::EMERGENCY_CARE_CLINIC),
            false,
        ),
    ],
    hours: Hours::AllDay,
    fhir_endpoint: true,
};

/// Retail pharmacies.
const PHARMACY: KindInfo = KindInfo {
    org_type: codes::ORG_PROVIDER_GROUP,
    name_suffixes: &[" Pharmacy", " Drugs", " Apothecary", " Family Pharmacy"],
    location_type: Some(location::PHARMACY),
    affiliation: codes::AFFILIATION_PHARMACY,
    specialty: Some(nucc::RETAIL_PHARMACY),
    services: [
        service(
            Some("Retail Pharmacy"),
            codes::CATEGORY_PHARMACY,
            None,
            Some(nucc::RETAIL_PHARMACY),
            false,
        ),
        service(
            Some("Medication Therapy Management"),
            codes::CATEGORY_PHARMACY,
            Some(codes::SERVICE_MEDICATION_REVIEWS),
            Some(nucc::RETAIL_PHARMACY),
            false,
        ),
    ],
    hours: Hours::WeekdaysAndSaturday,
    fhir_endpoint: false,
};

/// Clinical laboratories.
const LABORATORY: KindInfo = KindInfo {
    org_type: codes::ORG_FACILITY,
    name_suffixes: &[
        " Clinical Laboratory",
        " Diagnostic Labs",
        " Laboratory Services",
    ],
    location_type: Some(location::OUTPATIENT_LAB),
    affiliation: codes::AFFILIATION_LABORATORY,
    specialty: Some(nucc::CLINICAL_LABORATORY),
    services: [
        service(
            Some("Laboratory Testing"),
            codes::CATEGORY_LABORATORY,
            None,
            Some(nucc::CLINICAL_LABORATORY),
            false,
        ),
        service(
            Some("Specimen Collection"),
            codes::CATEGORY_LABORATORY,
            None,
            Some(nucc::CLINICAL_LABORATORY),
            false,
        ),
    ],
    hours: Hours::WeekdaysAndSaturday,
    fhir_endpoint: false,
};

/// Urgent care centres.
const URGENT_CARE: KindInfo = KindInfo {
    org_type: codes::ORG_FACILITY,
    name_suffixes: &[" Urgent Care", " Walk-In Clinic", " Express Care"],
    location_type: Some(location::OUTPATIENT),
    affiliation: codes::AFFILIATION_URGENT,
    specialty: Some(nucc::URGENT_CARE_CLINIC),
    services: [
        service(
            Some("Walk-In Urgent Care"),
            codes::CATEGORY_URGENT,
            None,
            Some(nucc::URGENT_CARE_CLINIC),
            false,
        ),
        service(
            Some("Virtual Urgent Care"),
            codes::CATEGORY_URGENT,
            None,
            Some(nucc::URGENT_CARE_CLINIC),
            true,
        ),
    ],
    hours: Hours::Daily,
    fhir_endpoint: true,
};

/// Behavioral health practices.
const BEHAVIORAL: KindInfo = KindInfo {
    org_type: codes::ORG_PROVIDER_GROUP,
    name_suffixes: &[
        " Behavioral Health",
        " Counseling Center",
        " Mental Health Services",
    ],
    location_type: Some(location::PSYCHIATRY),
    affiliation: codes::AFFILIATION_BEHAVIORAL,
    specialty: Some(nucc::MENTAL_HEALTH_CLINIC),
    services: [
        service(
            Some("Outpatient Mental Health"),
            codes::CATEGORY_BEHAVIORAL,
            Some(codes::SERVICE_DEPRESSION),
            Some(nucc::MENTAL_HEALTH_CLINIC),
            false,
        ),
        service(
            Some("Substance Use Counseling"),
            codes::CATEGORY_BEHAVIORAL,
            Some(codes::SERVICE_ALCOHOL_DRUG_COUNSELLING),
            Some(nucc::MENTAL_HEALTH_COUNSELOR),
            true,
        ),
    ],
    hours: Hours::Weekdays,
    fhir_endpoint: true,
};

/// Dental offices.
const DENTAL: KindInfo = KindInfo {
    org_type: codes::ORG_PROVIDER_GROUP,
    name_suffixes: &[" Family Dentistry", " Dental Group", " Dental Care"],
    location_type: Some(location::PROVIDER_OFFICE),
    affiliation: codes::AFFILIATION_OUTPATIENT,
    specialty: Some(nucc::GENERAL_DENTISTRY),
    services: [
        service(
            Some("General Dentistry"),
            codes::CATEGORY_DENTAL,
            None,
            Some(nucc::GENERAL_DENTISTRY),
            false,
        ),
        service(
            Some("Pediatric Dentistry"),
            codes::CATEGORY_DENTAL,
            None,
            Some(nucc::PEDIATRIC_DENTISTRY),
            false,
        ),
    ],
    hours: Hours::Weekdays,
    fhir_endpoint: false,
};
