//! Each tenant's provider directory (Da Vinci PDex Plan-Net 1.1.0), for the Provider
//! Directory API.
//!
//! The directory is built in two layers so that every reference resolves and every
//! record agrees with the records it points at, while each resource type still draws
//! its own random stream:
//!
//! - `layout` is the skeleton: which organization is a hospital or a pharmacy, its
//!   name and city, which sites it runs, which networks it joined, which organization a
//!   practitioner works for and what kind of practitioner they are. It is a pure
//!   function of the seed, the tenant and record numbers (a keyed hash, no stream), so
//!   a PractitionerRole knows its Practitioner is a pediatric nurse practitioner at
//!   `org-12` without generating either;
//! - one module per resource type fills in the rest (phones, street lines, hours,
//!   versions) from the stream `"<tenant>/directory/<type>"`, so the number of records
//!   of one type never shifts the data of another.
//!
//! Counts and ids follow [`crate::seed::scale`] exactly; ids like `pract-7` are what
//! the member records in `seed::clinical` point at.

#![warn(clippy::missing_docs_in_private_items)]

mod affiliations;
mod codes;
mod common;
mod disciplines;
mod endpoints;
mod foci;
mod geo;
mod kinds;
mod layout;
mod locations;
mod names;
pub mod nucc;
mod organizations;
mod plans;
mod practitioners;
mod roles;
mod services;

#[cfg(test)]
mod tests;

use super::scale::DirectoryScale;
use crate::tenants::Tenant;
use layout::Layout;
use serde_json::Value;

/// Hands every directory record of `tenant` to `sink`, type by type: Organizations
/// (the payer, the networks, then the provider organizations), Endpoints, Locations,
/// Practitioners, HealthcareServices, PractitionerRoles, OrganizationAffiliations and
/// InsurancePlans. A pure function of its arguments: the same seed gives the same bytes.
pub fn generate(seed: u64, tenant: &Tenant, scale: DirectoryScale, sink: &mut dyn FnMut(Value)) {
    let layout = Layout::new(seed, tenant, scale);
    organizations::emit(&layout, &mut layout.stream("organization"), sink);
    endpoints::emit(&layout, &mut layout.stream("endpoint"), sink);
    locations::emit(&layout, &mut layout.stream("location"), sink);
    practitioners::emit(&layout, &mut layout.stream("practitioner"), sink);
    services::emit(&layout, &mut layout.stream("healthcareservice"), sink);
    roles::emit(&layout, &mut layout.stream("practitionerrole"), sink);
    affiliations::emit(&layout, &mut layout.stream("organizationaffiliation"), sink);
    plans::emit(&layout, &mut layout.stream("insuranceplan"), sink);
}
