//! Search indexes, one per parameter of a resource type, built once when the data is
//! seeded so that a directory search over 100,000 practitioners does not read them all.
//!
//! Tokens and references are hash lookups; strings are kept folded and sorted (see
//! `strings`); dates are scanned, as their prefixes compare ranges.

use super::date::{Prefix, Range};
use super::definition::{ParamDef, ParamKind};
use super::extract::{self, Token};
use super::strings::StringIndex;
use serde_json::Value;
use std::collections::HashMap;

/// How a string parameter matches (R4 `search.html#string`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringMode {
    /// The default: the value starts with the text, ignoring case and accents.
    StartsWith,
    /// `:exact`: the whole value, case and accents included.
    Exact,
    /// `:contains`: anywhere in the value, ignoring case and accents.
    Contains,
}

/// A token search value: `code`, `system|code`, `|code` or `system|`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenQuery {
    /// `None`: any system; `Some(None)`: no system (`|code`); `Some(Some(s))`: that one.
    pub system: Option<Option<String>>,
    /// `None`: any code of the system (`system|`).
    pub code: Option<String>,
}

impl TokenQuery {
    fn key(&self) -> String {
        match (&self.system, &self.code) {
            (None, Some(code)) => format!("c\u{1}{code}"),
            (Some(None), Some(code)) => format!("n\u{1}{code}"),
            (Some(Some(system)), Some(code)) => format!("s\u{1}{system}\u{1}{code}"),
            (Some(Some(system)), None) => format!("a\u{1}{system}"),
            (_, None) => String::from("none"),
        }
    }
}

/// The keys under which a token found in a resource is filed: one per query form it
/// answers.
fn token_keys(token: &Token) -> Vec<String> {
    let code = Some(token.code.clone());
    let mut keys = vec![
        TokenQuery {
            system: None,
            code: code.clone(),
        }
        .key(),
    ];
    match &token.system {
        Some(system) => {
            keys.push(
                TokenQuery {
                    system: Some(Some(system.clone())),
                    code,
                }
                .key(),
            );
            keys.push(
                TokenQuery {
                    system: Some(Some(system.clone())),
                    code: None,
                }
                .key(),
            );
        }
        None => keys.push(
            TokenQuery {
                system: Some(None),
                code,
            }
            .key(),
        ),
    }
    keys
}

/// One parameter's index.
#[derive(Debug)]
pub enum Index {
    String(StringIndex),
    Token(HashMap<Box<str>, Vec<u32>>),
    /// `Type/id` to the rows that point at it.
    Reference(HashMap<Box<str>, Vec<u32>>),
    Date(Vec<(Range, u32)>),
}

fn file(map: &mut HashMap<Box<str>, Vec<u32>>, key: String, row: u32) {
    match map.get_mut(key.as_str()) {
        Some(rows) => {
            if rows.last() != Some(&row) {
                rows.push(row);
            }
        }
        None => {
            map.insert(key.into_boxed_str(), vec![row]);
        }
    }
}

impl Index {
    /// An empty index for `param`.
    pub fn new(param: &ParamDef) -> Self {
        match param.kind {
            ParamKind::String => Index::String(StringIndex::default()),
            ParamKind::Token => Index::Token(HashMap::new()),
            ParamKind::Reference => Index::Reference(HashMap::new()),
            ParamKind::Date => Index::Date(Vec::new()),
        }
    }

    /// Files the values `param` finds in `resource` under `row`. Rows are added in
    /// increasing order, so each list stays sorted.
    pub fn add(&mut self, param: &ParamDef, row: u32, resource: &Value) {
        let elements: Vec<&Value> = param
            .paths
            .iter()
            .flat_map(|p| extract::elements(resource, p))
            .collect();
        match self {
            Index::String(entries) => {
                let mut texts = Vec::new();
                for e in elements {
                    extract::strings(e, &mut texts);
                }
                texts.sort();
                texts.dedup();
                for t in texts {
                    entries.add(t, row);
                }
            }
            Index::Token(map) => {
                let mut found = Vec::new();
                for e in elements {
                    extract::tokens(e, &mut found);
                }
                for token in &found {
                    for key in token_keys(token) {
                        file(map, key, row);
                    }
                }
            }
            Index::Reference(map) => {
                for target in elements.into_iter().filter_map(extract::reference) {
                    file(map, target, row);
                }
            }
            Index::Date(ranges) => {
                for r in elements.into_iter().filter_map(extract::range) {
                    ranges.push((r, row));
                }
            }
        }
    }

    /// Readies the index for lookups.
    pub fn finish(&mut self) {
        if let Index::String(strings) = self {
            strings.finish();
        }
    }

    /// Rows whose string values match `text` in `mode`.
    pub fn strings(&self, mode: StringMode, text: &str) -> Vec<u32> {
        let Index::String(strings) = self else {
            return vec![];
        };
        sorted(match mode {
            StringMode::StartsWith => strings.starts_with(text),
            StringMode::Exact => strings.exact(text),
            StringMode::Contains => strings.contains(text),
        })
    }

    /// Rows with the token.
    pub fn token(&self, query: &TokenQuery) -> Vec<u32> {
        match self {
            Index::Token(map) => map.get(query.key().as_str()).cloned().unwrap_or_default(),
            _ => vec![],
        }
    }

    /// Rows pointing at `target` (`Type/id`).
    pub fn referencing(&self, target: &str) -> &[u32] {
        match self {
            Index::Reference(map) => map.get(target).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    /// Rows with a date the prefix accepts.
    pub fn dates(&self, prefix: Prefix, search: Range) -> Vec<u32> {
        match self {
            Index::Date(ranges) => sorted(
                ranges
                    .iter()
                    .filter(|(r, _)| prefix.matches(*r, search))
                    .map(|(_, row)| *row)
                    .collect(),
            ),
            _ => vec![],
        }
    }
}

/// Sorted, without repeats: the form every row set has.
pub fn sorted(mut rows: Vec<u32>) -> Vec<u32> {
    rows.sort_unstable();
    rows.dedup();
    rows
}
