//! Turning one call and its answer into the redacted [`Exchange`] a transcript keeps.
//!
//! Only [`super::Recorder`] calls this, and only when the run records transcripts: a run
//! without them (the overhead bench's baseline) never redacts or copies a body.

use serde_json::Value;

use crate::transcript::Exchange;

use super::redact::{redact_headers, redact_json, redact_text};
use super::{Body, Call, Response};

/// Bodies longer than this are cut in transcripts so reports stay readable.
pub(super) const TRANSCRIPT_BODY_LIMIT: usize = 64 * 1024;

/// The request half of an exchange, taken before `call` is consumed by sending it.
pub(super) fn requested(step: Option<&str>, url: &str, call: &Call) -> Exchange {
    Exchange {
        step: step.map(str::to_owned),
        method: call.method.to_string(),
        url: redact_text(url),
        request_headers: redact_headers(&recorded_headers(call)),
        request_body: describe_request_body(&call.body),
        status: None,
        response_headers: Vec::new(),
        response_body: None,
        duration_ms: 0.0,
        error: None,
    }
}

/// Completes `exchange` with the answer that came back from `final_url`.
pub(super) fn answered(exchange: &mut Exchange, final_url: &str, response: &Response) {
    exchange.url = redact_text(final_url);
    exchange.status = Some(response.status);
    exchange.response_headers = redact_headers(&response.headers);
    exchange.response_body = Some(response.describe_body());
}

/// The headers as sent, including the `Content-Type` the body implies.
fn recorded_headers(call: &Call) -> Vec<(String, String)> {
    let mut headers = call.headers.clone();
    match &call.body {
        Body::Empty => {}
        Body::Json(_) => headers.push(("Content-Type".into(), "application/json".into())),
        Body::Raw { content_type, .. } => {
            headers.push(("Content-Type".into(), content_type.clone()));
        }
    }
    headers
}

fn describe_request_body(body: &Body) -> Option<String> {
    match body {
        Body::Empty => None,
        Body::Json(value) => Some(redact_json(value).to_string()),
        Body::Raw {
            content_type,
            bytes,
        } => Some(describe_body(bytes, content_type)),
    }
}

/// A body as it appears in transcripts and failure messages.
pub(super) fn describe_body(bytes: &[u8], content_type: &str) -> String {
    if bytes.is_empty() {
        return String::new();
    }
    let media = content_type.split(';').next().unwrap_or("").trim();
    let textual = media.is_empty()
        || media.starts_with("text/")
        || media.ends_with("json")
        || media.ends_with("+json")
        || media == "application/x-www-form-urlencoded";
    let text = match std::str::from_utf8(bytes) {
        Ok(text) if textual => text,
        _ => {
            let media = if media.is_empty() {
                "application/octet-stream"
            } else {
                media
            };
            return format!("<{} bytes {media}>", bytes.len());
        }
    };
    let redacted = match serde_json::from_str::<Value>(text) {
        Ok(value) => redact_json(&value).to_string(),
        Err(_) => redact_text(text),
    };
    if redacted.len() > TRANSCRIPT_BODY_LIMIT {
        let mut cut = TRANSCRIPT_BODY_LIMIT;
        while !redacted.is_char_boundary(cut) {
            cut -= 1;
        }
        format!(
            "{}… <{} more bytes>",
            &redacted[..cut],
            redacted.len() - cut
        )
    } else {
        redacted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_bodies_are_summarised() {
        assert_eq!(
            describe_body(b"%PDF-1.4 \xff\xfe", "application/pdf"),
            "<11 bytes application/pdf>"
        );
    }

    #[test]
    fn long_text_bodies_are_cut() {
        let long = "a".repeat(TRANSCRIPT_BODY_LIMIT + 10);
        let described = describe_body(long.as_bytes(), "text/plain");
        assert!(described.ends_with("… <10 more bytes>"), "{described}");
    }
}
