//! Production registration and removal (guide 3.7.1).

use super::apps::{issue_client, no_store};
use super::auth::OwnApp;
use super::views::{self, Secrets};
use super::{ids, redirect_uris, scopes};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::SandboxState;
use crate::store::records::ProductionClient;
use crate::tenants::Environment;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

/// The "Register Your Application in Production" form.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProductionRegistration)]
pub struct Registration {
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    redirect_uris: Value,
}

/// `POST /portal/api/apps/{id}/production`.
#[utoipa::path(
    post,
    path = "/apps/{id}/production",
    operation_id = "register_production",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    request_body(
        content = Registration,
        content_type = "application/json",
        example = crate::openapi::examples::production_registration
    ),
    responses(
        (status = 201, description = "the production client", content_type = "application/json", body = crate::openapi::ProductionClient, links(
            ("remove_production" = (operation_id = "remove_production", parameters(("id" = "$request.path.id")), description = "remove the production client")),
            ("register_production" = (operation_id = "register_production", parameters(("id" = "$request.path.id")), request_body = crate::openapi::examples::production_registration, description = "a second registration is refused (409)"))
        )),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid,
        crate::openapi::OwnAppErrors,
        crate::openapi::Conflict
    )
)]
pub async fn register(
    State(state): State<SandboxState>,
    own: OwnApp,
    JsonBody(form): JsonBody<Registration>,
) -> Result<Response, ApiError> {
    let current = &own.snapshot;
    let uris =
        redirect_uris::parse("redirect_uris", &form.redirect_uris).map_err(ApiError::Validation)?;
    // The production tenants must accept every scope the app registered.
    scopes::parse(
        &state.config.tenants,
        Environment::Production,
        &json!(current.app.scopes),
    )
    .map_err(ApiError::Validation)?;
    let (client, _) = issue_client(
        &state,
        Environment::Production,
        current.app.client_type.is_confidential(),
    );
    let snapshot = state.store.register_production(
        own.account.id,
        own.id(),
        ProductionClient {
            client,
            redirect_uris: uris,
            registered_at: state.clock.now(),
        },
    )?;
    let Some(production) = snapshot.app.production.as_ref() else {
        return Err(ApiError::Internal(
            "registered app has no production client".into(),
        ));
    };
    let mut body = views::production_client(production, Secrets::Revealed, &state.sealing_key);
    if let Value::Object(map) = &mut body {
        map.insert("app_id".into(), json!(ids::app(snapshot.app.id)));
        map.insert(
            "client_type".into(),
            json!(snapshot.app.client_type.as_str()),
        );
        map.insert("scopes".into(), json!(snapshot.app.scopes));
    }
    Ok(no_store(StatusCode::CREATED, body))
}

/// `DELETE /portal/api/apps/{id}/production`: the development client stays.
#[utoipa::path(
    delete,
    path = "/apps/{id}/production",
    operation_id = "remove_production",
    tag = "portal",
    params(("id" = String, Path, description = "the app id, e.g. `app-1`")),
    responses(
        (status = 204, description = "the production client is removed; the development client stays"),
        crate::openapi::OwnAppErrors,
        crate::openapi::Conflict
    )
)]
pub async fn remove(
    State(state): State<SandboxState>,
    own: OwnApp,
) -> Result<StatusCode, ApiError> {
    state
        .store
        .delete_production(own.account.id, own.id(), state.clock.now())?;
    Ok(StatusCode::NO_CONTENT)
}
