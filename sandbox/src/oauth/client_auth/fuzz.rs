//! Fuzzing `Authorization: Basic` (RFC 6749 2.3.1, RFC 7617) as the token, introspection
//! and revocation endpoints read it.

use super::basic_credentials;
use crate::fuzzing::config;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;

fn with_authorization(value: HeaderValue) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::AUTHORIZATION, value);
    headers
}

fn form_encoded(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `Basic`, in any letter case, as RFC 7617 allows.
fn basic_scheme() -> impl Strategy<Value = String> {
    "[bB][aA][sS][iI][cC]"
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_authorization_header_gives_credentials_or_an_invalid_client_401(
        bytes in proptest::collection::vec(any::<u8>(), 0..200)
    ) {
        let Ok(value) = HeaderValue::from_bytes(&bytes) else {
            return Ok(()); // not a header a client can send
        };
        match basic_credentials(&with_authorization(value)) {
            Ok(Some(_)) => {}
            Ok(None) => prop_assert!(false, "a present header is never read as absent"),
            Err(e) => {
                prop_assert_eq!(e.code, "invalid_client");
                prop_assert_eq!(e.status(), StatusCode::UNAUTHORIZED);
            }
        }
    }

    #[test]
    fn any_basic_looking_header_gives_credentials_or_an_invalid_client_401(
        scheme in basic_scheme(),
        spaces in " {1,3}",
        payload in "[A-Za-z0-9+/=:%&é \\-]{0,60}",
        encode in any::<bool>(),
    ) {
        let encoded = if encode { STANDARD.encode(payload.as_bytes()) } else { payload };
        let Ok(value) = HeaderValue::from_str(&format!("{scheme}{spaces}{encoded}")) else {
            return Ok(());
        };
        if let Err(e) = basic_credentials(&with_authorization(value)) {
            prop_assert_eq!(e.code, "invalid_client");
            prop_assert_eq!(e.status(), StatusCode::UNAUTHORIZED);
        }
    }

    #[test]
    fn a_basic_header_for_any_id_and_secret_decodes_to_them(
        id in any::<String>(),
        secret in any::<String>(),
        scheme in basic_scheme(),
        trailing in " {0,2}",
    ) {
        let token = STANDARD.encode(format!("{}:{}", form_encoded(&id), form_encoded(&secret)));
        let value = HeaderValue::from_str(&format!("{scheme} {token}{trailing}")).unwrap();
        let decoded = basic_credentials(&with_authorization(value)).unwrap();
        prop_assert_eq!(decoded, Some((id, secret)));
    }

    #[test]
    fn credentials_a_client_did_not_form_encode_are_read_as_written(
        // Without `%` and `+`, which form decoding gives a meaning; the id without `:`,
        // which separates it from the secret.
        id in "[^:%+]{0,30}",
        secret in "[^%+]{0,30}",
    ) {
        let token = STANDARD.encode(format!("{id}:{secret}"));
        let value = HeaderValue::from_str(&format!("Basic {token}")).unwrap();
        let decoded = basic_credentials(&with_authorization(value)).unwrap();
        prop_assert_eq!(decoded, Some((id, secret)));
    }

    #[test]
    fn a_header_of_another_scheme_is_refused_naming_it(
        scheme in "[A-Za-z][A-Za-z0-9-]{0,10}".prop_filter("not Basic", |s| !s.eq_ignore_ascii_case("basic")),
        rest in "[A-Za-z0-9+/=]{1,40}",
    ) {
        let value = HeaderValue::from_str(&format!("{scheme} {rest}")).unwrap();
        let e = basic_credentials(&with_authorization(value)).unwrap_err();
        prop_assert_eq!(e.status(), StatusCode::UNAUTHORIZED);
        let expected = format!("scheme `{scheme}`");
        prop_assert!(e.description.contains(&expected), "{}", e.description);
    }
}

#[test]
fn no_authorization_header_is_no_basic_credentials() {
    assert_eq!(basic_credentials(&HeaderMap::new()).unwrap(), None);
}

#[test]
fn a_raw_ampersand_in_a_secret_is_part_of_the_secret() {
    // Found by `credentials_a_client_did_not_form_encode_are_read_as_written`: the secret
    // was decoded as a form body, so everything from a raw `&` on was dropped and
    // `s3cret&anything` authenticated as `s3cret`.
    let value =
        HeaderValue::from_str(&format!("Basic {}", STANDARD.encode("app:s3cret&x=y"))).unwrap();
    assert_eq!(
        basic_credentials(&with_authorization(value)).unwrap(),
        Some(("app".to_owned(), "s3cret&x=y".to_owned()))
    );
}
