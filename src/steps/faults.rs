//! Simulated faults (sandbox control API `/_sandbox/faults`): the sandbox breaks chosen
//! routes on purpose so an app's retry and error handling meets latency, error statuses,
//! cut-short bodies and dropped connections before a real payer's servers show them.
//!
//! Faults touch every client of the sandbox, so their scenarios are `@serial`, and each
//! starts by removing whatever faults an earlier run left behind.

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Map, Value, json};

use super::{SANDBOX, expect_json, expect_status, fail, shown};
use crate::client::Call;
use crate::world::PortalWorld;

/// The note holding the id of the fault the scenario installed last.
const FAULT_NOTE: &str = "fault";
/// The note holding the reason of the last transport failure, when the last fetch had one.
const DROPPED_NOTE: &str = "transport_error";
/// The note holding `[{status, issue}]` of a repeated fetch.
const ANSWERS_NOTE: &str = "fault_answers";
/// The header the sandbox names the firing rule in.
const FAULT_HEADER: &str = "x-sandbox-fault";

/// `"POST /dev1/oauth2/token"` or `"/dev1/fhir/*"`: the method (optional) and the path.
fn target(rule: &mut Map<String, Value>, target: &str) {
    match target.split_once(' ') {
        Some((method, path)) => {
            rule.insert("method".into(), json!(method));
            rule.insert("path".into(), json!(path.trim()));
        }
        None => {
            rule.insert("path".into(), json!(target));
        }
    }
}

/// `once`, `twice`, `3 times`, or a share: how often the rule fires.
fn frequency(rule: &mut Map<String, Value>, times: &str, share: &str) {
    let times = match times.trim() {
        "" => None,
        "once" => Some(1),
        "twice" => Some(2),
        n => n.trim_end_matches(" times").parse::<u64>().ok(),
    };
    if let Some(n) = times {
        rule.insert("times".into(), json!(n));
    }
    if let Ok(share) = share.parse::<f64>() {
        rule.insert("share".into(), json!(share));
    }
}

/// Installs `rule` through the control API and remembers its id.
async fn install(w: &mut PortalWorld, rule: Map<String, Value>) -> Value {
    let sent = Value::Object(rule.clone());
    w.send(Call::post(format!("{SANDBOX}/faults")).json(sent.clone()))
        .await;
    expect_status(w, 201, "installing the simulated fault");
    let fault = w.last().json.clone().unwrap_or_default();
    for (field, value) in &rule {
        if fault[field] != *value && field != "method" {
            fail(
                w,
                format!(
                    "The sandbox installed a different fault than asked: {field} is {}, not {value}.",
                    fault[field]
                ),
            );
        }
    }
    let id = fault["id"].as_str().unwrap_or_default().to_owned();
    if id.is_empty() {
        fail(w, "The installed fault carries no id to remove it by.");
    }
    w.notes.insert(FAULT_NOTE.into(), json!(id));
    fault
}

/// The id of the fault the scenario installed last.
fn fault_id(w: &PortalWorld) -> String {
    w.notes
        .get(FAULT_NOTE)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("This step is about a fault, but the scenario installed none"))
}

/// Starts from a healthy sandbox: what an earlier, interrupted run left is removed.
#[given("the sandbox has no simulated faults")]
#[when("all simulated faults are removed")]
async fn no_faults(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    w.send(Call::delete(format!("{SANDBOX}/faults"))).await;
    expect_status(w, 204, "removing every simulated fault");
}

/// `Given the sandbox fails "POST /dev1/oauth2/token" with status 503 asking to retry
/// after 1 second, twice`; also `for a share of 0.5 of the requests`, or always.
#[given(
    regex = r#"^the sandbox fails "([^"]+)" with status (\d{3})(?: asking to retry after (\d+) seconds?)?(?:, (once|twice|\d+ times)| for a share of ([0-9.]+) of the requests)?$"#
)]
async fn fails_with_status(
    w: &mut PortalWorld,
    step: &Step,
    path: String,
    status: u16,
    retry_after: String,
    times: String,
    share: String,
) {
    w.begin(step);
    let mut rule = Map::new();
    target(&mut rule, &path);
    rule.insert("kind".into(), json!("status"));
    rule.insert("status".into(), json!(status));
    if let Ok(seconds) = retry_after.parse::<u64>() {
        rule.insert("retry_after".into(), json!(seconds));
    }
    frequency(&mut rule, &times, &share);
    install(w, rule).await;
}

/// `Given the sandbox delays "GET /dev1/fhir/Practitioner" by 400 milliseconds`.
#[given(
    regex = r#"^the sandbox delays "([^"]+)" by (\d+) milliseconds(?:, (once|twice|\d+ times))?$"#
)]
async fn delays(w: &mut PortalWorld, step: &Step, path: String, ms: u64, times: String) {
    w.begin(step);
    let mut rule = Map::new();
    target(&mut rule, &path);
    rule.insert("kind".into(), json!("latency"));
    rule.insert("latency_ms".into(), json!(ms));
    frequency(&mut rule, &times, "");
    install(w, rule).await;
}

/// `Given the sandbox cuts short the body of "GET /dev1/fhir/Patient/smart-15716", once`.
#[given(regex = r#"^the sandbox cuts short the body of "([^"]+)"(?:, (once|twice|\d+ times))?$"#)]
async fn cuts_short(w: &mut PortalWorld, step: &Step, path: String, times: String) {
    w.begin(step);
    let mut rule = Map::new();
    target(&mut rule, &path);
    rule.insert("kind".into(), json!("malformed_body"));
    frequency(&mut rule, &times, "");
    install(w, rule).await;
}

/// `Given the sandbox drops the connection of "GET /dev1/fhir/Organization", once`.
#[given(regex = r#"^the sandbox drops the connection of "([^"]+)"(?:, (once|twice|\d+ times))?$"#)]
async fn drops(w: &mut PortalWorld, step: &Step, path: String, times: String) {
    w.begin(step);
    let mut rule = Map::new();
    target(&mut rule, &path);
    rule.insert("kind".into(), json!("drop_connection"));
    frequency(&mut rule, &times, "");
    install(w, rule).await;
}

/// `When the sandbox is asked for the fault:` with a two-column table of fields; numbers
/// are sent as numbers, the rest as text. The answer is judged by a later step.
#[when("the sandbox is asked for the fault:")]
async fn asked_for(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let mut rule = Map::new();
    for row in step
        .table
        .as_ref()
        .map(|t| t.rows.clone())
        .unwrap_or_default()
    {
        if let [field, value] = row.as_slice() {
            let value = serde_json::from_str::<Value>(value)
                .ok()
                .filter(Value::is_number)
                .unwrap_or_else(|| json!(value));
            rule.insert(field.clone(), value);
        }
    }
    w.send(Call::post(format!("{SANDBOX}/faults")).json(Value::Object(rule)))
        .await;
}

#[when("the fault is removed")]
async fn removed(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let id = fault_id(w);
    w.send(Call::delete(format!("{SANDBOX}/faults/{id}"))).await;
    expect_status(w, 204, "removing the simulated fault");
}

#[then(regex = r"^the sandbox lists (no|\d+) faults?$")]
async fn lists(w: &mut PortalWorld, step: &Step, count: String) {
    w.begin(step);
    let expected: usize = count.parse().unwrap_or(0);
    w.send(Call::get(format!("{SANDBOX}/faults"))).await;
    let body = expect_status(w, 200, "listing the simulated faults")
        .json
        .clone()
        .unwrap_or_default();
    let listed = body["faults"].as_array().map_or(0, Vec::len);
    if listed != expected {
        fail(
            w,
            format!("Expected the sandbox to list {expected} faults, but it lists {listed}."),
        );
    }
}

/// The rule is spent: it fired exactly `times` times and fires no more.
#[then(regex = r"^the fault fired (\d+) times and is spent$")]
async fn spent(w: &mut PortalWorld, step: &Step, times: u64) {
    w.begin(step);
    let id = fault_id(w);
    w.send(Call::get(format!("{SANDBOX}/faults/{id}"))).await;
    let fault = expect_status(w, 200, "reading the simulated fault")
        .json
        .clone()
        .unwrap_or_default();
    if fault["fired"] != json!(times) || fault["remaining"] != json!(0) || fault["active"] != false
    {
        fail(
            w,
            format!("Expected the fault to have fired {times} times and be spent."),
        );
    }
}

/// `When an app fetches "/dev1/fhir/Location?_count=1" without a token 20 times`: plain
/// requests, recorded in the transcript, whose answers (or dropped connections) are
/// judged by later steps rather than by the FHIR checks, since the faults break them.
#[when(
    regex = r#"^(?:the|an) app fetches "([^"]+)" (with its access token|without a token)(?: again)?(?: (\d+) times)?$"#
)]
async fn fetches(w: &mut PortalWorld, step: &Step, path: String, token: String, times: String) {
    w.begin(step);
    let token = (token == "with its access token").then(|| {
        w.oauth
            .tokens
            .as_ref()
            .and_then(|t| t["access_token"].as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| {
                panic!("This step uses the app's access token, but the app received none")
            })
    });
    let repeat: usize = times.parse().unwrap_or(1);
    let mut answers = Vec::new();
    w.notes.remove(DROPPED_NOTE);
    for _ in 0..repeat {
        match w
            .try_send(Call::get(path.clone()).bearer(token.as_deref()))
            .await
        {
            Ok(response) => {
                let body = response.json.clone().unwrap_or_default();
                answers.push(json!({
                    "status": response.status,
                    "resourceType": body["resourceType"],
                    "issue": body.pointer("/issue/0/code").cloned().unwrap_or_default(),
                }));
            }
            Err(error) => {
                w.notes
                    .insert(DROPPED_NOTE.into(), json!(error.to_string()));
                answers.push(json!({"status": null}));
            }
        }
    }
    w.notes.insert(ANSWERS_NOTE.into(), json!(answers));
}

/// The last fetch got no answer at all, as an app sees a connection cut mid-request.
#[then("no answer arrives because the connection was closed")]
fn no_answer(w: &mut PortalWorld) {
    if !w.notes.contains_key(DROPPED_NOTE) {
        fail(
            w,
            "Expected the connection to be closed without an answer, but an answer arrived.",
        );
    }
}

/// The last answer came, complete, with the resource: the route works as usual (a
/// latency fault only delays it).
#[then(regex = r#"^the answer is the FHIR resource "([A-Za-z]+)"(?: "([^"]+)")?$"#)]
fn answer_is_resource(w: &mut PortalWorld, resource_type: String, id: String) {
    if let Some(reason) = w.notes.get(DROPPED_NOTE) {
        panic!("Expected an answer, but the connection was closed: {reason}");
    }
    let body = expect_status(w, 200, "the request")
        .json
        .clone()
        .unwrap_or_default();
    if body["resourceType"] != json!(resource_type) || (!id.is_empty() && body["id"] != json!(id)) {
        fail(
            w,
            format!("Expected the FHIR resource {resource_type} {id}, but got something else."),
        );
    }
}

/// A slow answer is still an answer: at least `ms` milliseconds (never an upper bound,
/// since a shared machine is sometimes slow for reasons of its own).
#[then(regex = r"^the answer took at least (\d+) milliseconds$")]
fn took_at_least(w: &mut PortalWorld, ms: f64) {
    let took = w.last_took_ms();
    if took < ms {
        fail(
            w,
            format!("Expected the answer to take at least {ms} ms, but it took {took:.0} ms."),
        );
    }
}

/// 503 in the OAuth error format with `temporarily_unavailable` and `Retry-After`, so an
/// app that honours the header waits before trying again.
#[then(
    regex = r"^the token endpoint is temporarily unavailable and asks to retry after (\d+) seconds?$"
)]
fn temporarily_unavailable(w: &mut PortalWorld, seconds: u64) {
    let body = expect_json(w, 503, "oauth-error", "the token request");
    if body["error"] != "temporarily_unavailable" {
        fail(
            w,
            format!(
                "Expected the error code \"temporarily_unavailable\", but it is {}.",
                body["error"]
            ),
        );
    }
    let retry_after = w
        .last()
        .header("retry-after")
        .unwrap_or_default()
        .to_owned();
    if retry_after != seconds.to_string() {
        fail(
            w,
            format!("Expected `Retry-After: {seconds}`, but the header is {retry_after:?}."),
        );
    }
}

/// The real status and media type with a body no JSON parser accepts: what an app meets
/// when a proxy or a crash cuts an answer short.
#[then(
    regex = r#"^the answer has status (\d{3}) and says it is "([^"]+)", but its body is not JSON$"#
)]
fn not_json(w: &mut PortalWorld, status: u16, media: String) {
    let response = expect_status(w, status, "the request");
    let got = response.media_type().unwrap_or_default();
    if got != media {
        fail(
            w,
            format!("Expected the media type {media:?}, but it is {got:?}."),
        );
    }
    if response.body_bytes.is_empty() || response.json.is_some() {
        fail(w, "Expected a body that is not valid JSON, but it parses.");
    }
}

/// A simulated refusal in the FHIR API's own format, saying which rule caused it.
#[then(regex = r"^the answer is a (\d{3}) OperationOutcome naming the simulated fault$")]
fn outcome_names_fault(w: &mut PortalWorld, status: u16) {
    let id = fault_id(w);
    let response = expect_status(w, status, "the request");
    let body = response.json.clone().unwrap_or_default();
    let diagnostics = body
        .pointer("/issue/0/diagnostics")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if body["resourceType"] != "OperationOutcome" || !diagnostics.contains(&id) {
        fail(
            w,
            format!("Expected an OperationOutcome whose diagnostics name the fault {id}."),
        );
    }
    if response.header(FAULT_HEADER) != Some(id.as_str()) {
        fail(w, format!("Expected the header `{FAULT_HEADER}: {id}`."));
    }
}

/// `Then exactly 10 of the 20 answers are 429 OperationOutcomes with the issue code
/// "throttled", and the others searchsets`: a share is exact, so the count is too.
#[then(
    regex = r#"^exactly (\d+) of the (\d+) answers are (\d{3}) OperationOutcomes with the issue code "([a-z-]+)", and the others searchsets$"#
)]
fn exactly_some(w: &mut PortalWorld, faulted: usize, total: usize, status: u16, issue: String) {
    let answers = w.notes.get(ANSWERS_NOTE).cloned().unwrap_or_default();
    let answers = answers.as_array().cloned().unwrap_or_default();
    let refused = answers
        .iter()
        .filter(|a| a["status"] == status && a["issue"] == json!(issue))
        .count();
    let normal = answers
        .iter()
        .filter(|a| a["status"] == 200 && a["resourceType"] == "Bundle")
        .count();
    if answers.len() != total || refused != faulted || normal != total - faulted {
        panic!(
            "Expected {faulted} of {total} answers to be {status} {issue:?} and the others \
             searchsets, but {refused} were refused and {normal} were searchsets: {answers:?}"
        );
    }
}

/// The request log (what a developer reads when her app cannot connect) shows the
/// dropped request with no status and the rule that dropped it.
#[then(regex = r#"^the sandbox request log shows the request to "([^"]+)" dropped by the fault$"#)]
async fn log_shows_drop(w: &mut PortalWorld, step: &Step, path: String) {
    w.begin(step);
    let id = fault_id(w);
    w.send(Call::get(format!("{SANDBOX}/requests")).query("limit", "50"))
        .await;
    let log = expect_status(w, 200, "reading the request log")
        .json
        .clone()
        .unwrap_or_default();
    let found = log["requests"].as_array().is_some_and(|entries| {
        entries.iter().any(|e| {
            e["path"] == json!(path)
                && e["status"].is_null()
                && e["fault"]["id"] == json!(id)
                && e["fault"]["kind"] == "drop_connection"
        })
    });
    if !found {
        panic!(
            "Expected the request log to show {path} dropped by {id} with no status.\n{}",
            shown(w.last())
        );
    }
}
