//! `GET /_sandbox/outbox`: the mails the sandbox would have sent.

use crate::clock::rfc3339;
use crate::extract::Query;
use crate::state::SandboxState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

/// `?to=` narrows the outbox to one address.
#[derive(Deserialize)]
pub struct Filter {
    to: Option<String>,
}

/// Every mail, oldest first.
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
