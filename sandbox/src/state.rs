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
        Self::build(
            config,
            public_url,
            clock,
            Store::new(),
            SealingKey::generate(),
        )
    }

    /// The state for `config`: in memory, or kept in `config.data_dir` when set, with
    /// what an earlier run left there (accounts, apps, attestations, tickets, grants,
    /// and the keys that sealed its secrets and signed its tokens).
    pub fn open(
        config: SandboxConfig,
        public_url: String,
    ) -> Result<Self, crate::store::PersistError> {
        let Some(dir) = config.data_dir.clone() else {
            return Ok(Self::new(config, public_url));
        };
        let store = Store::open(&dir)?;
        let sealing_key = kept_sealing_key(&store)?;
        keep_signing_key(&store)?;
        Ok(Self::build(
            config,
            public_url,
            Clock::starting_now(),
            store,
            sealing_key,
        ))
    }

    fn build(
        config: SandboxConfig,
        public_url: String,
        clock: Clock,
        store: Store,
        sealing_key: SealingKey,
    ) -> Self {
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
            store,
            clock,
            sealing_key,
            requests: RequestLog::default(),
            faults,
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

fn corrupt(store: &Store, name: &str, reason: String) -> crate::store::PersistError {
    crate::store::PersistError::BadKey {
        path: store.key_path(name).unwrap_or_default(),
        reason,
    }
}

/// The key that seals client secrets for reveal: the one saved earlier, or a new one
/// saved now (without it, secrets registered before a restart could not be revealed).
fn kept_sealing_key(store: &Store) -> Result<SealingKey, crate::store::PersistError> {
    if let Some(bytes) = store.kept_value("sealing")? {
        return SealingKey::from_bytes(&bytes)
            .ok_or_else(|| corrupt(store, "sealing", "not a 32-byte key".into()));
    }
    let bytes = SealingKey::generate_bytes();
    store.keep_value("sealing", &bytes)?;
    SealingKey::from_bytes(&bytes)
        .ok_or_else(|| corrupt(store, "sealing", "not a 32-byte key".into()))
}

/// Makes the token signing key the one saved earlier, or saves the process's key.
fn keep_signing_key(store: &Store) -> Result<(), crate::store::PersistError> {
    match store.kept_value("signing")? {
        Some(der) => match crate::oauth::install_process_key(&der) {
            Ok(true) => Ok(()),
            Ok(false) => {
                tracing::warn!(
                    "another signing key is already in use in this process; tokens signed before the restart will be refused"
                );
                Ok(())
            }
            Err(reason) => Err(corrupt(store, "signing", reason)),
        },
        None => store.keep_value("signing", crate::oauth::process_key().pkcs8_der()),
    }
}
