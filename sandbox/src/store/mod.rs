//! The one store: every state change of the sandbox goes through here.
//!
//! Handlers validate input and decide; the store applies changes under one lock,
//! checking the invariants that depend on current state (a username still free,
//! an attestation still pending) in the same critical section as the write. So
//! concurrent requests never interleave half-way, and a rejected request changes
//! nothing. The methods are grouped by area in the sibling files; swapping the
//! in-memory maps for a database later touches this module only.

mod accounts;
mod apps;
mod attestations;
mod oauth;
mod outbox;
pub mod records;
mod tickets;

use records::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub use accounts::{FailedSignIn, NewAccount};
pub use apps::{AppChanges, AppSnapshot, NewApp, ProductionGap};
pub use oauth::{
    AuthorizationCode, AuthorizationFlow, CodeProblem, FlowStep, Grant, RegisteredClient,
    ResponseMode,
};

/// Why the store refused a change; mapped to the wire in `error.rs` via `From`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StoreError {
    #[error("username taken")]
    UsernameTaken,
    #[error("email taken")]
    EmailTaken,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("attestation already pending")]
    AttestationPending,
    #[error("attestation already approved")]
    AttestationApproved,
    #[error("attestation is {0}, not pending")]
    AttestationNotPending(&'static str),
    #[error("no privacy policy uploaded")]
    NoPolicy,
    #[error("the production client relies on the privacy policy")]
    PolicyInProduction,
    #[error("already in production")]
    AlreadyInProduction,
    #[error("not ready for production")]
    NotReadyForProduction(Vec<ProductionGap>),
}

/// Everything the sandbox remembers.
#[derive(Debug, Default)]
pub(crate) struct State {
    accounts: BTreeMap<u64, Account>,
    usernames: HashMap<String, u64>,
    emails: HashMap<String, u64>,
    verifications: HashMap<[u8; 32], u64>,
    sessions: HashMap<[u8; 32], Session>,
    apps: BTreeMap<u64, App>,
    attestations: BTreeMap<u64, SecurityAttestation>,
    tickets: BTreeMap<u64, Ticket>,
    outbox: Vec<Mail>,
    flows: HashMap<String, AuthorizationFlow>,
    codes: HashMap<[u8; 32], AuthorizationCode>,
    grants: HashMap<u64, Grant>,
    refresh_tokens: HashMap<[u8; 32], u64>,
    access_tokens: HashMap<String, u64>,
    revoked_access: HashSet<String>,
    used_nonces: HashSet<(String, String, String)>,
    last_id: u64,
}

impl State {
    /// Ids are one sequence for all records: short, readable in help-desk tickets, never reused.
    fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        self.last_id
    }
}

/// The sandbox's state behind one lock.
#[derive(Debug, Default)]
pub struct Store {
    state: RwLock<State>,
}

impl Store {
    /// An empty store: the seeded state of the portal (no developer accounts yet).
    pub fn new() -> Self {
        Self::default()
    }

    /// Back to the seeded state (`POST /_sandbox/reset`).
    pub fn reset(&self) {
        *self.write() = State::default();
    }

    // Nothing panics while holding the lock, so a poisoned lock holds consistent data.
    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Ticket ids as the help desk writes them, e.g. `IOS-1007`.
pub fn ticket_ref(id: u64) -> String {
    format!("IOS-{}", 1000 + id)
}
