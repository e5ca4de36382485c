//! The tenant FHIR APIs over HTTP, in-process: who sees what, paging, conditional
//! reads, refusals. The Gherkin features cover the same ground against any server;
//! these pin the sandbox's own behaviour, fast and without a socket.

use crate::oauth::{CB, Client, authorize, basic, client_with_scopes, location, param, token};
use crate::support::{Reply, Sandbox};
use axum::http::{Method, StatusCode};
use serde_json::Value;
use std::collections::HashSet;

/// The Patient Access types, as the contract lists them (the harness's list).
pub use conform::steps::fhir::PATIENT_ACCESS_TYPES as PATIENT_ACCESS;

fn scopes_for(types: &[&str]) -> String {
    let mut scopes = vec![
        "openid".to_owned(),
        "fhirUser".into(),
        "launch/patient".into(),
    ];
    scopes.extend(types.iter().map(|t| format!("patient/{t}.read")));
    scopes.join(" ")
}

/// Rose's access token for an app registered and authorized for `types`.
pub async fn rose_token(sb: &Sandbox, types: &[&str]) -> String {
    let tokens = rose_tokens(sb, &scopes_for(types)).await;
    tokens["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

/// The whole token response to a confidential-basic app that Rose authorized for
/// `scopes`, the way an app gets it: registration, her login and both consents, the
/// code exchange.
pub async fn rose_tokens(sb: &Sandbox, scopes: &str) -> Value {
    let c: Client = client_with_scopes(sb, "confidential-basic", scopes).await;
    let done = authorize(
        sb,
        "dev1",
        &[("client_id", &c.id), ("scope", scopes)],
        ("rose", "Beltran-1997!"),
        ["accept", "accept"],
    )
    .await;
    let code = param(&location(&done), "code").expect("a code");
    token(
        sb,
        "dev1",
        basic(&c),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
        ],
    )
    .await
    .json()
}

async fn fhir(sb: &Sandbox, path: &str, token: Option<&str>) -> Reply {
    sb.get(path, token).await
}

fn outcome_code(reply: &Reply) -> String {
    assert_eq!(
        reply.header("content-type"),
        Some("application/fhir+json; charset=utf-8")
    );
    let body = reply.json();
    assert_eq!(body["resourceType"], "OperationOutcome", "{body}");
    body["issue"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn entries<'a>(bundle: &'a Value, mode: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter(|x| x["search"]["mode"] == mode)
                .map(|x| &x["resource"])
                .collect()
        })
        .unwrap_or_default()
}

/// Every `Patient/...` a resource points at.
fn patients_referenced(resource: &Value, out: &mut Vec<String>) {
    match resource {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("reference")
                && r.starts_with("Patient/")
            {
                out.push(r.clone());
            }
            map.values().for_each(|v| patients_referenced(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| patients_referenced(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn rose_finds_her_own_records_of_every_type_and_nobody_elses() {
    let sb = Sandbox::new().await;
    let rose = rose_token(&sb, &PATIENT_ACCESS).await;
    for kind in PATIENT_ACCESS {
        let reply = fhir(&sb, &format!("/dev1/fhir/{kind}?_count=500"), Some(&rose)).await;
        assert_eq!(reply.status, StatusCode::OK, "{kind}");
        let bundle = reply.json();
        let found = entries(&bundle, "match");
        assert!(!found.is_empty(), "Rose has no {kind}");
        assert_eq!(bundle["total"].as_u64(), Some(found.len() as u64), "{kind}");
        for resource in found {
            let mut refs = vec![];
            patients_referenced(resource, &mut refs);
            if kind == "Patient" {
                assert_eq!(resource["id"], "smart-15716");
            } else {
                assert!(
                    !refs.is_empty(),
                    "{kind}/{} names no patient",
                    resource["id"]
                );
            }
            assert!(
                refs.iter().all(|r| r == "Patient/smart-15716"),
                "{kind}: {refs:?}"
            );
        }
    }
    let marian = fhir(&sb, "/dev1/fhir/Patient/marian-benton-dev1", Some(&rose)).await;
    assert_eq!(marian.status, StatusCode::NOT_FOUND);
    assert_eq!(outcome_code(&marian), "not-found");
    let theirs = fhir(
        &sb,
        "/dev1/fhir/Observation?patient=marian-benton-dev1",
        Some(&rose),
    )
    .await;
    assert_eq!(theirs.json()["total"], 0);
}

#[tokio::test]
async fn a_type_outside_the_granted_scopes_is_forbidden_and_bad_tokens_are_invalid() {
    let sb = Sandbox::new().await;
    let rose = rose_token(&sb, &["Patient"]).await;
    assert_eq!(
        fhir(&sb, "/dev1/fhir/Patient/smart-15716", Some(&rose))
            .await
            .status,
        StatusCode::OK
    );

    let forbidden = fhir(&sb, "/dev1/fhir/Observation", Some(&rose)).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(outcome_code(&forbidden), "forbidden");
    let challenge = forbidden.header("www-authenticate").unwrap_or_default();
    assert!(
        challenge.contains("insufficient_scope") && challenge.contains("patient/Observation.read"),
        "{challenge}"
    );

    for (path, token) in [
        ("/dev1/fhir/Patient/smart-15716", None),
        ("/dev1/fhir/Patient/smart-15716", Some("not-a-token")),
        ("/bcbsm/fhir/Patient/smart-15716", Some(rose.as_str())),
        ("/mhp/fhir/Patient", Some(rose.as_str())),
    ] {
        let refused = fhir(&sb, path, token).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(outcome_code(&refused), "login");
        assert!(
            refused
                .header("www-authenticate")
                .unwrap_or_default()
                .contains("invalid_token")
        );
    }
}

#[tokio::test]
async fn the_directory_pages_to_the_end_with_totals_adding_up() {
    let sb = Sandbox::new().await;
    let mut next = Some("/dev1/fhir/PractitionerRole?_count=97".to_owned());
    let (mut seen, mut total, mut pages) = (HashSet::new(), None, 0);
    while let Some(path) = next.take() {
        let bundle = fhir(&sb, &path, None).await.json();
        pages += 1;
        total = total.or(bundle["total"].as_u64());
        assert_eq!(
            bundle["total"].as_u64(),
            total,
            "total is stable across pages"
        );
        for r in entries(&bundle, "match") {
            assert!(
                seen.insert(r["id"].as_str().unwrap_or_default().to_owned()),
                "{} twice",
                r["id"]
            );
        }
        next = bundle["link"]
            .as_array()
            .and_then(|l| l.iter().find(|l| l["relation"] == "next"))
            .and_then(|l| l["url"].as_str())
            .map(|u| u.trim_start_matches("http://sandbox.test").to_owned());
    }
    assert_eq!(Some(seen.len() as u64), total);
    assert_eq!(pages, (seen.len() as f64 / 97.0).ceil() as usize);
}

#[tokio::test]
async fn reads_carry_an_etag_and_answer_304_while_unchanged() {
    let sb = Sandbox::new().await;
    let first = fhir(&sb, "/dev1/fhir/Practitioner/pract-1", None).await;
    let etag = first.header("etag").expect("an ETag").to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert!(first.header("last-modified").is_some());
    let again = sb
        .send_with(
            Method::GET,
            "/dev1/fhir/Practitioner/pract-1",
            &[("if-none-match", etag)],
            vec![],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    let stale = sb
        .send_with(
            Method::GET,
            "/dev1/fhir/Practitioner/pract-1",
            &[("if-none-match", "W/\"999\"".into())],
            vec![],
        )
        .await;
    assert_eq!(stale.status, StatusCode::OK);
}

#[tokio::test]
async fn refusals_are_operation_outcomes_with_the_right_status() {
    let sb = Sandbox::new().await;
    for (method, path, status, code) in [
        (Method::GET, "/dev1/fhir/Foo", 404, "not-supported"),
        (
            Method::GET,
            "/dev1/fhir/Practitioner/no-such-one",
            404,
            "not-found",
        ),
        (
            Method::GET,
            "/dev1/fhir/Practitioner/bad$id",
            400,
            "invalid",
        ),
        (
            Method::GET,
            "/dev1/fhir/Practitioner?_count=0",
            400,
            "invalid",
        ),
        (
            Method::GET,
            "/dev1/fhir/Practitioner?_count=-1",
            400,
            "invalid",
        ),
        (
            Method::GET,
            "/dev1/fhir/Practitioner?_count=100000",
            400,
            "invalid",
        ),
        (
            Method::GET,
            "/dev1/fhir/Practitioner?_lastUpdated=yesterday",
            400,
            "invalid",
        ),
        (
            Method::GET,
            "/dev1/fhir/PractitionerRole?organization=Foo/1",
            400,
            "invalid",
        ),
        (
            Method::GET,
            "/dev1/fhir/Practitioner?_page=12.0123456789ab",
            400,
            "invalid",
        ),
        (
            Method::GET,
            "/dev1/fhir/Practitioner?_format=xml",
            406,
            "not-supported",
        ),
        (Method::GET, "/dev1/fhir/$export", 400, "not-supported"),
        (
            Method::GET,
            "/dev1/fhir/Patient/$export",
            400,
            "not-supported",
        ),
        (
            Method::GET,
            "/dev1/fhir/Group/all/$export",
            400,
            "not-supported",
        ),
        (
            Method::POST,
            "/dev1/fhir/Practitioner",
            405,
            "not-supported",
        ),
        (
            Method::PUT,
            "/dev1/fhir/Practitioner/pract-1",
            405,
            "not-supported",
        ),
        (
            Method::DELETE,
            "/dev1/fhir/Practitioner/pract-1",
            405,
            "not-supported",
        ),
        (Method::GET, "/nowhere/fhir/Practitioner", 404, "not-found"),
    ] {
        let reply = sb.send(method.clone(), path, None, None, vec![]).await;
        assert_eq!(reply.status.as_u16(), status, "{method} {path}");
        assert_eq!(outcome_code(&reply), code, "{method} {path}");
    }
}

#[tokio::test]
async fn the_capability_statement_points_at_the_same_oauth_endpoints_as_the_well_known_file() {
    let sb = Sandbox::new().await;
    let cs = fhir(&sb, "/dev1/fhir/metadata", None).await.json();
    let well_known = fhir(&sb, "/dev1/fhir/.well-known/smart-configuration", None)
        .await
        .json();
    assert_eq!(cs["fhirVersion"], "4.0.1");
    let security = &cs["rest"][0]["security"];
    let uris = security["extension"]
        .as_array()
        .and_then(|e| {
            e.iter().find(|x| {
                x["url"] == "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
            })
        })
        .expect("the oauth-uris extension");
    let uri = |name: &str| {
        uris["extension"]
            .as_array()
            .and_then(|e| e.iter().find(|x| x["url"] == name))
            .map(|x| x["valueUri"].clone())
            .unwrap_or_default()
    };
    assert_eq!(uri("authorize"), well_known["authorization_endpoint"]);
    assert_eq!(uri("token"), well_known["token_endpoint"]);
    assert_eq!(uri("introspect"), well_known["introspection_endpoint"]);
    assert_eq!(uri("revoke"), well_known["revocation_endpoint"]);
    assert_eq!(security["service"][0]["coding"][0]["code"], "SMART-on-FHIR");
    let types: Vec<&str> = cs["rest"][0]["resource"]
        .as_array()
        .map(|r| r.iter().filter_map(|x| x["type"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(types.len(), 18);
    for kind in PATIENT_ACCESS {
        assert!(types.contains(&kind), "{kind}");
    }
}

#[tokio::test]
async fn the_same_seed_serves_the_same_bytes_and_another_seed_other_data() {
    let at = |seed| {
        Sandbox::with_config(sandbox::SandboxConfig {
            seed,
            scale: sandbox::DirectoryScale::new(50),
            ..Default::default()
        })
    };
    let (a, b, c) = (at(7), at(7), at(8));
    let path = "/dev1/fhir/Practitioner/pract-3";
    let (ra, rb, rc) = (
        fhir(&a, path, None).await,
        fhir(&b, path, None).await,
        fhir(&c, path, None).await,
    );
    assert_eq!(ra.status, StatusCode::OK);
    assert_eq!(ra.bytes, rb.bytes);
    assert_ne!(ra.bytes, rc.bytes);
}
