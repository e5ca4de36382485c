//! The profile URLs the sandbox claims, in one place: the generators put them in
//! `meta.profile` and the CapabilityStatement lists them as supported profiles, so the
//! two cannot disagree.

/// CARIN Blue Button 1.2.0.
pub mod carin {
    pub const PATIENT: &str = "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Patient";
    pub const COVERAGE: &str = "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Coverage";
    pub const ORGANIZATION: &str =
        "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Organization";
    pub const PRACTITIONER: &str =
        "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Practitioner";
    pub const EOB_INPATIENT: &str = "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-Inpatient-Institutional";
    pub const EOB_OUTPATIENT: &str = "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-Outpatient-Institutional";
    pub const EOB_PROFESSIONAL: &str = "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-Professional-NonClinician";
    pub const EOB_PHARMACY: &str =
        "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-Pharmacy";
    pub const EOB_ORAL: &str =
        "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-Oral";
    /// Every EOB profile, in the order the CapabilityStatement lists them.
    pub const EOBS: &[&str] = &[
        EOB_INPATIENT,
        EOB_OUTPATIENT,
        EOB_PROFESSIONAL,
        EOB_PHARMACY,
        EOB_ORAL,
    ];
}

/// US Core 3.1.1.
pub mod us_core {
    pub const PATIENT: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";
    pub const ENCOUNTER: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-encounter";
    pub const CONDITION: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-condition";
    pub const PROCEDURE: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-procedure";
    pub const IMMUNIZATION: &str =
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-immunization";
    pub const OBSERVATION_LAB: &str =
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab";
    pub const SMOKING_STATUS: &str =
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-smokingstatus";
    /// Base FHIR vital signs profile, which US Core 3.1.1 uses for vital signs.
    pub const VITAL_SIGNS: &str = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
    pub const DIAGNOSTIC_REPORT_LAB: &str =
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-diagnosticreport-lab";
    pub const DIAGNOSTIC_REPORT_NOTE: &str =
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-diagnosticreport-note";
    pub const RACE: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
    pub const ETHNICITY: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";
    pub const BIRTHSEX: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex";
}

/// The base ServiceRequest profile (US Core 3.1.1 has none of its own).
pub const SERVICE_REQUEST: &str = "http://hl7.org/fhir/StructureDefinition/ServiceRequest";

/// Da Vinci PDex Plan-Net 1.1.0.
pub mod plan_net {
    pub const ENDPOINT: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-Endpoint";
    pub const HEALTHCARE_SERVICE: &str = "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-HealthcareService";
    pub const INSURANCE_PLAN: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-InsurancePlan";
    pub const LOCATION: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-Location";
    pub const NETWORK: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-Network";
    pub const ORGANIZATION: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-Organization";
    pub const ORGANIZATION_AFFILIATION: &str = "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-OrganizationAffiliation";
    pub const PRACTITIONER: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-Practitioner";
    pub const PRACTITIONER_ROLE: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-PractitionerRole";
    /// The extension that puts a PractitionerRole in a network.
    pub const NETWORK_REFERENCE: &str =
        "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference";
}
