//! The one store: every state change of the sandbox goes through here.
//!
//! Handlers validate input and decide; the store applies changes under one lock,
//! checking the invariants that depend on current state (a username still free,
//! an attestation still pending) in the same critical section as the write. So
//! concurrent requests never interleave half-way, and a rejected request changes
//! nothing. The methods are grouped by area in the sibling files.
//!
//! With a data directory (`conform serve --data-dir`) the state is also kept in an
//! embedded database: every collection is a [`table::Table`] that notes the rows an
//! operation changes, and releasing the write lock writes them in one transaction
//! before the operation returns (`durable.rs`). In memory (the default, and every
//! test's sandbox) the same code runs and nothing is noted.

mod accounts;
mod apps;
mod attestations;
mod durable;
mod expiry;
mod keys;
mod load;
mod member_logins;
mod oauth;
mod outbox;
pub mod records;
mod table;
mod tickets;

use records::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use table::{Collection, Row, Table};
use time::OffsetDateTime;

pub use durable::{DATABASE_FILE, PersistError};
pub use expiry::RETENTION_GRACE;
pub use keys::KEYS_DIR;

pub use accounts::{FailedSignIn, NewAccount};
pub use apps::{AppChanges, AppSnapshot, NewApp, ProductionGap};
pub use oauth::{
    AuthorizationCode, AuthorizationFlow, CodeProblem, FlowStep, Grant, IssuedToken,
    RegisteredClient, ResponseMode, SpentCode,
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
    accounts: Table<u64, Account>,
    /// Derived from `accounts` (lower-cased), rebuilt on load, never persisted.
    usernames: HashMap<String, u64>,
    /// Derived from `accounts` like `usernames`.
    emails: HashMap<String, u64>,
    verifications: Table<[u8; 32], u64>,
    sessions: Table<[u8; 32], Session>,
    apps: Table<u64, App>,
    attestations: Table<u64, SecurityAttestation>,
    tickets: Table<u64, Ticket>,
    outbox: Table<u64, Mail>,
    flows: Table<String, AuthorizationFlow>,
    codes: Table<[u8; 32], AuthorizationCode>,
    spent_codes: Table<[u8; 32], SpentCode>,
    grants: Table<u64, Grant>,
    refresh_tokens: Table<[u8; 32], u64>,
    access_tokens: Table<String, IssuedToken>,
    revoked_access: Table<String, ()>,
    /// Until when each nonce is remembered (`None`: written before that was kept).
    used_nonces: Table<(String, String, String), Option<OffsetDateTime>>,
    /// Failed member logins, by tenant and username.
    member_logins: Table<(String, String), MemberLoginFailures>,
    last_id: u64,
    /// `last_id` as last handed to the database.
    saved_last_id: u64,
    /// Set by a reset: the database's collections are emptied before the next rows.
    cleared: bool,
}

impl State {
    /// A store's state with no records; `tracking` when a database takes its changes.
    fn empty(tracking: bool) -> Self {
        let mut state = Self::default();
        if tracking {
            for (_, collection) in state.collections() {
                collection.track_changes();
            }
        }
        state
    }

    /// Every persisted collection under the name the database keeps it by: the one list
    /// that saving (`drain_changes`) and loading (`load.rs`) go through. A field left
    /// out of it is a collection that is not persisted.
    fn collections(&mut self) -> [(&'static str, &mut dyn Collection); 16] {
        [
            ("accounts", &mut self.accounts),
            ("verifications", &mut self.verifications),
            ("sessions", &mut self.sessions),
            ("apps", &mut self.apps),
            ("attestations", &mut self.attestations),
            ("tickets", &mut self.tickets),
            ("outbox", &mut self.outbox),
            ("flows", &mut self.flows),
            ("codes", &mut self.codes),
            ("spent_codes", &mut self.spent_codes),
            ("grants", &mut self.grants),
            ("refresh_tokens", &mut self.refresh_tokens),
            ("access_tokens", &mut self.access_tokens),
            ("revoked_access", &mut self.revoked_access),
            ("used_nonces", &mut self.used_nonces),
            ("member_logins", &mut self.member_logins),
        ]
    }

    /// Every row changed since the last call, and whether a reset came first.
    fn drain_changes(&mut self) -> (bool, Vec<Row>) {
        let mut rows = Vec::new();
        for (name, collection) in self.collections() {
            collection.drain_changes(name, &mut rows);
        }
        if self.last_id != self.saved_last_id {
            self.saved_last_id = self.last_id;
            rows.push(Row {
                table: load::META,
                key: load::LAST_ID_KEY.to_vec(),
                value: Some(self.last_id.to_string().into_bytes()),
            });
        }
        (std::mem::take(&mut self.cleared), rows)
    }

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
    durable: Option<durable::Durable>,
    keys: Option<keys::KeyFiles>,
    sweep: expiry::Schedule,
}

impl Store {
    /// An empty store in memory: the seeded state of the portal (no developer accounts yet).
    pub fn new() -> Self {
        Self::default()
    }

    /// The store kept in `dir` (created if needed): what an earlier run left there, or
    /// an empty store the first time.
    pub fn open(dir: &Path) -> Result<Self, PersistError> {
        let durable = durable::Durable::open(dir)?;
        let keys = keys::KeyFiles::open(dir)?;
        durable.take_legacy_keys(|name, value| match keys.get(name)? {
            Some(_) => Ok(()),
            None => keys.put(name, value),
        })?;
        let state = load::state_from_rows(durable.path(), durable.load()?)?;
        Ok(Self {
            state: RwLock::new(state),
            durable: Some(durable),
            keys: Some(keys),
            sweep: expiry::Schedule::default(),
        })
    }

    /// Where the database is, when there is one.
    pub fn database(&self) -> Option<&Path> {
        self.durable.as_ref().map(|d| d.path())
    }

    /// A key kept beside the database (`keys.rs`), when there is a data directory.
    pub fn kept_value(&self, name: &str) -> Result<Option<Vec<u8>>, PersistError> {
        match &self.keys {
            Some(keys) => keys.get(name),
            None => Ok(None),
        }
    }

    /// Keeps a key beside the database, never inside it; a reset does not remove it.
    pub fn keep_value(&self, name: &str, value: &[u8]) -> Result<(), PersistError> {
        match &self.keys {
            Some(keys) => keys.put(name, value),
            None => Ok(()),
        }
    }

    /// Where the key called `name` is kept, when there is a data directory.
    pub fn key_path(&self, name: &str) -> Option<std::path::PathBuf> {
        self.keys.as_ref().map(|keys| keys.path(name))
    }

    /// Back to the seeded state (`POST /_sandbox/reset`), in the database too.
    pub fn reset(&self) {
        let mut state = self.write();
        *state = State::empty(self.durable.is_some());
        state.cleared = true;
    }

    // Nothing panics while holding the lock, so a poisoned lock holds consistent data.
    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> WriteGuard<'_> {
        WriteGuard {
            state: self.state.write().unwrap_or_else(|e| e.into_inner()),
            durable: self.durable.as_ref(),
        }
    }
}

/// The write lock; releasing it writes what the operation changed to the database.
struct WriteGuard<'a> {
    state: RwLockWriteGuard<'a, State>,
    durable: Option<&'a durable::Durable>,
}

impl std::ops::Deref for WriteGuard<'_> {
    type Target = State;
    fn deref(&self) -> &State {
        &self.state
    }
}

impl std::ops::DerefMut for WriteGuard<'_> {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}

impl Drop for WriteGuard<'_> {
    /// Still under the lock, so the database sees operations in the order they happened.
    ///
    /// A write the database refuses (disk full, disk gone) stops the process: the
    /// change is in memory but not on disk, and answering would acknowledge what a
    /// restart would lose. Stopping keeps the promise that nothing acknowledged is
    /// lost; a restart resumes from the last committed write.
    fn drop(&mut self) {
        let Some(durable) = self.durable else {
            self.state.cleared = false;
            return;
        };
        let (cleared, rows) = self.state.drain_changes();
        if !cleared && rows.is_empty() {
            return;
        }
        if let Err(e) = durable.apply(cleared, &rows) {
            tracing::error!(
                "the database {} refused a write ({e}); stopping so that nothing unsaved is acknowledged",
                durable.path().display()
            );
            std::process::abort();
        }
    }
}

/// Ticket ids as the help desk writes them, e.g. `IOS-1007`.
pub fn ticket_ref(id: u64) -> String {
    format!("IOS-{}", 1000 + id)
}

#[cfg(test)]
mod durable_tests {
    use super::*;
    use axum::body::Bytes;

    fn dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "conform-store-{name}-{}",
            crate::secrets::random_hex(8)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn account(store: &Store, username: &str) -> Account {
        let now = OffsetDateTime::UNIX_EPOCH;
        let new = NewAccount {
            username: username.into(),
            email: format!("{username}@example.com"),
            password_hash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA".into(),
            verification_digest: crate::secrets::digest(username),
        };
        store
            .create_account(new, now, |_| ("Verify".into(), "link".into()))
            .expect("a new account")
    }

    use time::OffsetDateTime;

    #[test]
    fn a_reopened_store_has_what_the_closed_one_acknowledged() {
        let dir = dir("reopen");
        let (app_id, client_id) = {
            let store = Store::open(&dir).expect("opens");
            let alice = account(&store, "alice");
            store
                .verify_email(&crate::secrets::digest("alice"))
                .expect("verifies");
            let app = store.create_app(
                NewApp {
                    owner: alice.id,
                    name: "Records".into(),
                    client_type: ClientType::Public,
                    scopes: vec!["openid".into()],
                    redirect_uris: vec!["https://app/cb".into()],
                    development: Client {
                        client_id: "dev-1".into(),
                        secret: None,
                    },
                },
                OffsetDateTime::UNIX_EPOCH,
            );
            store
                .put_privacy_policy(
                    alice.id,
                    app.app.id,
                    PrivacyPolicy {
                        filename: "p.pdf".into(),
                        bytes: Bytes::from_static(b"%PDF-1.4 policy"),
                        sha256: String::new(),
                        uploaded_at: OffsetDateTime::UNIX_EPOCH,
                        submitted_at: None,
                    },
                )
                .expect("uploads");
            (app.app.id, app.app.development.client_id)
        };
        let store = Store::open(&dir).expect("reopens");
        let alice = store.account_by_username("ALICE").expect("alice is back");
        assert!(alice.email_verified);
        assert_eq!(store.mails(Some("alice@example.com")).len(), 1);
        let app = store.app(alice.id, app_id).expect("her app is back");
        assert_eq!(app.app.development.client_id, client_id);
        let policy = app.app.privacy_policy.expect("its policy is back");
        assert_eq!(&policy.bytes[..], b"%PDF-1.4 policy");
        // Ids go on from where they were, never reused.
        let bob = account(&store, "bob");
        assert!(bob.id > app_id);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_reset_empties_the_database_but_keeps_the_keys() {
        let dir = dir("reset");
        {
            let store = Store::open(&dir).expect("opens");
            account(&store, "carol");
            store.keep_value("sealing", b"0123").expect("keeps");
            store.reset();
        }
        let store = Store::open(&dir).expect("reopens");
        assert!(store.account_by_username("carol").is_none());
        assert_eq!(
            store.kept_value("sealing").expect("reads"),
            Some(b"0123".to_vec())
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Every file SQLite keeps for the database, as bytes.
    fn database_bytes(dir: &Path) -> Vec<u8> {
        ["", "-wal", "-shm"]
            .iter()
            .flat_map(|suffix| {
                std::fs::read(dir.join(format!("{DATABASE_FILE}{suffix}"))).unwrap_or_default()
            })
            .collect()
    }

    fn holds(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn the_keys_live_beside_the_database_never_inside_it() {
        let dir = dir("keys");
        let key = b"sealing-key-bytes-0123456789abcd";
        {
            let store = Store::open(&dir).expect("opens");
            account(&store, "dora");
            store.keep_value("sealing", key).expect("keeps");
        }
        assert!(!holds(&database_bytes(&dir), key), "a key in the database");
        assert_eq!(
            std::fs::read(dir.join(KEYS_DIR).join("sealing.key")).expect("a key file"),
            key
        );
        let store = Store::open(&dir).expect("reopens");
        assert_eq!(
            store.kept_value("sealing").expect("reads"),
            Some(key.to_vec())
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn keys_an_older_version_kept_in_the_database_are_moved_out_of_it() {
        let dir = dir("legacy-keys");
        let key = b"legacy-signing-key-0123456789abc";
        {
            let store = Store::open(&dir).expect("opens");
            account(&store, "erin");
        }
        {
            // What the version before key files wrote.
            let db = rusqlite::Connection::open(dir.join(DATABASE_FILE)).expect("sqlite");
            db.execute(
                "INSERT INTO records (tbl, key, value) VALUES ('key:signing', ?1, ?2)",
                rusqlite::params![b"signing".as_slice(), key.as_slice()],
            )
            .expect("a key row");
        }
        std::fs::remove_dir_all(dir.join(KEYS_DIR)).expect("no key files yet");
        let store = Store::open(&dir).expect("reopens");
        assert_eq!(
            store.kept_value("signing").expect("reads"),
            Some(key.to_vec())
        );
        assert!(
            store.account_by_username("erin").is_some(),
            "the data stays"
        );
        drop(store);
        assert!(!holds(&database_bytes(&dir), key), "the key row is erased");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_database_file_is_readable_by_its_owner_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = dir("mode");
        let store = Store::open(&dir).expect("opens");
        let mode = std::fs::metadata(store.database().expect("a database"))
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
