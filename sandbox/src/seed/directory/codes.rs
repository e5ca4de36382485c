//! The code systems, codes and extension URLs of the directory, in one place.
//!
//! Plan-Net apps and the search engine match on exact system|code pairs
//! (`organization-type`, `role`, `service-category`...), so each code is written once
//! here with the display its code system gives it (checked against Plan-Net 1.1.0's
//! CodeSystems and the HL7 terminology), and the generators only name constants.

use super::common::obj;
use super::nucc::{self, Taxonomy};
use serde_json::Value;

/// Plan-Net organization types (`Organization.type`).
pub const ORG_TYPE: &str = "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrgTypeCS";
/// Plan-Net practitioner roles (`PractitionerRole.code`).
pub const PROVIDER_ROLE: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/ProviderRoleCS";
/// Plan-Net service categories (`HealthcareService.category`).
pub const SERVICE_CATEGORY: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/HealthcareServiceCategoryCS";
/// Plan-Net affiliation roles (`OrganizationAffiliation.code`).
pub const AFFILIATION_ROLE: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrganizationAffiliationRoleCS";
/// Plan-Net product types (`InsurancePlan.type`).
pub const PRODUCT_TYPE: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/InsuranceProductTypeCS";
/// Plan-Net cost-sharing plan types (`InsurancePlan.plan.type`).
pub const PLAN_TYPE: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/InsurancePlanTypeCS";
/// Plan-Net new-patient acceptance codes.
pub const ACCEPTING_PATIENTS: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/AcceptingPatientsCS";
/// Plan-Net accessibility codes.
pub const ACCESSIBILITY: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/AccessibilityCS";
/// Plan-Net delivery methods.
pub const DELIVERY_METHOD: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/DeliveryMethodCS";
/// Plan-Net virtual modalities.
pub const VIRTUAL_MODALITIES: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/VirtualModalitiesCS";
/// Plan-Net endpoint payload types.
pub const PAYLOAD_TYPE: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/EndpointPayloadTypeCS";
/// HL7 endpoint connection types (`Endpoint.connectionType`).
pub const CONNECTION_TYPE: &str = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";
/// HL7 v3 RoleCode (`Location.type`).
pub const ROLE_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
/// HL7 v2 table 0360, degrees and licences (`Practitioner.qualification.code`).
pub const DEGREE: &str = "http://terminology.hl7.org/CodeSystem/v2-0360";
/// HL7 service types (`HealthcareService.type`).
pub const SERVICE_TYPE: &str = "http://terminology.hl7.org/CodeSystem/service-type";
/// BCP-47 language tags (`Practitioner.communication`).
pub const LANGUAGE: &str = "urn:ietf:bcp:47";
/// The identifier system of OIDs and other URIs (`Organization.identifier`).
pub const URI_SYSTEM: &str = "urn:ietf:rfc:3986";

/// Plan-Net extension URLs.
pub mod ext {
    /// Whether a role or service takes new patients (complex: `acceptingPatients`, `fromNetwork`).
    pub const NEW_PATIENTS: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/newpatients";
    /// How a service is delivered (complex: `type`, `virtualModalities`).
    pub const DELIVERY_METHOD: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/delivery-method";
    /// Accommodations a location offers.
    pub const ACCESSIBILITY: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/accessibility";
}

/// A code with its system and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The code system URL.
    pub system: &'static str,
    /// The code.
    pub code: &'static str,
    /// How the code system displays it.
    pub display: &'static str,
}

impl Code {
    /// The FHIR Coding.
    pub fn coding(self) -> Value {
        obj! {"system": self.system, "code": self.code, "display": self.display}.into()
    }

    /// A CodeableConcept with this one coding.
    pub fn concept(self) -> Value {
        obj! {"coding": [self.coding()]}.into()
    }
}

/// A NUCC taxonomy code as a [`Code`].
pub const fn taxonomy(t: Taxonomy) -> Code {
    Code {
        system: nucc::SYSTEM,
        code: t.code,
        display: t.display,
    }
}

/// A [`Code`], in a `const`.
const fn code(system: &'static str, code: &'static str, display: &'static str) -> Code {
    Code {
        system,
        code,
        display,
    }
}

// OrgTypeCS.
/// OrgTypeCS `prvgrp`, Provider Group.
pub const ORG_PROVIDER_GROUP: Code = code(ORG_TYPE, "prvgrp", "Provider Group");
/// OrgTypeCS `fac`, Facility.
pub const ORG_FACILITY: Code = code(ORG_TYPE, "fac", "Facility");
/// OrgTypeCS `payer`, Payer.
pub const ORG_PAYER: Code = code(ORG_TYPE, "payer", "Payer");
/// OrgTypeCS `ntwk`, Network.
pub const ORG_NETWORK: Code = code(ORG_TYPE, "ntwk", "Network");

// ProviderRoleCS.
/// ProviderRoleCS `ph`, Physician.
pub const ROLE_PHYSICIAN: Code = code(PROVIDER_ROLE, "ph", "Physician");
/// ProviderRoleCS `apn`, Advanced Practice Nursing Providers.
pub const ROLE_ADVANCED_PRACTICE_NURSE: Code =
    code(PROVIDER_ROLE, "apn", "Advanced Practice Nursing Providers");
/// ProviderRoleCS `pa`, Physician Assistant.
pub const ROLE_PHYSICIAN_ASSISTANT: Code = code(PROVIDER_ROLE, "pa", "Physician Assistant");
/// ProviderRoleCS `rn`, Registered Nurse.
pub const ROLE_REGISTERED_NURSE: Code = code(PROVIDER_ROLE, "rn", "Registered Nurse");
/// ProviderRoleCS `rx`, Pharmacy Service Providers.
pub const ROLE_PHARMACY: Code = code(PROVIDER_ROLE, "rx", "Pharmacy Service Providers");
/// ProviderRoleCS `py`, Psychologist.
pub const ROLE_PSYCHOLOGIST: Code = code(PROVIDER_ROLE, "py", "Psychologist");
/// ProviderRoleCS `sw`, Social Worker.
pub const ROLE_SOCIAL_WORKER: Code = code(PROVIDER_ROLE, "sw", "Social Worker");
/// ProviderRoleCS `co`, Counselor.
pub const ROLE_COUNSELOR: Code = code(PROVIDER_ROLE, "co", "Counselor");
/// ProviderRoleCS `de`, Dentist.
pub const ROLE_DENTIST: Code = code(PROVIDER_ROLE, "de", "Dentist");

// HealthcareServiceCategoryCS.
/// HealthcareServiceCategoryCS `prov`, Medical Provider.
pub const CATEGORY_PROVIDER: Code = code(SERVICE_CATEGORY, "prov", "Medical Provider");
/// HealthcareServiceCategoryCS `outpat`, Clinic or Outpatient Facility.
pub const CATEGORY_OUTPATIENT: Code =
    code(SERVICE_CATEGORY, "outpat", "Clinic or Outpatient Facility");
/// HealthcareServiceCategoryCS `hosp`, Hospital.
pub const CATEGORY_HOSPITAL: Code = code(SERVICE_CATEGORY, "hosp", "Hospital");
/// HealthcareServiceCategoryCS `emerg`, Emergency care.
pub const CATEGORY_EMERGENCY: Code = code(SERVICE_CATEGORY, "emerg", "Emergency care");
/// HealthcareServiceCategoryCS `pharm`, Pharmacy.
pub const CATEGORY_PHARMACY: Code = code(SERVICE_CATEGORY, "pharm", "Pharmacy");
/// HealthcareServiceCategoryCS `lab`, Laboratory.
pub const CATEGORY_LABORATORY: Code = code(SERVICE_CATEGORY, "lab", "Laboratory");
/// HealthcareServiceCategoryCS `urg`, Urgent Care.
pub const CATEGORY_URGENT: Code = code(SERVICE_CATEGORY, "urg", "Urgent Care");
/// HealthcareServiceCategoryCS `behav`, Behavioral Health.
pub const CATEGORY_BEHAVIORAL: Code = code(SERVICE_CATEGORY, "behav", "Behavioral Health");
/// HealthcareServiceCategoryCS `dent`, Dental.
pub const CATEGORY_DENTAL: Code = code(SERVICE_CATEGORY, "dent", "Dental");

// OrganizationAffiliationRoleCS.
/// OrganizationAffiliationRoleCS `outpatient`, Clinic or Outpatient Facility.
pub const AFFILIATION_OUTPATIENT: Code = code(
    AFFILIATION_ROLE,
    "outpatient",
    "Clinic or Outpatient Facility",
);
/// OrganizationAffiliationRoleCS `hospital`, Hospital.
pub const AFFILIATION_HOSPITAL: Code = code(AFFILIATION_ROLE, "hospital", "Hospital");
/// OrganizationAffiliationRoleCS `pharmacy`, Pharmacy.
pub const AFFILIATION_PHARMACY: Code = code(AFFILIATION_ROLE, "pharmacy", "Pharmacy");
/// OrganizationAffiliationRoleCS `laboratory`, Laboratory.
pub const AFFILIATION_LABORATORY: Code = code(AFFILIATION_ROLE, "laboratory", "Laboratory");
/// OrganizationAffiliationRoleCS `urgent`, Urgent Care Center.
pub const AFFILIATION_URGENT: Code = code(AFFILIATION_ROLE, "urgent", "Urgent Care Center");
/// OrganizationAffiliationRoleCS `behavioral`, Outpatient Behavioral Health Provider.
pub const AFFILIATION_BEHAVIORAL: Code = code(
    AFFILIATION_ROLE,
    "behavioral",
    "Outpatient Behavioral Health Provider",
);

// InsuranceProductTypeCS and InsurancePlanTypeCS.
/// InsuranceProductTypeCS `commppo`, Commercial PPO.
pub const PRODUCT_PPO: Code = code(PRODUCT_TYPE, "commppo", "Commercial PPO");
/// InsuranceProductTypeCS `commhmo`, Commercial HMO.
pub const PRODUCT_HMO: Code = code(PRODUCT_TYPE, "commhmo", "Commercial HMO");
/// InsuranceProductTypeCS `mediadv`, Medicare Advantage.
pub const PRODUCT_MEDICARE_ADVANTAGE: Code = code(PRODUCT_TYPE, "mediadv", "Medicare Advantage");
/// InsurancePlanTypeCS `lowdeductible`, Low Deductible.
pub const PLAN_LOW_DEDUCTIBLE: Code = code(PLAN_TYPE, "lowdeductible", "Low Deductible");
/// InsurancePlanTypeCS `highdeductible`, High Deductible.
pub const PLAN_HIGH_DEDUCTIBLE: Code = code(PLAN_TYPE, "highdeductible", "High Deductible");

// AcceptingPatientsCS, AccessibilityCS, DeliveryMethodCS, VirtualModalitiesCS,
// EndpointPayloadTypeCS.
/// AcceptingPatientsCS `newpt`, Accepting.
pub const ACCEPTING: Code = code(ACCEPTING_PATIENTS, "newpt", "Accepting");
/// AcceptingPatientsCS `existptonly`, Accepting existing patients.
pub const ACCEPTING_EXISTING: Code = code(
    ACCEPTING_PATIENTS,
    "existptonly",
    "Accepting existing patients",
);
/// AcceptingPatientsCS `nopt`, Not Accepting.
pub const NOT_ACCEPTING: Code = code(ACCEPTING_PATIENTS, "nopt", "Not Accepting");
/// AccessibilityCS `handiaccess`, handicap accessible.
pub const HANDICAP_ACCESSIBLE: Code = code(ACCESSIBILITY, "handiaccess", "handicap accessible");
/// AccessibilityCS `pubtrans`, public transit options.
pub const PUBLIC_TRANSIT: Code = code(ACCESSIBILITY, "pubtrans", "public transit options");
/// DeliveryMethodCS `physical`, Physical.
pub const DELIVERY_PHYSICAL: Code = code(DELIVERY_METHOD, "physical", "Physical");
/// DeliveryMethodCS `virtual`, Virtual.
pub const DELIVERY_VIRTUAL: Code = code(DELIVERY_METHOD, "virtual", "Virtual");
/// VirtualModalitiesCS `video`, video chat.
pub const MODALITY_VIDEO: Code = code(VIRTUAL_MODALITIES, "video", "video chat");
/// VirtualModalitiesCS `phone`, phone.
pub const MODALITY_PHONE: Code = code(VIRTUAL_MODALITIES, "phone", "phone");
/// EndpointPayloadTypeCS `NA`, Not Applicable.
pub const PAYLOAD_NOT_APPLICABLE: Code = code(PAYLOAD_TYPE, "NA", "Not Applicable");

// HL7 terminology.
/// endpoint-connection-type `hl7-fhir-rest`, HL7 FHIR.
pub const CONNECTION_FHIR_REST: Code = code(CONNECTION_TYPE, "hl7-fhir-rest", "HL7 FHIR");
/// endpoint-connection-type `direct-project`, Direct Project.
pub const CONNECTION_DIRECT: Code = code(CONNECTION_TYPE, "direct-project", "Direct Project");

/// v2-0360 `MD`, Doctor of Medicine.
pub const DEGREE_MD: Code = code(DEGREE, "MD", "Doctor of Medicine");
/// v2-0360 `DO`, Doctor of Osteopathy.
pub const DEGREE_DO: Code = code(DEGREE, "DO", "Doctor of Osteopathy");
/// v2-0360 `NP`, Nurse Practitioner.
pub const DEGREE_NP: Code = code(DEGREE, "NP", "Nurse Practitioner");
/// v2-0360 `PA`, Physician Assistant.
pub const DEGREE_PA: Code = code(DEGREE, "PA", "Physician Assistant");
/// v2-0360 `RN`, Registered Nurse.
pub const DEGREE_RN: Code = code(DEGREE, "RN", "Registered Nurse");
/// v2-0360 `PharmD`, Doctor of Pharmacy.
pub const DEGREE_PHARMD: Code = code(DEGREE, "PharmD", "Doctor of Pharmacy");
/// v2-0360 `PHD`, Doctor of Philosophy.
pub const DEGREE_PHD: Code = code(DEGREE, "PHD", "Doctor of Philosophy");

/// service-type `554`, Chronic Disease Management.
pub const SERVICE_CHRONIC_DISEASE: Code = code(SERVICE_TYPE, "554", "Chronic Disease Management");
/// service-type `537`, Medication Reviews.
pub const SERVICE_MEDICATION_REVIEWS: Code = code(SERVICE_TYPE, "537", "Medication Reviews");
/// service-type `316`, Depression.
pub const SERVICE_DEPRESSION: Code = code(SERVICE_TYPE, "316", "Depression");
/// service-type `105`, Drug and/or Alcohol Counselling.
pub const SERVICE_ALCOHOL_DRUG_COUNSELLING: Code =
    code(SERVICE_TYPE, "105", "Drug and/or Alcohol Counselling");

/// Location types (v3 RoleCode, ServiceDeliveryLocationRoleType).
pub mod location {
    use super::{Code, ROLE_CODE, code};

    /// v3 RoleCode `HOSP`, Hospital.
    pub const HOSPITAL: Code = code(ROLE_CODE, "HOSP", "Hospital");
    /// v3 RoleCode `PHARM`, Pharmacy.
    pub const PHARMACY: Code = code(ROLE_CODE, "PHARM", "Pharmacy");
    /// v3 RoleCode `OUTLAB`, outpatient laboratory.
    pub const OUTPATIENT_LAB: Code = code(ROLE_CODE, "OUTLAB", "outpatient laboratory");
    /// v3 RoleCode `OF`, Outpatient facility.
    pub const OUTPATIENT: Code = code(ROLE_CODE, "OF", "Outpatient facility");
    /// v3 RoleCode `PC`, Primary care clinic.
    pub const PRIMARY_CARE: Code = code(ROLE_CODE, "PC", "Primary care clinic");
    /// v3 RoleCode `FMC`, Family medicine clinic.
    pub const FAMILY_MEDICINE: Code = code(ROLE_CODE, "FMC", "Family medicine clinic");
    /// v3 RoleCode `GIM`, General internal medicine clinic.
    pub const INTERNAL_MEDICINE: Code = code(ROLE_CODE, "GIM", "General internal medicine clinic");
    /// v3 RoleCode `PEDC`, Pediatrics clinic.
    pub const PEDIATRICS: Code = code(ROLE_CODE, "PEDC", "Pediatrics clinic");
    /// v3 RoleCode `GYN`, Gynecology clinic.
    pub const GYNECOLOGY: Code = code(ROLE_CODE, "GYN", "Gynecology clinic");
    /// v3 RoleCode `ORTHO`, Orthopedics clinic.
    pub const ORTHOPEDICS: Code = code(ROLE_CODE, "ORTHO", "Orthopedics clinic");
    /// v3 RoleCode `DERM`, Dermatology clinic.
    pub const DERMATOLOGY: Code = code(ROLE_CODE, "DERM", "Dermatology clinic");
    /// v3 RoleCode `ENT`, Otorhinolaryngology clinic.
    pub const ENT: Code = code(ROLE_CODE, "ENT", "Otorhinolaryngology clinic");
    /// v3 RoleCode `GI`, Gastroenterology clinic.
    pub const GASTROENTEROLOGY: Code = code(ROLE_CODE, "GI", "Gastroenterology clinic");
    /// v3 RoleCode `NEUR`, Neurology clinic.
    pub const NEUROLOGY: Code = code(ROLE_CODE, "NEUR", "Neurology clinic");
    /// v3 RoleCode `OPH`, Opthalmology clinic.
    pub const OPHTHALMOLOGY: Code = code(ROLE_CODE, "OPH", "Opthalmology clinic");
    /// v3 RoleCode `ENDO`, Endocrinology clinic.
    pub const ENDOCRINOLOGY: Code = code(ROLE_CODE, "ENDO", "Endocrinology clinic");
    /// v3 RoleCode `NEPH`, Nephrology clinic.
    pub const NEPHROLOGY: Code = code(ROLE_CODE, "NEPH", "Nephrology clinic");
    /// v3 RoleCode `ONCL`, Medical oncology clinic.
    pub const ONCOLOGY: Code = code(ROLE_CODE, "ONCL", "Medical oncology clinic");
    /// v3 RoleCode `URO`, Urology clinic.
    pub const UROLOGY: Code = code(ROLE_CODE, "URO", "Urology clinic");
    /// v3 RoleCode `PSY`, Psychiatry clinic.
    pub const PSYCHIATRY: Code = code(ROLE_CODE, "PSY", "Psychiatry clinic");
    /// v3 RoleCode `PROFF`, Provider's Office.
    pub const PROVIDER_OFFICE: Code = code(ROLE_CODE, "PROFF", "Provider's Office");
}

/// A language a practitioner speaks (BCP-47).
pub const LANGUAGES: &[Code] = &[
    code(LANGUAGE, "es", "Spanish"),
    code(LANGUAGE, "ar", "Arabic"),
    code(LANGUAGE, "zh", "Chinese"),
    code(LANGUAGE, "vi", "Vietnamese"),
    code(LANGUAGE, "hi", "Hindi"),
    code(LANGUAGE, "pl", "Polish"),
];

/// English, listed first when a practitioner lists languages at all.
pub const ENGLISH: Code = code(LANGUAGE, "en", "English");

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN_NET_CS: &str = "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/";

    #[test]
    fn plan_net_codes_use_plan_net_code_systems() {
        for c in [
            ORG_NETWORK,
            ROLE_PHYSICIAN,
            CATEGORY_DENTAL,
            AFFILIATION_BEHAVIORAL,
            PRODUCT_PPO,
            PLAN_HIGH_DEDUCTIBLE,
            ACCEPTING,
            HANDICAP_ACCESSIBLE,
            DELIVERY_VIRTUAL,
            MODALITY_PHONE,
            PAYLOAD_NOT_APPLICABLE,
        ] {
            assert!(c.system.starts_with(PLAN_NET_CS), "{c:?}");
        }
    }
}
