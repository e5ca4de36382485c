//! Scopes an app may register (guide 3.2 d): only those the environment's tenants list
//! in their CapabilityStatement, in SMART v1 (`.read`) or v2 (`.rs`) form.

use crate::error::FieldError;
use crate::tenants::{Environment, Tenants};
use serde_json::Value;

/// Parses a JSON list or a space-separated string of scopes and checks each one.
pub fn parse(
    tenants: &Tenants,
    environment: Environment,
    value: &Value,
) -> Result<Vec<String>, Vec<FieldError>> {
    let raw: Vec<String> = match value {
        Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
        Value::Array(items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let Value::String(s) = item else {
                    return Err(vec![FieldError::new(
                        format!("scopes[{i}]"),
                        "scopes.unknown",
                        "must be a string",
                    )]);
                };
                out.extend(s.split_whitespace().map(str::to_owned));
            }
            out
        }
        _ => {
            return Err(vec![FieldError::new(
                "scopes",
                "scopes.required",
                "must be a list of scopes or one space-separated string",
            )]);
        }
    };
    if raw.is_empty() {
        return Err(vec![FieldError::new(
            "scopes",
            "scopes.required",
            "select at least one scope",
        )]);
    }
    let mut scopes: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for scope in raw {
        if tenants.accepts_scope(environment, &scope) {
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
            continue;
        }
        let hint = match tenants.scope_like(environment, &scope) {
            Some(like) => format!("; scopes are case-sensitive, did you mean `{like}`?"),
            None => format!(
                "; the {environment} tenants accept only the scopes their CapabilityStatement lists (GET /{{tenant}}/fhir/metadata)"
            ),
        };
        errors.push(FieldError::new(
            "scopes",
            "scopes.unknown",
            format!("`{scope}` is not a scope the portal accepts{hint}"),
        ));
    }
    if errors.is_empty() {
        Ok(scopes)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_space_separated_string_and_a_list_are_the_same() {
        let t = Tenants::bundled();
        let a = parse(
            &t,
            Environment::Development,
            &json!("openid patient/Patient.read"),
        )
        .unwrap();
        let b = parse(
            &t,
            Environment::Development,
            &json!(["openid", "patient/Patient.read"]),
        )
        .unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn an_unknown_scope_is_named_and_a_case_slip_gets_a_suggestion() {
        let t = Tenants::bundled();
        let errs = parse(
            &t,
            Environment::Development,
            &json!(["patient/patient.read", "patient/Slot.read"]),
        )
        .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(
            errs[0]
                .message
                .contains("did you mean `patient/Patient.read`")
        );
        assert!(errs[1].message.contains("`patient/Slot.read`"));
    }

    #[test]
    fn duplicates_are_registered_once() {
        let t = Tenants::bundled();
        let s = parse(&t, Environment::Development, &json!("openid openid")).unwrap();
        assert_eq!(s, ["openid"]);
    }
}

#[cfg(test)]
mod fuzz;
