//! The key that signs access and ID tokens, and its JWKS.
//!
//! RS256 with a 2048-bit key, generated once per process (about 0.2 s) and shared by
//! every sandbox in it, so tests that start many sandboxes pay once. The `kid` is a
//! fingerprint of the public key, so apps that cache the JWKS notice a new key.
//! Verification pins RS256 and our `kid`: `alg: none`, HS256 tricks and tokens signed
//! by any other key are refused before a claim is read. Expiry is checked against the
//! sandbox clock by the caller, never against the machine's time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, UnparsedPublicKey,
};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};

/// The signing key with everything derived from it.
pub struct SigningKey {
    kid: String,
    /// The private key as PKCS#8 DER, kept only to be saved under `--data-dir`.
    pkcs8: Vec<u8>,
    pair: RsaKeyPair,
    rng: SystemRandom,
    jwk: Value,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey(kid={})", self.kid)
    }
}

/// Why a token was not accepted; callers answer `invalid_token` whatever the reason.
#[derive(Debug, thiserror::Error)]
pub enum TokenRejected {
    #[error("not a JWT signed by this sandbox: {0}")]
    Signature(&'static str),
}

static PROCESS_KEY: OnceLock<Arc<SigningKey>> = OnceLock::new();

/// The process's signing key, generated on first use.
pub fn process_key() -> Arc<SigningKey> {
    PROCESS_KEY
        .get_or_init(|| Arc::new(SigningKey::generate()))
        .clone()
}

/// Makes the key saved by an earlier run (PKCS#8 DER) the process's key, so the access
/// and ID tokens it signed still verify after a restart. `Ok(false)` when another key
/// was already in use in this process (several sandboxes in one test binary): that
/// key stays, and tokens of the earlier run are refused as any unknown key's would be.
pub fn install_process_key(pkcs8: &[u8]) -> Result<bool, String> {
    let key = SigningKey::from_pkcs8(pkcs8)?;
    let kid = key.kid.clone();
    let installed = PROCESS_KEY.get_or_init(|| Arc::new(key));
    Ok(installed.kid == kid)
}

impl SigningKey {
    fn generate() -> Self {
        // Generation only fails on a broken random source; try again rather than panic.
        loop {
            match Self::try_generate() {
                Ok(key) => return key,
                Err(e) => tracing::error!("signing key generation failed, retrying: {e}"),
            }
        }
    }

    /// The `rsa` crate makes the key (ring cannot); ring signs with it, several times
    /// faster, which is what decides the token endpoint's throughput.
    fn try_generate() -> Result<Self, String> {
        let private =
            rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).map_err(|e| e.to_string())?;
        Self::from_private(&private)
    }

    fn from_pkcs8(der: &[u8]) -> Result<Self, String> {
        let private = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(|e| e.to_string())?;
        Self::from_private(&private)
    }

    fn from_private(private: &rsa::RsaPrivateKey) -> Result<Self, String> {
        let n = URL_SAFE_NO_PAD.encode(private.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(private.e().to_bytes_be());
        let kid = crate::secrets::sha256_hex(n.as_bytes())[..16].to_owned();
        let der = private.to_pkcs8_der().map_err(|e| e.to_string())?;
        let pair = RsaKeyPair::from_pkcs8(der.as_bytes()).map_err(|e| e.to_string())?;
        let jwk = json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": n, "e": e});
        Ok(Self {
            kid,
            pkcs8: der.as_bytes().to_vec(),
            pair,
            rng: SystemRandom::new(),
            jwk,
        })
    }

    /// The private key as PKCS#8 DER, for the data directory.
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }

    /// `{"keys": [...]}` for `/{tenant}/oauth2/jwks`.
    pub fn jwks(&self) -> Value {
        json!({"keys": [self.jwk]})
    }

    /// Signs `claims` as an RS256 JWT with our `kid`.
    pub fn sign(&self, claims: &Value) -> Result<String, String> {
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": self.kid});
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0u8; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &self.rng,
                input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| "RSA signing failed".to_owned())?;
        Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)))
    }

    /// The claims of a token this key signed; time claims are left to the caller.
    /// The header must say RS256 and our `kid` before the signature is even checked.
    pub fn verify(&self, token: &str) -> Result<Value, TokenRejected> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenRejected::Signature("not three dot-separated parts"));
        };
        let decode_json = |part: &str| -> Option<Value> {
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
        };
        let header = decode_json(header).ok_or(TokenRejected::Signature("unreadable header"))?;
        if header["alg"] != "RS256" || header["kid"].as_str() != Some(self.kid.as_str()) {
            return Err(TokenRejected::Signature("alg or kid is not ours"));
        }
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenRejected::Signature("unreadable signature"))?;
        let signed = &token[..token.len() - token.rsplit('.').next().map_or(0, str::len) - 1];
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, self.pair.public().as_ref())
            .verify(signed.as_bytes(), &signature)
            .map_err(|_| TokenRejected::Signature("bad signature"))?;
        decode_json(payload).ok_or(TokenRejected::Signature("unreadable payload"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_token_verifies_and_a_tampered_one_does_not() {
        let key = process_key();
        let token = key.sign(&json!({"sub": "rose", "exp": 1})).unwrap();
        assert_eq!(key.verify(&token).unwrap()["sub"], "rose");
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(br#"{"sub":"mallory","exp":1}"#);
        parts[1] = &forged;
        assert!(key.verify(&parts.join(".")).is_err());
    }

    #[test]
    fn a_key_saved_as_pkcs8_verifies_what_it_signed_before_the_restart() {
        let before = process_key();
        let token = before.sign(&json!({"sub": "rose"})).unwrap();
        let after = SigningKey::from_pkcs8(before.pkcs8_der()).unwrap();
        assert_eq!(after.verify(&token).unwrap()["sub"], "rose");
        assert_eq!(after.jwks(), before.jwks());
        // The process already has a key: installing the same one is a no-op that says so.
        assert!(install_process_key(before.pkcs8_der()).unwrap());
        assert!(install_process_key(b"not a key").is_err());
    }

    #[test]
    fn alg_none_is_refused() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(br#"{"sub":"mallory"}"#);
        assert!(process_key().verify(&format!("{header}.{body}.")).is_err());
    }

    #[test]
    fn a_token_signed_by_another_key_is_refused() {
        let other = SigningKey::generate();
        let token = other.sign(&json!({"sub": "rose"})).unwrap();
        assert!(process_key().verify(&token).is_err());
    }

    #[test]
    fn the_jwks_publishes_the_kid_used_in_headers() {
        let key = process_key();
        let token = key.sign(&json!({})).unwrap();
        let header: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(token.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(key.jwks()["keys"][0]["kid"], header["kid"]);
    }
}

#[cfg(test)]
mod fuzz;
