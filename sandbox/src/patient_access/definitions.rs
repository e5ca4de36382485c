//! The Patient Access API's resource types (CARIN Blue Button 1.2.0 and US Core
//! 3.1.1) with the search parameters those guides require of a server.

use crate::fhir::definition::{Api, ResourceDef};
use crate::fhir::profiles::{SERVICE_REQUEST, carin, us_core};
use crate::{param, path};

macro_rules! base {
    ($name:literal) => {
        concat!("http://hl7.org/fhir/SearchParameter/", $name)
    };
}
macro_rules! us_core {
    ($name:literal) => {
        concat!("http://hl7.org/fhir/us/core/SearchParameter/", $name)
    };
}
macro_rules! carin {
    ($name:literal) => {
        concat!("http://hl7.org/fhir/us/carin-bb/SearchParameter/", $name)
    };
}

/// Every Patient Access type, in the order of the contract.
// One row per search parameter reads best as a table: rustfmt would spread each over six lines.
#[rustfmt::skip]
pub const TYPES: &[ResourceDef] = &[
    ResourceDef {
        name: "Patient",
        api: Api::PatientAccess,
        profile: carin::PATIENT,
        supported_profiles: &[carin::PATIENT, us_core::PATIENT],
        params: &[
            param!("identifier", Token, [path!("identifier")], us_core!("us-core-patient-identifier")),
            param!("name", String, [path!("name")], us_core!("us-core-patient-name")),
            param!("family", String, [path!("name", "family")], us_core!("us-core-patient-family")),
            param!("given", String, [path!("name", "given")], us_core!("us-core-patient-given")),
            param!("birthdate", Date, [path!("birthDate")], us_core!("us-core-patient-birthdate")),
            param!("gender", Token, [path!("gender")], us_core!("us-core-patient-gender")),
        ],
        includes: &[],
        revincludes: &[],
    },
    ResourceDef {
        name: "Coverage",
        api: Api::PatientAccess,
        profile: carin::COVERAGE,
        supported_profiles: &[carin::COVERAGE],
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("beneficiary")], base!("Coverage-patient")),
            param!("beneficiary", Reference -> ["Patient"], [path!("beneficiary")], base!("Coverage-beneficiary")),
            param!("subscriber", Reference -> ["Patient"], [path!("subscriber")], base!("Coverage-subscriber")),
            param!("payor", Reference -> ["Organization"], [path!("payor")], base!("Coverage-payor")),
            param!("identifier", Token, [path!("identifier")], base!("Coverage-identifier")),
            param!("status", Token, [path!("status")], base!("Coverage-status")),
            param!("type", Token, [path!("type")], base!("Coverage-type")),
        ],
        includes: &["payor", "patient"],
        revincludes: &[],
    },
    ResourceDef {
        name: "ExplanationOfBenefit",
        api: Api::PatientAccess,
        profile: carin::EOB_PROFESSIONAL,
        supported_profiles: carin::EOBS,
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("patient")], base!("ExplanationOfBenefit-patient")),
            param!("identifier", Token, [path!("identifier")], base!("ExplanationOfBenefit-identifier")),
            param!("type", Token, [path!("type")], carin!("explanationofbenefit-type")),
            param!("service-date", Date, [path!("billablePeriod"), path!("item", "servicedDate"), path!("item", "servicedPeriod")], carin!("explanationofbenefit-service-date")),
            param!("status", Token, [path!("status")], base!("ExplanationOfBenefit-status")),
            param!("created", Date, [path!("created")], base!("ExplanationOfBenefit-created")),
            param!("provider", Reference -> ["Practitioner", "Organization"], [path!("provider")], base!("ExplanationOfBenefit-provider")),
            param!("insurer", Reference -> ["Organization"], [path!("insurer")], carin!("explanationofbenefit-insurer")),
            param!("coverage", Reference -> ["Coverage"], [path!("insurance", "coverage")], base!("ExplanationOfBenefit-coverage")),
            param!("care-team", Reference -> ["Practitioner", "Organization"], [path!("careTeam", "provider")], base!("ExplanationOfBenefit-care-team")),
        ],
        includes: &["patient", "provider", "insurer", "coverage", "care-team"],
        revincludes: &[],
    },
    ResourceDef {
        name: "Encounter",
        api: Api::PatientAccess,
        profile: us_core::ENCOUNTER,
        supported_profiles: &[us_core::ENCOUNTER],
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("subject")], us_core!("us-core-encounter-patient")),
            param!("date", Date, [path!("period")], us_core!("us-core-encounter-date")),
            param!("class", Token, [path!("class")], us_core!("us-core-encounter-class")),
            param!("type", Token, [path!("type")], us_core!("us-core-encounter-type")),
            param!("status", Token, [path!("status")], us_core!("us-core-encounter-status")),
            param!("identifier", Token, [path!("identifier")], us_core!("us-core-encounter-identifier")),
        ],
        includes: &["patient"],
        revincludes: &[],
    },
    ResourceDef {
        name: "Condition",
        api: Api::PatientAccess,
        profile: us_core::CONDITION,
        supported_profiles: &[us_core::CONDITION],
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("subject")], us_core!("us-core-condition-patient")),
            param!("category", Token, [path!("category")], us_core!("us-core-condition-category")),
            param!("clinical-status", Token, [path!("clinicalStatus")], us_core!("us-core-condition-clinical-status")),
            param!("code", Token, [path!("code")], us_core!("us-core-condition-code")),
            param!("onset-date", Date, [path!("onsetDateTime"), path!("onsetPeriod")], us_core!("us-core-condition-onset-date")),
        ],
        includes: &["patient"],
        revincludes: &[],
    },
    ResourceDef {
        name: "Observation",
        api: Api::PatientAccess,
        profile: us_core::OBSERVATION_LAB,
        supported_profiles: &[us_core::OBSERVATION_LAB, us_core::VITAL_SIGNS, us_core::SMOKING_STATUS],
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("subject")], us_core!("us-core-observation-patient")),
            param!("category", Token, [path!("category")], us_core!("us-core-observation-category")),
            param!("code", Token, [path!("code")], us_core!("us-core-observation-code")),
            param!("date", Date, [path!("effectiveDateTime"), path!("effectivePeriod"), path!("effectiveInstant")], us_core!("us-core-observation-date")),
            param!("status", Token, [path!("status")], us_core!("us-core-observation-status")),
        ],
        includes: &["patient"],
        revincludes: &[],
    },
    ResourceDef {
        name: "Procedure",
        api: Api::PatientAccess,
        profile: us_core::PROCEDURE,
        supported_profiles: &[us_core::PROCEDURE],
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("subject")], us_core!("us-core-procedure-patient")),
            param!("date", Date, [path!("performedDateTime"), path!("performedPeriod")], us_core!("us-core-procedure-date")),
            param!("code", Token, [path!("code")], us_core!("us-core-procedure-code")),
            param!("status", Token, [path!("status")], us_core!("us-core-procedure-status")),
        ],
        includes: &["patient"],
        revincludes: &[],
    },
    ResourceDef {
        name: "Immunization",
        api: Api::PatientAccess,
        profile: us_core::IMMUNIZATION,
        supported_profiles: &[us_core::IMMUNIZATION],
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("patient")], us_core!("us-core-immunization-patient")),
            param!("date", Date, [path!("occurrenceDateTime")], us_core!("us-core-immunization-date")),
            param!("status", Token, [path!("status")], us_core!("us-core-immunization-status")),
            param!("vaccine-code", Token, [path!("vaccineCode")], base!("Immunization-vaccine-code")),
        ],
        includes: &["patient"],
        revincludes: &[],
    },
    ResourceDef {
        name: "DiagnosticReport",
        api: Api::PatientAccess,
        profile: us_core::DIAGNOSTIC_REPORT_LAB,
        supported_profiles: &[us_core::DIAGNOSTIC_REPORT_LAB, us_core::DIAGNOSTIC_REPORT_NOTE],
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("subject")], us_core!("us-core-diagnosticreport-patient")),
            param!("category", Token, [path!("category")], us_core!("us-core-diagnosticreport-category")),
            param!("code", Token, [path!("code")], us_core!("us-core-diagnosticreport-code")),
            param!("date", Date, [path!("effectiveDateTime"), path!("effectivePeriod")], us_core!("us-core-diagnosticreport-date")),
            param!("status", Token, [path!("status")], us_core!("us-core-diagnosticreport-status")),
            param!("result", Reference -> ["Observation"], [path!("result")], base!("DiagnosticReport-result")),
        ],
        includes: &["patient", "result"],
        revincludes: &[],
    },
    ResourceDef {
        name: "ServiceRequest",
        api: Api::PatientAccess,
        profile: SERVICE_REQUEST,
        supported_profiles: &[SERVICE_REQUEST],
        params: &[
            param!("patient", Reference -> ["Patient"], [path!("subject")], base!("clinical-patient")),
            param!("code", Token, [path!("code")], base!("clinical-code")),
            param!("category", Token, [path!("category")], base!("ServiceRequest-category")),
            param!("authored", Date, [path!("authoredOn")], base!("ServiceRequest-authored")),
            param!("status", Token, [path!("status")], base!("ServiceRequest-status")),
            param!("requester", Reference -> ["Practitioner", "Organization"], [path!("requester")], base!("ServiceRequest-requester")),
        ],
        includes: &["patient", "requester"],
        revincludes: &[],
    },
];
