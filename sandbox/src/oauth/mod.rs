//! The SMART App Launch authorization server, one per tenant (contract: "OAuth 2.0 /
//! SMART App Launch"; guide 3.4, 3.5, Appendix A and B).
//!
//! Discovery tells apps where everything is; `authorize` checks the request and walks
//! the member through the login, Interoperability Disclaimer and HIPAA Authorization
//! pages; `token` exchanges codes and refresh tokens for RS256 access tokens;
//! `introspect` and `revoke` follow RFC 7662 and 7009. Time comes from the sandbox
//! clock, so expiry is tested by moving it, not by waiting.

mod authorize;
pub mod bearer;
pub(crate) mod client_auth;
mod cookie;
mod debug;
mod discovery;
mod flow;
mod html;
mod introspect;
pub(crate) mod keys;
mod pages;
pub(crate) mod params;
mod pkce;
pub(crate) mod redirect;
pub mod smart_scopes;
pub mod throttle;
mod token;
pub mod tokens;
mod userinfo;
pub mod verified;

pub(crate) use discovery::SMART_CAPABILITIES;
pub(crate) use keys::{install_process_key, process_key};
pub(crate) use params::{fhir_base, oauth_base, tenant};

/// Largest form body the authorization server reads, for the body-limit middleware.
pub(crate) const FORM_LIMIT: usize = params::MAX_BODY;

/// An HTML error page with the pages' security headers, for refusals made before any
/// page handler ran (a body too large or too slow on `/authorize` or `/debug`).
pub(crate) fn error_page(
    status: axum::http::StatusCode,
    title: &str,
    message: &str,
    hint: Option<&str>,
) -> axum::response::Response {
    html::error(status, title, message, hint)
}

use crate::state::SandboxState;
use axum::Router;
use axum::http::{Method, header};
use axum::routing::{get, post};
use tower_http::cors::{Any, CorsLayer};

/// Browser apps read discovery and call the token endpoint from another origin.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600))
        .expose_headers([header::WWW_AUTHENTICATE])
}

/// The authorization server's routes (tenant in the path), plus `/debug`.
pub fn routes() -> Router<SandboxState> {
    let open = Router::new()
        .route(
            "/{tenant}/fhir/.well-known/smart-configuration",
            get(discovery::smart_configuration),
        )
        .route(
            "/{tenant}/fhir/.well-known/openid-configuration",
            get(discovery::openid_configuration),
        )
        .route("/{tenant}/oauth2/jwks", get(discovery::jwks))
        .route("/{tenant}/oauth2/token", post(token::token))
        .route("/{tenant}/oauth2/introspect", post(introspect::introspect))
        .route("/{tenant}/oauth2/revoke", post(introspect::revoke))
        .route(
            "/{tenant}/oauth2/userinfo",
            get(userinfo::userinfo).post(userinfo::userinfo),
        )
        // Before the CORS layer, so a preflight (`OPTIONS`) still gets its CORS answer: the
        // sandbox-wide method fallback set later would replace the layered default one.
        .method_not_allowed_fallback(crate::paths::wrong_method)
        .layer(cors());
    Router::new()
        .merge(open)
        .route(
            "/{tenant}/oauth2/authorize",
            get(authorize::get).post(authorize::post),
        )
        .route(
            "/{tenant}/oauth2/authorize/{flow}",
            get(flow::show).post(flow::answer),
        )
        .route("/debug", get(debug::get).post(debug::post))
}
