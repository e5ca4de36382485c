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
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    #[serde(default)]
    pub answers: Value,
}

/// `POST /portal/api/apps/{id}/privacy-attestation`: answers never block.
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
