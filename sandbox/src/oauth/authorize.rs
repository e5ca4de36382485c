//! `/{tenant}/oauth2/authorize`: checking the request, then the member's pages
//! (guide 3.4 steps 3 to 5, Appendix B).
//!
//! Until the client and its redirect URI are verified, every problem is an HTML page
//! that never redirects; after that, problems go back to the app as RFC 6749 4.1.2.1
//! errors with an `error_description` naming the parameter and what to change.

use super::params::{Params, fhir_base, tenant};
use super::{cookie, html, pkce, redirect, smart_scopes};
use crate::error::OAuthError;
use crate::secrets::{digest, random_token};
use crate::state::SandboxState;
use crate::store::{AuthorizationFlow, FlowStep, ResponseMode};
use crate::tenants::Tenant;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::{Duration, OffsetDateTime};

/// How long a member has to get through the pages.
pub const FLOW_LIFETIME: Duration = Duration::minutes(10);

/// `GET /{tenant}/oauth2/authorize?...`.
pub async fn get(
    State(state): State<SandboxState>,
    Path(tenant_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    start(
        &state,
        &tenant_id,
        Params::parse(query.unwrap_or_default().as_bytes()),
    )
}

/// `POST /{tenant}/oauth2/authorize` with a form body (OpenID Connect allows both).
pub async fn post(
    State(state): State<SandboxState>,
    Path(tenant_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    start(&state, &tenant_id, Params::from_form(&headers, &body))
}

fn start(state: &SandboxState, tenant_id: &str, params: Result<Params, OAuthError>) -> Response {
    let Some(tenant) = tenant(state, tenant_id) else {
        return html::error(
            StatusCode::NOT_FOUND,
            "Unknown tenant",
            &format!("No tenant `{tenant_id}` is served here."),
            Some("Use one of the tenants listed in the portal's document library, e.g. dev1."),
        );
    };
    let params = match params {
        Ok(p) => p,
        Err(e) => {
            return html::error(
                StatusCode::BAD_REQUEST,
                "Invalid authorization request",
                &e.description,
                None,
            );
        }
    };
    // Step 1: the client and its redirect URI, before anything may be redirected.
    let Some(client_id) = params.get("client_id") else {
        return html::error(
            StatusCode::BAD_REQUEST,
            "Missing client_id",
            "The authorization request has no client_id.",
            Some("Copy the Client ID from the app's dashboard (App Credentials)."),
        );
    };
    let Some(client) = state.store.client(client_id) else {
        return html::error(
            StatusCode::BAD_REQUEST,
            "Unknown client",
            &format!("No app is registered with client_id `{client_id}`."),
            Some(
                "Copy the Client ID from the app's dashboard; a deleted app's client stops working.",
            ),
        );
    };
    if client.environment != tenant.environment {
        return html::error(
            StatusCode::BAD_REQUEST,
            "Wrong environment",
            &format!(
                "Client `{client_id}` is a {} client, and {} is a {} tenant.",
                client.environment, tenant.id, tenant.environment
            ),
            Some(
                "Development clients connect to development tenants (dev1); production clients to the payers' tenants (guide 3.7.2.1).",
            ),
        );
    }
    let Some(redirect_uri) = params.get("redirect_uri") else {
        return html::error(
            StatusCode::BAD_REQUEST,
            "Missing redirect_uri",
            "The authorization request has no redirect_uri.",
            Some("Send one of the Callback URLs / Redirect URIs registered for the app."),
        );
    };
    if !redirect::registered(&client.redirect_uris, redirect_uri) {
        return html::error(
            StatusCode::BAD_REQUEST,
            "Unregistered redirect URI",
            &format!(
                "`{redirect_uri}` is not registered for this app; registered: {}.",
                client.redirect_uris.join(", ")
            ),
            Some(
                "Redirect URIs must match exactly, character for character (a trailing slash counts). Add it on the dashboard or send a registered one.",
            ),
        );
    }
    let back = redirect::Back {
        redirect_uri: redirect_uri.to_owned(),
        state: params.get("state").map(str::to_owned),
        mode: if params.get("response_mode") == Some("form_post") {
            ResponseMode::FormPost
        } else {
            ResponseMode::Query
        },
    };
    // Step 2: everything else goes back to the app as an error.
    match check(state, tenant, &client, &params) {
        Err(e) => back.error(e.code, &e.description),
        Ok(checked) => begin(state, tenant, client, back, checked),
    }
}

struct Checked {
    scopes: Vec<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
}

fn check(
    state: &SandboxState,
    tenant: &Tenant,
    client: &crate::store::RegisteredClient,
    params: &Params,
) -> Result<Checked, OAuthError> {
    match params.get("response_type") {
        None => {
            return Err(OAuthError::invalid_request(
                "parameter `response_type` is missing: send response_type=code",
            ));
        }
        Some("code") => {}
        Some(other) => {
            return Err(OAuthError::unsupported_response_type(format!(
                "response_type `{other}` is not offered: only the authorization code flow (response_type=code) is"
            )));
        }
    }
    match params.get("response_mode") {
        None | Some("query") | Some("form_post") => {}
        Some(other) => {
            return Err(OAuthError::invalid_request(format!(
                "response_mode `{other}` is not offered: use query (the guide's choice) or form_post"
            )));
        }
    }
    let settings = &tenant.oauth;
    if settings.require_state && params.get("state").is_none() {
        return Err(OAuthError::invalid_request(
            "parameter `state` is missing: send a random value and check it comes back (guide 3.4 e: it cannot be left blank)",
        ));
    }
    let nonce = params.get("nonce").map(str::to_owned);
    if settings.require_nonce && nonce.is_none() {
        return Err(OAuthError::invalid_request(
            "parameter `nonce` is missing: send a new random value with every request (guide 3.4 f)",
        ));
    }
    let requested: Vec<String> = params
        .get("scope")
        .ok_or_else(|| {
            OAuthError::invalid_scope(
                "parameter `scope` is missing: send the scopes registered for the app, space-separated",
            )
        })?
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    for scope in &requested {
        if !smart_scopes::permits(&tenant.scopes, scope) {
            return Err(OAuthError::invalid_scope(format!(
                "scope `{scope}` is not accepted by tenant {} (see its CapabilityStatement)",
                tenant.id
            )));
        }
        if !smart_scopes::permits(&client.scopes, scope) {
            return Err(OAuthError::invalid_scope(format!(
                "scope `{scope}` is not registered for this app (registered: {}); add it on the dashboard or stop requesting it",
                client.scopes.join(" ")
            )));
        }
    }
    if let Some(aud) = params.get("aud") {
        let expected = fhir_base(state, &tenant.id);
        if aud.trim_end_matches('/') != expected {
            return Err(OAuthError::invalid_request(format!(
                "parameter `aud` is `{aud}`, but this server's FHIR base is `{expected}`"
            )));
        }
    }
    let code_challenge = pkce::check_challenge(params, client.client_type)?;
    if let Some(n) = &nonce
        && !state.store.use_nonce(
            &tenant.id,
            &client.client_id,
            n,
            nonce_remembered_until(state, tenant),
        )
    {
        return Err(OAuthError::invalid_request(
            "parameter `nonce` was already used by this client: send a new random value with every request (guide 3.4 f)",
        ));
    }
    Ok(Checked {
        scopes: requested,
        nonce,
        code_challenge,
    })
}

/// A nonce binds the ID token of the code this flow ends in, so it is remembered until
/// the last such token could expire: the flow, then the code, then the token's life.
fn nonce_remembered_until(state: &SandboxState, tenant: &Tenant) -> OffsetDateTime {
    state.clock.now()
        + FLOW_LIFETIME
        + Duration::seconds(i64::from(tenant.oauth.code_seconds))
        + Duration::seconds(i64::from(tenant.oauth.access_token_seconds))
}

fn begin(
    state: &SandboxState,
    tenant: &Tenant,
    client: crate::store::RegisteredClient,
    back: redirect::Back,
    checked: Checked,
) -> Response {
    let browser = random_token(24);
    let flow = AuthorizationFlow {
        id: random_token(18),
        tenant: tenant.id.clone(),
        client,
        redirect_uri: back.redirect_uri,
        scopes: checked.scopes,
        state: back.state,
        nonce: checked.nonce,
        code_challenge: checked.code_challenge,
        response_mode: back.mode,
        browser: digest(&browser),
        csrf: random_token(18),
        step: FlowStep::Login,
        member: None,
        expires_at: state.clock.now() + FLOW_LIFETIME,
    };
    let mut response = super::flow::render(state, tenant, &flow, None);
    state.store.start_flow(flow);
    if let Some(cookie) = cookie::set(&tenant.id, &browser) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response.into_response()
}
