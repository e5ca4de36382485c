//! `POST /_sandbox/reset`: back to the seeded state.

use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

/// Forgets every account, app, ticket, mail and logged request, the clock's advances and
/// the faults added through the API (the `--fault` ones come back).
#[utoipa::path(
    post,
    path = "/reset",
    operation_id = "reset",
    tag = "control",
    responses(
        (status = 200, description = "back to the seeded state", content_type = "application/json", body = crate::openapi::ResetBody)
    )
)]
pub async fn reset(State(state): State<SandboxState>) -> Json<Value> {
    state.reset();
    tracing::info!("sandbox reset to its seeded state");
    Json(json!({"reset": true}))
}
