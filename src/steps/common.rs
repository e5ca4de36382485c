//! Steps every feature shares: refusals and the rules they name, the sandbox clock,
//! and the sandbox outbox (the mails a developer would receive).

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::{
    SANDBOX, expect_json, expect_problem, problem_codes, problem_errors, problem_fields, shown,
    text_at,
};
use crate::client::Call;
use crate::world::{PortalWorld, Who};

/// `Then the sign-up is refused with status 422`: any action, any status, problem+json.
#[then(regex = r"^the [a-z][a-z -]* is refused with status (\d{3})$")]
fn refused(w: &mut PortalWorld, status: u16) {
    expect_problem(w, status, None);
}

/// `Then the sign-in is refused with status 403 "email not verified"`: with its title.
#[then(regex = r#"^the [a-z][a-z -]* is refused with status (\d{3}) "([^"]+)"$"#)]
fn refused_with_title(w: &mut PortalWorld, status: u16, title: String) {
    expect_problem(w, status, Some(&title));
}

/// The refusal lists `code` among its validation errors.
#[then(regex = r#"^the problem names the rule "([^"]+)"$"#)]
fn names_rule(w: &mut PortalWorld, code: String) {
    let status = w.last().status;
    let codes = problem_codes(&expect_problem(w, status, None));
    if !codes.contains(&code) {
        panic!(
            "Expected the refusal to name the rule {code:?}, but it names {codes:?}.\n{}",
            shown(w.last())
        );
    }
}

/// The refusal names `code` and nothing else: each broken rule is reported on its own.
#[then(regex = r#"^the problem names only the rule "([^"]+)"$"#)]
fn names_only_rule(w: &mut PortalWorld, code: String) {
    let status = w.last().status;
    let codes = problem_codes(&expect_problem(w, status, None));
    if codes != [code.clone()] {
        panic!(
            "Expected the refusal to name exactly the rule {code:?}, but it names {codes:?}.\n{}",
            shown(w.last())
        );
    }
}

/// The refusal points at `field` (e.g. what production registration is missing).
#[then(regex = r#"^the problem names the field "([^"]+)"$"#)]
fn names_field(w: &mut PortalWorld, field: String) {
    let status = w.last().status;
    let fields = problem_fields(&expect_problem(w, status, None));
    if !fields.contains(&field) {
        panic!(
            "Expected the refusal to name {field:?}, but it names {fields:?}.\n{}",
            shown(w.last())
        );
    }
}

/// A validation message tells the developer what to type instead, e.g. the URI with its
/// scheme for one typed without it.
#[then(regex = r#"^the problem suggests "([^"]+)"$"#)]
fn suggests(w: &mut PortalWorld, suggestion: String) {
    let status = w.last().status;
    let problem = expect_problem(w, status, None);
    let messages = problem_errors(&problem, "message");
    if !messages.iter().any(|m| m.contains(&suggestion)) {
        panic!(
            "Expected a message of the refusal to suggest {suggestion:?}, but its messages are \
             {messages:?}.\n{}",
            shown(w.last())
        );
    }
}

/// The refusal does not blame `field`, so the developer is not sent to fix the wrong thing.
#[then(regex = r#"^the problem does not name the field "([^"]+)"$"#)]
fn does_not_name_field(w: &mut PortalWorld, field: String) {
    let status = w.last().status;
    let fields = problem_fields(&expect_problem(w, status, None));
    if fields.contains(&field) {
        panic!(
            "Expected the refusal not to name {field:?}, but it names {fields:?}.\n{}",
            shown(w.last())
        );
    }
}

/// Moves the sandbox clock, so expiries (account locks, tokens) pass without waiting.
/// Scenarios using it must be `@serial @sandbox`: the clock is shared by everyone.
#[when(regex = r"^the sandbox clock moves (\d+) minutes? forward$")]
#[given(regex = r"^the sandbox clock moved (\d+) minutes? forward$")]
async fn clock_moves(w: &mut PortalWorld, step: &Step, minutes: u64) {
    w.begin(step);
    w.send(Call::post(format!("{SANDBOX}/clock/advance")).json(json!({"seconds": minutes * 60})))
        .await;
    let clock = expect_json(w, 200, "clock", "moving the sandbox clock");
    if clock["offset_seconds"].as_u64().unwrap_or(0) < minutes * 60 {
        panic!(
            "Moved the sandbox clock {minutes} minutes forward, but its offset is only {} seconds.",
            clock["offset_seconds"]
        );
    }
}

/// The mails the sandbox sent to `email`, oldest first (sandbox control API).
pub async fn mails_to(w: &mut PortalWorld, email: &str) -> Vec<Value> {
    w.send(Call::get(format!("{SANDBOX}/outbox")).query("to", email))
        .await;
    let outbox = expect_json(w, 200, "outbox", "reading the sandbox outbox");
    let mails: Vec<Value> = outbox["mails"].as_array().cloned().unwrap_or_default();
    // `?to=` is a convenience; never trust that it filtered.
    mails
        .into_iter()
        .filter(|m| {
            m["to"]
                .as_str()
                .is_some_and(|to| to.eq_ignore_ascii_case(email))
        })
        .collect()
}

/// The newest mail to `who` with `subject`, or a failure listing what did arrive.
pub async fn newest_mail(w: &mut PortalWorld, who: &Who, subject: &str) -> Value {
    let email = w.developer(who).email.clone();
    let mails = mails_to(w, &email).await;
    let subjects: Vec<&str> = mails.iter().filter_map(|m| m["subject"].as_str()).collect();
    mails
        .iter()
        .rev()
        .find(|m| m["subject"].as_str() == Some(subject))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "Expected a mail to {email} with the subject {subject:?}, but the outbox holds \
                 only {subjects:?}."
            )
        })
}

/// `Then "Alice" is mailed "Security attestation approved"`.
#[then(regex = r#"^(she|he|they|"[^"]+") (?:is|are) mailed "([^"]+)"$"#)]
async fn is_mailed(w: &mut PortalWorld, step: &Step, who: Who, subject: String) {
    w.begin(step);
    newest_mail(w, &who, &subject).await;
}

/// `Then she is mailed "Security attestation needs changes" mentioning "no MFA"`.
#[then(regex = r#"^(she|he|they|"[^"]+") (?:is|are) mailed "([^"]+)" mentioning "([^"]+)"$"#)]
async fn is_mailed_mentioning(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    subject: String,
    words: String,
) {
    w.begin(step);
    let mail = newest_mail(w, &who, &subject).await;
    let body = text_at(&mail, "/body", "the mail");
    if !body.contains(&words) {
        panic!("Expected the mail {subject:?} to mention {words:?}, but its body is:\n{body}");
    }
}
