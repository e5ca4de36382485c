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
use axum::routing::{get, post};

/// The control routes, to be nested under `/_sandbox`.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/clock", get(clock::show))
        .route("/clock/advance", post(clock::advance))
        .route("/clock/freeze", post(clock::freeze))
        .route("/clock/thaw", post(clock::thaw))
        .route("/outbox", get(outbox::list))
        .route("/reset", post(reset::reset))
        .route("/requests", get(requests::list))
        .route(
            "/faults",
            get(faults::list).post(faults::create).delete(faults::clear),
        )
        .route("/faults/{id}", get(faults::show).delete(faults::remove))
        .fallback(crate::portal::no_route)
        .method_not_allowed_fallback(crate::portal::method_not_allowed)
}
