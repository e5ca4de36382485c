//! The three client types of the portal (guide 3.2 b) and how each must authenticate at
//! the token, introspection and revocation endpoints (docs/oauth.md, "Token").

use super::items::{Auth, FormField};

/// How the app was registered, which decides what its token requests send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClientType {
    /// `Authorization: Basic base64(client_id:client_secret)`, nothing in the body: the
    /// portal's default ("Confidential - Basic Auth").
    ConfidentialBasic,
    /// `client_id` and `client_secret` in the urlencoded body ("Confidential - Forms Auth").
    ConfidentialForms,
    /// `client_id` alone plus the PKCE `code_verifier`; no secret ("Public").
    Public,
}

impl ClientType {
    /// The portal's name of the type (`client_type` of `POST /portal/api/apps`).
    pub fn as_str(self) -> &'static str {
        match self {
            ClientType::ConfidentialBasic => "confidential-basic",
            ClientType::ConfidentialForms => "confidential-forms",
            ClientType::Public => "public",
        }
    }

    /// Whether the client has a secret (and so a `clientSecret` variable).
    pub fn has_secret(self) -> bool {
        !matches!(self, ClientType::Public)
    }

    /// Whether the authorization request carries a PKCE challenge.
    pub fn uses_pkce(self) -> bool {
        matches!(self, ClientType::Public)
    }

    /// The request auth of a token, introspect or revoke call: Basic for
    /// confidential-basic, none otherwise (never the collection's bearer token, which the
    /// token endpoint would take for a failed client authentication).
    pub(super) fn endpoint_auth(self) -> Auth {
        match self {
            ClientType::ConfidentialBasic => Auth::Basic {
                username: "{{clientId}}".into(),
                password: "{{clientSecret}}".into(),
            },
            ClientType::ConfidentialForms | ClientType::Public => Auth::Open,
        }
    }

    /// The body fields that authenticate the client at those endpoints.
    pub(super) fn endpoint_fields(self) -> Vec<FormField> {
        match self {
            ClientType::ConfidentialBasic => vec![],
            ClientType::ConfidentialForms => vec![
                FormField::new("client_id", "{{clientId}}"),
                FormField::new("client_secret", "{{clientSecret}}"),
            ],
            ClientType::Public => vec![FormField::new("client_id", "{{clientId}}")],
        }
    }

    /// One sentence for descriptions: what this client type sends.
    pub(super) fn sends(self) -> &'static str {
        match self {
            ClientType::ConfidentialBasic => {
                "confidential-basic: the client id and secret as HTTP Basic auth (Authorization tab), nothing of them in the body"
            }
            ClientType::ConfidentialForms => {
                "confidential-forms: client_id and client_secret in the urlencoded body (guide 3.5 step 2), no Authorization header"
            }
            ClientType::Public => {
                "public: client_id in the body, no secret; the code exchange adds the PKCE code_verifier"
            }
        }
    }
}

impl std::fmt::Display for ClientType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
