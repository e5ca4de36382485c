//! Help-desk tickets a developer opens herself and follows in her ticket list (portal
//! guide, section 1.2 for when to contact the help desk, section 4 for the severity
//! levels). Listing tickets is shared with the security attestation steps.

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::{API, expect_json, fail, shown, text_at};
use crate::client::Call;
use crate::world::{PortalWorld, Who};

/// What a ticket says when the scenario gives only its subject.
fn default_description(subject: &str) -> String {
    format!("{subject}. Steps to reproduce and the time it happened are attached.")
}

/// Opens a ticket as `who`; on success its id is remembered under its subject.
pub async fn open_ticket(
    w: &mut PortalWorld,
    who: &Who,
    subject: &str,
    description: &str,
    severity: Value,
) {
    let token = w.token_of(who);
    let body = json!({"subject": subject, "description": description, "severity": severity});
    let response = w
        .send(
            Call::post(format!("{API}/tickets"))
                .bearer(Some(&token))
                .json(body),
        )
        .await;
    if response.status == 201
        && let Some(id) = response.json.as_ref().and_then(|j| j["id"].as_str())
    {
        w.tickets.insert(subject.to_owned(), id.to_owned());
    }
}

/// The two-column table of a ticket: `subject` and `description` rows.
fn ticket_form(step: &Step) -> (String, String) {
    let mut subject = None;
    let mut description = None;
    for row in step
        .table
        .as_ref()
        .map(|t| t.rows.clone())
        .unwrap_or_default()
    {
        let [label, value] = row.as_slice() else {
            panic!("Each row of the ticket needs a label and a value: {row:?}");
        };
        match label.trim().to_ascii_lowercase().as_str() {
            "subject" => subject = Some(value.clone()),
            "description" => description = Some(value.clone()),
            other => panic!("Unknown ticket field {other:?}; use subject or description"),
        }
    }
    let subject = subject.unwrap_or_else(|| panic!("The ticket table needs a subject row"));
    let description = description.unwrap_or_else(|| default_description(&subject));
    (subject, description)
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") opens? a help-desk ticket "([^"]+)" with severity (-?\d+)$"#
)]
async fn opens_ticket(w: &mut PortalWorld, step: &Step, who: Who, subject: String, severity: i64) {
    w.begin(step);
    let description = default_description(&subject);
    open_ticket(w, &who, &subject, &description, json!(severity)).await;
}

#[given(
    regex = r#"^(she|he|they|"[^"]+") opened a help-desk ticket "([^"]+)" with severity (\d+)$"#
)]
async fn opened_ticket(w: &mut PortalWorld, step: &Step, who: Who, subject: String, severity: i64) {
    w.begin(step);
    let description = default_description(&subject);
    open_ticket(w, &who, &subject, &description, json!(severity)).await;
    expect_json(w, 201, "ticket", "opening a help-desk ticket");
}

/// The ticket described by a table, as the help desk's web form asks for it.
#[when(regex = r#"^(she|he|they|"[^"]+") opens? a help-desk ticket with severity (-?\d+):$"#)]
async fn opens_ticket_form(w: &mut PortalWorld, step: &Step, who: Who, severity: i64) {
    w.begin(step);
    let (subject, description) = ticket_form(step);
    open_ticket(w, &who, &subject, &description, json!(severity)).await;
    w.notes
        .insert(format!("ticket description: {subject}"), json!(description));
}

/// The description a ticket was opened with in this scenario.
fn description_of(w: &PortalWorld, subject: &str) -> String {
    w.notes
        .get(&format!("ticket description: {subject}"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| default_description(subject))
}

/// Fails unless `ticket` is the open, untied-to-any-app ticket `subject` with `severity`.
fn check_ticket(w: &PortalWorld, ticket: &Value, subject: &str, severity: u64, what: &str) {
    let description = description_of(w, subject);
    let mut wrong = Vec::new();
    if ticket["subject"].as_str() != Some(subject) {
        wrong.push(format!(
            "subject {} instead of {subject:?}",
            ticket["subject"]
        ));
    }
    if ticket["description"].as_str() != Some(description.as_str()) {
        wrong.push(format!(
            "description {} instead of {description:?}",
            ticket["description"]
        ));
    }
    if ticket["severity"].as_u64() != Some(severity) {
        wrong.push(format!(
            "severity {} instead of {severity}",
            ticket["severity"]
        ));
    }
    if ticket["status"] != json!("open") {
        wrong.push(format!("status {} instead of \"open\"", ticket["status"]));
    }
    if !wrong.is_empty() {
        fail(
            w,
            format!(
                "Expected {what} to show the ticket as opened, but it has {}.",
                wrong.join(", ")
            ),
        );
    }
}

#[then(regex = r#"^the ticket "([^"]+)" is opened with severity (\d+)$"#)]
fn ticket_opened(w: &mut PortalWorld, subject: String, severity: u64) {
    let ticket = expect_json(w, 201, "ticket", "opening a help-desk ticket");
    text_at(&ticket, "/id", "the new ticket");
    check_ticket(w, &ticket, &subject, severity, "the answer");
}

/// The id of the ticket opened with `subject` earlier in the scenario.
fn ticket_id(w: &PortalWorld, subject: &str) -> String {
    w.tickets.get(subject).cloned().unwrap_or_else(|| {
        panic!("No help-desk ticket {subject:?} was opened earlier in this scenario.")
    })
}

/// The tickets of the last ticket list, checked against the documented shape.
fn listed_tickets(w: &PortalWorld) -> Vec<Value> {
    let list = expect_json(w, 200, "ticket-list", "listing help-desk tickets");
    list["tickets"].as_array().cloned().unwrap_or_default()
}

#[then(regex = r#"^(?:her|his|their) ticket "([^"]+)" is listed as open with severity (\d+)$"#)]
fn ticket_listed(w: &mut PortalWorld, subject: String, severity: u64) {
    let tickets = listed_tickets(w);
    let id = ticket_id(w, &subject);
    let Some(ticket) = tickets
        .iter()
        .find(|t| t["id"].as_str() == Some(id.as_str()))
    else {
        panic!(
            "Expected the ticket list to include {subject:?} ({id}), but it does not.\n{}",
            shown(w.last())
        );
    };
    check_ticket(w, ticket, &subject, severity, "the ticket list");
}

#[then(regex = r#"^the ticket list does not include the ticket "([^"]+)"$"#)]
fn ticket_not_listed(w: &mut PortalWorld, subject: String) {
    let tickets = listed_tickets(w);
    let id = ticket_id(w, &subject);
    if tickets
        .iter()
        .any(|t| t["id"].as_str() == Some(id.as_str()))
    {
        fail(
            w,
            format!(
                "Expected the ticket list not to include {subject:?} ({id}), which another \
                 developer opened, but it does."
            ),
        );
    }
}

#[then("the ticket list is empty")]
fn ticket_list_empty(w: &mut PortalWorld) {
    let tickets = listed_tickets(w);
    if !tickets.is_empty() {
        fail(
            w,
            format!(
                "Expected no help-desk tickets, but the list holds {}.",
                tickets.len()
            ),
        );
    }
}
