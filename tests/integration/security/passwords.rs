//! Passwords are hashed with Argon2id at the configured cost, and kept nowhere in clear.

use super::assert_absent;
use crate::support::{PASSWORD, Sandbox};
use sandbox::{PasswordCost, SandboxConfig};

/// The stored hash of `username`'s password.
fn stored_hash(sb: &Sandbox, username: &str) -> String {
    sb.state
        .store
        .account_by_username(username)
        .expect("the account exists")
        .password_hash
}

/// Checks a PHC string of Argon2id v1.3 with `params`, a 16-byte salt and a 32-byte hash.
fn assert_argon2id(phc: &str, params: &str) {
    let parts: Vec<&str> = phc.split('$').collect();
    assert_eq!(
        parts.get(..4),
        Some(&["", "argon2id", "v=19", params][..]),
        "{phc}"
    );
    assert_eq!(
        parts.get(4).map(|s| s.len()),
        Some(22),
        "a 16-byte salt: {phc}"
    );
    assert_eq!(
        parts.get(5).map(|s| s.len()),
        Some(43),
        "a 32-byte hash: {phc}"
    );
}

#[tokio::test]
async fn a_developer_password_is_stored_as_argon2id_with_the_standard_parameters() {
    let sb = Sandbox::exactly(SandboxConfig {
        password_cost: PasswordCost::Standard,
        ..Default::default()
    });
    sb.developer("ada").await;
    sb.developer("grace").await;
    // OWASP's Argon2id minimum, the argon2 crate's default: 19 MiB, 2 passes, 1 lane.
    let ada = stored_hash(&sb, "ada");
    assert_argon2id(&ada, "m=19456,t=2,p=1");
    let grace = stored_hash(&sb, "grace");
    assert_ne!(ada, grace, "the same password, salted apart");
}

#[tokio::test]
async fn the_fast_cost_of_test_fleets_still_hashes_with_argon2id() {
    let sb = Sandbox::new().await;
    sb.developer("fleet").await;
    assert_argon2id(&stored_hash(&sb, "fleet"), "m=256,t=1,p=1");
}

#[tokio::test]
async fn no_password_is_kept_in_clear_in_the_store_or_any_answer_or_mail() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("clara").await;
    let wrong = "Wr0ng-Guess-Pass!";
    let refused = sb.sign_in("clara", wrong).await;
    assert_eq!(refused.status, 401);
    let me = sb.get("/portal/api/accounts/me", Some(&dev.token)).await;
    let outbox = sb.get("/_sandbox/outbox", None).await;
    let store = format!("{:?}", sb.state.store);
    assert!(store.contains("$argon2id$"), "the dump shows the hashes");
    let secrets = [("the password", PASSWORD), ("a wrong password", wrong)];
    assert_absent("the store", &store, &secrets);
    assert_absent("the account", &super::text(&me), &secrets);
    assert_absent("the outbox", &super::text(&outbox), &secrets);
    assert_absent("the refusal", &super::text(&refused), &secrets);
}
