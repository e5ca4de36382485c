//! `conform repro --ticket ID`: run one help-desk ticket's reproduction and leave a
//! bundle to attach to the ticket (see [`crate::repro`]).

use crate::reports::Transcripts;
use crate::repro::{Bundle, TicketIndex, write_bundle};
use crate::run::RunOptions;
use crate::suite::{SuiteRequest, run_suite};
use crate::target::Target;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `conform repro`. Exit codes as `conform run`: 0 the reproduction passed
/// (the target behaves as specified), 1 a scenario failed, 2 the harness could not run
/// (unknown ticket, unreachable target, bundle not writable).
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 the target behaves as specified, 1 a scenario failed, 2 the harness could not run.\n\
Examples:\n  conform repro --ticket 1001\n  conform repro --ticket 1004 --target http://127.0.0.1:8080\n  conform repro --list"
)]
pub struct ReproArgs {
    /// The ticket whose `@ticket-<ID>` scenarios to run, e.g. 1001.
    #[arg(long, value_name = "ID", required_unless_present = "list")]
    pub ticket: Option<String>,
    /// List the tickets that have reproductions, and stop.
    #[arg(long)]
    pub list: bool,
    /// Server to test; without it an embedded sandbox starts for this run.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// Admin token of the target's security-team API.
    #[arg(long, env = "CONFORM_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Folder of `.feature` files, searched recursively.
    #[arg(long, value_name = "DIR", default_value = "features")]
    pub features: PathBuf,
    /// Where the bundle goes; default `reports/tickets/<ID>`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs the ticket's scenarios and writes its bundle.
pub async fn execute(args: ReproArgs) -> ExitCode {
    super::init_logging("warn");
    let index = match TicketIndex::read(&args.features) {
        Ok(index) => index,
        Err(e) => return fail(e),
    };
    if args.list {
        for id in index.ids() {
            let features: Vec<String> = index
                .ticket(id)
                .map(|r| r.iter().map(|x| x.feature.clone()).collect())
                .unwrap_or_default();
            println!("{id}\t{}", features.join("; "));
        }
        return ExitCode::SUCCESS;
    }
    let id = args.ticket.unwrap_or_default();
    let reproductions = match index.ticket(&id) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let (target, target_name) = match &args.target {
        Some(base_url) => (
            Target::Url {
                base_url: base_url.clone(),
                admin_token: args.admin_token.clone(),
            },
            base_url.clone(),
        ),
        None => (Target::Embedded, "the embedded sandbox".to_owned()),
    };
    let mut options = RunOptions::new(&args.features);
    options.tags = Some(format!("@ticket-{id}"));
    options.transcripts = Transcripts::All;
    let outcome = match run_suite(SuiteRequest {
        target,
        options,
        report_dir: None,
        keep_request_log: true,
    })
    .await
    {
        Ok(outcome) => outcome,
        Err(e) => return fail(e),
    };
    let dir = args
        .out
        .unwrap_or_else(|| PathBuf::from("reports").join("tickets").join(&id));
    let mut rerun = format!("conform repro --ticket {id}");
    if let Some(url) = &args.target {
        rerun.push_str(&format!(" --target {url}"));
    }
    let bundle = Bundle {
        ticket: &id,
        reproductions,
        report: &outcome.report,
        summary: &outcome.summary,
        target: &target_name,
        request_log: outcome.request_log.as_ref(),
        rerun: &rerun,
    };
    match write_bundle(&bundle, &dir) {
        Ok(written) => {
            for path in written {
                eprintln!("bundle: {}", path.display());
            }
        }
        Err(e) => return fail(format!("cannot write the bundle to {}: {e}", dir.display())),
    }
    eprintln!(
        "ticket {id}: {} passed, {} failed, {} skipped; attach {}",
        outcome.summary.scenarios_passed,
        outcome.summary.scenarios_failed,
        outcome.summary.scenarios_skipped,
        dir.display()
    );
    if outcome.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn fail(why: impl std::fmt::Display) -> ExitCode {
    eprintln!("conform repro: {why}");
    ExitCode::from(2)
}
