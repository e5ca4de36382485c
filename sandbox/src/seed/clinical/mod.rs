//! Each member's claims and clinical records, for the Patient Access API.

use super::members::Member;
use super::scale::DirectoryScale;
use crate::tenants::Tenant;
use serde_json::Value;

/// Every record of `member` in `tenant`, the Patient first. A pure function of its
/// arguments: the same seed gives the same bytes.
pub fn member_records(
    _seed: u64,
    _tenant: &Tenant,
    _scale: DirectoryScale,
    _member: &Member,
) -> Vec<Value> {
    Vec::new()
}
