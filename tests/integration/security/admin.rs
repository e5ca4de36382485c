//! The security team's review API answers the admin token alone, never a developer.
//! (`production::the_review_api_refuses_developers_and_strangers` covers the review call
//! itself and that a refused review changes nothing; these cover every admin endpoint.)

use crate::support::{ADMIN, Sandbox};
use axum::http::{Method, StatusCode};
use sandbox::SandboxConfig;
use serde_json::json;

/// Every admin call, for an attestation `att`.
fn admin_calls(att: &str) -> Vec<(Method, String)> {
    vec![
        (Method::GET, "/portal/api/admin/attestations".into()),
        (
            Method::GET,
            "/portal/api/admin/attestations?status=pending".into(),
        ),
        (
            Method::POST,
            format!("/portal/api/admin/attestations/{att}/review"),
        ),
        (Method::GET, "/portal/api/admin/tickets".into()),
    ]
}

#[tokio::test]
async fn a_developer_token_is_refused_by_every_admin_endpoint() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("mallory").await;
    let app = sb.app(&dev, "Mine").await;
    let att = sb
        .attest_security(&dev, app["id"].as_str().unwrap())
        .await
        .json();
    let att = att["id"].as_str().unwrap();
    let body = json!({"decision": "approved"});
    for (method, path) in admin_calls(att) {
        for (who, token, status) in [
            ("nobody", None, StatusCode::UNAUTHORIZED),
            (
                "a developer",
                Some(dev.token.as_str()),
                StatusCode::FORBIDDEN,
            ),
            (
                "a longer token",
                Some("test-admin-token2"),
                StatusCode::FORBIDDEN,
            ),
            ("a guess", Some("test-admin-tokeN"), StatusCode::FORBIDDEN),
        ] {
            let reply = sb.json(method.clone(), &path, token, body.clone()).await;
            assert_eq!(reply.status, status, "{who}: {method} {path}");
            assert_eq!(
                reply.problem_title(),
                "admin token required",
                "{who}: {path}"
            );
        }
        let admin = sb
            .json(method.clone(), &path, Some(ADMIN), body.clone())
            .await;
        assert!(
            admin.status.is_success(),
            "the admin token: {method} {path}"
        );
    }
}

#[tokio::test]
async fn without_a_configured_admin_token_the_review_api_refuses_everyone() {
    let sb = Sandbox::exactly(SandboxConfig {
        admin_token: None,
        password_cost: sandbox::PasswordCost::Fast,
        ..Default::default()
    });
    let dev = sb.developer("early").await;
    let app = sb.app(&dev, "Early").await;
    let att = sb
        .attest_security(&dev, app["id"].as_str().unwrap())
        .await
        .json();
    for (method, path) in admin_calls(att["id"].as_str().unwrap()) {
        for token in [Some(dev.token.as_str()), Some(ADMIN), Some("")] {
            let reply = sb
                .json(
                    method.clone(),
                    &path,
                    token,
                    json!({"decision": "approved"}),
                )
                .await;
            assert_eq!(reply.problem_title(), "admin token required", "{path}");
            assert!(reply.status.is_client_error(), "{path}");
        }
    }
    let mine = sb
        .get("/portal/api/attestations", Some(&dev.token))
        .await
        .json();
    assert_eq!(mine["attestations"][0]["status"], "pending");
}
