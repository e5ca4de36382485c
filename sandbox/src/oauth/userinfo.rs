//! `GET /{tenant}/oauth2/userinfo` (OpenID Connect Core 5.3): who the member is, for an
//! access token that was granted `openid`. Also the simplest protected call there is,
//! which is what the token-expiry scenarios call.

use super::bearer;
use super::params::KnownTenant;
use crate::seed::members;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The member behind the token.
pub async fn userinfo(
    State(state): State<SandboxState>,
    KnownTenant(tenant): KnownTenant,
    headers: HeaderMap,
) -> Response {
    let claims = match bearer::check(&state, &tenant.id, &headers)
        .and_then(|c| bearer::require_scope(&c, "openid").map(|()| c))
    {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let username = claims["sub"].as_str().unwrap_or_default();
    let mut body = json!({
        "sub": username,
        "fhirUser": claims["fhirUser"],
        "patient": claims["patient"],
    });
    let with_profile = claims["scope"]
        .as_str()
        .is_some_and(|s| s.split_whitespace().any(|s| s == "profile"));
    if let Some(member) = members::find(&tenant, username).filter(|_| with_profile) {
        body["name"] = json!(member.display_name);
    }
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
