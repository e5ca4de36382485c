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
#[derive(Deserialize)]
pub struct Limit {
    limit: Option<usize>,
}

/// The most recent requests, newest first.
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
