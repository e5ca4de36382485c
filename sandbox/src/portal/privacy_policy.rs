//! The privacy policy tile: upload, view, remove, submit (guide 3.3.1), and the
//! privacy attestation (guide 3.3.2).

use super::auth::OwnApp;
use super::{pdf, questionnaire, views};
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::extract::{JsonBody, RawBody};
use crate::secrets::sha256_hex;
use crate::state::SandboxState;
use crate::store::records::PrivacyPolicy;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

/// `PUT /portal/api/apps/{id}/privacy-policy`: body is the PDF.
#[utoipa::path(
    put,
    path = "/apps/{id}/privacy-policy",
    operation_id = "upload_privacy_policy",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    request_body(content = crate::openapi::PdfBytes, content_type = "application/pdf", description = "the PDF bytes; `Content-Disposition: attachment; filename=...` names it"),
    responses(
        (status = 200, description = "the policy replaced the earlier one", content_type = "application/json", body = crate::openapi::PrivacyPolicyStatus, links(
            ("view_privacy_policy" = (operation_id = "view_privacy_policy", parameters(("id" = "$request.path.id")), description = "view the PDF just uploaded")),
            ("submit_privacy_policy" = (operation_id = "submit_privacy_policy", parameters(("id" = "$request.path.id")), description = "submit it")),
            ("remove_privacy_policy" = (operation_id = "remove_privacy_policy", parameters(("id" = "$request.path.id")), description = "remove it"))
        )),
        (status = 201, description = "the first policy is uploaded", content_type = "application/json", body = crate::openapi::PrivacyPolicyStatus, links(
            ("view_privacy_policy" = (operation_id = "view_privacy_policy", parameters(("id" = "$request.path.id")), description = "view the PDF just uploaded")),
            ("submit_privacy_policy" = (operation_id = "submit_privacy_policy", parameters(("id" = "$request.path.id")), description = "submit it")),
            ("remove_privacy_policy" = (operation_id = "remove_privacy_policy", parameters(("id" = "$request.path.id")), description = "remove it"))
        )),
        (status = 413, description = "payload too large (10 MiB)", content_type = "application/problem+json", body = crate::openapi::Problem),
        (status = 415, description = "not application/pdf", content_type = "application/problem+json", body = crate::openapi::Problem),
        (status = 422, description = "not a PDF, or a truncated one", content_type = "application/problem+json", body = crate::openapi::Problem),
        crate::openapi::OwnAppErrors,
        crate::openapi::Conflict
    )
)]
pub async fn upload(
    State(state): State<SandboxState>,
    own: OwnApp,
    body: RawBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if !pdf::is_pdf_media_type(body.content_type.as_deref()) {
        return Err(ApiError::UnsupportedMediaType {
            expected: "application/pdf (the privacy policy must be a PDF)",
            got: body.content_type,
        });
    }
    pdf::sniff(&body.bytes).map_err(|e| ApiError::Validation(vec![e]))?;
    let disposition = body
        .headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok());
    let policy = PrivacyPolicy {
        filename: pdf::filename(disposition),
        sha256: sha256_hex(&body.bytes),
        bytes: body.bytes,
        uploaded_at: state.clock.now(),
        submitted_at: None,
    };
    let (policy, replaced) = state
        .store
        .put_privacy_policy(own.account.id, own.id(), policy)?;
    let status = if replaced {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(views::privacy_policy(Some(&policy)))))
}

/// `GET /portal/api/apps/{id}/privacy-policy`: the PDF back ("View").
#[utoipa::path(
    get,
    path = "/apps/{id}/privacy-policy",
    operation_id = "view_privacy_policy",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    responses(
        (status = 200, description = "the uploaded PDF", content_type = "application/pdf", body = crate::openapi::PdfBytes),
        crate::openapi::OwnAppErrors
    )
)]
pub async fn view(own: OwnApp) -> Result<Response, ApiError> {
    let policy = own
        .snapshot
        .app
        .privacy_policy
        .ok_or(ApiError::NotFound("privacy policy"))?;
    let disposition = format!("inline; filename=\"{}\"", policy.filename.replace('"', ""));
    let mut response = policy.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `DELETE /portal/api/apps/{id}/privacy-policy` ("Remove").
#[utoipa::path(
    delete,
    path = "/apps/{id}/privacy-policy",
    operation_id = "remove_privacy_policy",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    responses(
        (status = 204, description = "the policy is removed"),
        crate::openapi::OwnAppErrors,
        crate::openapi::Conflict
    )
)]
pub async fn remove(
    State(state): State<SandboxState>,
    own: OwnApp,
) -> Result<StatusCode, ApiError> {
    state
        .store
        .delete_privacy_policy(own.account.id, own.id(), state.clock.now())
        .map_err(|e| match e {
            crate::store::StoreError::NoPolicy => ApiError::NotFound("privacy policy"),
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /portal/api/apps/{id}/privacy-policy/submit`.
#[utoipa::path(
    post,
    path = "/apps/{id}/privacy-policy/submit",
    operation_id = "submit_privacy_policy",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    responses(
        (status = 200, description = "the policy is submitted", content_type = "application/json", body = crate::openapi::PrivacyPolicyStatus, links(
            ("view_privacy_policy" = (operation_id = "view_privacy_policy", parameters(("id" = "$request.path.id")), description = "view the submitted PDF")),
            ("register_production" = (operation_id = "register_production", parameters(("id" = "$request.path.id")), request_body = crate::openapi::examples::production_registration, description = "register the app in production once its security attestation is approved"))
        )),
        crate::openapi::OwnAppErrors,
        crate::openapi::Conflict
    )
)]
pub async fn submit(
    State(state): State<SandboxState>,
    own: OwnApp,
) -> Result<Json<Value>, ApiError> {
    let policy = state
        .store
        .submit_privacy_policy(own.account.id, own.id(), state.clock.now())?;
    Ok(Json(views::privacy_policy(Some(&policy))))
}

/// Body of both attestations.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, String>)]
    pub answers: Value,
}

/// `POST /portal/api/apps/{id}/privacy-attestation`: answers never block.
#[utoipa::path(
    post,
    path = "/apps/{id}/privacy-attestation",
    operation_id = "privacy_attestation",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    request_body(
        content = Answers,
        content_type = "application/json",
        example = crate::openapi::examples::privacy_attestation
    ),
    responses(
        (status = 201, description = "the privacy attestation is submitted", content_type = "application/json", body = crate::openapi::PrivacyAttestationStatus),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid,
        crate::openapi::OwnAppErrors,
        crate::openapi::Conflict
    )
)]
pub async fn attest(
    State(state): State<SandboxState>,
    own: OwnApp,
    JsonBody(body): JsonBody<Answers>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let answers = questionnaire::check(questionnaire::PRIVACY, &body.answers)
        .map_err(ApiError::Validation)?;
    let attestation = state.store.submit_privacy_attestation(
        own.account.id,
        own.id(),
        answers,
        state.clock.now(),
    )?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "status": "submitted",
            "submitted_at": rfc3339(attestation.submitted_at),
            "answers": attestation.answers,
        })),
    ))
}
