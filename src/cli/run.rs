//! `conform run`: the conformance suite with reports, as a CI gate.

use crate::reports::Transcripts;
use crate::run::RunOptions;
use crate::suite::{SuiteRequest, run_suite};
use crate::target::Target;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Options of `conform run`.
///
/// Exit codes: 0 every scenario passed; 1 at least one scenario failed (or a feature
/// file could not be parsed); 2 the harness itself could not run (target unreachable,
/// bad tag expression, features folder missing, reports not writable), with the reason
/// in one line on stderr.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 all passed, 1 failures, 2 the harness could not run.\n\
Examples:\n  conform run\n  conform run --tags '@accounts and not @serial'\n  \
conform run --name 'lock' --report-dir /tmp/r\n  conform run --target http://127.0.0.1:8080 --admin-token \"$TOKEN\"\n  \
conform run --profile fixtures/profiles/smart-launcher.toml --report-dir reports/launcher"
)]
pub struct RunArgs {
    /// Server to test, e.g. http://127.0.0.1:8080 (a `conform serve`) or an https URL;
    /// with --profile, overrides its base_url. Without either an embedded sandbox
    /// starts on a free port for this run and stops after it.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// A target profile (TOML): tenants, pre-registered clients, member login and the
    /// capabilities the target lacks; see fixtures/profiles/ and docs/targets.md.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Admin token of the target's security-team API (the embedded sandbox makes its own).
    #[arg(long, env = "CONFORM_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Folder of `.feature` files, searched recursively.
    #[arg(long, value_name = "DIR", default_value = "features")]
    pub features: PathBuf,
    /// Where junit.xml, cucumber.json, summary.json and index.html are written.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub report_dir: PathBuf,
    /// Run only scenarios matching this tag expression, e.g. `@apps and not @serial`.
    #[arg(long, value_name = "EXPR")]
    pub tags: Option<String>,
    /// Run only scenarios whose name matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub name: Option<String>,
    /// Most scenarios in flight at once.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Whose HTTP transcripts the reports keep: `failures` (default), `all`, so a
    /// passing scenario's exchanges can be read too, or `none`, recording nothing (the
    /// fastest run; a failure then shows its assertion without the exchanges).
    #[arg(long, value_name = "WHICH", default_value = "failures", value_parser = parse_transcripts)]
    pub transcripts: TranscriptChoice,
}

/// What `--transcripts` asks for: whose the reports keep, or none recorded at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranscriptChoice {
    /// Record, and keep those of the scenarios named.
    Keep(Transcripts),
    /// Record nothing.
    None,
}

fn parse_transcripts(s: &str) -> Result<TranscriptChoice, String> {
    match s {
        "failures" => Ok(TranscriptChoice::Keep(Transcripts::Failures)),
        "all" => Ok(TranscriptChoice::Keep(Transcripts::All)),
        "none" => Ok(TranscriptChoice::None),
        _ => Err("use `failures`, `all` or `none`".into()),
    }
}

/// Runs the suite and maps the outcome to the documented exit codes.
pub async fn execute(args: RunArgs) -> ExitCode {
    super::init_logging("warn");
    let started = Instant::now();
    let name = match args.name.as_deref().map(regex::Regex::new).transpose() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("conform run: --name is not a valid regular expression: {e}");
            return ExitCode::from(2);
        }
    };
    let target = match (args.profile, args.target) {
        (Some(path), base_url) => match crate::profile::load(&path) {
            Ok(profile) => Target::Profile {
                profile: Box::new(profile),
                base_url,
                admin_token: args.admin_token,
            },
            Err(e) => {
                eprintln!("conform run: {e}");
                return ExitCode::from(2);
            }
        },
        (None, Some(base_url)) => Target::Url {
            base_url,
            admin_token: args.admin_token,
        },
        (None, None) => Target::Embedded,
    };
    let mut options = RunOptions::new(args.features);
    options.tags = args.tags;
    options.name = name;
    options.max_concurrent = args.concurrency.max(1);
    match args.transcripts {
        TranscriptChoice::Keep(which) => options.transcripts = which,
        TranscriptChoice::None => options.record_transcripts = false,
    }
    let request = SuiteRequest {
        target,
        options,
        report_dir: Some(args.report_dir),
        keep_request_log: false,
    };
    match run_suite(request).await {
        Err(e) => {
            eprintln!("conform run: {e}");
            ExitCode::from(2)
        }
        Ok(outcome) => {
            if let Some(ready) = outcome.sandbox_ready_in {
                eprintln!(
                    "embedded sandbox was ready in {:.0} ms",
                    ready.as_secs_f64() * 1000.0
                );
            }
            for path in &outcome.written {
                eprintln!("report: {}", path.display());
            }
            eprintln!(
                "{} passed, {} failed, {} skipped in {:.2} s",
                outcome.summary.scenarios_passed,
                outcome.summary.scenarios_failed,
                outcome.summary.scenarios_skipped,
                started.elapsed().as_secs_f64()
            );
            if outcome.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}
