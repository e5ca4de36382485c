//! The HTTP side of one simulated app and its member's browser.
//!
//! Each simulated app has its own connection pool, as separate apps on separate
//! machines would, and keeps the cookie of the authorization pages the way the
//! member's browser does. Every request is counted against the step that sent it;
//! bodies are read whole (so a latency includes the transfer) but parsed only where
//! the walk needs something from them, to keep the load generator's CPU for the target.

use super::error::StepFailure;
use super::step::Step;
use super::tally::Tally;
use crate::client::redact_text;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// How much of an unexpected answer's body an error message quotes.
const QUOTED_BODY: usize = 240;

/// What the target answered, with what the walk reads from it.
#[derive(Debug)]
pub struct Answer {
    method: Method,
    url: String,
    /// HTTP status code.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<String>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl Answer {
    /// A failure about this answer, saying what was wrong with it.
    pub fn shape(&self, why: impl Into<String>) -> StepFailure {
        StepFailure::Shape {
            method: self.method.to_string(),
            url: redact_text(&self.url),
            why: why.into(),
        }
    }

    /// This answer, if its status is `expected`; otherwise a failure quoting its body.
    pub fn expect(self, expected: u16) -> Result<Self, StepFailure> {
        if self.status == expected {
            return Ok(self);
        }
        let text = String::from_utf8_lossy(&self.body);
        let mut body: String = text.chars().take(QUOTED_BODY).collect();
        if text.chars().count() > QUOTED_BODY {
            body.push('…');
        }
        Err(StepFailure::Status {
            method: self.method.to_string(),
            url: redact_text(&self.url),
            status: self.status,
            expected,
            body: redact_text(&body.replace('\n', " ")),
        })
    }

    /// The body as JSON.
    pub fn json(&self) -> Result<Value, StepFailure> {
        serde_json::from_slice(&self.body).map_err(|e| self.shape(format!("not JSON: {e}")))
    }

    /// The body as text (HTML pages).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The string at `pointer` (RFC 6901) of the JSON body.
    pub fn json_str(&self, pointer: &str) -> Result<String, StepFailure> {
        self.json()?
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| self.shape(format!("the answer has no string at {pointer}")))
    }
}

/// One simulated app: its HTTP client, its member's browser cookie, and the tally.
#[derive(Debug)]
pub struct Agent {
    http: reqwest::Client,
    tally: Arc<Tally>,
    /// `name=value` of the authorization pages' cookie, once set.
    cookie: Option<String>,
    /// The URL prefix the cookie is sent to (the tenant's `/oauth2/`).
    cookie_scope: String,
}

impl Agent {
    /// An app with a fresh connection pool; the browser sends its cookie to URLs under
    /// `cookie_scope` only.
    pub fn new(tally: Arc<Tally>, timeout: Duration, cookie_scope: String) -> Result<Self, String> {
        Ok(Self {
            http: crate::client::http_client(timeout)?,
            tally,
            cookie: None,
            cookie_scope,
        })
    }

    /// A request to `url` with `method`, not yet sent.
    pub fn request(&self, method: Method, url: &str) -> RequestBuilder {
        self.http.request(method, url)
    }

    /// Forgets the browser's cookie: a new authorization starts from a fresh browser.
    pub fn clear_cookie(&mut self) {
        self.cookie = None;
    }

    /// Sends `request` for `step` (the browser's cookie added when it is due), keeps a
    /// cookie the answer sets, and reads the whole answer.
    pub async fn send(
        &mut self,
        step: Step,
        request: RequestBuilder,
    ) -> Result<Answer, StepFailure> {
        let request = request.build().map_err(|e| StepFailure::Transport {
            method: "?".into(),
            url: "?".into(),
            why: format!("cannot build the request: {e}"),
        })?;
        let method = request.method().clone();
        let url = request.url().to_string();
        let mut request = request;
        if let Some(cookie) = &self.cookie
            && url.starts_with(&self.cookie_scope)
            && let Ok(value) = cookie.parse()
        {
            request.headers_mut().insert(COOKIE, value);
        }
        self.tally.request(step);
        let transport = |e: reqwest::Error| StepFailure::Transport {
            method: method.to_string(),
            url: redact_text(&url),
            why: crate::target::plain_reqwest_error(&e),
        };
        let response = self.http.execute(request).await.map_err(transport)?;
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let status = response.status().as_u16();
        let location = header(LOCATION);
        let content_type = header(CONTENT_TYPE);
        if let Some(set) = header(SET_COOKIE) {
            let pair = set.split(';').next().unwrap_or_default().trim();
            if !pair.is_empty() {
                self.cookie = Some(pair.to_owned());
            }
        }
        let body = response.bytes().await.map_err(transport)?.to_vec();
        Ok(Answer {
            method,
            url,
            status,
            location,
            content_type,
            body,
        })
    }
}

/// `Authorization: Basic` for a client (RFC 6749 2.3.1: each part form-urlencoded first).
pub fn basic_auth(request: RequestBuilder, client_id: &str, secret: &str) -> RequestBuilder {
    let encoded = |value: &str| {
        crate::client::form_encode(&[("v", value)])
            .strip_prefix("v=")
            .unwrap_or_default()
            .to_owned()
    };
    let raw = format!("{}:{}", encoded(client_id), encoded(secret));
    let value = format!(
        "Basic {}",
        crate::steps::oauth::base64_encode(raw.as_bytes())
    );
    request.header(AUTHORIZATION, value)
}
