//! `Authorization` headers: `Bearer` as userinfo and the FHIR API read it (RFC 6750), and
//! `Basic` as the token, introspection and revocation endpoints read it (RFC 6749 2.3.1,
//! RFC 7617). The input is the header's value; its text up to the first `:` and after is
//! also sent as a client id and secret, encoded and not.
//!
//! Checked against an oracle of each rule: a bearer token is the non-empty, trimmed text
//! after `Bearer ` (any letter case), else a 401 `invalid_token` with a challenge; Basic
//! credentials are the base64 of `id:secret`, each form-decoded, else a 401
//! `invalid_client`; credentials read back the same when encoded again; any id and secret
//! form-encoded read back exactly, and ones a client left unencoded (no `%` or `+`) are
//! read as written.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use libfuzzer_sys::fuzz_target;
use sandbox::fuzzing::{basic_credentials, bearer_token, header_value};

fn expected_bearer(header: &str) -> Option<&str> {
    let (scheme, rest) = header.split_once(' ')?;
    let token = rest.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn check_bearer(value: &[u8]) {
    let Some(header) = header_value(value) else {
        return;
    };
    let expected = header.to_str().ok().and_then(expected_bearer);
    match bearer_token(&header) {
        Ok(token) => assert_eq!(Some(token.as_str()), expected),
        Err(e) => {
            assert_eq!(expected, None, "refused: {e:?}");
            assert_eq!((e.status().as_u16(), e.code()), (401, "invalid_token"));
            assert!(
                e.challenge().is_some(),
                "every 401 carries WWW-Authenticate"
            );
        }
    }
}

fn form(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn basic(scheme: &str, id: &str, secret: &str) -> Vec<u8> {
    format!("{scheme} {}", STANDARD.encode(format!("{id}:{secret}"))).into_bytes()
}

/// What the token endpoint makes of a Basic header: the client id and secret, or the
/// status and OAuth error code of its refusal; `None` when no header could carry `value`.
type BasicRead = Option<Result<(String, String), (u16, &'static str)>>;

fn read_basic(value: &[u8]) -> BasicRead {
    let header = header_value(value)?;
    Some(basic_credentials(&header).map_err(|e| (e.status().as_u16(), e.code)))
}

fn check_basic(value: &[u8]) {
    match read_basic(value) {
        None => {}
        Some(Ok((id, secret))) => {
            let scheme = String::from_utf8_lossy(&value[..value.len().min(5)]).into_owned();
            assert!(scheme.eq_ignore_ascii_case("basic"), "{scheme:?}");
            let again = read_basic(&basic("Basic", &form(&id), &form(&secret)));
            assert_eq!(
                again,
                Some(Ok((id, secret))),
                "credentials encoded again read back"
            );
        }
        Some(Err(refusal)) => assert_eq!(refusal, (401, "invalid_client")),
    }
}

fuzz_target!(|data: &[u8]| {
    check_bearer(data);
    check_basic(data);
    let text = String::from_utf8_lossy(data);
    let (id, secret) = text.split_once(':').unwrap_or((&text, ""));
    let wanted = Some(Ok((id.to_owned(), secret.to_owned())));
    assert_eq!(
        read_basic(&basic("bAsIc", &form(id), &form(secret))),
        wanted
    );
    if !text.contains(['%', '+']) {
        assert_eq!(
            read_basic(&basic("Basic", id, secret)),
            wanted,
            "read as written"
        );
    }
});
