//! The security team's side: reviewing attestations and seeing every ticket.

use super::auth::Admin;
use super::{attestations, views};
use crate::error::ApiError;
use crate::extract::{JsonBody, Query};
use crate::state::SandboxState;
use crate::store::records::AttestationStatus;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

/// The review decision.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[serde(default)]
    #[schema(pattern = "^(approved|issue)$")]
    decision: String,
    reason: Option<String>,
}

/// `POST /portal/api/admin/attestations/{id}/review`.
#[utoipa::path(
    post,
    path = "/admin/attestations/{id}/review",
    operation_id = "review_attestation",
    tag = "admin",
    params(("id" = String, Path, description = "the attestation id, e.g. `att-1`")),
    request_body(
        content = Review,
        content_type = "application/json",
        example = json!({"decision": "approved"})
    ),
    responses(
        (status = 200, description = "the reviewed attestation", content_type = "application/json", body = crate::openapi::AttestationBody, links(
            ("review_attestation" = (operation_id = "review_attestation", parameters(("id" = "$request.path.id")), description = "a reviewed attestation is not reviewed again (409)")),
            ("register_production" = (operation_id = "register_production", parameters(("id" = "$response.body#/app_id")), request_body = crate::openapi::examples::production_registration, description = "the developer registers the approved app in production")),
            ("security_attestation" = (operation_id = "security_attestation", parameters(("id" = "$response.body#/app_id")), request_body = crate::openapi::examples::security_attestation, description = "after an `issue`, the developer resubmits the attestation"))
        )),
        (status = 404, description = "no such attestation", content_type = "application/problem+json", body = crate::openapi::Problem),
        crate::openapi::JsonBodyErrors,
        crate::openapi::Invalid,
        crate::openapi::AdminErrors,
        crate::openapi::Conflict
    )
)]
pub async fn review(
    State(state): State<SandboxState>,
    _admin: Admin,
    Path(id): Path<String>,
    JsonBody(review): JsonBody<Review>,
) -> Result<Json<Value>, ApiError> {
    let id = attestations::parse(&id)?;
    let decision = match review.decision.as_str() {
        "approved" => AttestationStatus::Approved,
        "issue" => AttestationStatus::Issue,
        other => {
            return Err(ApiError::invalid(
                "decision",
                "decision.unknown",
                format!("`{other}` is not a decision; use approved or issue"),
            ));
        }
    };
    let reason = review
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if decision == AttestationStatus::Issue && reason.is_none() {
        return Err(ApiError::invalid(
            "reason",
            "reason.required",
            "say what the developer must change; it is mailed to them",
        ));
    }
    let attestation =
        state
            .store
            .review_attestation(id, decision, reason, state.clock.now(), |a| match a.status {
                AttestationStatus::Approved => (
                    "Security attestation approved".to_owned(),
                    format!(
                        "The MiHIN Security Team approved the security attestation of `{}`. \
                         Once its privacy policy is submitted you can register it in production.\n",
                        a.app_name
                    ),
                ),
                _ => (
                    "Security attestation needs changes".to_owned(),
                    format!(
                        "The MiHIN Security Team found an issue with the security attestation of `{}`:\n\n{}\n\n\
                         Update the attestation and resubmit it from Attestation Requests.\n",
                        a.app_name,
                        a.reason.as_deref().unwrap_or("")
                    ),
                ),
            })?;
    Ok(Json(views::attestation(&attestation)))
}

/// `?status=` filter of the admin attestation list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusFilter {
    #[param(pattern = "^(pending|approved|issue)$")]
    status: Option<String>,
}

/// `GET /portal/api/admin/attestations`: the review queue.
#[utoipa::path(
    get,
    path = "/admin/attestations",
    operation_id = "admin_attestations",
    tag = "admin",
    params(StatusFilter),
    responses(
        (status = 200, description = "every developer's attestations", content_type = "application/json", body = crate::openapi::AttestationList, links(
            ("review_attestation" = (operation_id = "review_attestation", parameters(("id" = "$response.body#/attestations/0/id")), description = "review the first attestation listed")),
            ("security_attestation" = (operation_id = "security_attestation", parameters(("id" = "$response.body#/attestations/0/app_id")), request_body = crate::openapi::examples::security_attestation, description = "the developer resubmits the first listed attestation (allowed after an `issue`)"))
        )),
        crate::openapi::QueryErrors,
        crate::openapi::Invalid,
        crate::openapi::AdminErrors
    )
)]
pub async fn list(
    State(state): State<SandboxState>,
    _admin: Admin,
    Query(filter): Query<StatusFilter>,
) -> Result<Json<Value>, ApiError> {
    let status = match filter.status.as_deref() {
        None => None,
        Some("pending") => Some(AttestationStatus::Pending),
        Some("approved") => Some(AttestationStatus::Approved),
        Some("issue") => Some(AttestationStatus::Issue),
        Some(other) => {
            return Err(ApiError::MalformedQuery(format!(
                "`status`: `{other}` is not pending, approved or issue"
            )));
        }
    };
    let list: Vec<Value> = state
        .store
        .attestations(None, status)
        .iter()
        .map(views::attestation)
        .collect();
    Ok(Json(json!({"attestations": list})))
}

/// `GET /portal/api/admin/tickets`: the help desk's queue.
#[utoipa::path(
    get,
    path = "/admin/tickets",
    operation_id = "admin_tickets",
    tag = "admin",
    responses(
        (status = 200, description = "every ticket", content_type = "application/json", body = crate::openapi::TicketList),
        crate::openapi::AdminErrors
    )
)]
pub async fn tickets(State(state): State<SandboxState>, _admin: Admin) -> Json<Value> {
    let list: Vec<Value> = state
        .store
        .tickets(None)
        .iter()
        .map(views::ticket)
        .collect();
    Json(json!({"tickets": list}))
}
