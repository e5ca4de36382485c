//! `conform postman`: a Postman collection (format v2.1.0) for one tenant of the sandbox.
//!
//! The portal guide's users test their connection with Postman (sections 3.5 and 3.6): a
//! token request with the client's credentials in the Body tab, a collection-level Bearer
//! token, "Get Patient Data" and the other resource queries, and the provider-directory
//! endpoints of 3.7.2.2. This module writes that collection for the sandbox, so a developer
//! imports one file instead of typing twenty requests, and it cannot drift from what is
//! served: the resource types and search parameters come from the sandbox's own definitions
//! ([`sandbox::served_types`]), the scopes from the tenant's.
//!
//! Layout: [`client`] (how each client type authenticates), [`items`] (requests, auth and
//! bodies as Postman JSON), [`scripts`] (the test scripts), [`folders`] (what each folder
//! holds), [`collection`] (the whole document). Same inputs, same bytes: no timestamps, and
//! the `_postman_id` and the PKCE pair are derived from the inputs.

pub mod client;
pub mod collection;
mod folders;
mod items;
pub mod scripts;

pub use client::ClientType;
pub use collection::{CollectionOptions, SCHEMA_URL, build};

/// Why no collection could be written; said in one line by `conform postman`.
#[derive(Debug, thiserror::Error)]
pub enum PostmanError {
    /// The tenant is not one the sandbox serves (bundled tenants or `--tenants FILE`).
    #[error("unknown tenant `{tenant}`: the tenants are {known}")]
    UnknownTenant {
        /// The tenant asked for.
        tenant: String,
        /// The tenants there are, comma-separated.
        known: String,
    },
    /// The base URL is not an absolute http(s) URL.
    #[error("--base-url `{0}` is not an absolute http:// or https:// URL")]
    BaseUrl(String),
    /// The tenants file could not be read or is not valid.
    #[error(transparent)]
    Tenants(#[from] sandbox::TenantsError),
    /// The collection could not be serialized (a defect of ours).
    #[error("cannot serialize the collection: {0}")]
    Serialize(#[from] serde_json::Error),
    /// The output file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file asked for with `--out`.
        path: String,
        /// What the file system said.
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests;
