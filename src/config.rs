//! The target a conformance run talks to, shared with every scenario.
//!
//! cucumber builds each `World` with `Default`, without arguments, so the run's
//! settings (where the server is, which admin token the security team uses) are
//! published here once per run and read by every world.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use crate::endpoints::{Layout, TenantEndpoints};
use crate::profile::{ClientProfile, LoginKind, MemberProfile};

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
    /// Where each tenant's endpoints are.
    pub layout: Layout,
    /// Whether developers and apps can be registered through the portal API; when not,
    /// the features' apps are the profile's pre-registered clients.
    pub portal_api: bool,
    /// Pre-registered clients by client type (from the profile; empty for the sandbox).
    pub clients: BTreeMap<String, ClientProfile>,
    /// The client type to use for an app whose type the feature does not name.
    pub default_client: Option<String>,
    /// How the member's authorization is walked.
    pub login: LoginKind,
    /// The test member (from the profile; the sandbox's prefilled member otherwise).
    pub member: MemberProfile,
    /// The profile the run was given, for the skip reasons (`None`: no profile).
    pub profile_name: Option<String>,
    /// Whether the target follows the payer portal's rules beyond SMART (a refresh token
    /// and the patient id without asking for them, among others); a general SMART
    /// server does not, so apps ask for `launch/patient` and `offline_access` there.
    pub portal_rules: bool,
}

impl HarnessConfig {
    /// The settings for a sandbox at `base_url` (embedded or `conform serve`): the
    /// portal API, the sandbox layout, its own login pages.
    pub fn sandbox(base_url: String, admin_token: Option<String>, has_control_api: bool) -> Self {
        Self {
            layout: Layout::Sandbox {
                base_url: base_url.clone(),
            },
            base_url,
            admin_token,
            has_control_api,
            record_transcripts: true,
            portal_api: true,
            clients: BTreeMap::new(),
            default_client: None,
            login: LoginKind::SandboxPages,
            member: MemberProfile::default(),
            profile_name: None,
            portal_rules: true,
        }
    }

    /// The endpoints of `tenant`, or `None` when the target has no such tenant.
    pub fn tenant(&self, tenant: &str) -> Option<TenantEndpoints> {
        self.layout.tenant(tenant)
    }

    /// The pre-registered client of `client_type` (or the default one when `None`),
    /// with its type.
    pub fn client(&self, client_type: Option<&str>) -> Option<(String, ClientProfile)> {
        let kind = match client_type {
            Some(kind) => kind.to_owned(),
            None => self.default_client.clone().or_else(|| {
                crate::profile::CLIENT_TYPES
                    .iter()
                    .find(|k| self.clients.contains_key(**k))
                    .map(|k| (*k).to_owned())
            })?,
        };
        self.clients.get(&kind).map(|c| (kind, c.clone()))
    }
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
        Arc::new(HarnessConfig::sandbox(
            "http://127.0.0.1:8080".into(),
            None,
            true,
        ))
    })
}
