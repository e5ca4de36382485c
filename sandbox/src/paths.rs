//! Request paths whose percent-encoded bytes are not text.
//!
//! A path segment such as `/dev1/fhir/Patient/%FF` routes like any other, but the path
//! parameters a handler reads must be UTF-8, and axum's own refusal of one that is not is
//! a `text/plain` 400, outside every documented format. Nothing this server serves has
//! such a name, so the request is answered here, before any handler, with the 404 its
//! route gives for any unknown name: an OperationOutcome under `/{tenant}/fhir`, an HTML
//! page for the authorize pages and the debugger, problem+json everywhere else. A path no
//! route takes at all gets the same 404 ([`no_route`], the sandbox's fallback), and a
//! method a path does not take the 405 in the same format ([`wrong_method`]).

use crate::error::{ApiError, FhirError};
use axum::extract::Request;
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The bytes of `path` with its `%XX` escapes decoded (a `%` not followed by two hex
/// digits is kept as written, as axum does).
fn percent_decoded(path: &str) -> Vec<u8> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (hex(i + 1), hex(i + 2))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// Answers a request whose path does not decode to UTF-8; passes every other one on.
pub async fn refuse_undecodable(request: Request, next: Next) -> Response {
    let decoded = percent_decoded(request.uri().path());
    if std::str::from_utf8(&decoded).is_ok() {
        return next.run(request).await;
    }
    let shown = String::from_utf8_lossy(&decoded).into_owned();
    not_found(
        request.uri().path(),
        &shown,
        ": part of its path is percent-encoded bytes that are not UTF-8 text",
    )
}

/// The whole sandbox's fallback: a path no route takes (a trailing slash after a FHIR
/// type, an empty segment, a typo) gets the 404 of the route it names, so a FHIR client
/// still reads an OperationOutcome and a browser an HTML page.
pub async fn no_route(uri: Uri) -> Response {
    let shown = String::from_utf8_lossy(&percent_decoded(uri.path())).into_owned();
    not_found(uri.path(), &shown, "")
}

/// The fallback for a method a route does not take, where the route set none of its
/// own (the OAuth endpoints, the authorize pages, the debugger): axum's answer is a bare
/// 405 with no body or content type, outside every documented format. Found by the
/// libFuzzer `router` target (`UET /dev1/oauth2/authorize?...`). axum adds the `Allow`
/// header listing what the route takes.
pub async fn wrong_method(method: Method, uri: Uri) -> Response {
    let shown = String::from_utf8_lossy(&percent_decoded(uri.path())).into_owned();
    match format_of(uri.path()) {
        Format::OperationOutcome => {
            FhirError::MethodNotAllowed(format!("{shown} does not take {method}")).into_response()
        }
        Format::Page => crate::oauth::error_page(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method not allowed",
            &format!("{shown} does not take {method}."),
            Some("Open the link in a browser, or send the page's form as it is."),
        ),
        Format::Problem => ApiError::MethodNotAllowed.into_response(),
    }
}

/// The error formats of the sandbox's routes.
enum Format {
    /// The tenant FHIR APIs (`/{tenant}/fhir/...`).
    OperationOutcome,
    /// The pages a browser shows: authorize and the debugger.
    Page,
    /// The portal and control APIs, the OAuth endpoints and discovery.
    Problem,
}

/// The format the route `raw` (the path as sent) names answers its errors in. The route
/// is told by the path as sent: a decoded `%2F` is no segment boundary.
fn format_of(raw: &str) -> Format {
    let mut segments = raw.strip_prefix('/').unwrap_or(raw).split('/');
    match (segments.next(), segments.next(), segments.next()) {
        (_, Some("fhir"), Some(".well-known")) => Format::Problem,
        (_, Some("fhir"), _) => Format::OperationOutcome,
        (_, Some("oauth2"), Some("authorize")) | (Some("debug"), _, _) => Format::Page,
        _ => Format::Problem,
    }
}

/// The 404 of the route `raw` (the path as sent) names, showing it as `shown` with
/// `note` after it on the HTML page.
fn not_found(raw: &str, shown: &str, note: &str) -> Response {
    match format_of(raw) {
        Format::OperationOutcome => {
            let under_base = raw.splitn(4, '/').nth(3).unwrap_or_default();
            let under_base = String::from_utf8_lossy(&percent_decoded(under_base)).into_owned();
            FhirError::NoSuchPath(under_base).into_response()
        }
        Format::Page => crate::oauth::error_page(
            StatusCode::NOT_FOUND,
            "Not found",
            &format!("Nothing is served at {shown}{note}."),
            Some("Check the link: copy the authorize URL again from the app or the portal."),
        ),
        Format::Problem => ApiError::NoRoute(shown.to_owned()).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_decoded_and_stray_percents_kept() {
        assert_eq!(percent_decoded("/a%20b/%zz/%4"), b"/a b/%zz/%4");
        assert_eq!(percent_decoded("/Patient/%FF"), b"/Patient/\xff");
        assert_eq!(percent_decoded("/N%C3%BA%C3%B1ez"), "/Núñez".as_bytes());
    }

    fn content_type(response: &Response) -> &str {
        response
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn a_fhir_path_no_route_takes_gets_an_operation_outcome_not_a_problem() {
        // Found by the libFuzzer `router` target: `/dev1/fhir/portal/` (a trailing slash
        // after a type) fell through to the portal's problem+json 404.
        for path in [
            "/dev1/fhir/Patient/",
            "/dev1/fhir/portal/?api/apps",
            "/dev1/fhir//Patient",
            "//fhir/Patient",
            "/dev1/fhir/Patient/1/_history/",
        ] {
            let response = no_route(path.parse().unwrap()).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert_eq!(content_type(&response), crate::error::FHIR_JSON, "{path}");
        }
    }

    #[tokio::test]
    async fn other_paths_no_route_takes_get_their_routes_own_404() {
        let page = no_route("/dev1/oauth2/authorize/".parse().unwrap()).await;
        assert!(content_type(&page).starts_with("text/html"));
        for path in ["/nowhere", "/dev1/oauth2/tokens", "/dev1/fhir/.well-known/"] {
            let response = no_route(path.parse().unwrap()).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert_eq!(
                content_type(&response),
                "application/problem+json",
                "{path}"
            );
        }
    }
}
