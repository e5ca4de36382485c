//! FHIR search (R4 `search.html`): reading the query, finding the matching rows, and
//! the `_include`s and `_revinclude`s to add.
//!
//! A query is read completely before anything is looked up, so a malformed value
//! anywhere is a 400 OperationOutcome naming the parameter, never a partial answer.
//! Parameters the type does not have are ignored and reported back in the Bundle, as
//! the specification allows, unless the client sent `Prefer: handling=strict`.

mod criteria;
mod eval;
mod includes;
mod paging;

pub use criteria::Criterion;
pub use eval::{Tables, matching_rows};
pub use includes::{Include, MAX_INCLUDED, included_rows};
pub use paging::{DEFAULT_COUNT, MAX_COUNT, PageToken};

use super::definition::ResourceDef;
use crate::error::FhirError;
use sha2::{Digest, Sha256};

/// A parsed search of one resource type.
#[derive(Debug)]
pub struct Search {
    pub def: &'static ResourceDef,
    /// All must hold; each is a list of alternatives (`a,b`), one of which must.
    pub clauses: Vec<Vec<Criterion>>,
    pub includes: Vec<Include>,
    pub revincludes: Vec<Include>,
    /// Page size.
    pub count: usize,
    /// Rows to skip: from the page token.
    pub offset: usize,
    /// Parameters that were ignored, with the reason, for the Bundle's outcome entry.
    pub ignored: Vec<String>,
    /// Identifies this search (tenant, type, parameters) in its page tokens.
    pub fingerprint: String,
    /// The query as received, without `_page`, to rebuild the paging links.
    pub canonical_query: Vec<(String, String)>,
}

/// Parameters every search understands that do not select rows.
const CONTROL: &[&str] = &["_count", "_page", "_format", "_include", "_revinclude"];

/// Result parameters the specification defines but this server does not act on: they
/// are reported as ignored, not refused.
const UNSUPPORTED_RESULT_PARAMETERS: &[&str] = &[
    "_sort",
    "_summary",
    "_elements",
    "_total",
    "_contained",
    "_containedType",
];

impl Search {
    /// Reads `query` (decoded pairs, in order) as a search of `def` in `tenant`.
    pub fn parse(
        tenant: &str,
        def: &'static ResourceDef,
        query: &[(String, String)],
        strict: bool,
    ) -> Result<Search, FhirError> {
        let mut search = Search {
            def,
            clauses: Vec::new(),
            includes: Vec::new(),
            revincludes: Vec::new(),
            count: DEFAULT_COUNT,
            offset: 0,
            ignored: Vec::new(),
            fingerprint: String::new(),
            canonical_query: Vec::new(),
        };
        let mut page = None;
        for (name, value) in query {
            let (base, _) = name.split_once([':', '.']).unwrap_or((name.as_str(), ""));
            if value.is_empty() && !CONTROL.contains(&base) {
                search
                    .ignored
                    .push(format!("`{name}` has no value and was ignored"));
                continue;
            }
            match base {
                "_count" => search.count = paging::parse_count(value)?,
                "_page" => page = Some(value.clone()),
                "_format" => {}
                "_include" => search
                    .includes
                    .push(includes::parse(def, name, value, false)?),
                "_revinclude" => search
                    .revincludes
                    .push(includes::parse(def, name, value, true)?),
                _ if UNSUPPORTED_RESULT_PARAMETERS.contains(&base) => {
                    let why = format!("`{name}` is not supported by this server and was ignored");
                    if strict {
                        return Err(FhirError::UnknownParameter(name.clone()));
                    }
                    search.ignored.push(why);
                }
                _ => match criteria::parse(def, name, value)? {
                    Some(alternatives) => search.clauses.push(alternatives),
                    None if strict => return Err(FhirError::UnknownParameter(name.clone())),
                    None => search.ignored.push(format!(
                        "`{name}` is not a search parameter of {} and was ignored",
                        def.name
                    )),
                },
            }
            if name != "_page" {
                search.canonical_query.push((name.clone(), value.clone()));
            }
        }
        search.fingerprint = fingerprint(tenant, def.name, &search.canonical_query);
        if let Some(token) = page {
            search.offset = PageToken::parse(&token)?.offset_for(&search.fingerprint)?;
        }
        Ok(search)
    }
}

/// A short digest of what identifies a search (not the page size, so a client may
/// change `_count` between pages).
fn fingerprint(tenant: &str, kind: &str, query: &[(String, String)]) -> String {
    let mut pairs: Vec<_> = query
        .iter()
        .filter(|(n, _)| n != "_count" && n != "_format")
        .collect();
    pairs.sort();
    let mut hasher = Sha256::new();
    hasher.update(tenant.as_bytes());
    hasher.update([0]);
    hasher.update(kind.as_bytes());
    for (n, v) in pairs {
        hasher.update([0]);
        hasher.update(n.as_bytes());
        hasher.update([1]);
        hasher.update(v.as_bytes());
    }
    hasher.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod fuzz;
