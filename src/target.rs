//! What a run talks to: the embedded sandbox, or a server somewhere else.
//!
//! The embedded sandbox starts in-process on an ephemeral port, so `conform run`
//! needs nothing else running. A `--target URL` is probed first, so an unreachable
//! server is one clear line and exit code 2, not a hundred failed scenarios.

use crate::config::HarnessConfig;
use sandbox::{PasswordCost, RunningSandbox, SandboxConfig};
use std::time::{Duration, Instant};

/// Where the suite runs.
#[derive(Debug, Clone)]
pub enum Target {
    /// A sandbox started in this process for this run.
    Embedded,
    /// A server already running elsewhere (`conform serve`, or a real portal).
    Url {
        base_url: String,
        admin_token: Option<String>,
    },
}

/// A target ready for scenarios; keeps an embedded sandbox alive for the run.
pub struct ActiveTarget {
    pub config: HarnessConfig,
    /// How long the embedded sandbox took to be ready to serve.
    pub ready_in: Option<Duration>,
    sandbox: Option<RunningSandbox>,
}

/// Why a target cannot be used; one line for the person who started the run.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("cannot start the embedded sandbox: {0}")]
    Embedded(std::io::Error),
    #[error("cannot reach the target {url}: {why}")]
    Unreachable { url: String, why: String },
    #[error("the target URL `{0}` is not an http:// URL")]
    BadUrl(String),
}

impl Target {
    /// Starts or probes the target.
    pub async fn activate(&self) -> Result<ActiveTarget, TargetError> {
        match self {
            Target::Embedded => {
                let started = Instant::now();
                let admin_token = sandbox_admin_token();
                let config = SandboxConfig {
                    admin_token: Some(admin_token.clone()),
                    // The suite creates hundreds of accounts: hash for real, but cheaply.
                    password_cost: PasswordCost::Fast,
                    ..SandboxConfig::default()
                };
                let running = sandbox::start(config, ([127, 0, 0, 1], 0).into())
                    .await
                    .map_err(TargetError::Embedded)?;
                Ok(ActiveTarget {
                    config: HarnessConfig {
                        base_url: running.base_url(),
                        admin_token: Some(admin_token),
                        has_control_api: true,
                        record_transcripts: true,
                    },
                    ready_in: Some(started.elapsed()),
                    sandbox: Some(running),
                })
            }
            Target::Url {
                base_url,
                admin_token,
            } => {
                let base_url = base_url.trim_end_matches('/').to_owned();
                if !base_url.starts_with("http://") {
                    return Err(TargetError::BadUrl(base_url));
                }
                let has_control_api = probe(&base_url).await?;
                Ok(ActiveTarget {
                    config: HarnessConfig {
                        base_url,
                        admin_token: admin_token.clone(),
                        has_control_api,
                        record_transcripts: true,
                    },
                    ready_in: None,
                    sandbox: None,
                })
            }
        }
    }
}

impl ActiveTarget {
    /// The target's recent request log (`GET /_sandbox/requests`, newest first), so a
    /// help-desk bundle shows what the server saw; an error says why there is none.
    pub async fn request_log(&self) -> Result<serde_json::Value, String> {
        if !self.config.has_control_api {
            return Err("the target has no sandbox control API, so it keeps no request log the harness can read".into());
        }
        let url = format!("{}/_sandbox/requests?limit=1000", self.config.base_url);
        let response = reqwest::Client::new()
            .get(&url)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .map_err(|e| format!("GET {url} failed: {}", plain_reqwest_error(&e)))?;
        if !response.status().is_success() {
            return Err(format!("GET {url} answered {}", response.status()));
        }
        response
            .json()
            .await
            .map_err(|e| format!("GET {url} did not answer JSON: {e}"))
    }

    /// Stops an embedded sandbox; a remote target is left alone.
    pub async fn release(self) {
        if let Some(sandbox) = self.sandbox {
            let _ = sandbox.stop().await;
        }
    }
}

/// Whether the target answers, and whether it has the sandbox control API.
async fn probe(base_url: &str) -> Result<bool, TargetError> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| TargetError::Unreachable {
            url: base_url.to_owned(),
            why: e.to_string(),
        })?;
    let response = client
        .get(format!("{base_url}/_sandbox/clock"))
        .send()
        .await
        .map_err(|e| TargetError::Unreachable {
            url: base_url.to_owned(),
            why: plain_reqwest_error(&e),
        })?;
    Ok(response.status().is_success())
}

fn plain_reqwest_error(e: &reqwest::Error) -> String {
    let mut why = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        why = format!("{why}: {s}");
        source = s.source();
    }
    why
}

fn sandbox_admin_token() -> String {
    format!("conform-run-{}", sandbox::random_token(24))
}
