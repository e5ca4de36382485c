//! An offline, fast, faithful mock of a payer's SMART-on-FHIR developer portal.
//!
//! The sandbox models the InterOp Station third-party developer portal described in
//! its user guide: developers sign up, verify their email, accept the terms, register
//! SMART apps, upload a privacy policy, pass a security attestation reviewed by the
//! security team, and register in production. A control API moves the clock, shows
//! the mails it would have sent and resets it, so tests never wait or reach out.
//!
//! # Serving it
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let config = sandbox::SandboxConfig {
//!     admin_token: Some("security-team".into()),
//!     ..Default::default()
//! };
//! let running = sandbox::start(config, "127.0.0.1:0".parse().unwrap()).await?;
//! println!("portal API at {}/portal/api", running.base_url());
//! running.stop().await
//! # }
//! ```
//!
//! # Testing against it without a socket
//!
//! [`app`] returns the whole sandbox as one axum `Router`, so a test can drive it with
//! `tower::ServiceExt::oneshot`:
//!
//! ```
//! # use tower::ServiceExt;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let state = sandbox::SandboxState::new(Default::default(), "http://localhost".into());
//! let response = sandbox::app(state)
//!     .oneshot(axum::http::Request::get("/_sandbox/clock").body(axum::body::Body::empty()).unwrap())
//!     .await
//!     .unwrap();
//! assert_eq!(response.status(), 200);
//! # }
//! ```
//!
//! # Where things live
//!
//! - `portal`: one module per page of the portal guide, plus the input checks;
//! - `control`: the `/_sandbox` API;
//! - [`faults`]: simulated latency, error statuses, malformed bodies, dropped connections;
//! - `store`: the one [`Store`] every state change goes through;
//! - `clock`: the [`Clock`] every timestamp comes from;
//! - `error`: how refusals become problem+json, in one place;
//! - `limits`: how large a request body may be and how long it may take, per route;
//! - `headers`: what every answer carries (`nosniff`).

mod clock;
mod config;
mod control;
mod directory;
mod error;
mod extract;
pub mod faults;
mod fhir;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
mod headers;
mod limits;
mod oauth;
pub mod openapi;
mod passwords;
mod paths;
mod patient_access;
mod portal;
mod request_log;
mod secrets;
mod seed;
mod server;
mod state;
mod store;
mod sweep;
mod tenants;

pub use clock::Clock;
pub use config::{BODY_READ_TIMEOUT, HEADER_READ_TIMEOUT, SandboxConfig};
pub use error::{ApiError, FieldError, OAuthError};
pub use fhir::data::Seeded;
pub use fhir::definition::{Api, ParamDef, ParamKind, ResourceDef};
pub use passwords::PasswordCost;
pub use portal::{LOCK_DURATION, MASK, MAX_FAILED_SIGN_INS, SESSION_LIFETIME};
pub use secrets::random_token;
pub use seed::for_each_resource;
pub use seed::scale::{DEFAULT_PRACTITIONERS, DirectoryScale};
pub use server::{RunningSandbox, start};
pub use state::SandboxState;
pub use store::{DATABASE_FILE, KEYS_DIR, PersistError, Store};
pub use tenants::{Environment, OAuthSettings, Tenant, Tenants, TenantsError};

use axum::Router;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;

/// Every resource type the tenant FHIR APIs serve, Patient Access types first, then the
/// Provider Directory's, each with its search parameters and `_include`s: the same table
/// the search engine and the CapabilityStatement run on. Read-only, so tools built beside
/// the sandbox (the harness's Postman collection) derive from what is served instead of
/// keeping a second list that could drift.
pub fn served_types() -> impl Iterator<Item = &'static ResourceDef> {
    fhir::types::all()
}

/// The whole sandbox as one router: what `conform serve` serves and tests call directly.
pub fn app(state: SandboxState) -> Router {
    let (portal, control, document) = api_routes();
    Router::new()
        .nest("/portal/api", portal)
        .nest("/_sandbox", control)
        .merge(oauth::routes())
        .merge(fhir::routes())
        .fallback(paths::no_route)
        .method_not_allowed_fallback(paths::wrong_method)
        .layer(axum::middleware::from_fn(paths::refuse_undecodable))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::bodies,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            sweep::forget_expired,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::apply,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            request_log::record,
        ))
        .layer(CatchPanicLayer::custom(panic_to_problem))
        .layer(axum::middleware::map_response(headers::baseline))
        .layer(axum::Extension(openapi::Served(std::sync::Arc::new(
            document,
        ))))
        .with_state(state)
}

/// The portal and control routers and the OpenAPI document built from them.
fn api_routes() -> (
    Router<SandboxState>,
    Router<SandboxState>,
    serde_json::Value,
) {
    let (portal, portal_doc) = portal::routes();
    let (control, control_doc) = control::routes();
    let generated = openapi::base()
        .nest("/portal/api", portal_doc)
        .nest("/_sandbox", control_doc);
    (portal, control, openapi::document(&generated))
}

/// The OpenAPI 3.1 document of the portal and control APIs, exactly as
/// `GET /portal/api/openapi.json` serves it: for tools (and tests) that want it without
/// a running sandbox.
pub fn openapi_document() -> serde_json::Value {
    api_routes().2
}

/// A panic is a defect of ours: the client gets a 500 problem, never a dropped connection.
fn panic_to_problem(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Internal("a handler panicked".into()).into_response()
}
