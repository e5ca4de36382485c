//! One line per request in the log, and the recent requests for `/_sandbox/requests`.
//!
//! When an app cannot connect, the first question is "did my request even arrive,
//! and what did the sandbox answer?". The log answers it without a proxy or a web
//! debugger. Query parameters that carry secrets are redacted before anything is
//! kept or printed, and so are the values of a Patient Access search (`name=`,
//! `birthdate=`: a member's data), while the open Provider Directory's stay readable.
//! Bodies and headers are never logged.

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

/// FHIR search parameters whose values never carry a member's data: paging, includes,
/// sorting and format. Every other value of a Patient Access search is redacted.
const FHIR_CONTROL_PARAMS: &[&str] = &[
    "_count",
    "_include",
    "_revinclude",
    "_sort",
    "_summary",
    "_elements",
    "_format",
    "_total",
    "_page",
    "_pretty",
];

/// What the log shows instead of a redacted value.
const REDACTED: &str = "[redacted]";

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
    redact(query, |_| false)
}

/// The query of a request to `path` as the log may show it: secrets redacted everywhere,
/// and every value but the control parameters' on a search that may carry member data.
pub fn redact_query_of(path: &str, query: &str) -> String {
    if carries_member_data(path) {
        redact(query, |name| !FHIR_CONTROL_PARAMS.contains(&name))
    } else {
        redact_query(query)
    }
}

/// Redacts secret parameters and those `also` names; a name is compared decoded, so
/// `%63ode=` is redacted like `code=`.
fn redact(query: &str, also: impl Fn(&str) -> bool) -> String {
    query
        .split('&')
        .map(|pair| {
            let raw_name = pair.split_once('=').map_or(pair, |(name, _)| name);
            let name = form_urlencoded::parse(raw_name.as_bytes())
                .next()
                .map(|(name, _)| name.to_lowercase())
                .unwrap_or_default();
            if SECRET_PARAMS.contains(&name.as_str()) || also(&name) {
                format!("{raw_name}={REDACTED}")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether `path` is a FHIR search or read whose parameters may name a member: any
/// tenant FHIR path but the open Provider Directory, `metadata` and discovery.
fn carries_member_data(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        [_, "fhir", "metadata" | ".well-known", ..] => false,
        [_, "fhir", kind, ..] if !kind.is_empty() => crate::fhir::types::find(kind)
            .is_none_or(|def| def.api != crate::fhir::definition::Api::Directory),
        [_, "fhir", ..] => true,
        _ => false,
    }
}

/// Middleware: times the request, logs one line, keeps it for `/_sandbox/requests`, and
/// answers with `X-Request-Id` so a developer can point the help desk at the exact entry.
pub async fn record(State(state): State<SandboxState>, request: Request, next: Next) -> Response {
    let id = state.requests.next_id();
    let started = Instant::now();
    let at = state.clock.now();
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(|q| redact_query_of(&path, q));
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
    fn an_encoded_secret_parameter_name_is_redacted_too() {
        assert_eq!(
            redact_query("%63ode=xyz&Password=p"),
            "%63ode=[redacted]&Password=[redacted]"
        );
    }

    #[test]
    fn patient_access_search_values_are_redacted_and_directory_ones_kept() {
        assert_eq!(
            redact_query_of(
                "/dev1/fhir/Patient",
                "name=Beltran&birthdate=1997-03-21&_count=5"
            ),
            "name=[redacted]&birthdate=[redacted]&_count=5"
        );
        assert_eq!(
            redact_query_of(
                "/dev1/fhir/Observation/_search",
                "patient=smart-15716&code=x"
            ),
            "patient=[redacted]&code=[redacted]"
        );
        assert_eq!(
            redact_query_of("/dev1/fhir", "_type=Patient&name=Rose"),
            "_type=[redacted]&name=[redacted]"
        );
        assert_eq!(
            redact_query_of("/dev1/fhir/Unknown", "name=Rose"),
            "name=[redacted]",
            "an unknown type is treated as member data"
        );
        assert_eq!(
            redact_query_of(
                "/bcbsm/fhir/PractitionerRole",
                "location.address-city=Lansing"
            ),
            "location.address-city=Lansing"
        );
        assert_eq!(
            redact_query_of("/dev1/oauth2/authorize", "state=s&code=c"),
            "state=s&code=[redacted]"
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
