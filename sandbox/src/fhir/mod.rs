//! The tenant FHIR R4 APIs (placeholder while being built).

pub mod profiles;
