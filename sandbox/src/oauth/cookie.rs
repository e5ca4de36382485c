//! The cookie that ties the authorize pages to the browser that started them.

use axum::http::{HeaderMap, HeaderValue, header};

/// Name of the cookie.
pub const NAME: &str = "conform_authorize";

/// `Set-Cookie` for a new flow, scoped to the tenant's authorization pages.
pub fn set(tenant: &str, value: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{NAME}={value}; Path=/{tenant}/oauth2; HttpOnly; SameSite=Lax; Max-Age=600"
    ))
    .ok()
}

/// The cookie's value from a request.
pub fn read(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == NAME)
        .map(|(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; conform_authorize=xyz; b=2"),
        );
        assert_eq!(read(&headers).as_deref(), Some("xyz"));
    }
}
