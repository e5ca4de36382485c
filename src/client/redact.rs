//! Redaction of secrets before an exchange is stored in a transcript.
//!
//! Transcripts end up in reports that help-desk staff attach to tickets, so session
//! tokens, passwords, client secrets and verification tokens never reach them: secret
//! headers are replaced whole, secret JSON fields by name (recursively), and
//! `token=...`-style secrets inside URLs, query strings and free text by pattern.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// What replaces a secret in a transcript.
pub const REDACTED: &str = "[redacted]";

/// Header values that carry secrets.
fn is_secret_header(name: &str) -> bool {
    [
        "authorization",
        "cookie",
        "set-cookie",
        "proxy-authorization",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

/// The headers with the value of every secret header replaced by [`REDACTED`].
pub(super) fn redact_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            let value = if is_secret_header(n) {
                REDACTED.to_owned()
            } else {
                v.clone()
            };
            (n.clone(), value)
        })
        .collect()
}

/// JSON fields whose values are secrets.
const SECRET_FIELDS: &[&str] = &[
    "password",
    "confirm_password",
    "client_secret",
    "token",
    "access_token",
    "refresh_token",
    "id_token",
];

/// Secrets inside free text: `token=...` in a verification link, form-encoded secrets.
static SECRET_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(token|client_secret|password|confirm_password)=[^&\s"'<>]+"#)
        .unwrap_or_else(|e| panic!("the built-in redaction pattern is invalid: {e}"))
});

/// Redacts `token=...`-style secrets in a URL or free text.
pub fn redact_text(text: &str) -> String {
    SECRET_IN_TEXT
        .replace_all(text, format!("${{1}}={REDACTED}"))
        .into_owned()
}

/// Redacts secret fields (recursively) and secrets inside string values.
///
/// A masked secret (`"********"`) and `null` are kept as they are: whether the server
/// masked a secret is exactly what a reader of the transcript wants to see.
pub fn redact_json(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let secret = SECRET_FIELDS.contains(&k.as_str())
                        && matches!(v, Value::String(s) if !s.chars().all(|c| c == '*'));
                    let v = if secret {
                        Value::String(REDACTED.to_owned())
                    } else {
                        redact_json(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        Value::String(s) => Value::String(redact_text(s)),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_in_json_are_redacted_but_masks_kept() {
        let body = json!({
            "password": "Secr3t!pass", "token": "abc",
            "credentials": {"client_secret": "s3cr3t", "masked": {"client_secret": "********"}},
            "body": "click http://x/verify-email?token=T0K3N now"
        });
        let red = redact_json(&body);
        assert_eq!(red["password"], REDACTED);
        assert_eq!(red["token"], REDACTED);
        assert_eq!(red["credentials"]["client_secret"], REDACTED);
        assert_eq!(red["credentials"]["masked"]["client_secret"], "********");
        assert_eq!(
            red["body"],
            "click http://x/verify-email?token=[redacted] now"
        );
    }

    #[test]
    fn authorization_headers_are_redacted() {
        let h = redact_headers(&[("Authorization".into(), "Bearer x".into())]);
        assert_eq!(h[0].1, REDACTED);
    }

    #[test]
    fn secrets_in_query_strings_are_redacted() {
        assert_eq!(
            redact_text("https://x/portal/api/verify-email?token=abc&next=1"),
            "https://x/portal/api/verify-email?token=[redacted]&next=1"
        );
    }
}
