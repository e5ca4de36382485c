//! What a fired fault puts on the wire.
//!
//! A simulated error must look like the errors the route really gives, or an app's
//! error handling is tested against something it never meets: OperationOutcome under
//! `/{tenant}/fhir`, RFC 6749 error JSON under `/{tenant}/oauth2`, problem+json for the
//! portal and everything else, each rendered by its one renderer in `error/`.

use crate::error::{ApiError, FhirError, OAuthError};
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Largest body a malformed-body fault reads before cutting it (a big searchset is MBs).
const MALFORMED_READ_LIMIT: usize = 256 * 1024 * 1024;

/// The error format a route answers in, decided by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireFormat {
    /// `/{tenant}/fhir/...` (discovery under `.well-known` excepted): OperationOutcome.
    Fhir,
    /// `/{tenant}/oauth2/...`: `{"error", "error_description"}`.
    OAuth,
    /// The portal, the debugger, anything else: problem+json.
    Problem,
}

impl WireFormat {
    /// The format of the route at `path`.
    pub fn of(path: &str) -> Self {
        let mut segments = path.trim_start_matches('/').split('/');
        let _tenant = segments.next();
        match (segments.next(), segments.next()) {
            (Some("fhir"), Some(".well-known")) => WireFormat::Problem,
            (Some("fhir"), _) => WireFormat::Fhir,
            (Some("oauth2"), _) => WireFormat::OAuth,
            _ => WireFormat::Problem,
        }
    }
}

/// The simulated error answer of rule `fault` for a request to `path`.
pub fn status_response(
    path: &str,
    status: StatusCode,
    retry_after: Option<u64>,
    fault: &str,
    request_headers: &HeaderMap,
) -> Response {
    let fault = fault.to_owned();
    let mut response = match WireFormat::of(path) {
        WireFormat::Fhir => FhirError::SimulatedFault { status, fault }.into_response(),
        WireFormat::OAuth => OAuthError::simulated(status, &fault).into_response(),
        WireFormat::Problem => ApiError::SimulatedFault { status, fault }.into_response(),
    };
    let headers = response.headers_mut();
    if let Some(seconds) = retry_after
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        headers.insert(header::RETRY_AFTER, value);
    }
    // The route's own CORS layer never ran: without this a browser app would see a
    // network error instead of the status it is meant to handle.
    if request_headers.contains_key(header::ORIGIN) {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("retry-after, www-authenticate, x-sandbox-fault"),
        );
    }
    response
}

/// The route's real answer with its body cut short, so it is no longer valid JSON.
pub async fn malformed(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MALFORMED_READ_LIMIT)
        .await
        .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(truncate(&bytes)))
}

/// The first half of `bytes`, made invalid JSON if the cut happens to parse.
pub fn truncate(bytes: &[u8]) -> Vec<u8> {
    let mut cut = bytes[..bytes.len() / 2].to_vec();
    if cut.is_empty() || serde_json::from_slice::<serde_json::Value>(&cut).is_ok() {
        cut.extend_from_slice(b"{\"");
    }
    cut
}

/// An answer whose body fails at once: hyper closes the connection without completing
/// the response, which the client sees as a connection reset or an incomplete message.
pub fn dropped() -> Response {
    Response::new(Body::new(Dropped))
}

/// A body that errors on its first poll.
struct Dropped;

impl HttpBody for Dropped {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "simulated dropped connection",
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_decides_the_error_format() {
        assert_eq!(WireFormat::of("/dev1/fhir/Patient/1"), WireFormat::Fhir);
        assert_eq!(WireFormat::of("/dev1/fhir"), WireFormat::Fhir);
        assert_eq!(WireFormat::of("/dev1/oauth2/token"), WireFormat::OAuth);
        assert_eq!(
            WireFormat::of("/dev1/fhir/.well-known/smart-configuration"),
            WireFormat::Problem
        );
        assert_eq!(WireFormat::of("/portal/api/apps"), WireFormat::Problem);
        assert_eq!(WireFormat::of("/debug"), WireFormat::Problem);
    }

    #[test]
    fn a_cut_body_never_parses() {
        for body in [
            &b"{\"resourceType\":\"Patient\",\"id\":\"x\"}"[..],
            b"12",
            b"[]",
            b"",
        ] {
            let cut = truncate(body);
            assert!(
                serde_json::from_slice::<serde_json::Value>(&cut).is_err(),
                "{cut:?}"
            );
        }
    }
}
