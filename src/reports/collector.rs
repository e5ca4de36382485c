//! The cucumber [`Writer`] that turns the event stream of a run into a [`RunReport`].
//!
//! Scenarios run concurrently, so events of different scenarios interleave: partial
//! results are keyed by feature and scenario position, never by arrival order. With
//! retries, a new attempt replaces the previous one, so only the final attempt counts.

use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use cucumber::event::{self, Cucumber, Feature, Hook, Retries, Rule, Scenario, Step};
use cucumber::{Event, World, gherkin, parser, writer};

use super::attempt::{Attempt, StepOutcome, clean_description};
use super::console::Console;
use super::model::{FeatureReport, RunReport, ScenarioReport};
use super::stash::TranscriptStash;
use super::summary::summarize;
use crate::transcript::Transcribed;

/// Identity of a scenario in a run: feature key, then the scenario's line and column
/// (unique per outline row, since cucumber gives each expanded row its own line).
type ScenarioKey = (String, usize, usize);

/// Collects a cucumber run into a [`RunReport`] and prints progress through [`Console`].
///
/// Hand it to `Cucumber::with_writer`; `Cucumber::run`/`filter_run` give it back at the
/// end, and [`Collector::into_report`] yields the report.
pub struct Collector<W> {
    base_dir: Option<PathBuf>,
    console: Console,
    started: Instant,
    started_at: String,
    duration_ms: Option<f64>,
    features: BTreeMap<String, FeatureEntry>,
    running: HashMap<ScenarioKey, Attempt>,
    parse_errors: Vec<String>,
    /// Transcripts of passing scenarios, when the run keeps them all.
    stash: Option<TranscriptStash>,
    _world: PhantomData<fn() -> W>,
}

/// A feature and its finished scenarios, keyed by position so the report is in file order.
struct FeatureEntry {
    report: FeatureReport,
    scenarios: BTreeMap<(usize, usize), ScenarioReport>,
}

impl<W> Collector<W> {
    /// A collector printing progress to stderr; feature paths are shown relative to
    /// `base_dir` (the features directory) when given.
    pub fn new(base_dir: Option<PathBuf>) -> Self {
        Self {
            base_dir: base_dir.map(|d| d.canonicalize().unwrap_or(d)),
            console: Console::stderr(),
            started: Instant::now(),
            started_at: now_rfc3339(),
            duration_ms: None,
            features: BTreeMap::new(),
            running: HashMap::new(),
            parse_errors: Vec::new(),
            stash: None,
            _world: PhantomData,
        }
    }

    /// Takes each finished scenario's transcript from `stash` (filled by an `after`
    /// hook), so passing scenarios keep theirs too.
    pub fn with_stash(mut self, stash: TranscriptStash) -> Self {
        self.stash = Some(stash);
        self
    }

    /// Replaces the console, e.g. with [`Console::silent`] in tests.
    pub fn with_console(mut self, console: Console) -> Self {
        self.console = console;
        self
    }

    /// The report of what has finished so far (the whole run once cucumber returns).
    pub fn report(&self) -> RunReport {
        let features = self
            .features
            .values()
            .filter(|f| !f.scenarios.is_empty())
            .map(|f| FeatureReport {
                scenarios: f.scenarios.values().cloned().collect(),
                ..f.report.clone()
            })
            .collect();
        RunReport {
            started_at: self.started_at.clone(),
            duration_ms: self
                .duration_ms
                .unwrap_or_else(|| self.started.elapsed().as_secs_f64() * 1000.0),
            features,
            parse_errors: self.parse_errors.clone(),
        }
    }

    /// Consumes the collector and returns its report.
    pub fn into_report(self) -> RunReport {
        self.report()
    }

    fn relative_path(&self, path: &Path) -> String {
        let relative = self
            .base_dir
            .as_deref()
            .and_then(|base| path.strip_prefix(base).ok())
            .unwrap_or(path);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn feature_key(&self, feature: &gherkin::Feature) -> String {
        feature
            .path
            .as_deref()
            .map_or_else(|| feature.name.clone(), |p| self.relative_path(p))
    }

    fn feature_entry(&mut self, feature: &gherkin::Feature) -> (String, &mut FeatureEntry) {
        let key = self.feature_key(feature);
        let entry = self
            .features
            .entry(key.clone())
            .or_insert_with(|| FeatureEntry {
                report: FeatureReport {
                    keyword: feature.keyword.trim().to_owned(),
                    name: feature.name.clone(),
                    description: clean_description(feature.description.as_deref()),
                    path: key.clone(),
                    line: feature.position.line,
                    tags: feature.tags.clone(),
                    scenarios: Vec::new(),
                },
                scenarios: BTreeMap::new(),
            });
        (key, entry)
    }

    fn parse_error(&mut self, error: &parser::Error) {
        let mut message = parse_error_text(error);
        if let Some(base) = &self.base_dir {
            let prefix = format!("{}{}", base.display(), std::path::MAIN_SEPARATOR);
            message = message.replace(&prefix, "");
        }
        self.console.parse_error(&message);
        self.parse_errors.push(message);
    }

    fn finished(&mut self) {
        let duration = self.started.elapsed().as_secs_f64() * 1000.0;
        self.duration_ms = Some(duration);
        self.console.summary(&summarize(&self.report()));
    }
}

impl<W: Transcribed> Collector<W> {
    fn scenario(
        &mut self,
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenario: &gherkin::Scenario,
        event: event::RetryableScenario<W>,
    ) {
        let (feature_key, _) = self.feature_entry(feature);
        let position = (scenario.position.line, scenario.position.col);
        let key = (feature_key, position.0, position.1);
        let attempt_no = event.retries.map_or(0, |r| r.current);
        match event.event {
            Scenario::Started => {
                let attempt = Attempt::start(feature, rule, scenario, attempt_no);
                self.running.insert(key, attempt);
            }
            Scenario::Hook(which, Hook::Failed(world, payload)) => {
                if let Some(attempt) = self.running.get_mut(&key) {
                    attempt.hook_failed(which, payload.as_ref(), transcript_of(world.as_ref()));
                }
            }
            Scenario::Hook(_, Hook::Started | Hook::Passed) | Scenario::Log(_) => {}
            Scenario::Background(step, ev) => self.step(&key, &step, true, &ev),
            Scenario::Step(step, ev) => self.step(&key, &step, false, &ev),
            Scenario::Finished => {
                if let Some(mut attempt) = self.running.remove(&key) {
                    if let Some(exchanges) =
                        self.stash.as_ref().and_then(|s| s.take(feature, scenario))
                    {
                        attempt.keep_transcript(exchanges);
                    }
                    self.scenario_finished(key, attempt, event.retries);
                }
            }
        }
    }

    fn step(&mut self, key: &ScenarioKey, step: &gherkin::Step, background: bool, ev: &Step<W>) {
        let Some(attempt) = self.running.get_mut(key) else {
            return;
        };
        let outcome = match ev {
            Step::Started => StepOutcome::Started,
            Step::Passed(_, location) => StepOutcome::Passed(*location),
            Step::Skipped => StepOutcome::Undefined,
            Step::Failed(_, location, world, error) => {
                StepOutcome::Failed(*location, error, transcript_of(world.as_ref()))
            }
        };
        attempt.step(step, background, outcome);
    }

    fn scenario_finished(&mut self, key: ScenarioKey, attempt: Attempt, retries: Option<Retries>) {
        let will_retry = attempt.cucumber_failed && retries.is_some_and(|r| r.left > 0);
        let report = attempt.finish();
        let (feature_key, line, col) = key;
        if will_retry {
            self.console.scenario_retrying(&feature_key, &report);
            return;
        }
        self.console.scenario_finished(&feature_key, &report);
        if let Some(entry) = self.features.get_mut(&feature_key) {
            entry.scenarios.insert((line, col), report);
        }
    }
}

/// The parser error with its causes (e.g. the line and column gherkin choked on).
fn parse_error_text(error: &parser::Error) -> String {
    use std::error::Error as _;
    let mut message = error.to_string();
    let mut cause: Option<&dyn std::error::Error> = match error {
        parser::Error::Parsing(e) => e.source(),
        parser::Error::ExampleExpansion(e) => e.source(),
    };
    while let Some(error) = cause {
        message.push_str(&format!(": {error}"));
        cause = error.source();
    }
    message
}

fn transcript_of<W: Transcribed>(
    world: Option<&Arc<W>>,
) -> Option<Vec<crate::transcript::Exchange>> {
    world.map(|w| w.transcript())
}

fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    // Whole seconds: sub-second precision only makes the header harder to read.
    now.replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl<W: World + Transcribed> cucumber::Writer<W> for Collector<W> {
    type Cli = cucumber::cli::Empty;

    async fn handle_event(&mut self, event: parser::Result<Event<Cucumber<W>>>, _cli: &Self::Cli) {
        let event = match event {
            Ok(event) => event.into_inner(),
            Err(error) => {
                self.parse_error(&error);
                return;
            }
        };
        match event {
            Cucumber::Started => {
                self.started = Instant::now();
                self.started_at = now_rfc3339();
            }
            Cucumber::Feature(feature, Feature::Started) => {
                self.feature_entry(&feature);
            }
            Cucumber::Feature(feature, Feature::Scenario(scenario, ev)) => {
                self.scenario(&feature, None, &scenario, ev);
            }
            Cucumber::Feature(feature, Feature::Rule(rule, Rule::Scenario(scenario, ev))) => {
                self.scenario(&feature, Some(&rule), &scenario, ev);
            }
            Cucumber::Feature(
                _,
                Feature::Finished | Feature::Rule(_, Rule::Started | Rule::Finished),
            )
            | Cucumber::ParsingFinished { .. } => {}
            Cucumber::Finished => self.finished(),
        }
    }
}

/// The collector keys partial results by scenario identity, so it copes with the
/// interleaved events of concurrent scenarios without cucumber's `Normalize` buffering.
impl<W> writer::Normalized for Collector<W> {}

/// The collector only observes events; it never rewrites them for a wrapped writer.
impl<W> writer::NonTransforming for Collector<W> {}
