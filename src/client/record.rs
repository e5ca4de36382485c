//! Turning one call and its answer into the redacted [`Exchange`] a transcript keeps.
//!
//! Only [`super::Recorder`] calls this, and only when the run records transcripts: a run
//! without them (the overhead bench's baseline) never redacts or copies a body.

use serde_json::Value;

use crate::transcript::Exchange;

use super::redact::{redact_headers, redact_text, write_redacted_json, write_redacted_text};
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
        Body::Json(value) => {
            let mut out = Vec::new();
            // Writing into memory cannot fail.
            let _ = write_redacted_json(value, &mut out);
            Some(String::from_utf8_lossy(&out).into_owned())
        }
        Body::Raw {
            content_type,
            bytes,
        } => {
            let json = serde_json::from_slice::<Value>(bytes).ok();
            Some(describe_body(bytes, content_type, json.as_ref()))
        }
    }
}

/// A body as it appears in transcripts and failure messages: binary summarised, secrets
/// redacted, long text cut. `json` is the body parsed as JSON when it is JSON (the
/// caller has usually parsed it already; it is not parsed twice).
pub(super) fn describe_body(bytes: &[u8], content_type: &str, json: Option<&Value>) -> String {
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
    let mut out = Capped::new(TRANSCRIPT_BODY_LIMIT);
    // Writing into memory cannot fail; a failed serialization would only cut the body.
    let _ = match json {
        Some(value) => write_redacted_json(value, &mut out),
        None => write_redacted_text(text, &mut out),
    };
    out.finish()
}

/// A sink keeping the first `limit` bytes written and counting the rest, so a huge body
/// is redacted and measured in one pass but only its beginning is copied.
struct Capped {
    kept: Vec<u8>,
    total: usize,
    limit: usize,
}

impl Capped {
    fn new(limit: usize) -> Self {
        Self {
            kept: Vec::new(),
            total: 0,
            limit,
        }
    }

    /// What was written, or its first `limit` bytes (cut at a character boundary) and
    /// how many more there were.
    fn finish(self) -> String {
        let kept = match std::str::from_utf8(&self.kept) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&self.kept[..e.valid_up_to()]).unwrap_or_default(),
        };
        if self.total > self.limit {
            format!("{kept}… <{} more bytes>", self.total - kept.len())
        } else {
            kept.to_owned()
        }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.total += buf.len();
        let room = self.limit.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&buf[..room.min(buf.len())]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_bodies_are_summarised() {
        assert_eq!(
            describe_body(b"%PDF-1.4 \xff\xfe", "application/pdf", None),
            "<11 bytes application/pdf>"
        );
    }

    #[test]
    fn long_text_bodies_are_cut() {
        let long = "a".repeat(TRANSCRIPT_BODY_LIMIT + 10);
        let described = describe_body(long.as_bytes(), "text/plain", None);
        assert!(described.ends_with("… <10 more bytes>"), "{described}");
    }

    #[test]
    fn long_json_bodies_are_cut_after_redaction_at_a_character_boundary() {
        let body = serde_json::json!({"password": "p", "text": "é".repeat(TRANSCRIPT_BODY_LIMIT)});
        let full = super::super::redact_json(&body).to_string();
        let described = describe_body(full.as_bytes(), "application/json", Some(&body));
        let (kept, rest) = described.split_once("… <").unwrap();
        assert!(full.starts_with(kept) && kept.starts_with(r#"{"password":"[redacted]""#));
        assert!(kept.len() <= TRANSCRIPT_BODY_LIMIT && kept.len() > TRANSCRIPT_BODY_LIMIT - 2);
        assert_eq!(rest, format!("{} more bytes>", full.len() - kept.len()));
    }
}
