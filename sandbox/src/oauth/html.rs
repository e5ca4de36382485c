//! How the authorization pages are sent: HTML with the headers a login page needs.
//!
//! Pages are never cached (they carry one-time form tokens, and `/debug` shows the
//! code), never framed (no clickjacking of the consent buttons), load nothing from
//! elsewhere, run no script but the form-post page's one, and leak no referrer (the
//! URL of a redirect carries the code). The Content-Security-Policy allows the inline
//! stylesheet and that one script by their SHA-256 hashes: no `'unsafe-inline'`.

use super::pages::{FORM_POST_SCRIPT, inline_style};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// The CSP source that allows an inline element whose text is `text`.
fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

static STYLE_SOURCE: LazyLock<String> = LazyLock::new(|| hash_source(&inline_style()));
static SCRIPT_SOURCE: LazyLock<String> = LazyLock::new(|| hash_source(FORM_POST_SCRIPT));

/// Whether a page runs the form-post script (the only script any page has).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// No script: `script-src 'none'`.
    None,
    /// The form-post page's submit script ([`FORM_POST_SCRIPT`]), allowed by its hash.
    FormPost,
}

/// The Content-Security-Policy of a page; `form_target` is one more origin its forms
/// may post to (the app, in form_post mode, or the redirect after the last page).
pub fn content_security_policy(script: Script, form_target: Option<&str>) -> String {
    let script = match script {
        Script::None => "script-src 'none'".to_owned(),
        Script::FormPost => format!("script-src {}", *SCRIPT_SOURCE),
    };
    let form = form_target
        .map(|t| format!("form-action 'self' {t}"))
        .unwrap_or_else(|| "form-action 'self'".to_owned());
    format!(
        "default-src 'none'; style-src {}; img-src data:; {script}; {form}; \
         frame-ancestors 'none'; base-uri 'none'",
        *STYLE_SOURCE
    )
}

/// An HTML page with the security headers.
pub fn page(
    status: StatusCode,
    body: String,
    script: Script,
    form_target: Option<&str>,
) -> Response {
    let csp = content_security_policy(script, form_target);
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
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
        Script::None,
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_the_inline_texts_by_hash_and_nothing_inline_else() {
        let csp = content_security_policy(Script::FormPost, Some("https://app.example"));
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains(&format!("style-src {}", hash_source(&inline_style()))));
        assert!(csp.contains(&format!("script-src {}", hash_source(FORM_POST_SCRIPT))));
        assert!(csp.contains("form-action 'self' https://app.example"));
        let plain = content_security_policy(Script::None, None);
        assert!(plain.contains("script-src 'none'"), "{plain}");
        assert!(plain.contains("frame-ancestors 'none'"), "{plain}");
    }
}
