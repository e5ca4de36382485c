//! Redaction of secrets before an exchange is stored in a transcript.
//!
//! Transcripts end up in reports that help-desk staff attach to tickets, so session
//! tokens, passwords, client secrets and verification tokens never reach them: secret
//! headers are replaced whole, secret JSON fields by name (recursively), and
//! `token=...`-style secrets inside URLs, query strings and free text by pattern.

use std::borrow::Cow;
use std::io;
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
            // A redirect's Location carries the authorization code.
            let value = if is_secret_header(n) {
                REDACTED.to_owned()
            } else {
                redact_text(v)
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

/// Secrets inside free text: `token=...` in a verification link, form-encoded secrets,
/// and the OAuth codes and tokens of token requests and redirects.
static SECRET_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b(token|client_secret|password|confirm_password|access_token|refresh_token|id_token|code|code_verifier)=[^&\s"'<>]+"#,
    )
    .unwrap_or_else(|e| panic!("the built-in redaction pattern is invalid: {e}"))
});

/// Secrets inside HTML: the hidden `code` field of a form_post page, the code the
/// debug page shows, a password field's value.
static SECRET_IN_HTML: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(name="(?:code|password|client_secret|refresh_token|access_token|id_token)"[^>]*?\svalue="|id="code">)[^"<]+"#,
    )
    .unwrap_or_else(|e| panic!("the built-in redaction pattern is invalid: {e}"))
});

/// What [`SECRET_IN_TEXT`] and [`SECRET_IN_HTML`] matches become, built once.
static TEXT_REPLACEMENT: LazyLock<String> = LazyLock::new(|| format!("${{1}}={REDACTED}"));
static HTML_REPLACEMENT: LazyLock<String> = LazyLock::new(|| format!("${{1}}{REDACTED}"));

/// Redacts `token=...`-style secrets in a URL or free text, and secret form values in HTML.
pub fn redact_text(text: &str) -> String {
    redacted(text).into_owned()
}

/// [`redact_text`] without a copy when there is nothing to redact: every pattern needs
/// an `=`, and most strings of a FHIR body (names, codes, dates) have none.
fn redacted(text: &str) -> Cow<'_, str> {
    if !text.contains('=') {
        return Cow::Borrowed(text);
    }
    match SECRET_IN_TEXT.replace_all(text, TEXT_REPLACEMENT.as_str()) {
        Cow::Borrowed(text) => SECRET_IN_HTML.replace_all(text, HTML_REPLACEMENT.as_str()),
        Cow::Owned(text) => Cow::Owned(
            SECRET_IN_HTML
                .replace_all(&text, HTML_REPLACEMENT.as_str())
                .into_owned(),
        ),
    }
}

/// Whether the field `key` holding `value` is a secret to replace whole.
fn is_secret_field(key: &str, value: &Value) -> bool {
    SECRET_FIELDS.contains(&key)
        && matches!(value, Value::String(s) if !s.chars().all(|c| c == '*'))
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
                    let v = if is_secret_field(k, v) {
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

/// Writes `value` as compact JSON, redacted exactly as [`redact_json`] would redact it,
/// without building the redacted copy: a transcript of a large FHIR Bundle is one pass
/// over the answer already parsed, not a parse, a copy and a serialization.
pub(super) fn write_redacted_json(value: &Value, out: &mut impl io::Write) -> io::Result<()> {
    match value {
        Value::Object(map) => {
            out.write_all(b"{")?;
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, k)?;
                out.write_all(b":")?;
                if is_secret_field(k, v) {
                    serde_json::to_writer(&mut *out, REDACTED)?;
                } else {
                    write_redacted_json(v, out)?;
                }
            }
            out.write_all(b"}")
        }
        Value::Array(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_redacted_json(item, out)?;
            }
            out.write_all(b"]")
        }
        Value::String(s) => Ok(serde_json::to_writer(&mut *out, redacted(s).as_ref())?),
        other => Ok(serde_json::to_writer(&mut *out, other)?),
    }
}

/// Writes `text` with its secrets redacted, as [`redact_text`] returns it.
pub(super) fn write_redacted_text(text: &str, out: &mut impl io::Write) -> io::Result<()> {
    out.write_all(redacted(text).as_bytes())
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
    fn oauth_codes_and_tokens_are_redacted() {
        assert_eq!(
            redact_text("grant_type=refresh_token&refresh_token=abc&code=xyz&code_verifier=v"),
            "grant_type=refresh_token&refresh_token=[redacted]&code=[redacted]&code_verifier=[redacted]"
        );
        let h = redact_headers(&[("Location".into(), "https://app/cb?code=c0de&state=s".into())]);
        assert_eq!(h[0].1, "https://app/cb?code=[redacted]&state=s");
        assert_eq!(
            redact_text(
                r#"<input type="hidden" name="code" value="c0de"><code id="code">c0de</code>"#
            ),
            r#"<input type="hidden" name="code" value="[redacted]"><code id="code">[redacted]</code>"#
        );
        assert_eq!(
            redact_text("send code_challenge_method=S256"),
            "send code_challenge_method=S256"
        );
    }

    #[test]
    fn secrets_in_query_strings_are_redacted() {
        assert_eq!(
            redact_text("https://x/portal/api/verify-email?token=abc&next=1"),
            "https://x/portal/api/verify-email?token=[redacted]&next=1"
        );
    }

    #[test]
    fn the_redacting_writer_writes_what_redact_json_returns_serialized() {
        let body = json!({
            "resourceType": "Bundle", "total": 2, "ratio": 0.5, "ok": true, "none": null,
            "link": [{"relation": "next", "url": "http://x/dev1/fhir/Patient?_count=1&token=abc"}],
            "entry": [{"password": "p", "masked": {"client_secret": "****"}, "n": [1, -2, 3.25]}],
            "html": "<input name=\"code\" value=\"c0de\"> \"quoted\" \u{e9}\n\t",
            "access_token": 7
        });
        let mut written = Vec::new();
        write_redacted_json(&body, &mut written).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            redact_json(&body).to_string()
        );
    }

    #[test]
    fn text_without_an_equals_sign_is_left_as_it_is() {
        assert!(matches!(redacted("Rose Tammy Beltran"), Cow::Borrowed(_)));
        assert_eq!(redact_text("a token: abc"), "a token: abc");
    }
}
