//! The whole Gherkin suite against an embedded sandbox: `cargo test` is the CI gate.

use crate::support::ONE_RUN_AT_A_TIME;
use conform::run::RunOptions;
use conform::suite::{SuiteRequest, run_suite};
use conform::target::Target;
use std::path::PathBuf;

fn features() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/features"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_portal_scenario_passes_against_the_embedded_sandbox() {
    let _turn = ONE_RUN_AT_A_TIME.lock().await;
    let report_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conformance-reports");
    let mut options = RunOptions::new(features());
    options.progress = false;
    let outcome = run_suite(SuiteRequest {
        target: Target::Embedded,
        options,
        report_dir: Some(report_dir.clone()),
        keep_request_log: false,
    })
    .await
    .expect("the harness runs");

    let failures: Vec<String> = outcome
        .report
        .features
        .iter()
        .flat_map(|f| f.scenarios.iter().map(move |s| (f, s)))
        .filter(|(_, s)| s.status == conform::reports::ScenarioStatus::Failed)
        .map(|(f, s)| {
            format!(
                "{}: {}: {}",
                f.name,
                s.name,
                s.failure.clone().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failed scenarios:\n{}",
        failures.join("\n")
    );
    assert!(
        outcome.summary.parse_errors.is_empty(),
        "{:?}",
        outcome.summary.parse_errors
    );
    let areas: Vec<&str> = outcome
        .report
        .features
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    for feature in [
        "accounts",
        "apps",
        "privacy_policy",
        "attestation",
        "production",
    ] {
        assert!(
            areas
                .iter()
                .any(|p| p.ends_with(&format!("{feature}.feature"))),
            "{feature}.feature ran: {areas:?}"
        );
    }
    assert!(
        outcome.summary.scenarios_passed >= 50,
        "{:?}",
        outcome.summary
    );
    for file in ["junit.xml", "cucumber.json", "index.html", "summary.json"] {
        let path = report_dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        assert!(text.len() > 100, "{file} has content");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenarios_needing_the_admin_token_are_skipped_with_the_reason_when_none_is_given() {
    let _turn = ONE_RUN_AT_A_TIME.lock().await;
    let running = crate::support::start_on_socket(None).await;
    let mut options = RunOptions::new(features());
    options.progress = false;
    options.tags = Some("@admin".into());
    let outcome = run_suite(SuiteRequest {
        target: Target::Url {
            base_url: running.base_url(),
            admin_token: None,
        },
        options,
        report_dir: None,
        keep_request_log: false,
    })
    .await
    .expect("the harness runs");
    running.stop().await.expect("sandbox stops");

    assert!(
        outcome.summary.scenarios_skipped >= 4,
        "{:?}",
        outcome.summary
    );
    assert_eq!(outcome.summary.scenarios_passed, 0);
    assert_eq!(outcome.summary.scenarios_failed, 0);
    for (_, scenario) in outcome.report.scenarios() {
        let reason = scenario.skip_reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains("--admin-token"),
            "{}: {reason:?}",
            scenario.name
        );
    }
    assert!(outcome.passed(), "skipped scenarios do not fail the gate");
}
