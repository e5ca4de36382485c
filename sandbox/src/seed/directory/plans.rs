//! InsurancePlans: the payer's products, one per network.
//!
//! `plan-<k>` is the product sold on `network-<k>` (a commercial PPO, a commercial
//! HMO, a Medicare Advantage plan), owned and administered by the payer, covering the
//! areas of the first organizations' main sites; its `plan` entries are the
//! cost-sharing variants, each of a distinct type as Plan-Net requires.

use super::codes::{self, Code};
use super::common::{meta, named_reference, obj};
use super::layout::Layout;
use crate::fhir::profiles::plan_net;
use crate::seed::rng::SeedRng;
use crate::seed::scale::{PAYER_ORGANIZATION, ids};
use serde_json::Value;

/// How many main sites a plan lists as its coverage area.
const COVERAGE_SITES: u32 = 5;

/// Product type, short name and cost-sharing variants of plan `k` (cycling).
const PRODUCTS: [(Code, &str, &[Code]); 3] = [
    (
        codes::PRODUCT_PPO,
        "PPO",
        &[codes::PLAN_LOW_DEDUCTIBLE, codes::PLAN_HIGH_DEDUCTIBLE],
    ),
    (codes::PRODUCT_HMO, "HMO", &[codes::PLAN_LOW_DEDUCTIBLE]),
    (
        codes::PRODUCT_MEDICARE_ADVANTAGE,
        "Medicare Advantage",
        &[codes::PLAN_LOW_DEDUCTIBLE],
    ),
];

/// Emits `plan-1..`, one per network.
pub fn emit(layout: &Layout, rng: &mut SeedRng, sink: &mut dyn FnMut(Value)) {
    for k in 1..=layout.networks {
        sink(plan(layout, rng, k));
    }
}

/// The product sold on network `k`.
fn plan(layout: &Layout, rng: &mut SeedRng, k: u32) -> Value {
    let (product, short, variants) = PRODUCTS[(k.saturating_sub(1) % 3) as usize];
    let tenant = layout.tenant;
    let payer = named_reference("Organization", PAYER_ORGANIZATION, &tenant.name);
    let coverage: Vec<Value> = (1..=layout.organizations.min(COVERAGE_SITES))
        .map(|n| named_reference("Location", &ids::location(n), layout.location_name(n)))
        .collect();
    let plans: Vec<Value> = variants
        .iter()
        .map(|variant| obj! {"type": variant.concept()}.into())
        .collect();
    let id_value = format!(
        "{}-{}-2026",
        tenant.id.to_ascii_uppercase(),
        short.replace(' ', "").to_ascii_uppercase()
    );
    obj! {
        "resourceType": "InsurancePlan",
        "id": ids::insurance_plan(k),
        "meta": meta(rng, &[plan_net::INSURANCE_PLAN]),
        "identifier": [obj! {"system": layout.plan_id_system(), "value": id_value}],
        "status": "active",
        "type": [product.concept()],
        "name": format!("{} {short}", tenant.name),
        "period": obj! {"start": "2026-01-01", "end": "2026-12-31"},
        "ownedBy": payer.clone(),
        "administeredBy": payer,
        "coverageArea": coverage,
        "network": [named_reference("Organization", &ids::network(k), layout.network_name(k))],
        "plan": plans,
    }
    .into()
}
