//! The skeleton of one tenant's directory: who is what, where, and linked to whom.
//!
//! Every fact another record depends on (an organization's kind, name and city, the
//! sites it runs, the networks it joined, the organization and discipline of a
//! practitioner, a role's site and network) is computed here from a keyed hash of the
//! record number, not drawn from a stream. Any generator can therefore ask about any
//! record in constant time, in any order, and the answer is the same one the record's
//! own generator used: references resolve, and a role's specialty matches its
//! practitioner's degree.

use super::disciplines::{self, Profile};
use super::foci::{self, Focus};
use super::kinds::{self, OrgKind};
use super::names;
use crate::seed::michigan::{CITIES, City};
use crate::seed::npi;
use crate::seed::rng::{SeedRng, rng};
use crate::seed::scale::DirectoryScale;
use crate::tenants::Tenant;
use fake::rand::RngExt;

/// Hash domains, so that two facts about one record are independent.
mod domain {
    /// A clinic's focus.
    pub const FOCUS: u64 = 1;
    /// The place word (or city) of an organization's name.
    pub const ORG_PLACE: u64 = 2;
    /// The ending of an organization's name.
    pub const ORG_SUFFIX: u64 = 3;
    /// An organization's city.
    pub const ORG_CITY: u64 = 4;
    /// The networks an organization joined.
    pub const ORG_NETWORKS: u64 = 5;
    /// Whether an organization has an NPI.
    pub const ORG_NPI: u64 = 6;
    /// Whether an organization belongs to a hospital's system.
    pub const ORG_PART_OF: u64 = 7;
    /// The city of a branch site.
    pub const LOCATION_CITY: u64 = 8;
    /// A practitioner's discipline and specialty.
    pub const PRACTITIONER: u64 = 9;
    /// A role's network.
    pub const ROLE_NETWORK: u64 = 10;
    /// The payer's city.
    pub const PAYER_CITY: u64 = 11;
}

/// Share of organizations and sites placed in Detroit, out of 100, on top of its
/// weight as the largest city, so that `address-city=Detroit` returns a large set.
const DETROIT_PERCENT: u64 = 25;

/// Names of the wings of a hospital's further sites (`Lakeshore Medical Center
/// Outpatient Center`).
const HOSPITAL_WINGS: &[&str] = &[
    "Outpatient Center",
    "Heart Center",
    "Women's Pavilion",
    "Surgery Center",
    "Cancer Institute",
    "North Campus",
];

/// Name endings of the networks `network-1`..`network-3`.
const NETWORK_NAMES: [&str; 3] = ["PPO Network", "HMO Network", "Medicare Advantage Network"];

/// One tenant's directory skeleton.
pub struct Layout<'a> {
    /// Whose directory it is.
    pub tenant: &'a Tenant,
    /// The sandbox seed, for the per-type streams.
    seed: u64,
    /// The key of every hash, drawn from the seed and the tenant.
    key: u64,
    /// Provider organizations, from [`DirectoryScale`] like the other counts.
    pub organizations: u32,
    /// Sites.
    pub locations: u32,
    /// Practitioners.
    pub practitioners: u32,
    /// PractitionerRoles.
    pub roles: u32,
    /// Networks (and insurance plans).
    pub networks: u32,
    /// `2.16.840.1.113883.3.<tenant arc>`; see [`Layout::organization_oid`].
    oid_root: String,
    /// Network names, computed once: every role names its network.
    network_names: Vec<String>,
    /// Organization names, computed once: most records name an organization.
    org_names: Vec<String>,
    /// Site names, computed once: roles, services and affiliations name sites.
    location_names: Vec<String>,
}

/// A role's practitioner and where they practise in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleSite {
    /// `pract-<n>`.
    pub practitioner: u32,
    /// `org-<n>`.
    pub organization: u32,
    /// `loc-<n>`, a site of that organization.
    pub location: u32,
}

impl<'a> Layout<'a> {
    /// The skeleton of `tenant`'s directory of size `scale` under `seed`.
    pub fn new(seed: u64, tenant: &'a Tenant, scale: DirectoryScale) -> Self {
        let key = rng(seed, &format!("{}/directory/layout", tenant.id)).random::<u64>();
        let mut layout = Layout {
            tenant,
            seed,
            key,
            organizations: scale.organizations(),
            locations: scale.locations(),
            practitioners: scale.practitioners,
            roles: scale.practitioner_roles(),
            networks: scale.networks(),
            oid_root: format!("2.16.840.1.113883.3.{}", tenant_arc(&tenant.id)),
            network_names: Vec::new(),
            org_names: Vec::new(),
            location_names: Vec::new(),
        };
        layout.network_names = (1..=layout.networks)
            .map(|k| {
                let ending = NETWORK_NAMES[(k.saturating_sub(1) % 3) as usize];
                format!("{} {ending}", tenant.name)
            })
            .collect();
        layout.org_names = (1..=layout.organizations)
            .map(|n| layout.make_org_name(n))
            .collect();
        layout.location_names = (1..=layout.locations)
            .map(|m| layout.make_location_name(m))
            .collect();
        layout
    }

    /// The random stream of one resource type (`"practitioner"`).
    pub fn stream(&self, resource_type: &str) -> SeedRng {
        rng(
            self.seed,
            &format!("{}/directory/{resource_type}", self.tenant.id),
        )
    }

    /// The keyed hash of record `n` in `domain`.
    fn hash(&self, domain: u64, n: u32) -> u64 {
        splitmix64(self.key.wrapping_add((domain << 32) | u64::from(n)))
    }

    // Organizations.

    /// The kind of provider organization `n`.
    pub fn org_kind(&self, n: u32) -> OrgKind {
        kinds::of_organization(n)
    }

    /// What clinic `n` practises (only meaningful for clinics, defined for all).
    pub fn org_focus(&self, n: u32) -> &'static Focus {
        &foci::FOCI[(self.hash(domain::FOCUS, n) % foci::FOCI.len() as u64) as usize]
    }

    /// The city of organization `n`'s main site.
    pub fn org_city(&self, n: u32) -> City {
        CITIES[self.org_city_index(n)]
    }

    /// The index in `michigan::CITIES` of organization `n`'s city.
    pub fn org_city_index(&self, n: u32) -> usize {
        pick_city(self.hash(domain::ORG_CITY, n))
    }

    /// The name of organization `n`.
    pub fn org_name(&self, n: u32) -> &str {
        self.org_names
            .get(n.wrapping_sub(1) as usize)
            .map_or("", String::as_str)
    }

    /// Organization `n`'s name: a place word or its city, and what it does.
    fn make_org_name(&self, n: u32) -> String {
        let h = self.hash(domain::ORG_PLACE, n);
        let place = if h >> 40 & 3 == 0 {
            self.org_city(n).name
        } else {
            names::PLACES[(h % names::PLACES.len() as u64) as usize]
        };
        match self.org_kind(n) {
            OrgKind::Clinic => format!("{place} {}", self.org_focus(n).label),
            kind => {
                let suffixes = kinds::info(kind).name_suffixes;
                let s = self.hash(domain::ORG_SUFFIX, n) % suffixes.len() as u64;
                format!("{place}{}", suffixes[s as usize])
            }
        }
    }

    /// The networks organization `n` participates in (at least one), ascending.
    pub fn org_networks(&self, n: u32) -> impl Iterator<Item = u32> {
        let mask = self.org_network_mask(n);
        (1..=self.networks).filter(move |k| mask & (1 << (k - 1)) != 0)
    }

    /// Organization `n`'s networks as a bit set (bit `k-1` for `network-k`).
    fn org_network_mask(&self, n: u32) -> u32 {
        // Any non-empty subset of the networks, uniformly.
        let subsets = (1u64 << self.networks) - 1;
        (self.hash(domain::ORG_NETWORKS, n) % subsets + 1) as u32
    }

    /// Organization `n`'s Type 2 NPI, for about half of them.
    pub fn org_npi(&self, n: u32) -> Option<String> {
        (self.hash(domain::ORG_NPI, n) & 1 == 1)
            .then(|| npi::npi(200_000_000 + permute(self.key >> 7, n - 1)))
    }

    /// The health system organization `n` belongs to: for a third of the clinics,
    /// urgent cares and laboratories, the closest hospital listed before it.
    pub fn org_part_of(&self, n: u32) -> Option<u32> {
        let joins = matches!(
            self.org_kind(n),
            OrgKind::Clinic | OrgKind::UrgentCare | OrgKind::Laboratory
        ) && self.hash(domain::ORG_PART_OF, n).is_multiple_of(3);
        if !joins {
            return None;
        }
        (n.saturating_sub(kinds::CYCLE_LEN).max(1)..n)
            .rev()
            .find(|&h| self.org_kind(h) == OrgKind::Hospital)
    }

    /// The organization of the same kind `CYCLE_LEN` away, where a practitioner's
    /// second role is (itself when there is none).
    fn sister_org(&self, n: u32) -> u32 {
        if n + kinds::CYCLE_LEN <= self.organizations {
            n + kinds::CYCLE_LEN
        } else if n > kinds::CYCLE_LEN {
            n - kinds::CYCLE_LEN
        } else {
            n
        }
    }

    /// `urn:oid:` of organization `n` (the provider organizations).
    pub fn organization_oid(&self, n: u32) -> String {
        format!("urn:oid:{}.3.{n}", self.oid_root)
    }

    /// `urn:oid:` of network `k`.
    pub fn network_oid(&self, k: u32) -> String {
        format!("urn:oid:{}.2.{k}", self.oid_root)
    }

    /// `urn:oid:` of the payer.
    pub fn payer_oid(&self) -> String {
        format!("urn:oid:{}.1", self.oid_root)
    }

    /// The identifier system of the tenant's insurance plan ids.
    pub fn plan_id_system(&self) -> String {
        format!("urn:oid:{}.4", self.oid_root)
    }

    /// The payer's head-office city.
    pub fn payer_city(&self) -> City {
        CITIES[(self.hash(domain::PAYER_CITY, 0) % 6) as usize]
    }

    /// The name of network `k`: `Blue Cross Blue Shield of Michigan PPO Network`.
    pub fn network_name(&self, k: u32) -> &str {
        self.network_names
            .get(k.wrapping_sub(1) as usize)
            .map_or("", String::as_str)
    }

    // Locations.

    /// The organization that runs location `m`.
    pub fn location_org(&self, m: u32) -> u32 {
        (m - 1) % self.organizations + 1
    }

    /// Which of its organization's sites location `m` is (0 for the main site).
    fn location_site(&self, m: u32) -> u32 {
        (m - 1) / self.organizations
    }

    /// How many sites organization `n` runs (at least one).
    pub fn org_site_count(&self, n: u32) -> u32 {
        (self.locations - n) / self.organizations + 1
    }

    /// The `k`-th site of organization `n` (0 is its main site, `loc-<n>`).
    pub fn org_site(&self, n: u32, k: u32) -> u32 {
        n + k * self.organizations
    }

    /// Organization `n`'s sites, main site first.
    pub fn org_sites(&self, n: u32) -> impl Iterator<Item = u32> + use<> {
        (n..=self.locations).step_by(self.organizations as usize)
    }

    /// The index in `michigan::CITIES` of location `m`'s city: the organization's
    /// city for its main site and for all of a hospital's sites, anywhere otherwise.
    pub fn location_city_index(&self, m: u32) -> usize {
        let org = self.location_org(m);
        if self.location_site(m) == 0 || self.org_kind(org) == OrgKind::Hospital {
            self.org_city_index(org)
        } else {
            pick_city(self.hash(domain::LOCATION_CITY, m))
        }
    }

    /// The name of location `m`.
    pub fn location_name(&self, m: u32) -> &str {
        self.location_names
            .get(m.wrapping_sub(1) as usize)
            .map_or("", String::as_str)
    }

    /// Site `m`'s name: the organization's for its main site, with a wing or city
    /// for the others.
    fn make_location_name(&self, m: u32) -> String {
        let org = self.location_org(m);
        let name = self.org_name(org);
        match self.location_site(m) {
            0 => name.to_owned(),
            k if self.org_kind(org) == OrgKind::Hospital => {
                let wing = HOSPITAL_WINGS[((k - 1) as usize) % HOSPITAL_WINGS.len()];
                format!("{name} {wing}")
            }
            _ => format!("{name} - {}", CITIES[self.location_city_index(m)].name),
        }
    }

    /// The campus location `m` is part of: a hospital's further sites belong to its
    /// main site.
    pub fn location_part_of(&self, m: u32) -> Option<u32> {
        let org = self.location_org(m);
        (self.location_site(m) > 0 && self.org_kind(org) == OrgKind::Hospital).then_some(org)
    }

    // Practitioners and roles.

    /// The organization practitioner `p` mainly works for.
    pub fn practitioner_org(&self, p: u32) -> u32 {
        (p - 1) % self.organizations + 1
    }

    /// Practitioner `p`'s discipline and specialty.
    pub fn practitioner_profile(&self, p: u32) -> Profile {
        let org = self.practitioner_org(p);
        disciplines::profile(
            self.org_kind(org),
            self.org_focus(org),
            self.hash(domain::PRACTITIONER, p),
        )
    }

    /// Practitioner `p`'s individual NPI, unique in the tenant (for up to 10^8
    /// practitioners).
    pub fn practitioner_npi(&self, p: u32) -> String {
        npi::npi(100_000_000 + permute(self.key, p - 1))
    }

    /// Role `r`'s practitioner, organization and site. Roles 1..=practitioners are the
    /// practitioners' main roles; the others give every fourth practitioner a second
    /// site (at a sister organization of the same kind, or another site of their own).
    pub fn role_site(&self, r: u32) -> RoleSite {
        let main = r <= self.practitioners;
        let p = if main {
            r
        } else {
            4 * (r - self.practitioners)
        };
        let home = self.practitioner_org(p);
        let turn = (p - 1) / self.organizations;
        let home_site = turn % self.org_site_count(home);
        let (organization, site) = if main {
            (home, home_site)
        } else {
            let sister = self.sister_org(home);
            let count = self.org_site_count(sister);
            if sister == home {
                (home, (home_site + 1) % count)
            } else {
                (sister, turn % count)
            }
        };
        RoleSite {
            practitioner: p,
            organization,
            location: self.org_site(organization, site),
        }
    }

    /// The network role `r` is in: one of its organization's networks.
    pub fn role_network(&self, r: u32) -> u32 {
        let org = self.role_site(r).organization;
        let mask = self.org_network_mask(org);
        let nth = self.hash(domain::ROLE_NETWORK, r) % u64::from(mask.count_ones());
        self.org_networks(org).nth(nth as usize).unwrap_or(1)
    }

    // Services.

    /// The two HealthcareServices organization `n` offers.
    pub fn org_services(&self, n: u32) -> [u32; 2] {
        [2 * n - 1, 2 * n]
    }
}

/// A city index: Detroit for [`DETROIT_PERCENT`] percent, otherwise the smaller of
/// two uniform draws, which favours the larger cities listed first.
fn pick_city(h: u64) -> usize {
    if h % 100 < DETROIT_PERCENT {
        return 0;
    }
    let len = CITIES.len() as u64;
    ((h >> 8) % len).min((h >> 32) % len) as usize
}

/// A bijection of `0..10^8` keyed by `key`: `x -> (a*x + b) mod 10^8` with `a` prime
/// to 10^8, so different practitioners never share an NPI.
fn permute(key: u64, x: u32) -> u32 {
    const M: u64 = 100_000_000;
    let mut a = (key % M) | 1;
    if a.is_multiple_of(5) {
        a += 2;
    }
    let b = (key >> 32) % M;
    ((a * (u64::from(x) % M) + b) % M) as u32
}

/// The tenant's arc under `2.16.840.1.113883.3`: a five-digit FNV-1a hash of its id,
/// so each tenant's OIDs differ and stay the same across runs and seeds.
fn tenant_arc(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    10_000 + h % 90_000
}

/// SplitMix64's finalizer: a fast, well-mixed bijection of `u64`.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tenants::Tenants;
    use std::collections::HashSet;

    #[test]
    fn the_npi_permutation_never_repeats() {
        let mut seen = HashSet::new();
        for x in 0..200_000 {
            assert!(seen.insert(permute(0xdead_beef_1234_5678, x)));
        }
    }

    #[test]
    fn bundled_tenants_get_distinct_oid_arcs() {
        let tenants = Tenants::bundled();
        let arcs: HashSet<_> = tenants.iter().map(|t| tenant_arc(&t.id)).collect();
        assert_eq!(arcs.len(), tenants.iter().count());
    }

    #[test]
    fn every_organization_runs_at_least_one_site_and_every_site_is_run_by_one() {
        let tenants = Tenants::bundled();
        let tenant = tenants.iter().next().expect("a bundled tenant");
        for practitioners in [10, 60, 99, 1000, 1234] {
            let layout = Layout::new(1, tenant, DirectoryScale::new(practitioners));
            let mut owners = vec![0; layout.locations as usize];
            for n in 1..=layout.organizations {
                let sites: Vec<_> = layout.org_sites(n).collect();
                assert_eq!(sites.len() as u32, layout.org_site_count(n));
                assert_eq!(sites[0], n);
                for (k, m) in sites.iter().enumerate() {
                    assert_eq!(layout.org_site(n, k as u32), *m);
                    assert_eq!(layout.location_org(*m), n);
                    owners[(*m - 1) as usize] += 1;
                }
            }
            assert!(owners.iter().all(|&o| o == 1));
        }
    }

    #[test]
    fn a_role_works_at_a_site_of_its_organization() {
        let tenants = Tenants::bundled();
        let tenant = tenants.iter().next().expect("a bundled tenant");
        for practitioners in [10, 61, 1000] {
            let layout = Layout::new(3, tenant, DirectoryScale::new(practitioners));
            for r in 1..=layout.roles {
                let site = layout.role_site(r);
                assert!((1..=layout.practitioners).contains(&site.practitioner));
                assert_eq!(layout.location_org(site.location), site.organization);
                assert!(site.location <= layout.locations);
                let network = layout.role_network(r);
                assert!(layout.org_networks(site.organization).any(|k| k == network));
            }
        }
    }
}
