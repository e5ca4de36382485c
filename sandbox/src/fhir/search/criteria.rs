//! One search parameter and its value, read into criteria that rows are matched by.
//!
//! `name=a,b` is two alternatives; `name:modifier=...` and chains (`practitioner.name=`,
//! `practitioner:Practitioner.name=`) are read here too. Every malformed value is a
//! [`FhirError::InvalidParameter`] that names the parameter and says what is accepted.

use super::super::date::{self, Prefix, Range};
use super::super::definition::{ParamDef, ParamKind, ResourceDef};
use super::super::index::{StringMode, TokenQuery};
use super::super::{extract, types};
use crate::error::FhirError;

/// One way a row can match.
#[derive(Debug, Clone)]
pub enum Criterion {
    Id(String),
    LastUpdated(Prefix, Range),
    String {
        param: &'static str,
        mode: StringMode,
        text: String,
    },
    Token {
        param: &'static str,
        query: TokenQuery,
    },
    /// Points at one of these `Type/id`.
    Reference {
        param: &'static str,
        targets: Vec<String>,
    },
    Date {
        param: &'static str,
        prefix: Prefix,
        range: Range,
    },
    /// Points at a `target` resource matching one of `inner`.
    Chain {
        param: &'static str,
        target: &'static ResourceDef,
        inner: Vec<Criterion>,
    },
}

fn invalid(name: &str, message: impl Into<String>) -> FhirError {
    FhirError::InvalidParameter {
        name: name.to_owned(),
        message: message.into(),
    }
}

/// Splits on commas not escaped with `\` (R4 `search.html#escaping`).
fn alternatives(value: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ (',' | '$' | '|' | '\\')) => {
                    if let Some(last) = out.last_mut() {
                        last.push(next)
                    }
                }
                Some(other) => {
                    if let Some(last) = out.last_mut() {
                        last.push('\\');
                        last.push(other);
                    }
                }
                None => {
                    if let Some(last) = out.last_mut() {
                        last.push('\\')
                    }
                }
            },
            ',' => out.push(String::new()),
            c => {
                if let Some(last) = out.last_mut() {
                    last.push(c)
                }
            }
        }
    }
    out
}

/// Reads `name=value` for `def`. `Ok(None)` when `def` has no such parameter.
pub fn parse(
    def: &'static ResourceDef,
    name: &str,
    value: &str,
) -> Result<Option<Vec<Criterion>>, FhirError> {
    let (head, chain) = match name.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (name, None),
    };
    let (param_name, modifier) = match head.split_once(':') {
        Some((p, m)) => (p, Some(m)),
        None => (head, None),
    };
    match param_name {
        "_id" => return ids(name, modifier, value).map(Some),
        "_lastUpdated" => {
            refuse_modifier(name, modifier)?;
            return alternatives(value)
                .iter()
                .map(|v| dated(name, v).map(|(p, r)| Criterion::LastUpdated(p, r)))
                .collect::<Result<_, _>>()
                .map(Some);
        }
        _ => {}
    }
    let Some(param) = def.param(param_name) else {
        return Ok(None);
    };
    if let Some(rest) = chain {
        return chained(def, param, name, modifier, rest, value).map(Some);
    }
    alternatives(value)
        .iter()
        .map(|v| single(param, name, modifier, v))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn refuse_modifier(name: &str, modifier: Option<&str>) -> Result<(), FhirError> {
    match modifier {
        None => Ok(()),
        Some(m) => Err(invalid(
            name,
            format!("the modifier `:{m}` is not supported here"),
        )),
    }
}

fn ids(name: &str, modifier: Option<&str>, value: &str) -> Result<Vec<Criterion>, FhirError> {
    refuse_modifier(name, modifier)?;
    alternatives(value)
        .into_iter()
        .map(|id| {
            if types::valid_id(&id) {
                Ok(Criterion::Id(id))
            } else {
                Err(invalid(
                    name,
                    format!("`{id}` is not a valid FHIR id (1-64 letters, digits, `-` or `.`)"),
                ))
            }
        })
        .collect()
}

fn dated(name: &str, value: &str) -> Result<(Prefix, Range), FhirError> {
    let (prefix, text) = Prefix::split(value);
    let range = date::parse(text).ok_or_else(|| {
        invalid(
            name,
            format!("`{value}` is not a date: use an optional prefix (eq, ne, lt, gt, le, ge, sa, eb, ap) and YYYY, YYYY-MM, YYYY-MM-DD or a dateTime"),
        )
    })?;
    Ok((prefix, range))
}

fn single(
    param: &'static ParamDef,
    name: &str,
    modifier: Option<&str>,
    value: &str,
) -> Result<Criterion, FhirError> {
    if value.is_empty() {
        return Err(invalid(name, "one of the comma-separated values is empty"));
    }
    match param.kind {
        ParamKind::String => {
            let mode = match modifier {
                None => StringMode::StartsWith,
                Some("exact") => StringMode::Exact,
                Some("contains") => StringMode::Contains,
                Some(m) => {
                    return Err(invalid(
                        name,
                        format!(
                            "`:{m}` is not a string modifier this server supports: use `:exact` or `:contains`"
                        ),
                    ));
                }
            };
            Ok(Criterion::String {
                param: param.name,
                mode,
                text: value.to_owned(),
            })
        }
        ParamKind::Token => {
            refuse_modifier(name, modifier)?;
            let query = match value.split_once('|') {
                None => TokenQuery {
                    system: None,
                    code: Some(value.to_owned()),
                },
                Some(("", code)) => TokenQuery {
                    system: Some(None),
                    code: Some(code.to_owned()),
                },
                Some((system, "")) => TokenQuery {
                    system: Some(Some(system.to_owned())),
                    code: None,
                },
                Some((system, code)) => TokenQuery {
                    system: Some(Some(system.to_owned())),
                    code: Some(code.to_owned()),
                },
            };
            if query.code.as_deref().is_some_and(|c| c.contains('|')) {
                return Err(invalid(
                    name,
                    format!("`{value}` has more than one `|`: write `system|code`"),
                ));
            }
            Ok(Criterion::Token {
                param: param.name,
                query,
            })
        }
        ParamKind::Date => {
            refuse_modifier(name, modifier)?;
            let (prefix, range) = dated(name, value)?;
            Ok(Criterion::Date {
                param: param.name,
                prefix,
                range,
            })
        }
        ParamKind::Reference => {
            let targets = reference_targets(param, name, modifier, value)?;
            Ok(Criterion::Reference {
                param: param.name,
                targets,
            })
        }
    }
}

/// The types a reference parameter (or its `:Type` modifier) allows.
fn allowed_types(
    param: &'static ParamDef,
    name: &str,
    modifier: Option<&str>,
) -> Result<Vec<&'static str>, FhirError> {
    match modifier {
        None => Ok(param.targets.to_vec()),
        Some(m) => param
            .targets
            .iter()
            .find(|t| **t == m)
            .map(|t| vec![*t])
            .ok_or_else(|| {
                invalid(
                    name,
                    format!(
                        "`:{m}` is not a type `{}` can point at: use one of {}",
                        param.name,
                        param.targets.join(", ")
                    ),
                )
            }),
    }
}

fn reference_targets(
    param: &'static ParamDef,
    name: &str,
    modifier: Option<&str>,
    value: &str,
) -> Result<Vec<String>, FhirError> {
    let allowed = allowed_types(param, name, modifier)?;
    let bad_id = |id: &str| invalid(name, format!("`{id}` is not a valid FHIR id"));
    if value.contains('/') {
        let relative = extract::relative(value).ok_or_else(|| {
            invalid(
                name,
                format!("`{value}` is not a reference: use `Type/id` or `id`"),
            )
        })?;
        let (kind, id) = relative.split_once('/').unwrap_or_default();
        if !allowed.contains(&kind) {
            return Err(invalid(
                name,
                format!(
                    "`{kind}` is not a type `{}` can point at: use one of {}",
                    param.name,
                    allowed.join(", ")
                ),
            ));
        }
        if !types::valid_id(id) {
            return Err(bad_id(id));
        }
        return Ok(vec![relative]);
    }
    if !types::valid_id(value) {
        return Err(bad_id(value));
    }
    Ok(allowed.iter().map(|t| format!("{t}/{value}")).collect())
}

fn chained(
    def: &'static ResourceDef,
    param: &'static ParamDef,
    name: &str,
    modifier: Option<&str>,
    rest: &str,
    value: &str,
) -> Result<Vec<Criterion>, FhirError> {
    if param.kind != ParamKind::Reference {
        return Err(invalid(
            name,
            format!(
                "`{}` of {} is not a reference, so it cannot be chained",
                param.name, def.name
            ),
        ));
    }
    let mut chain = Vec::new();
    for target_name in allowed_types(param, name, modifier)? {
        let Some(target) = types::find(target_name) else {
            continue;
        };
        if let Some(inner) = parse(target, rest, value)? {
            chain.push(Criterion::Chain {
                param: param.name,
                target,
                inner,
            });
        }
    }
    if chain.is_empty() {
        return Err(invalid(
            name,
            format!(
                "`{rest}` is not a search parameter of {}",
                allowed_types(param, name, modifier)?.join(" or ")
            ),
        ));
    }
    // Several target types: a row matches through any of them.
    Ok(chain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_separate_alternatives_unless_escaped() {
        assert_eq!(alternatives("a,b"), ["a", "b"]);
        assert_eq!(alternatives(r"a\,b"), ["a,b"]);
    }
}
