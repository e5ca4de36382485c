//! The app's side of the authorization: the token endpoint (guide 3.5, Appendix A),
//! client authentication as registered (guide 3.2 b), PKCE, refresh tokens,
//! introspection (RFC 7662) and revocation (RFC 7009), and the sandbox clock that
//! lets expiry be tested without waiting.

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::oauth::{ClientAuth, jwt_part, oauth_post};
use super::{SANDBOX, expect_json, fail, text_at};
use crate::client::Call;
use crate::world::PortalWorld;

/// A verifier of the right form that is not the one behind the challenge.
const WRONG_VERIFIER: &str = "wrongwrongwrongwrongwrongwrongwrongwrong-123";

fn field(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

/// The code the app was sent back with, or a failure saying the scenario has none.
fn code(w: &PortalWorld) -> String {
    w.oauth.code.clone().unwrap_or_else(|| {
        panic!("This step exchanges a code, but the app received none earlier in the scenario")
    })
}

/// What the code exchange sends besides client authentication: the code, the redirect
/// URI of the authorize request and, when the request used PKCE, the verifier.
fn exchange_fields(w: &PortalWorld, verifier: Option<Option<&str>>) -> Vec<(String, String)> {
    let mut fields = vec![
        field("grant_type", "authorization_code"),
        field("code", &code(w)),
        field("redirect_uri", &w.oauth.redirect_uri),
    ];
    let verifier = verifier.unwrap_or(w.oauth.code_verifier.as_deref());
    if let Some(v) = verifier {
        fields.push(field("code_verifier", v));
    }
    fields
}

/// A token from the last token response: `access_token`, `refresh_token`, `id_token`.
fn token(w: &PortalWorld, name: &str) -> String {
    let tokens = w.oauth.tokens.clone().unwrap_or_else(|| {
        panic!("This step uses the app's {name}, but the app received no tokens earlier in the scenario")
    });
    text_at(&tokens, &format!("/{name}"), "the token response").to_owned()
}

#[when("the app exchanges the code for tokens")]
#[when("the app exchanges the code for tokens again")]
async fn exchanges(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let fields = exchange_fields(w, None);
    oauth_post(w, None, "token", ClientAuth::AsRegistered, fields).await;
}

/// The whole exchange at once, for scenarios about what comes after.
#[given("the app exchanged the code for tokens")]
async fn exchanged(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let fields = exchange_fields(w, None);
    oauth_post(w, None, "token", ClientAuth::AsRegistered, fields).await;
    keep_tokens(w, "exchanging the code for tokens");
}

#[when(regex = r#"^the app exchanges the code for tokens at "([a-z0-9]+)"$"#)]
async fn exchanges_at(w: &mut PortalWorld, step: &Step, tenant: String) {
    w.begin(step);
    let fields = exchange_fields(w, None);
    oauth_post(w, Some(&tenant), "token", ClientAuth::AsRegistered, fields).await;
}

#[when(regex = r#"^the app exchanges the code with the redirect URI "([^"]*)"$"#)]
async fn exchanges_with_redirect(w: &mut PortalWorld, step: &Step, redirect: String) {
    w.begin(step);
    let mut fields = exchange_fields(w, None);
    fields.retain(|(n, _)| n != "redirect_uri");
    fields.push(field("redirect_uri", &redirect));
    oauth_post(w, None, "token", ClientAuth::AsRegistered, fields).await;
}

/// Each way of authenticating a client, right or wrong (guide 3.2 b, 3.5 step 2).
#[when(
    regex = r"^the app exchanges the code sending (its secret in a Basic header|its client id and secret in the body|its client id alone|a wrong secret in a Basic header|its client id and a wrong secret in the body|its client id and a made-up secret in the body|no client credentials)$"
)]
async fn exchanges_sending(w: &mut PortalWorld, step: &Step, how: String) {
    w.begin(step);
    let secret = w.oauth.client_secret.clone().unwrap_or_default();
    let auth = match how.as_str() {
        "its secret in a Basic header" => ClientAuth::Basic(secret),
        "its client id and secret in the body" => ClientAuth::Body(secret),
        "its client id alone" => ClientAuth::IdOnly,
        "a wrong secret in a Basic header" => ClientAuth::Basic(format!("{secret}-wrong")),
        "its client id and a wrong secret in the body" => {
            ClientAuth::Body(format!("{secret}-wrong"))
        }
        "its client id and a made-up secret in the body" => {
            ClientAuth::Body("made-up-secret-0123456789".into())
        }
        _ => ClientAuth::Nothing,
    };
    let fields = exchange_fields(w, None);
    oauth_post(w, None, "token", auth, fields).await;
}

/// The PKCE mistakes of RFC 7636 4.5 and 4.6.
#[when(
    regex = r"^the app exchanges the code (without a code verifier|with an empty code verifier|with a wrong code verifier|with the code challenge as the code verifier)$"
)]
async fn exchanges_verifier(w: &mut PortalWorld, step: &Step, how: String) {
    w.begin(step);
    let challenge = w.oauth.code_challenge.clone().unwrap_or_default();
    let verifier = match how.as_str() {
        "without a code verifier" => None,
        "with an empty code verifier" => Some(""),
        "with a wrong code verifier" => Some(WRONG_VERIFIER),
        _ => Some(challenge.as_str()),
    };
    let fields = exchange_fields(w, Some(verifier));
    oauth_post(w, None, "token", ClientAuth::AsRegistered, fields).await;
}

/// Keeps a successful token response; the first one of a code stays for later checks.
fn keep_tokens(w: &mut PortalWorld, what: &str) -> Value {
    let response = w.last().clone();
    let body = expect_json(w, 200, "token-response", what);
    let cache = response.header("cache-control").unwrap_or_default();
    if !cache
        .split(',')
        .any(|d| d.trim().eq_ignore_ascii_case("no-store"))
    {
        fail(
            w,
            format!(
                "Token responses must not be cached (RFC 6749 5.1: Cache-Control: no-store), \
                 but Cache-Control is {cache:?}."
            ),
        );
    }
    if w.oauth.first_tokens.is_none() {
        w.oauth.first_tokens = Some(body.clone());
    }
    w.oauth.tokens = Some(body.clone());
    body
}

#[then("the app receives tokens")]
fn receives_tokens(w: &mut PortalWorld) {
    keep_tokens(w, "the token request");
}

#[then(
    regex = r#"^the token response says token type "([^"]+)", expires in (\d+) seconds and carries a refresh token$"#
)]
fn token_basics(w: &mut PortalWorld, token_type: String, seconds: i64) {
    let body = w.oauth.tokens.clone().unwrap_or_default();
    if body["token_type"].as_str() != Some(token_type.as_str()) {
        fail(
            w,
            format!(
                "Expected the token type {token_type:?}, but it is {}.",
                body["token_type"]
            ),
        );
    }
    if body["expires_in"].as_i64() != Some(seconds) {
        fail(
            w,
            format!(
                "Expected the access token to expire in {seconds} seconds (guide Appendix A: 5 \
                 minutes), but expires_in is {}.",
                body["expires_in"]
            ),
        );
    }
    if body["refresh_token"].as_str().is_none_or(str::is_empty) {
        fail(
            w,
            "Expected a refresh_token in the token response (guide Appendix A), but there is none.",
        );
    }
}

#[then(regex = r#"^the token response grants the scopes "([^"]*)"$"#)]
fn grants_scopes(w: &mut PortalWorld, scopes: String) {
    let body = w.oauth.tokens.clone().unwrap_or_default();
    let mut granted: Vec<&str> = body["scope"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let mut expected: Vec<&str> = scopes.split_whitespace().collect();
    // What the harness added to the request for a general SMART server may come back.
    let added = w.oauth.added_scopes.clone();
    granted.retain(|g| expected.contains(g) || !added.iter().any(|a| a == g));
    granted.sort_unstable();
    expected.sort_unstable();
    if granted != expected {
        fail(
            w,
            format!(
                "Expected the scopes {expected:?} to be granted, but the response grants {granted:?}."
            ),
        );
    }
}

#[then(regex = r#"^the token response names the patient "([^"]+)"$"#)]
fn names_patient(w: &mut PortalWorld, patient: String) {
    let body = w.oauth.tokens.clone().unwrap_or_default();
    if body["patient"].as_str() != Some(patient.as_str()) {
        fail(
            w,
            format!(
                "Expected the token response to name the patient {patient:?} (guide Appendix A), \
                 but it names {}.",
                body["patient"]
            ),
        );
    }
}

#[then(
    regex = r#"^the access token is a JWT signed with a key the JWKS of "([a-z0-9]+)" publishes$"#
)]
async fn signed_with_published_key(w: &mut PortalWorld, step: &Step, tenant: String) {
    w.begin(step);
    let access = token(w, "access_token");
    let header = jwt_part(&access, 0, "access token");
    if header["alg"] != json!("RS256") {
        panic!(
            "Expected the access token to be signed with RS256, but its header says alg {}.",
            header["alg"]
        );
    }
    let kid = header["kid"].as_str().unwrap_or_else(|| {
        panic!(
            "Expected the access token's header to name its key (kid), but it has none: {header}"
        )
    });
    let url = w.oauth_url(&tenant, "jwks");
    w.send(Call::get(url)).await;
    let jwks = expect_json(w, 200, "jwks", "reading the signing keys");
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .map(|k| k.iter().filter_map(|k| k["kid"].as_str()).collect())
        .unwrap_or_default();
    if !kids.contains(&kid) {
        fail(
            w,
            format!(
                "The access token names the key {kid:?}, but the JWKS publishes only {kids:?}."
            ),
        );
    }
}

#[then(regex = r#"^the access token is about the patient "([^"]+)" and the app$"#)]
fn access_claims(w: &mut PortalWorld, patient: String) {
    let claims = jwt_part(&token(w, "access_token"), 1, "access token");
    let client_id = w.oauth.client_id.clone();
    if claims["patient"].as_str() != Some(patient.as_str()) {
        panic!(
            "Expected the access token's patient claim to be {patient:?}, but it is {}.",
            claims["patient"]
        );
    }
    if claims["client_id"].as_str() != Some(client_id.as_str()) {
        panic!(
            "Expected the access token to name the app's client id, but its client_id claim is {}.",
            claims["client_id"]
        );
    }
    let lifetime = claims["exp"]
        .as_i64()
        .zip(claims["iat"].as_i64())
        .map(|(e, i)| e - i);
    let expires_in = w
        .oauth
        .tokens
        .as_ref()
        .and_then(|t| t["expires_in"].as_i64());
    if lifetime != expires_in {
        panic!(
            "The access token lives {lifetime:?} seconds by its exp and iat claims, but the response says \
             expires_in {expires_in:?}."
        );
    }
}

#[then("the ID token is addressed to the app and echoes the nonce")]
fn id_token_claims(w: &mut PortalWorld) {
    let claims = jwt_part(&token(w, "id_token"), 1, "ID token");
    let client_id = w.oauth.client_id.clone();
    let aud_ok = match &claims["aud"] {
        Value::String(a) => *a == client_id,
        Value::Array(a) => a.contains(&json!(client_id)),
        _ => false,
    };
    if !aud_ok {
        panic!(
            "Expected the ID token's audience to be the app's client id (OpenID Connect Core 2), but aud is {}.",
            claims["aud"]
        );
    }
    let nonce = w.oauth.nonce.clone();
    if claims["nonce"].as_str() != nonce.as_deref() {
        panic!(
            "Expected the ID token to echo the nonce {nonce:?} of the authorization request, but its nonce \
             claim is {}.",
            claims["nonce"]
        );
    }
    for claim in ["iss", "sub", "exp", "iat"] {
        if claims[claim].is_null() {
            panic!("The ID token lacks the required claim {claim:?}: {claims}");
        }
    }
}

// ---------------------------------------------------------------------------------
// Refusals

/// `Then the token endpoint refuses with "invalid_client" and status 401`.
#[then(
    regex = r#"^the (?:token|introspection|revocation) endpoint refuses with "([a-z_]+)"(?: and status (\d{3}))?$"#
)]
fn refuses(w: &mut PortalWorld, error: String, status: String) {
    // RFC 6749 5.2: a failed client authentication may answer 401 as well as 400 (and
    // must, when the client used the Authorization header: a step naming 401 checks that).
    let either = error == "invalid_client" && w.last().status == 401;
    let status: u16 = status.parse().unwrap_or(if either { 401 } else { 400 });
    let body = expect_json(w, status, "oauth-error", "the OAuth request");
    if body["error"].as_str() != Some(error.as_str()) {
        fail(
            w,
            format!(
                "Expected the OAuth error {error:?}, but the error is {}.",
                body["error"]
            ),
        );
    }
    if body["error_description"].as_str().is_none_or(str::is_empty) {
        fail(
            w,
            "The refusal carries no error_description telling the developer what to change.",
        );
    }
}

#[then(regex = r#"^the refusal explains "([^"]+)"$"#)]
fn refusal_explains(w: &mut PortalWorld, words: String) {
    let status = w.last().status;
    let body = expect_json(w, status, "oauth-error", "the OAuth request");
    let description = body["error_description"].as_str().unwrap_or_default();
    if !description.contains(&words) {
        fail(
            w,
            format!(
                "Expected the error_description to say {words:?}, but it says {description:?}."
            ),
        );
    }
}

#[then("the refusal asks for HTTP Basic authentication")]
fn asks_for_basic(w: &mut PortalWorld) {
    let challenge = w.last().header("www-authenticate").unwrap_or_default();
    if !challenge.to_ascii_lowercase().starts_with("basic") {
        fail(
            w,
            format!(
                "A failed Basic authentication must answer WWW-Authenticate: Basic (RFC 6749 5.2), \
                 but WWW-Authenticate is {challenge:?}."
            ),
        );
    }
}

// ---------------------------------------------------------------------------------
// Refresh tokens

async fn refresh(w: &mut PortalWorld, scope: Option<&str>) {
    let mut fields = vec![
        field("grant_type", "refresh_token"),
        field("refresh_token", &token(w, "refresh_token")),
    ];
    if let Some(scope) = scope {
        fields.push(field("scope", scope));
    }
    oauth_post(w, None, "token", ClientAuth::AsRegistered, fields).await;
}

#[when("the app refreshes its tokens")]
async fn refreshes(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    refresh(w, None).await;
}

#[when(regex = r#"^the app refreshes its tokens asking for the scopes "([^"]*)"$"#)]
async fn refreshes_scopes(w: &mut PortalWorld, step: &Step, scopes: String) {
    w.begin(step);
    refresh(w, Some(&scopes)).await;
}

#[then("the app receives a fresh access token with the same refresh token")]
fn fresh_access_token(w: &mut PortalWorld) {
    let before = w.oauth.tokens.clone().unwrap_or_default();
    let after = keep_tokens(w, "the refresh");
    if after["access_token"] == before["access_token"] {
        fail(
            w,
            "Expected a new access token from the refresh, but it is the old one.",
        );
    }
    if after["refresh_token"] != before["refresh_token"] {
        fail(
            w,
            "Expected the same refresh token back (guide Appendix A: it is used again and again \
             for 30 minutes), but the response carries another one.",
        );
    }
}

// ---------------------------------------------------------------------------------
// Introspection and revocation

#[when(regex = r"^the app introspects its (access|refresh) token$")]
async fn introspects(w: &mut PortalWorld, step: &Step, kind: String) {
    w.begin(step);
    let value = token(w, &format!("{kind}_token"));
    let fields = vec![field("token", &value)];
    oauth_post(w, None, "introspect", ClientAuth::AsRegistered, fields).await;
}

#[when(regex = r"^the app introspects the access token of the first exchange$")]
async fn introspects_first(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let first = w.oauth.first_tokens.clone().unwrap_or_default();
    let value = text_at(&first, "/access_token", "the first token response").to_owned();
    oauth_post(
        w,
        None,
        "introspect",
        ClientAuth::AsRegistered,
        vec![field("token", &value)],
    )
    .await;
}

#[when(regex = r#"^the app introspects the token "([^"]*)"$"#)]
async fn introspects_value(w: &mut PortalWorld, step: &Step, value: String) {
    w.begin(step);
    oauth_post(
        w,
        None,
        "introspect",
        ClientAuth::AsRegistered,
        vec![field("token", &value)],
    )
    .await;
}

#[then(regex = r#"^the introspection says the token is active for the patient "([^"]+)"$"#)]
fn introspection_active(w: &mut PortalWorld, patient: String) {
    let body = expect_json(w, 200, "introspection", "the introspection");
    if body["active"] != json!(true) {
        let claims = w
            .oauth
            .tokens
            .as_ref()
            .and_then(|t| t["access_token"].as_str())
            .map(|t| jwt_part(t, 1, "access token"))
            .unwrap_or_default();
        fail(
            w,
            format!(
                "Expected the token to be active, but the server says it is not. The app's access \
                 token says it was issued at {} and expires at {} (Unix seconds).",
                claims["iat"], claims["exp"]
            ),
        );
    }
    if body["patient"].as_str() != Some(patient.as_str()) {
        fail(
            w,
            format!("Expected the token to be for the patient {patient:?}."),
        );
    }
    if body["client_id"].as_str() != Some(w.oauth.client_id.as_str()) {
        fail(w, "Expected the token to belong to the app's client id.");
    }
}

#[then("the introspection says the token is not active")]
fn introspection_inactive(w: &mut PortalWorld) {
    let body = expect_json(w, 200, "introspection", "the introspection");
    if body != json!({"active": false}) {
        fail(
            w,
            "Expected exactly {\"active\": false} (RFC 7662 2.2: nothing more about a token that is not active).",
        );
    }
}

#[when(regex = r"^the app revokes its (access|refresh) token$")]
async fn revokes(w: &mut PortalWorld, step: &Step, kind: String) {
    w.begin(step);
    let value = token(w, &format!("{kind}_token"));
    let fields = vec![
        field("token", &value),
        field("token_type_hint", &format!("{kind}_token")),
    ];
    oauth_post(w, None, "revoke", ClientAuth::AsRegistered, fields).await;
}

#[then("the revocation is accepted")]
fn revocation_accepted(w: &mut PortalWorld) {
    super::expect_status(w, 200, "the revocation");
}

// ---------------------------------------------------------------------------------
// The sandbox clock, by the second

/// Moves the sandbox clock by seconds (access tokens live 300 of them). Scenarios using
/// it must be `@serial @sandbox`: the clock is shared by everyone.
#[when(regex = r"^the sandbox clock moves (\d+) seconds forward$")]
async fn clock_moves_seconds(w: &mut PortalWorld, step: &Step, seconds: u64) {
    w.begin(step);
    w.send(Call::post(format!("{SANDBOX}/clock/advance")).json(json!({"seconds": seconds})))
        .await;
    let clock = expect_json(w, 200, "clock", "moving the sandbox clock");
    if clock["offset_seconds"].as_u64().unwrap_or(0) < seconds {
        panic!(
            "Moved the sandbox clock {seconds} seconds forward, but its offset is only {} seconds.",
            clock["offset_seconds"]
        );
    }
}

/// A protected call with the app's access token: the tenant's OpenID userinfo endpoint,
/// the simplest resource an access token opens (the FHIR APIs use the same check).
#[when("the app calls a protected endpoint with its access token")]
async fn calls_protected(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let access = token(w, "access_token");
    let path = w.oauth_url(&w.oauth.tenant.clone(), "userinfo");
    w.send(Call::get(path).bearer(Some(&access))).await;
}

#[then(regex = r#"^the protected call answers for the member "([^"]+)"$"#)]
fn protected_answers(w: &mut PortalWorld, member: String) {
    let body = expect_json(w, 200, "userinfo", "the protected call");
    if body["sub"].as_str() != Some(member.as_str()) {
        fail(
            w,
            format!("Expected the protected call to answer for {member:?}, but it answered {body}"),
        );
    }
}

#[then("the protected call is refused as an invalid token")]
fn protected_refused(w: &mut PortalWorld) {
    expect_json(w, 401, "oauth-error", "the protected call");
    let challenge = w.last().header("www-authenticate").unwrap_or("").to_owned();
    if !challenge.starts_with("Bearer") || !challenge.contains("error=\"invalid_token\"") {
        fail(
            w,
            format!(
                "Expected `WWW-Authenticate: Bearer error=\"invalid_token\"`, but the header was {challenge:?}"
            ),
        );
    }
}
