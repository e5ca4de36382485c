//! Forgetting expired records as the sandbox goes (`store::expiry` says what and when).
//!
//! The sweep rides on requests rather than a timer task: before a request, at most once
//! a sandbox minute, the store drops what has expired. So it follows the sandbox clock
//! (advancing the clock and sending any request sweeps), a sandbox nobody calls has
//! nothing new to forget, and a test's router needs no background task to clean up.

use crate::state::SandboxState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Middleware: sweeps if one is due, then serves the request.
pub async fn forget_expired(
    State(state): State<SandboxState>,
    request: Request,
    next: Next,
) -> Response {
    state.store.forget_expired_if_due(state.clock.now());
    next.run(request).await
}
