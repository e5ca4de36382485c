//! Writing searchset Bundles (R4 `bundle.html`, `search.html#return`): `total`, the
//! paging links, matches, includes and, when parameters were ignored, an outcome
//! entry saying which.
//!
//! Stored resources are spliced in as the bytes they were serialized to at seeding,
//! so a page of fifty costs fifty copies, not fifty parses.

use super::search::{PageToken, Search};
use super::table::Row;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

#[derive(Serialize)]
struct Link {
    relation: &'static str,
    url: String,
}

#[derive(Serialize)]
struct EntrySearch {
    mode: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    full_url: String,
    resource: &'a RawValue,
    search: EntrySearch,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutcomeEntry {
    full_url: String,
    resource: Value,
    search: EntrySearch,
}

#[derive(Serialize)]
#[serde(untagged)]
enum AnyEntry<'a> {
    Stored(Entry<'a>),
    Outcome(OutcomeEntry),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bundle<'a> {
    resource_type: &'static str,
    id: String,
    meta: Value,
    #[serde(rename = "type")]
    kind: &'static str,
    total: usize,
    link: Vec<Link>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    entry: Vec<AnyEntry<'a>>,
}

/// One page of a search, ready to be written.
pub struct Page<'a> {
    /// `{public_url}/{tenant}/fhir`.
    pub base: &'a str,
    pub search: &'a Search,
    pub total: usize,
    pub matches: Vec<&'a Row>,
    pub included: Vec<(&'static str, &'a Row)>,
    /// Warnings for the outcome entry (ignored parameters, truncated includes).
    pub warnings: Vec<String>,
    /// When the Bundle was assembled.
    pub now: String,
}

fn link(page: &Page, offset: Option<usize>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut has_count = false;
    for (name, value) in &page.search.canonical_query {
        has_count |= name == "_count";
        query.append_pair(name, value);
    }
    if !has_count {
        query.append_pair("_count", &page.search.count.to_string());
    }
    if let Some(offset) = offset.filter(|o| *o > 0) {
        query.append_pair(
            "_page",
            &PageToken::render(offset, &page.search.fingerprint),
        );
    }
    format!("{}/{}?{}", page.base, page.search.def.name, query.finish())
}

/// The searchset as JSON text.
pub fn render<'a>(page: &Page<'a>) -> String {
    let search = page.search;
    let (offset, count, total) = (search.offset, search.count, page.total);
    let mut links = vec![Link {
        relation: "self",
        url: link(page, Some(offset)),
    }];
    links.push(Link {
        relation: "first",
        url: link(page, None),
    });
    if offset > 0 {
        links.push(Link {
            relation: "previous",
            url: link(page, Some(offset.saturating_sub(count))),
        });
    }
    if offset + count < total {
        links.push(Link {
            relation: "next",
            url: link(page, Some(offset + count)),
        });
    }
    let last = if total == 0 {
        0
    } else {
        (total - 1) / count * count
    };
    links.push(Link {
        relation: "last",
        url: link(page, Some(last)),
    });

    let entry = |kind: &str, row: &'a Row, mode: &'static str| {
        AnyEntry::Stored(Entry {
            full_url: format!("{}/{kind}/{}", page.base, row.id),
            resource: &row.json,
            search: EntrySearch { mode },
        })
    };
    let mut entries: Vec<AnyEntry<'a>> = page
        .matches
        .iter()
        .map(|row| entry(search.def.name, row, "match"))
        .chain(
            page.included
                .iter()
                .map(|(kind, row)| entry(kind, row, "include")),
        )
        .collect();
    if !page.warnings.is_empty() {
        let issues: Vec<Value> = page
            .warnings
            .iter()
            .map(|w| json!({"severity": "warning", "code": "not-supported", "diagnostics": w}))
            .collect();
        entries.push(AnyEntry::Outcome(OutcomeEntry {
            full_url: format!("urn:uuid:{}", outcome_uuid(&search.fingerprint, offset)),
            resource: json!({"resourceType": "OperationOutcome", "issue": issues}),
            search: EntrySearch { mode: "outcome" },
        }));
    }
    let bundle = Bundle {
        resource_type: "Bundle",
        id: format!("{}-{offset}", search.fingerprint),
        meta: json!({"lastUpdated": page.now}),
        kind: "searchset",
        total,
        link: links,
        entry: entries,
    };
    serde_json::to_string(&bundle).unwrap_or_default()
}

/// A stable UUID-shaped name for the outcome entry of one page.
fn outcome_uuid(fingerprint: &str, offset: usize) -> String {
    let hex = format!("{fingerprint:0>12}{offset:020x}");
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}
