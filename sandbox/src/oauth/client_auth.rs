//! Client authentication at the token, introspection and revocation endpoints, exactly
//! as the client was registered (guide 3.2 b): confidential-basic with an HTTP Basic
//! header only, confidential-forms with `client_id` and `client_secret` in the body
//! only, public with `client_id` alone. A client of the other environment is refused
//! with a description that says which environment it belongs to (guide 3.7.2.1).

use super::params::Params;
use crate::error::OAuthError;
use crate::state::SandboxState;
use crate::store::RegisteredClient;
use crate::store::records::ClientType;
use crate::tenants::{Environment, Tenant};
use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// `client_id` and secret from an `Authorization: Basic` header (RFC 6749 2.3.1: each
/// form-urlencoded before base64).
pub(crate) fn basic_credentials(
    headers: &HeaderMap,
) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let bad = |why: &str| {
        OAuthError::invalid_client_basic(format!(
            "the Authorization header is not valid HTTP Basic ({why}); send `Basic base64(client_id:client_secret)`"
        ))
    };
    let value = value.to_str().map_err(|_| bad("it is not text"))?;
    let (scheme, encoded) = value.split_once(' ').ok_or_else(|| bad("no scheme"))?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(bad(&format!("scheme `{scheme}` instead of Basic")));
    }
    let decoded = STANDARD
        .decode(encoded.trim())
        .map_err(|_| bad("not base64"))?;
    let text = String::from_utf8(decoded).map_err(|_| bad("not UTF-8"))?;
    let (id, secret) = text.split_once(':').ok_or_else(|| bad("no colon"))?;
    // One form-urlencoded component each: `+` is a space and `%XX` a byte, while `&`
    // and `=` are data (a client that did not encode them meant them), not separators.
    let unescape = |s: &str| {
        form_urlencoded::parse(format!("v={}", s.replace('&', "%26")).as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok(Some((unescape(id), unescape(secret))))
}

fn environment_note(env: Environment) -> &'static str {
    match env {
        Environment::Development => "development tenants such as dev1",
        Environment::Production => "production tenants such as bcbsm, mhp, mdw and mdhhs",
    }
}

/// The authenticated client, or the RFC 6749 error that says what to change.
pub fn authenticate(
    state: &SandboxState,
    tenant: &Tenant,
    headers: &HeaderMap,
    params: &Params,
) -> Result<RegisteredClient, OAuthError> {
    let basic = basic_credentials(headers)?;
    let body_id = params.get("client_id");
    let body_secret = params.get("client_secret");
    if let (Some((id, _)), Some(body_id)) = (&basic, body_id)
        && id != body_id
    {
        return Err(OAuthError::invalid_client(
            "the client_id in the body differs from the one in the Basic header",
        ));
    }
    let client_id = basic
        .as_ref()
        .map(|(id, _)| id.as_str())
        .or(body_id)
        .ok_or_else(|| {
            OAuthError::invalid_client(
                "no client identified: send client_id (and the secret as the app was registered)",
            )
        })?;
    let unknown = format!("client_id `{client_id}` is not registered on this portal");
    let Some(client) = state.store.client(client_id) else {
        return Err(if basic.is_some() {
            OAuthError::invalid_client_basic(unknown)
        } else {
            OAuthError::invalid_client(unknown)
        });
    };
    if client.environment != tenant.environment {
        return Err(OAuthError::invalid_client(format!(
            "client `{client_id}` is a {} client: it is accepted only by {}, not by the {} tenant {}",
            client.environment,
            environment_note(client.environment),
            tenant.environment,
            tenant.id
        )));
    }
    match client.client_type {
        ClientType::ConfidentialBasic => {
            if body_secret.is_some() {
                return Err(OAuthError::invalid_client(
                    "this client is registered as Confidential - Basic Auth (client_secret_basic): \
                     send the secret in an Authorization: Basic header, not in the body",
                ));
            }
            let Some((_, secret)) = basic else {
                return Err(OAuthError::invalid_client(
                    "this client is registered as Confidential - Basic Auth (client_secret_basic): \
                     send `Authorization: Basic base64(client_id:client_secret)`",
                ));
            };
            if !client.secret.matches(&secret) {
                return Err(OAuthError::invalid_client_basic(
                    "the client secret is wrong",
                ));
            }
        }
        ClientType::ConfidentialForms => {
            if basic.is_some() {
                return Err(OAuthError::invalid_client_basic(
                    "this client is registered as Confidential - Forms Auth (client_secret_post): \
                     send client_id and client_secret in the body, not in a Basic header",
                ));
            }
            let secret = body_secret.ok_or_else(|| {
                OAuthError::invalid_client(
                    "this client is registered as Confidential - Forms Auth (client_secret_post): \
                     send client_secret in the body",
                )
            })?;
            if !client.secret.matches(secret) {
                return Err(OAuthError::invalid_client("the client secret is wrong"));
            }
        }
        ClientType::Public => {
            if basic.is_some() || body_secret.is_some() {
                return Err(OAuthError::invalid_client(
                    "this client is registered as Public: it has no secret; send client_id alone \
                     (and the PKCE code_verifier when exchanging a code)",
                ));
            }
        }
    }
    Ok(client)
}

#[cfg(test)]
mod fuzz;
