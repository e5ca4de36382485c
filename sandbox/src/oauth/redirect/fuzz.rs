//! Fuzzing redirect URI matching at the authorize endpoint, and the redirect back to the
//! app: exact matching only, and a `Location` that carries the code and `state` intact.

use super::{Back, csp_source, registered};
use crate::fuzzing::config;
use crate::store::ResponseMode;
use axum::http::{StatusCode, header};
use proptest::prelude::*;

/// A registered web redirect URI as parts, so each can be changed on its own.
#[derive(Debug, Clone)]
struct Uri {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: Vec<String>,
    trailing_slash: bool,
    query: Vec<(String, String)>,
}

impl Uri {
    fn render(&self) -> String {
        let mut out = format!("{}://{}", self.scheme, self.host);
        if let Some(p) = self.port {
            out.push_str(&format!(":{p}"));
        }
        for segment in &self.path {
            out.push('/');
            out.push_str(segment);
        }
        if self.trailing_slash {
            out.push('/');
        }
        if !self.query.is_empty() {
            let pairs: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            out.push('?');
            out.push_str(&pairs.join("&"));
        }
        out
    }
}

fn uri() -> impl Strategy<Value = Uri> {
    (
        prop_oneof![Just("https"), Just("http")],
        "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,6}){1,2}|127\\.0\\.0\\.1|localhost",
        proptest::option::of(1u16..),
        proptest::collection::vec("[a-z0-9._~-]{1,8}", 0..4),
        any::<bool>(),
        proptest::collection::vec(("[a-z]{1,5}", "[a-z0-9]{0,6}"), 0..3),
    )
        .prop_map(|(scheme, host, port, path, trailing_slash, query)| Uri {
            scheme: scheme.into(),
            host,
            port,
            path,
            trailing_slash,
            query,
        })
}

/// One way an app's redirect URI can differ from the registered one.
#[derive(Debug, Clone)]
enum Change {
    OtherScheme,
    SchemeCase,
    HostCase,
    HostPrefix(String),
    HostSuffix(String),
    Port(Option<u16>),
    DefaultPortWritten,
    PathSegmentAdded(String),
    PathSegmentRemoved,
    PathCase,
    TrailingSlash,
    QueryAdded(String, String),
    QueryRemoved,
    QueryValue(String),
    Fragment(String),
    PercentEncodedLetter,
    WhiteSpace(String),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::OtherScheme),
        Just(Change::SchemeCase),
        Just(Change::HostCase),
        "[a-z0-9]{1,4}\\.".prop_map(Change::HostPrefix),
        "\\.[a-z]{1,4}|[a-z0-9]".prop_map(Change::HostSuffix),
        proptest::option::of(1u16..).prop_map(Change::Port),
        Just(Change::DefaultPortWritten),
        "[a-z0-9]{1,6}".prop_map(Change::PathSegmentAdded),
        Just(Change::PathSegmentRemoved),
        Just(Change::PathCase),
        Just(Change::TrailingSlash),
        ("[a-z]{1,5}", "[a-z0-9]{0,5}").prop_map(|(k, v)| Change::QueryAdded(k, v)),
        Just(Change::QueryRemoved),
        "[a-z0-9]{1,5}".prop_map(Change::QueryValue),
        "#[a-z]{0,4}".prop_map(Change::Fragment),
        Just(Change::PercentEncodedLetter),
        "[ \t]|%20".prop_map(Change::WhiteSpace),
    ]
}

/// `original` changed by `change`, as text.
fn changed(original: &Uri, change: &Change) -> String {
    let mut u = original.clone();
    let mut text = None;
    match change {
        Change::OtherScheme => u.scheme = if u.scheme == "https" { "http" } else { "https" }.into(),
        Change::SchemeCase => u.scheme = u.scheme.to_uppercase(),
        Change::HostCase => u.host = u.host.to_uppercase(),
        Change::HostPrefix(p) => u.host = format!("{p}{}", u.host),
        Change::HostSuffix(s) => u.host.push_str(s),
        Change::Port(p) => u.port = *p,
        Change::DefaultPortWritten => {
            u.port = Some(if u.scheme == "https" { 443 } else { 80 });
        }
        Change::PathSegmentAdded(s) => u.path.push(s.clone()),
        Change::PathSegmentRemoved => {
            u.path.pop();
        }
        Change::PathCase => u.path = u.path.iter().map(|s| s.to_uppercase()).collect(),
        Change::TrailingSlash => u.trailing_slash = !u.trailing_slash,
        Change::QueryAdded(k, v) => u.query.push((k.clone(), v.clone())),
        Change::QueryRemoved => {
            u.query.pop();
        }
        Change::QueryValue(v) => {
            if let Some(last) = u.query.last_mut() {
                last.1.push_str(v);
            }
        }
        Change::Fragment(f) => text = Some(format!("{}{f}", u.render())),
        Change::PercentEncodedLetter => {
            // The first letter of the host, percent-encoded: the same URL to a browser,
            // another string to an exact comparison.
            let rendered = u.render();
            let at = rendered.find("://").map_or(0, |i| i + 3);
            let letter = rendered.as_bytes()[at];
            text = Some(format!(
                "{}%{letter:02X}{}",
                &rendered[..at],
                &rendered[at + 1..]
            ));
        }
        Change::WhiteSpace(w) => text = Some(format!("{}{w}", u.render())),
    }
    text.unwrap_or_else(|| u.render())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn the_registered_uri_matches_and_any_change_to_it_does_not(
        original in uri(),
        others in proptest::collection::vec(uri(), 0..4),
        change in change(),
    ) {
        let wanted = original.render();
        let mut uris: Vec<String> = others.iter().map(Uri::render).collect();
        uris.push(wanted.clone());
        prop_assert!(registered(&uris, &wanted));
        let sent = changed(&original, &change);
        if sent != wanted && !uris.contains(&sent) {
            prop_assert!(!registered(&uris, &sent), "{} matched {:?}", sent, uris);
        }
    }

    #[test]
    fn nothing_matches_when_nothing_is_registered(sent in any::<String>()) {
        prop_assert!(!registered(&[], &sent));
    }

    #[test]
    fn the_redirect_back_carries_the_code_and_state_intact(
        to in uri(),
        code in "[A-Za-z0-9_-]{1,43}",
        state in proptest::option::of(any::<String>()),
    ) {
        let redirect_uri = to.render();
        let back = Back {
            redirect_uri: redirect_uri.clone(),
            state: state.clone().filter(|s| !s.is_empty()),
            mode: ResponseMode::Query,
        };
        let response = back.send(&[("code", &code)]);
        prop_assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok());
        prop_assert!(location.is_some(), "a 303 always says where");
        let location = url::Url::parse(location.unwrap()).unwrap();
        let registered = url::Url::parse(&redirect_uri).unwrap();
        prop_assert_eq!(location.origin(), registered.origin());
        prop_assert_eq!(location.path(), registered.path());
        let mut expected: Vec<(String, String)> = registered.query_pairs().into_owned().collect();
        expected.push(("code".into(), code.clone()));
        if let Some(s) = back.state.clone() {
            expected.push(("state".into(), s));
        }
        let got: Vec<(String, String)> = location.query_pairs().into_owned().collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn the_csp_source_of_any_text_is_an_origin_a_scheme_or_none(text in any::<String>()) {
        let source = csp_source(&text);
        prop_assert!(
            source == "'none'" || source.ends_with(':') || source.contains("://"),
            "{}", source
        );
    }
}
