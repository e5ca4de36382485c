//! Every integration test in one binary (one link, one run).
//!
//! The portal modules drive the sandbox in-process through `oneshot`; `conformance`
//! runs the whole Gherkin suite against an embedded sandbox on a real socket.

mod accounts;
mod apps;
mod browser;
mod cli;
mod conformance;
mod control;
mod crash;
mod faults;
mod fhir_api;
mod fhir_bad_input;
mod fhir_data;
mod load;
mod misbehaving_target;
mod oauth;
mod openapi;
mod payload_snapshots;
mod postman;
mod privacy_policy;
mod production;
mod profiles;
mod report_browser;
mod repro;
mod security;
mod support;
mod walkthrough;
