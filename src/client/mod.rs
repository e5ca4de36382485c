//! The HTTP client scenarios talk to the target with, and the recorder behind transcripts.
//!
//! Every call a step makes goes through [`Recorder::send`], so nothing reaches the wire
//! without leaving an [`Exchange`] behind. Secrets (session tokens, passwords, client
//! secrets, verification tokens) are redacted before an exchange is stored: transcripts
//! end up in reports that help-desk staff attach to tickets (the rules live in
//! `client/redact.rs`). The [`Response`] handed back to the step is NOT redacted, because steps
//! need the real token to carry on.

#![warn(missing_docs)]

mod record;
#[cfg(test)]
mod recorder_tests;
mod redact;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use crate::transcript::Exchange;

use record::describe_body;
pub use redact::{REDACTED, redact_json, redact_text};

/// How long one request may take before the step fails; the sandbox answers in
/// milliseconds, a real portal in well under this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest answer body the harness reads (32 MiB): a misbehaving target that streams
/// without end fails the step instead of filling the harness's memory.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Makes rustls use the ring crypto provider; idempotent, and done before any client is
/// built (reqwest panics on a TLS client without one). Public so that tests and benches
/// that build their own `reqwest::Client` can call it.
pub fn install_tls() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // Err means another provider is already installed, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// An HTTP client for the harness's own side requests (probes, discovery, clock control):
/// TLS ready, no redirects followed, every request bounded by `timeout`.
pub fn http_client(timeout: Duration) -> Result<reqwest::Client, String> {
    install_tls();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(5))
        // Servers close idle keep-alive connections (the sandbox after 30 s, hyper's
        // default); dropping ours sooner means no request is sent on one being closed.
        .pool_idle_timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// The body of a request a step wants to send.
#[derive(Debug, Clone, Default)]
pub enum Body {
    /// No body at all.
    #[default]
    Empty,
    /// A JSON document, sent as `application/json`.
    Json(Value),
    /// Raw bytes with an explicit content type: PDFs, or deliberately broken JSON.
    Raw {
        /// The `Content-Type` to send.
        content_type: String,
        /// The bytes, sent as they are.
        bytes: Vec<u8>,
    },
}

/// One request, described before it is sent so it can be recorded faithfully.
#[derive(Debug, Clone)]
pub struct Call {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Body,
}

impl Call {
    /// A request with the given method to `path`: a path on the target (e.g.
    /// `/portal/api/apps`), or an absolute URL (a real server's discovered endpoint).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
        }
    }

    /// Where the request goes: a path on the target or an absolute URL.
    pub fn target(&self) -> &str {
        &self.path
    }

    /// A `GET` of `path`.
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    /// A `POST` to `path`.
    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }

    /// A `PUT` to `path`.
    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }

    /// A `PATCH` of `path`.
    pub fn patch(path: impl Into<String>) -> Self {
        Self::new(Method::PATCH, path)
    }

    /// A `DELETE` of `path`.
    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// Adds a query parameter (percent-encoded when sent).
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds a request header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds `Authorization: Bearer <token>` when a token is given; without one the call
    /// goes out unauthenticated, which is what "no token" scenarios want.
    pub fn bearer(self, token: Option<&str>) -> Self {
        match token {
            Some(token) => self.header("Authorization", &format!("Bearer {token}")),
            None => self,
        }
    }

    /// Sends a JSON body.
    pub fn json(mut self, body: Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    /// Sends `pairs` as an `application/x-www-form-urlencoded` body, the way a browser
    /// posts a form and an app calls an OAuth endpoint.
    pub fn form<K: AsRef<str>, V: AsRef<str>>(self, pairs: &[(K, V)]) -> Self {
        self.raw(
            "application/x-www-form-urlencoded",
            form_encode(pairs).into_bytes(),
        )
    }

    /// Sends raw bytes with the given content type.
    pub fn raw(mut self, content_type: &str, bytes: Vec<u8>) -> Self {
        self.body = Body::Raw {
            content_type: content_type.to_owned(),
            bytes,
        };
        self
    }
}

/// `a=1&b=x+y`: `pairs` form-urlencoded (WHATWG), in order.
pub fn form_encode<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut url = reqwest::Url::parse("http://form.invalid/").unwrap_or_else(|e| {
        panic!("the built-in placeholder URL does not parse: {e}");
    });
    url.query_pairs_mut()
        .extend_pairs(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
    url.query().unwrap_or_default().to_owned()
}

/// The pairs of a form-urlencoded string (a query or a form body), decoded, in order.
pub fn form_decode(encoded: &str) -> Vec<(String, String)> {
    match reqwest::Url::parse(&format!("http://form.invalid/?{encoded}")) {
        Ok(url) => url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// What the target answered, unredacted, for steps to assert on.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Response headers in the order received, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body_bytes: Vec<u8>,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<Value>,
}

impl Response {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body without parameters, e.g. `application/problem+json`.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// The body for a failure message: redacted, binary summarised, long text cut.
    pub fn describe_body(&self) -> String {
        let ct = self.media_type().unwrap_or_default();
        describe_body(&self.body_bytes, &ct, self.json.as_ref())
    }
}

/// The request never got an answer: the target is down, slow or unreachable.
#[derive(Debug, thiserror::Error)]
#[error("{method} {url} got no answer: {reason}")]
pub struct TransportError {
    /// The method that was attempted.
    pub method: String,
    /// The (redacted) URL that was attempted.
    pub url: String,
    /// What went wrong, in plain words.
    pub reason: String,
}

/// Sends calls to one target and keeps the redacted record of each exchange.
#[derive(Debug, Clone)]
pub struct Recorder {
    base_url: String,
    /// Whether exchanges are kept; when not, nothing is redacted or copied.
    recording: bool,
    exchanges: Vec<Exchange>,
    /// How long the last call took, recorded or not (a latency step judges it).
    last_duration: Option<Duration>,
}

/// One client for the whole process: connection pooling across scenarios matters when
/// 64 scenarios run at once.
fn shared_client() -> Result<&'static reqwest::Client, String> {
    static CLIENT: OnceLock<Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| http_client(REQUEST_TIMEOUT))
        .as_ref()
        .map_err(Clone::clone)
}

impl Recorder {
    /// A recorder for the target at `base_url` (no trailing slash needed) that keeps
    /// every exchange.
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            recording: true,
            exchanges: Vec::new(),
            last_duration: None,
        }
    }

    /// The same recorder, keeping exchanges only when `recording` is true: a run without
    /// transcripts (`HarnessConfig::record_transcripts`) makes one that keeps nothing.
    pub fn recording(mut self, recording: bool) -> Self {
        self.recording = recording;
        self
    }

    /// Every exchange so far, oldest first, already redacted; empty when not recording.
    pub fn exchanges(&self) -> &[Exchange] {
        &self.exchanges
    }

    /// How long the last call took until its answer or its transport error, whether
    /// or not it was recorded; `None` before the first call.
    pub fn last_duration(&self) -> Option<Duration> {
        self.last_duration
    }

    /// Sends `call`, records it under `step` (when recording), and returns the
    /// unredacted response.
    pub async fn send(
        &mut self,
        step: Option<&str>,
        call: Call,
    ) -> Result<Response, TransportError> {
        let started = Instant::now();
        // Absolute URLs are a real server's discovered endpoints; paths are on the base URL.
        let url = if call.path.starts_with("http://") || call.path.starts_with("https://") {
            call.path.clone()
        } else {
            format!("{}{}", self.base_url, call.path)
        };
        let method = call.method.clone();
        let exchange = self.recording.then(|| record::requested(step, &url, &call));
        let result = Self::execute(&url, call).await;
        let duration = started.elapsed();
        self.last_duration = Some(duration);
        if let Some(mut exchange) = exchange {
            exchange.duration_ms = duration.as_secs_f64() * 1000.0;
            match &result {
                Ok((final_url, response)) => record::answered(&mut exchange, final_url, response),
                Err(reason) => exchange.error = Some(reason.clone()),
            }
            self.exchanges.push(exchange);
        }
        result
            .map(|(_, response)| response)
            .map_err(|reason| TransportError {
                method: method.to_string(),
                url: redact_text(&url),
                reason,
            })
    }

    async fn execute(url: &str, call: Call) -> Result<(String, Response), String> {
        let client = shared_client()?;
        let mut builder = client.request(call.method, url);
        if !call.query.is_empty() {
            builder = builder.query(&call.query);
        }
        for (name, value) in &call.headers {
            builder = builder.header(name, value);
        }
        builder = match call.body {
            Body::Empty => builder,
            Body::Json(value) => builder.json(&value),
            Body::Raw {
                content_type,
                bytes,
            } => builder.header("Content-Type", content_type).body(bytes),
        };
        let request = builder
            .build()
            .map_err(|e| format!("cannot build the request: {e}"))?;
        let final_url = request.url().to_string();
        let response = client.execute(request).await.map_err(plain_reason)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (n.as_str().to_owned(), value)
            })
            .collect();
        let body_bytes = read_capped(response).await?;
        let json = serde_json::from_slice(&body_bytes).ok();
        Ok((
            final_url,
            Response {
                status,
                headers,
                body_bytes,
                json,
            },
        ))
    }
}

/// Reads an answer's body, refusing one larger than [`MAX_BODY_BYTES`].
async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    return Err(format!(
                        "the body is larger than {} MiB, more than any answer of the API should be",
                        MAX_BODY_BYTES / (1024 * 1024)
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => {
                return Err(format!("the body could not be read: {}", plain_reason(e)));
            }
        }
    }
}

/// Turns a reqwest error into a sentence a help-desk person can act on.
fn plain_reason(error: reqwest::Error) -> String {
    if error.is_timeout() {
        format!("no answer within {} seconds", REQUEST_TIMEOUT.as_secs())
    } else if error.is_connect() {
        format!("could not connect (is the server running?): {error}")
    } else {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_round_trip() {
        let pairs = [("scope", "openid patient/Patient.read"), ("state", "a&b=c")];
        let encoded = form_encode(&pairs);
        assert_eq!(
            encoded,
            "scope=openid+patient%2FPatient.read&state=a%26b%3Dc"
        );
        let decoded = form_decode(&encoded);
        assert_eq!(
            decoded[0],
            ("scope".into(), "openid patient/Patient.read".into())
        );
        assert_eq!(decoded[1], ("state".into(), "a&b=c".into()));
    }
}
