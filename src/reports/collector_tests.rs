//! Drives the collector through real cucumber runs of small feature files.

use futures::FutureExt as _;

use super::model::{RunReport, ScenarioReport, ScenarioStatus, StepStatus};
use super::summary::summarize;
use super::test_world::{RUN_LOCK, TestWorld, feature_dir, fixed_exchange, remove};
use super::{Collector, console::Console};
use crate::run::{RunOptions, run_features};
use cucumber::{World as _, WriterExt as _};

const ACCOUNTS: &str = r#"@demo
Feature: Demo accounts
  Developers manage their accounts.

  Background:
    Given a passing step

  Scenario: Everything passes
    When she does something
    Then all is well

  @wip
  Scenario: It breaks
    When she does something
    Then a failing step
    And all is well

  Scenario: Nobody wrote this step
    When she does something nobody defined
    Then all is well

  Scenario: Not applicable here
    Given a step skipped because the target has no control API
    Then all is well

  @excluded
  Scenario: Filtered out
    Then all is well

  Rule: Outlines
    @serial
    Scenario Outline: Outline <n>
      Then all is well
      Examples:
        | n |
        | 1 |
        | 2 |
"#;

const MORE: &str = "Feature: More\n  Scenario: Nested file runs too\n    Then all is well\n";

const BROKEN: &str = "This is not gherkin at all\n";

fn options(dir: &std::path::Path) -> RunOptions {
    let mut options = RunOptions::new(dir);
    options.progress = false;
    options
}

fn scenario<'a>(report: &'a RunReport, name: &str) -> &'a ScenarioReport {
    report
        .scenarios()
        .map(|(_, s)| s)
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no scenario {name:?} in report"))
}

#[tokio::test]
async fn a_real_run_reports_passed_failed_undefined_and_skipped_scenarios() {
    let _guard = RUN_LOCK.lock().await;
    let dir = feature_dir(
        "collector-real-run",
        &[
            ("accounts.feature", ACCOUNTS),
            ("nested/more.feature", MORE),
            ("broken.feature", BROKEN),
        ],
    );
    let mut options = options(&dir);
    options.tags = Some("not @excluded".into());
    let report = run_features::<TestWorld>(&options).await.unwrap();
    remove(&dir);

    let paths: Vec<&str> = report.features.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["accounts.feature", "nested/more.feature"]);
    assert_eq!(report.parse_errors.len(), 1, "{:?}", report.parse_errors);
    assert!(report.parse_errors[0].contains("broken.feature"));
    assert!(!report.parse_errors[0].contains(dir.to_string_lossy().as_ref()));

    let accounts = &report.features[0];
    assert_eq!(accounts.name, "Demo accounts");
    assert_eq!(
        accounts.description.as_deref(),
        Some("Developers manage their accounts.")
    );
    let names: Vec<&str> = accounts.scenarios.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Everything passes",
            "It breaks",
            "Nobody wrote this step",
            "Not applicable here",
            "Outline 1",
            "Outline 2"
        ]
    );

    let passed = scenario(&report, "Everything passes");
    assert_eq!(passed.status, ScenarioStatus::Passed);
    assert!(passed.transcript.is_empty());
    assert!(passed.steps[0].from_background);
    assert!(passed.steps.iter().all(|s| s.status == StepStatus::Passed));
    assert!(
        passed.steps[1]
            .location
            .as_deref()
            .is_some_and(|l| l.contains("test_world.rs"))
    );

    let broken = scenario(&report, "It breaks");
    assert_eq!(broken.status, ScenarioStatus::Failed);
    assert_eq!(broken.tags, ["demo", "wip"]);
    let statuses: Vec<StepStatus> = broken.steps.iter().map(|s| s.status).collect();
    assert_eq!(
        statuses,
        [
            StepStatus::Passed,
            StepStatus::Passed,
            StepStatus::Failed,
            StepStatus::Skipped
        ]
    );
    assert_eq!(
        broken.steps[2].error.as_deref(),
        Some("expected status 201, got 500")
    );
    assert_eq!(broken.transcript, [fixed_exchange()]);
    let failure = broken.failure.as_deref().unwrap_or_default();
    assert!(
        failure.starts_with("Step `Then a failing step` failed (line 15)"),
        "{failure}"
    );

    let undefined = scenario(&report, "Nobody wrote this step");
    assert_eq!(undefined.status, ScenarioStatus::Failed);
    assert_eq!(undefined.steps[1].status, StepStatus::Undefined);
    assert_eq!(undefined.steps[2].status, StepStatus::Skipped);
    assert!(
        undefined
            .failure
            .as_deref()
            .is_some_and(|f| f.contains("is undefined"))
    );

    let skipped = scenario(&report, "Not applicable here");
    assert_eq!(skipped.status, ScenarioStatus::Skipped);
    assert_eq!(
        skipped.skip_reason.as_deref(),
        Some("the target has no control API")
    );
    assert!(skipped.failure.is_none());

    let outline = scenario(&report, "Outline 2");
    assert_eq!(outline.rule.as_deref(), Some("Outlines"));
    assert_eq!(outline.tags, ["demo", "serial"]);
    assert_eq!(outline.status, ScenarioStatus::Passed);

    let summary = summarize(&report);
    assert_eq!(
        (
            summary.scenarios_passed,
            summary.scenarios_failed,
            summary.scenarios_skipped
        ),
        (4, 2, 1)
    );
    assert_eq!(summary.steps_undefined, 1);
    assert!(!report.is_success());
    assert!(!report.started_at.is_empty() && report.duration_ms > 0.0);
}

#[tokio::test]
async fn filtered_out_scenarios_and_empty_features_are_absent_from_the_report() {
    let _guard = RUN_LOCK.lock().await;
    let dir = feature_dir(
        "collector-name-filter",
        &[
            ("accounts.feature", ACCOUNTS),
            ("nested/more.feature", MORE),
        ],
    );
    let mut options = options(&dir);
    options.name = Some(regex::Regex::new("^Outline").unwrap());
    let report = run_features::<TestWorld>(&options).await.unwrap();
    remove(&dir);

    assert_eq!(report.features.len(), 1);
    let names: Vec<&str> = report.scenarios().map(|(_, s)| s.name.as_str()).collect();
    assert_eq!(names, ["Outline 1", "Outline 2"]);
    assert!(report.is_success());
}

#[tokio::test]
async fn only_the_final_attempt_of_a_retried_scenario_counts() {
    let _guard = RUN_LOCK.lock().await;
    let flaky = "Feature: Flaky\n  @retry(2)\n  Scenario: Eventually passes\n    Given a step that fails the first time\n";
    let dir = feature_dir("collector-retry", &[("flaky.feature", flaky)]);
    let report = run_features::<TestWorld>(&options(&dir)).await.unwrap();
    remove(&dir);

    let scenarios: Vec<&ScenarioReport> = report.scenarios().map(|(_, s)| s).collect();
    assert_eq!(scenarios.len(), 1);
    assert_eq!(scenarios[0].status, ScenarioStatus::Passed);
    assert_eq!(scenarios[0].attempt, 1);
    assert!(scenarios[0].transcript.is_empty());
}

#[tokio::test]
async fn a_failing_hook_fails_the_scenario_with_a_hook_pseudo_step() {
    let _guard = RUN_LOCK.lock().await;
    let dir = feature_dir("collector-hook", &[("more.feature", MORE)]);
    let collector = Collector::<TestWorld>::new(Some(dir.clone())).with_console(Console::silent());
    let collector = TestWorld::cucumber::<std::path::PathBuf>()
        .before(|_, _, _, _| async { panic!("sandbox unreachable") }.boxed_local())
        .with_writer(collector)
        .with_default_cli()
        .run(dir.clone())
        .await;
    remove(&dir);
    let report = collector.into_report();

    let scenario = scenario(&report, "Nested file runs too");
    assert_eq!(scenario.status, ScenarioStatus::Failed);
    assert_eq!(scenario.steps[0].keyword, "Before");
    assert_eq!(scenario.steps[0].status, StepStatus::Failed);
    assert_eq!(
        scenario.steps[0].error.as_deref(),
        Some("sandbox unreachable")
    );
    assert_eq!(scenario.steps[1].status, StepStatus::Skipped);
    assert_eq!(scenario.transcript, [fixed_exchange()]);
}

#[test]
fn the_collector_can_be_normalized_by_cucumber() {
    // Compiles only if the collector satisfies cucumber's writer bounds.
    let collector = Collector::<TestWorld>::new(None).with_console(Console::silent());
    let _normalized = collector.normalized::<TestWorld>();
}
