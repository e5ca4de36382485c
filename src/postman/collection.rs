//! The whole collection document: info, variables, the collection-level Bearer token
//! and the folders.

use super::PostmanError;
use super::client::ClientType;
use super::folders;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sandbox::{Api, Tenant, Tenants};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// `info.schema` of a Postman collection v2.1.0.
pub const SCHEMA_URL: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// What a collection is written for: these inputs alone decide its bytes.
#[derive(Debug, Clone)]
pub struct CollectionOptions {
    /// The tenant, e.g. `dev1`.
    pub tenant: String,
    /// Where the sandbox answers, e.g. `http://127.0.0.1:8080` (no trailing slash needed).
    pub base_url: String,
    /// How the app was registered.
    pub client_type: ClientType,
}

/// The scopes to ask for: the SMART launch scopes the tenant accepts, then one read scope
/// per Patient Access type (SMART v1 `.read`, or v2 `.rs` when that is all it accepts).
pub fn patient_access_scopes(tenant: &Tenant) -> Vec<String> {
    let accepts = |s: &str| tenant.scopes.iter().any(|t| t == s);
    let mut scopes: Vec<String> = ["openid", "fhirUser", "launch/patient", "offline_access"]
        .into_iter()
        .filter(|s| accepts(s))
        .map(str::to_owned)
        .collect();
    for def in folders::types_of(Api::PatientAccess) {
        let v1 = format!("patient/{}.read", def.name);
        let v2 = format!("patient/{}.rs", def.name);
        if accepts(&v1) {
            scopes.push(v1);
        } else if accepts(&v2) {
            scopes.push(v2);
        }
    }
    scopes
}

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().into()
}

/// A UUID-shaped id (RFC 9562 version 8: custom) from the inputs, so the same inputs give
/// the same `_postman_id` and a re-import updates the collection instead of adding one.
fn stable_id(options: &CollectionOptions) -> String {
    let mut b = digest(&[
        "conform postman",
        &options.tenant,
        &options.base_url,
        options.client_type.as_str(),
    ]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b[..16].iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The PKCE pair of a public client's collection: a 43-character verifier derived from the
/// inputs, and its S256 challenge (RFC 7636 4.1, 4.2).
pub fn pkce_pair(options: &CollectionOptions) -> (String, String) {
    let verifier = URL_SAFE_NO_PAD.encode(digest(&[
        "conform postman pkce",
        &options.tenant,
        &options.base_url,
    ]));
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

fn variable(key: &str, value: &str, description: &str) -> Value {
    json!({"key": key, "value": value, "type": "string", "description": description})
}

fn variables(tenant: &Tenant, options: &CollectionOptions) -> Vec<Value> {
    let client = options.client_type;
    let mut vars = vec![
        variable(
            "baseUrl",
            &options.base_url,
            "Where the sandbox answers (`conform serve --port 8080`).",
        ),
        variable(
            "tenant",
            &tenant.id,
            &format!("The tenant: {} ({}).", tenant.name, tenant.environment),
        ),
        variable(
            "clientId",
            "",
            "The app's client id, from the Application Dashboard (guide 3.4) or the answer of POST /portal/api/apps.",
        ),
    ];
    if client.has_secret() {
        vars.push(variable("clientSecret", "", "The app's client secret (dashboard with ?reveal=true). Keep it out of shared workspaces."));
    }
    vars.extend([
        variable("redirectUri", "{{baseUrl}}/debug", "A redirect URI registered for the app, character for character; the sandbox's /debug page shows the code."),
        variable("scope", &patient_access_scopes(tenant).join(" "), "The scopes to ask for: every one must be registered for the app. These are the tenant's launch scopes and one read scope per Patient Access type."),
        variable("code", "", "Paste the authorization code here (from /debug, or the redirect URI's `code` parameter)."),
        variable("accessToken", "", "Set by the token requests' test scripts; the collection's Bearer token."),
        variable("refreshToken", "", "Set by the token requests' test scripts."),
        variable("patientId", "", "The member's Patient id, set from the token response's `patient`."),
    ]);
    if client.uses_pkce() {
        let (verifier, challenge) = pkce_pair(options);
        vars.push(variable("codeVerifier", &verifier, "PKCE verifier sent with the code exchange. Fixed for this collection: replace both PKCE variables with a pair of your own for anything but the sandbox."));
        vars.push(variable(
            "codeChallenge",
            &challenge,
            "BASE64URL(SHA256(codeVerifier)), sent with the authorization request (S256).",
        ));
    }
    vars.extend([
        variable(
            "authorizeUrl",
            "",
            "Set by the Authorize request: the URL to open in a browser.",
        ),
        variable(
            "organizationOid",
            "",
            "Set by the Organization-with-an-OID search.",
        ),
        variable(
            "nextPage",
            "",
            "Set by the first-page search: the Bundle's next link.",
        ),
    ]);
    vars
}

fn check_base_url(base_url: &str) -> Result<String, PostmanError> {
    let trimmed = base_url.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("http://")
        .or_else(|| trimmed.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
            Ok(trimmed.to_owned())
        }
        _ => Err(PostmanError::BaseUrl(base_url.to_owned())),
    }
}

/// The collection for `options.tenant` of `tenants`, as a Postman v2.1.0 document.
pub fn build(tenants: &Tenants, options: &CollectionOptions) -> Result<Value, PostmanError> {
    let tenant = tenants
        .get(&options.tenant)
        .ok_or_else(|| PostmanError::UnknownTenant {
            tenant: options.tenant.clone(),
            known: tenants
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let options = CollectionOptions {
        base_url: check_base_url(&options.base_url)?,
        ..options.clone()
    };
    let client = options.client_type;
    let description = format!(
        "The {name} tenant of the conform sandbox, for a {client} app (guide 3.4-3.7). Run the folders in order: Discovery; OAuth (open the authorize URL in a browser, paste the code into the `code` variable, run the token request: its test script stores the tokens); Patient Access (inherits the collection's Bearer token); Provider Directory (open); Sign out. See docs/postman.md.",
        name = tenant.name
    );
    let patient_access = folders::types_of(Api::PatientAccess);
    let directory = folders::types_of(Api::Directory);
    Ok(json!({
        "info": {
            "_postman_id": stable_id(&options),
            "name": format!("conform sandbox - {} ({client})", tenant.id),
            "description": description,
            "schema": SCHEMA_URL,
        },
        "item": [
            folders::discovery(),
            folders::oauth(client),
            folders::patient_access(&patient_access),
            folders::directory(&directory),
            folders::sign_out(client),
        ],
        "auth": {
            "type": "bearer",
            "bearer": [{"key": "token", "value": "{{accessToken}}", "type": "string"}],
        },
        "variable": variables(tenant, &options),
    }))
}

/// The collection as the bytes `conform postman` writes: pretty JSON and a final newline.
pub fn to_bytes(collection: &Value) -> Result<Vec<u8>, PostmanError> {
    let mut bytes = serde_json::to_vec_pretty(collection)?;
    bytes.push(b'\n');
    Ok(bytes)
}
