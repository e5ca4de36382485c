//! Minting codes and tokens, and reading access tokens back.

use super::keys::process_key;
use super::params::fhir_base;
use crate::secrets::{digest, random_token};
use crate::state::SandboxState;
use crate::store::{AuthorizationCode, AuthorizationFlow};
use crate::tenants::Tenant;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

/// Issues the authorization code at the end of the pages.
pub fn issue_code(state: &SandboxState, tenant: &Tenant, flow: &AuthorizationFlow) -> String {
    let code = random_token(32);
    let (username, patient) = flow.member.clone().unwrap_or_default();
    state.store.issue_code(
        digest(&code),
        AuthorizationCode {
            tenant: tenant.id.clone(),
            client_id: flow.client.client_id.clone(),
            redirect_uri: flow.redirect_uri.clone(),
            scopes: flow.scopes.clone(),
            nonce: flow.nonce.clone(),
            code_challenge: flow.code_challenge.clone(),
            username,
            patient,
            expires_at: state.clock.now() + Duration::seconds(i64::from(tenant.oauth.code_seconds)),
        },
    );
    code
}

/// What an access token says, for the claims and the token response.
pub struct AccessGrant<'a> {
    pub tenant: &'a Tenant,
    pub client_id: &'a str,
    pub scopes: &'a [String],
    pub username: &'a str,
    pub patient: &'a str,
    pub grant: u64,
}

/// `exp` for a token issued at `now`: `iat` plus the lifetime, so `exp - iat` is exactly
/// the `expires_in` of the response.
fn expiry(now: OffsetDateTime, lifetime: i64) -> i64 {
    now.unix_timestamp() + lifetime
}

/// Whether a token with this `exp` is still live at `now`. JWT times are whole seconds
/// while the clock has milliseconds, so `iat` and `exp` are rounded down; one second of
/// leeway gives back what the rounding took, so a token lives at least its full lifetime
/// and is refused within a second after it.
fn live(exp: i64, now: OffsetDateTime) -> bool {
    (i128::from(exp) + 1) * 1000 > now.unix_timestamp_nanos() / 1_000_000
}

/// A signed RS256 access token and its lifetime in seconds.
pub fn access_token(state: &SandboxState, g: &AccessGrant) -> Result<(String, i64), String> {
    let now = state.clock.now();
    let lifetime = i64::from(g.tenant.oauth.access_token_seconds);
    let jti = random_token(16);
    let base = fhir_base(state, &g.tenant.id);
    let claims = json!({
        "iss": base,
        "sub": g.username,
        "aud": base,
        "client_id": g.client_id,
        "scope": g.scopes.join(" "),
        "patient": g.patient,
        "fhirUser": format!("{base}/Patient/{}", g.patient),
        "iat": now.unix_timestamp(),
        "exp": expiry(now, lifetime),
        "jti": jti,
    });
    let token = process_key().sign(&claims)?;
    // Kept until the last instant `live` accepts it.
    let expires_at = OffsetDateTime::from_unix_timestamp(expiry(now, lifetime) + 1)
        .unwrap_or(now + Duration::seconds(lifetime + 1));
    state.store.record_access_token(&jti, g.grant, expires_at);
    Ok((token, lifetime))
}

/// An OpenID Connect ID token for `openid` grants.
pub fn id_token(
    state: &SandboxState,
    g: &AccessGrant,
    nonce: Option<&str>,
    display_name: Option<&str>,
) -> Result<String, String> {
    let now = state.clock.now();
    let base = fhir_base(state, &g.tenant.id);
    let mut claims = json!({
        "iss": base,
        "sub": g.username,
        "aud": g.client_id,
        "iat": now.unix_timestamp(),
        "exp": expiry(now, i64::from(g.tenant.oauth.access_token_seconds)),
        "fhirUser": format!("{base}/Patient/{}", g.patient),
    });
    if let Some(n) = nonce {
        claims["nonce"] = json!(n);
    }
    if let Some(name) = display_name.filter(|_| g.scopes.iter().any(|s| s == "profile")) {
        claims["name"] = json!(name);
    }
    process_key().sign(&claims)
}

/// The claims of a live access token of `tenant`: signed by us, issued by this tenant,
/// not expired on the sandbox clock, not revoked.
pub fn live_access_claims(state: &SandboxState, tenant: &str, token: &str) -> Option<Value> {
    let claims = state.verified_tokens.claims(token)?;
    let now: OffsetDateTime = state.clock.now();
    let fresh = claims["exp"].as_i64().is_some_and(|exp| live(exp, now));
    let ours = claims["iss"].as_str() == Some(fhir_base(state, tenant).as_str());
    let jti = claims["jti"].as_str()?;
    (fresh && ours && !state.store.access_token_revoked(jti)).then_some(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_token_lives_at_least_its_lifetime_and_expires_within_a_second_after() {
        let issued = datetime!(2026-01-01 00:00:00.999 UTC);
        let exp = expiry(issued, 300);
        assert!(live(
            exp,
            issued + Duration::seconds(299) + Duration::milliseconds(999)
        ));
        assert!(live(
            exp,
            issued + Duration::seconds(300) - Duration::milliseconds(1)
        ));
        assert!(!live(exp, issued + Duration::seconds(301)));
    }

    #[test]
    fn a_token_issued_on_a_whole_second_lives_its_lifetime_plus_the_leeway() {
        let issued = datetime!(2026-01-01 00:00:00 UTC);
        let exp = expiry(issued, 300);
        assert_eq!(
            exp - issued.unix_timestamp(),
            300,
            "exp - iat is expires_in"
        );
        assert!(live(exp, issued + Duration::seconds(300)));
        assert!(!live(exp, issued + Duration::seconds(301)));
    }
}
