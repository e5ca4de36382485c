//! The one-line fault syntax of `conform serve --fault`.
//!
//! A rule must fit on a command line and in a CI file, so it is one short string:
//! `[METHOD ]PATH=KIND[,OPTION]...`, e.g. `GET /dev1/fhir/Patient*=status:503,times:2`.
//! The string becomes the same fields the control API takes, and is checked by the same
//! rules, so both ways of installing a fault refuse the same mistakes with the same words.

use super::rule::FaultRule;
use serde_json::{Map, Value, json};

/// The syntax, as help texts and error messages show it.
pub const SPEC_SYNTAX: &str = "[METHOD ]PATH=KIND[,OPTION]... with KIND latency:MS, status:CODE, malformed or drop, \
and OPTION times:N, share:X or retry-after:SECONDS";

/// Why a `--fault` string is not a rule; one line naming what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// The string does not have the shape of a rule.
    #[error("{0}; write {SPEC_SYNTAX}")]
    Syntax(String),
    /// The shape is right but a value breaks a rule (the same checks as the control API).
    #[error("{0}")]
    Invalid(String),
}

/// Parses one `--fault` string into a checked rule.
pub fn parse_spec(spec: &str) -> Result<FaultRule, SpecError> {
    let fields = spec_fields(spec.trim())?;
    FaultRule::from_json(&fields).map_err(|errors| {
        let listed: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", cli_name(&e.field), e.message))
            .collect();
        SpecError::Invalid(listed.join("; "))
    })
}

/// The control API field names, as the one-line syntax spells them.
fn cli_name(field: &str) -> &str {
    match field {
        "latency_ms" => "latency",
        "retry_after" => "retry-after",
        other => other,
    }
}

/// A number when the text is one, else the text (so the rule checks say what is wrong).
fn value(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(number @ Value::Number(_)) => number,
        _ => json!(text),
    }
}

fn spec_fields(spec: &str) -> Result<Map<String, Value>, SpecError> {
    let Some((target, action)) = spec.rsplit_once('=') else {
        return Err(SpecError::Syntax(format!(
            "`{spec}` has no `=` between the path and the fault"
        )));
    };
    let mut fields = Map::new();
    let words: Vec<&str> = target.split_whitespace().collect();
    match words.as_slice() {
        [path] => {
            fields.insert("path".into(), json!(path));
        }
        [method, path] => {
            fields.insert("method".into(), json!(method));
            fields.insert("path".into(), json!(path));
        }
        [] => return Err(SpecError::Syntax("the path before `=` is missing".into())),
        _ => {
            return Err(SpecError::Syntax(format!(
                "`{}` is more than a method and a path",
                target.trim()
            )));
        }
    }
    let mut items = action.split(',').map(str::trim);
    let kind = items.next().unwrap_or_default();
    let (name, arg) = match kind.split_once(':') {
        Some((name, arg)) => (name, Some(arg)),
        None => (kind, None),
    };
    match (name, arg) {
        ("latency", arg) => {
            fields.insert("kind".into(), json!("latency"));
            if let Some(ms) = arg {
                fields.insert("latency_ms".into(), value(ms));
            }
        }
        ("status", arg) => {
            fields.insert("kind".into(), json!("status"));
            if let Some(code) = arg {
                fields.insert("status".into(), value(code));
            }
        }
        ("malformed" | "malformed_body", None) => {
            fields.insert("kind".into(), json!("malformed_body"));
        }
        ("drop" | "drop_connection", None) => {
            fields.insert("kind".into(), json!("drop_connection"));
        }
        ("", _) => return Err(SpecError::Syntax("the fault after `=` is missing".into())),
        _ => {
            return Err(SpecError::Syntax(format!("`{kind}` is not a fault")));
        }
    }
    for item in items {
        let (name, arg) = item.split_once(':').unwrap_or((item, ""));
        let field = match name {
            "times" => "times",
            "share" => "share",
            "retry-after" | "retry_after" => "retry_after",
            _ => {
                return Err(SpecError::Syntax(format!("`{item}` is not an option")));
            }
        };
        if fields.insert(field.into(), value(arg)).is_some() {
            return Err(SpecError::Syntax(format!("`{name}` is given twice")));
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::rule::{FaultAction, Frequency};
    use axum::http::{Method, StatusCode};

    fn parsed(spec: &str) -> FaultRule {
        parse_spec(spec).unwrap_or_else(|e| panic!("{spec}: {e}"))
    }

    fn refused(spec: &str) -> String {
        match parse_spec(spec) {
            Ok(rule) => panic!("{spec} was accepted as {rule:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_documented_examples_parse() {
        let r = parsed("GET /dev1/fhir/Patient*=status:503,times:2,retry-after:5");
        assert_eq!(r.method, Some(Method::GET));
        assert_eq!(r.path.as_str(), "/dev1/fhir/Patient*");
        assert_eq!(
            r.action,
            FaultAction::Status {
                status: StatusCode::SERVICE_UNAVAILABLE,
                retry_after: Some(5)
            }
        );
        assert_eq!(r.frequency, Frequency::Times(2));
        assert_eq!(
            parsed("/*/oauth2/token=latency:1500").action,
            FaultAction::Latency { ms: 1500 }
        );
        let drop = parsed("/dev1/fhir/*=drop,share:0.1");
        assert_eq!(
            (drop.action, drop.frequency),
            (FaultAction::DropConnection, Frequency::Share(100_000))
        );
        assert_eq!(
            parsed(" /dev1/fhir/Observation=malformed ").action,
            FaultAction::MalformedBody
        );
    }

    #[test]
    fn a_bad_spec_says_what_is_wrong_in_one_line() {
        for (spec, says) in [
            ("/dev1/fhir/Patient", "has no `=`"),
            ("=drop", "the path before `=` is missing"),
            ("/x=", "the fault after `=` is missing"),
            ("/x=explode", "`explode` is not a fault"),
            ("/x=drop,often", "`often` is not an option"),
            ("/x=drop,times:1,times:2", "`times` is given twice"),
            (
                "/x=status:700",
                "status: must be a whole number from 400 to 599",
            ),
            ("/x=status", "status: is required"),
            (
                "/x=latency:soon",
                "latency: must be a whole number from 1 to 60000",
            ),
            (
                "/x=latency:90000",
                "latency: must be a whole number from 1 to 60000",
            ),
            ("/x=drop,share:0", "share: must be a number greater than 0"),
            ("/x=drop,times:0", "times: must be a whole number from 1"),
            ("/x=drop,times:2,share:0.5", "not both"),
            (
                "/x=status:500,retry-after:3",
                "retry-after: only applies to status 429 or 503",
            ),
            ("BREW /x=drop", "method: must be one of"),
            ("dev1/fhir=drop", "path: must start with `/`"),
            ("/_sandbox/*=drop", "path: names the control API"),
            ("GET /a /b=drop", "more than a method and a path"),
        ] {
            let message = refused(spec);
            assert!(message.contains(says), "{spec}: {message}");
            assert!(!message.contains('\n'), "{spec}: {message}");
        }
    }
}
