//! The authorization server's state: flows in progress, codes, grants and revocations.

use super::Store;
use super::records::{ClientType, StoredSecretRef};
use crate::tenants::Environment;
use time::OffsetDateTime;

/// A registered client as the authorization server sees it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RegisteredClient {
    pub client_id: String,
    pub app_name: String,
    pub environment: Environment,
    pub client_type: ClientType,
    pub scopes: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub secret: StoredSecretRef,
}

/// Where a member is in the authorize pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FlowStep {
    Login,
    Disclaimer,
    Hipaa,
}

/// How the code goes back to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ResponseMode {
    Query,
    FormPost,
}

/// An authorize request that passed validation, while the member walks the pages.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AuthorizationFlow {
    pub id: String,
    pub tenant: String,
    pub client: RegisteredClient,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub response_mode: ResponseMode,
    /// Digest of the cookie the browser got at authorize: the pages answer that browser only.
    pub browser: [u8; 32],
    pub csrf: String,
    pub step: FlowStep,
    /// The member, once logged in: (username, patient id).
    pub member: Option<(String, String)>,
    pub expires_at: OffsetDateTime,
}

/// An issued authorization code (kept by digest).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AuthorizationCode {
    pub tenant: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub username: String,
    pub patient: String,
    pub expires_at: OffsetDateTime,
}

/// A code once exchanged: all that is left to know is which grant a replay revokes.
/// Kept apart from [`AuthorizationCode`] so the many spent codes of a busy sandbox cost
/// a few bytes each, not the whole request.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SpentCode {
    pub expires_at: OffsetDateTime,
    /// The grant its exchange created (none if the exchange failed after the code was taken).
    pub grant: Option<u64>,
}

/// What a code exchange granted: the refresh token and every access token hang off it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Grant {
    pub id: u64,
    pub tenant: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub username: String,
    pub patient: String,
    pub refresh_expires_at: OffsetDateTime,
    pub revoked: bool,
    /// When the last access token issued from it expires (a refresh near the end of the
    /// refresh token's life issues one that outlives it); the grant is kept until then.
    #[serde(default)]
    pub access_expires_by: Option<OffsetDateTime>,
}

/// An issued access token, by its `jti`: the grant it hangs off, so revoking the grant
/// revokes it, and when it expires, so its record can go once it cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "IssuedTokenRow")]
pub struct IssuedToken {
    pub grant: u64,
    /// `None` for a token recorded before expiries were kept: it goes with its grant.
    pub expires_at: Option<OffsetDateTime>,
}

/// An [`IssuedToken`] as any version of the sandbox wrote it.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum IssuedTokenRow {
    Current {
        grant: u64,
        expires_at: Option<OffsetDateTime>,
    },
    /// Before expiries were kept, the row was the grant id alone.
    GrantOnly(u64),
}

impl From<IssuedTokenRow> for IssuedToken {
    fn from(row: IssuedTokenRow) -> Self {
        match row {
            IssuedTokenRow::Current { grant, expires_at } => Self { grant, expires_at },
            IssuedTokenRow::GrantOnly(grant) => Self {
                grant,
                expires_at: None,
            },
        }
    }
}

/// Why a code cannot be exchanged.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    Expired,
    /// Used before: what that exchange issued is now revoked.
    Replayed,
}

impl Store {
    /// The client behind `client_id`, development or production.
    pub fn client(&self, client_id: &str) -> Option<RegisteredClient> {
        let state = self.read();
        state.apps.values().find_map(|app| {
            let (client, environment, uris) = if app.development.client_id == client_id {
                (
                    &app.development,
                    Environment::Development,
                    &app.redirect_uris,
                )
            } else {
                let p = app
                    .production
                    .as_ref()
                    .filter(|p| p.client.client_id == client_id)?;
                (&p.client, Environment::Production, &p.redirect_uris)
            };
            Some(RegisteredClient {
                client_id: client.client_id.clone(),
                app_name: app.name.clone(),
                environment,
                client_type: app.client_type,
                scopes: app.scopes.clone(),
                redirect_uris: uris.clone(),
                secret: StoredSecretRef(client.secret.clone()),
            })
        })
    }

    /// Records a nonce for a client until `remember_until` (when the last thing it could
    /// bind, the ID token, has expired); `false` if that client already used it.
    pub fn use_nonce(
        &self,
        tenant: &str,
        client_id: &str,
        nonce: &str,
        remember_until: OffsetDateTime,
    ) -> bool {
        let mut state = self.write();
        let key = (tenant.to_owned(), client_id.to_owned(), nonce.to_owned());
        if state.used_nonces.contains_key(&key) {
            return false;
        }
        state.used_nonces.insert(key, Some(remember_until));
        true
    }

    /// Starts a flow.
    pub fn start_flow(&self, flow: AuthorizationFlow) {
        self.write().flows.insert(flow.id.clone(), flow);
    }

    /// A live flow.
    pub fn flow(&self, id: &str, now: OffsetDateTime) -> Option<AuthorizationFlow> {
        self.read()
            .flows
            .get(id)
            .filter(|f| f.expires_at > now)
            .cloned()
    }

    /// Moves a flow on (the member logged in, or agreed to a page).
    pub fn advance_flow(&self, id: &str, step: FlowStep, member: Option<(String, String)>) {
        if let Some(flow) = self.write().flows.get_mut(id) {
            flow.step = step;
            if member.is_some() {
                flow.member = member;
            }
        }
    }

    /// Ends a flow (declined, or a code was issued).
    pub fn end_flow(&self, id: &str) {
        self.write().flows.remove(id);
    }

    /// Keeps a code under its digest.
    pub fn issue_code(&self, digest: [u8; 32], code: AuthorizationCode) {
        self.write().codes.insert(digest, code);
    }

    /// Takes a code for exchange: once only, before it expires. A replay revokes the grant
    /// the first exchange created (RFC 6749 4.1.2).
    pub fn redeem_code(
        &self,
        digest: &[u8; 32],
        now: OffsetDateTime,
    ) -> Result<AuthorizationCode, CodeProblem> {
        let mut state = self.write();
        if let Some(spent) = state.spent_codes.get(digest) {
            if let Some(g) = spent.grant.and_then(|id| state.grants.get_mut(&id)) {
                g.revoked = true;
            }
            return Err(CodeProblem::Replayed);
        }
        let code = state.codes.get(digest).ok_or(CodeProblem::Unknown)?;
        if code.expires_at <= now {
            return Err(CodeProblem::Expired);
        }
        let code = state.codes.remove(digest).ok_or(CodeProblem::Unknown)?;
        state.spent_codes.insert(
            *digest,
            SpentCode {
                expires_at: code.expires_at,
                grant: None,
            },
        );
        Ok(code)
    }

    /// Records the grant of a code exchange and its refresh token's digest.
    pub fn create_grant(
        &self,
        code_digest: &[u8; 32],
        refresh_digest: [u8; 32],
        grant: Grant,
    ) -> u64 {
        let mut state = self.write();
        let id = state.next_id();
        state.grants.insert(id, Grant { id, ..grant });
        state.refresh_tokens.insert(refresh_digest, id);
        if let Some(spent) = state.spent_codes.get_mut(code_digest) {
            spent.grant = Some(id);
        }
        id
    }

    /// The grant behind a refresh token, revoked or not.
    pub fn grant_by_refresh(&self, digest: &[u8; 32]) -> Option<Grant> {
        let state = self.read();
        let id = state.refresh_tokens.get(digest)?;
        state.grants.get(id).cloned()
    }

    /// Remembers which grant an access token belongs to, so revoking the grant revokes it,
    /// until it expires.
    pub fn record_access_token(&self, jti: &str, grant: u64, expires_at: OffsetDateTime) {
        let mut state = self.write();
        state.access_tokens.insert(
            jti.to_owned(),
            IssuedToken {
                grant,
                expires_at: Some(expires_at),
            },
        );
        if let Some(g) = state.grants.get_mut(&grant) {
            g.access_expires_by = Some(
                g.access_expires_by
                    .map_or(expires_at, |t| t.max(expires_at)),
            );
        }
    }

    /// Whether an access token was revoked, itself or through its grant.
    pub fn access_token_revoked(&self, jti: &str) -> bool {
        let state = self.read();
        if state.revoked_access.contains_key(jti) {
            return true;
        }
        state
            .access_tokens
            .get(jti)
            .and_then(|t| state.grants.get(&t.grant))
            .is_none_or(|g| g.revoked)
    }

    /// Revokes an access token of `client_id` (RFC 7009); other clients' tokens are left alone.
    pub fn revoke_access_token(&self, jti: &str, client_id: &str) {
        let mut state = self.write();
        let owned = state
            .access_tokens
            .get(jti)
            .and_then(|t| state.grants.get(&t.grant))
            .is_some_and(|g| g.client_id == client_id);
        if owned {
            state.revoked_access.insert(jti.to_owned(), ());
        }
    }

    /// Revokes a refresh token of `client_id` and, with its grant, every access token from it.
    pub fn revoke_refresh_token(&self, digest: &[u8; 32], client_id: &str) -> bool {
        let mut state = self.write();
        let Some(id) = state.refresh_tokens.get(digest).copied() else {
            return false;
        };
        match state.grants.get_mut(&id) {
            Some(g) if g.client_id == client_id => {
                g.revoked = true;
                true
            }
            _ => false,
        }
    }
}
