//! How big each tenant's provider directory is, and the ids its records get.
//!
//! `--scale` sets the number of practitioners per tenant; every other directory count
//! follows from it, so memory and seeding time grow linearly with one knob. Ids follow
//! fixed patterns (`pract-7`, `org-3`, `payer`), so the member records generated in
//! `seed::clinical` can point at directory records (an EOB's provider, a Coverage's
//! payor) without the directory being built first, and every reference resolves.

/// Practitioners per tenant when `--scale` is not given.
pub const DEFAULT_PRACTITIONERS: u32 = 1000;

/// The id of each tenant's own payer Organization (the insurer of every EOB and the
/// payor of every Coverage).
pub const PAYER_ORGANIZATION: &str = "payer";

/// The size of one tenant's provider directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectoryScale {
    pub practitioners: u32,
}

impl Default for DirectoryScale {
    fn default() -> Self {
        Self {
            practitioners: DEFAULT_PRACTITIONERS,
        }
    }
}

impl DirectoryScale {
    /// A directory with `practitioners` practitioners (at least 10).
    pub fn new(practitioners: u32) -> Self {
        Self {
            practitioners: practitioners.max(10),
        }
    }

    /// Provider organizations (clinics, hospitals, pharmacies, labs), besides the payer
    /// and the networks.
    pub fn organizations(self) -> u32 {
        (self.practitioners / 20).max(5)
    }

    /// Practice sites.
    pub fn locations(self) -> u32 {
        (self.practitioners / 10).max(5)
    }

    /// Roles: one per practitioner, plus a second site for every fourth.
    pub fn practitioner_roles(self) -> u32 {
        self.practitioners + self.practitioners / 4
    }

    /// Services offered: two per organization.
    pub fn healthcare_services(self) -> u32 {
        self.organizations() * 2
    }

    /// FHIR endpoints: one per organization.
    pub fn endpoints(self) -> u32 {
        self.organizations()
    }

    /// Affiliations of organizations with the payer's networks: one per organization.
    pub fn organization_affiliations(self) -> u32 {
        self.organizations()
    }

    /// Provider networks (Plan-Net networks are Organizations of type `ntwk`).
    pub fn networks(self) -> u32 {
        3
    }

    /// Insurance products (Plan-Net InsurancePlan): one per network.
    pub fn insurance_plans(self) -> u32 {
        self.networks()
    }
}

/// Ids of directory records, numbered from 1.
pub mod ids {
    pub fn practitioner(n: u32) -> String {
        format!("pract-{n}")
    }
    pub fn practitioner_role(n: u32) -> String {
        format!("role-{n}")
    }
    pub fn organization(n: u32) -> String {
        format!("org-{n}")
    }
    pub fn network(n: u32) -> String {
        format!("network-{n}")
    }
    pub fn location(n: u32) -> String {
        format!("loc-{n}")
    }
    pub fn healthcare_service(n: u32) -> String {
        format!("svc-{n}")
    }
    pub fn endpoint(n: u32) -> String {
        format!("ep-{n}")
    }
    pub fn insurance_plan(n: u32) -> String {
        format!("plan-{n}")
    }
    pub fn organization_affiliation(n: u32) -> String {
        format!("aff-{n}")
    }
}
