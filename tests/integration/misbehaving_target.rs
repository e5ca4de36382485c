//! A target that misbehaves in every way a broken server can: the harness reports each
//! scenario as failed with the reason and finishes, it never crashes or hangs.
//!
//! The server below is raw TCP so that it can do what no well-behaved framework would:
//! never answer (the key set), answer garbage (the OpenID configuration), stream a body
//! without end (the token endpoint), cut an answer short (the CapabilityStatement), or
//! hang up without a word (everything else).

use crate::support::ONE_RUN_AT_A_TIME;
use conform::reports::ScenarioStatus;
use conform::run::RunOptions;
use conform::suite::{SuiteRequest, run_suite};
use conform::target::Target;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn misbehave(mut socket: TcpStream, base: String) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let line = String::from_utf8_lossy(&head)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let path = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    if path.contains("smart-configuration") {
        // Discovery works, so the run starts; everything after it is broken.
        let body = format!(
            r#"{{"issuer":"{base}/fhir","authorization_endpoint":"{base}/authorize","token_endpoint":"{base}/token","jwks_uri":"{base}/jwks","response_types_supported":["code"],"capabilities":[]}}"#
        );
        let _ = socket
            .write_all(
                format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len())
                    .as_bytes(),
            )
            .await;
    } else if path.starts_with("/authorize") {
        // Approves at once, so that the app goes on to the token endpoint.
        let state = path
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("state="))
            .unwrap_or_default();
        let location = format!("https://app.example.test/callback?code=c0de&state={state}");
        let _ = socket
            .write_all(
                format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
                    .as_bytes(),
            )
            .await;
    } else if path.starts_with("/token") {
        // A body without end: the size cap must end the step.
        let _ = socket
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")
            .await;
        let chunk = vec![b'1'; 64 * 1024];
        while socket.write_all(&chunk).await.is_ok() {}
    } else if path.starts_with("/jwks") {
        // Never answers: the request's own timeout must end the step.
        tokio::time::sleep(Duration::from_secs(3600)).await;
    } else if path.contains("openid-configuration") {
        // Not HTTP at all.
        let _ = socket.write_all(b"\x00\x01garbage\r\n\r\n").await;
    } else if path.contains("metadata") {
        // A truncated answer: fewer bytes than Content-Length promises, then a hang-up.
        let _ = socket
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: 500\r\n\r\n{\"resourceType\":")
            .await;
    }
    // Anything else: hang up without a word.
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_hangs_streams_garbage_and_hangs_up_fails_scenarios_with_reasons() {
    let _turn = ONE_RUN_AT_A_TIME.lock().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let server_base = base.clone();
    let server = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(misbehave(socket, server_base.clone()));
        }
    });
    let profile = conform::profile::parse(
        &format!(
            "name = \"broken\"\nbase_url = \"{base}\"\nlogin = \"redirect\"\n\
             [tenants.dev1]\nfhir_base = \"{base}/fhir\"\n\
             [clients.confidential-basic]\nclient_id = \"c\"\nclient_secret = \"s\"\n\
             redirect_uri = \"https://app.example.test/callback\"\n"
        ),
        &|_| None,
    )
    .expect("the profile is valid");
    let mut options = RunOptions::new(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/features"
    )));
    options.progress = false;
    options.tags = Some("@discovery or @capability or @client-auth".into());
    // A hang detector, not a speed check: a hung harness fails here instead of never.
    let outcome = tokio::time::timeout(
        Duration::from_secs(300),
        run_suite(SuiteRequest {
            target: Target::Profile {
                profile: Box::new(profile),
                base_url: None,
                admin_token: None,
            },
            options,
            report_dir: None,
            keep_request_log: false,
        }),
    )
    .await
    .expect("the run finishes")
    .expect("the harness runs");
    server.abort();

    let mut failed = 0;
    for (_, scenario) in outcome.report.scenarios() {
        match scenario.status {
            ScenarioStatus::Failed => {
                failed += 1;
                let why = scenario.failure.clone().unwrap_or_default();
                assert!(
                    !why.is_empty(),
                    "{}: failed without a reason",
                    scenario.name
                );
                assert!(!why.contains("panicked at"), "{}: {why}", scenario.name);
            }
            ScenarioStatus::Passed => panic!("{} passed against a broken server", scenario.name),
            _ => {}
        }
    }
    assert!(failed >= 5, "{:?}", outcome.summary);
    let reasons: Vec<String> = outcome
        .report
        .scenarios()
        .filter_map(|(_, s)| s.failure.clone())
        .collect();
    let said = |needle: &str| reasons.iter().any(|r| r.contains(needle));
    assert!(said("no answer within"), "the hung key set: {reasons:#?}");
    assert!(said("larger than"), "the endless token body: {reasons:#?}");
}
