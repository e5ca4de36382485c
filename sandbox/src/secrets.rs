//! Random tokens, one-way hashes and sealed client secrets.
//!
//! Session tokens, verification links and client secrets are stored only as
//! SHA-256 hashes: they are 256-bit random values, so a fast hash is enough (slow
//! hashing is for low-entropy passwords, see `passwords`). The portal guide's
//! dashboard, however, shows a client's secret again on request (sections 3.3 and
//! 3.4), so each secret is also kept *sealed* with AES-256-GCM under a key that
//! lives only in the sandbox process (and, under `--data-dir`, in a key file beside
//! the database, never inside it: `store/keys.rs`): a dump of the store alone reveals
//! no secret.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// An unguessable value of `bytes` random bytes, URL-safe base64 without padding: session
/// tokens, verification links, client secrets, and the admin token of an embedded sandbox.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// `n` random lower-case hexadecimal characters, for identifiers people copy by hand.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n.div_ceil(2)];
    rand::rng().fill_bytes(&mut buf);
    let mut s: String = buf.iter().map(|b| format!("{b:02x}")).collect();
    s.truncate(n);
    s
}

/// The stored form of a token.
pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Lower-case hex SHA-256, for showing file fingerprints.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The process's key for sealing client secrets.
pub struct SealingKey(Aes256Gcm);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey([redacted])")
    }
}

impl SealingKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        Self::from_key(&Self::generate_bytes())
    }

    /// Fresh key material, for a data directory that keeps it.
    pub fn generate_bytes() -> [u8; 32] {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        key
    }

    /// The key from its 32 bytes (kept under `--data-dir`), `None` for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        <[u8; 32]>::try_from(bytes)
            .ok()
            .map(|key| Self::from_key(&key))
    }

    fn from_key(key: &[u8; 32]) -> Self {
        Self(Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key)))
    }

    fn seal(&self, plaintext: &str) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        match self
            .0
            .encrypt(Nonce::from_slice(&nonce), plaintext.as_bytes())
        {
            Ok(ciphertext) => nonce.iter().copied().chain(ciphertext).collect(),
            // AES-GCM encryption only fails on absurd lengths; an empty seal reveals nothing.
            Err(_) => Vec::new(),
        }
    }

    fn open(&self, sealed: &[u8]) -> Option<String> {
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(12);
        let plain = self.0.decrypt(Nonce::from_slice(nonce), ciphertext).ok()?;
        String::from_utf8(plain).ok()
    }
}

/// A client secret as the store keeps it: a hash to check it, a seal to reveal it.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct StoredSecret {
    hash: [u8; 32],
    sealed: Vec<u8>,
}

impl std::fmt::Debug for StoredSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoredSecret([redacted])")
    }
}

impl StoredSecret {
    /// Makes a new secret; the plaintext is returned once, for the creating response.
    pub fn issue(key: &SealingKey) -> (String, StoredSecret) {
        let plaintext = random_token(32);
        let stored = StoredSecret {
            hash: digest(&plaintext),
            sealed: key.seal(&plaintext),
        };
        (plaintext, stored)
    }

    /// Whether `candidate` is this secret, in constant time.
    pub fn matches(&self, candidate: &str) -> bool {
        bool::from(digest(candidate).ct_eq(&self.hash))
    }

    /// The plaintext, for the owner's explicit reveal on the dashboard.
    pub fn reveal(&self, key: &SealingKey) -> Option<String> {
        key.open(&self.sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_sealed_before_a_restart_is_revealed_by_the_saved_key() {
        let bytes = SealingKey::generate_bytes();
        let before = SealingKey::from_bytes(&bytes).unwrap();
        let (plain, stored) = StoredSecret::issue(&before);
        let after = SealingKey::from_bytes(&bytes).unwrap();
        assert_eq!(stored.reveal(&after).as_deref(), Some(plain.as_str()));
        assert!(SealingKey::from_bytes(&bytes[..31]).is_none());
    }

    #[test]
    fn an_issued_secret_matches_itself_and_nothing_else() {
        let key = SealingKey::generate();
        let (plain, stored) = StoredSecret::issue(&key);
        assert!(stored.matches(&plain));
        assert!(!stored.matches(&format!("{plain}x")));
    }

    #[test]
    fn a_secret_is_revealed_only_with_the_key_that_sealed_it() {
        let key = SealingKey::generate();
        let (plain, stored) = StoredSecret::issue(&key);
        assert_eq!(stored.reveal(&key).as_deref(), Some(plain.as_str()));
        assert_eq!(stored.reveal(&SealingKey::generate()), None);
    }

    #[test]
    fn debug_output_never_shows_a_secret() {
        let key = SealingKey::generate();
        let (plain, stored) = StoredSecret::issue(&key);
        assert!(!format!("{stored:?}").contains(&plain));
    }

    #[test]
    fn random_hex_has_the_asked_length() {
        assert_eq!(random_hex(20).len(), 20);
        assert!(random_hex(7).chars().all(|c| c.is_ascii_hexdigit()));
    }
}
