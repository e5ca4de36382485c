//! A map that remembers which of its rows changed, so the store can persist exactly the
//! rows a request touched.
//!
//! Every persisted collection of [`super::State`] is a `Table`. Its mutating methods
//! (`insert`, `remove`, `get_mut`, `retain`, `values_mut`, `clear`) note the keys they
//! touch; when the store's write lock is released, those rows are written to the
//! database in one transaction (`durable.rs`). Nothing has to remember to save: a
//! mutation that compiles is a mutation that is persisted.

use serde::Serialize;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, btree_map};

/// One changed row, serialized: its key and its new value (`None` when it is gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub table: &'static str,
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
}

/// An ordered map with change tracking.
#[derive(Debug, Clone)]
pub(crate) struct Table<K: Ord, V> {
    rows: BTreeMap<K, V>,
    dirty: BTreeSet<K>,
}

impl<K: Ord, V> Default for Table<K, V> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            dirty: BTreeSet::new(),
        }
    }
}

impl<K: Ord + Clone, V> Table<K, V> {
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.rows.get(key)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.rows.contains_key(key)
    }

    pub fn values(&self) -> btree_map::Values<'_, K, V> {
        self.rows.values()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Marks the row changed whether or not the caller changes it: cheaper than
    /// comparing, and a row written twice is still the same row.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let (owned, _) = self.rows.get_key_value(key)?;
        self.dirty.insert(owned.clone());
        self.rows.get_mut(key)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.dirty.insert(key.clone());
        self.rows.insert(key, value)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let (owned, value) = self.rows.remove_entry(key)?;
        self.dirty.insert(owned);
        Some(value)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let dirty = &mut self.dirty;
        self.rows.retain(|k, v| {
            let kept = keep(k, v);
            if !kept {
                dirty.insert(k.clone());
            }
            kept
        });
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.dirty.extend(self.rows.keys().cloned());
        self.rows.values_mut()
    }

    /// Loads a row read back from the database, without marking it changed.
    pub fn load(&mut self, key: K, value: V) {
        self.rows.insert(key, value);
    }
}

impl<K: Ord + Clone + Serialize, V: Serialize> Table<K, V> {
    /// Hands over the changed rows, serialized, and forgets that they changed.
    pub fn drain_changes(&mut self, table: &'static str, out: &mut Vec<Row>) {
        for key in std::mem::take(&mut self.dirty) {
            // Serializing our own records cannot fail (no maps with non-string keys).
            let value = self
                .rows
                .get(&key)
                .map(|v| serde_json::to_vec(v).unwrap_or_default());
            out.push(Row {
                table,
                key: serde_json::to_vec(&key).unwrap_or_default(),
                value,
            });
        }
    }

    /// Forgets the changes without handing them over (a store without a database).
    pub fn forget_changes(&mut self) {
        self.dirty.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(table: &mut Table<u64, String>) -> Vec<(String, Option<String>)> {
        let mut rows = Vec::new();
        table.drain_changes("t", &mut rows);
        rows.into_iter()
            .map(|r| {
                (
                    String::from_utf8(r.key).unwrap(),
                    r.value.map(|v| String::from_utf8(v).unwrap()),
                )
            })
            .collect()
    }

    #[test]
    fn inserts_changes_and_removals_are_handed_over_once() {
        let mut table = Table::default();
        table.insert(1, "a".to_owned());
        table.insert(2, "b".to_owned());
        assert_eq!(
            changes(&mut table),
            vec![
                ("1".into(), Some("\"a\"".into())),
                ("2".into(), Some("\"b\"".into()))
            ]
        );
        assert!(changes(&mut table).is_empty());
        if let Some(v) = table.get_mut(&1) {
            v.push('!');
        }
        table.remove(&2);
        assert_eq!(
            changes(&mut table),
            vec![("1".into(), Some("\"a!\"".into())), ("2".into(), None)]
        );
    }

    #[test]
    fn retain_reports_what_it_dropped_and_loading_reports_nothing() {
        let mut table = Table::default();
        table.load(1, "keep".to_owned());
        table.load(2, "drop".to_owned());
        assert!(changes(&mut table).is_empty());
        table.retain(|_, v| v == "keep");
        assert_eq!(changes(&mut table), vec![("2".into(), None)]);
        assert_eq!(table.len(), 1);
    }

    #[test]
    fn reads_mark_nothing() {
        let mut table = Table::default();
        table.load(1, "a".to_owned());
        let _ = table.get(&1);
        let _ = table.values().count();
        assert!(changes(&mut table).is_empty());
    }
}
