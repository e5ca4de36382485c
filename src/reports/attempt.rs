//! One attempt at running a scenario, built up from cucumber's step and hook events.
//!
//! Scenarios run concurrently, so the collector keeps one [`Attempt`] per running scenario
//! and feeds it only that scenario's events. Every step is listed up front as `Skipped`, so
//! steps that never ran (after a failure) still appear in the report.

use std::time::Instant;

use cucumber::event::{HookType, StepError};
use cucumber::gherkin;
use cucumber::step::Location;

use super::model::{ScenarioReport, ScenarioStatus, StepReport, StepStatus};
use super::skip::{PanicMeaning, read_panic};
use crate::transcript::Exchange;

/// A scenario attempt in progress.
#[derive(Debug)]
pub(crate) struct Attempt {
    pub report: ScenarioReport,
    started: Instant,
    step_started: Option<Instant>,
    /// Whether cucumber itself sees this attempt as failed (and may retry it): a step or
    /// hook panicked, a skip included.
    pub cucumber_failed: bool,
}

/// The outcome of a step event, independent of cucumber's generic world type.
#[derive(Debug)]
pub(crate) enum StepOutcome<'a> {
    Started,
    Passed(Option<Location>),
    Undefined,
    Failed(Option<Location>, &'a StepError, Option<Vec<Exchange>>),
}

impl Attempt {
    /// Starts an attempt, listing the background steps (feature, then rule) and the
    /// scenario's steps, all not run yet.
    pub fn start(
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenario: &gherkin::Scenario,
        attempt: usize,
    ) -> Self {
        let background = feature
            .background
            .iter()
            .chain(rule.and_then(|r| r.background.as_ref()))
            .flat_map(|b| b.steps.iter().map(|s| not_run(s, true)));
        let steps = background
            .chain(scenario.steps.iter().map(|s| not_run(s, false)))
            .collect();
        let tags = feature
            .tags
            .iter()
            .chain(rule.iter().flat_map(|r| &r.tags))
            .chain(&scenario.tags)
            .fold(Vec::<String>::new(), |mut tags, tag| {
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                }
                tags
            });
        Self {
            report: ScenarioReport {
                keyword: scenario.keyword.trim().to_owned(),
                name: scenario.name.clone(),
                description: clean_description(scenario.description.as_deref()),
                tags,
                rule: rule.map(|r| r.name.clone()),
                line: scenario.position.line,
                status: ScenarioStatus::Passed,
                duration_ms: 0.0,
                steps,
                transcript: Vec::new(),
                failure: None,
                skip_reason: None,
                attempt,
            },
            started: Instant::now(),
            step_started: None,
            cucumber_failed: false,
        }
    }

    /// The scenario's whole transcript, taken when it finished (it supersedes the one
    /// captured at a failing step, which is a prefix of it).
    pub fn keep_transcript(&mut self, exchanges: Vec<Exchange>) {
        self.report.transcript = exchanges;
    }

    /// Records an event of the step at `step`'s position.
    pub fn step(&mut self, step: &gherkin::Step, from_background: bool, outcome: StepOutcome<'_>) {
        if let StepOutcome::Started = outcome {
            self.step_started = Some(Instant::now());
            return;
        }
        let duration_ms = self.step_started.take().map_or(0.0, elapsed_ms);
        let index = self
            .report
            .steps
            .iter()
            .position(|s| s.line == step.position.line && s.from_background == from_background);
        let Some(index) = index else {
            return;
        };
        let report = &mut self.report.steps[index];
        report.duration_ms = duration_ms;
        match outcome {
            StepOutcome::Started => {}
            StepOutcome::Passed(location) => {
                report.status = StepStatus::Passed;
                report.location = location.map(location_text);
            }
            StepOutcome::Undefined => {
                report.status = StepStatus::Undefined;
                report.error = Some("no step definition matches this step".to_owned());
            }
            StepOutcome::Failed(location, error, transcript) => {
                self.cucumber_failed = true;
                report.location = location.map(location_text);
                match describe_step_error(error) {
                    PanicMeaning::Skip(reason) => {
                        report.status = StepStatus::Skipped;
                        report.error = Some(format!("skipped: {reason}"));
                        self.report.skip_reason = Some(reason);
                    }
                    PanicMeaning::Failure(text) => {
                        report.status = StepStatus::Failed;
                        report.error = Some(text);
                        if let Some(transcript) = transcript {
                            self.report.transcript = transcript;
                        }
                    }
                }
            }
        }
    }

    /// Records a failed `Before`/`After` hook as a failed pseudo-step.
    pub fn hook_failed(
        &mut self,
        which: HookType,
        payload: &(dyn std::any::Any + Send),
        transcript: Option<Vec<Exchange>>,
    ) {
        self.cucumber_failed = true;
        let (keyword, text) = match which {
            HookType::Before => ("Before", "hook"),
            HookType::After => ("After", "hook"),
        };
        let error = match read_panic(payload) {
            // A Before hook that skips (the target lacks what the scenario needs) is a
            // skip with a reason, not a failure: no step ran.
            PanicMeaning::Skip(reason) if matches!(which, HookType::Before) => {
                self.report.skip_reason = Some(reason);
                return;
            }
            PanicMeaning::Skip(reason) => format!("skipped: {reason}"),
            PanicMeaning::Failure(text) => text,
        };
        let step = StepReport {
            keyword: keyword.to_owned(),
            text: text.to_owned(),
            docstring: None,
            table: None,
            line: 0,
            status: StepStatus::Failed,
            duration_ms: 0.0,
            error: Some(error),
            location: None,
            from_background: false,
        };
        match which {
            HookType::Before => self.report.steps.insert(0, step),
            HookType::After => self.report.steps.push(step),
        }
        if let Some(transcript) = transcript {
            self.report.transcript = transcript;
        }
    }

    /// Closes the attempt: computes its status, failure text and duration.
    pub fn finish(mut self) -> ScenarioReport {
        let report = &mut self.report;
        report.duration_ms = elapsed_ms(self.started);
        if let Some(step) = report.failing_step() {
            let what = match step.status {
                StepStatus::Undefined => "is undefined",
                _ => "failed",
            };
            let mut failure = format!("Step `{} {}` {what}", step.keyword, step.text);
            if step.line > 0 {
                failure.push_str(&format!(" (line {})", step.line));
            }
            if let Some(error) = &step.error {
                failure.push_str(&format!(": {error}"));
            }
            report.failure = Some(failure);
            report.status = ScenarioStatus::Failed;
        } else if report.skip_reason.is_some() {
            report.status = ScenarioStatus::Skipped;
        } else {
            report.status = ScenarioStatus::Passed;
        }
        self.report
    }
}

/// Trims the free text under a Gherkin keyword; `None` when there is none.
pub(crate) fn clean_description(text: Option<&str>) -> Option<String> {
    let lines: Vec<&str> = text?.lines().map(str::trim).collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

fn not_run(step: &gherkin::Step, from_background: bool) -> StepReport {
    StepReport {
        keyword: step.keyword.trim().to_owned(),
        text: step.value.clone(),
        docstring: step.docstring.clone(),
        table: step.table.as_ref().map(|t| t.rows.clone()),
        line: step.position.line,
        status: StepStatus::Skipped,
        duration_ms: 0.0,
        error: None,
        location: None,
        from_background,
    }
}

fn describe_step_error(error: &StepError) -> PanicMeaning {
    match error {
        StepError::NotFound => {
            PanicMeaning::Failure("no step definition matches this step".to_owned())
        }
        StepError::AmbiguousMatch(e) => {
            PanicMeaning::Failure(format!("more than one step definition matches: {e}"))
        }
        StepError::Panic(payload) => read_panic(payload.as_ref()),
    }
}

fn location_text(location: Location) -> String {
    format!("{}:{}:{}", location.path, location.line, location.column)
}

fn elapsed_ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
