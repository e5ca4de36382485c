//! Tenants are data, not code.
//!
//! A payer portal serves several tenants (a development sandbox and one per payer),
//! each with its environment and the scopes its CapabilityStatement accepts. They
//! are read from a JSON file (`fixtures/tenants.json` by default, `--tenants FILE`
//! for another portal) so a user can model the portal they target without a rebuild.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which side of the portal a tenant or a client belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Test data only; takes development clients (guide 3.6).
    Development,
    /// A payer's real tenant; takes production clients only (guide 3.7.2).
    Production,
}

impl std::fmt::Display for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Environment::Development => "development",
            Environment::Production => "production",
        })
    }
}

/// One tenant of the portal, e.g. `dev1` or `bcbsm`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    /// Path segment of the tenant's APIs: `/{id}/fhir`, `/{id}/oauth2`.
    pub id: String,
    /// Who the tenant is, for people reading pages and reports.
    pub name: String,
    pub environment: Environment,
    /// Scopes the tenant's CapabilityStatement lists; app registration checks against them.
    pub scopes: Vec<String>,
    /// The member whose credentials the login page comes prefilled with (guide 3.4 step 3,
    /// 3.7.2.1: "password autofilled in UI"); `None` leaves the form empty.
    #[serde(default)]
    pub login_prefill: Option<String>,
    /// How the tenant's authorization server behaves; defaults follow the guide.
    #[serde(default)]
    pub oauth: OAuthSettings,
}

/// Token lifetimes and authorize-request rules of one tenant, so a stricter or looser
/// portal can be modelled without a rebuild.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OAuthSettings {
    /// Access token lifetime (guide, Appendix A: 5 minutes).
    pub access_token_seconds: u32,
    /// Refresh token lifetime from the code exchange (guide, Appendix A: 30 minutes).
    pub refresh_token_seconds: u32,
    /// Authorization code lifetime.
    pub code_seconds: u32,
    /// Whether `state` must be sent (guide 3.4 e: "cannot be left blank").
    pub require_state: bool,
    /// Whether `nonce` must be sent, unique per client (guide 3.4 f).
    pub require_nonce: bool,
}

impl Default for OAuthSettings {
    fn default() -> Self {
        Self {
            access_token_seconds: 300,
            refresh_token_seconds: 1800,
            code_seconds: 60,
            require_state: true,
            require_nonce: true,
        }
    }
}

/// Every tenant the sandbox serves.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenants {
    pub tenants: Vec<Tenant>,
}

/// Why a tenants file cannot be used; said in one line to whoever started the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum TenantsError {
    #[error("cannot read tenants file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("tenants file is not valid: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("tenants file is not valid: {0}")]
    Invalid(String),
}

const BUNDLED: &str = include_str!("../../fixtures/tenants.json");

impl Tenants {
    /// The tenants of the modelled portal: dev1, bcbsm, mhp, mdw, mdhhs.
    pub fn bundled() -> Self {
        // The bundled file is checked by a unit test, so this cannot fail in a release.
        Self::from_json(BUNDLED).unwrap_or(Tenants { tenants: vec![] })
    }

    /// Reads a user's tenants file.
    pub fn load(path: &Path) -> Result<Self, TenantsError> {
        let text = std::fs::read_to_string(path).map_err(|source| TenantsError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_json(&text)
    }

    /// Parses and checks a tenants document.
    pub fn from_json(text: &str) -> Result<Self, TenantsError> {
        let tenants: Tenants = serde_json::from_str(text)?;
        tenants.check()?;
        Ok(tenants)
    }

    fn check(&self) -> Result<(), TenantsError> {
        if self.tenants.is_empty() {
            return Err(TenantsError::Invalid("it lists no tenant".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for t in &self.tenants {
            let well_formed = !t.id.is_empty()
                && t.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !well_formed {
                return Err(TenantsError::Invalid(format!(
                    "tenant id `{}` must be lower-case letters, digits and dashes",
                    t.id
                )));
            }
            if !seen.insert(t.id.as_str()) {
                return Err(TenantsError::Invalid(format!(
                    "tenant `{}` is listed twice",
                    t.id
                )));
            }
            if t.scopes.is_empty() {
                return Err(TenantsError::Invalid(format!(
                    "tenant `{}` accepts no scope",
                    t.id
                )));
            }
        }
        Ok(())
    }

    /// The tenant serving `id`, if any.
    pub fn get(&self, id: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.id == id)
    }

    /// Whether some tenant of `environment` accepts `scope`: what app registration asks.
    pub fn accepts_scope(&self, environment: Environment, scope: &str) -> bool {
        self.of(environment)
            .any(|t| t.scopes.iter().any(|s| s == scope))
    }

    /// A scope some tenant of `environment` accepts that differs from `scope` only in case,
    /// so a refusal can say "did you mean ...".
    pub fn scope_like(&self, environment: Environment, scope: &str) -> Option<&str> {
        self.of(environment)
            .flat_map(|t| t.scopes.iter())
            .find(|s| s.eq_ignore_ascii_case(scope))
            .map(String::as_str)
    }

    /// Every tenant, in the file's order.
    pub fn iter(&self) -> impl Iterator<Item = &Tenant> {
        self.tenants.iter()
    }

    /// Tenants of one environment.
    pub fn of(&self, environment: Environment) -> impl Iterator<Item = &Tenant> {
        self.tenants
            .iter()
            .filter(move |t| t.environment == environment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tenants_are_the_guides_five() {
        let tenants = Tenants::from_json(BUNDLED).expect("bundled tenants parse");
        let ids: Vec<_> = tenants.tenants.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["dev1", "bcbsm", "mhp", "mdw", "mdhhs"]);
        assert_eq!(tenants.of(Environment::Development).count(), 1);
        assert!(tenants.accepts_scope(Environment::Development, "patient/Patient.read"));
        assert!(tenants.accepts_scope(Environment::Production, "patient/Coverage.rs"));
    }

    #[test]
    fn a_tenant_listed_twice_is_refused() {
        let text = r#"{"tenants":[
            {"id":"a","name":"A","environment":"development","scopes":["openid"]},
            {"id":"a","name":"B","environment":"production","scopes":["openid"]}]}"#;
        let err = Tenants::from_json(text).unwrap_err().to_string();
        assert!(err.contains("listed twice"), "{err}");
    }

    #[test]
    fn a_misspelt_field_is_refused_rather_than_ignored() {
        let text =
            r#"{"tenants":[{"id":"a","name":"A","enviroment":"development","scopes":["openid"]}]}"#;
        assert!(Tenants::from_json(text).is_err());
    }

    #[test]
    fn scope_like_finds_a_case_variant() {
        let tenants = Tenants::bundled();
        assert_eq!(
            tenants.scope_like(Environment::Development, "patient/patient.read"),
            Some("patient/Patient.read")
        );
    }
}
