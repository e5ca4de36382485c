//! How fast is the conformance suite, and what does concurrency buy?
//!
//! Runs the whole suite against a fresh embedded sandbox several times at each
//! concurrency level, side by side in one process, and prints the median wall time
//! of each and its ratio to the serial run. Also times sandbox start-up (bind to
//! first 200 on `/_sandbox/clock`). Machines are noisy: read the ratios, and never
//! turn these numbers into test assertions.
//!
//! `cargo bench --bench suite` (release build) or `cargo bench --bench suite -- 3` for 3 rounds.

use conform::run::RunOptions;
use conform::suite::{SuiteRequest, run_suite};
use conform::target::Target;
use std::time::{Duration, Instant};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

async fn suite_once(concurrency: usize) -> (Duration, usize) {
    let mut options = RunOptions::new(concat!(env!("CARGO_MANIFEST_DIR"), "/features"));
    options.max_concurrent = concurrency;
    options.progress = false;
    let started = Instant::now();
    let outcome = run_suite(SuiteRequest {
        target: Target::Embedded,
        options,
        report_dir: None,
        keep_request_log: false,
    })
    .await
    .expect("the suite runs");
    assert!(outcome.passed(), "the suite must pass to be timed");
    (started.elapsed(), outcome.summary.scenarios())
}

async fn startup_once() -> Duration {
    let started = Instant::now();
    let running = sandbox::start(Default::default(), ([127, 0, 0, 1], 0).into())
        .await
        .expect("sandbox starts");
    let url = format!("{}/_sandbox/clock", running.base_url());
    let client = {
        conform::client::install_tls();
        reqwest::Client::new()
    };
    loop {
        if client
            .get(&url)
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            break;
        }
    }
    let elapsed = started.elapsed();
    running.stop().await.expect("sandbox stops");
    elapsed
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);

    let mut startups = Vec::new();
    for _ in 0..rounds * 4 {
        startups.push(startup_once().await);
    }
    println!(
        "sandbox start-up (bind to first 200), median of {}: {:.1} ms",
        startups.len(),
        median(startups).as_secs_f64() * 1000.0
    );

    let levels = [1usize, 8, 64];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); levels.len()];
    let mut scenarios = 0;
    // Interleave the levels so drift on a noisy machine hits each of them alike.
    for _ in 0..rounds {
        for (i, &level) in levels.iter().enumerate() {
            let (t, n) = suite_once(level).await;
            times[i].push(t);
            scenarios = n;
        }
    }
    let serial = median(times[0].clone());
    println!("whole suite ({scenarios} scenarios), median of {rounds} rounds:");
    for (i, &level) in levels.iter().enumerate() {
        let m = median(times[i].clone());
        println!(
            "  concurrency {level:>2}: {:>7.1} ms   {:.2}x the serial run's speed",
            m.as_secs_f64() * 1000.0,
            serial.as_secs_f64() / m.as_secs_f64()
        );
    }
}
