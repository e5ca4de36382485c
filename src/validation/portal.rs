//! JSON Schema validation of everything the portal answers.
//!
//! A step that asserts on a response body first checks that the whole body has the
//! documented shape (docs/portal-api.md, pinned as schemas in `fixtures/schemas`). A
//! portal that returns the right status with a drifting body would otherwise break
//! every app that parses it while the conformance run stays green.
//!
//! Schemas are compiled once per process. They may refer to each other by file name
//! (`{"$ref": "app-dashboard.json"}`): every file is registered under
//! `https://conform.local/schemas/<file>` before compiling.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use jsonschema::{Registry, Validator};
use serde_json::Value;

use super::fixtures_dir;

/// Base URI under which schema files are registered so relative `$ref`s resolve.
const SCHEMA_BASE: &str = "https://conform.local/schemas/";

/// Why the schemas could not be loaded: a broken fixtures directory is a harness bug,
/// reported once with the file at fault.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SchemaError {
    /// The directory or a file could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file or directory.
        path: String,
        /// The I/O error.
        reason: String,
    },
    /// A file is not JSON or not a valid schema.
    #[error("schema {name} is invalid: {reason}")]
    Invalid {
        /// The schema name (file name without `.json`).
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A step asked for a schema that does not exist.
    #[error("there is no schema named {0:?} in fixtures/schemas")]
    Unknown(String),
}

type Compiled = BTreeMap<String, Validator>;

fn compiled() -> Result<&'static Compiled, SchemaError> {
    static SCHEMAS: OnceLock<Result<Compiled, SchemaError>> = OnceLock::new();
    SCHEMAS
        .get_or_init(|| compile_dir(&fixtures_dir().join("schemas")))
        .as_ref()
        .map_err(Clone::clone)
}

fn read_schemas(dir: &Path) -> Result<BTreeMap<String, Value>, SchemaError> {
    let read_err = |path: &Path, e: std::io::Error| SchemaError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut schemas = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(|e| read_err(dir, e))? {
        let path = entry.map_err(|e| read_err(dir, e))?.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).map_err(|e| read_err(&path, e))?;
        let value = serde_json::from_str(&text).map_err(|e| SchemaError::Invalid {
            name: name.to_owned(),
            reason: e.to_string(),
        })?;
        schemas.insert(name.to_owned(), value);
    }
    Ok(schemas)
}

/// Loads and compiles every `*.json` schema in `dir`.
pub fn compile_dir(dir: &Path) -> Result<BTreeMap<String, Validator>, SchemaError> {
    let schemas = read_schemas(dir)?;
    let invalid = |name: &str, reason: String| SchemaError::Invalid {
        name: name.to_owned(),
        reason,
    };
    let mut builder = Registry::new();
    for (name, schema) in &schemas {
        builder = builder
            .add(format!("{SCHEMA_BASE}{name}.json"), schema)
            .map_err(|e| invalid(name, e.to_string()))?;
    }
    let registry = builder
        .prepare()
        .map_err(|e| invalid("(registry)", e.to_string()))?;
    let mut compiled = BTreeMap::new();
    for (name, schema) in &schemas {
        let validator = jsonschema::options()
            .offline()
            .should_validate_formats(true)
            .with_registry(&registry)
            .with_base_uri(format!("{SCHEMA_BASE}{name}.json"))
            .build(schema)
            .map_err(|e| invalid(name, e.to_string()))?;
        compiled.insert(name.clone(), validator);
    }
    Ok(compiled)
}

/// Checks `instance` against the schema `schema_name` (file name without `.json`).
///
/// Each error reads `at <JSON pointer>: <what is wrong>` (`at /` for the root), so a
/// failing step says exactly which field drifted.
pub fn validate(schema_name: &str, instance: &Value) -> Result<(), Vec<String>> {
    let schemas = compiled().map_err(|e| vec![e.to_string()])?;
    let validator = schemas
        .get(schema_name)
        .ok_or_else(|| vec![SchemaError::Unknown(schema_name.to_owned()).to_string()])?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| {
            let path = error.instance_path().to_string();
            let path = if path.is_empty() {
                "/".to_owned()
            } else {
                path
            };
            format!("at {path}: {error}")
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The names of all loaded schemas, for diagnostics and tests.
pub fn schema_names() -> Result<Vec<String>, SchemaError> {
    Ok(compiled()?.keys().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_schema_compiles() {
        let names = schema_names().unwrap_or_else(|e| panic!("{e}"));
        assert!(names.contains(&"problem".to_owned()), "{names:?}");
    }

    #[test]
    fn errors_carry_json_paths() {
        let errors = validate("problem", &json!({"status": "x"}))
            .expect_err("a string status must be refused");
        assert!(
            errors.iter().any(|e| e.starts_with("at /status")),
            "{errors:?}"
        );
    }

    #[test]
    fn references_between_schema_files_resolve() {
        let list = json!({"apps": [{"id": 7}], "development_clients": 1, "production_clients": 0});
        let errors = validate("app-list", &list).expect_err("a numeric app id must be refused");
        assert!(
            errors.iter().any(|e| e.starts_with("at /apps/0")),
            "{errors:?}"
        );
    }

    #[test]
    fn timestamps_are_checked() {
        let clock = json!({"now": "yesterday", "offset_seconds": 0});
        assert!(validate("clock", &clock).is_err());
    }
}
