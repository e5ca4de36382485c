//! Security attestations as the developer sees them (guide 3.3.3).

use super::auth::{Developer, OwnApp};
use super::privacy_policy::Answers;
use super::{ids, questionnaire, views};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// `GET /portal/api/attestation-questions`: what both attestation pages ask.
#[utoipa::path(
    get,
    path = "/attestation-questions",
    operation_id = "attestation_questions",
    tag = "portal",
    responses(
        (status = 200, description = "the privacy and security questionnaires", content_type = "application/json", body = crate::openapi::AttestationQuestions)
    )
)]
pub async fn questions() -> Json<Value> {
    Json(json!({
        "privacy": questionnaire::PRIVACY,
        "security": questionnaire::SECURITY,
    }))
}

/// `POST /portal/api/apps/{id}/security-attestation`: submit, or resubmit after `issue`.
#[utoipa::path(
    post,
    path = "/apps/{id}/security-attestation",
    operation_id = "security_attestation",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    request_body(
        content = crate::portal::privacy_policy::Answers,
        content_type = "application/json",
        example = crate::openapi::examples::security_attestation
    ),
    responses(
        (status = 201, description = "a pending attestation and its help-desk ticket", content_type = "application/json", body = crate::openapi::AttestationBody, links(
            ("review_attestation" = (operation_id = "review_attestation", parameters(("id" = "$response.body#/id")), description = "the security team reviews it (admin token)")),
            ("app_dashboard" = (operation_id = "app_dashboard", parameters(("id" = "$response.body#/app_id")), description = "the app's dashboard shows it pending"))
        )),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid,
        crate::openapi::OwnAppErrors,
        crate::openapi::Conflict
    )
)]
pub async fn submit(
    State(state): State<SandboxState>,
    own: OwnApp,
    JsonBody(body): JsonBody<Answers>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let answers = questionnaire::check(questionnaire::SECURITY, &body.answers)
        .map_err(ApiError::Validation)?;
    let attestation = state.store.submit_security_attestation(
        own.account.id,
        own.id(),
        answers,
        state.clock.now(),
    )?;
    Ok((StatusCode::CREATED, Json(views::attestation(&attestation))))
}

/// `GET /portal/api/attestations`: the Attestation Requests page.
#[utoipa::path(
    get,
    path = "/attestations",
    operation_id = "list_attestations",
    tag = "portal",
    responses(
        (status = 200, description = "the caller's attestations, newest first", content_type = "application/json", body = crate::openapi::AttestationList),
        crate::openapi::DeveloperErrors
    )
)]
pub async fn list(State(state): State<SandboxState>, Developer(account): Developer) -> Json<Value> {
    let list: Vec<Value> = state
        .store
        .attestations(Some(account.id), None)
        .iter()
        .map(views::attestation)
        .collect();
    Json(json!({"attestations": list}))
}

/// Path id of an attestation, parsed for the admin routes.
pub fn parse(raw: &str) -> Result<u64, ApiError> {
    ids::parse_attestation(raw)
}
