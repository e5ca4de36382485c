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
//! The counters are protection, not portal data: they live beside the store, bounded
//! in size, and a reset clears them.

use std::collections::HashMap;
use std::sync::Mutex;
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

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    last_failure: OffsetDateTime,
    locked_until: Option<OffsetDateTime>,
}

/// The failed-login counters of one sandbox, keyed by tenant and username.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    records: Mutex<HashMap<(String, String), Record>>,
}

impl LoginThrottle {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), Record>> {
        // Every update is one insert or field write: a poisoned map is still consistent.
        self.records.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `username` may try to sign in to `tenant` now.
    pub fn gate(&self, tenant: &str, username: &str, now: OffsetDateTime) -> LoginGate {
        let key = (tenant.to_owned(), username.to_owned());
        match self.lock().get(&key).and_then(|r| r.locked_until) {
            Some(until) if until > now => LoginGate::Locked(until),
            _ => LoginGate::Open,
        }
    }

    /// Counts a wrong password; the [`MAX_FAILED_LOGINS`]-th in a row locks the login.
    pub fn failed(&self, tenant: &str, username: &str, now: OffsetDateTime) -> LoginGate {
        let mut records = self.lock();
        if records.len() >= CAPACITY {
            prune(&mut records, now);
        }
        let record = records
            .entry((tenant.to_owned(), username.to_owned()))
            .or_insert(Record {
                failures: 0,
                last_failure: now,
                locked_until: None,
            });
        if record.locked_until.is_some_and(|until| until <= now) {
            record.locked_until = None;
        }
        record.failures += 1;
        record.last_failure = now;
        if record.failures >= MAX_FAILED_LOGINS {
            let until = now + LOGIN_LOCK;
            record.failures = 0;
            record.locked_until = Some(until);
            LoginGate::Locked(until)
        } else {
            LoginGate::Open
        }
    }

    /// A right password: the count starts over.
    pub fn succeeded(&self, tenant: &str, username: &str) {
        self.lock()
            .remove(&(tenant.to_owned(), username.to_owned()));
    }

    /// Forgets every counter and lock (part of a reset).
    pub fn clear(&self) {
        self.lock().clear();
    }
}

/// Drops the records that no longer hold anything back: no live lock and no failure
/// within a lock's length. If every record still matters, the oldest failures go.
fn prune(records: &mut HashMap<(String, String), Record>, now: OffsetDateTime) {
    records.retain(|_, r| {
        r.locked_until.is_some_and(|until| until > now) || now - r.last_failure < LOGIN_LOCK
    });
    if records.len() >= CAPACITY {
        let mut ages: Vec<OffsetDateTime> = records.values().map(|r| r.last_failure).collect();
        ages.sort_unstable();
        let cutoff = ages[ages.len() / 2];
        records.retain(|_, r| {
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
        let t = LoginThrottle::default();
        for _ in 1..MAX_FAILED_LOGINS {
            assert_eq!(t.failed("dev1", "rose", NOW), LoginGate::Open);
        }
        assert_eq!(
            t.failed("dev1", "rose", NOW),
            LoginGate::Locked(NOW + LOGIN_LOCK)
        );
        assert_eq!(
            t.gate("dev1", "rose", NOW + Duration::minutes(14)),
            LoginGate::Locked(NOW + LOGIN_LOCK)
        );
        assert_eq!(t.gate("dev1", "rose", NOW + LOGIN_LOCK), LoginGate::Open);
    }

    #[test]
    fn a_lock_is_per_tenant_and_username() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILED_LOGINS {
            t.failed("dev1", "member1", NOW);
        }
        assert_eq!(t.gate("bcbsm", "member1", NOW), LoginGate::Open);
        assert_eq!(t.gate("dev1", "member2", NOW), LoginGate::Open);
    }

    #[test]
    fn a_right_password_starts_the_count_over() {
        let t = LoginThrottle::default();
        for _ in 1..MAX_FAILED_LOGINS {
            t.failed("dev1", "rose", NOW);
        }
        t.succeeded("dev1", "rose");
        for _ in 1..MAX_FAILED_LOGINS {
            assert_eq!(t.failed("dev1", "rose", NOW), LoginGate::Open);
        }
    }

    #[test]
    fn the_counters_stay_bounded_and_keep_live_locks() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILED_LOGINS {
            t.failed("dev1", "rose", NOW);
        }
        let later = NOW + Duration::minutes(1);
        for n in 0..(CAPACITY + 10) {
            t.failed("dev1", &format!("guess{n}"), later);
        }
        assert!(t.lock().len() <= CAPACITY);
        assert_eq!(
            t.gate("dev1", "rose", later),
            LoginGate::Locked(NOW + LOGIN_LOCK)
        );
    }
}
