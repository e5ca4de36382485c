//! The tenant FHIR R4 APIs (contract: "FHIR R4"; guide 3.6, 3.7.2): the Patient Access
//! API behind a member's token and the open Provider Directory API, under
//! `/{tenant}/fhir`.
//!
//! The pipeline of a search, file by file: `negotiate` (JSON only), `access` (token,
//! scope, patient), `search` (read the query, match rows from the `index`es of each
//! `table`, follow includes, page), `bundle` (write the searchset). The types and
//! their parameters come from `patient_access` and `directory`; the data from `data`,
//! which builds it with `seed`. Every refusal is an OperationOutcome (`error`).

mod access;
mod bundle;
mod capability;
pub mod data;
pub(crate) mod date;
pub mod definition;
mod extract;
pub(crate) mod handlers;
mod index;
mod negotiate;
pub mod profiles;
pub(crate) mod search;
mod strings;
mod table;
pub mod types;

use crate::state::SandboxState;
use axum::Router;
use axum::routing::{any, get, post};

/// The FHIR routes of every tenant.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route(
            "/{tenant}/fhir",
            get(handlers::base).fallback(handlers::read_only),
        )
        .route(
            "/{tenant}/fhir/",
            get(handlers::base).fallback(handlers::read_only),
        )
        .route(
            "/{tenant}/fhir/metadata",
            get(handlers::metadata).fallback(handlers::read_only),
        )
        .route(
            "/{tenant}/fhir/{type}",
            get(handlers::search_get).fallback(handlers::read_only),
        )
        .route(
            "/{tenant}/fhir/{type}/_search",
            post(handlers::search_post)
                .get(handlers::search_get)
                .fallback(handlers::read_only),
        )
        .route(
            "/{tenant}/fhir/{type}/{id}",
            get(handlers::read).fallback(handlers::read_only),
        )
        .route(
            "/{tenant}/fhir/{type}/{id}/{operation}",
            get(handlers::instance_operation)
                .post(handlers::instance_operation)
                .fallback(handlers::read_only),
        )
        .route(
            "/{tenant}/fhir/{type}/{id}/{history}/{version}",
            get(handlers::vread).fallback(handlers::read_only),
        )
        .route(
            "/{tenant}/fhir/{type}/{id}/{history}/{version}/{*rest}",
            any(handlers::unknown_path),
        )
}

#[cfg(test)]
mod tests;
