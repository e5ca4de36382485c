//! FHIR search as `GET /{tenant}/fhir/{type}?...` reads it, for the libFuzzer targets
//! `fhir_search` and `fhir_date`.

use crate::fhir::date;
use crate::fhir::definition::ResourceDef;
use crate::fhir::handlers;
use crate::fhir::search::{PageToken, Search};

pub use crate::error::FhirError;
pub use crate::fhir::date::{Prefix, Range};
pub use crate::fhir::search::MAX_COUNT;

/// What a search read from a query decided, in the terms a target checks: the parts of
/// the parsed search that do not depend on the data.
#[derive(Debug)]
pub struct ParsedSearch {
    /// The query's pairs, decoded as the FHIR API decodes them.
    pub sent: Vec<(String, String)>,
    /// Page size.
    pub count: usize,
    /// Rows skipped, from `_page`.
    pub offset: usize,
    /// How many parameters select rows (each a list of alternatives, none empty).
    pub clauses: Vec<usize>,
    /// `(source, param, target)` of each `_include`.
    pub includes: Vec<(&'static str, &'static str, Option<&'static str>)>,
    /// `(source, param, target)` of each `_revinclude`.
    pub revincludes: Vec<(&'static str, &'static str, Option<&'static str>)>,
    /// How many parameters were ignored (reported back in the Bundle).
    pub ignored: usize,
    /// The pairs that identify the search, for its paging links.
    pub canonical_query: Vec<(String, String)>,
    /// Identifies the search in its page tokens.
    pub fingerprint: String,
}

/// Decodes `query` as the FHIR API does and reads it as a search of `def` in `tenant`
/// (`strict` as under `Prefer: handling=strict`): the search, or the refusal the route
/// answers with an OperationOutcome.
pub fn fhir_search(
    tenant: &str,
    def: &'static ResourceDef,
    query: &str,
    strict: bool,
) -> Result<ParsedSearch, FhirError> {
    let sent = handlers::pairs(Some(query));
    let search = Search::parse(tenant, def, &sent, strict)?;
    let include = |i: &crate::fhir::search::Include| (i.source, i.param, i.target);
    Ok(ParsedSearch {
        count: search.count,
        offset: search.offset,
        clauses: search.clauses.iter().map(Vec::len).collect(),
        includes: search.includes.iter().map(include).collect(),
        revincludes: search.revincludes.iter().map(include).collect(),
        ignored: search.ignored.len(),
        canonical_query: search.canonical_query,
        fingerprint: search.fingerprint,
        sent,
    })
}

/// The `_page` value of the page at `offset` of the search with `fingerprint`, as the
/// Bundle's `next` link writes it.
pub fn page_token(offset: usize, fingerprint: &str) -> String {
    PageToken::render(offset, fingerprint)
}

/// The range a FHIR date, dateTime or instant covers, as date search values are read;
/// `None` when the text is not one.
pub fn fhir_date(text: &str) -> Option<Range> {
    date::parse(text)
}
