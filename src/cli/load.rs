//! `conform load`: N simulated apps walking the sandbox for S seconds (see `crate::load`).

use crate::load::{LoadPlan, LoadReport, Onboarding, run};
use crate::target::Target;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Options of `conform load`.
///
/// Exit codes: 0 the run had no errors; 1 some steps failed (the first errors are
/// printed); 2 the run could not start (target unreachable or not a sandbox, bad
/// options, report not writable), with the reason in one line on stderr.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 no errors, 1 some steps failed, 2 the run could not start.\n\
Examples:\n  conform load --clients 20 --duration 10\n  \
conform load --target http://127.0.0.1:8080 --clients 200 --duration 30 --server-pid \"$PID\"\n  \
conform load --target http://127.0.0.1:8080 --onboard every-walk --json reports/load.json\n\
See docs/load.md for what each column means."
)]
pub struct LoadArgs {
    /// The sandbox to load, e.g. http://127.0.0.1:8080 (a `conform serve`). Without it a
    /// sandbox starts in this process (fast password hashing) and stops after the run.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// Simulated apps walking at once.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub clients: u32,
    /// Seconds the apps walk; the steps in flight at the end are finished and counted.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    pub duration: f64,
    /// The tenant whose authorization server and FHIR APIs are walked.
    #[arg(long, default_value = "dev1")]
    pub tenant: String,
    /// How often each app's developer signs up and registers: `once` (then walks in a
    /// loop) or `every-walk` (a new developer and app before each walk).
    #[arg(long, value_enum, default_value_t = OnboardChoice::Once)]
    pub onboard: OnboardChoice,
    /// Seconds one request may take before it counts as an error.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    pub timeout: f64,
    /// Also write the report as JSON to FILE (parent folders are created).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// The pid of the server under load on this machine, whose memory the report gives
    /// (VmHWM and VmRSS from /proc/PID/status); an embedded run reports its own.
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,
}

/// `--onboard`: how often developers go through the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnboardChoice {
    /// Once per app, before its first walk.
    Once,
    /// Before every walk.
    EveryWalk,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('s').parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() && v <= 86_400.0 => Ok(v),
        _ => Err("use a number of seconds above 0, e.g. 30 or 2.5".into()),
    }
}

impl LoadArgs {
    /// The plan these options describe.
    pub fn plan(&self) -> LoadPlan {
        let target = match &self.target {
            Some(url) => Target::Url {
                base_url: url.clone(),
                admin_token: None,
            },
            None => Target::Embedded,
        };
        let mut plan = LoadPlan::new(
            target,
            self.clients as usize,
            Duration::from_secs_f64(self.duration),
        );
        plan.tenant = self.tenant.clone();
        plan.onboarding = match self.onboard {
            OnboardChoice::Once => Onboarding::Once,
            OnboardChoice::EveryWalk => Onboarding::EveryWalk,
        };
        plan.request_timeout = Duration::from_secs_f64(self.timeout);
        plan.server_pid = self.server_pid;
        plan
    }
}

fn write_json(path: &Path, report: &LoadReport) -> Result<(), String> {
    let failed = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| failed(&e))?;
    }
    let mut bytes = serde_json::to_vec_pretty(report).map_err(|e| failed(&e))?;
    bytes.push(b'\n');
    std::fs::write(path, bytes).map_err(|e| failed(&e))
}

/// Runs the load and maps the outcome to the documented exit codes.
pub async fn execute(args: LoadArgs) -> ExitCode {
    super::init_logging("warn");
    let report = match run(args.plan()).await {
        Ok(report) => report,
        Err(e) => {
            eprintln!("conform load: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{}", report.render());
    if let Some(path) = &args.json {
        if let Err(e) = write_json(path, &report) {
            eprintln!("conform load: {e}");
            return ExitCode::from(2);
        }
        eprintln!("report: {}", path.display());
    }
    if report.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use super::*;
    use clap::Parser;

    fn parsed(args: &[&str]) -> Result<LoadArgs, String> {
        let cli = Cli::try_parse_from(["conform", "load"].iter().chain(args))
            .map_err(|e| e.to_string())?;
        match cli.command {
            Command::Load(load) => Ok(load),
            _ => Err("parsed as another command".into()),
        }
    }

    #[test]
    fn the_options_become_a_plan() {
        let args = parsed(&[
            "--target",
            "http://127.0.0.1:8080",
            "--clients",
            "200",
            "--duration",
            "30s",
            "--onboard",
            "every-walk",
            "--server-pid",
            "42",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let plan = args.plan();
        assert_eq!(plan.clients, 200);
        assert_eq!(plan.duration, Duration::from_secs(30));
        assert_eq!(plan.onboarding, Onboarding::EveryWalk);
        assert_eq!(plan.server_pid, Some(42));
        assert!(matches!(plan.target, Target::Url { .. }));
    }

    #[test]
    fn without_a_target_the_sandbox_is_embedded() {
        let plan = parsed(&[]).unwrap_or_else(|e| panic!("{e}")).plan();
        assert!(matches!(plan.target, Target::Embedded));
        assert_eq!((plan.clients, plan.tenant.as_str()), (10, "dev1"));
    }

    #[test]
    fn zero_clients_or_seconds_are_refused_when_parsing() {
        assert!(parsed(&["--clients", "0"]).is_err());
        assert!(parsed(&["--duration", "0"]).is_err());
        assert!(parsed(&["--duration", "soon"]).is_err());
    }
}
