//! Request extractors that refuse bad input in problem+json.
//!
//! axum's own extractors answer malformed input in plain text; an app developer
//! debugging a 400 deserves the same problem document as every other refusal,
//! naming the field at fault. These wrappers read the body under a size cap, check
//! its media type, and report serde's complaint with the JSON path it happened at.

use crate::error::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header, request::Parts};
use serde::de::DeserializeOwned;

/// Largest JSON body the portal accepts.
pub const JSON_LIMIT: usize = 1024 * 1024;
/// Largest privacy-policy upload (the guide's PDFs are a few pages).
pub const PDF_LIMIT: usize = 10 * 1024 * 1024;

/// A JSON request body of type `T`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let content_type = content_type(req.headers());
        let is_json = content_type.as_deref().is_some_and(|ct| {
            let essence = ct.split(';').next().unwrap_or("").trim();
            essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
        });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType {
                expected: "application/json",
                got: content_type,
            });
        }
        let bytes = read_body(req.into_body(), JSON_LIMIT).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Parses JSON bytes, naming the path of the first problem.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::MalformedBody(
            "the body is empty; send a JSON object".into(),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if path.is_empty() || path == "." {
            ApiError::MalformedBody(inner.to_string())
        } else {
            ApiError::MalformedBody(format!("at `{path}`: {inner}"))
        }
    })
}

/// A raw body with its declared media type, for uploads.
pub struct RawBody {
    pub content_type: Option<String>,
    pub headers: HeaderMap,
    pub bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers().clone();
        let content_type = content_type(&headers);
        let bytes = read_body(req.into_body(), PDF_LIMIT).await?;
        Ok(RawBody {
            content_type,
            headers,
            bytes,
        })
    }
}

/// The query string parsed into `T`; a malformed one is a 400 naming the parameter.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|err| {
                let path = err.path().to_string();
                ApiError::MalformedQuery(format!("`{path}`: {}", err.into_inner()))
            })
    }
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|err| {
        // `to_bytes` fails either on the limit or on a broken connection.
        if crate::limits::is_length_limit(&err) {
            ApiError::PayloadTooLarge { limit }
        } else {
            ApiError::MalformedBody(format!("the body could not be read: {err}"))
        }
    })
}
