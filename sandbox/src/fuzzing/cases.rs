//! Settings shared by the property tests that fuzz the parsers facing the network
//! (each parser's `fuzz` module; docs/fuzzing.md lists them and what they check).
//!
//! Each property runs a small number of cases in `cargo test` (CI); `PROPTEST_CASES=N`
//! runs every property N times instead, which `scripts/fuzz.sh` does for a long local
//! run. The coverage-guided libFuzzer targets in `fuzz/` are the other half.

use proptest::test_runner::Config;

/// The configuration of a property that runs `ci_cases` cases unless `PROPTEST_CASES`
/// asks for another number. Failures are kept under `sandbox/proptest-regressions/`,
/// so a case that once failed is replayed first in every later run.
pub fn config(ci_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ci_cases);
    Config {
        cases,
        // A property may skip the odd generated case (`prop_assume!`); proptest's default
        // of 1024 skips in all would end a long run early.
        max_global_rejects: cases.max(1024),
        // Shrinking a failure to its smallest form: bounded, so a long run that finds
        // something still ends in reasonable time.
        max_shrink_iters: 4096,
        ..Config::default()
    }
}
