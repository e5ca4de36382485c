//! Registering apps with the OAuth API tool and the application dashboard (portal
//! guide, sections 3.2 and 3.3).

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Map, Value, json};

use super::{API, expect_json, expect_schema, fail, shown, split_list, text_at};
use crate::client::Call;
use crate::world::{AppRecord, PortalWorld, Who};

/// Scopes every development tenant accepts (CONTRACT.md, FHIR metadata).
pub const DEFAULT_SCOPES: [&str; 2] = ["openid", "patient/Patient.read"];

/// The redirect URI apps register unless a step names others.
pub const DEFAULT_REDIRECT: &str = "https://app.example.test/callback";

/// What the dashboard shows in place of a secret.
pub const MASK: &str = "********";

/// How a `client_secret` reads in a failure message, without ever quoting a real secret:
/// failure messages end up in reports (the body after them is redacted, they are not).
pub fn secret_shown(secret: &Value) -> String {
    match secret {
        Value::Null => "no client secret (null)".to_owned(),
        Value::String(s) if s == MASK => format!("the secret masked as {MASK:?}"),
        Value::String(s) if s.is_empty() => "an empty client secret".to_owned(),
        Value::String(_) => "a client secret in clear".to_owned(),
        other => format!("the client_secret {other}"),
    }
}

/// The registration form of an app; `None` fields are left out.
pub fn app_form(
    name: &str,
    client_type: Option<&str>,
    scopes: Value,
    redirect_uris: Value,
) -> Value {
    let mut form = json!({
        "name": name,
        "grant_type": "authorization_code",
        "scopes": scopes,
        "redirect_uris": redirect_uris,
    });
    if let Some(client_type) = client_type {
        form["client_type"] = json!(client_type);
    }
    form
}

/// The default registration form with `client_type` (or none).
pub fn default_form(name: &str, client_type: Option<&str>) -> Value {
    app_form(
        name,
        client_type,
        json!(DEFAULT_SCOPES),
        json!([DEFAULT_REDIRECT]),
    )
}

/// Registers an app as `who`; on success the app is remembered under `name`.
pub async fn register(w: &mut PortalWorld, who: &Who, name: &str, form: Value) {
    let owner = w.name_of(who);
    let token = w.token_of(who);
    let response = w
        .send(
            Call::post(format!("{API}/apps"))
                .bearer(Some(&token))
                .json(form),
        )
        .await;
    w.current_app = Some(name.to_owned());
    if response.status == 201
        && let Some(dashboard) = response.json
    {
        let record = AppRecord {
            owner,
            id: dashboard["id"].as_str().unwrap_or_default().to_owned(),
            client_id: dashboard
                .pointer("/credentials/development/client_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            client_secret: dashboard
                .pointer("/credentials/development/client_secret")
                .and_then(Value::as_str)
                .map(str::to_owned),
            ..AppRecord::default()
        };
        w.apps.insert(name.to_owned(), record);
    }
}

/// "She registered the app" on a target without the portal API: the profile's
/// pre-registered client of `client_type` (the default one when `None`) stands in for the
/// app, asking for `scopes` (space-separated), unless the profile fixes the client's
/// scopes. A profile without such a client skips the scenario.
pub fn bind_preregistered(
    w: &mut PortalWorld,
    who: &Who,
    name: &str,
    client_type: Option<&str>,
    scopes: String,
) {
    let owner = w.name_of(who);
    let Some((kind, client)) = w.config().client(client_type) else {
        crate::reports::skip_scenario(format!(
            "needs a pre-registered {} client, which the profile {:?} does not name",
            client_type.unwrap_or("(any type)"),
            w.config().profile_name.as_deref().unwrap_or_default()
        ));
    };
    let mut scopes = client.scopes.clone().unwrap_or(scopes);
    let mut added_scopes = Vec::new();
    if !w.config().portal_rules {
        // SMART App Launch gives the patient id for launch/patient and a refresh token
        // for offline_access only; the payer's portal gives both unasked.
        for needed in ["launch/patient", "offline_access"] {
            if !scopes.split_whitespace().any(|s| s == needed) {
                scopes.push(' ');
                scopes.push_str(needed);
                added_scopes.push(needed.to_owned());
            }
        }
    }
    let record = AppRecord {
        owner,
        client_id: client.client_id.clone(),
        client_secret: client.client_secret.clone(),
        preregistered: Some(crate::world::PreRegistered {
            client_type: kind,
            scopes,
            redirect_uri: client.redirect_uri.clone(),
            added_scopes,
        }),
        ..AppRecord::default()
    };
    w.apps.insert(name.to_owned(), record);
    w.current_app = Some(name.to_owned());
}

/// The path of an app's resource, e.g. `/portal/api/apps/app-1/privacy-policy`.
pub fn app_path(w: &mut PortalWorld, app: &str, rest: &str) -> String {
    format!("{API}/apps/{}{rest}", w.app(app).id)
}

/// Opens the dashboard of `app` as `who` (any developer, to test who may see it).
pub async fn open_dashboard(w: &mut PortalWorld, who: &Who, app: &str, reveal: bool) {
    let token = w.token_of(who);
    let mut call = Call::get(app_path(w, app, "")).bearer(Some(&token));
    if reveal {
        call = call.query("reveal", "true");
    }
    w.send(call).await;
}

/// The last answer as a dashboard (registration 201, or GET/PATCH 200).
pub fn dashboard(w: &PortalWorld) -> Value {
    let response = w.last();
    if !matches!(response.status, 200 | 201) {
        panic!(
            "Expected the portal to show the app dashboard, but it answered {}.\n{}",
            response.status,
            shown(response)
        );
    }
    expect_schema(response, "app-dashboard", "the app dashboard")
}

#[given(regex = r#"^(she|he|they|"[^"]+") registered the app "([^"]+)"$"#)]
async fn registered(w: &mut PortalWorld, step: &Step, who: Who, name: String) {
    w.begin(step);
    register(w, &who, &name, default_form(&name, None)).await;
    expect_json(w, 201, "app-dashboard", "registering an app");
}

#[given(regex = r#"^(she|he|they|"[^"]+") registered the app "([^"]+)" as a "([a-z-]+)" client$"#)]
async fn registered_as(w: &mut PortalWorld, step: &Step, who: Who, name: String, ty: String) {
    w.begin(step);
    if !w.config().portal_api {
        return bind_preregistered(w, &who, &name, Some(&ty), DEFAULT_SCOPES.join(" "));
    }
    register(w, &who, &name, default_form(&name, Some(&ty))).await;
    expect_json(w, 201, "app-dashboard", "registering an app");
}

#[when(regex = r#"^(she|he|they|"[^"]+") registers? the app "([^"]+)" as a "([a-z-]+)" client$"#)]
async fn registers_as(w: &mut PortalWorld, step: &Step, who: Who, name: String, ty: String) {
    w.begin(step);
    register(w, &who, &name, default_form(&name, Some(&ty))).await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") registers? the app "([^"]+)" without a client type$"#)]
async fn registers_default(w: &mut PortalWorld, step: &Step, who: Who, name: String) {
    w.begin(step);
    register(w, &who, &name, default_form(&name, None)).await;
}

/// Scopes given as one space-separated string, as a developer would type them.
#[when(regex = r#"^(she|he|they|"[^"]+") registers? the app "([^"]+)" with the scopes "([^"]*)"$"#)]
async fn registers_scopes(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    name: String,
    scopes: String,
) {
    w.begin(step);
    let form = app_form(
        &name,
        None,
        json!(split_list(&scopes)),
        json!([DEFAULT_REDIRECT]),
    );
    register(w, &who, &name, form).await;
}

/// Redirect URIs sent exactly as typed: one string, comma-separated when several
/// (the guide's oauthdebugger.com example, section 3.2 e).
#[when(
    regex = r#"^(she|he|they|"[^"]+") registers? the app "([^"]+)" with the redirect URIs "([^"]*)"$"#
)]
async fn registers_redirects(
    w: &mut PortalWorld,
    step: &Step,
    who: Who,
    name: String,
    uris: String,
) {
    w.begin(step);
    let form = app_form(&name, None, json!(DEFAULT_SCOPES), json!(uris));
    register(w, &who, &name, form).await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") registers? an app with a body that is not JSON$"#)]
async fn registers_broken_json(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let token = w.token_of(&who);
    let broken = br#"{"name": "Broken", "scopes": ["openid"], "redirect_uris": ["#.to_vec();
    w.send(
        Call::post(format!("{API}/apps"))
            .bearer(Some(&token))
            .raw("application/json", broken),
    )
    .await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") registers? an app sending its JSON as "([^"]+)"$"#)]
async fn registers_wrong_type(w: &mut PortalWorld, step: &Step, who: Who, content_type: String) {
    w.begin(step);
    let token = w.token_of(&who);
    let body = default_form("WrongType", None).to_string().into_bytes();
    w.send(
        Call::post(format!("{API}/apps"))
            .bearer(Some(&token))
            .raw(&content_type, body),
    )
    .await;
}

#[then("the app is registered")]
fn app_registered(w: &mut PortalWorld) {
    let app = expect_json(w, 201, "app-dashboard", "registering the app");
    let id = text_at(&app, "/id", "the new app");
    let location = w.last().header("location").unwrap_or_default();
    if !location.ends_with(&format!("/portal/api/apps/{id}")) {
        fail(
            w,
            format!(
                "Expected the registration to point at /portal/api/apps/{id} in its Location header, \
             but it is {location:?}."
            ),
        );
    }
}

#[then(regex = r"^the app has a development client id and (a|no) client secret$")]
fn app_credentials(w: &mut PortalWorld, secret: String) {
    let app = dashboard(w);
    text_at(
        &app,
        "/credentials/development/client_id",
        "the development credentials",
    );
    let actual = &app["credentials"]["development"]["client_secret"];
    let ok = match secret.as_str() {
        "a" => actual.as_str().is_some_and(|s| !s.is_empty() && s != MASK),
        _ => actual.is_null(),
    };
    if !ok {
        let wanted = if secret == "a" {
            "a client secret in clear"
        } else {
            "no client secret (null)"
        };
        panic!(
            "Expected the dashboard to show {wanted}, but it shows {}.\n{}",
            secret_shown(actual),
            shown(w.last())
        );
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") opens? the dashboard of the app "([^"]+)"$"#)]
async fn opens_dashboard(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    open_dashboard(w, &who, &app, false).await;
}

/// An app id no app has: the portal must say "not found", not fail or show another app.
#[when(
    regex = r#"^(she|he|they|"[^"]+") opens? the dashboard of the app id "([^"]+)", which does not exist$"#
)]
async fn opens_unknown_dashboard(w: &mut PortalWorld, step: &Step, who: Who, id: String) {
    w.begin(step);
    let token = w.token_of(&who);
    w.send(Call::get(format!("{API}/apps/{id}")).bearer(Some(&token)))
        .await;
}

#[when(
    regex = r#"^(she|he|they|"[^"]+") opens? the dashboard of the app "([^"]+)" with the credentials revealed$"#
)]
async fn opens_dashboard_revealed(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    open_dashboard(w, &who, &app, true).await;
}

#[then(regex = r#"^(she|he|they|"[^"]+") can still open the dashboard of the app "([^"]+)"$"#)]
async fn can_still_open(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    open_dashboard(w, &who, &app, false).await;
    let board = dashboard(w);
    let id = w.app(&app).id.clone();
    if board["id"].as_str() != Some(id.as_str()) {
        panic!(
            "Opened the dashboard of {app:?} ({id}) but got app {}.",
            board["id"]
        );
    }
}

#[then(regex = r#"^the dashboard shows the client type "([a-z-]+)"$"#)]
fn shows_client_type(w: &mut PortalWorld, expected: String) {
    let board = dashboard(w);
    let actual = text_at(&board, "/details/client_type", "the dashboard");
    if actual != expected {
        fail(
            w,
            format!("Expected the client type {expected:?}, but the dashboard shows {actual:?}."),
        );
    }
}

#[then(regex = r#"^the dashboard shows the name "([^"]+)"$"#)]
fn shows_name(w: &mut PortalWorld, expected: String) {
    let board = dashboard(w);
    let actual = text_at(&board, "/name", "the dashboard");
    if actual != expected {
        fail(
            w,
            format!("Expected the app name {expected:?}, but the dashboard shows {actual:?}."),
        );
    }
}

/// Compares a list on the dashboard with an expected list, ignoring order.
fn same_items(board: &Value, pointer: &str, expected: &[String], what: &str) {
    let mut actual: Vec<String> = board
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let mut expected = expected.to_vec();
    actual.sort();
    expected.sort();
    if actual != expected {
        panic!("Expected the dashboard to show the {what} {expected:?}, but it shows {actual:?}.");
    }
}

#[then(regex = r#"^the dashboard shows the scopes "([^"]*)"$"#)]
fn shows_scopes(w: &mut PortalWorld, scopes: String) {
    let board = dashboard(w);
    same_items(&board, "/details/scopes", &split_list(&scopes), "scopes");
}

/// One redirect URI per table row.
#[then("the dashboard shows the redirect URIs:")]
fn shows_redirects(w: &mut PortalWorld, step: &Step) {
    let board = dashboard(w);
    let expected: Vec<String> = step
        .table
        .as_ref()
        .map(|t| t.rows.iter().filter_map(|r| r.first().cloned()).collect())
        .unwrap_or_default();
    same_items(&board, "/details/redirect_uris", &expected, "redirect URIs");
}

#[then("the dashboard shows the client secret masked")]
fn shows_secret_masked(w: &mut PortalWorld) {
    let board = dashboard(w);
    let secret = &board["credentials"]["development"]["client_secret"];
    if secret.as_str() != Some(MASK) {
        fail(
            w,
            format!(
                "Expected the dashboard to mask the client secret as {MASK:?}, but it shows {}.",
                secret_shown(secret)
            ),
        );
    }
}

/// The secret remembered from registration, or from the change of client type that
/// issued it (both show it once, in clear).
#[then(regex = r"^the dashboard shows the client secret issued (?:at registration|by the change)$")]
fn shows_secret_revealed(w: &mut PortalWorld) {
    let board = dashboard(w);
    let app = board["name"].as_str().unwrap_or_default().to_owned();
    let issued = w
        .apps
        .values()
        .find(|a| board["id"].as_str() == Some(a.id.as_str()))
        .and_then(|a| a.client_secret.clone())
        .unwrap_or_else(|| panic!("No secret was issued to {app:?} earlier in this scenario."));
    let shown_secret = &board["credentials"]["development"]["client_secret"];
    if shown_secret.as_str() != Some(issued.as_str()) {
        fail(
            w,
            format!(
                "Expected the revealed client secret to be the one issued to the app, but the \
             dashboard shows {}.",
                if shown_secret.as_str() == Some(MASK) {
                    "it masked"
                } else {
                    "a different value"
                }
            ),
        );
    }
}

/// Maps the wording of a table row to an `optional_info` member.
fn optional_field(label: &str) -> &'static str {
    match label.trim().to_ascii_lowercase().as_str() {
        "organization website" | "organisation website" | "website" => "organization_website",
        "description" | "application description" => "description",
        "support email" => "support_email",
        "documentation url" | "documentation" => "documentation_url",
        "contact" | "contacts" | "application contact" => "contacts",
        other => panic!(
            "Unknown optional app information {other:?}; use organization website, description, \
             support email, documentation URL or contact"
        ),
    }
}

/// The `optional_info` object a two-column table describes; a contact is "Name <email>".
fn optional_info(step: &Step) -> Map<String, Value> {
    let mut info = Map::new();
    let mut contacts = Vec::new();
    for row in step
        .table
        .as_ref()
        .map(|t| t.rows.clone())
        .unwrap_or_default()
    {
        let [label, value] = row.as_slice() else {
            panic!("Each row of the optional information needs a label and a value: {row:?}");
        };
        match optional_field(label) {
            "contacts" => {
                let (name, email) = value.split_once('<').unwrap_or((value, ""));
                contacts.push(
                    json!({"name": name.trim(), "email": email.trim_end_matches('>').trim()}),
                );
            }
            field => {
                info.insert(field.to_owned(), json!(value));
            }
        }
    }
    if !contacts.is_empty() {
        info.insert("contacts".into(), Value::Array(contacts));
    }
    info
}

/// Sends a PATCH of `app` as `who`.
async fn change(w: &mut PortalWorld, who: &Who, app: &str, patch: Value) {
    let token = w.token_of(who);
    let path = app_path(w, app, "");
    w.send(Call::patch(path).bearer(Some(&token)).json(patch))
        .await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") renames? the app "([^"]+)" to "([^"]+)"$"#)]
async fn renames(w: &mut PortalWorld, step: &Step, who: Who, app: String, new_name: String) {
    w.begin(step);
    change(w, &who, &app, json!({"name": new_name})).await;
    if w.last().status == 200 {
        let record = w.app(&app).clone();
        w.apps.insert(new_name, record);
    }
}

/// Switches the client type from the dashboard; the secret the answer carries (a new
/// one in clear, or none for a public client) becomes the app's secret.
#[when(
    regex = r#"^(she|he|they|"[^"]+") changes? the client type of the app "([^"]+)" to "([a-z-]+)"$"#
)]
async fn changes_client_type(w: &mut PortalWorld, step: &Step, who: Who, app: String, ty: String) {
    w.begin(step);
    change(w, &who, &app, json!({"client_type": ty})).await;
    let response = w.last();
    if response.status == 200
        && let Some(secret) = response
            .json
            .as_ref()
            .and_then(|j| j.pointer("/credentials/development/client_secret"))
            .cloned()
    {
        let record = w.app(&app);
        match secret {
            Value::Null => record.client_secret = None,
            Value::String(s) if s != MASK => record.client_secret = Some(s),
            _ => {}
        }
    }
}

/// A change that makes a public app confidential shows the new secret once, like
/// registration does; later answers mask it.
#[then("the answer to the change shows the new client secret in clear")]
fn change_shows_secret(w: &mut PortalWorld) {
    let board = dashboard(w);
    if w.last().status != 200 {
        fail(w, "Expected the change to answer 200 with the dashboard.");
    }
    let secret = &board["credentials"]["development"]["client_secret"];
    let in_clear = secret.as_str().is_some_and(|s| !s.is_empty() && s != MASK);
    if !in_clear {
        fail(
            w,
            format!(
                "Expected the answer to the change to show the newly issued client secret in clear \
                 (this is the only time the developer sees it), but it shows {}.",
                secret_shown(secret)
            ),
        );
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") changes? the scopes of the app "([^"]+)" to "([^"]*)"$"#)]
async fn changes_scopes(w: &mut PortalWorld, step: &Step, who: Who, app: String, scopes: String) {
    w.begin(step);
    change(w, &who, &app, json!({"scopes": split_list(&scopes)})).await;
}

#[when(regex = r#"^(she|he|they|"[^"]+") sets? the optional information of the app "([^"]+)":$"#)]
async fn sets_optional(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    let info = optional_info(step);
    change(w, &who, &app, json!({"optional_info": info})).await;
}

#[then("the dashboard shows the optional information:")]
fn shows_optional(w: &mut PortalWorld, step: &Step) {
    let board = dashboard(w);
    for (field, expected) in optional_info(step) {
        let actual = &board["optional_info"][&field];
        if actual != &expected {
            panic!("Expected the dashboard to show {field} = {expected}, but it shows {actual}.");
        }
    }
}

#[when(regex = r#"^(she|he|they|"[^"]+") deletes? the app "([^"]+)"$"#)]
async fn deletes(w: &mut PortalWorld, step: &Step, who: Who, app: String) {
    w.begin(step);
    let token = w.token_of(&who);
    let path = app_path(w, &app, "");
    w.send(Call::delete(path).bearer(Some(&token))).await;
}

#[then("the app is deleted")]
fn app_deleted(w: &mut PortalWorld) {
    super::expect_status(w, 204, "deleting the app");
}

#[when(regex = r#"^(she|he|they|"[^"]+") lists? (?:her|his|their) apps$"#)]
async fn lists_apps(w: &mut PortalWorld, step: &Step, who: Who) {
    w.begin(step);
    let token = w.token_of(&who);
    w.send(Call::get(format!("{API}/apps")).bearer(Some(&token)))
        .await;
}

#[then(regex = r#"^the list (includes|does not include) the app "([^"]+)"$"#)]
fn list_includes(w: &mut PortalWorld, includes: String, app: String) {
    let list = expect_json(w, 200, "app-list", "listing apps");
    let apps = list["apps"].as_array().cloned().unwrap_or_default();
    let count = apps.len() as u64;
    if list["development_clients"].as_u64() != Some(count) {
        fail(
            w,
            format!(
                "The list holds {count} apps but counts {} development clients.",
                list["development_clients"]
            ),
        );
    }
    let id = w.app(&app).id.clone();
    let found = apps.iter().any(|a| a["id"].as_str() == Some(id.as_str()));
    let secrets_masked = apps.iter().all(|a| {
        let s = &a["credentials"]["development"]["client_secret"];
        s.is_null() || s.as_str() == Some(MASK)
    });
    if !secrets_masked {
        fail(
            w,
            "The app list must mask every client secret, but one is shown in clear.",
        );
    }
    let want = includes == "includes";
    if found != want {
        let names: Vec<&str> = apps.iter().filter_map(|a| a["name"].as_str()).collect();
        fail(
            w,
            format!(
                "Expected the list {} the app {app:?} ({id}), but it {}. It lists: {names:?}",
                if want { "to include" } else { "not to include" },
                if found { "does" } else { "does not" },
            ),
        );
    }
}

#[then("the list is empty")]
fn list_empty(w: &mut PortalWorld) {
    let list = expect_json(w, 200, "app-list", "listing apps");
    let apps = list["apps"].as_array().map(Vec::len).unwrap_or_default();
    if apps != 0 {
        panic!(
            "Expected an empty app list, but it holds {apps} apps.\n{}",
            shown(w.last())
        );
    }
}
