//! Fuzzing the redirect URIs of an app registration: a JSON list or one comma-separated
//! string of absolute URIs, kept exactly as written.

use super::{MAX_URIS, check, parse};
use crate::fuzzing::config;
use proptest::prelude::*;
use serde_json::Value;

/// A redirect URI the portal must accept: a web URI with a host, or a native app's
/// reverse-domain scheme (RFC 8252 7.1), with any port, path, trailing slash and query.
pub fn valid_uri() -> impl Strategy<Value = String> {
    // No label starts with `xn--`: that is punycode, and a random one is no domain name.
    let host = "[a-wyz][a-z0-9-]{0,10}(\\.[a-z]{2,6}){0,2}|127\\.0\\.0\\.1|localhost|\\[::1\\]";
    let path = "(/[A-Za-z0-9._~%!$&'()*+=@-]{0,8}){0,3}/?";
    let query = "(\\?[a-z]{1,5}=[A-Za-z0-9._~-]{0,8}(&[a-z]{1,5}=[a-z0-9]{0,5}){0,2})?";
    prop_oneof![
        (
            prop_oneof![Just("https"), Just("http")],
            host,
            proptest::option::of(1u16..),
            path,
            query
        )
            .prop_map(|(scheme, host, port, path, query)| {
                let port = port.map(|p| format!(":{p}")).unwrap_or_default();
                format!("{scheme}://{host}{port}{path}{query}")
            }),
        // `scheme:/path`, never `scheme://`, which would start an authority.
        (
            "[a-z]{2,6}\\.[a-z]{2,8}(\\.[a-z]{2,8})?",
            "(/[A-Za-z0-9._~!$&'()*+=@-]{1,8}){0,3}",
            query
        )
            .prop_map(|(scheme, path, query)| format!("{scheme}:{path}{query}")),
    ]
}

/// Text near a URI: pieces of real ones, separators, white space and anything at all.
fn uri_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("https://".to_owned()),
        Just("http:".to_owned()),
        Just("//".to_owned()),
        Just("/".to_owned()),
        Just("#".to_owned()),
        Just("?".to_owned()),
        Just(":".to_owned()),
        Just("javascript:".to_owned()),
        Just("com.example.app:".to_owned()),
        "[a-z.]{1,8}",
        "[ \t\r\n\u{0}\u{1}\u{7f}\u{a0}\u{200b}]",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_a_usable_redirect_uri_or_a_named_refusal(uri in uri_like()) {
        match check(&uri) {
            Ok(()) => {
                let parsed = url::Url::parse(&uri);
                prop_assert!(parsed.is_ok());
                let parsed = parsed.unwrap();
                prop_assert!(parsed.fragment().is_none());
                prop_assert!(
                    !uri.chars().any(|c| c.is_whitespace() || c.is_control()),
                    "{:?} has white space or a control character", uri
                );
                match parsed.scheme() {
                    "http" | "https" => prop_assert!(parsed.host_str().is_some_and(|h| !h.is_empty())),
                    scheme => prop_assert!(scheme.contains('.'), "{}", scheme),
                }
            }
            Err((code, message)) => {
                prop_assert!(code.starts_with("redirect_uris."));
                prop_assert!(!message.is_empty());
            }
        }
    }

    #[test]
    fn a_valid_uri_is_accepted_and_kept_as_written(uri in valid_uri()) {
        prop_assert_eq!(check(&uri), Ok(()));
        prop_assert_eq!(parse("redirect_uris", &Value::from(vec![uri.clone()])), Ok(vec![uri]));
    }

    #[test]
    fn a_list_and_a_comma_separated_string_register_the_same_uris(
        uris in proptest::collection::vec(valid_uri().prop_filter("no comma", |u| !u.contains(',')), 1..MAX_URIS),
        spaces in proptest::collection::vec(" {0,2}", MAX_URIS),
    ) {
        let text = uris
            .iter()
            .zip(&spaces)
            .map(|(u, s)| format!("{s}{u}{s}"))
            .collect::<Vec<_>>()
            .join(",");
        let mut expected: Vec<String> = Vec::new();
        for u in &uris {
            if !expected.contains(u) {
                expected.push(u.clone());
            }
        }
        prop_assert_eq!(parse("redirect_uris", &Value::from(text)), Ok(expected.clone()));
        prop_assert_eq!(parse("redirect_uris", &Value::from(uris)), Ok(expected));
    }

    #[test]
    fn any_json_gives_checked_uris_or_errors_naming_the_field(value in prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        uri_like().prop_map(Value::from),
        proptest::collection::vec(prop_oneof![
            uri_like().prop_map(Value::from),
            valid_uri().prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
        ], 0..25).prop_map(Value::from),
    ]) {
        match parse("redirect_uris", &value) {
            Ok(uris) => {
                prop_assert!(!uris.is_empty() && uris.len() <= MAX_URIS);
                for u in &uris {
                    prop_assert_eq!(check(u), Ok(()));
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(e.field == "redirect_uris" || e.field.starts_with("redirect_uris["), "{}", e.field);
                    prop_assert!(e.code.starts_with("redirect_uris."));
                }
            }
        }
    }
}
