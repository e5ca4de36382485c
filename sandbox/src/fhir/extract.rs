//! Reading search values out of a resource along a parameter's paths.
//!
//! A parameter's path names elements (`name`, `address.city`, the network extension's
//! `valueReference`); arrays along the way are walked, so every repetition counts.
//! What a value *is* depends on the parameter type: the text parts of a HumanName or
//! Address for strings, the codings of a CodeableConcept or an Identifier's system and
//! value for tokens, the `Type/id` of a Reference, the range of a date or Period.

use super::date::{self, Range};
use super::definition::Step;
use serde_json::Value;

/// Every element `path` reaches in `resource`, arrays flattened.
pub fn elements<'a>(resource: &'a Value, path: &[Step]) -> Vec<&'a Value> {
    let mut current = vec![resource];
    for step in path {
        let mut next = Vec::new();
        for node in current {
            match step {
                Step::Field(name) => match node.get(*name) {
                    Some(Value::Array(items)) => next.extend(items.iter()),
                    Some(v) => next.push(v),
                    None => {}
                },
                Step::Extension(url) => {
                    if node.get("url").and_then(Value::as_str) == Some(*url) {
                        next.push(node);
                    }
                }
            }
        }
        current = next;
    }
    current
}

/// The element parts a string search looks at in complex types (HumanName, Address).
const TEXT_PARTS: &[&str] = &[
    "text",
    "family",
    "given",
    "prefix",
    "suffix",
    "line",
    "city",
    "district",
    "state",
    "postalCode",
    "country",
];

/// The strings of one element: itself, or the text parts of a HumanName or Address.
pub fn strings(element: &Value, out: &mut Vec<String>) {
    match element {
        Value::String(s) => out.push(s.clone()),
        Value::Object(map) => {
            for part in TEXT_PARTS {
                match map.get(*part) {
                    Some(Value::String(s)) => out.push(s.clone()),
                    Some(Value::Array(items)) => {
                        out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// A token found in a resource: its system (if any) and code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub system: Option<String>,
    pub code: String,
}

/// The tokens of one element: a code, a boolean, a Coding, each coding of a
/// CodeableConcept, or an Identifier's (or ContactPoint's) system and value.
pub fn tokens(element: &Value, out: &mut Vec<Token>) {
    let plain = |code: &str| Token {
        system: None,
        code: code.to_owned(),
    };
    match element {
        Value::String(s) => out.push(plain(s)),
        Value::Bool(b) => out.push(plain(if *b { "true" } else { "false" })),
        Value::Object(map) => {
            if let Some(Value::Array(codings)) = map.get("coding") {
                for coding in codings {
                    tokens(coding, out);
                }
                return;
            }
            let code = map
                .get("code")
                .or_else(|| map.get("value"))
                .and_then(Value::as_str);
            if let Some(code) = code {
                out.push(Token {
                    system: map.get("system").and_then(Value::as_str).map(str::to_owned),
                    code: code.to_owned(),
                });
            }
        }
        _ => {}
    }
}

/// The `Type/id` a Reference points at, whether written relative or absolute.
pub fn reference(element: &Value) -> Option<String> {
    let text = element.get("reference")?.as_str()?;
    relative(text)
}

/// `Type/id` of a relative or absolute reference (`http://x/fhir/Practitioner/7`).
pub fn relative(text: &str) -> Option<String> {
    let text = text.split("/_history/").next()?;
    let mut parts = text.rsplit('/');
    let id = parts.next()?;
    let kind = parts.next()?;
    (!id.is_empty() && kind.starts_with(|c: char| c.is_ascii_uppercase()))
        .then(|| format!("{kind}/{id}"))
}

/// The time range of a date, dateTime, instant or Period.
pub fn range(element: &Value) -> Option<Range> {
    match element {
        Value::String(s) => date::parse(s),
        Value::Object(map) => {
            let start = map
                .get("start")
                .and_then(Value::as_str)
                .and_then(date::parse);
            let end = map.get("end").and_then(Value::as_str).and_then(date::parse);
            (start.is_some() || end.is_some()).then(|| Range {
                start: start.map_or(i64::MIN, |r| r.start),
                end: end.map_or(i64::MAX, |r| r.end),
            })
        }
        _ => None,
    }
}

/// Case- and accent-insensitive form of a string, as string search compares them.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_path_walks_arrays_and_filters_extensions_by_url() {
        let role = json!({"extension": [
            {"url": "a", "valueReference": {"reference": "Organization/n1"}},
            {"url": "b", "valueReference": {"reference": "Organization/n2"}}
        ]});
        let found = elements(
            &role,
            &[
                Step::Field("extension"),
                Step::Extension("b"),
                Step::Field("valueReference"),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(reference(found[0]).as_deref(), Some("Organization/n2"));
    }

    #[test]
    fn absolute_references_are_made_relative() {
        assert_eq!(
            relative("http://x/dev1/fhir/Practitioner/p-1").as_deref(),
            Some("Practitioner/p-1")
        );
        assert_eq!(
            relative("Practitioner/p-1/_history/2").as_deref(),
            Some("Practitioner/p-1")
        );
        assert_eq!(relative("p-1"), None);
    }

    #[test]
    fn names_and_addresses_search_by_every_part_and_fold_accents() {
        let mut out = vec![];
        strings(
            &json!({"family": "Beltrán", "given": ["Rose", "Tammy"], "use": "official"}),
            &mut out,
        );
        assert_eq!(out, ["Beltrán", "Rose", "Tammy"]);
        assert_eq!(fold("Beltrán"), "beltran");
    }

    #[test]
    fn codeable_concepts_and_identifiers_give_system_and_code() {
        let mut out = vec![];
        tokens(
            &json!({"coding": [{"system": "s", "code": "c"}], "text": "x"}),
            &mut out,
        );
        tokens(
            &json!({"system": "urn:ietf:rfc:3986", "value": "urn:oid:1.2"}),
            &mut out,
        );
        assert_eq!(
            out[0],
            Token {
                system: Some("s".into()),
                code: "c".into()
            }
        );
        assert_eq!(out[1].code, "urn:oid:1.2");
    }
}
