//! Target profiles: what the harness needs to know about a server it did not start.
//!
//! The embedded sandbox needs no introduction: the harness registers its own developers
//! and apps through the portal API and reads mail and moves the clock through the
//! control API. A real SMART-on-FHIR server offers none of that, so `conform run
//! --profile FILE` reads a TOML file naming:
//!
//! - the **tenants** the features talk about and where each one's FHIR base is (the
//!   OAuth endpoints are discovered from its `.well-known/smart-configuration` unless
//!   the profile names them);
//! - the **pre-registered clients**, by client type, that stand in for the apps the
//!   features would otherwise register;
//! - how the **member's authorization** is walked (`login`), and the member's login;
//! - the **capabilities** the target lacks, each of which skips the scenarios tagged
//!   for it, with the profile's reason.
//!
//! Secrets need not be written in the file: every secret has an `_env` twin naming an
//! environment variable, so a profile can be committed and its secrets kept in CI.
//! Example profiles live in `fixtures/profiles/`; `docs/targets.md` explains each field.

mod capabilities;
mod file;

pub use capabilities::{CAPABILITIES, Capability};
pub use file::{CLIENT_TYPES, ClientProfile, LoginKind, MemberProfile, Profile, TenantProfile};

use std::path::{Path, PathBuf};

/// Why a profile cannot be used: one line naming the file and what is wrong (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read the profile {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the profile {path} is not valid: {reason}")]
    Invalid { path: PathBuf, reason: String },
}

/// Reads, parses and checks the profile at `path`, resolving `_env` secrets.
pub fn load(path: &Path) -> Result<Profile, ProfileError> {
    let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(&text, &|name| std::env::var(name).ok()).map_err(|reason| ProfileError::Invalid {
        path: path.to_owned(),
        reason,
    })
}

/// Parses and checks a profile's text; `env` looks up the variables `_env` fields name.
/// The error is one line (TOML's own messages span several).
pub fn parse(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Profile, String> {
    let raw: file::RawProfile = toml::from_str(text).map_err(|e| one_line(&e.to_string()))?;
    raw.resolve(env)
}

fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| matches!(c, '|' | '^' | ' ')))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
