//! Registering an app in production once its policy and attestation are in order
//! (portal guide, section 3.7.1).

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::apps::{DEFAULT_REDIRECT, app_path, dashboard};
use super::attestation::{approve, submit_complete};
use super::privacy_policy::{submit, upload};
use super::{expect_json, expect_problem, expect_status, fail, text_at};
use crate::client::Call;
use crate::world::{PortalWorld, Who};

/// The production redirect URI (production apps usually call back to another host).
const PRODUCTION_REDIRECT: &str = "https://app.example.test/production/callback";

/// Uploads and submits the sample policy of `app` as its owner.
async fn policy_submitted(w: &mut PortalWorld, app: &str) {
    let owner = Who::Named(w.app(app).owner.clone());
    upload(w, &owner, app, "privacy-policy.pdf", "application/pdf").await;
    expect_json(
        w,
        201,
        "privacy-policy-status",
        "uploading the privacy policy",
    );
    submit(w, &owner, app).await;
    expect_json(
        w,
        200,
        "privacy-policy-status",
        "submitting the privacy policy",
    );
}

/// Submits the security attestation of `app` as its owner.
async fn attestation_pending(w: &mut PortalWorld, app: &str) {
    let owner = Who::Named(w.app(app).owner.clone());
    submit_complete(w, &owner, app).await;
    expect_json(w, 201, "attestation", "submitting the security attestation");
}

/// Submits and has the security team approve the attestation of `app`.
async fn attestation_approved(w: &mut PortalWorld, app: &str) {
    attestation_pending(w, app).await;
    approve(w, app).await;
    expect_json(w, 200, "attestation", "approving the attestation");
}

#[given(regex = r#"^the app "([^"]+)" has a submitted privacy policy$"#)]
async fn has_policy(w: &mut PortalWorld, step: &Step, app: String) {
    w.begin(step);
    policy_submitted(w, &app).await;
}

#[given(regex = r#"^the app "([^"]+)" has a pending security attestation$"#)]
async fn has_pending(w: &mut PortalWorld, step: &Step, app: String) {
    w.begin(step);
    attestation_pending(w, &app).await;
}

#[given(regex = r#"^the app "([^"]+)" has an approved security attestation$"#)]
async fn has_approved(w: &mut PortalWorld, step: &Step, app: String) {
    w.begin(step);
    attestation_approved(w, &app).await;
}

/// Both prerequisites of section 3.7.1: the policy submitted, the attestation approved.
#[given(regex = r#"^the app "([^"]+)" is ready for production$"#)]
async fn ready(w: &mut PortalWorld, step: &Step, app: String) {
    w.begin(step);
    policy_submitted(w, &app).await;
    attestation_approved(w, &app).await;
}

/// Registers `app` in production as `who` with `redirect_uris` (a JSON list, or one
/// string as typed in the form), remembering the production client id.
async fn register_production(w: &mut PortalWorld, who: &Who, app: &str, redirect_uris: Value) {
    let token = w.token_of(who);
    let path = app_path(w, app, "/production");
    let body = json!({"redirect_uris": redirect_uris});
    let response = w
        .send(Call::post(path).bearer(Some(&token)).json(body))
        .await;
    if response.status == 201
        && let Some(id) = response.json.as_ref().and_then(|j| j["client_id"].as_str())
    {
        w.app(app).production_client_id = Some(id.to_owned());
    }
}

#[given(regex = r#"^(she|he|they|"[^"]+") registered the app "([^"]+)" in production$"#)]
async fn registered_production(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    register_production(w, &who, &app, json!([PRODUCTION_REDIRECT])).await;
    expect_json(w, 201, "production-client", "registering in production");
}

#[when(regex = r#"^(she|he|they|"[^"]+") registers? the app "([^"]+)" in production$"#)]
async fn registers_production(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    register_production(w, &who, &app, json!([PRODUCTION_REDIRECT])).await;
}

/// The Callback URLs / Redirect URIs field typed by hand, e.g. the guide's figure 35
/// entry `www.SMARTonFHIR.com`, sent exactly as typed.
#[when(
    regex = r#"^(she|he|they|"[^"]+") registers? the app "([^"]+)" in production with the redirect URI "([^"]*)"$"#
)]
async fn registers_production_with(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    app: String,
    uri: String,
) {
    w.begin(step);
    register_production(w, &who, &app, json!(uri)).await;
}

#[then("the app is registered in production with a client of its own")]
fn registered_in_production(w: &mut PortalWorld) {
    let client = expect_json(w, 201, "production-client", "registering in production");
    let app = w.current_app.clone().unwrap_or_default();
    let dev_id = w.app(&app).client_id.clone();
    let prod_id = text_at(&client, "/client_id", "the production client");
    if prod_id == dev_id {
        fail(
            w,
            format!(
                "The production client id must differ from the development one, but both are {dev_id:?}."
            ),
        );
    }
    let uris = &client["redirect_uris"];
    if uris != &json!([PRODUCTION_REDIRECT]) {
        fail(
            w,
            format!(
                "Expected the production client to use the redirect URI {PRODUCTION_REDIRECT:?}, but it has {uris}."
            ),
        );
    }
    if uris
        .as_array()
        .is_some_and(|u| u.contains(&json!(DEFAULT_REDIRECT)))
    {
        fail(
            w,
            "The production client inherited the development redirect URI.",
        );
    }
}

/// 409 "not ready for production" that names what is missing.
#[then(
    regex = r#"^the production registration is refused because the "(privacy_policy|security_attestation)" is not ready$"#
)]
fn not_ready(w: &mut PortalWorld, missing: String) {
    let problem = expect_problem(w, 409, Some("not ready for production"));
    let fields = super::problem_fields(&problem);
    if !fields.contains(&missing) {
        panic!(
            "Expected the refusal to name {missing:?} as missing, but it names {fields:?}.\n{}",
            super::shown(w.last())
        );
    }
}

#[then("the dashboard shows both the development and the production client")]
fn shows_both(w: &mut PortalWorld) {
    let board = dashboard(w);
    let app = w.current_app.clone().unwrap_or_default();
    let record = w.app(&app).clone();
    let dev = board.pointer("/credentials/development/client_id");
    let prod = board.pointer("/credentials/production/client_id");
    if dev != Some(&json!(record.client_id)) || prod != Some(&json!(record.production_client_id)) {
        fail(
            w,
            format!(
                "Expected the dashboard to show the development client {:?} and the production client \
             {:?}, but it shows {} and {}.",
                record.client_id,
                record.production_client_id,
                dev.cloned().unwrap_or_default(),
                prod.cloned().unwrap_or_default()
            ),
        );
    }
    if board["production_readiness"]["ready"] != json!(true) {
        fail(
            w,
            format!(
                "An app in production must show as ready, but production_readiness is {}.",
                board["production_readiness"]
            ),
        );
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") removes? the production client of the app "([^"]+)"$"#)]
async fn removes_production(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    let token = w.token_of(&who);
    let path = app_path(w, &app, "/production");
    w.send(Call::delete(path).bearer(Some(&token))).await;
}

#[then("the production client is removed")]
fn production_removed(w: &mut PortalWorld) {
    expect_status(w, 204, "removing the production client");
}

#[then("the dashboard shows the development client alone")]
fn shows_development_alone(w: &mut PortalWorld) {
    let board = dashboard(w);
    let app = w.current_app.clone().unwrap_or_default();
    let dev_id = w.app(&app).client_id.clone();
    let dev = board.pointer("/credentials/development/client_id");
    if dev != Some(&json!(dev_id)) {
        fail(
            w,
            format!(
                "Expected the development client {dev_id:?} to stay, but the dashboard shows {}.",
                dev.cloned().unwrap_or_default()
            ),
        );
    }
    if !board["credentials"]["production"].is_null() {
        fail(
            w,
            format!(
                "Expected no production client any more, but the dashboard shows {}.",
                board["credentials"]["production"]
            ),
        );
    }
}

#[then(
    regex = r#"^the dashboard says the app is missing the "(privacy_policy|security_attestation)" for production$"#
)]
fn readiness_missing(w: &mut PortalWorld, missing: String) {
    let board = dashboard(w);
    let readiness = &board["production_readiness"];
    let listed = readiness["missing"]
        .as_array()
        .is_some_and(|m| m.contains(&json!(missing)));
    if readiness["ready"] != json!(false) || !listed {
        fail(
            w,
            format!(
                "Expected the dashboard to show the app not ready, missing {missing:?}, but it shows {readiness}."
            ),
        );
    }
}
