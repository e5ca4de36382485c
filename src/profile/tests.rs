use super::*;

fn no_env(_: &str) -> Option<String> {
    None
}

const LAUNCHER: &str = r#"
name = "launcher"
base_url = "http://127.0.0.1:8445/"
login = "redirect"

[capabilities]
revocation = "publishes no revocation endpoint"
id_tokens = false

[tenants.dev1]
fhir_base = "http://127.0.0.1:8445/v/r4/sim/abc/fhir/"

[clients.confidential-basic]
client_id = "conform"
client_secret_env = "SECRET"
redirect_uri = "https://app.example.test/callback"
scopes = "openid launch/patient patient/*.read"

[member]
patient = "smart-15716"
"#;

#[test]
fn a_launcher_profile_is_read_with_its_secret_from_the_environment() {
    let env = |name: &str| (name == "SECRET").then(|| "s3cret".to_owned());
    let profile = parse(LAUNCHER, &env).unwrap();
    assert_eq!(profile.base_url.as_deref(), Some("http://127.0.0.1:8445"));
    assert_eq!(profile.login, LoginKind::Redirect);
    assert_eq!(
        profile.tenants["dev1"].fhir_base,
        "http://127.0.0.1:8445/v/r4/sim/abc/fhir"
    );
    let client = &profile.clients["confidential-basic"];
    assert_eq!(client.client_secret.as_deref(), Some("s3cret"));
    assert!(!format!("{client:?}").contains("s3cret"));
    assert_eq!(
        profile.lacks("revocation"),
        Some("publishes no revocation endpoint")
    );
    assert_eq!(profile.lacks("id_tokens"), Some(""));
    // Not mentioned: the sandbox's own APIs are absent, spec features present.
    assert_eq!(profile.lacks("control_api"), Some(""));
    assert_eq!(profile.lacks("portal_api"), Some(""));
    assert_eq!(profile.lacks("introspection"), None);
    assert_eq!(profile.member.patient.as_deref(), Some("smart-15716"));
}

#[test]
fn a_missing_secret_variable_is_named() {
    let error = parse(LAUNCHER, &no_env).unwrap_err();
    assert_eq!(
        error,
        "clients.confidential-basic.client_secret: the environment variable SECRET is not set"
    );
}

#[test]
fn an_unknown_capability_lists_the_known_ones() {
    let text = "name = \"x\"\n[capabilities]\nteleport = true\n";
    let error = parse(text, &no_env).unwrap_err();
    assert!(error.starts_with("unknown capability \"teleport\" (known: portal_api, control_api, "));
}

#[test]
fn a_target_without_portal_needs_a_pre_registered_client() {
    let error = parse("name = \"x\"", &no_env).unwrap_err();
    assert!(
        error.contains("at least one pre-registered client"),
        "{error}"
    );
}

#[test]
fn an_unknown_field_is_a_one_line_error() {
    let error = parse("name = \"x\"\nbase_ulr = \"http://x\"\n", &no_env).unwrap_err();
    assert!(error.contains("base_ulr"), "{error}");
    assert!(!error.contains('\n'));
}

#[test]
fn a_public_client_with_a_secret_is_refused() {
    let text = r#"
name = "x"
[clients.public]
client_id = "p"
client_secret = "s"
redirect_uri = "https://app/cb"
scopes = "openid"
"#;
    assert_eq!(
        parse(text, &no_env).unwrap_err(),
        "clients.public: a public client has no secret"
    );
}

#[test]
fn the_admin_token_comes_from_the_variable_the_profile_names() {
    let text = "name = \"x\"\n[capabilities]\nportal_api = true\nadmin_api = true\n";
    assert_eq!(parse(text, &no_env).unwrap().admin_token, None);
    let text = format!("admin_token_env = \"ADMIN\"\n{text}");
    assert_eq!(
        parse(&text, &no_env).unwrap_err(),
        "admin_token_env: the environment variable ADMIN is not set"
    );
    let env = |name: &str| (name == "ADMIN").then(|| "t".to_owned());
    assert_eq!(
        parse(&text, &env).unwrap().admin_token.as_deref(),
        Some("t")
    );
}

#[test]
fn a_tenant_url_must_be_http() {
    let text = r#"
name = "x"
[capabilities]
portal_api = true
[tenants.dev1]
fhir_base = "ftp://x/fhir"
"#;
    assert_eq!(
        parse(text, &no_env).unwrap_err(),
        "tenants.dev1.fhir_base \"ftp://x/fhir\" is not an http:// or https:// URL"
    );
}

#[test]
fn every_shipped_profile_is_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/profiles");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            // Secrets from variables are given any value here; their names are checked.
            let env = |_: &str| Some("set-in-ci".to_owned());
            parse(&text, &env).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            seen += 1;
        }
    }
    assert!(
        seen >= 3,
        "expected the example profiles in {}",
        dir.display()
    );
}
