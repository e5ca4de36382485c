//! Registering apps and the application dashboard (guide 3.2, 3.3).

use super::app_input::{Checker, Edit, Registration};
use super::auth::{Developer, OwnApp};
use super::views::{self, Secrets};
use super::{ids, redirect_uris, scopes};
use crate::error::ApiError;
use crate::extract::{JsonBody, Query};
use crate::secrets::{StoredSecret, random_hex};
use crate::state::SandboxState;
use crate::store::records::Client;
use crate::store::{AppChanges, NewApp};
use crate::tenants::Environment;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

/// Issues a client of `environment`: an id that says which side it belongs to, and a
/// secret for confidential types.
pub fn issue_client(
    state: &SandboxState,
    environment: Environment,
    confidential: bool,
) -> (Client, Option<String>) {
    let prefix = match environment {
        Environment::Development => "dev",
        Environment::Production => "prod",
    };
    let (plain, secret) = if confidential {
        let (plain, stored) = StoredSecret::issue(&state.sealing_key);
        (Some(plain), Some(stored))
    } else {
        (None, None)
    };
    let client = Client {
        client_id: format!("{prefix}-{}", random_hex(24)),
        secret,
    };
    (client, plain)
}

/// Dashboards and sign-ins show credentials: never let a browser or proxy keep them.
pub fn no_store(status: StatusCode, body: Value) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    (status, headers, Json(body)).into_response()
}

/// `POST /portal/api/apps`.
#[utoipa::path(
    post,
    path = "/apps",
    operation_id = "create_app",
    tag = "portal",
    request_body(
        content = crate::portal::app_input::Registration,
        content_type = "application/json",
        example = json!({"name": "Member Health", "client_type": "confidential-basic", "grant_type": "authorization_code",
            "scopes": ["openid", "fhirUser", "launch/patient", "patient/Patient.read"], "redirect_uris": ["https://app.example/callback"]})
    ),
    responses(
        (status = 201, description = "the new app's dashboard, secret revealed", content_type = "application/json", body = crate::openapi::AppDashboard, links(
            ("app_dashboard" = (operation_id = "app_dashboard", parameters(("id" = "$response.body#/id")), description = "the new app's dashboard")),
            ("update_app" = (operation_id = "update_app", parameters(("id" = "$response.body#/id")), description = "edit the new app")),
            ("delete_app" = (operation_id = "delete_app", parameters(("id" = "$response.body#/id")), description = "delete the new app")),
            ("upload_privacy_policy" = (operation_id = "upload_privacy_policy", parameters(("id" = "$response.body#/id")), description = "upload its privacy policy")),
            ("view_privacy_policy" = (operation_id = "view_privacy_policy", parameters(("id" = "$response.body#/id")), description = "view its privacy policy")),
            ("remove_privacy_policy" = (operation_id = "remove_privacy_policy", parameters(("id" = "$response.body#/id")), description = "remove its privacy policy")),
            ("submit_privacy_policy" = (operation_id = "submit_privacy_policy", parameters(("id" = "$response.body#/id")), description = "submit its privacy policy")),
            ("privacy_attestation" = (operation_id = "privacy_attestation", parameters(("id" = "$response.body#/id")), request_body = crate::openapi::examples::privacy_attestation, description = "submit its privacy attestation")),
            ("security_attestation" = (operation_id = "security_attestation", parameters(("id" = "$response.body#/id")), request_body = crate::openapi::examples::security_attestation, description = "submit its security attestation")),
            ("register_production" = (operation_id = "register_production", parameters(("id" = "$response.body#/id")), request_body = crate::openapi::examples::production_registration, description = "register it in production")),
            ("remove_production" = (operation_id = "remove_production", parameters(("id" = "$response.body#/id")), description = "remove its production client"))
        )),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid,
        crate::openapi::DeveloperErrors
    )
)]
pub async fn create(
    State(state): State<SandboxState>,
    Developer(account): Developer,
    JsonBody(form): JsonBody<Registration>,
) -> Result<Response, ApiError> {
    let checked = form
        .check(&state.config.tenants)
        .map_err(ApiError::Validation)?;
    let (development, _) = issue_client(
        &state,
        Environment::Development,
        checked.client_type.is_confidential(),
    );
    let snapshot = state.store.create_app(
        NewApp {
            owner: account.id,
            name: checked.name,
            client_type: checked.client_type,
            scopes: checked.scopes,
            redirect_uris: checked.redirect_uris,
            development,
        },
        state.clock.now(),
    );
    let mut response = no_store(
        StatusCode::CREATED,
        views::dashboard(&snapshot, Secrets::Revealed, &state.sealing_key),
    );
    if let Ok(location) =
        HeaderValue::from_str(&format!("/portal/api/apps/{}", ids::app(snapshot.app.id)))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /portal/api/apps`: the OAuth Management list.
#[utoipa::path(
    get,
    path = "/apps",
    operation_id = "list_apps",
    tag = "portal",
    responses(
        (status = 200, description = "the caller's apps, oldest first, secrets masked", content_type = "application/json", body = crate::openapi::AppList, links(
            ("app_dashboard" = (operation_id = "app_dashboard", parameters(("id" = "$response.body#/apps/0/id")), description = "the first app's dashboard")),
            ("update_app" = (operation_id = "update_app", parameters(("id" = "$response.body#/apps/0/id")), description = "edit the first app")),
            ("upload_privacy_policy" = (operation_id = "upload_privacy_policy", parameters(("id" = "$response.body#/apps/0/id")), description = "upload its privacy policy")),
            ("view_privacy_policy" = (operation_id = "view_privacy_policy", parameters(("id" = "$response.body#/apps/0/id")), description = "view its privacy policy")),
            ("submit_privacy_policy" = (operation_id = "submit_privacy_policy", parameters(("id" = "$response.body#/apps/0/id")), description = "submit its privacy policy")),
            ("privacy_attestation" = (operation_id = "privacy_attestation", parameters(("id" = "$response.body#/apps/0/id")), request_body = crate::openapi::examples::privacy_attestation, description = "submit its privacy attestation")),
            ("security_attestation" = (operation_id = "security_attestation", parameters(("id" = "$response.body#/apps/0/id")), request_body = crate::openapi::examples::security_attestation, description = "submit its security attestation")),
            ("register_production" = (operation_id = "register_production", parameters(("id" = "$response.body#/apps/0/id")), request_body = crate::openapi::examples::production_registration, description = "register it in production"))
        )),
        crate::openapi::DeveloperErrors
    )
)]
pub async fn list(State(state): State<SandboxState>, Developer(account): Developer) -> Response {
    let apps = state.store.apps(account.id);
    let production = apps.iter().filter(|s| s.app.production.is_some()).count();
    let views: Vec<Value> = apps
        .iter()
        .map(|s| views::dashboard(s, Secrets::Masked, &state.sealing_key))
        .collect();
    no_store(
        StatusCode::OK,
        json!({
            "apps": views,
            "development_clients": apps.len(),
            "production_clients": production,
        }),
    )
}

/// `?reveal=true` on the dashboard.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevealQuery {
    #[serde(default)]
    reveal: bool,
}

/// `GET /portal/api/apps/{id}`: the Application Dashboard.
#[utoipa::path(
    get,
    path = "/apps/{id}",
    operation_id = "app_dashboard",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`"), RevealQuery),
    responses(
        (status = 200, description = "the application dashboard", content_type = "application/json", body = crate::openapi::AppDashboard),
        crate::openapi::QueryErrors,
        crate::openapi::OwnAppErrors
    )
)]
pub async fn dashboard(
    State(state): State<SandboxState>,
    own: OwnApp,
    Query(query): Query<RevealQuery>,
) -> Response {
    let mode = if query.reveal {
        Secrets::Revealed
    } else {
        Secrets::Masked
    };
    no_store(
        StatusCode::OK,
        views::dashboard(&own.snapshot, mode, &state.sealing_key),
    )
}

/// `PATCH /portal/api/apps/{id}`: edit details and optional information.
#[utoipa::path(
    patch,
    path = "/apps/{id}",
    operation_id = "update_app",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    request_body = crate::portal::app_input::Edit,
    responses(
        (status = 200, description = "the updated dashboard", content_type = "application/json", body = crate::openapi::AppDashboard),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid,
        crate::openapi::OwnAppErrors,
        crate::openapi::Conflict
    )
)]
pub async fn update(
    State(state): State<SandboxState>,
    own: OwnApp,
    JsonBody(edit): JsonBody<Edit>,
) -> Result<Response, ApiError> {
    let mut c = Checker::default();
    let name = edit
        .name
        .is_some()
        .then(|| c.name(edit.name.as_deref()))
        .flatten();
    let client_type = edit
        .client_type
        .is_some()
        .then(|| c.client_type(edit.client_type.as_deref()))
        .flatten();
    c.grant_type(edit.grant_type.as_deref());
    let new_scopes = edit.scopes.as_ref().and_then(|v| {
        c.keep(scopes::parse(
            &state.config.tenants,
            Environment::Development,
            v,
        ))
    });
    let new_uris = edit
        .redirect_uris
        .as_ref()
        .and_then(|v| c.keep(redirect_uris::parse("redirect_uris", v)));
    let optional_info = edit.optional_info.and_then(|e| c.optional_info(e));
    if !c.errors.is_empty() {
        return Err(ApiError::Validation(c.errors));
    }
    let client_type = client_type.map(|t| {
        let fresh = (t.is_confidential() && own.snapshot.app.development.secret.is_none())
            .then(|| StoredSecret::issue(&state.sealing_key).1);
        (t, fresh)
    });
    let secret_issued = client_type.as_ref().is_some_and(|(_, s)| s.is_some());
    let snapshot = state.store.update_app(
        own.account.id,
        own.id(),
        AppChanges {
            name,
            client_type,
            scopes: new_scopes,
            redirect_uris: new_uris,
            optional_info,
        },
        state.clock.now(),
    )?;
    // A secret issued by this edit is shown once here, as at registration.
    let mode = if secret_issued {
        Secrets::Revealed
    } else {
        Secrets::Masked
    };
    Ok(no_store(
        StatusCode::OK,
        views::dashboard(&snapshot, mode, &state.sealing_key),
    ))
}

/// `DELETE /portal/api/apps/{id}`.
#[utoipa::path(
    delete,
    path = "/apps/{id}",
    operation_id = "delete_app",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    responses(
        (status = 204, description = "the app, its production client, policy and attestations are gone"),
        crate::openapi::OwnAppErrors
    )
)]
pub async fn delete(
    State(state): State<SandboxState>,
    own: OwnApp,
) -> Result<StatusCode, ApiError> {
    state
        .store
        .delete_app(own.account.id, own.id(), state.clock.now())?;
    Ok(StatusCode::NO_CONTENT)
}
