//! The two ways a load run goes wrong: it cannot run at all (one line, exit 2), or a
//! step of one simulated app fails (counted, the first few kept, the app carries on).

use crate::target::TargetError;

/// Why a load run could not start; one line for the person who started it.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The embedded sandbox did not start, or the target is unreachable or not a URL.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// The target answers but is no sandbox: the walk needs its outbox to verify emails.
    #[error(
        "the target {0} has no sandbox control API (GET /_sandbox/clock did not answer 200): \
         the load walk signs up developers and reads their verification mail from /_sandbox/outbox, \
         so it needs a `conform serve`"
    )]
    NoControlApi(String),
    /// The plan asks for something impossible.
    #[error("{0}")]
    Plan(String),
    /// The HTTP client could not be built.
    #[error("{0}")]
    Client(String),
    /// A request made before the clock starts (a directory search, the signing keys), so
    /// that seeding the data and making the key are not timed, failed.
    #[error("the warm-up request {url} failed: {why}")]
    WarmUp { url: String, why: String },
}

/// Why one step of one simulated app failed; its message is what the report shows.
#[derive(Debug, thiserror::Error)]
pub enum StepFailure {
    /// The request got no answer (refused, reset, timed out).
    #[error("{method} {url} got no answer: {why}")]
    Transport {
        method: String,
        url: String,
        why: String,
    },
    /// The answer's status was not the one the walk needs.
    #[error("{method} {url} answered {status}, expected {expected}: {body}")]
    Status {
        method: String,
        url: String,
        status: u16,
        expected: u16,
        body: String,
    },
    /// The answer had the right status but not what the next step needs.
    #[error("{method} {url}: {why}")]
    Shape {
        method: String,
        url: String,
        why: String,
    },
}
