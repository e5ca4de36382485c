//! One request of the collection, written as a Postman v2.1.0 item: URL (raw and broken
//! down, so Postman's Params tab shows each parameter), auth, headers, urlencoded body and
//! its test script.

use super::scripts::Script;
use serde_json::{Value, json};

/// How a request authenticates, in Postman's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Auth {
    /// No `auth` on the item: Postman's "Inherit auth from parent" (guide 3.6 step 2).
    Inherit,
    /// "No Auth": the open endpoints, and token calls of clients without Basic auth.
    Open,
    /// "Basic Auth" with these (variable) credentials.
    Basic { username: String, password: String },
}

impl Auth {
    /// The `auth` member, or `None` to inherit.
    pub(super) fn to_json(&self) -> Option<Value> {
        match self {
            Auth::Inherit => None,
            Auth::Open => Some(json!({"type": "noauth"})),
            Auth::Basic { username, password } => Some(json!({
                "type": "basic",
                "basic": [
                    {"key": "username", "value": username, "type": "string"},
                    {"key": "password", "value": password, "type": "string"}
                ]
            })),
        }
    }
}

/// One `key=value` of a urlencoded body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FormField {
    key: String,
    value: String,
}

impl FormField {
    pub(super) fn new(key: &str, value: &str) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Where a request goes.
#[derive(Debug, Clone)]
enum Target {
    /// `{{baseUrl}}/<segments>?<query>`.
    Path {
        segments: Vec<String>,
        query: Vec<(String, String)>,
    },
    /// A whole URL held by one variable (a `next` link).
    Variable(String),
}

/// A request item under construction.
#[derive(Debug, Clone)]
pub(super) struct Request {
    name: String,
    description: String,
    method: &'static str,
    target: Target,
    headers: Vec<(String, String)>,
    auth: Auth,
    form: Vec<FormField>,
    test: Option<Script>,
}

impl Request {
    /// `GET {{baseUrl}}/<path>`; `path` is `/`-separated and may hold variables.
    pub(super) fn get(name: &str, path: &str) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            method: "GET",
            target: Target::Path {
                segments: path.split('/').map(str::to_owned).collect(),
                query: vec![],
            },
            headers: vec![],
            auth: Auth::Inherit,
            form: vec![],
            test: None,
        }
    }

    /// `GET {{variable}}`: a URL the server handed out earlier.
    pub(super) fn get_variable(name: &str, variable: &str) -> Self {
        Self {
            target: Target::Variable(variable.into()),
            ..Self::get(name, "")
        }
    }

    /// `POST {{baseUrl}}/<path>` with a urlencoded body.
    pub(super) fn post_form(name: &str, path: &str, form: Vec<FormField>) -> Self {
        Self {
            method: "POST",
            form,
            ..Self::get(name, path)
        }
    }

    pub(super) fn renamed(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }

    pub(super) fn describe(mut self, text: &str) -> Self {
        self.description = text.into();
        self
    }

    pub(super) fn query(mut self, key: &str, value: &str) -> Self {
        if let Target::Path { query, .. } = &mut self.target {
            query.push((key.into(), value.into()));
        }
        self
    }

    pub(super) fn header(mut self, key: &str, value: &str) -> Self {
        self.headers.push((key.into(), value.into()));
        self
    }

    pub(super) fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    pub(super) fn form(mut self, fields: Vec<FormField>) -> Self {
        self.form.extend(fields);
        self
    }

    pub(super) fn test(mut self, script: Script) -> Self {
        self.test = Some(script);
        self
    }

    fn url(&self) -> Value {
        match &self.target {
            // A plain string: Postman parses it after substituting the variable (an object
            // with only `raw` is sent with an empty URL).
            Target::Variable(variable) => json!(format!("{{{{{variable}}}}}")),
            Target::Path { segments, query } => {
                let mut raw = format!("{{{{baseUrl}}}}/{}", segments.join("/"));
                for (i, (k, v)) in query.iter().enumerate() {
                    raw.push(if i == 0 { '?' } else { '&' });
                    raw.push_str(&format!("{k}={v}"));
                }
                let mut url = json!({"raw": raw, "host": ["{{baseUrl}}"], "path": segments});
                if !query.is_empty() {
                    url["query"] = query
                        .iter()
                        .map(|(k, v)| json!({"key": k, "value": v}))
                        .collect();
                }
                url
            }
        }
    }

    /// The item as Postman JSON.
    pub(super) fn to_json(&self) -> Value {
        let mut request = json!({
            "method": self.method,
            "header": self.headers.iter()
                .map(|(k, v)| json!({"key": k, "value": v, "type": "text"}))
                .collect::<Vec<_>>(),
            "url": self.url(),
        });
        if let Some(auth) = self.auth.to_json() {
            request["auth"] = auth;
        }
        if !self.form.is_empty() {
            request["body"] = json!({
                "mode": "urlencoded",
                "urlencoded": self.form.iter()
                    .map(|f| json!({"key": f.key, "value": f.value, "type": "text"}))
                    .collect::<Vec<_>>(),
            });
        }
        if !self.description.is_empty() {
            request["description"] = json!(self.description);
        }
        let mut item = json!({"name": self.name, "request": request, "response": []});
        if let Some(script) = &self.test {
            item["event"] = json!([script.to_event()]);
        }
        item
    }
}

/// A folder of requests, optionally with an auth its requests inherit.
pub(super) fn folder(name: &str, description: &str, auth: Auth, requests: &[Request]) -> Value {
    let mut folder = json!({
        "name": name,
        "description": description,
        "item": requests.iter().map(Request::to_json).collect::<Vec<_>>(),
    });
    if let Some(auth) = auth.to_json() {
        folder["auth"] = auth;
    }
    folder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_shows_in_the_raw_url_and_in_the_params() {
        let item = Request::get("x", "{{tenant}}/fhir/Observation")
            .query("patient", "{{patientId}}")
            .query("category", "laboratory")
            .to_json();
        assert_eq!(
            item["request"]["url"]["raw"],
            "{{baseUrl}}/{{tenant}}/fhir/Observation?patient={{patientId}}&category=laboratory"
        );
        assert_eq!(item["request"]["url"]["query"][1]["key"], "category");
        assert!(item["request"].get("auth").is_none(), "inherits by default");
    }

    #[test]
    fn basic_auth_carries_the_credentials_as_variables() {
        let auth = Auth::Basic {
            username: "{{clientId}}".into(),
            password: "{{clientSecret}}".into(),
        };
        let json = auth.to_json().unwrap_or_default();
        assert_eq!(json["type"], "basic");
        assert_eq!(json["basic"][1]["value"], "{{clientSecret}}");
    }
}
