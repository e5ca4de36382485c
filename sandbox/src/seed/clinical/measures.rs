//! What is measured at visits: vital signs and lab analytes, with their LOINC codes,
//! UCUM units and reference ranges, and the lab panels that group analytes into one
//! order, one claim line and one DiagnosticReport.

use super::codes::{CPT, Code, LOINC};

/// A vital sign measured at visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vital {
    /// The short name in the Observation id (`smart-15716-obs-3-bp`).
    pub slug: &'static str,
    pub loinc: Code,
    /// The UCUM code of the value (`mm[Hg]`), also its displayed unit.
    pub ucum: &'static str,
}

const fn vital(
    slug: &'static str,
    code: &'static str,
    name: &'static str,
    ucum: &'static str,
) -> Vital {
    Vital {
        slug,
        loinc: Code::new(LOINC, code, name),
        ucum,
    }
}

/// Blood pressure: a panel whose two components carry the values.
pub const BLOOD_PRESSURE: Vital = vital(
    "bp",
    "85354-9",
    "Blood pressure panel with all children optional",
    "mm[Hg]",
);
/// The systolic component of a blood pressure.
pub const SYSTOLIC: Code = Code::new(LOINC, "8480-6", "Systolic blood pressure");
/// The diastolic component of a blood pressure.
pub const DIASTOLIC: Code = Code::new(LOINC, "8462-4", "Diastolic blood pressure");
/// Pulse.
pub const HEART_RATE: Vital = vital("hr", "8867-4", "Heart rate", "/min");
/// Breathing rate.
pub const RESPIRATORY_RATE: Vital = vital("rr", "9279-1", "Respiratory rate", "/min");
/// Temperature.
pub const TEMPERATURE: Vital = vital("temp", "8310-5", "Body temperature", "Cel");
/// Weight.
pub const WEIGHT: Vital = vital("wt", "29463-7", "Body weight", "kg");
/// Height.
pub const HEIGHT: Vital = vital("ht", "8302-2", "Body height", "cm");
/// Body mass index, computed from the same visit's weight and height.
pub const BMI: Vital = vital("bmi", "39156-5", "Body mass index (BMI) [Ratio]", "kg/m2");
/// Pulse oximetry.
pub const OXYGEN_SATURATION: Vital =
    vital("spo2", "2708-6", "Oxygen saturation in Arterial blood", "%");

/// The vitals of a member's first checkup on record, height included.
pub const FIRST_CHECKUP_VITALS: &[&Vital] = &[&BLOOD_PRESSURE, &HEART_RATE, &WEIGHT, &HEIGHT, &BMI];
/// The vitals of later checkups (an adult's height is not measured again).
pub const CHECKUP_VITALS: &[&Vital] = &[&BLOOD_PRESSURE, &HEART_RATE, &WEIGHT, &BMI];
/// The vitals of an office visit.
pub const VISIT_VITALS: &[&Vital] = &[&BLOOD_PRESSURE, &HEART_RATE];
/// The vitals of a sick visit.
pub const SICK_VITALS: &[&Vital] = &[&BLOOD_PRESSURE, &HEART_RATE, &TEMPERATURE];
/// The vitals of an emergency or hospital visit.
pub const ACUTE_VITALS: &[&Vital] = &[
    &BLOOD_PRESSURE,
    &HEART_RATE,
    &RESPIRATORY_RATE,
    &TEMPERATURE,
    &OXYGEN_SATURATION,
];

/// A lab test result and how it usually comes out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Analyte {
    pub slug: &'static str,
    pub loinc: Code,
    pub ucum: &'static str,
    /// The reference range the lab prints (`None` for an open end).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Where healthy members' results fall.
    pub usual: (f64, f64),
    /// Where results fall for members with the diagnosis of this slug.
    pub affected: Option<(&'static str, f64, f64)>,
    /// Decimal places the lab reports.
    pub decimals: u8,
}

/// A lab panel: one order, one claim line, one DiagnosticReport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Panel {
    pub slug: &'static str,
    pub loinc: Code,
    pub cpt: Code,
    pub analytes: &'static [&'static Analyte],
    /// The lab's charge, in cents.
    pub charge: i64,
}

#[allow(clippy::too_many_arguments)]
const fn analyte(
    slug: &'static str,
    code: &'static str,
    name: &'static str,
    ucum: &'static str,
    range: (Option<f64>, Option<f64>),
    usual: (f64, f64),
    affected: Option<(&'static str, f64, f64)>,
    decimals: u8,
) -> Analyte {
    Analyte {
        slug,
        loinc: Code::new(LOINC, code, name),
        ucum,
        low: range.0,
        high: range.1,
        usual,
        affected,
        decimals,
    }
}

/// Average blood sugar over three months.
pub const HBA1C: Analyte = analyte(
    "a1c",
    "4548-4",
    "Hemoglobin A1c/Hemoglobin.total in Blood",
    "%",
    (Some(4.0), Some(5.6)),
    (4.8, 5.6),
    Some(("diabetes", 6.6, 8.9)),
    1,
);
/// Blood sugar.
pub const GLUCOSE: Analyte = analyte(
    "glu",
    "2345-7",
    "Glucose [Mass/volume] in Serum or Plasma",
    "mg/dL",
    (Some(70.0), Some(99.0)),
    (74.0, 98.0),
    Some(("diabetes", 118.0, 186.0)),
    0,
);
/// Kidney function (urea).
pub const UREA_NITROGEN: Analyte = analyte(
    "bun",
    "3094-0",
    "Urea nitrogen [Mass/volume] in Serum or Plasma",
    "mg/dL",
    (Some(7.0), Some(20.0)),
    (8.0, 19.0),
    None,
    0,
);
/// Kidney function (creatinine).
pub const CREATININE: Analyte = analyte(
    "cr",
    "2160-0",
    "Creatinine [Mass/volume] in Serum or Plasma",
    "mg/dL",
    (Some(0.5), Some(1.2)),
    (0.6, 1.1),
    None,
    2,
);
/// Sodium.
pub const SODIUM: Analyte = analyte(
    "na",
    "2951-2",
    "Sodium [Moles/volume] in Serum or Plasma",
    "mmol/L",
    (Some(136.0), Some(145.0)),
    (137.0, 144.0),
    None,
    0,
);
/// Potassium.
pub const POTASSIUM: Analyte = analyte(
    "k",
    "2823-3",
    "Potassium [Moles/volume] in Serum or Plasma",
    "mmol/L",
    (Some(3.5), Some(5.1)),
    (3.7, 4.9),
    None,
    1,
);
/// Total cholesterol.
pub const CHOLESTEROL: Analyte = analyte(
    "chol",
    "2093-3",
    "Cholesterol [Mass/volume] in Serum or Plasma",
    "mg/dL",
    (None, Some(200.0)),
    (150.0, 198.0),
    Some(("hyperlipidemia", 205.0, 268.0)),
    0,
);
/// "Good" cholesterol.
pub const HDL: Analyte = analyte(
    "hdl",
    "2085-9",
    "Cholesterol in HDL [Mass/volume] in Serum or Plasma",
    "mg/dL",
    (Some(40.0), None),
    (42.0, 78.0),
    None,
    0,
);
/// "Bad" cholesterol.
pub const LDL: Analyte = analyte(
    "ldl",
    "18262-6",
    "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay",
    "mg/dL",
    (None, Some(100.0)),
    (62.0, 99.0),
    Some(("hyperlipidemia", 112.0, 178.0)),
    0,
);
/// Triglycerides.
pub const TRIGLYCERIDES: Analyte = analyte(
    "trig",
    "2571-8",
    "Triglyceride [Mass/volume] in Serum or Plasma",
    "mg/dL",
    (None, Some(150.0)),
    (60.0, 148.0),
    Some(("hyperlipidemia", 155.0, 290.0)),
    0,
);
/// Hemoglobin.
pub const HEMOGLOBIN: Analyte = analyte(
    "hgb",
    "718-7",
    "Hemoglobin [Mass/volume] in Blood",
    "g/dL",
    (Some(12.0), Some(17.5)),
    (12.4, 15.8),
    Some(("anemia", 9.4, 11.6)),
    1,
);
/// White cells.
pub const LEUKOCYTES: Analyte = analyte(
    "wbc",
    "6690-2",
    "Leukocytes [#/volume] in Blood by Automated count",
    "10*3/uL",
    (Some(4.5), Some(11.0)),
    (4.8, 9.8),
    None,
    1,
);
/// Platelets.
pub const PLATELETS: Analyte = analyte(
    "plt",
    "777-3",
    "Platelets [#/volume] in Blood by Automated count",
    "10*3/uL",
    (Some(150.0), Some(400.0)),
    (170.0, 360.0),
    None,
    0,
);
/// Thyroid stimulating hormone.
pub const THYROTROPIN: Analyte = analyte(
    "tsh",
    "3016-3",
    "Thyrotropin [Units/volume] in Serum or Plasma",
    "m[IU]/L",
    (Some(0.4), Some(4.0)),
    (0.8, 3.6),
    Some(("hypothyroidism", 2.2, 6.4)),
    2,
);

/// Cholesterol screening and follow-up.
pub const LIPIDS: Panel = Panel {
    slug: "lipid",
    loinc: Code::new(
        LOINC,
        "57698-3",
        "Lipid panel with direct LDL - Serum or Plasma",
    ),
    cpt: Code::new(CPT, "80061", "Lipid panel"),
    analytes: &[&CHOLESTEROL, &HDL, &LDL, &TRIGLYCERIDES],
    charge: 9_800,
};
/// Glucose, kidney function and electrolytes.
pub const BMP: Panel = Panel {
    slug: "bmp",
    loinc: Code::new(LOINC, "51990-0", "Basic metabolic panel - Blood"),
    cpt: Code::new(CPT, "80048", "Basic metabolic panel (Calcium, total)"),
    analytes: &[&GLUCOSE, &UREA_NITROGEN, &CREATININE, &SODIUM, &POTASSIUM],
    charge: 7_400,
};
/// Blood counts.
pub const CBC: Panel = Panel {
    slug: "cbc",
    loinc: Code::new(LOINC, "58410-2", "CBC panel - Blood by Automated count"),
    cpt: Code::new(
        CPT,
        "85025",
        "Blood count; complete (CBC), automated and automated differential WBC count",
    ),
    analytes: &[&HEMOGLOBIN, &LEUKOCYTES, &PLATELETS],
    charge: 5_200,
};
/// Diabetes control.
pub const A1C: Panel = Panel {
    slug: "a1c",
    loinc: Code::new(LOINC, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"),
    cpt: Code::new(CPT, "83036", "Hemoglobin; glycosylated (A1C)"),
    analytes: &[&HBA1C],
    charge: 6_100,
};
/// Thyroid control.
pub const TSH: Panel = Panel {
    slug: "tsh",
    loinc: Code::new(
        LOINC,
        "3016-3",
        "Thyrotropin [Units/volume] in Serum or Plasma",
    ),
    cpt: Code::new(CPT, "84443", "Thyroid stimulating hormone (TSH)"),
    analytes: &[&THYROTROPIN],
    charge: 8_900,
};
