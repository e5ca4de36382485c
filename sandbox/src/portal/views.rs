//! The JSON the portal answers with, built from store records.
//!
//! Kept in one place so that every endpoint shows an app, an attestation or a ticket
//! the same way, and so that secrets are masked by default everywhere.

use super::ids;
use crate::clock::rfc3339;
use crate::secrets::{SealingKey, StoredSecret};
use crate::store::AppSnapshot;
use crate::store::records::*;
use crate::store::{ProductionGap, ticket_ref};
use serde_json::{Value, json};
use time::OffsetDateTime;

/// What the dashboard shows instead of a secret until the owner asks to reveal it.
pub const MASK: &str = "********";

/// Whether secrets are shown in the clear.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    Masked,
    Revealed,
}

fn time(t: OffsetDateTime) -> Value {
    Value::String(rfc3339(t))
}

fn opt_time(t: Option<OffsetDateTime>) -> Value {
    t.map(time).unwrap_or(Value::Null)
}

/// A developer's account.
pub fn account(a: &Account) -> Value {
    json!({
        "id": format!("acct-{}", a.id),
        "username": a.username,
        "email": a.email,
        "email_verified": a.email_verified,
        "terms_accepted": a.terms_accepted_at.is_some(),
        "created_at": time(a.created_at),
    })
}

fn secret(s: Option<&StoredSecret>, mode: Secrets, key: &SealingKey) -> Value {
    match (s, mode) {
        (None, _) => Value::Null,
        (Some(_), Secrets::Masked) => Value::String(MASK.into()),
        (Some(s), Secrets::Revealed) => s.reveal(key).map(Value::String).unwrap_or(Value::Null),
    }
}

/// A production client as registration answers it and the dashboard lists it.
pub fn production_client(p: &ProductionClient, mode: Secrets, key: &SealingKey) -> Value {
    json!({
        "client_id": p.client.client_id,
        "client_secret": secret(p.client.secret.as_ref(), mode, key),
        "redirect_uris": p.redirect_uris,
        "registered_at": time(p.registered_at),
    })
}

/// The privacy policy tile.
pub fn privacy_policy(p: Option<&PrivacyPolicy>) -> Value {
    match p {
        None => json!({
            "status": "not_uploaded", "filename": null, "size_bytes": null,
            "sha256": null, "uploaded_at": null, "submitted_at": null,
        }),
        Some(p) => json!({
            "status": if p.submitted_at.is_some() { "submitted" } else { "uploaded" },
            "filename": p.filename,
            "size_bytes": p.bytes.len(),
            "sha256": p.sha256,
            "uploaded_at": time(p.uploaded_at),
            "submitted_at": opt_time(p.submitted_at),
        }),
    }
}

/// The application dashboard (guide 3.3, figure 9).
pub fn dashboard(s: &AppSnapshot, mode: Secrets, key: &SealingKey) -> Value {
    let app = &s.app;
    let info = &app.optional_info;
    let missing: Vec<&str> = s
        .production_gaps()
        .iter()
        .map(|g| match g {
            ProductionGap::PolicyNotSubmitted { .. } => "privacy_policy",
            ProductionGap::AttestationNotApproved(_) => "security_attestation",
        })
        .collect();
    json!({
        "id": ids::app(app.id),
        "name": app.name,
        "details": {
            "client_type": app.client_type.as_str(),
            "grant_type": "authorization_code",
            "scopes": app.scopes,
            "redirect_uris": app.redirect_uris,
        },
        "optional_info": {
            "organization_website": info.organization_website,
            "description": info.description,
            "contacts": info.contacts,
            "support_email": info.support_email,
            "documentation_url": info.documentation_url,
        },
        "credentials": {
            "development": {
                "client_id": app.development.client_id,
                "client_secret": secret(app.development.secret.as_ref(), mode, key),
            },
            "production": app.production.as_ref().map(|p| production_client(p, mode, key)),
        },
        "privacy_policy": privacy_policy(app.privacy_policy.as_ref()),
        "privacy_attestation": match &app.privacy_attestation {
            None => json!({"status": "not_submitted", "submitted_at": null}),
            Some(p) => json!({"status": "submitted", "submitted_at": time(p.submitted_at)}),
        },
        "security_attestation": match &s.attestation {
            None => json!({"status": "not_submitted", "attestation_id": null, "reason": null, "updated_at": null}),
            Some(a) => json!({
                "status": a.status.as_str(),
                "attestation_id": ids::attestation(a.id),
                "reason": a.reason,
                "updated_at": time(a.reviewed_at.unwrap_or(a.submitted_at)),
            }),
        },
        "production_readiness": {"ready": missing.is_empty(), "missing": missing},
        "created_at": time(app.created_at),
        "updated_at": time(app.updated_at),
    })
}

/// A security attestation request as the Attestation Requests page lists it.
pub fn attestation(a: &SecurityAttestation) -> Value {
    json!({
        "id": ids::attestation(a.id),
        "app_id": ids::app(a.app_id),
        "app_name": a.app_name,
        "status": a.status.as_str(),
        "answers": a.answers,
        "submitted_at": time(a.submitted_at),
        "reviewed_at": opt_time(a.reviewed_at),
        "reason": a.reason,
        "ticket_id": ticket_ref(a.ticket_id),
    })
}

/// A help-desk ticket.
pub fn ticket(t: &Ticket) -> Value {
    json!({
        "id": ticket_ref(t.id),
        "subject": t.subject,
        "description": t.description,
        "severity": t.severity,
        "status": if t.resolved { "resolved" } else { "open" },
        "app_id": t.app_id.map(ids::app),
        "attestation_id": t.attestation_id.map(ids::attestation),
        "created_at": time(t.created_at),
        "updated_at": time(t.updated_at),
    })
}
