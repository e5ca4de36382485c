//! Counts of a run, for the console's last line, CI dashboards and `summary.json`.

use serde::Serialize;
use serde_json::{Value, json};

use super::model::{RunReport, ScenarioStatus, StepStatus};

/// What a run amounted to, computed from a [`RunReport`] so every output agrees.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    /// Features with at least one selected scenario.
    pub features: usize,
    /// Scenarios whose final attempt passed.
    pub scenarios_passed: usize,
    /// Scenarios whose final attempt failed (undefined steps and hook failures included).
    pub scenarios_failed: usize,
    /// Scenarios skipped on purpose, with a reason.
    pub scenarios_skipped: usize,
    /// Steps that passed.
    pub steps_passed: usize,
    /// Failed steps, undefined ones included (an unmatched step is a defect of the suite).
    pub steps_failed: usize,
    /// Steps that did not run (after a failure) or skipped their scenario.
    pub steps_skipped: usize,
    /// How many of `steps_failed` are undefined steps.
    pub steps_undefined: usize,
    /// Malformed feature files, as in [`RunReport::parse_errors`].
    pub parse_errors: Vec<String>,
    /// Wall-clock duration of the run.
    pub duration_ms: f64,
}

impl Summary {
    /// Number of scenarios in the report.
    pub fn scenarios(&self) -> usize {
        self.scenarios_passed + self.scenarios_failed + self.scenarios_skipped
    }

    /// Number of steps in the report.
    pub fn steps(&self) -> usize {
        self.steps_passed + self.steps_failed + self.steps_skipped
    }
}

/// Counts the scenarios and steps of `report` by status.
pub fn summarize(report: &RunReport) -> Summary {
    let mut summary = Summary {
        features: report.features.len(),
        parse_errors: report.parse_errors.clone(),
        duration_ms: report.duration_ms,
        ..Summary::default()
    };
    for (_, scenario) in report.scenarios() {
        match scenario.status {
            ScenarioStatus::Passed => summary.scenarios_passed += 1,
            ScenarioStatus::Failed => summary.scenarios_failed += 1,
            ScenarioStatus::Skipped => summary.scenarios_skipped += 1,
        }
        for step in &scenario.steps {
            match step.status {
                StepStatus::Passed => summary.steps_passed += 1,
                StepStatus::Failed => summary.steps_failed += 1,
                StepStatus::Undefined => {
                    summary.steps_failed += 1;
                    summary.steps_undefined += 1;
                }
                StepStatus::Skipped => summary.steps_skipped += 1,
            }
        }
    }
    summary
}

/// The content of `summary.json`: the [`Summary`] plus one line per scenario, small enough
/// for a CI step to parse without reading the full report.
pub fn render_json(report: &RunReport) -> Value {
    let scenarios: Vec<Value> = report
        .scenarios()
        .map(|(feature, scenario)| {
            json!({
                "feature": feature.name,
                "path": feature.path,
                "scenario": scenario.name,
                "line": scenario.line,
                "status": scenario.status.as_str(),
                "duration_ms": scenario.duration_ms,
                "skip_reason": scenario.skip_reason,
                "failure": scenario.failure,
            })
        })
        .collect();
    json!({
        "started_at": report.started_at,
        "success": report.is_success(),
        "summary": summarize(report),
        "scenarios": scenarios,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::fixtures::report;

    #[test]
    fn summary_counts_scenarios_and_steps_by_status() {
        let summary = summarize(&report());
        assert_eq!(summary.features, 1);
        assert_eq!(
            (
                summary.scenarios_passed,
                summary.scenarios_failed,
                summary.scenarios_skipped
            ),
            (1, 1, 1)
        );
        assert_eq!(
            (
                summary.steps_passed,
                summary.steps_failed,
                summary.steps_skipped
            ),
            (2, 1, 2)
        );
        assert_eq!(summary.scenarios(), 3);
        assert_eq!(summary.duration_ms, 1830.0);
    }

    #[test]
    fn undefined_steps_count_as_failed_steps() {
        let mut report = report();
        report.features[0].scenarios[0].steps[0].status = StepStatus::Undefined;
        let summary = summarize(&report);
        assert_eq!(summary.steps_failed, 2);
        assert_eq!(summary.steps_undefined, 1);
    }

    #[test]
    fn summary_json_lists_every_scenario_with_its_status() {
        let value = render_json(&report());
        assert_eq!(value["success"], false);
        assert_eq!(value["summary"]["scenarios_failed"], 1);
        let scenarios = value["scenarios"].as_array().map(Vec::len);
        assert_eq!(scenarios, Some(3));
        assert_eq!(value["scenarios"][1]["scenario"], "A developer signs up");
        assert_eq!(value["scenarios"][1]["status"], "failed");
        assert_eq!(value["scenarios"][1]["feature"], "Accounts & <sign-up>");
    }
}
