//! The authorization server, walked like a browser: cookies, forms, redirects.

use crate::support::{Reply, Sandbox};
use axum::http::{Method, StatusCode};
use base64::Engine;
use serde_json::{Value, json};

pub(crate) const CB: &str = "https://app.example/cb";
const SCOPES: &str = "openid fhirUser launch/patient offline_access patient/Patient.read";
pub(crate) const ROSE: (&str, &str) = ("rose", "Beltran-1997!");

/// A registered app's credentials.
pub(crate) struct Client {
    pub id: String,
    pub secret: Option<String>,
}

pub(crate) async fn client(sb: &Sandbox, client_type: &str) -> Client {
    client_with_scopes(sb, client_type, SCOPES).await
}

/// A new developer's app of `client_type` registered for `scopes`.
pub(crate) async fn client_with_scopes(sb: &Sandbox, client_type: &str, scopes: &str) -> Client {
    let dev = sb.developer(&format!("dev{}", rand_suffix())).await;
    let app = sb
        .post(
            "/portal/api/apps",
            Some(&dev.token),
            json!({"name": "OAuth App", "client_type": client_type, "scopes": scopes, "redirect_uris": [CB]}),
        )
        .await
        .json();
    Client {
        id: app["credentials"]["development"]["client_id"]
            .as_str()
            .unwrap()
            .to_owned(),
        secret: app["credentials"]["development"]["client_secret"]
            .as_str()
            .map(str::to_owned),
    }
}

fn rand_suffix() -> String {
    sandbox::random_token(6).replace(['-', '_'], "x")
}

pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

pub(crate) fn location(reply: &Reply) -> url::Url {
    url::Url::parse(reply.header("location").expect("a redirect")).expect("an absolute URL")
}

pub(crate) fn param(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The hidden field `name` and the form action of an HTML page.
pub(crate) fn form_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in:\n{html}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

pub(crate) fn form_action(html: &str) -> String {
    let start = html.find("action=\"").expect("a form") + "action=\"".len();
    let action = html[start..].split('"').next().unwrap_or_default();
    url::Url::parse(action)
        .map(|u| u.path().to_owned())
        .unwrap_or_else(|_| action.to_owned())
}

/// Walks authorize, login and both consent pages; returns the final redirect.
pub(crate) async fn authorize(
    sb: &Sandbox,
    tenant: &str,
    extra: &[(&str, &str)],
    login: (&str, &str),
    decisions: [&str; 2],
) -> Reply {
    let mut pairs = vec![
        ("response_type", "code"),
        ("redirect_uri", CB),
        ("scope", SCOPES),
        ("state", "s-123"),
        ("nonce", "n-123"),
        ("response_mode", "query"),
    ];
    for (name, value) in extra {
        pairs.retain(|(n, _)| n != name);
        pairs.push((name, value));
    }
    walk_authorize(
        sb,
        &format!("/{tenant}/oauth2/authorize?{}", query(&pairs)),
        login,
        decisions,
    )
    .await
}

/// Opens `path` (an authorize request) like a browser and walks the login and both consent
/// pages; returns the final redirect (or the first answer that is not a page).
pub(crate) async fn walk_authorize(
    sb: &Sandbox,
    path: &str,
    login: (&str, &str),
    decisions: [&str; 2],
) -> Reply {
    let page = sb.get(path, None).await;
    if page.status != StatusCode::OK {
        return page;
    }
    let cookie = page
        .header("set-cookie")
        .expect("a flow cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = String::from_utf8_lossy(&page.bytes).to_string();
    let action = form_action(&html);
    let csrf = form_field(&html, "csrf");
    let post = |body: String| {
        let cookie = cookie.clone();
        let action = action.clone();
        async move {
            sb.send_with(
                Method::POST,
                &action,
                &[
                    ("cookie", cookie),
                    ("content-type", "application/x-www-form-urlencoded".into()),
                ],
                body.into_bytes(),
            )
            .await
        }
    };
    let logged_in = post(query(&[
        ("csrf", &csrf),
        ("username", login.0),
        ("password", login.1),
    ]))
    .await;
    if logged_in.status != StatusCode::SEE_OTHER {
        return logged_in;
    }
    let mut last = logged_in;
    for decision in decisions {
        last = post(query(&[("csrf", &csrf), ("decision", decision)])).await;
        if decision == "decline" {
            break;
        }
    }
    last
}

pub(crate) async fn token(
    sb: &Sandbox,
    tenant: &str,
    headers: Vec<(&str, String)>,
    form: &[(&str, &str)],
) -> Reply {
    let mut headers = headers;
    headers.push(("content-type", "application/x-www-form-urlencoded".into()));
    sb.send_with(
        Method::POST,
        &format!("/{tenant}/oauth2/token"),
        &headers,
        query(form).into_bytes(),
    )
    .await
}

pub(crate) fn basic(c: &Client) -> Vec<(&'static str, String)> {
    let raw = format!("{}:{}", c.id, c.secret.as_deref().unwrap_or_default());
    vec![(
        "authorization",
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        ),
    )]
}

pub(crate) async fn code_for(sb: &Sandbox, c: &Client) -> String {
    let done = authorize(
        sb,
        "dev1",
        &[("client_id", &c.id)],
        ROSE,
        ["accept", "accept"],
    )
    .await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        String::from_utf8_lossy(&done.bytes)
    );
    let to = location(&done);
    assert!(to.as_str().starts_with(CB), "{to}");
    assert_eq!(param(&to, "state").as_deref(), Some("s-123"));
    param(&to, "code").expect("a code")
}

async fn introspect(sb: &Sandbox, creds: &[(&str, &str)], token: &str) -> Value {
    let mut form = vec![("token", token)];
    form.extend_from_slice(creds);
    sb.send_with(
        Method::POST,
        "/dev1/oauth2/introspect",
        &[("content-type", "application/x-www-form-urlencoded".into())],
        query(&form).into_bytes(),
    )
    .await
    .json()
}

/// A whole authorization with Rose and a Basic-authenticated code exchange: the token response.
pub(crate) async fn tokens_for(sb: &Sandbox, c: &Client) -> Value {
    let code = code_for(sb, c).await;
    token(
        sb,
        "dev1",
        basic(c),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
        ],
    )
    .await
    .json()
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn discovery_advertises_the_endpoints_and_s256_only() {
    let sb = Sandbox::new().await;
    let config = sb
        .get("/dev1/fhir/.well-known/smart-configuration", None)
        .await;
    assert_eq!(config.status, StatusCode::OK);
    let config = config.json();
    assert_eq!(
        config["token_endpoint"],
        "http://sandbox.test/dev1/oauth2/token"
    );
    assert_eq!(config["code_challenge_methods_supported"], json!(["S256"]));
    assert!(
        config["scopes_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("patient/Patient.rs"))
    );
    let jwks = sb.get("/dev1/oauth2/jwks", None).await.json();
    assert_eq!(jwks["keys"][0]["alg"], "RS256");
    assert_eq!(
        sb.get("/nowhere/fhir/.well-known/smart-configuration", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn rose_authorizes_and_the_code_buys_tokens_as_the_guide_describes() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let code = code_for(&sb, &c).await;
    let reply = token(
        &sb,
        "dev1",
        basic(&c),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
        ],
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.bytes)
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let body = reply.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 300);
    assert_eq!(body["patient"], "smart-15716");
    assert_eq!(body["scope"], SCOPES);
    let access = claims(body["access_token"].as_str().unwrap());
    assert_eq!(access["client_id"], c.id.as_str());
    assert_eq!(access["patient"], "smart-15716");
    assert_eq!(access["aud"], "http://sandbox.test/dev1/fhir");
    let id = claims(body["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], c.id.as_str());
    assert_eq!(id["nonce"], "n-123");

    let replay = token(
        &sb,
        "dev1",
        basic(&c),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
        ],
    )
    .await;
    assert_eq!(replay.json()["error"], "invalid_grant");
    let refresh = token(
        &sb,
        "dev1",
        basic(&c),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", body["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(
        refresh.json()["error"],
        "invalid_grant",
        "a replayed code revokes what it issued"
    );
}

#[tokio::test]
async fn tokens_expire_on_the_sandbox_clock() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-forms").await;
    let code = code_for(&sb, &c).await;
    let secret = c.secret.clone().unwrap();
    let creds = [
        ("client_id", c.id.as_str()),
        ("client_secret", secret.as_str()),
    ];
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
    ];
    form.extend_from_slice(&creds);
    let body = token(&sb, "dev1", vec![], &form).await.json();
    let access = body["access_token"].as_str().unwrap().to_owned();
    let refresh_token = body["refresh_token"].as_str().unwrap().to_owned();
    sb.post("/_sandbox/clock/advance", None, json!({"seconds": 299}))
        .await;
    assert_eq!(introspect(&sb, &creds, &access).await["active"], true);
    sb.post("/_sandbox/clock/advance", None, json!({"seconds": 2}))
        .await;
    assert_eq!(
        introspect(&sb, &creds, &access).await,
        json!({"active": false})
    );

    let mut refresh = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token.as_str()),
    ];
    refresh.extend_from_slice(&creds);
    sb.post(
        "/_sandbox/clock/advance",
        None,
        json!({"seconds": 29 * 60 - 301}),
    )
    .await;
    let again = token(&sb, "dev1", vec![], &refresh).await;
    assert_eq!(again.status, StatusCode::OK, "refresh at 29 minutes works");
    assert_eq!(
        again.json()["refresh_token"],
        refresh_token.as_str(),
        "the same refresh token, used again"
    );
    sb.post("/_sandbox/clock/advance", None, json!({"seconds": 120}))
        .await;
    let late = token(&sb, "dev1", vec![], &refresh).await;
    assert_eq!(
        late.json()["error"],
        "invalid_grant",
        "refresh at 31 minutes is refused"
    );
}

#[tokio::test]
async fn expired_codes_and_grants_read_as_such_for_ten_minutes_then_as_unknown() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let code = code_for(&sb, &c).await;
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
    ];
    let body = token(&sb, "dev1", basic(&c), &exchange).await.json();
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", body["refresh_token"].as_str().unwrap()),
    ];
    let description = |reply: Reply| {
        let body = reply.json();
        assert_eq!(body["error"], "invalid_grant", "{body}");
        body["error_description"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    // 31 minutes on, the refresh token has expired, and the answers say so.
    sb.post("/_sandbox/clock/advance", None, json!({"seconds": 31 * 60}))
        .await;
    let late = description(token(&sb, "dev1", basic(&c), &refresh).await);
    assert!(late.contains("expired"), "{late}");

    // 45 minutes on (the refresh token's 30, its last access token's 5, the grace's 10):
    // the sandbox has forgotten the grant and the code, and says it does not know them.
    sb.post(
        "/_sandbox/clock/advance",
        None,
        json!({"seconds": 14 * 60 + 2}),
    )
    .await;
    let forgotten = description(token(&sb, "dev1", basic(&c), &refresh).await);
    assert!(forgotten.contains("unknown"), "{forgotten}");
    let replayed = description(token(&sb, "dev1", basic(&c), &exchange).await);
    assert!(
        replayed.contains("unknown") && replayed.contains("forgotten 10 minutes after"),
        "{replayed}"
    );
}

#[tokio::test]
async fn clients_authenticate_exactly_as_registered() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let code = code_for(&sb, &c).await;
    let secret = c.secret.clone().unwrap();
    let in_body = token(
        &sb,
        "dev1",
        vec![],
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
            ("client_id", &c.id),
            ("client_secret", &secret),
        ],
    )
    .await;
    assert_eq!(in_body.status, StatusCode::BAD_REQUEST);
    assert_eq!(in_body.json()["error"], "invalid_client");
    assert!(
        in_body.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("Basic")
    );
    let wrong = Client {
        id: c.id.clone(),
        secret: Some("wrong".into()),
    };
    let bad_secret = token(
        &sb,
        "dev1",
        basic(&wrong),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
        ],
    )
    .await;
    assert_eq!(bad_secret.status, StatusCode::UNAUTHORIZED);
    assert!(
        bad_secret
            .header("www-authenticate")
            .unwrap()
            .starts_with("Basic")
    );
    let garbled = token(
        &sb,
        "dev1",
        vec![("authorization", "Basic !!!".into())],
        &[("grant_type", "authorization_code"), ("code", &code)],
    )
    .await;
    assert_eq!(garbled.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_development_client_is_refused_by_production_tenants() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let refused = token(
        &sb,
        "bcbsm",
        basic(&c),
        &[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("redirect_uri", CB),
        ],
    )
    .await;
    assert_eq!(refused.json()["error"], "invalid_client");
    assert!(
        refused.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("development client")
    );
    let page = authorize(
        &sb,
        "bcbsm",
        &[("client_id", &c.id)],
        ("MarianBenton", "Benton-Synthetic-1!"),
        ["accept", "accept"],
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.header("location").is_none(),
        "never a redirect for the wrong environment"
    );
}

#[tokio::test]
async fn bad_authorize_requests_get_a_page_or_an_error_redirect() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let unknown = authorize(
        &sb,
        "dev1",
        &[("client_id", "nope")],
        ROSE,
        ["accept", "accept"],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let slash = sb
        .get(
            &format!(
                "/dev1/oauth2/authorize?{}",
                query(&[
                    ("client_id", &c.id),
                    ("redirect_uri", "https://app.example/cb/"),
                    ("response_type", "code"),
                    ("scope", "openid"),
                    ("state", "s"),
                    ("nonce", "n")
                ])
            ),
            None,
        )
        .await;
    assert_eq!(slash.status, StatusCode::BAD_REQUEST);
    assert!(
        slash.header("location").is_none(),
        "never a redirect to an unregistered URI"
    );

    let base = |extra: &[(&'static str, &'static str)]| {
        let mut pairs: Vec<(&str, &str)> = vec![
            ("client_id", c.id.as_str()),
            ("redirect_uri", CB),
            ("response_type", "code"),
            ("scope", "openid"),
            ("state", "s"),
            ("nonce", "n-unique"),
        ];
        for (k, v) in extra {
            pairs.retain(|(name, _)| name != k);
            if !v.is_empty() {
                pairs.push((k, v));
            }
        }
        format!("/dev1/oauth2/authorize?{}", query(&pairs))
    };
    for (extra, error) in [
        (vec![("nonce", "")], "invalid_request"),
        (
            vec![("response_type", "token"), ("nonce", "n2")],
            "unsupported_response_type",
        ),
        (
            vec![
                ("scope", "openid patient/Observation.read"),
                ("nonce", "n3"),
            ],
            "invalid_scope",
        ),
        (
            vec![
                ("code_challenge", "abc"),
                ("code_challenge_method", "plain"),
                ("nonce", "n4"),
            ],
            "invalid_request",
        ),
    ] {
        let reply = sb.get(&base(&extra), None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{extra:?}");
        let to = location(&reply);
        assert_eq!(
            param(&to, "error").as_deref(),
            Some(error),
            "{extra:?}: {to}"
        );
        assert!(param(&to, "error_description").is_some());
    }
    let first = sb.get(&base(&[("nonce", "reused")]), None).await;
    assert_eq!(first.status, StatusCode::OK);
    let again = sb.get(&base(&[("nonce", "reused")]), None).await;
    assert_eq!(
        param(&location(&again), "error").as_deref(),
        Some("invalid_request")
    );
}

#[tokio::test]
async fn declining_a_consent_page_ends_in_access_denied() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let declined = authorize(
        &sb,
        "dev1",
        &[("client_id", &c.id)],
        ROSE,
        ["decline", "accept"],
    )
    .await;
    let to = location(&declined);
    assert_eq!(param(&to, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&to, "state").as_deref(), Some("s-123"));
    let wrong_password = authorize(
        &sb,
        "dev1",
        &[("client_id", &c.id), ("nonce", "other")],
        ("rose", "nope"),
        ["accept", "accept"],
    )
    .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn public_clients_prove_possession_with_pkce() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "public").await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let no_pkce = authorize(
        &sb,
        "dev1",
        &[("client_id", &c.id)],
        ROSE,
        ["accept", "accept"],
    )
    .await;
    assert_eq!(
        param(&location(&no_pkce), "error").as_deref(),
        Some("invalid_request")
    );
    // One PKCE authorization per attempt: codes are single-use.
    let exchange = |nonce: &'static str, verifier: &'static str| {
        let id = c.id.clone();
        let sb = &sb;
        async move {
            let done = authorize(
                sb,
                "dev1",
                &[
                    ("client_id", &id),
                    ("nonce", nonce),
                    ("code_challenge", challenge),
                    ("code_challenge_method", "S256"),
                ],
                ROSE,
                ["accept", "accept"],
            )
            .await;
            let code = param(&location(&done), "code").expect("a code");
            token(
                sb,
                "dev1",
                vec![],
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", CB),
                    ("client_id", &id),
                    ("code_verifier", verifier),
                ],
            )
            .await
        }
    };
    let wrong = exchange("p2", challenge).await;
    assert_eq!(
        wrong.json()["error"],
        "invalid_grant",
        "the challenge is not a verifier"
    );
    let ok = exchange("p3", verifier).await;
    assert_eq!(
        ok.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&ok.bytes)
    );
}

#[tokio::test]
async fn revoking_the_refresh_token_ends_the_grant() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let body = tokens_for(&sb, &c).await;
    let refresh_token = body["refresh_token"].as_str().unwrap();
    let mut headers = basic(&c);
    headers.push(("content-type", "application/x-www-form-urlencoded".into()));
    let revoked = sb
        .send_with(
            Method::POST,
            "/dev1/oauth2/revoke",
            &headers,
            query(&[
                ("token", refresh_token),
                ("token_type_hint", "refresh_token"),
            ])
            .into_bytes(),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    let access_state = sb
        .send_with(
            Method::POST,
            "/dev1/oauth2/introspect",
            &headers,
            query(&[("token", body["access_token"].as_str().unwrap())]).into_bytes(),
        )
        .await
        .json();
    assert_eq!(
        access_state,
        json!({"active": false}),
        "access tokens of a revoked grant die with it"
    );
    let refresh = token(
        &sb,
        "dev1",
        basic(&c),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ],
    )
    .await;
    assert_eq!(refresh.json()["error"], "invalid_grant");
}

#[tokio::test]
async fn malformed_oauth_requests_get_precise_errors_never_a_500() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let twice = token(
        &sb,
        "dev1",
        basic(&c),
        &[
            ("grant_type", "authorization_code"),
            ("code", "a"),
            ("code", "b"),
        ],
    )
    .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert!(
        twice.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("more than once")
    );
    let huge = "x".repeat(70_000);
    let big = token(
        &sb,
        "dev1",
        basic(&c),
        &[("grant_type", "authorization_code"), ("code", &huge)],
    )
    .await;
    assert_eq!(big.json()["error"], "invalid_request");
    let json_body = sb
        .post(
            "/dev1/oauth2/token",
            None,
            json!({"grant_type": "authorization_code"}),
        )
        .await;
    assert_eq!(json_body.json()["error"], "invalid_request");
    let unknown_grant = token(&sb, "dev1", basic(&c), &[("grant_type", "password")]).await;
    assert_eq!(unknown_grant.json()["error"], "unsupported_grant_type");

    let garbage = [
        "/dev1/oauth2/authorize?%ff%fe=%00",
        "/dev1/oauth2/authorize?client_id=&redirect_uri=",
        "/dev1/oauth2/authorize/not-a-flow",
        "/dev1/oauth2/authorize?client_id=x&client_id=y",
        "/debug?code=%3Cscript%3E",
        "/nope/oauth2/authorize",
        "/dev1/oauth2/jwks?x=%",
    ];
    for path in garbage {
        let reply = sb.get(path, None).await;
        assert!(reply.status.as_u16() < 500, "{path}: {}", reply.status);
    }
    let debug = sb
        .get("/debug?code=%3Cscript%3Ealert(1)%3C/script%3E", None)
        .await;
    assert!(
        !String::from_utf8_lossy(&debug.bytes).contains("<script>alert"),
        "the debug page escapes what it shows"
    );
    for (headers, body) in [
        (
            vec![("authorization", "Basic".to_owned())],
            "grant_type=refresh_token&refresh_token=x",
        ),
        (
            vec![("authorization", "Bearer abc".to_owned())],
            "grant_type=refresh_token&refresh_token=x",
        ),
        (
            vec![("authorization", "Basic Og==".to_owned())],
            "grant_type=refresh_token&refresh_token=x",
        ),
        (vec![], "%%%"),
    ] {
        let mut headers = headers;
        headers.push(("content-type", "application/x-www-form-urlencoded".into()));
        for path in [
            "/dev1/oauth2/token",
            "/dev1/oauth2/introspect",
            "/dev1/oauth2/revoke",
        ] {
            let reply = sb
                .send_with(Method::POST, path, &headers, body.as_bytes().to_vec())
                .await;
            assert!(
                reply.status.is_client_error(),
                "{path} {headers:?} {body}: {}",
                reply.status
            );
            assert!(reply.json()["error"].is_string());
        }
    }
}

#[tokio::test]
async fn tokens_signed_elsewhere_or_of_other_clients_are_inactive() {
    let sb = Sandbox::new().await;
    let alice = client(&sb, "confidential-basic").await;
    let bob = client(&sb, "confidential-basic").await;
    let body = tokens_for(&sb, &alice).await;
    let access = body["access_token"].as_str().unwrap();
    let mut headers = basic(&bob);
    headers.push(("content-type", "application/x-www-form-urlencoded".into()));
    let as_bob = sb
        .send_with(
            Method::POST,
            "/dev1/oauth2/introspect",
            &headers,
            query(&[("token", access)]).into_bytes(),
        )
        .await
        .json();
    assert_eq!(
        as_bob,
        json!({"active": false}),
        "another client learns nothing"
    );
    let header =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = access.split('.').nth(1).unwrap();
    let unsigned = format!("{header}.{payload}.");
    let mut mine = basic(&alice);
    mine.push(("content-type", "application/x-www-form-urlencoded".into()));
    let none = sb
        .send_with(
            Method::POST,
            "/dev1/oauth2/introspect",
            &mine,
            query(&[("token", &unsigned)]).into_bytes(),
        )
        .await
        .json();
    assert_eq!(none, json!({"active": false}), "alg none is never accepted");
}

#[tokio::test]
async fn the_userinfo_endpoint_is_a_protected_call_with_bearer_errors() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let body = tokens_for(&sb, &c).await;
    let access = body["access_token"].as_str().unwrap();
    let bearer = |t: &str| vec![("authorization", format!("Bearer {t}"))];
    let me = sb
        .send_with(
            Method::GET,
            "/dev1/oauth2/userinfo",
            &bearer(access),
            vec![],
        )
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["sub"], "rose");
    assert_eq!(
        me.json()["fhirUser"],
        "http://sandbox.test/dev1/fhir/Patient/smart-15716"
    );

    for headers in [
        vec![],
        bearer("not-a-token"),
        vec![("authorization", "Basic abc".to_owned())],
    ] {
        let refused = sb
            .send_with(Method::GET, "/dev1/oauth2/userinfo", &headers, vec![])
            .await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{headers:?}");
        assert!(
            refused
                .header("www-authenticate")
                .unwrap()
                .contains("error=\"invalid_token\"")
        );
    }
    let other_tenant = sb
        .send_with(
            Method::GET,
            "/bcbsm/oauth2/userinfo",
            &bearer(access),
            vec![],
        )
        .await;
    assert_eq!(
        other_tenant.status,
        StatusCode::UNAUTHORIZED,
        "a dev1 token means nothing on bcbsm"
    );

    let narrow = token(
        &sb,
        "dev1",
        basic(&c),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", body["refresh_token"].as_str().unwrap()),
            ("scope", "patient/Patient.read"),
        ],
    )
    .await
    .json();
    let without_openid = sb
        .send_with(
            Method::GET,
            "/dev1/oauth2/userinfo",
            &bearer(narrow["access_token"].as_str().unwrap()),
            vec![],
        )
        .await;
    assert_eq!(without_openid.status, StatusCode::FORBIDDEN);
    assert_eq!(without_openid.json()["error"], "insufficient_scope");
}

#[tokio::test]
async fn a_looser_portal_can_be_modelled_by_its_tenants_file() {
    let mut tenants = sandbox::Tenants::bundled();
    for t in &mut tenants.tenants {
        t.oauth.require_nonce = false;
        t.oauth.require_state = false;
        t.oauth.access_token_seconds = 3600;
    }
    let sb = Sandbox::with_tenants(tenants).await;
    let c = client(&sb, "confidential-basic").await;
    let page = sb
        .get(
            &format!(
                "/dev1/oauth2/authorize?{}",
                query(&[
                    ("client_id", &c.id),
                    ("redirect_uri", CB),
                    ("response_type", "code"),
                    ("scope", "openid")
                ])
            ),
            None,
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "no state and no nonce are fine on this portal"
    );
    let body = tokens_for(&sb, &c).await;
    assert_eq!(
        body["expires_in"], 3600,
        "lifetimes come from the tenants file"
    );
}
