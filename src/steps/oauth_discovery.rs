//! Where apps find the authorization server of a tenant: the SMART configuration
//! (SMART App Launch 2.0), the OpenID configuration and the signing keys (guide 3.4
//! a: the endpoints are in the document library, per environment).

use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::Value;

use super::{expect_json, fail, split_list};
use crate::client::Call;
use crate::world::PortalWorld;

#[when(regex = r#"^an app reads the (SMART|OpenID) configuration of "([a-z0-9]+)"$"#)]
async fn reads_configuration(w: &mut PortalWorld, step: &Step, kind: String, tenant: String) {
    w.begin(step);
    let endpoints = w.tenant(&tenant);
    let url = if kind == "SMART" {
        endpoints.smart_configuration
    } else {
        endpoints.openid_configuration
    };
    w.send(Call::get(url)).await;
}

#[when(regex = r#"^an app reads the signing keys of "([a-z0-9]+)"$"#)]
async fn reads_keys(w: &mut PortalWorld, step: &Step, tenant: String) {
    w.begin(step);
    let url = w.oauth_url(&tenant, "jwks");
    w.send(Call::get(url)).await;
}

/// The path of an absolute URL (`http://host:port/dev1/oauth2/token` → `/dev1/oauth2/token`).
fn path_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..]
        .find('/')
        .map_or("", |i| &url[after_scheme + i..])
}

fn smart_configuration(w: &PortalWorld) -> Value {
    expect_json(
        w,
        200,
        "smart-configuration",
        "reading the SMART configuration",
    )
}

#[then(regex = r#"^the SMART configuration points to the endpoints of "([a-z0-9]+)"$"#)]
fn points_to_endpoints(w: &mut PortalWorld, tenant: String) {
    let config = smart_configuration(w);
    let endpoints = w.tenant(&tenant);
    // A member the target does not publish at all (revocation, say) is absent from both.
    let expected = [
        ("issuer", Some(endpoints.fhir_base.clone())),
        ("authorization_endpoint", Some(endpoints.authorize.clone())),
        ("token_endpoint", Some(endpoints.token.clone())),
        ("jwks_uri", endpoints.jwks.clone()),
        ("introspection_endpoint", endpoints.introspect.clone()),
        ("revocation_endpoint", endpoints.revoke.clone()),
    ];
    for (member, expected) in expected {
        let Some(expected) = expected else { continue };
        let path = path_of(&expected);
        let url = config[member].as_str().unwrap_or_default();
        if path_of(url) != path {
            fail(
                w,
                format!("Expected {member} to point at {path} of the server, but it is {url:?}."),
            );
        }
    }
}

fn listed(config: &Value, member: &str) -> Vec<String> {
    config[member]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[then(regex = r#"^the SMART configuration offers exactly the code challenge methods "([^"]*)"$"#)]
fn challenge_methods(w: &mut PortalWorld, methods: String) {
    let config = smart_configuration(w);
    let actual = listed(&config, "code_challenge_methods_supported");
    if actual != split_list(&methods) {
        fail(
            w,
            format!(
                "Expected code_challenge_methods_supported to be exactly {methods:?} (plain is not \
                 safe), but it is {actual:?}."
            ),
        );
    }
}

/// `Then the SMART configuration lists the capabilities "..."`, or the scopes, grant
/// types, client authentication methods or response modes.
#[then(
    regex = r#"^the SMART configuration lists the (capabilities|scopes|grant types|client authentication methods|response modes) "([^"]*)"$"#
)]
fn lists(w: &mut PortalWorld, what: String, items: String) {
    let config = smart_configuration(w);
    let member = match what.as_str() {
        "capabilities" => "capabilities",
        "scopes" => "scopes_supported",
        "grant types" => "grant_types_supported",
        "client authentication methods" => "token_endpoint_auth_methods_supported",
        _ => "response_modes_supported",
    };
    let actual = listed(&config, member);
    let missing: Vec<String> = split_list(&items)
        .into_iter()
        .filter(|i| !actual.contains(i))
        .collect();
    if !missing.is_empty() {
        fail(
            w,
            format!("Expected {member} to list {missing:?}, but it lists only {actual:?}."),
        );
    }
}

#[then(
    regex = r#"^the OpenID configuration agrees with the SMART configuration of "([a-z0-9]+)"$"#
)]
async fn openid_agrees(w: &mut PortalWorld, step: &Step, tenant: String) {
    w.begin(step);
    let openid = expect_json(
        w,
        200,
        "openid-configuration",
        "reading the OpenID configuration",
    );
    let url = w.tenant(&tenant).smart_configuration;
    w.send(Call::get(url)).await;
    let smart = smart_configuration(w);
    for member in [
        "issuer",
        "authorization_endpoint",
        "token_endpoint",
        "jwks_uri",
    ] {
        if openid[member] != smart[member] {
            fail(
                w,
                format!(
                    "The OpenID configuration says {member} is {}, the SMART configuration {}: an \
                     app cannot tell which to trust.",
                    openid[member], smart[member]
                ),
            );
        }
    }
}

#[then("the signing keys include an RS256 public key for signatures")]
fn rs256_key(w: &mut PortalWorld) {
    let jwks = expect_json(w, 200, "jwks", "reading the signing keys");
    let found = jwks["keys"].as_array().is_some_and(|keys| {
        keys.iter().any(|k| {
            k["kty"] == "RSA" && k["alg"] == "RS256" && k["use"].as_str().is_none_or(|u| u == "sig")
        })
    });
    if !found {
        fail(w, "Expected an RSA key for RS256 signatures in the JWKS.");
    }
}
