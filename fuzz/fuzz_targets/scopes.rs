//! The scopes of an app registration (`POST /portal/api/apps`, `PATCH`, production): the
//! input is the `scopes` field, as JSON when it reads as JSON, else as one string.
//!
//! Checked against an oracle of the rule: a string or a list of strings is split on white
//! space; nothing is `scopes.required`; a scope no tenant of the environment lists is
//! `scopes.unknown` and named, one error each; a list item that is no string is refused on
//! `scopes[i]`; anything else is `scopes.required`; accepted scopes come back once each, in
//! first-seen order, and read back the same when sent again space-joined or as a list.
#![no_main]

use conform_fuzz::{first_seen, tenants};
use libfuzzer_sys::fuzz_target;
use sandbox::Environment;
use sandbox::fuzzing::registration_scopes;
use serde_json::Value;

/// What the portal should decide: the scopes, or the fields and codes of its errors with
/// the scope each names.
type Expected = Result<Vec<String>, Vec<(String, &'static str, Option<String>)>>;

fn expected(environment: Environment, value: &Value) -> Expected {
    let required = || Err(vec![("scopes".to_owned(), "scopes.required", None)]);
    let pieces: Vec<String> = match value {
        Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
        Value::Array(items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let Value::String(s) = item else {
                    return Err(vec![(format!("scopes[{i}]"), "scopes.unknown", None)]);
                };
                out.extend(s.split_whitespace().map(str::to_owned));
            }
            out
        }
        _ => return required(),
    };
    if pieces.is_empty() {
        return required();
    }
    let unknown: Vec<_> = pieces
        .iter()
        .filter(|s| !tenants().accepts_scope(environment, s))
        .map(|s| ("scopes".to_owned(), "scopes.unknown", Some(s.clone())))
        .collect();
    if unknown.is_empty() {
        Ok(first_seen(&pieces))
    } else {
        Err(unknown)
    }
}

fn check(environment: Environment, value: &Value) {
    let got = registration_scopes(tenants(), environment, value);
    match (&got, expected(environment, value)) {
        (Ok(scopes), Ok(want)) => {
            assert_eq!(scopes, &want);
            let joined = Value::from(scopes.join(" "));
            let list = Value::from(scopes.clone());
            for again in [joined, list] {
                let back = registration_scopes(tenants(), environment, &again);
                assert_eq!(back.as_ref().ok(), Some(scopes), "round trip of {again}");
            }
        }
        (Err(errors), Err(want)) => {
            assert_eq!(errors.len(), want.len(), "{errors:?} vs {want:?}");
            for (e, (field, code, named)) in errors.iter().zip(&want) {
                assert_eq!(&e.field, field);
                assert_eq!(e.code, *code);
                if let Some(scope) = named {
                    assert!(e.message.contains(&format!("`{scope}`")), "{}", e.message);
                }
            }
        }
        (got, want) => panic!("{value} in {environment}: got {got:?}, the rule says {want:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let value = serde_json::from_str(&text).unwrap_or_else(|_| Value::from(text.as_ref()));
    for environment in [Environment::Development, Environment::Production] {
        check(environment, &value);
    }
});
