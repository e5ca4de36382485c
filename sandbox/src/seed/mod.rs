//! What every sandbox starts with, derived from the tenants and the seed.
//!
//! - `members`: who can log in on the authorization pages;
//! - `clinical`: each member's claims and clinical records (Patient Access API);
//! - `directory`: each tenant's provider directory (Plan-Net);
//! - `rng`, `scale`, `michigan`, `npi`: what both generators share.

pub mod clinical;
pub mod directory;
pub mod members;
pub mod michigan;
pub mod npi;
pub mod rng;
pub mod scale;
#[cfg(test)]
mod schema_check;

use crate::config::SandboxConfig;
use serde_json::Value;

/// Every FHIR resource a sandbox with `config` serves, tenant by tenant: the provider
/// directory, then each member's records. Validation tests walk it so that nothing the
/// sandbox can serve escapes the FHIR schema.
pub fn for_each_resource(config: &SandboxConfig, mut visit: impl FnMut(&str, &Value)) {
    for tenant in config.tenants.iter() {
        directory::generate(config.seed, tenant, config.scale, &mut |resource| {
            visit(&tenant.id, &resource)
        });
        for member in members::all(tenant) {
            for resource in clinical::member_records(config.seed, tenant, config.scale, &member) {
                visit(&tenant.id, &resource);
            }
        }
    }
}
