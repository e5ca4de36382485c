//! Finding the rows a search matches, from the indexes.

use super::super::index::sorted;
use super::super::table::Table;
use super::criteria::Criterion;

/// Where a search finds the tables of other types: chains and includes cross types.
pub trait Tables {
    /// The table of `resource_type`, if this API serves it.
    fn table(&self, resource_type: &str) -> Option<&Table>;
}

/// Rows of `table` that satisfy every clause (each clause: any of its alternatives),
/// in table order.
pub fn matching_rows(tables: &dyn Tables, table: &Table, clauses: &[Vec<Criterion>]) -> Vec<u32> {
    let mut sets: Vec<Vec<u32>> = clauses
        .iter()
        .map(|alternatives| any_of(tables, table, alternatives))
        .collect();
    if sets.is_empty() {
        return table.all_rows();
    }
    sets.sort_by_key(Vec::len);
    let mut result = sets.swap_remove(0);
    for set in &sets {
        if result.is_empty() {
            break;
        }
        result.retain(|row| set.binary_search(row).is_ok());
    }
    result
}

fn any_of(tables: &dyn Tables, table: &Table, alternatives: &[Criterion]) -> Vec<u32> {
    match alternatives {
        [one] => rows(tables, table, one),
        many => sorted(many.iter().flat_map(|c| rows(tables, table, c)).collect()),
    }
}

fn rows(tables: &dyn Tables, table: &Table, criterion: &Criterion) -> Vec<u32> {
    match criterion {
        Criterion::Id(id) => table.row_of(id).into_iter().collect(),
        Criterion::LastUpdated(prefix, range) => table.last_updated(*prefix, *range),
        Criterion::String { param, mode, text } => table
            .index(param)
            .map(|i| i.strings(*mode, text))
            .unwrap_or_default(),
        Criterion::Token { param, query } => table
            .index(param)
            .map(|i| i.token(query))
            .unwrap_or_default(),
        Criterion::Date {
            param,
            prefix,
            range,
        } => table
            .index(param)
            .map(|i| i.dates(*prefix, *range))
            .unwrap_or_default(),
        Criterion::Reference { param, targets } => {
            let Some(index) = table.index(param) else {
                return vec![];
            };
            sorted(
                targets
                    .iter()
                    .flat_map(|t| index.referencing(t).iter().copied())
                    .collect(),
            )
        }
        Criterion::Chain {
            param,
            target,
            inner,
        } => {
            let (Some(index), Some(target_table)) = (table.index(param), tables.table(target.name))
            else {
                return vec![];
            };
            let found = any_of(tables, target_table, inner);
            let mut out = Vec::new();
            for row in found {
                if let Some(r) = target_table.row(row) {
                    out.extend_from_slice(index.referencing(&format!("{}/{}", target.name, r.id)));
                }
            }
            sorted(out)
        }
    }
}
