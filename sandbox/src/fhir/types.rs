//! Every resource type the server serves, across both APIs.

use super::definition::ResourceDef;

/// Patient Access types first, then the directory's, as the CapabilityStatement lists them.
pub fn all() -> impl Iterator<Item = &'static ResourceDef> {
    crate::patient_access::TYPES
        .iter()
        .chain(crate::directory::TYPES.iter())
}

/// The served type called `name` (case-sensitive, as FHIR type names are).
pub fn find(name: &str) -> Option<&'static ResourceDef> {
    all().find(|d| d.name == name)
}

/// Whether `id` is a valid FHIR id: 1 to 64 letters, digits, `-` and `.`.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}
