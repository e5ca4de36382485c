//! conform: the conformance harness (see README.md).

pub mod cli;
pub mod client;
pub mod config;
pub mod endpoints;
pub mod load;
pub mod postman;
pub mod profile;
pub mod reports;
pub mod repro;
pub mod run;
pub mod steps;
pub mod suite;
pub mod target;
pub mod transcript;
pub mod validation;
pub mod world;
