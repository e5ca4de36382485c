//! Request bodies have a size limit per route and a read timeout, and request headers a
//! read timeout on the socket: an oversized or stalled request gets a clear 413 or 408 in
//! its route's format (never a 500, a panic or a hung worker), or its connection closed.

use crate::support::{Dev, Reply, Sandbox};
use axum::body::{Body, Bytes};
use axum::http::{Method, StatusCode};
use futures::StreamExt;
use sandbox::SandboxConfig;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A sandbox whose bodies must arrive within 200 ms.
fn impatient() -> Sandbox {
    Sandbox::with_config(SandboxConfig {
        body_read_timeout: Duration::from_millis(200),
        ..Default::default()
    })
}

/// The routes of each wire format, with what each accepts.
struct Route {
    what: &'static str,
    method: Method,
    path: String,
    content_type: &'static str,
    limit: usize,
}

fn routes(app_id: &str) -> Vec<Route> {
    let route = |what, method, path: &str, content_type, limit| Route {
        what,
        method,
        path: path.to_owned(),
        content_type,
        limit,
    };
    vec![
        route("portal JSON", Method::POST, "/portal/api/apps", JSON, MIB),
        route(
            "privacy policy",
            Method::PUT,
            &format!("/portal/api/apps/{app_id}/privacy-policy"),
            "application/pdf",
            10 * MIB,
        ),
        route("control JSON", Method::POST, "/_sandbox/faults", JSON, MIB),
        route(
            "token endpoint",
            Method::POST,
            "/dev1/oauth2/token",
            FORM,
            64 * KIB,
        ),
        route(
            "revocation",
            Method::POST,
            "/dev1/oauth2/revoke",
            FORM,
            64 * KIB,
        ),
        route(
            "authorize page",
            Method::POST,
            "/dev1/oauth2/authorize",
            FORM,
            64 * KIB,
        ),
        route("debug page", Method::POST, "/debug", FORM, 64 * KIB),
        route(
            "FHIR search",
            Method::POST,
            "/dev1/fhir/Patient/_search",
            FORM,
            64 * KIB,
        ),
    ]
}

async fn send(sb: &Sandbox, dev: &Dev, route: &Route, body: Body) -> Reply {
    let headers = [
        ("authorization", format!("Bearer {}", dev.token)),
        ("content-type", route.content_type.to_owned()),
    ];
    sb.send_body(route.method.clone(), &route.path, &headers, body)
        .await
}

/// Checks `reply` is `status` in the format `route` answers refusals in, saying `words`.
fn assert_refused(route: &Route, reply: &Reply, status: StatusCode, words: &str) {
    let what = route.what;
    assert_eq!(reply.status, status, "{what}: {}", super::text(reply));
    let content_type = reply.header("content-type").unwrap_or_default();
    let body = super::text(reply);
    if route.path.starts_with("/portal") || route.path.starts_with("/_sandbox") {
        assert_eq!(content_type, "application/problem+json", "{what}");
        assert!(
            reply.json()["detail"]
                .as_str()
                .unwrap_or_default()
                .contains(words),
            "{what}: {body}"
        );
    } else if route.path.contains("/fhir/") {
        assert!(content_type.starts_with("application/fhir+json"), "{what}");
        let issue = &reply.json()["issue"][0];
        assert!(
            issue["diagnostics"]
                .as_str()
                .unwrap_or_default()
                .contains(words),
            "{what}: {body}"
        );
    } else if route.path.contains("/authorize") || route.path == "/debug" {
        assert!(content_type.starts_with("text/html"), "{what}");
        assert!(reply.header("content-security-policy").is_some(), "{what}");
        assert!(body.contains(words), "{what}: {body}");
    } else {
        assert!(content_type.starts_with("application/json"), "{what}");
        assert_eq!(reply.json()["error"], "invalid_request", "{what}");
        assert!(
            reply.json()["error_description"]
                .as_str()
                .unwrap_or_default()
                .contains(words),
            "{what}: {body}"
        );
    }
}

fn size_words(limit: usize) -> String {
    if limit >= MIB {
        format!("{} MiB", limit / MIB)
    } else {
        format!("{} KiB", limit / KIB)
    }
}

#[tokio::test]
async fn a_body_over_the_routes_limit_gets_413_in_the_routes_own_format() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("bulky").await;
    let app = sb.app(&dev, "Bulky").await;
    for route in routes(app["id"].as_str().unwrap()) {
        let too_big = send(&sb, &dev, &route, Body::from(vec![b'a'; route.limit + 1])).await;
        assert_refused(
            &route,
            &too_big,
            StatusCode::PAYLOAD_TOO_LARGE,
            &size_words(route.limit),
        );
        // The same bytes streamed in chunks, without a Content-Length, meet the same limit.
        let chunk = Bytes::from(vec![b'a'; 16 * KIB]);
        let chunks = route.limit / chunk.len() + 1;
        let stream =
            futures::stream::iter((0..chunks).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
        let streamed = send(&sb, &dev, &route, Body::from_stream(stream)).await;
        assert_refused(
            &route,
            &streamed,
            StatusCode::PAYLOAD_TOO_LARGE,
            &size_words(route.limit),
        );
    }
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_not_refused_for_its_size() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("exact").await;
    let app = sb.app(&dev, "Exact").await;
    let id = app["id"].as_str().unwrap();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(10 * MIB - 7, b' ');
    pdf.extend_from_slice(b"\n%%EOF\n");
    assert_eq!(pdf.len(), 10 * MIB);
    let uploaded = sb.upload_policy(&dev, id, &pdf, "application/pdf").await;
    assert_eq!(
        uploaded.status,
        StatusCode::CREATED,
        "{}",
        super::text(&uploaded)
    );
    let mut form = b"grant_type=refresh_token&refresh_token=x&pad=".to_vec();
    form.resize(64 * KIB, b'a');
    let token = sb
        .send_with(
            Method::POST,
            "/dev1/oauth2/token",
            &[("content-type", FORM.into())],
            form,
        )
        .await;
    assert_ne!(
        token.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        super::text(&token)
    );
}

#[tokio::test]
async fn a_body_that_stalls_gets_408_in_the_routes_own_format() {
    let sb = impatient();
    let dev = sb.developer("stalling").await;
    let app = sb.app(&dev, "Stalling").await;
    for route in routes(app["id"].as_str().unwrap()) {
        let started = Instant::now();
        let never = futures::stream::pending::<Result<Bytes, std::io::Error>>();
        let stalled = send(&sb, &dev, &route, Body::from_stream(never)).await;
        assert_refused(
            &route,
            &stalled,
            StatusCode::REQUEST_TIMEOUT,
            "did not arrive",
        );
        // Some bytes, then nothing: a slow-loris body.
        let trickle = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"a=1"))])
            .chain(futures::stream::pending());
        let trickled = send(&sb, &dev, &route, Body::from_stream(trickle)).await;
        assert_refused(
            &route,
            &trickled,
            StatusCode::REQUEST_TIMEOUT,
            "did not arrive",
        );
        assert!(started.elapsed() < Duration::from_secs(5), "{}", route.what);
    }
}

/// A sandbox on a socket whose clients have 300 ms for headers and for a body.
async fn impatient_socket() -> sandbox::RunningSandbox {
    sandbox::start(
        SandboxConfig {
            header_read_timeout: Duration::from_millis(300),
            body_read_timeout: Duration::from_millis(300),
            password_cost: sandbox::PasswordCost::Fast,
            ..Default::default()
        },
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .expect("sandbox starts")
}

/// Writes `sent`, then reads until the server answers and closes, or 5 s pass.
async fn exchange(running: &sandbox::RunningSandbox, sent: &[u8]) -> (String, Duration) {
    let mut stream = tokio::net::TcpStream::connect(running.addr())
        .await
        .expect("connects");
    stream.write_all(sent).await.expect("writes");
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(
        read.is_ok(),
        "the server still holds the connection after 5 s"
    );
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_or_sends_nothing_is_disconnected() {
    let running = impatient_socket().await;
    let (answer, _) = exchange(
        &running,
        b"GET /_sandbox/clock HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "a whole request is served: {answer}"
    );
    let (answer, took) = exchange(&running, b"GET /_sandbox/clock HTTP/1.1\r\nHost: sand").await;
    assert!(!answer.contains("200 OK"), "{answer}");
    assert!(
        took >= Duration::from_millis(200),
        "closed by the timeout, not at once: {took:?}"
    );
    let (answer, _) = exchange(&running, b"").await;
    assert!(answer.is_empty() || !answer.contains("200 OK"), "{answer}");
    running.stop().await.expect("stops");
}

#[tokio::test]
async fn a_client_that_trickles_its_body_over_a_socket_gets_408() {
    let running = impatient_socket().await;
    let (answer, took) = exchange(
        &running,
        b"POST /portal/api/sessions HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{\"username\":",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("request timeout"), "{answer}");
    assert!(took < Duration::from_secs(5));
    running.stop().await.expect("stops");
}
