//! Throttling the member's login page (guide 3.4 step 3): wrong passwords lock a login.
//!
//! The portal locks a developer's account after five wrong passwords in a row for
//! fifteen minutes (`portal::sessions`); the member login of every tenant's
//! authorization pages follows the same rule, per tenant and username, so a script
//! cannot guess a member's password through an app's authorize link. Unknown usernames
//! are counted like known ones, so the answers do not tell which members exist. While
//! locked even the right password is refused. Time is the sandbox clock, so a test
//! ends a lock by advancing it.
//!
//! The counters live in the store (`store::member_logins`), so with a data directory a
//! restart does not lift a lock; they are bounded in number, forgotten once they hold
//! nothing back (`store::expiry`), and a reset clears them.

use crate::store::Store;
use crate::store::records::MemberLoginFailures;
use time::{Duration, OffsetDateTime};

/// Wrong passwords in a row that lock a member's login.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long such a lock lasts.
pub const LOGIN_LOCK: Duration = Duration::minutes(15);
/// Logins tracked at once; beyond it, those neither locked nor recently failed go first.
const CAPACITY: usize = 10_000;

/// Where a login attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginGate {
    /// The password may be checked.
    Open,
    /// Refused without checking, until the given instant.
    Locked(OffsetDateTime),
}

/// Whether `username` may try to sign in to `tenant` now.
pub fn gate(store: &Store, tenant: &str, username: &str, now: OffsetDateTime) -> LoginGate {
    match store
        .member_login(tenant, username)
        .and_then(|r| r.locked_until)
    {
        Some(until) if until > now => LoginGate::Locked(until),
        _ => LoginGate::Open,
    }
}

/// Counts a wrong password; the [`MAX_FAILED_LOGINS`]-th in a row locks the login.
pub fn failed(store: &Store, tenant: &str, username: &str, now: OffsetDateTime) -> LoginGate {
    if store.member_login_count() >= CAPACITY {
        prune(store, now);
    }
    let record = store.update_member_login(tenant, username, |record| {
        let mut record = record.unwrap_or(MemberLoginFailures {
            failures: 0,
            last_failure: now,
            locked_until: None,
            forget_after: now,
        });
        if record.locked_until.is_some_and(|until| until <= now) {
            record.locked_until = None;
        }
        record.failures += 1;
        record.last_failure = now;
        if record.failures >= MAX_FAILED_LOGINS {
            record.failures = 0;
            record.locked_until = Some(now + LOGIN_LOCK);
        }
        // A failure counts towards a lock for a lock's length; a lock holds to its end.
        record.forget_after = (now + LOGIN_LOCK).max(record.locked_until.unwrap_or(now));
        Some(record)
    });
    match record.and_then(|r| r.locked_until) {
        Some(until) if until > now => LoginGate::Locked(until),
        _ => LoginGate::Open,
    }
}

/// A right password: the count starts over.
pub fn succeeded(store: &Store, tenant: &str, username: &str) {
    if store.member_login(tenant, username).is_some() {
        store.update_member_login(tenant, username, |_| None);
    }
}

/// Drops the records that no longer hold anything back: no live lock and no failure
/// within a lock's length. If every record still matters, the oldest failures go.
fn prune(store: &Store, now: OffsetDateTime) {
    store.retain_member_logins(|r| r.forget_after > now);
    if store.member_login_count() >= CAPACITY {
        let mut ages = store.member_login_failure_times();
        ages.sort_unstable();
        let cutoff = ages[ages.len() / 2];
        store.retain_member_logins(|r| {
            r.last_failure > cutoff || r.locked_until.is_some_and(|until| until > now)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-01-27 09:00 UTC);

    #[test]
    fn the_fifth_wrong_password_in_a_row_locks_the_login_for_fifteen_minutes() {
        let t = Store::new();
        for _ in 1..MAX_FAILED_LOGINS {
            assert_eq!(failed(&t, "dev1", "rose", NOW), LoginGate::Open);
        }
        assert_eq!(
            failed(&t, "dev1", "rose", NOW),
            LoginGate::Locked(NOW + LOGIN_LOCK)
        );
        assert_eq!(
            gate(&t, "dev1", "rose", NOW + Duration::minutes(14)),
            LoginGate::Locked(NOW + LOGIN_LOCK)
        );
        assert_eq!(gate(&t, "dev1", "rose", NOW + LOGIN_LOCK), LoginGate::Open);
    }

    #[test]
    fn a_lock_is_per_tenant_and_username() {
        let t = Store::new();
        for _ in 0..MAX_FAILED_LOGINS {
            failed(&t, "dev1", "member1", NOW);
        }
        assert_eq!(gate(&t, "bcbsm", "member1", NOW), LoginGate::Open);
        assert_eq!(gate(&t, "dev1", "member2", NOW), LoginGate::Open);
    }

    #[test]
    fn a_right_password_starts_the_count_over() {
        let t = Store::new();
        for _ in 1..MAX_FAILED_LOGINS {
            failed(&t, "dev1", "rose", NOW);
        }
        succeeded(&t, "dev1", "rose");
        for _ in 1..MAX_FAILED_LOGINS {
            assert_eq!(failed(&t, "dev1", "rose", NOW), LoginGate::Open);
        }
    }

    #[test]
    fn the_counters_stay_bounded_and_keep_live_locks() {
        let t = Store::new();
        for _ in 0..MAX_FAILED_LOGINS {
            failed(&t, "dev1", "rose", NOW);
        }
        let later = NOW + Duration::minutes(1);
        for n in 0..(CAPACITY + 10) {
            failed(&t, "dev1", &format!("guess{n}"), later);
        }
        assert!(t.member_login_count() <= CAPACITY);
        assert_eq!(
            gate(&t, "dev1", "rose", later),
            LoginGate::Locked(NOW + LOGIN_LOCK)
        );
    }

    #[test]
    fn a_lock_outlives_a_restart_of_a_sandbox_with_a_data_directory() {
        let dir = std::env::temp_dir().join(format!(
            "conform-throttle-{}",
            crate::secrets::random_hex(8)
        ));
        {
            let store = Store::open(&dir).expect("opens");
            for _ in 0..MAX_FAILED_LOGINS {
                failed(&store, "dev1", "rose", NOW);
            }
        }
        let store = Store::open(&dir).expect("reopens");
        assert_eq!(
            gate(&store, "dev1", "rose", NOW + Duration::minutes(1)),
            LoginGate::Locked(NOW + LOGIN_LOCK)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_record_is_forgotten_once_it_holds_nothing_back() {
        let store = Store::new();
        failed(&store, "dev1", "rose", NOW);
        let forgotten = store.forget_expired(NOW + LOGIN_LOCK + crate::store::RETENTION_GRACE);
        assert_eq!(forgotten.member_logins, 1);
        assert_eq!(store.member_login_count(), 0);
    }
}
