//! The capabilities a target may lack, and the scenario tag each one decides.
//!
//! A scenario that needs something the target does not have is reported as skipped with
//! the reason, never failed (that would blame the target for what it never offered) and
//! never dropped (that would hide what was not checked). Each capability below is one
//! tag in the feature files; a profile says `name = false` or `name = "why not"`.

/// One capability of a target and the tag of the scenarios that need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capability {
    /// Its name in a profile's `[capabilities]` table.
    pub name: &'static str,
    /// The tag (without `@`) of the scenarios that need it.
    pub tag: &'static str,
    /// What the scenarios need, finishing "needs ...", for the skip reason.
    pub needs: &'static str,
    /// Whether a profile that does not mention it is taken to have it. Spec features
    /// default to present (a server that lacks one should fail, unless it says so);
    /// the sandbox's own APIs default to absent on a profile target.
    pub default: bool,
}

/// Every capability a profile may name, in the order the docs list them.
pub const CAPABILITIES: &[Capability] = &[
    Capability {
        name: "portal_api",
        tag: "portal",
        needs: "the developer portal API (/portal/api: accounts, app registration, attestation)",
        default: false,
    },
    Capability {
        name: "control_api",
        tag: "sandbox",
        needs: "the sandbox control API (/_sandbox: clock, outbox, faults, request log)",
        default: false,
    },
    Capability {
        name: "admin_api",
        tag: "admin",
        needs: "the security team's admin API and its token",
        default: false,
    },
    Capability {
        name: "login_pages",
        tag: "login-pages",
        needs: "the portal's own member login and consent pages (MELD login, Interoperability Disclaimer, HIPAA Authorization)",
        default: false,
    },
    Capability {
        name: "seeded_data",
        tag: "seeded",
        needs: "the sandbox's seeded members, tenants and directory (Rose Tammy Beltran, dev1 to mdhhs)",
        default: false,
    },
    Capability {
        name: "portal_rules",
        tag: "portal-rules",
        needs: "the payer portal's own rules beyond SMART App Launch and RFC 6749 (a state and a fresh nonce on every request; 5-minute RS256 JWT access tokens; a refresh token and the patient id without asking for offline_access or launch/patient; refreshes that narrow the scopes exactly; a public client's secret refused)",
        default: true,
    },
    Capability {
        name: "refresh_tokens",
        tag: "refresh",
        needs: "refresh tokens (offline_access)",
        default: true,
    },
    Capability {
        name: "introspection",
        tag: "introspection",
        needs: "token introspection (RFC 7662)",
        default: true,
    },
    Capability {
        name: "revocation",
        tag: "revocation",
        needs: "token revocation (RFC 7009)",
        default: true,
    },
    Capability {
        name: "id_tokens",
        tag: "openid",
        needs: "OpenID Connect ID tokens",
        default: true,
    },
    Capability {
        name: "patient_access",
        tag: "patient-access",
        needs: "the Patient Access API (a member's claims and clinical data)",
        default: true,
    },
    Capability {
        name: "provider_directory",
        tag: "directory",
        needs: "the Provider Directory API (Plan-Net, no token)",
        default: true,
    },
];

/// The capability called `name` in a profile, if there is one.
pub fn by_name(name: &str) -> Option<&'static Capability> {
    CAPABILITIES.iter().find(|c| c.name == name)
}

/// The names a profile may use, for the error that lists them.
pub fn names() -> String {
    CAPABILITIES
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capability_has_its_own_name_and_tag() {
        for (i, a) in CAPABILITIES.iter().enumerate() {
            for b in &CAPABILITIES[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.tag, b.tag);
            }
        }
        assert_eq!(by_name("control_api").map(|c| c.tag), Some("sandbox"));
        assert!(by_name("teleport").is_none());
    }
}
