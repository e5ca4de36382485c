//! Refusals of a request body itself: too large, too slow to arrive, or broken off.
//!
//! Every route family answers these in its own wire format (problem+json for the portal
//! and control APIs, RFC 6749 error JSON for the token endpoints, OperationOutcome for
//! FHIR, an HTML page for the member's pages), so the cause is one typed [`BodyError`]
//! and each format's conversion lives here, beside the others.

use super::{ApiError, FhirError, OAuthError};
use axum::http::StatusCode;

/// Why a request body was refused before any handler saw it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// More bytes than the route accepts (413).
    #[error("the body is larger than the {} this endpoint accepts", size(*.limit))]
    TooLarge { limit: usize },
    /// The body did not arrive in time: a slow or stalled client (408).
    #[error("the body did not arrive within {seconds} s")]
    Timeout { seconds: u64 },
    /// The connection broke off mid-body (400).
    #[error("the body could not be read: {0}")]
    Unreadable(String),
}

impl BodyError {
    /// The HTTP status of this refusal, whatever the format.
    pub fn status(&self) -> StatusCode {
        match self {
            BodyError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            BodyError::Timeout { .. } => StatusCode::REQUEST_TIMEOUT,
            BodyError::Unreadable(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// What the client should do, in one sentence after the cause.
    pub fn advice(&self) -> &'static str {
        match self {
            BodyError::TooLarge { .. } => "send a smaller body",
            BodyError::Timeout { .. } => "send the whole body at once, without pausing",
            BodyError::Unreadable(_) => "send the request again",
        }
    }

    /// The cause and the advice, as one sentence.
    pub fn sentence(&self) -> String {
        format!("{self}; {}.", self.advice())
    }
}

/// `1 MiB`, `64 KiB`, `10 MiB`, `512 bytes`: a limit as people write it.
pub(crate) fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge { limit } => ApiError::PayloadTooLarge { limit },
            BodyError::Timeout { seconds } => ApiError::RequestTimeout { seconds },
            BodyError::Unreadable(why) => ApiError::MalformedBody(why),
        }
    }
}

impl From<BodyError> for OAuthError {
    fn from(e: BodyError) -> Self {
        OAuthError::body(e.status(), e.sentence())
    }
}

impl From<BodyError> for FhirError {
    fn from(e: BodyError) -> Self {
        FhirError::Body(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_the_way_people_write_them() {
        assert_eq!(size(1024 * 1024), "1 MiB");
        assert_eq!(size(10 * 1024 * 1024), "10 MiB");
        assert_eq!(size(64 * 1024), "64 KiB");
        assert_eq!(size(100), "100 bytes");
    }

    #[test]
    fn each_refusal_has_its_status_in_every_format() {
        let too_large = BodyError::TooLarge { limit: 64 * 1024 };
        assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(OAuthError::from(too_large.clone()).status(), 413);
        assert_eq!(FhirError::from(too_large.clone()).status(), 413);
        assert!(too_large.sentence().contains("64 KiB"));
        let slow = BodyError::Timeout { seconds: 30 };
        assert_eq!(OAuthError::from(slow.clone()).status(), 408);
        assert_eq!(FhirError::from(slow).status(), 408);
    }
}
