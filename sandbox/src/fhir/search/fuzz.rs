//! Fuzzing FHIR search queries as `GET /{tenant}/fhir/{type}?...` reads them: every
//! parameter of every type, modifiers, chains, `_include`, `_count` and page tokens.

use super::super::definition::{ParamKind, ResourceDef};
use super::super::index::{StringMode, TokenQuery};
use super::super::types;
use super::{Criterion, MAX_COUNT, PageToken, Search, criteria, includes, paging};
use crate::error::FhirError;
use crate::fuzzing::config;
use axum::http::StatusCode;
use proptest::prelude::*;

fn all_types() -> Vec<&'static ResourceDef> {
    types::all().collect()
}

fn def() -> impl Strategy<Value = &'static ResourceDef> {
    prop::sample::select(all_types())
}

/// Every parameter name any type declares, each reference's chains one link deep,
/// the common and control parameters, with and without modifiers, and anything else.
fn name_pool() -> Vec<String> {
    let mut names = vec![
        "_id",
        "_lastUpdated",
        "_count",
        "_page",
        "_include",
        "_revinclude",
        "_format",
        "_sort",
        "_summary",
        "_elements",
        "_total",
        "_include:iterate",
        "_count:x",
        "_id:not",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect::<Vec<_>>();
    for d in all_types() {
        for p in d.params {
            names.push(p.name.to_owned());
            for m in [
                "exact",
                "contains",
                "missing",
                "not",
                "text",
                "Practitioner",
                "Foo",
            ] {
                names.push(format!("{}:{m}", p.name));
            }
            for t in p.targets {
                names.push(format!("{}:{t}", p.name));
                if let Some(target) = types::find(t) {
                    for inner in target.params {
                        names.push(format!("{}.{}", p.name, inner.name));
                        names.push(format!("{}:{t}.{}", p.name, inner.name));
                    }
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Values of every shape: hostile text, near-dates, near-tokens, near-references,
/// counts, page tokens and anything at all.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            " ",
            "%",
            "\u{0}",
            "\u{202e}evil",
            "Núñez",
            "😀",
            ",",
            ",,,",
            "\\,",
            "\\",
            "|",
            "a|",
            "|a",
            "a|b|c",
            "||",
            "http://",
            "urn:oid:",
            "Practitioner/",
            "/",
            "../../etc/passwd",
            "ge",
            "ap2020",
            "sa9999-12-31",
            "eb0001-01-01",
            "ne2020-01-01T00:00:00+14:00",
            "2020-01-01T00:00:00.123456789Z",
            "Foo/1",
            "Practitioner/bad$id",
            "Patient/",
            "<script>",
            "' OR 1=1 --",
            "0",
            "-1",
            "501",
            "99999999999999999999",
            "1.5",
            "Location:partof",
            "PractitionerRole:practitioner",
            "Foo:bar:baz",
            ":",
            "::",
            "0.000000000000",
            "18446744073709551616.0123456789ab",
        ])
        .prop_map(str::to_owned),
        "(eq|ne|lt|gt|le|ge|sa|eb|ap)?[0-9]{1,5}(-[0-9]{1,3}){0,2}(T[0-9:.]{1,12}(Z|[+-][0-9:]{1,6})?)?",
        "[a-z:/.]{0,12}\\|?[a-zA-Z0-9.,\\\\-]{0,12}",
        "([A-Z][a-zA-Z]{1,12}/)?[A-Za-z0-9.$-]{0,12}(/_history/[0-9])?",
        "[0-9]{1,4}\\.[0-9a-f]{10,13}",
        "[A-Z][a-zA-Z]{1,12}:[a-z-]{1,12}(:[A-Z][a-z]{1,10})?",
        any::<String>(),
    ]
}

fn query() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        4 => prop::sample::select(name_pool()),
        1 => any::<String>(),
    ];
    proptest::collection::vec((name, value()), 0..6)
}

/// Escapes a value's `\ , | $` as R4 `search.html#escaping` says.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '\\' | ',' | '|' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What a 400 may name: a parameter as sent (for `_count` and `_page`, its base name).
fn names_a_sent_parameter(error: &FhirError, query: &[(String, String)]) -> bool {
    let named = match error {
        FhirError::InvalidParameter { name, .. } | FhirError::UnknownParameter(name) => name,
        _ => return false,
    };
    query.iter().any(|(sent, _)| {
        sent == named
            || (matches!(named.as_str(), "_count" | "_page")
                && sent.split([':', '.']).next() == Some(named.as_str()))
    })
}

/// A token search value as parts, and how the query writes it.
fn token() -> impl Strategy<Value = TokenQuery> {
    let text = any::<String>().prop_filter("non-empty", |s| !s.is_empty());
    prop_oneof![
        text.clone().prop_map(|c| TokenQuery {
            system: None,
            code: Some(c)
        }),
        text.clone().prop_map(|c| TokenQuery {
            system: Some(None),
            code: Some(c)
        }),
        text.clone().prop_map(|s| TokenQuery {
            system: Some(Some(s)),
            code: None
        }),
        (text.clone(), text).prop_map(|(s, c)| TokenQuery {
            system: Some(Some(s)),
            code: Some(c)
        }),
    ]
}

fn render_token(t: &TokenQuery) -> String {
    match (&t.system, &t.code) {
        (None, Some(c)) => escape(c),
        (Some(None), Some(c)) => format!("|{}", escape(c)),
        (Some(Some(s)), None) => format!("{}|", escape(s)),
        (Some(Some(s)), Some(c)) => format!("{}|{}", escape(s), escape(c)),
        (_, None) => String::new(),
    }
}

/// A (type, parameter) pair of each kind, over every served type.
fn params_of(kind: ParamKind) -> Vec<(&'static ResourceDef, &'static str)> {
    all_types()
        .into_iter()
        .flat_map(|d| {
            d.params
                .iter()
                .filter(move |p| p.kind == kind)
                .map(move |p| (d, p.name))
        })
        .collect()
}

fn valid_id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9.-]{1,64}"
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_query_on_any_type_is_a_search_or_a_400_naming_a_sent_parameter(
        def in def(),
        query in query(),
        strict in any::<bool>(),
    ) {
        match Search::parse("dev1", def, &query, strict) {
            Ok(search) => {
                prop_assert!((1..=MAX_COUNT).contains(&search.count));
                prop_assert_eq!(search.fingerprint.len(), 12);
            }
            Err(e) => {
                prop_assert_eq!(e.status(), StatusCode::BAD_REQUEST, "{}", e);
                prop_assert!(names_a_sent_parameter(&e, &query), "{:?} for {:?}", e, query);
            }
        }
    }

    #[test]
    fn a_malformed_date_is_a_400_naming_the_parameter(
        (def, param) in prop::sample::select(params_of(ParamKind::Date)),
        bad in prop_oneof![
            "[0-9]{4}-(1[3-9]|[2-9][0-9]|00)",
            "[0-9]{4}-0[1-9]-(3[2-9]|[4-9][0-9]|00)",
            "[0-9]{4}-02-3[01]",
            "[0-9]{1,3}|[0-9]{5,8}",
            "[0-9]{4}-[0-9]-[0-9]{2}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T(2[4-9]|[3-9][0-9]):[0-5][0-9]",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}Z[0-9:]{1,6}",
            "[a-zA-Z ]{1,10}",
        ],
        prefix in "(eq|ne|lt|gt|le|ge|sa|eb|ap)?",
        modifier in proptest::option::of(Just(":missing")),
    ) {
        let name = format!("{param}{}", modifier.unwrap_or_default());
        let query = vec![(name.clone(), format!("{prefix}{bad}"))];
        let e = Search::parse("dev1", def, &query, false).unwrap_err();
        prop_assert!(
            matches!(&e, FhirError::InvalidParameter { name: n, .. } if *n == name),
            "{:?}", e
        );
    }

    #[test]
    fn a_token_in_any_form_reads_back_as_its_system_and_code(
        (def, param) in prop::sample::select(params_of(ParamKind::Token)),
        tokens in proptest::collection::vec(token(), 1..4),
    ) {
        let value = tokens.iter().map(render_token).collect::<Vec<_>>().join(",");
        let criteria = criteria::parse(def, param, &value)
            .unwrap_or_else(|e| panic!("{value:?}: {e}"))
            .unwrap();
        let read: Vec<TokenQuery> = criteria
            .into_iter()
            .map(|c| match c {
                Criterion::Token { query, .. } => query,
                other => panic!("{other:?}"),
            })
            .collect();
        prop_assert_eq!(read, tokens, "{}", value);
    }

    #[test]
    fn a_string_in_any_form_reads_back_as_written(
        (def, param) in prop::sample::select(params_of(ParamKind::String)),
        texts in proptest::collection::vec(any::<String>().prop_filter("non-empty", |s| !s.is_empty()), 1..4),
        modifier in prop_oneof![Just(None), Just(Some("exact")), Just(Some("contains"))],
    ) {
        let name = match modifier {
            Some(m) => format!("{param}:{m}"),
            None => param.to_owned(),
        };
        let value = texts.iter().map(|t| escape(t)).collect::<Vec<_>>().join(",");
        let criteria = criteria::parse(def, &name, &value).unwrap().unwrap();
        let expected_mode = match modifier {
            None => StringMode::StartsWith,
            Some("exact") => StringMode::Exact,
            Some(_) => StringMode::Contains,
        };
        let read: Vec<String> = criteria
            .into_iter()
            .map(|c| match c {
                Criterion::String { mode, text, .. } if mode == expected_mode => text,
                other => panic!("{other:?}"),
            })
            .collect();
        prop_assert_eq!(read, texts);
    }

    #[test]
    fn a_reference_written_any_way_points_at_its_type_and_id(
        (def, param) in prop::sample::select(params_of(ParamKind::Reference)),
        id in valid_id(),
        form in 0u8..4,
        host in "[a-z]{1,8}(\\.[a-z]{2,4})?",
    ) {
        let p = def.param(param).unwrap();
        let kind = p.targets[0];
        let value = match form {
            0 => format!("{kind}/{id}"),
            1 => format!("https://{host}/fhir/{kind}/{id}"),
            2 => format!("{kind}/{id}/_history/1"),
            _ => id.clone(),
        };
        let criteria = criteria::parse(def, param, &value).unwrap().unwrap();
        let expected: Vec<String> = if form == 3 {
            p.targets.iter().map(|t| format!("{t}/{id}")).collect()
        } else {
            vec![format!("{kind}/{id}")]
        };
        match &criteria[..] {
            [Criterion::Reference { targets, .. }] => prop_assert_eq!(targets, &expected),
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn a_reference_to_a_type_it_cannot_point_at_is_a_400_naming_it(
        (def, param) in prop::sample::select(params_of(ParamKind::Reference)),
        kind in "[A-Z][a-zA-Z]{1,16}",
        id in valid_id(),
    ) {
        prop_assume!(!def.param(param).unwrap().targets.contains(&kind.as_str()));
        let query = vec![(param.to_owned(), format!("{kind}/{id}"))];
        let e = Search::parse("dev1", def, &query, false).unwrap_err();
        prop_assert!(matches!(&e, FhirError::InvalidParameter { name, .. } if name == param), "{:?}", e);
    }

    #[test]
    fn a_count_is_accepted_exactly_from_one_to_the_cap(n in prop_oneof![any::<i64>(), -10i64..600]) {
        match paging::parse_count(&n.to_string()) {
            Ok(count) => {
                prop_assert!((1..=MAX_COUNT as i64).contains(&n));
                prop_assert_eq!(count as i64, n);
            }
            Err(e) => {
                prop_assert!(!(1..=MAX_COUNT as i64).contains(&n));
                let named_count = matches!(e, FhirError::InvalidParameter { name, .. } if name == "_count");
                prop_assert!(named_count);
            }
        }
    }

    #[test]
    fn a_page_token_reads_back_and_opens_only_its_own_search(
        offset in any::<usize>(),
        fingerprint in "[0-9a-f]{12}",
        other in "[0-9a-f]{12}",
        text in any::<String>(),
    ) {
        let token = PageToken::parse(&PageToken::render(offset, &fingerprint)).unwrap();
        prop_assert_eq!(token.offset_for(&fingerprint).ok(), Some(offset));
        if other != fingerprint {
            prop_assert!(token.offset_for(&other).is_err());
        }
        if let Err(e) = PageToken::parse(&text) {
            let named_page = matches!(e, FhirError::InvalidParameter { name, .. } if name == "_page");
            prop_assert!(named_page);
        }
    }

    #[test]
    fn a_page_token_of_another_search_is_a_400_naming_page(
        def in def(),
        query in query(),
        offset in 0usize..10_000,
    ) {
        prop_assume!(!query.iter().any(|(n, _)| n.starts_with("_page")));
        let Ok(search) = Search::parse("dev1", def, &query, false) else {
            return Ok(());
        };
        // The same query in another tenant has another fingerprint.
        let foreign = Search::parse("bcbsm", def, &query, false).unwrap();
        let mut paged: Vec<_> = query.iter().filter(|(n, _)| n != "_page").cloned().collect();
        paged.push(("_page".into(), PageToken::render(offset, &foreign.fingerprint)));
        prop_assert_ne!(&foreign.fingerprint, &search.fingerprint);
        let e = Search::parse("dev1", def, &paged, false).unwrap_err();
        let named_page = matches!(e, FhirError::InvalidParameter { name, .. } if name == "_page");
        prop_assert!(named_page);
    }

    #[test]
    fn an_include_is_accepted_only_when_the_type_lists_it(
        def in def(),
        value in prop_oneof![
            "[A-Z][a-zA-Z]{2,20}:[a-z-]{2,28}(:[A-Z][a-zA-Z]{2,20})?",
            any::<String>(),
        ],
        listed in any::<prop::sample::Index>(),
        reverse in any::<bool>(),
    ) {
        let name = if reverse { "_revinclude" } else { "_include" };
        if let Ok(include) = includes::parse(def, name, &value, reverse) {
            let pair = format!("{}:{}", include.source, include.param);
            if reverse {
                prop_assert!(def.revincludes.contains(&pair.as_str()));
            } else {
                prop_assert_eq!(include.source, def.name);
                prop_assert!(def.includes.contains(&include.param));
            }
        }
        let listed_values: Vec<String> = if reverse {
            def.revincludes.iter().map(|s| (*s).to_owned()).collect()
        } else {
            def.includes.iter().map(|p| format!("{}:{p}", def.name)).collect()
        };
        if !listed_values.is_empty() {
            let v = listed.get(&listed_values);
            prop_assert!(includes::parse(def, name, v, reverse).is_ok(), "{} refused", v);
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_chain_of_any_depth_is_a_search_or_a_400_naming_it(
        (kind, link) in prop_oneof![
            Just(("Location", "partof")),
            Just(("Organization", "partof")),
        ],
        depth in prop_oneof![1usize..6, 6usize..20_000],
    ) {
        let def = types::find(kind).unwrap();
        let name = format!("{}name", format!("{link}.").repeat(depth));
        let query = vec![(name.clone(), "x".to_owned())];
        match Search::parse("dev1", def, &query, false) {
            Ok(_) => {}
            Err(e) => prop_assert!(
                matches!(&e, FhirError::InvalidParameter { name: n, .. } if *n == name),
                "{:?}", e
            ),
        }
    }
}
