//! Refusals of the tenant FHIR APIs: OperationOutcome (FHIR R4 `http.html#errors`).
//!
//! Every FHIR refusal is a [`FhirError`], turned into bytes here only: an
//! `application/fhir+json` OperationOutcome whose issue has a FHIR `code` apps can
//! switch on (`invalid`, `not-found`, `not-supported`, `login`, `forbidden`), a
//! `diagnostics` sentence that names the parameter or id at fault and what to change,
//! and an `expression` naming the parameter. Token refusals keep their RFC 6750
//! `WWW-Authenticate` challenge, since SMART clients read that header, not the body.

use crate::oauth::bearer::BearerError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The media type of every FHIR answer.
pub const FHIR_JSON: &str = "application/fhir+json; charset=utf-8";

/// Why a FHIR request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FhirError {
    /// A search parameter has a value this server cannot read (`birthdate=yesterday`).
    #[error("invalid value for search parameter `{name}`: {message}")]
    InvalidParameter { name: String, message: String },
    /// A parameter this server does not know, under `Prefer: handling=strict`.
    #[error("unknown search parameter `{0}`")]
    UnknownParameter(String),
    /// An id with characters FHIR ids cannot have, or too long.
    #[error("`{0}` is not a valid FHIR id")]
    InvalidId(String),
    /// A resource type this server does not serve (or that FHIR R4 does not have).
    #[error("this server does not serve the resource type `{0}`")]
    UnknownType(String),
    /// No such resource, or one the token may not see (never told apart).
    #[error("{resource_type}/{id} is not known")]
    NotFound { resource_type: String, id: String },
    /// A path under a FHIR base that is no FHIR interaction (`Practitioner/1/x/y`).
    #[error(
        "nothing is served at `{0}` under this FHIR base: see `metadata` for the types and interactions offered"
    )]
    NoSuchPath(String),
    /// The client asked for a format other than JSON.
    #[error("{0}")]
    NotAcceptable(String),
    /// An operation or interaction this server does not offer (`$export`, writes).
    #[error("{0}")]
    NotSupported(String),
    /// A write or other method on a read-only API.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// No usable token, or one without the scope.
    #[error("{}", .0.description())]
    Bearer(BearerError),
    /// A request body too large, too slow to arrive, or broken off.
    #[error("{}", .0.sentence())]
    Body(super::BodyError),
    /// A simulated error status a fault rule answered instead of the FHIR API.
    #[error("{}", super::problem::simulated_detail(*.status, .fault))]
    SimulatedFault { status: StatusCode, fault: String },
}

impl From<BearerError> for FhirError {
    fn from(e: BearerError) -> Self {
        FhirError::Bearer(e)
    }
}

impl FhirError {
    /// The HTTP status this refusal answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            FhirError::InvalidParameter { .. }
            | FhirError::UnknownParameter(_)
            | FhirError::InvalidId(_)
            | FhirError::NotSupported(_) => StatusCode::BAD_REQUEST,
            FhirError::UnknownType(_) | FhirError::NotFound { .. } | FhirError::NoSuchPath(_) => {
                StatusCode::NOT_FOUND
            }
            FhirError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            FhirError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            FhirError::Bearer(b) => b.status(),
            FhirError::Body(b) => b.status(),
            FhirError::SimulatedFault { status, .. } => *status,
        }
    }

    /// The FHIR issue type (`IssueType` value set).
    fn issue_code(&self) -> &'static str {
        match self {
            FhirError::InvalidParameter { .. } | FhirError::InvalidId(_) => "invalid",
            FhirError::UnknownParameter(_)
            | FhirError::UnknownType(_)
            | FhirError::NotAcceptable(_)
            | FhirError::NotSupported(_)
            | FhirError::MethodNotAllowed(_) => "not-supported",
            FhirError::NotFound { .. } | FhirError::NoSuchPath(_) => "not-found",
            FhirError::Bearer(BearerError::InvalidToken(_)) => "login",
            FhirError::Bearer(BearerError::InsufficientScope(_)) => "forbidden",
            FhirError::Body(super::BodyError::TooLarge { .. }) => "too-long",
            FhirError::Body(super::BodyError::Timeout { .. }) => "timeout",
            FhirError::Body(super::BodyError::Unreadable(_)) => "incomplete",
            FhirError::SimulatedFault { status, .. } => match status.as_u16() {
                429 => "throttled",
                408 | 504 => "timeout",
                502 | 503 => "transient",
                500..=599 => "exception",
                _ => "processing",
            },
        }
    }

    fn expression(&self) -> Option<&str> {
        match self {
            FhirError::InvalidParameter { name, .. } | FhirError::UnknownParameter(name) => {
                Some(name)
            }
            _ => None,
        }
    }
}

/// An OperationOutcome with one issue.
fn operation_outcome(
    severity: &str,
    code: &str,
    diagnostics: &str,
    expression: Option<&str>,
) -> Value {
    let mut issue = json!({"severity": severity, "code": code, "diagnostics": diagnostics});
    if let Some(e) = expression {
        issue["expression"] = json!([e]);
    }
    json!({"resourceType": "OperationOutcome", "issue": [issue]})
}

impl IntoResponse for FhirError {
    fn into_response(self) -> Response {
        let body = operation_outcome(
            "error",
            self.issue_code(),
            &self.to_string(),
            self.expression(),
        );
        let mut response = (self.status(), body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON));
        if let FhirError::Bearer(b) = &self
            && let Some(challenge) = b.challenge()
        {
            headers.insert(header::WWW_AUTHENTICATE, challenge);
        }
        if let FhirError::MethodNotAllowed(_) = self {
            headers.insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        response
    }
}
