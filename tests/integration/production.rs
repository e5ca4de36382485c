use crate::support::{ADMIN, Sandbox, pdf};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn production_waits_for_a_submitted_policy_and_an_approved_attestation() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("prodder").await;
    let app = sb.app(&dev, "Prod").await;
    let id = app["id"].as_str().unwrap();
    let production = format!("/portal/api/apps/{id}/production");
    let body = json!({"redirect_uris": ["https://app.example/prod-cb"]});

    let too_early = sb.post(&production, Some(&dev.token), body.clone()).await;
    assert_eq!(too_early.status, StatusCode::CONFLICT);
    assert_eq!(too_early.problem_title(), "not ready for production");
    insta::assert_json_snapshot!("production_not_ready_problem", too_early.json());

    sb.upload_policy(&dev, id, &pdf(), "application/pdf").await;
    sb.post(
        &format!("/portal/api/apps/{id}/privacy-policy/submit"),
        Some(&dev.token),
        json!({}),
    )
    .await;
    let attestation = sb.attest_security(&dev, id).await;
    assert_eq!(attestation.status, StatusCode::CREATED);
    let attestation = attestation.json();
    assert_eq!(attestation["status"], "pending");

    let pending = sb.post(&production, Some(&dev.token), body.clone()).await;
    assert_eq!(pending.codes(), ["security_attestation.not_approved"]);

    let review = format!(
        "/portal/api/admin/attestations/{}/review",
        attestation["id"].as_str().unwrap()
    );
    let approved = sb
        .post(&review, Some(ADMIN), json!({"decision": "approved"}))
        .await;
    assert_eq!(approved.json()["status"], "approved");

    let registered = sb.post(&production, Some(&dev.token), body.clone()).await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let registered = registered.json();
    let prod_id = registered["client_id"].as_str().unwrap();
    assert!(prod_id.starts_with("prod-"));
    assert_ne!(
        prod_id,
        app["credentials"]["development"]["client_id"]
            .as_str()
            .unwrap()
    );

    let in_production = sb
        .get(&format!("/portal/api/apps/{id}"), Some(&dev.token))
        .await
        .json();
    crate::dashboard_snapshot!("dashboard_in_production", in_production);

    let twice = sb.post(&production, Some(&dev.token), body).await;
    assert_eq!(twice.problem_title(), "already in production");

    let removed = sb
        .send(Method::DELETE, &production, Some(&dev.token), None, vec![])
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let dashboard = sb
        .get(&format!("/portal/api/apps/{id}"), Some(&dev.token))
        .await
        .json();
    assert_eq!(dashboard["credentials"]["production"], json!(null));
    assert_eq!(
        dashboard["credentials"]["development"]["client_id"],
        app["credentials"]["development"]["client_id"],
        "the development client stays"
    );
}

#[tokio::test]
async fn an_issue_is_mailed_and_the_developer_can_resubmit() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("fixer").await;
    let app = sb.app(&dev, "Fixable").await;
    let id = app["id"].as_str().unwrap();
    let first = sb.attest_security(&dev, id).await.json();
    let tickets = sb.get("/portal/api/tickets", Some(&dev.token)).await.json();
    assert_eq!(tickets["tickets"][0]["id"], first["ticket_id"]);
    assert!((1..=4).contains(&tickets["tickets"][0]["severity"].as_u64().unwrap()));
    assert_eq!(tickets["tickets"][0]["status"], "open");

    let again = sb.attest_security(&dev, id).await;
    assert_eq!(again.problem_title(), "attestation already pending");

    let review = format!(
        "/portal/api/admin/attestations/{}/review",
        first["id"].as_str().unwrap()
    );
    let no_reason = sb
        .post(&review, Some(ADMIN), json!({"decision": "issue"}))
        .await;
    assert_eq!(no_reason.codes(), ["reason.required"]);
    let issue = sb
        .post(
            &review,
            Some(ADMIN),
            json!({"decision": "issue", "reason": "Encrypt data at rest."}),
        )
        .await;
    assert_eq!(issue.json()["status"], "issue");
    let mails = sb
        .get(&format!("/_sandbox/outbox?to={}", dev.email), None)
        .await
        .json();
    let last = mails["mails"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["subject"], "Security attestation needs changes");
    assert!(
        last["body"]
            .as_str()
            .unwrap()
            .contains("Encrypt data at rest.")
    );

    let twice = sb
        .post(&review, Some(ADMIN), json!({"decision": "approved"}))
        .await;
    assert_eq!(twice.problem_title(), "attestation not pending");

    let resubmitted = sb.attest_security(&dev, id).await;
    assert_eq!(resubmitted.status, StatusCode::CREATED);
    assert_eq!(resubmitted.json()["status"], "pending");
    let list = sb
        .get("/portal/api/attestations", Some(&dev.token))
        .await
        .json();
    let statuses: Vec<&str> = list["attestations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["pending", "issue"]);
}

#[tokio::test]
async fn the_review_api_refuses_developers_and_strangers() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("sneaky").await;
    let app = sb.app(&dev, "Sneaky").await;
    let att = sb
        .attest_security(&dev, app["id"].as_str().unwrap())
        .await
        .json();
    let review = format!(
        "/portal/api/admin/attestations/{}/review",
        att["id"].as_str().unwrap()
    );
    let body = json!({"decision": "approved"});
    let none = sb.post(&review, None, body.clone()).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    let developer = sb.post(&review, Some(&dev.token), body.clone()).await;
    assert_eq!(developer.status, StatusCode::FORBIDDEN);
    assert_eq!(developer.problem_title(), "admin token required");
    let list = sb
        .get("/portal/api/attestations", Some(&dev.token))
        .await
        .json();
    assert_eq!(
        list["attestations"][0]["status"], "pending",
        "refused reviews change nothing"
    );
}
