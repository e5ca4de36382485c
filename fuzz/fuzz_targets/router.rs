//! The whole sandbox (`sandbox::app`, as `conform serve` serves it) driven in-process with
//! one request per input, written as HTTP: `METHOD /path?query`, header lines, a blank
//! line, the body. Placeholders name the fixture's session, app and client (see
//! `conform_fuzz::router`). Requests to the `/_sandbox` control API are not sent: it
//! simulates faults and resets the sandbox on purpose.
//!
//! Checked: never a 5xx (a panic in a handler would be one, caught by the router), and
//! every refusal in a documented format: an OperationOutcome under `/{tenant}/fhir`,
//! problem+json under `/portal/api`, JSON (RFC 6749 or problem+json) from the token,
//! introspection and revocation endpoints, HTML from authorize and the debugger.
#![no_main]

use axum::body::Body;
use axum::http::Request;
use conform_fuzz::router::fixture;
use libfuzzer_sys::fuzz_target;

#[path = "../../sandbox/tests/support/wire.rs"]
mod wire;
use wire::on_the_wire;

/// The request the input writes, or `None` when no HTTP client could send it.
fn request(text: &str) -> Option<Request<Body>> {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let (method, target) = lines.next()?.split_once(' ')?;
    let target = on_the_wire(target);
    if !target.starts_with('/') || target.starts_with("/_sandbox") {
        return None;
    }
    let mut builder = Request::builder().method(method).uri(target);
    for line in lines {
        let (name, value) = line.split_once(':')?;
        builder = builder.header(name.trim(), value.trim());
    }
    builder.body(Body::from(body.to_owned())).ok()
}

/// The content types a refusal on `path` may have.
fn documented(path: &str) -> &'static [&'static str] {
    let segments: Vec<&str> = path.split('/').collect();
    match segments.as_slice() {
        ["", "portal", "api", ..] => &["application/problem+json"],
        // Discovery, or a FHIR read of type `.well-known`, or the fallback's 404.
        ["", _, "fhir", ".well-known", ..] => &[
            "application/json",
            "application/problem+json",
            "application/fhir+json",
        ],
        ["", _, "fhir", ..] => &["application/fhir+json"],
        ["", _, "oauth2", "authorize", ..] | ["", "debug", ..] => &["text/html"],
        ["", _, "oauth2", ..] => &["application/json", "application/problem+json"],
        _ => &[
            "application/problem+json",
            "application/fhir+json",
            "text/html",
            "application/json",
        ],
    }
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let text = f.fill(&String::from_utf8_lossy(data));
    let Some(request) = request(&text) else {
        return;
    };
    let path = request.uri().path().to_owned();
    let reply = f.send(request);
    let body = String::from_utf8_lossy(&reply.body);
    assert!(reply.status < 500, "{} for {text:?}: {body}", reply.status);
    if reply.status >= 400 {
        let essence = reply
            .content_type
            .as_deref()
            .and_then(|ct| ct.split(';').next())
            .unwrap_or("");
        assert!(
            documented(&path).contains(&essence.trim()),
            "{} {essence:?} for {text:?}: {body}",
            reply.status
        );
    }
});
