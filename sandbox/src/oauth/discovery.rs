//! Where apps find the authorization server: SMART configuration, OpenID configuration
//! and the JWKS. Only what is implemented is advertised.

use super::keys::process_key;
use super::params::{fhir_base, oauth_base, tenant};
use crate::error::ApiError;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

/// The SMART capabilities this server implements; the CapabilityStatement lists the
/// same ones.
pub const SMART_CAPABILITIES: &[&str] = &[
    "launch-standalone",
    "client-public",
    "client-confidential-symmetric",
    "context-standalone-patient",
    "permission-patient",
    "permission-offline",
    "permission-v1",
    "permission-v2",
    "sso-openid-connect",
];

/// What both configuration documents say about a tenant.
struct Endpoints {
    issuer: String,
    oauth: String,
    scopes: Vec<String>,
}

fn endpoints(state: &SandboxState, id: &str) -> Result<Endpoints, ApiError> {
    let tenant = tenant(state, id).ok_or(ApiError::NotFound("tenant"))?;
    Ok(Endpoints {
        issuer: fhir_base(state, id),
        oauth: oauth_base(state, id),
        scopes: tenant.scopes.clone(),
    })
}

/// `GET /{tenant}/fhir/.well-known/smart-configuration` (SMART App Launch 2.0).
pub async fn smart_configuration(
    State(state): State<SandboxState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let Endpoints {
        issuer,
        oauth,
        scopes,
    } = endpoints(&state, &id)?;
    Ok(Json(json!({
        "issuer": issuer,
        "jwks_uri": format!("{oauth}/jwks"),
        "authorization_endpoint": format!("{oauth}/authorize"),
        "token_endpoint": format!("{oauth}/token"),
        "introspection_endpoint": format!("{oauth}/introspect"),
        "revocation_endpoint": format!("{oauth}/revoke"),
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "form_post"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": scopes,
        "id_token_signing_alg_values_supported": ["RS256"],
        "capabilities": SMART_CAPABILITIES,
    })))
}

/// `GET /{tenant}/fhir/.well-known/openid-configuration` (the issuer is the FHIR base).
pub async fn openid_configuration(
    State(state): State<SandboxState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let Endpoints {
        issuer,
        oauth,
        scopes,
    } = endpoints(&state, &id)?;
    Ok(Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{oauth}/authorize"),
        "token_endpoint": format!("{oauth}/token"),
        "jwks_uri": format!("{oauth}/jwks"),
        "userinfo_endpoint": format!("{oauth}/userinfo"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "form_post"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": scopes,
        "claims_supported": ["iss", "sub", "aud", "exp", "iat", "nonce", "fhirUser", "name"],
    })))
}

/// `GET /{tenant}/oauth2/jwks`.
pub async fn jwks(
    State(state): State<SandboxState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    endpoints(&state, &id)?;
    let key = tokio::task::spawn_blocking(process_key)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(key.jwks()))
}
