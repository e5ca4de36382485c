//! Sending the member back to the app: a 303 with query parameters, or a form post.

use super::html;
use crate::store::ResponseMode;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Whether `redirect_uri` is one of the client's registered URIs: compared character for
/// character, as registered (RFC 6749 3.1.2.3, and what real servers do), so another
/// scheme, host, port, path, trailing slash or query never matches.
pub fn registered(uris: &[String], redirect_uri: &str) -> bool {
    uris.iter().any(|u| u == redirect_uri)
}

/// The CSP source that allows posting to (or being redirected to) `redirect_uri`: its
/// origin for web URIs, its scheme for a native app's private-use scheme.
pub fn csp_source(redirect_uri: &str) -> String {
    match url::Url::parse(redirect_uri) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u.origin().ascii_serialization(),
        Ok(u) => format!("{}:", u.scheme()),
        Err(_) => "'none'".to_owned(),
    }
}

/// Where and how an authorize request answers.
pub struct Back {
    pub redirect_uri: String,
    pub state: Option<String>,
    pub mode: ResponseMode,
}

impl Back {
    /// Sends `params` (plus `state`) back to the app.
    pub fn send(&self, params: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = params.to_vec();
        if let Some(state) = &self.state {
            all.push(("state", state));
        }
        match self.mode {
            ResponseMode::Query => {
                let Ok(mut url) = url::Url::parse(&self.redirect_uri) else {
                    return html::error(
                        StatusCode::BAD_REQUEST,
                        "Invalid redirect URI",
                        "The registered redirect URI cannot be parsed.",
                        None,
                    );
                };
                url.query_pairs_mut().extend_pairs(all);
                let mut response = StatusCode::SEE_OTHER.into_response();
                if let Ok(location) = HeaderValue::from_str(url.as_str()) {
                    response.headers_mut().insert(header::LOCATION, location);
                }
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                response
            }
            ResponseMode::FormPost => {
                let origin = csp_source(&self.redirect_uri);
                html::page(
                    StatusCode::OK,
                    super::pages::form_post(&self.redirect_uri, &all),
                    html::Script::FormPost,
                    Some(&origin),
                )
            }
        }
    }

    /// An RFC 6749 4.1.2.1 error back to the app.
    pub fn error(&self, code: &str, description: &str) -> Response {
        self.send(&[("error", code), ("error_description", description)])
    }
}

#[cfg(test)]
mod fuzz;
