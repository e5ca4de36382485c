//! `conform run`: the conformance suite (wired up once the runner lands).

use clap::Args;
use std::process::ExitCode;

/// Options of `conform run`.
#[derive(Debug, Args)]
pub struct RunArgs {}

/// Runs the suite.
pub async fn execute(_args: RunArgs) -> ExitCode {
    ExitCode::from(2)
}
