//! The authorization server's parsers, for the libFuzzer targets `authorization`, `jwt`
//! and `oauth_params`: `Authorization` headers, the JWTs apps present back, and the
//! form and query decoding of authorize, token, introspection and revocation.

use crate::oauth::{bearer, client_auth, keys};
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use serde_json::Value;

pub use crate::error::OAuthError;
pub use crate::oauth::bearer::BearerError;
pub use crate::oauth::keys::TokenRejected;
pub use crate::oauth::params::{MAX_BODY, MAX_VALUE, Params};

/// The header value HTTP lets a client send with these bytes, or `None` when no client
/// can send them (the server never sees such a header: hyper refuses the request).
pub fn header_value(bytes: &[u8]) -> Option<HeaderValue> {
    HeaderValue::from_bytes(bytes).ok()
}

fn with(name: header::HeaderName, value: &HeaderValue) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(name, value.clone());
    headers
}

/// The token of `Authorization: <value>` as userinfo and the FHIR API take it
/// (`Bearer <token>`, RFC 6750), not yet looked up; or the 401 they answer.
pub fn bearer_token(authorization: &HeaderValue) -> Result<String, BearerError> {
    bearer::presented_token(&with(header::AUTHORIZATION, authorization)).map(str::to_owned)
}

/// The client id and secret of `Authorization: <value>` as the token, introspection and
/// revocation endpoints read it (`Basic`, each part form-urlencoded, RFC 6749 2.3.1), or
/// the `invalid_client` they answer.
pub fn basic_credentials(authorization: &HeaderValue) -> Result<(String, String), OAuthError> {
    // Only an absent header is no credentials: a present one that reads as none would be
    // a defect, which the target sees as a `server_error`.
    client_auth::basic_credentials(&with(header::AUTHORIZATION, authorization))?
        .ok_or_else(OAuthError::server_error)
}

/// The claims of a JWT presented back, as every protected route verifies it: only a
/// token this process's key signed verifies (time claims are the caller's).
pub fn verify_jwt(token: &str) -> Result<Value, TokenRejected> {
    keys::process_key().verify(token)
}

/// `claims` signed as the token endpoint signs access tokens (RS256, the process's key),
/// so a target can check that what is signed verifies and what is changed does not.
pub fn sign_jwt(claims: &Value) -> Result<String, String> {
    keys::process_key().sign(claims)
}

/// The parameters of a query string as authorize reads them (each once, values capped).
pub fn oauth_query(query: &[u8]) -> Result<Params, OAuthError> {
    Params::parse(query)
}

/// The parameters of a form body as the token, introspection and revocation endpoints
/// read it: only under `Content-Type: application/x-www-form-urlencoded`.
pub fn oauth_form(content_type: Option<&HeaderValue>, body: &[u8]) -> Result<Params, OAuthError> {
    let headers = match content_type {
        Some(value) => with(header::CONTENT_TYPE, value),
        None => HeaderMap::new(),
    };
    Params::from_form(&headers, &Bytes::copy_from_slice(body))
}
