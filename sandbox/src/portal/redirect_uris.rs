//! Callback / redirect URIs as the registration form takes them (guide 3.2 e).
//!
//! The form takes a comma-separated list (the guide's example registers the app's
//! own URI and the OAuth debugger's); the API also takes a JSON list. Each URI must
//! be absolute, so the authorization server can match it exactly later: the text is
//! kept as given, not normalised, because exact matching is what real servers do.

use crate::error::FieldError;
use serde_json::Value;

/// Most URIs one client may register.
pub const MAX_URIS: usize = 20;

/// Parses a JSON list or a comma-separated string into checked URIs.
pub fn parse(field: &str, value: &Value) -> Result<Vec<String>, Vec<FieldError>> {
    let raw: Vec<String> = match value {
        Value::String(s) => s.split(',').map(|p| p.trim().to_owned()).collect(),
        Value::Array(items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.trim().to_owned()),
                    _ => {
                        return Err(vec![FieldError::new(
                            format!("{field}[{i}]"),
                            "redirect_uris.malformed",
                            "must be a string",
                        )]);
                    }
                }
            }
            out
        }
        Value::Null => Vec::new(),
        _ => {
            return Err(vec![FieldError::new(
                field,
                "redirect_uris.malformed",
                "must be a list of URIs or one comma-separated string",
            )]);
        }
    };
    let raw: Vec<String> = raw.into_iter().filter(|s| !s.is_empty()).collect();
    if raw.is_empty() {
        return Err(vec![FieldError::new(
            field,
            "redirect_uris.required",
            "list at least one callback / redirect URI",
        )]);
    }
    if raw.len() > MAX_URIS {
        return Err(vec![FieldError::new(
            field,
            "redirect_uris.malformed",
            format!("at most {MAX_URIS} URIs may be registered"),
        )]);
    }
    let mut errors = Vec::new();
    let mut uris: Vec<String> = Vec::new();
    for (i, uri) in raw.into_iter().enumerate() {
        match check(&uri) {
            Ok(()) if !uris.contains(&uri) => uris.push(uri),
            Ok(()) => {}
            Err((code, message)) => {
                errors.push(FieldError::new(format!("{field}[{i}]"), code, message))
            }
        }
    }
    if errors.is_empty() {
        Ok(uris)
    } else {
        Err(errors)
    }
}

/// Checks one URI: absolute, a usable scheme, a host for web schemes, no fragment.
pub fn check(uri: &str) -> Result<(), (&'static str, String)> {
    let parsed = match url::Url::parse(uri) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let hint = if !uri.starts_with('/') && uri.contains('.') && !uri.contains(' ') {
                format!("; did you mean https://{uri} ?")
            } else {
                "; give the full URI, e.g. https://yourapp.example/callback".to_owned()
            };
            return Err((
                "redirect_uris.relative",
                format!("`{uri}` is relative, an absolute URI is needed{hint}"),
            ));
        }
        Err(e) => {
            return Err((
                "redirect_uris.malformed",
                format!("`{uri}` is not a valid URI: {e}"),
            ));
        }
    };
    // The URL parser drops some control characters and escapes others; either way the
    // text registered would not be the URI an exact match later compares.
    if uri.chars().any(char::is_control) {
        return Err((
            "redirect_uris.malformed",
            format!("`{}` contains a control character", uri.escape_debug()),
        ));
    }
    if uri.chars().any(char::is_whitespace) {
        return Err((
            "redirect_uris.malformed",
            format!("`{uri}` contains white space"),
        ));
    }
    match parsed.scheme() {
        "http" | "https" => {
            // The URL parser forgives `https:/host` and `https:///host`; an exact-match
            // redirect check later would not, so the text itself must read `scheme://host`.
            let rest = &uri[parsed.scheme().len() + 1..];
            let authority_written = rest.starts_with("//") && !rest.starts_with("///");
            if !authority_written || parsed.host_str().is_none_or(str::is_empty) {
                return Err(("redirect_uris.malformed", format!("`{uri}` has no host")));
            }
        }
        "javascript" | "data" | "file" | "vbscript" | "about" | "blob" => {
            return Err((
                "redirect_uris.scheme",
                format!(
                    "`{uri}` uses the `{}` scheme, which cannot receive a redirect",
                    parsed.scheme()
                ),
            ));
        }
        // RFC 8252 7.1: native apps use private-use schemes named after a domain they own.
        scheme if scheme.contains('.') => {}
        scheme => {
            return Err((
                "redirect_uris.scheme",
                format!(
                    "`{uri}` uses the `{scheme}` scheme; use https, http, or a reverse-domain private-use scheme such as com.example.app:/callback"
                ),
            ));
        }
    }
    if parsed.fragment().is_some() {
        return Err((
            "redirect_uris.fragment",
            format!("`{uri}` has a #fragment, which a redirect URI must not have (RFC 6749 3.1.2)"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(v: Value) -> Vec<&'static str> {
        parse("redirect_uris", &v)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.code)
            .collect()
    }

    #[test]
    fn a_comma_separated_list_registers_each_uri_as_given() {
        let uris = parse(
            "redirect_uris",
            &json!("https://yourapphere.com, https://oauthdebugger.com/debug"),
        )
        .unwrap();
        assert_eq!(
            uris,
            ["https://yourapphere.com", "https://oauthdebugger.com/debug"]
        );
    }

    #[test]
    fn a_relative_uri_is_refused_with_a_suggestion() {
        let errs = parse("redirect_uris", &json!(["www.SMARTonFHIR.com"])).unwrap_err();
        assert_eq!(errs[0].code, "redirect_uris.relative");
        assert!(
            errs[0].message.contains("https://www.SMARTonFHIR.com"),
            "{}",
            errs[0].message
        );
        assert_eq!(codes(json!(["/callback"])), ["redirect_uris.relative"]);
    }

    #[test]
    fn malformed_uris_fragments_and_script_schemes_are_refused() {
        assert_eq!(
            codes(json!(["https://exa mple.com/cb"])),
            ["redirect_uris.malformed"]
        );
        assert_eq!(codes(json!(["https:///cb"])), ["redirect_uris.malformed"]);
        assert_eq!(
            codes(json!(["https:/app.example/cb"])),
            ["redirect_uris.malformed"]
        );
        assert_eq!(
            codes(json!(["https://app.example/cb#x"])),
            ["redirect_uris.fragment"]
        );
        assert_eq!(
            codes(json!(["javascript:alert(1)"])),
            ["redirect_uris.scheme"]
        );
    }

    #[test]
    fn control_characters_anywhere_are_refused() {
        for uri in [
            "com.example.app:\u{7f}",
            "\u{1}https://app.example/cb",
            "https://app.example/c\u{0}b",
            "https://app.example/cb\u{1b}",
        ] {
            assert_eq!(codes(json!([uri])), ["redirect_uris.malformed"], "{uri:?}");
        }
    }

    #[test]
    fn native_app_schemes_and_loopback_are_accepted() {
        assert!(
            codes(json!([
                "com.example.app:/callback",
                "http://127.0.0.1:7000/cb"
            ]))
            .is_empty()
        );
    }

    #[test]
    fn an_empty_list_is_refused() {
        assert_eq!(codes(json!([])), ["redirect_uris.required"]);
        assert_eq!(codes(json!(" , ")), ["redirect_uris.required"]);
    }
}

#[cfg(test)]
mod fuzz;
