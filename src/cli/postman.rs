//! `conform postman`: writes the Postman collection of one tenant (see `crate::postman`).

use crate::postman::{ClientType, CollectionOptions, PostmanError, build, collection::to_bytes};
use clap::Args;
use sandbox::Tenants;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `conform postman`.
///
/// Exit codes: 0 written; 2 it could not be (unknown tenant, bad base URL, tenants file or
/// output not usable), with the reason in one line on stderr.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  conform postman --tenant dev1 > dev1.postman_collection.json\n  \
conform postman --tenant dev1 --client-type public --out reports/postman/dev1.postman_collection.json\n  \
conform postman --tenant bcbsm --base-url http://sandbox.internal:8080"
)]
pub struct PostmanArgs {
    /// The tenant, e.g. dev1 (development) or bcbsm, mhp, mdw, mdhhs (production).
    #[arg(long)]
    pub tenant: String,
    /// Where the sandbox answers (`conform serve`).
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
    /// How the app was registered; decides the token requests' client authentication.
    #[arg(long, value_enum, default_value_t = ClientType::ConfidentialBasic)]
    pub client_type: ClientType,
    /// Tenants file (JSON), as for `conform serve`; defaults to the bundled tenants.
    #[arg(long, value_name = "FILE")]
    pub tenants: Option<PathBuf>,
    /// Write the collection to FILE (parent folders are created) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), PostmanError> {
    let failed = |source| PostmanError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    std::fs::write(path, bytes).map_err(failed)
}

fn run(args: &PostmanArgs) -> Result<(), PostmanError> {
    let tenants = match &args.tenants {
        Some(path) => Tenants::load(path)?,
        None => Tenants::bundled(),
    };
    let options = CollectionOptions {
        tenant: args.tenant.clone(),
        base_url: args.base_url.clone(),
        client_type: args.client_type,
    };
    let bytes = to_bytes(&build(&tenants, &options)?)?;
    match &args.out {
        Some(path) => {
            write(path, &bytes)?;
            eprintln!("conform postman: wrote {}", path.display());
            Ok(())
        }
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .map_err(|source| PostmanError::Write {
                path: "stdout".into(),
                source,
            }),
    }
}

/// Writes the collection and maps the outcome to the documented exit codes.
pub fn execute(args: PostmanArgs) -> ExitCode {
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conform postman: {e}");
            ExitCode::from(2)
        }
    }
}
