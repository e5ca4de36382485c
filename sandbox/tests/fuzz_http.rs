//! Fuzzing the sandbox's HTTP surface through its router (`tower::ServiceExt::oneshot`,
//! no socket): random queries on the FHIR API, random bodies and headers on the portal
//! API, the token endpoint and the authorize endpoint. Whatever arrives, the answer is
//! never a 5xx and is always in the route's documented format: OperationOutcome for
//! `/{tenant}/fhir`, problem+json for `/portal/api`, RFC 6749 error JSON for the token,
//! introspection and revocation endpoints, and for authorize an HTML page or a redirect
//! to a registered URI only. docs/fuzzing.md lists these with the parser-level properties.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http_body_util::BodyExt;
use proptest::prelude::*;
use sandbox::{Clock, DirectoryScale, PasswordCost, SandboxConfig, SandboxState};
use serde_json::{Value, json};
use std::future::Future;
use std::sync::OnceLock;
use tower::ServiceExt;

#[path = "support/wire.rs"]
mod wire;
use wire::on_the_wire;

// The case counts the library's own properties use (`PROPTEST_CASES`), from the same file:
// integration tests cannot reach the crate's `#[cfg(test)]` items.
#[path = "../src/fuzzing/cases.rs"]
mod cases;
use cases::config;

const ADMIN: &str = "fuzz-admin-token";
const PASSWORD: &str = "Tr1cky-Pass!";
const REDIRECT: &str = "https://app.example/cb";
const NATIVE_REDIRECT: &str = "com.example.app:/callback";
const SCOPES: &str = "openid fhirUser launch/patient offline_access patient/Patient.read";

thread_local! {
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
}

fn block_on<F: Future>(future: F) -> F::Output {
    RUNTIME.with(|rt| rt.block_on(future))
}

/// What came back.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Reply {
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.bytes).ok()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// A sandbox in-process, with a small directory and cheap password hashing.
fn app() -> Router {
    let config = SandboxConfig {
        admin_token: Some(ADMIN.into()),
        password_cost: PasswordCost::Fast,
        scale: DirectoryScale::new(10),
        ..Default::default()
    };
    let clock = Clock::starting_at(time::macros::datetime!(2026-01-27 09:00 UTC));
    sandbox::app(SandboxState::with_clock(
        config,
        "http://sandbox.test".into(),
        clock,
    ))
}

/// Sends a request. A header value no client could send (a control character in it) is
/// left out; `None` when the request target itself does not parse, which `on_the_wire`
/// makes rare.
fn send(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(header::HeaderName, Vec<u8>)],
    body: Vec<u8>,
) -> Option<Reply> {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            request = request.header(name, value);
        }
    }
    let request = request.body(Body::from(body)).ok()?;
    let response = block_on(app.clone().oneshot(request)).expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = block_on(response.into_body().collect())
        .expect("a body")
        .to_bytes()
        .to_vec();
    Some(Reply {
        status,
        headers,
        bytes,
    })
}

fn post_json(app: &Router, uri: &str, token: Option<&str>, body: Value) -> Reply {
    let mut headers = vec![(header::CONTENT_TYPE, b"application/json".to_vec())];
    if let Some(t) = token {
        headers.push((header::AUTHORIZATION, format!("Bearer {t}").into_bytes()));
    }
    send(
        app,
        Method::POST,
        uri,
        &headers,
        body.to_string().into_bytes(),
    )
    .expect("a request")
}

/// A developer who verified her email and accepted the terms: her session token.
fn developer(app: &Router, username: &str) -> String {
    let email = format!("{username}@example.com");
    let signed_up = post_json(
        app,
        "/portal/api/accounts",
        None,
        json!({"email": email, "username": username, "password": PASSWORD,
               "confirm_password": PASSWORD, "accept_terms": true}),
    );
    assert_eq!(
        signed_up.status,
        StatusCode::CREATED,
        "{}",
        signed_up.text()
    );
    let outbox = send(
        app,
        Method::GET,
        &format!("/_sandbox/outbox?to={email}"),
        &[],
        vec![],
    )
    .expect("a request")
    .json()
    .expect("the outbox");
    let mail = outbox["mails"][0]["body"].as_str().expect("a mail");
    let token = mail
        .split_whitespace()
        .find_map(|w| {
            w.split_once("verify-email?token=")
                .map(|(_, t)| t.to_owned())
        })
        .expect("a verification link");
    let verified = send(
        app,
        Method::GET,
        &format!("/portal/api/verify-email?token={token}"),
        &[],
        vec![],
    )
    .expect("a request");
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text());
    let session = post_json(
        app,
        "/portal/api/sessions",
        None,
        json!({"username": username, "password": PASSWORD}),
    )
    .json()
    .expect("a session")["token"]
        .as_str()
        .expect("a session token")
        .to_owned();
    let accepted = post_json(app, "/portal/api/terms/accept", Some(&session), json!({}));
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text());
    session
}

/// A registered development client.
#[derive(Debug, Clone)]
struct Client {
    app_id: String,
    client_id: String,
    secret: Option<String>,
}

fn register(app: &Router, session: &str, client_type: &str) -> Client {
    let created = post_json(
        app,
        "/portal/api/apps",
        Some(session),
        json!({"name": format!("Fuzz {client_type}"), "client_type": client_type,
               "scopes": SCOPES, "redirect_uris": [REDIRECT, NATIVE_REDIRECT]}),
    );
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let app_json = created.json().expect("the app");
    let credentials = &app_json["credentials"]["development"];
    Client {
        app_id: app_json["id"].as_str().expect("an app id").to_owned(),
        client_id: credentials["client_id"]
            .as_str()
            .expect("a client id")
            .to_owned(),
        secret: credentials["client_secret"].as_str().map(str::to_owned),
    }
}

/// A sandbox with one developer and her three apps, one of each client type.
struct Fixture {
    app: Router,
    session: String,
    basic: Client,
    forms: Client,
    public: Client,
}

fn fixture() -> Fixture {
    let app = app();
    let session = developer(&app, "fuzzdev");
    let basic = register(&app, &session, "confidential-basic");
    let forms = register(&app, &session, "confidential-forms");
    let public = register(&app, &session, "public");
    Fixture {
        app,
        session,
        basic,
        forms,
        public,
    }
}

// One sandbox per area, so what one area's requests change (an app patched by a random
// body) cannot change what another area's properties rely on.
fn fhir_sandbox() -> &'static Router {
    static ONE: OnceLock<Router> = OnceLock::new();
    ONE.get_or_init(app)
}

fn portal_sandbox() -> &'static Fixture {
    static ONE: OnceLock<Fixture> = OnceLock::new();
    ONE.get_or_init(fixture)
}

fn oauth_sandbox() -> &'static Fixture {
    static ONE: OnceLock<Fixture> = OnceLock::new();
    ONE.get_or_init(fixture)
}

/// Texts of every shape: hostile, near-valid, and anything at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            " ",
            "%",
            "%zz",
            "%00",
            "\u{0}",
            "\u{202e}evil",
            "Núñez",
            "😀",
            ",",
            "|",
            "\\",
            "a|b|c",
            "http://",
            "Practitioner/",
            "../../etc/passwd",
            "ge",
            "2020-13-01",
            "<script>",
            "' OR 1=1 --",
            "${jndi:ldap://x}",
            "0",
            "-1",
            "501",
            "99999999999999999999",
            "null",
            "true",
            "{}",
            "[]",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9 ._:/|,=&%+-]{0,30}",
        any::<String>(),
    ]
}

/// One `name=value`, form-encoded or written raw.
fn pair(names: Vec<String>, values: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    let name = prop_oneof![4 => prop::sample::select(names), 1 => text()];
    (name, values, any::<bool>()).prop_map(|(n, v, encode)| {
        if encode {
            form_urlencoded::Serializer::new(String::new())
                .append_pair(&n, &v)
                .finish()
        } else {
            format!("{}={}", on_the_wire(&n), on_the_wire(&v))
        }
    })
}

/// A query string or form body made of `pairs`, with stray separators now and then.
fn joined(pairs: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(pairs, 0..6),
        prop::sample::select(vec!["&", "&&", "&=&", ";"]),
    )
        .prop_map(|(pairs, sep)| pairs.join(sep))
}

// ---------------------------------------------------------------------------------------
// FHIR: `/{tenant}/fhir/...`

fn fhir_names() -> Vec<String> {
    let mut names: Vec<String> = [
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
    ]
    .map(str::to_owned)
    .to_vec();
    for def in sandbox::served_types() {
        for p in def.params {
            names.push(p.name.to_owned());
            names.push(format!("{}:exact", p.name));
            names.push(format!("{}:contains", p.name));
            for t in p.targets {
                names.push(format!("{}:{t}", p.name));
                if let Some(target) = sandbox::served_types().find(|d| d.name == *t) {
                    for inner in target.params {
                        names.push(format!("{}.{}", p.name, inner.name));
                    }
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

fn fhir_values() -> BoxedStrategy<String> {
    prop_oneof![
        text(),
        "(eq|ne|lt|gt|le|ge|sa|eb|ap)?[0-9]{4}(-[0-9]{2}){0,2}(T[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?)?",
        "[a-z:/.]{0,12}\\|?[a-zA-Z0-9.-]{0,12}",
        "([A-Z][a-zA-Z]{1,12}/)?[A-Za-z0-9.-]{1,12}",
        "[0-9]{1,4}\\.[0-9a-f]{12}",
        "[A-Z][a-zA-Z]{1,12}:[a-z-]{1,12}",
    ]
    .boxed()
}

/// A path segment: usually plain, sometimes percent-escapes that need not be UTF-8.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9._~-]{1,12}",
        1 => "[A-Za-z0-9]{0,3}(%[0-9A-F]{2}){1,3}[A-Za-z0-9]{0,3}",
    ]
}

fn fhir_path() -> impl Strategy<Value = String> {
    let types: Vec<&'static str> = sandbox::served_types().map(|d| d.name).collect();
    (
        prop_oneof![
            12 => Just("dev1".to_owned()),
            6 => Just("bcbsm".to_owned()),
            1 => Just("nowhere".to_owned()),
            1 => segment(),
        ],
        prop_oneof![12 => prop::sample::select(types).prop_map(str::to_owned), 1 => segment()],
        prop_oneof![
            24 => Just(String::new()),
            4 => Just("/_search".to_owned()),
            2 => segment().prop_map(|s| format!("/{s}")),
            1 => segment().prop_map(|s| format!("/{s}/_history/1")),
            1 => Just("/$export".to_owned()),
        ],
        prop_oneof![8 => Just(false), 1 => Just(true)],
    )
        .prop_map(|(tenant, kind, rest, metadata)| {
            if metadata {
                format!("/{tenant}/fhir/metadata")
            } else {
                format!("/{tenant}/fhir/{kind}{rest}")
            }
        })
}

/// The documented answers of the FHIR API (docs/fhir.md).
const FHIR_STATUSES: &[u16] = &[200, 304, 400, 401, 403, 404, 405, 406];

fn check_fhir(reply: &Reply) -> Result<(), TestCaseError> {
    prop_assert!(
        FHIR_STATUSES.contains(&reply.status.as_u16()),
        "{}: {}",
        reply.status,
        reply.text()
    );
    if reply.status == StatusCode::NOT_MODIFIED {
        return Ok(());
    }
    let content_type = reply.header(header::CONTENT_TYPE).unwrap_or_default();
    prop_assert!(
        content_type.starts_with("application/fhir+json"),
        "{} answered as {:?}",
        reply.status,
        content_type
    );
    let body = reply.json();
    prop_assert!(body.is_some(), "not JSON: {}", reply.text());
    let body = body.unwrap();
    if reply.status.is_success() {
        prop_assert!(body["resourceType"].is_string(), "{}", body);
    } else {
        prop_assert_eq!(&body["resourceType"], "OperationOutcome");
        prop_assert!(body["issue"][0]["code"].is_string(), "{}", body);
        prop_assert!(body["issue"][0]["diagnostics"].is_string(), "{}", body);
        if reply.status == StatusCode::UNAUTHORIZED {
            prop_assert!(reply.header(header::WWW_AUTHENTICATE).is_some());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn random_queries_on_the_fhir_api_never_get_a_5xx_and_every_refusal_is_an_operation_outcome(
        path in fhir_path(),
        query in joined(pair(fhir_names(), fhir_values())),
        post in prop_oneof![4 => Just(false), 1 => Just(true)],
        accept in prop_oneof![
            12 => Just(None),
            2 => Just(Some("application/fhir+json".to_owned())),
            1 => Just(Some("application/fhir+xml".to_owned())),
            1 => Just(Some("*/*;q=0".to_owned())),
            1 => text().prop_map(Some),
        ],
        strict in any::<bool>(),
        token in prop_oneof![4 => Just(None), 1 => text().prop_map(Some)],
    ) {
        let mut headers = Vec::new();
        if let Some(a) = accept {
            headers.push((header::ACCEPT, a.into_bytes()));
        }
        if strict {
            headers.push((header::HeaderName::from_static("prefer"), b"handling=strict".to_vec()));
        }
        if let Some(t) = token {
            headers.push((header::AUTHORIZATION, format!("Bearer {t}").into_bytes()));
        }
        let reply = if post {
            headers.push((header::CONTENT_TYPE, b"application/x-www-form-urlencoded".to_vec()));
            let search = format!("{}/_search", path.trim_end_matches("/_search"));
            send(fhir_sandbox(), Method::POST, &search, &headers, query.into_bytes())
        } else {
            send(fhir_sandbox(), Method::GET, &format!("{}?{query}", on_the_wire(&path)), &headers, vec![])
        };
        if let Some(reply) = reply {
            check_fhir(&reply)?;
        }
    }
}

#[test]
fn a_chain_thousands_of_links_deep_is_a_400_not_a_crash() {
    // Found by fhir::search::fuzz: each link of a chain was one more recursion, so a long
    // enough `partof.partof.(...)` overflowed the stack and aborted the whole process.
    let name = format!("{}name", "partof.".repeat(8_000));
    let reply = send(
        fhir_sandbox(),
        Method::GET,
        &format!("/dev1/fhir/Location?{name}=x"),
        &[],
        vec![],
    )
    .expect("a request");
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text());
    let outcome = reply.json().expect("an OperationOutcome");
    assert_eq!(outcome["issue"][0]["expression"][0], name.as_str());
    // Just under the FHIR body limit (64 KiB) the chain is read and refused as a chain;
    // far over it the body is refused before it is parsed, in the same format.
    for (links, status) in [
        (9_000, StatusCode::BAD_REQUEST),
        (200_000, StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let body = format!("{}name=x", "partof.".repeat(links));
        let reply = send(
            fhir_sandbox(),
            Method::POST,
            "/dev1/fhir/Organization/_search",
            &[(
                header::CONTENT_TYPE,
                b"application/x-www-form-urlencoded".to_vec(),
            )],
            body.into_bytes(),
        )
        .expect("a request");
        assert_eq!(reply.status, status, "{}", reply.text());
        let outcome = reply.json().expect("an OperationOutcome");
        assert_eq!(outcome["resourceType"], "OperationOutcome");
    }
}

// ---------------------------------------------------------------------------------------
// Portal: `/portal/api/...`

/// JSON of every shape, with the portal's field names among the keys.
fn portal_json() -> impl Strategy<Value = Value> {
    let fields = prop::sample::select(vec![
        "email",
        "username",
        "password",
        "confirm_password",
        "accept_terms",
        "name",
        "client_type",
        "grant_type",
        "scopes",
        "redirect_uris",
        "answers",
        "decision",
        "reason",
        "subject",
        "severity",
        "description",
        "optional_info",
        "homepage",
        "token",
        "security.tls",
        "privacy.sell_data",
    ])
    .prop_map(str::to_owned);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::from)),
        text().prop_map(Value::from),
        prop::sample::select(vec![
            "public",
            "confidential-basic",
            "confidential-forms",
            "authorization_code",
            "approved",
            "issue",
            "yes",
            "no",
            "openid patient/Patient.read",
            "https://app.example/cb",
            "a@example.com",
            PASSWORD,
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            proptest::collection::btree_map(
                prop_oneof![4 => fields.clone(), 1 => any::<String>()],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A body each call accepts, to be broken in one or two places.
fn template(path: &str) -> Value {
    let security: serde_json::Map<String, Value> = [
        "security.tls",
        "security.encryption_at_rest",
        "security.secret_storage",
        "security.mfa",
        "security.vulnerability_scans",
        "security.incident_response",
    ]
    .iter()
    .map(|q| ((*q).to_owned(), json!("yes")))
    .collect();
    match path {
        "/portal/api/accounts" => json!({"email": "new@example.com", "username": "newdev",
            "password": PASSWORD, "confirm_password": PASSWORD, "accept_terms": true}),
        "/portal/api/sessions" => json!({"username": "somebody", "password": PASSWORD}),
        "/portal/api/apps" | "/portal/api/apps/{app}" | "/portal/api/apps/{text}" => {
            json!({"name": "App", "client_type": "public",
            "grant_type": "authorization_code", "scopes": "openid patient/Patient.read",
            "redirect_uris": [REDIRECT], "optional_info": {"description": "d",
            "contacts": [{"name": "n", "email": "n@example.com"}],
            "support_email": "s@example.com", "organization_website": "https://example.com"}})
        }
        "/portal/api/apps/{app}/security-attestation" => json!({"answers": security}),
        "/portal/api/apps/{app}/privacy-attestation" => {
            json!({"answers": {"privacy.sell_data": "no"}})
        }
        "/portal/api/apps/{app}/production" => json!({"redirect_uris": [REDIRECT]}),
        "/portal/api/tickets" => json!({"subject": "s", "description": "d", "severity": 3}),
        "/portal/api/admin/attestations/{text}/review" => {
            json!({"decision": "issue", "reason": "r"})
        }
        _ => json!({}),
    }
}

/// One way to break a JSON body.
#[derive(Debug, Clone)]
enum Break {
    Remove(prop::sample::Index),
    Replace(prop::sample::Index, Value),
    Add(String, Value),
    Nest(prop::sample::Index),
}

fn breaks() -> impl Strategy<Value = Vec<Break>> {
    let one = prop_oneof![
        any::<prop::sample::Index>().prop_map(Break::Remove),
        (any::<prop::sample::Index>(), portal_json()).prop_map(|(i, v)| Break::Replace(i, v)),
        (text(), portal_json()).prop_map(|(k, v)| Break::Add(k, v)),
        any::<prop::sample::Index>().prop_map(Break::Nest),
    ];
    proptest::collection::vec(one, 0..3)
}

fn broken(mut body: Value, breaks: &[Break]) -> Value {
    for b in breaks {
        let Some(map) = body.as_object_mut() else {
            return body;
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        match b {
            Break::Add(k, v) => {
                map.insert(k.clone(), v.clone());
            }
            _ if keys.is_empty() => {}
            Break::Remove(i) => {
                map.remove(i.get(&keys));
            }
            Break::Replace(i, v) => {
                map.insert(i.get(&keys).clone(), v.clone());
            }
            Break::Nest(i) => {
                let k = i.get(&keys).clone();
                let inner = map.remove(&k).unwrap_or(Value::Null);
                map.insert(k, json!([inner]));
            }
        }
    }
    body
}

/// What the body of a call is: a near-valid one, any JSON, or not JSON at all.
#[derive(Debug, Clone)]
enum PortalBody {
    Template(Vec<Break>),
    Json(Value),
    Bytes(Vec<u8>),
}

fn portal_body() -> impl Strategy<Value = PortalBody> {
    prop_oneof![
        6 => breaks().prop_map(PortalBody::Template),
        2 => portal_json().prop_map(PortalBody::Json),
        1 => proptest::collection::vec(any::<u8>(), 0..200).prop_map(PortalBody::Bytes),
        1 => prop::sample::select(vec![
            Vec::new(),
            b"%PDF-1.4\n%%EOF\n".to_vec(),
            b"{\"name\": ".to_vec(),
            b"null".to_vec(),
        ])
        .prop_map(PortalBody::Bytes),
    ]
}

/// (method, path) of the portal's calls, `{app}` standing for the fixture's app and
/// `{text}` for a random path segment.
const PORTAL_CALLS: &[(&str, &str)] = &[
    ("POST", "/portal/api/accounts"),
    ("POST", "/portal/api/sessions"),
    ("GET", "/portal/api/verify-email?token={text}"),
    ("POST", "/portal/api/terms/accept"),
    ("GET", "/portal/api/accounts/me"),
    ("GET", "/portal/api/apps"),
    ("POST", "/portal/api/apps"),
    ("GET", "/portal/api/apps/{app}?reveal={text}"),
    ("PATCH", "/portal/api/apps/{app}"),
    ("PATCH", "/portal/api/apps/{text}"),
    ("PUT", "/portal/api/apps/{app}/privacy-policy"),
    ("POST", "/portal/api/apps/{app}/privacy-policy/submit"),
    ("POST", "/portal/api/apps/{app}/privacy-attestation"),
    ("POST", "/portal/api/apps/{app}/security-attestation"),
    ("POST", "/portal/api/apps/{app}/production"),
    ("GET", "/portal/api/attestations"),
    ("POST", "/portal/api/tickets"),
    ("POST", "/portal/api/admin/attestations/{text}/review"),
    ("GET", "/portal/api/admin/attestations"),
    ("POST", "/portal/api/{text}"),
];

/// The documented refusals of the portal API (docs/portal-api.md).
const PORTAL_STATUSES: &[u16] = &[400, 401, 403, 404, 405, 409, 413, 415, 422, 429];

fn check_problem(reply: &Reply) -> Result<(), TestCaseError> {
    prop_assert!(
        reply.status.as_u16() < 500,
        "{}: {}",
        reply.status,
        reply.text()
    );
    if reply.status.is_success() {
        return Ok(());
    }
    prop_assert!(
        PORTAL_STATUSES.contains(&reply.status.as_u16()),
        "{}: {}",
        reply.status,
        reply.text()
    );
    prop_assert_eq!(
        reply.header(header::CONTENT_TYPE),
        Some("application/problem+json"),
        "{}: {}",
        reply.status,
        reply.text()
    );
    let body = reply.json();
    prop_assert!(body.is_some(), "not JSON: {}", reply.text());
    let body = body.unwrap();
    prop_assert_eq!(
        body["status"].as_u64(),
        Some(u64::from(reply.status.as_u16()))
    );
    prop_assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{}",
        body
    );
    prop_assert!(body["detail"].is_string(), "{}", body);
    if let Some(errors) = body.get("errors") {
        let errors = errors.as_array();
        prop_assert!(errors.is_some(), "{}", body);
        for e in errors.unwrap() {
            prop_assert!(
                e["field"].is_string() && e["message"].is_string(),
                "{}",
                body
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn random_bodies_and_headers_on_the_portal_api_never_get_a_5xx_and_every_refusal_is_a_problem(
        call in prop::sample::select(PORTAL_CALLS),
        filler in prop_oneof![3 => "[A-Za-z0-9%._~-]{0,16}", 1 => segment()],
        body in portal_body(),
        content_type in prop_oneof![
            6 => Just(Some("application/json".to_owned())),
            1 => Just(Some("application/json; charset=utf-8".to_owned())),
            1 => Just(Some("application/pdf".to_owned())),
            1 => Just(None),
            1 => text().prop_map(Some),
        ],
        auth in prop_oneof![
            1 => Just(None),
            6 => Just(Some("session")),
            1 => Just(Some("admin")),
            1 => Just(Some("junk")),
            1 => Just(Some("basic")),
        ],
        junk in text(),
    ) {
        let fx = portal_sandbox();
        let (method, route) = call;
        let body = match body {
            PortalBody::Template(breaks) => broken(template(route), &breaks).to_string().into_bytes(),
            PortalBody::Json(v) => v.to_string().into_bytes(),
            PortalBody::Bytes(b) => b,
        };
        let path = on_the_wire(&route.replace("{app}", &fx.basic.app_id).replace("{text}", &filler));
        let mut headers = Vec::new();
        if let Some(ct) = content_type {
            headers.push((header::CONTENT_TYPE, ct.into_bytes()));
        }
        let authorization = match auth {
            None => None,
            Some("session") => Some(format!("Bearer {}", fx.session)),
            Some("admin") => Some(format!("Bearer {ADMIN}")),
            Some("basic") => Some(format!("Basic {}", STANDARD.encode(&junk))),
            Some(_) => Some(format!("Bearer {junk}")),
        };
        if let Some(a) = authorization {
            headers.push((header::AUTHORIZATION, a.into_bytes()));
        }
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        if let Some(reply) = send(&fx.app, method, &path, &headers, body) {
            check_problem(&reply)?;
        }
    }
}

// ---------------------------------------------------------------------------------------
// The token, introspection and revocation endpoints: `/{tenant}/oauth2/...`

/// RFC 6749 5.2, and RFC 7009's `unsupported_token_type`.
const OAUTH_ERRORS: &[&str] = &[
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "unsupported_token_type",
];

fn check_oauth_json(reply: &Reply) -> Result<(), TestCaseError> {
    prop_assert!(
        reply.status.as_u16() < 500,
        "{}: {}",
        reply.status,
        reply.text()
    );
    if reply.status.is_success() {
        return Ok(());
    }
    prop_assert!(
        matches!(reply.status.as_u16(), 400 | 401),
        "{}: {}",
        reply.status,
        reply.text()
    );
    prop_assert!(
        reply
            .header(header::CONTENT_TYPE)
            .is_some_and(|c| c.starts_with("application/json")),
        "{:?}",
        reply.header(header::CONTENT_TYPE)
    );
    let body = reply.json();
    prop_assert!(body.is_some(), "not JSON: {}", reply.text());
    let body = body.unwrap();
    let error = body["error"].as_str().unwrap_or_default();
    prop_assert!(OAUTH_ERRORS.contains(&error), "{}", body);
    prop_assert!(body["error_description"].is_string(), "{}", body);
    prop_assert_eq!(reply.header(header::CACHE_CONTROL), Some("no-store"));
    if reply.status == StatusCode::UNAUTHORIZED {
        prop_assert!(reply.header(header::WWW_AUTHENTICATE).is_some());
    }
    Ok(())
}

fn token_values(fx: &'static Fixture) -> BoxedStrategy<String> {
    let known = vec![
        fx.basic.client_id.clone(),
        fx.forms.client_id.clone(),
        fx.public.client_id.clone(),
        fx.basic.secret.clone().unwrap_or_default(),
        fx.forms.secret.clone().unwrap_or_default(),
        "authorization_code".into(),
        "refresh_token".into(),
        "client_credentials".into(),
        REDIRECT.into(),
        NATIVE_REDIRECT.into(),
        "openid patient/Patient.read".into(),
        "access_token".into(),
    ];
    prop_oneof![2 => prop::sample::select(known), 1 => text()].boxed()
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn random_requests_to_the_token_endpoints_never_get_a_5xx_and_every_refusal_is_rfc_6749_json(
        endpoint in prop::sample::select(vec!["token", "token", "token", "introspect", "revoke"]),
        tenant in prop::sample::select(vec!["dev1", "bcbsm"]),
        body in prop_oneof![
            6 => (
                prop_oneof![
                    3 => Just("authorization_code".to_owned()),
                    2 => Just("refresh_token".to_owned()),
                    1 => text(),
                ],
                "[A-Za-z0-9_-]{0,43}",
                proptest::collection::vec(
                    (prop::sample::select(vec!["client_id", "client_secret", "code_verifier", "scope"]),
                     token_values(oauth_sandbox())),
                    0..4,
                ),
            )
                .prop_map(|(grant_type, secret, extra)| {
                    let mut form = form_urlencoded::Serializer::new(String::new());
                    form.append_pair("grant_type", &grant_type)
                        .append_pair("code", &secret)
                        .append_pair("refresh_token", &secret)
                        .append_pair("redirect_uri", REDIRECT);
                    for (k, v) in extra {
                        form.append_pair(k, &v);
                    }
                    form.finish().into_bytes()
                }),
            4 => joined(pair(
                ["grant_type", "code", "redirect_uri", "client_id", "client_secret",
                 "code_verifier", "refresh_token", "scope", "token", "token_type_hint"]
                    .map(str::to_owned).to_vec(),
                token_values(oauth_sandbox()),
            )).prop_map(String::into_bytes),
            1 => proptest::collection::vec(any::<u8>(), 0..200),
        ],
        content_type in prop_oneof![
            8 => Just(Some("application/x-www-form-urlencoded".to_owned())),
            1 => Just(Some("application/x-www-form-urlencoded; charset=UTF-8".to_owned())),
            1 => Just(Some("application/json".to_owned())),
            1 => Just(None),
            1 => text().prop_map(Some),
        ],
        auth in prop_oneof![3 => Just(0u8), 3 => Just(1), 1 => Just(2), 1 => Just(3), 1 => Just(4), 1 => Just(5)],
        junk in text(),
    ) {
        let fx = oauth_sandbox();
        let mut headers = Vec::new();
        if let Some(ct) = content_type {
            headers.push((header::CONTENT_TYPE, ct.into_bytes()));
        }
        let secret = fx.basic.secret.clone().unwrap_or_default();
        let authorization = match auth {
            1 => Some(format!("Basic {}", STANDARD.encode(format!("{}:{secret}", fx.basic.client_id)))),
            2 => Some(format!("Basic {}", STANDARD.encode(format!("{}:{junk}", fx.basic.client_id)))),
            3 => Some(format!("Basic {}", STANDARD.encode(&junk))),
            4 => Some(format!("Bearer {junk}")),
            5 => Some(junk.clone()),
            _ => None,
        };
        if let Some(a) = authorization {
            headers.push((header::AUTHORIZATION, a.into_bytes()));
        }
        let path = format!("/{tenant}/oauth2/{endpoint}");
        if let Some(reply) = send(&fx.app, Method::POST, &path, &headers, body) {
            check_oauth_json(&reply)?;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Authorize: `/{tenant}/oauth2/authorize`

/// RFC 6749 4.1.2.1.
const AUTHORIZE_ERRORS: &[&str] = &[
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
];

fn authorize_values(fx: &'static Fixture) -> BoxedStrategy<String> {
    let known = vec![
        fx.basic.client_id.clone(),
        fx.public.client_id.clone(),
        "code".into(),
        "token".into(),
        "query".into(),
        "form_post".into(),
        "fragment".into(),
        "S256".into(),
        "plain".into(),
        REDIRECT.into(),
        format!("{REDIRECT}/"),
        "https://APP.example/cb".into(),
        "https://app.example/cb?x=1".into(),
        NATIVE_REDIRECT.into(),
        "http://sandbox.test/dev1/fhir".into(),
        SCOPES.into(),
        "openid patient/Patient.read".into(),
        "patient/Observation.read".into(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into(),
    ];
    prop_oneof![3 => prop::sample::select(known), 1 => text()].boxed()
}

/// Parameter names of an authorize request, with the usual ones given most often.
fn authorize_names() -> Vec<String> {
    [
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "nonce",
        "aud",
        "code_challenge",
        "code_challenge_method",
        "response_mode",
        "launch",
        "prompt",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn check_authorize(reply: &Reply, sent: &[(String, String)]) -> Result<(), TestCaseError> {
    prop_assert!(
        matches!(reply.status.as_u16(), 200 | 303 | 400 | 404),
        "{}: {}",
        reply.status,
        reply.text()
    );
    let redirect_uri = sent
        .iter()
        .rev()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| v.as_str());
    let registered = redirect_uri.is_some_and(|u| u == REDIRECT || u == NATIVE_REDIRECT);
    if reply.status == StatusCode::SEE_OTHER {
        prop_assert!(registered, "redirected for {:?}", redirect_uri);
        let location = reply.header(header::LOCATION);
        prop_assert!(location.is_some(), "a 303 says where");
        let location = url::Url::parse(location.unwrap()).unwrap();
        let target = url::Url::parse(redirect_uri.unwrap()).unwrap();
        prop_assert_eq!(location.scheme(), target.scheme());
        prop_assert_eq!(location.host_str(), target.host_str());
        prop_assert_eq!(location.path(), target.path());
        let pairs: Vec<(String, String)> = location.query_pairs().into_owned().collect();
        let error = pairs
            .iter()
            .find(|(k, _)| k == "error")
            .map(|(_, v)| v.as_str());
        prop_assert!(
            error.is_none_or(|e| AUTHORIZE_ERRORS.contains(&e)),
            "{:?}",
            error
        );
        let sent_state = sent
            .iter()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.as_str());
        let back_state = pairs
            .iter()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.as_str());
        prop_assert_eq!(back_state, sent_state.filter(|s| !s.is_empty()));
    } else {
        prop_assert!(
            reply
                .header(header::CONTENT_TYPE)
                .is_some_and(|c| c.starts_with("text/html")),
            "{} as {:?}",
            reply.status,
            reply.header(header::CONTENT_TYPE)
        );
        prop_assert!(reply.header(header::LOCATION).is_none());
        if reply.status == StatusCode::OK {
            prop_assert!(registered, "a page for {:?}", redirect_uri);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn random_authorize_requests_never_get_a_5xx_and_never_redirect_to_an_unregistered_uri(
        tenant in prop_oneof![
            8 => Just("dev1".to_owned()),
            2 => Just("bcbsm".to_owned()),
            1 => Just("nowhere".to_owned()),
            1 => segment(),
        ],
        pairs in proptest::collection::vec(
            (prop_oneof![6 => prop::sample::select(authorize_names()), 1 => text()],
             authorize_values(oauth_sandbox())),
            0..6,
        ),
        once in prop_oneof![4 => Just(true), 1 => Just(false)],
        complete in prop_oneof![1 => Just(false), 3 => Just(true)],
        post in prop_oneof![3 => Just(false), 1 => Just(true)],
        content_type in prop_oneof![
            4 => Just("application/x-www-form-urlencoded".to_owned()),
            1 => text(),
        ],
        nonce in "[A-Za-z0-9]{16}",
    ) {
        let fx = oauth_sandbox();
        let mut pairs = pairs;
        if once {
            // Mostly each parameter once: a repeated one stops the request at the first check.
            let mut seen = std::collections::HashSet::new();
            pairs.retain(|(k, _)| seen.insert(k.clone()));
        }
        if complete {
            // Most of a good request, so the checks after the client and redirect URI run.
            for (k, v) in [
                ("response_type", "code".to_owned()),
                ("client_id", fx.basic.client_id.clone()),
                ("redirect_uri", REDIRECT.to_owned()),
                ("scope", "openid patient/Patient.read".to_owned()),
                ("state", "s".to_owned()),
            ] {
                if !pairs.iter().any(|(n, _)| n == k) {
                    pairs.insert(0, (k.to_owned(), v));
                }
            }
            if !pairs.iter().any(|(n, _)| n == "nonce") {
                pairs.push(("nonce".into(), nonce));
            }
        }
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            form.append_pair(k, v);
        }
        let encoded = form.finish();
        let path = format!("/{tenant}/oauth2/authorize");
        let reply = if post {
            send(&fx.app, Method::POST, &path, &[(header::CONTENT_TYPE, content_type.into_bytes())], encoded.into_bytes())
        } else {
            send(&fx.app, Method::GET, &format!("{path}?{encoded}"), &[], vec![])
        };
        if let Some(reply) = reply {
            // A repeated parameter is refused before anything is read; only the
            // parameters of a request that was read can say which URI was asked for.
            let mut names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
            names.sort();
            let repeated = names.windows(2).any(|w| w[0] == w[1]);
            if repeated {
                prop_assert_ne!(reply.status, StatusCode::SEE_OTHER);
            }
            check_authorize(&reply, &pairs)?;
        }
    }

    #[test]
    fn a_redirect_uri_that_differs_from_the_registered_one_gets_an_error_page_never_a_redirect(
        changed in prop_oneof![
            Just(format!("{REDIRECT}/")),
            Just("http://app.example/cb".to_owned()),
            Just("HTTPS://app.example/cb".to_owned()),
            Just("https://APP.example/cb".to_owned()),
            Just("https://app.example:443/cb".to_owned()),
            Just("https://app.example:8443/cb".to_owned()),
            Just("https://app.example/cb?x=1".to_owned()),
            Just("https://app.example/cb?".to_owned()),
            Just("https://app.example/cb#x".to_owned()),
            Just("https://app.example/CB".to_owned()),
            Just("https://app.example/c%62".to_owned()),
            Just("https://app.example/cb/..".to_owned()),
            Just("https://app.example.evil/cb".to_owned()),
            Just("https://evil.example/cb".to_owned()),
            Just("com.example.app://callback".to_owned()),
            Just("com.example.app:/callback/".to_owned()),
            "https://app\\.example/cb[a-z0-9/._~-]{1,8}",
            "https://[a-z]{1,8}\\.app\\.example/cb",
        ],
        nonce in "[A-Za-z0-9]{16}",
    ) {
        let fx = oauth_sandbox();
        let query = |redirect_uri: &str, nonce: &str| {
            form_urlencoded::Serializer::new(String::new())
                .append_pair("response_type", "code")
                .append_pair("client_id", &fx.basic.client_id)
                .append_pair("redirect_uri", redirect_uri)
                .append_pair("scope", "openid patient/Patient.read")
                .append_pair("state", "s")
                .append_pair("nonce", nonce)
                .finish()
        };
        let refused = send(
            &fx.app,
            Method::GET,
            &format!("/dev1/oauth2/authorize?{}", query(&changed, &nonce)),
            &[],
            vec![],
        )
        .unwrap();
        prop_assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", changed);
        prop_assert!(refused.header(header::LOCATION).is_none());
        prop_assert!(refused.text().contains("Unregistered redirect URI"), "{}", refused.text());
        let accepted = send(
            &fx.app,
            Method::GET,
            &format!("/dev1/oauth2/authorize?{}", query(REDIRECT, &format!("{nonce}-ok"))),
            &[],
            vec![],
        )
        .unwrap();
        prop_assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text());
    }
}

#[test]
fn a_path_segment_that_is_not_utf8_gets_the_routes_own_404() {
    // Found by random_bodies_and_headers_on_the_portal_api_never_get_a_5xx_and_every_refusal_is_a_problem:
    // `%A0` as a path parameter reached axum's Path extractor, whose refusal is a
    // text/plain 400 ("Invalid URL: Invalid UTF-8 in `id`"), in no documented format.
    let fx = portal_sandbox();
    let admin = [(
        header::AUTHORIZATION,
        format!("Bearer {ADMIN}").into_bytes(),
    )];
    for (method, path, format) in [
        (
            "POST",
            "/portal/api/admin/attestations/%A0/review",
            "application/problem+json",
        ),
        ("GET", "/_sandbox/faults/%FF", "application/problem+json"),
        ("GET", "/dev1/fhir/Patient/%FF", "application/fhir+json"),
        ("GET", "/dev1/fhir/%C3", "application/fhir+json"),
        // Found by the long run: the decoded `%2F` made `fhir` look like the third segment.
        ("GET", "/%A0%2F/fhir/Patient", "application/fhir+json"),
        ("GET", "/%FF/fhir/Practitioner", "application/fhir+json"),
        (
            "GET",
            "/%FF/fhir/.well-known/smart-configuration",
            "application/problem+json",
        ),
        ("POST", "/%FF/oauth2/token", "application/problem+json"),
        ("GET", "/%FF/oauth2/authorize", "text/html"),
        ("GET", "/dev1/oauth2/authorize/%E2%82", "text/html"),
    ] {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let reply = send(&fx.app, method, path, &admin, b"{}".to_vec()).unwrap();
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            reply.text()
        );
        let content_type = reply.header(header::CONTENT_TYPE).unwrap_or_default();
        assert!(content_type.starts_with(format), "{path}: {content_type}");
    }
}

#[test]
fn a_method_a_path_does_not_take_gets_a_405_in_the_routes_own_format_with_allow() {
    // Found by the libFuzzer `router` target (fuzz/fuzz_targets/router.rs):
    // `UET /dev1/oauth2/authorize?...` got axum's bare 405, with no body and no content
    // type, on every route that set no method fallback of its own.
    let fx = portal_sandbox();
    let (page, problem, outcome) = (
        "text/html",
        "application/problem+json",
        "application/fhir+json",
    );
    for (method, path, format, allowed) in [
        ("UET", "/dev1/oauth2/authorize", page, "POST"),
        ("DELETE", "/dev1/oauth2/authorize/login", page, "POST"),
        ("PUT", "/debug", page, "GET"),
        ("GET", "/dev1/oauth2/token", problem, "POST"),
        ("PATCH", "/dev1/oauth2/jwks", problem, "GET"),
        (
            "DELETE",
            "/dev1/fhir/.well-known/smart-configuration",
            problem,
            "GET",
        ),
        ("PUT", "/portal/api/apps", problem, "POST"),
        ("PUT", "/_sandbox/clock", problem, "GET"),
        ("DELETE", "/dev1/fhir/Patient", outcome, "GET"),
    ] {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let reply = send(&fx.app, method.clone(), path, &[], Vec::new()).unwrap();
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {}",
            reply.text()
        );
        let content_type = reply.header(header::CONTENT_TYPE).unwrap_or_default();
        assert!(
            content_type.starts_with(format),
            "{method} {path}: {content_type}"
        );
        assert!(!reply.bytes.is_empty(), "{method} {path}: an empty body");
        let allow = reply.header(header::ALLOW).unwrap_or_default();
        assert!(allow.contains(allowed), "{method} {path}: Allow {allow:?}");
    }
    // A CORS preflight is no wrong method: the endpoints a browser app calls answer it.
    for path in [
        "/dev1/oauth2/token",
        "/dev1/oauth2/jwks",
        "/dev1/oauth2/userinfo",
    ] {
        let preflight = [
            (header::ORIGIN, b"https://app.example".to_vec()),
            (header::ACCESS_CONTROL_REQUEST_METHOD, b"POST".to_vec()),
        ];
        let reply = send(&fx.app, Method::OPTIONS, path, &preflight, Vec::new()).unwrap();
        assert!(
            reply.status.is_success(),
            "OPTIONS {path}: {}",
            reply.status
        );
    }
}
