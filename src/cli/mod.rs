//! The `conform` command line: `serve`, `run`, `repro`, `postman` and `load`.

mod load;
mod postman;
mod repro;
mod run;
mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use load::LoadArgs;
pub use postman::PostmanArgs;
pub use repro::ReproArgs;
pub use run::RunArgs;
pub use serve::ServeArgs;

/// Conformance harness and mock sandbox for SMART-on-FHIR payer developer portals.
#[derive(Debug, Parser)]
#[command(name = "conform", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What `conform` can do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the sandbox (portal API, control API) and serve until Ctrl-C.
    Serve(ServeArgs),
    /// Run the Gherkin conformance suite against the embedded sandbox or a target URL.
    Run(RunArgs),
    /// Reproduce a help-desk ticket: run its `@ticket-<ID>` scenarios and write a bundle
    /// (report, every transcript, the request log) to reports/tickets/<ID>.
    Repro(ReproArgs),
    /// Write a Postman collection (v2.1.0) for one tenant of the sandbox.
    Postman(PostmanArgs),
    /// Load the sandbox with N simulated apps walking sign-up to refresh for S seconds;
    /// prints throughput, p50/p90/p99 per step, errors and the server's peak RSS.
    Load(LoadArgs),
}

/// Runs a parsed command line and says how the process should exit.
pub async fn execute(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve(args) => serve::execute(args).await,
        Command::Run(args) => run::execute(args).await,
        Command::Repro(args) => repro::execute(args).await,
        Command::Postman(args) => postman::execute(args),
        Command::Load(args) => load::execute(args).await,
    }
}

/// Logs one line per event to stderr; `RUST_LOG` overrides the level.
pub fn init_logging(default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
