//! Running the feature files: the one place that drives cucumber, so the CLI and the tests
//! get the same filtering, concurrency and reporting.

#![warn(missing_docs)]

use std::path::PathBuf;

use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::tag::Ext as _;
use cucumber::{World, gherkin};

use crate::reports::{Collector, RunReport, TranscriptStash, Transcripts, console::Console};
use crate::transcript::Transcribed;

/// What to run and how; built by the CLI from its own arguments (cucumber never sees them).
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Directory searched recursively for `.feature` files.
    pub features_dir: PathBuf,
    /// Cucumber tag expression, e.g. `@accounts and not @slow`; `None` runs everything.
    pub tags: Option<String>,
    /// Only scenarios whose name matches (applied together with `tags`).
    pub name: Option<regex::Regex>,
    /// Maximum number of concurrent scenarios (`@serial` ones always run alone).
    pub max_concurrent: usize,
    /// Whether to print progress to stderr.
    pub progress: bool,
    /// Scenarios carrying one of these tags (on the feature, rule or scenario) are reported
    /// as skipped with the given reason instead of run: what the target cannot serve.
    pub skip_tags: Vec<SkipTag>,
    /// Whose HTTP transcripts the report keeps: failed scenarios', or every scenario's.
    pub transcripts: Transcripts,
    /// Whether scenarios record their HTTP exchanges at all (default true). `false`
    /// keeps no transcript, not even a failed scenario's: it exists so the cost of
    /// recording can be measured against a run without it (`benches/overhead.rs`).
    pub record_transcripts: bool,
    /// Where the target's clock control is, when it has one: `@serial` scenarios (those
    /// that move the clock) then run on a clock that stands still, so that "299 seconds
    /// later" is exact however slowly a busy machine runs their steps.
    pub serial_clock: Option<SerialClock>,
}

/// The sandbox clock control (`/_sandbox/clock`) of the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialClock {
    /// E.g. `http://127.0.0.1:8080/_sandbox/clock`.
    pub control_url: String,
}

impl SerialClock {
    /// `freeze` or `thaw`; a failure only means the scenario runs on a moving clock,
    /// as it would on any server, so it is logged and not fatal.
    async fn post(&self, action: &str) {
        let url = format!("{}/{action}", self.control_url);
        let sent = match crate::client::http_client(std::time::Duration::from_secs(10)) {
            Ok(client) => client.post(&url).send().await,
            Err(e) => return tracing::warn!("POST {url} not sent: {e}"),
        };
        match sent {
            Ok(r) if r.status().is_success() => {}
            Ok(r) => tracing::warn!("POST {url} answered {}", r.status()),
            Err(e) => tracing::warn!("POST {url} failed: {e}"),
        }
    }
}

/// A tag whose scenarios cannot run on this target, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkipTag {
    /// The tag without `@`, e.g. `sandbox`.
    pub tag: String,
    /// Said in every report, e.g. "needs the sandbox control API".
    pub reason: String,
}

impl RunOptions {
    /// Options running every feature under `features_dir`, 64 scenarios at a time, with progress.
    pub fn new(features_dir: impl Into<PathBuf>) -> Self {
        Self {
            features_dir: features_dir.into(),
            tags: None,
            name: None,
            max_concurrent: 64,
            progress: true,
            skip_tags: Vec::new(),
            transcripts: Transcripts::Failures,
            record_transcripts: true,
            serial_clock: None,
        }
    }
}

/// Why a run could not start; a one-line message for the CLI to print.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// `features_dir` is not an existing directory.
    #[error("features directory {0} does not exist or is not a directory")]
    FeaturesDirMissing(PathBuf),
    /// `tags` is not a valid cucumber tag expression.
    #[error("invalid tag expression {expression:?}: {reason}")]
    InvalidTagExpression {
        /// The expression as given.
        expression: String,
        /// What the tag expression parser objected to.
        reason: String,
    },
}

/// Runs every `.feature` file under `options.features_dir` with world `W` and returns the
/// report. Scenarios excluded by the tag or name filter are absent from the report.
///
/// The returned future is not `Send` (cucumber's runner is not): await it directly in the
/// CLI's `main`, not inside `tokio::spawn`.
pub async fn run_features<W>(options: &RunOptions) -> Result<RunReport, RunError>
where
    W: World + Transcribed + std::fmt::Debug + cucumber::codegen::WorldInventory,
{
    let dir = &options.features_dir;
    if !dir.is_dir() {
        return Err(RunError::FeaturesDirMissing(dir.clone()));
    }
    let dir = dir
        .canonicalize()
        .map_err(|_| RunError::FeaturesDirMissing(dir.clone()))?;
    let tags = options.tags.as_deref().map(parse_tags).transpose()?;
    let name = options.name.clone();

    let console = if options.progress {
        Console::stderr()
    } else {
        Console::silent()
    };
    let mut collector = Collector::<W>::new(Some(dir.clone())).with_console(console);
    let stash = (options.transcripts == Transcripts::All).then(TranscriptStash::default);
    if let Some(stash) = &stash {
        collector = collector.with_stash(stash.clone());
    }
    let filter = move |feature: &gherkin::Feature,
                       rule: Option<&gherkin::Rule>,
                       scenario: &gherkin::Scenario| {
        let tags_match = tags.as_ref().is_none_or(|expr| {
            expr.eval(
                feature
                    .tags
                    .iter()
                    .chain(rule.iter().flat_map(|r| &r.tags))
                    .chain(&scenario.tags),
            )
        });
        tags_match && name.as_ref().is_none_or(|re| re.is_match(&scenario.name))
    };
    let skip_tags = options.skip_tags.clone();
    let (freeze, thaw) = (options.serial_clock.clone(), options.serial_clock.clone());
    let collector = W::cucumber::<PathBuf>()
        .before(move |feature, rule, scenario, _world| {
            let serial = is_serial(feature, rule, scenario);
            let freeze = freeze.clone().filter(|_| serial);
            let reason = skip_tags
                .iter()
                .find(|skip| {
                    feature
                        .tags
                        .iter()
                        .chain(rule.iter().flat_map(|r| &r.tags))
                        .chain(&scenario.tags)
                        .any(|t| t.trim_start_matches('@') == skip.tag)
                })
                .map(|skip| skip.reason.clone());
            Box::pin(async move {
                if let Some(reason) = reason {
                    crate::reports::skip_scenario(reason);
                }
                if let Some(clock) = freeze {
                    clock.post("freeze").await;
                }
            })
        })
        .after(move |feature, rule, scenario, _finished, world| {
            if let (Some(stash), Some(world)) = (&stash, world) {
                stash.put(feature, scenario, world.transcript());
            }
            let thaw = thaw.clone().filter(|_| is_serial(feature, rule, scenario));
            Box::pin(async move {
                if let Some(clock) = thaw {
                    clock.post("thaw").await;
                }
            })
        })
        .max_concurrent_scenarios(options.max_concurrent.max(1))
        .with_writer(collector)
        .with_default_cli()
        .filter_run(dir, filter)
        .await;
    Ok(collector.into_report())
}

/// Whether the scenario carries `@serial` (cucumber runs it alone).
fn is_serial(
    feature: &gherkin::Feature,
    rule: Option<&gherkin::Rule>,
    scenario: &gherkin::Scenario,
) -> bool {
    feature
        .tags
        .iter()
        .chain(rule.iter().flat_map(|r| &r.tags))
        .chain(&scenario.tags)
        .any(|t| t.trim_start_matches('@') == "serial")
}

fn parse_tags(expression: &str) -> Result<TagOperation, RunError> {
    expression
        .parse::<TagOperation>()
        .map_err(|e| RunError::InvalidTagExpression {
            expression: expression.to_owned(),
            reason: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::test_world::TestWorld;

    #[tokio::test]
    async fn a_missing_features_directory_is_a_one_line_error() {
        let options = RunOptions::new("/definitely/not/here");
        let error = run_features::<TestWorld>(&options).await.unwrap_err();
        assert!(matches!(error, RunError::FeaturesDirMissing(_)));
        assert_eq!(
            error.to_string(),
            "features directory /definitely/not/here does not exist or is not a directory"
        );
    }

    #[tokio::test]
    async fn an_invalid_tag_expression_is_rejected_before_running() {
        let mut options = RunOptions::new(std::env::temp_dir());
        options.tags = Some("@a and and @b".into());
        let error = run_features::<TestWorld>(&options).await.unwrap_err();
        assert!(matches!(error, RunError::InvalidTagExpression { .. }));
        let message = error.to_string();
        assert!(message.starts_with("invalid tag expression \"@a and and @b\": "));
        assert!(!message.contains('\n'));
    }

    #[test]
    fn default_options_run_64_scenarios_at_a_time_with_progress() {
        let options = RunOptions::new("features");
        assert_eq!(options.max_concurrent, 64);
        assert!(options.progress && options.tags.is_none() && options.name.is_none());
        assert!(options.record_transcripts);
    }
}
