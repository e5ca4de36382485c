//! Headers every answer of the sandbox carries, whatever route made it.
//!
//! `X-Content-Type-Options: nosniff` keeps a browser from reading a JSON body, an error
//! or an uploaded privacy-policy PDF as HTML or script: the declared media type is the
//! only one. The HTML pages add their own, stricter set (`oauth::html`).

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// `axum::middleware::map_response`: adds the baseline headers unless a route set them.
pub async fn baseline(mut response: Response) -> Response {
    response
        .headers_mut()
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    response
}
