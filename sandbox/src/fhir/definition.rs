//! What the server knows about each resource type it serves: its profiles, search
//! parameters, and which references `_include` and `_revinclude` may follow.
//!
//! One table per API (`patient_access`, `directory`) declares these; the search
//! engine indexes by them and the CapabilityStatement is written from them, so what
//! the server says it supports and what it does cannot drift apart.

/// Which API a resource type belongs to decides who may read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// A member's own records: bearer token, scope and patient compartment.
    PatientAccess,
    /// The provider directory: open to everyone.
    Directory,
}

/// How a search parameter's value is compared (FHIR R4 `search.html#ptypes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// Case- and accent-insensitive starts-with; `:exact` and `:contains`.
    String,
    /// `code`, `system|code`, `|code`, `system|`.
    Token,
    /// `Type/id`, `id` or an absolute URL; chains with `.`.
    Reference,
    /// Dates with `eq ne lt gt le ge sa eb ap` prefixes.
    Date,
}

impl ParamKind {
    /// The FHIR `SearchParamType` code.
    pub fn code(self) -> &'static str {
        match self {
            ParamKind::String => "string",
            ParamKind::Token => "token",
            ParamKind::Reference => "reference",
            ParamKind::Date => "date",
        }
    }
}

/// One step of a path into a resource. Arrays are walked transparently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A property.
    Field(&'static str),
    /// Only the extensions (of the current array) with this `url`.
    Extension(&'static str),
}

/// One search parameter of a resource type.
#[derive(Debug, Clone, Copy)]
pub struct ParamDef {
    pub name: &'static str,
    pub kind: ParamKind,
    /// Where the values are: each path is a list of steps; all paths are searched.
    pub paths: &'static [&'static [Step]],
    /// For references: the types the parameter may point at (first = default for chains).
    pub targets: &'static [&'static str],
    /// The canonical SearchParameter this one implements.
    pub definition: &'static str,
}

/// One resource type as this server serves it.
#[derive(Debug, Clone, Copy)]
pub struct ResourceDef {
    pub name: &'static str,
    pub api: Api,
    /// The profile named in `CapabilityStatement.rest.resource.profile`.
    pub profile: &'static str,
    /// Every profile a resource of this type may claim in `meta.profile`.
    pub supported_profiles: &'static [&'static str],
    pub params: &'static [ParamDef],
    /// Reference parameters of this type that `_include` may follow.
    pub includes: &'static [&'static str],
    /// `Type:param` pairs pointing at this type that `_revinclude` may follow.
    pub revincludes: &'static [&'static str],
}

impl ResourceDef {
    /// The parameter called `name`, if this type has one.
    pub fn param(&self, name: &str) -> Option<&'static ParamDef> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// A path of plain fields, `path!("name", "family")`, for the tables' brevity.
#[macro_export]
macro_rules! path {
    ($($field:literal),+) => { &[$($crate::fhir::definition::Step::Field($field)),+] };
}

/// A search parameter, written compactly in the definition tables.
#[macro_export]
macro_rules! param {
    ($name:literal, $kind:ident, [$($path:expr),+ $(,)?], $def:expr) => {
        $crate::fhir::definition::ParamDef {
            name: $name,
            kind: $crate::fhir::definition::ParamKind::$kind,
            paths: &[$($path),+],
            targets: &[],
            definition: $def,
        }
    };
    ($name:literal, Reference -> [$($target:literal),+], [$($path:expr),+ $(,)?], $def:expr) => {
        $crate::fhir::definition::ParamDef {
            name: $name,
            kind: $crate::fhir::definition::ParamKind::Reference,
            paths: &[$($path),+],
            targets: &[$($target),+],
            definition: $def,
        }
    };
}
