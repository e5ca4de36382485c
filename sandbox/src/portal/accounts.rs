//! Sign-up and email verification (guide 2.1 steps 1-5).

use super::auth::SignedIn;
use super::{password_policy, views};
use crate::error::{ApiError, FieldError};
use crate::extract::{JsonBody, Query};
use crate::secrets::{digest, random_token};
use crate::state::SandboxState;
use crate::store::NewAccount;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

/// The sign-up form.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    #[serde(default)]
    email: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm_password: String,
    #[serde(default)]
    accept_terms: bool,
}

fn check(form: &SignUp) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !looks_like_email(&form.email) {
        errors.push(FieldError::new(
            "email",
            "email.invalid",
            "must be an email address such as dev@example.com",
        ));
    }
    let username_ok = (3..=64).contains(&form.username.chars().count())
        && form
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !username_ok {
        errors.push(FieldError::new(
            "username",
            "username.invalid",
            "must be 3 to 64 characters: letters, digits, dot, underscore or dash",
        ));
    }
    errors.extend(password_policy::check(&form.password));
    if form.password != form.confirm_password {
        errors.push(FieldError::new(
            "confirm_password",
            "confirm_password.mismatch",
            "does not match the password",
        ));
    }
    if !form.accept_terms {
        errors.push(FieldError::new(
            "accept_terms",
            "accept_terms.required",
            "tick \"I accept the Terms of Service\" to create an account",
        ));
    }
    errors
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `POST /portal/api/accounts`.
#[utoipa::path(
    post,
    path = "/accounts",
    operation_id = "sign_up",
    tag = "portal",
    request_body = SignUp,
    responses(
        (status = 201, description = "the new account; a verification mail is in the outbox", content_type = "application/json", body = crate::openapi::AccountBody),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid,
        crate::openapi::Conflict
    )
)]
pub async fn sign_up(
    State(state): State<SandboxState>,
    JsonBody(form): JsonBody<SignUp>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let errors = check(&form);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let password_hash = state
        .config
        .password_cost
        .hash(form.password)
        .await
        .map_err(ApiError::Internal)?;
    let token = random_token(32);
    let link = format!("{}/portal/api/verify-email?token={token}", state.public_url);
    let account = state.store.create_account(
        NewAccount {
            username: form.username,
            email: form.email,
            password_hash,
            verification_digest: digest(&token),
        },
        state.clock.now(),
        |account| {
            (
                "Verify your InterOp Station email".to_owned(),
                format!(
                    "Hello {},\n\nThank you for creating an InterOp Station developer account. \
                     Confirm your email address by opening this Verify Email link:\n\n{link}\n\n\
                     If you did not sign up, ignore this message.\n",
                    account.username
                ),
            )
        },
    )?;
    Ok((StatusCode::CREATED, Json(views::account(&account))))
}

/// Query of the verification link.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    #[serde(default)]
    token: String,
}

/// `GET /portal/api/verify-email?token=...`: the link in the verification mail.
#[utoipa::path(
    get,
    path = "/verify-email",
    operation_id = "verify_email",
    tag = "portal",
    params(VerifyQuery),
    responses(
        (status = 200, description = "the email is verified (again: still verified)", content_type = "application/json", body = crate::openapi::Verification),
        (status = 404, description = "unknown verification token", content_type = "application/problem+json", body = crate::openapi::Problem),
        crate::openapi::QueryErrors,
        crate::openapi::Invalid
    )
)]
pub async fn verify_email(
    State(state): State<SandboxState>,
    Query(query): Query<VerifyQuery>,
) -> Result<Json<Value>, ApiError> {
    if query.token.is_empty() {
        return Err(ApiError::invalid(
            "token",
            "token.required",
            "open the link from the verification mail, it carries the token",
        ));
    }
    let account = state.store.verify_email(&digest(&query.token))?;
    Ok(Json(
        json!({"verified": true, "username": account.username}),
    ))
}

/// `GET /portal/api/accounts/me`: who is signed in, and whether the terms were accepted.
#[utoipa::path(
    get,
    path = "/accounts/me",
    operation_id = "my_account",
    tag = "portal",
    responses(
        (status = 200, description = "the signed-in account", content_type = "application/json", body = crate::openapi::AccountBody),
        crate::openapi::SessionErrors
    )
)]
pub async fn me(signed_in: SignedIn) -> Json<Value> {
    Json(views::account(&signed_in.account))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_need_a_local_part_and_a_dotted_domain() {
        assert!(looks_like_email("dev@example.com"));
        assert!(!looks_like_email("dev@localhost"));
        assert!(!looks_like_email("@example.com"));
        assert!(!looks_like_email("dev example@example.com"));
        assert!(!looks_like_email("dev@@example.com"));
    }
}
