//! The OpenAPI 3.1 document of the portal API and the sandbox control API, served at
//! `GET /portal/api/openapi.json`.
//!
//! Nothing here is written by hand that the code already knows: every operation comes
//! from the `#[utoipa::path]` annotation on its handler, and the routers in
//! `portal::routes` and `control::routes` are built from the same `routes!` calls, so a
//! route cannot be served without being documented. Response bodies refer to the JSON
//! schemas in `fixtures/schemas/` (the ones the harness validates every answer against),
//! embedded at build time and hoisted into `components/schemas` by [`document`]; request
//! bodies are `ToSchema` derives on the handlers' input structs.

pub mod examples;
mod fixtures;
mod links;
mod responses;

pub use fixtures::*;
pub use responses::*;

use axum::{Extension, Json};
use serde_json::Value;
use std::sync::Arc;
use utoipa::openapi::OpenApi;

/// Title, version and description of the document; the paths are added by the routers.
pub fn base() -> OpenApi {
    let mut doc = OpenApi::default();
    doc.info.title = "conform sandbox: portal API and sandbox control API".into();
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc.info.description = Some(
        "The developer portal API (`/portal/api`) and the sandbox control API (`/_sandbox`) of \
         the conform SMART-on-FHIR payer-portal sandbox. Errors are application/problem+json \
         (RFC 9457). Portal calls after sign-in carry `Authorization: Bearer <session token>`; \
         the security team's calls carry the admin token."
            .into(),
    );
    doc.info.license = None;
    doc
}

/// The finished document as JSON: utoipa's paths (their links with OpenAPI's field
/// names) with the fixture schemas in `components/schemas`. Built once, when the router
/// is built.
pub fn document(generated: &OpenApi) -> Value {
    let mut doc = serde_json::to_value(generated).unwrap_or_default();
    links::camel_case_link_fields(&mut doc);
    fixtures::install(&mut doc);
    doc
}

/// The bytes of a PDF (the privacy policy), uploaded and served as `application/pdf`.
pub struct PdfBytes;

impl utoipa::PartialSchema for PdfBytes {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Binary,
            )))
            .into()
    }
}

impl utoipa::ToSchema for PdfBytes {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("pdf")
    }
}

/// `GET /portal/api/openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi_document",
    tag = "portal",
    responses((status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
pub async fn serve(Extension(Served(document)): Extension<Served>) -> Json<Value> {
    Json((*document).clone())
}

/// The document `serve` answers with, built once with the router (an axum extension).
#[derive(Clone)]
pub struct Served(pub Arc<Value>);
