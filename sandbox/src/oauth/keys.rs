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
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};

/// The signing key with everything derived from it.
pub struct SigningKey {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
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
    Signature(String),
}

static PROCESS_KEY: OnceLock<Arc<SigningKey>> = OnceLock::new();

/// The process's signing key, generated on first use.
pub fn process_key() -> Arc<SigningKey> {
    PROCESS_KEY
        .get_or_init(|| Arc::new(SigningKey::generate()))
        .clone()
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

    fn try_generate() -> Result<Self, String> {
        let private =
            rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).map_err(|e| e.to_string())?;
        let n = URL_SAFE_NO_PAD.encode(private.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(private.e().to_bytes_be());
        let kid = crate::secrets::sha256_hex(n.as_bytes())[..16].to_owned();
        let pem = private
            .to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
            .map_err(|e| e.to_string())?;
        let encoding = EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| e.to_string())?;
        let decoding = DecodingKey::from_rsa_components(&n, &e).map_err(|e| e.to_string())?;
        let jwk = json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": n, "e": e});
        Ok(Self {
            kid,
            encoding,
            decoding,
            jwk,
        })
    }

    /// `{"keys": [...]}` for `/{tenant}/oauth2/jwks`.
    pub fn jwks(&self) -> Value {
        json!({"keys": [self.jwk]})
    }

    /// Signs `claims` as an RS256 JWT with our `kid`.
    pub fn sign(&self, claims: &Value) -> Result<String, String> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(|e| e.to_string())
    }

    /// The claims of a token this key signed; time claims are left to the caller.
    pub fn verify(&self, token: &str) -> Result<Value, TokenRejected> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| TokenRejected::Signature(e.to_string()))?;
        if header.alg != Algorithm::RS256 || header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(TokenRejected::Signature(format!(
                "alg {:?} / kid {:?} is not ours",
                header.alg, header.kid
            )));
        }
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        jsonwebtoken::decode::<Value>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| TokenRejected::Signature(e.to_string()))
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
        let kid = jsonwebtoken::decode_header(&token).unwrap().kid.unwrap();
        assert_eq!(key.jwks()["keys"][0]["kid"], kid.as_str());
    }
}
