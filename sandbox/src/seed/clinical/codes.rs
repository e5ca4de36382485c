//! The code systems member records are coded in, and one `Code` type for all of them.
//!
//! Apps match records by `system` + `code` (a search `code=http://loinc.org|4548-4`, a
//! CARIN app looking for `claim-type|pharmacy`), so every system URL is written once
//! here and every generator names the same constant.

use super::record::object;
use serde_json::Value;

/// SNOMED CT.
pub const SNOMED: &str = "http://snomed.info/sct";
/// LOINC (observations, panels, report and note types).
pub const LOINC: &str = "http://loinc.org";
/// ICD-10-CM diagnoses.
pub const ICD10CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
/// ICD-10-PCS inpatient procedures.
pub const ICD10PCS: &str = "http://www.cms.gov/Medicare/Coding/ICD10";
/// CPT (professional services, E/M visits, labs, imaging).
pub const CPT: &str = "http://www.ama-assn.org/go/cpt";
/// National Drug Codes (11 digits, no dashes, as CMS Blue Button sends them).
pub const NDC: &str = "http://hl7.org/fhir/sid/ndc";
/// ADA dental procedure codes.
pub const CDT: &str = "http://www.ada.org/cdt";
/// CDC vaccine codes.
pub const CVX: &str = "http://hl7.org/fhir/sid/cvx";
/// UCUM units.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// HL7 v2 identifier types (`MB` member number, `MR` medical record number).
pub const V2_IDENTIFIER_TYPE: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";
/// HL7 v3 act codes (encounter classes, coverage types).
pub const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
/// Race and ethnicity (CDC), the OMB categories US Core requires.
pub const CDC_RACE: &str = "urn:oid:2.16.840.1.113883.6.238";
/// Claim types (institutional, professional, pharmacy, oral).
pub const CLAIM_TYPE: &str = "http://terminology.hl7.org/CodeSystem/claim-type";
/// Base adjudication categories (submitted, eligible, deductible, copay, benefit).
pub const ADJUDICATION: &str = "http://terminology.hl7.org/CodeSystem/adjudication";
/// CARIN adjudication categories (coinsurance, paidtoprovider, paidbypatient).
pub const C4BB_ADJUDICATION: &str = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication";
/// CARIN adjudication slice discriminator (benefitpaymentstatus).
pub const C4BB_ADJUDICATION_DISCRIMINATOR: &str =
    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";
/// CARIN in-network / out-of-network status.
pub const C4BB_PAYER_ADJUDICATION_STATUS: &str =
    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBPayerAdjudicationStatus";
/// CARIN identifier types (`uc`: unique claim id).
pub const C4BB_IDENTIFIER_TYPE: &str =
    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType";
/// CARIN care team roles.
pub const C4BB_CARE_TEAM_ROLE: &str =
    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole";
/// CARIN supporting information categories.
pub const C4BB_SUPPORTING_INFO: &str =
    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType";
/// CARIN institutional claim sub-types (inpatient, outpatient).
pub const C4BB_INSTITUTIONAL_SUBTYPE: &str =
    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBInstitutionalClaimSubType";
/// CARIN diagnosis types for institutional claims.
pub const C4BB_DIAGNOSIS_TYPE: &str =
    "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType";
/// Base diagnosis types (professional and oral claims).
pub const DIAGNOSIS_TYPE: &str = "http://terminology.hl7.org/CodeSystem/ex-diagnosistype";
/// NUBC revenue codes (institutional claim lines).
pub const REVENUE: &str = "https://www.nubc.org/CodeSystem/RevenueCodes";
/// CMS place of service codes (professional claim lines).
pub const PLACE_OF_SERVICE: &str =
    "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
/// Observation categories (vital-signs, laboratory, social-history).
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// Condition categories (problem-list-item, encounter-diagnosis).
pub const CONDITION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/condition-category";
/// Diagnostic service sections (`LAB`).
pub const DIAGNOSTIC_SERVICE: &str = "http://terminology.hl7.org/CodeSystem/v2-0074";

/// One coded concept: what `Coding` and `CodeableConcept` are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub system: &'static str,
    pub code: &'static str,
    pub display: &'static str,
}

impl Code {
    /// A code of `system`.
    pub const fn new(system: &'static str, code: &'static str, display: &'static str) -> Self {
        Self {
            system,
            code,
            display,
        }
    }

    /// The FHIR `Coding`.
    pub fn coding(self) -> Value {
        object! {"system": self.system, "code": self.code, "display": self.display}
    }

    /// A `CodeableConcept` with this one coding, its display as the text (without the
    /// semantic tag for SNOMED CT).
    pub fn concept(self) -> Value {
        let text = if self.system == SNOMED {
            plain(self.display)
        } else {
            self.display
        };
        object! {"coding": vec![self.coding()], "text": text}
    }
}

/// A `CodeableConcept` carrying several codings of one idea (SNOMED and ICD-10, CPT
/// and SNOMED), so apps that know either system recognise it.
pub fn concept_of(codes: &[Code], text: &str) -> Value {
    let codings: Vec<Value> = codes.iter().map(|c| c.coding()).collect();
    object! {"coding": codings, "text": text}
}

/// A `CodeableConcept` with a single coding and no text, for categories and roles
/// whose code is the whole meaning.
pub fn category(system: &'static str, code: &'static str, display: &'static str) -> Value {
    object! {"coding": vec![Code::new(system, code, display).coding()]}
}

/// A SNOMED display without its semantic tag (`Asthma (disorder)` -> `Asthma`), the
/// text people read.
pub fn plain(display: &str) -> &str {
    match display.rsplit_once(" (") {
        Some((text, tag)) if tag.ends_with(')') && !text.is_empty() => text,
        _ => display,
    }
}
