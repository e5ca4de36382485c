//! Client secrets are shown at registration, then only on their owner's explicit reveal;
//! every answer that shows one is never cached.

use super::{assert_absent, text};
use crate::support::{ADMIN, Dev, Reply, Sandbox, pdf};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

fn dev_secret(dashboard: &Value) -> Option<&str> {
    dashboard["credentials"]["development"]["client_secret"].as_str()
}

fn assert_no_store(what: &str, reply: &Reply) {
    assert_eq!(reply.header("cache-control"), Some("no-store"), "{what}");
}

/// Submits the policy, has the security team approve the attestation, and registers
/// the app in production; returns the production registration's answer.
async fn into_production(sb: &Sandbox, dev: &Dev, id: &str) -> Reply {
    sb.upload_policy(dev, id, &pdf(), "application/pdf").await;
    let submit = format!("/portal/api/apps/{id}/privacy-policy/submit");
    sb.post(&submit, Some(&dev.token), json!({})).await;
    let attestation = sb.attest_security(dev, id).await.json();
    let review = format!(
        "/portal/api/admin/attestations/{}/review",
        attestation["id"].as_str().unwrap_or_default()
    );
    let approved = sb
        .post(&review, Some(ADMIN), json!({"decision": "approved"}))
        .await;
    assert_eq!(approved.status, StatusCode::OK);
    sb.post(
        &format!("/portal/api/apps/{id}/production"),
        Some(&dev.token),
        json!({"redirect_uris": ["https://app.example/prod-cb"]}),
    )
    .await
}

#[tokio::test]
async fn registration_shows_the_secret_once_and_afterwards_only_its_owner_reveal_does() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("owner").await;
    let created = sb
        .post(
            "/portal/api/apps",
            Some(&dev.token),
            json!({"name": "Secretive", "scopes": ["openid", "patient/Patient.read"],
                   "redirect_uris": "https://app.example/cb"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_no_store("the registration answer", &created);
    let created = created.json();
    let secret = dev_secret(&created)
        .expect("a secret at registration")
        .to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    let app = format!("/portal/api/apps/{id}");

    let mut masked: Vec<(&str, Reply)> = vec![
        ("the dashboard", sb.get(&app, Some(&dev.token)).await),
        (
            "the app list",
            sb.get("/portal/api/apps", Some(&dev.token)).await,
        ),
        (
            "the app list asked to reveal",
            sb.get("/portal/api/apps?reveal=true", Some(&dev.token))
                .await,
        ),
        (
            "the dashboard with reveal=false",
            sb.get(&format!("{app}?reveal=false"), Some(&dev.token))
                .await,
        ),
        (
            "an edit",
            sb.json(
                Method::PATCH,
                &app,
                Some(&dev.token),
                json!({"name": "Renamed"}),
            )
            .await,
        ),
    ];
    let revealed = sb
        .get(&format!("{app}?reveal=true"), Some(&dev.token))
        .await;
    assert_no_store("the revealed dashboard", &revealed);
    assert_eq!(dev_secret(&revealed.json()), Some(secret.as_str()));

    let production = into_production(&sb, &dev, &id).await;
    assert_eq!(production.status, StatusCode::CREATED);
    assert_no_store("the production registration", &production);
    let prod_secret = production.json()["client_secret"]
        .as_str()
        .expect("the production secret, this once")
        .to_owned();
    masked.push((
        "the dashboard in production",
        sb.get(&app, Some(&dev.token)).await,
    ));
    masked.push((
        "the attestations",
        sb.get("/portal/api/attestations", Some(&dev.token)).await,
    ));
    masked.push((
        "the tickets",
        sb.get("/portal/api/tickets", Some(&dev.token)).await,
    ));
    masked.push((
        "the admin attestations",
        sb.get("/portal/api/admin/attestations", Some(ADMIN)).await,
    ));
    masked.push((
        "the admin tickets",
        sb.get("/portal/api/admin/tickets", Some(ADMIN)).await,
    ));
    masked.push(("the outbox", sb.get("/_sandbox/outbox", None).await));
    masked.push((
        "the request log",
        sb.get("/_sandbox/requests?limit=1000", None).await,
    ));
    let secrets = [
        ("the development secret", secret.as_str()),
        ("the production secret", &prod_secret),
    ];
    for (what, reply) in &masked {
        assert_eq!(reply.status, StatusCode::OK, "{what}: {}", text(reply));
        assert_absent(what, &text(reply), &secrets);
    }
    let dashboard = masked[0].1.json();
    assert_eq!(dev_secret(&dashboard), Some(sandbox::MASK));

    let both = sb
        .get(&format!("{app}?reveal=true"), Some(&dev.token))
        .await
        .json();
    assert_eq!(dev_secret(&both), Some(secret.as_str()));
    assert_eq!(
        both["credentials"]["production"]["client_secret"].as_str(),
        Some(prod_secret.as_str())
    );
}

#[tokio::test]
async fn another_developers_reveal_is_refused_and_shows_nothing_of_the_app() {
    let sb = Sandbox::new().await;
    let owner = sb.developer("keeper").await;
    let stranger = sb.developer("snoop").await;
    let created = sb.app(&owner, "Private").await;
    let id = created["id"].as_str().unwrap();
    let secret = dev_secret(&created).unwrap();
    let client_id = created["credentials"]["development"]["client_id"]
        .as_str()
        .unwrap();
    let app = format!("/portal/api/apps/{id}");
    let attempts = [
        (
            "a reveal",
            sb.get(&format!("{app}?reveal=true"), Some(&stranger.token))
                .await,
        ),
        ("a dashboard", sb.get(&app, Some(&stranger.token)).await),
        (
            "an edit",
            sb.json(
                Method::PATCH,
                &app,
                Some(&stranger.token),
                json!({"client_type": "confidential-forms"}),
            )
            .await,
        ),
        (
            "the policy",
            sb.get(&format!("{app}/privacy-policy"), Some(&stranger.token))
                .await,
        ),
    ];
    for (what, reply) in &attempts {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{what}");
        assert_eq!(reply.problem_title(), "not found", "{what}");
        assert_absent(
            what,
            &text(reply),
            &[("the secret", secret), ("the client id", client_id)],
        );
    }
    let theirs = sb
        .get("/portal/api/apps?reveal=true", Some(&stranger.token))
        .await;
    assert_eq!(
        theirs.json()["apps"],
        json!([]),
        "a stranger lists none of it"
    );
    let unsigned = sb.get(&format!("{app}?reveal=true"), None).await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_sign_in_answer_carrying_the_session_token_is_never_cached() {
    let sb = Sandbox::new().await;
    sb.developer("cachy").await;
    let signed_in = sb.sign_in("cachy", crate::support::PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::CREATED);
    assert_no_store("the sign-in answer", &signed_in);
    assert_eq!(signed_in.header("pragma"), Some("no-cache"));
}

#[tokio::test]
async fn the_store_keeps_secrets_and_tokens_only_sealed_or_hashed() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("sealer").await;
    let created = sb.app(&dev, "Sealed").await;
    let secret = dev_secret(&created).unwrap().to_owned();
    let store = format!("{:?}", sb.state.store);
    assert!(store.contains("Sealed"), "the dump shows the app");
    assert_absent(
        "the store",
        &store,
        &[
            ("the client secret", &secret),
            ("the session token", &dev.token),
        ],
    );
}
