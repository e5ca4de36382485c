//! `/_sandbox/faults`: installing, listing and removing simulated faults.
//!
//! The rules themselves live in `crate::faults`; this is their HTTP face. Spent rules
//! stay listed (with `remaining: 0`) so a test can still read how often they fired.

use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::faults::FaultRule;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// `POST /faults`: checks and installs a rule; 201 with the rule, its id and counters.
#[utoipa::path(
    post,
    path = "/faults",
    operation_id = "create_fault",
    tag = "control",
    request_body = Object,
    responses(
        (status = 201, description = "the installed rule", content_type = "application/json", body = crate::openapi::FaultBody, links(
            ("show_fault" = (operation_id = "show_fault", parameters(("id" = "$response.body#/id")), description = "the rule and its counters")),
            ("remove_fault" = (operation_id = "remove_fault", parameters(("id" = "$response.body#/id")), description = "remove the rule"))
        )),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid
    )
)]
pub async fn create(
    State(state): State<SandboxState>,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let rule = FaultRule::from_json(&body).map_err(ApiError::Validation)?;
    let fault = state.faults.add(rule, state.clock.now());
    tracing::info!("fault {} installed: {}", fault.id, fault.to_json());
    let mut response = (StatusCode::CREATED, Json(fault.to_json())).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/_sandbox/faults/{}", fault.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /faults`: every rule, oldest first.
#[utoipa::path(
    get,
    path = "/faults",
    operation_id = "list_faults",
    tag = "control",
    responses(
        (status = 200, description = "every rule, oldest first", content_type = "application/json", body = crate::openapi::FaultList)
    )
)]
pub async fn list(State(state): State<SandboxState>) -> Json<Value> {
    let faults: Vec<Value> = state.faults.list().iter().map(|f| f.to_json()).collect();
    Json(json!({"faults": faults}))
}

/// `GET /faults/{id}`: one rule with its counters.
#[utoipa::path(
    get,
    path = "/faults/{id}",
    operation_id = "show_fault",
    tag = "control",
    params(("id" = String, Path, description = "the fault id")),
    responses(
        (status = 200, description = "the rule", content_type = "application/json", body = crate::openapi::FaultBody),
        (status = 404, description = "no such fault", content_type = "application/problem+json", body = crate::openapi::Problem)
    )
)]
pub async fn show(
    State(state): State<SandboxState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    state
        .faults
        .get(&id)
        .map(|f| Json(f.to_json()))
        .ok_or(ApiError::UnknownFault(id))
}

/// `DELETE /faults/{id}`: the route answers normally again; 204.
#[utoipa::path(
    delete,
    path = "/faults/{id}",
    operation_id = "remove_fault",
    tag = "control",
    params(("id" = String, Path, description = "the fault id")),
    responses(
        (status = 204, description = "the rule is removed"),
        (status = 404, description = "no such fault", content_type = "application/problem+json", body = crate::openapi::Problem)
    )
)]
pub async fn remove(
    State(state): State<SandboxState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if state.faults.remove(&id) {
        tracing::info!("fault {id} removed");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::UnknownFault(id))
    }
}

/// `DELETE /faults`: every rule goes, the command line's included; 204.
#[utoipa::path(
    delete,
    path = "/faults",
    operation_id = "clear_faults",
    tag = "control",
    responses(
        (status = 204, description = "every rule is removed")
    )
)]
pub async fn clear(State(state): State<SandboxState>) -> StatusCode {
    let removed = state.faults.clear();
    tracing::info!("{removed} faults removed");
    StatusCode::NO_CONTENT
}
