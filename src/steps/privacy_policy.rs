//! The privacy policy PDF and the privacy attestation of an app (portal guide, sections
//! 3.3.1 and 3.3.2).

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Map, Value, json};

use super::apps::{app_path, dashboard};
use super::{API, expect_json, expect_status, fail, shown, text_at};
use crate::client::Call;
use crate::validation::fixtures_dir;
use crate::world::{PortalWorld, Who};

/// The bytes of a file in `fixtures/pdfs`.
pub fn fixture_file(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join("pdfs").join(name);
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("Cannot read the fixture {}: {e}", path.display()))
}

/// A PDF of exactly `size` bytes: a `%PDF-1.4` header, blank padding and a `%%EOF`
/// trailer, so only its size can be held against it. Made on the fly: a file this big
/// has no place in the repository.
pub fn padded_pdf(size: usize) -> Vec<u8> {
    const HEADER: &[u8] = b"%PDF-1.4\n";
    const TRAILER: &[u8] = b"\n%%EOF\n";
    let padding = size.saturating_sub(HEADER.len() + TRAILER.len());
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(HEADER);
    bytes.resize(HEADER.len() + padding, b' ');
    bytes.extend_from_slice(TRAILER);
    bytes
}

/// Uploads `file` as the policy of `app` with `content_type`.
pub async fn upload(w: &mut PortalWorld, who: &Who, app: &str, file: &str, content_type: &str) {
    let bytes = fixture_file(file);
    upload_bytes(w, who, app, file, content_type, bytes).await;
}

/// Uploads `bytes` named `file` as the policy of `app` with `content_type`.
pub async fn upload_bytes(
    w: &mut PortalWorld,
    who: &Who,
    app: &str,
    file: &str,
    content_type: &str,
    bytes: Vec<u8>,
) {
    let token = w.token_of(who);
    let path = app_path(w, app, "/privacy-policy");
    let call = Call::put(path)
        .bearer(Some(&token))
        .header(
            "Content-Disposition",
            &format!("attachment; filename=\"{file}\""),
        )
        .raw(content_type, bytes.clone());
    let response = w.send(call).await;
    if matches!(response.status, 200 | 201) {
        w.app(app).uploaded_policy = Some(bytes);
    }
}

/// Submits the uploaded policy of `app`.
pub async fn submit(w: &mut PortalWorld, who: &Who, app: &str) {
    let token = w.token_of(who);
    let path = app_path(w, app, "/privacy-policy/submit");
    w.send(Call::post(path).bearer(Some(&token))).await;
}

/// The questionnaire for `kind` ("privacy" or "security") answered with `answer`.
pub async fn answers(
    w: &mut PortalWorld,
    who: &Who,
    kind: &str,
    answer: &str,
) -> Map<String, Value> {
    let token = w.token_of(who);
    w.send(Call::get(format!("{API}/attestation-questions")).bearer(Some(&token)))
        .await;
    let questions = expect_json(
        w,
        200,
        "attestation-questions",
        "reading the attestation questions",
    );
    questions[kind]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|q| (text_at(q, "/id", "a question").to_owned(), json!(answer)))
        .collect()
}

/// Drops the last answer so the questionnaire is incomplete.
pub fn leave_one_out(mut answers: Map<String, Value>) -> Map<String, Value> {
    if let Some(last) = answers.keys().next_back().cloned() {
        answers.remove(&last);
    }
    answers
}

#[given(
    regex = r#"^(she|he|they|"[^"]+") uploaded the privacy policy "([^"]+)" for the app "([^"]+)"$"#
)]
async fn uploaded(w: &mut PortalWorld, step: &Step, who: Who, file: String, app: String) {
    w.begin(step);
    upload(w, &who, &app, &file, "application/pdf").await;
    let status = w.last().status;
    if !matches!(status, 200 | 201) {
        panic!("Uploading the privacy policy failed.\n{}", shown(w.last()));
    }
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") uploads? the privacy policy "([^"]+)" for the app "([^"]+)"$"#
)]
async fn uploads(w: &mut PortalWorld, step: &Step, who: Who, file: String, app: String) {
    w.begin(step);
    upload(w, &who, &app, &file, "application/pdf").await;
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") uploads? the file "([^"]+)" as "([^"]+)" for the app "([^"]+)"$"#
)]
async fn uploads_as(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    file: String,
    ct: String,
    app: String,
) {
    w.begin(step);
    upload(w, &who, &app, &file, &ct).await;
}

/// A PDF just over (or under) the size limit, e.g. "10 MiB and 1 byte".
#[when(
    regex = r#"^(she|he|they|"[^"]+") uploads? a PDF of (\d+) MiB and (\d+) bytes? as the privacy policy of the app "([^"]+)"$"#
)]
async fn uploads_sized(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    mebibytes: usize,
    extra: usize,
    app: String,
) {
    w.begin(step);
    let bytes = padded_pdf(mebibytes * 1024 * 1024 + extra);
    upload_bytes(w, &who, &app, "large-policy.pdf", "application/pdf", bytes).await;
}

#[then(regex = r#"^the privacy policy "([^"]+)" is stored as uploaded$"#)]
fn stored(w: &mut PortalWorld, file: String) {
    let response = w.last();
    if response.status != 201 {
        panic!(
            "Expected the first upload to answer 201 Created.\n{}",
            shown(response)
        );
    }
    let stored = expect_json(
        w,
        201,
        "privacy-policy-status",
        "uploading the privacy policy",
    );
    let size = fixture_file(&file).len() as u64;
    if stored["status"] != json!("uploaded") || stored["size_bytes"].as_u64() != Some(size) {
        fail(
            w,
            format!(
                "Expected the policy to be stored as uploaded with {size} bytes, but the portal says \
             status {} with {} bytes.",
                stored["status"], stored["size_bytes"]
            ),
        );
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") views? the privacy policy of the app "([^"]+)"$"#)]
async fn views(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    let token = w.token_of(&who);
    let path = app_path(w, &app, "/privacy-policy");
    w.send(
        Call::get(path)
            .bearer(Some(&token))
            .header("Accept", "application/pdf"),
    )
    .await;
}

#[then(regex = r"^(?:she|he|they) receives? the PDF (?:she|he|they) uploaded, byte for byte$")]
fn same_pdf(w: &mut PortalWorld) {
    let app = w.current_app.clone().unwrap_or_default();
    let uploaded = w.app(&app).uploaded_policy.clone().unwrap_or_default();
    let response = expect_status(w, 200, "viewing the privacy policy");
    let media = response.media_type().unwrap_or_default();
    if media != "application/pdf" {
        fail(
            w,
            format!("Expected the policy to come back as application/pdf, but it is {media:?}."),
        );
    }
    if response.body_bytes != uploaded {
        fail(
            w,
            format!(
                "Expected the {} bytes uploaded, but received {} different bytes.",
                uploaded.len(),
                response.body_bytes.len()
            ),
        );
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") removes? the privacy policy of the app "([^"]+)"$"#)]
async fn removes(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    let token = w.token_of(&who);
    let path = app_path(w, &app, "/privacy-policy");
    w.send(Call::delete(path).bearer(Some(&token))).await;
}

#[then("the privacy policy is removed")]
fn removed(w: &mut PortalWorld) {
    expect_status(w, 204, "removing the privacy policy");
}

#[given(regex = r#"^(she|he|they|"[^"]+") submitted the privacy policy of the app "([^"]+)"$"#)]
async fn submitted(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    submit(w, &who, &app).await;
    expect_json(
        w,
        200,
        "privacy-policy-status",
        "submitting the privacy policy",
    );
}

#[when(regex = r#"^(she|he|they|"[^"]+") submits? the privacy policy of the app "([^"]+)"$"#)]
async fn submits(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    submit(w, &who, &app).await;
}

#[then("the privacy policy is submitted")]
fn is_submitted(w: &mut PortalWorld) {
    let status = expect_json(
        w,
        200,
        "privacy-policy-status",
        "submitting the privacy policy",
    );
    if status["status"] != json!("submitted") || !status["submitted_at"].is_string() {
        fail(
            w,
            format!(
                "Expected the policy to be submitted with a submission time, but the portal says \
             status {} submitted_at {}.",
                status["status"], status["submitted_at"]
            ),
        );
    }
}

#[then(
    regex = r#"^the dashboard shows the privacy policy as "(not_uploaded|uploaded|submitted)"$"#
)]
fn dashboard_policy(w: &mut PortalWorld, expected: String) {
    let board = dashboard(w);
    let actual = text_at(&board, "/privacy_policy/status", "the dashboard");
    if actual != expected {
        fail(
            w,
            format!(
                "Expected the dashboard to show the privacy policy as {expected:?}, but it shows {actual:?}."
            ),
        );
    }
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") answers? "(yes|no)" to every privacy attestation question of the app "([^"]+)"$"#
)]
async fn answers_privacy(w: &mut PortalWorld, step: &Step, who: Who, answer: String, app: String) {
    w.begin(step);
    let answers = answers(w, &who, "privacy", &answer).await;
    post_privacy(w, &who, &app, answers).await;
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") submits? the privacy attestation of the app "([^"]+)" with a question unanswered$"#
)]
async fn privacy_unanswered(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    let answers = leave_one_out(answers(w, &who, "privacy", "yes").await);
    post_privacy(w, &who, &app, answers).await;
}

async fn post_privacy(w: &mut PortalWorld, who: &Who, app: &str, answers: Map<String, Value>) {
    let token = w.token_of(who);
    let path = app_path(w, app, "/privacy-attestation");
    w.send(
        Call::post(path)
            .bearer(Some(&token))
            .json(json!({"answers": answers})),
    )
    .await;
}

#[then("the privacy attestation is recorded as submitted")]
fn privacy_recorded(w: &mut PortalWorld) {
    expect_json(
        w,
        201,
        "privacy-attestation",
        "submitting the privacy attestation",
    );
}

#[then(regex = r#"^the dashboard shows the privacy attestation as "(not_submitted|submitted)"$"#)]
fn dashboard_privacy_attestation(w: &mut PortalWorld, expected: String) {
    let board = dashboard(w);
    let actual = text_at(&board, "/privacy_attestation/status", "the dashboard");
    if actual != expected {
        fail(
            w,
            format!(
                "Expected the dashboard to show the privacy attestation as {expected:?}, but it shows {actual:?}."
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::padded_pdf;

    #[test]
    fn a_padded_pdf_has_the_size_asked_for_and_looks_like_a_pdf() {
        let bytes = padded_pdf(10 * 1024 * 1024 + 1);
        assert_eq!(bytes.len(), 10 * 1024 * 1024 + 1);
        assert!(bytes.starts_with(b"%PDF-1.4"));
        assert!(bytes.ends_with(b"%%EOF\n"));
    }
}
