//! `conform run --profile`: a target described by a profile instead of driven through the
//! sandbox's own APIs. The sandbox plays a server without a portal or control API, its
//! apps registered beforehand (as a payer's would be by hand), so the pre-registered
//! client path, the tenant endpoints and the skip reasons are checked without Node.

use crate::support::{ONE_RUN_AT_A_TIME, ready_developer_over_http, register_app_over_http};
use conform::reports::ScenarioStatus;
use conform::run::RunOptions;
use conform::suite::{SuiteRequest, run_suite};
use conform::target::Target;
use std::path::PathBuf;
use std::process::Command;

const REDIRECT: &str = "https://app.example.test/callback";

fn features() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/features"))
}

fn every_patient_access_scope() -> String {
    conform::steps::patient_access::every_patient_access_scope().join(" ")
        + " patient/Patient.rs patient/Observation.rs"
}

/// A profile for `base`: no portal, no control API, the three clients given, the dev1
/// tenant declared with its FHIR base so its endpoints are discovered.
fn profile_text(base: &str, clients: &[(&str, String, Option<String>)]) -> String {
    let mut text = format!(
        "name = \"sandbox without its portal\"\nbase_url = \"{base}\"\n\
         [capabilities]\nportal_api = false\ncontrol_api = false\n\
         revocation = \"tested elsewhere\"\n\
         [tenants.dev1]\nfhir_base = \"{base}/dev1/fhir\"\n"
    );
    for (kind, id, secret) in clients {
        text.push_str(&format!(
            "[clients.{kind}]\nclient_id = \"{id}\"\nredirect_uri = \"{REDIRECT}\"\n"
        ));
        if let Some(secret) = secret {
            text.push_str(&format!("client_secret = \"{secret}\"\n"));
        }
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_target_runs_oauth_and_fhir_scenarios_with_its_pre_registered_clients() {
    let _turn = ONE_RUN_AT_A_TIME.lock().await;
    let running = crate::support::start_on_socket(None).await;
    let base = running.base_url();
    conform::client::install_tls();
    let http = reqwest::Client::new();
    let token = ready_developer_over_http(&http, &base).await;
    let scopes = every_patient_access_scope();
    let mut clients = Vec::new();
    for kind in ["confidential-basic", "confidential-forms", "public"] {
        let (id, secret) =
            register_app_over_http(&http, &base, &token, kind, &scopes, REDIRECT).await;
        clients.push((kind, id, secret));
    }
    let profile = conform::profile::parse(&profile_text(&base, &clients), &|_| None)
        .expect("the profile is valid");

    let mut options = RunOptions::new(features());
    options.progress = false;
    options.tags = Some("(@oauth or @fhir) and not @helpdesk".into());
    let outcome = run_suite(SuiteRequest {
        target: Target::Profile {
            profile: Box::new(profile),
            base_url: None,
            admin_token: None,
        },
        options,
        report_dir: None,
        keep_request_log: false,
    })
    .await
    .expect("the harness runs");
    running.stop().await.expect("sandbox stops");

    let mut failures = Vec::new();
    let mut reasons = std::collections::BTreeSet::new();
    for (feature, scenario) in outcome.report.scenarios() {
        match scenario.status {
            ScenarioStatus::Failed => failures.push(format!(
                "{}: {}: {}",
                feature.path,
                scenario.name,
                scenario.failure.clone().unwrap_or_default()
            )),
            ScenarioStatus::Skipped => {
                let reason = scenario.skip_reason.clone().unwrap_or_default();
                assert!(
                    !reason.is_empty(),
                    "{}: skipped without a reason",
                    scenario.name
                );
                reasons.insert(reason);
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "failed:\n{}", failures.join("\n"));
    // The token, PKCE, client authentication and Patient Access scenarios ran on the
    // pre-registered clients; the portal's own ones were skipped, saying why.
    assert!(
        outcome.summary.scenarios_passed >= 100,
        "{:?}",
        outcome.summary
    );
    let said = |needle: &str| reasons.iter().any(|r| r.contains(needle));
    assert!(
        said("does not name"),
        "tenants not in the profile: {reasons:#?}"
    );
    assert!(said("developer portal API"), "{reasons:#?}");
    assert!(
        said("tested elsewhere"),
        "the profile's own reason: {reasons:#?}"
    );
    let passed = |name: &str| {
        outcome
            .report
            .scenarios()
            .any(|(_, s)| s.name == name && s.status == ScenarioStatus::Passed)
    };
    assert!(passed("The right verifier buys the tokens"));
    assert!(passed(
        "A Forms Auth client sends its client id and secret in the body"
    ));
    assert!(passed(
        "Searching Patient without parameters finds Rose alone"
    ));
}

/// Runs `conform run --profile` on a profile file made of `text`; its exit code and stderr.
fn run_profile_file(name: &str, text: &str) -> (Option<i32>, String) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_conform"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--profile"])
        .arg(&path)
        .arg("--report-dir")
        .arg(dir.join("reports"))
        .output()
        .expect("conform runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_profile_exits_2_with_one_line_naming_the_file() {
    let (code, stderr) =
        run_profile_file("typo", "name = \"x\"\nbase_ulr = \"http://127.0.0.1:9\"\n");
    assert_eq!(code, Some(2));
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("typo.toml") && stderr.contains("base_ulr"),
        "{stderr}"
    );
}

#[test]
fn a_profile_whose_target_is_unreachable_exits_2() {
    // Port 9 (discard) is closed on loopback.
    let (code, stderr) = run_profile_file(
        "unreachable",
        "name = \"x\"\nbase_url = \"http://127.0.0.1:9\"\n[clients.public]\nclient_id = \"c\"\n\
         redirect_uri = \"https://a/cb\"\n[tenants.dev1]\nfhir_base = \"http://127.0.0.1:9/fhir\"\n",
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot reach the target"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenant_without_a_smart_configuration_stops_the_run_naming_it() {
    let running = crate::support::start_on_socket(None).await;
    let base = running.base_url();
    let profile = conform::profile::parse(
        &format!(
            "name = \"x\"\nbase_url = \"{base}\"\n[clients.public]\nclient_id = \"c\"\n\
             redirect_uri = \"https://a/cb\"\n[tenants.dev1]\nfhir_base = \"{base}/nowhere/fhir\"\n"
        ),
        &|_| None,
    )
    .expect("the profile is valid");
    let error = Target::Profile {
        profile: Box::new(profile),
        base_url: None,
        admin_token: None,
    }
    .activate()
    .await
    .err()
    .expect("discovery fails");
    running.stop().await.expect("sandbox stops");
    let message = error.to_string();
    assert!(
        message.starts_with("cannot find the endpoints of tenant dev1: GET ")
            && message.contains("/nowhere/fhir/.well-known/smart-configuration answered 404"),
        "{message}"
    );
}
