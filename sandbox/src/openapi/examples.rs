//! Request bodies the portal accepts, for the document's request examples and for the
//! links that lead to their operations.
//!
//! Random data never answers every attestation question or names a usable production
//! redirect URI, so without these Schemathesis only ever sees the 422. Its examples phase
//! sends the request examples; its stateful phase sends a link's `requestBody` when it
//! follows the link, which is how it gets from an approved attestation to a production
//! client. One function per body, so an example and the links to the same operation
//! cannot drift apart; `tests/integration/openapi.rs` checks each is accepted in its flow.

use crate::portal::questionnaire::SECURITY;
use serde_json::{Map, Value, json};

/// A production registration: one https redirect URI.
pub fn production_registration() -> Value {
    json!({"redirect_uris": ["https://app.example/callback"]})
}

/// A security attestation answering every question the questionnaire asks, each with
/// its first option ("yes"), so a new question cannot leave the example incomplete.
pub fn security_attestation() -> Value {
    let answers: Map<String, Value> = SECURITY
        .iter()
        .map(|q| {
            let first = q.options.first().copied().unwrap_or("yes");
            (q.id.to_owned(), Value::from(first))
        })
        .collect();
    json!({ "answers": answers })
}

/// A privacy attestation as an app that shares and sells nothing answers it.
pub fn privacy_attestation() -> Value {
    json!({"answers": {
        "privacy.policy_public": "yes",
        "privacy.data_collected": "yes",
        "privacy.shares_data": "no",
        "privacy.sells_data": "no",
        "privacy.deletion": "yes",
        "privacy.breach_notice": "yes"
    }})
}
