//! Refusals of the authorization server: RFC 6749 error JSON.
//!
//! The token, introspection and revocation endpoints answer `{"error", "error_description"}`
//! with the codes of RFC 6749 section 5.2; a failed HTTP Basic authentication is 401 with
//! `WWW-Authenticate: Basic` (5.2 requires it). Every description names the parameter at
//! fault and what to change, because "invalid_request" alone helps nobody.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An RFC 6749 error answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {description}")]
pub struct OAuthError {
    /// The RFC 6749 code, e.g. `invalid_grant`.
    pub code: &'static str,
    /// What is wrong and what to change.
    pub description: String,
    status: StatusCode,
    basic_challenge: bool,
}

impl OAuthError {
    fn new(code: &'static str, status: StatusCode, description: impl Into<String>) -> Self {
        Self {
            code,
            description: description.into(),
            status,
            basic_challenge: false,
        }
    }

    /// The request is missing a parameter, repeats one, or is otherwise malformed.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", StatusCode::BAD_REQUEST, description)
    }

    /// Client authentication failed (unknown client, wrong secret, wrong method, wrong environment).
    pub fn invalid_client(description: impl Into<String>) -> Self {
        Self::new("invalid_client", StatusCode::BAD_REQUEST, description)
    }

    /// Client authentication with an `Authorization: Basic` header failed: 401 with a challenge.
    pub fn invalid_client_basic(description: impl Into<String>) -> Self {
        Self {
            basic_challenge: true,
            ..Self::new("invalid_client", StatusCode::UNAUTHORIZED, description)
        }
    }

    /// The code or refresh token is invalid, expired, revoked, used, or not this client's.
    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new("invalid_grant", StatusCode::BAD_REQUEST, description)
    }

    /// A grant type the server does not offer.
    pub fn unsupported_grant_type(description: impl Into<String>) -> Self {
        Self::new(
            "unsupported_grant_type",
            StatusCode::BAD_REQUEST,
            description,
        )
    }

    /// An authorize request for another flow than the authorization code (e.g. `token`).
    pub fn unsupported_response_type(description: impl Into<String>) -> Self {
        Self::new(
            "unsupported_response_type",
            StatusCode::BAD_REQUEST,
            description,
        )
    }

    /// A scope beyond what was granted or registered.
    pub fn invalid_scope(description: impl Into<String>) -> Self {
        Self::new("invalid_scope", StatusCode::BAD_REQUEST, description)
    }

    /// A request body refused before it was read to the end (too large 413, too slow
    /// 408): `invalid_request`, the only RFC 6749 code that fits, with the real status.
    pub(super) fn body(status: StatusCode, description: String) -> Self {
        Self::new("invalid_request", status, description)
    }

    /// A defect of ours; the cause goes to the log, not to the client.
    pub fn server_error() -> Self {
        Self::new(
            "server_error",
            StatusCode::INTERNAL_SERVER_ERROR,
            "the sandbox failed to issue the token; it has been logged",
        )
    }

    /// A simulated error status a fault rule answered instead of the endpoint, with the
    /// RFC 6749 code a client would meet for it (`temporarily_unavailable` asks to retry).
    pub fn simulated(status: StatusCode, fault: &str) -> Self {
        let code = match status.as_u16() {
            429 | 503 => "temporarily_unavailable",
            500..=599 => "server_error",
            401 => "invalid_client",
            _ => "invalid_request",
        };
        Self::new(
            code,
            status,
            super::problem::simulated_detail(status, fault),
        )
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.code, "error_description": self.description});
        let mut response = (self.status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        if self.basic_challenge {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"token\", charset=\"UTF-8\""),
            );
        }
        response
    }
}
