//! Fuzzing the JWTs an app presents back to the sandbox: only a token this process
//! signed, byte for byte, verifies.

use super::process_key;
use crate::fuzzing::config;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// JSON claims: strings, integers, booleans and nulls, nested a little. (No floats:
/// JSON text does not promise that a float reads back to the same bits.)
fn claims() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<String>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ];
    let value = leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    });
    proptest::collection::btree_map("[a-z_]{1,8}", value, 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

/// One change to a token's text: a character replaced, inserted or removed.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, char),
    Insert(usize, char),
    Remove(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<char>()).prop_map(|(i, c)| Edit::Replace(i, c)),
        (any::<usize>(), any::<char>()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Remove),
    ]
}

/// `token` with `edit` applied at a position taken modulo its length; `None` when the
/// edit changes nothing (a character replaced by itself).
fn apply(token: &str, edit: &Edit) -> Option<String> {
    let mut chars: Vec<char> = token.chars().collect();
    match *edit {
        Edit::Replace(i, c) => {
            let i = i % chars.len();
            if chars[i] == c {
                return None;
            }
            chars[i] = c;
        }
        Edit::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
        Edit::Remove(i) => {
            chars.remove(i % chars.len());
        }
    }
    Some(chars.into_iter().collect())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_refused_without_a_panic(text in any::<String>()) {
        prop_assert!(process_key().verify(&text).is_err());
    }

    #[test]
    fn any_three_base64url_parts_are_refused(
        header in proptest::collection::vec(any::<u8>(), 0..80),
        payload in proptest::collection::vec(any::<u8>(), 0..80),
        signature in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let token = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(signature)
        );
        prop_assert!(process_key().verify(&token).is_err());
    }
}

proptest! {
    // Each case signs with RSA-2048: fewer cases.
    #![proptest_config(config(64))]

    #[test]
    fn any_claims_signed_verify_to_the_same_claims(claims in claims()) {
        let key = process_key();
        let token = key.sign(&claims).unwrap();
        prop_assert_eq!(key.verify(&token).unwrap(), claims);
    }

    #[test]
    fn a_token_with_any_one_character_changed_never_verifies(
        claims in claims(),
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        let key = process_key();
        let token = key.sign(&claims).unwrap();
        for e in &edits {
            if let Some(changed) = apply(&token, e) {
                prop_assert!(key.verify(&changed).is_err(), "{:?} verified", e);
            }
        }
    }

    #[test]
    fn the_payload_and_signature_under_another_header_never_verify(
        alg in prop_oneof![
            Just("none".to_owned()),
            Just("HS256".to_owned()),
            Just("RS384".to_owned()),
            Just("rs256".to_owned()),
            "[A-Za-z0-9]{0,6}",
        ],
        kid in prop_oneof![Just(None), "[a-f0-9]{16}".prop_map(Some)],
        keep_signature in any::<bool>(),
    ) {
        let key = process_key();
        let token = key.sign(&json!({"sub": "rose"})).unwrap();
        let original_kid = key.kid.clone();
        let header = match kid {
            Some(k) => json!({"alg": alg, "typ": "JWT", "kid": k}),
            None => json!({"alg": alg, "typ": "JWT", "kid": original_kid}),
        };
        let parts: Vec<&str> = token.split('.').collect();
        let forged = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            parts[1],
            if keep_signature { parts[2] } else { "" }
        );
        prop_assume!(forged != token);
        prop_assert!(key.verify(&forged).is_err());
    }
}
