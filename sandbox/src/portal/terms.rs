//! The Terms of Service gate (guide 2.1 step 7): nothing else works until it is accepted.

use super::auth::SignedIn;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

/// Version of the terms a developer accepts.
pub const VERSION: &str = "2026-01";

const TEXT: &str = "By using the InterOp Station sandbox you agree to use only synthetic data, \
to keep your client credentials confidential, and to follow the privacy and security policies \
that govern access to member data.";

/// `GET /portal/api/terms`.
#[utoipa::path(
    get,
    path = "/terms",
    operation_id = "terms",
    tag = "portal",
    responses(
        (status = 200, description = "the terms of use", content_type = "application/json", body = crate::openapi::TermsBody)
    )
)]
pub async fn show() -> Json<Value> {
    Json(json!({"version": VERSION, "text": TEXT}))
}

/// `POST /portal/api/terms/accept`.
#[utoipa::path(
    post,
    path = "/terms/accept",
    operation_id = "accept_terms",
    tag = "portal",
    responses(
        (status = 200, description = "the terms are accepted", content_type = "application/json", body = crate::openapi::TermsAcceptance),
        crate::openapi::SessionErrors
    )
)]
pub async fn accept(
    State(state): State<SandboxState>,
    signed_in: SignedIn,
) -> Result<Json<Value>, ApiError> {
    let account = state
        .store
        .accept_terms(signed_in.account.id, state.clock.now())?;
    let accepted_at = account.terms_accepted_at.map(rfc3339);
    Ok(Json(json!({
        "terms_accepted": true,
        "version": VERSION,
        "accepted_at": accepted_at,
    })))
}
