//! Simulated faults: latency, error statuses, malformed bodies and dropped connections
//! on chosen routes (contract: "Sandbox control", `POST /faults`).
//!
//! An app that only ever met a healthy server has untested retry and error handling.
//! A developer names the requests to break (a method and a path pattern), what happens
//! to them, and how often (the next N, a share, or all until removed), through
//! `/_sandbox/faults` or `conform serve --fault`, and watches her app cope.
//!
//! - `rule`: the rule model and its checks (shared by the API and the command line);
//! - `pattern`: path patterns with `*`;
//! - `spec`: the one-line `--fault` syntax;
//! - `registry`: the rules a sandbox holds and their counters, behind one lock;
//! - `layer`: the middleware that applies them; `wire`: what goes on the wire.

mod layer;
mod pattern;
mod registry;
mod rule;
mod spec;
mod wire;

pub use layer::{FAULT_HEADER, FiredFault, apply};
pub use pattern::{PathPattern, PatternError};
pub use registry::{Fault, Faults, Fired, Source};
pub use rule::{
    FaultAction, FaultRule, Frequency, MAX_LATENCY_MS, MAX_RETRY_AFTER_SECONDS, MAX_TIMES,
};
pub use spec::{SPEC_SYNTAX, SpecError, parse_spec};
