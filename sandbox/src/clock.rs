//! The sandbox's own clock.
//!
//! Tokens expire after minutes, lockouts after a quarter of an hour: nobody wants a
//! test suite that waits for that. Every timestamp in the sandbox comes from this
//! clock, which follows real time from start-up but can be moved forward through
//! `POST /_sandbox/clock/advance`. It is the only place that reads the system time.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

/// Real time since start-up plus however far the clock was advanced.
#[derive(Debug)]
pub struct Clock {
    origin_wall: OffsetDateTime,
    origin_mono: Instant,
    advanced_seconds: AtomicI64,
}

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
        }
    }

    /// The sandbox's "now", to the millisecond (finer precision only adds noise to payloads).
    pub fn now(&self) -> OffsetDateTime {
        let elapsed = Duration::try_from(self.origin_mono.elapsed()).unwrap_or(Duration::ZERO);
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

    /// Takes back every advance: part of resetting the sandbox to its seeded state.
    pub fn reset(&self) {
        self.advanced_seconds.store(0, Ordering::SeqCst);
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
