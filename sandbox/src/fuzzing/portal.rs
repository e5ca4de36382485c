//! The portal's input checks and the redirect back to an app, for the libFuzzer targets
//! `scopes`, `pdf` and `redirect_uri`.

use crate::error::FieldError;
use crate::oauth::redirect::Back;
use crate::portal::{pdf, redirect_uris, scopes};
use crate::store::ResponseMode;
use crate::tenants::{Environment, Tenants};
use axum::http::header;
use serde_json::Value;

pub use crate::oauth::redirect::registered;
pub use crate::oauth::smart_scopes::{Scope, permits};
pub use crate::portal::redirect_uris::MAX_URIS;

/// The scopes of an app registration (`POST /portal/api/apps`, `PATCH`, production) as
/// the portal reads them: accepted and de-duplicated, or the field errors it answers.
pub fn registration_scopes(
    tenants: &Tenants,
    environment: Environment,
    value: &Value,
) -> Result<Vec<String>, Vec<FieldError>> {
    scopes::parse(tenants, environment, value)
}

/// The redirect URIs of an app registration as the portal reads them (a list or one
/// comma-separated string), or the field errors it answers, each on `field` or `field[i]`.
pub fn registration_redirect_uris(
    field: &str,
    value: &Value,
) -> Result<Vec<String>, Vec<FieldError>> {
    redirect_uris::parse(field, value)
}

/// Whether one URI may be registered, with the error code and message when it may not.
pub fn check_redirect_uri(uri: &str) -> Result<(), (&'static str, String)> {
    redirect_uris::check(uri)
}

/// The status and `Location` of the redirect back to `redirect_uri` that carries `code`
/// (and `state`), as the authorize endpoint sends it in the query response mode.
pub fn redirect_back(redirect_uri: &str, state: Option<&str>, code: &str) -> (u16, Option<String>) {
    let back = Back {
        redirect_uri: redirect_uri.to_owned(),
        state: state.map(str::to_owned),
        mode: ResponseMode::Query,
    };
    let response = back.send(&[("code", code)]);
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (response.status().as_u16(), location)
}

/// A privacy-policy upload's bytes as `PUT /portal/api/apps/{id}/privacy-policy` sniffs
/// them: accepted, or the field error (`body.empty`, `body.not_pdf`, `body.truncated_pdf`).
pub fn sniff_pdf(bytes: &[u8]) -> Result<(), FieldError> {
    pdf::sniff(bytes)
}

/// Whether the upload's `Content-Type` names a PDF.
pub fn is_pdf_media_type(content_type: Option<&str>) -> bool {
    pdf::is_pdf_media_type(content_type)
}

/// The file name the upload is stored under, from its `Content-Disposition`.
pub fn pdf_file_name(content_disposition: Option<&str>) -> String {
    pdf::filename(content_disposition)
}
