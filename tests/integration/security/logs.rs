//! Neither the log lines (tracing) nor the request log (`/_sandbox/requests`) ever hold
//! a password, a secret, a token, a code, or a member's data.

use super::{assert_absent, text};
use crate::oauth::{CB, basic, client, code_for, query, token};
use crate::support::{PASSWORD, Sandbox};
use axum::http::{Method, StatusCode};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Everything the log subscriber writes, kept for reading back.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn form(pairs: &[(&str, &str)]) -> (Vec<(&'static str, String)>, Vec<u8>) {
    (
        vec![("content-type", "application/x-www-form-urlencoded".into())],
        query(pairs).into_bytes(),
    )
}

// The test runs on one thread (tokio's current-thread runtime), where the subscriber
// set below sees every event the sandbox's middleware and handlers emit, at every level.
#[tokio::test]
async fn no_secret_token_or_member_data_reaches_the_logs_or_the_request_log() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(capture.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sb = Sandbox::new().await;
    // Portal: sign-up, the verification link, a wrong and a right password, an app.
    let verification = sb.sign_up("logan").await;
    sb.get(
        &format!("/portal/api/verify-email?token={verification}"),
        None,
    )
    .await;
    let wrong = "Wr0ng-Pass-Again!";
    assert_eq!(
        sb.sign_in("logan", wrong).await.status,
        StatusCode::UNAUTHORIZED
    );
    let session = sb.sign_in("logan", PASSWORD).await.json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    sb.post("/portal/api/terms/accept", Some(&session), json!({}))
        .await;
    let app = sb
        .post(
            "/portal/api/apps",
            Some(&session),
            json!({"name": "Logged", "scopes": ["openid"], "redirect_uris": [CB]}),
        )
        .await
        .json();
    let app_secret = app["credentials"]["development"]["client_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = app["id"].as_str().unwrap();
    sb.get(
        &format!("/portal/api/apps/{id}?reveal=true"),
        Some(&session),
    )
    .await;

    // OAuth: Rose authorizes, the code lands on /debug and is exchanged, refreshed,
    // introspected and revoked.
    let c = client(&sb, "confidential-basic").await;
    let code = code_for(&sb, &c).await;
    sb.get(&format!("/debug?code={code}&state=s-123"), None)
        .await;
    let tokens = token(
        &sb,
        "dev1",
        basic(&c),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
        ],
    )
    .await
    .json();
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    let id_token = tokens["id_token"].as_str().unwrap().to_owned();
    let refreshed = token(
        &sb,
        "dev1",
        basic(&c),
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    )
    .await
    .json();
    let refreshed_access = refreshed["access_token"].as_str().unwrap().to_owned();
    let secret = c.secret.clone().unwrap_or_default();
    let (headers, body) = form(&[
        ("token", &access),
        ("client_id", &c.id),
        ("client_secret", &secret),
    ]);
    let mut with_basic = basic(&c);
    with_basic.extend(headers.clone());
    sb.send_with(
        Method::POST,
        "/dev1/oauth2/introspect",
        &with_basic,
        body.clone(),
    )
    .await;

    // FHIR: Rose's record, and searches whose parameters are her name and birth date.
    let bearer = vec![("authorization", format!("Bearer {access}"))];
    for path in [
        "/dev1/fhir/Patient/smart-15716",
        "/dev1/fhir/Patient?name=Beltran&birthdate=1997-03-21",
        "/dev1/fhir/Patient?given=Rose&family=Beltran&_count=5",
        "/dev1/fhir?_type=Patient&name=Tammy",
        "/dev1/oauth2/userinfo",
    ] {
        let read = sb.send_with(Method::GET, path, &bearer, vec![]).await;
        // A search of every type at once is refused (400), but its query is logged too.
        let refused_as_unsupported = path.starts_with("/dev1/fhir?");
        assert!(
            read.status.is_success() || refused_as_unsupported,
            "{path}: {}",
            text(&read)
        );
    }
    let mut search = bearer.clone();
    search.push(("content-type", "application/x-www-form-urlencoded".into()));
    let found = sb
        .send_with(
            Method::POST,
            "/dev1/fhir/Patient/_search",
            &search,
            b"family=Beltran&birthdate=1997-03-21".to_vec(),
        )
        .await;
    assert!(
        text(&found).contains("Beltran"),
        "the search found her: {}",
        text(&found)
    );
    let (_, revoke) = form(&[("token", &refresh)]);
    sb.send_with(Method::POST, "/dev1/oauth2/revoke", &with_basic, revoke)
        .await;
    sb.post(
        "/portal/api/nowhere",
        Some(&session),
        json!({"password": PASSWORD}),
    )
    .await;

    let request_log = text(&sb.get("/_sandbox/requests?limit=1000", None).await);
    let lines = capture.text();
    assert!(
        lines.contains("POST /portal/api/sessions") && lines.contains("/dev1/oauth2/token"),
        "the capture sees the request lines:\n{lines}"
    );
    assert!(
        request_log.contains("/dev1/fhir/Patient/_search"),
        "{request_log}"
    );
    let basic_header = basic(&c)[0].1.clone();
    let needles = [
        ("the password", PASSWORD),
        ("a wrong password", wrong),
        ("Rose's password", "Beltran-1997!"),
        ("the verification token", verification.as_str()),
        ("the session token", session.as_str()),
        ("the app's client secret", app_secret.as_str()),
        ("the OAuth client secret", secret.as_str()),
        (
            "the Basic credentials",
            basic_header.trim_start_matches("Basic "),
        ),
        ("the code", code.as_str()),
        ("the access token", access.as_str()),
        ("the refreshed access token", refreshed_access.as_str()),
        ("the refresh token", refresh.as_str()),
        ("the ID token", id_token.as_str()),
        ("the member's family name", "Beltran"),
        ("the member's given name", "Rose"),
        ("the member's middle name", "Tammy"),
        ("the member's birth date", "1997-03-21"),
        ("a FHIR body", "\"resourceType\""),
    ];
    assert_absent("the log lines", &lines, &needles);
    assert_absent("the request log", &request_log, &needles);
}
