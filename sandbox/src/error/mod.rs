//! How the sandbox says no.
//!
//! Every refusal of the portal API is an [`ApiError`], and this is the one place
//! that turns it into bytes on the wire: `application/problem+json` (RFC 9457)
//! with a stable `type` and `title` that tests and apps match on, a `detail` that
//! tells the developer what to change, and `errors: [{field, code, message}]` for
//! validation failures. What the client reads and what the log records are kept
//! apart: an [`ApiError::Internal`] shows the client a generic sentence while its
//! cause goes to the log only.
//!
//! Each wire format has one renderer here: [`ApiError`] for the portal and control
//! APIs (problem+json), [`OAuthError`] for the authorization server (RFC 6749 error
//! JSON, `WWW-Authenticate` where the RFCs ask for it), and [`FhirError`] for the
//! tenant FHIR APIs (OperationOutcome). A refused request body ([`BodyError`]: too large,
//! too slow) converts into each of them, so every route answers it in its own format.

mod body;
mod oauth;
mod outcome;
mod problem;

pub use body::BodyError;
pub(crate) use body::size;
pub use oauth::OAuthError;
pub use outcome::{FHIR_JSON, FhirError};
pub use problem::{AdminRefusal, ApiError, FieldError};
