//! The SMART App Launch authorization, walked the way a member's browser does it
//! (portal guide 3.4 steps 1 to 5, Appendix B): the app's authorization link, the
//! login page, the Interoperability Disclaimer and the HIPAA Authorization, and the
//! way back to the app.
//!
//! Nothing here takes a back door: the browser keeps the cookie the server sets,
//! submits the forms it is shown (hidden fields and `action` read from the HTML), and
//! follows the server's 303s by hand as long as they stay on the target. A redirect to
//! the app's own redirect URI is where the browser stops: that is what the app sees.
//! The helpers at the top (forms, base64url, JWT payloads, client authentication) are
//! shared with the token and discovery steps.

use std::sync::LazyLock;

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use regex::Regex;
use serde_json::Value;

use super::apps::{DEFAULT_REDIRECT, app_path};
use super::{expect_schema, shown};
use crate::client::{Call, Response, form_decode, form_encode, redact_text};
use crate::profile::LoginKind;
use crate::world::{OAuthSession, PortalWorld, Who};

/// The PKCE example of RFC 7636 (appendix B): a verifier and its S256 challenge.
pub const RFC7636_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// `BASE64URL(SHA256(RFC7636_VERIFIER))`.
pub const RFC7636_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The published credentials of the test members the login pages prefill (contract:
/// "Seeded people"; guide 3.4 step 3 and 3.7.2.1).
pub fn known_password(username: &str) -> Option<&'static str> {
    match username {
        "rose" => Some("Beltran-1997!"),
        "MarianBenton" => Some("Benton-Synthetic-1!"),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------
// base64 and JWTs

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 4), for HTTP Basic credentials.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes base64url without padding (RFC 4648 5), as JWT parts are written; `None`
/// for any character outside the alphabet or an impossible length.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = text.trim_end_matches('=').as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let produced = chunk.len() - 1;
        for i in 0..produced {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// The JSON of part `index` of a JWT (0 the header, 1 the claims), or a failure that
/// names the token.
pub fn jwt_part(token: &str, index: usize, what: &str) -> Value {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        panic!(
            "Expected the {what} to be a JWT (three base64url parts separated by dots), but it has {} part(s).",
            parts.len()
        );
    }
    base64url_decode(parts[index])
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_else(|| {
            let part = if index == 0 { "header" } else { "payload" };
            panic!("The {part} of the {what} is not base64url-encoded JSON.")
        })
}

// ---------------------------------------------------------------------------------
// HTML pages and forms

/// A form of an HTML page: where it posts and the fields a browser would send.
#[derive(Debug, Clone, Default)]
pub struct Form {
    /// The `action` attribute, unescaped (absolute or a path).
    pub action: String,
    /// The `id` attribute, if any.
    pub id: Option<String>,
    /// `name`/`value` of each `<input>` in order (buttons are chosen by the step).
    pub fields: Vec<(String, String)>,
}

impl Form {
    /// The value of field `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*"([^"]*)""#)
        .unwrap_or_else(|e| panic!("the built-in attribute pattern is invalid: {e}"))
});

/// Undoes the character references the portal's pages use in text and attributes.
pub fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attributes(tag: &str) -> Vec<(String, String)> {
    ATTRIBUTE
        .captures_iter(tag)
        .map(|c| (c[1].to_ascii_lowercase(), unescape(&c[2])))
        .collect()
}

fn attribute<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Every `<form>` of `html` with its inputs.
pub fn forms(html: &str) -> Vec<Form> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let after = &rest[start..];
        let end = after.find("</form>").unwrap_or(after.len());
        let inner = &after[..end];
        let open_end = inner.find('>').unwrap_or(inner.len());
        let attrs = attributes(&inner[..open_end]);
        let mut form = Form {
            action: attribute(&attrs, "action").unwrap_or_default().to_owned(),
            id: attribute(&attrs, "id").map(str::to_owned),
            fields: Vec::new(),
        };
        let mut inputs = &inner[open_end..];
        while let Some(i) = inputs.find("<input") {
            let tag_end = inputs[i..].find('>').map_or(inputs.len(), |e| i + e);
            let attrs = attributes(&inputs[i..tag_end]);
            if let Some(name) = attribute(&attrs, "name") {
                let value = attribute(&attrs, "value").unwrap_or_default();
                form.fields.push((name.to_owned(), value.to_owned()));
            }
            inputs = &inputs[tag_end..];
        }
        found.push(form);
        rest = &after[end..];
    }
    found
}

/// The text of the page's first `<h1>`.
pub fn heading(html: &str) -> Option<String> {
    let start = html.find("<h1")?;
    let open_end = start + html[start..].find('>')? + 1;
    let close = open_end + html[open_end..].find("</h1>")?;
    Some(unescape(&html[open_end..close]).trim().to_owned())
}

/// What the browser got, in a few lines: for an HTML page its status, heading, alert
/// and redirect rather than the whole document; anything else as the body.
pub fn page_summary(response: &Response) -> String {
    let location = response
        .header("location")
        .map(|l| format!(", redirecting to {}", redact_text(l)))
        .unwrap_or_default();
    if response.media_type().as_deref() != Some("text/html") {
        return format!("{}{location}", shown(response));
    }
    let html = body_text(response);
    let mut summary = format!(
        "The server answered {} with the HTML page {:?}",
        response.status,
        heading(&html).unwrap_or_default()
    );
    if let Some(start) = html.find("role=\"alert\"") {
        let after = &html[start..];
        let text = after
            .find("<p>")
            .and_then(|p| {
                after[p + 3..]
                    .find("</p>")
                    .map(|e| &after[p + 3..p + 3 + e])
            })
            .unwrap_or_default();
        summary.push_str(&format!(" saying {:?}", unescape(text)));
    }
    summary.push_str(&location);
    summary.push('.');
    summary
}

/// Fails the step with `message` and a summary of what the browser got last.
pub fn fail_page(w: &PortalWorld, message: impl std::fmt::Display) -> ! {
    match w.last_response() {
        Some(response) => panic!("{message}\n{}", page_summary(response)),
        None => panic!("{message}"),
    }
}

/// The body of `response` as text.
pub fn body_text(response: &Response) -> String {
    String::from_utf8_lossy(&response.body_bytes).into_owned()
}

/// Fails unless the last answer is an HTML page with `status`; returns its text.
pub fn expect_page(w: &PortalWorld, status: u16, what: &str) -> String {
    let response = w.last();
    if response.status != status {
        fail_page(
            w,
            format!(
                "Expected {what} with status {status}, but the server answered {}.",
                response.status
            ),
        );
    }
    let media = response.media_type().unwrap_or_default();
    if media != "text/html" {
        fail_page(
            w,
            format!("Expected {what} as an HTML page, but its Content-Type is {media:?}."),
        );
    }
    body_text(response)
}

// ---------------------------------------------------------------------------------
// URLs and the browser

/// `url` made absolute when it points at the target (absolute on its base URL, or a
/// path), `None` when it points elsewhere (the app).
fn on_target(w: &PortalWorld, url: &str) -> Option<String> {
    let base = w.config().base_url.trim_end_matches('/').to_owned();
    if let Some(rest) = url.strip_prefix(&base)
        && (rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
    {
        return Some(url.to_owned());
    }
    url.starts_with('/').then(|| format!("{base}{url}"))
}

/// A URL split into the part before `?` and its decoded query pairs.
pub fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let url = url.split('#').next().unwrap_or_default();
    match url.split_once('?') {
        Some((base, query)) => (base.to_owned(), form_decode(query)),
        None => (url.to_owned(), Vec::new()),
    }
}

fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Sends `call` from the member's browser: with the authorization cookie on the
/// tenant's authorization pages, keeping a cookie the server sets, and following 303s
/// by hand while they stay on the target.
async fn browse(w: &mut PortalWorld, mut call_url: String, mut call: Call) -> Response {
    // The authorization pages are the authorize endpoint and what lies beside it.
    let authorize = w.oauth_url(&w.oauth.tenant.clone(), "authorize");
    let cookie_scope = authorize
        .rfind('/')
        .map_or(authorize.clone(), |i| authorize[..=i].to_owned());
    for _ in 0..5 {
        if let Some(cookie) = w.oauth.cookie.clone()
            && call_url.starts_with(&cookie_scope)
        {
            call = call.header("Cookie", &cookie);
        }
        let response = w.send(call).await;
        if let Some(set) = response.header("set-cookie") {
            let pair = set.split(';').next().unwrap_or_default().trim();
            if !pair.is_empty() {
                w.oauth.cookie = Some(pair.to_owned());
            }
        }
        if response.media_type().as_deref() == Some("text/html") {
            w.oauth.page = Some(body_text(&response));
        }
        let next = match (response.status, response.header("location")) {
            (301 | 302 | 303 | 307, Some(location)) => on_target(w, location),
            _ => None,
        };
        match next {
            Some(url) => {
                call_url = url.split('?').next().unwrap_or_default().to_owned();
                call = get_url(&url);
            }
            None => return response,
        }
    }
    fail_page(
        w,
        "The browser was redirected more than 5 times in a row without reaching a page.",
    )
}

/// A GET of a path that may carry a query.
fn get_url(path_and_query: &str) -> Call {
    let (path, pairs) = split_url(path_and_query);
    pairs
        .iter()
        .fold(Call::get(path), |call, (k, v)| call.query(k, v))
}

/// Submits `form` as a browser would, with `extra` fields (the button pressed) added or
/// replacing those of the page.
async fn submit(w: &mut PortalWorld, form: &Form, extra: &[(&str, &str)]) -> Response {
    let Some(url) = on_target(w, &form.action) else {
        fail_page(
            w,
            format!(
                "The page's form posts to {:?}, which is not on the server under test.",
                form.action
            ),
        );
    };
    let mut fields = form.fields.clone();
    for (name, value) in extra {
        fields.retain(|(n, _)| n != name);
        fields.push(((*name).to_owned(), (*value).to_owned()));
    }
    let call = Call::post(url.clone()).form(&fields);
    browse(w, url, call).await
}

/// The page the browser shows now, or a failure saying none is shown.
fn current_page(w: &PortalWorld) -> String {
    w.oauth
        .page
        .clone()
        .unwrap_or_else(|| fail_page(w, "The browser shows no page of the authorization server."))
}

/// The one form of the current page that has field `field`.
fn page_form(w: &PortalWorld, field: &str, what: &str) -> Form {
    let page = current_page(w);
    forms(&page)
        .into_iter()
        .find(|f| f.field(field).is_some())
        .unwrap_or_else(|| fail_page(w, format!("The {what} has no form with a {field:?} field.")))
}

// ---------------------------------------------------------------------------------
// Client authentication, shared with the token steps

/// How an app authenticates at the token, introspection and revocation endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// The way the client was registered (guide 3.2 b, 3.5 step 2).
    AsRegistered,
    /// `Authorization: Basic base64(client_id:secret)`.
    Basic(String),
    /// `client_id` and `client_secret` in the body.
    Body(String),
    /// `client_id` alone.
    IdOnly,
    /// Nothing identifying the client.
    Nothing,
}

fn urlencoded(value: &str) -> String {
    form_encode(&[("v", value)])
        .strip_prefix("v=")
        .unwrap_or_default()
        .to_owned()
}

/// A POST of `fields` to the OAuth `endpoint` of the session's tenant (or `tenant`),
/// authenticated by `auth`.
pub async fn oauth_post(
    w: &mut PortalWorld,
    tenant: Option<&str>,
    endpoint: &str,
    auth: ClientAuth,
    mut fields: Vec<(String, String)>,
) -> Response {
    let session = w.oauth.clone();
    let tenant = tenant.unwrap_or(&session.tenant).to_owned();
    let auth = match auth {
        ClientAuth::AsRegistered => match (session.client_type.as_str(), &session.client_secret) {
            ("confidential-basic", Some(secret)) => ClientAuth::Basic(secret.clone()),
            ("confidential-forms", Some(secret)) => ClientAuth::Body(secret.clone()),
            _ => ClientAuth::IdOnly,
        },
        other => other,
    };
    let mut call = Call::post(w.oauth_url(&tenant, endpoint));
    match &auth {
        ClientAuth::Basic(secret) => {
            // RFC 6749 2.3.1: each part form-urlencoded before base64.
            let raw = format!("{}:{}", urlencoded(&session.client_id), urlencoded(secret));
            call = call.header(
                "Authorization",
                &format!("Basic {}", base64_encode(raw.as_bytes())),
            );
        }
        ClientAuth::Body(secret) => {
            fields.push(("client_id".into(), session.client_id.clone()));
            fields.push(("client_secret".into(), secret.clone()));
        }
        ClientAuth::IdOnly => fields.push(("client_id".into(), session.client_id.clone())),
        ClientAuth::AsRegistered | ClientAuth::Nothing => {}
    }
    w.send(call.form(&fields)).await
}

// ---------------------------------------------------------------------------------
// The authorization request

/// Reads the app's dashboard (credentials revealed) as its owner: the client type,
/// the registered scopes (returned space-separated) and, for production, the
/// production client.
async fn client_of(w: &mut PortalWorld, app: &str, production: bool) -> (OAuthSession, String) {
    let record = w.app(app).clone();
    if let Some(client) = &record.preregistered {
        if production {
            crate::reports::skip_scenario(
                "needs the production client of a registered app; a profile's pre-registered clients are one environment",
            );
        }
        let session = OAuthSession {
            app: app.to_owned(),
            client_type: client.client_type.clone(),
            client_id: record.client_id.clone(),
            client_secret: record.client_secret.clone(),
            redirect_uri: client.redirect_uri.clone(),
            added_scopes: client.added_scopes.clone(),
            ..OAuthSession::default()
        };
        return (session, client.scopes.clone());
    }
    let owner = Who::Named(record.owner.clone());
    let token = w.token_of(&owner);
    let path = app_path(w, app, "");
    let response = w
        .send(Call::get(path).bearer(Some(&token)).query("reveal", "true"))
        .await;
    if response.status != 200 {
        fail_page(
            w,
            format!("Expected to read the dashboard of {app:?} to learn its client."),
        );
    }
    let board = expect_schema(&response, "app-dashboard", "the app dashboard");
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let scopes: Vec<String> = board["details"]["scopes"]
        .as_array()
        .map(|a| a.iter().filter_map(text).collect())
        .unwrap_or_default();
    let mut session = OAuthSession {
        app: app.to_owned(),
        client_type: text(&board["details"]["client_type"]).unwrap_or_default(),
        ..OAuthSession::default()
    };
    if production {
        let prod = &board["credentials"]["production"];
        if prod.is_null() {
            fail_page(
                w,
                format!("The app {app:?} has no production client on its dashboard."),
            );
        }
        session.client_id = text(&prod["client_id"]).unwrap_or_default();
        session.client_secret = text(&prod["client_secret"]);
        session.redirect_uri = text(&prod["redirect_uris"][0]).unwrap_or_default();
    } else {
        session.client_id = record.client_id.clone();
        session.client_secret = record.client_secret.clone();
        let registered: Vec<String> = board["details"]["redirect_uris"]
            .as_array()
            .map(|a| a.iter().filter_map(text).collect())
            .unwrap_or_default();
        session.redirect_uri = if registered.iter().any(|u| u == DEFAULT_REDIRECT) {
            DEFAULT_REDIRECT.to_owned()
        } else {
            registered.first().cloned().unwrap_or_default()
        };
    }
    (session, scopes.join(" "))
}

static VARIATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^with the (scope|redirect URI|client id|response type|response mode|PKCE method) "([^"]*)"$"#)
        .unwrap_or_else(|e| panic!("the built-in variation pattern is invalid: {e}"))
});

/// Sends the app's authorization link (guide 3.4 step 1, Appendix B) from a fresh
/// browser, changed by `variation`, and follows the server to the first page.
pub async fn open_authorization(
    w: &mut PortalWorld,
    app: &str,
    production: bool,
    tenant: &str,
    variation: Option<&str>,
) {
    let previous_nonce = w.oauth.nonce.clone();
    let requests = w.oauth.requests;
    let (mut session, scope) = client_of(w, app, production).await;
    session.tenant = tenant.to_owned();
    session.requests = requests;
    w.oauth = session;
    let state = w.unique_value("state");
    let nonce = w.unique_value("nonce");
    let mut params: Vec<(String, String)> = vec![
        ("response_type".into(), "code".into()),
        ("client_id".into(), w.oauth.client_id.clone()),
        ("redirect_uri".into(), w.oauth.redirect_uri.clone()),
        ("scope".into(), scope),
        ("state".into(), state),
        ("nonce".into(), nonce),
        ("response_mode".into(), "query".into()),
        // SMART App Launch: the FHIR base the token is for (servers may insist on it).
        ("aud".into(), w.tenant(tenant).fhir_base),
    ];
    if w.oauth.client_type == "public" {
        params.push(("code_challenge".into(), RFC7636_CHALLENGE.into()));
        params.push(("code_challenge_method".into(), "S256".into()));
    }
    let set = |params: &mut Vec<(String, String)>, name: &str, value: Option<String>| {
        params.retain(|(n, _)| n != name);
        if let Some(value) = value {
            params.push((name.to_owned(), value));
        }
    };
    match variation.map(str::trim) {
        None | Some("") => {}
        Some("without the state") => set(&mut params, "state", None),
        Some("without the nonce") => set(&mut params, "nonce", None),
        Some("without PKCE") => {
            set(&mut params, "code_challenge", None);
            set(&mut params, "code_challenge_method", None);
        }
        Some("reusing the nonce of the previous request") => {
            let nonce = previous_nonce.unwrap_or_else(|| {
                panic!("The step reuses the nonce of the previous request, but none was sent.")
            });
            set(&mut params, "nonce", Some(nonce));
        }
        Some("with the sandbox debug page as the redirect URI") => {
            let debug = format!("{}/debug", w.config().base_url.trim_end_matches('/'));
            set(&mut params, "redirect_uri", Some(debug));
        }
        Some(other) => {
            let Some(c) = VARIATION.captures(other) else {
                panic!(
                    "Unknown change to the authorization link: {other:?}. Use e.g. `without the state`, \
                     `with the scope \"...\"`, `with the redirect URI \"...\"`, `with the PKCE method \"plain\"`."
                );
            };
            let value = c[2].to_owned();
            match &c[1] {
                "scope" => set(&mut params, "scope", Some(value)),
                "redirect URI" => set(&mut params, "redirect_uri", Some(value)),
                "client id" => set(&mut params, "client_id", Some(value)),
                "response type" => set(&mut params, "response_type", Some(value)),
                "response mode" => set(&mut params, "response_mode", Some(value)),
                _ => {
                    let challenge = if value == "plain" {
                        RFC7636_VERIFIER
                    } else {
                        RFC7636_CHALLENGE
                    };
                    set(&mut params, "code_challenge", Some(challenge.into()));
                    set(&mut params, "code_challenge_method", Some(value));
                }
            }
        }
    }
    w.oauth.redirect_uri = pair(&params, "redirect_uri").unwrap_or_default().to_owned();
    w.oauth.state = pair(&params, "state").map(str::to_owned);
    w.oauth.nonce = pair(&params, "nonce").map(str::to_owned);
    w.oauth.code_challenge = pair(&params, "code_challenge").map(str::to_owned);
    w.oauth.code_verifier = w
        .oauth
        .code_challenge
        .as_ref()
        .map(|_| RFC7636_VERIFIER.to_owned());
    let url = w.oauth_url(tenant, "authorize");
    let call = params
        .iter()
        .fold(Call::get(url.clone()), |call, (k, v)| call.query(k, v));
    browse(w, url, call).await;
}

#[when(
    regex = r#"^the member opens the authorization link of the (production )?app "([^"]+)" on "([a-z0-9]+)"(?: (.+))?$"#
)]
async fn opens_link(
    w: &mut PortalWorld,
    step: &Step,
    production: String,
    app: String,
    tenant: String,
    variation: String,
) {
    w.begin(step);
    let variation = (!variation.is_empty()).then_some(variation.as_str());
    open_authorization(w, &app, !production.is_empty(), &tenant, variation).await;
}

// ---------------------------------------------------------------------------------
// The member's pages

#[then(regex = r#"^the member sees the login page prefilled with the member "([^"]+)"$"#)]
fn sees_prefilled_login(w: &mut PortalWorld, member: String) {
    let page = expect_page(w, 200, "the login page");
    let title = heading(&page).unwrap_or_default();
    if !title.ends_with("User Login") {
        fail_page(
            w,
            format!("Expected the login page (\"... User Login\"), but the page is {title:?}."),
        );
    }
    let form = page_form(w, "username", "login page");
    let username = form.field("username").unwrap_or_default();
    let password = form.field("password").unwrap_or_default();
    if username != member {
        fail_page(
            w,
            format!(
                "Expected the username field prefilled with {member:?}, but it holds {username:?}."
            ),
        );
    }
    let expected = known_password(&member);
    if password.is_empty() || expected.is_some_and(|p| p != password) {
        fail_page(
            w,
            format!(
                "Expected the password field prefilled with {member}'s published test password, \
                 but it is {}.",
                if password.is_empty() {
                    "empty"
                } else {
                    "another value"
                }
            ),
        );
    }
    if form.field("csrf").is_none_or(str::is_empty) {
        fail_page(
            w,
            "The login form carries no hidden csrf field, so it could be posted from anywhere.",
        );
    }
}

/// Signs in on the login page the browser shows: the form as prefilled, or with other
/// credentials typed over it.
async fn sign_in(w: &mut PortalWorld, credentials: Option<(&str, &str)>) {
    let form = page_form(w, "username", "login page");
    let typed: Vec<(&str, &str)> = credentials
        .map(|(u, p)| vec![("username", u), ("password", p)])
        .unwrap_or_default();
    submit(w, &form, &typed).await;
}

#[when("the member signs in with the prefilled credentials")]
async fn signs_in_prefilled(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    sign_in(w, None).await;
}

#[when(regex = r#"^the member signs in as "([^"]+)" with the password "([^"]*)"$"#)]
async fn signs_in_as(w: &mut PortalWorld, step: &Step, username: String, password: String) {
    w.begin(step);
    sign_in(w, Some((&username, &password))).await;
}

#[then("the member stays on the login page, told the username or password is wrong")]
fn login_refused(w: &mut PortalWorld) {
    let page = expect_page(w, 401, "the login page again");
    let title = heading(&page).unwrap_or_default();
    if !title.ends_with("User Login") || !page.contains("role=\"alert\"") {
        fail_page(
            w,
            format!(
                "Expected the login page again with an alert, but the page is {title:?}{}.",
                if page.contains("role=\"alert\"") {
                    ""
                } else {
                    " without an alert"
                }
            ),
        );
    }
    if w.last().header("location").is_some() {
        fail_page(w, "A failed sign-in must not redirect anywhere.");
    }
}

#[then(regex = r"^the member sees the (Interoperability Disclaimer|HIPAA Authorization)$")]
fn sees_consent(w: &mut PortalWorld, page_name: String) {
    let page = expect_page(w, 200, &format!("the {page_name} page"));
    let title = heading(&page).unwrap_or_default();
    if title != page_name {
        fail_page(
            w,
            format!("Expected the {page_name} page, but the page is {title:?}."),
        );
    }
    page_form(w, "csrf", &format!("{page_name} page"));
    for button in ["value=\"accept\"", "value=\"decline\""] {
        if !page.contains(button) {
            fail_page(
                w,
                format!("The {page_name} page lacks the button with {button}."),
            );
        }
    }
}

#[then(regex = r#"^the HIPAA Authorization lists the scopes "([^"]*)"$"#)]
fn hipaa_lists(w: &mut PortalWorld, scopes: String) {
    let page = current_page(w);
    let missing: Vec<&str> = scopes
        .split_whitespace()
        .filter(|s| !page.contains(&format!("<code>{s}</code>")))
        .collect();
    if !missing.is_empty() {
        fail_page(
            w,
            format!(
                "Expected the HIPAA Authorization to list what the app will see, but it does not \
                 name {missing:?}."
            ),
        );
    }
}

/// Presses "I Agree" or "Decline" on the page named.
async fn decide(w: &mut PortalWorld, page_name: &str, accept: bool) {
    let page = current_page(w);
    let title = heading(&page).unwrap_or_default();
    if title != page_name {
        fail_page(
            w,
            format!("Expected the browser to show the {page_name}, but it shows {title:?}."),
        );
    }
    let form = page_form(w, "csrf", page_name);
    let decision = if accept { "accept" } else { "decline" };
    submit(w, &form, &[("decision", decision)]).await;
}

#[when(
    regex = r"^the member (agrees to|declines) the (Interoperability Disclaimer|HIPAA Authorization)$"
)]
async fn decides(w: &mut PortalWorld, step: &Step, decision: String, page_name: String) {
    w.begin(step);
    decide(w, &page_name, decision == "agrees to").await;
}

// ---------------------------------------------------------------------------------
// Back to the app

/// The redirect back to the app: its Location split, after checking it goes to the
/// redirect URI of the request and nowhere else.
fn back_at_app(w: &PortalWorld) -> Vec<(String, String)> {
    let response = w.last();
    let Some(location) = response.header("location") else {
        fail_page(
            w,
            "Expected the browser to be redirected back to the app, but the answer has no Location.",
        );
    };
    if !matches!(response.status, 302 | 303) {
        fail_page(
            w,
            format!(
                "Expected a redirect (303 See Other) back to the app, but the status is {}.",
                response.status
            ),
        );
    }
    let (base, pairs) = split_url(location);
    let (expected, _) = split_url(&w.oauth.redirect_uri);
    if base != expected {
        fail_page(
            w,
            format!(
                "Expected the redirect to go to the app's redirect URI {expected:?}, but it goes to {base:?}."
            ),
        );
    }
    pairs
}

fn check_state(w: &PortalWorld, pairs: &[(String, String)]) {
    let sent = w.oauth.state.as_deref();
    let back = pair(pairs, "state");
    if back != sent {
        fail_page(
            w,
            format!(
                "Expected the state {} to come back unchanged, but the redirect carries {}.",
                sent.map_or("(none sent)".into(), |s| format!("{s:?}")),
                back.map_or("no state".into(), |s| format!("{s:?}"))
            ),
        );
    }
}

#[then("the browser is sent back to the app with a code and the state")]
fn back_with_code(w: &mut PortalWorld) {
    let pairs = back_at_app(w);
    if let Some(error) = pair(&pairs, "error") {
        fail_page(
            w,
            format!(
                "Expected a code, but the app is sent the error {error:?}: {}",
                pair(&pairs, "error_description").unwrap_or("(no description)")
            ),
        );
    }
    check_state(w, &pairs);
    let Some(code) = pair(&pairs, "code").filter(|c| !c.is_empty()) else {
        fail_page(w, "Expected the redirect to carry a code, but it has none.");
    };
    w.oauth.code = Some(code.to_owned());
}

#[then(
    regex = r#"^the browser is sent back to the app with the error "([a-z_]+)" and (the|no) state$"#
)]
fn back_with_error(w: &mut PortalWorld, error: String, state: String) {
    let pairs = back_at_app(w);
    let actual = pair(&pairs, "error");
    if actual != Some(error.as_str()) {
        fail_page(
            w,
            format!(
                "Expected the app to be sent the error {error:?}, but the redirect carries {}.",
                actual.map_or("no error".into(), |e| format!("the error {e:?}"))
            ),
        );
    }
    if pair(&pairs, "code").is_some() {
        fail_page(w, "An error redirect must not carry a code.");
    }
    if pair(&pairs, "error_description").is_none_or(str::is_empty) {
        fail_page(
            w,
            "The error redirect carries no error_description telling the developer what to change.",
        );
    }
    if state == "the" {
        check_state(w, &pairs);
    } else if let Some(s) = pair(&pairs, "state") {
        fail_page(
            w,
            format!("No state was sent, but the redirect carries the state {s:?}."),
        );
    }
}

#[then(regex = r#"^the member sees the error page "([^"]+)" and is not sent back to the app$"#)]
fn error_page(w: &mut PortalWorld, title: String) {
    let response = w.last();
    if response.header("location").is_some() || (300..400).contains(&response.status) {
        fail_page(
            w,
            format!(
                "Expected an error page that never redirects, but the server redirected to {:?}.",
                response.header("location").unwrap_or_default()
            ),
        );
    }
    let status = response.status;
    if !(400..500).contains(&status) {
        fail_page(
            w,
            format!("Expected the error page with a 4xx status, but the status is {status}."),
        );
    }
    let page = expect_page(w, status, "the error page");
    let actual = heading(&page).unwrap_or_default();
    if actual != title {
        fail_page(
            w,
            format!("Expected the error page {title:?}, but the page is {actual:?}."),
        );
    }
    let lower = page.to_ascii_lowercase();
    for banned in ["<form", "http-equiv=\"refresh\"", "<script"] {
        if lower.contains(banned) {
            fail_page(
                w,
                format!("The error page must not send the browser anywhere, but it has {banned}."),
            );
        }
    }
}

#[then(regex = r#"^the error page explains "([^"]+)"$"#)]
fn error_page_explains(w: &mut PortalWorld, words: String) {
    let page = unescape(&current_page(w));
    if !page.contains(&words) {
        fail_page(
            w,
            format!("Expected the error page to explain {words:?}, but it does not say so."),
        );
    }
}

#[then("the browser is handed a form that posts the code and the state to the app")]
fn form_post_page(w: &mut PortalWorld) {
    let page = expect_page(w, 200, "the form_post page");
    let Some(form) = forms(&page)
        .into_iter()
        .find(|f| f.field("code").is_some() || f.field("error").is_some())
    else {
        fail_page(
            w,
            "Expected a form carrying the code (response_mode=form_post), but the page has none.",
        );
    };
    if form.action != w.oauth.redirect_uri {
        fail_page(
            w,
            format!(
                "Expected the form to post to the redirect URI {:?}, but it posts to {:?}.",
                w.oauth.redirect_uri, form.action
            ),
        );
    }
    if !page.contains("method=\"post\"") {
        fail_page(w, "Expected the form to use method=\"post\".");
    }
    let code = form.field("code").unwrap_or_default().to_owned();
    if code.is_empty() {
        fail_page(
            w,
            format!(
                "Expected the form to carry a code, but it carries the error {:?}.",
                form.field("error").unwrap_or_default()
            ),
        );
    }
    if form.field("state") != w.oauth.state.as_deref() {
        fail_page(
            w,
            format!(
                "Expected the form to carry the state {:?}, but it carries {:?}.",
                w.oauth.state,
                form.field("state")
            ),
        );
    }
    let submits_itself = page.contains("<script") && page.contains(".submit");
    if !submits_itself {
        fail_page(
            w,
            "Expected the page to submit the form by itself (a script calling submit), but it does not.",
        );
    }
    let (target, _) = split_url(&w.oauth.redirect_uri);
    let origin: String = target.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    let csp = w
        .last()
        .header("content-security-policy")
        .unwrap_or_default();
    let form_action = csp
        .split(';')
        .find(|d| d.trim().starts_with("form-action"))
        .unwrap_or_default();
    if !form_action.contains(&origin) {
        fail_page(
            w,
            format!(
                "The page's Content-Security-Policy must let the form post to {origin}, but its \
                 form-action directive is {form_action:?}: a browser would block the post."
            ),
        );
    }
    w.oauth.code = Some(code);
}

#[then("the debug page shows the code and the state")]
fn debug_page(w: &mut PortalWorld) {
    let page = expect_page(w, 200, "the sandbox debug page");
    let title = heading(&page).unwrap_or_default();
    if title != "Success!" {
        fail_page(
            w,
            format!("Expected the debug page to say \"Success!\", but it says {title:?}."),
        );
    }
    let value_of = |id: &str| -> Option<String> {
        let marker = format!("id=\"{id}\">");
        let start = page.find(&marker)? + marker.len();
        let end = start + page[start..].find('<')?;
        Some(unescape(&page[start..end]))
    };
    let Some(code) = value_of("code").filter(|c| !c.is_empty()) else {
        fail_page(w, "The debug page shows no authorization code.");
    };
    if value_of("state").as_deref() != w.oauth.state.as_deref() {
        fail_page(
            w,
            format!(
                "Expected the debug page to show the state {:?}, but it shows {:?}.",
                w.oauth.state,
                value_of("state")
            ),
        );
    }
    w.oauth.code = Some(code);
}

// ---------------------------------------------------------------------------------
// The whole walk at once

/// Walks the authorization link, the prefilled login and both consent pages, and
/// keeps the code the app is sent back with.
pub async fn authorize(w: &mut PortalWorld, app: &str, production: bool, tenant: &str) {
    open_authorization(w, app, production, tenant, None).await;
    if w.config().login == LoginKind::Redirect {
        // The target approves without a page: the browser must be back at the app already.
        return back_with_code(w);
    }
    if w.last().status != 200 || w.oauth.page.is_none() {
        fail_page(
            w,
            format!("Expected the login page of {tenant} for the app {app:?}."),
        );
    }
    let member = w.config().member.clone();
    match (member.username.as_deref(), member.password.as_deref()) {
        (Some(username), Some(password)) => sign_in(w, Some((username, password))).await,
        _ => sign_in(w, None).await,
    }
    for page in ["Interoperability Disclaimer", "HIPAA Authorization"] {
        decide(w, page, true).await;
    }
    back_with_code(w);
}

#[given(regex = r#"^the member authorized the (production )?app "([^"]+)" on "([a-z0-9]+)"$"#)]
async fn authorized(
    w: &mut PortalWorld,
    step: &Step,
    production: String,
    app: String,
    tenant: String,
) {
    w.begin(step);
    authorize(w, &app, !production.is_empty(), &tenant).await;
}

/// `Given she registered the app "DebugApp" with the sandbox debug page as a redirect URI`:
/// the sandbox's stand-in for oauthdebugger.com/debug (guide 3.2 e, 3.4 b).
#[given(
    regex = r#"^(she|he|they|"[^"]+") registered the app "([^"]+)" with the sandbox debug page as a redirect URI$"#
)]
async fn registered_with_debug(w: &mut PortalWorld, step: &Step, who: Who, name: String) {
    w.begin(step);
    let debug = format!("{}/debug", w.config().base_url.trim_end_matches('/'));
    let form = super::apps::app_form(
        &name,
        None,
        serde_json::json!(super::apps::DEFAULT_SCOPES),
        serde_json::json!([DEFAULT_REDIRECT, debug]),
    );
    super::apps::register(w, &who, &name, form).await;
    super::expect_json(w, 201, "app-dashboard", "registering an app");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        assert_eq!(base64_encode(b"client:secret"), "Y2xpZW50OnNlY3JldA==");
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert_eq!(base64_encode(b"abc"), "YWJj");
        assert_eq!(base64url_decode("YWI").unwrap(), b"ab");
        assert_eq!(base64url_decode("YWJj").unwrap(), b"abc");
        assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert!(base64url_decode("a").is_none());
        assert!(base64url_decode("a+b/").is_none());
    }

    #[test]
    fn jwt_payloads_are_read() {
        let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJyb3NlIn0.c2ln";
        assert_eq!(jwt_part(token, 0, "token")["kid"], "k1");
        assert_eq!(jwt_part(token, 1, "token")["sub"], "rose");
    }

    #[test]
    fn forms_are_read_like_a_browser() {
        let html = r#"<h1>MELD User Login</h1><form method="post" action="http://x/dev1/oauth2/authorize/f1">
<input type="hidden" name="csrf" value="a&amp;b">
<input id="username" name="username" type="text" value="rose" required>
</form>"#;
        let found = forms(html);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].action, "http://x/dev1/oauth2/authorize/f1");
        assert_eq!(found[0].field("csrf"), Some("a&b"));
        assert_eq!(found[0].field("username"), Some("rose"));
        assert_eq!(heading(html).as_deref(), Some("MELD User Login"));
    }

    #[test]
    fn urls_split_into_base_and_query() {
        let (base, pairs) = split_url("https://app/cb?code=c&state=a%20b#x");
        assert_eq!(base, "https://app/cb");
        assert_eq!(pair(&pairs, "state"), Some("a b"));
    }
}
