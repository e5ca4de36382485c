//! How a sandbox is started: which tenants, which admin token, how costly hashing is.

use crate::passwords::PasswordCost;
use crate::seed::scale::DirectoryScale;
use crate::tenants::Tenants;
use std::time::Duration;

/// How long a client may take to send a request's headers on a socket (slow-loris guard).
/// The same as hyper's own default: an idle keep-alive connection is closed after it too.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client may take to send a whole request body once its headers arrived.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything that decides a sandbox's behaviour at start-up.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub tenants: Tenants,
    /// Drives every generated record, so two runs with one seed serve the same data.
    pub seed: u64,
    /// How large each tenant's provider directory is (`--scale`).
    pub scale: DirectoryScale,
    /// Bearer token of the security team's review API; without one that API refuses everyone.
    pub admin_token: Option<String>,
    pub password_cost: PasswordCost,
    /// Base URL that links in mails point at; set from the bound address when not given.
    pub public_url: Option<String>,
    /// Simulated faults installed at start-up (`--fault`) and restored by every reset.
    pub faults: Vec<crate::faults::FaultRule>,
    /// Where portal state is kept across restarts (`--data-dir`); `None` keeps it in
    /// memory. Read by [`crate::SandboxState::open`] (and so by [`crate::start`]).
    pub data_dir: Option<std::path::PathBuf>,
    /// Connections whose request headers take longer are closed ([`HEADER_READ_TIMEOUT`]).
    pub header_read_timeout: Duration,
    /// Requests whose body takes longer are answered 408 ([`BODY_READ_TIMEOUT`]).
    pub body_read_timeout: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            tenants: Tenants::bundled(),
            seed: 42,
            scale: DirectoryScale::default(),
            admin_token: None,
            password_cost: PasswordCost::Standard,
            public_url: None,
            faults: Vec::new(),
            data_dir: None,
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_read_timeout: BODY_READ_TIMEOUT,
        }
    }
}
