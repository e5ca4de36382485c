//! OAuth parameters from a query string or a form body, read strictly.
//!
//! RFC 6749 3.1 and 3.2: parameters must not be repeated, and the token endpoint takes
//! `application/x-www-form-urlencoded` only. Values are capped so a megabyte "state"
//! is a clear error, not a stored liability.

use crate::error::OAuthError;
use crate::state::SandboxState;
use crate::tenants::Tenant;
use axum::body::Bytes;
use axum::http::{HeaderMap, header};
use std::collections::BTreeMap;

/// Longest value any OAuth parameter may have.
pub const MAX_VALUE: usize = 4096;
/// Largest form body.
pub const MAX_BODY: usize = 64 * 1024;

/// Parameters by name, each present once.
#[derive(Debug, Default, Clone)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// Parses `a=1&b=2`, refusing repeats and oversized values.
    pub fn parse(encoded: &[u8]) -> Result<Self, OAuthError> {
        let mut map = BTreeMap::new();
        for (name, value) in form_urlencoded::parse(encoded) {
            if value.len() > MAX_VALUE {
                return Err(OAuthError::invalid_request(format!(
                    "parameter `{name}` is longer than {MAX_VALUE} characters"
                )));
            }
            if map.insert(name.to_string(), value.to_string()).is_some() {
                return Err(OAuthError::invalid_request(format!(
                    "parameter `{name}` was sent more than once; send it once"
                )));
            }
        }
        Ok(Params(map))
    }

    /// Parses a form body, checking its media type.
    pub fn from_form(headers: &HeaderMap, body: &Bytes) -> Result<Self, OAuthError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let essence = content_type.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            return Err(OAuthError::invalid_request(format!(
                "send the parameters as application/x-www-form-urlencoded (Content-Type was `{}`)",
                if content_type.is_empty() {
                    "missing"
                } else {
                    content_type
                }
            )));
        }
        if body.len() > MAX_BODY {
            return Err(crate::error::BodyError::TooLarge { limit: MAX_BODY }.into());
        }
        Self::parse(body)
    }

    /// A parameter's value, treating an empty value as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// A parameter that must be present.
    pub fn require(&self, name: &str, why: &str) -> Result<&str, OAuthError> {
        self.get(name).ok_or_else(|| {
            OAuthError::invalid_request(format!("parameter `{name}` is missing: {why}"))
        })
    }
}

/// The tenant of a `/{tenant}/...` path.
pub fn tenant<'a>(state: &'a SandboxState, id: &str) -> Option<&'a Tenant> {
    state.config.tenants.get(id)
}

/// The tenant named by the `{tenant}` path segment of a JSON endpoint; an unknown one is
/// a 404 problem before the handler runs, so no handler repeats the lookup.
pub struct KnownTenant(pub Tenant);

impl axum::extract::FromRequestParts<SandboxState> for KnownTenant {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &SandboxState,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(id) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| crate::error::ApiError::NotFound("tenant"))?;
        tenant(state, &id)
            .cloned()
            .map(KnownTenant)
            .ok_or(crate::error::ApiError::NotFound("tenant"))
    }
}

/// `{public_url}/{tenant}/fhir`: the FHIR base, the tokens' audience and issuer.
pub fn fhir_base(state: &SandboxState, tenant: &str) -> String {
    format!("{}/{tenant}/fhir", state.public_url)
}

/// `{public_url}/{tenant}/oauth2`.
pub fn oauth_base(state: &SandboxState, tenant: &str) -> String {
    format!("{}/{tenant}/oauth2", state.public_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_parameter_is_refused() {
        let err = Params::parse(b"code=a&code=b").unwrap_err();
        assert_eq!(err.code, "invalid_request");
        assert!(err.description.contains("`code`"));
    }

    #[test]
    fn an_oversized_value_is_refused() {
        let body = format!("state={}", "x".repeat(MAX_VALUE + 1));
        assert!(Params::parse(body.as_bytes()).is_err());
    }

    #[test]
    fn empty_values_count_as_absent() {
        let p = Params::parse(b"state=&nonce=n").unwrap();
        assert_eq!(p.get("state"), None);
        assert_eq!(p.get("nonce"), Some("n"));
    }
}

#[cfg(test)]
mod fuzz;
