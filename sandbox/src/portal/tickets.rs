//! Help-desk tickets a developer can see and open (guide 1.2 and section 4).

use super::auth::Developer;
use super::views;
use crate::error::{ApiError, FieldError};
use crate::extract::JsonBody;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

/// A developer's own ticket, e.g. "tests are failing in the development environment".
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 4)]
    severity: Option<Value>,
}

/// `GET /portal/api/tickets`.
#[utoipa::path(
    get,
    path = "/tickets",
    operation_id = "list_tickets",
    tag = "portal",
    responses(
        (status = 200, description = "the caller's help-desk tickets", content_type = "application/json", body = crate::openapi::TicketList),
        crate::openapi::DeveloperErrors
    )
)]
pub async fn list(State(state): State<SandboxState>, Developer(account): Developer) -> Json<Value> {
    let list: Vec<Value> = state
        .store
        .tickets(Some(account.id))
        .iter()
        .map(views::ticket)
        .collect();
    Json(json!({"tickets": list}))
}

/// `POST /portal/api/tickets`.
#[utoipa::path(
    post,
    path = "/tickets",
    operation_id = "open_ticket",
    tag = "portal",
    request_body = NewTicket,
    responses(
        (status = 201, description = "the new ticket", content_type = "application/json", body = crate::openapi::TicketBody),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid,
        crate::openapi::DeveloperErrors
    )
)]
pub async fn open(
    State(state): State<SandboxState>,
    Developer(account): Developer,
    JsonBody(form): JsonBody<NewTicket>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let mut errors = Vec::new();
    let subject = form.subject.trim().to_owned();
    if subject.is_empty() || subject.chars().count() > 200 {
        errors.push(FieldError::new(
            "subject",
            "subject.required",
            "give the ticket a subject of at most 200 characters",
        ));
    }
    let severity = match form.severity.as_ref().and_then(Value::as_u64) {
        Some(s @ 1..=4) => s as u8,
        _ => {
            errors.push(FieldError::new(
                "severity",
                "severity.invalid",
                "must be 1 (system down) to 4 (minimal impact), as in the help desk's table",
            ));
            0
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let ticket = state.store.open_ticket(
        account.id,
        subject,
        form.description,
        severity,
        state.clock.now(),
    );
    Ok((StatusCode::CREATED, Json(views::ticket(&ticket))))
}
