//! The middleware that applies fault rules to requests.
//!
//! It sits inside the request log, so every fired fault shows up in
//! `/_sandbox/requests` with its rule, and outside every route, so a rule can break any
//! of them. The control API is never faulted: whatever a developer installs, she can
//! always list and remove it. CORS preflights are never faulted either, so a browser
//! app meets the fault on its real request, where its error handling lives.

use super::pattern::is_control_path;
use super::registry::Fired;
use super::rule::FaultAction;
use super::wire;
use crate::state::SandboxState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use std::time::Duration;

/// Header naming the rule behind a faulted answer, so nobody mistakes it for a defect.
pub const FAULT_HEADER: &str = "x-sandbox-fault";

/// What the request log records about a fault that fired on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FiredFault {
    /// The rule's id, e.g. `fault-2`.
    pub id: String,
    /// `latency`, `status`, `malformed_body` or `drop_connection`.
    pub kind: &'static str,
}

/// Middleware: finds the rule that fires on the request, if any, and applies it.
pub async fn apply(State(state): State<SandboxState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if is_control_path(&path) || is_preflight(&request) {
        return next.run(request).await;
    }
    let Some(Fired { id, action }) = state.faults.fire(request.method(), &path) else {
        return next.run(request).await;
    };
    tracing::debug!(target: "sandbox::fault", "{id} fires on {} {path}: {}", request.method(), action.kind());
    let mut response = match &action {
        FaultAction::Latency { ms } => {
            tokio::time::sleep(Duration::from_millis(*ms)).await;
            next.run(request).await
        }
        FaultAction::Status {
            status,
            retry_after,
        } => wire::status_response(&path, *status, *retry_after, &id, request.headers()),
        FaultAction::MalformedBody => wire::malformed(next.run(request).await).await,
        FaultAction::DropConnection => wire::dropped(),
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(FAULT_HEADER, value);
    }
    response.extensions_mut().insert(FiredFault {
        id,
        kind: action.kind(),
    });
    response
}

fn is_preflight(request: &Request) -> bool {
    request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}
