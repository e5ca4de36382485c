//! The Provider Directory API (portal guide 3.7.2.2; Da Vinci PDex Plan-Net 1.1.0):
//! walking a search page by page the way a directory app does, and the identifiers
//! apps rely on (NPIs with a valid check digit, organizations' OIDs; guide Appendix A,
//! "Why don't all organization resources have Type 2 NPIs?").

use std::collections::BTreeSet;

use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::Value;

use super::fhir::{
    self, FhirRequest, Token, expect_searchset, fail, link_of, link_request, matches, reference_to,
    searched_type,
};
use crate::world::PortalWorld;

/// The NPI system (CMS; FHIR `us-npi`).
pub const NPI: &str = "http://hl7.org/fhir/sid/us-npi";

/// A walk stops here: a server whose `next` links never end must not hang the run.
const MAX_PAGES: usize = 400;

/// The `match` ids of a page, as `Type/id`.
fn page_ids(page: &Value) -> Vec<String> {
    matches(page).into_iter().map(reference_to).collect()
}

#[when(
    regex = r#"^an app pages through "([^"]+)" on "([a-z0-9]+)" without a token, following the next links$"#
)]
async fn pages_through(w: &mut PortalWorld, step: &Step, what: String, tenant: String) {
    w.begin(step);
    let (path, query) = fhir::target(w, &what);
    let kind = path.clone();
    fhir::send(w, FhirRequest::get(&tenant, &path, query, Token::None)).await;
    let mut pages = vec![expect_searchset(w, &kind).clone()];
    while let Some(next) = pages.last().and_then(|p| link_of(p, "next")) {
        if pages.len() >= MAX_PAGES {
            fail(
                w,
                format!(
                    "Followed {MAX_PAGES} `next` links and the searchset still has one: the pages never end."
                ),
            );
        }
        let request = link_request(w, &next, None);
        fhir::send(w, request).await;
        pages.push(expect_searchset(w, &kind).clone());
    }
    w.fhir.pages = pages;
}

fn walked(w: &PortalWorld) -> Vec<Value> {
    if w.fhir.pages.is_empty() {
        fail(
            w,
            "This step checks the pages of a walk, but no search was paged through.",
        );
    }
    w.fhir.pages.clone()
}

#[then("the pages hold as many matches as the total, none of them twice")]
fn pages_complete(w: &mut PortalWorld) {
    let pages = walked(w);
    let total = pages[0]["total"].as_u64().unwrap_or(0);
    let mut seen = BTreeSet::new();
    let mut count = 0u64;
    for (i, page) in pages.iter().enumerate() {
        if page["total"] != pages[0]["total"] {
            fail(
                w,
                format!(
                    "The first page says {total} resources match, but page {} says {}: paging must \
                     be stable.",
                    i + 1,
                    page["total"]
                ),
            );
        }
        for id in page_ids(page) {
            count += 1;
            if !seen.insert(id.clone()) {
                fail(
                    w,
                    format!(
                        "{id} is on page {} and on an earlier page: an app paging through would count \
                         it twice.",
                        i + 1
                    ),
                );
            }
        }
    }
    if count != total {
        fail(
            w,
            format!(
                "The searchset says {total} resources match, but its {} pages hold {count} matches.",
                pages.len()
            ),
        );
    }
}

#[then(regex = r"^every page but the last holds (\d+) matches$")]
fn full_pages(w: &mut PortalWorld, size: usize) {
    let pages = walked(w);
    for (i, page) in pages.iter().enumerate().take(pages.len().saturating_sub(1)) {
        let held = matches(page).len();
        if held != size {
            fail(
                w,
                format!(
                    "Expected page {} to hold {size} matches (the _count asked), but it holds {held}.",
                    i + 1
                ),
            );
        }
    }
    if pages.len() < 2 {
        fail(
            w,
            "Expected the walk to take more than one page, but it took one.",
        );
    }
}

/// Follows the `previous` link of every page after the first and compares the page it
/// leads to with the page walked before it.
#[then("the previous link of every page but the first leads back to the page before it")]
async fn previous_links(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let pages = walked(w);
    let kind = searched_type(w);
    for i in 1..pages.len() {
        let Some(previous) = link_of(&pages[i], "previous") else {
            fail(
                w,
                format!(
                    "Expected page {} to carry a `previous` link, but it has none.",
                    i + 1
                ),
            );
        };
        let request = link_request(w, &previous, None);
        fhir::send(w, request).await;
        let back = expect_searchset(w, &kind);
        if page_ids(back) != page_ids(&pages[i - 1]) {
            fail(
                w,
                format!(
                    "The `previous` link of page {} leads to a page holding {:?}, but page {} held {:?}.",
                    i + 1,
                    page_ids(back),
                    i,
                    page_ids(&pages[i - 1])
                ),
            );
        }
    }
    if link_of(&pages[0], "previous").is_some() {
        fail(
            w,
            "The first page carries a `previous` link, but there is nothing before it.",
        );
    }
}

#[then("the last link of the first page leads to the last page")]
async fn last_link(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let pages = walked(w);
    let kind = searched_type(w);
    let Some(last) = link_of(&pages[0], "last") else {
        fail(
            w,
            "Expected the first page to carry a `last` link, but it has none.",
        );
    };
    let request = link_request(w, &last, None);
    fhir::send(w, request).await;
    let page = expect_searchset(w, &kind);
    let expected = pages.last().map(page_ids).unwrap_or_default();
    if page_ids(page) != expected {
        fail(
            w,
            format!(
                "The `last` link leads to a page holding {:?}, but the walk's last page held {expected:?}.",
                page_ids(page)
            ),
        );
    }
}

/// The values of the identifiers of `system` of a resource.
fn identifiers<'v>(resource: &'v Value, system: &str) -> Vec<&'v str> {
    resource["identifier"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| i["system"].as_str() == Some(system))
        .filter_map(|i| i["value"].as_str())
        .collect()
}

#[then("at least one match carries an NPI, and every NPI is ten digits with a valid check digit")]
fn npis_valid(w: &mut PortalWorld) {
    let bundle = expect_searchset(w, &searched_type(w));
    let mut found = 0;
    for resource in matches(bundle) {
        for npi in identifiers(resource, NPI) {
            found += 1;
            if !fhir::criteria::npi_is_valid(npi) {
                fail(
                    w,
                    format!(
                        "{} carries the NPI {npi:?}, which is not ten digits with a valid Luhn check \
                         digit (CMS NPI check digit over 80840 + the first nine digits).",
                        reference_to(resource)
                    ),
                );
            }
        }
    }
    if found == 0 {
        fail(
            w,
            format!("Expected at least one match to carry an NPI ({NPI}), but none does."),
        );
    }
}

#[then(
    regex = r#"^every match carries an identifier of the system "([^"]+)" whose value starts with "([^"]+)"$"#
)]
fn identifiers_start(w: &mut PortalWorld, system: String, start: String) {
    let bundle = expect_searchset(w, &searched_type(w));
    for resource in matches(bundle) {
        let values = identifiers(resource, &system);
        if !values.iter().any(|v| v.starts_with(&start)) {
            fail(
                w,
                format!(
                    "Expected {} to carry an identifier of the system {system} starting with \
                     {start:?}, but its values there are {values:?}.",
                    reference_to(resource)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identifiers_are_read_by_system() {
        let org = json!({"identifier": [{"system": NPI, "value": "1234567893"}, {"system": "x", "value": "y"}]});
        assert_eq!(identifiers(&org, NPI), vec!["1234567893"]);
    }
}
