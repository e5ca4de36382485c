//! What the store keeps: plain records, no behaviour beyond small derived facts.

use crate::secrets::StoredSecret;
use axum::body::Bytes;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// A third-party developer's portal account (guide 2.1).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Account {
    pub id: u64,
    pub username: String,
    pub email: String,
    pub password_hash: String,
    pub email_verified: bool,
    pub terms_accepted_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    /// Consecutive failed sign-ins since the last success or lock.
    pub failed_sign_ins: u32,
    pub locked_until: Option<OffsetDateTime>,
}

/// A signed-in developer's session; the token itself is kept only as a hash.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub account_id: u64,
    pub expires_at: OffsetDateTime,
}

/// How an app authenticates at the token endpoint (guide 3.2 b).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ClientType {
    Public,
    /// Secret in the form body (`client_secret_post`).
    ConfidentialForms,
    /// Secret in an HTTP Basic header (`client_secret_basic`), the portal's default.
    ConfidentialBasic,
}

impl ClientType {
    /// The wire name used by the portal API.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientType::Public => "public",
            ClientType::ConfidentialForms => "confidential-forms",
            ClientType::ConfidentialBasic => "confidential-basic",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "public" => Some(ClientType::Public),
            "confidential-forms" => Some(ClientType::ConfidentialForms),
            "confidential-basic" => Some(ClientType::ConfidentialBasic),
            _ => None,
        }
    }

    /// Whether the client gets a secret.
    pub fn is_confidential(self) -> bool {
        self != ClientType::Public
    }
}

/// OAuth credentials of one environment's client.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Client {
    pub client_id: String,
    /// `None` for public clients.
    pub secret: Option<StoredSecret>,
}

/// The production client, registered once the app passed review (guide 3.7.1).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ProductionClient {
    pub client: Client,
    pub redirect_uris: Vec<String>,
    pub registered_at: OffsetDateTime,
}

/// Optional app information shown on the dashboard (guide 3.3).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OptionalInfo {
    pub organization_website: Option<String>,
    pub description: Option<String>,
    pub contacts: Vec<Contact>,
    pub support_email: Option<String>,
    pub documentation_url: Option<String>,
}

/// A person to reach about an app.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

/// The uploaded privacy policy PDF (guide 3.3.1).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PrivacyPolicy {
    pub filename: String,
    #[serde(with = "bytes_as_base64")]
    pub bytes: Bytes,
    pub sha256: String,
    pub uploaded_at: OffsetDateTime,
    pub submitted_at: Option<OffsetDateTime>,
}

/// The privacy attestation answers (guide 3.3.2); they never block registration.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PrivacyAttestation {
    pub answers: BTreeMap<String, String>,
    pub submitted_at: OffsetDateTime,
}

/// A registered SMART app with everything its dashboard shows.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct App {
    pub id: u64,
    pub owner: u64,
    pub name: String,
    pub client_type: ClientType,
    pub scopes: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub optional_info: OptionalInfo,
    pub development: Client,
    pub production: Option<ProductionClient>,
    pub privacy_policy: Option<PrivacyPolicy>,
    pub privacy_attestation: Option<PrivacyAttestation>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Where a security attestation stands (guide 3.3.3, step 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AttestationStatus {
    Pending,
    Approved,
    Issue,
}

impl AttestationStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            AttestationStatus::Pending => "pending",
            AttestationStatus::Approved => "approved",
            AttestationStatus::Issue => "issue",
        }
    }
}

/// One submission of a security attestation, reviewed by the security team.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SecurityAttestation {
    pub id: u64,
    pub app_id: u64,
    pub app_name: String,
    pub owner: u64,
    pub answers: BTreeMap<String, String>,
    pub status: AttestationStatus,
    pub submitted_at: OffsetDateTime,
    pub reviewed_at: Option<OffsetDateTime>,
    pub reason: Option<String>,
    pub ticket_id: u64,
}

/// A help-desk ticket (guide section 4 severities).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Ticket {
    pub id: u64,
    pub owner: u64,
    pub subject: String,
    pub description: String,
    /// 1 (system down) to 4 (minimal impact).
    pub severity: u8,
    pub resolved: bool,
    pub app_id: Option<u64>,
    pub attestation_id: Option<u64>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Wrong passwords in a row on a tenant's member login page (`oauth::throttle` keeps the
/// rule); kept in the store so a restart does not lift a lock.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberLoginFailures {
    pub failures: u32,
    pub last_failure: OffsetDateTime,
    pub locked_until: Option<OffsetDateTime>,
    /// When the record no longer holds anything back (no lock, no recent failure).
    pub forget_after: OffsetDateTime,
}

/// A mail the sandbox would have sent; read back through `/_sandbox/outbox`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Mail {
    pub id: u64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub sent_at: OffsetDateTime,
}

/// An edit of the optional information: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default)]
pub struct OptionalInfoPatch {
    pub organization_website: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub contacts: Option<Vec<Contact>>,
    pub support_email: Option<Option<String>>,
    pub documentation_url: Option<Option<String>>,
}

impl OptionalInfoPatch {
    /// Applies the edit in place.
    pub fn apply(self, info: &mut OptionalInfo) {
        if let Some(v) = self.organization_website {
            info.organization_website = v;
        }
        if let Some(v) = self.description {
            info.description = v;
        }
        if let Some(v) = self.contacts {
            info.contacts = v;
        }
        if let Some(v) = self.support_email {
            info.support_email = v;
        }
        if let Some(v) = self.documentation_url {
            info.documentation_url = v;
        }
    }
}

/// A client's stored secret, if it has one, for checking at the token endpoint.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StoredSecretRef(pub Option<StoredSecret>);

impl StoredSecretRef {
    /// Whether `candidate` is the client's secret; a public client has none to match.
    pub fn matches(&self, candidate: &str) -> bool {
        self.0.as_ref().is_some_and(|s| s.matches(candidate))
    }
}

/// A policy PDF in the database: base64 in the JSON row (a JSON array of numbers would
/// be four times the size).
mod bytes_as_base64 {
    use axum::body::Bytes;
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Bytes, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text)
            .map(Bytes::from)
            .map_err(serde::de::Error::custom)
    }
}
