//! `conform serve`: the sandbox as a long-running server for apps, Postman and CI.

use clap::Args;
use sandbox::{PasswordCost, SandboxConfig, Tenants};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Options of `conform serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind; use 0.0.0.0 to reach the sandbox from other machines or containers.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Tenants file (JSON); defaults to the bundled dev1, bcbsm, mhp, mdw and mdhhs.
    #[arg(long, value_name = "FILE")]
    pub tenants: Option<PathBuf>,
    /// Seed of every generated record: the same seed serves the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Practitioners in each tenant's provider directory; every other directory count
    /// grows with it (organizations, locations, roles, services).
    #[arg(long, default_value_t = sandbox::DEFAULT_PRACTITIONERS, value_parser = clap::value_parser!(u32).range(10..=2_000_000))]
    pub scale: u32,
    /// Bearer token of the security team's review API (/portal/api/admin/...).
    #[arg(long, env = "CONFORM_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Base URL used in links the sandbox mails (default: http://<bind>:<port>).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Password hashing cost: `standard` (Argon2id defaults) or `fast` (for test fleets).
    #[arg(long, default_value = "standard", value_parser = parse_cost)]
    pub password_cost: PasswordCost,
    /// A simulated fault installed at start-up and restored by every reset (repeatable):
    /// `[METHOD ]PATH=KIND[,OPTION]...`, KIND `latency:MS`, `status:CODE`, `malformed` or
    /// `drop`, OPTION `times:N`, `share:X` or `retry-after:SECONDS`. PATH may use `*`.
    /// Examples: 'GET /dev1/fhir/Patient*=status:503,times:2', '/*/oauth2/token=latency:1500',
    /// '/dev1/fhir/*=drop,share:0.1'. See docs/faults.md.
    #[arg(long = "fault", value_name = "SPEC")]
    pub faults: Vec<String>,
    /// Keep portal state (accounts, apps, credentials, policies, attestations, tickets,
    /// production clients, grants and refresh tokens) in DIR/sandbox.sqlite3 across
    /// restarts and crashes; every acknowledged change is on disk. Without it the
    /// sandbox keeps everything in memory.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<std::path::PathBuf>,
}

fn parse_cost(s: &str) -> Result<PasswordCost, String> {
    match s {
        "standard" => Ok(PasswordCost::Standard),
        "fast" => Ok(PasswordCost::Fast),
        _ => Err("use `standard` or `fast`".into()),
    }
}

impl ServeArgs {
    /// The sandbox configuration these options describe.
    pub fn config(&self) -> Result<SandboxConfig, String> {
        let tenants = match &self.tenants {
            Some(path) => Tenants::load(path).map_err(|e| e.to_string())?,
            None => Tenants::bundled(),
        };
        let faults = self
            .faults
            .iter()
            .map(|spec| {
                sandbox::faults::parse_spec(spec).map_err(|e| format!("--fault '{spec}': {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SandboxConfig {
            faults,
            tenants,
            seed: self.seed,
            scale: sandbox::DirectoryScale::new(self.scale),
            admin_token: self.admin_token.clone(),
            password_cost: self.password_cost,
            public_url: self.public_url.clone(),
            data_dir: self.data_dir.clone(),
            ..SandboxConfig::default()
        })
    }
}

/// Serves until Ctrl-C (or SIGTERM), then lets requests in flight finish.
pub async fn execute(args: ServeArgs) -> ExitCode {
    super::init_logging("info");
    let started = Instant::now();
    let config = match args.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("conform serve: {e}");
            return ExitCode::from(2);
        }
    };
    let has_admin = config.admin_token.is_some();
    let faults = config.faults.len();
    let running = match sandbox::start(config, SocketAddr::new(args.bind, args.port)).await {
        Ok(r) => r,
        // The data directory's errors name the database; the socket's do not.
        Err(e) if e.kind() == std::io::ErrorKind::Other => {
            eprintln!("conform serve: {e}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!(
                "conform serve: cannot listen on {}:{}: {e}",
                args.bind, args.port
            );
            return ExitCode::from(2);
        }
    };
    tracing::info!(
        "sandbox ready at {} in {:.0} ms (portal API /portal/api, control API /_sandbox{})",
        running.base_url(),
        started.elapsed().as_secs_f64() * 1000.0,
        if has_admin {
            ""
        } else {
            "; no --admin-token, so attestation reviews are refused"
        }
    );
    if let Some(database) = running.state().store.database() {
        tracing::info!("portal state kept in {}", database.display());
    }
    if faults > 0 {
        tracing::info!(
            "{faults} simulated fault(s) installed from --fault; GET /_sandbox/faults lists them"
        );
    }
    let state = running.state().clone();
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let seeded = state.prepare_fhir_data();
        let resources: usize = seeded.iter().map(|s| s.resources).sum();
        tracing::info!(
            "FHIR data ready: {resources} directory resources in {} tenants in {:.0} ms",
            seeded.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    });
    shutdown_signal().await;
    tracing::info!("shutting down");
    match running.stop().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conform serve: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use clap::Parser;

    fn config(args: &[&str]) -> Result<sandbox::SandboxConfig, String> {
        let cli = Cli::try_parse_from(["conform", "serve"].iter().chain(args))
            .map_err(|e| e.to_string())?;
        match cli.command {
            Command::Serve(serve) => serve.config(),
            _ => Err("parsed as another command".into()),
        }
    }

    #[test]
    fn every_fault_flag_becomes_a_start_up_rule() {
        let config = config(&[
            "--fault",
            "GET /dev1/fhir/Patient*=status:503,times:2",
            "--fault",
            "/*/oauth2/token=latency:1500",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let paths: Vec<&str> = config.faults.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["/dev1/fhir/Patient*", "/*/oauth2/token"]);
    }

    #[test]
    fn a_bad_fault_flag_is_one_line_quoting_it() {
        let error = config(&["--fault", "/dev1/fhir/*=status:99"])
            .err()
            .unwrap_or_default();
        assert_eq!(
            error,
            "--fault '/dev1/fhir/*=status:99': status: must be a whole number from 400 to 599"
        );
    }
}
