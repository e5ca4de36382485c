//! The OpenAPI document at `/portal/api/openapi.json`: a golden file of it, its
//! structure, and that it describes what the sandbox really serves (docs/openapi.md).
//!
//! Set `CONFORM_UPDATE_OPENAPI=1` to rewrite `fixtures/openapi.json` after an intended
//! change; CI never does, so every change to the API shows up in review.

use crate::support::{ADMIN, Reply, Sandbox, pdf};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use std::path::PathBuf;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/openapi.json")
}

async fn served_document(sb: &Sandbox) -> Value {
    let reply = sb.get("/portal/api/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    reply.json()
}

/// Every operation of the document: (method, path template, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = vec![];
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push((method.to_owned(), path.clone(), op.clone()));
            }
        }
    }
    out
}

/// The JSON pointer `#/a/b` inside `doc`.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match inner {
                    Value::String(target) if key == "$ref" => out.push(target.clone()),
                    _ => collect_refs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Checks `reply` against the document: its status is documented for the operation,
/// its media type is the documented one, and a JSON body validates against the schema.
fn assert_matches_document(doc: &Value, method: &str, template: &str, reply: &Reply) {
    let op = &doc["paths"][template][method];
    assert!(op.is_object(), "{method} {template} is not documented");
    let status = reply.status.as_u16().to_string();
    let response = &op["responses"][&status];
    assert!(
        response.is_object(),
        "{method} {template} answered {status}, which is not documented: {}",
        String::from_utf8_lossy(&reply.bytes)
    );
    let Some(content) = response["content"].as_object() else {
        assert!(
            reply.bytes.is_empty(),
            "{method} {template} {status}: a body"
        );
        return;
    };
    let media_type = reply
        .header("content-type")
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    let Some(documented) = content.get(&media_type) else {
        panic!("{method} {template} {status}: {media_type} is not documented");
    };
    if !media_type.ends_with("json") {
        return;
    }
    let mut schema = documented["schema"].clone();
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("components".into(), doc["components"].clone());
    }
    let validator = jsonschema::validator_for(&schema).expect("a schema that compiles");
    let body = reply.json();
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {template} {status}: {errors:?}\n{body:#}"
    );
}

fn concrete(template: &str, id: &str) -> String {
    template.replace("{id}", id)
}

#[tokio::test]
async fn the_served_document_matches_the_committed_golden_file() {
    let sb = Sandbox::new().await;
    let served = served_document(&sb).await;
    assert_eq!(served, sandbox::openapi_document(), "served = built");
    let pretty = format!("{}\n", serde_json::to_string_pretty(&served).expect("json"));
    let path = golden_path();
    if std::env::var_os("CONFORM_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &pretty).expect("write the golden file");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == pretty,
        "the OpenAPI document changed; review it and rerun with CONFORM_UPDATE_OPENAPI=1 \
         to update {}",
        path.display()
    );
}

#[tokio::test]
async fn the_document_is_structurally_valid_openapi_3_1() {
    let doc = sandbox::openapi_document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let mut refs = vec![];
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for reference in &refs {
        assert!(
            resolve(&doc, reference).is_some(),
            "{reference} does not resolve"
        );
    }
    let mut ids = std::collections::BTreeSet::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_default().to_owned();
        assert!(
            ids.insert(id.clone()),
            "operationId {id:?} of {method} {path} repeats"
        );
        let responses = op["responses"].as_object().expect("responses");
        assert!(!responses.is_empty(), "{method} {path} has no responses");
        for (status, response) in responses {
            assert!(status.len() == 3, "{method} {path}: status {status}");
            assert!(
                response["description"].is_string(),
                "{method} {path} {status}"
            );
        }
        for placeholder in path.split('{').skip(1) {
            let name = placeholder.split('}').next().unwrap_or_default();
            let declared = op["parameters"].as_array().is_some_and(|params| {
                params
                    .iter()
                    .any(|p| p["name"] == name && p["in"] == "path")
            });
            assert!(
                declared,
                "{method} {path}: path parameter {name} is not declared"
            );
        }
    }
    for schema in doc["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .values()
    {
        let mut schema = schema.clone();
        if let Value::Object(map) = &mut schema {
            map.insert("components".into(), doc["components"].clone());
        }
        assert!(jsonschema::validator_for(&schema).is_ok(), "{schema:#}");
    }
}

#[tokio::test]
async fn every_documented_operation_is_served_and_answers_a_documented_status() {
    let sb = Sandbox::new().await;
    let doc = served_document(&sb).await;
    let ops = operations(&doc);
    assert!(ops.len() >= 40, "{} operations", ops.len());
    for (method, template, _) in &ops {
        let path = concrete(template, "no-such-id");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let reply = sb.send(method.clone(), &path, None, None, vec![]).await;
        assert_ne!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        if reply.status == StatusCode::NOT_FOUND {
            assert_ne!(reply.problem_title(), "no route", "{method} {path}");
        }
        assert_matches_document(&doc, &method.as_str().to_lowercase(), template, &reply);
    }
}

#[tokio::test]
async fn a_method_the_document_does_not_list_is_not_served() {
    let sb = Sandbox::new().await;
    let doc = served_document(&sb).await;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS.iter().filter(|m| item.get(**m).is_none()) {
            let path = concrete(template, "no-such-id");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let reply = sb.send(method.clone(), &path, None, None, vec![]).await;
            assert_eq!(
                reply.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn every_route_the_portal_api_reference_names_is_in_the_document() {
    let doc = sandbox::openapi_document();
    let reference = include_str!("../../docs/portal-api.md");
    let mut section = "/portal/api";
    let mut named = 0;
    for line in reference.lines() {
        if line.starts_with("## Sandbox control") {
            section = "/_sandbox";
        }
        for chunk in line.split('`').skip(1).step_by(2) {
            let mut words = chunk.split_whitespace();
            let (Some(method), Some(path)) = (words.next(), words.next()) else {
                continue;
            };
            if !METHODS.contains(&method.to_lowercase().as_str()) || !path.starts_with('/') {
                continue;
            }
            let path = path.split(['?', '[']).next().unwrap_or_default();
            let full = if path.starts_with("/portal/api/") || path.starts_with("/_sandbox/") {
                path.to_owned()
            } else {
                format!("{section}{path}")
            };
            let full = if full.ends_with("/verify-email") || doc["paths"][&full].is_object() {
                full
            } else {
                format!("/portal/api/apps/{{id}}{path}")
            };
            assert!(
                doc["paths"][&full][method.to_lowercase()].is_object(),
                "docs/portal-api.md names `{method} {path}`, the document has no {method} {full}"
            );
            named += 1;
        }
    }
    assert!(
        named >= 30,
        "only {named} routes found in docs/portal-api.md"
    );
}

#[tokio::test]
async fn the_happy_paths_answer_bodies_the_document_describes() {
    let sb = Sandbox::new().await;
    let doc = served_document(&sb).await;
    let dev = sb.developer("openapi").await;
    let app = sb.app(&dev, "Documented").await;
    let id = app["id"].as_str().expect("app id").to_owned();
    let token = Some(dev.token.as_str());
    let check = |method: &str, template: &str, reply: &Reply| {
        assert!(
            reply.status.is_success(),
            "{method} {template}: {}",
            reply.status
        );
        assert_matches_document(&doc, method, template, reply);
    };
    for template in [
        "/portal/api/accounts/me",
        "/portal/api/terms",
        "/portal/api/apps",
        "/portal/api/apps/{id}",
        "/portal/api/attestation-questions",
        "/portal/api/attestations",
        "/portal/api/tickets",
        "/_sandbox/clock",
        "/_sandbox/outbox",
        "/_sandbox/requests",
        "/_sandbox/faults",
    ] {
        check(
            "get",
            template,
            &sb.get(&concrete(template, &id), token).await,
        );
    }
    let policy = sb.upload_policy(&dev, &id, &pdf(), "application/pdf").await;
    check("put", "/portal/api/apps/{id}/privacy-policy", &policy);
    let view = sb
        .get(&format!("/portal/api/apps/{id}/privacy-policy"), token)
        .await;
    check("get", "/portal/api/apps/{id}/privacy-policy", &view);
    let submit = sb
        .post(
            &format!("/portal/api/apps/{id}/privacy-policy/submit"),
            token,
            json!({}),
        )
        .await;
    check(
        "post",
        "/portal/api/apps/{id}/privacy-policy/submit",
        &submit,
    );
    let attestation = sb.attest_security(&dev, &id).await;
    check(
        "post",
        "/portal/api/apps/{id}/security-attestation",
        &attestation,
    );
    let att_id = attestation.json()["id"]
        .as_str()
        .expect("attestation id")
        .to_owned();
    let admin = Some(ADMIN);
    check(
        "get",
        "/portal/api/admin/attestations",
        &sb.get("/portal/api/admin/attestations?status=pending", admin)
            .await,
    );
    let review = sb
        .post(
            &format!("/portal/api/admin/attestations/{att_id}/review"),
            admin,
            json!({"decision": "approved"}),
        )
        .await;
    check(
        "post",
        "/portal/api/admin/attestations/{id}/review",
        &review,
    );
    check(
        "get",
        "/portal/api/admin/tickets",
        &sb.get("/portal/api/admin/tickets", admin).await,
    );
    let production = sb
        .post(
            &format!("/portal/api/apps/{id}/production"),
            token,
            json!({"redirect_uris": ["https://app.example/prod"]}),
        )
        .await;
    check("post", "/portal/api/apps/{id}/production", &production);
    let fault = sb
        .post(
            "/_sandbox/faults",
            None,
            json!({"path": "/nowhere", "kind": "status", "status": 503}),
        )
        .await;
    check("post", "/_sandbox/faults", &fault);
    let fault_id = fault.json()["id"].as_str().expect("fault id").to_owned();
    check(
        "get",
        "/_sandbox/faults/{id}",
        &sb.get(&format!("/_sandbox/faults/{fault_id}"), None).await,
    );
    check(
        "post",
        "/_sandbox/reset",
        &sb.post("/_sandbox/reset", None, json!({})).await,
    );
}

/// The schema at `pointer` (`/apps/0/id`) inside `schema`: through `$ref`s, object
/// `properties` (the field must also be `required`, so the link always resolves), array
/// `items` for a numeric segment, and any branch of `allOf`/`oneOf`/`anyOf`.
fn schema_at<'a>(doc: &'a Value, schema: &'a Value, pointer: &[&str]) -> Result<&'a Value, String> {
    let mut schema = schema;
    while let Some(reference) = schema["$ref"].as_str() {
        schema = resolve(doc, reference).ok_or_else(|| format!("{reference} does not resolve"))?;
    }
    let Some((first, rest)) = pointer.split_first() else {
        return Ok(schema);
    };
    if first.parse::<usize>().is_ok() && schema.get("items").is_some() {
        return schema_at(doc, &schema["items"], rest);
    }
    if let Some(property) = schema["properties"].get(*first) {
        let required = schema["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|n| n == *first));
        return if required {
            schema_at(doc, property, rest)
        } else {
            Err(format!("`{first}` is not a required field"))
        };
    }
    for combinator in ["allOf", "oneOf", "anyOf"] {
        for branch in schema[combinator].as_array().into_iter().flatten() {
            if let Ok(found) = schema_at(doc, branch, pointer) {
                return Ok(found);
            }
        }
    }
    Err(format!("the schema has no field `{first}`"))
}

/// What is wrong with the document's links, one line each: an `operationId` no
/// operation has, a parameter the target does not declare, a runtime expression that
/// names a field the response schema lacks or a path parameter the source lacks.
fn link_problems(doc: &Value) -> Vec<String> {
    let ops = operations(doc);
    let by_id = |id: &str| ops.iter().find(|(_, _, op)| op["operationId"] == id);
    let mut problems = vec![];
    for (method, path, op) in &ops {
        for (status, response) in op["responses"].as_object().into_iter().flatten() {
            for (name, link) in response["links"].as_object().into_iter().flatten() {
                let at = format!("{method} {path} {status} link {name}");
                if link.get("operationRef").is_some() {
                    problems.push(format!("{at}: operationRef instead of operationId"));
                }
                let target_id = link["operationId"].as_str().unwrap_or_default();
                let Some((_, target_path, target)) = by_id(target_id) else {
                    problems.push(format!("{at}: no operation {target_id:?}"));
                    continue;
                };
                let declared = target["parameters"].as_array().cloned().unwrap_or_default();
                let parameters = link["parameters"].as_object().cloned().unwrap_or_default();
                for (qualified, expression) in &parameters {
                    let (location, param) = match qualified.split_once('.') {
                        Some((location, param)) => (Some(location), param),
                        None => (None, qualified.as_str()),
                    };
                    let is_declared = declared
                        .iter()
                        .any(|p| p["name"] == param && location.is_none_or(|l| p["in"] == l));
                    if !is_declared {
                        problems.push(format!(
                            "{at}: {target_id} ({target_path}) declares no parameter {qualified}"
                        ));
                    }
                    if let Err(why) = check_expression(doc, op, response, expression) {
                        problems.push(format!("{at}: {qualified} = {expression}: {why}"));
                    }
                }
                for param in declared.iter().filter(|p| p["in"] == "path") {
                    let name = param["name"].as_str().unwrap_or_default();
                    if !parameters.contains_key(name)
                        && !parameters.contains_key(&format!("path.{name}"))
                    {
                        problems.push(format!(
                            "{at}: path parameter {name} of {target_id} is not given"
                        ));
                    }
                }
                if let Some(body) = link.get("requestBody") {
                    if let Err(why) = check_expression(doc, op, response, body) {
                        problems.push(format!("{at}: requestBody {body}: {why}"));
                    }
                    // A body given as it is must be one the target's schema takes:
                    // Schemathesis sends it whenever it follows the link.
                    if !body.as_str().is_some_and(|e| e.starts_with('$'))
                        && !request_schema_takes(doc, target, body)
                    {
                        problems.push(format!(
                            "{at}: requestBody {body} is outside {target_id}'s request schema"
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// Whether `body` is valid against the JSON request schema of the operation `op` (false
/// when it takes no JSON body).
fn request_schema_takes(doc: &Value, op: &Value, body: &Value) -> bool {
    let mut schema = op["requestBody"]["content"]["application/json"]["schema"].clone();
    let Value::Object(map) = &mut schema else {
        return false;
    };
    map.insert("components".into(), doc["components"].clone());
    jsonschema::validator_for(&schema).is_ok_and(|v| v.is_valid(body))
}

/// Checks one link value: a literal is fine; `$response.body#/...` must name a field of
/// the response's JSON schema; `$request.path.x` a path parameter the source declares.
fn check_expression(
    doc: &Value,
    op: &Value,
    response: &Value,
    value: &Value,
) -> Result<(), String> {
    let Some(expression) = value.as_str().filter(|e| e.starts_with('$')) else {
        return Ok(());
    };
    if let Some(pointer) = expression.strip_prefix("$response.body#/") {
        let schema = &response["content"]["application/json"]["schema"];
        if schema.is_null() {
            return Err("the response has no application/json body".into());
        }
        let segments: Vec<&str> = pointer.split('/').collect();
        return schema_at(doc, schema, &segments).map(|_| ());
    }
    if let Some(name) = expression.strip_prefix("$request.path.") {
        let declared = op["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["name"] == name && p["in"] == "path"));
        return if declared {
            Ok(())
        } else {
            Err(format!("the source operation has no path parameter {name}"))
        };
    }
    Err(
        "not a runtime expression this test knows (use $response.body#/... or $request.path.x)"
            .into(),
    )
}

#[test]
fn every_link_names_an_operation_its_parameters_and_fields_the_response_has() {
    let doc = sandbox::openapi_document();
    let problems = link_problems(&doc);
    assert!(problems.is_empty(), "{problems:#?}");
    let links: Vec<(String, Value)> = operations(&doc)
        .into_iter()
        .flat_map(|(_, _, op)| {
            let responses = op["responses"].as_object().cloned().unwrap_or_default();
            responses
                .into_values()
                .flat_map(|r| r["links"].as_object().cloned().unwrap_or_default())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(links.len() >= 20, "{} links", links.len());
    // The stateful phase reaches an operation on a resource only through a link to it.
    for (method, path, op) in operations(&doc) {
        if !path.contains('{') {
            continue;
        }
        let id = &op["operationId"];
        assert!(
            links.iter().any(|(_, link)| link["operationId"] == *id),
            "no link leads to {method} {path} ({id})"
        );
    }
}

#[test]
fn the_link_check_reports_a_missing_operation_parameter_or_field() {
    let mut doc = sandbox::openapi_document();
    let links = doc["paths"]["/portal/api/apps"]["post"]["responses"]["201"]["links"]
        .as_object_mut()
        .expect("POST /apps 201 has links");
    links.insert("gone".into(), json!({"operationId": "no_such_operation"}));
    links.insert(
        "wrong_parameter".into(),
        json!({"operationId": "app_dashboard", "parameters": {"id": "$response.body#/id", "app": "x"}}),
    );
    links.insert(
        "wrong_field".into(),
        json!({"operationId": "app_dashboard", "parameters": {"id": "$response.body#/app_id"}}),
    );
    links.insert(
        "no_path_parameter".into(),
        json!({"operationId": "app_dashboard", "parameters": {"id": "$request.path.id"}}),
    );
    links.insert(
        "wrong_body".into(),
        json!({"operationId": "register_production", "parameters": {"id": "$response.body#/id"},
               "requestBody": {"redirect_uris": "not a list"}}),
    );
    let problems = link_problems(&doc).join("\n");
    for expected in [
        "no operation \"no_such_operation\"",
        "declares no parameter app",
        "the schema has no field `app_id`",
        "the source operation has no path parameter id",
        "is outside register_production's request schema",
    ] {
        assert!(
            problems.contains(expected),
            "{expected:?} not in:\n{problems}"
        );
    }
}

#[tokio::test]
async fn every_request_body_example_is_accepted_in_the_flow_it_belongs_to() {
    let sb = Sandbox::new().await;
    let doc = served_document(&sb).await;
    let mut examples = std::collections::BTreeMap::new();
    for (_, _, op) in operations(&doc) {
        let content = &op["requestBody"]["content"]["application/json"];
        let example = &content["example"];
        if example.is_null() {
            continue;
        }
        let id = op["operationId"].as_str().unwrap_or_default().to_owned();
        // Schemathesis drops an example its schema refuses, without a word.
        let mut schema = content["schema"].clone();
        if let Value::Object(map) = &mut schema {
            map.insert("components".into(), doc["components"].clone());
        }
        let validator = jsonschema::validator_for(&schema).expect("a schema that compiles");
        assert!(
            validator.is_valid(example),
            "the {id} example is outside its schema"
        );
        examples.insert(id, example.clone());
    }
    let example = |id: &str| examples.get(id).cloned().unwrap_or(Value::Null);
    let dev = sb.developer("examples").await;
    let token = Some(dev.token.as_str());
    let mut accepted = std::collections::BTreeSet::new();
    let mut send = async |id: &str, path: &str, token: Option<&str>, expected: StatusCode| {
        let reply = sb.post(path, token, example(id)).await;
        assert_eq!(
            reply.status,
            expected,
            "the {id} example: {}",
            String::from_utf8_lossy(&reply.bytes)
        );
        accepted.insert(id.to_owned());
        reply.json()
    };
    let app = send("create_app", "/portal/api/apps", token, StatusCode::CREATED).await;
    let app_id = app["id"].as_str().expect("app id").to_owned();
    let apps = format!("/portal/api/apps/{app_id}");
    send(
        "privacy_attestation",
        &format!("{apps}/privacy-attestation"),
        token,
        StatusCode::CREATED,
    )
    .await;
    let attestation = send(
        "security_attestation",
        &format!("{apps}/security-attestation"),
        token,
        StatusCode::CREATED,
    )
    .await;
    let att_id = attestation["id"]
        .as_str()
        .expect("attestation id")
        .to_owned();
    send(
        "review_attestation",
        &format!("/portal/api/admin/attestations/{att_id}/review"),
        Some(ADMIN),
        StatusCode::OK,
    )
    .await;
    let uploaded = sb
        .upload_policy(&dev, &app_id, &pdf(), "application/pdf")
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED);
    let submitted = sb
        .post(&format!("{apps}/privacy-policy/submit"), token, json!({}))
        .await;
    assert_eq!(submitted.status, StatusCode::OK);
    send(
        "register_production",
        &format!("{apps}/production"),
        token,
        StatusCode::CREATED,
    )
    .await;
    let documented: std::collections::BTreeSet<String> = examples.into_keys().collect();
    assert_eq!(documented, accepted, "every example is sent once");
}
