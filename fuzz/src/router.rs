//! A sandbox for the `router` target: one process-wide instance with a developer who
//! verified her email, accepted the terms and registered a confidential-basic app, so
//! requests can reach past authentication. Its session token, app id, client id and
//! secret are made at start, so an input names them by placeholders that are replaced
//! before the request is sent: `{session}`, `{app}`, `{client}`, `{secret}` and `{basic}`
//! (`base64(client:secret)` for an `Authorization: Basic` header).

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http_body_util::BodyExt;
use sandbox::{DirectoryScale, PasswordCost, SandboxConfig, SandboxState};
use serde_json::{Value, json};
use std::sync::OnceLock;
use tower::ServiceExt;

const PASSWORD: &str = "Tr1cky-Pass!";

/// The sandbox and what the placeholders stand for.
pub struct Fixture {
    /// The whole sandbox, as `conform serve` serves it.
    pub app: Router,
    runtime: tokio::runtime::Runtime,
    placeholders: Vec<(&'static str, String)>,
}

/// What came back: status, content type and body.
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`, when there is one and it is text.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Fixture {
    /// Sends `request` through the router and reads the whole answer.
    pub fn send(&self, request: Request<Body>) -> Reply {
        self.runtime.block_on(async {
            let response: Response<Body> = match self.app.clone().oneshot(request).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get(axum::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = match response.into_body().collect().await {
                Ok(b) => b.to_bytes().to_vec(),
                Err(e) => panic!("the body of a {status} could not be read: {e}"),
            };
            Reply {
                status,
                content_type,
                body,
            }
        })
    }

    /// `text` with every placeholder replaced by what it stands for.
    pub fn fill(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (name, value) in &self.placeholders {
            if out.contains(name) {
                out = out.replace(name, value);
            }
        }
        out
    }

    fn json(&self, method: &str, uri: &str, session: Option<&str>, body: Value) -> Value {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json");
        if let Some(token) = session {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let reply = self.send(
            request
                .body(Body::from(body.to_string()))
                .unwrap_or_default(),
        );
        let value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
        assert!(
            reply.status < 300,
            "{method} {uri}: {} {value}",
            reply.status
        );
        value
    }
}

/// The process's sandbox, made on first use.
pub fn fixture() -> &'static Fixture {
    static ONE: OnceLock<Fixture> = OnceLock::new();
    ONE.get_or_init(make)
}

fn make() -> Fixture {
    let config = SandboxConfig {
        admin_token: Some("fuzz-admin-token".into()),
        password_cost: PasswordCost::Fast,
        scale: DirectoryScale::new(10),
        ..Default::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("a tokio runtime: {e}"));
    let app = sandbox::app(SandboxState::new(config, "http://sandbox.test".into()));
    let mut f = Fixture {
        app,
        runtime,
        placeholders: Vec::new(),
    };
    let email = "fuzz@example.com";
    f.json(
        "POST",
        "/portal/api/accounts",
        None,
        json!({"email": email, "username": "fuzzdev",
        "password": PASSWORD, "confirm_password": PASSWORD, "accept_terms": true}),
    );
    let outbox = f.json(
        "GET",
        &format!("/_sandbox/outbox?to={email}"),
        None,
        Value::Null,
    );
    let mail = outbox["mails"][0]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let link = mail
        .split_whitespace()
        .find_map(|w| w.split_once("verify-email?token="));
    let token = link.map(|(_, t)| t.to_owned()).unwrap_or_default();
    f.json(
        "GET",
        &format!("/portal/api/verify-email?token={token}"),
        None,
        Value::Null,
    );
    let session = f.json(
        "POST",
        "/portal/api/sessions",
        None,
        json!({"username": "fuzzdev", "password": PASSWORD}),
    )["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    f.json(
        "POST",
        "/portal/api/terms/accept",
        Some(&session),
        json!({}),
    );
    let registration = json!({
        "name": "Fuzz",
        "client_type": "confidential-basic",
        "scopes": "openid fhirUser launch/patient offline_access patient/Patient.read",
        "redirect_uris": ["https://app.example/cb", "com.example.app:/callback"],
    });
    let app = f.json("POST", "/portal/api/apps", Some(&session), registration);
    let credentials = &app["credentials"]["development"];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let (client, secret) = (
        text(&credentials["client_id"]),
        text(&credentials["client_secret"]),
    );
    let basic = STANDARD.encode(format!("{client}:{secret}"));
    f.placeholders = vec![
        ("{session}", session),
        ("{app}", text(&app["id"])),
        ("{client}", client),
        ("{secret}", secret),
        ("{basic}", basic),
    ];
    f
}
