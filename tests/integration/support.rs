//! A sandbox driven in-process through `oneshot`, and shortcuts for the portal's flows.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use sandbox::{Clock, PasswordCost, SandboxConfig, SandboxState};
use serde_json::{Value, json};
use tower::ServiceExt;

pub const ADMIN: &str = "test-admin-token";

/// In-process conformance runs publish their target in one process-wide slot
/// (`conform::config`), so the tests that make one take turns.
pub static ONE_RUN_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
pub const PASSWORD: &str = "Tr1cky-Pass!";

/// One sandbox per test, no socket.
pub struct Sandbox {
    app: Router,
    /// The sandbox's state, for tests that inspect what it keeps (the store, the clock).
    pub state: SandboxState,
}

/// What came back.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|_| {
            panic!(
                "expected JSON, got {} bytes: {}",
                self.bytes.len(),
                String::from_utf8_lossy(&self.bytes)
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The problem's title, checking the media type on the way.
    pub fn problem_title(&self) -> String {
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "status {}: {}",
            self.status,
            String::from_utf8_lossy(&self.bytes)
        );
        self.json()["title"].as_str().unwrap_or_default().to_owned()
    }

    pub fn codes(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["code"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A developer signed in with accepted terms.
pub struct Dev {
    pub email: String,
    pub token: String,
}

impl Sandbox {
    pub async fn new() -> Self {
        Self::with_tenants(sandbox::Tenants::bundled()).await
    }

    /// A sandbox modelling another portal: its own tenants and their OAuth settings.
    pub async fn with_tenants(tenants: sandbox::Tenants) -> Self {
        Self::with_config(SandboxConfig {
            tenants,
            ..Default::default()
        })
    }

    /// A sandbox started from `config`, with the test admin token and fast hashing.
    pub fn with_config(config: SandboxConfig) -> Self {
        Self::exactly(SandboxConfig {
            admin_token: Some(ADMIN.into()),
            password_cost: PasswordCost::Fast,
            ..config
        })
    }

    /// A sandbox started from `config` as given (its admin token and hashing cost too).
    pub fn exactly(config: SandboxConfig) -> Self {
        let clock = Clock::starting_at(time::macros::datetime!(2026-01-27 09:00 UTC));
        let state = SandboxState::with_clock(config, "http://sandbox.test".into(), clock);
        Sandbox {
            app: sandbox::app(state.clone()),
            state,
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        let mut headers = Vec::new();
        if let Some(t) = token {
            headers.push((header::AUTHORIZATION.as_str(), format!("Bearer {t}")));
        }
        if let Some(ct) = content_type {
            headers.push((header::CONTENT_TYPE.as_str(), ct.to_owned()));
        }
        self.send_with(method, path, &headers, body).await
    }

    /// A request with any headers, for OAuth calls (Basic auth, cookies, forms).
    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: Vec<u8>,
    ) -> Reply {
        self.send_body(method, path, headers, Body::from(body))
            .await
    }

    /// A request with any body, e.g. one streamed in chunks or never finished.
    pub async fn send_body(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: Body,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(body).expect("request"))
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            bytes,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, None, vec![]).await
    }

    pub async fn json(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> Reply {
        let bytes = serde_json::to_vec(&body).expect("json");
        self.send(method, path, token, Some("application/json"), bytes)
            .await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.json(Method::POST, path, token, body).await
    }

    /// Signs up `username`, returning the verification token from the outbox.
    pub async fn sign_up(&self, username: &str) -> String {
        let email = format!("{username}@example.com");
        let reply = self
            .post(
                "/portal/api/accounts",
                None,
                json!({"email": email, "username": username, "password": PASSWORD,
                       "confirm_password": PASSWORD, "accept_terms": true}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&reply.bytes)
        );
        let outbox = self
            .get(&format!("/_sandbox/outbox?to={email}"), None)
            .await
            .json();
        let body = outbox["mails"][0]["body"]
            .as_str()
            .expect("a verification mail")
            .to_owned();
        let start = body.find("token=").expect("a link with a token") + "token=".len();
        body[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> Reply {
        self.post(
            "/portal/api/sessions",
            None,
            json!({"username": username, "password": password}),
        )
        .await
    }

    /// A verified developer who accepted the terms.
    pub async fn developer(&self, username: &str) -> Dev {
        let token = self.sign_up(username).await;
        let verified = self
            .get(&format!("/portal/api/verify-email?token={token}"), None)
            .await;
        assert_eq!(verified.status, StatusCode::OK);
        let session = self.sign_in(username, PASSWORD).await.json()["token"]
            .as_str()
            .expect("session token")
            .to_owned();
        let accepted = self
            .post("/portal/api/terms/accept", Some(&session), json!({}))
            .await;
        assert_eq!(accepted.status, StatusCode::OK);
        Dev {
            email: format!("{username}@example.com"),
            token: session,
        }
    }

    /// Registers a confidential-basic app and returns its dashboard.
    pub async fn app(&self, dev: &Dev, name: &str) -> Value {
        let reply = self
            .post(
                "/portal/api/apps",
                Some(&dev.token),
                json!({"name": name, "scopes": ["openid", "patient/Patient.read"],
                       "redirect_uris": "https://app.example/cb"}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&reply.bytes)
        );
        reply.json()
    }

    pub async fn upload_policy(
        &self,
        dev: &Dev,
        app_id: &str,
        bytes: &[u8],
        content_type: &str,
    ) -> Reply {
        self.send(
            Method::PUT,
            &format!("/portal/api/apps/{app_id}/privacy-policy"),
            Some(&dev.token),
            Some(content_type),
            bytes.to_vec(),
        )
        .await
    }

    /// Submits a security attestation answering yes to everything.
    pub async fn attest_security(&self, dev: &Dev, app_id: &str) -> Reply {
        let questions = self
            .get("/portal/api/attestation-questions", None)
            .await
            .json();
        let answers: serde_json::Map<String, Value> = questions["security"]
            .as_array()
            .expect("security questions")
            .iter()
            .map(|q| {
                (
                    q["id"].as_str().unwrap_or_default().to_owned(),
                    json!("yes"),
                )
            })
            .collect();
        self.post(
            &format!("/portal/api/apps/{app_id}/security-attestation"),
            Some(&dev.token),
            json!({"answers": answers}),
        )
        .await
    }
}

/// A small but real PDF.
pub fn pdf() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/pdfs/privacy-policy.pdf"
    ))
    .unwrap_or_else(|_| b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec())
}

/// A verified developer who accepted the terms, made over HTTP on a running sandbox at
/// `base` (sign-up, the outbox's verification link, sign-in); returns her session token.
pub async fn ready_developer_over_http(http: &reqwest::Client, base: &str) -> String {
    let username = format!("dev{}", sandbox::random_token(6).replace(['-', '_'], "x"));
    let email = format!("{username}@example.com");
    let signed_up = http
        .post(format!("{base}/portal/api/accounts"))
        .json(
            &json!({"email": email, "username": username, "password": PASSWORD,
                      "confirm_password": PASSWORD, "accept_terms": true}),
        )
        .send()
        .await
        .expect("sign up");
    assert_eq!(signed_up.status(), 201, "{:?}", signed_up.text().await);
    let outbox: Value = http
        .get(format!("{base}/_sandbox/outbox"))
        .query(&[("to", &email)])
        .send()
        .await
        .expect("outbox")
        .json()
        .await
        .expect("outbox JSON");
    let mail = outbox["mails"][0]["body"]
        .as_str()
        .expect("a verification mail");
    let link = mail
        .split_whitespace()
        .find(|w| w.starts_with("http") && w.contains("verify-email?token="))
        .unwrap_or_else(|| panic!("no verification link in:\n{mail}"));
    let verified = http.get(link).send().await.expect("verify");
    assert_eq!(verified.status(), 200, "{:?}", verified.text().await);
    let session: Value = http
        .post(format!("{base}/portal/api/sessions"))
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("session JSON");
    let token = session["token"]
        .as_str()
        .expect("a session token")
        .to_owned();
    let accepted = http
        .post(format!("{base}/portal/api/terms/accept"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("accept terms");
    assert_eq!(accepted.status(), 200, "{:?}", accepted.text().await);
    token
}

/// Registers an app of `client_type` with `scopes` (space-separated) and one redirect
/// URI as the developer whose session is `token`; returns its development client id
/// and secret (`None` for a public client).
pub async fn register_app_over_http(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    client_type: &str,
    scopes: &str,
    redirect_uri: &str,
) -> (String, Option<String>) {
    let scopes: Vec<&str> = scopes.split_whitespace().collect();
    let created = http
        .post(format!("{base}/portal/api/apps"))
        .bearer_auth(token)
        .json(
            &json!({"name": format!("Test app {client_type}"), "client_type": client_type,
                      "scopes": scopes, "redirect_uris": [redirect_uri]}),
        )
        .send()
        .await
        .expect("register an app");
    assert_eq!(created.status(), 201);
    let app: Value = created.json().await.expect("app JSON");
    let credentials = &app["credentials"]["development"];
    (
        credentials["client_id"]
            .as_str()
            .expect("client_id")
            .to_owned(),
        credentials["client_secret"].as_str().map(str::to_owned),
    )
}

/// A sandbox on a real loopback socket with cheap password hashing (tests sign up many
/// developers) and `admin_token`, for tests that need a URL rather than `oneshot`.
pub async fn start_on_socket(admin_token: Option<&str>) -> sandbox::RunningSandbox {
    sandbox::start(
        SandboxConfig {
            admin_token: admin_token.map(str::to_owned),
            password_cost: PasswordCost::Fast,
            ..Default::default()
        },
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .expect("sandbox starts")
}
