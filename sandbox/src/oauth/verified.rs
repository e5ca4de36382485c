//! Access tokens whose signature has already been checked.
//!
//! An app sends the same access token with every FHIR call for five minutes; checking
//! its RS256 signature each time would cost more than the rest of a read. The claims of
//! a token that verified once are kept, keyed by the whole token text, so a changed
//! byte is a different key and is verified afresh. Only the signature is remembered:
//! expiry, issuer and revocation are checked on every call by the caller.

use super::keys::process_key;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;

/// Tokens remembered at once; beyond it the cache starts over.
const CAPACITY: usize = 10_000;

/// The verified-signature cache of one sandbox.
#[derive(Debug, Default)]
pub struct VerifiedTokens {
    claims: Mutex<HashMap<Box<str>, Value>>,
}

impl VerifiedTokens {
    /// The claims of `token` if its signature is ours.
    pub fn claims(&self, token: &str) -> Option<Value> {
        if let Some(found) = self.lock().get(token) {
            return Some(found.clone());
        }
        let claims = process_key().verify(token).ok()?;
        let mut cache = self.lock();
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        cache.insert(token.into(), claims.clone());
        Some(claims)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Box<str>, Value>> {
        // The map is consistent after any panic: a poisoned lock is still usable.
        self.claims.lock().unwrap_or_else(|e| e.into_inner())
    }
}
