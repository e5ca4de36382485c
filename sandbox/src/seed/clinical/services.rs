//! What providers do and bill: visits, procedures, vaccines, dental services and the
//! studies whose reports are notes, each with the codes that both the clinical record
//! and the claim line carry.

use super::codes::{CDT, CPT, CVX, Code, ICD10PCS, LOINC, SNOMED};

/// A billable service, coded in CPT and, when it is also a clinical Procedure, SNOMED.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub cpt: Code,
    pub snomed: Option<Code>,
    /// ICD-10-PCS, for surgery billed on inpatient claims.
    pub pcs: Option<Code>,
    /// The provider's charge, in cents.
    pub charge: i64,
}

const fn service(cpt: &'static str, name: &'static str, charge: i64) -> Service {
    Service {
        cpt: Code::new(CPT, cpt, name),
        snomed: None,
        pcs: None,
        charge,
    }
}

const fn snomed(code: &'static str, name: &'static str) -> Option<Code> {
    Some(Code::new(SNOMED, code, name))
}

/// Checkup, 18 to 39.
pub const PREVENTIVE_18_39: Service = service(
    "99395",
    "Periodic comprehensive preventive medicine reevaluation, established patient, 18-39 years",
    24_500,
);
/// Checkup, 40 to 64.
pub const PREVENTIVE_40_64: Service = service(
    "99396",
    "Periodic comprehensive preventive medicine reevaluation, established patient, 40-64 years",
    26_500,
);
/// Checkup, 65 and over.
pub const PREVENTIVE_65: Service = service(
    "99397",
    "Periodic comprehensive preventive medicine reevaluation, established patient, 65 years and older",
    28_500,
);
/// A routine office visit.
pub const OFFICE_VISIT: Service = service(
    "99213",
    "Office or other outpatient visit, established patient, low level of medical decision making",
    14_800,
);
/// A longer office visit, for chronic care.
pub const OFFICE_VISIT_MODERATE: Service = service(
    "99214",
    "Office or other outpatient visit, established patient, moderate level of medical decision making",
    21_200,
);
/// An emergency department visit.
pub const EMERGENCY_VISIT: Service = service(
    "99284",
    "Emergency department visit, moderate level of medical decision making",
    68_500,
);
/// The attending's first day in hospital.
pub const HOSPITAL_ADMISSION: Service = service(
    "99223",
    "Initial hospital inpatient or observation care, high level of medical decision making",
    41_000,
);
/// A blood draw, billed with lab panels.
pub const VENIPUNCTURE: Service =
    service("36415", "Collection of venous blood by venipuncture", 1_500);
/// Giving a vaccine, billed with its product.
pub const VACCINE_ADMINISTRATION: Service = service(
    "90471",
    "Immunization administration; 1 vaccine (single or combination vaccine/toxoid)",
    2_800,
);
/// The rapid strep test of a sore throat visit.
pub const RAPID_STREP: Service = service(
    "87880",
    "Infectious agent antigen detection by immunoassay, Streptococcus, group A",
    3_900,
);
/// Ankle X-ray.
pub const ANKLE_XRAY: Service = service(
    "73610",
    "Radiologic examination, ankle; complete, minimum of 3 views",
    21_000,
);
/// Chest X-ray.
pub const CHEST_XRAY: Service = Service {
    snomed: snomed("399208008", "Plain chest X-ray (procedure)"),
    ..service("71046", "Radiologic examination, chest; 2 views", 18_500)
};
/// An ECG.
pub const ECG: Service = Service {
    snomed: snomed("29303009", "Electrocardiographic procedure (procedure)"),
    ..service(
        "93000",
        "Electrocardiogram, routine ECG with at least 12 leads; with interpretation and report",
        9_500,
    )
};
/// A screening mammogram.
pub const MAMMOGRAM: Service = Service {
    snomed: snomed("24623002", "Screening mammography (procedure)"),
    ..service(
        "77067",
        "Screening mammography, bilateral (2-view study of each breast), including computer-aided detection (CAD) when performed",
        29_500,
    )
};
/// A Pap smear.
pub const PAP_SMEAR: Service = Service {
    snomed: snomed(
        "171149006",
        "Screening for malignant neoplasm of cervix (procedure)",
    ),
    ..service(
        "88142",
        "Cytopathology, cervical or vaginal, collected in preservative fluid, automated thin layer preparation; manual screening under physician supervision",
        7_200,
    )
};
/// A screening colonoscopy.
pub const COLONOSCOPY: Service = Service {
    snomed: snomed("73761001", "Colonoscopy (procedure)"),
    ..service("45378", "Colonoscopy, flexible; diagnostic", 185_000)
};
/// Appendix removal.
pub const APPENDECTOMY: Service = Service {
    snomed: snomed("6025007", "Laparoscopic appendectomy (procedure)"),
    pcs: Some(Code::new(
        ICD10PCS,
        "0DTJ4ZZ",
        "Resection of Appendix, Percutaneous Endoscopic Approach",
    )),
    ..service("44970", "Laparoscopy, surgical, appendectomy", 248_000)
};
/// Gallbladder removal.
pub const CHOLECYSTECTOMY: Service = Service {
    snomed: snomed("45595009", "Laparoscopic cholecystectomy (procedure)"),
    pcs: Some(Code::new(
        ICD10PCS,
        "0FT44ZZ",
        "Resection of Gallbladder, Percutaneous Endoscopic Approach",
    )),
    ..service("47562", "Laparoscopy, surgical; cholecystectomy", 295_000)
};
/// Examining removed tissue.
pub const SURGICAL_PATHOLOGY: Service = service(
    "88305",
    "Level IV - Surgical pathology, gross and microscopic examination",
    16_500,
);

/// A vaccine: CVX for the Immunization, CPT for the claim line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vaccine {
    pub cvx: Code,
    pub cpt: Code,
    /// The product's charge, in cents.
    pub charge: i64,
}

const fn vaccine(
    cvx: (&'static str, &'static str),
    cpt: (&'static str, &'static str),
    charge: i64,
) -> Vaccine {
    Vaccine {
        cvx: Code::new(CVX, cvx.0, cvx.1),
        cpt: Code::new(CPT, cpt.0, cpt.1),
        charge,
    }
}

/// Flu vaccine until the 2023-24 season.
pub const FLU_QUADRIVALENT: Vaccine = vaccine(
    (
        "150",
        "Influenza, injectable, quadrivalent, preservative free",
    ),
    (
        "90686",
        "Influenza virus vaccine, quadrivalent (IIV4), split virus, preservative free, 0.5 mL dosage, for intramuscular use",
    ),
    3_400,
);
/// Flu vaccine from the 2024-25 season.
pub const FLU_TRIVALENT: Vaccine = vaccine(
    ("140", "Influenza, seasonal, injectable, preservative free"),
    (
        "90656",
        "Influenza virus vaccine, trivalent (IIV3), split virus, preservative free, 0.5 mL dosage, for intramuscular use",
    ),
    3_200,
);
/// The 2021 COVID-19 primary series.
pub const COVID_PRIMARY: Vaccine = vaccine(
    (
        "208",
        "SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose",
    ),
    (
        "91300",
        "Severe acute respiratory syndrome coronavirus 2 (SARS-CoV-2) vaccine, mRNA-LNP, spike protein, preservative free, 30 mcg/0.3 mL dosage",
    ),
    0,
);
/// The 2022 bivalent COVID-19 booster.
pub const COVID_BIVALENT: Vaccine = vaccine(
    (
        "300",
        "SARS-COV-2 (COVID-19) vaccine, mRNA, bivalent, preservative free, 30 mcg/0.3 mL dose",
    ),
    (
        "91312",
        "Severe acute respiratory syndrome coronavirus 2 (SARS-CoV-2) vaccine, mRNA-LNP, bivalent spike protein, preservative free, 30 mcg/0.3 mL dosage",
    ),
    0,
);
/// Tetanus, diphtheria and pertussis booster.
pub const TDAP: Vaccine = vaccine(
    ("115", "Tdap"),
    (
        "90715",
        "Tetanus, diphtheria toxoids and acellular pertussis vaccine (Tdap), 7 years or older, for intramuscular use",
    ),
    5_800,
);
/// HPV vaccine (up to 26).
pub const HPV: Vaccine = vaccine(
    ("165", "Human Papillomavirus 9-valent vaccine"),
    (
        "90651",
        "Human Papillomavirus vaccine types 6, 11, 16, 18, 31, 33, 45, 52, 58, nonavalent (9vHPV), 2 or 3 dose schedule, for intramuscular use",
    ),
    29_800,
);
/// Shingles vaccine (50 and over).
pub const ZOSTER: Vaccine = vaccine(
    ("187", "zoster vaccine recombinant"),
    (
        "90750",
        "Zoster (shingles) vaccine (HZV), recombinant, subunit, adjuvanted, for intramuscular use",
    ),
    21_400,
);
/// Pneumococcal vaccine (65 and over).
pub const PNEUMOCOCCAL: Vaccine = vaccine(
    ("33", "pneumococcal polysaccharide vaccine, 23 valent"),
    (
        "90732",
        "Pneumococcal polysaccharide vaccine, 23-valent (PPSV23), for use in individuals 2 years or older, for subcutaneous or intramuscular use",
    ),
    13_600,
);

/// A dental service of an oral claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DentalService {
    pub cdt: Code,
    pub charge: i64,
    /// Preventive care is covered in full; basic care takes coinsurance.
    pub preventive: bool,
    /// Whether the service is on one tooth (the claim line names it).
    pub on_tooth: bool,
}

const fn dental(
    code: &'static str,
    name: &'static str,
    charge: i64,
    preventive: bool,
    on_tooth: bool,
) -> DentalService {
    DentalService {
        cdt: Code::new(CDT, code, name),
        charge,
        preventive,
        on_tooth,
    }
}

/// The exam of a cleaning visit.
pub const PERIODIC_EXAM: DentalService = dental(
    "D0120",
    "Periodic oral evaluation - established patient",
    6_500,
    true,
    false,
);
/// The cleaning.
pub const PROPHYLAXIS: DentalService = dental("D1110", "Prophylaxis - adult", 11_000, true, false);
/// Yearly X-rays.
pub const BITEWINGS: DentalService = dental(
    "D0274",
    "Bitewings - four radiographic images",
    8_200,
    true,
    false,
);
/// The X-ray before a filling.
pub const PERIAPICAL: DentalService = dental(
    "D0220",
    "Intraoral - periapical first radiographic image",
    3_600,
    false,
    true,
);
/// A filling.
pub const COMPOSITE_FILLING: DentalService = dental(
    "D2391",
    "Resin-based composite - one surface, posterior",
    21_500,
    false,
    true,
);

/// A study whose result is a narrative report (US Core DiagnosticReport for notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Study {
    pub slug: &'static str,
    /// The report's LOINC code.
    pub report: Code,
    /// The report's US Core note category (LOINC part: radiology, cardiology, pathology).
    pub category: Code,
    /// The order's category (SNOMED: imaging, evaluation, laboratory procedure).
    pub order_category: Code,
    /// The ordered and billed service.
    pub service: &'static Service,
    pub conclusion: &'static str,
}

const RADIOLOGY: Code = Code::new(LOINC, "LP29684-5", "Radiology");
const CARDIOLOGY: Code = Code::new(LOINC, "LP29708-2", "Cardiology");
const PATHOLOGY: Code = Code::new(LOINC, "LP7839-6", "Pathology");
const IMAGING_ORDER: Code = Code::new(SNOMED, "363679005", "Imaging (procedure)");
const EVALUATION_ORDER: Code = Code::new(SNOMED, "386053000", "Evaluation procedure (procedure)");
/// The order category of lab tests (also lab panels).
pub const LAB_ORDER: Code = Code::new(SNOMED, "108252007", "Laboratory procedure (procedure)");

/// The read of an ankle X-ray.
pub const ANKLE_XRAY_REPORT: Study = Study {
    slug: "xr",
    report: Code::new(LOINC, "18748-4", "Diagnostic imaging study"),
    category: RADIOLOGY,
    order_category: IMAGING_ORDER,
    service: &ANKLE_XRAY,
    conclusion: "No acute fracture or dislocation. Soft tissue swelling over the lateral malleolus.",
};
/// The read of a chest X-ray.
pub const CHEST_XRAY_REPORT: Study = Study {
    slug: "xr",
    report: Code::new(LOINC, "36643-5", "XR Chest 2 Views"),
    category: RADIOLOGY,
    order_category: IMAGING_ORDER,
    service: &CHEST_XRAY,
    conclusion: "Right lower lobe airspace opacity consistent with pneumonia. No effusion.",
};
/// The read of an ECG.
pub const ECG_REPORT: Study = Study {
    slug: "ecg",
    report: Code::new(LOINC, "11524-6", "EKG study"),
    category: CARDIOLOGY,
    order_category: EVALUATION_ORDER,
    service: &ECG,
    conclusion: "Normal sinus rhythm. No acute ST or T wave changes.",
};
/// The read of a screening mammogram.
pub const MAMMOGRAM_REPORT: Study = Study {
    slug: "mg",
    report: Code::new(LOINC, "24606-6", "MG Breast Screening"),
    category: RADIOLOGY,
    order_category: IMAGING_ORDER,
    service: &MAMMOGRAM,
    conclusion: "BI-RADS 1: Negative. Routine annual screening recommended.",
};
/// The cytology of a Pap smear.
pub const PAP_REPORT: Study = Study {
    slug: "pap",
    report: Code::new(
        LOINC,
        "10524-7",
        "Microscopic observation [Identifier] in Cervix by Cyto stain",
    ),
    category: PATHOLOGY,
    order_category: LAB_ORDER,
    service: &PAP_SMEAR,
    conclusion: "Negative for intraepithelial lesion or malignancy.",
};
/// The pathology of a removed appendix.
pub const APPENDIX_PATHOLOGY: Study = Study {
    slug: "path",
    report: Code::new(LOINC, "11526-1", "Pathology study"),
    category: PATHOLOGY,
    order_category: LAB_ORDER,
    service: &SURGICAL_PATHOLOGY,
    conclusion: "Appendix: acute suppurative appendicitis. Negative for malignancy.",
};
/// The pathology of a removed gallbladder.
pub const GALLBLADDER_PATHOLOGY: Study = Study {
    slug: "path",
    report: Code::new(LOINC, "11526-1", "Pathology study"),
    category: PATHOLOGY,
    order_category: LAB_ORDER,
    service: &SURGICAL_PATHOLOGY,
    conclusion: "Gallbladder: acute and chronic cholecystitis with cholelithiasis. Negative for malignancy.",
};
