//! What the libFuzzer targets in `fuzz_targets/` share (docs/fuzzing.md): the bundled
//! tenants, read once, the small oracles several targets check against, and the
//! sandbox the `router` target sends its requests to.

pub mod router;

use sandbox::Tenants;
use std::sync::OnceLock;

/// The bundled tenants, read once per process (reading them on every input would cost
/// more than the parsers under test).
pub fn tenants() -> &'static Tenants {
    static TENANTS: OnceLock<Tenants> = OnceLock::new();
    TENANTS.get_or_init(Tenants::bundled)
}

/// `items` without repeats, each where it was first seen: how the portal keeps a list.
pub fn first_seen<T: PartialEq + Clone>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

/// Whether `haystack` contains `needle` anywhere.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
