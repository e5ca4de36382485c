//! `GET /_sandbox/requests`: the recent request log.

use crate::error::ApiError;
use crate::extract::Query;
use crate::request_log::CAPACITY;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

/// `?limit=N`, at most the log's capacity.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Limit {
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<usize>,
}

/// The most recent requests, newest first.
#[utoipa::path(
    get,
    path = "/requests",
    operation_id = "request_log",
    tag = "control",
    params(Limit),
    responses(
        (status = 200, description = "the recent requests, newest first", content_type = "application/json", body = crate::openapi::RequestLog),
        crate::openapi::QueryErrors
    )
)]
pub async fn list(
    State(state): State<SandboxState>,
    Query(query): Query<Limit>,
) -> Result<Json<Value>, ApiError> {
    let limit = query.limit.unwrap_or(100);
    if limit == 0 || limit > CAPACITY {
        return Err(ApiError::MalformedQuery(format!(
            "`limit` must be from 1 to {CAPACITY}"
        )));
    }
    Ok(Json(json!({"requests": state.requests.recent(limit)})))
}
