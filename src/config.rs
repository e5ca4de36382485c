//! The target a conformance run talks to, shared with every scenario.
//!
//! cucumber builds each `World` with `Default`, without arguments, so the run's
//! settings (where the server is, which admin token the security team uses) are
//! published here once per run and read by every world.

use std::sync::{Arc, RwLock};

/// Settings every scenario needs to reach and drive the target.
#[derive(Debug, Clone)]
pub struct HarnessConfig {
    /// Base URL of the server, without a trailing slash, e.g. `http://127.0.0.1:8080`.
    pub base_url: String,
    /// Token of the security team for `/portal/api/admin/...`, when the target has one.
    pub admin_token: Option<String>,
    /// Whether the target exposes the sandbox control API (`/_sandbox`): clock, outbox, reset.
    pub has_control_api: bool,
    /// Whether worlds record their HTTP exchanges for transcripts (redacted copies of
    /// every request and answer). On by default; off only to measure what recording
    /// costs (`benches/overhead.rs`): failure messages come from the last answer itself.
    pub record_transcripts: bool,
}

static CURRENT: RwLock<Option<Arc<HarnessConfig>>> = RwLock::new(None);

/// Publishes the settings for the run that is about to start.
pub fn set(config: HarnessConfig) {
    let mut slot = CURRENT.write().unwrap_or_else(|e| e.into_inner());
    *slot = Some(Arc::new(config));
}

/// The settings of the current run; a world built outside a run gets a local sandbox default.
pub fn current() -> Arc<HarnessConfig> {
    let slot = CURRENT.read().unwrap_or_else(|e| e.into_inner());
    slot.clone().unwrap_or_else(|| {
        Arc::new(HarnessConfig {
            base_url: "http://127.0.0.1:8080".into(),
            admin_token: None,
            has_control_api: true,
            record_transcripts: true,
        })
    })
}
