//! What the store forgets, and when: records that can no longer change any answer.
//!
//! Every authorization leaves records behind: the flow, the code, the grant with its
//! refresh token, an id per access token, the nonce. A shared sandbox walks thousands of
//! authorizations an hour, so keeping them all would grow without bound (about 2 KiB a
//! walk). Each record is forgotten once it has expired and [`RETENTION_GRACE`] has
//! passed on the sandbox clock, so memory is bounded by the tenants' lifetimes times
//! the rate, not by how long the sandbox has run:
//!
//! | record | kept until, plus the grace |
//! |---|---|
//! | authorize flow | it expires (10 minutes) |
//! | unused code | it expires (`code_seconds`) |
//! | spent code | it expires, and while the grant it created lives: replaying it revokes that grant |
//! | grant, its refresh token | the refresh token and every access token from it have expired |
//! | access token id, its revocation | the token expires; it goes with its grant at the latest |
//! | used nonce | the ID token it could bind has expired (flow + code + token lifetimes) |
//! | portal session | it expires |
//! | member login failures | the lock ends, or 15 minutes pass without a failure |
//!
//! The grace keeps the answers just after an expiry precise ("the refresh token
//! expired", "the code was already used") for a help-desk replay a few minutes late;
//! after it, the same request is refused as unknown, with the same error code.
//!
//! Portal data (accounts, apps, policies, attestations, tickets, mails) is never
//! forgotten. The sweep runs at most once a sandbox minute (`sweep::forget_expired`
//! calls [`super::Store::forget_expired_if_due`] before a request), under the write
//! lock like any change, and with a database it deletes the rows in the same
//! transaction, so a restart does not bring them back.

use super::{State, Store};
use std::sync::atomic::{AtomicI64, Ordering};
use time::{Duration, OffsetDateTime};

/// How long past its expiry a record is kept, so late answers still say why.
pub const RETENTION_GRACE: Duration = Duration::minutes(10);

/// How often, in sandbox time, the store looks for expired records.
pub const SWEEP_EVERY: Duration = Duration::minutes(1);

/// How many records one sweep forgot, per kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Forgotten {
    pub flows: usize,
    pub codes: usize,
    pub grants: usize,
    pub refresh_tokens: usize,
    pub access_tokens: usize,
    pub revocations: usize,
    pub nonces: usize,
    pub sessions: usize,
    pub member_logins: usize,
}

impl Forgotten {
    /// Records forgotten in all.
    pub fn total(&self) -> usize {
        self.flows
            + self.codes
            + self.grants
            + self.refresh_tokens
            + self.access_tokens
            + self.revocations
            + self.nonces
            + self.sessions
            + self.member_logins
    }
}

/// When the last sweep ran, in sandbox seconds; `i64::MIN` before the first.
#[derive(Debug)]
pub(super) struct Schedule(AtomicI64);

impl Default for Schedule {
    fn default() -> Self {
        Self(AtomicI64::new(i64::MIN))
    }
}

impl Schedule {
    /// Claims the sweep due at `now`, if one is: a minute since the last, or the clock
    /// was set back (a reset) past it. One caller wins; the others go on at once.
    fn claim(&self, now: OffsetDateTime) -> bool {
        let now = now.unix_timestamp();
        let last = self.0.load(Ordering::Relaxed);
        let due = last == i64::MIN
            || now.saturating_sub(last) >= SWEEP_EVERY.whole_seconds()
            || now < last;
        due && self
            .0
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    }
}

impl Store {
    /// Forgets what has expired, if a sweep is due at `now`; `None` when it was not.
    pub fn forget_expired_if_due(&self, now: OffsetDateTime) -> Option<Forgotten> {
        self.sweep.claim(now).then(|| self.forget_expired(now))
    }

    /// Forgets every record that expired more than [`RETENTION_GRACE`] before `now`.
    pub fn forget_expired(&self, now: OffsetDateTime) -> Forgotten {
        let started = std::time::Instant::now();
        let forgotten = self.write().forget_expired(now - RETENTION_GRACE);
        if forgotten.total() > 0 {
            tracing::debug!(
                ?forgotten,
                elapsed_us = started.elapsed().as_micros() as u64,
                "forgot expired records"
            );
        }
        forgotten
    }
}

impl State {
    /// Forgets what expired before `cutoff`. Grants go first: a spent code and an access
    /// token id are kept while their grant is.
    fn forget_expired(&mut self, cutoff: OffsetDateTime) -> Forgotten {
        let mut forgotten = Forgotten {
            flows: self.flows.retain(|_, f| f.expires_at > cutoff),
            grants: self.grants.retain(|_, g| {
                g.refresh_expires_at
                    .max(g.access_expires_by.unwrap_or(g.refresh_expires_at))
                    > cutoff
            }),
            sessions: self.sessions.retain(|_, s| s.expires_at > cutoff),
            member_logins: self.member_logins.retain(|_, m| m.forget_after > cutoff),
            nonces: self
                .used_nonces
                .retain(|_, until| until.is_some_and(|t| t > cutoff)),
            ..Forgotten::default()
        };
        let grants = &self.grants;
        forgotten.codes = self.codes.retain(|_, c| c.expires_at > cutoff);
        forgotten.codes += self.spent_codes.retain(|_, c| {
            c.expires_at > cutoff || c.grant.is_some_and(|g| grants.contains_key(&g))
        });
        forgotten.refresh_tokens = self.refresh_tokens.retain(|_, g| grants.contains_key(g));
        forgotten.access_tokens = self.access_tokens.retain(|_, t| {
            grants.contains_key(&t.grant) && t.expires_at.is_none_or(|at| at > cutoff)
        });
        let tokens = &self.access_tokens;
        forgotten.revocations = self
            .revoked_access
            .retain(|jti, ()| tokens.contains_key(jti));
        forgotten
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AuthorizationCode, CodeProblem, Grant};

    const T0: OffsetDateTime = OffsetDateTime::UNIX_EPOCH;

    fn code(expires_at: OffsetDateTime) -> AuthorizationCode {
        AuthorizationCode {
            tenant: "dev1".into(),
            client_id: "app-1".into(),
            redirect_uri: "https://app/cb".into(),
            scopes: vec!["openid".into()],
            nonce: None,
            code_challenge: None,
            username: "rose".into(),
            patient: "smart-1".into(),
            expires_at,
        }
    }

    fn grant(refresh_expires_at: OffsetDateTime) -> Grant {
        Grant {
            id: 0,
            tenant: "dev1".into(),
            client_id: "app-1".into(),
            scopes: vec!["openid".into()],
            username: "rose".into(),
            patient: "smart-1".into(),
            refresh_expires_at,
            revoked: false,
            access_expires_by: None,
        }
    }

    /// A code exchanged at T0 as the dev1 tenant does it: the code lives 60 s, the
    /// refresh token 30 minutes, each access token 5 minutes; the last access token is
    /// issued by a refresh at 29 minutes.
    fn walk(store: &Store, n: u8) -> ([u8; 32], [u8; 32]) {
        let (code_digest, refresh_digest) = ([n; 32], [n.wrapping_add(100); 32]);
        store.issue_code(code_digest, code(T0 + Duration::seconds(60)));
        store.redeem_code(&code_digest, T0).expect("a fresh code");
        let id = store.create_grant(
            &code_digest,
            refresh_digest,
            grant(T0 + Duration::minutes(30)),
        );
        store.record_access_token(&format!("jti-{n}-a"), id, T0 + Duration::minutes(5));
        store.record_access_token(&format!("jti-{n}-b"), id, T0 + Duration::minutes(34));
        assert!(store.use_nonce(
            "dev1",
            "app-1",
            &format!("nonce-{n}"),
            T0 + Duration::minutes(16)
        ));
        (code_digest, refresh_digest)
    }

    fn sizes(store: &Store) -> [usize; 6] {
        let state = store.read();
        [
            state.codes.len() + state.spent_codes.len(),
            state.grants.len(),
            state.refresh_tokens.len(),
            state.access_tokens.len(),
            state.used_nonces.len(),
            state.revoked_access.len(),
        ]
    }

    #[test]
    fn each_record_is_kept_for_its_life_and_the_grace_then_forgotten() {
        let store = Store::new();
        let (code_digest, refresh_digest) = walk(&store, 1);
        store.revoke_access_token("jti-1-a", "app-1");
        assert_eq!(sizes(&store), [1, 1, 1, 2, 1, 1]);

        // 26 minutes: the nonce (16) is forgotten, the first access token (5) too, with
        // its revocation; the grant lives, so its spent code is kept.
        let forgotten = store.forget_expired(T0 + Duration::minutes(26) + Duration::seconds(1));
        assert_eq!(
            (
                forgotten.nonces,
                forgotten.access_tokens,
                forgotten.revocations
            ),
            (1, 1, 1)
        );
        assert_eq!(sizes(&store), [1, 1, 1, 1, 0, 0]);
        assert_eq!(
            store.redeem_code(&code_digest, T0).unwrap_err(),
            CodeProblem::Replayed
        );

        // 40 minutes: the refresh token expired at 30, but the last access token lives
        // to 34, and the grace to 44: nothing more goes.
        assert_eq!(store.forget_expired(T0 + Duration::minutes(40)).total(), 0);
        assert!(store.grant_by_refresh(&refresh_digest).is_some());

        // 44 minutes and a second: the grant, its refresh token, its last access token
        // and the code that created it are all forgotten.
        let forgotten = store.forget_expired(T0 + Duration::minutes(44) + Duration::seconds(1));
        assert_eq!(
            forgotten,
            Forgotten {
                codes: 1,
                grants: 1,
                refresh_tokens: 1,
                access_tokens: 1,
                ..Forgotten::default()
            }
        );
        assert_eq!(sizes(&store), [0; 6]);
        assert_eq!(
            store.redeem_code(&code_digest, T0).unwrap_err(),
            CodeProblem::Unknown
        );
        assert!(
            store.access_token_revoked("jti-1-b"),
            "a forgotten token is never live again"
        );
    }

    #[test]
    fn an_unused_code_goes_after_its_expiry_and_the_grace() {
        let store = Store::new();
        store.issue_code([7; 32], code(T0 + Duration::seconds(60)));
        let gone_at = T0 + Duration::seconds(60) + RETENTION_GRACE;
        let just_before = gone_at - Duration::seconds(1);
        assert_eq!(store.forget_expired(just_before).codes, 0);
        assert_eq!(
            store.redeem_code(&[7; 32], just_before).unwrap_err(),
            CodeProblem::Expired
        );
        assert_eq!(store.forget_expired(gone_at).codes, 1);
    }

    #[test]
    fn records_of_live_grants_are_never_forgotten() {
        let store = Store::new();
        walk(&store, 1);
        // A later walk, an hour on: the first is forgotten, the second kept whole.
        let later = |d: Duration| T0 + Duration::hours(1) + d;
        store.issue_code([9; 32], code(later(Duration::seconds(60))));
        store
            .redeem_code(&[9; 32], later(Duration::ZERO))
            .expect("fresh");
        let id = store.create_grant(&[9; 32], [8; 32], grant(later(Duration::minutes(30))));
        store.record_access_token("jti-9", id, later(Duration::minutes(5)));
        let forgotten = store.forget_expired(later(Duration::minutes(1)));
        assert_eq!((forgotten.grants, forgotten.codes), (1, 1));
        assert_eq!(sizes(&store), [1, 1, 1, 1, 0, 0]);
        assert!(!store.access_token_revoked("jti-9"));
    }

    #[test]
    fn memory_is_bounded_by_the_lifetimes_not_by_the_uptime() {
        let store = Store::new();
        // A walk every 10 s of sandbox time for 3 hours, sweeping as requests would.
        let mut largest = 0;
        for n in 0..1080u32 {
            let now = T0 + Duration::seconds(i64::from(n) * 10);
            let digest = |tag: u8| {
                let mut d = [tag; 32];
                d[..4].copy_from_slice(&n.to_be_bytes());
                d
            };
            store.forget_expired_if_due(now);
            store.issue_code(digest(1), code(now + Duration::seconds(60)));
            store.redeem_code(&digest(1), now).expect("fresh");
            let id = store.create_grant(&digest(1), digest(2), grant(now + Duration::minutes(30)));
            store.record_access_token(&format!("jti-{n}"), id, now + Duration::minutes(5));
            largest = largest.max(store.read().grants.len());
        }
        // Grants live 30 minutes plus the 10-minute grace (plus up to a minute between
        // sweeps): about 240 to 246 at a walk every 10 s, however long it runs.
        assert!((240..=247).contains(&largest), "{largest} grants at most");
        assert!(store.read().grants.len() <= 247);
    }

    #[test]
    fn a_sweep_is_due_once_a_sandbox_minute_or_after_the_clock_went_back() {
        let store = Store::new();
        assert!(
            store.forget_expired_if_due(T0).is_some(),
            "the first request sweeps"
        );
        assert!(
            store
                .forget_expired_if_due(T0 + Duration::seconds(59))
                .is_none()
        );
        assert!(
            store
                .forget_expired_if_due(T0 + Duration::seconds(60))
                .is_some()
        );
        assert!(
            store
                .forget_expired_if_due(T0 + Duration::seconds(61))
                .is_none()
        );
        assert!(
            store.forget_expired_if_due(T0).is_some(),
            "the clock was set back"
        );
    }

    #[test]
    fn forgotten_rows_leave_the_database_too() {
        let dir =
            std::env::temp_dir().join(format!("conform-expiry-{}", crate::secrets::random_hex(8)));
        {
            let store = Store::open(&dir).expect("opens");
            walk(&store, 1);
            store.forget_expired(T0 + Duration::hours(2));
        }
        let store = Store::open(&dir).expect("reopens");
        assert_eq!(sizes(&store), [0; 6]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn rows_written_before_expiries_were_kept_still_load() {
        let token: crate::store::IssuedToken = serde_json::from_str("42").expect("a bare grant id");
        assert_eq!((token.grant, token.expires_at), (42, None));
        let nonce: Option<OffsetDateTime> = serde_json::from_str("null").expect("a unit value");
        assert_eq!(nonce, None);
        let grant: Grant = serde_json::from_value(serde_json::json!({
            "id": 3, "tenant": "dev1", "client_id": "a", "scopes": [], "username": "rose",
            "patient": "p", "refresh_expires_at": serde_json::to_value(T0).unwrap(), "revoked": false
        }))
        .expect("a grant without access_expires_by");
        assert_eq!(grant.access_expires_by, None);
    }
}
