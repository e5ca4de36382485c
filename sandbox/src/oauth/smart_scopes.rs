//! SMART scopes, v1 (`patient/Observation.read`) and v2 (`patient/Observation.rs`) alike.
//!
//! Apps registered with one form and requesting the other must work, because real
//! apps and libraries mix them: `.read` means read and search (`rs`), `.write` create,
//! update and delete (`cud`), `*` everything. A request is allowed when some scope the
//! app registered covers it; scopes that name no resource (`openid`, `launch/patient`)
//! must match exactly.

/// What a scope lets a client do to a resource type, as a set of `c r u d s` letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permissions(u8);

const ORDER: &[u8; 5] = b"cruds";

impl Permissions {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "read" => return Some(Self::letters("rs")),
            "write" => return Some(Self::letters("cud")),
            "*" => return Some(Self::letters("cruds")),
            _ => {}
        }
        // v2 letters must appear in c r u d s order, each at most once.
        let mut last = None;
        let mut bits = 0u8;
        for b in text.bytes() {
            let i = ORDER.iter().position(|o| *o == b)?;
            if last.is_some_and(|l| l >= i) {
                return None;
            }
            last = Some(i);
            bits |= 1 << i;
        }
        (bits != 0).then_some(Self(bits))
    }

    fn letters(s: &str) -> Self {
        Self::parse(s).unwrap_or(Self(0))
    }

    fn covers(self, other: Permissions) -> bool {
        self.0 & other.0 == other.0
    }
}

/// A parsed scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// `patient/Observation.rs`, `user/*.read`, ...
    Resource {
        context: String,
        resource: String,
        permissions: Permissions,
    },
    /// `openid`, `fhirUser`, `launch/patient`, `offline_access`, ...
    Other(String),
}

impl Scope {
    /// Parses one scope; anything not shaped like a resource scope is kept as text.
    pub fn parse(text: &str) -> Scope {
        let resource_scope = text.split_once('/').and_then(|(context, rest)| {
            if !matches!(context, "patient" | "user" | "system") {
                return None;
            }
            let (resource, permission) = rest.rsplit_once('.')?;
            let resource_ok = resource == "*"
                || (resource.starts_with(|c: char| c.is_ascii_uppercase())
                    && resource.chars().all(|c| c.is_ascii_alphanumeric()));
            let permissions = Permissions::parse(permission)?;
            resource_ok.then(|| Scope::Resource {
                context: context.to_owned(),
                resource: resource.to_owned(),
                permissions,
            })
        });
        resource_scope.unwrap_or_else(|| Scope::Other(text.to_owned()))
    }

    fn covers(&self, other: &Scope) -> bool {
        match (self, other) {
            (Scope::Other(a), Scope::Other(b)) => a == b,
            (
                Scope::Resource {
                    context: c1,
                    resource: r1,
                    permissions: p1,
                },
                Scope::Resource {
                    context: c2,
                    resource: r2,
                    permissions: p2,
                },
            ) => c1 == c2 && (r1 == "*" || r1 == r2) && p1.covers(*p2),
            _ => false,
        }
    }
}

/// Whether some scope of `held` covers `wanted`.
pub fn permits(held: &[String], wanted: &str) -> bool {
    let wanted = Scope::parse(wanted);
    held.iter().any(|h| Scope::parse(h).covers(&wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn v1_read_and_v2_rs_cover_each_other() {
        assert!(permits(&held("patient/Patient.read"), "patient/Patient.rs"));
        assert!(permits(&held("patient/Patient.rs"), "patient/Patient.read"));
        assert!(permits(&held("patient/Patient.rs"), "patient/Patient.r"));
    }

    #[test]
    fn narrower_registrations_do_not_cover_wider_requests() {
        assert!(!permits(&held("patient/Patient.r"), "patient/Patient.rs"));
        assert!(!permits(
            &held("patient/Patient.read"),
            "patient/Patient.write"
        ));
        assert!(!permits(
            &held("patient/Patient.read"),
            "patient/Observation.read"
        ));
        assert!(!permits(&held("patient/Patient.read"), "user/Patient.read"));
    }

    #[test]
    fn wildcards_cover_every_type_and_other_scopes_match_exactly() {
        assert!(permits(&held("patient/*.read"), "patient/Coverage.rs"));
        assert!(permits(&held("openid fhirUser"), "fhirUser"));
        assert!(!permits(&held("openid"), "OpenID"));
    }

    #[test]
    fn malformed_v2_letters_are_not_resource_scopes() {
        assert_eq!(
            Scope::parse("patient/Patient.sr"),
            Scope::Other("patient/Patient.sr".into())
        );
        assert_eq!(
            Scope::parse("patient/Patient.rr"),
            Scope::Other("patient/Patient.rr".into())
        );
    }
}

#[cfg(test)]
mod fuzz;
