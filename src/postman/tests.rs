//! The collection against the official Postman v2.1.0 schema, its determinism, and its
//! searches against the sandbox's own definitions.

use super::collection::{patient_access_scopes, to_bytes};
use super::folders::{DIRECTORY_SEARCHES, PATIENT_ACCESS_EXTRAS};
use super::*;
use sandbox::{ParamKind, Tenants};
use serde_json::Value;

fn options(tenant: &str, client_type: ClientType) -> CollectionOptions {
    CollectionOptions {
        tenant: tenant.into(),
        base_url: "http://127.0.0.1:8080".into(),
        client_type,
    }
}

fn collection(tenant: &str, client_type: ClientType) -> Value {
    build(&Tenants::bundled(), &options(tenant, client_type)).expect("a collection")
}

const TYPES: [ClientType; 3] = [
    ClientType::ConfidentialBasic,
    ClientType::ConfidentialForms,
    ClientType::Public,
];

fn item<'a>(collection: &'a Value, folder: &str, name: &str) -> &'a Value {
    collection["item"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == folder))
        .and_then(|f| f["item"].as_array())
        .and_then(|items| items.iter().find(|i| i["name"] == name))
        .unwrap_or_else(|| panic!("no {folder} / {name}"))
}

fn form_keys(item: &Value) -> Vec<String> {
    item["request"]["body"]["urlencoded"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| f["key"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_collection_is_valid_against_the_official_postman_v2_1_0_schema() {
    let path = crate::validation::fixtures_dir().join("postman/collection-v2.1.0.schema.json");
    let text = std::fs::read_to_string(&path).expect("the Postman schema fixture");
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("the schema compiles");
    for tenant in Tenants::bundled().iter() {
        for client_type in TYPES {
            let c = collection(&tenant.id, client_type);
            let errors: Vec<String> = validator
                .iter_errors(&c)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{} {client_type}: {errors:#?}",
                tenant.id
            );
            assert_eq!(c["info"]["schema"], SCHEMA_URL);
        }
    }
    // And the validator does refuse a broken collection.
    let mut broken = collection("dev1", ClientType::Public);
    broken["item"][0]["item"][0]["request"]["method"] = "FETCH".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_other_inputs_another_id() {
    let once = to_bytes(&collection("dev1", ClientType::Public)).expect("bytes");
    let twice = to_bytes(&collection("dev1", ClientType::Public)).expect("bytes");
    assert_eq!(once, twice);
    let ids: std::collections::BTreeSet<String> = TYPES
        .iter()
        .flat_map(|t| ["dev1", "bcbsm"].map(|tenant| collection(tenant, *t)))
        .map(|c| {
            c["info"]["_postman_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    let id = collection("dev1", ClientType::ConfidentialBasic)["info"]["_postman_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "8", "an RFC 9562 version 8 UUID: {id}");
}

#[test]
fn each_client_type_authenticates_at_the_token_endpoint_exactly_as_registered() {
    let basic = collection("dev1", ClientType::ConfidentialBasic);
    let token = item(&basic, "OAuth", "Token (authorization_code)");
    assert_eq!(token["request"]["auth"]["type"], "basic");
    assert_eq!(
        form_keys(token),
        ["grant_type", "code", "redirect_uri"],
        "no credentials in the body"
    );

    let forms = collection("dev1", ClientType::ConfidentialForms);
    let token = item(&forms, "OAuth", "Token (authorization_code)");
    assert_eq!(
        token["request"]["auth"]["type"], "noauth",
        "never the bearer token"
    );
    assert_eq!(
        form_keys(token),
        [
            "grant_type",
            "code",
            "redirect_uri",
            "client_id",
            "client_secret"
        ]
    );

    let public = collection("dev1", ClientType::Public);
    let token = item(&public, "OAuth", "Token (authorization_code)");
    assert_eq!(token["request"]["auth"]["type"], "noauth");
    assert_eq!(
        form_keys(token),
        [
            "grant_type",
            "code",
            "redirect_uri",
            "code_verifier",
            "client_id"
        ]
    );
    let authorize = item(&public, "OAuth", "Authorize (open in a browser)");
    let raw = authorize["request"]["url"]["raw"]
        .as_str()
        .unwrap_or_default();
    assert!(
        raw.contains("code_challenge={{codeChallenge}}&code_challenge_method=S256"),
        "{raw}"
    );
    let keys: Vec<&str> = public["variable"]
        .as_array()
        .map(|v| v.iter().filter_map(|v| v["key"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        keys.contains(&"codeVerifier") && !keys.contains(&"clientSecret"),
        "{keys:?}"
    );
}

#[test]
fn the_pkce_challenge_is_the_s256_of_the_verifier() {
    let (verifier, challenge) = collection::pkce_pair(&options("dev1", ClientType::Public));
    assert_eq!(verifier.len(), 43);
    assert!(
        verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    use base64::Engine;
    use sha2::Digest;
    let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    assert_eq!(challenge, expected);
}

#[test]
fn the_scope_asks_for_every_patient_access_type_the_tenant_accepts() {
    let tenants = Tenants::bundled();
    let dev1 = tenants.get("dev1").expect("dev1");
    let scopes = patient_access_scopes(dev1);
    assert_eq!(
        &scopes[..4],
        ["openid", "fhirUser", "launch/patient", "offline_access"]
    );
    for def in sandbox::served_types().filter(|d| d.api == sandbox::Api::PatientAccess) {
        assert!(
            scopes.contains(&format!("patient/{}.read", def.name)),
            "{}",
            def.name
        );
    }
    assert!(scopes.iter().all(|s| dev1.scopes.contains(s)));
}

#[test]
fn an_unknown_tenant_or_a_relative_base_url_is_refused_in_one_line() {
    let err = build(&Tenants::bundled(), &options("nope", ClientType::Public))
        .expect_err("unknown")
        .to_string();
    assert_eq!(
        err,
        "unknown tenant `nope`: the tenants are dev1, bcbsm, mhp, mdw, mdhhs"
    );
    let mut o = options("dev1", ClientType::Public);
    o.base_url = "127.0.0.1:8080".into();
    assert!(matches!(
        build(&Tenants::bundled(), &o),
        Err(PostmanError::BaseUrl(_))
    ));
    o.base_url = "http://127.0.0.1:8080/".into();
    let c = build(&Tenants::bundled(), &o).expect("a trailing slash is trimmed");
    assert_eq!(c["variable"][0]["value"], "http://127.0.0.1:8080");
}

#[test]
fn there_is_one_request_per_served_type_in_its_folder() {
    let c = collection("dev1", ClientType::ConfidentialBasic);
    for (folder, api) in [
        ("Patient Access", sandbox::Api::PatientAccess),
        ("Provider Directory", sandbox::Api::Directory),
    ] {
        let raws: Vec<String> = c["item"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["name"] == folder))
            .and_then(|f| f["item"].as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i["request"]["url"]["raw"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        for def in sandbox::served_types().filter(|d| d.api == api) {
            let path = format!("{{{{baseUrl}}}}/{{{{tenant}}}}/fhir/{}", def.name);
            assert!(
                raws.iter()
                    .any(|r| r == &path || r.starts_with(&format!("{path}?"))),
                "{folder} has no search of {}",
                def.name
            );
        }
    }
}

/// Whether `Type?key=...` is something the sandbox serves: a declared parameter, a chain
/// through a reference into a declared parameter of its target, a declared include, or a
/// paging parameter.
fn served(type_name: &str, key: &str, value: &str) -> bool {
    let Some(def) = sandbox::served_types().find(|d| d.name == type_name) else {
        return false;
    };
    match key {
        "_count" => true,
        "_include" => value
            .strip_prefix(&format!("{type_name}:"))
            .is_some_and(|p| def.includes.contains(&p)),
        "_revinclude" => def.revincludes.contains(&value),
        _ => match key.split_once('.') {
            None => def.param(key).is_some(),
            Some((reference, target_param)) => def.param(reference).is_some_and(|p| {
                p.kind == ParamKind::Reference
                    && p.targets
                        .first()
                        .is_some_and(|t| served(t, target_param, value))
            }),
        },
    }
}

#[test]
fn every_showcase_search_uses_parameters_the_sandbox_serves() {
    for (type_name, extras) in PATIENT_ACCESS_EXTRAS {
        for (key, value) in *extras {
            assert!(served(type_name, key, value), "{type_name}?{key}={value}");
        }
    }
    for search in DIRECTORY_SEARCHES {
        for (key, value) in search.params {
            assert!(served(search.of, key, value), "{}?{key}={value}", search.of);
        }
    }
    assert!(
        !served("PractitionerRole", "location.nonsense", "x"),
        "the check can fail"
    );
}
