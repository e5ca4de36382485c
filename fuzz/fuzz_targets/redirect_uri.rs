//! Redirect URIs: registration (an app's `redirect_uris`, a list or one comma-separated
//! string), the authorize endpoint's exact comparison, and the redirect back. The input is
//! the text registered; it is also the `state` sent back.
//!
//! Checked: each URI is accepted or refused with a `redirect_uris.*` code on its own
//! field; an accepted one parses, has no fragment, no white space or control character,
//! a host written as `//host` for http(s) or else a reverse-domain scheme; a list and a
//! comma-separated string register the same URIs, trimmed, once each, exactly as written;
//! a registered URI matches itself and no other text (a trailing slash, another case, a
//! query added, white space); the redirect back is a 303 to the registered scheme, host,
//! port and path with the registered query first, then the code and the state intact.
#![no_main]

use conform_fuzz::first_seen;
use libfuzzer_sys::fuzz_target;
use sandbox::fuzzing::{
    MAX_URIS, check_redirect_uri, redirect_back, registered, registration_redirect_uris,
};
use serde_json::Value;

const CODES: [&str; 5] = [
    "redirect_uris.relative",
    "redirect_uris.malformed",
    "redirect_uris.scheme",
    "redirect_uris.fragment",
    "redirect_uris.required",
];

fn check_one(uri: &str) {
    let Err((code, _)) = check_redirect_uri(uri) else {
        let parsed = url::Url::parse(uri).unwrap_or_else(|e| panic!("{uri:?} accepted: {e}"));
        assert!(parsed.fragment().is_none(), "{uri:?}");
        assert!(
            !uri.chars().any(|c| c.is_whitespace() || c.is_control()),
            "{uri:?}"
        );
        match parsed.scheme() {
            "http" | "https" => {
                let rest = &uri[parsed.scheme().len() + 1..];
                assert!(
                    rest.starts_with("//") && !rest.starts_with("///"),
                    "{uri:?}"
                );
                assert!(parsed.host_str().is_some_and(|h| !h.is_empty()), "{uri:?}");
            }
            scheme => assert!(scheme.contains('.'), "{uri:?}"),
        }
        return;
    };
    assert!(CODES.contains(&code), "{code}");
}

fn check_back(uri: &str, state: &str) {
    let (status, location) = redirect_back(uri, Some(state), "c0de");
    assert_eq!(status, 303, "{uri:?}");
    let location = location.unwrap_or_else(|| panic!("a 303 for {uri:?} says where"));
    let sent = url::Url::parse(&location).unwrap_or_else(|e| panic!("{location}: {e}"));
    let registered = url::Url::parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
    let place = |u: &url::Url| {
        (
            u.scheme().to_owned(),
            u.host_str().map(str::to_owned),
            u.port(),
            u.path().to_owned(),
        )
    };
    assert_eq!(place(&sent), place(&registered));
    let mut expected: Vec<(String, String)> = registered.query_pairs().into_owned().collect();
    expected.push(("code".into(), "c0de".into()));
    expected.push(("state".into(), state.into()));
    let got: Vec<(String, String)> = sent.query_pairs().into_owned().collect();
    assert_eq!(got, expected, "{location}");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pieces: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    for p in pieces.iter().take(MAX_URIS) {
        check_one(p);
    }
    let as_text = registration_redirect_uris("redirect_uris", &Value::from(text.as_ref()));
    let as_list = registration_redirect_uris("redirect_uris", &Value::from(pieces.clone()));
    match (&as_text, &as_list) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b);
            let wanted: Vec<String> = pieces.iter().map(|p| (*p).to_owned()).collect();
            assert_eq!(
                a,
                &first_seen(&wanted),
                "kept exactly as written, once each"
            );
        }
        (Err(a), Err(b)) => {
            let codes = |errors: &Vec<sandbox::FieldError>| -> Vec<&'static str> {
                errors.iter().map(|e| e.code).collect()
            };
            assert_eq!(codes(a), codes(b));
            for e in a {
                assert!(
                    e.field == "redirect_uris" || e.field.starts_with("redirect_uris["),
                    "{}",
                    e.field
                );
                assert!(CODES.contains(&e.code), "{}", e.code);
            }
        }
        _ => panic!("a list and a string disagree: {as_text:?} vs {as_list:?}"),
    }
    let Ok(uris) = as_text else { return };
    for uri in &uris {
        assert!(registered(&uris, uri));
        for near in [
            format!("{uri}/"),
            uri.to_uppercase(),
            format!("{uri}?x=1"),
            format!("{uri} "),
        ] {
            assert_eq!(registered(&uris, &near), uris.contains(&near), "{near:?}");
        }
        check_back(uri, &text);
    }
});
