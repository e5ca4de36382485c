//! Fuzzing the form and query decoding of the authorize, token, introspection and
//! revocation endpoints: each parameter once, values capped, forms only as forms.

use super::{MAX_BODY, MAX_VALUE, Params};
use crate::fuzzing::config;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn encode(pairs: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

fn form_headers(content_type: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h
}

/// Parameter names: the OAuth ones, and anything else.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
            "code",
            "grant_type",
            "code_verifier",
            "refresh_token",
            "response_type",
            "aud",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_bytes_give_parameters_or_invalid_request(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..300),
            "([a-z_%=&+]|%[0-9A-Fa-f]{2}|%[^0-9A-Fa-f]){0,80}".prop_map(String::into_bytes),
        ]
    ) {
        match Params::parse(&bytes) {
            Ok(params) => {
                for value in params.0.values() {
                    prop_assert!(value.len() <= MAX_VALUE);
                }
            }
            Err(e) => {
                prop_assert_eq!(e.code, "invalid_request");
                prop_assert_eq!(e.status(), StatusCode::BAD_REQUEST);
                prop_assert!(e.description.contains("parameter `"), "{}", e.description);
            }
        }
    }

    #[test]
    fn any_distinct_parameters_encoded_read_back_as_sent(
        map in proptest::collection::btree_map(name(), any::<String>(), 0..10)
    ) {
        let map: BTreeMap<String, String> = map
            .into_iter()
            .filter(|(_, v)| v.len() <= MAX_VALUE)
            .collect();
        let pairs: Vec<_> = map.clone().into_iter().collect();
        let params = Params::parse(encode(&pairs).as_bytes()).unwrap();
        prop_assert_eq!(&params.0, &map);
        for (k, v) in &map {
            prop_assert_eq!(params.get(k), Some(v.as_str()).filter(|v| !v.is_empty()));
        }
    }

    #[test]
    fn a_repeated_parameter_is_refused_naming_it(
        map in proptest::collection::btree_map(name(), "[a-z0-9]{0,8}", 1..6),
        which in any::<prop::sample::Index>(),
        again in "[a-z0-9]{0,8}",
        at in any::<prop::sample::Index>(),
    ) {
        let mut pairs: Vec<_> = map.into_iter().collect();
        let repeated = which.get(&pairs).0.clone();
        pairs.insert(at.index(pairs.len() + 1), (repeated.clone(), again));
        let e = Params::parse(encode(&pairs).as_bytes()).unwrap_err();
        prop_assert_eq!(e.code, "invalid_request");
        let named = format!("parameter `{repeated}` was sent more than once");
        prop_assert!(e.description.contains(&named), "{}", e.description);
    }

    #[test]
    fn a_value_over_the_cap_is_refused_naming_its_parameter(
        name in "[a-z_]{1,12}",
        extra in 1usize..100,
        letter in "[a-zA-Z0-9é]",
    ) {
        let value = letter.repeat((MAX_VALUE + extra).div_ceil(letter.len()));
        let e = Params::parse(encode(&[(name.clone(), value)]).as_bytes()).unwrap_err();
        let named = format!("parameter `{name}` is longer than");
        prop_assert!(e.description.contains(&named), "{}", e.description);
    }

    #[test]
    fn a_form_body_is_read_only_under_the_form_media_type(
        content_type in prop_oneof![
            "[aA]pplication/[xX]-www-form-urlencoded(; ?charset=[a-zA-Z0-9-]{1,8})?",
            "[a-z]{1,12}/[a-z+.-]{1,16}",
            any::<String>(),
        ],
        pairs in proptest::collection::btree_map("[a-z_]{1,10}", "[ -~]{0,20}", 0..5),
    ) {
        let pairs: Vec<_> = pairs.into_iter().collect();
        let body = Bytes::from(encode(&pairs));
        let headers = form_headers(&content_type);
        let sent = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let essence = sent.split(';').next().unwrap_or("").trim();
        let is_form = essence.eq_ignore_ascii_case("application/x-www-form-urlencoded");
        match Params::from_form(&headers, &body) {
            Ok(params) => {
                prop_assert!(is_form, "{} was read as a form", sent);
                prop_assert_eq!(params.0.len(), pairs.len());
            }
            Err(e) => {
                prop_assert!(!is_form, "{}", e.description);
                prop_assert_eq!(e.code, "invalid_request");
                prop_assert!(e.description.contains("application/x-www-form-urlencoded"));
            }
        }
    }
}

#[test]
fn a_form_body_over_the_cap_is_refused_before_it_is_read() {
    let body = Bytes::from(format!("a={}", "b".repeat(MAX_BODY)));
    let e =
        Params::from_form(&form_headers("application/x-www-form-urlencoded"), &body).unwrap_err();
    assert!(e.description.contains("larger than"), "{}", e.description);
}
