//! A map that remembers which of its rows changed, so the store can persist exactly the
//! rows a request touched.
//!
//! Every persisted collection of [`super::State`] is a `Table`. Once the store has a
//! database (`track_changes`), its mutating methods (`insert`, `remove`, `get_mut`,
//! `retain`, `values_mut`) note the keys they touch; when the store's write lock is
//! released, those rows are written to the database in one transaction (`durable.rs`).
//! Nothing has to remember to save: a mutation that compiles is a mutation that is
//! persisted. In memory nothing is noted, so the default store pays nothing for it.
//!
//! [`Collection`] is what the store does to every table alike (save, load, track), so
//! that `State::collections` is the one list of them.

use serde::Serialize;
use serde::de::DeserializeOwned;
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
    /// Whether changes are noted: only when a database will take them.
    tracking: bool,
}

impl<K: Ord, V> Default for Table<K, V> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            dirty: BTreeSet::new(),
            tracking: false,
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

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    fn note(&mut self, key: &K) {
        if self.tracking {
            self.dirty.insert(key.clone());
        }
    }

    /// Marks the row changed whether or not the caller changes it: cheaper than
    /// comparing, and a row written twice is still the same row.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        if self.tracking {
            let (owned, _) = self.rows.get_key_value(key)?;
            self.dirty.insert(owned.clone());
        }
        self.rows.get_mut(key)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.note(&key);
        self.rows.insert(key, value)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let (owned, value) = self.rows.remove_entry(key)?;
        self.note(&owned);
        Some(value)
    }

    /// Keeps the rows `keep` says yes to; returns how many went.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) -> usize {
        let before = self.rows.len();
        let (dirty, tracking) = (&mut self.dirty, self.tracking);
        self.rows.retain(|k, v| {
            let kept = keep(k, v);
            if !kept && tracking {
                dirty.insert(k.clone());
            }
            kept
        });
        before - self.rows.len()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        if self.tracking {
            self.dirty.extend(self.rows.keys().cloned());
        }
        self.rows.values_mut()
    }
}

/// Why a row read back from the database does not decode: which half, and how.
#[derive(Debug)]
pub(crate) struct Undecodable {
    pub what: &'static str,
    pub error: serde_json::Error,
}

/// What the store does to every persisted collection alike.
pub(crate) trait Collection {
    /// Starts noting changes (the store has a database).
    fn track_changes(&mut self);
    /// Hands over the changed rows, serialized, and forgets that they changed.
    fn drain_changes(&mut self, table: &'static str, out: &mut Vec<Row>);
    /// Loads a row read back from the database, without marking it changed.
    fn load_row(&mut self, key: &[u8], value: &[u8]) -> Result<(), Undecodable>;
}

impl<K, V> Collection for Table<K, V>
where
    K: Ord + Clone + Serialize + DeserializeOwned,
    V: Serialize + DeserializeOwned,
{
    fn track_changes(&mut self) {
        self.tracking = true;
    }

    fn drain_changes(&mut self, table: &'static str, out: &mut Vec<Row>) {
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

    fn load_row(&mut self, key: &[u8], value: &[u8]) -> Result<(), Undecodable> {
        let key =
            serde_json::from_slice(key).map_err(|error| Undecodable { what: "key", error })?;
        let value = serde_json::from_slice(value).map_err(|error| Undecodable {
            what: "value",
            error,
        })?;
        self.rows.insert(key, value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracked() -> Table<u64, String> {
        let mut table = Table::default();
        table.track_changes();
        table
    }

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
        let mut table = tracked();
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
        let mut table = tracked();
        table.load_row(b"1", b"\"keep\"").unwrap();
        table.load_row(b"2", b"\"drop\"").unwrap();
        assert!(changes(&mut table).is_empty());
        assert_eq!(table.retain(|_, v| v == "keep"), 1);
        assert_eq!(changes(&mut table), vec![("2".into(), None)]);
        assert_eq!(table.len(), 1);
    }

    #[test]
    fn reads_mark_nothing() {
        let mut table = tracked();
        table.load_row(b"1", b"\"a\"").unwrap();
        let _ = table.get(&1);
        let _ = table.values().count();
        assert!(changes(&mut table).is_empty());
    }

    #[test]
    fn a_table_without_a_database_notes_nothing() {
        let mut table = Table::default();
        table.insert(1, "a".to_owned());
        if let Some(v) = table.get_mut(&1) {
            v.push('!');
        }
        table.remove(&1);
        assert!(changes(&mut table).is_empty());
    }

    #[test]
    fn a_row_this_version_cannot_read_says_which_half() {
        let mut table = tracked();
        let wrong = table.load_row(b"1", b"42").unwrap_err();
        assert_eq!(wrong.what, "value");
        let wrong = table.load_row(b"\"one\"", b"\"a\"").unwrap_err();
        assert_eq!(wrong.what, "key");
    }
}
