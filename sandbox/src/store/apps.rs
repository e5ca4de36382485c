//! Apps, their privacy policy and attestation answers, and production clients.

use super::records::*;
use super::{State, Store, StoreError};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// A validated registration (guide 3.2).
pub struct NewApp {
    pub owner: u64,
    pub name: String,
    pub client_type: ClientType,
    pub scopes: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub development: Client,
}

/// A validated edit of the dashboard's details and optional information.
#[derive(Default)]
pub struct AppChanges {
    pub name: Option<String>,
    /// The new type and, when it needs one and the app has none yet, a fresh secret.
    pub client_type: Option<(ClientType, Option<crate::secrets::StoredSecret>)>,
    pub scopes: Option<Vec<String>>,
    pub redirect_uris: Option<Vec<String>>,
    pub optional_info: Option<OptionalInfoPatch>,
}

/// A prerequisite of production registration that is not met yet (guide 3.7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductionGap {
    PolicyNotSubmitted { uploaded: bool },
    AttestationNotApproved(Option<AttestationStatus>),
}

/// An app together with its latest security attestation: what a dashboard shows.
#[derive(Debug, Clone)]
pub struct AppSnapshot {
    pub app: App,
    pub attestation: Option<SecurityAttestation>,
}

impl AppSnapshot {
    /// What still stands between the app and production.
    pub fn production_gaps(&self) -> Vec<ProductionGap> {
        let mut gaps = Vec::new();
        let policy = self.app.privacy_policy.as_ref();
        if policy.is_none_or(|p| p.submitted_at.is_none()) {
            gaps.push(ProductionGap::PolicyNotSubmitted {
                uploaded: policy.is_some(),
            });
        }
        let status = self.attestation.as_ref().map(|a| a.status);
        if status != Some(AttestationStatus::Approved) {
            gaps.push(ProductionGap::AttestationNotApproved(status));
        }
        gaps
    }
}

pub(super) fn latest_attestation(state: &State, app_id: u64) -> Option<&SecurityAttestation> {
    state
        .attestations
        .values()
        .rev()
        .find(|a| a.app_id == app_id)
}

fn snapshot(state: &State, app: &App) -> AppSnapshot {
    AppSnapshot {
        app: app.clone(),
        attestation: latest_attestation(state, app.id).cloned(),
    }
}

fn owned_mut(state: &mut State, owner: u64, id: u64) -> Result<&mut App, StoreError> {
    state
        .apps
        .get_mut(&id)
        .filter(|a| a.owner == owner)
        .ok_or(StoreError::NotFound("app"))
}

impl Store {
    /// Registers a new app with its development client.
    pub fn create_app(&self, new: NewApp, now: OffsetDateTime) -> AppSnapshot {
        let mut state = self.write();
        let id = state.next_id();
        let app = App {
            id,
            owner: new.owner,
            name: new.name,
            client_type: new.client_type,
            scopes: new.scopes,
            redirect_uris: new.redirect_uris,
            optional_info: OptionalInfo::default(),
            development: new.development,
            production: None,
            privacy_policy: None,
            privacy_attestation: None,
            created_at: now,
            updated_at: now,
        };
        state.apps.insert(id, app.clone());
        AppSnapshot {
            app,
            attestation: None,
        }
    }

    /// The owner's apps, oldest first. Another developer's apps never appear.
    pub fn apps(&self, owner: u64) -> Vec<AppSnapshot> {
        let state = self.read();
        state
            .apps
            .values()
            .filter(|a| a.owner == owner)
            .map(|a| snapshot(&state, a))
            .collect()
    }

    /// One of the owner's apps; another developer's is "not found", never "forbidden".
    pub fn app(&self, owner: u64, id: u64) -> Result<AppSnapshot, StoreError> {
        let state = self.read();
        let app = state
            .apps
            .get(&id)
            .filter(|a| a.owner == owner)
            .ok_or(StoreError::NotFound("app"))?;
        Ok(snapshot(&state, app))
    }

    /// Applies a dashboard edit.
    pub fn update_app(
        &self,
        owner: u64,
        id: u64,
        changes: AppChanges,
        now: OffsetDateTime,
    ) -> Result<AppSnapshot, StoreError> {
        let mut state = self.write();
        let app = owned_mut(&mut state, owner, id)?;
        if let Some((client_type, fresh_secret)) = changes.client_type {
            if client_type != app.client_type && app.production.is_some() {
                return Err(StoreError::AlreadyInProduction);
            }
            if !client_type.is_confidential() {
                app.development.secret = None;
            } else if app.development.secret.is_none() {
                app.development.secret = fresh_secret;
            }
            app.client_type = client_type;
        }
        if let Some(name) = changes.name {
            app.name = name;
        }
        if let Some(scopes) = changes.scopes {
            app.scopes = scopes;
        }
        if let Some(uris) = changes.redirect_uris {
            app.redirect_uris = uris;
        }
        if let Some(patch) = changes.optional_info {
            patch.apply(&mut app.optional_info);
        }
        app.updated_at = now;
        let app = app.clone();
        Ok(snapshot(&state, &app))
    }

    /// Deletes an app with its clients, policy and attestations; its tickets are resolved.
    pub fn delete_app(&self, owner: u64, id: u64, now: OffsetDateTime) -> Result<(), StoreError> {
        let mut state = self.write();
        owned_mut(&mut state, owner, id)?;
        state.apps.remove(&id);
        state.attestations.retain(|_, a| a.app_id != id);
        for ticket in state.tickets.values_mut().filter(|t| t.app_id == Some(id)) {
            if !ticket.resolved {
                ticket.resolved = true;
                ticket.updated_at = now;
            }
        }
        Ok(())
    }

    /// Stores (or replaces) the privacy policy; says whether one was replaced.
    pub fn put_privacy_policy(
        &self,
        owner: u64,
        id: u64,
        policy: PrivacyPolicy,
    ) -> Result<(PrivacyPolicy, bool), StoreError> {
        let mut state = self.write();
        let app = owned_mut(&mut state, owner, id)?;
        if app.production.is_some() {
            return Err(StoreError::PolicyInProduction);
        }
        app.updated_at = policy.uploaded_at;
        let replaced = app.privacy_policy.replace(policy.clone()).is_some();
        Ok((policy, replaced))
    }

    /// Removes the policy (guide 3.3.1 "Remove").
    pub fn delete_privacy_policy(
        &self,
        owner: u64,
        id: u64,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut state = self.write();
        let app = owned_mut(&mut state, owner, id)?;
        if app.production.is_some() {
            return Err(StoreError::PolicyInProduction);
        }
        app.privacy_policy.take().ok_or(StoreError::NoPolicy)?;
        app.updated_at = now;
        Ok(())
    }

    /// Submits the uploaded policy (guide 3.3.1 step 4); submitting again keeps the first time.
    pub fn submit_privacy_policy(
        &self,
        owner: u64,
        id: u64,
        now: OffsetDateTime,
    ) -> Result<PrivacyPolicy, StoreError> {
        let mut state = self.write();
        let app = owned_mut(&mut state, owner, id)?;
        let policy = app.privacy_policy.as_mut().ok_or(StoreError::NoPolicy)?;
        policy.submitted_at.get_or_insert(now);
        let policy = policy.clone();
        app.updated_at = now;
        Ok(policy)
    }

    /// Records the privacy attestation answers; a later submission replaces them.
    pub fn submit_privacy_attestation(
        &self,
        owner: u64,
        id: u64,
        answers: BTreeMap<String, String>,
        now: OffsetDateTime,
    ) -> Result<PrivacyAttestation, StoreError> {
        let mut state = self.write();
        let app = owned_mut(&mut state, owner, id)?;
        let attestation = PrivacyAttestation {
            answers,
            submitted_at: now,
        };
        app.privacy_attestation = Some(attestation.clone());
        app.updated_at = now;
        Ok(attestation)
    }

    /// Registers the production client if every prerequisite is met, atomically with the check.
    pub fn register_production(
        &self,
        owner: u64,
        id: u64,
        production: ProductionClient,
    ) -> Result<AppSnapshot, StoreError> {
        let mut state = self.write();
        let current = {
            let app = state
                .apps
                .get(&id)
                .filter(|a| a.owner == owner)
                .ok_or(StoreError::NotFound("app"))?;
            snapshot(&state, app)
        };
        if current.app.production.is_some() {
            return Err(StoreError::AlreadyInProduction);
        }
        let gaps = current.production_gaps();
        if !gaps.is_empty() {
            return Err(StoreError::NotReadyForProduction(gaps));
        }
        let app = owned_mut(&mut state, owner, id)?;
        app.updated_at = production.registered_at;
        app.production = Some(production);
        let app = app.clone();
        Ok(snapshot(&state, &app))
    }

    /// Removes the production client; the development client stays (guide 3.7.1).
    pub fn delete_production(
        &self,
        owner: u64,
        id: u64,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut state = self.write();
        let app = owned_mut(&mut state, owner, id)?;
        app.production
            .take()
            .ok_or(StoreError::NotFound("production client"))?;
        app.updated_at = now;
        Ok(())
    }
}
