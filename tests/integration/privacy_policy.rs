use crate::support::{Sandbox, pdf};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn an_uploaded_policy_can_be_viewed_removed_and_submitted() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("policy").await;
    let app = sb.app(&dev, "Policy").await;
    let id = app["id"].as_str().unwrap();
    let path = format!("/portal/api/apps/{id}/privacy-policy");

    let first = sb.upload_policy(&dev, id, &pdf(), "application/pdf").await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(first.json()["status"], "uploaded");
    let again = sb.upload_policy(&dev, id, &pdf(), "application/pdf").await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "a second upload replaces the first"
    );

    let view = sb.get(&path, Some(&dev.token)).await;
    assert_eq!(view.header("content-type"), Some("application/pdf"));
    assert_eq!(view.bytes, pdf());

    let removed = sb
        .send(Method::DELETE, &path, Some(&dev.token), None, vec![])
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        sb.get(&path, Some(&dev.token)).await.status,
        StatusCode::NOT_FOUND
    );
    let nothing = sb
        .post(&format!("{path}/submit"), Some(&dev.token), json!({}))
        .await;
    assert_eq!(nothing.status, StatusCode::CONFLICT);
    assert_eq!(nothing.problem_title(), "no privacy policy uploaded");

    sb.upload_policy(&dev, id, &pdf(), "application/pdf").await;
    let submitted = sb
        .post(&format!("{path}/submit"), Some(&dev.token), json!({}))
        .await;
    assert_eq!(submitted.json()["status"], "submitted");
    let dashboard = sb
        .get(&format!("/portal/api/apps/{id}"), Some(&dev.token))
        .await
        .json();
    assert_eq!(dashboard["privacy_policy"]["status"], "submitted");
}

#[tokio::test]
async fn only_real_pdfs_are_accepted() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("faker").await;
    let app = sb.app(&dev, "Fake").await;
    let id = app["id"].as_str().unwrap();

    let text = sb
        .upload_policy(&dev, id, b"We never sell data.", "text/plain")
        .await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let claims = sb
        .upload_policy(&dev, id, b"We never sell data.", "application/pdf")
        .await;
    assert_eq!(claims.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(claims.codes(), ["body.not_pdf"]);
    let cut = pdf();
    let truncated = sb
        .upload_policy(&dev, id, &cut[..cut.len() / 2], "application/pdf")
        .await;
    assert_eq!(truncated.codes(), ["body.truncated_pdf"]);
    let mut huge = b"%PDF-1.4\n".to_vec();
    huge.resize(10 * 1024 * 1024 + 1, b' ');
    let too_big = sb.upload_policy(&dev, id, &huge, "application/pdf").await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);

    let dashboard = sb
        .get(&format!("/portal/api/apps/{id}"), Some(&dev.token))
        .await
        .json();
    assert_eq!(dashboard["privacy_policy"]["status"], "not_uploaded");
}

#[tokio::test]
async fn privacy_attestation_accepts_any_answers_but_needs_all_of_them() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("attester").await;
    let app = sb.app(&dev, "Honest").await;
    let path = format!(
        "/portal/api/apps/{}/privacy-attestation",
        app["id"].as_str().unwrap()
    );
    let questions = sb
        .get("/portal/api/attestation-questions", None)
        .await
        .json();
    let ids: Vec<String> = questions["privacy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect();
    let all_no: serde_json::Map<_, _> = ids.iter().map(|id| (id.clone(), json!("no"))).collect();
    let accepted = sb
        .post(&path, Some(&dev.token), json!({"answers": all_no}))
        .await;
    assert_eq!(accepted.status, StatusCode::CREATED);

    let partial: serde_json::Map<_, _> = ids
        .iter()
        .skip(1)
        .map(|id| (id.clone(), json!("yes")))
        .collect();
    let refused = sb
        .post(&path, Some(&dev.token), json!({"answers": partial}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.codes(), ["answers.missing"]);
}
