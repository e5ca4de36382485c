//! Who may see what: the Patient Access API needs a live token of this tenant with a
//! scope for the resource type, and shows only the token's own patient; the
//! directory is open.

use super::definition::{Api, ResourceDef};
use crate::error::FhirError;
use crate::oauth::bearer::{self, BearerError};
use crate::oauth::smart_scopes;
use crate::state::SandboxState;
use axum::http::HeaderMap;

/// What a request wants to do with a type, for the scope check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interaction {
    Read,
    Search,
}

/// The patient whose records the request may see, or `None` for the open directory.
pub fn patient_context(
    state: &SandboxState,
    tenant: &str,
    headers: &HeaderMap,
    def: &ResourceDef,
    interaction: Interaction,
) -> Result<Option<String>, FhirError> {
    if def.api == Api::Directory {
        return Ok(None);
    }
    let claims = bearer::check(state, tenant, headers)?;
    let held: Vec<String> = claims["scope"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let letter = match interaction {
        Interaction::Read => "r",
        Interaction::Search => "s",
    };
    if !smart_scopes::permits(&held, &format!("patient/{}.{letter}", def.name)) {
        return Err(BearerError::InsufficientScope(format!("patient/{}.read", def.name)).into());
    }
    let patient =
        claims["patient"]
            .as_str()
            .filter(|p| !p.is_empty())
            .ok_or(BearerError::InvalidToken(
                "the access token is bound to no patient",
            ))?;
    Ok(Some(patient.to_owned()))
}
