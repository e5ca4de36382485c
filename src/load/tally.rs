//! What every simulated app has done so far, shared by all of them.
//!
//! The counters are atomics and the histograms fixed-size, so the tally costs the same
//! memory for 4 apps as for 400 and recording a step takes no lock. Only errors take a
//! lock, and only the first few messages are kept: a broken target fails thousands of
//! steps the same way, and the report needs the first ones, not all of them.

use super::histogram::Histogram;
use super::step::Step;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How many error messages a run keeps for its report.
pub const KEPT_ERRORS: usize = 10;

/// One step's counters.
#[derive(Debug, Default)]
pub struct StepTally {
    /// Latencies of the times the step succeeded.
    pub latencies: Histogram,
    /// Times the step failed.
    pub errors: AtomicU64,
    /// HTTP requests the step sent, whether it succeeded or not.
    pub requests: AtomicU64,
}

/// An error as the report shows it: when, in which step, what went wrong.
#[derive(Debug, Clone)]
pub struct ErrorNote {
    /// Time since the run started.
    pub after: Duration,
    /// The step that failed.
    pub step: Step,
    /// What went wrong, in one line (secrets redacted).
    pub message: String,
}

/// The counters of a whole run.
#[derive(Debug)]
pub struct Tally {
    started: Instant,
    steps: Vec<StepTally>,
    walks: AtomicU64,
    first_errors: Mutex<Vec<ErrorNote>>,
}

impl Tally {
    /// An empty tally; the run's clock starts now.
    pub fn new() -> Self {
        Self {
            started: Instant::now(),
            steps: Step::ALL.iter().map(|_| StepTally::default()).collect(),
            walks: AtomicU64::new(0),
            first_errors: Mutex::new(Vec::new()),
        }
    }

    /// The counters of `step`.
    pub fn step(&self, step: Step) -> &StepTally {
        &self.steps[step.index()]
    }

    /// Counts one HTTP request sent for `step`.
    pub fn request(&self, step: Step) {
        self.step(step).requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a success of `step` that took `latency`.
    pub fn success(&self, step: Step, latency: Duration) {
        self.step(step).latencies.record(latency);
    }

    /// Counts a failure of `step`, keeping its message if it is among the first.
    pub fn failure(&self, step: Step, message: String) {
        self.step(step).errors.fetch_add(1, Ordering::Relaxed);
        let mut kept = self.first_errors.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() < KEPT_ERRORS {
            kept.push(ErrorNote {
                after: self.started.elapsed(),
                step,
                message,
            });
        }
    }

    /// Counts a walk finished from authorize to refresh.
    pub fn walk_done(&self) {
        self.walks.fetch_add(1, Ordering::Relaxed);
    }

    /// Walks finished so far.
    pub fn walks(&self) -> u64 {
        self.walks.load(Ordering::Relaxed)
    }

    /// Requests sent so far, all steps together.
    pub fn requests(&self) -> u64 {
        self.steps
            .iter()
            .map(|s| s.requests.load(Ordering::Relaxed))
            .sum()
    }

    /// Failed steps so far.
    pub fn errors(&self) -> u64 {
        self.steps
            .iter()
            .map(|s| s.errors.load(Ordering::Relaxed))
            .sum()
    }

    /// The first errors, oldest first.
    pub fn first_errors(&self) -> Vec<ErrorNote> {
        self.first_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// When the run started.
    pub fn started(&self) -> Instant {
        self.started
    }
}

impl Default for Tally {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_errors_are_kept_but_all_are_counted() {
        let tally = Tally::new();
        for i in 0..25 {
            tally.failure(Step::Token, format!("failure {i}"));
        }
        assert_eq!(tally.errors(), 25);
        let kept = tally.first_errors();
        assert_eq!(kept.len(), KEPT_ERRORS);
        assert_eq!(kept[0].message, "failure 0");
    }

    #[test]
    fn requests_and_walks_add_up_over_steps() {
        let tally = Tally::new();
        tally.request(Step::Login);
        tally.request(Step::Login);
        tally.request(Step::Token);
        tally.success(Step::Token, Duration::from_millis(3));
        tally.walk_done();
        assert_eq!(tally.requests(), 3);
        assert_eq!(tally.walks(), 1);
        assert_eq!(tally.step(Step::Token).latencies.count(), 1);
    }
}
