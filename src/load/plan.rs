//! What a load run does: how many simulated apps, for how long, against what.

use crate::target::Target;
use serde::Serialize;
use std::time::Duration;

/// How often a simulated app's developer goes through the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Onboarding {
    /// Once, before the app's first walk: an app is registered once and then
    /// authorized by members again and again, as in production.
    Once,
    /// Before every walk: a new developer signs up and registers a new app each time,
    /// to load the portal as much as the authorization server (the store then grows
    /// by an account and an app per walk).
    EveryWalk,
}

/// A load run: `clients` simulated apps walking for `duration`.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    /// The server to load; `Target::Embedded` starts a sandbox in this process.
    pub target: Target,
    /// Simulated apps walking at once.
    pub clients: usize,
    /// How long they walk; steps in flight at the end are finished and counted.
    pub duration: Duration,
    /// The tenant whose authorization server and FHIR APIs are walked.
    pub tenant: String,
    /// How often developers sign up and register.
    pub onboarding: Onboarding,
    /// How long one request may take before it counts as an error.
    pub request_timeout: Duration,
    /// A process whose memory (VmHWM, VmRSS in /proc/PID/status) the report gives, e.g.
    /// the pid of the `conform serve` under load.
    pub server_pid: Option<u32>,
}

impl LoadPlan {
    /// A plan of `clients` apps for `duration` against `target`, walking dev1 with one
    /// onboarding per app and a 10 s request timeout.
    pub fn new(target: Target, clients: usize, duration: Duration) -> Self {
        Self {
            target,
            clients,
            duration,
            tenant: "dev1".into(),
            onboarding: Onboarding::Once,
            request_timeout: Duration::from_secs(10),
            server_pid: None,
        }
    }
}
