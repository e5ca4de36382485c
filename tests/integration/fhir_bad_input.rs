//! Bad input against every search parameter the sandbox declares: each one, read from
//! the CapabilityStatement (so a parameter added later is swept too), gets malformed
//! values of its type and hostile values of every shape. The promise under test: a
//! malformed value is a 400 OperationOutcome naming the parameter; nothing is ever a
//! 5xx; whatever is answered is FHIR JSON; and a member's token never brings back
//! another member's records, whatever the query says.

use crate::fhir_api::{PATIENT_ACCESS, rose_token};
use crate::support::{Reply, Sandbox};
use axum::http::StatusCode;
use serde_json::Value;

/// Rose's patient id: the only patient her token may see.
const ROSE: &str = "smart-15716";

/// Values that are wrong for a parameter of this type, whatever the data.
fn malformed(kind: &str) -> &'static [&'static str] {
    match kind {
        "date" => &[
            "yesterday",
            "2020-13-01",
            "2020-02-30",
            "xx2020-01-01",
            "ge",
            "2020-01-01T25:00:00Z",
            "20200101",
        ],
        "token" => &["a|b|c", "||"],
        "reference" => &["Foo/1", "Practitioner/bad$id", "Patient/"],
        _ => &[],
    }
}

/// Modifiers no parameter of this type takes.
fn foreign_modifiers(kind: &str) -> &'static [&'static str] {
    match kind {
        "string" => &["sounds", "below", "not"],
        "token" => &["exact", "sounds"],
        "date" => &["exact", "contains", "text"],
        "reference" => &["exact", "contains", "Foo"],
        _ => &[],
    }
}

/// Values of every shape, valid or not, that must never break the server.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "%",
    "%zz",
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
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "${jndi:ldap://x}",
];

/// Parameters every type takes, beside its own.
const COMMON: &[(&str, &str)] = &[("_id", "token"), ("_lastUpdated", "date")];

fn search_params(cs: &Value, kind: &str) -> Vec<(String, String)> {
    let resources = cs["rest"][0]["resource"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let resource = resources
        .iter()
        .find(|r| r["type"] == kind)
        .unwrap_or_else(|| panic!("{kind} is not in the CapabilityStatement"));
    let mut params: Vec<(String, String)> = resource["searchParam"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    let name = p["name"].as_str().unwrap_or_default().to_owned();
                    let kind = p["type"].as_str().unwrap_or_default().to_owned();
                    (name, kind)
                })
                .collect()
        })
        .unwrap_or_default();
    for (name, kind) in COMMON {
        if !params.iter().any(|(n, _)| n == name) {
            params.push(((*name).to_owned(), (*kind).to_owned()));
        }
    }
    assert!(params.len() > 2, "{kind} declares no search parameters");
    params
}

fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn types_of(cs: &Value) -> Vec<String> {
    cs["rest"][0]["resource"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|x| x["type"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The query (`name=value`, already encoded) and what it was answered.
fn context(query: &str, reply: &Reply) -> String {
    format!(
        "{query} -> {} {}",
        reply.status,
        String::from_utf8_lossy(&reply.bytes)
    )
}

/// Every answer is FHIR JSON: a resource (a searchset Bundle for a search) or an
/// OperationOutcome for a refusal, never a 5xx.
fn assert_fhir_answer(query: &str, reply: &Reply) -> Value {
    assert!(
        !reply.status.is_server_error(),
        "a server error: {}",
        context(query, reply)
    );
    assert_eq!(
        reply.header("content-type"),
        Some("application/fhir+json; charset=utf-8"),
        "{}",
        context(query, reply)
    );
    let body = reply.json();
    let searched = query.contains('=') && !query.contains("_history");
    let refused = !reply.status.is_success();
    match (refused, searched) {
        (true, _) => assert_eq!(
            body["resourceType"],
            "OperationOutcome",
            "{}",
            context(query, reply)
        ),
        (false, true) => assert_eq!(body["resourceType"], "Bundle", "{}", context(query, reply)),
        (false, false) => assert!(
            body["resourceType"].is_string(),
            "{}",
            context(query, reply)
        ),
    }
    body
}

/// Every `Patient/<id>` reference anywhere in a value.
fn patients_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("reference")
                && let Some(id) = r.strip_prefix("Patient/")
            {
                out.push(id.to_owned());
            }
            if map.get("resourceType") == Some(&Value::String("Patient".into()))
                && let Some(Value::String(id)) = map.get("id")
            {
                out.push(id.clone());
            }
            map.values().for_each(|v| patients_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| patients_in(v, out)),
        _ => {}
    }
}

/// Only Rose, or no patient at all (directory resources included with her records).
fn assert_only_rose(query: &str, bundle: &Value) {
    let mut patients = Vec::new();
    patients_in(bundle, &mut patients);
    assert!(
        patients.iter().all(|p| p == ROSE),
        "{query} with Rose's token brought back other patients: {patients:?}"
    );
}

async fn sweep(
    sb: &Sandbox,
    kind: &str,
    params: &[(String, String)],
    token: Option<&str>,
) -> usize {
    let mut requests = 0;
    for (name, param_kind) in params {
        for value in malformed(param_kind) {
            let query = format!("{name}={}", encode(value));
            let reply = sb.get(&format!("/dev1/fhir/{kind}?{query}"), token).await;
            requests += 1;
            let body = assert_fhir_answer(&query, &reply);
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{}",
                context(&query, &reply)
            );
            assert_eq!(
                body["issue"][0]["code"],
                "invalid",
                "{}",
                context(&query, &reply)
            );
            assert_eq!(
                body["issue"][0]["expression"][0].as_str(),
                Some(name.as_str()),
                "the outcome must name the parameter: {}",
                context(&query, &reply)
            );
        }
        for modifier in foreign_modifiers(param_kind) {
            let query = format!("{name}:{modifier}=x");
            let reply = sb.get(&format!("/dev1/fhir/{kind}?{query}"), token).await;
            requests += 1;
            let body = assert_fhir_answer(&query, &reply);
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{}",
                context(&query, &reply)
            );
            let named = body["issue"][0]["expression"][0]
                .as_str()
                .unwrap_or_default();
            assert!(
                named.starts_with(name.as_str()),
                "{}",
                context(&query, &reply)
            );
        }
        for value in HOSTILE {
            for modifier in [
                "",
                ":exact",
                ":contains",
                ":missing",
                ":Patient",
                ":identifier",
            ] {
                let query = format!("{name}{modifier}={}", encode(value));
                let reply = sb.get(&format!("/dev1/fhir/{kind}?{query}"), token).await;
                requests += 1;
                let body = assert_fhir_answer(&query, &reply);
                if token.is_some() && reply.status == StatusCode::OK {
                    assert_only_rose(&query, &body);
                }
            }
        }
        // The same hostile values as the target of a chain, and of an include.
        if param_kind == "reference" {
            for value in HOSTILE {
                let query = format!(
                    "{name}.name={}&_include={kind}:{}",
                    encode(value),
                    encode(value)
                );
                let reply = sb.get(&format!("/dev1/fhir/{kind}?{query}"), token).await;
                requests += 1;
                assert_fhir_answer(&query, &reply);
            }
        }
    }
    requests
}

#[tokio::test]
async fn every_search_parameter_refuses_malformed_values_naming_itself_and_never_fails_inside() {
    let sb = Sandbox::with_config(sandbox::SandboxConfig {
        scale: sandbox::DirectoryScale::new(50),
        ..Default::default()
    });
    let cs = sb.get("/dev1/fhir/metadata", None).await.json();
    let token = rose_token(&sb, &PATIENT_ACCESS).await;
    let mut requests = 0;
    let types = types_of(&cs);
    assert_eq!(types.len(), 18, "{types:?}");
    for kind in &types {
        let token = PATIENT_ACCESS
            .contains(&kind.as_str())
            .then_some(token.as_str());
        requests += sweep(&sb, kind, &search_params(&cs, kind), token).await;
    }
    assert!(requests > 20_000, "only {requests} requests were swept");
}

#[tokio::test]
async fn hostile_paths_and_result_parameters_answer_outcomes_not_server_errors() {
    let sb = Sandbox::with_config(sandbox::SandboxConfig {
        scale: sandbox::DirectoryScale::new(50),
        ..Default::default()
    });
    let token = rose_token(&sb, &PATIENT_ACCESS).await;
    let paths = [
        "Practitioner/pract-1/_history/1/extra",
        "Practitioner/pract-1/_history/999",
        "Practitioner/pract-1/_history/x",
        "Practitioner/pract-1/nonsense/1",
        "Practitioner/pract-1/_history",
        "Practitioner/_history",
        "Practitioner/%00",
        "Practitioner/..%2F..%2Fmetadata",
        "Patient/marian-benton-dev1/_history/1",
        "Patient/smart-15716/$everything",
        "Observation/_search?patient=marian-benton-dev1",
        "",
        "Practitioner?_count=1&_page=0.000000000000",
        "Practitioner?_count=1&_page=999999999999999999999.0123456789ab",
        "Practitioner?_count=1&_page=-1.0123456789ab",
        "Practitioner?_count=18446744073709551616",
        "Practitioner?_count=1&_count=2",
        "Practitioner?_include=Practitioner:",
        "Practitioner?_include=:",
        "Practitioner?_include=PractitionerRole:practitioner:Practitioner:x",
        "Practitioner?_revinclude=PractitionerRole:",
        "PractitionerRole?_include:iterate=PractitionerRole:location",
        "PractitionerRole?practitioner.practitioner.practitioner=x",
        "PractitionerRole?practitioner..name=x",
        "PractitionerRole?.name=x",
        "PractitionerRole?practitioner.=x",
        "Practitioner?_format=",
        "Practitioner?_format=application/fhir%2Bxml",
    ];
    for path in paths {
        for token in [None, Some(token.as_str())] {
            let reply = sb.get(&format!("/dev1/fhir/{path}"), token).await;
            let body = assert_fhir_answer(path, &reply);
            if token.is_some() && reply.status == StatusCode::OK {
                assert_only_rose(path, &body);
            }
        }
    }
}

#[tokio::test]
async fn vread_serves_the_version_the_read_names_and_no_other() {
    let sb = Sandbox::with_config(sandbox::SandboxConfig {
        scale: sandbox::DirectoryScale::new(50),
        ..Default::default()
    });
    let read = sb.get("/dev1/fhir/Practitioner/pract-1", None).await;
    let version = read.json()["meta"]["versionId"]
        .as_str()
        .expect("a versionId")
        .to_owned();
    assert_eq!(
        read.header("etag"),
        Some(format!("W/\"{version}\"").as_str())
    );
    let vread = sb
        .get(
            &format!("/dev1/fhir/Practitioner/pract-1/_history/{version}"),
            None,
        )
        .await;
    assert_eq!(vread.status, StatusCode::OK);
    assert_eq!(vread.bytes, read.bytes);
    let other = sb
        .get("/dev1/fhir/Practitioner/pract-1/_history/999", None)
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(other.json()["issue"][0]["code"], "not-found");

    // A vread of another member's record tells no more than a read: 404 either way.
    let token = rose_token(&sb, &["Patient"]).await;
    let hers = sb
        .get("/dev1/fhir/Patient/smart-15716/_history/1", Some(&token))
        .await;
    assert_eq!(hers.status, StatusCode::OK);
    let theirs = sb
        .get(
            "/dev1/fhir/Patient/marian-benton-dev1/_history/1",
            Some(&token),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let no_token = sb
        .get("/dev1/fhir/Patient/smart-15716/_history/1", None)
        .await;
    assert_eq!(no_token.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_fhir_base_and_paths_beyond_any_interaction_answer_operation_outcomes() {
    let sb = Sandbox::with_config(sandbox::SandboxConfig {
        scale: sandbox::DirectoryScale::new(50),
        ..Default::default()
    });
    for (path, status, code) in [
        ("/dev1/fhir", 400, "not-supported"),
        ("/dev1/fhir/", 400, "not-supported"),
        (
            "/dev1/fhir/Practitioner/pract-1/_history/1/more",
            404,
            "not-found",
        ),
        (
            "/dev1/fhir/Practitioner/pract-1/versions/1",
            404,
            "not-found",
        ),
    ] {
        let reply = sb.get(path, None).await;
        assert_eq!(reply.status.as_u16(), status, "{path}");
        let body = assert_fhir_answer(path, &reply);
        assert_eq!(body["issue"][0]["code"], code, "{path}");
    }
}
