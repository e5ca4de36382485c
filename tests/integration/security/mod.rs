//! The security review, as tests: each point of docs/security.md has a test here (or
//! names the one elsewhere) that fails if the sandbox regresses on it.

mod admin;
mod headers;
mod limits;
mod logs;
mod member_login;
mod passwords;
mod secrets;
mod token_binding;

use crate::support::Reply;

/// The reply's body as text, for "never contains" checks.
fn text(reply: &Reply) -> String {
    String::from_utf8_lossy(&reply.bytes).into_owned()
}

/// Panics naming every `needle` that occurs in `haystack` (what leaked, and where).
fn assert_absent(what: &str, haystack: &str, needles: &[(&str, &str)]) {
    let leaked: Vec<&str> = needles
        .iter()
        .filter(|(_, value)| !value.is_empty() && haystack.contains(value))
        .map(|(name, _)| *name)
        .collect();
    assert!(leaked.is_empty(), "{what} contains {leaked:?}:\n{haystack}");
}
