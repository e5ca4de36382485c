//! What the pharmacy fills: the products of pharmacy claims.
//!
//! NDCs are 11 digits without dashes (the 5-4-2 form CMS Blue Button sends), from real
//! labelers' package codes; they identify the product well enough for an app to show
//! it, but are synthetic data and not a drug reference.

use super::codes::{Code, NDC};

/// A dispensed product and how a typical fill of it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drug {
    pub ndc: Code,
    pub days_supply: u32,
    pub quantity: u32,
    /// The pharmacy's charge for one fill, in cents.
    pub charge: i64,
    /// Brand drugs take the higher copay tier.
    pub brand: bool,
}

const fn drug(
    ndc: &'static str,
    name: &'static str,
    days: u32,
    quantity: u32,
    charge: i64,
) -> Drug {
    Drug {
        ndc: Code::new(NDC, ndc, name),
        days_supply: days,
        quantity,
        charge,
        brand: false,
    }
}

/// A rescue inhaler, filled every few months (brand).
pub const ALBUTEROL: Drug = Drug {
    brand: true,
    ..drug(
        "59310057922",
        "ProAir HFA 90 mcg/actuation inhalation aerosol",
        30,
        1,
        6_850,
    )
};
/// A nasal steroid for hay fever.
pub const FLUTICASONE: Drug = drug(
    "60505082901",
    "Fluticasone propionate 50 mcg/actuation nasal spray",
    30,
    1,
    2_475,
);
/// An SSRI for anxiety and depression.
pub const SERTRALINE: Drug = drug("16729000101", "Sertraline 50 mg oral tablet", 90, 90, 2_190);
/// First-line type 2 diabetes treatment.
pub const METFORMIN: Drug = drug(
    "00093104801",
    "Metformin hydrochloride 500 mg oral tablet",
    90,
    180,
    1_860,
);
/// An ACE inhibitor for blood pressure.
pub const LISINOPRIL: Drug = drug("68180051301", "Lisinopril 10 mg oral tablet", 90, 90, 1_240);
/// A statin for cholesterol.
pub const ATORVASTATIN: Drug = drug(
    "60505257909",
    "Atorvastatin 20 mg oral tablet",
    90,
    90,
    2_730,
);
/// Thyroid hormone replacement.
pub const LEVOTHYROXINE: Drug = drug(
    "00378180301",
    "Levothyroxine 50 mcg oral tablet",
    90,
    90,
    2_050,
);
/// A proton pump inhibitor for reflux.
pub const OMEPRAZOLE: Drug = drug(
    "62175011843",
    "Omeprazole 20 mg delayed release oral capsule",
    90,
    90,
    2_320,
);
/// An NSAID for arthritis.
pub const MELOXICAM: Drug = drug("29300012510", "Meloxicam 15 mg oral tablet", 90, 90, 1_520);
/// A COPD maintenance inhaler (brand).
pub const TIOTROPIUM: Drug = Drug {
    brand: true,
    ..drug(
        "00597007541",
        "Spiriva HandiHaler 18 mcg inhalation capsule",
        30,
        30,
        52_480,
    )
};
/// An antibiotic for strep throat, sinusitis and pneumonia.
pub const AMOXICILLIN: Drug = drug(
    "65862001701",
    "Amoxicillin 500 mg oral capsule",
    10,
    30,
    1_180,
);
/// An antibiotic for urinary tract infections.
pub const NITROFURANTOIN: Drug = drug(
    "47781030301",
    "Nitrofurantoin monohydrate/macrocrystals 100 mg oral capsule",
    7,
    14,
    2_260,
);
/// Pain relief after an injury.
pub const IBUPROFEN: Drug = drug("67877032001", "Ibuprofen 800 mg oral tablet", 10, 30, 980);
