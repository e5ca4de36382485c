//! The JWTs apps present back (access tokens on userinfo and the FHIR API, introspection)
//! as `SigningKey::verify` checks them. The input is a token, a JOSE header, edits to a
//! token the sandbox signed, and (when it is a JSON object) claims to sign.
//!
//! Checked: no input verifies (the process's key is made at start, so no input can carry
//! its signature) and every refusal is a `TokenRejected`; a signed token with any of the
//! input's edits (a byte replaced, inserted or removed) or under any other header never
//! verifies; any JSON object signed (floats aside) verifies to the same claims.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use libfuzzer_sys::fuzz_target;
use sandbox::fuzzing::{sign_jwt, verify_jwt};
use serde_json::{Value, json};
use std::sync::OnceLock;

/// One token the sandbox signed, made once: signing costs far more than verifying.
fn signed() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| {
        let claims = json!({"sub": "rose", "scope": "patient/*.read", "exp": 1_900_000_000});
        sign_jwt(&claims).unwrap_or_default()
    })
}

/// The signed token with the input's edits: each three bytes `op, at, byte` replace,
/// insert or remove one byte of it.
fn edited(data: &[u8]) -> Vec<u8> {
    let mut token = signed().as_bytes().to_vec();
    for edit in data.chunks_exact(3).take(8) {
        let at = usize::from(edit[1]) * 97 % (token.len() + 1);
        match edit[0] % 3 {
            0 if at < token.len() => token[at] = edit[2],
            1 => token.insert(at, edit[2]),
            _ if at < token.len() => {
                token.remove(at);
            }
            _ => {}
        }
    }
    token
}

/// Whether `value` holds a float anywhere: JSON text does not promise that a float reads
/// back to the same bits, so such claims are left out of the round trip.
fn has_float(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_f64(),
        Value::Array(items) => items.iter().any(has_float),
        Value::Object(map) => map.values().any(has_float),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    assert!(!signed().is_empty(), "the sandbox signs tokens");
    let text = String::from_utf8_lossy(data);
    assert!(
        verify_jwt(&text).is_err(),
        "{text:?} is no token the sandbox signed"
    );

    let token = edited(data);
    if token != signed().as_bytes() {
        let token = String::from_utf8_lossy(&token);
        assert!(
            verify_jwt(&token).is_err(),
            "an edited token verified: {token}"
        );
    }

    // The payload and signature under the input as header (`alg: none`, HS256, ...).
    let (header, rest) = signed().split_once('.').unwrap_or_default();
    let original = URL_SAFE_NO_PAD.decode(header).unwrap_or_default();
    if data != original.as_slice() {
        let forged = format!("{}.{rest}", URL_SAFE_NO_PAD.encode(data));
        assert!(
            verify_jwt(&forged).is_err(),
            "a token under {text:?} verified"
        );
        let unsigned = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(data),
            rest.split('.').next().unwrap_or("")
        );
        assert!(
            verify_jwt(&unsigned).is_err(),
            "an unsigned token under {text:?} verified"
        );
    }

    if let Ok(claims @ Value::Object(_)) = serde_json::from_slice::<Value>(data)
        && !has_float(&claims)
    {
        let token = sign_jwt(&claims).unwrap_or_default();
        assert_eq!(
            verify_jwt(&token).ok(),
            Some(claims),
            "what is signed verifies"
        );
    }
});
