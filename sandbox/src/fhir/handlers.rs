//! The FHIR interactions: read, search (GET and `POST _search`), metadata, and the
//! clear refusals of what is not offered (bulk `$export`, other operations, writes).

use super::access::{Interaction, patient_context};
use super::bundle::{self, Page};
use super::data::{PatientView, TenantData};
use super::definition::ResourceDef;
use super::search::{MAX_INCLUDED, Search, Tables, included_rows, matching_rows};
use super::table::Row;
use super::{capability, negotiate, types};
use crate::clock::rfc3339;
use crate::error::{FHIR_JSON, FhirError};
use crate::oauth::fhir_base;
use crate::state::SandboxState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::time::SystemTime;

pub(crate) fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn format_param(pairs: &[(String, String)]) -> Option<&str> {
    pairs
        .iter()
        .find(|(k, _)| k == "_format")
        .map(|(_, v)| v.as_str())
}

fn tenant_data<'a>(state: &'a SandboxState, tenant: &str) -> Result<&'a TenantData, FhirError> {
    state
        .fhir
        .tenant(tenant)
        .ok_or_else(|| FhirError::NotFound {
            resource_type: "tenant".into(),
            id: tenant.into(),
        })
}

fn resource_type(kind: &str) -> Result<&'static ResourceDef, FhirError> {
    if kind.starts_with('$') {
        return Err(not_offered(kind));
    }
    types::find(kind).ok_or_else(|| FhirError::UnknownType(kind.to_owned()))
}

/// Bulk data and other operations are not offered (the portal's FAQ: bulk API queries
/// are on the road map, not available).
fn not_offered(operation: &str) -> FhirError {
    if operation == "$export" {
        FhirError::NotSupported(
            "Bulk Data `$export` is not supported: this server does not offer bulk API queries. Page through searches instead (`_count` up to 500).".into(),
        )
    } else {
        FhirError::NotSupported(format!(
            "the operation `{operation}` is not supported by this server"
        ))
    }
}

fn fhir_json(status: StatusCode, body: impl Into<axum::body::Body>) -> Response {
    let mut response = (status, body.into()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON));
    response
}

fn prefers_strict(headers: &HeaderMap) -> bool {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split([',', ';']))
        .any(|p| p.trim().eq_ignore_ascii_case("handling=strict"))
}

/// `GET /{tenant}/fhir/metadata`.
pub async fn metadata(
    State(state): State<SandboxState>,
    Path(tenant): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, FhirError> {
    let pairs = pairs(query.as_deref());
    negotiate::check(&headers, format_param(&pairs))?;
    let tenant = crate::oauth::tenant(&state, &tenant).ok_or_else(|| FhirError::NotFound {
        resource_type: "tenant".into(),
        id: tenant.clone(),
    })?;
    let date = rfc3339(state.clock.now());
    let body = capability::statement(&state, tenant, &date).to_string();
    Ok(fhir_json(StatusCode::OK, body))
}

/// `GET /{tenant}/fhir/{type}`: search.
pub async fn search_get(
    State(state): State<SandboxState>,
    Path((tenant, kind)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, FhirError> {
    search(&state, &tenant, &kind, pairs(query.as_deref()), &headers)
}

/// `POST /{tenant}/fhir/{type}/_search`: the same search with its parameters in a form
/// body (and possibly the query), for URLs too long or too revealing for a GET.
pub async fn search_post(
    State(state): State<SandboxState>,
    Path((tenant, kind)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, FhirError> {
    let mut all = pairs(query.as_deref());
    all.extend(pairs(std::str::from_utf8(&body).ok()));
    search(&state, &tenant, &kind, all, &headers)
}

fn search(
    state: &SandboxState,
    tenant: &str,
    kind: &str,
    pairs: Vec<(String, String)>,
    headers: &HeaderMap,
) -> Result<Response, FhirError> {
    negotiate::check(headers, format_param(&pairs))?;
    let data = tenant_data(state, tenant)?;
    let def = resource_type(kind)?;
    let patient = patient_context(state, tenant, headers, def, Interaction::Search)?;
    let search = Search::parse(tenant, def, &pairs, prefers_strict(headers))?;
    let directory = data.directory();
    let base = fhir_base(state, tenant);
    let now = rfc3339(state.clock.now());
    let body = match patient {
        None => run(&*directory, &base, &search, now)?,
        Some(patient) => {
            let compartment = data
                .compartment(&patient)
                .ok_or_else(|| FhirError::NotFound {
                    resource_type: "Patient".into(),
                    id: patient.clone(),
                })?;
            let view = PatientView {
                compartment: &compartment,
                directory: &directory,
            };
            run(&view, &base, &search, now)?
        }
    };
    Ok(fhir_json(StatusCode::OK, body))
}

fn run(tables: &dyn Tables, base: &str, search: &Search, now: String) -> Result<String, FhirError> {
    let Some(table) = tables.table(search.def.name) else {
        return Err(FhirError::UnknownType(search.def.name.to_owned()));
    };
    // Without criteria every row matches: page by position, without listing them all.
    let rows = (!search.clauses.is_empty()).then(|| matching_rows(tables, table, &search.clauses));
    let total = rows.as_ref().map_or(table.len(), Vec::len);
    if search.offset > total {
        return Err(FhirError::InvalidParameter {
            name: "_page".into(),
            message: format!(
                "the page starts at {} but the search has {total} results",
                search.offset
            ),
        });
    }
    let end = (search.offset + search.count).min(total);
    let page: Vec<u32> = match &rows {
        Some(rows) => rows[search.offset..end].to_vec(),
        None => (search.offset as u32..end as u32).collect(),
    };
    let page = page.as_slice();
    let (included, truncated) =
        included_rows(tables, table, page, &search.includes, &search.revincludes);
    let mut warnings = search.ignored.clone();
    if truncated {
        warnings.push(format!("only the first {MAX_INCLUDED} included resources are returned with a page: use a smaller `_count`"));
    }
    let matches: Vec<&Row> = page.iter().filter_map(|r| table.row(*r)).collect();
    Ok(bundle::render(&Page {
        base,
        search,
        total,
        matches,
        included,
        warnings,
        now,
    }))
}

/// `GET /{tenant}/fhir/{type}/{id}`: read, with ETag and conditional read.
pub async fn read(
    State(state): State<SandboxState>,
    Path((tenant, kind, id)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, FhirError> {
    let pairs = pairs(query.as_deref());
    if id == "_search" {
        negotiate::check(&headers, format_param(&pairs))?;
        return search(&state, &tenant, &kind, pairs, &headers);
    }
    read_version(&state, &tenant, &kind, &id, None, &pairs, &headers)
}

/// `GET /{tenant}/fhir/{type}/{id}/_history/{vid}`: vread. The sandbox keeps only the
/// current version of each resource, so the version the read's `ETag` names is served
/// and any other is 404.
pub async fn vread(
    State(state): State<SandboxState>,
    Path((tenant, kind, id, history, version)): Path<(String, String, String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, FhirError> {
    if history != "_history" {
        tenant_data(&state, &tenant)?;
        resource_type(&kind)?;
        return Err(no_such_path(&format!("{kind}/{id}/{history}/{version}")));
    }
    let pairs = pairs(query.as_deref());
    read_version(
        &state,
        &tenant,
        &kind,
        &id,
        Some(&version),
        &pairs,
        &headers,
    )
}

/// Read and vread: the same checks in the same order (format, tenant, type, id, token),
/// so a vread never tells more than a read would.
fn read_version(
    state: &SandboxState,
    tenant: &str,
    kind: &str,
    id: &str,
    version: Option<&str>,
    pairs: &[(String, String)],
    headers: &HeaderMap,
) -> Result<Response, FhirError> {
    negotiate::check(headers, format_param(pairs))?;
    let data = tenant_data(state, tenant)?;
    if id.starts_with('$') {
        return Err(not_offered(id));
    }
    let def = resource_type(kind)?;
    if !types::valid_id(id) {
        return Err(FhirError::InvalidId(id.to_owned()));
    }
    let patient = patient_context(state, tenant, headers, def, Interaction::Read)?;
    let directory = data.directory();
    let not_found = || FhirError::NotFound {
        resource_type: def.name.into(),
        id: id.to_owned(),
    };
    let compartment = match &patient {
        Some(p) => Some(data.compartment(p).ok_or_else(not_found)?),
        None => None,
    };
    let view;
    let tables: &dyn Tables = match &compartment {
        Some(c) => {
            view = PatientView {
                compartment: c,
                directory: &directory,
            };
            &view
        }
        None => &*directory,
    };
    let table = tables.table(def.name).ok_or_else(not_found)?;
    let row = table.get(id).ok_or_else(not_found)?;
    match version {
        Some(v) if v != &*row.version_id => Err(FhirError::NotFound {
            resource_type: def.name.into(),
            id: format!("{id}/_history/{v}"),
        }),
        _ => Ok(conditional(row, headers)),
    }
}

/// The stored resource, or 304 when the client's copy is current.
fn conditional(row: &Row, headers: &HeaderMap) -> Response {
    let etag = format!("W/\"{}\"", row.version_id);
    let modified = time::OffsetDateTime::parse(
        &row.last_updated,
        &time::format_description::well_known::Rfc3339,
    )
    .ok()
    .map(SystemTime::from);
    let none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(',').any(|t| {
                let t = t.trim();
                t == "*" || t.trim_start_matches("W/") == etag.trim_start_matches("W/")
            })
        });
    let unmodified_since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .zip(modified)
        .map(|(since, modified)| modified <= since);
    // If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2).
    let fresh = none_match.or(unmodified_since).unwrap_or(false);
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        fhir_json(StatusCode::OK, row.json.get().to_owned())
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Some(v) = modified.and_then(|m| HeaderValue::from_str(&httpdate::fmt_http_date(m)).ok())
    {
        h.insert(header::LAST_MODIFIED, v);
    }
    response
}

/// `/{tenant}/fhir/{type}/{id}/{operation}`: `$export` and friends, `_history`.
pub async fn instance_operation(
    State(state): State<SandboxState>,
    Path((tenant, kind, _id, operation)): Path<(String, String, String, String)>,
) -> Result<Response, FhirError> {
    tenant_data(&state, &tenant)?;
    if operation.starts_with('$') {
        return Err(not_offered(&operation));
    }
    resource_type(&kind)?;
    if operation == "_history" {
        return Err(FhirError::NotSupported(
            "history (`_history`) is not supported: a read returns the current version, and so does a vread of `_history/<versionId>` with the version its `ETag` names".into(),
        ));
    }
    Err(FhirError::NotFound {
        resource_type: kind,
        id: operation,
    })
}

/// `GET /{tenant}/fhir` itself, or a path deeper than any FHIR interaction: FHIR
/// clients read the OperationOutcome of a FHIR base, so they get one here too.
pub async fn unknown_path(
    State(state): State<SandboxState>,
    Path(params): Path<HashMap<String, String>>,
    uri: Uri,
) -> Result<Response, FhirError> {
    tenant_data(&state, params.get("tenant").map_or("", String::as_str))?;
    let rest = uri.path().split_once("/fhir/").map_or("", |(_, rest)| rest);
    Err(no_such_path(rest))
}

/// The FHIR base itself (`GET /{tenant}/fhir`): a system-wide search is not offered.
pub async fn base(
    State(state): State<SandboxState>,
    Path(tenant): Path<String>,
) -> Result<Response, FhirError> {
    tenant_data(&state, &tenant)?;
    Err(FhirError::NotSupported(
        "searching every type at once is not supported: search one type (`/Practitioner?name=...`) or read `metadata` for what is served".into(),
    ))
}

fn no_such_path(rest: &str) -> FhirError {
    FhirError::NoSuchPath(rest.trim_start_matches('/').to_owned())
}

/// Writes and other methods: the APIs are read-only.
pub async fn read_only() -> FhirError {
    FhirError::MethodNotAllowed(
        "the Patient Access and Provider Directory APIs are read-only: use GET (or POST to `<type>/_search`)".into(),
    )
}
