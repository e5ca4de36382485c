//! `_include` and `_revinclude`: the resources a page points at, and those pointing
//! at it, added to the Bundle with `search.mode = include`.

use super::super::definition::{ParamKind, ResourceDef};
use super::super::extract;
use super::super::table::{Row, Table};
use super::super::types;
use super::eval::Tables;
use crate::error::FhirError;
use serde_json::Value;

/// One `Source:param[:Target]` to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    pub source: &'static str,
    pub param: &'static str,
    /// Only follow references to this type.
    pub target: Option<&'static str>,
}

fn invalid(name: &str, message: impl Into<String>) -> FhirError {
    FhirError::InvalidParameter {
        name: name.to_owned(),
        message: message.into(),
    }
}

/// Reads an `_include` (or with `reverse`, an `_revinclude`) of a search of `def`.
/// Only what the CapabilityStatement lists is accepted, so a client learns at once
/// that an include it relies on is not there.
pub fn parse(
    def: &'static ResourceDef,
    name: &str,
    value: &str,
    reverse: bool,
) -> Result<Include, FhirError> {
    let mut parts = value.split(':');
    let (source, param, target) = (parts.next(), parts.next(), parts.next());
    let (Some(source), Some(param)) = (source, param) else {
        return Err(invalid(
            name,
            format!("`{value}` is not `Type:parameter` or `Type:parameter:TargetType`"),
        ));
    };
    let source_def = types::find(source).ok_or_else(|| {
        invalid(
            name,
            format!("`{source}` is not a resource type this server serves"),
        )
    })?;
    let param_def = source_def
        .param(param)
        .filter(|p| p.kind == ParamKind::Reference)
        .ok_or_else(|| {
            invalid(
                name,
                format!("`{param}` is not a reference parameter of {source}"),
            )
        })?;
    let supported = if reverse {
        def.revincludes
            .contains(&format!("{source}:{param}").as_str())
    } else {
        source == def.name && def.includes.contains(&param)
    };
    if !supported {
        let listed = if reverse {
            def.revincludes.join(", ")
        } else {
            def.includes
                .iter()
                .map(|p| format!("{}:{p}", def.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(invalid(
            name,
            format!(
                "`{value}` is not supported on {} searches; supported: {}",
                def.name,
                if listed.is_empty() {
                    "none".into()
                } else {
                    listed
                }
            ),
        ));
    }
    let target =
        match target {
            None => None,
            Some(t) => Some(*param_def.targets.iter().find(|x| **x == t).ok_or_else(|| {
                invalid(name, format!("`{source}:{param}` does not point at `{t}`"))
            })?),
        };
    Ok(Include {
        source: source_def.name,
        param: param_def.name,
        target,
    })
}

/// Included resources per page at most: a network's `_revinclude` could otherwise
/// pull in the whole directory.
pub const MAX_INCLUDED: usize = 1000;

/// The rows to add for `page` (rows of `table`): each once, never one already in
/// the page, in the order found, at most [`MAX_INCLUDED`]; `true` when some were left out.
pub fn included_rows<'a>(
    tables: &'a dyn Tables,
    table: &'a Table,
    page: &[u32],
    includes: &[Include],
    revincludes: &[Include],
) -> (Vec<(&'static str, &'a Row)>, bool) {
    let mut seen: std::collections::HashSet<String> = page
        .iter()
        .filter_map(|r| table.row(*r))
        .map(|r| format!("{}/{}", table.def.name, r.id))
        .collect();
    let mut out = Vec::new();
    let mut truncated = false;
    let mut add = |kind: &'static str, row: &'a Row, out: &mut Vec<(&'static str, &'a Row)>| {
        if out.len() >= MAX_INCLUDED {
            truncated = true;
        } else if seen.insert(format!("{kind}/{}", row.id)) {
            out.push((kind, row));
        }
    };
    for include in includes {
        let Some(param) = table.def.param(include.param) else {
            continue;
        };
        for row in page.iter().filter_map(|r| table.row(*r)) {
            let Ok(resource) = serde_json::from_str::<Value>(row.json.get()) else {
                continue;
            };
            for element in param
                .paths
                .iter()
                .flat_map(|p| extract::elements(&resource, p))
            {
                let Some(target) = extract::reference(element) else {
                    continue;
                };
                let Some((kind, id)) = target.split_once('/') else {
                    continue;
                };
                if include.target.is_some_and(|t| t != kind) {
                    continue;
                }
                if let Some((def, found)) = tables
                    .table(kind)
                    .and_then(|t| Some((t.def.name, t.get(id)?)))
                {
                    add(def, found, &mut out);
                }
            }
        }
    }
    for rev in revincludes {
        let Some(source) = tables.table(rev.source) else {
            continue;
        };
        let Some(index) = source.index(rev.param) else {
            continue;
        };
        for row in page.iter().filter_map(|r| table.row(*r)) {
            for pointing in index.referencing(&format!("{}/{}", table.def.name, row.id)) {
                if let Some(found) = source.row(*pointing) {
                    add(source.def.name, found, &mut out);
                }
            }
        }
    }
    (out, truncated)
}
