//! What a load run found, as one value: printed as a table for people (see
//! [`LoadReport::render`]) and written as JSON for CI (`--json FILE`).

use super::cpu::CpuFigures;
use super::memory::MemoryFigures;
use super::plan::Onboarding;
use super::step::Step;
use super::tally::Tally;
use serde::Serialize;
use std::fmt::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// One step's row: how often it was done, how often it failed, how long it took.
#[derive(Debug, Clone, Serialize)]
pub struct StepRow {
    /// The step.
    pub step: Step,
    /// Times it succeeded (each search is one).
    pub count: u64,
    /// Times it failed.
    pub errors: u64,
    /// HTTP requests it sent (a step that follows a redirect sends two).
    pub requests: u64,
    /// Latency percentiles and extremes of the successes, in milliseconds.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// The slowest success.
    pub max_ms: f64,
    /// The mean.
    pub mean_ms: f64,
}

/// An error as reported: when, which step, what.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorRow {
    /// Seconds since the run started.
    pub after_seconds: f64,
    /// The step that failed.
    pub step: Step,
    /// What went wrong.
    pub message: String,
}

/// The result of a load run.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    /// The server loaded.
    pub target: String,
    /// Whether it was a sandbox started in this process.
    pub embedded: bool,
    /// The tenant walked.
    pub tenant: String,
    /// Simulated apps.
    pub clients: usize,
    /// How often developers onboarded.
    pub onboarding: Onboarding,
    /// The planned duration.
    pub duration_seconds: f64,
    /// From the first request to the last answer (steps in flight at the deadline finish).
    pub elapsed_seconds: f64,
    /// Walks finished (authorize to refresh).
    pub walks: u64,
    /// Walks per second of `elapsed_seconds`.
    pub walks_per_second: f64,
    /// HTTP requests sent.
    pub requests: u64,
    /// Requests per second of `elapsed_seconds`.
    pub requests_per_second: f64,
    /// Failed steps.
    pub errors: u64,
    /// One row per step, in walking order.
    pub steps: Vec<StepRow>,
    /// The first errors, oldest first.
    pub first_errors: Vec<ErrorRow>,
    /// The watched process's memory, when it could be read.
    pub memory: Option<MemoryFigures>,
    /// Who used the CPU during the run.
    pub cpu: CpuFigures,
}

fn ms(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds <= 0.0 {
        return 0.0;
    }
    (count as f64 / seconds * 10.0).round() / 10.0
}

/// What a report says about the run besides the tally.
#[derive(Debug, Clone)]
pub struct RunFacts {
    /// The server loaded.
    pub target: String,
    /// Whether it was embedded.
    pub embedded: bool,
    /// The tenant walked.
    pub tenant: String,
    /// Simulated apps.
    pub clients: usize,
    /// How often developers onboarded.
    pub onboarding: Onboarding,
    /// The planned duration.
    pub duration: Duration,
    /// How long the run really took.
    pub elapsed: Duration,
}

impl LoadReport {
    /// The report of a finished run.
    pub fn new(
        facts: RunFacts,
        tally: &Tally,
        memory: Option<MemoryFigures>,
        cpu: CpuFigures,
    ) -> Self {
        let steps = Step::ALL
            .iter()
            .map(|&step| {
                let counters = tally.step(step);
                let latencies = &counters.latencies;
                StepRow {
                    step,
                    count: latencies.count(),
                    errors: counters.errors.load(Ordering::Relaxed),
                    requests: counters.requests.load(Ordering::Relaxed),
                    p50_ms: ms(latencies.percentile(0.50)),
                    p90_ms: ms(latencies.percentile(0.90)),
                    p99_ms: ms(latencies.percentile(0.99)),
                    max_ms: ms(latencies.max()),
                    mean_ms: ms(latencies.mean()),
                }
            })
            .collect();
        let first_errors = tally
            .first_errors()
            .into_iter()
            .map(|note| ErrorRow {
                after_seconds: (note.after.as_secs_f64() * 1000.0).round() / 1000.0,
                step: note.step,
                message: note.message,
            })
            .collect();
        let requests = tally.requests();
        let walks = tally.walks();
        Self {
            target: facts.target,
            embedded: facts.embedded,
            tenant: facts.tenant,
            clients: facts.clients,
            onboarding: facts.onboarding,
            duration_seconds: facts.duration.as_secs_f64(),
            elapsed_seconds: (facts.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
            walks,
            walks_per_second: per_second(walks, facts.elapsed),
            requests,
            requests_per_second: per_second(requests, facts.elapsed),
            errors: tally.errors(),
            steps,
            first_errors,
            memory,
            cpu,
        }
    }

    /// The row of `step`.
    pub fn step(&self, step: Step) -> Option<&StepRow> {
        self.steps.iter().find(|row| row.step == step)
    }

    /// The report as people read it: a line on the run, the table of steps, the totals,
    /// the first errors and the memory figures.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let target = if self.embedded {
            format!("an embedded sandbox at {}", self.target)
        } else {
            self.target.clone()
        };
        let onboarding = match self.onboarding {
            Onboarding::Once => "each app registered once",
            Onboarding::EveryWalk => "a new developer and app before every walk",
        };
        let _ = writeln!(
            out,
            "conform load: {} clients for {:.1} s against {target} (tenant {}; {onboarding})\n",
            self.clients, self.duration_seconds, self.tenant
        );
        let _ = writeln!(
            out,
            "{:<17} {:>8} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "step", "count", "errors", "requests", "p50 ms", "p90 ms", "p99 ms", "max ms"
        );
        for row in &self.steps {
            let _ = writeln!(
                out,
                "{:<17} {:>8} {:>7} {:>9} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
                row.step.name(),
                row.count,
                row.errors,
                row.requests,
                row.p50_ms,
                row.p90_ms,
                row.p99_ms,
                row.max_ms
            );
        }
        let _ = writeln!(
            out,
            "\n{} walks ({:.1}/s), {} requests ({:.1}/s) in {:.2} s; {} error{}",
            self.walks,
            self.walks_per_second,
            self.requests,
            self.requests_per_second,
            self.elapsed_seconds,
            self.errors,
            if self.errors == 1 { "" } else { "s" }
        );
        for error in &self.first_errors {
            let _ = writeln!(out, "  at {:.2} s: {}", error.after_seconds, error.message);
        }
        if self.errors > self.first_errors.len() as u64 {
            let _ = writeln!(
                out,
                "  ... and {} more",
                self.errors - self.first_errors.len() as u64
            );
        }
        let cores = |c: Option<f64>| c.map_or("?".to_owned(), |c| format!("{c:.2}"));
        let load = self
            .cpu
            .load_average
            .map(|l| format!("; machine load average {l:.2}"))
            .unwrap_or_default();
        let _ = match (self.embedded, self.cpu.server_cores) {
            (true, _) => writeln!(
                out,
                "CPU: {} of {} cores (the embedded sandbox and the load generator together){load}",
                cores(self.cpu.this_process_cores),
                self.cpu.machine_cores
            ),
            (false, Some(server)) => writeln!(
                out,
                "CPU: the server {server:.2}, the load generator {} of {} cores{load}",
                cores(self.cpu.this_process_cores),
                self.cpu.machine_cores
            ),
            (false, None) => writeln!(
                out,
                "CPU: the load generator {} of {} cores{load}",
                cores(self.cpu.this_process_cores),
                self.cpu.machine_cores
            ),
        };
        match &self.memory {
            Some(memory) => {
                let mib = |kib: u64| kib as f64 / 1024.0;
                let _ = writeln!(
                    out,
                    "memory of {}: peak RSS {:.1} MiB (VmHWM); RSS {:.1} MiB at the start, {:.1} MiB at the end",
                    memory.whose,
                    mib(memory.peak_rss_kib),
                    mib(memory.rss_start_kib),
                    mib(memory.rss_end_kib)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "memory: not measured (an external target: pass --server-pid PID of the server on this machine)"
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> RunFacts {
        RunFacts {
            target: "http://127.0.0.1:8080".into(),
            embedded: false,
            tenant: "dev1".into(),
            clients: 2,
            onboarding: Onboarding::Once,
            duration: Duration::from_secs(2),
            elapsed: Duration::from_secs(2),
        }
    }

    #[test]
    fn the_report_has_a_row_per_step_and_rates_per_second_of_the_run() {
        let tally = Tally::new();
        for _ in 0..10 {
            tally.request(Step::Token);
            tally.success(Step::Token, Duration::from_millis(4));
        }
        tally.walk_done();
        tally.failure(Step::Refresh, "refresh: POST /t answered 400".into());
        let cpu = CpuFigures {
            server_cores: Some(1.5),
            this_process_cores: Some(0.4),
            machine_cores: 2,
            load_average: Some(3.5),
        };
        let report = LoadReport::new(facts(), &tally, None, cpu);
        assert_eq!(report.steps.len(), Step::ALL.len());
        let token = report.step(Step::Token).unwrap();
        assert_eq!((token.count, token.requests, token.errors), (10, 10, 0));
        assert!((token.p50_ms - 4.0).abs() < 0.1, "{}", token.p50_ms);
        assert_eq!(report.requests_per_second, 5.0);
        assert_eq!(report.walks_per_second, 0.5);
        assert_eq!(report.errors, 1);
        let text = report.render();
        assert!(text.contains("token"), "{text}");
        assert!(text.contains("refresh: POST /t answered 400"), "{text}");
        assert!(
            text.contains("the server 1.50, the load generator 0.40 of 2 cores"),
            "{text}"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["steps"][9]["step"], "token");
        assert_eq!(json["onboarding"], "once");
    }
}
