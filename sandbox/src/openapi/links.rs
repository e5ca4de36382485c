//! The OpenAPI Link objects of the document, as the stateful phase of Schemathesis reads
//! them (docs/openapi.md).
//!
//! The links themselves are written in each handler's `#[utoipa::path]` annotation
//! (`links(...)` on a success response), next to the operation they leave from.
//! utoipa 5.5 serializes its `Link` without camel-casing the field names
//! (`operation_id` instead of `operationId`; fixed upstream after 5.5.0), which no
//! OpenAPI reader would understand, so [`camel_case_link_fields`] renames them once the
//! document is JSON.

use serde_json::{Map, Value};

/// utoipa 5.5's field name → the Link object's field name in OpenAPI 3.1.
const RENAMES: [(&str, &str); 3] = [
    ("operation_id", "operationId"),
    ("operation_ref", "operationRef"),
    ("request_body", "requestBody"),
];

/// Renames the snake_case fields of every Link object under `paths` to their OpenAPI
/// names, leaving everything else (and links already camel-cased) as it is.
pub fn camel_case_link_fields(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let links = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(|op| op.get_mut("responses").and_then(Value::as_object_mut))
        .flat_map(|responses| responses.values_mut())
        .filter_map(|response| response.get_mut("links").and_then(Value::as_object_mut))
        .flat_map(|links| links.values_mut())
        .filter_map(Value::as_object_mut);
    for link in links {
        rename_fields(link);
    }
}

fn rename_fields(link: &mut Map<String, Value>) {
    for (from, to) in RENAMES {
        if let Some(value) = link.remove(from) {
            link.insert(to.to_owned(), value);
        }
    }
    link.sort_keys();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_link_written_by_utoipa_gets_the_openapi_field_names() {
        let mut doc = json!({"paths": {"/apps": {"post": {"responses": {"201": {
            "description": "d",
            "links": {"show": {"operation_id": "show", "request_body": {"a": 1},
                               "parameters": {"id": "$response.body#/id"}}}}}}}}});
        camel_case_link_fields(&mut doc);
        assert_eq!(
            doc["paths"]["/apps"]["post"]["responses"]["201"]["links"]["show"],
            json!({"operationId": "show", "requestBody": {"a": 1},
                   "parameters": {"id": "$response.body#/id"}})
        );
    }

    #[test]
    fn the_links_utoipa_writes_still_have_snake_case_fields() {
        // When utoipa serializes `operationId` itself, this fails: drop the renaming.
        let link = utoipa::openapi::link::Link::builder()
            .operation_id("show")
            .build();
        let json = serde_json::to_value(link).unwrap_or_default();
        assert_eq!(json, json!({"operation_id": "show"}));
    }
}
