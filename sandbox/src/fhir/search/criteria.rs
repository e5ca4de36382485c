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

/// Most references one chained parameter may follow (`location.partof.partof.name` follows
/// three): enough for every Plan-Net question, and a bound on the work (and the stack) one
/// parameter name can ask for.
pub const MAX_CHAIN_LINKS: usize = 4;

/// Splits `value` on each `separator` not escaped with `\` (R4 `search.html#escaping`),
/// keeping the escapes in the pieces, so a later reading of a piece can still tell an
/// escaped `|` from a separating one.
fn split_unescaped(value: &str, separator: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == separator {
            out.push(&value[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&value[start..]);
    out
}

/// The comma-separated alternatives of a value, their escapes still in them.
fn alternatives(value: &str) -> Vec<&str> {
    split_unescaped(value, ',')
}

/// A value with its escapes read: `\,` `\$` `\|` `\\` are the character itself; a `\`
/// before anything else (or at the end) is kept as written.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(next @ (',' | '$' | '|' | '\\')) => out.push(next),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
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
                .map(|v| dated(name, &unescape(v)).map(|(p, r)| Criterion::LastUpdated(p, r)))
                .collect::<Result<_, _>>()
                .map(Some);
        }
        _ => {}
    }
    let Some(param) = def.param(param_name) else {
        return Ok(None);
    };
    if let Some(rest) = chain {
        if name.matches('.').count() > MAX_CHAIN_LINKS {
            return Err(invalid(
                name,
                format!(
                    "a chain may follow at most {MAX_CHAIN_LINKS} references (`practitioner.name`, `location.partof.name`)"
                ),
            ));
        }
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
        .map(unescape)
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

/// One alternative, `raw` with its escapes still in it.
fn single(
    param: &'static ParamDef,
    name: &str,
    modifier: Option<&str>,
    raw: &str,
) -> Result<Criterion, FhirError> {
    if raw.is_empty() {
        return Err(invalid(name, "one of the comma-separated values is empty"));
    }
    let value = &unescape(raw);
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
            // Split where the `|` is not escaped, then read each side's escapes: `a\|b`
            // is the code `a|b`, not the system `a` and the code `b`.
            let query = match split_unescaped(raw, '|')[..] {
                [code] => TokenQuery {
                    system: None,
                    code: Some(unescape(code)),
                },
                ["", code] => TokenQuery {
                    system: Some(None),
                    code: Some(unescape(code)),
                },
                [system, ""] => TokenQuery {
                    system: Some(Some(unescape(system))),
                    code: None,
                },
                [system, code] => TokenQuery {
                    system: Some(Some(unescape(system))),
                    code: Some(unescape(code)),
                },
                _ => {
                    return Err(invalid(
                        name,
                        format!(
                            "`{value}` has more than one `|`: write `system|code` (a `|` inside either is written `\\|`)"
                        ),
                    ));
                }
            };
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
        // A refusal inside the chain names the whole parameter as the client sent it.
        let inner = parse(target, rest, value).map_err(|e| match e {
            FhirError::InvalidParameter { message, .. } => invalid(name, message),
            other => other,
        })?;
        if let Some(inner) = inner {
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

    fn token_of(value: &str) -> TokenQuery {
        let def = types::find("Practitioner").unwrap();
        match &parse(def, "identifier", value).unwrap().unwrap()[..] {
            [Criterion::Token { query, .. }] => query.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn commas_separate_alternatives_unless_escaped() {
        assert_eq!(alternatives("a,b"), ["a", "b"]);
        assert_eq!(alternatives(r"a\,b"), [r"a\,b"]);
        assert_eq!(unescape(alternatives(r"a\,b")[0]), "a,b");
        assert_eq!(unescape(r"a\x\"), r"a\x\");
    }

    #[test]
    fn an_escaped_pipe_is_part_of_a_token_not_its_separator() {
        // Found by fhir::search::fuzz: `a\|b` was read as the system `a` and the code `b`,
        // and `s|a\|b` refused as having two `|`.
        assert_eq!(
            token_of(r"a\|b"),
            TokenQuery {
                system: None,
                code: Some("a|b".into())
            }
        );
        assert_eq!(
            token_of(r"s|a\|b"),
            TokenQuery {
                system: Some(Some("s".into())),
                code: Some("a|b".into())
            }
        );
        assert_eq!(
            token_of(r"\||c"),
            TokenQuery {
                system: Some(Some("|".into())),
                code: Some("c".into())
            }
        );
    }

    #[test]
    fn a_refusal_inside_a_chain_names_the_chained_parameter() {
        // Found by fhir::search::fuzz: the OperationOutcome named `organization`, not
        // `coverage-area.organization`, the parameter the client sent.
        let def = types::find("HealthcareService").unwrap();
        let Err(FhirError::InvalidParameter { name, .. }) =
            parse(def, "coverage-area.organization", " ")
        else {
            panic!("a bad id is refused");
        };
        assert_eq!(name, "coverage-area.organization");
    }

    #[test]
    fn a_chain_deeper_than_the_cap_is_refused_not_followed() {
        // Found by fhir::search::fuzz: `partof.partof.(...).name` recursed once per link,
        // and a long enough one overflowed the stack, aborting the whole process.
        let def = types::find("Location").unwrap();
        let at_cap = format!("{}name", "partof.".repeat(MAX_CHAIN_LINKS));
        assert!(parse(def, &at_cap, "x").is_ok());
        let deep = format!("{}name", "partof.".repeat(100_000));
        let Err(FhirError::InvalidParameter { name, message }) = parse(def, &deep, "x") else {
            panic!("a deep chain is refused");
        };
        assert_eq!(name, deep);
        assert!(message.contains("at most"), "{message}");
    }
}
