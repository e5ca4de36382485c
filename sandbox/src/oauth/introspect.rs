//! `POST /{tenant}/oauth2/introspect` (RFC 7662) and `POST /{tenant}/oauth2/revoke` (RFC 7009),
//! both authenticated with the client's own credentials. A client only ever learns about,
//! or revokes, its own tokens.

use super::client_auth::authenticate;
use super::params::{KnownTenant, Params};
use super::tokens::live_access_claims;
use crate::error::OAuthError;
use crate::secrets::digest;
use crate::state::SandboxState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Token introspection.
pub async fn introspect(
    State(state): State<SandboxState>,
    KnownTenant(tenant): KnownTenant,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let answer = (|| -> Result<Value, OAuthError> {
        let params = Params::from_form(&headers, &body)?;
        let client = authenticate(&state, &tenant, &headers, &params)?;
        let token = params.require("token", "send the token to introspect")?;
        if let Some(claims) = live_access_claims(&state, &tenant.id, token)
            .filter(|c| c["client_id"].as_str() == Some(client.client_id.as_str()))
        {
            return Ok(json!({
                "active": true,
                "token_type": "Bearer",
                "scope": claims["scope"],
                "client_id": claims["client_id"],
                "sub": claims["sub"],
                "patient": claims["patient"],
                "iss": claims["iss"],
                "aud": claims["aud"],
                "exp": claims["exp"],
                "iat": claims["iat"],
            }));
        }
        let refresh = state
            .store
            .grant_by_refresh(&digest(token))
            .filter(|g| g.tenant == tenant.id && g.client_id == client.client_id)
            .filter(|g| !g.revoked && g.refresh_expires_at > state.clock.now());
        Ok(match refresh {
            Some(g) => json!({
                "active": true,
                "token_type": "refresh_token",
                "scope": g.scopes.join(" "),
                "client_id": g.client_id,
                "sub": g.username,
                "patient": g.patient,
                "iss": super::params::fhir_base(&state, &tenant.id),
                "exp": g.refresh_expires_at.unix_timestamp(),
            }),
            None => json!({"active": false}),
        })
    })();
    match answer {
        Ok(body) => no_store(Json(body).into_response()),
        Err(e) => e.into_response(),
    }
}

/// Token revocation: answers 200 whether or not the token was known (RFC 7009 2.2).
pub async fn revoke(
    State(state): State<SandboxState>,
    KnownTenant(tenant): KnownTenant,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let done = (|| -> Result<(), OAuthError> {
        let params = Params::from_form(&headers, &body)?;
        let client = authenticate(&state, &tenant, &headers, &params)?;
        let token = params.require("token", "send the token to revoke")?;
        let as_access = || {
            super::keys::process_key()
                .verify(token)
                .ok()
                .and_then(|c| c["jti"].as_str().map(str::to_owned))
                .map(|jti| state.store.revoke_access_token(&jti, &client.client_id))
                .is_some()
        };
        let as_refresh = || {
            state
                .store
                .revoke_refresh_token(&digest(token), &client.client_id)
        };
        // The hint only says where to look first (RFC 7009 2.1); access tokens are JWTs
        // and refresh tokens opaque, so trying both in turn can never revoke the wrong one.
        let revoked = as_access() || as_refresh();
        tracing::debug!(revoked, "revocation request");
        Ok(())
    })();
    match done {
        Ok(()) => no_store(StatusCode::OK.into_response()),
        Err(e) => e.into_response(),
    }
}
