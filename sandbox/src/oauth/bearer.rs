//! Checking `Authorization: Bearer` on protected calls (RFC 6750), for userinfo now and
//! the tenant FHIR APIs later: no, bad, expired, revoked or other-tenant tokens are 401
//! with `WWW-Authenticate: Bearer error="invalid_token"`; a token without the needed
//! scope is 403 `insufficient_scope`.

use super::tokens::live_access_claims;
use crate::state::SandboxState;
use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Why a protected call was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BearerError {
    /// No usable token: missing, malformed, not ours, expired, revoked, or another tenant's.
    InvalidToken(&'static str),
    /// A live token that lacks the scope the call needs.
    InsufficientScope(String),
}

impl BearerError {
    /// 401 for a token that is not usable, 403 for one that lacks the scope.
    pub fn status(&self) -> StatusCode {
        match self {
            BearerError::InvalidToken(_) => StatusCode::UNAUTHORIZED,
            BearerError::InsufficientScope(_) => StatusCode::FORBIDDEN,
        }
    }

    /// The RFC 6750 error code.
    pub fn code(&self) -> &'static str {
        match self {
            BearerError::InvalidToken(_) => "invalid_token",
            BearerError::InsufficientScope(_) => "insufficient_scope",
        }
    }

    /// What went wrong, for the developer reading the answer.
    pub fn description(&self) -> String {
        match self {
            BearerError::InvalidToken(why) => (*why).to_owned(),
            BearerError::InsufficientScope(scope) => {
                format!("the access token lacks the scope `{scope}`")
            }
        }
    }

    /// The `WWW-Authenticate` challenge (RFC 6750 section 3), which every refusal of a
    /// protected call carries, whatever format its body has.
    pub fn challenge(&self) -> Option<HeaderValue> {
        let text = match self {
            BearerError::InvalidToken(_) => format!(
                "Bearer error=\"{}\", error_description=\"{}\"",
                self.code(),
                self.description()
            ),
            BearerError::InsufficientScope(scope) => {
                format!("Bearer error=\"{}\", scope=\"{scope}\"", self.code())
            }
        };
        HeaderValue::from_str(&text).ok()
    }
}

impl IntoResponse for BearerError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status(),
            Json(json!({"error": self.code(), "error_description": self.description()})),
        )
            .into_response();
        if let Some(v) = self.challenge() {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        response
    }
}

/// The claims of the request's live access token for `tenant`.
pub fn check(
    state: &SandboxState,
    tenant: &str,
    headers: &HeaderMap,
) -> Result<Value, BearerError> {
    let token = presented_token(headers)?;
    live_access_claims(state, tenant, token).ok_or(BearerError::InvalidToken(
        "the access token is invalid, expired, revoked, or issued by another tenant",
    ))
}

/// The token of `Authorization: Bearer <token>` (scheme in any letter case), not yet
/// checked.
pub(crate) fn presented_token(headers: &HeaderMap) -> Result<&str, BearerError> {
    headers
        .get(header::AUTHORIZATION)
        .ok_or(BearerError::InvalidToken(
            "no access token: send Authorization: Bearer <access_token>",
        ))?
        .to_str()
        .map_err(|_| BearerError::InvalidToken("the Authorization header is not text"))?
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or(BearerError::InvalidToken(
            "the Authorization header is not `Bearer <access_token>`",
        ))
}

/// Refuses tokens whose `scope` claim lacks `scope`.
pub fn require_scope(claims: &Value, scope: &str) -> Result<(), BearerError> {
    let granted = claims["scope"].as_str().unwrap_or("");
    if granted.split_whitespace().any(|s| s == scope) {
        Ok(())
    } else {
        Err(BearerError::InsufficientScope(scope.to_owned()))
    }
}

#[cfg(test)]
mod fuzz;
