use crate::support::Sandbox;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_clock_only_moves_forward_by_sensible_amounts() {
    let sb = Sandbox::new().await;
    let before = sb.get("/_sandbox/clock", None).await.json();
    assert_eq!(before["offset_seconds"], 0);
    for bad in [
        json!(-5),
        json!(0),
        json!("300"),
        json!(1.5),
        json!(400_000_000),
    ] {
        let reply = sb
            .post("/_sandbox/clock/advance", None, json!({"seconds": bad}))
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let after = sb
        .post("/_sandbox/clock/advance", None, json!({"seconds": 300}))
        .await
        .json();
    assert_eq!(after["offset_seconds"], 300);
}

#[tokio::test]
async fn reset_returns_to_the_seeded_state() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("temp").await;
    sb.app(&dev, "Temp").await;
    sb.post("/_sandbox/clock/advance", None, json!({"seconds": 60}))
        .await;
    let reset = sb.post("/_sandbox/reset", None, json!({})).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_eq!(
        sb.get("/_sandbox/outbox", None).await.json()["mails"],
        json!([])
    );
    assert_eq!(
        sb.get("/_sandbox/clock", None).await.json()["offset_seconds"],
        0
    );
    assert_eq!(
        sb.get("/portal/api/apps", Some(&dev.token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_request_log_shows_recent_requests_with_secrets_redacted() {
    let sb = Sandbox::new().await;
    let reply = sb.get("/portal/api/verify-email?token=s3cr3t", None).await;
    let request_id = reply
        .header("x-request-id")
        .expect("every answer names its request")
        .to_owned();
    let log = sb.get("/_sandbox/requests?limit=5", None).await.json();
    let first = &log["requests"][0];
    assert_eq!(first["id"].to_string(), request_id);
    assert_eq!(first["path"], "/portal/api/verify-email");
    assert_eq!(first["query"], "token=[redacted]");
    assert_eq!(first["status"], 404);
    assert!(!log.to_string().contains("s3cr3t"));
}
