//! Developers' passwords, hashed with Argon2id.
//!
//! Hashing is deliberately slow (about 65 ms at the standard cost), so it runs on
//! the blocking pool, never on the async workers. The conformance suite creates
//! hundreds of accounts per run; it starts its embedded sandbox with the `Fast`
//! cost, which still hashes for real but with minimal memory and time parameters.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

/// How expensive password hashing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PasswordCost {
    /// Argon2id's recommended parameters (19 MiB, 2 passes): what a real portal uses.
    #[default]
    Standard,
    /// Minimal parameters for test runs that create many accounts.
    Fast,
}

impl PasswordCost {
    fn hasher(self) -> Argon2<'static> {
        let params = match self {
            PasswordCost::Standard => Params::default(),
            PasswordCost::Fast => Params::new(256, 1, 1, None).unwrap_or_default(),
        };
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    /// The PHC string of `password` (parameters and salt included).
    pub async fn hash(self, password: String) -> Result<String, String> {
        tokio::task::spawn_blocking(move || {
            let mut salt = [0u8; 16];
            rand::rng().fill_bytes(&mut salt);
            let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
            self.hasher()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }
}

/// Whether `password` matches the PHC string `stored`; the cost is read from the string.
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let stored = PasswordCost::Fast
            .hash("Correct-Horse-9".into())
            .await
            .unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("Correct-Horse-9".into(), stored.clone()).await);
        assert!(!verify("correct-horse-9".into(), stored).await);
    }

    #[tokio::test]
    async fn a_garbled_hash_never_verifies() {
        assert!(!verify("anything".into(), "not-a-phc-string".into()).await);
    }
}
