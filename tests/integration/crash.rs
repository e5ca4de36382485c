//! `conform serve --data-dir` keeps what it acknowledged through a SIGKILL.
//!
//! Writers create accounts, verify them, accept the terms, register apps and submit
//! security attestations over HTTP as fast as they can, noting every answer that
//! acknowledged a write; the process is killed at a random moment; a new process on the
//! same directory must have every acknowledged write and nothing half-written (an
//! account without its verification mail, an attestation without its ticket).

use reqwest::Client;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const PASSWORD: &str = "Tr1cky-Pass!";
const RUNS: usize = 3;
const WRITERS: usize = 4;

/// What the server acknowledged, per developer.
#[derive(Debug, Default, Clone)]
struct Acknowledged {
    username: String,
    email: String,
    signed_up: bool,
    verified: bool,
    accepted_terms: bool,
    /// (app id, client id) of each registered app.
    apps: Vec<(String, String)>,
    /// App ids with a submitted security attestation.
    attested: Vec<String>,
}

struct Server {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start(dir: &Path, http: &Client) -> Server {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(["serve", "--password-cost", "fast", "--port"])
        .arg(port.to_string())
        .arg("--data-dir")
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("conform serve starts");
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if http
            .get(format!("{base}/_sandbox/clock"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Server { child, base };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("conform serve --data-dir {} did not come up", dir.display());
}

async fn post(
    http: &Client,
    url: String,
    token: Option<&str>,
    body: Value,
) -> Option<(u16, Value)> {
    let mut request = http.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.ok()?;
    let status = response.status().as_u16();
    // A body cut short by the kill is not an acknowledgement.
    let body = response.json().await.ok()?;
    Some((status, body))
}

async fn get(http: &Client, url: String, token: Option<&str>) -> Option<(u16, Value)> {
    let mut request = http.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.ok()?;
    let status = response.status().as_u16();
    Some((status, response.json().await.ok()?))
}

/// One developer's life, as far as the server lets it get before it dies.
async fn write_until_killed(
    http: Client,
    base: String,
    writer: usize,
    log: Arc<Mutex<Vec<Acknowledged>>>,
) {
    for n in 0.. {
        let username = format!(
            "w{writer}n{n}{}",
            sandbox::random_token(3).replace(['-', '_'], "x")
        );
        let email = format!("{username}@example.com");
        let index = {
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            log.push(Acknowledged {
                username: username.clone(),
                email: email.clone(),
                ..Acknowledged::default()
            });
            log.len() - 1
        };
        let note = |f: &dyn Fn(&mut Acknowledged)| {
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut log[index]);
        };
        let form = json!({"email": email, "username": username, "password": PASSWORD,
                          "confirm_password": PASSWORD, "accept_terms": true});
        let Some((201, _)) = post(&http, format!("{base}/portal/api/accounts"), None, form).await
        else {
            return;
        };
        note(&|a| a.signed_up = true);
        let Some((200, outbox)) =
            get(&http, format!("{base}/_sandbox/outbox?to={email}"), None).await
        else {
            return;
        };
        let body = outbox["mails"][0]["body"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let Some(link) = body
            .split_whitespace()
            .find(|w| w.contains("verify-email?token="))
        else {
            return;
        };
        let Ok(verified) = http.get(link).send().await else {
            return;
        };
        if verified.status() != 200 || verified.bytes().await.is_err() {
            return;
        }
        note(&|a| a.verified = true);
        let session = json!({"username": username, "password": PASSWORD});
        let Some((201, session)) =
            post(&http, format!("{base}/portal/api/sessions"), None, session).await
        else {
            return;
        };
        let token = session["token"].as_str().unwrap_or_default().to_owned();
        let Some((200, _)) = post(
            &http,
            format!("{base}/portal/api/terms/accept"),
            Some(&token),
            json!({}),
        )
        .await
        else {
            return;
        };
        note(&|a| a.accepted_terms = true);
        for k in 0..2 {
            let app = json!({"name": format!("App {k}"), "scopes": ["openid", "patient/Patient.read"],
                             "redirect_uris": "https://app.example/cb"});
            let Some((201, app)) =
                post(&http, format!("{base}/portal/api/apps"), Some(&token), app).await
            else {
                return;
            };
            let id = app["id"].as_str().unwrap_or_default().to_owned();
            let client = app["credentials"]["development"]["client_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            note(&|a| a.apps.push((id.clone(), client.clone())));
            let answers = json!({"answers": security_answers(&http, &base).await});
            let Some((201, _)) = post(
                &http,
                format!("{base}/portal/api/apps/{id}/security-attestation"),
                Some(&token),
                answers,
            )
            .await
            else {
                return;
            };
            note(&|a| a.attested.push(id.clone()));
        }
    }
}

async fn security_answers(http: &Client, base: &str) -> Value {
    let questions = get(
        http,
        format!("{base}/portal/api/attestation-questions"),
        None,
    )
    .await
    .map(|(_, q)| q)
    .unwrap_or_default();
    let answers: serde_json::Map<String, Value> = questions["security"]
        .as_array()
        .map(|qs| {
            qs.iter()
                .map(|q| {
                    (
                        q["id"].as_str().unwrap_or_default().to_owned(),
                        json!("yes"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Value::Object(answers)
}

/// Every acknowledged write is there, and what exists is whole.
async fn check(http: &Client, base: &str, developer: &Acknowledged) {
    let who = &developer.username;
    let session = json!({"username": who, "password": PASSWORD});
    let signed_in = post(http, format!("{base}/portal/api/sessions"), None, session).await;
    let status = signed_in.as_ref().map(|(s, _)| *s);
    let exists = matches!(status, Some(201 | 403));
    if developer.signed_up {
        assert!(
            exists,
            "{who}: acknowledged sign-up lost (sign-in answered {status:?})"
        );
    }
    if exists {
        let (_, outbox) = get(
            http,
            format!("{base}/_sandbox/outbox?to={}", developer.email),
            None,
        )
        .await
        .expect("the outbox answers");
        assert!(
            outbox["mails"].as_array().is_some_and(|m| !m.is_empty()),
            "{who}: an account without its verification mail"
        );
    }
    if developer.verified {
        assert_eq!(status, Some(201), "{who}: acknowledged verification lost");
    }
    let Some((201, session)) = signed_in else {
        return;
    };
    let token = session["token"].as_str().unwrap_or_default().to_owned();
    let (apps_status, apps) = get(http, format!("{base}/portal/api/apps"), Some(&token))
        .await
        .expect("the app list answers");
    if developer.accepted_terms {
        assert_eq!(
            apps_status, 200,
            "{who}: acknowledged terms acceptance lost: {apps}"
        );
    }
    if apps_status != 200 {
        return;
    }
    let listed = apps["apps"].as_array().cloned().unwrap_or_default();
    for (id, client) in &developer.apps {
        let app = listed.iter().find(|a| a["id"].as_str() == Some(id));
        let app = app.unwrap_or_else(|| panic!("{who}: acknowledged app {id} lost: {apps}"));
        let shown = app
            .pointer("/credentials/development/client_id")
            .and_then(Value::as_str);
        assert_eq!(
            shown,
            Some(client.as_str()),
            "{who}: app {id} changed its client id"
        );
    }
    let (_, attestations) = get(
        http,
        format!("{base}/portal/api/attestations"),
        Some(&token),
    )
    .await
    .expect("the attestation list answers");
    let (_, tickets) = get(http, format!("{base}/portal/api/tickets"), Some(&token))
        .await
        .expect("the ticket list answers");
    let attestations = attestations["attestations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for id in &developer.attested {
        assert!(
            attestations
                .iter()
                .any(|a| a["app_id"].as_str() == Some(id)),
            "{who}: acknowledged attestation of {id} lost: {attestations:?}"
        );
    }
    let tickets = tickets["tickets"].as_array().map_or(0, Vec::len);
    assert!(
        tickets >= attestations.len(),
        "{who}: {} attestation(s) but only {tickets} ticket(s): one was half-written",
        attestations.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_write_survives_a_sigkill_at_a_random_moment() {
    conform::client::install_tls();
    let http = Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client");
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("crash");
    let mut acknowledged_total = 0;
    for run in 0..RUNS {
        let dir = root.join(format!("run-{run}"));
        let _ = std::fs::remove_dir_all(&dir);
        let mut server = start(&dir, &http).await;
        let log = Arc::new(Mutex::new(Vec::new()));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                tokio::spawn(write_until_killed(
                    http.clone(),
                    server.base.clone(),
                    w,
                    log.clone(),
                ))
            })
            .collect();
        // Somewhere between 0.4 and 2 s of writing: a moment nobody chose.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        tokio::time::sleep(Duration::from_millis(400 + u64::from(nanos % 1600))).await;
        server.child.kill().expect("SIGKILL");
        let _ = server.child.wait();
        for writer in writers {
            let _ = writer.await;
        }
        let developers = log.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut restarted = start(&dir, &http).await;
        for developer in &developers {
            check(&http, &restarted.base, developer).await;
        }
        let signed_up = developers.iter().filter(|d| d.signed_up).count();
        let apps: usize = developers.iter().map(|d| d.apps.len()).sum();
        let attested: usize = developers.iter().map(|d| d.attested.len()).sum();
        eprintln!(
            "crash run {run}: {signed_up} accounts, {apps} apps, {attested} attestations acknowledged before the kill; all there after the restart"
        );
        acknowledged_total += signed_up;
        let _ = restarted.child.kill();
        let _ = restarted.child.wait();
    }
    assert!(
        acknowledged_total > 0,
        "the writers wrote nothing before the kills"
    );
}
