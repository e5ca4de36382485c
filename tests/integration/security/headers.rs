//! Every HTML page carries a strict Content-Security-Policy (inline style and script by
//! hash only, no framing), X-Frame-Options, nosniff, no referrer and no caching; every
//! other answer carries nosniff, and answers showing credentials are never cached.

use crate::oauth::{CB, client, query, walk_authorize};
use crate::support::{Reply, Sandbox};
use axum::http::{Method, StatusCode};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The text between `open` and `close`, or `None`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)? + open.len();
    let end = html[start..].find(close)? + start;
    Some(&html[start..end])
}

fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The CSP directive `name` (its sources, space-separated).
fn directive<'a>(csp: &'a str, name: &str) -> Option<&'a str> {
    csp.split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix(name).map(str::trim))
}

/// Checks the page headers, and that the CSP allows exactly the page's inline style and
/// (form post only) script by hash.
fn assert_secure_page(what: &str, reply: &Reply) {
    assert!(
        reply
            .header("content-type")
            .unwrap_or_default()
            .starts_with("text/html"),
        "{what}"
    );
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(reply.header(name), Some(value), "{what}: {name}");
    }
    let csp = reply
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(
        directive(csp, "default-src"),
        Some("'none'"),
        "{what}: {csp}"
    );
    assert_eq!(
        directive(csp, "frame-ancestors"),
        Some("'none'"),
        "{what}: {csp}"
    );
    assert_eq!(directive(csp, "base-uri"), Some("'none'"), "{what}: {csp}");
    let html = super::text(reply);
    let style = between(&html, "<style>", "</style>").expect("the inline stylesheet");
    assert_eq!(
        directive(csp, "style-src"),
        Some(hash_source(style).as_str()),
        "{what}"
    );
    match between(&html, "<script>", "</script>") {
        None => {
            assert!(!html.contains("<script"), "{what}");
            assert_eq!(
                directive(csp, "script-src"),
                Some("'none'"),
                "{what}: {csp}"
            );
        }
        Some(script) => {
            assert_eq!(html.matches("<script").count(), 1, "{what}");
            assert_eq!(
                directive(csp, "script-src"),
                Some(hash_source(script).as_str()),
                "{what}"
            );
        }
    }
}

fn authorize_path(client_id: &str, mode: &str) -> String {
    format!(
        "/dev1/oauth2/authorize?{}",
        query(&[
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", CB),
            ("scope", "openid patient/Patient.read"),
            ("state", "s"),
            ("nonce", &sandbox::random_token(8)),
            ("response_mode", mode),
        ])
    )
}

#[tokio::test]
async fn every_html_page_carries_the_security_headers_and_a_hash_only_policy() {
    let sb = Sandbox::new().await;
    let c = client(&sb, "confidential-basic").await;
    let mut pages: Vec<(&str, Reply)> = vec![
        (
            "the login page",
            sb.get(&authorize_path(&c.id, "query"), None).await,
        ),
        (
            "an unknown client's error page",
            sb.get(&authorize_path("nobody", "query"), None).await,
        ),
        (
            "an unknown tenant's page",
            sb.get("/nowhere/oauth2/authorize", None).await,
        ),
        (
            "the debug page with a code",
            sb.get("/debug?code=abc&state=s", None).await,
        ),
        ("the empty debug page", sb.get("/debug", None).await),
        (
            "a wrong password",
            walk_authorize(
                &sb,
                &authorize_path(&c.id, "query"),
                ("rose", "nope"),
                ["accept", "accept"],
            )
            .await,
        ),
        (
            "the disclaimer",
            walk_authorize(
                &sb,
                &authorize_path(&c.id, "query"),
                crate::oauth::ROSE,
                ["", ""],
            )
            .await,
        ),
        (
            "the form post",
            walk_authorize(
                &sb,
                &authorize_path(&c.id, "form_post"),
                crate::oauth::ROSE,
                ["accept", "accept"],
            )
            .await,
        ),
        (
            "an oversized form",
            sb.send_with(
                Method::POST,
                "/dev1/oauth2/authorize",
                &[("content-type", "application/x-www-form-urlencoded".into())],
                vec![b'a'; 64 * 1024 + 1],
            )
            .await,
        ),
    ];
    let consent = walk_authorize(
        &sb,
        &authorize_path(&c.id, "query"),
        crate::oauth::ROSE,
        ["accept", ""],
    )
    .await;
    pages.push(("the HIPAA authorization", consent));
    for (what, reply) in &pages {
        assert!(
            reply.status != StatusCode::SEE_OTHER,
            "{what} is a page, not a redirect"
        );
        assert_secure_page(what, reply);
    }
    let html = |what: &str| {
        pages
            .iter()
            .find(|(w, _)| *w == what)
            .map(|(_, r)| super::text(r))
            .unwrap_or_default()
    };
    assert!(html("the disclaimer").contains("Interoperability Disclaimer"));
    assert!(html("the HIPAA authorization").contains("HIPAA Authorization"));
    assert!(html("the form post").contains("<script>"));
    assert!(html("the debug page with a code").contains("abc"));
}

#[tokio::test]
async fn every_other_answer_is_nosniff_and_those_with_credentials_are_never_cached() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("sniffy").await;
    let app = sb.app(&dev, "Sniffy").await;
    let id = app["id"].as_str().unwrap();
    let answers = [
        ("a problem", sb.get("/portal/api/apps", None).await),
        ("the clock", sb.get("/_sandbox/clock", None).await),
        (
            "discovery",
            sb.get("/dev1/fhir/.well-known/smart-configuration", None)
                .await,
        ),
        ("a FHIR refusal", sb.get("/dev1/fhir/Patient", None).await),
        (
            "the directory",
            sb.get("/dev1/fhir/Practitioner?_count=1", None).await,
        ),
        ("an unknown path", sb.get("/nowhere", None).await),
    ];
    for (what, reply) in &answers {
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
    }
    let with_credentials = [
        (
            "the sign-in",
            sb.sign_in("sniffy", crate::support::PASSWORD).await,
        ),
        (
            "the revealed dashboard",
            sb.get(
                &format!("/portal/api/apps/{id}?reveal=true"),
                Some(&dev.token),
            )
            .await,
        ),
        ("the debug page", sb.get("/debug?code=abc", None).await),
    ];
    for (what, reply) in &with_credentials {
        assert!(reply.status.is_success(), "{what}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{what}");
    }
}
