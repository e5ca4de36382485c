//! What the fuzzing of the parsers that face the network needs from inside the crate
//! (docs/fuzzing.md).
//!
//! Two kinds of fuzzing share it. The proptest properties beside each parser (its `fuzz`
//! module, run by `cargo test`) take their case counts from `cases`. The coverage-guided
//! libFuzzer targets in `fuzz/` (a crate of their own, built by `cargo fuzz`) cannot reach
//! the private parsers, so the `fuzzing` feature compiles the thin wrappers below: each
//! calls the parser exactly as its route does and returns what the route would decide
//! on. The module is hidden from the documentation and exists only for those targets;
//! nothing else may use it.

#[cfg(test)]
mod cases;
#[cfg(test)]
pub(crate) use cases::config;

#[cfg(feature = "fuzzing")]
mod authorization;
#[cfg(feature = "fuzzing")]
mod fhir;
#[cfg(feature = "fuzzing")]
mod portal;

#[cfg(feature = "fuzzing")]
pub use authorization::*;
#[cfg(feature = "fuzzing")]
pub use fhir::*;
#[cfg(feature = "fuzzing")]
pub use portal::*;
