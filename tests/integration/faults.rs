//! Simulated faults as an app developer meets them: through `/_sandbox/faults`, in each
//! route's own error format, and (for dropped connections) on a real socket.

use crate::support::Sandbox;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn install(sb: &Sandbox, rule: Value) -> String {
    let reply = sb.post("/_sandbox/faults", None, rule.clone()).await;
    assert_eq!(
        reply.status,
        StatusCode::CREATED,
        "{rule}: {}",
        String::from_utf8_lossy(&reply.bytes)
    );
    let id = reply.json()["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        reply.header("location"),
        Some(format!("/_sandbox/faults/{id}").as_str())
    );
    id
}

#[tokio::test]
async fn a_status_fault_fires_twice_then_the_route_answers_normally() {
    let sb = Sandbox::new().await;
    let id = install(
        &sb,
        json!({"method": "GET", "path": "/dev1/fhir/metadata", "kind": "status",
               "status": 503, "retry_after": 7, "times": 2}),
    )
    .await;
    for _ in 0..2 {
        let reply = sb.get("/dev1/fhir/metadata", None).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(reply.header("retry-after"), Some("7"));
        assert_eq!(reply.header("x-sandbox-fault"), Some(id.as_str()));
        assert_eq!(
            reply.header("content-type"),
            Some("application/fhir+json; charset=utf-8")
        );
        let outcome = reply.json();
        assert_eq!(outcome["resourceType"], "OperationOutcome");
        assert_eq!(outcome["issue"][0]["code"], "transient");
        let diagnostics = outcome["issue"][0]["diagnostics"].as_str().unwrap_or("");
        assert!(diagnostics.contains(&id), "{diagnostics}");
    }
    let normal = sb.get("/dev1/fhir/metadata", None).await;
    assert_eq!(normal.status, StatusCode::OK);
    assert_eq!(normal.header("x-sandbox-fault"), None);
    let fault = sb.get(&format!("/_sandbox/faults/{id}"), None).await.json();
    assert_eq!(
        (
            &fault["fired"],
            &fault["remaining"],
            &fault["active"],
            &fault["matched"]
        ),
        (&json!(2), &json!(0), &json!(false), &json!(2))
    );
    assert_eq!(fault["source"], "api");
    let created = fault["created_at"].as_str().unwrap_or_default();
    assert!(
        created.starts_with("2026-01-27T09:00"),
        "by the sandbox clock: {created}"
    );
}

#[tokio::test]
async fn an_error_status_speaks_the_format_of_each_route_and_only_for_the_method_named() {
    let sb = Sandbox::new().await;
    install(
        &sb,
        json!({"method": "POST", "path": "/*/oauth2/token", "kind": "status", "status": 429,
               "retry_after": 3}),
    )
    .await;
    install(
        &sb,
        json!({"path": "/portal/api/terms", "kind": "status", "status": 502}),
    )
    .await;

    let token = sb
        .send_with(
            Method::POST,
            "/bcbsm/oauth2/token",
            &[("content-type", "application/x-www-form-urlencoded".into())],
            b"grant_type=authorization_code".to_vec(),
        )
        .await;
    assert_eq!(token.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(token.json()["error"], "temporarily_unavailable");
    assert_eq!(token.header("retry-after"), Some("3"));
    assert_eq!(token.header("cache-control"), Some("no-store"));

    let wrong_method = sb.get("/bcbsm/oauth2/token", None).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);

    let portal = sb.get("/portal/api/terms", None).await;
    assert_eq!(portal.status, StatusCode::BAD_GATEWAY);
    assert_eq!(portal.problem_title(), "simulated fault");
    assert_eq!(portal.json()["status"], 502);
}

#[tokio::test]
async fn a_browser_app_reads_the_simulated_status_across_origins() {
    let sb = Sandbox::new().await;
    install(
        &sb,
        json!({"path": "/dev1/oauth2/token", "kind": "status", "status": 503, "retry_after": 1}),
    )
    .await;
    let preflight = sb
        .send_with(
            Method::OPTIONS,
            "/dev1/oauth2/token",
            &[
                ("origin", "https://app.example".into()),
                ("access-control-request-method", "POST".into()),
            ],
            vec![],
        )
        .await;
    assert!(preflight.status.is_success(), "{}", preflight.status);
    let reply = sb
        .send_with(
            Method::POST,
            "/dev1/oauth2/token",
            &[("origin", "https://app.example".into())],
            vec![],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert!(
        reply
            .header("access-control-expose-headers")
            .is_some_and(|h| h.contains("retry-after"))
    );
}

#[tokio::test]
async fn the_control_api_is_never_faulted() {
    let sb = Sandbox::new().await;
    install(&sb, json!({"path": "/*", "kind": "status", "status": 500})).await;
    assert_eq!(
        sb.get("/portal/api/terms", None).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(sb.get("/_sandbox/clock", None).await.status, StatusCode::OK);
    assert_eq!(
        sb.get("/_sandbox/faults", None).await.json()["faults"][0]["fired"],
        1
    );
    let refused = sb
        .post(
            "/_sandbox/faults",
            None,
            json!({"path": "/_sandbox/faults", "kind": "drop_connection"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.codes(), ["path.invalid"]);
    let removed = sb
        .send(Method::DELETE, "/_sandbox/faults", None, None, vec![])
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        sb.get("/portal/api/terms", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn bad_fault_rules_are_refused_naming_each_field() {
    let sb = Sandbox::new().await;
    for (rule, fields) in [
        (json!({"path": "/x", "kind": "explode"}), vec!["kind"]),
        (json!({"path": "/x"}), vec!["kind"]),
        (
            json!({"path": "/x", "kind": "status", "status": 302}),
            vec!["status"],
        ),
        (
            json!({"path": "/x", "kind": "status", "status": 600}),
            vec!["status"],
        ),
        (
            json!({"path": "/x", "kind": "latency", "latency_ms": 60_001}),
            vec!["latency_ms"],
        ),
        (
            json!({"path": "/x", "kind": "drop_connection", "share": 0}),
            vec!["share"],
        ),
        (
            json!({"path": "/x", "kind": "drop_connection", "share": 1.01}),
            vec!["share"],
        ),
        (
            json!({"path": "/x", "kind": "drop_connection", "times": 0}),
            vec!["times"],
        ),
        (
            json!({"path": "/x", "kind": "drop_connection", "times": 2, "share": 0.5}),
            vec!["share"],
        ),
        (json!({"path": "", "kind": "drop_connection"}), vec!["path"]),
        (
            json!({"path": "dev1/fhir", "kind": "drop_connection"}),
            vec!["path"],
        ),
        (json!({"kind": "drop_connection"}), vec!["path"]),
        (
            json!({"path": "/x", "kind": "malformed_body", "status": 500}),
            vec!["status"],
        ),
        (
            json!({"path": "/x", "kind": "status", "status": 500, "retry_after": 5}),
            vec!["retry_after"],
        ),
        (
            json!({"method": "FETCH", "path": "/x", "kind": "drop_connection", "when": "now"}),
            vec!["when", "method"],
        ),
        (
            json!({"path": 7, "kind": "status", "status": "503", "times": -1}),
            vec!["path", "status", "times"],
        ),
    ] {
        let reply = sb.post("/_sandbox/faults", None, rule.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{rule}");
        assert_eq!(reply.problem_title(), "invalid request");
        let named: Vec<String> = reply.json()["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(named, fields, "{rule}");
    }
    let not_an_object = sb.post("/_sandbox/faults", None, json!(["drop"])).await;
    assert_eq!(not_an_object.status, StatusCode::BAD_REQUEST);
    assert_eq!(not_an_object.problem_title(), "malformed request body");
    assert_eq!(
        sb.get("/_sandbox/faults", None).await.json()["faults"],
        json!([])
    );
}

#[tokio::test]
async fn faults_are_listed_shown_and_removed_and_an_unknown_id_is_404() {
    let sb = Sandbox::new().await;
    let first = install(
        &sb,
        json!({"path": "/dev1/fhir/Patient*", "kind": "latency", "latency_ms": 5}),
    )
    .await;
    let second = install(
        &sb,
        json!({"path": "/dev1/fhir/Observation", "kind": "malformed_body", "share": 0.25}),
    )
    .await;
    let listed = sb.get("/_sandbox/faults", None).await.json();
    let ids: Vec<&str> = listed["faults"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    assert_eq!(listed["faults"][1]["share"], 0.25);
    assert_eq!(listed["faults"][1]["remaining"], Value::Null);
    assert_eq!(listed["faults"][0]["method"], Value::Null);

    let path = format!("/_sandbox/faults/{first}");
    assert_eq!(
        sb.send(Method::DELETE, &path, None, None, vec![])
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let again = sb.send(Method::DELETE, &path, None, None, vec![]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(again.problem_title(), "not found");
    assert!(
        again.json()["detail"]
            .as_str()
            .unwrap_or("")
            .contains(&first)
    );
    assert_eq!(sb.get(&path, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        sb.get("/_sandbox/faults", None).await.json()["faults"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn reset_removes_the_api_faults_and_restores_the_command_line_ones() {
    let spec = sandbox::faults::parse_spec("GET /dev1/fhir/metadata=status:503,times:1")
        .unwrap_or_else(|e| panic!("{e}"));
    let sb = Sandbox::with_config(sandbox::SandboxConfig {
        faults: vec![spec],
        ..Default::default()
    });
    assert_eq!(
        sb.get("/dev1/fhir/metadata", None).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        sb.get("/dev1/fhir/metadata", None).await.status,
        StatusCode::OK
    );
    install(
        &sb,
        json!({"path": "/portal/*", "kind": "status", "status": 500}),
    )
    .await;

    let reset = sb.post("/_sandbox/reset", None, json!({})).await;
    assert_eq!(reset.status, StatusCode::OK);
    let faults = sb.get("/_sandbox/faults", None).await.json()["faults"].clone();
    assert_eq!(faults.as_array().map(Vec::len), Some(1), "{faults}");
    assert_eq!(faults[0]["id"], "fault-1");
    assert_eq!(faults[0]["source"], "command_line");
    assert_eq!(faults[0]["remaining"], 1);
    assert_eq!(
        sb.get("/dev1/fhir/metadata", None).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        sb.get("/portal/api/terms", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_malformed_body_keeps_the_real_status_and_headers() {
    let sb = Sandbox::new().await;
    let normal = sb.get("/dev1/fhir/Organization?_count=1", None).await;
    install(
        &sb,
        json!({"path": "/dev1/fhir/Organization", "kind": "malformed_body", "times": 1}),
    )
    .await;
    let broken = sb.get("/dev1/fhir/Organization?_count=1", None).await;
    assert_eq!(broken.status, normal.status);
    assert_eq!(broken.header("content-type"), normal.header("content-type"));
    assert!(!broken.bytes.is_empty());
    assert!(serde_json::from_slice::<Value>(&broken.bytes).is_err());
    assert!(broken.bytes.len() < normal.bytes.len());
    assert!(broken.bytes.starts_with(br#"{"resourceType":"Bundle""#));
}

#[tokio::test]
async fn latency_delays_the_answer_by_at_least_the_rule_then_answers_normally() {
    let sb = Sandbox::new().await;
    install(
        &sb,
        json!({"path": "/dev1/fhir/metadata", "kind": "latency", "latency_ms": 300}),
    )
    .await;
    let started = Instant::now();
    let reply = sb.get("/dev1/fhir/metadata", None).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["resourceType"], "CapabilityStatement");
    let logged = sb.get("/_sandbox/requests?limit=2", None).await.json();
    let entry = &logged["requests"][0];
    assert_eq!(entry["path"], "/dev1/fhir/metadata");
    assert_eq!(entry["fault"]["kind"], "latency");
    assert!(entry["duration_ms"].as_f64().unwrap_or(0.0) >= 300.0);
}

#[tokio::test]
async fn a_share_fires_on_an_exact_part_of_the_requests_every_run() {
    let sb = Sandbox::new().await;
    let id = install(
        &sb,
        json!({"path": "/dev1/fhir/metadata", "kind": "status", "status": 500, "share": 0.3}),
    )
    .await;
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(sb.get("/dev1/fhir/metadata", None).await.status.as_u16());
    }
    assert_eq!(statuses, [500, 200, 200, 500, 200, 200, 500, 200, 200, 200]);
    let fault = sb.get(&format!("/_sandbox/faults/{id}"), None).await.json();
    assert_eq!(
        (&fault["matched"], &fault["fired"]),
        (&json!(10), &json!(3))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_reaches_the_client_as_a_transport_error() {
    let running = sandbox::start(
        sandbox::SandboxConfig {
            faults: vec![
                sandbox::faults::parse_spec("/dev1/fhir/metadata=drop,times:1")
                    .unwrap_or_else(|e| panic!("{e}")),
            ],
            ..Default::default()
        },
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .expect("sandbox starts");
    let client = {
        conform::client::install_tls();
        reqwest::Client::new()
    };
    let url = format!("{}/dev1/fhir/metadata", running.base_url());
    let dropped = match client.get(&url).send().await {
        Err(e) => Err(e),
        Ok(response) => response.bytes().await.map(|_| ()),
    };
    assert!(dropped.is_err(), "the first request got a whole answer");
    let normal = client.get(&url).send().await.expect("the second answers");
    assert_eq!(normal.status(), 200);
    let log: Value = client
        .get(format!("{}/_sandbox/requests?limit=5", running.base_url()))
        .send()
        .await
        .expect("the log answers")
        .json()
        .await
        .expect("json");
    let entry = log["requests"]
        .as_array()
        .and_then(|entries| entries.iter().find(|e| e["fault"]["id"] == "fault-1"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(entry["status"], Value::Null, "{log}");
    assert_eq!(entry["fault"]["kind"], "drop_connection");
    running.stop().await.expect("sandbox stops");
}

#[test]
fn serve_refuses_a_bad_fault_spec_in_one_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_conform"))
        .args([
            "serve",
            "--port",
            "0",
            "--fault",
            "/dev1/fhir/*=drop,share:1.5",
        ])
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        "conform serve: --fault '/dev1/fhir/*=drop,share:1.5': share: must be a number greater \
         than 0 and at most 1 (0.1 is one request in ten)"
    );
}
