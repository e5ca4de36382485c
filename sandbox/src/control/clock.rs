//! `GET /_sandbox/clock`, `POST /_sandbox/clock/advance`, and `POST /_sandbox/clock/freeze`
//! and `/thaw`.

use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

/// At most ten years per advance: more is surely a unit mistake (milliseconds?).
pub const MAX_ADVANCE_SECONDS: i64 = 315_360_000;

fn now(state: &SandboxState) -> Value {
    json!({
        "now": rfc3339(state.clock.now()),
        "offset_seconds": state.clock.advanced_seconds(),
        "frozen": state.clock.is_frozen(),
    })
}

/// What time the sandbox thinks it is; answering 200 also means "ready".
#[utoipa::path(
    get,
    path = "/clock",
    operation_id = "clock",
    tag = "control",
    responses(
        (status = 200, description = "the sandbox clock", content_type = "application/json", body = crate::openapi::ClockBody)
    )
)]
pub async fn show(State(state): State<SandboxState>) -> Json<Value> {
    Json(now(&state))
}

/// Stops the clock (only advances move it) so a test that moves time is exact however
/// slowly its steps run.
#[utoipa::path(
    post,
    path = "/clock/freeze",
    operation_id = "freeze_clock",
    tag = "control",
    responses(
        (status = 200, description = "the clock, frozen", content_type = "application/json", body = crate::openapi::ClockBody)
    )
)]
pub async fn freeze(State(state): State<SandboxState>) -> Json<Value> {
    state.clock.freeze();
    Json(now(&state))
}

/// Lets a frozen clock run on from where it stood.
#[utoipa::path(
    post,
    path = "/clock/thaw",
    operation_id = "thaw_clock",
    tag = "control",
    responses(
        (status = 200, description = "the clock, running", content_type = "application/json", body = crate::openapi::ClockBody)
    )
)]
pub async fn thaw(State(state): State<SandboxState>) -> Json<Value> {
    state.clock.thaw();
    Json(now(&state))
}

/// How far to move the clock.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Advance {
    #[schema(value_type = i64, minimum = 1, maximum = 315_360_000)]
    seconds: Value,
}

/// Moves time forward so tokens, codes, sessions and locks expire without waiting.
#[utoipa::path(
    post,
    path = "/clock/advance",
    operation_id = "advance_clock",
    tag = "control",
    request_body = Advance,
    responses(
        (status = 200, description = "the clock, moved forward", content_type = "application/json", body = crate::openapi::ClockBody),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid
    )
)]
pub async fn advance(
    State(state): State<SandboxState>,
    JsonBody(body): JsonBody<Advance>,
) -> Result<Json<Value>, ApiError> {
    let seconds = body
        .seconds
        .as_i64()
        .filter(|s| (1..=MAX_ADVANCE_SECONDS).contains(s))
        .and_then(|s| u32::try_from(s).ok())
        .ok_or_else(|| {
            ApiError::invalid(
                "seconds",
                "seconds.invalid",
                format!(
                    "must be a whole number of seconds from 1 to {MAX_ADVANCE_SECONDS}; the clock only moves forward"
                ),
            )
        })?;
    state.clock.advance(seconds);
    Ok(Json(now(&state)))
}
