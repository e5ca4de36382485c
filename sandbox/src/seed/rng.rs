//! One reproducible random stream per generated thing.
//!
//! Every record is drawn from a generator keyed by the sandbox seed and a label naming
//! what is generated (`"dev1/directory/practitioner"`, `"bcbsm/member/bcbsm-member-7"`),
//! so the same seed gives the same bytes, and generating one member's records never
//! depends on which other members were generated before. ChaCha8 is specified
//! bit-for-bit, unlike `StdRng`, so the data is also the same on every platform.

use fake::rand::SeedableRng;
use fake::rand::rngs::ChaCha8Rng;
use sha2::{Digest, Sha256};

/// The generator type every seed module draws from.
pub type SeedRng = ChaCha8Rng;

/// The random stream for `label` under `seed`.
pub fn rng(seed: u64, label: &str) -> SeedRng {
    let mut hasher = Sha256::new();
    hasher.update(seed.to_le_bytes());
    hasher.update(label.as_bytes());
    SeedRng::from_seed(hasher.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fake::rand::RngExt;

    #[test]
    fn one_seed_and_label_give_one_stream() {
        let a: [u32; 4] = rng(7, "dev1/x").random();
        let b: [u32; 4] = rng(7, "dev1/x").random();
        let c: [u32; 4] = rng(8, "dev1/x").random();
        let d: [u32; 4] = rng(7, "dev1/y").random();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }
}
