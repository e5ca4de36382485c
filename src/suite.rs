//! One conformance run, from target to reports: what `conform run` and the tests call.

use crate::config::HarnessConfig;
use crate::reports::{self, RunReport, Summary};
use crate::run::{RunError, RunOptions, SerialClock, run_features};
use crate::target::{Target, TargetError};
use crate::world::PortalWorld;
use std::path::PathBuf;
use std::time::Duration;

/// What to run, against what, and where the reports go.
#[derive(Debug, Clone)]
pub struct SuiteRequest {
    pub target: Target,
    pub options: RunOptions,
    /// Where to write the reports; `None` writes none (the tests read the model).
    pub report_dir: Option<PathBuf>,
    /// Whether to fetch the target's request log (`/_sandbox/requests`) before the
    /// target is released, for a help-desk bundle.
    pub keep_request_log: bool,
}

/// A finished run.
#[derive(Debug)]
pub struct SuiteOutcome {
    pub report: RunReport,
    pub summary: Summary,
    /// The report files written.
    pub written: Vec<PathBuf>,
    /// Start-up time of the embedded sandbox, when there was one.
    pub sandbox_ready_in: Option<Duration>,
    /// Whether the target had the control API (`/_sandbox`).
    pub had_control_api: bool,
    /// The target's request log after the run, when asked for: the log itself, or
    /// why it could not be had (no control API, a failed request).
    pub request_log: Option<Result<serde_json::Value, String>>,
}

impl SuiteOutcome {
    /// Whether every scenario passed and nothing failed to parse.
    pub fn passed(&self) -> bool {
        self.summary.scenarios_failed == 0 && self.summary.parse_errors.is_empty()
    }
}

/// Why a run could not happen at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error(transparent)]
    Run(#[from] RunError),
    #[error("cannot write reports to {dir}: {source}")]
    Reports { dir: String, source: std::io::Error },
}

/// Activates the target, runs the features, writes the reports, releases the target.
pub async fn run_suite(request: SuiteRequest) -> Result<SuiteOutcome, HarnessError> {
    let target = request.target.activate().await?;
    let sandbox_ready_in = target.ready_in;
    let had_control_api = target.config.has_control_api;
    let mut options = request.options.clone();
    options.skip_tags.extend(target.skips.iter().cloned());
    if had_control_api {
        options.serial_clock = Some(SerialClock {
            control_url: format!("{}/_sandbox/clock", target.config.base_url),
        });
    }
    crate::config::set(HarnessConfig {
        record_transcripts: options.record_transcripts,
        ..target.config.clone()
    });
    let result = run_features::<PortalWorld>(&options).await;
    let request_log = match request.keep_request_log {
        true => Some(target.request_log().await),
        false => None,
    };
    target.release().await;
    let report = result?;
    let summary = reports::summarize(&report);
    let written = match &request.report_dir {
        Some(dir) => reports::write_all(&report, dir).map_err(|source| HarnessError::Reports {
            dir: dir.display().to_string(),
            source,
        })?,
        None => Vec::new(),
    };
    Ok(SuiteOutcome {
        report,
        summary,
        written,
        sandbox_ready_in,
        had_control_api,
        request_log,
    })
}
