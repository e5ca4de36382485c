//! What every record of one member shares: its id pattern, its `meta`, the reference
//! to the Patient, and references into the tenant's provider directory.
//!
//! Ids are `<patient id>-<kind>-<n>` (`smart-15716-eob-3`), so no two members' records
//! collide and a record's owner can be read from its id. Directory references follow
//! the id patterns of `seed::scale::ids` and stay within the scale's counts, so they
//! resolve without the directory being generated first.
//!
//! Records are built with [`object!`] rather than `serde_json::json!`: `json!` copies
//! every embedded `Value` through serde (an EOB's items were copied whole), which made
//! generation several times slower.

use super::super::rng::SeedRng;
use super::super::scale::{DirectoryScale, PAYER_ORGANIZATION, ids};
use super::dates;
use crate::tenants::Tenant;
use fake::rand::RngExt;
use serde_json::Value;
use time::Date;

/// The member being generated, and where: what every record generator needs.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub patient_id: &'a str,
    pub tenant: &'a Tenant,
    pub scale: DirectoryScale,
}

impl Subject<'_> {
    /// The id of this member's `n`th record of `kind` (`enc`, `eob`, `obs`...).
    pub fn id(&self, kind: &str, n: impl std::fmt::Display) -> String {
        format!("{}-{kind}-{n}", self.patient_id)
    }

    /// `{"reference": "<Type>/<id>"}` for one of this member's own records.
    pub fn own(&self, resource_type: &str, kind: &str, n: impl std::fmt::Display) -> Value {
        reference(resource_type, &self.id(kind, n))
    }

    /// The reference to the member's Patient.
    pub fn patient(&self) -> Value {
        reference("Patient", self.patient_id)
    }

    /// The reference to the member's one Coverage.
    pub fn coverage(&self) -> Value {
        self.own("Coverage", "coverage", 1)
    }

    /// A system URL under the tenant's own domain, for identifiers the payer assigns.
    pub fn system(&self, what: &str) -> String {
        format!("https://{}.example.org/fhir/sid/{what}", self.tenant.id)
    }

    /// A random practitioner of the tenant's directory.
    pub fn any_practitioner(&self, rng: &mut SeedRng) -> u32 {
        rng.random_range(1..=self.scale.practitioners)
    }

    /// A random provider organization of the tenant's directory.
    pub fn any_organization(&self, rng: &mut SeedRng) -> u32 {
        rng.random_range(1..=self.scale.organizations())
    }
}

/// Builds a JSON object from `"key": value` pairs, moving each value in with
/// `Value::from` and leaving out the values that are `null` (a `None`), so optional
/// elements are written inline and FHIR JSON never carries a null.
macro_rules! object {
    ($($key:literal : $value:expr),* $(,)?) => {{
        let mut map = ::serde_json::Map::with_capacity([$($key),*].len());
        $(
            let value = ::serde_json::Value::from($value);
            if !value.is_null() {
                map.insert(::std::string::String::from($key), value);
            }
        )*
        ::serde_json::Value::Object(map)
    }};
}
pub(super) use object;

/// `{"reference": "<Type>/<id>"}`.
pub fn reference(resource_type: &str, id: &str) -> Value {
    object! {"reference": format!("{resource_type}/{id}")}
}

/// The reference to directory practitioner `n`.
pub fn practitioner(n: u32) -> Value {
    reference("Practitioner", &ids::practitioner(n))
}

/// The reference to directory organization `n`.
pub fn organization(n: u32) -> Value {
    reference("Organization", &ids::organization(n))
}

/// The reference to the tenant's payer, with its name.
pub fn payer(tenant: &Tenant) -> Value {
    object! {
        "reference": format!("Organization/{PAYER_ORGANIZATION}"),
        "display": tenant.name.as_str()
    }
}

/// `meta` for a record about `date`, claiming `profiles`.
pub fn meta(rng: &mut SeedRng, date: Date, profiles: &[&str]) -> Value {
    object! {
        "versionId": "1",
        "lastUpdated": dates::last_updated(rng, date),
        "profile": profiles.to_vec()
    }
}

/// A `Money` in US dollars from cents.
pub fn money(cents: i64) -> Value {
    object! {"value": cents as f64 / 100.0, "currency": "USD"}
}

/// A JSON array of `items`, or `null` when there are none (FHIR JSON has no empty
/// arrays; [`object!`] then leaves the element out).
pub fn non_empty(items: Vec<Value>) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    }
}
