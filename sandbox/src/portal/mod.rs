//! The developer portal API under `/portal/api` (contract: "Portal API").
//!
//! One file per page of the portal guide: accounts and sessions (2.1), terms (2.1
//! step 7), apps and the dashboard (3.2, 3.3), the privacy policy (3.3.1-3.3.2),
//! attestations (3.3.3), production (3.7.1), tickets (1.2, 4) and the security
//! team's review. Input checks live beside them (password policy, scopes, redirect
//! URIs, PDF sniffing, questionnaire); every state change goes through the store.

mod accounts;
mod admin;
mod app_input;
mod apps;
mod attestations;
mod auth;
mod ids;
mod password_policy;
pub(crate) mod pdf;
mod privacy_policy;
mod production;
pub(crate) mod questionnaire;
pub(crate) mod redirect_uris;
pub(crate) mod scopes;
mod sessions;
mod terms;
mod tickets;
mod views;

pub use sessions::{LOCK_DURATION, MAX_FAILED_SIGN_INS, SESSION_LIFETIME};
pub use views::MASK;

use crate::error::ApiError;
use crate::state::SandboxState;
use axum::Router;
use axum::http::Uri;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The portal API's routes, to be nested under `/portal/api`, and their OpenAPI paths:
/// both come from the same `routes!` calls, so nothing is served undocumented.
pub fn routes() -> (Router<SandboxState>, OpenApi) {
    let (router, doc) = OpenApiRouter::new()
        .routes(routes!(accounts::sign_up))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::verify_email))
        .routes(routes!(sessions::sign_in))
        .routes(routes!(sessions::sign_out))
        .routes(routes!(terms::show))
        .routes(routes!(terms::accept))
        .routes(routes!(apps::list, apps::create))
        .routes(routes!(apps::dashboard, apps::update, apps::delete))
        .routes(routes!(
            privacy_policy::upload,
            privacy_policy::view,
            privacy_policy::remove
        ))
        .routes(routes!(privacy_policy::submit))
        .routes(routes!(privacy_policy::attest))
        .routes(routes!(attestations::submit))
        .routes(routes!(production::register, production::remove))
        .routes(routes!(attestations::questions))
        .routes(routes!(attestations::list))
        .routes(routes!(tickets::list, tickets::open))
        .routes(routes!(admin::list))
        .routes(routes!(admin::review))
        .routes(routes!(admin::tickets))
        .routes(routes!(crate::openapi::serve))
        .split_for_parts();
    let router = router
        .fallback(no_route)
        .method_not_allowed_fallback(method_not_allowed);
    (router, doc)
}

/// Unknown paths answer problem+json like everything else.
pub async fn no_route(uri: Uri) -> ApiError {
    ApiError::NoRoute(uri.path().to_owned())
}

/// Known paths with a method they do not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
