//! JSON Schema validation of everything the target answers.
//!
//! Two families of schemas, one fixtures directory:
//!
//! - [`portal`]: the developer portal's own API (docs/portal-api.md, pinned as schemas in
//!   `fixtures/schemas`). Its functions are re-exported here, so `validation::validate`
//!   keeps meaning "check a portal body against a named portal schema".
//! - [`fhir`]: FHIR R4 resources, checked against the official FHIR JSON schema
//!   (`fixtures/fhir/fhir.schema.json`), so that no resource the sandbox or a portal
//!   serves can drift from the specification unnoticed.

#![warn(missing_docs)]

pub mod fhir;
pub mod portal;

use std::path::{Path, PathBuf};

pub use portal::{SchemaError, compile_dir, schema_names, validate};

/// The fixtures directory: `CONFORM_FIXTURES` when set (an installed binary runs away
/// from its source tree), else the crate's own `fixtures/`.
pub fn fixtures_dir() -> PathBuf {
    match std::env::var_os("CONFORM_FIXTURES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
    }
}
