//! Security attestations and the security team's review (guide 3.3.3).

use super::accounts::push_mail;
use super::apps::latest_attestation;
use super::records::*;
use super::{Store, StoreError};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Severity of the ticket opened for a review: a request with minimal business
/// impact in the guide's section 4 table.
pub const REVIEW_TICKET_SEVERITY: u8 = 4;

impl Store {
    /// Submits (or, from `issue`, resubmits) a security attestation and opens its ticket.
    pub fn submit_security_attestation(
        &self,
        owner: u64,
        app_id: u64,
        answers: BTreeMap<String, String>,
        now: OffsetDateTime,
    ) -> Result<SecurityAttestation, StoreError> {
        let mut state = self.write();
        let app = state
            .apps
            .get(&app_id)
            .filter(|a| a.owner == owner)
            .ok_or(StoreError::NotFound("app"))?;
        let app_name = app.name.clone();
        let resubmission = match latest_attestation(&state, app_id).map(|a| a.status) {
            Some(AttestationStatus::Pending) => return Err(StoreError::AttestationPending),
            Some(AttestationStatus::Approved) => return Err(StoreError::AttestationApproved),
            Some(AttestationStatus::Issue) => true,
            None => false,
        };
        let ticket_id = state.next_id();
        let id = state.next_id();
        let verb = if resubmission { "Resubmitted" } else { "New" };
        state.tickets.insert(
            ticket_id,
            Ticket {
                id: ticket_id,
                owner,
                subject: format!("{verb} security attestation for {app_name}"),
                description: format!(
                    "Security attestation att-{id} for app `{app_name}` awaits the security team's review."
                ),
                severity: REVIEW_TICKET_SEVERITY,
                resolved: false,
                app_id: Some(app_id),
                attestation_id: Some(id),
                created_at: now,
                updated_at: now,
            },
        );
        let attestation = SecurityAttestation {
            id,
            app_id,
            app_name,
            owner,
            answers,
            status: AttestationStatus::Pending,
            submitted_at: now,
            reviewed_at: None,
            reason: None,
            ticket_id,
        };
        state.attestations.insert(id, attestation.clone());
        if let Some(app) = state.apps.get_mut(&app_id) {
            app.updated_at = now;
        }
        Ok(attestation)
    }

    /// Attestations newest first: one developer's, or all of them for the security team.
    pub fn attestations(
        &self,
        owner: Option<u64>,
        status: Option<AttestationStatus>,
    ) -> Vec<SecurityAttestation> {
        self.read()
            .attestations
            .values()
            .rev()
            .filter(|a| owner.is_none_or(|o| a.owner == o))
            .filter(|a| status.is_none_or(|s| a.status == s))
            .cloned()
            .collect()
    }

    /// The security team's decision: resolves the ticket and mails the developer.
    pub fn review_attestation(
        &self,
        id: u64,
        decision: AttestationStatus,
        reason: Option<String>,
        now: OffsetDateTime,
        mail: impl FnOnce(&SecurityAttestation) -> (String, String),
    ) -> Result<SecurityAttestation, StoreError> {
        let mut state = self.write();
        let attestation = state
            .attestations
            .get_mut(&id)
            .ok_or(StoreError::NotFound("attestation"))?;
        if attestation.status != AttestationStatus::Pending {
            return Err(StoreError::AttestationNotPending(
                attestation.status.as_str(),
            ));
        }
        attestation.status = decision;
        attestation.reviewed_at = Some(now);
        attestation.reason = reason;
        let attestation = attestation.clone();
        if let Some(ticket) = state.tickets.get_mut(&attestation.ticket_id) {
            ticket.resolved = true;
            ticket.updated_at = now;
        }
        if let Some(app) = state.apps.get_mut(&attestation.app_id) {
            app.updated_at = now;
        }
        let to = state
            .accounts
            .get(&attestation.owner)
            .map(|a| a.email.clone());
        if let Some(to) = to {
            let (subject, body) = mail(&attestation);
            push_mail(&mut state, &to, subject, body, now);
        }
        Ok(attestation)
    }
}
