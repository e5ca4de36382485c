//! `POST /{tenant}/oauth2/token`: authorization_code and refresh_token grants (guide 3.5,
//! Appendix A: access tokens live 5 minutes, refresh tokens 30 and can be reused).

use super::client_auth::authenticate;
use super::params::{KnownTenant, Params};
use super::tokens::{AccessGrant, access_token, id_token};
use super::{pkce, smart_scopes};
use crate::error::OAuthError;
use crate::secrets::{digest, random_token};
use crate::seed::members;
use crate::state::SandboxState;
use crate::store::{CodeProblem, Grant, RegisteredClient};
use crate::tenants::Tenant;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::Duration;

/// The token endpoint.
pub async fn token(
    State(state): State<SandboxState>,
    KnownTenant(tenant): KnownTenant,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match grant(&state, &tenant, &headers, &body) {
        Ok(body) => {
            let mut response = Json(body).into_response();
            let h = response.headers_mut();
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
            response
        }
        Err(e) => e.into_response(),
    }
}

fn grant(
    state: &SandboxState,
    tenant: &Tenant,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Value, OAuthError> {
    let params = Params::from_form(headers, body)?;
    let grant_type = params.require(
        "grant_type",
        "send grant_type=authorization_code or refresh_token",
    )?;
    if !matches!(grant_type, "authorization_code" | "refresh_token") {
        return Err(OAuthError::unsupported_grant_type(format!(
            "grant_type `{grant_type}` is not offered: use authorization_code, then refresh_token"
        )));
    }
    let client = authenticate(state, tenant, headers, &params)?;
    if grant_type == "authorization_code" {
        exchange_code(state, tenant, &client, &params)
    } else {
        refresh(state, tenant, &client, &params)
    }
}

fn exchange_code(
    state: &SandboxState,
    tenant: &Tenant,
    client: &RegisteredClient,
    params: &Params,
) -> Result<Value, OAuthError> {
    let code = params.require("code", "send the code the redirect carried")?;
    let redirect_uri = params.require(
        "redirect_uri",
        "send the same redirect_uri as in the authorize request",
    )?;
    let code_digest = digest(code);
    let now = state.clock.now();
    let redeemed = state.store.redeem_code(&code_digest, now).map_err(|p| match p {
        CodeProblem::Unknown => OAuthError::invalid_grant(format!(
            "the code is unknown: copy it whole from the redirect (a code is forgotten {} minutes after it expires)",
            crate::store::RETENTION_GRACE.whole_minutes()
        )),
        CodeProblem::Expired => OAuthError::invalid_grant(format!(
            "the code expired: codes live {} seconds; start a new authorize request",
            tenant.oauth.code_seconds
        )),
        CodeProblem::Replayed => OAuthError::invalid_grant(
            "the code was already used: codes are single-use, and the tokens its first exchange issued are now revoked",
        ),
    })?;
    if redeemed.tenant != tenant.id || redeemed.client_id != client.client_id {
        return Err(OAuthError::invalid_grant(
            "the code was issued to another client or tenant",
        ));
    }
    if redeemed.redirect_uri != redirect_uri {
        return Err(OAuthError::invalid_grant(format!(
            "redirect_uri `{redirect_uri}` differs from the authorize request's `{}`",
            redeemed.redirect_uri
        )));
    }
    pkce::verify(
        redeemed.code_challenge.as_deref(),
        params.get("code_verifier"),
    )?;
    let refresh_token = random_token(32);
    let grant_id = state.store.create_grant(
        &code_digest,
        digest(&refresh_token),
        Grant {
            id: 0,
            tenant: tenant.id.clone(),
            client_id: client.client_id.clone(),
            scopes: redeemed.scopes.clone(),
            username: redeemed.username.clone(),
            patient: redeemed.patient.clone(),
            refresh_expires_at: now
                + Duration::seconds(i64::from(tenant.oauth.refresh_token_seconds)),
            revoked: false,
            access_expires_by: None,
        },
    );
    let access = AccessGrant {
        tenant,
        client_id: &client.client_id,
        scopes: &redeemed.scopes,
        username: &redeemed.username,
        patient: &redeemed.patient,
        grant: grant_id,
    };
    let (token, expires_in) = access_token(state, &access).map_err(server_error)?;
    let mut body = json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": redeemed.scopes.join(" "),
        "refresh_token": refresh_token,
        "patient": redeemed.patient,
    });
    if redeemed.scopes.iter().any(|s| s == "openid") {
        let name = members::find(tenant, &redeemed.username).map(|m| m.display_name);
        body["id_token"] = json!(
            id_token(state, &access, redeemed.nonce.as_deref(), name.as_deref())
                .map_err(server_error)?
        );
    }
    Ok(body)
}

fn refresh(
    state: &SandboxState,
    tenant: &Tenant,
    client: &RegisteredClient,
    params: &Params,
) -> Result<Value, OAuthError> {
    let refresh_token = params.require(
        "refresh_token",
        "send the refresh_token of the token response",
    )?;
    let grant = state
        .store
        .grant_by_refresh(&digest(refresh_token))
        .filter(|g| g.tenant == tenant.id && g.client_id == client.client_id)
        .ok_or_else(|| {
            OAuthError::invalid_grant("the refresh token is unknown to this client and tenant")
        })?;
    if grant.revoked {
        return Err(OAuthError::invalid_grant("the refresh token was revoked"));
    }
    if state.clock.now() >= grant.refresh_expires_at {
        return Err(OAuthError::invalid_grant(format!(
            "the refresh token expired: it lives {} minutes from the code exchange; the member must authorize again",
            tenant.oauth.refresh_token_seconds / 60
        )));
    }
    let scopes: Vec<String> = match params.get("scope") {
        None => grant.scopes.clone(),
        Some(asked) => {
            let asked: Vec<String> = asked.split_whitespace().map(str::to_owned).collect();
            if let Some(extra) = asked
                .iter()
                .find(|s| !smart_scopes::permits(&grant.scopes, s))
            {
                return Err(OAuthError::invalid_scope(format!(
                    "scope `{extra}` was not granted; a refresh may only narrow the scopes ({})",
                    grant.scopes.join(" ")
                )));
            }
            asked
        }
    };
    let access = AccessGrant {
        tenant,
        client_id: &client.client_id,
        scopes: &scopes,
        username: &grant.username,
        patient: &grant.patient,
        grant: grant.id,
    };
    let (token, expires_in) = access_token(state, &access).map_err(server_error)?;
    Ok(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": scopes.join(" "),
        "refresh_token": refresh_token,
        "patient": grant.patient,
    }))
}

fn server_error(why: String) -> OAuthError {
    tracing::error!("token signing failed: {why}");
    OAuthError::server_error()
}
