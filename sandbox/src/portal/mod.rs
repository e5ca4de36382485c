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
mod pdf;
mod privacy_policy;
mod production;
mod questionnaire;
mod redirect_uris;
mod scopes;
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
use axum::routing::{get, post, put};

/// The portal API's routes, to be nested under `/portal/api`.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/accounts", post(accounts::sign_up))
        .route("/accounts/me", get(accounts::me))
        .route("/verify-email", get(accounts::verify_email))
        .route("/sessions", post(sessions::sign_in))
        .route(
            "/sessions/current",
            axum::routing::delete(sessions::sign_out),
        )
        .route("/terms", get(terms::show))
        .route("/terms/accept", post(terms::accept))
        .route("/apps", get(apps::list).post(apps::create))
        .route(
            "/apps/{id}",
            get(apps::dashboard)
                .patch(apps::update)
                .delete(apps::delete),
        )
        .route(
            "/apps/{id}/privacy-policy",
            put(privacy_policy::upload)
                .get(privacy_policy::view)
                .delete(privacy_policy::remove),
        )
        .route(
            "/apps/{id}/privacy-policy/submit",
            post(privacy_policy::submit),
        )
        .route(
            "/apps/{id}/privacy-attestation",
            post(privacy_policy::attest),
        )
        .route(
            "/apps/{id}/security-attestation",
            post(attestations::submit),
        )
        .route(
            "/apps/{id}/production",
            post(production::register).delete(production::remove),
        )
        .route("/attestation-questions", get(attestations::questions))
        .route("/attestations", get(attestations::list))
        .route("/tickets", get(tickets::list).post(tickets::open))
        .route("/admin/attestations", get(admin::list))
        .route("/admin/attestations/{id}/review", post(admin::review))
        .route("/admin/tickets", get(admin::tickets))
        .fallback(no_route)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Unknown paths answer problem+json like everything else.
pub async fn no_route(uri: Uri) -> ApiError {
    ApiError::NoRoute(uri.path().to_owned())
}

/// Known paths with a method they do not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
