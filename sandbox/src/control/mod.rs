//! The sandbox control API under `/_sandbox` (contract: "Sandbox control").
//!
//! What a real portal cannot offer and a test suite needs: moving time forward,
//! reading the mails that would have been sent, going back to the seeded state, and
//! seeing which requests arrived, and simulating failures so an app's error handling is
//! exercised.

mod clock;
mod faults;
mod outbox;
mod requests;
mod reset;

use crate::state::SandboxState;
use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The control routes, to be nested under `/_sandbox`, and their OpenAPI paths (from
/// the same `routes!` calls).
pub fn routes() -> (Router<SandboxState>, OpenApi) {
    let (router, doc) = OpenApiRouter::new()
        .routes(routes!(clock::show))
        .routes(routes!(clock::advance))
        .routes(routes!(clock::freeze))
        .routes(routes!(clock::thaw))
        .routes(routes!(outbox::list))
        .routes(routes!(reset::reset))
        .routes(routes!(requests::list))
        .routes(routes!(faults::list, faults::create, faults::clear))
        .routes(routes!(faults::show, faults::remove))
        .split_for_parts();
    let router = router
        .fallback(crate::portal::no_route)
        .method_not_allowed_fallback(crate::portal::method_not_allowed);
    (router, doc)
}
