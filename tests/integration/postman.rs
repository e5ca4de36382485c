//! The Postman collection of `conform postman`, executed against an in-process sandbox.
//!
//! A tiny Postman runner: it substitutes `{{variables}}` (nested, and `{{$guid}}`), sends
//! each request with its own auth or the one it inherits (folder, then collection), its
//! headers and its urlencoded body, and emulates the test scripts by reading them back
//! with `Script::parse` (the checks are asserted, the captures stored). The one step a
//! person does by hand, opening the authorize URL in a browser and pasting the code from
//! /debug, is done by walking the pages as the OAuth tests do.

use crate::oauth::{ROSE, location, param, query, walk_authorize};
use crate::support::{Reply, Sandbox};
use axum::http::{Method, StatusCode};
use base64::Engine;
use conform::postman::scripts::{Capture, Check, Script};
use conform::postman::{ClientType, CollectionOptions, build};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The in-process sandbox's public URL (`support::Sandbox`).
const BASE: &str = "http://sandbox.test";

struct Runner<'a> {
    sb: &'a Sandbox,
    vars: BTreeMap<String, String>,
    /// Every request sent, `<folder> / <name>` and its status, for failure messages.
    log: Vec<String>,
}

impl Runner<'_> {
    /// `{{name}}` replaced by the variable's value until none is left (values may hold
    /// variables, as `redirectUri` = `{{baseUrl}}/debug` does); `{{$guid}}` is fresh each time.
    fn resolve(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for _ in 0..5 {
            let mut next = out.clone();
            while next.contains("{{$guid}}") {
                next = next.replacen("{{$guid}}", &sandbox::random_token(12), 1);
            }
            for (k, v) in &self.vars {
                next = next.replace(&format!("{{{{{k}}}}}"), v);
            }
            if next == out {
                break;
            }
            out = next;
        }
        assert!(
            !out.contains("{{"),
            "an unresolved variable in {text}: {out}"
        );
        out
    }

    /// The request's path and query, relative to the sandbox.
    fn path(&self, url: &Value) -> String {
        let absolute = match url["path"].as_array() {
            None => self.resolve(url.as_str().expect("a URL string")),
            Some(segments) => {
                let host = url["host"][0].as_str().expect("a host");
                let path: Vec<String> = segments
                    .iter()
                    .map(|s| self.resolve(s.as_str().unwrap_or_default()))
                    .collect();
                let mut full = format!("{}/{}", self.resolve(host), path.join("/"));
                if let Some(q) = url["query"].as_array() {
                    let pairs: Vec<(String, String)> = q
                        .iter()
                        .map(|p| {
                            (
                                self.resolve(p["key"].as_str().unwrap_or_default()),
                                self.resolve(p["value"].as_str().unwrap_or_default()),
                            )
                        })
                        .collect();
                    let refs: Vec<(&str, &str)> = pairs
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    full.push('?');
                    full.push_str(&query(&refs));
                }
                full
            }
        };
        absolute
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{absolute} is not under {BASE}"))
            .to_owned()
    }

    fn auth_headers(&self, auth: &Value) -> Vec<(&'static str, String)> {
        let attr = |kind: &str, key: &str| {
            auth[kind]
                .as_array()
                .and_then(|a| a.iter().find(|x| x["key"] == key))
                .and_then(|x| x["value"].as_str())
                .map(|v| self.resolve(v))
                .unwrap_or_default()
        };
        match auth["type"].as_str() {
            Some("noauth") => vec![],
            Some("bearer") => vec![(
                "authorization",
                format!("Bearer {}", attr("bearer", "token")),
            )],
            Some("basic") => {
                let raw = format!(
                    "{}:{}",
                    attr("basic", "username"),
                    attr("basic", "password")
                );
                vec![(
                    "authorization",
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(raw)
                    ),
                )]
            }
            other => panic!("an auth this runner does not know: {other:?}"),
        }
    }

    /// Sends one item with `inherited` auth when it has none, then runs its test script.
    async fn run(&mut self, folder: &str, item: &Value, inherited: &Value) -> Reply {
        let request = &item["request"];
        let name = format!("{folder} / {}", item["name"].as_str().unwrap_or_default());
        let path = self.path(&request["url"]);
        let auth = request.get("auth").unwrap_or(inherited);
        let mut headers = self.auth_headers(auth);
        for h in request["header"].as_array().into_iter().flatten() {
            let key = h["key"].as_str().unwrap_or_default().to_ascii_lowercase();
            headers.push((
                if key == "accept" {
                    "accept"
                } else {
                    panic!("header {key}")
                },
                self.resolve(h["value"].as_str().unwrap_or_default()),
            ));
        }
        let mut body = vec![];
        if let Some(fields) = request["body"]["urlencoded"].as_array() {
            assert_eq!(request["body"]["mode"], "urlencoded");
            let pairs: Vec<(String, String)> = fields
                .iter()
                .map(|f| {
                    (
                        self.resolve(f["key"].as_str().unwrap_or_default()),
                        self.resolve(f["value"].as_str().unwrap_or_default()),
                    )
                })
                .collect();
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            body = query(&refs).into_bytes();
            headers.push(("content-type", "application/x-www-form-urlencoded".into()));
        }
        let method = Method::from_bytes(request["method"].as_str().unwrap_or("GET").as_bytes())
            .expect("a method");
        let reply = self.sb.send_with(method, &path, &headers, body).await;
        self.log.push(format!("{name}: {} {path}", reply.status));
        let exec: Vec<String> = item["event"]
            .as_array()
            .and_then(|events| events.iter().find(|e| e["listen"] == "test"))
            .and_then(|e| e["script"]["exec"].as_array())
            .map(|lines| {
                lines
                    .iter()
                    .filter_map(|l| l.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_else(|| panic!("{name} has no test script"));
        let script = Script::parse(&exec).unwrap_or_else(|e| panic!("{name}: {e}"));
        self.emulate(&name, &path, &script, &reply);
        reply
    }

    fn emulate(&mut self, name: &str, path: &str, script: &Script, reply: &Reply) {
        let text = || String::from_utf8_lossy(&reply.bytes).to_string();
        for check in &script.checks {
            match check {
                Check::Status(code) => {
                    assert_eq!(reply.status.as_u16(), *code, "{name} ({path}): {}", text())
                }
                Check::ResourceType(t) => assert_eq!(reply.json()["resourceType"], *t, "{name}"),
                Check::HasMember(m) => assert!(reply.json().get(m).is_some(), "{name}: no {m}"),
                Check::Active(a) => assert_eq!(reply.json()["active"], *a, "{name}: {}", text()),
                Check::Searchset { of, non_empty } => {
                    let b = reply.json();
                    assert_eq!(b["resourceType"], "Bundle", "{name}");
                    assert_eq!(b["type"], "searchset", "{name}");
                    let entries = b["entry"].as_array().cloned().unwrap_or_default();
                    for e in entries.iter().filter(|e| e["search"]["mode"] == "match") {
                        assert_eq!(e["resource"]["resourceType"], *of, "{name}");
                    }
                    if *non_empty {
                        assert!(
                            b["total"].as_u64() > Some(0),
                            "{name} ({path}) found nothing"
                        );
                    }
                }
            }
        }
        for capture in &script.captures {
            let (variable, value) = match capture {
                Capture::Member { variable, member } => (
                    variable.clone(),
                    reply.json()[member.as_str()].as_str().map(str::to_owned),
                ),
                Capture::NextLink { variable } => (
                    variable.clone(),
                    reply.json()["link"].as_array().and_then(|links| {
                        links
                            .iter()
                            .find(|l| l["relation"] == "next")
                            .and_then(|l| l["url"].as_str().map(str::to_owned))
                    }),
                ),
                Capture::Identifier {
                    variable,
                    of,
                    system,
                } => (
                    variable.clone(),
                    reply.json()["entry"].as_array().and_then(|entries| {
                        entries
                            .iter()
                            .map(|e| &e["resource"])
                            .filter(|r| r["resourceType"] == *of)
                            .flat_map(|r| r["identifier"].as_array().cloned().unwrap_or_default())
                            .find(|i| i["system"] == *system)
                            .and_then(|i| i["value"].as_str().map(str::to_owned))
                    }),
                ),
                Capture::AuthorizeUrl => {
                    let url = url::Url::parse(&format!("{BASE}{path}")).expect("a URL");
                    let pairs: Vec<(String, String)> = url
                        .query_pairs()
                        .map(|(k, v)| {
                            let fresh = sandbox::random_token(12);
                            (
                                k.to_string(),
                                if k == "nonce" { fresh } else { v.to_string() },
                            )
                        })
                        .collect();
                    let refs: Vec<(&str, &str)> = pairs
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    (
                        "authorizeUrl".into(),
                        Some(format!("{BASE}{}?{}", url.path(), query(&refs))),
                    )
                }
            };
            let value = value.unwrap_or_else(|| panic!("{name}: nothing to store in {variable}"));
            self.vars.insert(variable, value);
        }
    }

    /// What the person does between the Authorize and the Token requests: open the stored
    /// URL in a browser, sign in as Rose, accept both pages, read the code off /debug.
    async fn open_authorize_url_in_a_browser(&mut self) {
        let url = self.vars["authorizeUrl"].clone();
        let path = url.strip_prefix(BASE).expect("under the sandbox");
        let done = walk_authorize(self.sb, path, ROSE, ["accept", "accept"]).await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{}",
            String::from_utf8_lossy(&done.bytes)
        );
        let to = location(&done);
        assert_eq!(to.path(), "/debug", "{to}");
        assert_eq!(param(&to, "state").as_deref(), Some("conform-postman"));
        let code = param(&to, "code").expect("a code");
        let debug = self
            .sb
            .get(&format!("/debug?{}", to.query().unwrap_or_default()), None)
            .await;
        assert!(
            String::from_utf8_lossy(&debug.bytes).contains(&code),
            "/debug shows the code"
        );
        self.vars.insert("code".into(), code);
    }
}

/// Registers an app of `client_type` for the collection's scopes and redirect URI, then
/// runs every folder in order. Returns the names of the requests that were sent.
async fn run_collection(client_type: ClientType) -> Vec<String> {
    let sb = Sandbox::new().await;
    let options = CollectionOptions {
        tenant: "dev1".into(),
        base_url: BASE.into(),
        client_type,
    };
    let collection = build(&sandbox::Tenants::bundled(), &options).expect("a collection");
    let mut vars: BTreeMap<String, String> = collection["variable"]
        .as_array()
        .expect("variables")
        .iter()
        .map(|v| {
            (
                v["key"].as_str().unwrap_or_default().to_owned(),
                v["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let dev = sb
        .developer(&format!("pm{}", client_type.as_str().replace('-', "")))
        .await;
    let app = sb
        .post(
            "/portal/api/apps",
            Some(&dev.token),
            json!({"name": "Postman", "client_type": client_type.as_str(),
                   "scopes": vars["scope"], "redirect_uris": [format!("{BASE}/debug")]}),
        )
        .await;
    assert_eq!(
        app.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&app.bytes)
    );
    let credentials = &app.json()["credentials"]["development"];
    vars.insert(
        "clientId".into(),
        credentials["client_id"].as_str().expect("an id").into(),
    );
    if client_type.has_secret() {
        vars.insert(
            "clientSecret".into(),
            credentials["client_secret"]
                .as_str()
                .expect("a secret")
                .into(),
        );
    }
    let mut runner = Runner {
        sb: &sb,
        vars,
        log: vec![],
    };
    let collection_auth = collection["auth"].clone();
    for folder in collection["item"].as_array().expect("folders") {
        let folder_name = folder["name"].as_str().unwrap_or_default();
        let inherited = folder.get("auth").unwrap_or(&collection_auth).clone();
        for item in folder["item"].as_array().expect("items") {
            runner.run(folder_name, item, &inherited).await;
            if item["name"] == "Authorize (open in a browser)" {
                runner.open_authorize_url_in_a_browser().await;
            }
        }
    }
    assert_eq!(runner.vars["patientId"], "smart-15716", "Rose's patient");
    runner.log
}

fn sent(log: &[String], folder: &str) -> usize {
    log.iter()
        .filter(|l| l.starts_with(&format!("{folder} / ")))
        .count()
}

#[tokio::test]
async fn the_dev1_collection_runs_end_to_end_against_the_sandbox() {
    let log = run_collection(ClientType::ConfidentialBasic).await;
    let patient_access = sandbox::served_types()
        .filter(|d| d.api == sandbox::Api::PatientAccess)
        .count();
    let directory = sandbox::served_types()
        .filter(|d| d.api == sandbox::Api::Directory)
        .count();
    assert_eq!(sent(&log, "Discovery"), 4, "{log:#?}");
    assert_eq!(sent(&log, "OAuth"), 4, "{log:#?}");
    // Get Patient Data and the read, then one search per other type.
    assert_eq!(sent(&log, "Patient Access"), patient_access + 1, "{log:#?}");
    assert!(sent(&log, "Provider Directory") > directory, "{log:#?}");
    assert_eq!(sent(&log, "Sign out"), 2, "{log:#?}");
}

#[tokio::test]
async fn a_confidential_forms_client_runs_the_collection_with_its_credentials_in_the_body() {
    let log = run_collection(ClientType::ConfidentialForms).await;
    assert!(
        log.iter()
            .any(|l| l.starts_with("OAuth / Token (refresh_token): 200")),
        "{log:#?}"
    );
}

#[tokio::test]
async fn a_public_client_runs_the_collection_with_pkce_and_no_secret() {
    let log = run_collection(ClientType::Public).await;
    assert!(
        log.iter()
            .any(|l| l.starts_with("OAuth / Token (authorization_code): 200")),
        "{log:#?}"
    );
}
