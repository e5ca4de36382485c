//! What every handler shares: configuration, the store, the clock and the keys.

use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::faults::Faults;
use crate::fhir::data::FhirData;
use crate::request_log::RequestLog;
use crate::secrets::SealingKey;
use crate::store::Store;
use std::sync::Arc;

/// Cheap to clone; one per running sandbox.
#[derive(Clone, Debug)]
pub struct SandboxState(Arc<Inner>);

/// The shared parts behind [`SandboxState`].
#[derive(Debug)]
pub struct Inner {
    pub config: SandboxConfig,
    pub store: Store,
    pub clock: Clock,
    pub sealing_key: SealingKey,
    pub requests: RequestLog,
    /// Simulated faults (`/_sandbox/faults`, `--fault`).
    pub faults: Faults,
    /// Failed member logins on the authorization pages, per tenant and username.
    pub login_throttle: crate::oauth::throttle::LoginThrottle,
    /// Access tokens whose signature was checked once.
    pub verified_tokens: crate::oauth::verified::VerifiedTokens,
    /// Each tenant's FHIR data, built on first use.
    pub fhir: FhirData,
    /// Base of links in mails, e.g. `http://127.0.0.1:8080`.
    pub public_url: String,
    /// Hash checked when a sign-in names no account, so timing does not reveal which
    /// usernames exist; made on first use so start-up stays instant.
    decoy_password_hash: tokio::sync::OnceCell<String>,
}

impl SandboxState {
    /// A sandbox in its seeded state, reading real time.
    pub fn new(config: SandboxConfig, public_url: String) -> Self {
        Self::with_clock(config, public_url, Clock::starting_now())
    }

    /// A sandbox whose clock starts where a test wants it.
    pub fn with_clock(config: SandboxConfig, public_url: String, clock: Clock) -> Self {
        let public_url = config
            .public_url
            .clone()
            .unwrap_or(public_url)
            .trim_end_matches('/')
            .to_owned();
        let fhir = FhirData::new(&config);
        let faults = Faults::new(config.faults.clone(), clock.now());
        SandboxState(Arc::new(Inner {
            config,
            store: Store::new(),
            clock,
            sealing_key: SealingKey::generate(),
            requests: RequestLog::default(),
            faults,
            login_throttle: Default::default(),
            verified_tokens: Default::default(),
            fhir,
            public_url,
            decoy_password_hash: tokio::sync::OnceCell::new(),
        }))
    }

    /// A password hash of the configured cost that no password matches.
    pub async fn decoy_password_hash(&self) -> String {
        self.0
            .decoy_password_hash
            .get_or_init(|| async {
                let cost = self.config.password_cost;
                cost.hash(crate::secrets::random_token(16))
                    .await
                    .unwrap_or_default()
            })
            .await
            .clone()
    }

    /// Builds every tenant's provider directory now instead of on first use.
    pub fn prepare_fhir_data(&self) -> Vec<crate::fhir::data::Seeded> {
        self.fhir.prepare()
    }

    /// Back to the seeded state: portal data, mails, request log, member login locks,
    /// clock, and the faults of the command line alone.
    pub fn reset(&self) {
        self.store.reset();
        self.login_throttle.clear();
        self.clock.reset();
        self.requests.clear();
        self.faults.reset(self.clock.now());
    }
}

impl std::ops::Deref for SandboxState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
