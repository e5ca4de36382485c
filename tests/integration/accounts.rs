use crate::support::{PASSWORD, Sandbox};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn signing_up_mails_a_link_that_verifies_the_account() {
    let sb = Sandbox::new().await;
    let token = sb.sign_up("rosa").await;
    let before = sb.sign_in("rosa", PASSWORD).await;
    assert_eq!(before.status, StatusCode::FORBIDDEN);
    assert_eq!(before.problem_title(), "email not verified");

    let verified = sb
        .get(&format!("/portal/api/verify-email?token={token}"), None)
        .await;
    assert_eq!(
        verified.json(),
        json!({"verified": true, "username": "rosa"})
    );
    let after = sb.sign_in("rosa", PASSWORD).await;
    assert_eq!(after.status, StatusCode::CREATED);
    assert!(
        after.json()["token"]
            .as_str()
            .is_some_and(|t| t.len() >= 40)
    );
}

#[tokio::test]
async fn every_broken_password_rule_is_reported_with_its_own_code() {
    let sb = Sandbox::new().await;
    let reply = sb
        .post(
            "/portal/api/accounts",
            None,
            json!({"email": "x@example.com", "username": "xavier", "password": "abc",
                   "confirm_password": "abd", "accept_terms": false}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.codes(),
        [
            "password.too_short",
            "password.missing_digit",
            "password.missing_upper",
            "password.missing_special",
            "confirm_password.mismatch",
            "accept_terms.required"
        ]
    );
    insta::assert_json_snapshot!("sign_up_validation_problem", reply.json());
    let outbox = sb.get("/_sandbox/outbox", None).await.json();
    assert_eq!(
        outbox["mails"],
        json!([]),
        "a refused sign-up sends no mail"
    );
}

#[tokio::test]
async fn usernames_and_emails_are_unique_whatever_their_case() {
    let sb = Sandbox::new().await;
    sb.sign_up("marian").await;
    let same_name = sb
        .post(
            "/portal/api/accounts",
            None,
            json!({"email": "other@example.com", "username": "MARIAN", "password": PASSWORD,
                   "confirm_password": PASSWORD, "accept_terms": true}),
        )
        .await;
    assert_eq!(same_name.status, StatusCode::CONFLICT);
    assert_eq!(same_name.problem_title(), "username taken");
    let same_email = sb
        .post(
            "/portal/api/accounts",
            None,
            json!({"email": "Marian@Example.com", "username": "marian2", "password": PASSWORD,
                   "confirm_password": PASSWORD, "accept_terms": true}),
        )
        .await;
    assert_eq!(same_email.problem_title(), "email taken");
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_until_the_clock_moves_on() {
    let sb = Sandbox::new().await;
    sb.developer("locky").await;
    for _ in 0..4 {
        assert_eq!(
            sb.sign_in("locky", "Wrong-Pass-1").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let fifth = sb.sign_in("locky", "Wrong-Pass-1").await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(fifth.header("retry-after"), Some("900"));
    let right_but_locked = sb.sign_in("locky", PASSWORD).await;
    assert_eq!(right_but_locked.problem_title(), "account locked");

    let advanced = sb
        .post("/_sandbox/clock/advance", None, json!({"seconds": 901}))
        .await;
    assert_eq!(advanced.status, StatusCode::OK);
    assert_eq!(
        sb.sign_in("locky", PASSWORD).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn an_unknown_username_gets_the_same_answer_as_a_wrong_password() {
    let sb = Sandbox::new().await;
    sb.developer("known").await;
    let unknown = sb.sign_in("nobody", PASSWORD).await;
    let wrong = sb.sign_in("known", "Wrong-Pass-1").await;
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(unknown.bytes, wrong.bytes);
}

#[tokio::test]
async fn nothing_but_the_terms_works_until_they_are_accepted() {
    let sb = Sandbox::new().await;
    let token = sb.sign_up("terry").await;
    sb.get(&format!("/portal/api/verify-email?token={token}"), None)
        .await;
    let session = sb.sign_in("terry", PASSWORD).await.json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let apps = sb.get("/portal/api/apps", Some(&session)).await;
    assert_eq!(apps.status, StatusCode::FORBIDDEN);
    assert_eq!(apps.problem_title(), "terms not accepted");
    let me = sb.get("/portal/api/accounts/me", Some(&session)).await;
    assert_eq!(me.json()["terms_accepted"], false);
    sb.post("/portal/api/terms/accept", Some(&session), json!({}))
        .await;
    assert_eq!(
        sb.get("/portal/api/apps", Some(&session)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_signed_out_session_no_longer_opens_the_portal() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("leaver").await;
    let out = sb
        .send(
            axum::http::Method::DELETE,
            "/portal/api/sessions/current",
            Some(&dev.token),
            None,
            vec![],
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let after = sb.get("/portal/api/apps", Some(&dev.token)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        after.header("www-authenticate"),
        Some("Bearer realm=\"portal\"")
    );
}

#[tokio::test]
async fn sessions_expire_after_twelve_hours_of_sandbox_time() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("sleepy").await;
    sb.post(
        "/_sandbox/clock/advance",
        None,
        json!({"seconds": 12 * 3600 + 1}),
    )
    .await;
    assert_eq!(
        sb.get("/portal/api/apps", Some(&dev.token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn concurrent_sign_ups_with_one_username_create_exactly_one_account() {
    let sb = std::sync::Arc::new(Sandbox::new().await);
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let sb = sb.clone();
            tokio::spawn(async move {
                sb.post(
                    "/portal/api/accounts",
                    None,
                    json!({"email": format!("racer{i}@example.com"), "username": "racer",
                           "password": PASSWORD, "confirm_password": PASSWORD, "accept_terms": true}),
                )
                .await
                .status
            })
        })
        .collect();
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 1);
    let mails = sb.get("/_sandbox/outbox", None).await.json();
    assert_eq!(
        mails["mails"].as_array().unwrap().len(),
        1,
        "one mail for one account"
    );
}
