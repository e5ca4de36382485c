//! How large a request body may be, and how long it may take to arrive, route by route.
//!
//! One middleware reads every request body before the routes do: at most the route's
//! limit (a privacy-policy PDF 10 MiB, other portal and control JSON 1 MiB, OAuth forms
//! and FHIR searches 64 KiB) and within the body read timeout, so neither a huge body
//! nor a client that stalls halfway (a slow-loris body) can hold a worker or memory.
//! A refusal is answered in the format of the route it was meant for: problem+json,
//! RFC 6749 error JSON, OperationOutcome, or an HTML page. The handlers' own readers
//! keep the same limits, so a body the middleware let through is never refused there.

use crate::error::{ApiError, BodyError, FhirError, OAuthError};
use crate::extract::{JSON_LIMIT, PDF_LIMIT};
use crate::state::SandboxState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::Body as _;

/// Largest OAuth form (authorize, token, introspect, revoke, the member's pages, `/debug`).
pub const FORM_LIMIT: usize = crate::oauth::FORM_LIMIT;
/// Largest FHIR request body (`POST [type]/_search` takes its parameters as a form).
pub const FHIR_LIMIT: usize = 64 * 1024;

/// The wire format a route answers refusals in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/problem+json`: portal, control, discovery, unknown paths.
    Problem,
    /// RFC 6749 error JSON: token, introspection, revocation, userinfo.
    OAuth,
    /// An HTML error page: the authorize pages and `/debug`, which a browser shows.
    Page,
    /// An OperationOutcome: the tenant FHIR APIs.
    Fhir,
}

/// How one request's body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How a refusal of this route is written.
    pub format: Format,
    /// The most bytes the route accepts.
    pub limit: usize,
}

/// The policy of `method path`, decided by the path alone so it holds before routing.
pub fn policy(method: &Method, path: &str) -> Policy {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (format, limit) = match segments.as_slice() {
        ["portal", "api", "apps", _, "privacy-policy"] if method == Method::PUT => {
            (Format::Problem, PDF_LIMIT)
        }
        ["portal", ..] | ["_sandbox", ..] => (Format::Problem, JSON_LIMIT),
        ["debug"] | [_, "oauth2", "authorize", ..] => (Format::Page, FORM_LIMIT),
        [_, "oauth2", ..] => (Format::OAuth, FORM_LIMIT),
        [_, "fhir", ".well-known", ..] => (Format::Problem, FORM_LIMIT),
        [_, "fhir", ..] => (Format::Fhir, FHIR_LIMIT),
        _ => (Format::Problem, JSON_LIMIT),
    };
    Policy { format, limit }
}

/// Answers `error` as a route of `format` would.
pub fn refuse(format: Format, error: BodyError) -> Response {
    match format {
        Format::Problem => ApiError::from(error).into_response(),
        Format::OAuth => OAuthError::from(error).into_response(),
        Format::Fhir => FhirError::from(error).into_response(),
        Format::Page => {
            let title = match error {
                BodyError::TooLarge { .. } => "Request too large",
                BodyError::Timeout { .. } => "Request too slow",
                BodyError::Unreadable(_) => "Request cut off",
            };
            crate::oauth::error_page(error.status(), title, &error.sentence(), None)
        }
    }
}

/// Whether `err` (from reading a body under a limit) is the limit being hit.
pub fn is_length_limit(err: &axum::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    err.to_string().contains("length limit")
}

/// Middleware: reads the body whole, under the route's limit and the read timeout, and
/// hands the route a body that is already here.
pub async fn bodies(State(state): State<SandboxState>, request: Request, next: Next) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let policy = policy(request.method(), request.uri().path());
    let timeout = state.config.body_read_timeout;
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(timeout, axum::body::to_bytes(body, policy.limit)).await;
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) if is_length_limit(&e) => {
            return refuse(
                policy.format,
                BodyError::TooLarge {
                    limit: policy.limit,
                },
            );
        }
        Ok(Err(e)) => return refuse(policy.format, BodyError::Unreadable(e.to_string())),
        Err(_) => {
            let seconds = timeout.as_secs().max(1);
            return refuse(policy.format, BodyError::Timeout { seconds });
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_family_has_its_format_and_limit() {
        let cases = [
            (
                Method::PUT,
                "/portal/api/apps/app-1/privacy-policy",
                Format::Problem,
                PDF_LIMIT,
            ),
            (
                Method::POST,
                "/portal/api/apps/app-1/privacy-policy",
                Format::Problem,
                JSON_LIMIT,
            ),
            (
                Method::POST,
                "/portal/api/accounts",
                Format::Problem,
                JSON_LIMIT,
            ),
            (
                Method::POST,
                "/_sandbox/faults",
                Format::Problem,
                JSON_LIMIT,
            ),
            (
                Method::POST,
                "/dev1/oauth2/token",
                Format::OAuth,
                FORM_LIMIT,
            ),
            (
                Method::POST,
                "/dev1/oauth2/authorize",
                Format::Page,
                FORM_LIMIT,
            ),
            (
                Method::POST,
                "/dev1/oauth2/authorize/f-1",
                Format::Page,
                FORM_LIMIT,
            ),
            (Method::POST, "/debug", Format::Page, FORM_LIMIT),
            (
                Method::POST,
                "/dev1/fhir/Patient/_search",
                Format::Fhir,
                FHIR_LIMIT,
            ),
            (
                Method::GET,
                "/dev1/fhir/.well-known/smart-configuration",
                Format::Problem,
                FORM_LIMIT,
            ),
            (Method::POST, "/nowhere", Format::Problem, JSON_LIMIT),
        ];
        for (method, path, format, limit) in cases {
            assert_eq!(
                policy(&method, path),
                Policy { format, limit },
                "{method} {path}"
            );
        }
    }
}
