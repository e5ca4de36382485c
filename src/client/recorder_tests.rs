//! The recorder against a tiny local server: what it keeps with recording on and off.

use axum::Router;
use axum::routing::post;
use serde_json::{Value, json};

use super::{Call, REDACTED, Recorder};

/// A server whose one route answers a secret, as a token endpoint does.
async fn server() -> String {
    let app = Router::new().route(
        "/token",
        post(|| async { axum::Json(json!({"access_token": "s3cret-t0ken", "expires_in": 300})) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

/// A call carrying secrets in a header and in its body.
fn call() -> Call {
    Call::post("/token")
        .bearer(Some("session-t0ken"))
        .json(json!({"username": "ada", "password": "Tr1cky-Pass!"}))
}

#[tokio::test]
async fn with_recording_off_the_recorder_keeps_no_exchange_but_still_times_the_call() {
    let mut recorder = Recorder::new(&server().await).recording(false);
    let response = recorder.send(Some("When she asks"), call()).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.json.unwrap()["access_token"], "s3cret-t0ken");
    assert!(
        recorder.exchanges().is_empty(),
        "{:?}",
        recorder.exchanges()
    );
    assert!(recorder.last_duration().is_some());
}

#[tokio::test]
async fn with_recording_on_the_recorder_keeps_every_exchange_with_its_secrets_redacted() {
    let mut recorder = Recorder::new(&server().await);
    let response = recorder.send(Some("When she asks"), call()).await.unwrap();
    assert_eq!(response.json.unwrap()["access_token"], "s3cret-t0ken");
    recorder.send(None, call()).await.unwrap();

    let exchanges = recorder.exchanges();
    assert_eq!(exchanges.len(), 2);
    let first = &exchanges[0];
    assert_eq!(first.step.as_deref(), Some("When she asks"));
    assert_eq!(first.status, Some(200));
    let authorization = first
        .request_headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.as_str());
    assert_eq!(authorization, Some(REDACTED));
    let sent: Value = serde_json::from_str(first.request_body.as_deref().unwrap()).unwrap();
    assert_eq!(sent, json!({"username": "ada", "password": REDACTED}));
    let answered: Value = serde_json::from_str(first.response_body.as_deref().unwrap()).unwrap();
    assert_eq!(
        answered,
        json!({"access_token": REDACTED, "expires_in": 300})
    );
    assert_eq!(
        recorder.last_duration().map(|d| d.as_secs_f64() * 1000.0),
        Some(exchanges[1].duration_ms)
    );
}
