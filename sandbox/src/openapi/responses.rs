//! The refusals many operations share, as `utoipa::IntoResponses` groups, so each
//! handler's annotation lists its own answers and names the groups it can also fail with:
//! `responses((status = 200, ...), JsonBodyErrors, DeveloperErrors)`.
//!
//! Every refusal is `application/problem+json` with the `problem` schema; the groups
//! follow the table in `docs/portal-api.md` and the extractors that produce them
//! (`extract::JsonBody`, `extract::Query`, `portal::auth`).

use std::collections::BTreeMap;
use utoipa::IntoResponses;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};

/// The media type of every refusal.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem+json response described by `description`.
pub fn problem(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("problem")))
                .build(),
        )
        .build()
        .into()
}

fn group(entries: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    entries
        .iter()
        .map(|(status, description)| ((*status).to_owned(), problem(description)))
        .collect()
}

macro_rules! problem_group {
    ($($(#[$doc:meta])* $name:ident { $($status:literal => $description:literal),* $(,)? })*) => {
        $(
            $(#[$doc])*
            pub struct $name;

            impl IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<Response>> {
                    group(&[$(($status, $description)),*])
                }
            }
        )*
    };
}

problem_group! {
    /// What `JsonBody` refuses before the handler runs.
    JsonBodyErrors {
        "400" => "malformed request body: not JSON, the wrong shape, or an unknown field",
        "413" => "payload too large (JSON bodies: 1 MiB)",
        "415" => "unsupported media type: the body must be application/json",
    }
    /// Field rules broken (`errors` names each).
    Invalid {
        "422" => "invalid request: `errors` names each broken rule",
    }
    /// What `Query` refuses.
    QueryErrors {
        "400" => "malformed query: a parameter of the wrong type",
    }
    /// A call that needs a session (`Authorization: Bearer <session token>`).
    SessionErrors {
        "401" => "not signed in: no, an unknown or an expired session token",
    }
    /// A call that needs a session and accepted terms.
    DeveloperErrors {
        "401" => "not signed in: no, an unknown or an expired session token",
        "403" => "terms not accepted",
    }
    /// A call on one of the caller's apps.
    OwnAppErrors {
        "401" => "not signed in: no, an unknown or an expired session token",
        "403" => "terms not accepted",
        "404" => "not found: no such app, or another developer's",
    }
    /// A call of the security team (`Authorization: Bearer <admin token>`).
    AdminErrors {
        "401" => "admin token required: no bearer token",
        "403" => "admin token required: a token that is not the admin token, or none configured",
    }
    /// A state conflict, named by `title`.
    Conflict {
        "409" => "a state conflict, named by `title` (and `errors` when something is missing)",
    }
}
