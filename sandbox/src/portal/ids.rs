//! External ids: readable prefixes over the store's numeric ids.
//!
//! A help-desk person reads `app-12` or `att-15` in a ticket and knows what it is;
//! an id with the wrong prefix or no number is simply "not found".

use crate::error::ApiError;

/// `app-<n>`.
pub fn app(id: u64) -> String {
    format!("app-{id}")
}

/// `att-<n>`.
pub fn attestation(id: u64) -> String {
    format!("att-{id}")
}

/// Parses `<prefix>-<n>`, answering 404 for anything else.
pub fn parse(prefix: &str, raw: &str, what: &'static str) -> Result<u64, ApiError> {
    raw.strip_prefix(prefix)
        .and_then(|n| n.strip_prefix('-'))
        .and_then(|n| n.parse().ok())
        .ok_or(ApiError::NotFound(what))
}

/// Parses an app id.
pub fn parse_app(raw: &str) -> Result<u64, ApiError> {
    parse("app", raw, "app")
}

/// Parses an attestation id.
pub fn parse_attestation(raw: &str) -> Result<u64, ApiError> {
    parse("att", raw, "attestation")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_foreign_shapes_are_not_found() {
        assert_eq!(parse_app(&app(12)).unwrap(), 12);
        assert!(parse_app("att-12").is_err());
        assert!(parse_app("app-").is_err());
        assert!(parse_app("app-1x").is_err());
        assert!(parse_app("12").is_err());
    }
}
