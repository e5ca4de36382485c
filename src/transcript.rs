//! What crossed the wire during a scenario.
//!
//! Every HTTP exchange the harness makes is recorded so that a failing scenario can be
//! explained without re-running it: a help-desk person attaches the transcript to the
//! ticket, a developer reads exactly what the server said. Secrets are redacted before
//! an exchange is stored, so transcripts are safe to share.

use serde::Serialize;

/// One request and its response (or the transport error that stopped it).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Exchange {
    /// The Gherkin step that made the request, e.g. `When she signs in`.
    pub step: Option<String>,
    pub method: String,
    /// Full URL with secret query parameters redacted.
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<String>,
    /// `None` when the request never got an answer (connection refused, timeout).
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<String>,
    pub duration_ms: f64,
    /// Transport-level failure, in plain words.
    pub error: Option<String>,
}

/// The label an exchange carries in [`Exchange::step`] for the step `keyword text`
/// (keyword trimmed, e.g. `When she signs in`): the world labels requests with it and
/// the HTML report finds each step's exchanges by it, so both must agree.
pub fn step_label(keyword: &str, text: &str) -> String {
    format!("{} {}", keyword.trim(), text)
}

/// Implemented by a cucumber `World` that records its exchanges, so report writers
/// can show the evidence behind a failed step without knowing the world's type.
pub trait Transcribed {
    /// All exchanges of the scenario so far, oldest first.
    fn transcript(&self) -> Vec<Exchange>;
}
