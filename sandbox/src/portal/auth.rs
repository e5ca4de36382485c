//! Who is calling: a signed-in developer, one who also accepted the terms, or the security team.

use crate::error::{AdminRefusal, ApiError};
use crate::secrets::digest;
use crate::state::SandboxState;
use crate::store::records::Account;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use subtle::ConstantTimeEq;

/// A developer with a live session, whether or not they accepted the terms yet.
pub struct SignedIn {
    pub account: Account,
    pub session_digest: [u8; 32],
}

/// A developer with a live session who accepted the Terms of Service: what most calls need.
pub struct Developer(pub Account);

/// The security team, proven by the admin token.
pub struct Admin;

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

impl FromRequestParts<SandboxState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SandboxState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or(ApiError::NotSignedIn("no session token was sent"))?;
        let session_digest = digest(token);
        let session = state
            .store
            .session(&session_digest, state.clock.now())
            .ok_or(ApiError::NotSignedIn(
                "the session token is unknown or expired",
            ))?;
        let account = state
            .store
            .account(session.account_id)
            .ok_or(ApiError::NotSignedIn(
                "the session's account no longer exists",
            ))?;
        Ok(SignedIn {
            account,
            session_digest,
        })
    }
}

impl FromRequestParts<SandboxState> for Developer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SandboxState,
    ) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if signed_in.account.terms_accepted_at.is_none() {
            return Err(ApiError::TermsNotAccepted);
        }
        Ok(Developer(signed_in.account))
    }
}

impl FromRequestParts<SandboxState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SandboxState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or(ApiError::AdminTokenRequired(AdminRefusal::Missing))?;
        let expected = state
            .config
            .admin_token
            .as_deref()
            .ok_or(ApiError::AdminTokenRequired(AdminRefusal::NotConfigured))?;
        if bool::from(digest(token).ct_eq(&digest(expected))) {
            Ok(Admin)
        } else {
            Err(ApiError::AdminTokenRequired(AdminRefusal::Wrong))
        }
    }
}

/// One of the signed-in developer's own apps, named by the `{id}` path segment.
///
/// Extracting it checks session, terms and ownership before the handler runs, so no
/// handler can forget the check: an unknown id and another developer's app are the
/// same 404, and a stranger learns nothing about an app that is not theirs.
pub struct OwnApp {
    pub account: Account,
    pub snapshot: crate::store::AppSnapshot,
}

impl OwnApp {
    /// The app's store id.
    pub fn id(&self) -> u64 {
        self.snapshot.app.id
    }
}

impl FromRequestParts<SandboxState> for OwnApp {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SandboxState,
    ) -> Result<Self, Self::Rejection> {
        let Developer(account) = Developer::from_request_parts(parts, state).await?;
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| ApiError::NotFound("app"))?;
        let snapshot = state.store.app(account.id, super::ids::parse_app(&raw)?)?;
        Ok(OwnApp { account, snapshot })
    }
}
