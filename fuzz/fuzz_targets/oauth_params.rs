//! The form and query decoding of the authorize, token, introspection and revocation
//! endpoints (`Params::parse`, `Params::from_form`). The input is a query string, and
//! also a form whose first line is the `Content-Type` and the rest the body.
//!
//! Checked against an oracle of RFC 6749 3.1 and 3.2 as the sandbox applies them: the
//! pairs decode as `application/x-www-form-urlencoded`; the first pair whose name was
//! already sent, or whose value is over `MAX_VALUE` bytes, is refused as
//! `invalid_request` naming it; otherwise every parameter reads back as sent and an empty
//! value as absent; a form is read only when the essence of its Content-Type is
//! `application/x-www-form-urlencoded` (any case, any parameters) and its body is at most
//! `MAX_BODY` bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sandbox::fuzzing::{
    MAX_BODY, MAX_VALUE, OAuthError, Params, header_value, oauth_form, oauth_query,
};
use std::collections::BTreeSet;

/// The parameter the rule refuses first, if any.
fn first_refused(pairs: &[(String, String)]) -> Option<&str> {
    let mut seen = BTreeSet::new();
    pairs
        .iter()
        .find(|(name, value)| value.len() > MAX_VALUE || !seen.insert(name.as_str()))
        .map(|(name, _)| name.as_str())
}

fn check(encoded: &[u8], read: Result<Params, OAuthError>) {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(encoded).into_owned().collect();
    match (read, first_refused(&pairs)) {
        (Ok(params), None) => {
            for (name, value) in &pairs {
                let expected = (!value.is_empty()).then_some(value.as_str());
                assert_eq!(params.get(name), expected, "{name:?}");
            }
        }
        (Err(e), Some(name)) => {
            assert_eq!((e.code, e.status().as_u16()), ("invalid_request", 400));
            assert!(
                e.description.contains(&format!("`{name}`")),
                "{}",
                e.description
            );
        }
        (Ok(_), Some(name)) => panic!("`{name}` should have been refused"),
        (Err(e), None) => panic!("refused without cause: {e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    check(data, oauth_query(data));

    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (first, body) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let content_type = header_value(first);
    let read = oauth_form(content_type.as_ref(), body);
    let essence = content_type
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .map(|ct| ct.split(';').next().unwrap_or("").trim().to_owned());
    let is_form =
        essence.is_some_and(|e| e.eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    if !is_form {
        let e = read.err().map(|e| (e.code, e.status().as_u16()));
        assert_eq!(e, Some(("invalid_request", 400)), "a form under {first:?}");
    } else if body.len() > MAX_BODY {
        assert_eq!(read.err().map(|e| e.status().as_u16()), Some(413));
    } else {
        check(body, read);
    }
});
