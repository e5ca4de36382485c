//! `conform load` against the embedded sandbox: short runs with few clients, checking
//! that every step is walked and none fails. No figure of time or throughput is
//! asserted: the machine is shared and noisy; docs/load.md has the measured ones.

use conform::load::{LoadPlan, LoadReport, Onboarding, Step, run};
use conform::target::Target;
use std::process::Command;
use std::time::Duration;

async fn embedded(clients: usize, seconds: f64, onboarding: Onboarding) -> LoadReport {
    let mut plan = LoadPlan::new(Target::Embedded, clients, Duration::from_secs_f64(seconds));
    plan.onboarding = onboarding;
    run(plan)
        .await
        .unwrap_or_else(|e| panic!("the load run could not start: {e}"))
}

fn count(report: &LoadReport, step: Step) -> u64 {
    report.step(step).map_or(0, |row| row.count)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_load_run_against_the_embedded_sandbox_has_no_errors_and_counts_every_step() {
    let report = embedded(4, 2.0, Onboarding::Once).await;
    let text = report.render();
    assert_eq!(report.errors, 0, "{text}");
    assert!(report.walks >= 1, "{text}");
    for row in &report.steps {
        assert!(
            row.count >= 1,
            "the step {} never ran:\n{text}",
            row.step.name()
        );
        assert!(row.requests >= row.count, "{text}");
        assert!(
            row.p50_ms <= row.p99_ms && row.p99_ms <= row.max_ms,
            "{text}"
        );
    }
    // Each app registered once, and walked from then on.
    assert_eq!(count(&report, Step::SignUp), 4, "{text}");
    assert_eq!(count(&report, Step::Register), 4, "{text}");
    assert!(count(&report, Step::Authorize) >= report.walks, "{text}");
    // Every walk: one read, three Patient Access searches, four directory searches.
    assert!(
        count(&report, Step::PatientSearch) >= 3 * report.walks,
        "{text}"
    );
    assert!(
        count(&report, Step::DirectorySearch) >= 4 * report.walks,
        "{text}"
    );
    let steps_requests: u64 = report.steps.iter().map(|row| row.requests).sum();
    assert_eq!(report.requests, steps_requests, "{text}");
    if cfg!(target_os = "linux") {
        let memory = report.memory.as_ref().unwrap_or_else(|| panic!("{text}"));
        assert!(memory.peak_rss_kib >= memory.rss_end_kib, "{text}");
        assert!(memory.rss_samples.len() >= 2, "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn onboarding_every_walk_signs_up_a_new_developer_before_each_walk() {
    let report = embedded(2, 1.5, Onboarding::EveryWalk).await;
    let text = report.render();
    assert_eq!(report.errors, 0, "{text}");
    assert!(report.walks >= 1, "{text}");
    assert!(count(&report, Step::SignUp) >= report.walks, "{text}");
    assert!(count(&report, Step::Register) >= report.walks, "{text}");
    // A walk cut short by the deadline started after its own registration.
    assert!(
        count(&report, Step::Register) <= count(&report, Step::Authorize) + 2,
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_tenant_stops_the_run_before_the_clock_starts() {
    let mut plan = LoadPlan::new(Target::Embedded, 2, Duration::from_secs(1));
    plan.tenant = "nowhere".into();
    match run(plan).await {
        Err(e) => assert!(
            e.to_string().contains("/nowhere/fhir/Practitioner") && e.to_string().contains("404"),
            "{e}"
        ),
        Ok(report) => panic!("the run went ahead:\n{}", report.render()),
    }
}

fn conform() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conform"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn load_against_an_unreachable_target_exits_2_with_one_line_saying_why() {
    let out = conform()
        .args(["load", "--target", "http://127.0.0.1:9", "--duration", "1"])
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot reach the target http://127.0.0.1:9"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn load_prints_the_table_and_writes_the_json_report() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("load")
        .join("report.json");
    let _ = std::fs::remove_file(&path);
    let out = conform()
        .args(["load", "--clients", "2", "--duration", "1", "--json"])
        .arg(&path)
        .output()
        .expect("conform runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    for column in ["step", "count", "errors", "p50 ms", "p99 ms", "max ms"] {
        assert!(stdout.contains(column), "{stdout}");
    }
    assert!(stdout.contains("peak RSS"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("the JSON report is written"))
            .expect("the report is JSON");
    assert_eq!(json["clients"], 2);
    assert_eq!(json["errors"], 0);
    assert_eq!(
        json["steps"].as_array().map(Vec::len),
        Some(Step::ALL.len())
    );
    assert!(
        json["memory"]["peak_rss_kib"].as_u64().unwrap_or(0) > 0,
        "{json}"
    );
}
