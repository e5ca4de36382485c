//! Codes, refresh tokens and access tokens are bound to the tenant, client and patient
//! they were issued for.
//!
//! Covered elsewhere, not repeated here: a dev1 token is refused by every production
//! tenant's FHIR API and another member's records are not found
//! (`features/tenant_isolation.feature`), a dev1 token means nothing to bcbsm's userinfo
//! (`oauth::the_userinfo_endpoint_is_a_protected_call_with_bearer_errors`), another
//! client's introspection learns nothing (`oauth::tokens_signed_elsewhere_or_of_other_clients_are_inactive`),
//! and development clients are refused by production tenants
//! (`oauth::a_development_client_is_refused_by_production_tenants`).

use crate::oauth::{CB, basic, client, code_for, token, tokens_for};
use crate::support::Sandbox;
use axum::http::{Method, StatusCode};

fn refresh_form(refresh_token: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ]
}

#[tokio::test]
async fn a_code_issued_to_one_client_is_refused_when_another_client_exchanges_it() {
    let sb = Sandbox::new().await;
    let alice = client(&sb, "confidential-basic").await;
    let mallory = client(&sb, "confidential-basic").await;
    let code = code_for(&sb, &alice).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
    ];
    let stolen = token(&sb, "dev1", basic(&mallory), &form).await;
    assert_eq!(stolen.status, StatusCode::BAD_REQUEST);
    let stolen = stolen.json();
    assert_eq!(stolen["error"], "invalid_grant");
    assert!(stolen.get("access_token").is_none(), "{stolen}");
    // The code is spent either way: a code that leaked is no longer worth anything.
    let late = token(&sb, "dev1", basic(&alice), &form).await.json();
    assert_eq!(late["error"], "invalid_grant");
}

#[tokio::test]
async fn a_refresh_token_of_one_client_is_refused_for_another() {
    let sb = Sandbox::new().await;
    let alice = client(&sb, "confidential-basic").await;
    let mallory = client(&sb, "confidential-basic").await;
    let tokens = tokens_for(&sb, &alice).await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let stolen = token(&sb, "dev1", basic(&mallory), &refresh_form(refresh)).await;
    assert_eq!(stolen.status, StatusCode::BAD_REQUEST);
    assert_eq!(stolen.json()["error"], "invalid_grant");
    assert!(stolen.json().get("access_token").is_none());
    let own = token(&sb, "dev1", basic(&alice), &refresh_form(refresh)).await;
    assert_eq!(own.status, StatusCode::OK, "the refusal did not spend it");
}

#[tokio::test]
async fn another_client_cannot_revoke_a_clients_tokens() {
    let sb = Sandbox::new().await;
    let alice = client(&sb, "confidential-basic").await;
    let mallory = client(&sb, "confidential-basic").await;
    let tokens = tokens_for(&sb, &alice).await;
    for kind in ["refresh_token", "access_token"] {
        let mut headers = basic(&mallory);
        headers.push(("content-type", "application/x-www-form-urlencoded".into()));
        let body = crate::oauth::query(&[("token", tokens[kind].as_str().unwrap())]);
        let revoked = sb
            .send_with(
                Method::POST,
                "/dev1/oauth2/revoke",
                &headers,
                body.into_bytes(),
            )
            .await;
        assert_eq!(
            revoked.status,
            StatusCode::OK,
            "RFC 7009 answers 200 regardless"
        );
    }
    let refreshed = token(
        &sb,
        "dev1",
        basic(&alice),
        &refresh_form(tokens["refresh_token"].as_str().unwrap()),
    )
    .await;
    assert_eq!(refreshed.status, StatusCode::OK, "still alice's");
    let bearer = vec![(
        "authorization",
        format!("Bearer {}", tokens["access_token"].as_str().unwrap()),
    )];
    let read = sb
        .send_with(
            Method::GET,
            "/dev1/fhir/Patient/smart-15716",
            &bearer,
            vec![],
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "the access token still works");
}
