//! `GET /_sandbox/outbox`: the mails the sandbox would have sent.

use crate::clock::rfc3339;
use crate::extract::Query;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

/// `?to=` narrows the outbox to one address.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    to: Option<String>,
}

/// Every mail, oldest first.
#[utoipa::path(
    get,
    path = "/outbox",
    operation_id = "outbox",
    tag = "control",
    params(Filter),
    responses(
        (status = 200, description = "the mails, oldest first", content_type = "application/json", body = crate::openapi::Outbox),
        crate::openapi::QueryErrors
    )
)]
pub async fn list(State(state): State<SandboxState>, Query(filter): Query<Filter>) -> Json<Value> {
    let mails: Vec<Value> = state
        .store
        .mails(filter.to.as_deref())
        .iter()
        .map(|m| {
            json!({
                "id": format!("mail-{}", m.id),
                "to": m.to,
                "subject": m.subject,
                "body": m.body,
                "sent_at": rfc3339(m.sent_at),
            })
        })
        .collect();
    Json(json!({"mails": mails}))
}
