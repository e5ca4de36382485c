//! Content negotiation (R4 `http.html#mime-type`): the server speaks JSON only, so
//! `_format` or an `Accept` header that rules JSON out is 406, not an XML-shaped
//! surprise or a silent JSON answer the client cannot parse.

use crate::error::FhirError;
use axum::http::{HeaderMap, header};

const JSON_TYPES: &[&str] = &[
    "json",
    "application/json",
    "application/fhir+json",
    "application/json+fhir",
];

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    JSON_TYPES.iter().any(|t| t.eq_ignore_ascii_case(essence))
}

/// Whether the request accepts the JSON this server answers with.
pub fn check(headers: &HeaderMap, format: Option<&str>) -> Result<(), FhirError> {
    if let Some(f) = format {
        if !is_json(f) {
            return Err(FhirError::NotAcceptable(format!(
                "`_format={f}` asks for a format this server does not serve: only JSON (`_format=json`, application/fhir+json)"
            )));
        }
        // `_format` overrides the Accept header.
        return Ok(());
    }
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let acceptable = accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let essence = parts.next().unwrap_or_default().trim();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        !refused && (essence == "*/*" || essence == "application/*" || is_json(essence))
    });
    if acceptable || accept.trim().is_empty() {
        Ok(())
    } else {
        Err(FhirError::NotAcceptable(format!(
            "`Accept: {accept}` rules out JSON, the only format this server serves: accept application/fhir+json"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn json_and_wildcards_are_served_and_xml_is_not() {
        assert!(check(&HeaderMap::new(), None).is_ok());
        assert!(check(&accept("application/fhir+json"), None).is_ok());
        assert!(check(&accept("text/html,application/xhtml+xml,*/*;q=0.8"), None).is_ok());
        assert!(check(&accept("application/fhir+xml"), None).is_err());
        assert!(check(&HeaderMap::new(), Some("xml")).is_err());
        assert!(check(&accept("application/fhir+xml"), Some("json")).is_ok());
    }
}
