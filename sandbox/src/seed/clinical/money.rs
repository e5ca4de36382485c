//! How a claim line's charge is adjudicated: the allowed amount, the member's share
//! (deductible, copay, coinsurance) and what the plan pays.
//!
//! Amounts are whole cents, so they add up exactly: for every line
//! `eligible = deductible + copay + coinsurance + benefit` and `eligible <= submitted`,
//! `paidtoprovider = benefit`, `paidbypatient = deductible + copay + coinsurance`, and
//! an EOB's totals are the sums of its lines. Deductibles are yearly and used up in
//! claim order, as a payer would.

use super::super::rng::SeedRng;
use super::claims::{Line, Share};
use super::codes::{ADJUDICATION, C4BB_ADJUDICATION, Code};
use fake::rand::RngExt;
use std::collections::BTreeMap;

/// The adjudicated amounts of a line or a claim, in cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Amounts {
    pub submitted: i64,
    pub eligible: i64,
    pub deductible: i64,
    pub copay: i64,
    pub coinsurance: i64,
    pub benefit: i64,
}

/// The adjudication categories every line and total carries, in order.
pub const CATEGORIES: [Code; 8] = [
    Code::new(ADJUDICATION, "submitted", "Submitted Amount"),
    Code::new(ADJUDICATION, "eligible", "Eligible Amount"),
    Code::new(ADJUDICATION, "deductible", "Deductible"),
    Code::new(ADJUDICATION, "copay", "CoPay"),
    Code::new(C4BB_ADJUDICATION, "coinsurance", "Co-insurance"),
    Code::new(ADJUDICATION, "benefit", "Benefit Amount"),
    Code::new(C4BB_ADJUDICATION, "paidtoprovider", "Paid to provider"),
    Code::new(C4BB_ADJUDICATION, "paidbypatient", "Paid by patient"),
];

impl Amounts {
    /// What the member pays.
    pub fn paid_by_patient(&self) -> i64 {
        self.deductible + self.copay + self.coinsurance
    }

    /// The amount of each of [`CATEGORIES`], in the same order.
    pub fn by_category(&self) -> [i64; 8] {
        [
            self.submitted,
            self.eligible,
            self.deductible,
            self.copay,
            self.coinsurance,
            self.benefit,
            self.benefit,
            self.paid_by_patient(),
        ]
    }

    /// Adds a line's amounts to a claim's.
    pub fn add(&mut self, other: &Amounts) {
        self.submitted += other.submitted;
        self.eligible += other.eligible;
        self.deductible += other.deductible;
        self.copay += other.copay;
        self.coinsurance += other.coinsurance;
        self.benefit += other.benefit;
    }
}

/// Which benefit a claim is paid under; each has its own deductible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Benefit {
    Medical,
    Dental,
    Pharmacy,
}

/// The yearly dental deductible, in cents.
const DENTAL_DEDUCTIBLE: i64 = 5_000;

/// The deductibles met so far, per benefit and plan year.
#[derive(Debug, Clone)]
pub struct Ledger {
    medical_deductible: i64,
    met: BTreeMap<(Benefit, i32), i64>,
}

impl Ledger {
    /// A member whose medical deductible is `medical_deductible` cents a year.
    pub fn new(medical_deductible: i64) -> Self {
        Self {
            medical_deductible,
            met: BTreeMap::new(),
        }
    }

    /// Adjudicates `line` under `benefit`, using up the deductible of its year.
    pub fn adjudicate(&mut self, rng: &mut SeedRng, benefit: Benefit, line: &Line) -> Amounts {
        let allowed_percent = match benefit {
            Benefit::Medical => rng.random_range(45..=80),
            Benefit::Dental => rng.random_range(60..=85),
            Benefit::Pharmacy => rng.random_range(80..=95),
        };
        let submitted = line.charge;
        let eligible = submitted * allowed_percent / 100;
        let mut amounts = Amounts {
            submitted,
            eligible,
            ..Amounts::default()
        };
        match line.share {
            Share::Preventive => {}
            Share::Copay(copay) => amounts.copay = copay.min(eligible),
            Share::Coinsurance(percent) => {
                let limit = match benefit {
                    Benefit::Medical => self.medical_deductible,
                    Benefit::Dental => DENTAL_DEDUCTIBLE,
                    Benefit::Pharmacy => 0,
                };
                let met = self.met.entry((benefit, line.date.year())).or_insert(0);
                amounts.deductible = (limit - *met).clamp(0, eligible);
                *met += amounts.deductible;
                amounts.coinsurance = (eligible - amounts.deductible) * percent / 100;
            }
        }
        amounts.benefit = eligible - amounts.paid_by_patient();
        amounts
    }
}
