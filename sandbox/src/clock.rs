//! The sandbox's own clock.
//!
//! Tokens expire after minutes, lockouts after a quarter of an hour: nobody wants a
//! test suite that waits for that. Every timestamp in the sandbox comes from this
//! clock, which follows real time from start-up but can be moved forward through
//! `POST /_sandbox/clock/advance`, and made to stand still (`POST /_sandbox/clock/freeze`)
//! so that "299 seconds after the token was issued" is exactly that on a machine too
//! busy to run a scenario's steps within a second. It is the only place that reads the
//! system time.

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

/// Real time since start-up, less the time it stood still, plus however far it was
/// advanced.
#[derive(Debug)]
pub struct Clock {
    origin_wall: OffsetDateTime,
    origin_mono: Instant,
    advanced_seconds: AtomicI64,
    /// Milliseconds of real time during which the clock stood still, in all.
    paused_ms: AtomicI64,
    /// While frozen: the clock's running time (real less paused), in milliseconds.
    frozen_at_ms: AtomicI64,
    /// Freezing and thawing read and write both fields above together.
    freeze_lock: Mutex<()>,
}

/// `frozen_at_ms` while the clock runs.
const RUNNING: i64 = i64::MIN;

impl Clock {
    /// A clock that starts at the machine's current time.
    pub fn starting_now() -> Self {
        Self::starting_at(OffsetDateTime::now_utc())
    }

    /// A clock that starts at a chosen instant, for reproducible runs and tests.
    pub fn starting_at(origin: OffsetDateTime) -> Self {
        Self {
            origin_wall: origin,
            origin_mono: Instant::now(),
            advanced_seconds: AtomicI64::new(0),
            paused_ms: AtomicI64::new(0),
            frozen_at_ms: AtomicI64::new(RUNNING),
            freeze_lock: Mutex::new(()),
        }
    }

    fn real_ms(&self) -> i64 {
        i64::try_from(self.origin_mono.elapsed().as_millis()).unwrap_or(i64::MAX)
    }

    /// Milliseconds the clock has run since start-up (real time less the pauses).
    fn running_ms(&self) -> i64 {
        match self.frozen_at_ms.load(Ordering::SeqCst) {
            RUNNING => self.real_ms() - self.paused_ms.load(Ordering::SeqCst),
            frozen => frozen,
        }
    }

    /// Stops the clock where it is: until [`Clock::thaw`], only advances move it.
    pub fn freeze(&self) {
        let _guard = self.freeze_lock.lock().unwrap_or_else(|e| e.into_inner());
        if self.frozen_at_ms.load(Ordering::SeqCst) == RUNNING {
            let at = self.real_ms() - self.paused_ms.load(Ordering::SeqCst);
            self.frozen_at_ms.store(at, Ordering::SeqCst);
        }
    }

    /// Lets the clock run again from where it stood (it does not jump to real time).
    pub fn thaw(&self) {
        let _guard = self.freeze_lock.lock().unwrap_or_else(|e| e.into_inner());
        let frozen = self.frozen_at_ms.load(Ordering::SeqCst);
        if frozen != RUNNING {
            self.paused_ms
                .store(self.real_ms() - frozen, Ordering::SeqCst);
            self.frozen_at_ms.store(RUNNING, Ordering::SeqCst);
        }
    }

    /// Whether the clock stands still.
    pub fn is_frozen(&self) -> bool {
        self.frozen_at_ms.load(Ordering::SeqCst) != RUNNING
    }

    /// The sandbox's "now", to the millisecond (finer precision only adds noise to payloads).
    pub fn now(&self) -> OffsetDateTime {
        let elapsed = Duration::milliseconds(self.running_ms());
        let t = self.origin_wall
            + elapsed
            + Duration::seconds(self.advanced_seconds.load(Ordering::SeqCst));
        let millis = t.millisecond();
        t.replace_millisecond(millis).unwrap_or(t)
    }

    /// Moves the clock forward, as if `seconds` had passed, and says what time it now is.
    pub fn advance(&self, seconds: u32) -> OffsetDateTime {
        self.advanced_seconds
            .fetch_add(i64::from(seconds), Ordering::SeqCst);
        self.now()
    }

    /// How far the clock has been moved ahead of real time.
    pub fn advanced_seconds(&self) -> i64 {
        self.advanced_seconds.load(Ordering::SeqCst)
    }

    /// Takes back every advance and pause: part of resetting the sandbox to its seeded
    /// state, which follows real time again.
    pub fn reset(&self) {
        let _guard = self.freeze_lock.lock().unwrap_or_else(|e| e.into_inner());
        self.advanced_seconds.store(0, Ordering::SeqCst);
        self.paused_ms.store(0, Ordering::SeqCst);
        self.frozen_at_ms.store(RUNNING, Ordering::SeqCst);
    }
}

/// Formats an instant the way every payload of the sandbox shows time (RFC 3339, UTC).
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_frozen_clock_stands_still_but_advances_and_thaws_where_it_stood() {
        let clock = Clock::starting_at(datetime!(2026-01-01 00:00 UTC));
        clock.freeze();
        let frozen = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(30));
        assert_eq!(clock.now(), frozen);
        assert!(clock.is_frozen());
        assert_eq!(clock.advance(299) - frozen, Duration::seconds(299));
        clock.thaw();
        assert!(!clock.is_frozen());
        let thawed = clock.now();
        assert!(thawed - frozen >= Duration::seconds(299));
        assert!(thawed - frozen < Duration::seconds(299) + Duration::milliseconds(20));
        clock.reset();
        assert!(!clock.is_frozen());
        assert!(clock.now() - datetime!(2026-01-01 00:00 UTC) >= Duration::milliseconds(30));
    }

    #[test]
    fn advancing_moves_now_forward_by_that_many_seconds() {
        let clock = Clock::starting_at(datetime!(2026-01-01 00:00 UTC));
        let before = clock.now();
        let after = clock.advance(301);
        assert!(after - before >= Duration::seconds(301));
        assert!(after - before < Duration::seconds(303));
        assert_eq!(clock.advanced_seconds(), 301);
    }

    #[test]
    fn reset_takes_back_every_advance() {
        let clock = Clock::starting_at(datetime!(2026-01-01 00:00 UTC));
        clock.advance(3600);
        clock.reset();
        assert_eq!(clock.advanced_seconds(), 0);
        assert!(clock.now() < datetime!(2026-01-01 00:01 UTC));
    }

    #[test]
    fn timestamps_are_rfc3339_in_utc() {
        assert_eq!(
            rfc3339(datetime!(2026-03-21 10:00:00.250 UTC)),
            "2026-03-21T10:00:00.25Z"
        );
    }
}
