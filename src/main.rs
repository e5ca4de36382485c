//! `conform`: serve the sandbox, or run the conformance suite against a target.

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = conform::cli::Cli::parse();
    conform::cli::execute(cli).await
}
