//! Step definitions of the portal features, one module per feature area.
//!
//! Steps are phrased the way a help-desk person describes the portal ("she registers
//! the app ..."), and every assertion says in plain words what was expected, what the
//! portal answered instead, and shows the body it answered with. The helpers here are
//! what keeps those messages uniform across areas.

#![warn(missing_docs)]

pub mod accounts;
pub mod apps;
pub mod attestation;
pub mod capability;
pub mod common;
pub mod directory;
pub mod faults;
pub mod fhir;
pub mod oauth;
pub mod oauth_discovery;
pub mod oauth_token;
pub mod patient_access;
pub mod privacy_policy;
pub mod production;
pub mod tickets;

use serde_json::Value;

use crate::client::Response;
use crate::validation;
use crate::world::PortalWorld;

/// Prefix of every portal API path.
pub const API: &str = "/portal/api";

/// Path of the sandbox control API; only `@sandbox` scenarios may use it.
pub const SANDBOX: &str = "/_sandbox";

/// The answer, quoted for a failure message.
pub fn shown(response: &Response) -> String {
    let body = response.describe_body();
    let body = if body.is_empty() {
        "(empty body)".to_owned()
    } else {
        body
    };
    format!("The portal answered {}: {body}", response.status)
}

/// Fails the step with `message`, followed by the last answer (status and body) when
/// there is one, so every failure shows what the portal actually said.
pub fn fail(w: &PortalWorld, message: impl std::fmt::Display) -> ! {
    match w.last_response() {
        Some(response) => panic!("{message}\n{}", shown(response)),
        None => panic!("{message}"),
    }
}

/// Fails unless the last answer has `status`; `what` names the action in plain words.
pub fn expect_status<'w>(w: &'w PortalWorld, status: u16, what: &str) -> &'w Response {
    let response = w.last();
    if response.status != status {
        panic!(
            "Expected {what} to answer status {status}, but it answered {}.\n{}",
            response.status,
            shown(response)
        );
    }
    response
}

/// Fails unless the body of `response` is JSON that matches schema `schema`; returns it.
pub fn expect_schema(response: &Response, schema: &str, what: &str) -> Value {
    let Some(json) = response.json.clone() else {
        panic!(
            "Expected {what} to answer with a JSON body, but the body is not JSON.\n{}",
            shown(response)
        );
    };
    if let Err(errors) = validation::validate(schema, &json) {
        panic!(
            "The answer to {what} does not have the documented shape ({schema} schema):\n  - {}\n{}",
            errors.join("\n  - "),
            shown(response)
        );
    }
    json
}

/// Fails unless the last answer has `status` and a body matching `schema`; returns it.
pub fn expect_json(w: &PortalWorld, status: u16, schema: &str, what: &str) -> Value {
    let response = expect_status(w, status, what);
    expect_schema(response, schema, what)
}

/// Fails unless the last answer is a refusal with `status` served as problem+json
/// (RFC 9457) with a consistent `status` member and, when given, the `title`.
pub fn expect_problem(w: &PortalWorld, status: u16, title: Option<&str>) -> Value {
    let what = "the request";
    let response = expect_status(w, status, what);
    let media = response.media_type().unwrap_or_default();
    if media != "application/problem+json" {
        panic!(
            "Expected the refusal to be served as application/problem+json, but its \
             Content-Type is {media:?}.\n{}",
            shown(response)
        );
    }
    let problem = expect_schema(response, "problem", "the refusal");
    if problem["status"].as_u64() != Some(u64::from(status)) {
        panic!(
            "The problem's \"status\" member says {} but the HTTP status is {status}.\n{}",
            problem["status"],
            shown(response)
        );
    }
    if let Some(title) = title
        && problem["title"].as_str() != Some(title)
    {
        panic!(
            "Expected the problem title {title:?}, but it is {}.\n{}",
            problem["title"],
            shown(response)
        );
    }
    problem
}

/// The validation codes (`errors[].code`) of a problem.
pub fn problem_codes(problem: &Value) -> Vec<String> {
    problem_errors(problem, "code")
}

/// The fields (`errors[].field`) of a problem.
pub fn problem_fields(problem: &Value) -> Vec<String> {
    problem_errors(problem, "field")
}

/// One text member (`code`, `field`, `message`) of every entry in a problem's `errors`.
pub fn problem_errors(problem: &Value, member: &str) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e[member].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A string member of a JSON document, or a clear failure naming it.
pub fn text_at<'v>(json: &'v Value, pointer: &str, what: &str) -> &'v str {
    json.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| {
            panic!(
                "Expected {what} to carry a text at {pointer}, but found {}.\nBody: {json}",
                json.pointer(pointer).unwrap_or(&Value::Null)
            )
        })
}

/// Splits "a b c" or "a,b,c" into items, ignoring blanks.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
