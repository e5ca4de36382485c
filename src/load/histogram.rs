//! Latencies of one step, kept in a fixed-size log-linear histogram.
//!
//! A load run makes hundreds of thousands of requests; keeping every latency would
//! make the load generator's own memory grow with the run, and in an embedded run that
//! memory is counted in the peak RSS the run reports. The histogram has a fixed number
//! of buckets (about 11 KiB) whatever the run's length, is shared by every simulated
//! app through atomic counters (no lock on the hot path), and answers percentiles
//! within 0.8% of the true value: microseconds below 128 µs are exact, above that each
//! power of two is split into 64 equal buckets.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Buckets per power of two above the exact range: the relative error is at most 1/64.
const SUB_BUCKETS: u64 = 64;
/// Values below this many microseconds have a bucket each.
const EXACT_BELOW: u64 = 2 * SUB_BUCKETS;
/// The largest latency told apart (2^27 µs, over two minutes); longer ones count as this.
const LARGEST_MICROS: u64 = (1 << 27) - 1;

/// The bucket of a latency of `micros` microseconds.
fn bucket_of(micros: u64) -> usize {
    let micros = micros.min(LARGEST_MICROS);
    if micros < EXACT_BELOW {
        return micros as usize;
    }
    // The highest set bit is at position `top` (7 or more); keep the 7 bits from there.
    let top = 63 - u64::from(micros.leading_zeros());
    let shift = top - 6;
    let sub = micros >> shift; // in 64..128
    (shift * SUB_BUCKETS + sub) as usize
}

/// The largest latency, in microseconds, that falls into bucket `index`.
fn bucket_top(index: usize) -> u64 {
    let index = index as u64;
    if index < EXACT_BELOW {
        return index;
    }
    let shift = index / SUB_BUCKETS - 1;
    let sub = index - shift * SUB_BUCKETS;
    ((sub + 1) << shift) - 1
}

/// How many buckets cover every latency up to [`LARGEST_MICROS`].
fn bucket_count() -> usize {
    bucket_of(LARGEST_MICROS) + 1
}

/// The latencies of one step: a count per bucket, plus the exact count, sum and maximum.
#[derive(Debug)]
pub struct Histogram {
    buckets: Box<[AtomicU64]>,
    count: AtomicU64,
    sum_micros: AtomicU64,
    max_micros: AtomicU64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

impl Histogram {
    /// An empty histogram.
    pub fn new() -> Self {
        Self {
            buckets: (0..bucket_count()).map(|_| AtomicU64::new(0)).collect(),
            count: AtomicU64::new(0),
            sum_micros: AtomicU64::new(0),
            max_micros: AtomicU64::new(0),
        }
    }

    /// Counts one latency; callable from any task at once.
    pub fn record(&self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        self.buckets[bucket_of(micros)].fetch_add(1, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
        self.max_micros.fetch_max(micros, Ordering::Relaxed);
    }

    /// How many latencies were recorded.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// The longest latency recorded (exact), zero when none was.
    pub fn max(&self) -> Duration {
        Duration::from_micros(self.max_micros.load(Ordering::Relaxed))
    }

    /// The mean latency, zero when none was recorded.
    pub fn mean(&self) -> Duration {
        let count = self.count();
        if count == 0 {
            return Duration::ZERO;
        }
        Duration::from_micros(self.sum_micros.load(Ordering::Relaxed) / count)
    }

    /// The latency at or under which `quantile` (0 to 1) of the recorded ones lie, by
    /// nearest rank: p99 of 1000 latencies is the 990th smallest. Reported as the top of
    /// its bucket (never above the true maximum); zero when nothing was recorded.
    pub fn percentile(&self, quantile: f64) -> Duration {
        let count = self.count();
        if count == 0 {
            return Duration::ZERO;
        }
        let rank = ((quantile.clamp(0.0, 1.0) * count as f64).ceil() as u64).clamp(1, count);
        let mut seen = 0;
        for (index, bucket) in self.buckets.iter().enumerate() {
            seen += bucket.load(Ordering::Relaxed);
            if seen >= rank {
                let top = bucket_top(index).min(self.max_micros.load(Ordering::Relaxed));
                return Duration::from_micros(top);
            }
        }
        self.max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(value: f64) -> Duration {
        Duration::from_secs_f64(value / 1000.0)
    }

    fn filled(latencies_micros: impl IntoIterator<Item = u64>) -> Histogram {
        let histogram = Histogram::new();
        for micros in latencies_micros {
            histogram.record(Duration::from_micros(micros));
        }
        histogram
    }

    #[test]
    fn every_latency_lands_in_a_bucket_whose_range_holds_it() {
        for micros in (0..5000).chain([65_535, 65_536, 1_000_000, LARGEST_MICROS]) {
            let index = bucket_of(micros);
            let low = if index == 0 {
                0
            } else {
                bucket_top(index - 1) + 1
            };
            assert!(
                low <= micros && micros <= bucket_top(index),
                "{micros} µs in bucket {index} ({low}..={})",
                bucket_top(index)
            );
        }
    }

    #[test]
    fn a_bucket_is_never_wider_than_one_sixty_fourth_of_its_values() {
        for index in 1..bucket_count() {
            let low = bucket_top(index - 1) + 1;
            let width = bucket_top(index) - low + 1;
            assert!(
                width * 64 <= low.max(64),
                "bucket {index}: {low} wide {width}"
            );
        }
    }

    #[test]
    fn percentiles_of_one_to_a_thousand_microseconds_are_their_ranks() {
        let histogram = filled(1..=1000);
        assert_eq!(histogram.count(), 1000);
        let p = |q| histogram.percentile(q).as_micros() as f64;
        // Within one bucket (1/64) above the exact nearest-rank value, never below it.
        for (quantile, exact) in [(0.5, 500.0), (0.9, 900.0), (0.99, 990.0), (1.0, 1000.0)] {
            let got = p(quantile);
            assert!(
                got >= exact && got <= exact * (1.0 + 1.0 / 64.0),
                "p{quantile}: {got}"
            );
        }
        assert_eq!(histogram.max(), Duration::from_micros(1000));
        assert_eq!(histogram.mean(), Duration::from_micros(500));
    }

    #[test]
    fn a_slow_tail_shows_in_p99_and_not_in_p50() {
        let histogram = Histogram::new();
        for _ in 0..980 {
            histogram.record(ms(2.0));
        }
        for _ in 0..20 {
            histogram.record(ms(250.0));
        }
        assert!(histogram.percentile(0.5) <= ms(2.05));
        assert!(histogram.percentile(0.97) <= ms(2.05));
        assert!(histogram.percentile(0.99) >= ms(250.0));
        assert_eq!(histogram.max(), ms(250.0));
    }

    #[test]
    fn a_single_latency_is_every_percentile_and_never_more_than_itself() {
        let histogram = filled([12_345]);
        for quantile in [0.0, 0.5, 0.99, 1.0] {
            assert_eq!(
                histogram.percentile(quantile),
                Duration::from_micros(12_345)
            );
        }
    }

    #[test]
    fn an_empty_histogram_answers_zero() {
        let histogram = Histogram::new();
        assert_eq!(histogram.count(), 0);
        assert_eq!(histogram.percentile(0.99), Duration::ZERO);
        assert_eq!(histogram.mean(), Duration::ZERO);
        assert_eq!(histogram.max(), Duration::ZERO);
    }

    #[test]
    fn latencies_beyond_the_range_count_as_the_largest() {
        let histogram = filled([u64::MAX / 2]);
        assert_eq!(histogram.count(), 1);
        assert!(histogram.percentile(1.0) >= Duration::from_micros(LARGEST_MICROS));
    }

    #[test]
    fn tasks_recording_at_once_lose_nothing() {
        let histogram = std::sync::Arc::new(Histogram::new());
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let histogram = histogram.clone();
                std::thread::spawn(move || {
                    for i in 0..10_000u64 {
                        histogram.record(Duration::from_micros(t * 10_000 + i));
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(histogram.count(), 40_000);
        assert_eq!(histogram.max(), Duration::from_micros(39_999));
    }
}
