//! Fuzzing the scopes of an app registration (`POST /portal/api/apps`, `PATCH`, the
//! production registration): a JSON list or one space-separated string.

use super::parse;
use crate::fuzzing::config;
use crate::tenants::{Environment, Tenants};
use proptest::prelude::*;
use serde_json::Value;

fn environment() -> impl Strategy<Value = Environment> {
    prop_oneof![
        Just(Environment::Development),
        Just(Environment::Production)
    ]
}

/// Every scope the bundled tenants of `environment` accept.
fn accepted(environment: Environment) -> Vec<String> {
    let mut all: Vec<String> = Tenants::bundled()
        .of(environment)
        .flat_map(|t| t.scopes.iter().cloned())
        .collect();
    all.sort();
    all.dedup();
    all
}

/// White space between scopes: what a form or a hand-written request may put there.
fn separator() -> impl Strategy<Value = String> {
    "[ \t\n]{1,3}"
}

/// Any JSON value, the shapes a client may send in place of the scopes.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        "[a-zA-Z/.* ]{0,30}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `picks` as indexes into `scopes`, in order, duplicates kept.
fn pick(scopes: &[String], picks: &[prop::sample::Index]) -> Vec<String> {
    picks.iter().map(|i| i.get(scopes).clone()).collect()
}

fn first_seen(scopes: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in scopes {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_json_gives_accepted_scopes_or_errors_naming_the_field(
        environment in environment(),
        value in json(),
    ) {
        let tenants = Tenants::bundled();
        match parse(&tenants, environment, &value) {
            Ok(scopes) => {
                prop_assert!(!scopes.is_empty());
                prop_assert_eq!(first_seen(&scopes), scopes.clone(), "no duplicates");
                for s in &scopes {
                    prop_assert!(tenants.accepts_scope(environment, s));
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(e.field == "scopes" || e.field.starts_with("scopes["), "{}", e.field);
                    prop_assert!(e.code.starts_with("scopes."));
                }
            }
        }
    }

    #[test]
    fn a_scope_set_as_a_string_or_a_list_reads_back_the_same(
        environment in environment(),
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..12),
        separators in proptest::collection::vec(separator(), 12),
        edges in (" {0,2}", " {0,2}"),
    ) {
        let tenants = Tenants::bundled();
        let chosen = pick(&accepted(environment), &picks);
        let mut text = edges.0.clone();
        for (i, s) in chosen.iter().enumerate() {
            if i > 0 {
                text.push_str(&separators[i]);
            }
            text.push_str(s);
        }
        text.push_str(&edges.1);
        let expected = first_seen(&chosen);
        let from_text = parse(&tenants, environment, &Value::from(text)).unwrap();
        let from_list = parse(&tenants, environment, &Value::from(chosen.clone())).unwrap();
        prop_assert_eq!(&from_text, &expected);
        prop_assert_eq!(&from_list, &expected);
        // What the dashboard renders (space-joined) registers the same set again.
        let rendered = Value::from(from_text.join(" "));
        prop_assert_eq!(parse(&tenants, environment, &rendered).unwrap(), expected);
    }

    #[test]
    fn one_scope_the_tenants_do_not_list_is_refused_and_named(
        environment in environment(),
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
        stranger in "[a-zA-Z/.*_-]{1,24}",
        at in any::<prop::sample::Index>(),
    ) {
        let tenants = Tenants::bundled();
        prop_assume!(!tenants.accepts_scope(environment, &stranger));
        let mut chosen = pick(&accepted(environment), &picks);
        chosen.insert(at.index(chosen.len() + 1), stranger.clone());
        let errors = parse(&tenants, environment, &Value::from(chosen.join(" "))).unwrap_err();
        prop_assert_eq!(errors.len(), 1);
        prop_assert_eq!(errors[0].code, "scopes.unknown");
        let named = format!("`{stranger}`");
        prop_assert!(errors[0].message.contains(&named), "{}", errors[0].message);
    }
}
