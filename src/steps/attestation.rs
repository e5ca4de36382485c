//! Security attestations, their help-desk tickets and the security team's review
//! (portal guide, section 3.3.3).

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Map, Value, json};

use super::apps::{app_path, dashboard};
use super::privacy_policy::{answers, leave_one_out};
use super::{API, expect_json, fail, shown, text_at};
use crate::client::Call;
use crate::world::{PortalWorld, Who};

/// Submits the security attestation of `app`; on success its id is remembered.
pub async fn submit_security(
    w: &mut PortalWorld,
    who: &Who,
    app: &str,
    answers: Map<String, Value>,
) {
    let token = w.token_of(who);
    let path = app_path(w, app, "/security-attestation");
    let response = w
        .send(
            Call::post(path)
                .bearer(Some(&token))
                .json(json!({"answers": answers})),
        )
        .await;
    if response.status == 201
        && let Some(id) = response.json.as_ref().and_then(|j| j["id"].as_str())
    {
        w.app(app).attestation_id = Some(id.to_owned());
    }
}

/// Submits the attestation with every question answered "yes".
pub async fn submit_complete(w: &mut PortalWorld, who: &Who, app: &str) {
    let answers = answers(w, who, "security", "yes").await;
    submit_security(w, who, app, answers).await;
}

/// The security team's token; scenarios reviewing attestations need it.
fn admin_token(w: &PortalWorld) -> String {
    w.config().admin_token.clone().unwrap_or_else(|| {
        panic!(
            "This step acts as the security team and needs the admin token; run with \
             --admin-token (or CONFORM_ADMIN_TOKEN), or skip @admin scenarios."
        )
    })
}

/// Posts a review of the latest attestation of `app` with `token` (or none).
pub async fn review(w: &mut PortalWorld, app: &str, token: Option<&str>, body: Value) {
    let id = w.app(app).attestation_id.clone().unwrap_or_else(|| {
        panic!("No security attestation of {app:?} was submitted earlier in this scenario.")
    });
    let path = format!("{API}/admin/attestations/{id}/review");
    w.send(Call::post(path).bearer(token).json(body)).await;
}

/// The security team approves the latest attestation of `app`.
pub async fn approve(w: &mut PortalWorld, app: &str) {
    let token = admin_token(w);
    review(w, app, Some(&token), json!({"decision": "approved"})).await;
}

#[given(
    regex = r#"^(she|he|they|"[^"]+") submitted the security attestation of the app "([^"]+)"$"#
)]
async fn submitted(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    submit_complete(w, &who, &app).await;
    expect_json(w, 201, "attestation", "submitting the security attestation");
}

#[when(regex = r#"^(she|he|they|"[^"]+") submits? the security attestation of the app "([^"]+)"$"#)]
async fn submits(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    submit_complete(w, &who, &app).await;
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") submits? the security attestation of the app "([^"]+)" with a question unanswered$"#
)]
async fn submits_incomplete(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    let answers = leave_one_out(answers(w, &who, "security", "yes").await);
    submit_security(w, &who, &app, answers).await;
}

#[then("the security attestation is pending review")]
fn is_pending(w: &mut PortalWorld) {
    let attestation = expect_json(w, 201, "attestation", "submitting the security attestation");
    let app = w.current_app.clone().unwrap_or_default();
    let app_id = w.app(&app).id.clone();
    if attestation["status"] != json!("pending")
        || attestation["app_id"].as_str() != Some(app_id.as_str())
    {
        fail(
            w,
            format!(
                "Expected a pending attestation for {app:?} ({app_id}), but the portal says status {} \
             for app {}.",
                attestation["status"], attestation["app_id"]
            ),
        );
    }
    let ticket = text_at(&attestation, "/ticket_id", "the attestation").to_owned();
    w.notes.insert("ticket".into(), json!(ticket));
}

#[when(regex = r#"^(she|he|they|"[^"]+") lists? (?:her|his|their) attestation requests$"#)]
async fn lists_attestations(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let token = w.token_of(&who);
    w.send(Call::get(format!("{API}/attestations")).bearer(Some(&token)))
        .await;
}

#[then(
    regex = r#"^the attestation requests show the app "([^"]+)" as "(pending|approved|issue)"$"#
)]
fn requests_show(w: &mut PortalWorld, app: String, expected: String) {
    let list = expect_json(w, 200, "attestation-list", "listing attestation requests");
    let app_id = w.app(&app).id.clone();
    let items = list["attestations"].as_array().cloned().unwrap_or_default();
    // Newest first: the first request of the app is its current status.
    let current = items
        .iter()
        .find(|a| a["app_id"].as_str() == Some(app_id.as_str()));
    match current {
        Some(a) if a["status"] == json!(expected) => {}
        Some(a) => fail(
            w,
            format!(
                "Expected the latest attestation request of {app:?} to be {expected:?}, but it is {}.",
                a["status"]
            ),
        ),
        None => panic!(
            "The attestation requests do not list {app:?} ({app_id}).\n{}",
            shown(w.last())
        ),
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") lists? (?:her|his|their) help-desk tickets$"#)]
async fn lists_tickets(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let token = w.token_of(&who);
    w.send(Call::get(format!("{API}/tickets")).bearer(Some(&token)))
        .await;
}

#[then(
    regex = r#"^an open ticket with a severity from 1 to 4 tracks the attestation of the app "([^"]+)"$"#
)]
fn ticket_tracks(w: &mut PortalWorld, app: String) {
    let list = expect_json(w, 200, "ticket-list", "listing help-desk tickets");
    let attestation = w.app(&app).attestation_id.clone().unwrap_or_default();
    let tickets = list["tickets"].as_array().cloned().unwrap_or_default();
    let Some(ticket) = tickets
        .iter()
        .find(|t| t["attestation_id"].as_str() == Some(attestation.as_str()))
    else {
        panic!(
            "No help-desk ticket tracks the attestation {attestation} of {app:?}.\n{}",
            shown(w.last())
        );
    };
    let severity = ticket["severity"].as_u64().unwrap_or(0);
    if ticket["status"] != json!("open") || !(1..=4).contains(&severity) {
        fail(
            w,
            format!(
                "Expected an open ticket with a severity from 1 to 4, but ticket {} is {} with severity {}.",
                ticket["id"], ticket["status"], ticket["severity"]
            ),
        );
    }
    if let Some(expected) = w.notes.get("ticket")
        && &ticket["id"] != expected
    {
        fail(
            w,
            format!(
                "The attestation named ticket {expected}, but the ticket tracking it is {}.",
                ticket["id"]
            ),
        );
    }
}

#[given(regex = r#"^the security team approved the attestation of the app "([^"]+)"$"#)]
async fn approved(w: &mut PortalWorld, step: &Step, app: String) {
    w.begin(step);
    approve(w, &app).await;
    expect_json(w, 200, "attestation", "approving the attestation");
}

#[when(regex = r#"^the security team approves the attestation of the app "([^"]+)"$"#)]
async fn approves(w: &mut PortalWorld, step: &Step, app: String) {
    w.begin(step);
    approve(w, &app).await;
}

#[given(
    regex = r#"^the security team raised the issue "([^"]+)" on the attestation of the app "([^"]+)"$"#
)]
async fn raised_issue(w: &mut PortalWorld, step: &Step, reason: String, app: String) {
    w.begin(step);
    let token = admin_token(w);
    review(
        w,
        &app,
        Some(&token),
        json!({"decision": "issue", "reason": reason}),
    )
    .await;
    expect_json(w, 200, "attestation", "raising an issue on the attestation");
}

#[when(
    regex = r#"^the security team raises the issue "([^"]+)" on the attestation of the app "([^"]+)"$"#
)]
async fn raises_issue(w: &mut PortalWorld, step: &Step, reason: String, app: String) {
    w.begin(step);
    let token = admin_token(w);
    review(
        w,
        &app,
        Some(&token),
        json!({"decision": "issue", "reason": reason}),
    )
    .await;
}

#[when(
    regex = r#"^the security team raises an issue without a reason on the attestation of the app "([^"]+)"$"#
)]
async fn raises_issue_no_reason(w: &mut PortalWorld, step: &Step, app: String) {
    w.begin(step);
    let token = admin_token(w);
    review(w, &app, Some(&token), json!({"decision": "issue"})).await;
}

#[then(regex = r#"^the attestation is (approved|marked as an issue)$"#)]
fn review_recorded(w: &mut PortalWorld, outcome: String) {
    let attestation = expect_json(w, 200, "attestation", "reviewing the attestation");
    let expected = if outcome == "approved" {
        "approved"
    } else {
        "issue"
    };
    if attestation["status"] != json!(expected) || !attestation["reviewed_at"].is_string() {
        fail(
            w,
            format!(
                "Expected the review to leave the attestation {expected:?} with a review time, but it \
             is {} reviewed at {}.",
                attestation["status"], attestation["reviewed_at"]
            ),
        );
    }
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") tries? to approve the attestation of the app "([^"]+)" with (?:her|his|their) own session$"#
)]
async fn developer_reviews(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    let token = w.token_of(&who);
    review(w, &app, Some(&token), json!({"decision": "approved"})).await;
}

#[when(
    regex = r#"^someone tries to approve the attestation of the app "([^"]+)" without a token$"#
)]
async fn anonymous_reviews(w: &mut PortalWorld, step: &Step, app: String) {
    w.begin(step);
    review(w, &app, None, json!({"decision": "approved"})).await;
}

#[then(
    regex = r#"^the dashboard shows the security attestation as "(not_submitted|pending|approved|issue)"(?: because "([^"]+)")?$"#
)]
fn dashboard_security(w: &mut PortalWorld, expected: String, reason: String) {
    let board = dashboard(w);
    let actual = text_at(&board, "/security_attestation/status", "the dashboard");
    if actual != expected {
        fail(
            w,
            format!(
                "Expected the dashboard to show the security attestation as {expected:?}, but it shows {actual:?}."
            ),
        );
    }
    if !reason.is_empty()
        && board["security_attestation"]["reason"].as_str() != Some(reason.as_str())
    {
        fail(
            w,
            format!(
                "Expected the dashboard to give the reason {reason:?}, but it gives {}.",
                board["security_attestation"]["reason"]
            ),
        );
    }
}
