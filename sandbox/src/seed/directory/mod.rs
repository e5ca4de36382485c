//! Each tenant's provider directory (Plan-Net), for the Provider Directory API.

use super::scale::DirectoryScale;
use crate::tenants::Tenant;
use serde_json::Value;

/// Hands every directory record of `tenant` to `sink`, type by type. A pure function
/// of its arguments: the same seed gives the same bytes.
pub fn generate(_seed: u64, _tenant: &Tenant, _scale: DirectoryScale, _sink: &mut dyn FnMut(Value)) {}
