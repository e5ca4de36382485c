//! What a run talks to: the embedded sandbox, or a server somewhere else.
//!
//! The embedded sandbox starts in-process on an ephemeral port, so `conform run`
//! needs nothing else running. A `--target URL` is probed first, so an unreachable
//! server is one clear line and exit code 2, not a hundred failed scenarios.

use crate::config::HarnessConfig;
use crate::endpoints::{DiscoveryError, Layout, discover};
use crate::profile::{CAPABILITIES, Profile};
use crate::run::SkipTag;
use sandbox::{PasswordCost, RunningSandbox, SandboxConfig};
use std::collections::BTreeMap;
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
    /// A server described by a profile (`--profile FILE`): its tenants, pre-registered
    /// clients, login and the capabilities it lacks.
    Profile {
        profile: Box<Profile>,
        /// `--target`, which wins over the profile's `base_url`.
        base_url: Option<String>,
        /// `--admin-token`, which wins over the profile's `admin_token_env`.
        admin_token: Option<String>,
    },
}

/// A target ready for scenarios; keeps an embedded sandbox alive for the run.
pub struct ActiveTarget {
    pub config: HarnessConfig,
    /// Tags whose scenarios this target cannot serve, with the reason each is skipped.
    pub skips: Vec<SkipTag>,
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
    #[error("the target URL `{0}` is not an http:// or https:// URL")]
    BadUrl(String),
    #[error("the profile names no base_url: give one there or pass --target URL")]
    NoBaseUrl,
    #[error(transparent)]
    Discovery(#[from] DiscoveryError),
    #[error("the profile says the target has the sandbox control API, but {0}")]
    NoControlApi(String),
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
                    config: HarnessConfig::sandbox(running.base_url(), Some(admin_token), true),
                    skips: Vec::new(),
                    ready_in: Some(started.elapsed()),
                    sandbox: Some(running),
                })
            }
            Target::Url {
                base_url,
                admin_token,
            } => {
                let base_url = checked_url(base_url)?;
                let has_control_api = probe(&base_url).await?;
                let config = HarnessConfig::sandbox(base_url, admin_token.clone(), has_control_api);
                let mut skips = Vec::new();
                if !has_control_api {
                    skips.push(SkipTag {
                        tag: "sandbox".into(),
                        reason: "needs the sandbox control API (/_sandbox: outbox, clock), which the target does not have".into(),
                    });
                }
                if config.admin_token.is_none() {
                    skips.push(SkipTag {
                        tag: "admin".into(),
                        reason: "acts as the security team and needs its admin token: pass --admin-token or CONFORM_ADMIN_TOKEN".into(),
                    });
                }
                Ok(ActiveTarget {
                    config,
                    skips,
                    ready_in: None,
                    sandbox: None,
                })
            }
            Target::Profile {
                profile,
                base_url,
                admin_token,
            } => activate_profile(profile, base_url.as_deref(), admin_token.clone()).await,
        }
    }
}

fn checked_url(url: &str) -> Result<String, TargetError> {
    let url = url.trim_end_matches('/').to_owned();
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(url)
    } else {
        Err(TargetError::BadUrl(url))
    }
}

/// Probes the profile's target, finds each tenant's endpoints and turns what it lacks
/// into skip tags.
async fn activate_profile(
    profile: &Profile,
    base_url: Option<&str>,
    admin_token: Option<String>,
) -> Result<ActiveTarget, TargetError> {
    let base_url = base_url
        .or(profile.base_url.as_deref())
        .ok_or(TargetError::NoBaseUrl)?;
    let base_url = checked_url(base_url)?;
    reachable(&base_url).await?;
    let declares_control = profile.lacks("control_api").is_none();
    if declares_control && !probe(&base_url).await? {
        return Err(TargetError::NoControlApi(format!(
            "GET {base_url}/_sandbox/clock did not answer 200"
        )));
    }
    let layout = if profile.tenants.is_empty() {
        Layout::Sandbox {
            base_url: base_url.clone(),
        }
    } else {
        let mut tenants = BTreeMap::new();
        for (name, tenant) in &profile.tenants {
            tenants.insert(name.clone(), discover(name, tenant).await?);
        }
        Layout::Declared(tenants)
    };
    let admin_token = admin_token.or_else(|| profile.admin_token.clone());
    let mut lacks: Vec<_> = profile.lacks.clone();
    let admin = CAPABILITIES.iter().find(|c| c.name == "admin_api");
    if let Some(admin) = admin
        && admin_token.is_none()
        && profile.lacks("admin_api").is_none()
    {
        lacks.push((admin, "no admin token was given".into()));
    }
    let skips = lacks
        .iter()
        .map(|(capability, why)| SkipTag {
            tag: capability.tag.to_owned(),
            reason: match why.trim() {
                "" => format!(
                    "needs {}, which the profile {:?} says the target does not have",
                    capability.needs, profile.name
                ),
                why => format!(
                    "needs {}, which the target does not have: {why} (profile {:?})",
                    capability.needs, profile.name
                ),
            },
        })
        .collect();
    let mut config = HarnessConfig::sandbox(base_url, admin_token, declares_control);
    config.layout = layout;
    config.portal_api = profile.lacks("portal_api").is_none();
    config.clients = profile.clients.clone();
    config.default_client = profile.default_client.clone();
    config.login = profile.login;
    config.member = profile.member.clone();
    config.profile_name = Some(profile.name.clone());
    config.portal_rules = profile.lacks("portal_rules").is_none();
    Ok(ActiveTarget {
        config,
        skips,
        ready_in: None,
        sandbox: None,
    })
}

impl ActiveTarget {
    /// The target's recent request log (`GET /_sandbox/requests`, newest first), so a
    /// help-desk bundle shows what the server saw; an error says why there is none.
    pub async fn request_log(&self) -> Result<serde_json::Value, String> {
        if !self.config.has_control_api {
            return Err("the target has no sandbox control API, so it keeps no request log the harness can read".into());
        }
        let url = format!("{}/_sandbox/requests?limit=1000", self.config.base_url);
        let response = crate::client::http_client(Duration::from_secs(10))?
            .get(&url)
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
    let client = probe_client(base_url)?;
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

/// Whether anything listens at the target: only a refused or timed-out connection
/// stops the run. A server that answers garbage or hangs up is there, and its
/// scenarios fail saying how it misbehaved.
async fn reachable(base_url: &str) -> Result<(), TargetError> {
    match probe_client(base_url)?.get(base_url).send().await {
        Err(e) if e.is_connect() || e.is_timeout() => Err(TargetError::Unreachable {
            url: base_url.to_owned(),
            why: plain_reqwest_error(&e),
        }),
        _ => Ok(()),
    }
}

fn probe_client(base_url: &str) -> Result<reqwest::Client, TargetError> {
    crate::client::http_client(Duration::from_secs(5)).map_err(|why| TargetError::Unreachable {
        url: base_url.to_owned(),
        why,
    })
}

/// A reqwest error with its whole chain of causes, on one line.
pub fn plain_reqwest_error(e: &reqwest::Error) -> String {
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
