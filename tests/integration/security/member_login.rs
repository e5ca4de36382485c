//! The member login of the authorization pages is throttled like the portal's sign-in:
//! five wrong passwords in a row lock that login for fifteen minutes of sandbox time.
//! (The portal's own lock: `accounts::five_wrong_passwords_lock_the_account_until_the_clock_moves_on`.)

use crate::oauth::{CB, Client, client, form_action, form_field, query};
use crate::support::{Reply, Sandbox};
use axum::http::{Method, StatusCode};
use serde_json::json;

/// The login page of a fresh authorize request, as the browser holds it.
struct LoginPage {
    cookie: String,
    action: String,
    csrf: String,
}

async fn open_login(sb: &Sandbox, tenant: &str, c: &Client) -> LoginPage {
    let path = format!(
        "/{tenant}/oauth2/authorize?{}",
        query(&[
            ("response_type", "code"),
            ("client_id", &c.id),
            ("redirect_uri", CB),
            ("scope", "openid patient/Patient.read"),
            ("state", "s"),
            ("nonce", &sandbox::random_token(8)),
        ])
    );
    let page = sb.get(&path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", super::text(&page));
    let html = super::text(&page);
    LoginPage {
        cookie: page
            .header("set-cookie")
            .and_then(|c| c.split(';').next())
            .expect("a flow cookie")
            .to_owned(),
        action: form_action(&html),
        csrf: form_field(&html, "csrf"),
    }
}

async fn log_in(sb: &Sandbox, page: &LoginPage, username: &str, password: &str) -> Reply {
    let body = query(&[
        ("csrf", &page.csrf),
        ("username", username),
        ("password", password),
    ]);
    sb.send_with(
        Method::POST,
        &page.action,
        &[
            ("cookie", page.cookie.clone()),
            ("content-type", "application/x-www-form-urlencoded".into()),
        ],
        body.into_bytes(),
    )
    .await
}

fn assert_locked(reply: &Reply, what: &str) {
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{what}");
    assert_eq!(reply.header("retry-after"), Some("900"), "{what}");
    let html = super::text(reply);
    assert!(html.contains("Too many failed sign-ins"), "{what}: {html}");
    assert!(html.contains("role=\"alert\""), "{what}");
}

#[tokio::test]
async fn five_wrong_member_passwords_lock_that_login_until_the_clock_moves_on() {
    let sb = Sandbox::new().await;
    sb.state.clock.freeze();
    let c = client(&sb, "confidential-basic").await;
    let page = open_login(&sb, "dev1", &c).await;
    for n in 1..5 {
        let wrong = log_in(&sb, &page, "member7", "Member7-pass?").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    assert_locked(
        &log_in(&sb, &page, "member7", "Member7-pass?").await,
        "the fifth",
    );
    assert_locked(
        &log_in(&sb, &page, "member7", "Member7-pass!").await,
        "the right password while locked",
    );
    let fresh = open_login(&sb, "dev1", &c).await;
    assert_locked(
        &log_in(&sb, &fresh, "member7", "Member7-pass!").await,
        "another authorize request",
    );
    let other = log_in(&sb, &fresh, "member8", "Member8-pass!").await;
    assert_eq!(
        other.status,
        StatusCode::SEE_OTHER,
        "other members are not locked"
    );

    let advanced = sb
        .post("/_sandbox/clock/advance", None, json!({"seconds": 901}))
        .await;
    assert_eq!(advanced.status, StatusCode::OK);
    let later = open_login(&sb, "dev1", &c).await;
    let opened = log_in(&sb, &later, "member7", "Member7-pass!").await;
    assert_eq!(
        opened.status,
        StatusCode::SEE_OTHER,
        "{}",
        super::text(&opened)
    );
}

#[tokio::test]
async fn unknown_member_names_are_locked_alike_so_the_lock_reveals_no_one() {
    let sb = Sandbox::new().await;
    sb.state.clock.freeze();
    let c = client(&sb, "confidential-basic").await;
    let page = open_login(&sb, "dev1", &c).await;
    for _ in 1..5 {
        assert_eq!(
            log_in(&sb, &page, "nobody", "x").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_locked(
        &log_in(&sb, &page, "nobody", "x").await,
        "an unknown member",
    );
}

#[tokio::test]
async fn a_right_password_starts_the_member_count_over_and_a_reset_lifts_locks() {
    let sb = Sandbox::new().await;
    sb.state.clock.freeze();
    let c = client(&sb, "confidential-basic").await;
    let page = open_login(&sb, "dev1", &c).await;
    for _ in 1..5 {
        log_in(&sb, &page, "member9", "wrong").await;
    }
    assert_eq!(
        log_in(&sb, &page, "member9", "Member9-pass!").await.status,
        StatusCode::SEE_OTHER
    );
    let again = open_login(&sb, "dev1", &c).await;
    for _ in 1..5 {
        assert_eq!(
            log_in(&sb, &again, "member9", "wrong").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_locked(
        &log_in(&sb, &again, "member9", "wrong").await,
        "five in a row",
    );
    sb.post("/_sandbox/reset", None, json!({})).await;
    let c = client(&sb, "confidential-basic").await;
    let after = open_login(&sb, "dev1", &c).await;
    assert_eq!(
        log_in(&sb, &after, "member9", "Member9-pass!").await.status,
        StatusCode::SEE_OTHER,
        "a reset lifts the lock"
    );
}
