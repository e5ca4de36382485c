//! Live progress on stderr: one line per finished scenario, details for failures, and a
//! final summary line. stdout stays free for whatever the CLI wants to print.

use std::io::{IsTerminal, Write};

use super::model::{ScenarioReport, ScenarioStatus};
use super::summary::Summary;

/// Prints progress lines to stderr, coloured when stderr is a terminal and `NO_COLOR` is unset.
#[derive(Debug, Clone, Copy)]
pub struct Console {
    color: bool,
    enabled: bool,
}

impl Default for Console {
    fn default() -> Self {
        Self::stderr()
    }
}

impl Console {
    /// A console on stderr with colour auto-detection.
    pub fn stderr() -> Self {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Self {
            color,
            enabled: true,
        }
    }

    /// A console that prints nothing, for embedding a run where stderr is not wanted.
    pub fn silent() -> Self {
        Self {
            color: false,
            enabled: false,
        }
    }

    /// Reports a scenario whose final attempt just finished.
    pub fn scenario_finished(&self, path: &str, scenario: &ScenarioReport) {
        self.print(&scenario_line(path, scenario, self.color));
    }

    /// Reports an attempt that failed and will be retried (it does not count yet).
    pub fn scenario_retrying(&self, path: &str, scenario: &ScenarioReport) {
        let text = format!(
            "  ↻ {path}: {} failed on attempt {}, retrying\n",
            scenario.name,
            scenario.attempt + 1
        );
        self.print(&self.paint(&text, YELLOW));
    }

    /// Reports a `.feature` file that could not be parsed.
    pub fn parse_error(&self, message: &str) {
        let text = format!("  ✘ {message}\n");
        self.print(&self.paint(&text, RED));
    }

    /// Prints the final summary line.
    pub fn summary(&self, summary: &Summary) {
        let line = format!("\n{}\n", summary_line(summary));
        let color = if summary.scenarios_failed > 0 || !summary.parse_errors.is_empty() {
            RED
        } else {
            GREEN
        };
        self.print(&self.paint(&line, color));
    }

    fn paint(&self, text: &str, color: &str) -> String {
        paint(text, color, self.color)
    }

    fn print(&self, text: &str) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            // Progress output is best effort: a closed stderr must not abort the run.
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        }
    }
}

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

fn paint(text: &str, color: &str, enabled: bool) -> String {
    if enabled {
        format!("{color}{text}{RESET}")
    } else {
        text.to_owned()
    }
}

/// The lines printed for a finished scenario: a status line, and for a failure the failing
/// step with its error indented under it.
pub fn scenario_line(path: &str, scenario: &ScenarioReport, color: bool) -> String {
    let secs = scenario.duration_ms / 1000.0;
    match scenario.status {
        ScenarioStatus::Passed => paint(
            &format!("  ✔ {path}: {} ({secs:.2} s)\n", scenario.name),
            GREEN,
            color,
        ),
        ScenarioStatus::Skipped => {
            let reason = scenario.skip_reason.as_deref().unwrap_or("skipped");
            paint(
                &format!("  ↷ {path}: {} (skipped: {reason})\n", scenario.name),
                YELLOW,
                color,
            )
        }
        ScenarioStatus::Failed => {
            let mut out = format!("  ✘ {path}: {} ({secs:.2} s)\n", scenario.name);
            if let Some(step) = scenario.failing_step() {
                out.push_str(&format!(
                    "      {} {} (line {}) [{}]\n",
                    step.keyword,
                    step.text,
                    step.line,
                    step.status.as_str()
                ));
                if let Some(error) = &step.error {
                    out.push_str(&indent(error, 8));
                }
            } else if let Some(failure) = &scenario.failure {
                out.push_str(&indent(failure, 6));
            }
            paint(&out, RED, color)
        }
    }
}

fn indent(text: &str, width: usize) -> String {
    let pad = " ".repeat(width);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}

/// `42 scenarios (41 passed, 1 failed), 210 steps (209 passed, 1 failed) in 1.83 s`.
pub fn summary_line(summary: &Summary) -> String {
    let scenarios = counts(&[
        (summary.scenarios_passed, "passed"),
        (summary.scenarios_failed, "failed"),
        (summary.scenarios_skipped, "skipped"),
    ]);
    let steps = counts(&[
        (summary.steps_passed, "passed"),
        (summary.steps_failed, "failed"),
        (summary.steps_skipped, "skipped"),
    ]);
    let mut line = format!(
        "{} {}{scenarios}, {} {}{steps}",
        summary.scenarios(),
        plural(summary.scenarios(), "scenario"),
        summary.steps(),
        plural(summary.steps(), "step"),
    );
    if summary.steps_undefined > 0 {
        line.push_str(&format!(
            ", {} undefined {}",
            summary.steps_undefined,
            plural(summary.steps_undefined, "step")
        ));
    }
    if !summary.parse_errors.is_empty() {
        let n = summary.parse_errors.len();
        line.push_str(&format!(", {n} {}", plural(n, "parse error")));
    }
    line.push_str(&format!(" in {:.2} s", summary.duration_ms / 1000.0));
    line
}

fn counts(parts: &[(usize, &str)]) -> String {
    let shown: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect();
    if shown.is_empty() {
        String::new()
    } else {
        format!(" ({})", shown.join(", "))
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::fixtures::report;
    use crate::reports::summary::summarize;

    #[test]
    fn a_passed_scenario_is_one_line_with_its_duration() {
        let report = report();
        let line = scenario_line("accounts.feature", &report.features[0].scenarios[0], false);
        assert_eq!(
            line,
            "  ✔ accounts.feature: A developer signs in (0.12 s)\n"
        );
    }

    #[test]
    fn a_failed_scenario_shows_the_failing_step_and_its_error_indented() {
        let report = report();
        let text = scenario_line("accounts.feature", &report.features[0].scenarios[1], false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "  ✘ accounts.feature: A developer signs up (0.12 s)"
        );
        assert!(lines[1].starts_with("      Then the answer is <201>"));
        assert_eq!(
            lines[2],
            "        expected status 201, got 500 <oops> & 'more'"
        );
    }

    #[test]
    fn summary_line_counts_scenarios_and_steps_and_omits_zeroes() {
        let line = summary_line(&summarize(&report()));
        assert_eq!(
            line,
            "3 scenarios (1 passed, 1 failed, 1 skipped), 5 steps (2 passed, 1 failed, 2 skipped) in 1.83 s"
        );
        let mut passing = report();
        passing.features[0].scenarios.truncate(1);
        assert_eq!(
            summary_line(&summarize(&passing)),
            "1 scenario (1 passed), 1 step (1 passed) in 1.83 s"
        );
    }
}
