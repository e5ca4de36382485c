//! Developer accounts: sign-up, email verification, sign-in, lockout and the terms of
//! service (portal guide, sections 2.1 and 2.2).

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::common::newest_mail;
use super::{API, expect_json, expect_problem, fail, shown, text_at};
use crate::client::Call;
use crate::world::{PortalWorld, Who};

/// Subject of the verification mail (docs/portal-api.md).
const VERIFY_SUBJECT: &str = "Verify your InterOp Station email";

/// How far a developer gets in the `Given` steps that prepare her.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    SignedUp,
    Verified,
    SignedIn,
    AcceptedTerms,
}

/// The sign-up form of `who`, with the given password, confirmation and terms box.
fn sign_up_form(
    w: &mut PortalWorld,
    who: &Who,
    password: &str,
    confirm: &str,
    terms: bool,
) -> Value {
    let dev = w.developer(who);
    json!({
        "email": dev.email,
        "username": dev.username,
        "password": password,
        "confirm_password": confirm,
        "accept_terms": terms,
    })
}

/// Posts a sign-up form and remembers whether the account now exists.
async fn sign_up(w: &mut PortalWorld, who: &Who, form: Value) {
    let password = form["password"].as_str().unwrap_or_default().to_owned();
    let response = w
        .send(Call::post(format!("{API}/accounts")).json(form))
        .await;
    if response.status == 201 {
        let dev = w.developer(who);
        dev.signed_up = true;
        dev.password = password;
    }
}

/// Reads the verification link from the outbox and follows it (sandbox only).
async fn follow_verification_link(w: &mut PortalWorld, who: &Who) {
    let mail = newest_mail(w, who, VERIFY_SUBJECT).await;
    let token = verification_token(text_at(&mail, "/body", "the verification mail"));
    // The link's host may be how the server sees itself; the path and token are what count.
    w.send(Call::get(format!("{API}/verify-email")).query("token", &token))
        .await;
}

/// The `token` query parameter of the verify-email link in a mail body.
fn verification_token(body: &str) -> String {
    let start = body.find("/verify-email?").unwrap_or_else(|| {
        panic!("The verification mail has no verify-email link. Its body is:\n{body}")
    });
    let query = &body[start + "/verify-email?".len()..];
    let query = query
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')'))
        .next()
        .unwrap_or_default();
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("The verify-email link in the mail carries no token:\n{body}"))
}

/// Signs `who` in with `password` and keeps the token when it works.
async fn sign_in(w: &mut PortalWorld, who: &Who, password: &str) {
    let username = w.developer(who).username.clone();
    let body = json!({"username": username, "password": password});
    let response = w
        .send(Call::post(format!("{API}/sessions")).json(body))
        .await;
    if response.status == 201
        && let Some(token) = response.json.as_ref().and_then(|j| j["token"].as_str())
    {
        w.developer(who).token = Some(token.to_owned());
    }
}

/// Accepts the terms of service with the session of `who`.
async fn accept_terms(w: &mut PortalWorld, who: &Who) {
    let token = w.token_of(who);
    w.send(Call::post(format!("{API}/terms/accept")).bearer(Some(&token)))
        .await;
}

/// Brings `name` to `stage`, checking each step on the way.
async fn prepare(w: &mut PortalWorld, name: String, stage: Stage) {
    let who = Who::Named(name);
    let form = sign_up_form(
        w,
        &who,
        crate::world::GOOD_PASSWORD,
        crate::world::GOOD_PASSWORD,
        true,
    );
    sign_up(w, &who, form).await;
    expect_json(w, 201, "account", "signing up");
    if stage >= Stage::Verified {
        follow_verification_link(w, &who).await;
        expect_json(w, 200, "verification", "following the verification link");
    }
    if stage >= Stage::SignedIn {
        let password = w.developer(&who).password.clone();
        sign_in(w, &who, &password).await;
        expect_json(w, 201, "session", "signing in");
    }
    if stage >= Stage::AcceptedTerms {
        accept_terms(w, &who).await;
        expect_json(w, 200, "terms-acceptance", "accepting the terms");
    }
}

/// Someone who has not signed up yet; the harness picks a unique username and email.
#[given(regex = r#"^a new developer "([^"]+)"$"#)]
fn new_developer(w: &mut PortalWorld, name: String) {
    w.developer(&Who::Named(name));
}

/// An account that exists but whose email is not verified.
#[given(regex = r#"^a developer "([^"]+)" who signed up$"#)]
async fn signed_up_developer(w: &mut PortalWorld, step: &Step, name: String) {
    w.begin(step);
    prepare(w, name, Stage::SignedUp).await;
}

/// An account with a verified email, not signed in.
#[given(regex = r#"^a verified developer "([^"]+)"$"#)]
async fn verified_developer(w: &mut PortalWorld, step: &Step, name: String) {
    w.begin(step);
    prepare(w, name, Stage::Verified).await;
}

/// A signed-in developer who has not clicked "I Accept" yet.
#[given(regex = r#"^a verified developer "([^"]+)" who signed in but has not accepted the terms$"#)]
async fn signed_in_developer(w: &mut PortalWorld, step: &Step, name: String) {
    w.begin(step);
    prepare(w, name, Stage::SignedIn).await;
}

/// A developer ready to use every portal tool.
#[given(regex = r#"^a verified developer "([^"]+)" who accepted the terms$"#)]
async fn ready_developer(w: &mut PortalWorld, step: &Step, name: String) {
    w.begin(step);
    if !w.config().portal_api {
        // No portal to sign up on: she is whoever registered the profile's clients.
        let developer = w.developer(&Who::Named(name));
        developer.signed_up = true;
        return;
    }
    prepare(w, name, Stage::AcceptedTerms).await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") signs? up with a valid password and the terms accepted$"#)]
async fn signs_up_valid(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let password = crate::world::GOOD_PASSWORD;
    let form = sign_up_form(w, &who, password, password, true);
    sign_up(w, &who, form).await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") signs? up with the password "([^"]*)"$"#)]
async fn signs_up_with_password(w: &mut PortalWorld, step: &Step, who: Who, password: String) {
    w.begin(step);
    let form = sign_up_form(w, &who, &password, &password, true);
    sign_up(w, &who, form).await;
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") signs? up with the password "([^"]*)" confirmed as "([^"]*)"$"#
)]
async fn signs_up_mismatch(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    password: String,
    confirm: String,
) {
    w.begin(step);
    let form = sign_up_form(w, &who, &password, &confirm, true);
    sign_up(w, &who, form).await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") signs? up without accepting the terms$"#)]
async fn signs_up_without_terms(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let password = crate::world::GOOD_PASSWORD;
    let form = sign_up_form(w, &who, password, password, false);
    sign_up(w, &who, form).await;
}

/// Signs up reusing another developer's username (or email, in upper case).
#[when(
    regex = r#"^(she|he|they|"[^"]+") signs? up with the (username|email) of "([^"]+)"( in upper case)?$"#
)]
async fn signs_up_with_taken(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    field: String,
    other: String,
    upper: String,
) {
    w.begin(step);
    // Resolve "she" before naming the other developer, who would become "she" otherwise.
    let me = Who::Named(w.name_of(&who));
    let taken = {
        let other = w.developer(&Who::Named(other));
        if field == "username" {
            other.username.clone()
        } else {
            other.email.clone()
        }
    };
    let taken = if upper.is_empty() {
        taken
    } else {
        taken.to_ascii_uppercase()
    };
    let password = crate::world::GOOD_PASSWORD;
    let mut form = sign_up_form(w, &me, password, password, true);
    form[field.as_str()] = Value::String(taken);
    sign_up(w, &me, form).await;
}

#[then("the account is created unverified and without accepted terms")]
fn account_created(w: &mut PortalWorld) {
    let account = expect_json(w, 201, "account", "signing up");
    let name = w.current.clone().unwrap_or_default();
    let expected = w.developer(&Who::Current).username.clone();
    if account["username"].as_str() != Some(expected.as_str()) {
        fail(
            w,
            format!(
                "Expected the new account of {name} to be {expected:?}, got {}",
                account["username"]
            ),
        );
    }
    if account["email_verified"] != json!(false) || account["terms_accepted"] != json!(false) {
        panic!(
            "Expected a new account to be unverified and without accepted terms, but it says \
             email_verified={} terms_accepted={}.\n{}",
            account["email_verified"],
            account["terms_accepted"],
            shown(w.last())
        );
    }
}

#[then(regex = r#"^a verification mail is waiting for (her|him|them|"[^"]+") in the outbox$"#)]
async fn verification_mail_waiting(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let mail = newest_mail(w, &who, VERIFY_SUBJECT).await;
    verification_token(text_at(&mail, "/body", "the verification mail"));
}

#[when(regex = r#"^(she|he|they|"[^"]+") follows? the verification link in the mail$"#)]
async fn follows_link(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    follow_verification_link(w, &who).await;
}

/// A verify-email link whose token the portal never sent (mistyped, or cut by a mail
/// client): it must verify nobody.
#[when(regex = r#"^someone opens a verification link with the unknown token "([^"]+)"$"#)]
async fn opens_unknown_link(w: &mut PortalWorld, step: &Step, token: String) {
    w.begin(step);
    w.send(Call::get(format!("{API}/verify-email")).query("token", &token))
        .await;
}

#[then(regex = r"^(?:her|his|their) email is verified$")]
fn email_verified(w: &mut PortalWorld) {
    let answer = expect_json(w, 200, "verification", "following the verification link");
    let expected = w.developer(&Who::Current).username.clone();
    if answer["username"].as_str() != Some(expected.as_str()) {
        fail(
            w,
            format!(
                "The verification link verified {} instead of {expected:?}.",
                answer["username"]
            ),
        );
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") signs? in$"#)]
async fn signs_in(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let password = w.developer(&who).password.clone();
    sign_in(w, &who, &password).await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") signs? in with a wrong password$"#)]
async fn signs_in_wrong(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    sign_in(w, &who, "Wrong-Password-99!").await;
}

/// Several failed sign-ins in a row; every answer is kept to be judged afterwards.
#[when(regex = r#"^(she|he|they|"[^"]+") signs? in with a wrong password (\d+) times$"#)]
#[given(regex = r#"^(she|he|they|"[^"]+") failed to sign in with a wrong password (\d+) times$"#)]
async fn signs_in_wrong_times(w: &mut PortalWorld, step: &Step, who: Who, times: u32) {
    w.begin(step);
    let mut statuses = Vec::new();
    for _ in 0..times {
        sign_in(w, &who, "Wrong-Password-99!").await;
        let problem = expect_problem(w, w.last().status, None);
        statuses.push(json!([w.last().status, problem["title"]]));
    }
    w.notes
        .insert("failed sign-ins".into(), Value::Array(statuses));
}

/// The portal counts wrong passwords in a row: each is refused as invalid credentials
/// until the one that reaches the limit, which locks the account and says so.
#[then(
    regex = r"^the first (\d+) attempts are refused as invalid credentials and the next locks the account$"
)]
fn attempts_lock_the_account(w: &mut PortalWorld, unlocked: usize) {
    let attempts = w.notes.get("failed sign-ins").cloned().unwrap_or_default();
    let attempts = attempts.as_array().cloned().unwrap_or_default();
    let invalid = json!([401, "invalid credentials"]);
    let locked = json!([429, "account locked"]);
    let all = Value::Array(attempts.clone());
    for (i, attempt) in attempts.iter().enumerate() {
        let expected = if i < unlocked { &invalid } else { &locked };
        if attempt != expected {
            fail(
                w,
                format!(
                    "Attempt {} should have been refused as {expected} but got {attempt}. \
                     All attempts as [status, title]: {all}",
                    i + 1
                ),
            );
        }
    }
}

#[then(regex = r"^(?:she|he|they) receives? a session token$")]
fn receives_token(w: &mut PortalWorld) {
    let session = expect_json(w, 201, "session", "signing in");
    let expected = w.developer(&Who::Current).username.clone();
    if session["account"]["username"].as_str() != Some(expected.as_str()) {
        fail(
            w,
            format!(
                "Signed in as {expected:?}, but the session belongs to {}.",
                session["account"]["username"]
            ),
        );
    }
}

/// The lock says how long to wait, and no longer than the documented 15 minutes.
#[then(regex = r"^the answer says to retry after at most (\d+) minutes$")]
fn retry_after(w: &mut PortalWorld, minutes: u64) {
    let response = w.last();
    let value = response.header("retry-after").unwrap_or_else(|| {
        panic!(
            "Expected a Retry-After header on the lock, but there is none.\n{}",
            shown(response)
        )
    });
    match value.trim().parse::<u64>() {
        Ok(seconds) if (1..=minutes * 60).contains(&seconds) => {}
        _ => fail(
            w,
            format!(
                "Expected Retry-After to be between 1 and {} seconds, but it is {value:?}.",
                minutes * 60
            ),
        ),
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") accepts? the terms of service$"#)]
async fn accepts_terms(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    accept_terms(w, &who).await;
}

#[then("the terms are recorded as accepted")]
fn terms_recorded(w: &mut PortalWorld) {
    expect_json(w, 200, "terms-acceptance", "accepting the terms");
}

#[when(regex = r#"^(she|he|they|"[^"]+") looks? at (?:her|his|their) account$"#)]
async fn looks_at_account(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let token = w.token_of(&who);
    w.send(Call::get(format!("{API}/accounts/me")).bearer(Some(&token)))
        .await;
}

#[then(regex = r"^the account shows the terms (accepted|not accepted)$")]
fn account_shows_terms(w: &mut PortalWorld, state: String) {
    let account = expect_json(w, 200, "account", "looking at the account");
    let expected = state == "accepted";
    if account["terms_accepted"] != json!(expected) {
        fail(
            w,
            format!(
                "Expected the account to show the terms {state}, but terms_accepted is {}.",
                account["terms_accepted"]
            ),
        );
    }
}

#[when("someone lists the apps without signing in")]
async fn lists_without_session(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    w.send(Call::get(format!("{API}/apps"))).await;
}

/// A 401 must tell clients which scheme to use (RFC 6750 section 3).
#[then("the answer asks for a bearer token")]
fn asks_for_bearer(w: &mut PortalWorld) {
    let challenge = w.last().header("www-authenticate").unwrap_or_default();
    if !challenge.starts_with("Bearer") {
        fail(
            w,
            format!("Expected a WWW-Authenticate: Bearer challenge, but it is {challenge:?}."),
        );
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") signs? out$"#)]
async fn signs_out(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let token = w.token_of(&who);
    w.send(Call::delete(format!("{API}/sessions/current")).bearer(Some(&token)))
        .await;
}

#[then("the sign-out is accepted")]
fn signed_out(w: &mut PortalWorld) {
    super::expect_status(w, 204, "signing out");
}
