//! What do transcripts and reports cost the suite? (Issue 5: at most 20% over a run
//! without them.)
//!
//! Runs the whole suite (every feature, embedded sandbox, 64 scenarios at a time) in
//! three modes side by side in one process, interleaved round by round so a noisy
//! machine's drift hits each mode alike:
//!
//! - **bare**: no recording (`RunOptions::record_transcripts = false`), no report files;
//! - **default**: recording, failed scenarios' transcripts, the four reports written;
//! - **all**: recording, every scenario's transcript (`Transcripts::All`), the reports.
//!
//! Prints each mode's median wall time, the ratios default/bare and all/bare, and how long
//! `reports::write_all` alone takes for each report. Every run must pass: a failing suite
//! makes the timing meaningless, so it panics with the failures. Never turn these numbers
//! into assertions; read the ratios.
//!
//! `cargo bench --bench overhead` (release build), or `cargo bench --bench overhead -- 9`
//! for 9 rounds (5 by default).

use conform::reports::{self, RunReport, ScenarioStatus, Transcripts};
use conform::run::RunOptions;
use conform::suite::{SuiteOutcome, SuiteRequest, run_suite};
use conform::target::Target;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One way of running the suite.
#[derive(Debug, Clone, Copy)]
struct Mode {
    name: &'static str,
    record: bool,
    transcripts: Transcripts,
    reports: bool,
}

const MODES: [Mode; 3] = [
    Mode {
        name: "bare (no recording, no reports)",
        record: false,
        transcripts: Transcripts::Failures,
        reports: false,
    },
    Mode {
        name: "default (failures' transcripts, reports)",
        record: true,
        transcripts: Transcripts::Failures,
        reports: true,
    },
    Mode {
        name: "all transcripts, reports",
        record: true,
        transcripts: Transcripts::All,
        reports: true,
    },
];

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time this process has used so far (all threads, user and system), from
/// `/proc/self/stat` in clock ticks of 10 ms; `None` off Linux. A steadier figure than
/// wall time on a machine other builds share.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Every failed scenario with its failure, for the panic that stops a meaningless timing.
fn failures(outcome: &SuiteOutcome) -> String {
    let mut lines: Vec<String> = outcome.summary.parse_errors.clone();
    for (feature, scenario) in outcome.report.scenarios() {
        if scenario.status == ScenarioStatus::Failed {
            let why = scenario
                .failure
                .clone()
                .or_else(|| scenario.failing_step().and_then(|s| s.error.clone()))
                .unwrap_or_default();
            lines.push(format!("{} / {}: {why}", feature.name, scenario.name));
        }
    }
    lines.join("\n")
}

/// One whole run in `mode`: its wall time and CPU time, both including writing the
/// reports into `dir`.
async fn suite_once(mode: Mode, dir: &Path) -> (Duration, Duration, SuiteOutcome) {
    let mut options = RunOptions::new(concat!(env!("CARGO_MANIFEST_DIR"), "/features"));
    options.progress = false;
    options.record_transcripts = mode.record;
    options.transcripts = mode.transcripts;
    let cpu_before = cpu_time();
    let started = Instant::now();
    let outcome = run_suite(SuiteRequest {
        target: Target::Embedded,
        options,
        report_dir: mode.reports.then(|| dir.to_path_buf()),
        keep_request_log: false,
    })
    .await
    .unwrap_or_else(|e| panic!("the suite could not run in mode {}: {e}", mode.name));
    let elapsed = started.elapsed();
    let cpu = cpu_time()
        .zip(cpu_before)
        .map_or(Duration::ZERO, |(after, before)| {
            after.saturating_sub(before)
        });
    assert!(
        outcome.passed(),
        "the suite must pass to be timed, but in mode {} it failed:\n{}",
        mode.name,
        failures(&outcome)
    );
    (elapsed, cpu, outcome)
}

/// How long `write_all` takes for `report` (into a directory of its own), and the bytes
/// it wrote.
fn time_write_all(report: &RunReport, dir: &Path) -> (Duration, u64) {
    let started = Instant::now();
    let written = reports::write_all(report, dir)
        .unwrap_or_else(|e| panic!("cannot write reports to {}: {e}", dir.display()));
    let elapsed = started.elapsed();
    let bytes = written
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    (elapsed, bytes)
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5)
        .max(1);
    let root: PathBuf =
        std::env::temp_dir().join(format!("conform-overhead-{}", std::process::id()));
    let suite_dir = root.join("suite");
    let write_dir = root.join("write-all");

    // One untimed run first: the process's RSA key, schemas and connection pool are made once.
    suite_once(MODES[1], &suite_dir).await;

    let mut walls: Vec<Vec<Duration>> = vec![Vec::new(); MODES.len()];
    let mut cpus: Vec<Vec<Duration>> = vec![Vec::new(); MODES.len()];
    let mut writes: Vec<Vec<Duration>> = vec![Vec::new(); MODES.len()];
    let mut bytes = vec![0u64; MODES.len()];
    let mut kept = vec![0usize; MODES.len()];
    let mut scenarios = 0;
    for round in 0..rounds {
        // Interleaved, and each round starts with the next mode, so neither drift nor
        // position favours one.
        for offset in 0..MODES.len() {
            let i = (round + offset) % MODES.len();
            let (wall, cpu, outcome) = suite_once(MODES[i], &suite_dir).await;
            walls[i].push(wall);
            cpus[i].push(cpu);
            scenarios = outcome.summary.scenarios();
            kept[i] = outcome
                .report
                .scenarios()
                .map(|(_, s)| s.transcript.len())
                .sum();
            let (write, written) = time_write_all(&outcome.report, &write_dir);
            writes[i].push(write);
            bytes[i] = written;
        }
    }
    let _ = std::fs::remove_dir_all(&root);

    let medians: Vec<Duration> = walls.iter().cloned().map(median).collect();
    let bare = medians[0].as_secs_f64();
    println!(
        "whole suite ({scenarios} scenarios, 64 at a time), median of {rounds} interleaved rounds per mode:"
    );
    for (i, mode) in MODES.iter().enumerate() {
        println!(
            "  {:<42} {:>8.1} ms  {:.3}x bare   (runs: {})",
            mode.name,
            ms(medians[i]),
            medians[i].as_secs_f64() / bare,
            walls[i]
                .iter()
                .map(|d| format!("{:.0}", ms(*d)))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    println!(
        "ratios: default/bare {:.3}, all/bare {:.3} (the budget is 1.20)",
        medians[1].as_secs_f64() / bare,
        medians[2].as_secs_f64() / bare
    );
    let cpu_medians: Vec<Duration> = cpus.iter().cloned().map(median).collect();
    let cpu_bare = cpu_medians[0].as_secs_f64().max(f64::EPSILON);
    println!("CPU time of the process (all threads, sandbox included), median per mode:");
    for (i, mode) in MODES.iter().enumerate() {
        println!(
            "  {:<42} {:>8.0} ms  {:.3}x bare",
            mode.name,
            ms(cpu_medians[i]),
            cpu_medians[i].as_secs_f64() / cpu_bare
        );
    }
    println!("write_all alone (the four report files), median per report:");
    for (i, mode) in MODES.iter().enumerate() {
        println!(
            "  report of {:<32} {:>6.1} ms for {:>9} bytes, {} exchanges kept",
            mode.name,
            ms(median(writes[i].clone())),
            bytes[i],
            kept[i]
        );
    }
}
