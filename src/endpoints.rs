//! Where each tenant's FHIR API and authorization server are, whatever the target.
//!
//! The sandbox (and the portal it models) puts every tenant under one host:
//! `/{tenant}/fhir` and `/{tenant}/oauth2/{authorize,token,...}`. A real SMART server
//! puts them wherever it likes and says where in its SMART configuration. The steps
//! never build an OAuth or FHIR URL themselves: they ask [`Layout::tenant`], so the same
//! scenario runs against both.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

use crate::profile::TenantProfile;

/// The endpoints of one tenant, as absolute URLs without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantEndpoints {
    /// The FHIR base, e.g. `http://127.0.0.1:8080/dev1/fhir`.
    pub fhir_base: String,
    /// `{fhir_base}/.well-known/smart-configuration`, or where the profile says.
    pub smart_configuration: String,
    /// `{fhir_base}/.well-known/openid-configuration`.
    pub openid_configuration: String,
    /// The authorization endpoint the member's browser is sent to.
    pub authorize: String,
    /// The token endpoint.
    pub token: String,
    /// The introspection endpoint, if the target has one.
    pub introspect: Option<String>,
    /// The revocation endpoint, if the target has one.
    pub revoke: Option<String>,
    /// The signing key set, if published.
    pub jwks: Option<String>,
    /// The OpenID Connect UserInfo endpoint, if there is one.
    pub userinfo: Option<String>,
}

impl TenantEndpoints {
    /// The endpoint called `name` (`authorize`, `token`, `introspect`, `revoke`, `jwks`).
    pub fn oauth(&self, name: &str) -> Option<&str> {
        match name {
            "authorize" => Some(&self.authorize),
            "token" => Some(&self.token),
            "introspect" => self.introspect.as_deref(),
            "revoke" => self.revoke.as_deref(),
            "jwks" => self.jwks.as_deref(),
            "userinfo" => self.userinfo.as_deref(),
            _ => None,
        }
    }

    /// The sandbox's layout of `tenant` under `base_url`.
    pub fn sandbox(base_url: &str, tenant: &str) -> Self {
        let base = base_url.trim_end_matches('/');
        let fhir_base = format!("{base}/{tenant}/fhir");
        let oauth = |endpoint: &str| format!("{base}/{tenant}/oauth2/{endpoint}");
        Self {
            smart_configuration: format!("{fhir_base}/.well-known/smart-configuration"),
            openid_configuration: format!("{fhir_base}/.well-known/openid-configuration"),
            authorize: oauth("authorize"),
            token: oauth("token"),
            introspect: Some(oauth("introspect")),
            revoke: Some(oauth("revoke")),
            jwks: Some(oauth("jwks")),
            userinfo: Some(oauth("userinfo")),
            fhir_base,
        }
    }
}

/// How the target lays its tenants out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// Any tenant name, at the sandbox's paths under this base URL.
    Sandbox {
        /// The target's base URL.
        base_url: String,
    },
    /// Only the tenants a profile names, each where it says or its configuration says.
    Declared(BTreeMap<String, TenantEndpoints>),
}

impl Layout {
    /// The endpoints of `tenant`, or `None` when the target has no such tenant.
    pub fn tenant(&self, tenant: &str) -> Option<TenantEndpoints> {
        match self {
            Layout::Sandbox { base_url } => Some(TenantEndpoints::sandbox(base_url, tenant)),
            Layout::Declared(tenants) => tenants.get(tenant).cloned(),
        }
    }

    /// The tenant whose FHIR base `url` is under, and the rest after the base
    /// (`Practitioner?_count=50&page=2`); `url` may be absolute or a path on `base_url`.
    pub fn locate_fhir(&self, base_url: &str, url: &str) -> Option<(String, String)> {
        let base = base_url.trim_end_matches('/');
        let absolute = if url.starts_with('/') {
            format!("{base}{url}")
        } else {
            url.to_owned()
        };
        match self {
            Layout::Sandbox { .. } => {
                let path = absolute.strip_prefix(base)?.strip_prefix('/')?;
                let (tenant, rest) = path.split_once('/')?;
                let rest = rest.strip_prefix("fhir")?;
                let rest = rest
                    .strip_prefix('/')
                    .or_else(|| rest.is_empty().then_some(""))?;
                Some((tenant.to_owned(), rest.to_owned()))
            }
            Layout::Declared(tenants) => tenants.iter().find_map(|(name, t)| {
                let rest = absolute.strip_prefix(&t.fhir_base)?;
                let rest = rest
                    .strip_prefix('/')
                    .or_else(|| rest.is_empty().then_some(""))?;
                Some((name.clone(), rest.to_owned()))
            }),
        }
    }
}

/// Why a declared tenant's endpoints could not be found.
#[derive(Debug, thiserror::Error)]
#[error("cannot find the endpoints of tenant {tenant}: {why}")]
pub struct DiscoveryError {
    /// The tenant as the profile names it.
    pub tenant: String,
    /// What went wrong, in one line.
    pub why: String,
}

/// Resolves a profile tenant: the endpoints it names, the others read from its SMART
/// configuration. Reading the configuration is needed only when an endpoint is missing.
pub async fn discover(
    name: &str,
    tenant: &TenantProfile,
) -> Result<TenantEndpoints, DiscoveryError> {
    let fail = |why: String| DiscoveryError {
        tenant: name.to_owned(),
        why,
    };
    let smart_configuration = tenant
        .smart_configuration
        .clone()
        .unwrap_or_else(|| format!("{}/.well-known/smart-configuration", tenant.fhir_base));
    let given = [
        &tenant.authorize,
        &tenant.token,
        &tenant.introspect,
        &tenant.revoke,
        &tenant.jwks,
    ];
    // Without every endpoint named, the configuration is read (userinfo comes only from it).
    let config = if given.iter().all(|g| g.is_some()) {
        Value::Null
    } else {
        read_configuration(&smart_configuration)
            .await
            .map_err(fail)?
    };
    let published = |member: &str| {
        config[member]
            .as_str()
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .map(|u| u.trim_end_matches('/').to_owned())
    };
    let required = |given: &Option<String>, member: &str| {
        given.clone().or_else(|| published(member)).ok_or_else(|| {
            fail(format!(
                "{smart_configuration} has no absolute {member}, and the profile names none"
            ))
        })
    };
    Ok(TenantEndpoints {
        authorize: required(&tenant.authorize, "authorization_endpoint")?,
        token: required(&tenant.token, "token_endpoint")?,
        introspect: tenant
            .introspect
            .clone()
            .or_else(|| published("introspection_endpoint")),
        revoke: tenant
            .revoke
            .clone()
            .or_else(|| published("revocation_endpoint")),
        jwks: tenant.jwks.clone().or_else(|| published("jwks_uri")),
        userinfo: published("userinfo_endpoint"),
        openid_configuration: format!("{}/.well-known/openid-configuration", tenant.fhir_base),
        smart_configuration,
        fhir_base: tenant.fhir_base.clone(),
    })
}

async fn read_configuration(url: &str) -> Result<Value, String> {
    let client = crate::client::http_client(Duration::from_secs(10))?;
    let response = client
        .get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| {
            format!(
                "GET {url} failed: {}",
                crate::target::plain_reqwest_error(&e)
            )
        })?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("GET {url} answered {status}"));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("GET {url}: the body could not be read: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("GET {url} did not answer JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_layout_puts_every_tenant_under_the_base() {
        let layout = Layout::Sandbox {
            base_url: "http://h:1/".into(),
        };
        let dev1 = layout.tenant("dev1").unwrap();
        assert_eq!(dev1.fhir_base, "http://h:1/dev1/fhir");
        assert_eq!(dev1.oauth("token"), Some("http://h:1/dev1/oauth2/token"));
        assert_eq!(
            dev1.smart_configuration,
            "http://h:1/dev1/fhir/.well-known/smart-configuration"
        );
        assert_eq!(
            layout.locate_fhir("http://h:1", "http://h:1/mhp/fhir/Practitioner?page=2"),
            Some(("mhp".into(), "Practitioner?page=2".into()))
        );
        assert_eq!(
            layout.locate_fhir("http://h:1", "/dev1/fhir"),
            Some(("dev1".into(), String::new()))
        );
        assert_eq!(
            layout.locate_fhir("http://h:1", "http://elsewhere/dev1/fhir/X"),
            None
        );
        assert_eq!(layout.locate_fhir("http://h:1", "/dev1/oauth2/token"), None);
    }

    #[test]
    fn a_declared_layout_knows_only_its_tenants() {
        let mut tenants = BTreeMap::new();
        let mut r4 = TenantEndpoints::sandbox("http://x", "unused");
        r4.fhir_base = "http://l:8445/v/r4/sim/abc/fhir".into();
        tenants.insert("dev1".to_owned(), r4);
        let layout = Layout::Declared(tenants);
        assert!(layout.tenant("bcbsm").is_none());
        assert_eq!(
            layout.locate_fhir("http://l:8445", "http://l:8445/v/r4/sim/abc/fhir/Patient/p"),
            Some(("dev1".into(), "Patient/p".into()))
        );
        assert_eq!(
            layout.locate_fhir("http://l:8445", "http://l:8445/v/r4/fhir/Patient/p"),
            None
        );
    }
}
