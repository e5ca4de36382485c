//! JUnit XML, the format every CI server (GitLab, Jenkins, GitHub annotators) understands.
//!
//! `testsuites` > one `testsuite` per feature > one `testcase` per scenario. Malformed
//! feature files become `error` test cases of a `Parse errors` suite so CI shows them too.

use std::fmt::Write as _;

use super::escape::markup;
use super::model::{FeatureReport, RunReport, ScenarioReport, ScenarioStatus, StepStatus};
use super::summary::summarize;

/// Renders `report` as a JUnit XML document.
pub fn render(report: &RunReport) -> String {
    let summary = summarize(report);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"conform\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\" timestamp=\"{}\">",
        summary.scenarios() + report.parse_errors.len(),
        summary.scenarios_failed,
        report.parse_errors.len(),
        summary.scenarios_skipped,
        seconds(report.duration_ms),
        markup(&report.started_at),
    );
    for feature in &report.features {
        render_feature(&mut out, feature, &report.started_at);
    }
    if !report.parse_errors.is_empty() {
        render_parse_errors(&mut out, &report.parse_errors, &report.started_at);
    }
    out.push_str("</testsuites>\n");
    out
}

fn render_feature(out: &mut String, feature: &FeatureReport, timestamp: &str) {
    let count = |status| {
        feature
            .scenarios
            .iter()
            .filter(|s| s.status == status)
            .count()
    };
    let time: f64 = feature.scenarios.iter().map(|s| s.duration_ms).sum();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\" timestamp=\"{}\" file=\"{}\">",
        markup(&feature.name),
        feature.scenarios.len(),
        count(ScenarioStatus::Failed),
        count(ScenarioStatus::Skipped),
        seconds(time),
        markup(timestamp),
        markup(&feature.path),
    );
    for scenario in &feature.scenarios {
        render_scenario(out, feature, scenario);
    }
    out.push_str("  </testsuite>\n");
}

fn render_scenario(out: &mut String, feature: &FeatureReport, scenario: &ScenarioReport) {
    let _ = writeln!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{}\" file=\"{}\" line=\"{}\">",
        markup(&feature.name),
        markup(&scenario.name),
        seconds(scenario.duration_ms),
        markup(&feature.path),
        scenario.line,
    );
    match scenario.status {
        ScenarioStatus::Passed => {}
        ScenarioStatus::Skipped => {
            let reason = scenario.skip_reason.as_deref().unwrap_or("skipped");
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", markup(reason));
        }
        ScenarioStatus::Failed => render_failure(out, scenario),
    }
    let _ = writeln!(
        out,
        "      <system-out>{}</system-out>",
        markup(&steps_text(scenario))
    );
    out.push_str("    </testcase>\n");
}

fn render_failure(out: &mut String, scenario: &ScenarioReport) {
    let step = scenario.failing_step();
    let kind = match step {
        Some(s) if s.status == StepStatus::Undefined => "UndefinedStep",
        Some(s) if s.line == 0 => "HookFailed",
        _ => "StepFailed",
    };
    let failure = scenario.failure.as_deref().unwrap_or("scenario failed");
    let message = failure.lines().next().unwrap_or_default();
    let mut body = String::new();
    if let Some(step) = step {
        let _ = writeln!(body, "{} {}", step.keyword, step.text);
        if let Some(error) = &step.error {
            let _ = writeln!(body, "{error}");
        }
    } else {
        let _ = writeln!(body, "{failure}");
    }
    let _ = writeln!(
        out,
        "      <failure message=\"{}\" type=\"{kind}\">{}</failure>",
        markup(message),
        markup(&body),
    );
}

/// The steps as plain text, one per line, with their status and duration.
fn steps_text(scenario: &ScenarioReport) -> String {
    let mut text = String::new();
    for step in &scenario.steps {
        let _ = writeln!(
            text,
            "{:<9} {} {} ({:.1} ms)",
            step.status.as_str(),
            step.keyword,
            step.text,
            step.duration_ms
        );
        if let Some(error) = &step.error {
            for line in error.lines() {
                let _ = writeln!(text, "            {line}");
            }
        }
    }
    text
}

fn render_parse_errors(out: &mut String, errors: &[String], timestamp: &str) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"Parse errors\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\" time=\"0.000\" timestamp=\"{}\">",
        markup(timestamp),
        n = errors.len(),
    );
    for (i, error) in errors.iter().enumerate() {
        let first = error.lines().next().unwrap_or_default();
        let _ = writeln!(
            out,
            "    <testcase classname=\"Parse errors\" name=\"parse error {}\" time=\"0.000\">\n      <error message=\"{}\" type=\"ParseError\">{}</error>\n    </testcase>",
            i + 1,
            markup(first),
            markup(error),
        );
    }
    out.push_str("  </testsuite>\n");
}

fn seconds(ms: f64) -> String {
    format!("{:.3}", ms / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::fixtures::report;

    #[test]
    fn junit_has_one_suite_per_feature_and_one_case_per_scenario() {
        let xml = render(&report());
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
        assert!(
            xml.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"1.830\"")
        );
        assert_eq!(xml.matches("<testsuite ").count(), 1);
        assert_eq!(xml.matches("<testcase ").count(), 3);
        assert_eq!(xml.matches("</testcase>").count(), 3);
        assert!(xml.contains(
            "<testcase classname=\"Accounts &amp; &lt;sign-up&gt;\" name=\"A developer signs in\" time=\"0.120\" file=\"accounts.feature\" line=\"4\">"
        ));
        assert!(xml.trim_end().ends_with("</testsuites>"));
    }

    #[test]
    fn junit_escapes_markup_in_failure_messages() {
        let xml = render(&report());
        let failure = xml
            .lines()
            .find(|l| l.contains("<failure "))
            .unwrap_or_default();
        assert!(failure.contains(
            "message=\"Step `Then the answer is &lt;201&gt;` failed\" type=\"StepFailed\""
        ));
        assert!(xml.contains("expected status 201, got 500 &lt;oops&gt; &amp; &#39;more&#39;"));
        assert!(!xml.contains("<oops>"));
        assert!(!xml.contains("<201>"));
    }

    #[test]
    fn junit_marks_skipped_scenarios_with_their_reason() {
        let xml = render(&report());
        assert!(xml.contains("<skipped message=\"target has no control API\"/>"));
    }

    #[test]
    fn junit_lists_the_steps_in_system_out() {
        let xml = render(&report());
        assert!(xml.contains("<system-out>passed    When she signs up (1.5 ms)\nfailed    Then the answer is &lt;201&gt; &amp; &quot;created&quot;"));
    }

    #[test]
    fn junit_reports_parse_errors_as_errors() {
        let mut report = report();
        report
            .parse_errors
            .push("bad.feature: expected <Feature>".into());
        let xml = render(&report);
        assert!(xml.contains("errors=\"1\""));
        assert!(xml.contains(
            "<error message=\"bad.feature: expected &lt;Feature&gt;\" type=\"ParseError\">"
        ));
    }
}
