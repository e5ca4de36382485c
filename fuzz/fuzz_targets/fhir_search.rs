//! FHIR search as `GET /{tenant}/fhir/{type}?...` reads it (`Search::parse` on the pairs
//! the route decodes): the input is `Type?query`, `!Type?query` under `Prefer:
//! handling=strict`; a type this server does not serve (or none) picks one of the served
//! types from the input's length.
//!
//! Checked: a query is a search or a 400 naming a parameter as sent (`_count` and `_page`
//! by their base name), `UnknownParameter` only when strict; strict never accepts what
//! lax refuses and reads the same search when it accepts; a search has a page size from 1
//! to `MAX_COUNT`, accounts for every pair sent (a criterion, an include, a control
//! parameter or an ignored one, and under strict only empty values are ignored), follows
//! only the includes its type lists, and keeps for its links every pair but `_page` and
//! the ignored empty ones; the page token of any offset reads back in its own search and
//! is refused in another tenant's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sandbox::ResourceDef;
use sandbox::fuzzing::{FhirError, MAX_COUNT, ParsedSearch, fhir_search, page_token};

const CONTROL: [&str; 5] = ["_count", "_page", "_format", "_include", "_revinclude"];

fn base(name: &str) -> &str {
    name.split_once([':', '.']).map_or(name, |(b, _)| b)
}

fn check_refusal(sent: &[(String, String)], strict: bool, e: &FhirError) {
    assert_eq!(e.status().as_u16(), 400, "{e:?}");
    let name = match e {
        FhirError::InvalidParameter { name, .. } => name,
        FhirError::UnknownParameter(name) => {
            assert!(
                strict,
                "an unknown parameter is refused only when strict: {e:?}"
            );
            name
        }
        other => panic!("a search refusal names a parameter: {other:?}"),
    };
    let named = sent.iter().any(|(n, _)| {
        n == name || (["_count", "_page"].contains(&name.as_str()) && base(n) == name)
    });
    assert!(named, "{name:?} was not sent: {sent:?}");
}

fn check_search(def: &ResourceDef, strict: bool, s: &ParsedSearch) {
    assert!((1..=MAX_COUNT).contains(&s.count), "count {}", s.count);
    assert!(s.clauses.iter().all(|alternatives| *alternatives > 0));
    for (source, param, _) in &s.includes {
        assert!(
            *source == def.name && def.includes.contains(param),
            "{source}:{param}"
        );
    }
    for (source, param, _) in &s.revincludes {
        assert!(
            def.revincludes
                .contains(&format!("{source}:{param}").as_str())
        );
    }
    let controls = s
        .sent
        .iter()
        .filter(|(n, _)| ["_count", "_page", "_format"].contains(&base(n)))
        .count();
    let accounted = s.clauses.len() + s.includes.len() + s.revincludes.len() + s.ignored + controls;
    assert_eq!(
        accounted,
        s.sent.len(),
        "every pair is read or ignored: {s:?}"
    );
    if strict {
        let empty = s
            .sent
            .iter()
            .filter(|(n, v)| v.is_empty() && !CONTROL.contains(&base(n)))
            .count();
        assert_eq!(s.ignored, empty, "strict ignores only empty values: {s:?}");
    }
    // An empty value (of anything but a control parameter) is ignored, and so not kept.
    let kept: Vec<_> = s
        .sent
        .iter()
        .filter(|(n, v)| n != "_page" && (!v.is_empty() || CONTROL.contains(&base(n))))
        .cloned()
        .collect();
    assert_eq!(s.canonical_query, kept);
}

fn pick(data: &[u8], text: &str) -> (&'static ResourceDef, bool, String) {
    let (head, query) = text.split_once('?').unwrap_or(("", text));
    let strict = head.starts_with('!');
    let types: Vec<&'static ResourceDef> = sandbox::served_types().collect();
    let def = types
        .iter()
        .find(|d| d.name == head.trim_start_matches('!'))
        .copied()
        .unwrap_or(types[data.len() % types.len()]);
    (def, strict, query.to_owned())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (def, strict, query) = pick(data, &text);
    let lax = fhir_search("dev1", def, &query, false);
    let strict_read = fhir_search("dev1", def, &query, true);
    let checked = if strict { &strict_read } else { &lax };
    match checked {
        Ok(s) => check_search(def, strict, s),
        Err(e) => check_refusal(&sandbox_pairs(&query), strict, e),
    }
    match (&lax, &strict_read) {
        (Err(_), Ok(s)) => panic!("strict accepted what lax refused: {s:?}"),
        (Ok(l), Ok(s)) => assert_eq!((l.count, &l.fingerprint), (s.count, &s.fingerprint)),
        _ => {}
    }
    // A page token of this search opens it at its offset, here and in no other tenant.
    let Ok(s) = checked else { return };
    if s.sent.iter().any(|(n, _)| base(n) == "_page") {
        return;
    }
    let offset = data.len() * 7;
    let token = page_token(offset, &s.fingerprint);
    let paged = format!("{query}&_page={token}");
    match fhir_search("dev1", def, &paged, strict) {
        Ok(p) => assert_eq!((p.offset, &p.fingerprint), (offset, &s.fingerprint)),
        Err(e) => panic!("the page token {token} of {query:?} was refused: {e:?}"),
    }
    match fhir_search("bcbsm", def, &paged, strict) {
        Err(FhirError::InvalidParameter { name, .. }) => assert_eq!(name, "_page"),
        other => panic!("another tenant's page token was not refused: {other:?}"),
    }
});

/// The pairs the route decodes from `query`.
fn sandbox_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}
