//! Refusals of the portal and control APIs: `application/problem+json` (RFC 9457).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One broken rule of a request body, named by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The request field at fault, e.g. `password` or `redirect_uris[1]`.
    pub field: String,
    /// Machine-readable rule, e.g. `password.missing_digit`.
    pub code: &'static str,
    /// What is wrong and how to fix it, in plain words.
    pub message: String,
}

impl FieldError {
    /// A broken rule on `field`.
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// Every way a portal or control call can fail.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("malformed request body: {0}")]
    MalformedBody(String),
    #[error("malformed query: {0}")]
    MalformedQuery(String),
    #[error("unsupported media type: expected {expected}")]
    UnsupportedMediaType {
        expected: &'static str,
        got: Option<String>,
    },
    #[error("payload larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The body did not arrive within the read timeout (a stalled or slow-loris client).
    #[error("request body not received within {seconds} s")]
    RequestTimeout { seconds: u64 },
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("not signed in: {0}")]
    NotSignedIn(&'static str),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("email not verified")]
    EmailNotVerified,
    #[error("account locked for {retry_after_seconds} s")]
    AccountLocked { retry_after_seconds: i64 },
    #[error("terms not accepted")]
    TermsNotAccepted,
    #[error("admin token required ({0})")]
    AdminTokenRequired(AdminRefusal),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("no route {0}")]
    NoRoute(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("conflict: {title}")]
    Conflict {
        title: &'static str,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// No fault rule with this id (`/_sandbox/faults/{id}`).
    #[error("no fault {0}")]
    UnknownFault(String),
    /// A simulated error status a fault rule answered instead of the route.
    #[error("simulated {status} from fault {fault}")]
    SimulatedFault { status: StatusCode, fault: String },
    /// A defect of the sandbox itself; the client sees a generic sentence, the log sees this.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Why an admin call was refused; decides between 401 and 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminRefusal {
    /// No bearer token at all: 401.
    Missing,
    /// A token that is not the admin token (a developer's session, a guess): 403.
    Wrong,
    /// The sandbox was started without `--admin-token`: 403.
    NotConfigured,
}

impl std::fmt::Display for AdminRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AdminRefusal::Missing => "missing",
            AdminRefusal::Wrong => "wrong",
            AdminRefusal::NotConfigured => "not configured",
        })
    }
}

impl ApiError {
    /// A 409 with its stable title and what to do about it.
    pub fn conflict(title: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Conflict {
            title,
            detail: detail.into(),
            errors: vec![],
        }
    }

    /// A 422 for a single broken rule.
    pub fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedBody(_) | ApiError::MalformedQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotSignedIn(_) | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::AdminTokenRequired(AdminRefusal::Missing) => StatusCode::UNAUTHORIZED,
            ApiError::AdminTokenRequired(_) => StatusCode::FORBIDDEN,
            ApiError::EmailNotVerified | ApiError::TermsNotAccepted => StatusCode::FORBIDDEN,
            ApiError::AccountLocked { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound(_) | ApiError::NoRoute(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::UnknownFault(_) => StatusCode::NOT_FOUND,
            ApiError::SimulatedFault { status, .. } => *status,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable short title: what tests and apps match on.
    fn title(&self) -> &'static str {
        match self {
            ApiError::MalformedBody(_) => "malformed request body",
            ApiError::MalformedQuery(_) => "malformed query",
            ApiError::UnsupportedMediaType { .. } => "unsupported media type",
            ApiError::PayloadTooLarge { .. } => "payload too large",
            ApiError::RequestTimeout { .. } => "request timeout",
            ApiError::Validation(_) => "invalid request",
            ApiError::NotSignedIn(_) => "not signed in",
            ApiError::InvalidCredentials => "invalid credentials",
            ApiError::EmailNotVerified => "email not verified",
            ApiError::AccountLocked { .. } => "account locked",
            ApiError::TermsNotAccepted => "terms not accepted",
            ApiError::AdminTokenRequired(_) => "admin token required",
            ApiError::NotFound(_) | ApiError::NoRoute(_) | ApiError::UnknownFault(_) => "not found",
            ApiError::MethodNotAllowed => "method not allowed",
            ApiError::SimulatedFault { .. } => "simulated fault",
            ApiError::Conflict { title, .. } => title,
            ApiError::Internal(_) => "internal error",
        }
    }

    /// What the developer should do, in plain words: the client-facing message.
    fn detail(&self) -> String {
        match self {
            ApiError::MalformedBody(why) => format!("The request body could not be read: {why}."),
            ApiError::MalformedQuery(why) => format!("The query string could not be read: {why}."),
            ApiError::UnsupportedMediaType { expected, got } => format!(
                "Send the body as {expected} (Content-Type was {}).",
                got.as_deref().unwrap_or("missing")
            ),
            ApiError::PayloadTooLarge { limit } => format!(
                "The body is larger than the {} this endpoint accepts; send a smaller one.",
                super::size(*limit)
            ),
            ApiError::RequestTimeout { seconds } => format!(
                "The request body did not arrive within {seconds} s; send the whole body at once, without pausing."
            ),
            ApiError::Validation(errors) => {
                let parts: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect();
                let n = errors.len();
                let noun = if n == 1 { "field needs" } else { "fields need" };
                let list = parts.join("; ");
                let stop = if list.ends_with(['.', '?', '!']) { "" } else { "." };
                format!("{n} {noun} fixing: {list}{stop}")
            }
            ApiError::NotSignedIn(why) => format!(
                "{why}; sign in with POST /portal/api/sessions and send `Authorization: Bearer <token>`."
            ),
            ApiError::InvalidCredentials => "The username or password is wrong.".into(),
            ApiError::EmailNotVerified => {
                "Open the Verify Email link sent to your address before signing in.".into()
            }
            ApiError::AccountLocked {
                retry_after_seconds,
            } => format!(
                "Too many failed sign-ins; the account is locked for another {retry_after_seconds} s."
            ),
            ApiError::TermsNotAccepted => "Accept the Terms of Service with POST /portal/api/terms/accept before using the portal.".into(),
            ApiError::AdminTokenRequired(AdminRefusal::NotConfigured) => "This sandbox has no admin token; start it with --admin-token or CONFORM_ADMIN_TOKEN.".into(),
            ApiError::AdminTokenRequired(_) => "The security team's API needs `Authorization: Bearer <admin token>`; a developer's session is not enough.".into(),
            ApiError::NotFound(what) => format!("No {what} with that id belongs to you."),
            ApiError::NoRoute(path) => format!("Nothing is served at {path}."),
            ApiError::MethodNotAllowed => "This path does not take that method.".into(),
            ApiError::Conflict { detail, .. } => detail.clone(),
            ApiError::UnknownFault(id) => format!("No fault rule {id}; GET /_sandbox/faults lists the current ones."),
            ApiError::SimulatedFault { status, fault } => simulated_detail(*status, fault),
            ApiError::Internal(_) => "The sandbox failed to handle this request; it has been logged.".into(),
        }
    }

    fn slug(&self) -> String {
        self.title().replace(' ', "-")
    }

    fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Validation(errors) | ApiError::Conflict { errors, .. } => errors,
            _ => &[],
        }
    }
}

/// The sentence every simulated error carries, whatever its wire format: it says the
/// answer is rehearsal, not a defect, and how to stop it.
pub(crate) fn simulated_detail(status: StatusCode, fault: &str) -> String {
    format!(
        "The sandbox answered {} {} because of the simulated fault {fault}; remove it with DELETE /_sandbox/faults/{fault}.",
        status.as_u16(),
        status.canonical_reason().unwrap_or("error")
    )
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    errors: &'a [FieldError],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() && !matches!(self, ApiError::SimulatedFault { .. }) {
            tracing::error!(error = %self, "request failed");
        }
        let problem = Problem {
            kind: format!("urn:conform:problem:{}", self.slug()),
            title: self.title(),
            status: status.as_u16(),
            detail: self.detail(),
            errors: self.field_errors(),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        match &self {
            ApiError::NotSignedIn(_) => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"portal\""),
                );
            }
            ApiError::AdminTokenRequired(AdminRefusal::Missing) => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"portal-admin\""),
                );
            }
            ApiError::AccountLocked {
                retry_after_seconds,
            } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after_seconds.to_string()) {
                    headers.insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
        response
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(err: crate::store::StoreError) -> Self {
        use crate::store::{ProductionGap, StoreError as S};
        match err {
            S::UsernameTaken => ApiError::Conflict {
                title: "username taken",
                detail: "Another account already uses this username; choose another.".into(),
                errors: vec![FieldError::new(
                    "username",
                    "username.taken",
                    "is already taken",
                )],
            },
            S::EmailTaken => ApiError::Conflict {
                title: "email taken",
                detail: "Another account already uses this email address; sign in instead.".into(),
                errors: vec![FieldError::new(
                    "email",
                    "email.taken",
                    "is already registered",
                )],
            },
            S::NotFound(what) => ApiError::NotFound(what),
            S::AttestationPending => ApiError::conflict(
                "attestation already pending",
                "This app's security attestation awaits the security team's review; wait for its decision.",
            ),
            S::AttestationApproved => ApiError::conflict(
                "attestation already approved",
                "This app's security attestation is already approved; nothing to resubmit.",
            ),
            S::AttestationNotPending(status) => ApiError::conflict(
                "attestation not pending",
                format!(
                    "This attestation was already reviewed (status `{status}`); only pending ones can be reviewed."
                ),
            ),
            S::NoPolicy => ApiError::conflict(
                "no privacy policy uploaded",
                "Upload the privacy policy PDF first with PUT /portal/api/apps/{id}/privacy-policy.",
            ),
            S::PolicyInProduction => ApiError::conflict(
                "privacy policy in use",
                "The production client relies on this privacy policy; delete the production client first.",
            ),
            S::AlreadyInProduction => ApiError::conflict(
                "already in production",
                "This app already has a production client; delete it first to change this.",
            ),
            S::NotReadyForProduction(gaps) => {
                let errors: Vec<FieldError> = gaps
                    .iter()
                    .map(|gap| match gap {
                        ProductionGap::PolicyNotSubmitted { uploaded: false } => FieldError::new(
                            "privacy_policy",
                            "privacy_policy.not_submitted",
                            "no privacy policy is uploaded; upload the PDF and submit it",
                        ),
                        ProductionGap::PolicyNotSubmitted { uploaded: true } => FieldError::new(
                            "privacy_policy",
                            "privacy_policy.not_submitted",
                            "the privacy policy is uploaded but not submitted; submit it",
                        ),
                        ProductionGap::AttestationNotApproved(status) => FieldError::new(
                            "security_attestation",
                            "security_attestation.not_approved",
                            match status {
                                None => "no security attestation was submitted; submit one and wait for approval".to_owned(),
                                Some(s) => format!("the security attestation is `{}`, it must be approved", s.as_str()),
                            },
                        ),
                    })
                    .collect();
                let detail = format!(
                    "Production registration needs a submitted privacy policy and an approved security attestation: {}.",
                    errors
                        .iter()
                        .map(|e| e.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                );
                ApiError::Conflict {
                    title: "not ready for production",
                    detail,
                    errors,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_detail_lists_every_field() {
        let err = ApiError::Validation(vec![
            FieldError::new(
                "password",
                "password.too_short",
                "must be at least 10 characters",
            ),
            FieldError::new("password", "password.missing_digit", "must contain a digit"),
        ]);
        assert_eq!(
            err.detail(),
            "2 fields need fixing: password: must be at least 10 characters; password: must contain a digit."
        );
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn internal_errors_hide_their_cause_from_the_client() {
        let err = ApiError::Internal("sealing key rejected ciphertext".into());
        assert!(!err.detail().contains("sealing"));
    }

    #[test]
    fn admin_refusals_are_401_without_a_token_and_403_with_a_wrong_one() {
        assert_eq!(
            ApiError::AdminTokenRequired(AdminRefusal::Missing).status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            ApiError::AdminTokenRequired(AdminRefusal::Wrong).status(),
            StatusCode::FORBIDDEN
        );
    }
}
