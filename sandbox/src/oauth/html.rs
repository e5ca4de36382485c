//! How the authorization pages are sent: HTML with the headers a login page needs.
//!
//! Pages are never cached (they carry one-time form tokens), never framed (no
//! clickjacking of the consent buttons), load nothing from elsewhere, and leak no
//! referrer (the URL of a redirect carries the code).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An HTML page with the security headers; `script_nonce` allows one inline script,
/// `form_target` one origin forms may post to (the app, in form_post mode).
pub fn page(
    status: StatusCode,
    body: String,
    script_nonce: Option<&str>,
    form_target: Option<&str>,
) -> Response {
    let script = script_nonce
        .map(|n| format!("script-src 'nonce-{n}'"))
        .unwrap_or_else(|| "script-src 'none'".to_owned());
    let form = form_target
        .map(|t| format!("form-action 'self' {t}"))
        .unwrap_or_else(|| "form-action 'self'".to_owned());
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; {script}; {form}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

/// A page that tells the developer what is wrong with their authorize request and never
/// redirects (RFC 6749 4.1.2.1: an unverified redirect URI must not be used).
pub fn error(status: StatusCode, title: &str, message: &str, hint: Option<&str>) -> Response {
    page(
        status,
        super::pages::error_page(title, message, hint),
        None,
        None,
    )
}
