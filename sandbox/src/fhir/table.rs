//! The resources of one type, stored once as the JSON bytes they are served as, with
//! an index per search parameter.
//!
//! Resources are serialized when the data is seeded and never again: a read copies
//! bytes, a search splices them into a Bundle. The parsed form is dropped right after
//! indexing, so memory is the JSON plus the indexes, linear in the number of records.

use super::date::{self, Range};
use super::definition::ResourceDef;
use super::index::{Index, sorted};
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::HashMap;

/// One stored resource.
#[derive(Debug)]
pub struct Row {
    pub id: Box<str>,
    /// The resource exactly as served.
    pub json: Box<RawValue>,
    /// `meta.versionId`, for the ETag.
    pub version_id: Box<str>,
    /// `meta.lastUpdated`, for Last-Modified.
    pub last_updated: Box<str>,
}

/// Every resource of one type, with its indexes.
#[derive(Debug)]
pub struct Table {
    pub def: &'static ResourceDef,
    rows: Vec<Row>,
    by_id: HashMap<Box<str>, u32>,
    last_updated: Vec<(Range, u32)>,
    /// One per `def.params`, in the same order.
    indexes: Vec<Index>,
}

/// Why a generated resource could not be stored: a defect of the generator.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("a {0} has no id")]
    NoId(&'static str),
    #[error("{0}/{1} is generated twice")]
    Duplicate(&'static str, String),
    #[error("{0}/{1} cannot be serialized: {2}")]
    Serialize(&'static str, String, String),
}

impl Table {
    /// An empty table, to be filled with [`Table::push`] and readied with [`Table::finish`].
    pub fn new(def: &'static ResourceDef) -> Self {
        Table {
            def,
            rows: Vec::new(),
            by_id: HashMap::new(),
            last_updated: Vec::new(),
            indexes: def.params.iter().map(Index::new).collect(),
        }
    }

    /// Indexes and stores one resource.
    pub fn push(&mut self, resource: &Value) -> Result<(), TableError> {
        let name = self.def.name;
        let id = resource["id"].as_str().ok_or(TableError::NoId(name))?;
        let row = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        if self.by_id.contains_key(id) {
            return Err(TableError::Duplicate(name, id.to_owned()));
        }
        for (param, index) in self.def.params.iter().zip(&mut self.indexes) {
            index.add(param, row, resource);
        }
        let meta = &resource["meta"];
        let last_updated = meta["lastUpdated"].as_str().unwrap_or_default();
        if let Some(range) = date::parse(last_updated) {
            self.last_updated.push((range, row));
        }
        let json = serde_json::value::to_raw_value(resource)
            .map_err(|e| TableError::Serialize(name, id.to_owned(), e.to_string()))?;
        self.by_id.insert(id.into(), row);
        self.rows.push(Row {
            id: id.into(),
            json,
            version_id: meta["versionId"].as_str().unwrap_or("1").into(),
            last_updated: last_updated.into(),
        });
        Ok(())
    }

    /// Readies the indexes for lookups.
    pub fn finish(&mut self) {
        for index in &mut self.indexes {
            index.finish();
        }
        self.rows.shrink_to_fit();
    }

    /// The resource with this id.
    pub fn get(&self, id: &str) -> Option<&Row> {
        self.by_id.get(id).map(|&i| &self.rows[i as usize])
    }

    /// The row number of the resource with this id.
    pub fn row_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The resource in row `row`.
    pub fn row(&self, row: u32) -> Option<&Row> {
        self.rows.get(row as usize)
    }

    /// How many resources there are.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Every row number, in order.
    pub fn all_rows(&self) -> Vec<u32> {
        (0..self.rows.len() as u32).collect()
    }

    /// The index of the parameter called `name`.
    pub fn index(&self, name: &str) -> Option<&Index> {
        let i = self.def.params.iter().position(|p| p.name == name)?;
        self.indexes.get(i)
    }

    /// Rows whose `meta.lastUpdated` the prefix accepts.
    pub fn last_updated(&self, prefix: date::Prefix, search: Range) -> Vec<u32> {
        sorted(
            self.last_updated
                .iter()
                .filter(|(r, _)| prefix.matches(*r, search))
                .map(|(_, row)| *row)
                .collect(),
        )
    }
}
