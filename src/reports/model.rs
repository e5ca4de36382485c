//! The one result model every output (console, JUnit, Cucumber JSON, HTML, summary) is
//! rendered from.
//!
//! cucumber's own writers each keep their own idea of what happened (and get retried
//! scenarios wrong), so the collector builds this model once and the renderers only read it.

use serde::Serialize;

use crate::transcript::Exchange;

/// Everything a conformance run produced, in file order.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct RunReport {
    /// When the run started, RFC 3339 in UTC.
    pub started_at: String,
    /// Wall-clock duration of the whole run.
    pub duration_ms: f64,
    /// Features that had at least one scenario selected, sorted by path.
    pub features: Vec<FeatureReport>,
    /// Malformed `.feature` files, one plain-words message each; they fail the run.
    pub parse_errors: Vec<String>,
}

/// One `.feature` file and the scenarios of it that ran.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FeatureReport {
    /// Gherkin keyword as written, usually `Feature`.
    pub keyword: String,
    /// Feature title, after the keyword.
    pub name: String,
    /// Free text under the `Feature:` line.
    pub description: Option<String>,
    /// Path relative to the features directory, with `/` separators.
    pub path: String,
    /// Line of the `Feature:` keyword.
    pub line: usize,
    /// Feature tags, without `@`.
    pub tags: Vec<String>,
    /// Scenarios in file order (outline rows expanded).
    pub scenarios: Vec<ScenarioReport>,
}

/// Final outcome of a scenario: what a reader of the report wants to know first.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ScenarioStatus {
    /// Every step passed.
    Passed,
    /// A step failed or was undefined, or a hook failed.
    Failed,
    /// A step skipped the scenario on purpose (see [`crate::reports::skip`]).
    Skipped,
}

/// One scenario (or one row of a scenario outline); with retries, only its last attempt.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScenarioReport {
    /// Gherkin keyword as written, e.g. `Scenario` or `Scenario Outline`.
    pub keyword: String,
    /// Scenario title, placeholders of outlines filled in.
    pub name: String,
    /// Free text under the scenario line.
    pub description: Option<String>,
    /// Feature tags, then rule tags, then scenario (and examples) tags, without `@`.
    pub tags: Vec<String>,
    /// Name of the enclosing `Rule:`, if any.
    pub rule: Option<String>,
    /// Line of the scenario (of the examples row for an outline).
    pub line: usize,
    /// Outcome of the final attempt.
    pub status: ScenarioStatus,
    /// Duration of the final attempt, hooks included.
    pub duration_ms: f64,
    /// Background steps first, then the scenario's own; steps that never ran are `Skipped`.
    pub steps: Vec<StepReport>,
    /// HTTP exchanges of the scenario, captured from the world when it failed.
    pub transcript: Vec<Exchange>,
    /// One-paragraph explanation of the failure (failing step and error).
    pub failure: Option<String>,
    /// Why the scenario was skipped, when a step skipped it on purpose.
    pub skip_reason: Option<String>,
    /// Attempt number that this report describes (0 = first run, 1 = first retry, …).
    pub attempt: usize,
}

/// Outcome of one step.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    /// The step definition ran and returned.
    Passed,
    /// The step definition panicked (assertion, transport error, …) or a hook failed.
    Failed,
    /// Not run (an earlier step failed) or skipped on purpose.
    Skipped,
    /// No step definition matches the text: a defect of the suite, counted as a failure.
    Undefined,
}

/// One Gherkin step (or a failed hook, reported as a pseudo-step).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StepReport {
    /// Keyword as written, trimmed, e.g. `Given`, `And`; `Before hook` for hooks.
    pub keyword: String,
    /// Step text after the keyword.
    pub text: String,
    /// Doc string argument, if the step has one.
    pub docstring: Option<String>,
    /// Data table argument, row by row, if the step has one.
    pub table: Option<Vec<Vec<String>>>,
    /// Line in the feature file (0 for hooks).
    pub line: usize,
    /// Outcome of the step.
    pub status: StepStatus,
    /// Time the step took (0 when it did not run).
    pub duration_ms: f64,
    /// What went wrong, in plain words (panic message, assertion text, skip reason).
    pub error: Option<String>,
    /// Where the matching step definition lives, e.g. `src/steps/accounts.rs:42:1`.
    pub location: Option<String>,
    /// Whether the step comes from a `Background:` section.
    pub from_background: bool,
}

impl ScenarioReport {
    /// The step that made the scenario fail (failed or undefined), if any.
    pub fn failing_step(&self) -> Option<&StepReport> {
        self.steps
            .iter()
            .find(|s| matches!(s.status, StepStatus::Failed | StepStatus::Undefined))
    }
}

impl FeatureReport {
    /// Whether any scenario of the feature failed, so renderers can put it first.
    pub fn has_failures(&self) -> bool {
        self.scenarios
            .iter()
            .any(|s| s.status == ScenarioStatus::Failed)
    }
}

impl RunReport {
    /// Whether the run is green: no failed scenario and no malformed feature file.
    pub fn is_success(&self) -> bool {
        self.parse_errors.is_empty() && !self.features.iter().any(FeatureReport::has_failures)
    }

    /// Every scenario with the feature it belongs to, in report order.
    pub fn scenarios(&self) -> impl Iterator<Item = (&FeatureReport, &ScenarioReport)> {
        self.features
            .iter()
            .flat_map(|f| f.scenarios.iter().map(move |s| (f, s)))
    }
}

impl ScenarioStatus {
    /// Lower-case word used in every output (`passed`, `failed`, `skipped`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }
}

impl StepStatus {
    /// Lower-case word used in every output; matches the Cucumber JSON vocabulary.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Undefined => "undefined",
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A hand-built report shared by the renderer tests.

    use super::*;

    /// A step with the given status and no extras.
    pub fn step(keyword: &str, text: &str, status: StepStatus) -> StepReport {
        StepReport {
            keyword: keyword.into(),
            text: text.into(),
            docstring: None,
            table: None,
            line: 5,
            status,
            duration_ms: 1.5,
            error: None,
            location: None,
            from_background: false,
        }
    }

    /// A scenario with the given status and steps.
    pub fn scenario(name: &str, status: ScenarioStatus, steps: Vec<StepReport>) -> ScenarioReport {
        ScenarioReport {
            keyword: "Scenario".into(),
            name: name.into(),
            description: None,
            tags: vec!["accounts".into()],
            rule: None,
            line: 4,
            status,
            duration_ms: 120.0,
            steps,
            transcript: Vec::new(),
            failure: None,
            skip_reason: None,
            attempt: 0,
        }
    }

    /// An exchange whose bodies contain markup, to check escaping.
    pub fn exchange() -> Exchange {
        Exchange {
            step: Some("When she signs up".into()),
            method: "POST".into(),
            url: "http://127.0.0.1:8080/portal/api/accounts?x=1&y=2".into(),
            request_headers: vec![("content-type".into(), "application/json".into())],
            request_body: Some(r#"{"email":"<b>ann</b>@example.com"}"#.into()),
            status: Some(500),
            response_headers: vec![("x-trace".into(), "abc".into())],
            response_body: Some("<html><script>alert(1)</script></html>".into()),
            duration_ms: 12.5,
            error: None,
        }
    }

    /// One feature with a passing, a failing (with transcript) and a skipped scenario.
    pub fn report() -> RunReport {
        let passed = scenario(
            "A developer signs in",
            ScenarioStatus::Passed,
            vec![step("Given", "a developer", StepStatus::Passed)],
        );
        let mut failing = step(
            "Then",
            "the answer is <201> & \"created\"",
            StepStatus::Failed,
        );
        failing.error = Some("expected status 201, got 500 <oops> & 'more'".into());
        let mut failed = scenario(
            "A developer signs up",
            ScenarioStatus::Failed,
            vec![
                step("When", "she signs up", StepStatus::Passed),
                failing,
                step("And", "she gets an email", StepStatus::Skipped),
            ],
        );
        failed.transcript = vec![exchange()];
        failed.failure = Some("Step `Then the answer is <201>` failed".into());
        failed.line = 9;
        let mut skipped = scenario(
            "Clock travel",
            ScenarioStatus::Skipped,
            vec![step("Given", "the sandbox clock", StepStatus::Skipped)],
        );
        skipped.skip_reason = Some("target has no control API".into());
        skipped.line = 14;
        RunReport {
            started_at: "2025-01-02T03:04:05Z".into(),
            duration_ms: 1830.0,
            features: vec![FeatureReport {
                keyword: "Feature".into(),
                name: "Accounts & <sign-up>".into(),
                description: Some("Developers manage accounts.".into()),
                path: "accounts.feature".into(),
                line: 2,
                tags: vec!["accounts".into()],
                scenarios: vec![passed, failed, skipped],
            }],
            parse_errors: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::report;

    #[test]
    fn failing_step_is_the_first_failed_or_undefined_step() {
        let report = report();
        let failed = &report.features[0].scenarios[1];
        assert_eq!(
            failed.failing_step().map(|s| s.keyword.as_str()),
            Some("Then")
        );
        assert!(report.features[0].scenarios[0].failing_step().is_none());
    }

    #[test]
    fn a_run_with_a_failed_scenario_or_a_parse_error_is_not_a_success() {
        let mut report = report();
        assert!(!report.is_success());
        report.features[0].scenarios.remove(1);
        assert!(report.is_success());
        report
            .parse_errors
            .push("bad.feature: unexpected token".into());
        assert!(!report.is_success());
    }
}
