//! One line per request in the log, and the recent requests for `/_sandbox/requests`.
//!
//! When an app cannot connect, the first question is "did my request even arrive,
//! and what did the sandbox answer?". The log answers it without a proxy or a web
//! debugger. Query parameters that carry secrets are redacted before anything is
//! kept or printed.

use crate::clock::rfc3339;
use crate::faults::FiredFault;
use crate::state::SandboxState;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// How many requests `/_sandbox/requests` can show.
pub const CAPACITY: usize = 1000;

/// Query parameters never shown in logs.
const SECRET_PARAMS: &[&str] = &[
    "token",
    "code",
    "client_secret",
    "password",
    "access_token",
    "refresh_token",
    "code_verifier",
    "id_token_hint",
];

/// A request as the log keeps it.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    pub id: u64,
    pub at: String,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// The status sent; `None` when a simulated fault dropped the connection instead.
    pub status: Option<u16>,
    pub duration_ms: f64,
    /// The simulated fault that fired on this request, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<FiredFault>,
}

/// The ring of recent requests.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<LoggedRequest>>,
    next_id: AtomicU64,
}

impl RequestLog {
    fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn push(&self, entry: LoggedRequest) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() == CAPACITY {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// The most recent `limit` requests, newest first.
    pub fn recent(&self, limit: usize) -> Vec<LoggedRequest> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().rev().take(limit).cloned().collect()
    }

    /// Forgets every request (part of a reset).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// Replaces the values of secret-bearing parameters with `[redacted]`.
pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if SECRET_PARAMS.contains(&name) => format!("{name}=[redacted]"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Middleware: times the request, logs one line, keeps it for `/_sandbox/requests`, and
/// answers with `X-Request-Id` so a developer can point the help desk at the exact entry.
pub async fn record(State(state): State<SandboxState>, request: Request, next: Next) -> Response {
    let id = state.requests.next_id();
    let started = Instant::now();
    let at = state.clock.now();
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(redact_query);
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
        response.headers_mut().insert("x-request-id", value);
    }
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    let fault = response.extensions().get::<FiredFault>().cloned();
    let status = match &fault {
        Some(f) if f.kind == "drop_connection" => None,
        _ => Some(response.status().as_u16()),
    };
    tracing::info!(
        target: "sandbox::request",
        "#{id} {method} {path}{} -> {} in {duration_ms:.1} ms{}",
        query.as_deref().map(|q| format!("?{q}")).unwrap_or_default(),
        status.map_or_else(|| "dropped".to_owned(), |s| s.to_string()),
        fault
            .as_ref()
            .map(|f| format!(" (simulated {} by {})", f.kind, f.id))
            .unwrap_or_default()
    );
    if path != "/_sandbox/requests" {
        state.requests.push(LoggedRequest {
            id,
            at: rfc3339(at),
            method,
            path,
            query,
            status,
            duration_ms,
            fault,
        });
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_parameters_are_redacted_and_others_kept() {
        assert_eq!(
            redact_query("token=abc&reveal=true&code=xyz"),
            "token=[redacted]&reveal=true&code=[redacted]"
        );
    }

    #[test]
    fn the_log_keeps_only_the_most_recent_requests() {
        let log = RequestLog::default();
        for i in 0..(CAPACITY + 5) {
            log.push(LoggedRequest {
                id: log.next_id(),
                at: String::new(),
                method: "GET".into(),
                path: format!("/{i}"),
                query: None,
                status: Some(200),
                duration_ms: 0.0,
                fault: None,
            });
        }
        let recent = log.recent(CAPACITY + 10);
        assert_eq!(recent.len(), CAPACITY);
        assert_eq!(recent[0].path, format!("/{}", CAPACITY + 4));
    }
}
