//! Signing in and out (guide 2.1 step 6, 2.2), with throttling.
//!
//! Five wrong passwords in a row lock the account for fifteen minutes of sandbox
//! time; while locked even the right password is refused, so guessing gains nothing.
//! An unknown username costs the same hashing time as a wrong password and gets the
//! same answer, so sign-in does not reveal which usernames exist.

use super::apps::no_store;
use super::auth::SignedIn;
use super::views;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::passwords;
use crate::secrets::{digest, random_token};
use crate::state::SandboxState;
use crate::store::FailedSignIn;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use time::{Duration, OffsetDateTime};

/// Wrong passwords in a row that lock an account.
pub const MAX_FAILED_SIGN_INS: u32 = 5;
/// How long a lock lasts.
pub const LOCK_DURATION: Duration = Duration::minutes(15);
/// How long a session lasts.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// The sign-in form.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    username: String,
    password: String,
}

fn locked(until: OffsetDateTime, now: OffsetDateTime) -> ApiError {
    ApiError::AccountLocked {
        retry_after_seconds: (until - now).whole_seconds().max(1),
    }
}

/// `POST /portal/api/sessions`.
#[utoipa::path(
    post,
    path = "/sessions",
    operation_id = "sign_in",
    tag = "portal",
    request_body = SignIn,
    responses(
        (status = 201, description = "a session token", content_type = "application/json", body = crate::openapi::SessionBody),
        (status = 401, description = "invalid credentials", content_type = "application/problem+json", body = crate::openapi::Problem),
        (status = 403, description = "email not verified", content_type = "application/problem+json", body = crate::openapi::Problem),
        (status = 429, description = "account locked (`Retry-After` says for how long)", content_type = "application/problem+json", body = crate::openapi::Problem),
        crate::openapi::JsonBodyErrors
    )
)]
pub async fn sign_in(
    State(state): State<SandboxState>,
    JsonBody(form): JsonBody<SignIn>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let Some(account) = state.store.account_by_username(&form.username) else {
        passwords::verify(form.password, state.decoy_password_hash().await).await;
        return Err(ApiError::InvalidCredentials);
    };
    if let Some(until) = account.locked_until.filter(|u| *u > now) {
        return Err(locked(until, now));
    }
    if !passwords::verify(form.password, account.password_hash.clone()).await {
        return match state.store.note_failed_sign_in(
            account.id,
            now,
            MAX_FAILED_SIGN_INS,
            LOCK_DURATION,
        ) {
            FailedSignIn::Locked(until) => Err(locked(until, now)),
            FailedSignIn::Counted => Err(ApiError::InvalidCredentials),
        };
    }
    if !account.email_verified {
        return Err(ApiError::EmailNotVerified);
    }
    let token = random_token(32);
    let expires_at = now + SESSION_LIFETIME;
    let account = state
        .store
        .start_session(account.id, digest(&token), now, expires_at)
        .map_err(|lock| match lock {
            Some(until) => locked(until, now),
            None => ApiError::InvalidCredentials,
        })?;
    // The answer carries the session token: no browser or proxy may keep it.
    Ok(no_store(
        StatusCode::CREATED,
        json!({
            "token": token,
            "expires_at": rfc3339(expires_at),
            "account": views::account(&account),
        }),
    ))
}

/// `DELETE /portal/api/sessions/current`: signs out.
#[utoipa::path(
    delete,
    path = "/sessions/current",
    operation_id = "sign_out",
    tag = "portal",
    responses(
        (status = 204, description = "signed out"),
        crate::openapi::SessionErrors
    )
)]
pub async fn sign_out(State(state): State<SandboxState>, signed_in: SignedIn) -> StatusCode {
    state.store.end_session(&signed_in.session_digest);
    StatusCode::NO_CONTENT
}
