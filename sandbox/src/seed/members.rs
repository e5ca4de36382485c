//! The members who log in on the authorization pages (guide 3.4 step 3, 3.7.2.1).
//!
//! Rose Tammy Beltran is dev1's test patient (`smart-15716`, born 1997-03-21);
//! MarianBenton is the synthetic user for production testing and exists in every
//! tenant with a patient of her own there. Every tenant also has generated members
//! that follow one documented pattern, so load tests and apps can use thousands of
//! them without a lookup: username `member<N>`, password `Member<N>-pass!`, patient
//! `<tenant>-member-<N>`, for N from 1 to [`GENERATED_MEMBERS`]. These are published
//! test credentials of synthetic people, so they are compared in plain text.

use crate::tenants::Tenant;

/// Generated members per tenant.
pub const GENERATED_MEMBERS: u32 = 1000;

/// Rose's credentials (dev1's prefilled login).
pub const ROSE: (&str, &str) = ("rose", "Beltran-1997!");
/// MarianBenton's credentials (every tenant; production logins come prefilled with them).
pub const MARIAN: (&str, &str) = ("MarianBenton", "Benton-Synthetic-1!");

/// A member who can authorize an app to read their records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub username: String,
    pub password: String,
    pub display_name: String,
    /// The FHIR Patient id the member's tokens are bound to.
    pub patient_id: String,
}

/// The member `username` of `tenant`, if there is one.
pub fn find(tenant: &Tenant, username: &str) -> Option<Member> {
    let member = |(user, password): (&str, &str), name: &str, patient: String| Member {
        username: user.to_owned(),
        password: password.to_owned(),
        display_name: name.to_owned(),
        patient_id: patient,
    };
    if username == ROSE.0 && tenant.id == "dev1" {
        return Some(member(ROSE, "Rose Tammy Beltran", "smart-15716".into()));
    }
    if username == MARIAN.0 {
        return Some(member(
            MARIAN,
            "Marian Benton",
            format!("marian-benton-{}", tenant.id),
        ));
    }
    let n: u32 = username.strip_prefix("member")?.parse().ok()?;
    if !(1..=GENERATED_MEMBERS).contains(&n) || username != format!("member{n}") {
        return None;
    }
    Some(Member {
        username: username.to_owned(),
        password: format!("Member{n}-pass!"),
        display_name: format!("Member {n}"),
        patient_id: format!("{}-member-{n}", tenant.id),
    })
}

/// Every member of `tenant`: Rose (dev1 only), MarianBenton, then the generated ones.
pub fn all(tenant: &Tenant) -> impl Iterator<Item = Member> + '_ {
    let named = [ROSE.0, MARIAN.0].into_iter().map(str::to_owned);
    let generated = (1..=GENERATED_MEMBERS).map(|n| format!("member{n}"));
    named
        .chain(generated)
        .filter_map(move |username| find(tenant, &username))
}

/// The member whose records carry Patient id `patient_id` in `tenant`.
pub fn by_patient(tenant: &Tenant, patient_id: &str) -> Option<Member> {
    if tenant.id == "dev1" && patient_id == "smart-15716" {
        return find(tenant, ROSE.0);
    }
    if patient_id == format!("marian-benton-{}", tenant.id) {
        return find(tenant, MARIAN.0);
    }
    let n = patient_id
        .strip_prefix(tenant.id.as_str())?
        .strip_prefix("-member-")?;
    find(tenant, &format!("member{n}")).filter(|m| m.patient_id == patient_id)
}

/// Checks a login; `None` for an unknown member or a wrong password alike.
pub fn authenticate(tenant: &Tenant, username: &str, password: &str) -> Option<Member> {
    find(tenant, username.trim()).filter(|m| m.password == password)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tenants::Tenants;

    #[test]
    fn rose_lives_in_dev1_only_and_marian_everywhere() {
        let tenants = Tenants::bundled();
        let dev1 = tenants.get("dev1").unwrap();
        let bcbsm = tenants.get("bcbsm").unwrap();
        assert_eq!(
            authenticate(dev1, "rose", ROSE.1).unwrap().patient_id,
            "smart-15716"
        );
        assert!(authenticate(bcbsm, "rose", ROSE.1).is_none());
        assert_eq!(
            authenticate(bcbsm, MARIAN.0, MARIAN.1).unwrap().patient_id,
            "marian-benton-bcbsm"
        );
    }

    #[test]
    fn generated_members_follow_the_documented_pattern() {
        let tenants = Tenants::bundled();
        let mhp = tenants.get("mhp").unwrap();
        assert_eq!(
            authenticate(mhp, "member42", "Member42-pass!")
                .unwrap()
                .patient_id,
            "mhp-member-42"
        );
        assert!(authenticate(mhp, "member042", "Member42-pass!").is_none());
        assert!(authenticate(mhp, "member0", "Member0-pass!").is_none());
        assert!(authenticate(mhp, "member42", "wrong").is_none());
    }
}
