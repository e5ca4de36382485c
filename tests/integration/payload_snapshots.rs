//! Golden files of the key payloads an app reads: the SMART configuration, the
//! CapabilityStatement, the token response and the access token's claims, a Patient
//! read and a directory search Bundle. Any change in what the sandbox serves shows up
//! as a snapshot diff in review, where someone decides whether apps can live with it.
//!
//! Tokens, timestamps and generated ids are redacted so the files are stable; the
//! seeded FHIR data is not, since the same seed must serve the same bytes.

use crate::fhir_api::{rose_token, rose_tokens};
use crate::support::Sandbox;
use base64::Engine as _;
use serde_json::Value;

/// The claims of a JWT, unverified: the sandbox's own tests check the signature.
fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT has three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url claims");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

#[tokio::test]
async fn the_smart_configuration_of_dev1() {
    let sb = Sandbox::new().await;
    let body = sb
        .get("/dev1/fhir/.well-known/smart-configuration", None)
        .await
        .json();
    insta::assert_json_snapshot!("smart_configuration_dev1", body);
}

#[tokio::test]
async fn the_capability_statement_of_dev1() {
    let sb = Sandbox::new().await;
    let body = sb.get("/dev1/fhir/metadata", None).await.json();
    insta::assert_json_snapshot!("capability_statement_dev1", body, {
        ".date" => "[time]",
    });
}

#[tokio::test]
async fn the_token_response_and_the_access_token_claims() {
    let sb = Sandbox::new().await;
    let scopes = "openid fhirUser launch/patient offline_access patient/Patient.read";
    let tokens = rose_tokens(&sb, scopes).await;
    let access = claims(tokens["access_token"].as_str().expect("an access token"));
    let id = claims(tokens["id_token"].as_str().expect("an ID token"));
    insta::assert_json_snapshot!("token_response", tokens, {
        ".access_token" => "[jwt]",
        ".id_token" => "[jwt]",
        ".refresh_token" => "[token]",
    });
    insta::assert_json_snapshot!("access_token_claims", access, {
        ".client_id" => "[client_id]",
        ".iat" => "[time]",
        ".exp" => "[time]",
        ".jti" => "[id]",
    });
    insta::assert_json_snapshot!("id_token_claims", id, {
        ".aud" => "[client_id]",
        ".iat" => "[time]",
        ".exp" => "[time]",
        ".nonce" => "[nonce]",
    });
}

#[tokio::test]
async fn rose_s_patient_record() {
    let sb = Sandbox::new().await;
    let token = rose_token(&sb, &["Patient"]).await;
    let body = sb
        .get("/dev1/fhir/Patient/smart-15716", Some(&token))
        .await
        .json();
    insta::assert_json_snapshot!("patient_smart_15716", body);
}

#[tokio::test]
async fn a_directory_search_bundle_with_includes() {
    let sb = Sandbox::new().await;
    let body = sb
        .get(
            "/dev1/fhir/PractitionerRole?specialty=http://nucc.org/provider-taxonomy|207Q00000X&_count=2&_include=PractitionerRole:practitioner&_include=PractitionerRole:location",
            None,
        )
        .await
        .json();
    assert_eq!(body["resourceType"], "Bundle");
    insta::assert_json_snapshot!("practitioner_role_search", body, {
        ".meta.lastUpdated" => "[time]",
    });
}
