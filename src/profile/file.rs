//! The profile file as written (`Raw*`, straight from TOML) and as the harness uses it
//! (secrets resolved, capabilities decided, everything checked once at start-up).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::capabilities::{self, CAPABILITIES, Capability};

/// The client types the features name (portal guide 3.2 b), in the order a step that
/// names none picks from.
pub const CLIENT_TYPES: [&str; 3] = ["confidential-basic", "confidential-forms", "public"];

/// How the member's authorization is walked once the authorization link is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoginKind {
    /// The sandbox's pages: the MELD login form, the Interoperability Disclaimer and the
    /// HIPAA Authorization, each submitted as a browser would.
    #[default]
    SandboxPages,
    /// No page at all: the server sends the browser straight back to the app (a SMART
    /// launcher whose launch skips login and approval, or a server with a test-only
    /// auto-approve). Anything else is a failure of the target's configuration.
    Redirect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfile {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    login: LoginKind,
    #[serde(default)]
    admin_token_env: Option<String>,
    #[serde(default)]
    capabilities: BTreeMap<String, CapabilityValue>,
    #[serde(default)]
    tenants: BTreeMap<String, RawTenant>,
    #[serde(default)]
    clients: BTreeMap<String, RawClient>,
    #[serde(default)]
    default_client: Option<String>,
    #[serde(default)]
    member: Option<RawMember>,
}

/// `name = true`, `name = false`, or `name = "why the target lacks it"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum CapabilityValue {
    Has(bool),
    Lacks(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTenant {
    fhir_base: String,
    #[serde(default)]
    smart_configuration: Option<String>,
    #[serde(default)]
    authorize: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    introspect: Option<String>,
    #[serde(default)]
    revoke: Option<String>,
    #[serde(default)]
    jwks: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClient {
    client_id: String,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    client_secret_env: Option<String>,
    redirect_uri: String,
    #[serde(default)]
    scopes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    password_env: Option<String>,
    #[serde(default)]
    patient: Option<String>,
}

/// A checked profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// What the reports call the target, e.g. "SMART Health IT launcher v2".
    pub name: String,
    /// Free text for the reader of the profile.
    pub description: Option<String>,
    /// Where the server is; `--target` overrides it.
    pub base_url: Option<String>,
    /// How the member's authorization is walked.
    pub login: LoginKind,
    /// The admin token, read from the variable `admin_token_env` names.
    pub admin_token: Option<String>,
    /// Tenants by the name the features use; empty means the sandbox layout
    /// (`/{tenant}/fhir`, `/{tenant}/oauth2/...`) for any tenant.
    pub tenants: BTreeMap<String, TenantProfile>,
    /// Pre-registered clients by client type (`public`, `confidential-basic`,
    /// `confidential-forms`).
    pub clients: BTreeMap<String, ClientProfile>,
    /// The client type steps use when they name none.
    pub default_client: Option<String>,
    /// The test member.
    pub member: MemberProfile,
    /// Capabilities the target lacks, with the reason to give for each.
    pub lacks: Vec<(&'static Capability, String)>,
}

/// Where one tenant is; the OAuth endpoints not given are discovered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantProfile {
    /// The FHIR base URL, e.g. `https://fhir.example.org/r4`.
    pub fhir_base: String,
    /// The SMART configuration URL; default `{fhir_base}/.well-known/smart-configuration`.
    pub smart_configuration: Option<String>,
    /// Endpoint overrides (absolute URLs), each otherwise read from the SMART configuration.
    pub authorize: Option<String>,
    /// See `authorize`.
    pub token: Option<String>,
    /// See `authorize`.
    pub introspect: Option<String>,
    /// See `authorize`.
    pub revoke: Option<String>,
    /// See `authorize`.
    pub jwks: Option<String>,
}

/// A client registered on the target beforehand, standing in for a registered app.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientProfile {
    /// The client id the target issued.
    pub client_id: String,
    /// Its secret; `None` for a public client.
    pub client_secret: Option<String>,
    /// A redirect URI registered for it (the harness never follows it).
    pub redirect_uri: String,
    /// The scopes the app asks for, space-separated, whatever the feature's app would
    /// have registered; `None` asks for the feature's scopes.
    pub scopes: Option<String>,
}

impl std::fmt::Debug for ClientProfile {
    // Hand-written so that a secret never reaches a log or a panic message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientProfile")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("redirect_uri", &self.redirect_uri)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// The member whose data the scenarios read.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct MemberProfile {
    /// Login name for `login = "sandbox-pages"`; default the page's prefilled member.
    pub username: Option<String>,
    /// Password for that login.
    pub password: Option<String>,
    /// The member's FHIR Patient id, when the profile says it.
    pub patient: Option<String>,
}

impl std::fmt::Debug for MemberProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberProfile")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("patient", &self.patient)
            .finish()
    }
}

impl Profile {
    /// The reason the target lacks the capability called `name`, if it does.
    pub fn lacks(&self, name: &str) -> Option<&str> {
        self.lacks
            .iter()
            .find(|(c, _)| c.name == name)
            .map(|(_, why)| why.as_str())
    }
}

fn secret(
    what: &str,
    literal: Option<String>,
    variable: Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<String>, String> {
    match (literal, variable) {
        (Some(_), Some(_)) => Err(format!(
            "{what}: give the value or its `_env` variable, not both"
        )),
        (Some(value), None) => Ok(Some(value)),
        (None, Some(name)) => env(&name)
            .filter(|v| !v.is_empty())
            .map(Some)
            .ok_or_else(|| format!("{what}: the environment variable {name} is not set")),
        (None, None) => Ok(None),
    }
}

fn check_url(what: &str, url: &str) -> Result<(), String> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(format!("{what} {url:?} is not an http:// or https:// URL"))
    }
}

fn trimmed(url: Option<String>) -> Option<String> {
    url.map(|u| u.trim_end_matches('/').to_owned())
}

impl RawProfile {
    pub(super) fn resolve(self, env: &dyn Fn(&str) -> Option<String>) -> Result<Profile, String> {
        if self.name.trim().is_empty() {
            return Err("`name` is empty".into());
        }
        if let Some(url) = &self.base_url {
            check_url("base_url", url)?;
        }
        let mut lacks = Vec::new();
        for (name, value) in &self.capabilities {
            let capability = capabilities::by_name(name).ok_or_else(|| {
                format!(
                    "unknown capability {name:?} (known: {})",
                    capabilities::names()
                )
            })?;
            match value {
                CapabilityValue::Has(true) => {}
                CapabilityValue::Has(false) => lacks.push((capability, String::new())),
                CapabilityValue::Lacks(why) => lacks.push((capability, why.clone())),
            }
        }
        for capability in CAPABILITIES {
            if !capability.default && !self.capabilities.contains_key(capability.name) {
                lacks.push((capability, String::new()));
            }
        }
        // The first reason that applies is the one a scenario is skipped with: the list's order.
        lacks.sort_by_key(|(c, _)| CAPABILITIES.iter().position(|x| x.name == c.name));
        // Without a token (here or from --admin-token) the admin scenarios are skipped,
        // saying so; a variable named but not set is a mistake worth stopping for.
        let admin_token = secret("admin_token_env", None, self.admin_token_env, env)?;
        let mut tenants = BTreeMap::new();
        for (name, raw) in self.tenants {
            let what = format!("tenants.{name}");
            check_url(&format!("{what}.fhir_base"), &raw.fhir_base)?;
            let endpoints = [
                ("smart_configuration", &raw.smart_configuration),
                ("authorize", &raw.authorize),
                ("token", &raw.token),
                ("introspect", &raw.introspect),
                ("revoke", &raw.revoke),
                ("jwks", &raw.jwks),
            ];
            for (field, url) in endpoints {
                if let Some(url) = url {
                    check_url(&format!("{what}.{field}"), url)?;
                }
            }
            tenants.insert(
                name,
                TenantProfile {
                    fhir_base: raw.fhir_base.trim_end_matches('/').to_owned(),
                    smart_configuration: raw.smart_configuration,
                    authorize: trimmed(raw.authorize),
                    token: trimmed(raw.token),
                    introspect: trimmed(raw.introspect),
                    revoke: trimmed(raw.revoke),
                    jwks: trimmed(raw.jwks),
                },
            );
        }
        let mut clients = BTreeMap::new();
        for (kind, raw) in self.clients {
            let what = format!("clients.{kind}");
            if !CLIENT_TYPES.contains(&kind.as_str()) {
                return Err(format!(
                    "{what}: unknown client type (known: {})",
                    CLIENT_TYPES.join(", ")
                ));
            }
            let client_secret = secret(
                &format!("{what}.client_secret"),
                raw.client_secret,
                raw.client_secret_env,
                env,
            )?;
            match (kind.as_str(), &client_secret) {
                ("public", Some(_)) => {
                    return Err(format!("{what}: a public client has no secret"));
                }
                ("public", None) => {}
                (_, None) => return Err(format!("{what}: a confidential client needs a secret")),
                _ => {}
            }
            if raw.client_id.trim().is_empty() {
                return Err(format!("{what}.client_id is empty"));
            }
            clients.insert(
                kind,
                ClientProfile {
                    client_id: raw.client_id,
                    client_secret,
                    redirect_uri: raw.redirect_uri,
                    scopes: raw.scopes,
                },
            );
        }
        if let Some(kind) = &self.default_client
            && !clients.contains_key(kind)
        {
            return Err(format!(
                "default_client {kind:?} is not one of the [clients] tables"
            ));
        }
        let portal = !lacks.iter().any(|(c, _)| c.name == "portal_api");
        if !portal && clients.is_empty() {
            return Err("the target has no portal API to register apps, so the profile must name at least one pre-registered client ([clients.<type>])".into());
        }
        let member = match self.member {
            None => MemberProfile::default(),
            Some(raw) => MemberProfile {
                password: secret("member.password", raw.password, raw.password_env, env)?,
                username: raw.username,
                patient: raw.patient,
            },
        };
        Ok(Profile {
            name: self.name,
            description: self.description,
            base_url: trimmed(self.base_url),
            login: self.login,
            admin_token,
            tenants,
            clients,
            default_client: self.default_client,
            member,
            lacks,
        })
    }
}
